"""The result of :func:`qikit.qic`: a tidy frame, a summary, findings and a plot."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(eq=False)
class QicResult:
    """A computed run chart or control chart.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per point (and facet), in plotting order. Columns: the facet column (when
        faceted), ``x, y, n, part, part_label, include, baseline, cl, lcl, ucl, target,
        sigma_signal, runs_signal, rule, signal, point_type, direction``, and the sigma
        lines the rule set reads: ``lcl_2s, ucl_2s`` with "mdc", "ihi" and
        "western_electric", ``lcl_1s, ucl_1s`` with "ihi" and "western_electric". ``rule`` names the highest-precedence rule that flagged
        the point ('' when none); ``runs_signal`` is true on every row of a part whose
        runs analysis (or any pattern rule) found non-random variation; ``direction`` is
        +1 for a signal on the high side, −1 low, 0 none.
    chart, rules, improvement : str
        The options used.
    facets : str or None
        Name of the facet column.
    title, ylab, xlab : str
        Labels for drawing.
    multiply : float
        The factor applied to y, the centre line and the limits.
    target : float or None
        The target when one single value was given.

    See Also
    --------
    qikit.qic : computes it.
    qikit.plot.plot_qic : draws it.
    """

    frame: pd.DataFrame
    chart: str
    rules: str
    improvement: str
    facets: str | None
    title: str
    ylab: str
    xlab: str
    multiply: float
    target: float | None
    x_is_position: bool
    shift_length: int | None
    trend_length: int | None
    rule_names: tuple
    _state: tuple = field(repr=False)
    _cache: dict = field(repr=False, default_factory=dict)

    @property
    def _episodes(self) -> pd.DataFrame:
        if "episodes" not in self._cache:
            from qikit.charts.qic import build_episodes

            self._cache["episodes"] = build_episodes(self._state)
        return self._cache["episodes"]

    def summary(self) -> pd.DataFrame:
        """One row per facet and part.

        Columns: the facet column (when faceted), ``part, part_label, n_obs, n_useful,
        longest_run, longest_run_max, n_crossings, n_crossings_min, runs_signal, cl, lcl,
        ucl, sigma_signal`` (cl, lcl and ucl averaged where they vary; sigma_signal counts
        the points outside the limits); with ``rules="mdc"`` also ``variation`` and
        ``assurance``; with ``rules="ihi"`` on run charts also ``n_crossings_max``.
        """
        if "summary" not in self._cache:
            from qikit.charts.qic import build_summary

            self._cache["summary"] = build_summary(self._state)
        return self._cache["summary"].copy()

    def explain(self) -> str:
        """Plain-English findings, one sentence per line.

        Names the periods, the rule and what it means; says so when there is no signal,
        and gives the centre line and limits. It is also the chart's text alternative.
        """
        from qikit.charts.explain import explain

        return explain(self)

    def plot(self, ax=None, **kwargs):
        """Draw the chart and return what was drawn (see :func:`qikit.plot.plot_qic`).

        With no ``ax`` a new figure is made, so a second ``res.plot()`` never draws
        on top of the first. A faceted result draws small multiples
        (:func:`qikit.plot.plot_facets`).
        """
        from qikit.plot import draw_result

        return draw_result(self, ax=ax, **kwargs)

    def save(self, path, *, dpi=200, **kwargs):
        """Draw the chart on a new figure and save it as PNG, SVG or PDF.

        Returns the path written; ``kwargs`` go to :meth:`plot`.
        """
        from qikit.plot import save_result

        return save_result(self, path, dpi=dpi, **kwargs)

    def _repr_html_(self) -> str:
        from qikit.plot import to_html

        return to_html(self)

    def __repr__(self) -> str:
        n = len(self.frame)
        facet = f", facets={self.facets!r}" if self.facets else ""
        return (
            f"QicResult(chart={self.chart!r}, rules={self.rules!r}, points={n}{facet}, "
            f"signals={int(self.frame['signal'].sum())})"
        )
