"""The result of :func:`qikit.qic`: a tidy frame, a summary, findings and a plot."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit.charts.explain import explain as _explain
from qikit.charts.summary import ChartState, build_episodes, build_summary

__all__ = ["QicResult"]


@dataclass(eq=False)
class QicResult:
    """A computed run chart or control chart.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per point (and facet), in plotting order. Columns: the facet column
        (when faceted), ``x, y, n, part, part_label, include, baseline, cl, lcl, ucl,
        target, sigma_signal, runs_signal, rule, signal, point_type, direction``, and
        the sigma lines the rule set reads: ``lcl_2s, ucl_2s`` with "mdc", "ihi" and
        "western_electric", ``lcl_1s, ucl_1s`` with "ihi" and "western_electric".
        ``rule`` names the highest-precedence rule that flagged the point ('' when
        none); ``runs_signal`` is true on every row of a part whose runs analysis (or
        any pattern rule) found non-random variation; ``direction`` is +1 for a signal
        on the high side, −1 low, 0 none.
    chart, rules : str
        The options used (canonical names, e.g. ``chart="xmr"`` is stored as "i").
    improvement : str or None
        "increase", "decrease" or "neutral"; None when no direction was given (the
        chart then treats signals as neutral).
    facets : str or None
        Name of the facet column.
    title, ylab, xlab : str
        Labels for drawing. Without ``title``, "<chart name> of <y_name>"; without
        ``ylab``, ``y_name``.
    y_name : str
        The name of the measured column (``y``'s column name), "y" for plain values.
    multiply : float
        The factor applied to y, the centre line and the limits.
    target : float or None
        The target when one single value was given.
    x_is_position : bool
        True when no ``x`` was given, so ``frame["x"]`` holds the point numbers 1, 2,
        3, … (counted within each facet).
    shift_length, trend_length : int or None
        How many points in a row make a shift and a trend under the rule set used
        (``None`` when the rule set has no such rule, or, for the Anhøj rules, when the
        longest-run limit depends on the number of points: see ``summary()``).
    rule_names : tuple of str
        Every rule name that can appear in ``frame["rule"]``, in order of precedence.

    See Also
    --------
    qikit.qic : computes it.
    qikit.plot.plot_qic : draws it.
    """

    frame: pd.DataFrame
    chart: str
    rules: str
    improvement: str | None
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
    _state: ChartState = field(repr=False)
    _cache: dict = field(repr=False, default_factory=dict)
    y_name: str = "y"

    def episodes(self) -> pd.DataFrame:
        """Stretches of points flagged by one rule in one direction, one row each.

        Returns
        -------
        pandas.DataFrame
            In order of the first point, then rule precedence. Columns: the facet column
            (when faceted), then

            - ``part``: the part (phase) number, from 1 within each facet;
            - ``rule``: the rule's name, as in ``frame["rule"]`` (see ``rule_names``);
            - ``direction``: +1 above the centre line or rising, −1 below or falling;
            - ``point_type``: ``special_cause_improvement``, ``…_concern`` or, with no
              direction of improvement, ``…_neutral_high`` / ``…_neutral_low``;
            - ``start``, ``end``: the first and last row of ``frame`` (its index);
            - ``x_start``, ``x_end``: their ``x`` values;
            - ``count``: how many points the rule flagged.

            Points outside the limits are one row each; a run or trend is one row;
            "2 of 3" and "4 of 5" points close together are one row.

        Examples
        --------
        >>> import qikit
        >>> falls = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3]
        >>> res = qikit.qic(y=falls + [1, 2], chart="run", improvement="decrease")
        >>> res.episodes()[["rule", "point_type", "x_start", "x_end", "count"]]
               rule                 point_type  x_start  x_end  count
        0  long_run      special_cause_concern        1     12     12
        1  long_run  special_cause_improvement       13     24     12
        """
        if "episodes" not in self._cache:
            self._cache["episodes"] = build_episodes(self._state)
        return self._cache["episodes"].copy()

    def summary(self) -> pd.DataFrame:
        """One row per facet and part.

        Returns
        -------
        pandas.DataFrame
            Columns: the facet column (when faceted), ``part, part_label, n_obs,
            n_useful, longest_run, longest_run_max, n_crossings, n_crossings_min,
            runs_signal, cl, lcl, ucl, sigma_signal`` (cl, lcl and ucl averaged where
            they vary; sigma_signal counts the points outside the limits); with
            ``rules="mdc"`` also ``variation`` and ``assurance`` (the Making Data Count
            icons); with ``rules="ihi"`` on run charts also ``n_crossings_max``.
        """
        if "summary" not in self._cache:
            self._cache["summary"] = build_summary(self._state)
        return self._cache["summary"].copy()

    def explain(self) -> str:
        """Plain-English findings, one sentence per line.

        Names the periods, the rule and what it means; says so when there is no signal,
        and gives the centre line and limits. It is also the chart's text alternative.

        Returns
        -------
        str
            The findings, one per line.
        """
        return _explain(self)

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Draw the chart and return what was drawn (see :func:`qikit.plot.plot_qic`).

        With no ``ax`` a new figure is made, so a second ``res.plot()`` never draws
        on top of the first. A faceted result draws small multiples
        (:func:`qikit.plot.plot_facets`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure when left out.
        **kwargs
            Options of :func:`qikit.plot.plot_qic` (annotations, date_format …).

        Returns
        -------
        matplotlib.axes.Axes or matplotlib.figure.Figure
            The Axes drawn on, or the small multiples' Figure.
        """
        from qikit.plot import draw_result

        return draw_result(self, ax=ax, **kwargs)

    def save(self, path: str | os.PathLike, *, dpi: int = 200, **kwargs: Any) -> Any:
        """Draw the chart on a new figure and save it as PNG, SVG or PDF.

        Parameters
        ----------
        path : str or os.PathLike
            The file to write; its ending chooses the format.
        dpi : int, default 200
            Resolution of a PNG.
        **kwargs
            Options of :meth:`plot`.

        Returns
        -------
        pathlib.Path
            The path written.
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
