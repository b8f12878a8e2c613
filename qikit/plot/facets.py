"""Small multiples: one chart panel for each facet of a :func:`qikit.qic` result.

A result computed with ``facets="trust"`` holds one chart per trust, each with its
own centre line and limits. :func:`plot_facets` draws them on one new figure, in the
order of the facets in ``result.frame``, with one legend and one title for all, and
the Making Data Count icons on each panel.

Examples
--------
>>> import pandas as pd
>>> import qikit
>>> from qikit.plot import plot_facets
>>> data = pd.DataFrame({
...     "month": pd.date_range("2024-01-01", periods=12, freq="MS").repeat(2),
...     "ward": ["A", "B"] * 12,
...     "seen": [41, 30, 45, 33, 40, 35, 47, 31, 50, 36, 52, 38,
...              49, 40, 55, 39, 58, 41, 54, 44, 57, 40, 60, 43],
...     "patients": 80})
>>> by_ward = qikit.qic(data, x="month", y="seen", n="patients", chart="p",
...                     facets="ward")
>>> fig = plot_facets(by_ward)
>>> [ax.get_title(loc="left") for ax in fig.axes]
['A', 'B']
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from qikit._validate import boolean, whole_number
from qikit.charts import QicResult
from qikit.errors import InputError
from qikit.plot import _frame, _panel, style
from qikit.plot._frame import checked_frame, icons
from qikit.plot._text import text_width_points
from qikit.plot._xaxis import x_scale
from qikit.plot.annotate import Annotations, annotation_frame, number_notes

__all__ = ["plot_facets", "draw_facets"]

_TITLE_PAD = 6.0  # points between a panel and its title (Matplotlib's default)


def plot_facets(
    result: QicResult,
    *,
    ncols: int | None = None,
    sharey: bool | None = None,
    title: str | None = None,
    annotations: Annotations | None = None,
    show_legend: bool = True,
    date_format: str | None = None,
    sigma_lines: Sequence[int] | None = None,
) -> Figure:
    """Draw small multiples: one panel per facet, on a new figure.

    Parameters
    ----------
    result : QicResult
        The result of :func:`qikit.qic` with ``facets=`` (one chart per facet).
    ncols : int, optional
        Panels per row. Default: 1 for one facet, 2 for two or four, else 3.
    sharey : bool, optional
        Give every panel the same y axis. Default: shared when the panels' ranges
        are alike (the narrowest covers at least a third of all).
    title : str, optional
        Title above all panels. Default: the result's title (without the chart
        name, which the subtitle gives).
    annotations : DataFrame, list of (x, label) or dict {x: label}, optional
        Events to mark, as for :func:`qikit.plot.plot_qic`. A DataFrame may also
        have the facet column, to mark one panel only.
    show_legend : bool, default True
        One legend, under the panels, of every kind of point and line drawn.
    date_format : str, optional
        A ``strftime`` format for date tick labels, as for ``plot_qic``.
    sigma_lines : sequence of int, optional
        Which σ lines to draw, as for ``plot_qic``.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes`` holds the panels in the order of the facets (empty grid cells
        are removed); each panel's title (``ax.get_title(loc="left")``) is its facet.

    Raises
    ------
    InputError
        When ``result`` is not split into facets (draw it with ``plot_qic``), or an
        argument cannot be used.

    See Also
    --------
    qikit.plot.plot_qic : one chart on an Axes.
    """
    frame = checked_frame(result)
    facet = getattr(result, "facets", None)
    if facet is None:
        raise InputError(
            "`result`: this chart is not split into facets (got facets=None). Draw "
            "it with plot_qic(result), or compute small multiples with "
            "qikit.qic(..., facets='ward')."
        )
    if ncols is not None:
        ncols = whole_number(ncols, "ncols", minimum=1, maximum=12, example=3)
    if sharey is not None:
        sharey = boolean(sharey, "sharey")
    with _panel.quiet():
        notes = number_notes(annotation_frame(annotations))
        lines = _frame.sigma_lines(result, sigma_lines)
        fig = plt.figure(layout="constrained")
        draw_facets(
            fig,
            result,
            frame,
            notes,
            ncols=ncols,
            title=title,
            show_legend=show_legend,
            date_format=date_format,
            sigma_lines=lines,
            sharey=sharey,
        )
    return fig


def draw_facets(
    fig: Figure,
    result: QicResult,
    frame: pd.DataFrame,
    notes: pd.DataFrame,
    *,
    ncols: int | None = None,
    title: str | None = None,
    show_legend: bool = True,
    date_format: str | None = None,
    sigma_lines: tuple[int, ...] = (),
    sharey: bool | None = None,
) -> np.ndarray:
    """Small multiples on ``fig`` (which may be outside pyplot); returns the Axes."""
    facet = result.facets
    if facet not in frame.columns:
        raise InputError(
            f"`result`: the frame has no facet column (got facets={facet!r}, columns "
            f"{list(frame.columns)!r}). Pass the result of qikit.qic unchanged."
        )
    keys = list(pd.unique(frame[facet]))
    if ncols is None:
        ncols = 1 if len(keys) == 1 else 2 if len(keys) in (2, 4) else 3
    ncols = max(1, min(ncols, len(keys)))
    nrows = -(-len(keys) // ncols)
    width, height = style.FACET_PANEL_SIZE
    fig.set_size_inches(width * ncols, height * nrows + 1.6)
    shared_x = x_scale(frame["x"]).kind != "category"
    shared_y = _share_y(frame, facet) if sharey is None else bool(sharey)
    grid = fig.subplots(nrows, ncols, sharex=shared_x, sharey=shared_y, squeeze=False)
    axes = grid.ravel()
    for ax in axes[len(keys) :]:
        ax.remove()
    axes = axes[: len(keys)]
    panels = []
    for ax, key in zip(axes, keys, strict=True):
        rows = frame[facet] == key
        panel_notes = notes[notes[facet] == key] if facet in notes.columns else notes
        panels.append(
            _panel.draw_panel(
                ax, result, frame[rows.to_numpy()], panel_notes, sigma_lines
            )
        )
        ax.set_title(
            str(key),
            loc="left",
            fontsize=style.FONT_SIZES["panel_title"],
            fontweight="bold",
            color=style.DARK_GREY,
            pad=_TITLE_PAD,
        )
        ax.set_xlabel("")
        ax.set_ylabel("")
    _panel.label_bottom_row(axes, ncols, getattr(result, "xlab", None) or "")
    _panel.finish_x(panels, shared=shared_x, date_format=date_format)
    if any(p.numbered for p in panels):  # the same number means the same event
        for panel in panels:
            panel.numbered = True
    _panel.figure_titles(fig, result, title)
    if show_legend or panels[0].numbered:
        kinds = [k for p in panels for k in p.kinds] if show_legend else []
        key = notes if panels[0].numbered else None
        handles, ncol = _panel.legend_columns(
            _panel.legend_handles(kinds, result, key), fig.get_figwidth() * 72 * 0.95
        )
        fig.legend(
            handles=handles, loc="outside lower center", ncol=ncol, **_panel.LEGEND_KW
        )
    _panel.settle_layout(fig)
    _panel.finish_y(panels, result, shared=shared_y)
    found = icons(result)
    size = style.FONT_SIZES["panel_title"]
    for ax, key in zip(axes, keys, strict=True):
        left = text_width_points(str(key), size, bold=True)
        row = _TITLE_PAD + size * 0.6
        _panel.draw_icons(ax, found.get(key, []), left=left, rows=[row])
    return axes


def _share_y(frame: pd.DataFrame, facet: str) -> bool:
    """Share y when the narrowest facet's range is at least a third of the whole."""
    cols = [c for c in ("y", "lcl", "ucl", "target") if c in frame.columns]
    values = frame[cols].apply(pd.to_numeric, errors="coerce")
    low = values.min(axis=1).groupby(frame[facet], sort=False).min()
    high = values.max(axis=1).groupby(frame[facet], sort=False).max()
    whole = high.max() - low.min()
    if not np.isfinite(whole) or whole == 0:
        return True
    return bool((high - low).min() >= whole / 3)
