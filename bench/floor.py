"""A pure-NumPy vectorised floor for the chart engine benchmark.

This module computes, with no pandas and no Python loop over points or series,
the same analysis that ``qikit.qic`` performs for an I chart and a p chart with
the Anhøj runs rules, one chart per series ("facet"). It is the yardstick in
``bench/bench_qic.py``: qikit should stay within 3x of it.

Series are contiguous blocks of rows, marked by an integer code per row. The
data are assumed to be in plotting order within each series, with no missing
values and no excluded points, as in the benchmark inputs.

Analysis (per series)
---------------------
I chart
    CL = mean(y). MR_i = |y_i - y_(i-1)| within the series. MR̄ = mean(MR).
    With screening (the default), moving ranges at or above 3.267·MR̄ are
    dropped once and MR̄ is recomputed from the rest. σ = MR̄ / 1.128,
    limits CL ± 3σ.
p chart
    p̄ = Σy / Σn, plotted p_i = y_i / n_i, σ_i = √(p̄(1 − p̄) / n_i),
    limits p̄ ± 3σ_i clamped to [0, 1].
Sigma signal
    a point strictly above UCL or strictly below LCL.
Anhøj runs analysis
    Points on the CL are not useful. The longest run is the longest stretch of
    consecutive useful points on the same side of the CL; crossings are the
    side changes between consecutive useful points. A series signals when
    longest_run > round(log2(n_useful)) + 3 or when
    n_crossings < qbinom(0.05, n_useful − 1, 0.5).

Sources: Anhøj J, Olesen AV (2014) Run charts revisited, PLoS ONE 9(11):e113825;
Anhøj J (2015) Diagnostic value of run chart analysis, PLoS ONE 10(3):e0121349;
Montgomery DC, Introduction to Statistical Quality Control (d2 = 1.128 for
subgroups of two; D4 = 3.267); Nelson LS (1982) J Qual Technol 14(3) on screening
moving ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

D2 = 1.128  # d2 for subgroups of two: sigma = MR̄ / d2 (Montgomery, Appendix VI)
MR_SCREEN = 3.267  # D4 for subgroups of two: upper limit of the moving ranges
CROSSINGS_ALPHA = 0.05  # lower 5th percentile of Binomial(n_useful - 1, 0.5)

# n_crossings_min indexed by the number of trials (n_useful - 1). Built once at
# import; longer series fall back to scipy for just those series.
_TABLE_SIZE = 4096
_CROSSINGS_MIN = binom.ppf(CROSSINGS_ALPHA, np.arange(_TABLE_SIZE), 0.5).astype(
    np.int64
)


@dataclass(slots=True)
class Floor:
    """Result of one floor computation.

    Per-point arrays (length N, input order): ``cl``, ``lcl``, ``ucl``, ``y``
    (the plotted value), ``sigma_signal`` and ``runs_signal`` (the series'
    runs signal repeated on each of its points). Per-series arrays (length S):
    ``series_cl``, ``n_useful``, ``longest_run``, ``longest_run_max``,
    ``n_crossings``, ``n_crossings_min``, ``series_runs_signal``.
    """

    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    sigma_signal: np.ndarray
    runs_signal: np.ndarray
    series_cl: np.ndarray
    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    n_crossings: np.ndarray
    n_crossings_min: np.ndarray
    series_runs_signal: np.ndarray


def segment_starts(codes: np.ndarray | None, size: int) -> np.ndarray:
    """First row of each contiguous block of equal codes (one block if None)."""
    if codes is None:
        return np.zeros(1, dtype=np.intp)
    edge = np.empty(size, dtype=bool)
    edge[0] = True
    np.not_equal(codes[1:], codes[:-1], out=edge[1:])
    return np.flatnonzero(edge)


def crossings_min(n_useful: np.ndarray) -> np.ndarray:
    """qbinom(0.05, n_useful - 1, 0.5): fewer crossings than this signal."""
    trials = np.maximum(n_useful - 1, 0)
    big = trials >= _TABLE_SIZE
    if not big.any():
        return _CROSSINGS_MIN[trials]
    out = _CROSSINGS_MIN[np.minimum(trials, _TABLE_SIZE - 1)]
    out[big] = binom.ppf(CROSSINGS_ALPHA, trials[big], 0.5).astype(np.int64)
    return out


def runs_analysis(
    y: np.ndarray, cl: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Anhøj runs analysis of every series at once.

    Returns per-series ``n_useful, longest_run, longest_run_max, n_crossings,
    n_crossings_min, runs_signal``.
    """
    diff = y - cl
    above = diff > 0
    useful = diff != 0
    if useful.all():  # the usual case: nothing on the CL, no compression
        side, n_useful, ustarts = above, lengths, starts
    else:
        side = above[useful]
        n_useful = np.add.reduceat(useful, starts, dtype=np.intp)
        ustarts = np.cumsum(n_useful) - n_useful
    m = side.size
    n_series = lengths.size
    nonempty = n_useful > 0
    all_nonempty = nonempty.all()
    first = ustarts if all_nonempty else ustarts[nonempty]

    # A run starts at a side change or at the first useful point of a series.
    new_run = np.empty(m, dtype=bool)
    if m:
        new_run[0] = True
        np.not_equal(side[1:], side[:-1], out=new_run[1:])
        new_run[first] = True
    run_start = np.flatnonzero(new_run)
    run_length = np.diff(run_start, append=m)
    n_runs = np.add.reduceat(new_run, first, dtype=np.intp) if m else first
    longest = (
        np.maximum.reduceat(run_length, np.cumsum(n_runs) - n_runs) if m else first
    )

    if all_nonempty:
        longest_run = longest
        n_crossings = n_runs - 1
    else:
        longest_run = np.zeros(n_series, dtype=np.intp)
        longest_run[nonempty] = longest
        n_crossings = np.zeros(n_series, dtype=np.intp)
        n_crossings[nonempty] = n_runs - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        longest_run_max = np.where(
            nonempty, np.round(np.log2(n_useful)).astype(np.intp) + 3, 0
        )
    n_crossings_min = crossings_min(n_useful)
    signal = (longest_run > longest_run_max) | (n_crossings < n_crossings_min)
    return n_useful, longest_run, longest_run_max, n_crossings, n_crossings_min, signal


def _finish(
    y: np.ndarray,
    series_cl: np.ndarray,
    cl: np.ndarray,
    lcl: np.ndarray,
    ucl: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
) -> Floor:
    sigma_signal = (y > ucl) | (y < lcl)
    runs = runs_analysis(y, cl, starts, lengths)
    return Floor(
        y=y,
        cl=cl,
        lcl=lcl,
        ucl=ucl,
        sigma_signal=sigma_signal,
        runs_signal=np.repeat(runs[5], lengths),
        series_cl=series_cl,
        n_useful=runs[0],
        longest_run=runs[1],
        longest_run_max=runs[2],
        n_crossings=runs[3],
        n_crossings_min=runs[4],
        series_runs_signal=runs[5],
    )


def i_chart(
    y: np.ndarray, codes: np.ndarray | None = None, *, screen_mr: bool = True
) -> Floor:
    """I chart with the Anhøj rules for every series (block of equal codes)."""
    y = np.asarray(y, dtype=np.float64)
    size = y.size
    starts = segment_starts(codes, size)
    lengths = np.diff(starts, append=size)

    series_cl = np.add.reduceat(y, starts) / lengths
    mr = np.empty(size)
    mr[0] = 0.0
    np.subtract(y[1:], y[:-1], out=mr[1:])
    np.abs(mr, out=mr)
    mr[starts] = 0.0  # no moving range across series, nor at the first point
    n_mr = lengths - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mr_bar = np.add.reduceat(mr, starts) / n_mr
        if screen_mr:
            keep = mr < np.repeat(MR_SCREEN * mr_bar, lengths)
            keep[starts] = False
            mr_bar = np.add.reduceat(np.where(keep, mr, 0.0), starts) / np.add.reduceat(
                keep, starts, dtype=np.intp
            )
    half_width = np.repeat(3.0 * (mr_bar / D2), lengths)
    cl = np.repeat(series_cl, lengths)
    return _finish(y, series_cl, cl, cl - half_width, cl + half_width, starts, lengths)


def p_chart(y: np.ndarray, n: np.ndarray, codes: np.ndarray | None = None) -> Floor:
    """p chart with the Anhøj rules for every series (block of equal codes)."""
    y = np.asarray(y, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    size = y.size
    starts = segment_starts(codes, size)
    lengths = np.diff(starts, append=size)

    series_cl = np.add.reduceat(y, starts) / np.add.reduceat(n, starts)
    cl = np.repeat(series_cl, lengths)
    half_width = 3.0 * np.sqrt(cl * (1.0 - cl) / n)
    lcl = np.maximum(cl - half_width, 0.0)
    ucl = np.minimum(cl + half_width, 1.0)
    return _finish(y / n, series_cl, cl, lcl, ucl, starts, lengths)
