"""Saving what a plot function drew as PNG, SVG or PDF, atomically.

:func:`save_figure` takes whatever a ``plot_*`` function returned (a Figure, an Axes,
an array or list of Axes) and writes the whole figure. The file is written in one
step (:func:`qikit._io.write_bytes`): a crash or a full disk never leaves half a
picture where the old one was.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from qikit._io import write_bytes
from qikit.charts import QicResult
from qikit.errors import InputError

__all__ = ["Drawn", "figure_of", "save_figure"]

#: What a plot function returns: a Figure, an Axes, or an array or list of Axes.
Drawn = Figure | Axes | np.ndarray | Sequence[Axes]

_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def figure_of(drawn: Drawn, argument: str = "fig_or_ax") -> Figure:
    """The figure that holds what a plot function returned.

    Raises
    ------
    InputError
        When ``drawn`` is not a Figure, an Axes or a collection of Axes of one
        figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> axes = fig.subplots(1, 2)
    >>> figure_of(axes) is fig, figure_of(list(axes)) is fig, figure_of(axes[0]) is fig
    (True, True, True)
    """
    if isinstance(drawn, Figure | SubFigure | Axes):
        return drawn.get_figure(root=True)
    if isinstance(drawn, QicResult):
        raise InputError(
            f"`{argument}`: this is a chart result, not a drawing (got QicResult). "
            "Save it with result.save('chart.png'), or draw it first: "
            "save_figure(result.plot(), 'chart.png')."
        )
    if isinstance(drawn, np.ndarray | list | tuple):
        items = list(np.ravel(np.asarray(drawn, dtype=object)))
        if items and all(isinstance(item, Axes) for item in items):
            figures = {id(figure_of(item)): figure_of(item) for item in items}
            if len(figures) == 1:
                return next(iter(figures.values()))
            raise InputError(
                f"`{argument}`: these Axes belong to {len(figures)} different "
                f"figures (got {len(items)} Axes). Save each figure on its own."
            )
    raise InputError(
        f"`{argument}`: must be a Matplotlib Figure, an Axes or the Axes a plot "
        f"function returned (got {type(drawn).__name__}). Pass what a plot_* "
        "function returned, e.g. save_figure(plot_qic(result), 'chart.png')."
    )


def save_figure(
    fig_or_ax: Drawn, path: str | os.PathLike[str], *, dpi: int = 200
) -> Path:
    """Save a drawing (its whole figure) as PNG, SVG or PDF.

    The format comes from the file name's suffix. Text in an SVG stays text, so it
    can be searched and copied into a report. The file is written atomically: the
    old file, if any, stays whole until the new one is complete.

    Parameters
    ----------
    fig_or_ax : Figure, Axes, or array or list of Axes
        What a plot function returned: ``plot_qic`` (an Axes), ``plot_facets`` (a
        Figure), ``result.plot()``, ``plot_driver_diagram`` …
    path : str or Path
        Ends in ``.png``, ``.svg`` or ``.pdf``; the folder must exist.
    dpi : int, default 200
        Resolution of a PNG.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        For an unknown suffix, a missing folder or something that is not a drawing.
    ProjectFileError
        When the disk refuses the file (read-only, full, no permission).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from qikit.improve import example_fishbone
    >>> from qikit.plot import plot_fishbone
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_figure(plot_fishbone(example_fishbone()), folder / "fishbone.svg").name
    'fishbone.svg'
    """
    fig = figure_of(fig_or_ax)
    if not isinstance(path, str | os.PathLike):
        raise InputError(
            f"`path`: must be a file name (got {type(path).__name__}). "
            "Use e.g. 'driver_diagram.png'."
        )
    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise InputError(
            f"`path`: unknown file type {target.suffix!r} (got {str(path)!r}). "
            "End the name in .png, .svg or .pdf."
        )
    if not target.parent.is_dir():
        raise InputError(
            f"`path`: the folder does not exist (got {str(target.parent)!r}). "
            "Create it first, or save somewhere else."
        )
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 50 <= dpi <= 1200:
        raise InputError(
            f"`dpi`: must be a whole number from 50 to 1200 (got {dpi!r}). Use 200."
        )
    buffer = io.BytesIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(
            buffer,
            format=fmt,
            dpi=dpi,
            bbox_inches="tight",
            facecolor="white",
            metadata=None,
        )
    return write_bytes(target, buffer.getvalue(), verb="save to")
