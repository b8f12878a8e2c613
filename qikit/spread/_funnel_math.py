"""The arithmetic behind :func:`qikit.spread.funnel` (private).

Three conventions, each written to reproduce its reference digit for digit, and
every step vectorised: there is no Python loop over units. The functions here take
plain NumPy arrays that :mod:`qikit.spread.funnel` has already checked; they never
validate and never raise for data.

A *level* is ``"95"`` or ``"998"``; limits come back as ``{level: (lower, upper)}``
on the multiplied scale (``multiply`` is applied here, because FunnelPlotR applies
it before it clips and truncates, and the order matters in the last digit).

References
----------
- Spiegelhalter DJ (2005a). Funnel plots for comparing institutional performance.
  *Stat Med* 24: 1185–1202, Appendix A (exact limits and their interpolation).
- Spiegelhalter DJ (2005b). Handling over-dispersion of performance indicators.
  *Qual Saf Health Care* 14: 347–351 (winsorised z-scores, φ, τ²).
- DerSimonian R, Laird N (1986). Meta-analysis in clinical trials. *Control Clin
  Trials* 7: 177–188 (the moment estimate of τ²).
- Mainey C et al. (2025). FunnelPlotR 0.6.0 (R package, NHS-R Community):
  ``R/calculate_limits.R``, ``R/od_adjustment.R``, ``R/funnel_plot.R``.
- Anderson G et al. (2024). PHEindicatormethods 2.1.0 (R package, UKHSA):
  ``R/Funnels.R`` and ``R/utils.R`` (``sigma_adjustment``, ``poisson_funnel``,
  ``funnel_ratio_significance``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special

# --------------------------------------------------------------------------- constants

#: The two funnel levels: 95% ("two sigma", a warning) and 99.8% ("three sigma", an
#: alarm), the pair Spiegelhalter (2005a, §3) recommends and all three references use.
LEVELS = ("95", "998")
#: Lower and upper tail probabilities of each level (two-sided 5% and 0.2%).
TAILS = {"95": (0.025, 0.975), "998": (0.001, 0.999)}
#: Φ⁻¹(0.975) = 1.959963984540054 and Φ⁻¹(0.999) = 3.090232306167813: the normal
#: quantiles of the two levels (R's ``qnorm``; Spiegelhalter 2005a; PHE's
#: ``qnorm(0.975)``, ``qnorm(0.999)``).
Z = {"95": float(special.ndtri(0.975)), "998": float(special.ndtri(0.999))}
#: FunnelPlotR 0.6 writes the same quantiles rounded to six decimals
#: (``R/calculate_limits.R``: ``1.959964`` and ``3.090232``); we keep its rounding so
#: its limits are matched to the last digit.
Z_FUNNELPLOTR = {"95": 1.959964, "998": 3.090232}
#: FunnelPlotR's limit look-up: 1,000 points from 1.1 (standardised ratios) or 3
#: (proportions, ratios of counts) to the largest denominator rounded up
#: (``R/build_limits_lookup.R``), plus the units' own denominators.
FUNNELPLOTR_GRID = 1000
FUNNELPLOTR_GRID_START = {"ratio": 1.1, "proportion": 3.0, "rate": 3.0}
#: FunnelPlotR rounds expected counts to 2 decimal places for SHMI
#: (``SHMI_rounding = TRUE``, NHS Digital's SHMI methodology).
SHMI_DECIMALS = 2
#: PHE's significance test for ratios and rates is exact (χ²) below 10 events and
#: Byar's approximation from 10 (``funnel_ratio_significance`` in ``R/utils.R``).
PHE_EXACT_BELOW = 10
#: PHE's funnel tables have 100 rows (``calculate_funnel_limits``).
PHE_GRID = 100
#: Points in qikit's own smooth grid for Spiegelhalter's limits.
SPIEGELHALTER_GRID = 400

_TINY = np.finfo(float).tiny


# ------------------------------------------------------------------------------- spec


@dataclass(frozen=True)
class Spec:
    """A checked request: what to compute, on which convention."""

    kind: str  # "proportion", "ratio" or "rate"
    method: str  # "spiegelhalter", "funnelplotr" or "phe"
    approximation: str  # "exact" or "normal" (Spiegelhalter only)
    overdispersion: str | None  # None, "multiplicative" or "additive"
    trim: float
    sr_method: str  # "shmi" or "cqc" (FunnelPlotR ratios only)
    target: float  # θ, unmultiplied
    multiply: float

    @property
    def shmi(self) -> bool:
        """FunnelPlotR's SHMI convention (log scale, truncation, rounding)."""
        return (
            self.method == "funnelplotr"
            and self.kind == "ratio"
            and (self.sr_method == "shmi")
        )


@dataclass(frozen=True)
class Scores:
    """Per-unit z-scores and the pieces the over-dispersion estimate needs."""

    x: np.ndarray  # the x-axis quantity the limits are computed at
    z: np.ndarray  # unadjusted z on the method's own scale
    s: np.ndarray  # standard error on that scale (the DerSimonian–Laird weights)
    resid: np.ndarray  # Y − T on that scale, so z = resid / s
    kept: np.ndarray  # bool: units that enter φ and τ² (SHMI truncates)
    zw: np.ndarray  # the winsorised (or truncated: kept only) z-scores


# ------------------------------------------------------------------------ quantiles


def quantile7(values: np.ndarray, prob: float, *, presorted: bool = False) -> float:
    """R's type-7 quantile (NumPy's default ``linear``), written as R writes it.

    ``x[lo] + h·(x[hi] − x[lo])`` is computed as R's ``(1 − h)·x[lo] + h·x[hi]``
    and only where the two order statistics differ, so infinite values give R's
    answer rather than NaN. ``presorted`` skips the sort.

    Examples
    --------
    >>> quantile7(np.array([1.0, 2.0, 3.0, 4.0]), 0.1)
    1.3
    >>> float(np.quantile([1.0, 2.0, 3.0, 4.0], 0.1))
    1.3
    """
    x = values if presorted else np.sort(values)
    if x.size == 0:
        return math.nan
    index = (x.size - 1) * prob
    lo = math.floor(index)
    hi = math.ceil(index)
    q = float(x[lo])
    if index > lo and x[hi] != q:
        h = index - lo
        q = (1 - h) * q + h * float(x[hi])
    return q


def winsorise(z: np.ndarray, trim: float) -> np.ndarray:
    """z-scores pulled in to their ``trim`` and ``1 − trim`` quantiles (type 7).

    Spiegelhalter (2005b) and FunnelPlotR's ``winsorisation()``: values below the
    lower quantile become it, values above the upper become it. Only the four
    order statistics the quantiles need are found (a partial sort).
    """
    if z.size == 0:
        return z.copy()
    index = [(z.size - 1) * trim, (z.size - 1) * (1 - trim)]
    at = sorted({i for x in index for i in (math.floor(x), math.ceil(x))})
    part = np.partition(z, at)
    bounds = []
    for x in index:
        lo, hi = math.floor(x), math.ceil(x)
        q = float(part[lo])
        if x > lo and part[hi] != q:
            h = x - lo
            q = (1 - h) * q + h * float(part[hi])
        bounds.append(q)
    return np.clip(z, bounds[0], bounds[1])


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1 with ties given their average rank (R's ``rank()`` default).

    Examples
    --------
    >>> average_ranks(np.array([3.0, 1.0, 3.0, 2.0]))
    array([3.5, 1. , 3.5, 2. ])
    """
    order = np.argsort(values, kind="stable")
    sorted_ = values[order]
    new = np.r_[True, sorted_[1:] != sorted_[:-1]]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], values.size]
    group = np.cumsum(new) - 1
    mean_rank = (starts + 1 + ends) / 2  # average of positions start+1 .. end
    out = np.empty(values.size)
    out[order] = mean_rank[group]
    return out


def shmi_truncation(z: np.ndarray, trim: float) -> np.ndarray:
    """FunnelPlotR's ``truncation()``: which units survive SHMI's trimming (bool).

    Units are ranked, cut into ``k = 1/trim`` groups by ``floor(rank·k/(N + 1))``,
    and the first and last groups are left out. ``trim = 0`` keeps every unit (in
    R it leaves none, and φ is NaN).
    """
    if trim == 0:
        return np.ones(z.size, dtype=bool)
    k = 1 / trim
    sp = np.floor(average_ranks(z) * k / (z.size + 1))
    return (sp > 0) & (sp < k - 1)


def dispersion(scores: Scores) -> tuple[float, float]:
    """φ and τ² from the winsorised (or truncated) z-scores.

    φ = Σ z_w² / k over the k units kept; τ² (DerSimonian & Laird 1986, as
    Spiegelhalter 2005b and FunnelPlotR's ``tau_func``) is
    ``max(0, (kφ − (k − 1)) / (Σw − Σw²/Σw))`` with ``w = 1/s²``; NaN when fewer
    than two units are kept.
    """
    k = int(scores.kept.sum())
    if k == 0:
        return math.nan, math.nan
    with np.errstate(all="ignore"):
        phi = (1 / k) * float(np.sum(scores.zw**2))
        if k < 2 or math.isnan(phi):
            return phi, math.nan
        if k * phi < k - 1:
            return phi, 0.0
        w = 1 / scores.s[scores.kept] ** 2
        sw = float(np.sum(w))
        denom = sw - float(np.sum(w**2)) / sw
        tau2 = max(0.0, (k * phi - (k - 1)) / denom) if denom > 0 else math.nan
    return phi, tau2


# --------------------------------------------------------- discrete distributions


def _search(p, cdf: Callable, guess, top):
    """The smallest integer r in [0, top] with cdf(r) ≥ p, from a close guess."""
    r = np.clip(guess, 0, top)
    for _ in range(10_000):  # iterations over the whole array, never over units
        up = (cdf(r) < p) & (r < top)
        if not up.any():
            break
        r = r + up
    for _ in range(10_000):
        down = (r > 0) & (cdf(r - 1) >= p)
        if not down.any():
            break
        r = r - down
    return r


def _binom_cdf(n: np.ndarray, theta: float) -> Callable:
    n_int = n.astype(np.int64)

    def cdf(r):
        out = np.zeros(r.shape)
        ok = r >= 0
        out[ok] = special.bdtr(np.minimum(r[ok], n_int[ok]), n_int[ok], theta)
        return out

    return cdf


def _pois_cdf(mu: np.ndarray) -> Callable:
    def cdf(r):
        out = np.zeros(r.shape)
        ok = r >= 0
        out[ok] = special.pdtr(r[ok], mu[ok])
        return out

    return cdf


def _interpolated(p: float, cdf: Callable, guess, top) -> np.ndarray:
    """Spiegelhalter's interpolated quantile ``r_p − α`` (2005a, Appendix A.1.1).

    ``r_p`` is the p-quantile and ``α = (F(r_p) − p)/(F(r_p) − F(r_p − 1))``, so
    the limit moves smoothly from one whole count to the next.
    """
    r = _search(p, cdf, guess, top)
    f = cdf(r)
    fm = cdf(r - 1)
    with np.errstate(all="ignore"):
        alpha = np.where(f > fm, (f - p) / (f - fm), 0.0)
    return r - alpha


def _cornish_fisher(mean, sd, skew, p):
    z = special.ndtri(p)
    with np.errstate(all="ignore"):
        guess = mean + sd * (z + skew * (z * z - 1) / 6)
    return np.floor(np.nan_to_num(guess, nan=0.0, posinf=0.0) + 0.5)


def binomial_limit(p: float, n: np.ndarray, theta: float) -> np.ndarray:
    """Spiegelhalter's exact binomial limit (r_p − α)/n for proportions."""
    sd = np.sqrt(n * theta * (1 - theta))
    with np.errstate(all="ignore"):
        skew = (1 - 2 * theta) / sd
    guess = _cornish_fisher(n * theta, sd, skew, p)
    return _interpolated(p, _binom_cdf(n, theta), guess, n) / n


def poisson_limit(p: float, mu: np.ndarray) -> np.ndarray:
    """Spiegelhalter's exact Poisson quantile r_p − α for means ``mu``."""
    sd = np.sqrt(mu)
    with np.errstate(all="ignore"):
        skew = 1 / sd
    guess = _cornish_fisher(mu, sd, skew, p)
    return _interpolated(p, _pois_cdf(mu), guess, np.full(mu.shape, np.inf))


# ---------------------------------------------------------------- unit z-scores


def unit_scores(spec: Spec, y: np.ndarray, n: np.ndarray) -> Scores:
    """The z-score of each unit on the method's own scale."""
    theta = spec.target
    x = np.round(n, SHMI_DECIMALS) if spec.shmi else n
    with np.errstate(all="ignore"):
        v = y / n
        if spec.method == "funnelplotr":
            resid, s = _funnelplotr_scale(spec, y, x)
            z = np.sqrt(theta * x) * np.log(y / (theta * x)) if spec.shmi else resid / s
        else:
            s = _normal_se(spec.kind, theta, n)
            resid = v - theta
            z = resid / s if spec.method == "spiegelhalter" else _phe_z(spec, y, n)
    if spec.shmi:
        kept = shmi_truncation(z, spec.trim)
        zw = z[kept]
    else:
        kept = np.ones(z.size, dtype=bool)
        zw = winsorise(z, spec.trim)
    return Scores(x=x, z=z, s=s, resid=resid, kept=kept, zw=zw)


def _normal_se(kind: str, theta: float, x):
    """Spiegelhalter's s at x: √(θ(1 − θ)/n) for proportions, √(θ/x) otherwise."""
    if kind == "proportion":
        return np.sqrt(theta * (1 - theta) / x)
    return np.sqrt(theta / x)


def _funnelplotr_scale(spec: Spec, y, x):
    """FunnelPlotR's transformed residual Y − T and its s (``transformed_zscore``)."""
    theta = spec.target
    if spec.kind == "proportion":  # "PR": arcsine square root
        return np.arcsin(np.sqrt(y / x)) - np.arcsin(np.sqrt(theta)), 1 / (
            2 * np.sqrt(x)
        )
    if spec.kind == "ratio":
        e = theta * x  # a target θ scales the expected counts
        if spec.sr_method == "shmi":  # log scale
            return np.log(y / e), 1 / np.sqrt(e)
        return np.sqrt(y / e) - 1, 1 / (2 * np.sqrt(e))  # "CQC": square root
    # "RC", ratio of counts, log scale with 0.5 added to both counts
    resid = np.log((y + 0.5) / (x + 0.5)) - np.log(theta)
    s = np.sqrt(y / (y + 0.5) ** 2 + x / (x + 0.5) ** 2)
    return resid, s


def _phe_z(spec: Spec, y, n):
    """PHE's test as a z-score: score z for proportions, Poisson test otherwise.

    Proportions: (p − θ)/√(θ(1 − θ)/n), whose ±Φ⁻¹ thresholds are exactly where
    the Wilson interval stops covering θ. Ratios and rates: below 10 events the
    exact one-sided Poisson p-value as Φ⁻¹, from 10 events Byar's z; the side is
    the one whose test can be significant.
    """
    theta = spec.target
    if spec.kind == "proportion":
        return (y / n - theta) / np.sqrt(theta * (1 - theta) / n)
    mu = theta * n
    exact = y < PHE_EXACT_BELOW
    o1 = y + 1
    # Byar: the z at which the lower (upper) bound reaches θ
    z_hi_byar = 3 * np.sqrt(y) * (1 - 1 / (9 * y) - np.cbrt(mu / y))
    z_lo_byar = -3 * np.sqrt(o1) * (np.cbrt(mu / o1) - 1 + 1 / (9 * o1))
    # exact: P(X ≥ O) and P(X ≤ O) under Poisson(θn)
    p_hi = np.where(y > 0, special.gammainc(np.maximum(y, _TINY), mu), 1.0)
    p_lo = special.gammaincc(o1, mu)
    z_hi_exact = -special.ndtri(np.clip(p_hi, _TINY, 1.0))
    z_lo_exact = special.ndtri(np.clip(p_lo, _TINY, 1.0))
    z_hi = np.where(exact, z_hi_exact, z_hi_byar)
    z_lo = np.where(exact, z_lo_exact, z_lo_byar)
    return np.where(z_hi > 0, z_hi, np.where(z_lo < 0, z_lo, 0.0))


def z_adjusted(spec: Spec, scores: Scores, phi: float, tau2: float) -> np.ndarray:
    """The z-score against the widened limits."""
    with np.errstate(all="ignore"):
        if spec.overdispersion == "multiplicative":
            return scores.z / math.sqrt(phi)
        return scores.resid / np.sqrt(scores.s**2 + tau2)


# -------------------------------------------------------------------------- limits


def limits(
    spec: Spec,
    x: np.ndarray,
    *,
    phi: float | None = None,
    tau2: float | None = None,
    context: np.ndarray | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Limits at x, multiplied; widened by φ (multiplicative) or τ² (additive).

    ``context`` is FunnelPlotR's look-up grid: its proportion limits are truncated
    by comparing neighbours on that grid, so they depend on it.
    """
    with np.errstate(all="ignore"):
        if spec.method == "spiegelhalter":
            out = _spiegelhalter_limits(spec, x, phi, tau2)
        elif spec.method == "funnelplotr":  # multiplied and clipped there
            out = _funnelplotr_limits(spec, x, tau2, context)
            return {  # CQC's 1 − z·√(s² + τ²) can fall below 0: clip at 0
                lev: (np.maximum(lo, 0.0), np.maximum(hi, 0.0))
                for lev, (lo, hi) in out.items()
            }
        else:
            out = _phe_limits(spec, x)
    m = spec.multiply
    top = 1.0 if spec.kind == "proportion" else math.inf
    return {
        lev: (np.clip(lo, 0, top) * m, np.clip(hi, 0, top) * m)
        for lev, (lo, hi) in out.items()
    }


def _spiegelhalter_limits(spec, x, phi, tau2):
    theta = spec.target
    out = {}
    if spec.approximation == "exact" and phi is None and tau2 is None:
        for lev in LEVELS:
            p_lo, p_hi = TAILS[lev]
            if spec.kind == "proportion":
                out[lev] = (
                    binomial_limit(p_lo, x, theta),
                    binomial_limit(p_hi, x, theta),
                )
            else:
                mu = theta * x
                out[lev] = (poisson_limit(p_lo, mu) / x, poisson_limit(p_hi, mu) / x)
        return out
    s = _normal_se(spec.kind, theta, x)
    if phi is not None:
        sigma = math.sqrt(phi) * s
    elif tau2 is not None:
        sigma = np.sqrt(s**2 + tau2)
    else:
        sigma = s
    return {lev: (theta - Z[lev] * sigma, theta + Z[lev] * sigma) for lev in LEVELS}


def funnelplotr_grid(kind: str, x_units: np.ndarray) -> np.ndarray:
    """FunnelPlotR's look-up grid, with the units' own denominators.

    ``seq(start, ceiling(max), length.out = 1000)`` joined with the units' x,
    sorted, without repeats (``build_limits_lookup``).
    """
    top = math.ceil(float(np.max(x_units)))
    grid = np.linspace(FUNNELPLOTR_GRID_START[kind], top, FUNNELPLOTR_GRID)
    return np.unique(np.concatenate([grid, x_units]))


def _funnelplotr_limits(spec, x, tau2, context):
    t2 = 0.0 if tau2 is None else tau2
    m = spec.multiply
    theta = spec.target
    out = {}
    if spec.kind == "ratio" and tau2 is None:
        # exact Poisson (χ²) limits: R's qchisq(p, 2e, lower.tail = FALSE)/2 is
        # gammainccinv(e, p)
        e = theta * x
        for lev in LEVELS:
            p_lo, p_hi = TAILS[lev]
            lo = m * theta * special.gammainccinv(e, p_hi) / e
            hi = m * theta * special.gammainccinv(e + 1, p_lo) / e
            out[lev] = (lo, hi)
        return out
    if spec.kind == "ratio":
        e = theta * x
        for lev in LEVELS:
            z = Z_FUNNELPLOTR[lev]
            if spec.sr_method == "shmi":
                width = z * np.sqrt(1 / e + t2)
                out[lev] = (m * theta * np.exp(-width), m * theta * np.exp(width))
            else:  # FunnelPlotR draws 1 ± z·√(s² + τ²), not squared (issue #33)
                width = z * np.sqrt((1 / (2 * np.sqrt(e))) ** 2 + t2)
                out[lev] = (m * theta * (1 - width), m * theta * (1 + width))
        return out
    if spec.kind == "rate":  # "RC"
        s2 = (1 / (2 * np.sqrt(x))) ** 2
        for lev in LEVELS:
            width = Z_FUNNELPLOTR[lev] * np.sqrt(s2 + t2)
            out[lev] = (
                m * np.exp(math.log(theta) - width),
                m * np.exp(math.log(theta) + width),
            )
        return out
    # "PR": arcsine limits on FunnelPlotR's grid, clipped, then made monotone
    grid = np.unique(np.concatenate([context, x])) if context is not None else x
    where = np.searchsorted(grid, x)
    s2 = (1 / (2 * np.sqrt(grid))) ** 2
    centre = math.asin(math.sqrt(theta))
    for lev in LEVELS:
        width = Z_FUNNELPLOTR[lev] * np.sqrt(s2 + t2)
        lo = m * np.sin(centre - width) ** 2
        hi = m * np.sin(centre + width) ** 2
        lo = np.where(lo < 0, 0.0, lo)
        hi = np.where(hi > 1 * m, 1 * m, hi)
        lo2, hi2 = lo.copy(), hi.copy()
        lo2[:-1] = np.where(lo[:-1] > lo[1:], 0.0, lo[:-1])
        hi2[:-1] = np.where(hi[:-1] < hi[1:], 1 * m, hi[:-1])
        out[lev] = (lo2[where], hi2[where])
    return out


def _phe_limits(spec, x):
    theta = spec.target
    out = {}
    if spec.kind == "proportion":
        for lev in LEVELS:
            p_hi = TAILS[lev][1]
            out[lev] = (
                sigma_adjustment(p_hi, x, theta, "low"),
                sigma_adjustment(p_hi, x, theta, "high"),
            )
        return out
    mu = theta * x
    for lev in LEVELS:
        a = TAILS[lev][0]
        out[lev] = (theta * _events_low(a, mu) / mu, theta * _events_high(a, mu) / mu)
    return out


def sigma_adjustment(p: float, population, average: float, side: str):
    """PHE's ``sigma_adjustment()``, the Wilson score interval turned round.

    The proportion at which the Wilson interval of a unit of this size just
    reaches ``average`` (unmultiplied, unclipped).
    """
    q2 = special.ndtri(p) ** 2
    first = average * (population / q2 + 1)
    adj = np.sqrt(
        (-8 * average * (population / q2 + 1)) ** 2
        - 64
        * (1 / q2 + 1 / population)
        * average
        * (population * (average * (population / q2 + 2) - 1) + q2 * (average - 1))
    )
    last = 1 / q2 + 1 / population
    count = (first - adj / 8) / last if side == "low" else (first + adj / 8) / last
    return count / population


def _events_low(a: float, mu: np.ndarray) -> np.ndarray:
    """The (real) count O with P(X ≤ O | μ) = a: PHE's lower funnel, as a curve.

    0 where even no events are not significantly low (e^−μ ≥ a).
    """
    out = np.zeros(mu.shape)
    ok = np.exp(-mu) < a
    out[ok] = special.pdtrik(a, mu[ok])
    return out


def _events_high(a: float, mu: np.ndarray) -> np.ndarray:
    """The (real) count O with P(X ≥ O | μ) = a, i.e. ``gammainc(O, μ) = a``."""
    out = np.empty(mu.shape)
    big = np.exp(-mu) <= 1 - a  # O ≥ 1: the Poisson inverse in its count
    out[big] = special.pdtrik(1 - a, mu[big]) + 1
    small = ~big
    if small.any():  # O in (0, 1): bisection on gammainc, every unit at once
        m = mu[small]
        lo, hi = np.zeros(m.shape), np.ones(m.shape)
        for _ in range(60):
            mid = (lo + hi) / 2
            above = special.gammainc(np.maximum(mid, _TINY), m) > a
            lo = np.where(above, mid, lo)
            hi = np.where(above, hi, mid)
        out[small] = (lo + hi) / 2
    return out


# ------------------------------------------------------------------------- outside


def outside(
    spec: Spec,
    y: np.ndarray,
    n: np.ndarray,
    value: np.ndarray,
    lims: dict[str, tuple[np.ndarray, np.ndarray]],
) -> dict[str, np.ndarray]:
    """Which units are outside each level's limits (bool arrays).

    Strictly outside the limits for Spiegelhalter and FunnelPlotR (its
    ``outliers_func``); PHE's own significance test for PHE
    (``assign_funnel_significance``).
    """
    if spec.method != "phe":
        return {lev: (value < lo) | (value > hi) for lev, (lo, hi) in lims.items()}
    theta = spec.target
    out = {}
    with np.errstate(all="ignore"):
        for lev in LEVELS:
            p_hi = TAILS[lev][1]
            if spec.kind == "proportion":
                v = y / n
                low = v < sigma_adjustment(p_hi, n, theta, "low")
                high = v > sigma_adjustment(p_hi, n, theta, "high")
            else:
                lower_ci, upper_ci = _phe_ratio_ci(lev, y, n)
                high = theta < lower_ci
                low = theta > upper_ci
            out[lev] = low | high
    return out


def _phe_ratio_ci(lev: str, y: np.ndarray, n: np.ndarray):
    """PHE's ``funnel_ratio_significance``: the unit's interval for y/n."""
    conf = 0.95 if lev == "95" else 0.998
    p = 0.5 + conf / 2  # R: qchisq(p, 2O, lower.tail = FALSE)/2 = gammainccinv(O, p)
    z = special.ndtri(p)
    exact = y < PHE_EXACT_BELOW
    lo_exact = np.where(y > 0, special.gammainccinv(np.maximum(y, _TINY), p), 0.0)
    hi_exact = special.gammaincinv(y + 1, p)
    o1 = y + 1
    lo_byar = y * (1 - 1 / (9 * y) - z / 3 / np.sqrt(y)) ** 3
    hi_byar = o1 * (1 - 1 / (9 * o1) + z / 3 / np.sqrt(o1)) ** 3
    return (
        np.where(exact, lo_exact, lo_byar) / n,
        np.where(exact, hi_exact, hi_byar) / n,
    )


# ---------------------------------------------------------------------------- grids


def _r_nchar(value: float) -> int:
    """``nchar()`` of a whole number in R, which prints 1e+05 for 100000."""
    digits = str(int(value))
    if int(value) == 0:
        return 1
    mant = digits.rstrip("0")
    exp = len(digits) - 1
    sci = len(mant) + (1 if len(mant) > 1 else 0) + 2 + max(2, len(str(exp)))
    return sci if len(digits) > sci else len(digits)


def phe_grid(x_units: np.ndarray) -> np.ndarray:
    """PHE's 100-point axis (``calculate_funnel_limits``, proportions).

    From 0 (when the largest unit is more than twice the smallest) or the smallest
    rounded down, to the largest rounded up, spaced more closely where x is small.
    """
    lo, hi = float(np.min(x_units)), float(np.max(x_units))

    def floor_(v):
        if v == 0:
            return 0.0
        k = _r_nchar(math.floor(v * 0.95)) - 1
        return math.floor(v * 0.95 / 10**k) * 10**k

    def ceiling_(v):
        if v == 0:
            return 0.0
        k = _r_nchar(math.ceil(v * 1.05)) - 2
        return math.ceil(v * 1.05 / 10**k) * 10**k

    axis_min = 0.0 if hi > 2 * lo else floor_(lo)
    axis_max = ceiling_(hi)
    col = [max(1.0, axis_min)]
    for j in range(2, PHE_GRID + 1):  # 100 grid points, not units
        prev = col[-1]
        nxt = (axis_max / prev) ** (1 / (101 - j)) * prev
        col.append(max(float(np.round(nxt)), prev + 1))
    return np.array(col)


def spiegelhalter_grid(x_units: np.ndarray, whole: bool) -> np.ndarray:
    """The grid for Spiegelhalter's limits (qikit's own).

    400 points evenly spaced on a log scale from half the smallest x to 1.05 times
    the largest; whole numbers (from 1) for exact binomial limits.
    """
    lo = float(np.min(x_units)) / 2
    hi = float(np.max(x_units)) * 1.05
    grid = np.geomspace(lo, hi, SPIEGELHALTER_GRID)
    if whole:
        grid = np.maximum(np.round(grid), 1.0)
    return grid
