"""Draw a run chart or Shewhart chart from a :class:`~qikit.charts.QicResult`.

The drawing layer reads ``result.frame`` and a few attributes of the result (and its
summary, for the Making Data Count icons); it never recomputes a centre line, a limit
or a rule. What it draws:

* the data as a line with one marker per point; the marker's shape *and* colour say
  whether the point shows common cause variation, special cause improvement,
  special cause concern or a special cause with no preferred direction;
* a ring around each point outside the control limits, and a band behind the points
  that make up a run signal (a shift, a trend, …);
* the centre line (solid; turquoise and thicker for a part whose runs analysis found
  a non-random pattern), control limits (dashed), optional 2σ and 1σ lines (dotted)
  and the target (dash-dot). Limits that change with the denominator (p, u, X-bar
  and S charts with unequal subgroups) are drawn as one flat step per point;
* a dashed divider and a name for each part (phase), and a grey shading over the
  baseline (the points before ``freeze``) from which the limits were calculated;
* the value of the centre line ("Median" on a run chart), limits and target of the
  last part, to the right, never on top of each other;
* annotations (such as PDSA cycles) as labelled flags that never overlap;
* with ``rules="mdc"``, the Making Data Count variation and assurance icons at the
  top right, each with its meaning in words.

:func:`plot_qic` draws one chart on an Axes; small multiples (a result computed with
``facets=``) are drawn by :func:`qikit.plot.plot_facets`. :func:`draw_result` and
:func:`save_result` are what ``QicResult.plot()`` and ``QicResult.save()`` do.

Examples
--------
>>> import qikit
>>> from qikit.plot import plot_qic
>>> falls = [5, 7, 6, 8, 7, 9, 8, 7, 6, 8, 9, 7, 4, 3, 4, 2, 3, 4, 3, 2]
>>> result = qikit.qic(y=falls, chart="i", improvement="decrease",
...                    title="Falls per 1,000 bed days")
>>> ax = plot_qic(result, annotations=[(12, "PDSA 1: hourly rounding")])
>>> [t.get_text() for t in ax.texts if t.get_gid() == "qikit-annotation"]
['PDSA 1: hourly rounding']

See the tests in ``tests/plot/`` for a chart of every type.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from qikit.charts import QicResult
from qikit.errors import InputError
from qikit.plot import _frame, _panel, style
from qikit.plot._frame import checked_frame, icons
from qikit.plot._panel import NumberFormatter
from qikit.plot.annotate import Annotations, annotation_frame, number_notes
from qikit.plot.facets import plot_facets
from qikit.plot.save import figure_of, save_figure

__all__ = ["plot_qic", "draw_result", "save_result", "NumberFormatter"]


def plot_qic(
    result: QicResult,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    annotations: Annotations | None = None,
    show_legend: bool = True,
    date_format: str | None = None,
    sigma_lines: Sequence[int] | None = None,
) -> Axes:
    """Draw a run chart or control chart computed by :func:`qikit.qic`.

    Parameters
    ----------
    result : QicResult
        The result of :func:`qikit.qic`, computed without ``facets`` (draw small
        multiples with :func:`qikit.plot.plot_facets`). Only ``result.frame``, its
        summary and the attributes ``chart``, ``rules``, ``improvement``,
        ``title``, ``ylab``, ``xlab`` and ``multiply`` are read; nothing is
        recomputed.
    ax : matplotlib.axes.Axes, optional
        Where to draw. Default: the current Axes (``plt.gca()``); when no figure is
        open a new 10 × 5.6 inch figure is made first. (``result.plot()`` always
        starts a new figure.)
    title : str, optional
        Chart title. Default: the result's title; a default title made from the
        chart name ("P chart (proportions) of seen") is shown without the chart
        name, which the subtitle gives.
    annotations : DataFrame, list of (x, label) or dict {x: label}, optional
        Events to mark, such as PDSA cycles: a DataFrame with columns ``x`` and
        ``label``, a list of ``(x, label)`` pairs or a dict ``{x: label}``. Dates may
        be written day first ("07/04/2024" is 7 April 2024). Each is drawn as a
        labelled flag; flags that would overlap are staggered.
    show_legend : bool, default True
        Show a legend, in plain English, of every kind of point and line drawn.
    date_format : str, optional
        A ``strftime`` format for date tick labels, such as ``"%b %Y"`` or
        ``"%b-%y"`` ("Apr-16", as in board reports). Default: short labels (months,
        and the year where it changes) with the year also on the first label.
    sigma_lines : sequence of int, optional
        Which σ lines to draw: ``(2,)``, ``(1, 2)`` or ``()``. Default: the lines the
        rule set uses (2σ for ``ihi`` and ``mdc``; 1σ and 2σ for
        ``western_electric``; none for ``anhoej``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. Artists carry gids: ``qikit-cl``, ``qikit-ucl``,
        ``qikit-data``, ``qikit-<point state>``, ``qikit-value-cl``,
        ``qikit-annotation``, ``qikit-icon-variation`` (and ``-label``) …

    Raises
    ------
    InputError
        When ``result`` has no usable ``frame``, is split into facets (use
        :func:`qikit.plot.plot_facets`), or when ``annotations`` or
        ``sigma_lines`` cannot be used.

    See Also
    --------
    qikit.plot.plot_facets : small multiples, one panel per facet.
    qikit.plot.to_html : the chart as an HTML figure with a text alternative.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import qikit
    >>> from qikit.plot import plot_qic
    >>> data = pd.DataFrame({
    ...     "month": pd.date_range("2024-01-01", periods=12, freq="MS"),
    ...     "seen": [41, 45, 40, 47, 50, 52, 49, 55, 58, 54, 57, 60],
    ...     "patients": 80})
    >>> result = qikit.qic(data, x="month", y="seen", n="patients", chart="p",
    ...                    multiply=100, ylab="% seen within 4 hours")
    >>> fig, ax = plt.subplots()
    >>> ax = plot_qic(result, ax=ax, title="Ward A", date_format="%b")
    >>> ax.get_ylabel(), ax.get_title(loc="left")
    ('% seen within 4 hours', 'Ward A')
    """
    frame = checked_frame(result)
    facets = getattr(result, "facets", None)
    if facets is not None:
        raise InputError(
            f"`result`: this chart is split into facets (got facets={facets!r}), so "
            "it needs one panel per facet. Draw it with plot_facets(result) (or "
            f"result.plot()), or filter the data to one {facets} and chart that."
        )
    with _panel.quiet():
        notes = number_notes(annotation_frame(annotations))
        lines = _frame.sigma_lines(result, sigma_lines)
        if ax is None:
            if not plt.get_fignums():
                plt.figure(figsize=style.FIGSIZE, layout="constrained")
            ax = plt.gca()
        elif not isinstance(ax, Axes):
            raise InputError(
                f"`ax`: must be a Matplotlib Axes (got {type(ax).__name__}). "
                "Leave ax out, or pass one from plt.subplots()."
            )
        panel = _panel.draw_panel(ax, result, frame, notes, lines)
        _panel.finish_x([panel], shared=False, date_format=date_format)
        left, rows = _panel.titles(ax, result, title)
        if show_legend or panel.numbered:
            kinds = panel.kinds if show_legend else []
            key = panel.notes if panel.numbered else None
            _panel.legend_below(ax, _panel.legend_handles(kinds, result, key))
        _panel.settle_layout(ax.figure)
        _panel.finish_y([panel], result, shared=False)
        _panel.draw_icons(ax, icons(result).get(None, []), left=left, rows=rows)
    return ax


def draw_result(
    result: QicResult, ax: Axes | None = None, **kwargs: Any
) -> Axes | Figure:
    """What ``QicResult.plot()`` does: draw on ``ax``, or on a new figure.

    Never draws on top of the last chart: with no ``ax`` a new figure is made. A
    faceted result is drawn by :func:`qikit.plot.plot_facets` (which returns the
    Figure); any other by :func:`plot_qic` (which returns the Axes). ``kwargs`` go
    to that function.

    Raises
    ------
    InputError
        When ``ax`` is given for a faceted result, or as for the drawing function.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import qikit
    >>> result = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c")
    >>> first, second = draw_result(result), draw_result(result)
    >>> first.figure is not second.figure
    True
    """
    if getattr(result, "facets", None) is not None:
        if ax is not None:
            raise InputError(
                f"`ax`: a chart split into facets needs a figure of its own (got an "
                f"Axes, for facets by {result.facets!r}). Call result.plot() without "
                f"ax, or filter the data to one {result.facets} and chart that."
            )
        return plot_facets(result, **kwargs)
    if ax is None:
        fig = plt.figure(figsize=style.FIGSIZE, layout="constrained")
        ax = fig.add_subplot()
    return plot_qic(result, ax=ax, **kwargs)


def save_result(
    result: QicResult,
    path: str | os.PathLike[str],
    *,
    dpi: int = 200,
    **kwargs: Any,
) -> Path:
    """What ``QicResult.save(path)`` does: draw on a new figure, save it, close it.

    Returns the path written (PNG, SVG or PDF, from the suffix); ``kwargs`` go to
    :func:`draw_result`.

    Raises
    ------
    InputError
        As for :func:`draw_result` and :func:`qikit.plot.save_figure`.
    """
    drawn = draw_result(result, **kwargs)
    fig = figure_of(drawn)
    try:
        return save_figure(fig, path, dpi=dpi)
    finally:
        plt.close(fig)
