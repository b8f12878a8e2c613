"""A layout engine for a figure of one chart: fit it in one measuring pass.

Matplotlib's constrained layout places each Axes so that everything drawn around it
(tick labels, axis labels, title, legend, flags) fits inside the figure. It measures
the figure twice each time it runs, and a qikit chart runs it twice (once so that
text can be placed on the final Axes size, once when it is drawn): four passes
over every tick and label, about half the time it takes to draw a chart for a web
app. For a figure with one Axes the same result needs one pass: measure how far the
drawing reaches beyond the Axes on each side, and move the Axes in by that much.
Moving an Axes does not change the size of its labels, so the fit is exact unless
the ticks themselves change with the new size (Matplotlib picks fewer y ticks on a
shorter axis); only then is it measured again.

:class:`FitLayoutEngine` does that, and hands a figure with any other number of Axes
to constrained layout. It ignores the width of titles and axis labels, as
constrained layout does, so a long title never squeezes the chart (the caller crops
a figure whose title is wider than the figure; see :mod:`qikit.plot.html`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, LayoutEngine
from matplotlib.transforms import Bbox

__all__ = [
    "FitLayoutEngine",
    "MemoFormatter",
    "MemoLocator",
    "fit_grid",
    "memo_ticks",
    "remembered_ticks",
]


class FitLayoutEngine(LayoutEngine):
    """Lay out a figure as constrained layout does, measuring it once.

    Handles a figure with one Axes, or with Axes in the cells of one grid (as
    ``fig.subplots`` makes them, one cell each, shared axes allowed), with or
    without a figure title and y label (``suptitle``, ``supylabel``,
    ``supxlabel``). The padding is constrained layout's (``w_pad``, ``h_pad``,
    ``wspace`` and ``hspace`` from ``figure.constrained_layout``). Any other
    figure (a legend on the figure, Axes spanning cells, insets) is handed to
    constrained layout itself.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(4, 3), layout=FitLayoutEngine())
    >>> _ = FigureCanvasAgg(fig)
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([1, 2, 3]); _ = ax.set_ylabel("Falls")
    >>> fig.get_layout_engine().execute(fig)
    >>> box = ax.get_tightbbox(fig.canvas.get_renderer())
    >>> bool(box.x0 >= 0 and box.y0 >= 0 and box.x1 <= 400 and box.y1 <= 300)
    True
    """

    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, fallback: ConstrainedLayoutEngine | None = None) -> None:
        super().__init__()
        self._fallback = fallback if fallback is not None else ConstrainedLayoutEngine()

    def execute(self, fig: Figure) -> None:
        axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_in_layout()]
        cells = _grid_cells(fig, axes)
        params = self._fallback.get()
        if cells is None or tuple(params["rect"]) != (0, 0, 1, 1):
            self._fallback.execute(fig)
            return
        fit_grid(
            fig,
            cells,
            w_pad=params["w_pad"],
            h_pad=params["h_pad"],
            wspace=params["wspace"],
            hspace=params["hspace"],
        )


def _grid_cells(fig: Figure, axes: list[Axes]) -> dict[Axes, tuple[int, int]] | None:
    """Each Axes' (row, column) in the one grid they share; None when the figure
    is not a simple grid (or holds a legend of its own)."""
    if not axes or fig.subfigs or not all(map(_outside, fig.legends)):
        return None
    if len(axes) == 1 and axes[0].get_subplotspec() is None:
        return {axes[0]: (0, 0)}
    grids = set()
    cells: dict[Axes, tuple[int, int]] = {}
    for ax in axes:
        spec = ax.get_subplotspec()
        if spec is None or len(spec.rowspan) != 1 or len(spec.colspan) != 1:
            return None
        grid = spec.get_gridspec()
        if getattr(grid, "_subplot_spec", None) is not None:
            return None  # a grid nested in another one
        grids.add(id(grid))
        cells[ax] = (spec.rowspan.start, spec.colspan.start)
    if len(grids) != 1 or len(set(cells.values())) != len(cells):
        return None
    return cells


def _outside(legend: object) -> bool:
    """A figure legend placed outside the Axes (``loc="outside lower center"``)."""
    return bool(getattr(legend, "_outside_loc", None)) and (
        getattr(legend, "_bbox_to_anchor", None) is None
    )


def fit_grid(
    fig: Figure,
    cells: dict[Axes, tuple[int, int]],
    *,
    w_pad: float,
    h_pad: float,
    wspace: float,
    hspace: float,
    passes: int = 3,
) -> None:
    """Place each Axes in its cell so that all it draws fits, as constrained layout
    places them (pads in inches, spaces as fractions of the figure).

    Each column is as wide as the widest reach of its Axes' labels to the left and
    right needs, each row likewise; the rest of the figure is shared out by the
    grid's width and height ratios. Measured again only when a move changed the
    ticks (Matplotlib picks fewer ticks on a shorter axis).
    """
    renderer = fig._get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    first = next(iter(cells))
    spec = first.get_subplotspec()
    if spec is not None:
        grid = spec.get_gridspec()
        nrows, ncols = grid.get_geometry()
        # as constrained layout does: the grid's own spacing first, and half of
        # it on each side of the meeting edge
        wspace = (grid.wspace if grid.wspace is not None else wspace) / 2
        hspace = (grid.hspace if grid.hspace is not None else hspace) / 2
        wr = np.asarray(grid.get_width_ratios() or [1] * ncols, dtype=float)
        hr = np.asarray(grid.get_height_ratios() or [1] * nrows, dtype=float)
    else:
        nrows = ncols = 1
        wr = hr = np.ones(1)
    wp, hp = w_pad * fig.dpi, h_pad * fig.dpi  # pixels
    inner_w = max(wp, wspace * width / ncols)  # pad where two columns meet
    inner_h = max(hp, hspace * height / nrows)
    # An Axes of fixed aspect is drawn smaller than its cell, in its middle, so
    # its labels move against the cell as the cell changes shape. Constrained
    # layout measures twice for that; here the second round reuses the first
    # measurement (how far the labels reach beyond the drawn Axes does not
    # change when it moves) and only works out the new drawn box.
    rounds = 2 if any(ax.get_aspect() != "auto" for ax in cells) else 1
    for _ in range(passes):
        ticks = {ax: _ticks(ax) for ax in cells}
        reach = {}
        for ax in cells:
            outer = ax.get_tightbbox(renderer, for_layout_only=True)
            drawn = ax.get_position().transformed(fig.transFigure)
            if outer is not None:
                reach[ax] = (
                    drawn.x0 - outer.x0,
                    outer.x1 - drawn.x1,
                    drawn.y0 - outer.y0,
                    outer.y1 - drawn.y1,
                )
        edge = _figure_text_margins(fig, renderer, wp, hp)
        for _ in range(rounds):
            left = np.zeros(ncols)
            right = np.zeros(ncols)
            top = np.zeros(nrows)
            bottom = np.zeros(nrows)
            for ax, (r, c) in cells.items():
                if ax not in reach:
                    continue
                # measured from the cell, as constrained layout measures
                cell = ax.get_position(original=True).transformed(fig.transFigure)
                drawn = ax.get_position().transformed(fig.transFigure)
                to_left, to_right, to_bottom, to_top = reach[ax]
                left[c] = max(left[c], to_left + cell.x0 - drawn.x0)
                right[c] = max(right[c], to_right + drawn.x1 - cell.x1)
                bottom[r] = max(bottom[r], to_bottom + cell.y0 - drawn.y0)
                top[r] = max(top[r], to_top + drawn.y1 - cell.y1)
            left += np.r_[wp, np.full(ncols - 1, inner_w)]
            right += np.r_[np.full(ncols - 1, inner_w), wp]
            top += np.r_[hp, np.full(nrows - 1, inner_h)]
            bottom += np.r_[np.full(nrows - 1, inner_h), hp]
            room_w = width - edge["left"] - edge["right"] - left.sum() - right.sum()
            room_h = height - edge["top"] - edge["bottom"] - top.sum() - bottom.sum()
            if room_w < ncols or room_h < nrows:  # no room: leave it as it was
                return
            widths = room_w * wr / wr.sum()
            heights = room_h * hr / hr.sum()
            x0 = edge["left"] + np.cumsum(np.r_[0, (left + widths + right)[:-1]]) + left
            y_top = height - edge["top"]
            y1 = y_top - np.cumsum(np.r_[0, (top + heights + bottom)[:-1]]) - top
            for ax, (r, c) in cells.items():
                box = Bbox.from_extents(
                    x0[c] / width,
                    (y1[r] - heights[r]) / height,
                    (x0[c] + widths[c]) / width,
                    y1[r] / height,
                )
                ax._set_position(box, which="both")
                ax.apply_aspect()
        if all(_ticks(ax) == before for ax, before in ticks.items()):
            return


def _figure_text_margins(
    fig: Figure, renderer: object, wp: float, hp: float
) -> dict[str, float]:
    """Room (pixels) for the figure's own title and x and y labels, placed as
    constrained layout places them: against the figure's edge, padded."""
    edge = {"left": 0.0, "right": 0.0, "top": 0.0, "bottom": 0.0}
    width, height = fig.bbox.width, fig.bbox.height
    # each text, the edge it takes room from, and where it goes against that edge
    placed = (
        (fig._suptitle, "top", 1.0 - hp / height),
        (fig._supxlabel, "bottom", hp / height),
        (fig._supylabel, "left", wp / width),
    )
    for text, side, at in placed:
        if text is None or not text.get_text() or not text.get_in_layout():
            continue
        if text._autopos and side == "left":
            text.set_x(at)
            text.set_ha("left")
        elif text._autopos:
            text.set_y(at)
            text.set_va(side)  # "top" or "bottom"
        edge[side] = _room(text.get_tightbbox(renderer), side, wp, hp)
    for legend in fig.legends:  # outside the Axes (checked by _grid_cells)
        loc = legend._outside_loc
        side = {"lower": "bottom", "upper": "top"}.get(loc, loc)  # or left, right
        edge[side] = max(
            edge[side], _room(legend.get_tightbbox(renderer), side, wp, hp)
        )
    return edge


def _room(box: Bbox, side: str, wp: float, hp: float) -> float:
    """Pixels a box needs against one edge of the figure, padded on both sides."""
    if side in ("top", "bottom"):
        return box.height + 2 * hp
    return box.width + 2 * wp


def _ticks(ax: Axes) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Where the major ticks are: the only thing a move can change."""
    return (
        tuple(np.round(ax.xaxis.get_majorticklocs(), 12)),
        tuple(np.round(ax.yaxis.get_majorticklocs(), 12)),
    )


# --------------------------------------------------------------- remembered ticks


class MemoLocator(ticker.Locator):
    """A locator that remembers its ticks for the view and Axes size it last saw.

    Matplotlib asks for an axis' ticks some thirty times while it lays out and
    draws one chart (for each tick label's box, the axis labels, the title, the
    spines …), and the date locator works them out from scratch each time. The
    ticks depend only on the view limits and the size of the Axes, so they are
    kept for the last few of those and handed back as a copy.
    """

    _KEEP = 8

    def __init__(self, inner: ticker.Locator) -> None:
        self.inner = inner
        self._memo: dict[tuple, np.ndarray] = {}

    def set_axis(self, axis) -> None:  # noqa: ANN001 (a Matplotlib Axis)
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self) -> np.ndarray:
        axis = self.axis
        if axis is None or axis.axes is None:
            return np.asarray(self.inner())
        box = axis.axes.bbox
        key = (*axis.get_view_interval(), box.width, box.height)
        ticks = self._memo.get(key)
        if ticks is None:
            ticks = np.array(self.inner(), dtype=float)
            self._memo[key] = ticks
            while len(self._memo) > self._KEEP:
                self._memo.pop(next(iter(self._memo)))
        return ticks.copy()

    def tick_values(self, vmin: float, vmax: float) -> np.ndarray:
        return self.inner.tick_values(vmin, vmax)

    def nonsingular(self, v0: float, v1: float) -> tuple[float, float]:
        return self.inner.nonsingular(v0, v1)

    def view_limits(self, vmin: float, vmax: float) -> tuple[float, float]:
        return self.inner.view_limits(vmin, vmax)

    def __getattr__(self, name: str):  # noqa: ANN204 (whatever the locator has)
        # e.g. the date formatter asks its locator for its unit (_get_unit)
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)


class MemoFormatter(ticker.Formatter):
    """A formatter that remembers the labels (and offset text) for each set of
    ticks, for the same reason as :class:`MemoLocator`."""

    _KEEP = 8

    def __init__(self, inner: ticker.Formatter) -> None:
        self.inner = inner
        self._memo: dict[tuple, tuple[list[str], str]] = {}
        self._offset = ""

    def set_axis(self, axis) -> None:  # noqa: ANN001 (a Matplotlib Axis)
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def format_ticks(self, values) -> list[str]:  # noqa: ANN001 (array-like)
        key = tuple(float(v) for v in values)
        found = self._memo.get(key)
        if found is None:
            labels = list(self.inner.format_ticks(values))
            found = self._memo[key] = (labels, self.inner.get_offset())
            while len(self._memo) > self._KEEP:
                self._memo.pop(next(iter(self._memo)))
        self._offset = found[1]
        return list(found[0])

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.inner(x, pos)

    def get_offset(self) -> str:
        return self._offset

    def format_data(self, value: float) -> str:
        return self.inner.format_data(value)

    def format_data_short(self, value: float) -> str:
        return self.inner.format_data_short(value)

    def _set_locator(self, locator: ticker.Locator) -> None:
        self.inner._set_locator(locator)


def memo_ticks(ax: Axes) -> None:
    """Let both axes of ``ax`` remember their ticks and labels (see
    :class:`MemoLocator`), when its figure is laid out by :class:`FitLayoutEngine`.

    Only figures that qikit draws for itself, to render once as an image
    (:func:`qikit.plot.to_html`), have that engine; a figure a user holds keeps the
    locators and formatters it was given. Call it again after setting a new
    locator or formatter.
    """
    if not isinstance(ax.get_figure(root=True).get_layout_engine(), FitLayoutEngine):
        return
    for axis in (ax.xaxis, ax.yaxis):
        locator = axis.get_major_locator()
        if not isinstance(locator, MemoLocator):
            axis.set_major_locator(MemoLocator(locator))
        formatter = axis.get_major_formatter()
        if not isinstance(formatter, MemoFormatter):
            axis.set_major_formatter(MemoFormatter(formatter))


@contextmanager
def remembered_ticks(fig: Figure) -> Iterator[None]:
    """While drawing ``fig`` once: every axis remembers its ticks and labels (see
    :class:`MemoLocator`); afterwards each has its own locator and formatter back.

    For a figure someone else made, rendered to an image
    (:func:`qikit.plot.png_data_uri`).
    """
    swapped: list[tuple] = []
    try:
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                locator, formatter = axis.major.locator, axis.major.formatter
                if isinstance(locator, MemoLocator) or isinstance(
                    formatter, MemoFormatter
                ):
                    continue  # already remembered, or shared with an axis done
                flags = (axis.isDefault_majloc, axis.isDefault_majfmt)
                swapped.append((axis, locator, formatter, flags))
                axis.major.locator = MemoLocator(locator)
                axis.major.locator.set_axis(axis)
                axis.major.formatter = MemoFormatter(formatter)
                axis.major.formatter.set_axis(axis)
        yield
    finally:
        for axis, locator, formatter, flags in reversed(swapped):
            axis.major.locator, axis.major.formatter = locator, formatter
            axis.isDefault_majloc, axis.isDefault_majfmt = flags
