"""``qic()``: the one entry point of the chart engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from qikit.charts import rules as R
from qikit.charts._options import keywords_checked, parse_options
from qikit.charts._prepare import check_target_scale, prepare
from qikit.charts.limits import compute_lines
from qikit.charts.result import QicResult
from qikit.charts.summary import ChartState, build_frame, point_types
from qikit.charts.vocabulary import POINT_TYPES, chart_name

__all__ = ["POINT_TYPES", "qic"]  # POINT_TYPES: re-exported from the vocabulary

#: A point given by position (1, 2, …) or by date (a date, Timestamp or date text).
Point = int | str | dt.date | np.datetime64
Points = Point | Sequence[Point]


@keywords_checked("qic(df, y='falls', x='month')")
def qic(
    data: pd.DataFrame | Mapping[str, Any] | None = None,
    *,
    y: str | ArrayLike,
    x: str | ArrayLike | None = None,
    n: str | ArrayLike | None = None,
    chart: str = "run",
    part: Points | str | ArrayLike | None = None,
    freeze: Point | None = None,
    exclude: Points | None = None,
    target: float | str | ArrayLike | None = None,
    rules: str = "anhoej",
    improvement: str | None = None,
    screen_mr: bool = True,
    multiply: float = 1,
    facets: str | ArrayLike | None = None,
    agg: str | None = None,
    shift: int | None = None,
    trend: int | None = None,
    title: str | None = None,
    ylab: str | None = None,
    xlab: str | None = None,
    zero_n: str = "error",
) -> QicResult:
    """Compute a run chart or a Shewhart control chart and look for signals.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The table that holds the columns named by ``y``, ``x``, ``n``, ``part``,
        ``target`` and ``facets``. Leave out to pass the values themselves.
    y : str or array-like
        The measure: a value per period, or per observation for ``xbar``/``s`` charts,
        or the numerator (count) for ratio charts.
    x : str or array-like, optional
        Time (dates, numbers) or subgroup labels. Dates written as text are read as
        dates: ISO (``2024-04-01``), day first as in the UK (``01/04/2024``) and
        months (``Apr-24``, ``April 2024``); date-like text that cannot be read is an
        error, never labels in file order. Rows are sorted by x (labels keep their
        order of first appearance). Several rows with the same x are combined, with a
        warning that names them: Σy/Σn when there is a denominator, else ``agg``
        (``xbar``/``s`` charts make subgroups of them, without a warning). Fully blank
        rows (no y, x or n) are left out, with a warning. Default: 1, 2, 3, …
    n : str or array-like, optional
        Denominator (required for p, pp, u and up charts; optional for run and i
        charts, which then chart y/n). See ``zero_n`` for denominators of zero.
    chart : {"run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"}
        Chart type; names as in qicharts2.
    part : int, date, list of them, or str/array-like of labels, optional
        Phases, each computed on its own: the 1-based positions of the last point
        before each split; or dates, each starting a new phase at the first point on
        or after it (as NHSRplotthedots' rebase; one of the x values, in each facet);
        or a column of phase labels (a new phase starts wherever the label changes).
    freeze : int or date, optional
        The last point of the baseline: the centre line and limits of the part that
        holds it come from the points up to it and are extended beyond. A date (one
        of the x values) freezes each facet after that date.
    exclude : int, date, or list of them, optional
        Points left out of the centre line, limits and runs analysis, by 1-based
        position or by date; they are still shown and checked against the limits.
        Dates may be written as text, day first (``"01/04/2024"``).
    target : float, or str/array-like, optional
        Target value (drawn; used for the Making Data Count assurance icon). A target
        100 times off the data's scale (0.95 on a percentage chart) gets a warning.
    rules : {"anhoej", "ihi", "mdc", "western_electric"}
        Rule set (see :mod:`qikit.charts.rules`). With "mdc" the XmR limits use Making
        Data Count's constant, mean ± 2.66·MR̄.
    improvement : {"increase", "decrease", "neutral"}, optional
        Which direction is better; decides whether a signal is an improvement or a
        concern. Also "higher", "lower", "up", "down" … Left out, no direction is
        assumed: signals are neutral (high or low) and ``res.improvement`` is None.
    screen_mr : bool
        Leave out moving ranges ≥ 3.267·MR̄ once before σ is estimated (I, t charts).
        ``False`` reproduces NHS England's Making Data Count Excel tool.
    multiply : float
        Multiply y, the centre line and limits, e.g. 100 for percentages, 1000 for a
        rate per 1,000.
    facets : str or array-like, optional
        A column of series names: each facet is computed on its own (vectorised).
    agg : {"mean", "median", "sum"}, optional
        How several y per x are combined when there is no denominator. Default "mean"
        (as qicharts2), "sum" for c charts (counts per period).
    shift, trend : int, optional
        Override the rule lengths (e.g. a shift of 6 or 8 instead of 7).
    title, ylab, xlab : str, optional
        Labels for the plot.
    zero_n : {"error", "gap"}
        What a denominator of zero does (a ward closed for a month): an error that
        names the period, or ``"gap"`` to show that period as a gap, with a warning
        (as qicharts2 does).

    Returns
    -------
    QicResult
        ``.frame`` (one row per point), ``.summary()`` (one row per facet and part),
        ``.explain()`` (findings in plain English) and ``.plot()``.

    Raises
    ------
    qikit.errors.InputError
        An argument or the data cannot be used; the message says what to do.
    qikit.errors.ColumnError
        A named column is not in ``data`` (the message lists the real columns).

    Warns
    -----
    qikit.errors.QikitWarning
        Missing values (left out and shown as gaps), blank rows left out, periods
        combined, numbers read from "54%" or "1,234", a baseline shorter than 12
        points, a target far off the data's scale.

    Notes
    -----
    Formulas follow qicharts2 0.8: I chart CL = mean, σ = MR̄/1.128 (moving ranges
    screened); p: p̄ = Σy/Σn, σᵢ = √(p̄(1−p̄)/nᵢ); u: σᵢ = √(ū/nᵢ); c: σ = √c̄; xbar and s
    with exact c4, A3, B3, B4 and pooled s̄ for unequal subgroups; t: I chart of
    y^(1/3.6) back-transformed; g: limits m ± 3√(m(m+1)) with CL at 0.693·m; Laney P′
    and U′: σ multiplied by σz, the average moving range of the z-scores over 1.128.
    Constants and sources: :mod:`qikit.charts.constants`. Taught in
    ``curriculum/00_welcome.ipynb``.

    Examples
    --------
    >>> import qikit
    >>> falls = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3, 1, 2]
    >>> res = qikit.qic(y=falls, chart="run", improvement="decrease")
    >>> res.summary()[["n_useful", "longest_run", "longest_run_max", "runs_signal"]]
       n_useful  longest_run  longest_run_max  runs_signal
    0        24         12.0              8.0         True
    >>> "12 points in a row are below the median" in res.explain()
    True
    """
    opts = parse_options(
        chart, rules, improvement, screen_mr, multiply, agg, shift, trend, zero_n
    )
    prep = prepare(data, y, x, n, part, freeze, exclude, target, facets, opts)
    lines = compute_lines(prep, opts)
    if target is not None:
        check_target_scale(prep.target, lines.y, opts)
    rr = R.evaluate(lines, prep, opts)

    ptype = point_types(rr.rule > 0, rr.direction, opts.improvement)
    frame = build_frame(prep, lines, rr, ptype)

    shift_len, trend_len = _lengths(opts)
    x_name = prep.x_name or "x"
    return QicResult(
        frame=frame,
        chart=opts.chart,
        rules=opts.rules,
        improvement=opts.improvement if opts.improvement_given else None,
        facets=prep.facet_name,
        title=title
        if title is not None
        else f"{chart_name(opts.chart, start=True)} of {prep.y_name}",
        ylab=ylab if ylab is not None else prep.y_name,
        xlab=xlab if xlab is not None else ("" if prep.x_is_position else x_name),
        multiply=opts.multiply,
        target=float(prep.target[0])
        if np.isfinite(prep.target).all() and np.all(prep.target == prep.target[0])
        else None,
        x_is_position=prep.x_is_position,
        shift_length=shift_len,
        trend_length=trend_len,
        rule_names=R.RULES,
        _state=ChartState(prep, lines, rr, opts, ptype),
        y_name=prep.y_name,
    )


def _lengths(opts):
    return R.rule_lengths(opts.rules, opts.chart, opts.shift, opts.trend)
