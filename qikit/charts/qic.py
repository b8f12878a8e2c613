"""``qic()``: the one entry point of the chart engine."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qikit.charts import rules as R
from qikit.charts._prepare import parse_options, prepare
from qikit.charts._segments import seg_count, seg_sum
from qikit.charts.limits import compute_lines
from qikit.charts.result import QicResult
from qikit.charts.vocabulary import chart_name

#: Point types, named as NHSRplotthedots names them.
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
POINT_DTYPE = pd.CategoricalDtype(POINT_TYPES)
RULE_DTYPE = pd.CategoricalDtype(("",) + R.RULES)


def qic(
    data=None,
    *,
    y,
    x=None,
    n=None,
    chart: str = "run",
    part=None,
    freeze=None,
    exclude=None,
    target=None,
    rules: str = "anhoej",
    improvement: str = "increase",
    screen_mr: bool = True,
    multiply: float = 1,
    facets=None,
    agg: str | None = None,
    shift: int | None = None,
    trend: int | None = None,
    title: str | None = None,
    ylab: str | None = None,
    xlab: str | None = None,
) -> QicResult:
    """Compute a run chart or a Shewhart control chart and look for signals.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The table that holds the columns named by ``y``, ``x``, ``n``, ``part``,
        ``target`` and ``facets``. Leave out to pass the values themselves.
    y : str or array-like
        The measure: a value per period, or per observation for ``xbar``/``s`` charts, or
        the numerator (count) for ratio charts.
    x : str or array-like, optional
        Time (dates, numbers) or subgroup labels. Rows are sorted by x (labels keep their
        order of first appearance). Several rows with the same x are aggregated: Σy/Σn
        when there is a denominator, subgroups for ``xbar``/``s``, else ``agg``.
        Default: 1, 2, 3, …
    n : str or array-like, optional
        Denominator (required for p, pp, u and up charts; optional for run and i charts,
        which then chart y/n).
    chart : {"run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"}
        Chart type; names as in qicharts2.
    part : int, list of int, or str/array-like of labels, optional
        Phases: the 1-based positions of the last point before each split, or a column
        of phase labels (a new phase starts wherever the label changes). Each part is
        computed on its own.
    freeze : int, optional
        The last point of the baseline: the centre line and limits of the part that holds
        it come from the points up to it and are extended beyond.
    exclude : int or list of int, optional
        1-based positions left out of the centre line, limits and runs analysis; they
        are still shown and checked against the limits.
    target : float, or str/array-like, optional
        Target value (drawn; used for the Making Data Count assurance icon).
    rules : {"anhoej", "ihi", "mdc", "western_electric"}
        Rule set (see :mod:`qikit.charts.rules`). With "mdc" the XmR limits use Making
        Data Count's constant, mean ± 2.66·MR̄.
    improvement : {"increase", "decrease", "neutral"}
        Which direction is better; decides whether a signal is an improvement or a
        concern.
    screen_mr : bool
        Leave out moving ranges ≥ 3.267·MR̄ once before σ is estimated (I, t charts).
        ``False`` reproduces NHS England's Making Data Count Excel tool.
    multiply : float
        Multiply y, the centre line and limits, e.g. 100 for percentages, 1000 for a rate
        per 1,000.
    facets : str or array-like, optional
        A column of series names: each facet is computed on its own (vectorised).
    agg : {"mean", "median", "sum"}, optional
        How several y per x are combined when there is no denominator. Default "mean"
        (as qicharts2), "sum" for c charts (counts per period).
    shift, trend : int, optional
        Override the rule lengths (e.g. a shift of 6 or 8 instead of 7).
    title, ylab, xlab : str, optional
        Labels for the plot.

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
        Missing values (left out and shown as gaps) or a baseline shorter than 12 points.

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
    >>> print(res.explain().splitlines()[2])
    From point 13 to point 24, 12 points in a row are below the median. With 24 useful points a run longer than 8 rarely happens by chance, so something has changed. This is in the direction of improvement.
    """
    opts = parse_options(
        chart, rules, improvement, screen_mr, multiply, agg, shift, trend
    )
    prep = prepare(data, y, x, n, part, freeze, exclude, target, facets, opts)
    lines = compute_lines(prep, opts)
    rr = R.evaluate(lines, prep, opts)

    flagged = rr.rule > 0
    d = rr.direction
    ptype = _point_types(flagged, d, opts.improvement)

    m = prep.seg.size
    cols = {}
    if prep.facet_name is not None:
        cols[prep.facet_name] = prep.facet
    cols["x"] = prep.x
    cols["y"] = lines.y
    cols["n"] = prep.den
    cols["part"] = prep.part
    cols["part_label"] = prep.part_label
    cols["include"] = ~prep.excluded  # as qicharts2: False only where excluded
    cols["baseline"] = prep.baseline
    cols["cl"] = lines.cl
    cols["lcl"] = lines.lcl
    cols["ucl"] = lines.ucl
    if lines.lines_2s is not None:  # only the sigma lines the rule set reads
        cols["lcl_2s"], cols["ucl_2s"] = lines.lines_2s
    if lines.lines_1s is not None:
        cols["lcl_1s"], cols["ucl_1s"] = lines.lines_1s
    cols["target"] = prep.target
    cols["sigma_signal"] = rr.sigma_signal
    cols["runs_signal"] = rr.runs_signal[prep.seg]
    cols["rule"] = pd.Categorical.from_codes(rr.rule, dtype=RULE_DTYPE, validate=False)
    cols["signal"] = flagged
    cols["point_type"] = pd.Categorical.from_codes(
        ptype, dtype=POINT_DTYPE, validate=False
    )
    cols["direction"] = d
    frame = pd.DataFrame(cols, index=pd.RangeIndex(m), copy=False)

    shift_len, trend_len = _lengths(opts)
    x_name = prep.x_name or "x"
    return QicResult(
        frame=frame,
        chart=opts.chart,
        rules=opts.rules,
        improvement=opts.improvement,
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
        _state=(prep, lines, rr, opts, ptype),
    )


def build_summary(state) -> pd.DataFrame:
    """The summary table of a result (built when first asked for)."""
    return _summary(*state)


def build_episodes(state) -> pd.DataFrame:
    """Stretches of points flagged by one rule: rule, direction, start, end, count."""
    prep, _lines, rr, _opts, _ptype = state
    ep = R.episodes(rr, prep.seg)
    order = np.lexsort((ep["rule"], ep["start"]))
    return pd.DataFrame(
        {
            "rule": np.array(("",) + R.RULES, dtype=object)[ep["rule"][order]],
            "direction": ep["direction"][order],
            "start": ep["start"][order],
            "end": ep["end"][order],
            "count": ep["count"][order],
        }
    )


def _point_types(flagged, d, improvement):
    """Codes into POINT_TYPES from the signal and its direction (int8, no temporaries)."""
    ptype = np.zeros(flagged.size, dtype=np.int8)
    if not flagged.any():
        return ptype
    high, low = flagged & (d > 0), flagged & (d < 0)
    if improvement == "neutral":
        ptype[high], ptype[low] = 3, 4
    else:
        good, bad = (high, low) if improvement == "increase" else (low, high)
        ptype[good], ptype[bad] = 1, 2
        ptype[flagged & (d == 0)] = 4
    return ptype


def _lengths(opts):
    return R.rule_lengths(opts.rules, opts.chart, opts.shift, opts.trend)


def _summary(prep, lines, rr, opts, ptype) -> pd.DataFrame:
    seg, n_seg = prep.seg, prep.n_seg
    first = np.flatnonzero(np.r_[True, seg[1:] != seg[:-1]])
    last = np.r_[first[1:] - 1, seg.size - 1]

    def seg_nanmean(v):
        ok = np.isfinite(v)
        with np.errstate(invalid="ignore", divide="ignore"):
            return seg_sum(v, prep.segs, ok, n_seg) / seg_count(prep.segs, ok, n_seg)

    cols = {}
    if prep.facet_name is not None:
        cols[prep.facet_name] = prep.facet[first]
    cols["part"] = prep.part[first]
    cols["part_label"] = prep.part_label[first]
    # points not excluded, counting missing ones (as qicharts2)
    cols["n_obs"] = np.add.reduceat((~prep.excluded).astype(np.int64), prep.segs.starts)
    cols["n_useful"] = rr.n_useful.astype(np.int64)
    cols["longest_run"] = rr.longest_run
    cols["longest_run_max"] = rr.longest_run_max
    cols["n_crossings"] = rr.n_crossings
    cols["n_crossings_min"] = rr.n_crossings_min
    if opts.rules == "ihi" and opts.chart == "run":
        cols["n_crossings_max"] = rr.n_crossings_max
    cols["runs_signal"] = rr.runs_signal
    cols["cl"] = seg_nanmean(lines.cl)
    cols["lcl"] = seg_nanmean(lines.lcl)
    cols["ucl"] = seg_nanmean(lines.ucl)
    cols["sigma_signal"] = np.add.reduceat(
        rr.sigma_signal.astype(np.int64), prep.segs.starts
    )
    if opts.rules == "mdc":
        cols["variation"] = _variation(ptype[last], rr.direction[last])
        assurance = _assurance(
            prep.target[last], lines.lcl[last], lines.ucl[last], opts.improvement
        )
        # as NHSRplotthedots: only the last part of each facet gets an assurance icon
        fac_last = (
            np.r_[prep.facet[last][1:] != prep.facet[last][:-1], True]
            if (prep.facet is not None)
            else np.r_[np.zeros(n_seg - 1, dtype=bool), True]
        )
        assurance[~fac_last] = ""
        cols["assurance"] = assurance
    return pd.DataFrame(cols)


def _variation(ptype, direction):
    """Making Data Count variation icon from the type of the last point of each part."""
    side = np.where(direction > 0, "high", "low")
    kind = np.array(["common_cause", "improvement", "concern", "neutral", "neutral"])[
        ptype
    ]
    out = np.char.add(np.char.add(kind, "_"), side).astype(object)
    out[ptype == 0] = "common_cause"
    return out


def _assurance(target, lcl, ucl, improvement):
    """Making Data Count assurance: where the target lies against the limits.

    Strict comparisons, as NHSRplotthedots: a target exactly on a limit is inconsistent.
    No target (or a neutral direction) gives no icon ('').
    """
    out = np.full(target.size, "", dtype=object)
    if improvement == "neutral":
        return out
    ok = np.isfinite(target) & np.isfinite(lcl) & np.isfinite(ucl)
    if improvement == "increase":
        passes, fails = target < lcl, target > ucl
    else:
        passes, fails = target > ucl, target < lcl
    with np.errstate(invalid="ignore"):
        out[ok] = "inconsistent"
        out[ok & passes] = "consistent_pass"
        out[ok & fails] = "consistent_fail"
    return out
