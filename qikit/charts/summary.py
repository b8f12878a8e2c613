"""The tables a result is read from: point types, the summary, episodes, MDC icons.

:func:`qikit.qic` computes the per-row arrays once and keeps them in a
:class:`ChartState`; :class:`~qikit.charts.result.QicResult` builds the summary and
the episodes from it when they are first asked for, so the timed call stays cheap.
Nothing here computes limits or applies rules: it only reads their results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.charts import rules as R
from qikit.charts._options import Options
from qikit.charts._prepare import Prepared
from qikit.charts._segments import seg_count, seg_sum
from qikit.charts.limits import Lines
from qikit.charts.vocabulary import POINT_TYPES

__all__ = [
    "EPISODE_COLUMNS",
    "ChartState",
    "build_episodes",
    "build_frame",
    "build_summary",
    "point_types",
]

_POINT_DTYPE = pd.CategoricalDtype(POINT_TYPES)
_RULE_DTYPE = pd.CategoricalDtype(("",) + R.RULES)

#: The columns of :meth:`QicResult.episodes` (after the facet column, when faceted).
EPISODE_COLUMNS: tuple[str, ...] = (
    "part",
    "rule",
    "direction",
    "point_type",
    "start",
    "end",
    "x_start",
    "x_end",
    "count",
)


@dataclass(frozen=True, eq=False)
class ChartState:
    """Everything :func:`qikit.qic` computed, kept for the tables built on demand.

    Attributes
    ----------
    prep : Prepared
        The rows as plotted (sorted, aggregated), with parts, segments and baseline.
    lines : Lines
        Centre line, limits and sigma lines per row.
    rules : RuleResult
        Signals per row and the runs analysis per segment.
    opts : Options
        The parsed options.
    point_type : numpy.ndarray
        ``int8`` codes into :data:`~qikit.charts.vocabulary.POINT_TYPES`, per row.
    """

    prep: Prepared
    lines: Lines
    rules: R.RuleResult
    opts: Options
    point_type: np.ndarray


def point_types(flagged: np.ndarray, direction: np.ndarray, improvement: str):
    """Codes into :data:`POINT_TYPES` from each signal and its direction.

    A signal in the better direction is an improvement, in the worse direction a
    concern; with ``improvement="neutral"`` (or no direction given) it is neutral high
    or low. ``int8``, no temporaries when nothing is flagged.

    Examples
    --------
    >>> flagged = np.array([False, True, True])
    >>> point_types(flagged, np.array([0, 1, -1]), "decrease").tolist()
    [0, 2, 1]
    >>> point_types(flagged, np.array([0, 1, -1]), "neutral").tolist()
    [0, 3, 4]
    """
    ptype = np.zeros(flagged.size, dtype=np.int8)
    if not flagged.any():
        return ptype
    high, low = flagged & (direction > 0), flagged & (direction < 0)
    if improvement == "neutral":
        ptype[high], ptype[low] = 3, 4
    else:
        good, bad = (high, low) if improvement == "increase" else (low, high)
        ptype[good], ptype[bad] = 1, 2
        ptype[flagged & (direction == 0)] = 4
    return ptype


def build_frame(
    prep: Prepared, lines: Lines, rr: R.RuleResult, ptype: np.ndarray
) -> pd.DataFrame:
    """The result's frame: one row per point (columns: see :class:`QicResult`)."""
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
    cols["rule"] = pd.Categorical.from_codes(rr.rule, dtype=_RULE_DTYPE, validate=False)
    cols["signal"] = rr.rule > 0
    cols["point_type"] = pd.Categorical.from_codes(
        ptype, dtype=_POINT_DTYPE, validate=False
    )
    cols["direction"] = rr.direction
    return pd.DataFrame(cols, index=pd.RangeIndex(prep.seg.size), copy=False)


def build_summary(state: ChartState) -> pd.DataFrame:
    """One row per facet and part (see :meth:`QicResult.summary` for the columns)."""
    prep, lines, rr, opts = state.prep, state.lines, state.rules, state.opts
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
        cols["variation"] = _variation(state.point_type[last], rr.direction[last])
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


def build_episodes(state: ChartState) -> pd.DataFrame:
    """Stretches of points flagged by one rule (see :meth:`QicResult.episodes`)."""
    prep, rr = state.prep, state.rules
    ep = R.episodes(rr, prep.seg)
    order = np.lexsort((ep["rule"], ep["start"]))
    start = ep["start"][order].astype(np.int64)
    end = ep["end"][order].astype(np.int64)
    direction = ep["direction"][order].astype(np.int8)
    codes = point_types(
        np.ones(start.size, dtype=bool), direction, state.opts.improvement
    )
    x = pd.Series(prep.x)
    cols = {}
    if prep.facet_name is not None:
        cols[prep.facet_name] = np.asarray(prep.facet)[start]
    cols["part"] = prep.part[start]
    cols["rule"] = np.array(("",) + R.RULES, dtype=object)[ep["rule"][order]]
    cols["direction"] = direction
    cols["point_type"] = np.array(POINT_TYPES, dtype=object)[codes]
    cols["start"] = start
    cols["end"] = end
    cols["x_start"] = x.iloc[start].to_numpy()
    cols["x_end"] = x.iloc[end].to_numpy()
    cols["count"] = ep["count"][order].astype(np.int64)
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
