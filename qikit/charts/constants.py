"""Every constant the chart engine uses, with its derivation and source.

Nothing else in qikit hard-codes a control-chart constant: change a value here and every
chart follows.

References
----------
- Montgomery DC (2020). *Introduction to Statistical Quality Control*, 8th ed. Wiley.
  Appendix VI (factors for control charts), §6.3 (x̄ and s charts, unequal subgroups).
- Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart rules
  for detection of non-random variation in health care processes. *PLoS ONE* 9(11):
  e113825.
- Provost LP, Murray SK (2011). *The Health Care Data Guide*. Jossey-Bass. p. 228
  (g chart centre line), chapter 4 (run chart rules).
- Nelson LS (1982). Control charts for individual measurements. *J Qual Technol* 14(3).
- Laney DB (2002). Improved control charts for attributes. *Qual Eng* 14(4): 531–537.
- NHS England (2019). *Making Data Count: Getting started*; NHSRplotthedots (R package).
- Anhøj J (2021). qicharts2 0.8 (R package), function ``qic()``.
- Wheeler DJ, Chambers DS (1992). *Understanding Statistical Process Control*, 2nd ed.
  SPC Press (limits from the median moving range: 3.145·MR̃).
- Hampel FR (1974). The influence curve and its role in robust estimation. *J Am Stat
  Assoc* 69(346): 383–393 (the median absolute deviation as a scale, 1.4826·MAD).
- Leys C, Ley C, Klein O, Bernard P, Licata L (2013). Detecting outliers: do not use
  standard deviation around the mean, use absolute deviation around the median.
  *J Exp Soc Psychol* 49(4): 764–766.

Examples
--------
>>> round(c4(5), 4), round(a3(5), 3), round(b4(5), 3), b3(5)
(0.94, 1.427, 2.089, 0.0)
>>> int(longest_run_max(24)), int(n_crossings_min(24))
(8, 8)
"""

from __future__ import annotations

import math

import numpy as np

# --- How many points a chart needs ---------------------------------------------------
#: Fewest points in a baseline (each part, or up to ``freeze``) for firm limits: with
#: fewer, qic() warns that the centre line and limits are provisional. Anhøj & Olesen
#: (2014) and qicharts2 use 12 as the usual minimum for a useful runs analysis; Provost
#: & Murray (2011, ch. 5) suggest trial limits from about 12 subgroups.
BASELINE_MIN = 12
#: Fewest usable points (or subgroups) per chart that give any chart at all: a centre
#: line needs two points, a moving range chart three (two moving ranges). Charts not
#: listed need one.
MIN_POINTS: dict[str, int] = {"run": 2, "i": 2, "mr": 3, "t": 2, "xbar": 2, "s": 2}
#: Fewer points than this: limits are not worth computing yet; use a run chart.
#: Provost & Murray (2011, ch. 5) suggest trial limits from about 12 subgroups.
MIN_POINTS_FOR_LIMITS = 12
#: Limits from fewer points than this are trial limits, to be revised later
#: (Provost & Murray 2011 recommend 20–25 subgroups).
MIN_POINTS_FOR_FIRM_LIMITS = 20
#: Run chart rules need at least this many useful points (Anhøj & Olesen 2014).
MIN_POINTS_FOR_RUNS = 10

# --- Individuals (XmR) charts -------------------------------------------------------
#: d2 for moving ranges of two points: E[|X1 − X2|]/σ = 2/√π = 1.12838. qicharts2 and
#: most texts round it to 1.128 (Montgomery, Appendix VI, n = 2); we keep the rounding
#: so results match qicharts2 to the last digit.
D2 = 1.128
#: Upper limit of the moving-range chart, D4 for n = 2: 1 + 3·d3/d2 = 1 + 3·0.853/1.128
#: = 3.267 (Montgomery, Appendix VI). Moving ranges at or above D4·MR̄ are screened out
#: once before σ is estimated (Nelson 1982; qicharts2).
D4 = 3.267
#: The Making Data Count constant for XmR limits: 3/d2 = 3/1.128 = 2.6596, rounded to
#: 2.66 by NHS England's tool and NHSRplotthedots. Used only with ``rules="mdc"``.
MDC_MR_SCALE = 2.66
#: Number of standard deviations to the control limits (Shewhart's 3σ).
SIGMA_LIMIT = 3.0

# --- The IHI astronomical point (see qikit.charts.rules) ----------------------------
#: Median-based individuals chart: limits at the median ± 3.14·MR̃ (the median moving
#: range). For two normal values the median of |X1 − X2| is √2·Φ⁻¹(0.75)·σ = 0.954σ,
#: so 3σ = 3/0.954·MR̃ = 3.145·MR̃; Provost & Murray (2011, *The Health Care Data
#: Guide*, the I chart based on the median moving range) and Wheeler & Chambers (1992)
#: round it to 3.14. Medians are not pulled by the spikes they are meant to find.
MEDIAN_MR_SCALE = 3.14
#: σ per unit of median absolute deviation from the median: 1/Φ⁻¹(0.75) = 1.4826, so
#: median ± 3·1.4826·MAD is Hampel's identifier (Hampel 1974; Leys et al. 2013).
MAD_SCALE = 1.4826
#: σ per unit of mean absolute deviation from the median, used only when the MAD is 0
#: (more than half the points share one value): for normal data E|X − μ| = σ·√(2/π),
#: so σ = √(π/2)·E|X − μ| = 1.2533·E|X − μ|.
MEAN_AD_SCALE = math.sqrt(math.pi / 2.0)
#: Standard deviations (of the spread of the points, as above) from the median beyond
#: which a point can be astronomical: Hampel's 3, the same as Shewhart's 3σ.
ASTRONOMICAL_SIGMA = 3.0

# --- t chart (time between rare events) -----------------------------------------------
#: Times between events are transformed by y ** (1 / 3.6) to make an exponential
#: (Weibull-like) variable roughly normal before an I chart is drawn, then the centre
#: line and limits are back-transformed with ** 3.6 (Nelson 1994; Montgomery §7.3.5;
#: qicharts2).
T_CHART_POWER = 3.6

# --- g chart (opportunities between rare events) --------------------------------------
# The limits come from the mean m of a geometric distribution, m ± 3·√(m(m + 1))
# (Benneyan 2001; Provost & Murray 2011, p. 228); the centre line is drawn at the median
# of the baseline points, as qicharts2 does, because the counts are skewed.

# --- Anhøj rules (Anhøj & Olesen 2014) ------------------------------------------------
#: A run of useful points on one side of the centre line longer than
#: round(log2(n_useful)) + ANHOEJ_RUN_OFFSET signals a shift (Schilling 2012).
ANHOEJ_RUN_OFFSET = 3
#: Too few crossings: fewer than the 5th percentile of Binomial(n_useful − 1, 0.5).
ANHOEJ_CROSSINGS_PROB = 0.05
#: The same probability as a fraction 1/20, so the quantile can be found exactly in
#: whole numbers: P(X ≤ k) ≥ 1/20 ⇔ 20·Σᵢ₌₀ᵏ C(t, i) ≥ 2ᵗ.
_CROSSINGS_ODDS = 20
#: Up to this many trials the crossings limit is worked out exactly in whole numbers
#: (about 0.04 s for the whole table, once); longer series use floating point (see
#: :func:`n_crossings_min`).
CROSSINGS_EXACT_LIMIT = 8192


def _scalar(value, like):
    """A float for a scalar argument, an array for an array argument."""
    return float(value) if np.ndim(like) == 0 else value


def c4(n):
    """Unbiasing constant c4 for the sample standard deviation of ``n`` observations.

    c4(n) = √(2/(n − 1)) · Γ(n/2) / Γ((n − 1)/2), computed with log-gamma so that large
    subgroups do not overflow (Montgomery, Appendix VI). NaN for n < 2.

    >>> round(c4(2), 4), round(c4(25), 4)
    (0.7979, 0.9896)
    """
    n = np.asarray(n, dtype=float)
    if n.size == 1:
        return _scalar(np.full(n.shape, _c4_one(float(n.reshape(-1)[0]))), n)
    sizes, where = np.unique(n, return_inverse=True)  # few distinct subgroup sizes
    out = np.array([_c4_one(float(v)) for v in sizes])[where]
    return _scalar(out.reshape(n.shape), n)


def _c4_one(n: float) -> float:
    """c4 for one subgroup size (``math.lgamma``: no SciPy, no overflow)."""
    if not n >= 2 or math.isinf(n):
        return math.nan
    return math.sqrt(2.0 / (n - 1.0)) * math.exp(
        math.lgamma(n / 2.0) - math.lgamma((n - 1.0) / 2.0)
    )


def a3(n):
    """x̄-chart factor with s̄: A3 = 3 / (c4 · √n) (Montgomery, eq. 6.29)."""
    arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _scalar(SIGMA_LIMIT / (c4(arr) * np.sqrt(arr)), n)


def b3(n):
    """s-chart lower factor: max(0, 1 − 3·√(1 − c4²)/c4) (Montgomery, eq. 6.27)."""
    c = c4(np.asarray(n, dtype=float))
    with np.errstate(invalid="ignore"):
        return _scalar(np.maximum(0.0, 1.0 - SIGMA_LIMIT * np.sqrt(1.0 - c**2) / c), n)


def b4(n):
    """s-chart upper factor: 1 + 3·√(1 − c4²)/c4 (Montgomery, eq. 6.27)."""
    c = c4(np.asarray(n, dtype=float))
    with np.errstate(invalid="ignore"):
        return _scalar(1.0 + SIGMA_LIMIT * np.sqrt(1.0 - c**2) / c, n)


def longest_run_max(n_useful):
    """Longest run expected by chance: round(log2(n_useful)) + 3 (Anhøj & Olesen 2014).

    A run longer than this signals a shift. NaN when there are no useful points. R's
    ``round`` and NumPy's both round half to even; log2 of a whole number is never
    exactly half-way, so the two agree.

    >>> [int(v) for v in longest_run_max([10, 20, 30, 100])]
    [6, 7, 8, 10]
    """
    n = np.asarray(n_useful, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.round(np.log2(n)) + ANHOEJ_RUN_OFFSET
    return np.where(n >= 1, out, np.nan)


class _CrossingsTable:
    """R's ``qbinom(0.05, t, 0.5)`` for t = 0, 1, 2, … trials, exactly, grown on demand.

    Walks t upwards keeping S = Σᵢ₌₀ᵏ C(t, i) and C = C(t, k) as Python integers:
    raising k adds C(t, k + 1) = C(t, k)·(t − k)/(k + 1); moving to t + 1 uses
    S(t + 1, k) = 2·S(t, k) − C(t, k) and C(t + 1, k) = C(t, k)·(t + 1)/(t + 1 − k).
    No rounding anywhere, so the table equals the exact quantile (and SciPy's
    ``binom.ppf``, checked for every t up to 100,000).
    """

    def __init__(self) -> None:
        self.values = np.zeros(0)
        self._t, self._k, self._s, self._c = 0, 0, 1, 1
        self._out: list[int] = []

    def upto(self, top: int) -> np.ndarray:
        """The table for at least ``top + 1`` trials (0 … top)."""
        size = min(max(top + 1, 2 * self.values.size, 1024), CROSSINGS_EXACT_LIMIT)
        if size <= self.values.size:  # built already (as far as it goes)
            return self.values
        t, k, s, c, out = self._t, self._k, self._s, self._c, self._out
        while t < size:
            while _CROSSINGS_ODDS * s < (1 << t):
                c = c * (t - k) // (k + 1)
                k += 1
                s += c
            out.append(k)
            s = 2 * s - c
            c = c * (t + 1) // (t + 1 - k)
            t += 1
        self._t, self._k, self._s, self._c = t, k, s, c
        self.values = np.array(out, dtype=float)
        return self.values


_CROSSINGS = _CrossingsTable()
_CROSSINGS_LARGE: dict[int, float] = {}


def _crossings_min_large(trials: int) -> float:
    """The 5% quantile of Binomial(trials, ½) for long series, in floating point.

    Starts from the normal approximation and steps k until P(X ≤ k − 1) < 0.05 ≤
    P(X ≤ k); each tail probability is a sum of binomial terms worked out with
    ``math.lgamma`` (relative error about 1e-11, far below the gap between 0.05 and the
    nearest tail probability for any series qikit is likely to see).
    """
    if trials in _CROSSINGS_LARGE:
        return _CROSSINGS_LARGE[trials]
    log_total = math.lgamma(trials + 1) - trials * math.log(2.0)

    def cdf(k: int) -> float:
        # terms from k downwards; each is i/(t − i + 1) times the one above it
        term = math.exp(log_total - math.lgamma(k + 1) - math.lgamma(trials - k + 1))
        total, i = 0.0, k
        while i >= 0 and term > 1e-300:
            total += term
            if term < total * 1e-17:
                break
            term *= i / (trials - i + 1)
            i -= 1
        return total

    k = int(trials / 2 - 1.6448536269514722 * math.sqrt(trials) / 2)
    while cdf(k) < ANHOEJ_CROSSINGS_PROB:
        k += 1
    while k > 0 and cdf(k - 1) >= ANHOEJ_CROSSINGS_PROB:
        k -= 1
    _CROSSINGS_LARGE[trials] = float(k)
    return float(k)


def n_crossings_min(n_useful):
    """Fewest crossings expected by chance: the 5th percentile of Bin(n_useful − 1, ½).

    Fewer crossings than this signal a shift (Anhøj & Olesen 2014); this is R's
    ``qbinom(0.05, n_useful - 1, 0.5)``, the smallest k with P(X ≤ k) ≥ 0.05. Values are
    worked out exactly in whole numbers once and kept in a lookup table (up to
    :data:`CROSSINGS_EXACT_LIMIT` trials; beyond it in floating point). NaN when there
    are no useful points.

    >>> [int(v) for v in n_crossings_min([10, 20, 30, 100])]
    [2, 6, 10, 41]
    """
    n = np.asarray(n_useful, dtype=float)
    valid = np.isfinite(n) & (n >= 1)
    out = np.full(n.shape, np.nan)
    if not valid.any():
        return out
    trials = n[valid].astype(np.int64) - 1
    top = int(trials.max())
    table = _CROSSINGS.upto(top)
    small = trials < table.size
    got = np.empty(trials.size)
    got[small] = table[trials[small]]
    if not small.all():
        got[~small] = [_crossings_min_large(int(t)) for t in trials[~small]]
    out[valid] = got
    return out


def mr_sigma_factor(rules: str) -> float:
    """σ per unit of average moving range: 1/d2, or 2.66/3 with the MDC rules."""
    return MDC_MR_SCALE / SIGMA_LIMIT if rules == "mdc" else 1.0 / D2


__all__ = [
    "BASELINE_MIN",
    "MIN_POINTS",
    "MIN_POINTS_FOR_LIMITS",
    "MIN_POINTS_FOR_FIRM_LIMITS",
    "MIN_POINTS_FOR_RUNS",
    "CROSSINGS_EXACT_LIMIT",
    "D2",
    "D4",
    "MDC_MR_SCALE",
    "SIGMA_LIMIT",
    "MEDIAN_MR_SCALE",
    "MAD_SCALE",
    "MEAN_AD_SCALE",
    "ASTRONOMICAL_SIGMA",
    "T_CHART_POWER",
    "ANHOEJ_RUN_OFFSET",
    "ANHOEJ_CROSSINGS_PROB",
    "c4",
    "a3",
    "b3",
    "b4",
    "longest_run_max",
    "n_crossings_min",
    "mr_sigma_factor",
]
