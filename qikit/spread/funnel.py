"""Funnel plots: many units compared against one target at once.

A funnel plot puts each unit (a ward, a care home, a partnership) at its size on the
x-axis and its value on the y-axis, with control limits that narrow as units grow:
a small unit may be far from the target by chance, a large one may not. This
module computes; :func:`qikit.plot.funnel.plot_funnel` draws.

Examples
--------
>>> import pandas as pd
>>> from qikit.spread import funnel
>>> homes = pd.DataFrame({
...     "home": ["Ash", "Birch", "Cedar", "Elm", "Fir", "Oak"],
...     "falls": [12, 30, 8, 41, 9, 25],
...     "residents": [60, 95, 40, 120, 70, 90]})
>>> res = funnel(homes, y="falls", n="residents", group="home", multiply=100)
>>> res.frame[["group", "value", "lcl_95", "ucl_95", "outside_95"]].round(1)
   group  value  lcl_95  ucl_95  outside_95
0    Ash   20.0    14.7    37.0       False
1  Birch   31.6    17.1    34.9       False
2  Cedar   20.0    12.0    39.3       False
3    Elm   34.2    18.2    34.0        True
4    Fir   12.9    15.6    36.3        True
5    Oak   27.8    16.9    35.1       False
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, join_words, plural
from qikit.errors import DataError
from qikit.spread import _funnel_math as fm

__all__ = ["funnel", "FunnelResult", "KINDS", "METHODS"]

#: What y and n are: events out of people, observed against expected, events per
#: population or time.
KINDS = ("proportion", "ratio", "rate")
#: The three conventions (see :func:`funnel`, Notes).
METHODS = ("spiegelhalter", "funnelplotr", "phe")
APPROXIMATIONS = ("exact", "normal")
OVERDISPERSION = ("multiplicative", "additive")
SR_METHODS = ("shmi", "cqc")

_KIND_ALIASES = {"proportions": "proportion", "ratios": "ratio", "rates": "rate"}
_METHOD_ALIASES = {
    "pheindicatormethods": "phe",
    "fingertips": "phe",
    "funnel_plot_r": "funnelplotr",
}
_OD_ALIASES = {"random_effects": "additive", "scale": "multiplicative"}

#: Limit columns, in the order of ``FunnelResult.frame``.
LIMIT_COLUMNS = ("lcl_95", "ucl_95", "lcl_998", "ucl_998")
#: How many outlying units :meth:`FunnelResult.explain` names in one sentence.
NAMES_SHOWN = 10


# ---------------------------------------------------------------------------- result


@dataclass(frozen=True, repr=False, eq=False)
class FunnelResult:
    """The result of :func:`funnel`: one row per unit, and the funnel's limits.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per unit, in order of first appearance: ``group, y, n, value, z,
        lcl_95, ucl_95, lcl_998, ucl_998, outside_95, outside_998``, and
        ``z_adjusted`` when an over-dispersion adjustment is applied. ``y`` and
        ``n`` are the unit's totals; ``value`` is y/n times ``multiply``; the limits
        are at the unit's n (widened when adjusted) and carry ``multiply``;
        ``outside_95`` is also True for a unit outside the 99.8% limits.
    kind, method, approximation, overdispersion, sr_method, trim, multiply
        The options, as understood (canonical names). ``approximation`` and
        ``sr_method`` matter only where they apply (Spiegelhalter; FunnelPlotR's
        ratios) and otherwise keep their defaults.
    adjusted : bool
        True when an over-dispersion adjustment was applied (asked for and φ > 1).
    target : float
        θ, the value the units are compared with, on the unmultiplied scale.
    phi : float
        φ, the over-dispersion ratio (NaN when it cannot be estimated).
    tau2 : float
        τ², the DerSimonian–Laird between-unit variance on the method's z-scale
        (NaN when fewer than two units enter it). Reported even when not applied.
    group_name : str or None
        The name of the group column, when one was named.
    """

    frame: pd.DataFrame
    kind: str
    method: str
    approximation: str
    overdispersion: str | None
    adjusted: bool
    target: float
    phi: float
    tau2: float
    trim: float
    sr_method: str
    multiply: float
    group_name: str | None = None
    _spec: fm.Spec | None = field(default=None, repr=False)
    _x_units: np.ndarray | None = field(default=None, repr=False)
    _context: np.ndarray | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ limits

    def limits(self, at: Any = None) -> pd.DataFrame:
        """The funnel's limits over a smooth grid, or at the x values given.

        Parameters
        ----------
        at : number or array-like, optional
            Values of the x-axis quantity: denominators for proportions and rates,
            expected counts for ratios. Default: a grid for drawing (see Notes of
            :func:`funnel`) that also holds every unit's own x.

        Returns
        -------
        pandas.DataFrame
            Columns ``n, lcl_95, ucl_95, lcl_998, ucl_998`` (multiplied), in the
            order of ``at`` (or increasing n), and when an adjustment was applied
            also ``lcl_95_unadjusted, ucl_95_unadjusted, lcl_998_unadjusted,
            ucl_998_unadjusted``.

        Raises
        ------
        InputError
            When ``at`` holds anything but positive finite numbers, or fractions
            where exact binomial limits need whole numbers.

        Examples
        --------
        >>> from qikit.spread import funnel
        >>> res = funnel(y=[3, 9, 14], n=[20, 50, 80], approximation="normal")
        >>> res.limits(at=[10, 100]).round(3)
               n  lcl_95  ucl_95  lcl_998  ucl_998
        0   10.0   0.000   0.408    0.000    0.543
        1  100.0   0.099   0.248    0.056    0.290
        """
        spec = self._spec
        x = self._grid() if at is None else _at_values(at, spec)
        x_calc = np.round(x, fm.SHMI_DECIMALS) if spec.shmi else x
        out = {"n": x}
        lims = fm.limits(spec, x_calc, context=self._context, **self._widening())
        for lev, (lo, hi) in lims.items():
            out[f"lcl_{lev}"], out[f"ucl_{lev}"] = lo, hi
        if self.adjusted:
            raw = fm.limits(spec, x_calc, context=self._context)
            for lev, (lo, hi) in raw.items():
                out[f"lcl_{lev}_unadjusted"] = lo
                out[f"ucl_{lev}_unadjusted"] = hi
        return pd.DataFrame(out)

    def _widening(self) -> dict[str, float]:
        if not self.adjusted:
            return {}
        if self.overdispersion == "multiplicative":
            return {"phi": self.phi}
        return {"tau2": self.tau2}

    def _grid(self) -> np.ndarray:
        spec, units = self._spec, self._x_units
        if spec.method == "funnelplotr":
            return fm.funnelplotr_grid(spec.kind, units)
        if spec.method == "phe":
            return np.unique(np.concatenate([fm.phe_grid(units), units]))
        whole = spec.kind == "proportion" and spec.approximation == "exact"
        return np.unique(np.concatenate([fm.spiegelhalter_grid(units, whole), units]))

    # ----------------------------------------------------------------- explain

    def explain(self) -> str:
        """Plain-English findings, one sentence per line.

        Says what was compared with what, names the units above and below the
        99.8% and the 95% limits, and says whether the spread between units is
        larger than chance alone explains (φ) and what was done about it. It is
        also the funnel plot's text alternative.

        Examples
        --------
        >>> from qikit.spread import funnel
        >>> res = funnel(y=[5, 30, 8, 9], n=[100, 100, 100, 100],
        ...              group=["A", "B", "C", "D"])
        >>> print(res.explain())
        4 units compared with the pooled proportion of 0.13 (Spiegelhalter's exact \
binomial limits).
        1 of 4 units is above the 99.8% limit: B.
        1 of 4 units is below the 95% limit but inside the 99.8% limit: A.
        The spread between units is larger than chance alone explains (φ = 4.55); \
the limits are not widened: consider overdispersion='multiplicative' or \
'additive' with approximation='normal' before treating the outlying units as \
special causes.
        """
        return _explain(self)

    # -------------------------------------------------------------------- plot

    def plot(self, ax=None, **kwargs):
        """Draw the funnel and return the Axes.

        See :func:`qikit.plot.funnel.plot_funnel`; with no ``ax`` the funnel is
        drawn on a new figure, never on top of the last one.
        """
        from qikit.plot.funnel import draw_funnel

        return draw_funnel(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        k = len(self.frame)
        out95 = int(self.frame["outside_95"].sum())
        out998 = int(self.frame["outside_998"].sum())
        return (
            f"FunnelResult(kind={self.kind!r}, method={self.method!r}, units={k}, "
            f"outside_95={out95}, outside_998={out998}, phi={self.phi:.3g}, "
            f"adjusted={self.adjusted})"
        )


# --------------------------------------------------------------------------- funnel


def funnel(
    data: Any = None,
    *,
    y: Any,
    n: Any,
    group: Any = None,
    kind: str = "proportion",
    target: float | None = None,
    method: str = "spiegelhalter",
    approximation: str = "exact",
    overdispersion: str | None = None,
    trim: float = 0.1,
    sr_method: str = "shmi",
    multiply: float = 1,
) -> FunnelResult:
    """Compare many units against one target with funnel-plot limits.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The table holding the columns named by ``y``, ``n`` and ``group``. Leave out
        to pass the values themselves.
    y : str or array-like
        Per row: the events (proportions), the observed count (ratios) or the
        events (rates). Counts of zero or more.
    n : str or array-like
        Per row: the denominator (proportions; y cannot be larger), the expected
        count (ratios), or the population or person-time (rates). Each unit's
        total must be above zero.
    group : str or array-like, optional
        The unit each row belongs to. Rows of the same unit are summed (y and n
        separately); units keep the order in which they first appear. Default:
        each row is a unit, labelled 1, 2, 3, …
    kind : {"proportion", "ratio", "rate"}
        ``"proportion"``: y events out of n; ``"ratio"``: y observed against n
        expected (O/E, such as a standardised mortality ratio); ``"rate"``: y
        events per n of population or time.
    target : float, optional
        θ, the value to compare with, on the unmultiplied scale (0.85, not 85, for
        85% with ``multiply=100``). Default, for every method: the pooled value
        Σy/Σn for proportions and rates, 1 for ratios. A proportion's target must
        be between 0 and 1, a ratio's or rate's above 0.
    method : {"spiegelhalter", "funnelplotr", "phe"}
        The convention: Spiegelhalter (2005a), NHS-R Community's FunnelPlotR 0.6,
        or PHEindicatormethods (Fingertips). See Notes.
    approximation : {"exact", "normal"}
        Spiegelhalter only: exact binomial or Poisson limits with Spiegelhalter's
        interpolation, or the normal approximation θ ± z·s. The other methods
        each have their own (Notes); leave this at its default with them.
    overdispersion : {None, "multiplicative", "additive"}
        Widen the limits when the units vary more than chance alone explains
        (φ > 1; nothing is done when φ ≤ 1). ``"multiplicative"`` scales s by √φ;
        ``"additive"`` adds the between-unit variance τ² (a random-effects
        model). Spiegelhalter: either, with ``approximation="normal"``.
        FunnelPlotR: ``"additive"`` (its adjusted limits) or None (its unadjusted
        limits). PHE offers no adjustment.
    trim : float
        The share of z-scores winsorised in each tail before φ is estimated
        (Spiegelhalter 2005b; 0.1 = 10% at each end). FunnelPlotR's SHMI
        convention truncates instead. Between 0 and 0.5 (0.5 not included).
    sr_method : {"shmi", "cqc"}
        FunnelPlotR ratios only: NHS Digital's SHMI convention (log scale,
        truncation, expected counts rounded to 2 decimals) or the CQC's (square
        root scale, winsorising).
    multiply : float
        Multiply values and limits, e.g. 100 for percentages, 100,000 for a rate
        per 100,000. ``target`` and ``FunnelResult.target`` stay unmultiplied.

    Returns
    -------
    FunnelResult
        ``.frame``: one row per unit with columns ``group, y, n, value, z,
        lcl_95, ucl_95, lcl_998, ucl_998, outside_95, outside_998`` (plus
        ``z_adjusted`` when an adjustment is applied); ``.limits(at=None)``;
        ``.target``, ``.phi``, ``.tau2``, ``.adjusted``; ``.explain()``;
        ``.plot(ax=None)``.

    Raises
    ------
    InputError
        For an unknown kind, method, approximation, over-dispersion or SHMI/CQC
        choice; an option that does not apply to the method; ``trim`` outside
        [0, 0.5); ``multiply`` of zero or less; a target outside its range.
    ColumnError
        When a column named by ``y``, ``n`` or ``group`` is not in ``data``.
    DataError
        For values that are not numbers, are missing or infinite, negative
        counts, a unit whose n adds up to zero, y larger than n for proportions,
        fewer than two units, or data with no events (or all events) to compare.

    See Also
    --------
    qikit.plot.funnel.plot_funnel : draw the funnel.
    qikit.qic : one unit over time (a p or u chart) rather than many at once.

    Notes
    -----
    **Columns.** ``value`` = y/n × multiply. ``z`` is the unadjusted z-score on
    the method's own scale (below). The limits are clipped to [0, 1] × multiply
    for proportions and at 0 for ratios and rates. A unit is outside a level when
    its value is strictly beyond that level's limits (PHE: when PHE's own
    significance test says so).

    **Over-dispersion** (Spiegelhalter 2005b). The z-scores are winsorised at
    their ``trim`` and ``1 − trim`` quantiles (linear interpolation: R's type 7,
    NumPy's default); φ is the mean of the squared winsorised z-scores; τ² is
    DerSimonian & Laird's ``max(0, (kφ − (k − 1)) / (Σw − Σw²/Σw))`` with
    ``w = 1/s²`` over the k units. φ and τ² are always computed and reported; an
    adjustment is applied only when asked for and φ > 1. Multiplicative: limits
    θ ± z·√φ·s and ``z_adjusted = z/√φ``. Additive: limits θ ± z·√(s² + τ²) and
    ``z_adjusted = (Y − T)/√(s² + τ²)``. Both are defined on the normal
    approximation, so exact limits with an adjustment are refused.

    **method="spiegelhalter"** (Spiegelhalter 2005a). Proportions: s = √(θ(1 −
    θ)/n); ratios: s = √(θ/E); rates: s = √(θ/n); z = (y/n − θ)/s for both
    approximations. Exact limits at level p are ``(r_p − α)/n`` with r_p the
    p-quantile of Binomial(n, θ) (proportions; n must be whole) or of
    Poisson(θn) (ratios, rates) and ``α = (F(r_p) − p)/(F(r_p) − F(r_p − 1))``:
    the interpolation that makes the limits smooth. p = 0.025, 0.975 (95%) and
    0.001, 0.999 (99.8%).

    **method="funnelplotr"** (FunnelPlotR 0.6). Proportions ("PR"): arcsine
    scale, z = (asin√(y/n) − asin√θ)·2√n, limits sin²(asin√θ ± z·√(1/(4n) +
    τ²)), clipped, and where the arcsine limits stop being monotone set to 0 or
    1 by comparing each point with the next on FunnelPlotR's look-up grid (1,000
    points from 3 to the largest n, plus the units' n), as FunnelPlotR does.
    Ratios ("SR"): unadjusted limits are exact Poisson (χ²) limits; with
    ``sr_method="shmi"`` z = √E·log(O/E), adjusted limits θ·exp(±z·√(1/E + τ²)),
    expected counts rounded to 2 decimals before anything else (``n`` in the
    frame stays as given, ``value`` uses the unrounded E, and ``limits(at=…)``
    rounds ``at`` the same way), and φ from the units left after SHMI's
    truncation (ranks cut into 1/trim groups, the first and last dropped;
    ``trim=0`` keeps every unit, where FunnelPlotR would keep none);
    with ``"cqc"`` z = (√(O/E) − 1)·2√E, winsorised, and adjusted limits
    θ·(1 ± z·√(1/(4E) + τ²)) — FunnelPlotR does not square these back from the
    square-root scale (its issue #33), and qikit reproduces it. Rates use
    FunnelPlotR's ratio of counts ("RC"): z = (log((y + ½)/(n + ½)) − log θ)/s
    with s² = y/(y + ½)² + n/(n + ½)², limits θ·exp(±z·√(1/(4n) + τ²)).
    FunnelPlotR's z-constants are its own, 1.959964 and 3.090232. A target θ ≠ 1
    for a ratio is treated as scaling the expected counts (θE); FunnelPlotR
    itself always uses 1.

    **method="phe"** (PHEindicatormethods 2.1, Fingertips). Proportions: the
    limits are where a unit's Wilson score interval just reaches θ
    (``sigma_adjustment``); z is the score statistic (y/n − θ)/√(θ(1 − θ)/n),
    whose thresholds are the same. Ratios and rates: the limits are PHE's exact
    Poisson funnels as smooth curves in the x-axis quantity — at x the count O
    with P(X ≤ O) (lower) or P(X ≥ O) (upper) equal to the tail probability
    under Poisson(θx), divided by x and times θ; PHE tabulates the same curves
    at whole observed counts. Whether a unit is outside follows PHE's
    significance test (``assign_funnel_significance``): the unit's interval
    for y/n — exact χ² below 10 events, Byar's approximation from 10 — against
    θ, so near the limits it can differ slightly from comparing the value with
    the exact curves. z is that test as a z-score (Φ⁻¹ of the one-sided exact
    p-value below 10 events, Byar's z from 10), and φ and τ² use it with the
    normal approximation's s. A ratio's default target is 1, as in PHE; an
    indirectly standardised ratio ×100 is ``multiply=100``. For a directly
    standardised rate, pass n = y × multiply / DSR (PHE's derived denominator);
    PHE then withholds significance for units with fewer than 10 events, which
    qikit cannot know to do. PHE's ``years_of_data`` only relabels its x-axis.

    **Where the conventions differ, and why.** Spiegelhalter's exact limits
    follow the discrete distribution itself, interpolated so that a funnel is a
    smooth line; they are the reference the other two approximate.
    FunnelPlotR works on variance-stabilising scales (arcsine for proportions,
    log or square root for ratios) because its aim is an over-dispersion
    adjustment, which needs z-scores with a common variance; its unadjusted
    proportion limits are therefore approximate, and more so for small units.
    PHE inverts intervals — Wilson for proportions, exact Poisson for counts —
    so its limits are exactly the points where a unit's own confidence interval
    stops including the target, the way Fingertips reports significance; it does
    not estimate over-dispersion at all. PHE caps proportion limits at 100
    whatever the multiplier; qikit clips them to [0, 1] × multiply for every
    method; likewise FunnelPlotR's CQC lower limits, which fall below 0 for small
    expected counts, are clipped at 0 like every ratio limit. FunnelPlotR reports
    φ and τ² as 0 when not adjusting; qikit always reports the estimates.

    **The default grid of** ``limits()``: FunnelPlotR's own look-up for
    ``method="funnelplotr"``; PHE's 100-point axis for ``"phe"``; for
    Spiegelhalter, 400 points evenly spaced on a log scale from half the
    smallest to 1.05 times the largest x (whole numbers for exact binomial
    limits). Each grid also holds the units' own x.

    References
    ----------
    - Spiegelhalter DJ (2005a). Funnel plots for comparing institutional
      performance. *Stat Med* 24: 1185–1202.
    - Spiegelhalter DJ (2005b). Handling over-dispersion of performance
      indicators. *Qual Saf Health Care* 14: 347–351.
    - DerSimonian R, Laird N (1986). Meta-analysis in clinical trials. *Control
      Clin Trials* 7: 177–188.
    - Mainey C et al. FunnelPlotR 0.6.0 (R package), NHS-R Community.
    - Anderson G et al. PHEindicatormethods 2.1.0 (R package), UKHSA.

    Examples
    --------
    >>> from qikit.spread import funnel
    >>> res = funnel(y=[8, 20, 15, 40], n=[7.1, 15.2, 19.8, 30.4], kind="ratio",
    ...              group=["North", "South", "East", "West"])
    >>> res.frame[["group", "value", "lcl_998", "ucl_998", "outside_998"]].round(2)
       group  value  lcl_998  ucl_998  outside_998
    0  North   1.13     0.00     2.28        False
    1  South   1.32     0.27     1.85        False
    2   East   0.76     0.36     1.74        False
    3   West   1.32     0.47     1.59        False
    >>> round(res.target, 2), round(res.phi, 2)
    (1.0, 1.14)
    """
    spec_kw = _options(
        kind, method, approximation, overdispersion, trim, sr_method, multiply
    )
    kind = spec_kw["kind"]
    table = None if data is None else v.table(data)
    ys, y_name = _column("y", y, table, None)
    ns, _ = _column("n", n, table, len(ys))
    yv = _numbers("y", ys)
    nv = _numbers("n", ns)
    labels, group_name = _groups(group, table, len(ys))
    _check_rows(kind, yv, nv)
    codes, uniques = (
        (np.arange(len(yv)), np.arange(1, len(yv) + 1))
        if labels is None
        else pd.factorize(labels, sort=False)
    )
    k = len(uniques)
    if k < 2:
        raise DataError(
            "`y`: a funnel plot compares units, and there "
            f"{'is only one' if k == 1 else 'are none'} (got {k}). Give at least "
            "two units (rows, or groups with `group`)."
        )
    if labels is None:
        y_sum, n_sum = yv, nv
    else:
        y_sum = np.bincount(codes, weights=yv, minlength=k)
        n_sum = np.bincount(codes, weights=nv, minlength=k)
    _check_units(kind, y_sum, n_sum, uniques, labels is not None)
    theta = _target(target, kind, y_sum, n_sum, spec_kw["multiply"])
    spec = fm.Spec(target=theta, **spec_kw)
    if spec.method == "spiegelhalter" and kind == "proportion":
        if spec.approximation == "exact":
            _check_whole_n(n_sum, uniques, labels is not None)
    return _compute(spec, uniques, y_sum, n_sum, group_name)


def _compute(spec, labels, y, n, group_name) -> FunnelResult:
    scores = fm.unit_scores(spec, y, n)
    phi, tau2 = fm.dispersion(scores)
    adjusted = spec.overdispersion is not None and phi > 1 and not math.isnan(phi)
    if adjusted and spec.overdispersion == "additive" and not math.isfinite(tau2):
        adjusted = False
    context = (
        fm.funnelplotr_grid(spec.kind, scores.x)
        if spec.method == "funnelplotr" and spec.kind == "proportion"
        else None
    )
    widen = {}
    if adjusted:
        widen = {"phi": phi} if spec.overdispersion == "multiplicative" else {}
        widen = widen or {"tau2": tau2}
    lims = fm.limits(spec, scores.x, context=context, **widen)
    with np.errstate(all="ignore"):
        value = y / n * spec.multiply
    out = fm.outside(spec, y, n, value, lims)
    frame = pd.DataFrame(
        {
            "group": labels,
            "y": y,
            "n": n,
            "value": value,
            "z": scores.z,
            "lcl_95": lims["95"][0],
            "ucl_95": lims["95"][1],
            "lcl_998": lims["998"][0],
            "ucl_998": lims["998"][1],
            "outside_95": out["95"] | out["998"],
            "outside_998": out["998"],
        },
        copy=False,
    )
    if adjusted:
        frame["z_adjusted"] = fm.z_adjusted(spec, scores, phi, tau2)
    return FunnelResult(
        frame=frame,
        kind=spec.kind,
        method=spec.method,
        approximation=spec.approximation,
        overdispersion=spec.overdispersion,
        adjusted=bool(adjusted),
        target=spec.target,
        phi=phi,
        tau2=tau2,
        trim=spec.trim,
        sr_method=spec.sr_method,
        multiply=spec.multiply,
        group_name=group_name,
        _spec=spec,
        _x_units=scores.x,
        _context=context,
    )


# ------------------------------------------------------------------------ options


def _options(kind, method, approximation, overdispersion, trim, sr_method, multiply):
    kind = v.choice(kind, "kind", KINDS, aliases=_KIND_ALIASES)
    method = v.choice(method, "method", METHODS, aliases=_METHOD_ALIASES)
    approximation = v.choice(approximation, "approximation", APPROXIMATIONS)
    sr_method = v.choice(sr_method, "sr_method", SR_METHODS)
    if overdispersion is not None:
        overdispersion = v.choice(
            overdispersion,
            "overdispersion",
            OVERDISPERSION,
            aliases=_OD_ALIASES,
        )
    trim = v.number(trim, "trim", minimum=0, example="0.1")
    if trim >= 0.5:
        raise v.fail(
            "trim",
            "must be less than 0.5",
            trim,
            "It is the share trimmed from each end; give 0.1 for 10% at each end.",
        )
    multiply = v.number(multiply, "multiply", positive=True, example="100")
    if method != "spiegelhalter" and approximation != "exact":
        raise v.fail(
            "approximation",
            "applies only to method='spiegelhalter'",
            approximation,
            f"method={method!r} has its own approximation (see the Notes of "
            "funnel()); leave approximation out.",
        )
    if sr_method != "shmi" and not (method == "funnelplotr" and kind == "ratio"):
        raise v.fail(
            "sr_method",
            "applies only to method='funnelplotr' with kind='ratio'",
            sr_method,
            "Leave sr_method out, or use method='funnelplotr', kind='ratio'.",
        )
    if overdispersion is not None:
        if method == "phe":
            raise v.fail(
                "overdispersion",
                "PHEindicatormethods offers no over-dispersion adjustment",
                overdispersion,
                "Leave overdispersion out with method='phe', or use "
                "method='spiegelhalter', approximation='normal'.",
            )
        if method == "funnelplotr" and overdispersion == "multiplicative":
            raise v.fail(
                "overdispersion",
                "FunnelPlotR adjusts only by adding the between-unit variance τ²",
                overdispersion,
                "Use overdispersion='additive' with method='funnelplotr', or "
                "method='spiegelhalter', approximation='normal' for a "
                "multiplicative adjustment.",
            )
        if method == "spiegelhalter" and approximation == "exact":
            raise v.fail(
                "overdispersion",
                "the adjustments are defined on the normal approximation, not on "
                "exact limits",
                overdispersion,
                "Add approximation='normal', or leave overdispersion out.",
            )
    return {
        "kind": kind,
        "method": method,
        "approximation": approximation,
        "overdispersion": overdispersion,
        "trim": trim,
        "sr_method": sr_method,
        "multiply": multiply,
    }


def _target(target, kind, y, n, multiply) -> float:
    if target is None:
        if kind == "ratio":
            return 1.0
        theta = float(np.sum(y) / np.sum(n))
        if theta == 0:
            raise DataError(
                "`y`: every unit has no events, so the pooled value is 0 and there "
                "is nothing to compare (got a total of 0). Check the column, or "
                "give a target with target=…."
            )
        if kind == "proportion" and theta >= 1:
            raise DataError(
                "`y`: every unit has y equal to n (100%), so the pooled proportion "
                "is 1 and there is nothing to compare. Check the columns, or give "
                "a target with target=…."
            )
        if not math.isfinite(theta):
            raise DataError(
                "`n`: the pooled value y/n is too large to compute (got "
                f"{theta}). Give n in larger units, or a target with target=…."
            )
        return theta
    theta = v.number(target, "target", example="0.85")
    if kind == "proportion":
        if not 0 < theta < 1:
            hint = (
                f" Give the target before multiplying: {theta / multiply:g} for "
                f"{theta:g} with multiply={multiply:g}."
                if multiply > 1 and 0 < theta / multiply < 1
                else ""
            )
            raise v.fail(
                "target",
                "a proportion's target must be between 0 and 1",
                target,
                f"Give a share such as 0.85 for 85%.{hint}",
            )
    elif theta <= 0:
        raise v.fail(
            "target",
            f"a {kind}'s target must be more than zero",
            target,
            "Give a positive number, such as 1 for a ratio.",
        )
    return theta


# --------------------------------------------------------------------- the data


def _column(arg: str, value: Any, data: pd.DataFrame | None, length: int | None):
    """The values named or given by an argument, as a Series, and a name."""
    if isinstance(value, str):
        if data is None:
            raise v.fail(
                arg,
                "is a column name, but no `data` was given",
                value,
                "Pass your table as data=..., or pass the values themselves.",
            )
        name = v.column(data, value, arg)
        return data[name].reset_index(drop=True), str(name)
    if value is None:
        raise v.fail(
            arg,
            "is missing",
            value,
            f"Name a column, e.g. {arg}='deaths', or give the values.",
        )
    if isinstance(value, pd.DataFrame | dict | set) or np.ndim(value) != 1:
        raise v.fail(
            arg,
            "must be a column name or a list of values",
            value,
            f"Pass one column, e.g. {arg}='deaths' or {arg}=[5, 7, 6].",
        )
    try:
        series = pd.Series(value, copy=False).reset_index(drop=True)
    except (TypeError, ValueError):
        raise v.fail(
            arg,
            "could not read the values",
            value,
            "Pass a column name or a plain list of values.",
        ) from None
    if length is not None and len(series) != length:
        raise v.fail(
            arg,
            f"has {len(series)} values but `y` has {length}",
            fix="Give one value per row of `y`.",
        )
    name = getattr(value, "name", None)
    return series, (name if isinstance(name, str) else None)


def _numbers(arg: str, series: pd.Series) -> np.ndarray:
    """Finite floats, or an error naming the rows that are not."""
    if (
        pd.api.types.is_datetime64_any_dtype(series)
        or pd.api.types.is_timedelta64_dtype(series)
        or isinstance(series.dtype, pd.DatetimeTZDtype)
    ):
        raise DataError(
            f"`{arg}`: expected numbers but got dates or times (got "
            f"{series.dtype}). Pass the column of counts."
        )
    if pd.api.types.is_complex_dtype(series):
        raise DataError(
            f"`{arg}`: complex numbers cannot be used (got {series.dtype}). Give "
            "real numbers."
        )
    if pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
    elif isinstance(series.dtype, np.dtype) and series.dtype.kind in "iuf":
        values = np.asarray(series.to_numpy(), dtype=float)
    elif pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        conv = pd.to_numeric(series, errors="coerce")
        bad = np.flatnonzero(conv.isna().to_numpy() & ~series.isna().to_numpy())
        if bad.size:
            raise DataError(
                f"`{arg}`: {plural(bad.size, 'value')} "
                f"{'is' if bad.size == 1 else 'are'} not a number "
                f"({v.rows_text(bad)}, e.g. {v.short_repr(series.iloc[bad[0]])}). "
                "Correct or delete those entries so every value is a number."
            )
        values = conv.to_numpy(dtype=float, na_value=np.nan)
    missing = np.flatnonzero(np.isnan(values))
    if missing.size:
        raise DataError(
            f"`{arg}`: {plural(missing.size, 'value')} "
            f"{'is' if missing.size == 1 else 'are'} missing "
            f"({v.rows_text(missing)}). A funnel needs every count: fill them in, "
            "or drop those rows first (df.dropna())."
        )
    inf = np.flatnonzero(np.isinf(values))
    if inf.size:
        raise DataError(
            f"`{arg}`: {plural(inf.size, 'value')} "
            f"{'is' if inf.size == 1 else 'are'} infinite ({v.rows_text(inf)}). "
            "This usually comes from dividing by zero in a spreadsheet: correct "
            "those entries."
        )
    return values


def _groups(group: Any, data: pd.DataFrame | None, length: int):
    if group is None:
        return None, None
    series, name = _column("group", group, data, length)
    missing = np.flatnonzero(series.isna().to_numpy())
    if missing.size:
        raise DataError(
            f"`group`: {plural(missing.size, 'label')} "
            f"{'is' if missing.size == 1 else 'are'} missing "
            f"({v.rows_text(missing)}). Give every row its unit, or drop those rows."
        )
    return series, name


def _check_rows(kind: str, y: np.ndarray, n: np.ndarray) -> None:
    neg = np.flatnonzero(y < 0)
    if neg.size:
        raise DataError(
            f"`y`: counts cannot be negative ({v.rows_text(neg)}, e.g. "
            f"{fmt_number(y[neg[0]])}). Correct those entries."
        )
    what = "expected counts" if kind == "ratio" else "denominators"
    neg = np.flatnonzero(n < 0)
    if neg.size:
        raise DataError(
            f"`n`: {what} cannot be negative ({v.rows_text(neg)}, e.g. "
            f"{fmt_number(n[neg[0]])}). Correct those entries."
        )
    if kind == "proportion":
        over = np.flatnonzero(y > n)
        if over.size:
            i = over[0]
            raise DataError(
                f"`y`: a proportion's count cannot be larger than its denominator "
                f"({v.rows_text(over)}, e.g. y = {fmt_number(y[i])} out of n = "
                f"{fmt_number(n[i])}). Check that y and n are the right way round."
            )


def _unit_text(bad: np.ndarray, labels, grouped: bool) -> str:
    if not grouped:
        return v.rows_text(bad)
    shown = join_words(repr(labels[i]) for i in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    return f"{'unit' if len(bad) == 1 else 'units'} {shown}{more}"


def _check_units(kind, y, n, labels, grouped) -> None:
    zero = np.flatnonzero(n <= 0)
    if zero.size:
        what = "an expected count" if kind == "ratio" else "a denominator"
        raise DataError(
            f"`n`: every unit needs {what} above zero "
            f"({_unit_text(zero, labels, grouped)} has n = 0). A unit with n = 0 "
            "has no value to plot: drop it or correct n."
        )


def _check_whole_n(n, labels, grouped) -> None:
    frac = np.flatnonzero(n != np.round(n))
    if frac.size:
        raise DataError(
            "`n`: exact binomial limits need whole-number denominators "
            f"({_unit_text(frac, labels, grouped)}, e.g. {n[frac[0]]:g}). Use "
            "approximation='normal', or give whole numbers of people."
        )


def _at_values(at: Any, spec: fm.Spec) -> np.ndarray:
    if isinstance(at, str | bytes) or np.ndim(at) > 1:
        raise v.fail(
            "at",
            "must be a number or a list of numbers",
            at,
            "Give x-axis values such as at=[10, 50, 100].",
        )
    raw = pd.Series(np.atleast_1d(np.asarray(at, dtype=object)), dtype=object)
    if raw.size == 0:
        raise v.fail(
            "at",
            "must be a number or a list of numbers",
            at,
            "Give x-axis values such as at=[10, 50, 100].",
        )
    is_bool = raw.map(lambda a: isinstance(a, bool | np.bool_)).to_numpy(bool)
    out = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(is_bool | ~np.isfinite(out))
    if bad.size:
        raise v.fail(
            "at",
            "must be finite numbers",
            raw.iloc[bad[0]],
            "Give x-axis values such as at=[10, 50, 100].",
        )
    bad = np.flatnonzero(out <= 0)
    if bad.size:
        raise v.fail(
            "at",
            "must be more than zero",
            raw.iloc[bad[0]],
            "Give positive x-axis values, such as at=[10, 50, 100].",
        )
    if spec.method == "spiegelhalter" and spec.kind == "proportion":
        if spec.approximation == "exact" and np.any(out != np.round(out)):
            raise v.fail(
                "at",
                "exact binomial limits need whole-number denominators",
                at,
                "Give whole numbers, such as at=[10, 50, 100].",
            )
    return out


# -------------------------------------------------------------------------- explain

_METHOD_WORDS = {
    ("spiegelhalter", "exact", "proportion"): "Spiegelhalter's exact binomial limits",
    ("spiegelhalter", "exact", "ratio"): "Spiegelhalter's exact Poisson limits",
    ("spiegelhalter", "exact", "rate"): "Spiegelhalter's exact Poisson limits",
}


def _method_words(res: FunnelResult) -> str:
    key = (res.method, res.approximation, res.kind)
    if key in _METHOD_WORDS:
        return _METHOD_WORDS[key]
    if res.method == "spiegelhalter":
        return "Spiegelhalter's normal-approximation limits"
    if res.method == "funnelplotr":
        scale = {"proportion": "arcsine", "rate": "ratio-of-counts"}.get(
            res.kind, res.sr_method.upper()
        )
        return f"FunnelPlotR's {scale} limits"
    return (
        "PHE's "
        + ("Wilson score" if res.kind == "proportion" else "Poisson")
        + (" limits")
    )


def _noun(res: FunnelResult) -> str:
    name = (res.group_name or "").strip()
    # A word such as "ward" or "trust" names the units; an abbreviation ("cpp",
    # "HSCP": no vowel, or in capitals) would read as a typo, so it gives "units".
    if (
        re.fullmatch(r"[A-Za-z][A-Za-z ]{2,30}", name)
        and re.search(r"[aeiouy]", name, flags=re.I)
        and not name.isupper()
    ):
        word = name.lower()
        return word if word.endswith("s") else word + "s"
    return "units"


def _value_text(res: FunnelResult, value: float) -> str:
    percent = res.kind == "proportion" and res.multiply == 100
    return fmt_number(value, percent=percent)


def _explain(res: FunnelResult) -> str:
    f = res.frame
    k = len(f)
    units = _noun(res)
    what = {"proportion": "proportion", "ratio": "ratio", "rate": "rate"}[res.kind]
    if not _is_default_target(res):
        pooled = "the target"
    elif res.kind == "ratio":
        pooled = "the expected ratio"
    else:
        pooled = f"the pooled {what}"
    target_text = _value_text(res, res.target * res.multiply)
    lines = [
        f"{k} {units} compared with {pooled} of {target_text} ({_method_words(res)})."
    ]
    above = f["value"].to_numpy() > res.target * res.multiply
    o998 = f["outside_998"].to_numpy()
    o95 = f["outside_95"].to_numpy() & ~o998
    found = False
    for mask, level in ((o998, "the 99.8% limit"), (o95, None)):
        for side, is_side in (("above", above), ("below", ~above)):
            hit = np.flatnonzero(mask & is_side)
            if not hit.size:
                continue
            found = True
            names = [str(f["group"].iloc[i]) for i in hit[:NAMES_SHOWN]]
            more = hit.size - len(names)
            listed = join_words(names + ([f"{more} more"] if more else []))
            verb = "is" if hit.size == 1 else "are"
            where = (
                f"{side} {level}"
                if level
                else f"{side} the 95% limit but inside the 99.8% limit"
            )
            lines.append(f"{hit.size} of {k} {units} {verb} {where}: {listed}.")
    if not found:
        lines.append(
            f"All {k} {units} are inside the 95% limits: the differences between "
            "them are no larger than chance alone would produce."
        )
    lines.append(_dispersion_text(res, units))
    return "\n".join(lines)


def _is_default_target(res: FunnelResult) -> bool:
    f = res.frame
    if res.kind == "ratio":
        return res.target == 1.0
    return res.target == float(f["y"].sum() / f["n"].sum())


def _dispersion_text(res: FunnelResult, units: str) -> str:
    phi = res.phi
    if math.isnan(phi):
        return (
            f"Too few {units} are left after trimming to estimate the "
            "over-dispersion (φ)."
        )
    shown = f"φ = {fmt_number(phi)}"
    if phi <= 1:
        return (
            f"The spread between {units} is no larger than chance alone explains "
            f"({shown}), so no adjustment for over-dispersion is needed."
        )
    start = f"The spread between {units} is larger than chance alone explains ({shown})"
    if res.adjusted:
        if res.overdispersion == "multiplicative":
            how = f"multiplied by √φ = {fmt_number(math.sqrt(phi))}"
        else:
            how = (
                "widened by the between-unit variance "
                f"τ² = {fmt_number(res.tau2)} (DerSimonian–Laird)"
            )
        return f"{start}, so the limits are {how}."
    if res.method == "phe":
        advice = (
            "PHE's method has no adjustment: treat the outlying units with care, "
            "or compare with method='spiegelhalter', approximation='normal', "
            "overdispersion='additive'."
        )
    elif res.method == "funnelplotr":
        advice = (
            "consider overdispersion='additive' before treating the outlying "
            "units as special causes."
        )
    else:
        advice = (
            "consider overdispersion='multiplicative' or 'additive' with "
            "approximation='normal' before treating the outlying units as special "
            "causes."
        )
    if res.method == "phe":
        return f"{start}. {advice}"
    return f"{start}; the limits are not widened: {advice}"
