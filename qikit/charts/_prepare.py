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

import datetime as dt
import re
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from qikit._dates import DATE_HINT, parse_date_series, to_timestamp
from qikit._format import human_date
from qikit._validate import closest, column, fail, number, rows_text, table
from qikit.charts._options import Options
from qikit.charts._segments import Seg, seg_median
from qikit.charts.constants import BASELINE_MIN, MIN_POINTS
from qikit.charts.vocabulary import (
    COUNT_CHARTS,
    NO_DENOMINATOR,
    RATIO_CHARTS,
    RESULT_COLUMNS,
    SUBGROUP_CHARTS,
    chart_name,
)
from qikit.errors import DataError, InputError, QikitWarning

__all__ = [
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
    _check_enough(prep, opts.chart, freeze is not None, part is not None)
    return prep


# ------------------------------------------------------------- step 1: read inputs


@dataclass
class _Inputs:
    """Every input as one column of the same length, in the order given.

    Fully blank rows (no y, x or n) are already left out; ``rows`` holds the original
    row of each remaining one, so that messages name the rows a user sees.
    """

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
    rows: np.ndarray | None  # original 0-based row of each row (None: unchanged)

    def where(self, idx) -> str:
        """``row 4`` or ``rows 4, 9``, counting the rows as the user gave them."""
        idx = np.asarray(idx, dtype=np.int64)
        return rows_text(idx if self.rows is None else self.rows[idx])

    def periods(self, idx, limit: int = 5) -> str:
        """The rows and their ``x`` values: ``rows 4, 9: April 2024, May 2024``."""
        idx = np.asarray(idx, dtype=np.int64)
        rows = self.where(idx)
        if self.x is None:
            return rows
        words = _x_words(self.x)
        shown = [words(self.x.iloc[i]) for i in idx[:limit]]
        more = f" and {idx.size - limit} more" if idx.size > limit else ""
        return f"{rows}{', ' if idx.size == 1 else ': '}{', '.join(shown)}{more}"


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
    xs, x_name = _column("x", x, data, length) if x is not None else (None, None)
    ns, n_name = None, None
    if n is not None:
        if chart in NO_DENOMINATOR:
            raise fail(
                "n",
                f"{chart_name(chart, article=True)} takes no denominator",
                n,
                _NO_DENOMINATOR_HINTS[chart],
            )
        ns, n_name = _column("n", n, data, length)
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
        _check_facet_name(facet_name, isinstance(facets, str))
    ps = None
    if part is not None and _is_label_column(part, data, length):
        ps, _ = _column("part", part, data, length)
    ts = None
    if target is not None and (isinstance(target, str) or np.ndim(target) == 1):
        ts, _ = _column("target", target, data, length)

    rows = None
    if xs is not None:  # without x a missing value is a gap at its position
        blank = _blank_rows(ys, xs, ns)
        if blank is not None:
            keep = np.flatnonzero(~blank)
            if keep.size == 0:
                raise fail(
                    "y",
                    "every row is blank",
                    y,
                    "Check that `data` holds the measurements.",
                    error=DataError,
                )
            k = length - keep.size
            lacking = "y, x or n" if ns is not None else "y or x"
            has = "it has" if k == 1 else "they have"
            warn(
                f"`data`: {_n(k, 'blank row was', 'blank rows were')} left out "
                f"({rows_text(np.flatnonzero(blank))}): {has} no {lacking}. Delete "
                "blank rows in the file to avoid this message."
            )
            rows, length = keep, keep.size
            ys, xs = ys.iloc[keep], xs.iloc[keep]
            ns = ns.iloc[keep] if ns is not None else None
            fs = fs.iloc[keep] if fs is not None else None
            ps = ps.iloc[keep] if ps is not None else None
            ts = ts.iloc[keep] if ts is not None else None

    def where(idx):
        return rows_text(idx if rows is None else rows[idx])

    yv = _numeric("y", ys, where)
    nv = _numeric("n", ns, where) if ns is not None else None
    if xs is not None:
        plain_int = isinstance(xs.dtype, np.dtype) and xs.dtype.kind in "iub"
        missing_x = np.zeros(0) if plain_int else np.flatnonzero(xs.isna().to_numpy())
        if missing_x.size:
            raise DataError(
                f"`x`: {_n(missing_x.size, 'row has', 'rows have')} no date or label "
                f"({where(missing_x)}). Fill them in or delete those rows."
            )
        xs = _read_x(xs)
    if fs is not None:
        plain_int = isinstance(fs.dtype, np.dtype) and fs.dtype.kind in "iub"
        if not plain_int and fs.isna().any():
            idx = np.flatnonzero(fs.isna().to_numpy())
            raise DataError(
                f"`facets`: {_n(idx.size, 'row has', 'rows have')} no facet label "
                f"({where(idx)}). Fill them in or delete those rows."
            )
    part_labels = None
    if ps is not None:
        if ps.isna().any():
            idx = np.flatnonzero(ps.isna().to_numpy())
            raise DataError(
                f"`part`: {_n(idx.size, 'row has', 'rows have')} no phase label "
                f"({where(idx)}). Give every row a phase label."
            )
        part_labels = ps.astype(str).to_numpy()
    if ts is not None:
        target_v = _numeric("target", ts, where)
    elif target is None:
        target_v = np.full(length, np.nan)
    else:
        target_v = np.full(length, number(target, "target", example="85"))
    return _Inputs(
        length=length,
        y=yv,
        n=nv,
        x=xs,
        facets=fs,
        part_labels=part_labels,
        target=target_v,
        y_name=y_name,
        n_name=n_name,
        x_name=x_name,
        facet_name=facet_name,
        rows=rows,
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


def _is_label_column(part, data, length: int) -> bool:
    """True when ``part`` names a column of phase labels (not split points).

    Text that is not a column of ``data`` but reads as a date is a split date.
    """
    if isinstance(part, str):
        if data is not None and part in data.columns:
            return True
        return _as_timestamp(part) is None
    return (
        np.ndim(part) == 1
        and len(part) == length
        and length > 1
        and not _all_int_like(part)
    )


def _blank_rows(ys: pd.Series, xs: pd.Series, ns: pd.Series | None):
    """Rows with no y, no x and no n (an Excel export's empty lines), or ``None``."""
    blank = _is_blank(ys)
    if not blank.any():  # the common case: one cheap pass
        return None
    blank &= _is_blank(xs)
    if ns is not None:
        blank &= _is_blank(ns)
    return blank if blank.any() else None


def _is_blank(series: pd.Series) -> np.ndarray:
    """Missing values and empty (or all-space) text."""
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iub":
        return np.zeros(len(series), dtype=bool)
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
        return np.isnan(series.to_numpy())  # plain NumPy: no pandas round trip
    out = np.array(series.isna().to_numpy(), dtype=bool)  # a writable copy
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        text = series.astype(str).str.strip().to_numpy()
        out |= text == ""
    return out


def _read_x(xs: pd.Series) -> pd.Series:
    """Text that holds dates (UK day first, ISO, month names) as dates; else as is.

    Text that looks like dates but cannot be read is an error that says how to fix
    it (:func:`qikit._dates.parse_date_series`), never labels kept in file order.
    Time-zone-aware dates keep their wall-clock time (the zone is dropped), so that
    sorting and drawing never need a time zone.
    """
    if isinstance(xs.dtype, pd.DatetimeTZDtype):
        return xs.dt.tz_localize(None)
    if xs.dtype == object or pd.api.types.is_string_dtype(xs):
        parsed = parse_date_series(xs, "x")
        if parsed is not None:
            return parsed
    return xs


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
    gaps = np.zeros(inputs.length, dtype=bool)
    if nv is not None:
        bad = np.flatnonzero(nv < 0)
        if bad.size:
            raise DataError(
                f"`n`: {_n(bad.size, 'denominator is', 'denominators are')} negative "
                f"({inputs.periods(bad)}). A denominator counts cases, so it cannot "
                "be below zero: correct those entries."
            )
        zero = nv == 0
        if zero.any():
            idx = np.flatnonzero(zero)
            one = idx.size == 1
            zeros = f"{_n(idx.size, 'denominator is', 'denominators are')} zero"
            if opts.zero_n == "error":
                a_chart = chart_name(chart, article=True, start=True)
                them, gaps_ = (
                    ("it", "that period as a gap")
                    if one
                    else (
                        "them",
                        "those periods as gaps",
                    )
                )
                raise DataError(
                    f"`n`: {zeros} ({inputs.periods(idx)}). {a_chart} needs at least "
                    f"one case in every period: correct {them}, or pass zero_n='gap' "
                    f"to show {gaps_}."
                )
            shown = (
                "that period is shown as a gap"
                if one
                else "those periods are shown as gaps"
            )
            warn(
                f"`n`: {zeros} ({inputs.periods(idx)}); {shown}, as zero_n='gap' asks."
            )
            nv = np.where(zero, np.nan, nv)
            gaps = zero
    finite = ~np.isnan(yv)
    if chart in COUNT_CHARTS:
        bad = np.flatnonzero(finite & (yv < 0))
        if bad.size:
            raise DataError(
                f"`y`: {_n(bad.size, 'count is', 'counts are')} negative "
                f"({inputs.where(bad)}, e.g. {yv[bad[0]]:g}). Counts cannot be below "
                "zero: correct those entries."
            )
    if chart in ("p", "pp") and nv is not None:
        bad = np.flatnonzero(finite & ~np.isnan(nv) & (yv > nv))
        if bad.size:
            raise DataError(
                f"`y`: {_n(bad.size, 'numerator is', 'numerators are')} larger than "
                f"the denominator ({inputs.where(bad)}, e.g. y={yv[bad[0]]:g}, "
                f"n={nv[bad[0]]:g}). In a P chart each case counted in y must also be "
                "in n: check that y and n are not swapped, or correct those entries."
            )
    if chart == "t":
        bad = np.flatnonzero(finite & (yv <= 0))
        if bad.size:
            raise DataError(
                f"`y`: {_n(bad.size, 'time', 'times')} between events "
                f"{'is' if bad.size == 1 else 'are'} zero or negative "
                f"({inputs.where(bad)}). A T chart needs times greater than zero: "
                "events on the same day can be given a fraction of a day."
            )
    missing = ~finite
    if nv is not None:
        missing |= np.isnan(nv)
    shown = missing & ~gaps
    if shown.any() and chart not in SUBGROUP_CHARTS:
        idx = np.flatnonzero(shown)
        warn(
            f"`y`: {_n(idx.size, 'value is', 'values are')} missing "
            f"({inputs.where(idx)}). {'They are' if idx.size > 1 else 'It is'} left "
            "out of the calculations and shown as gaps."
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
        if n_s is not None or not opts.agg_given:  # agg= says how: no warning
            _warn_combined(inputs, order, first, n_s is not None, opts.agg)
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


#: How several rows of one period are combined, in words.
_COMBINED = {
    "ratio": "their numerators and denominators added up, Σy ÷ Σn",
    "mean": "the mean of their values",
    "median": "the median of their values",
    "sum": "the sum of their values",
}


def _warn_combined(inputs: _Inputs, order, first, ratio: bool, agg: str) -> None:
    """Say which periods had several rows and how they were combined into one point."""
    sizes = np.diff(np.r_[first, inputs.length])
    groups = np.flatnonzero(sizes > 1)
    if not groups.size:
        return
    rows = order[first[groups]]  # the first row of each, in the user's order
    words = _x_words(inputs.x)
    labels = [words(inputs.x.iloc[r]) for r in rows[:5]]
    if inputs.facets is not None:
        labels = [
            f"{inputs.facets.iloc[r]}: {w}"
            for r, w in zip(rows[:5], labels, strict=True)
        ]
    how = _COMBINED["ratio" if ratio else agg]
    other = (
        ""
        if ratio
        else (
            "; to combine them another way, use "
            + " or ".join(f"agg={a!r}" for a in ("mean", "median", "sum") if a != agg)
        )
    )
    if groups.size == 1:
        k = int(sizes[groups[0]])
        extra = "row" if k == 2 else "rows"
        warn(
            f"`x`: {k} rows share {labels[0]}, so they were combined into one point "
            f"({how}). If this is a data-entry error, remove or correct the extra "
            f"{extra}{other}."
        )
        return
    more = f" and {groups.size - 5} more" if groups.size > 5 else ""
    warn(
        f"`x`: {groups.size} periods have more than one row ({', '.join(labels)}"
        f"{more}), so the rows of each were combined into one point ({how}). If this "
        f"is a data-entry error, remove or correct the extra rows{other}."
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

    if labels is None and part is not None:
        points = _Points.read("part", part, ordered)
        if points.positions is not None:
            splits = np.unique(_positions("part", part, n_max, allow_last=False))
            part_no = 1 + np.searchsorted(splits, pos, side="left")
        else:  # each date (or label) starts a new phase, in every facet that has it
            raw = np.zeros(m, dtype=np.int64)
            for before in points.per_facet(ordered, "before"):
                split = before[ordered.fac_code]
                raw += (pos > split) & (split > 0)
            labels = raw  # numbered below, from 1 in each facet
    if labels is not None:
        change = np.empty(m, dtype=bool)
        change[0] = True
        change[1:] = (labels[1:] != labels[:-1]) | fbrk[1:]
        part_no = np.cumsum(change)
        part_no = part_no - np.repeat(part_no[fstart] - 1, fcount)
    elif part is None:
        part_no = np.ones(m, dtype=np.int64)
    if labels is not None and ordered.part_labels is not None:
        part_label = ordered.part_labels
    else:
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
    """Step 5: ``exclude`` and ``freeze`` (by position or by date)."""
    m, pos = ordered.m, parts.pos
    include = ~np.isnan(ordered.num)
    if opts.chart == "s" and ordered.sd is not None:
        include &= ~np.isnan(ordered.sd)
    if values.n is not None:
        include &= ~np.isnan(ordered.den)
    excluded = np.zeros(m, dtype=bool)
    if exclude is not None:
        points = _Points.read("exclude", exclude, ordered)
        if points.positions is not None:
            excluded = np.isin(pos, _positions("exclude", exclude, parts.n_max))
        else:
            excluded = points.rows(ordered)
        include &= ~excluded

    baseline = np.ones(m, dtype=bool)
    if freeze is not None:
        points = _Points.read("freeze", freeze, ordered)
        if len(points) != 1:
            raise fail(
                "freeze",
                "must be one point",
                freeze,
                "Give the last point of the baseline, e.g. freeze=12.",
            )
        if points.positions is not None:
            at = int(_positions("freeze", freeze, parts.n_max)[0])
            last = np.full(ordered.fstart.size, at)
        else:
            (last,) = points.per_facet(ordered, "up_to")
        last_row = last[ordered.fac_code]
        # the part holding the freeze point of each facet is cut after it
        seg_of_freeze = np.zeros(parts.n_seg, dtype=bool)
        seg_of_freeze[parts.seg[(pos == last_row) & (last_row > 0)]] = True
        baseline = ~(seg_of_freeze[parts.seg] & (pos > last_row))
    return _Used(
        include=include, excluded=excluded, baseline=baseline, base=include & baseline
    )


class _Points:
    """``part``, ``freeze`` or ``exclude`` as given: point numbers, dates or labels.

    Dates (and date text, UK day first) are matched to date ``x`` values; text to
    ``x`` labels. A date or label that is not among the ``x`` values is an error that
    names the nearest ones.
    """

    def __init__(self, arg, value, positions=None, keys=None, shown=None):
        self.arg, self.value = arg, value
        self.positions = positions  # the items, when they are point numbers
        self.keys = keys  # comparable keys of the dates or labels
        self.shown = shown  # the items as given

    def __len__(self) -> int:
        return len(self.positions if self.positions is not None else self.keys)

    @classmethod
    def read(cls, arg: str, value, ordered: _Ordered) -> _Points:
        """Sort the items into point numbers or dates/labels, checking each."""
        if isinstance(value, bool | np.bool_):
            raise fail(
                arg,
                "must be point numbers, not True or False",
                value,
                f"Give the point number, e.g. {arg}=12 for the 12th point.",
            )
        if isinstance(value, str | dt.date | np.datetime64) or np.ndim(value) == 0:
            items = [value]
        else:
            items = list(np.asarray(value, dtype=object).ravel())
        numbers = [_is_number(v) for v in items]
        if all(numbers):
            return cls(arg, value, positions=items)
        x = ordered.x
        kind = _x_kind(x)
        if any(numbers):
            raise fail(
                arg,
                "mixes point numbers and dates",
                value,
                f"Give either point numbers (e.g. {arg}=12) or dates from `x`.",
            )
        if kind == "dates":
            stamps = [_as_timestamp(v) for v in items]
            if any(t is None for t in stamps):
                bad = items[[t is None for t in stamps].index(True)]
                raise fail(
                    arg,
                    "is not a date",
                    bad,
                    f"Give a date from `x`, such as {arg}='01/04/2024', or a point "
                    f"number such as {arg}=12. {DATE_HINT}",
                )
            keys = np.array([t.as_unit("ns").value for t in stamps], dtype=np.int64)
            out = cls(arg, value, keys=keys, shown=items)
        elif kind == "labels" and all(isinstance(v, str) for v in items):
            out = cls(arg, value, keys=np.array(items, dtype=object), shown=items)
        else:
            why = "there is no `x`" if x is None else "`x` holds numbers, not dates"
            raise fail(
                arg,
                f"must be whole point numbers counted from 1, as {why}",
                value,
                f"For example {arg}=12 means the 12th point.",
            )
        out._check_present(ordered)
        return out

    def _x_keys(self, ordered: _Ordered) -> np.ndarray:
        if self.keys.dtype == object:
            return ordered.x.astype(str).to_numpy(dtype=object)
        return _x_key(ordered.x)

    def _check_present(self, ordered: _Ordered) -> None:
        xk = self._x_keys(ordered)
        for key, given in zip(self.keys, self.shown, strict=True):
            if (xk == key).any():
                continue
            words = _x_words(ordered.x)
            if self.keys.dtype == object:
                near = closest(given, pd.unique(xk))
                hint = (
                    f"Did you mean {near!r}?"
                    if near is not None
                    else ("Check the spelling.")
                )
                raise fail(
                    self.arg,
                    f"{given!r} is not one of the labels in `x`",
                    self.value,
                    f"{hint} Or give a point number such as {self.arg}=12.",
                )
            unique = np.unique(xk)
            at = int(np.searchsorted(unique, key))
            near = [unique[i] for i in (at - 1, at) if 0 <= i < unique.size]
            near_words = " and ".join(
                words(pd.Timestamp(int(v), unit="ns")) for v in near
            )
            asked = pd.Timestamp(int(key), unit="ns")
            asked_words = (
                words(asked)
                if asked == asked.normalize() and asked.day == 1
                else human_date(asked)
            )
            raise fail(
                self.arg,
                f"{asked_words} is not one of the dates in `x`",
                self.value,
                f"The nearest {'is' if len(near) == 1 else 'are'} {near_words}: give "
                f"{'that' if len(near) == 1 else 'one of those'}, or a point number "
                f"such as {self.arg}=12.",
            )

    def rows(self, ordered: _Ordered) -> np.ndarray:
        """The rows whose ``x`` is one of the items."""
        xk = self._x_keys(ordered)
        if self.keys.dtype == object:
            return np.isin(xk, self.keys)
        return np.isin(xk, self.keys)

    def per_facet(self, ordered: _Ordered, how: str) -> list[np.ndarray]:
        """For each item, a position per facet (0: the facet has no such point).

        ``how="up_to"``: the last point on or before the item (freeze);
        ``how="before"``: the last point before it (where a new phase starts).
        """
        xk = self._x_keys(ordered)
        out = []
        for key in self.keys:
            if self.keys.dtype == object:  # labels: the position of the label
                hit = xk == key
                at = np.where(
                    hit, np.arange(xk.size) - ordered.fstart[ordered.fac_code] + 1, 0
                )
                where = np.maximum.reduceat(at, ordered.fstart)
                out.append(where if how == "up_to" else np.maximum(where - 1, 0))
                continue
            mask = xk <= key if how == "up_to" else xk < key
            out.append(np.add.reduceat(mask.astype(np.int64), ordered.fstart))
        return out


def _is_number(value) -> bool:
    """A point number: a whole number, not a date or text (checked later)."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _x_kind(x: pd.Series | None) -> str:
    """What ``x`` holds: "dates", "labels", "numbers" or "none"."""
    if x is None:
        return "none"
    if pd.api.types.is_datetime64_any_dtype(x):
        return "dates"
    if pd.api.types.is_numeric_dtype(x) and not isinstance(
        x.dtype, pd.CategoricalDtype
    ):
        return "numbers"
    return "labels"


# ------------------------------------------------------------------ value helpers


def _n(count: int, one: str, many: str) -> str:
    """``1 row has`` or ``3 rows have``: a count with the words that agree with it."""
    return f"{count} {one if count == 1 else many}"


def _check_facet_name(name: str, from_data: bool) -> None:
    """A facet column may not share a name with a column of the result."""
    if name not in RESULT_COLUMNS:
        return
    new = f"{name}_group"
    how = (
        f"data.rename(columns={{{name!r}: {new!r}}}) with facets={new!r}"
        if from_data
        else f"facets=values.rename({new!r}) for a Series called values"
    )
    raise fail(
        "facets",
        f"{name!r} is also the name of one of the result's own columns (in its "
        "frame, summary or episodes), which would overwrite the facet labels",
        name,
        f"Rename the facet column, e.g. {how}.",
    )


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


#: Numbers as spreadsheets write them: "54%", "54.2 %", "1,234", "1,234.5".
_PERCENT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?\s*%")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: "1,5": a decimal comma (European style), which qikit does not guess at.
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _numeric(arg: str, series: pd.Series, where=rows_text) -> np.ndarray:
    """Float values; text that is not a number is an error naming the rows.

    Percent signs and thousands separators (``"54%"``, ``"1,234"``) are read as the
    numbers they show (54, 1234), with one warning; empty text is a missing value.
    ``where(idx)`` words the rows for messages.
    """
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
        values = _numbers_from_text(arg, series, where)
    inf = np.flatnonzero(np.isinf(values))
    if inf.size:
        raise DataError(
            f"`{arg}`: {_n(inf.size, 'value is', 'values are')} infinite "
            f"({where(inf)}). This usually comes from dividing by zero in a "
            "spreadsheet: correct those entries."
        )
    return values


def _numbers_from_text(arg: str, series: pd.Series, where) -> np.ndarray:
    """Numbers from a text (or mixed) column, as :func:`_numeric` describes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' own conversion notes
        conv = pd.to_numeric(series, errors="coerce")
    values = np.array(conv.to_numpy(dtype=float, na_value=np.nan))  # writable
    bad = np.flatnonzero(np.isnan(values) & ~series.isna().to_numpy())
    if not bad.size:
        return values
    text = series.iloc[bad].astype(str).str.strip()
    blank = (text == "").to_numpy()
    written = (
        text.str.fullmatch(_PERCENT) | text.str.fullmatch(_THOUSANDS)
    ).to_numpy() & text.str.contains(r"\d").to_numpy()
    wrong = bad[~blank & ~written]
    if wrong.size:
        example = series.iloc[wrong[0]]
        hint = ""
        if isinstance(example, str) and _DECIMAL_COMMA.fullmatch(example.strip()):
            hint = (
                " If the file uses decimal commas, read it with "
                "pd.read_csv(path, decimal=',')."
            )
        raise DataError(
            f"`{arg}`: {_n(wrong.size, 'value is', 'values are')} not a number "
            f"({where(wrong)}, e.g. {example!r}). Correct those entries so every "
            "value is a number, or leave them empty where a value is missing." + hint
        )
    if written.any():
        shown = text[written]
        read = pd.to_numeric(shown.str.replace(r"[,%\s]", "", regex=True))
        values[bad[written]] = read.to_numpy(dtype=float)
        signs = []
        if shown.str.contains("%").any():
            signs.append("a % sign")
        if shown.str.contains(",").any():
            signs.append("thousands separators")
        k = int(written.sum())
        one = k == 1
        warn(
            f"`{arg}`: {_n(k, 'value is', 'values are')} written with "
            f"{' or '.join(signs)} (e.g. {shown.iloc[0]!r}) and "
            f"{'was' if one else 'were'} read as {'a number' if one else 'numbers'} "
            f"({read.iloc[0]:g}). If {'it means' if one else 'they mean'} something "
            "else, correct the data."
        )
    return values


def _as_timestamp(value) -> pd.Timestamp | None:
    """One value as a date (UK day first), or ``None`` when it is not a date."""
    if isinstance(value, bool | np.bool_ | int | float | np.number) or value is None:
        return None
    try:
        return to_timestamp(value, "value")
    except InputError:
        return None


def _x_words(xs: pd.Series):
    """A function that words one ``x`` value: 'April 2024', '3 April 2024', 'Week 3'."""
    if pd.api.types.is_datetime64_any_dtype(xs):
        stamps = pd.DatetimeIndex(xs)
        midnight = (stamps == stamps.normalize()).all()
        monthly = midnight and (stamps.day == 1).all()

        def word(v):
            t = pd.Timestamp(v)
            if monthly:
                return f"{t:%B %Y}"
            return human_date(t) if midnight else f"{human_date(t)} {t:%H:%M}"

        return word
    if pd.api.types.is_numeric_dtype(xs) and not pd.api.types.is_bool_dtype(xs):
        return lambda v: f"x = {v:g}"
    return lambda v: repr(v) if isinstance(v, str) else str(v)


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


def _check_enough(prep: Prepared, chart: str, frozen: bool, parted: bool) -> None:
    """Refuse a chart with too few points; warn when a baseline is short.

    The warning names what is short (the chart, its baseline, some facets or phases)
    and mentions ``freeze`` and ``part`` only when they were given.
    """
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
    if not short.any():
        return
    fewest = int(counts[short].min())
    lines = "median" if chart == "run" else "centre line and limits"
    after = (
        f"The {lines} {'is' if chart == 'run' else 'are'} provisional: read signals "
        f"with care and work them out again when you have {BASELINE_MIN} or more "
        "points."
    )
    in_base = " in the baseline (up to `freeze`)" if frozen else ""
    if prep.n_seg == 1:
        what = "The baseline (up to `freeze`) has" if frozen else "This chart has"
        warn(
            f"{what} only {_n(fewest, 'usable point', 'usable points')}, fewer than "
            f"the {BASELINE_MIN} recommended. {after}"
        )
        return
    faceted = prep.facet_name is not None
    if faceted and parted:
        kind = "phases (facets and `part`)"
    elif parted:
        kind = "phases (set by `part`)"
    else:
        kind = "facets"
    k = int(short.sum())
    warn(
        f"{k} of the {prep.n_seg} {kind} {'has' if k == 1 else 'have'} fewer than "
        f"{BASELINE_MIN} usable points{in_base}; the shortest has {fewest}. {after}"
    )


def check_target_scale(target: np.ndarray, y: np.ndarray, opts: Options) -> None:
    """Warn when the target is 100 times off the data's scale ("did you mean 95?").

    Two slips are common: a proportion (0.95) as the target of a chart of percentages
    (values above 1, or ``multiply=100``), and a percentage (95) as the target of a
    chart of proportions (values from 0 to 1, ``multiply=1``).
    """
    t = target[np.isfinite(target)]
    values = y[np.isfinite(y)]
    if not t.size or not values.size:
        return
    goal, lo, hi = float(np.median(t)), float(values.min()), float(values.max())
    shown = f"(the values charted run from {lo:.3g} to {hi:.3g})"
    if 0 < goal <= 1 and lo > 1:
        span = max(hi - lo, 0.1 * hi)
        if opts.multiply == 100 or lo - span <= goal * 100 <= hi + span:
            warn(
                f"`target`: {goal:g} is far below the data {shown}, as if it were a "
                f"proportion on a chart of percentages. Did you mean "
                f"target={goal * 100:g}?"
            )
    elif 1 < goal <= 100 and 0 <= lo and hi <= 1 and opts.multiply == 1:
        warn(
            f"`target`: {goal:g} is far above the data {shown}, as if it were a "
            "percentage on a chart of proportions. Did you mean "
            f"target={goal / 100:g}, or multiply=100 to chart percentages?"
        )
