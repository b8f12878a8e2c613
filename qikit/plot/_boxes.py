"""Box diagrams: a canvas in points, fitting a layout to an Axes, boxes and a title.

The driver diagram, the ramp and the fishbone are laid out in points from the
measured size of their wrapped text (:mod:`qikit.plot._text`), so boxes never
overlap and the figure grows with the content. :func:`draw_boxed` is their shared
prologue: check the object, check the font size, lay out, fit, draw the title.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from qikit.errors import InputError, QikitWarning
from qikit.plot import style
from qikit.plot._text import PT

__all__ = ["Boxed", "box", "check_axes", "check_fontsize", "draw_boxed", "fit"]

#: A layout: at least ``width`` and ``height`` in points, plus what the drawing needs.
Layout = dict[str, Any]
#: The object a box diagram draws (DriverDiagram, Ramp, Fishbone).
Drawn = TypeVar("Drawn")


@dataclass
class Boxed:
    """What :func:`draw_boxed` hands to the drawing: where, how big, what."""

    ax: Axes
    fs: float
    layout: Layout
    title: str


def draw_boxed(
    obj: Drawn,
    kind: type[Drawn],
    *,
    argument: str,
    build: str,
    ax: Axes | None,
    fontsize: float,
    title: str | None,
    default_title: Callable[[Drawn], str],
    make: Callable[[float, str], Layout],
) -> Boxed:
    """Check ``obj`` and ``fontsize``, lay out with ``make(size, title)``, fit, title.

    Raises
    ------
    InputError
        When ``obj`` is not a ``kind``, the font size is not a number of points
        between 4 and 40, or ``ax`` is not an Axes.
    """
    if not isinstance(obj, kind):
        raise InputError(
            f"`{argument}`: must be a {kind.__name__} (got {type(obj).__name__}). "
            f"Build one with {build}."
        )
    fs = check_fontsize(fontsize)
    title = default_title(obj) if title is None else str(title)
    ax, fs, layout = fit(ax, fs, lambda size: make(size, title))
    draw_title(ax, fs, title)
    return Boxed(ax, fs, layout, title)


def check_fontsize(value: object) -> float:
    """A font size in points between 4 and 40, or a clear error."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and 4 <= value <= 40)
    ):
        raise InputError(
            f"`fontsize`: must be a number of points between 4 and 40 (got {value!r}). "
            "Use 10 for a report, 12 for a projector."
        )
    return float(value)


def check_axes(ax: object) -> Axes:
    """``ax`` itself when it is a Matplotlib Axes, or a clear error."""
    if not isinstance(ax, Axes):
        raise InputError(
            f"`ax`: must be a Matplotlib Axes (got {type(ax).__name__}). "
            "Leave ax out, or pass one from plt.subplots()."
        )
    return ax


def axes_points(ax: Axes) -> tuple[float, float]:
    """Width and height of an Axes in points."""
    bbox = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    return bbox.width * fw * PT, bbox.height * fh * PT


def draw_title(ax: Axes, fs: float, title: str) -> None:
    """The figure's bold title at the top left, if there is one."""
    if title:
        ax.text(
            1.2 * fs,
            0.9 * fs,
            title,
            fontsize=fs * style.DIAGRAM_TITLE_SCALE,
            fontweight="bold",
            color=style.DARK_GREY,
            va="top",
            ha="left",
            zorder=5,
            gid="title",
        )


def fit(
    ax: Axes | None, fs: float, make: Callable[[float], Layout]
) -> tuple[Axes, float, Layout]:
    """Lay out at font size ``fs`` and return an Axes that holds the layout.

    ``make(fs)`` returns a layout with ``width`` and ``height`` in points. With no
    ``ax``, a new figure of exactly that size is made. A given Axes that is too
    small makes the font smaller (every size in a layout is a multiple of the font
    size), with a :class:`~qikit.errors.QikitWarning` when the text would become
    too small to read.
    """
    layout = make(fs)
    if ax is None:
        fig = plt.figure(figsize=(layout["width"] / PT, layout["height"] / PT))
        ax = fig.add_axes((0, 0, 1, 1))
    else:
        check_axes(ax)
        aw, ah = axes_points(ax)
        for _ in range(6):  # wrapping can change a little with the size: re-check
            scale = min(aw / layout["width"], ah / layout["height"])
            if scale >= 1:
                break
            fs *= scale * 0.99
            layout = make(fs)
        if fs < style.MIN_FONT:
            warnings.warn(
                f"The Axes is too small to show this diagram legibly (text of "
                f"{fs:.1f} points). Leave ax out, or use a larger figure.",
                QikitWarning,
                stacklevel=4,
            )
    ax.set_axis_off()
    _finish_canvas(ax, layout["width"], layout["height"])
    return ax, fs, layout


def _finish_canvas(ax: Axes, width: float, height: float) -> None:
    """Make one data unit one point, the drawing centred, y growing downwards."""
    aw, ah = axes_points(ax)
    aw, ah = max(aw, width), max(ah, height)
    x0 = -(aw - width) / 2
    y0 = -(ah - height) / 2
    ax.set_xlim(x0, x0 + aw)
    ax.set_ylim(y0 + ah, y0)
    ax.set_aspect("auto")


def box(
    ax: Axes,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    face: str,
    edge: str,
    gid: str,
    dashed: bool = False,
    radius: float | None = None,
    linewidth: float = 1.2,
) -> FancyBboxPatch:
    """A rounded box with its top-left corner at (x, y), tagged with ``gid``."""
    if radius is None:
        radius = min(4.0, 0.25 * min(w, h))
    patch = FancyBboxPatch(
        (x, y),
        w,
        h,
        boxstyle=f"round,pad=0,rounding_size={radius}",
        facecolor=face,
        edgecolor=edge,
        linewidth=linewidth,
        linestyle=(0, (4, 3)) if dashed else "-",
        zorder=3,
    )
    patch.set_gid(gid)
    ax.add_patch(patch)
    return patch
