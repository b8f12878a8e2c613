"""Read and check the data of :func:`qikit.qic`; lay the rows out for the compute steps.

The second stage of the pipeline (as NHSRplotthedots: options, validation, compute).
:func:`prepare` runs five named steps, each returning a small dataclass:

1. :func:`_read_inputs` — resolve ``y``, ``x``, ``n``, ``facets``, ``part`` labels and
   ``target`` to columns of one length; numbers as floats, date text as dates.
2. :func:`_check_values` — what each chart needs of the values (counts not negative,
   denominators above zero …); missing values become gaps, said so.
3. :func:`_order_and_aggregate` — sort by facet then ``x``, combine rows that share a
   period (or make subgroups for x̄ and s charts).
4. :func:`_parts_and_segments` — phases from ``part`` and the facet × part segments
   that every later step works on.
5. :func:`_include_and_baseline` — ``exclude`` and ``freeze``: the points that set the
   centre line and limits.

Everything a learner can get wrong is caught here with a message that names the
argument, the bad value and the fix.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from qikit._validate import column, fail, number, rows_text, table
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
from qikit.errors import DataError, QikitWarning

__all__ = [
    "CHART_NAMES",  # re-exported from qikit.charts.vocabulary until explain.py moves
    "Prepared",
    "prepare",
    "warn",
]

_QIKIT_DIR = str(Path(__file__).resolve().parent.parent)


def warn(text: str) -> None:
    """Issue a :class:`~qikit.errors.QikitWarning` at the user's line of code.

    The warning is attributed to the first caller outside qikit, however deep inside
    qikit it was raised, so ``warnings`` filters and messages point at the learner's
    own call (``qic(...)`` or ``measure.chart()``).
    """
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_QIKIT_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(text, QikitWarning, stacklevel=level)


# ---------------------------------------------------------------- the prepared rows


@dataclass
class Prepared:
    """The rows as plotted: sorted by facet then ``x``, one per point.

    Attributes
    ----------
    facet_name : str or None
        The facet column's name (``None`` without facets).
    facet : numpy.ndarray or None
        The facet label of each row.
    x : numpy.ndarray or pandas.api.extensions.ExtensionArray
        The ``x`` value of each row in its own type, or positions 1, 2, … per facet.
    x_is_position : bool
        True when no ``x`` was given.
    num : numpy.ndarray
        The value per point: y (summed or combined by ``agg``), the numerator of a
        ratio chart, or the subgroup mean of an x̄ or s chart.
    den : numpy.ndarray
        The denominator per point (NaN without one); the subgroup size for x̄ and s.
    sd : numpy.ndarray or None
        The subgroup standard deviation (x̄ and s charts only).
    part : numpy.ndarray
        The 1-based part (phase) within each facet.
    part_label : numpy.ndarray or pandas.Categorical
        The phase label of each row.
    include : numpy.ndarray
        Usable points: not excluded and not missing.
    excluded : numpy.ndarray
        Points left out by ``exclude``.
    baseline : numpy.ndarray
        Points up to ``freeze`` in the part that holds it (all points without it).
    target : numpy.ndarray
        The target per row (NaN without one).
    seg : numpy.ndarray
        The facet × part segment code of each row (0, 1, … in row order).
    n_seg : int
        How many segments there are.
    segs : Seg
        The same, with the first row of each segment, for fast reductions.
    base : numpy.ndarray
        ``include & baseline``: the points that set the centre line and limits.
    complete : bool
        Every point is included, none missing, all in the baseline.
    y_name, n_name, x_name : str or None
        Column names, for labels (``y_name`` is "y" for plain values).
    """

    facet_name: str | None
    facet: np.ndarray | None
    x: Any
    x_is_position: bool
    num: np.ndarray
    den: np.ndarray
    sd: np.ndarray | None
    part: np.ndarray
    part_label: np.ndarray | pd.Categorical
    include: np.ndarray
    excluded: np.ndarray
    baseline: np.ndarray
    target: np.ndarray
    seg: np.ndarray
    n_seg: int
    segs: Seg
    base: np.ndarray
    complete: bool
    y_name: str
    n_name: str | None
    x_name: str | None


def prepare(
    data: Any,
    y: Any,
    x: Any,
    n: Any,
    part: Any,
    freeze: Any,
    exclude: Any,
    target: Any,
    facets: Any,
    opts: Options,
) -> Prepared:
    """Read, check and lay out the data for the compute steps.

    Parameters are those of :func:`qikit.qic`, with the options already parsed.

    Returns
    -------
    Prepared
        One row per plotted point, sorted by facet then ``x``.

    Raises
    ------
    qikit.errors.InputError
        An argument cannot be used (``ColumnError`` and ``DataError`` are kinds).

    Warns
    -----
    qikit.errors.QikitWarning
        Missing values, subgroups of one, a short baseline.
    """
    inputs = _read_inputs(data, y, x, n, part, target, facets, opts)
    values = _check_values(inputs, opts)
    ordered = _order_and_aggregate(inputs, values, opts)
    parts = _parts_and_segments(ordered, part, freeze, exclude)
    used = _include_and_baseline(ordered, parts, values, freeze, exclude, opts)
    prep = Prepared(
        facet_name=inputs.facet_name,
        facet=ordered.facet,
        x=parts.pos if ordered.x is None else ordered.x.array,  # no index to align
        x_is_position=ordered.x is None,
        num=ordered.num,
        den=ordered.den,
        sd=ordered.sd,
        part=parts.part.astype(np.int64, copy=False),
        part_label=parts.part_label,
        include=used.include,
        excluded=used.excluded,
        baseline=used.baseline,
        target=ordered.target,
        seg=parts.seg,
        n_seg=parts.n_seg,
        segs=Seg(parts.seg, parts.seg_starts),
        base=used.base,
        complete=bool(used.base.all()),
        y_name=inputs.y_name or "y",
        n_name=inputs.n_name,
        x_name=inputs.x_name,
    )
    _check_enough(prep, opts.chart)
    return prep


# ------------------------------------------------------------- step 1: read inputs


@dataclass
class _Inputs:
    """Every input as one column of the same length, in the order given."""

    length: int
    y: np.ndarray  # floats
    n: np.ndarray | None  # floats
    x: pd.Series | None  # original type; date text read as dates
    facets: pd.Series | None
    part_labels: np.ndarray | None  # text labels when `part` is a column
    target: np.ndarray  # floats (NaN without a target)
    y_name: str | None
    n_name: str | None
    x_name: str | None
    facet_name: str | None


def _read_inputs(data, y, x, n, part, target, facets, opts: Options) -> _Inputs:
    """Step 1: resolve every argument to a column of one length."""
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

    xs, x_name = None, None
    if x is not None:
        xs, x_name = _column("x", x, data, length)
        plain_int = isinstance(xs.dtype, np.dtype) and xs.dtype.kind in "iub"
        missing_x = np.zeros(0) if plain_int else np.flatnonzero(xs.isna().to_numpy())
        if missing_x.size:
            raise DataError(
                f"`x`: {_n(missing_x.size, 'row has', 'rows have')} no date or label "
                f"({rows_text(missing_x)}). Fill them in or delete those rows."
            )
        xs = _parse_iso_dates(xs)

    nv, n_name = None, None
    if n is not None:
        if chart in NO_DENOMINATOR:
            raise fail(
                "n",
                f"{chart_name(chart, article=True)} takes no denominator",
                n,
                _NO_DENOMINATOR_HINTS[chart],
            )
        ns, n_name = _column("n", n, data, length)
        nv = _numeric("n", ns)
    elif chart in RATIO_CHARTS:
        raise fail(
            "n",
            f"{chart_name(chart, article=True)} needs a denominator",
            None,
            "Pass the column with the number of cases (patients, admissions…) in "
            "each period, e.g. n='patients'.",
        )

    fs, facet_name = None, None
    if facets is not None:
        fs, facet_name = _column("facets", facets, data, length)
        facet_name = facet_name or "facet"
        plain_int = isinstance(fs.dtype, np.dtype) and fs.dtype.kind in "iub"
        if not plain_int and fs.isna().any():
            idx = np.flatnonzero(fs.isna().to_numpy())
            raise DataError(
                f"`facets`: {_n(idx.size, 'row has', 'rows have')} no facet label "
                f"({rows_text(idx)}). Fill them in or delete those rows."
            )

    part_labels = None
    if part is not None and _is_label_column(part, length):
        ps, _ = _column("part", part, data, length)
        if ps.isna().any():
            idx = np.flatnonzero(ps.isna().to_numpy())
            raise DataError(
                f"`part`: {_n(idx.size, 'row has', 'rows have')} no phase label "
                f"({rows_text(idx)}). Give every row a phase label."
            )
        part_labels = ps.astype(str).to_numpy()

    return _Inputs(
        length=length,
        y=yv,
        n=nv,
        x=xs,
        facets=fs,
        part_labels=part_labels,
        target=_target(target, data, length),
        y_name=y_name,
        n_name=n_name,
        x_name=x_name,
        facet_name=facet_name,
    )


#: What to do when a denominator is given to a chart that takes none.
_NO_DENOMINATOR_HINTS = {
    "c": "Leave out `n`, or use chart='u' for counts with different areas of "
    "opportunity.",
    "g": "Leave out `n`: a G chart counts the cases between rare events.",
    "t": "Leave out `n`: a T chart uses the time between rare events.",
    "xbar": "Leave out `n`: subgroup sizes come from the number of rows with each `x`.",
    "s": "Leave out `n`: subgroup sizes come from the number of rows with each `x`.",
    "mr": "Leave out `n`, or draw an I chart of y/n with chart='i'.",
}


def _is_label_column(part, length: int) -> bool:
    """True when ``part`` names a column of phase labels (not split positions)."""
    if isinstance(part, str):
        return True
    return (
        np.ndim(part) == 1
        and len(part) == length
        and length > 1
        and not _all_int_like(part)
    )


# ------------------------------------------------------------ step 2: check values


@dataclass
class _Values:
    """The values after the chart's checks; ``missing`` rows are shown as gaps."""

    y: np.ndarray
    n: np.ndarray | None
    missing: np.ndarray


def _check_values(inputs: _Inputs, opts: Options) -> _Values:
    """Step 2: what the chart needs of the values; missing values said so."""
    chart = opts.chart
    yv, nv = inputs.y, inputs.n
    if nv is not None:
        bad = np.flatnonzero(nv <= 0)
        if bad.size:
            a_chart = chart_name(chart, article=True, start=True)
            raise DataError(
                f"`n`: {_n(bad.size, 'denominator is', 'denominators are')} zero or "
                f"negative ({rows_text(bad)}). {a_chart} needs at least one case in "
                "every period: remove those periods or correct the denominators."
            )
    finite = ~np.isnan(yv)
    if chart in COUNT_CHARTS:
        bad = np.flatnonzero(finite & (yv < 0))
        if bad.size:
            raise DataError(
                f"`y`: {bad.size} count{'s are' if bad.size > 1 else ' is'} negative "
                f"({rows_text(bad)}, e.g. {yv[bad[0]]:g}). Counts cannot be below "
                "zero: correct those entries."
            )
    if chart in ("p", "pp") and nv is not None:
        bad = np.flatnonzero(finite & ~np.isnan(nv) & (yv > nv))
        if bad.size:
            raise DataError(
                f"`y`: {bad.size} numerator{'s are' if bad.size > 1 else ' is'} larger "
                f"than the denominator ({rows_text(bad)}, e.g. y={yv[bad[0]]:g}, "
                f"n={nv[bad[0]]:g}). In a P chart each case counted in y must also be "
                "in n: check that y and n are not swapped, or correct those entries."
            )
    if chart == "t":
        bad = np.flatnonzero(finite & (yv <= 0))
        if bad.size:
            raise DataError(
                f"`y`: {bad.size} time{'s' if bad.size > 1 else ''} between events "
                f"{'are' if bad.size > 1 else 'is'} zero or negative "
                f"({rows_text(bad)}). A T chart needs times greater than zero: events "
                "on the same day can be given a fraction of a day."
            )
    missing = ~finite
    if nv is not None:
        missing |= np.isnan(nv)
    if missing.any() and chart not in SUBGROUP_CHARTS:
        idx = np.flatnonzero(missing)
        warn(
            f"`y`: {idx.size} value{'s are' if idx.size > 1 else ' is'} missing "
            f"({rows_text(idx)}). {'They are' if idx.size > 1 else 'It is'} left out "
            "of the calculations and shown as gaps."
        )
    return _Values(y=yv, n=nv, missing=missing)


# ------------------------------------------------------ step 3: order and aggregate


@dataclass
class _Ordered:
    """One row per point, sorted by facet then ``x``, with the facet blocks."""

    m: int  # number of points
    num: np.ndarray
    den: np.ndarray
    sd: np.ndarray | None
    x: pd.Series | None
    facet: np.ndarray | None  # label per point
    part_labels: np.ndarray | None
    target: np.ndarray
    fac_code: np.ndarray  # 0, 1, … per facet, per point
    fstart: np.ndarray  # first point of each facet
    fcount: np.ndarray  # points per facet
    fbrk: np.ndarray  # True at the first point of each facet


def _order_and_aggregate(inputs: _Inputs, values: _Values, opts: Options) -> _Ordered:
    """Step 3: sort by facet then ``x``; combine rows that share a period."""
    chart, length = opts.chart, inputs.length
    xs = inputs.x
    if inputs.facets is not None:
        fac, fac_labels, fac_starts = _factorize_facets(inputs.facets)
    else:
        fac = np.zeros(length, dtype=np.int64)
        fac_labels, fac_starts = None, np.zeros(1, dtype=np.int64)

    if xs is None:
        group_start = None
        # facets not in blocks: sort them (stable)
        order = np.argsort(fac, kind="stable") if fac_starts is None else None
    else:
        xkey = _x_key(xs)
        if fac_starts is not None and _strictly_increasing(fac_starts, xkey):
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
    y_s = take(values.y)
    n_s = take(values.n)
    x_s = None if xs is None else (xs if order is None else xs.iloc[order])
    part_s = take(inputs.part_labels)
    target_s = take(inputs.target)

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
        first = np.flatnonzero(group_start)
        num, den, sd = _subgroups(y_s, group_start, chart)
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
    untouched = first is None and order is None
    if untouched:  # rows as given: the facet blocks are known
        fstart = fac_starts
        fbrk = np.zeros(m, dtype=bool)
        fbrk[fstart] = True
    else:
        fbrk = np.empty(m, dtype=bool)
        fbrk[0] = True
        fbrk[1:] = fac_s[1:] != fac_s[:-1]
        fstart = np.flatnonzero(fbrk)
    fcount = np.diff(np.append(fstart, m))
    fac_code = fac_s if untouched else np.repeat(np.arange(fstart.size), fcount)
    if fac_labels is None:
        facet = None
    elif untouched:
        facet = inputs.facets.to_numpy()
    else:
        facet = np.asarray(fac_labels)[fac_s]
    return _Ordered(
        m=m,
        num=num,
        den=den,
        sd=sd,
        x=x_s,
        facet=facet,
        part_labels=part_s,
        target=target_s,
        fac_code=fac_code,
        fstart=fstart,
        fcount=fcount,
        fbrk=fbrk,
    )


def _subgroups(y_s, group_start, chart):
    """Mean, size and standard deviation of each subgroup (x̄ and s charts)."""
    gid = np.cumsum(group_start) - 1
    ok = ~np.isnan(y_s)
    size = np.bincount(gid[ok], minlength=gid[-1] + 1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(gid[ok], weights=y_s[ok], minlength=size.size) / size
        dev2 = np.bincount(
            gid[ok], weights=(y_s[ok] - mean[gid[ok]]) ** 2, minlength=size.size
        )
        sd = np.sqrt(dev2 / (size - 1))
    if not (size >= 2).any():
        a_chart = chart_name(chart, article=True, start=True)
        raise DataError(
            f"`x`: every subgroup has fewer than 2 observations (got "
            f"{int(size.max())} at most). {a_chart} needs subgroups of 2 or more: use "
            "chart='i' for single values."
        )
    small = np.flatnonzero((size < 2) & (size > 0))
    if small.size and chart == "s":
        warn(
            f"`x`: {small.size} subgroup{'s have' if small.size > 1 else ' has'} only "
            "one observation, so no standard deviation can be worked out for "
            f"{'them' if small.size > 1 else 'it'}; shown as gaps."
        )
    return mean, size, sd


# ---------------------------------------------------- step 4: parts and segments


@dataclass
class _Parts:
    """Phases and the facet × part segments."""

    part: np.ndarray  # 1-based within each facet
    part_label: np.ndarray | pd.Categorical
    seg: np.ndarray
    seg_starts: np.ndarray
    n_seg: int
    pos: np.ndarray | None  # 1-based position within the facet, when needed
    n_max: int  # points in the longest facet


def _parts_and_segments(ordered: _Ordered, part, freeze, exclude) -> _Parts:
    """Step 4: phases from ``part``; segments (facet × part) for every later step."""
    m, fstart, fcount, fbrk = ordered.m, ordered.fstart, ordered.fcount, ordered.fbrk
    labels = ordered.part_labels
    # positions within each facet, worked out only when something uses them
    needs_pos = (
        ordered.x is None
        or (part is not None and labels is None)
        or freeze is not None
        or exclude is not None
    )
    pos = np.arange(1, m + 1) - fstart[ordered.fac_code] if needs_pos else None
    n_max = int(fcount.max())

    if labels is not None:
        change = np.empty(m, dtype=bool)
        change[0] = True
        change[1:] = (labels[1:] != labels[:-1]) | fbrk[1:]
        part_no = np.cumsum(change)
        part_no = part_no - np.repeat(part_no[fstart] - 1, fcount)
        part_label = labels
    else:
        part_no = np.ones(m, dtype=np.int64)
        if part is not None:
            splits = np.unique(_positions("part", part, n_max, allow_last=False))
            part_no = 1 + np.searchsorted(splits, pos, side="left")
        part_label = pd.Categorical.from_codes(
            part_no - 1, dtype=_part_dtype(int(part_no.max())), validate=False
        )

    if part is None:  # one part per facet: the segments are the facets
        seg_starts, seg = fstart, ordered.fac_code
    else:
        seg_brk = fbrk.copy()
        seg_brk[1:] |= part_no[1:] != part_no[:-1]
        seg_starts = np.flatnonzero(seg_brk)
        seg = np.repeat(np.arange(seg_starts.size), np.diff(np.r_[seg_starts, m]))
    return _Parts(
        part=part_no,
        part_label=part_label,
        seg=seg,
        seg_starts=seg_starts,
        n_seg=seg_starts.size,
        pos=pos,
        n_max=n_max,
    )


# -------------------------------------------------- step 5: include and baseline


@dataclass
class _Used:
    """Which points count: included (not excluded, not missing) and in the baseline."""

    include: np.ndarray
    excluded: np.ndarray
    baseline: np.ndarray
    base: np.ndarray  # include & baseline


def _include_and_baseline(
    ordered: _Ordered, parts: _Parts, values: _Values, freeze, exclude, opts: Options
) -> _Used:
    """Step 5: ``exclude`` and ``freeze``."""
    m, pos = ordered.m, parts.pos
    include = ~np.isnan(ordered.num)
    if opts.chart == "s" and ordered.sd is not None:
        include &= ~np.isnan(ordered.sd)
    if values.n is not None:
        include &= ~np.isnan(ordered.den)
    excluded = np.zeros(m, dtype=bool)
    if exclude is not None:
        excluded = np.isin(pos, _positions("exclude", exclude, parts.n_max))
        include &= ~excluded

    baseline = np.ones(m, dtype=bool)
    if freeze is not None:
        fz = _positions("freeze", freeze, parts.n_max)
        if fz.size != 1:
            raise fail(
                "freeze",
                "must be one point",
                freeze,
                "Give the last point of the baseline, e.g. freeze=12.",
            )
        fz = int(fz[0])
        # the part containing the freeze point of each facet is cut at it
        seg_of_freeze = np.zeros(parts.n_seg, dtype=bool)
        seg_of_freeze[parts.seg[pos == fz]] = True
        baseline = ~(seg_of_freeze[parts.seg] & (pos > fz))
    return _Used(
        include=include, excluded=excluded, baseline=baseline, base=include & baseline
    )


# ------------------------------------------------------------------ value helpers


def _n(count: int, one: str, many: str) -> str:
    """``1 row has`` or ``3 rows have``: a count with the words that agree with it."""
    return f"{count} {one if count == 1 else many}"


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
                f"`{arg}`: {_n(bad.size, 'value is', 'values are')} not a number "
                f"({rows_text(bad)}, e.g. {series.iloc[bad[0]]!r}). Correct or delete "
                "those entries so every value is a number."
            )
        values = conv.to_numpy(dtype=float, na_value=np.nan)
    inf = np.flatnonzero(np.isinf(values))
    if inf.size:
        raise DataError(
            f"`{arg}`: {_n(inf.size, 'value is', 'values are')} infinite "
            f"({rows_text(inf)}). This usually comes from dividing by zero in a "
            "spreadsheet: correct those entries."
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
    """Text such as '2024-03-01' (as read from a CSV file) as dates; labels as they are.

    So that time sorts and is drawn as time.
    """
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
    """A sortable key for x: time or number as it is, labels in order of first use."""
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
    """True when x increases strictly within each facet block.

    The blocks start at ``fac_starts``.
    """
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
    """Refuse a chart with too few points; warn when a baseline is short."""
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
        warn(
            f"`freeze`/`part`: {where} {'has' if k == 1 else 'have'} fewer than "
            f"{BASELINE_MIN} points (got {int(counts[which].min())}). The centre line "
            "and limits are provisional: read signals with care and recalculate when "
            f"you have {BASELINE_MIN} or more points."
        )
