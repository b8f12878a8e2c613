"""Centre lines and control limits for every chart type, for all segments at once.

Each function takes the prepared rows (see :mod:`qikit.charts._prepare`) and returns a
:class:`Lines` of per-row arrays. Formulas follow qicharts2 0.8 (Anhøj 2021), which in
turn follows Montgomery (2020) and Provost & Murray (2011); the constants and their
derivations live in :mod:`qikit.charts.constants`.

Notes
-----
Only points that are both included (not excluded, not missing) and in the baseline
(up to ``freeze``) feed the centre line and limits; every point is plotted and checked
against them. Each part (phase) and each facet is computed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qikit.charts import constants as K
from qikit.charts._options import Options
from qikit.charts._prepare import Prepared
from qikit.charts._segments import Seg, seg_mean, seg_median, seg_sum


@dataclass
class Lines:
    """Per-row arrays on the plotted scale, plus the scale the rules are tested on."""

    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    sigma: np.ndarray  # σ on the analysis scale (NaN for run charts)
    y_an: np.ndarray  # values the rules test (transformed for t charts)
    cl_an: np.ndarray  # centre line on the analysis scale
    lines_1s: tuple[np.ndarray, np.ndarray] | None  # None when the rules do not use it
    lines_2s: tuple[np.ndarray, np.ndarray] | None


def compute_lines(prep: Prepared, opts: Options) -> Lines:
    """Dispatch to the chart's formula and apply ``multiply``."""
    chart = opts.chart
    fn = _CHARTS[chart]
    lines = fn(prep, opts)
    if opts.multiply != 1:
        k = opts.multiply
        lines.y = lines.y * k
        lines.cl = lines.cl * k
        lines.lcl = lines.lcl * k
        lines.ucl = lines.ucl * k
        if lines.lines_1s is not None:
            lines.lines_1s = (lines.lines_1s[0] * k, lines.lines_1s[1] * k)
        if lines.lines_2s is not None:
            lines.lines_2s = (lines.lines_2s[0] * k, lines.lines_2s[1] * k)
    return lines


def _base(prep: Prepared) -> np.ndarray:
    return prep.base


def _ratio(prep: Prepared) -> np.ndarray:
    if np.isnan(prep.den).all():
        return prep.num.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        return prep.num / prep.den


def _band(cl, width, lower_bound=None, upper_bound=None):
    """The band cl ± width, clamped to the bounds (in place: no temporary arrays)."""
    lo = np.subtract(cl, width)
    hi = np.add(cl, width)
    if lower_bound is not None:
        np.maximum(lo, lower_bound, out=lo)
    if upper_bound is not None:
        np.minimum(hi, upper_bound, out=hi)
    return lo, hi


#: The sigma lines each rule set reads (and so draws): none for the Anhøj rules, 2σ for
#: Making Data Count, 1σ and 2σ for the IHI and Western Electric rules.
ZONES = {"anhoej": (), "mdc": (2,), "ihi": (1, 2), "western_electric": (1, 2)}


def _zones(cl, sigma, lower_bound=None, upper_bound=None, which=(1, 2)):
    """The 1σ and 2σ lines asked for (None for the others)."""
    z1 = _band(cl, sigma, lower_bound, upper_bound) if 1 in which else None
    z2 = _band(cl, 2.0 * sigma, lower_bound, upper_bound) if 2 in which else None
    return z1, z2


def _symmetric(y, cl, sigma, lower_bound=None, upper_bound=None, which=()) -> Lines:
    """Limits at cl ± 3σ and the sigma lines in ``which``, reusing one width array."""
    width = K.SIGMA_LIMIT * sigma
    lcl, ucl = _band(cl, width, lower_bound, upper_bound)
    z2 = None
    if 2 in which:
        width *= 2.0 / K.SIGMA_LIMIT
        z2 = _band(cl, width, lower_bound, upper_bound)
    z1 = _band(cl, sigma, lower_bound, upper_bound) if 1 in which else None
    return Lines(y, cl, lcl, ucl, sigma, y, cl, z1, z2)


def moving_ranges(values, seg, rows):
    """Moving ranges of consecutive ``rows`` (a boolean mask) within each segment.

    Rows outside the mask are taken out first, so the neighbours of an excluded point
    form a moving range; a missing value (NaN) stays in and breaks the two moving ranges
    beside it (as qicharts2 does). Returns ``(mr, mr_seg)``, NaN where undefined.
    """
    idx = np.flatnonzero(rows)
    v, g = values[idx], seg[idx]
    if idx.size < 2:
        return np.zeros(0), np.zeros(0, dtype=seg.dtype)
    mr = np.abs(np.diff(v))
    mr[g[1:] != g[:-1]] = np.nan
    return mr, g[1:]


def average_moving_range(values, seg, rows, n_seg, screen: bool) -> np.ndarray:
    """MR̄ per segment from the moving ranges of the baseline rows.

    With ``screen``, moving ranges ≥ D4·MR̄ (3.267·MR̄) are left out once and MR̄ is
    worked out again (Nelson 1982; qicharts2 with its default option when attached).
    ``seg`` may be a :class:`~qikit.charts._segments.Seg`; when every row is used, the
    moving ranges then stay in place and are averaged block by block, with no copies.
    """
    if isinstance(seg, Seg) and rows.all():
        if not np.isnan(values).any():
            return _amr_complete(values, seg, screen)
        mr = np.empty(values.size)
        mr[0] = np.nan
        np.abs(np.diff(values), out=mr[1:])
        mr[seg.starts] = np.nan  # no moving range across a segment boundary
        g = seg
        codes = seg.codes
    else:
        mr, g = moving_ranges(values, seg.codes if isinstance(seg, Seg) else seg, rows)
        codes = g
    ok = np.isfinite(mr)
    amr = seg_mean(mr, g, ok, n_seg)
    if screen:
        with np.errstate(invalid="ignore"):
            keep = ok & (mr < K.D4 * amr[codes])
        screened = seg_mean(mr, g, keep, n_seg)
        amr = np.where(np.isfinite(screened), screened, amr)
    return amr


def _amr_complete(values, seg: Seg, screen: bool) -> np.ndarray:
    """MR̄ when every row counts and none is missing: block sums, no masks.

    The first row of each segment has no moving range; it holds a 0 that adds nothing
    to the sums and is taken off the counts.
    """
    mr = np.empty(values.size)
    mr[0] = 0.0
    np.abs(np.diff(values), out=mr[1:])
    mr[seg.starts] = 0.0
    count = np.diff(np.r_[seg.starts, values.size]) - 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        amr = np.add.reduceat(mr, seg.starts) / count
        if not screen:
            return amr
        limit = K.D4 * amr
        keep = mr < limit[seg.codes]  # the 0 at a segment's start is kept if limit > 0
        kept = np.add.reduceat(keep, seg.starts, dtype=np.float64) - (limit > 0)
        screened = np.add.reduceat(mr * keep, seg.starts) / kept
    return np.where(np.isfinite(screened), screened, amr)


def _mr_rows(prep):
    """Rows whose values feed moving ranges for limits: baseline and not excluded."""
    return prep.baseline & ~prep.excluded


def _run(prep, opts):
    y = _ratio(prep)
    cl = seg_median(y, prep.segs, _base(prep), prep.n_seg)[prep.seg]
    nan = np.full(y.size, np.nan)
    return Lines(y, cl, nan, nan.copy(), nan.copy(), y, cl, None, None)


def _i(prep, opts, y=None):
    y = _ratio(prep) if y is None else y
    base = _base(prep)  # included points have a value
    cl = seg_mean(y, prep.segs, base, prep.n_seg)
    if prep.complete:  # every point counts and none is missing
        amr = _amr_complete(y, prep.segs, opts.screen_mr)
    else:
        amr = average_moving_range(
            y, prep.segs, _mr_rows(prep), prep.n_seg, opts.screen_mr
        )
    sigma = (amr * K.mr_sigma_factor(opts.rules))[prep.seg]
    return _symmetric(y, cl[prep.seg], sigma, which=ZONES[opts.rules])


def _mr(prep, opts):
    # moving ranges over every row of the part; the limits leave out the moving range
    # at an excluded point but keep the next one (qicharts2)
    v = _ratio(prep)
    y = np.full(v.size, np.nan)
    y[1:] = np.abs(np.diff(v))
    y[np.r_[True, prep.seg[1:] != prep.seg[:-1]]] = np.nan
    base = _mr_rows(prep) & np.isfinite(y)
    amr = seg_mean(y, prep.segs, base, prep.n_seg)[prep.seg]
    ucl = K.D4 * amr
    # σ of a moving range: (D4 − 1)·MR̄/3, so that CL + 3σ = D4·MR̄
    sigma = (K.D4 - 1.0) * amr / K.SIGMA_LIMIT
    z1, z2 = _zones(amr, sigma, 0.0, which=ZONES[opts.rules])
    return Lines(y, amr, np.zeros(y.size), ucl, sigma, y, amr, z1, z2)


def _t(prep, opts):
    p = K.T_CHART_POWER
    yt = prep.num ** (1.0 / p)
    lt = _i(prep, opts, y=yt)
    back = lambda v: np.maximum(v, 0.0) ** p  # noqa: E731
    return Lines(
        prep.num.copy(),
        back(lt.cl),
        back(lt.lcl),
        back(lt.ucl),
        lt.sigma,
        yt,
        lt.cl,
        None if lt.lines_1s is None else (back(lt.lines_1s[0]), back(lt.lines_1s[1])),
        None if lt.lines_2s is None else (back(lt.lines_2s[0]), back(lt.lines_2s[1])),
    )


def _c(prep, opts):
    y = prep.num.copy()
    cl = seg_mean(y, prep.segs, _base(prep), prep.n_seg)[prep.seg]
    return _symmetric(y, cl, np.sqrt(cl), lower_bound=0.0, which=ZONES[opts.rules])


def _g(prep, opts):
    y = prep.num.copy()
    m = seg_mean(y, prep.segs, _base(prep), prep.n_seg)[prep.seg]
    sigma = np.sqrt(m * (m + 1.0))
    lines = _symmetric(y, m, sigma, lower_bound=0.0, which=ZONES[opts.rules])
    # the centre line (and the runs analysis) use the median: the counts are skewed, so
    # half the points should fall on either side of it; the limits stay around the mean
    lines.cl = seg_median(y, prep.segs, _base(prep), prep.n_seg)[prep.seg]
    lines.cl_an = lines.cl
    return lines


def _pooled_ratio(prep):
    """Σy/Σn over the baseline points of each segment (one value per segment)."""
    base = _base(prep)
    num = seg_sum(prep.num, prep.segs, base, prep.n_seg)
    den = seg_sum(prep.den, prep.segs, base, prep.n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _binomial_sigma(per_seg_variance, prep):
    """√(v/nᵢ) per row from a per-segment variance v, in place (no temporaries)."""
    sigma = per_seg_variance[prep.seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(sigma, prep.den, out=sigma)
        np.sqrt(sigma, out=sigma)
    return sigma


def _laney_factor(prep, opts, y, cl, sigma):
    """σz: the average moving range of the z-scores over d2 (Laney 2002).

    The z-score moving ranges are screened like an I chart's when ``screen_mr``.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (y - cl) / sigma
    amr = average_moving_range(z, prep.segs, _mr_rows(prep), prep.n_seg, opts.screen_mr)
    return (amr / K.D2)[prep.seg]


def _p(prep, opts, laney=False):
    y = _ratio(prep)
    p_bar = _pooled_ratio(prep)
    sigma = _binomial_sigma(p_bar * (1.0 - p_bar), prep)
    cl = p_bar[prep.seg]
    if laney:
        sigma = sigma * _laney_factor(prep, opts, y, cl, sigma)
    return _symmetric(
        y, cl, sigma, lower_bound=0.0, upper_bound=1.0, which=ZONES[opts.rules]
    )


def _u(prep, opts, laney=False):
    y = _ratio(prep)
    u_bar = _pooled_ratio(prep)
    sigma = _binomial_sigma(u_bar, prep)
    cl = u_bar[prep.seg]
    if laney:
        sigma = sigma * _laney_factor(prep, opts, y, cl, sigma)
    return _symmetric(y, cl, sigma, lower_bound=0.0, which=ZONES[opts.rules])


def _sbar(prep):
    """s̄ per segment: mean of s when subgroup sizes are equal, else pooled.

    Pooled: s̄ = √(Σ(nᵢ − 1)sᵢ² / Σ(nᵢ − 1)) (Montgomery eq. 6.31).
    """
    base = _base(prep) & np.isfinite(prep.sd)
    seg, n_seg, size = prep.segs, prep.n_seg, prep.den
    mean_s = seg_mean(prep.sd, seg, base, n_seg)
    w = size - 1.0
    num = seg_sum(w * prep.sd**2, seg, base, n_seg)
    den = seg_sum(w, seg, base, n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(num / den)
    # equal or unequal sizes is decided over every subgroup of the part (qicharts2)
    has = size > 0
    big = np.maximum.reduceat(np.where(has, size, -np.inf), seg.starts)
    small = np.minimum.reduceat(np.where(has, size, np.inf), seg.starts)
    equal = big == small
    return np.where(equal, mean_s, pooled)


def _xbar(prep, opts):
    base = _base(prep)
    y = prep.num.copy()
    size = prep.den
    cl = seg_sum(size * np.nan_to_num(y), prep.segs, base, prep.n_seg) / seg_sum(
        size, prep.segs, base, prep.n_seg
    )
    sbar = _sbar(prep)[prep.seg]
    sigma = K.a3(size) * sbar / K.SIGMA_LIMIT
    return _symmetric(y, cl[prep.seg], sigma, which=ZONES[opts.rules])


def _s(prep, opts):
    y = prep.sd.copy()
    sbar = _sbar(prep)[prep.seg]
    c4 = K.c4(prep.den)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = sbar * np.sqrt(1.0 - c4**2) / c4
    lcl = K.b3(prep.den) * sbar
    ucl = K.b4(prep.den) * sbar
    z1, z2 = _zones(sbar, sigma, 0.0, which=ZONES[opts.rules])
    return Lines(y, sbar, lcl, ucl, sigma, y, sbar, z1, z2)


_CHARTS = {
    "run": _run,
    "i": _i,
    "mr": _mr,
    "t": _t,
    "c": _c,
    "g": _g,
    "p": _p,
    "pp": lambda prep, opts: _p(prep, opts, laney=True),
    "u": _u,
    "up": lambda prep, opts: _u(prep, opts, laney=True),
    "xbar": _xbar,
    "s": _s,
}

__all__ = ["Lines", "compute_lines", "average_moving_range"]
