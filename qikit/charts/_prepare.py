"""Options → validate against the data → arrays ready for the pure compute steps.

The first stage of :func:`qikit.qic` (the pipeline NHSRplotthedots uses: options,
validation, compute). Everything a learner can get wrong is caught here with a message
that names the argument, the bad value and the fix.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from qikit.charts._options import Options
from qikit.charts._segments import Seg, seg_median
from qikit.charts.constants import BASELINE_MIN, MIN_POINTS
from qikit.charts.vocabulary import (
    CHART_NAMES,
    COUNT_CHARTS,
    NO_DENOMINATOR,
    RATIO_CHARTS,
    SUBGROUP_CHARTS,
    chart_name,
)
from qikit._validate import column, fail, number, rows_text, table
from qikit.errors import DataError, InputError, QikitWarning

__all__ = [
    "CHART_NAMES",  # re-exported from qikit.charts.vocabulary until explain.py moves
    "Prepared",
    "prepare",
]


@dataclass
class Prepared:
    """Rows sorted by facet then x, one per plotted point."""

    facet_name: str | None
    facet: np.ndarray | None  # facet label per row
    x: np.ndarray | pd.Index  # x value per row (original type)
    x_is_position: bool
    num: np.ndarray  # summed y per point (or subgroup mean for xbar/s)
    den: np.ndarray  # summed n per point (NaN when no n); subgroup size for xbar/s
    sd: np.ndarray | None  # subgroup standard deviation (xbar/s only)
    part: np.ndarray  # 1-based part within facet
    part_label: np.ndarray | pd.Categorical  # label per row
    include: np.ndarray  # bool: usable (not excluded and not missing)
    excluded: np.ndarray  # bool: excluded by the user
    baseline: np.ndarray  # bool
    target: np.ndarray  # float per row
    seg: np.ndarray  # facet × part segment code
    n_seg: int
    segs: Seg  # the same, with segment starts for fast reductions
    base: (
        np.ndarray
    )  # include & baseline: the points that set the centre line and limits
    complete: bool  # every point is included, none missing, all in the baseline
    y_name: str
    n_name: str | None
    x_name: str | None


# --- small message helpers -----------------------------------------------------------


# --- resolving columns -----------------------------------------------------------------


def _column(arg: str, value, data, length: int | None):
    """A column of ``data`` named by ``value``, or ``value`` itself as a Series."""
    if isinstance(value, str):
        if data is None:
            raise fail(
                arg,
                "is a column name, but no `data` was given",
                value,
                "Pass your table as data=..., or pass the values themselves.",
            )
        name = column(data, value, arg)
        return data[name], name  # data has a 0..n-1 index already
    if isinstance(value, pd.DataFrame | dict) or np.ndim(value) != 1:
        raise fail(
            arg,
            "must be a column name or a list of values",
            value,
            f"Pass one column, e.g. {arg}='falls' or {arg}=[5, 7, 6].",
        )
    try:
        series = pd.Series(value, copy=False).reset_index(drop=True)
    except (TypeError, ValueError) as exc:
        raise fail(
            arg,
            "could not read the values",
            value,
            "Pass a column name or a plain list of values.",
        ) from exc
    if length is not None and len(series) != length:
        raise fail(
            arg,
            f"has {len(series)} values but `y` has {length}",
            fix="Give one value per row of `y`.",
        )
    name = getattr(value, "name", None)
    return series, (str(name) if isinstance(name, str) else None)


def _numeric(arg: str, series: pd.Series) -> np.ndarray:
    """Float values; text that is not a number is an error naming the rows."""
    if (
        isinstance(series.dtype, pd.DatetimeTZDtype)
        or pd.api.types.is_datetime64_any_dtype(series)
        or pd.api.types.is_timedelta64_dtype(series)
    ):
        raise fail(
            arg,
            "must be numbers, not dates or times",
            str(series.dtype),
            f"Pass the column of measurements as `{arg}` and the dates as `x`.",
            error=DataError,
        )
    if pd.api.types.is_complex_dtype(series):
        raise fail(
            arg,
            "complex numbers cannot be charted",
            str(series.dtype),
            "Give real numbers, e.g. the absolute values.",
            error=DataError,
        )
    if pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iuf":
        values = np.asarray(series.to_numpy(), dtype=float)  # plain NumPy: no NA masks
    elif pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        conv = pd.to_numeric(series, errors="coerce")
        bad = np.flatnonzero(conv.isna().to_numpy() & ~series.isna().to_numpy())
        if bad.size:
            raise DataError(
                f"`{arg}`: {bad.size} value{'s are' if bad.size > 1 else ' is'} not a "
                f"number ({rows_text(bad)}, e.g. {series.iloc[bad[0]]!r}). Correct or delete "
                "those entries so every value is a number."
            )
        values = conv.to_numpy(dtype=float, na_value=np.nan)
    inf = np.flatnonzero(np.isinf(values))
    if inf.size:
        raise DataError(
            f"`{arg}`: {inf.size} value{'s are' if inf.size > 1 else ' is'} infinite "
            f"({rows_text(inf)}). This usually comes from dividing by zero in a spreadsheet: "
            "correct those entries."
        )
    return values


def _positions(arg: str, value, n_max: int, *, allow_last: bool = True) -> np.ndarray:
    """1-based positions given by the user, checked against the longest series."""
    if isinstance(value, (bool, np.bool_)):
        raise fail(
            arg,
            "must be point numbers, not True or False",
            value,
            f"Give the point number, e.g. {arg}=12 for the 12th point.",
        )
    raw = np.atleast_1d(np.asarray(value, dtype=object)).ravel()
    out = []
    for v in raw:
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, (int, np.integer, float, np.floating))
            or not np.isfinite(v)
            or float(v) != int(v)
        ):
            raise fail(
                arg,
                "must be whole point numbers counted from 1",
                value,
                f"For example {arg}=12 means the 12th point.",
            )
        out.append(int(v))
    top = n_max if allow_last else n_max - 1
    bad = [p for p in out if p < 1 or p > top]
    if bad:
        raise fail(
            arg,
            f"point {bad[0]} is out of range",
            value,
            f"The chart has {n_max} points, so use numbers from 1 to {top}.",
        )
    return np.array(out, dtype=np.int64)


# --- the main preparation ----------------------------------------------------------------


def prepare(
    data, y, x, n, part, freeze, exclude, target, facets, opts: Options
) -> Prepared:
    chart = opts.chart
    if data is not None:
        data = table(data, "data")
        if not (
            isinstance(data.index, pd.RangeIndex)
            and data.index.start == 0
            and data.index.step == 1
        ):
            data = data.reset_index(drop=True)
    if y is None:
        raise fail("y", "no measure given", None, "Name the column to chart, y='...'.")
    ys, y_name = _column("y", y, data, None)
    length = len(ys)
    if length == 0:
        raise fail(
            "y", "there are no values to chart", y, "Add some data.", error=DataError
        )
    yv = _numeric("y", ys)

    # x
    if x is not None:
        xs, x_name = _column("x", x, data, length)
        plain_int = isinstance(xs.dtype, np.dtype) and xs.dtype.kind in "iub"
        missing_x = np.zeros(0) if plain_int else np.flatnonzero(xs.isna().to_numpy())
        if missing_x.size:
            raise DataError(
                f"`x`: {missing_x.size} row{'s have' if missing_x.size > 1 else ' has'} no "
                f"date or label ({rows_text(missing_x)}). Fill them in or delete those rows."
            )
        xs = _parse_iso_dates(xs)
    else:
        xs, x_name = None, None

    # n
    if n is not None:
        if chart in NO_DENOMINATOR:
            hint = {
                "c": "Leave out `n`, or use chart='u' for counts with different areas "
                "of opportunity.",
                "g": "Leave out `n`: a G chart counts the cases between rare events.",
                "t": "Leave out `n`: a T chart uses the time between rare events.",
                "xbar": "Leave out `n`: subgroup sizes come from the number of rows "
                "with each `x`.",
                "s": "Leave out `n`: subgroup sizes come from the number of rows with "
                "each `x`.",
                "mr": "Leave out `n`, or draw an I chart of y/n with chart='i'.",
            }[chart]
            raise fail(
                "n", f"{chart_name(chart, article=True)} takes no denominator", n, hint
            )
        ns, n_name = _column("n", n, data, length)
        nv = _numeric("n", ns)
        bad = np.flatnonzero(nv <= 0)
        if bad.size:
            raise DataError(
                f"`n`: {bad.size} denominator{'s are' if bad.size > 1 else ' is'} zero or "
                f"negative ({rows_text(bad)}). {chart_name(chart, article=True, start=True)} needs at least one case "
                "in every period: remove those periods or correct the denominators."
            )
    else:
        if chart in RATIO_CHARTS:
            raise fail(
                "n",
                f"{chart_name(chart, article=True)} needs a denominator",
                None,
                "Pass the column with the number of cases (patients, admissions…) in "
                "each period, e.g. n='patients'.",
            )
        nv, n_name = None, None

    # value checks per chart
    finite = ~np.isnan(yv)
    if chart in COUNT_CHARTS:
        bad = np.flatnonzero(finite & (yv < 0))
        if bad.size:
            raise DataError(
                f"`y`: {bad.size} count{'s are' if bad.size > 1 else ' is'} negative "
                f"({rows_text(bad)}, e.g. {yv[bad[0]]:g}). Counts cannot be below zero: "
                "correct those entries."
            )
    if chart in ("p", "pp") and nv is not None:
        bad = np.flatnonzero(finite & ~np.isnan(nv) & (yv > nv))
        if bad.size:
            raise DataError(
                f"`y`: {bad.size} numerator{'s are' if bad.size > 1 else ' is'} larger than "
                f"the denominator ({rows_text(bad)}, e.g. y={yv[bad[0]]:g}, n={nv[bad[0]]:g}). "
                "In a P chart each case counted in y must also be in n: check that y and "
                "n are not swapped, or correct those entries."
            )
    if chart == "t":
        bad = np.flatnonzero(finite & (yv <= 0))
        if bad.size:
            raise DataError(
                f"`y`: {bad.size} time{'s' if bad.size > 1 else ''} between events "
                f"{'are' if bad.size > 1 else 'is'} zero or negative ({rows_text(bad)}). A T "
                "chart needs times greater than zero: events on the same day can be "
                "given a fraction of a day."
            )

    # missing values: kept as gaps, said so
    missing = ~finite
    if nv is not None:
        missing |= np.isnan(nv)
    if missing.any() and chart not in SUBGROUP_CHARTS:
        idx = np.flatnonzero(missing)
        warnings.warn(
            f"`y`: {idx.size} value{'s are' if idx.size > 1 else ' is'} missing "
            f"({rows_text(idx)}). {'They are' if idx.size > 1 else 'It is'} left out of the "
            "calculations and shown as gaps.",
            QikitWarning,
            stacklevel=3,
        )

    # facets
    if facets is not None:
        fs, facet_name = _column("facets", facets, data, length)
        if facet_name is None:
            facet_name = "facet"
        plain_int = isinstance(fs.dtype, np.dtype) and fs.dtype.kind in "iub"
        if not plain_int and fs.isna().any():
            idx = np.flatnonzero(fs.isna().to_numpy())
            raise DataError(
                f"`facets`: {idx.size} row{'s have' if idx.size > 1 else ' has'} no facet "
                f"label ({rows_text(idx)}). Fill them in or delete those rows."
            )
        fac, fac_labels, fac_starts = _factorize_facets(fs)
    else:
        facet_name = None
        fac = np.zeros(length, dtype=np.int64)
        fac_labels = None
        fac_starts = np.zeros(1, dtype=np.int64)

    # part given as a column of labels
    part_col = None
    if part is not None and (
        isinstance(part, str)
        or (
            np.ndim(part) == 1
            and len(part) == length
            and length > 1
            and not _all_int_like(part)
        )
    ):
        ps, _ = _column("part", part, data, length)
        if ps.isna().any():
            idx = np.flatnonzero(ps.isna().to_numpy())
            raise DataError(
                f"`part`: {idx.size} row{'s have' if idx.size > 1 else ' has'} no phase "
                f"label ({rows_text(idx)}). Give every row a phase label."
            )
        part_col = ps.astype(str).to_numpy()

    # target
    target_v = _target(target, data, length)

    # ---- order and aggregate ----------------------------------------------------------
    if xs is None:
        order = None
        if fac_starts is None:  # facets not in blocks: sort them (stable)
            order = np.argsort(fac, kind="stable")
        group_start = None
    else:
        xkey = _x_key(xs)
        sorted_ok = fac_starts is not None and _strictly_increasing(fac_starts, xkey)
        if sorted_ok:
            order, group_start = None, None
        else:
            order = np.lexsort((xkey, fac))
            fk, xk = fac[order], xkey[order]
            brk = np.empty(length, dtype=bool)
            brk[0] = True
            brk[1:] = (fk[1:] != fk[:-1]) | (xk[1:] != xk[:-1])
            group_start = brk if not brk.all() else None

    def take(a):
        return a if (a is None or order is None) else a[order]

    fac_s = take(fac)
    y_s = take(yv)
    n_s = take(nv)
    x_s = None if xs is None else (xs if order is None else xs.iloc[order])
    part_s = take(part_col)
    target_s = take(target_v)

    sd = None
    if chart in SUBGROUP_CHARTS:
        if xs is None:
            raise fail(
                "x",
                f"{chart_name(chart, article=True)} needs the subgroup of each "
                "observation",
                None,
                "Pass the column that says which subgroup (e.g. day or batch) each row "
                "belongs to.",
            )
        if group_start is None:
            group_start = np.ones(length, dtype=bool)
        gid = np.cumsum(group_start) - 1
        ok = ~np.isnan(y_s)
        size = np.bincount(gid[ok], minlength=gid[-1] + 1).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(gid[ok], weights=y_s[ok], minlength=size.size) / size
            dev2 = np.bincount(
                gid[ok], weights=(y_s[ok] - mean[gid[ok]]) ** 2, minlength=size.size
            )
            sd = np.sqrt(dev2 / (size - 1))
        first = np.flatnonzero(group_start)
        num, den = mean, size
        if not (size >= 2).any():
            raise DataError(
                f"`x`: every subgroup has fewer than 2 observations (got {int(size.max())} "
                f"at most). {chart_name(chart, article=True, start=True)} needs subgroups of 2 or more: use "
                "chart='i' for single values."
            )
        small = np.flatnonzero((size < 2) & (size > 0))
        if small.size and chart == "s":
            warnings.warn(
                f"`x`: {small.size} subgroup{'s have' if small.size > 1 else ' has'} only "
                "one observation, so no standard deviation can be worked out for "
                f"{'them' if small.size > 1 else 'it'}; shown as gaps.",
                QikitWarning,
                stacklevel=3,
            )
    elif group_start is not None:
        gid = np.cumsum(group_start) - 1
        first = np.flatnonzero(group_start)
        num, den = _aggregate(y_s, n_s, gid, opts.agg)
    else:
        first = None
        num = y_s
        den = n_s if n_s is not None else np.full(length, np.nan)

    if first is not None:
        fac_s = fac_s[first]
        x_s = x_s.iloc[first] if x_s is not None else None
        part_s = part_s[first] if part_s is not None else None
        target_s = target_s[first]
    if den is None:
        den = np.full(num.size, np.nan)

    m = num.size
    # positions within facet
    if first is None and order is None:
        fstart = fac_starts  # rows untouched: the facet blocks are known
        fbrk = np.zeros(m, dtype=bool)
        fbrk[fstart] = True
    else:
        fbrk = np.empty(m, dtype=bool)
        fbrk[0] = True
        fbrk[1:] = fac_s[1:] != fac_s[:-1]
        fstart = np.flatnonzero(fbrk)
    fcount = np.diff(np.append(fstart, m))
    fac_code = (
        fac_s
        if first is None and order is None
        else np.repeat(np.arange(fstart.size), fcount)
    )
    # 1-based position within the facet, worked out only when positions are used
    needs_pos = (
        x_s is None
        or (part is not None and part_col is None)
        or (freeze is not None or exclude is not None)
    )
    pos = np.arange(1, m + 1) - fstart[fac_code] if needs_pos else None
    n_max = int(fcount.max())

    # parts
    if part_col is not None:
        change = np.empty(m, dtype=bool)
        change[0] = True
        change[1:] = (part_s[1:] != part_s[:-1]) | fbrk[1:]
        part_no = np.cumsum(change)
        part_no = part_no - np.repeat(part_no[fstart] - 1, fcount)
        part_label = part_s
    else:
        part_no = np.ones(m, dtype=np.int64)
        if part is not None:
            splits = _positions("part", part, n_max, allow_last=False)
            splits = np.unique(splits)
            part_no = 1 + np.searchsorted(splits, pos, side="left")
        part_label = pd.Categorical.from_codes(
            part_no - 1, dtype=_part_dtype(int(part_no.max())), validate=False
        )

    # segments: facet × part
    if part is None:  # one part per facet: the segments are the facets
        seg_starts = fstart
        n_seg = seg_starts.size
        seg = fac_code
    else:
        seg_brk = fbrk.copy()
        seg_brk[1:] |= part_no[1:] != part_no[:-1]
        seg_starts = np.flatnonzero(seg_brk)
        n_seg = seg_starts.size
        seg = np.repeat(np.arange(n_seg), np.diff(np.r_[seg_starts, m]))

    # include / exclude
    include = ~np.isnan(num)
    if chart == "s" and sd is not None:
        include &= ~np.isnan(sd)
    if nv is not None:
        include &= ~np.isnan(den)
    excluded = np.zeros(m, dtype=bool)
    if exclude is not None:
        ex = _positions("exclude", exclude, n_max)
        excluded = np.isin(pos, ex)
        include &= ~excluded

    # baseline (freeze)
    baseline = np.ones(m, dtype=bool)
    if freeze is not None:
        fz = _positions("freeze", freeze, n_max)
        if fz.size != 1:
            raise fail(
                "freeze",
                "must be one point",
                freeze,
                "Give the last point of the baseline, e.g. freeze=12.",
            )
        fz = int(fz[0])
        # the part containing the freeze point of each facet is cut at it
        seg_of_freeze = np.zeros(n_seg, dtype=bool)
        at = pos == fz
        seg_of_freeze[seg[at]] = True
        baseline = ~(seg_of_freeze[seg] & (pos > fz))

    base = include & baseline
    prep = Prepared(
        facet_name=facet_name,
        facet=None
        if fac_labels is None
        else (
            fs.to_numpy()
            if first is None and order is None
            else np.asarray(fac_labels)[fac_s]
        ),
        x=pos if x_s is None else x_s.array,  # no index to align
        x_is_position=x_s is None,
        num=num,
        den=den,
        sd=sd,
        part=part_no.astype(np.int64, copy=False),
        part_label=part_label,
        include=include,
        excluded=excluded,
        baseline=baseline,
        target=target_s,
        seg=seg,
        n_seg=n_seg,
        segs=Seg(seg, seg_starts),
        base=base,
        complete=bool(base.all()),
        y_name=y_name or "y",
        n_name=n_name,
        x_name=x_name,
    )
    _check_enough(prep, chart)
    return prep


@lru_cache(maxsize=32)
def _part_dtype(top: int) -> pd.CategoricalDtype:
    return pd.CategoricalDtype([str(i) for i in range(1, top + 1)])


def _factorize_facets(fs: pd.Series):
    """Codes, sorted labels and, when rows come in facet blocks, the first row of each.

    Fast when a numeric facet column is already sorted (no hashing); the starts are
    None when the facets are not in contiguous sorted blocks.
    """
    if pd.api.types.is_numeric_dtype(fs) and not pd.api.types.is_bool_dtype(fs):
        v = fs.to_numpy()
        d = np.diff(v)
        if v.size and (d >= 0).all():
            new = d > 0
            starts = np.r_[0, np.flatnonzero(new) + 1]
            codes = np.empty(v.size, dtype=np.int64)
            codes[0] = 0
            np.cumsum(new, out=codes[1:])
            return codes, v[starts], starts
    codes, labels = pd.factorize(fs, sort=True)
    d = np.diff(codes)
    starts = np.flatnonzero(np.r_[True, d > 0]) if (d >= 0).all() else None
    return codes, np.asarray(labels), starts


def _all_int_like(values) -> bool:
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        return False
    return arr.dtype.kind in "iu"


def _target(target, data, length):
    if target is None:
        return np.full(length, np.nan)
    if isinstance(target, str) or np.ndim(target) == 1:
        ts, _ = _column("target", target, data, length)
        return _numeric("target", ts)
    return np.full(length, number(target, "target", example="85"))


_ISO_DATE = r"^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2})?)?$"


def _parse_iso_dates(xs: pd.Series) -> pd.Series:
    """Text such as '2024-03-01' (as read from a CSV file) becomes dates, so that time
    sorts and is drawn as time; other labels are left alone."""
    if not (pd.api.types.is_string_dtype(xs) or xs.dtype == object):
        return xs
    text = xs.astype(str)
    if not text.str.match(_ISO_DATE).all():
        return xs
    try:
        return pd.to_datetime(text, format="ISO8601")
    except (ValueError, TypeError, OverflowError):
        return xs


def _x_key(xs: pd.Series) -> np.ndarray:
    """A sortable numeric key for x: time or number as is, labels in order of appearance."""
    if isinstance(xs.dtype, pd.CategoricalDtype):
        return xs.cat.codes.to_numpy(dtype=np.int64)
    if isinstance(xs.dtype, np.dtype) and xs.dtype.kind in "iu":
        return xs.to_numpy()  # whole numbers sort as they are
    if pd.api.types.is_datetime64_any_dtype(xs) or isinstance(
        xs.dtype, pd.DatetimeTZDtype
    ):
        return xs.to_numpy().astype("datetime64[ns]").astype(np.int64)
    if pd.api.types.is_numeric_dtype(xs) and not pd.api.types.is_bool_dtype(xs):
        return xs.to_numpy(dtype=float)
    codes, _ = pd.factorize(xs, sort=False)
    return codes.astype(np.int64)


def _strictly_increasing(fac_starts: np.ndarray, key: np.ndarray) -> bool:
    """True when x increases strictly within each facet block (blocks start at
    ``fac_starts``)."""
    if key.size < 2:
        return True
    dk = np.diff(key)
    dk[fac_starts[1:] - 1] = 1  # x may start again at each new facet
    return bool((dk > 0).all())


def _aggregate(y, n, gid, agg):
    """Several y per x: Σy/Σn when there is a denominator, else mean, median or sum."""
    groups = int(gid[-1]) + 1
    ok = ~np.isnan(y)
    if n is not None:
        ok &= ~np.isnan(n)
        num = np.bincount(gid[ok], weights=y[ok], minlength=groups).astype(float)
        den = np.bincount(gid[ok], weights=n[ok], minlength=groups).astype(float)
        empty = np.bincount(gid[ok], minlength=groups) == 0
        num[empty] = np.nan
        den[empty] = np.nan
        return num, den
    cnt = np.bincount(gid[ok], minlength=groups)
    if agg == "median":
        num = seg_median(y, gid, ok, groups)
    else:
        num = np.bincount(gid[ok], weights=y[ok], minlength=groups).astype(float)
        if agg == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                num = num / cnt
    num = np.where(cnt > 0, num, np.nan)
    return num, None


def _check_enough(prep: Prepared, chart: str) -> None:
    need = MIN_POINTS.get(chart, 1)
    counts = np.add.reduceat(prep.base, prep.segs.starts, dtype=np.int64)
    if counts.max(initial=0) < need or (counts < need).all():
        most = int(counts.max(initial=0))
        instead = "" if chart == "run" else " or draw a run chart for now"
        raise DataError(
            f"`y`: too few points for {chart_name(chart, article=True)} (got {most} "
            f"usable point{'s' if most != 1 else ''}). It needs at least {need}: add "
            f"more data{instead}."
        )
    short = counts < BASELINE_MIN
    if short.any():
        which = np.flatnonzero(short)
        k = which.size
        where = (
            "the baseline"
            if prep.n_seg == 1
            else f"{k} of the {prep.n_seg} series or phases"
        )
        warnings.warn(
            f"`freeze`/`part`: {where} {'has' if k == 1 else 'have'} fewer than "
            f"{BASELINE_MIN} points (got {int(counts[which].min())}). The centre line and "
            "limits are provisional: read signals with care and recalculate when you have "
            f"{BASELINE_MIN} or more points.",
            QikitWarning,
            stacklevel=4,
        )
