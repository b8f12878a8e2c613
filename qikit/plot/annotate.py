"""Labels across the top of a chart: part (phase) names and annotations.

An annotation marks something that happened at an x value, such as the start of a
PDSA cycle. It is drawn as a flag: a label in a small box near the top of the chart
with a thin line down to the x axis. Labels that would overlap move down a row, so
every label stays readable however close the dates are; the y axis grows upwards
to make room, so no label covers a data point. When the labels are so many and so
close that the rows would not fit, each flag shows a number instead and the legend
lists the labels by number.

Examples
--------
>>> annotation_frame({"2024-03-01": "PDSA 1: new checklist"})
            x                  label
0  2024-03-01  PDSA 1: new checklist
>>> annotation_frame([(5, "Rota changed"), (9, "New lead")])["label"].tolist()
['Rota changed', 'New lead']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from qikit.errors import InputError
from qikit.plot._text import text_width_points
from qikit.plot._xaxis import XScale
from qikit.plot.style import DARK_GREY, FONT_SIZES, LINE_STYLES

__all__ = ["annotation_frame", "Annotations", "draw_top_band", "needs_numbers"]

#: What ``annotations`` may be: a DataFrame with columns x and label, a list of
#: (x, label) pairs, or a dict {x: label}.
Annotations = pd.DataFrame | Sequence[tuple[object, str]] | Mapping[object, str]

_ROW_POINTS = FONT_SIZES["annotation"] * 1.9  # height of one row of labels
_BOX_PAD = 0.3  # box padding, as a fraction of the font size
_GAP_POINTS = 6.0  # horizontal space kept between two labels in a row


def annotation_frame(annotations: Annotations | None) -> pd.DataFrame:
    """Turn any accepted form of ``annotations`` into a DataFrame (x, label).

    Parameters
    ----------
    annotations : DataFrame, list of (x, label) or dict {x: label}, optional
        None gives an empty frame. A DataFrame may carry more columns (such as the
        facet column); they are kept.

    Returns
    -------
    pandas.DataFrame
        Columns ``x`` and ``label`` (str), in the order given.

    Raises
    ------
    InputError
        When the value has none of the accepted forms.
    """
    if annotations is None:
        return pd.DataFrame({"x": [], "label": []})
    if isinstance(annotations, pd.DataFrame):
        missing = [c for c in ("x", "label") if c not in annotations.columns]
        if missing:
            raise InputError(
                f"`annotations`: the DataFrame needs columns x and label (got columns "
                f"{list(annotations.columns)!r}). Rename the date and text columns "
                f"to x and label."
            )
        frame = annotations.reset_index(drop=True).copy()
    elif isinstance(annotations, Mapping):
        frame = pd.DataFrame(
            {"x": list(annotations.keys()), "label": list(annotations.values())}
        )
    elif isinstance(annotations, Iterable) and not isinstance(annotations, str):
        pairs = list(annotations)
        if not all(isinstance(p, Sequence) and len(p) == 2 for p in pairs):
            raise InputError(
                f"`annotations`: each item must be an (x, label) pair "
                f"(got {pairs[:3]!r}). Write e.g. [('2024-03-01', 'PDSA 1')]."
            )
        frame = pd.DataFrame(pairs, columns=["x", "label"])
    else:
        raise InputError(
            f"`annotations`: not a table of labels (got {annotations!r}). Pass a "
            f"DataFrame with columns x and label, a list of (x, label) pairs or a "
            f"dict {{x: label}}."
        )
    frame["label"] = frame["label"].astype(str)
    return frame


@dataclass
class _Label:
    """One label in the top band: its x position (data) and its box width (points)."""

    x: float
    text: str
    width: float
    anchor: str  # "left" (box right of the line), "right" or "center"
    flag: bool
    row: int = 0

    def span(self, x_points: float) -> tuple[float, float]:
        if self.anchor == "left":
            return x_points, x_points + self.width
        if self.anchor == "right":
            return x_points - self.width, x_points
        return x_points - self.width / 2, x_points + self.width / 2


def number_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """Add a ``number`` column (1, 2, … in the order given) used by numbered flags."""
    return notes.assign(number=[str(i) for i in range(1, len(notes) + 1)])


def _labels(
    ax: Axes,
    parts: list[tuple[float, str]],
    notes: pd.DataFrame,
    scale: XScale,
    numbered: bool,
) -> list[_Label]:
    """Part names, then flags in x order; a flag shows its number or its label."""
    size = FONT_SIZES["annotation"]
    labels = [
        _Label(x, text, text_width_points(text, FONT_SIZES["part"]), "center", False)
        for x, text in parts
    ]
    if not len(notes):
        return labels
    positions = scale.convert(notes["x"])
    shown = notes["number"] if numbered else notes["label"]
    room = (ax.get_xlim()[1] - positions) * _points_per_unit(ax)
    for i in np.argsort(positions, kind="stable"):
        text = str(shown.iloc[i])
        width = text_width_points(text, size) + 2 * _BOX_PAD * size
        # A short number sits centred on its line; a label reads from its line on.
        anchor = "center" if numbered else "left" if width <= room[i] else "right"
        labels.append(_Label(positions[i], text, width, anchor, True))
    return labels


def max_rows(ax: Axes) -> int:
    """How many rows of labels fit in the top 30 % of the Axes (at least 2)."""
    height = ax.get_window_extent().height * 72 / ax.figure.dpi
    return max(2, int(0.3 * height // _ROW_POINTS))


def needs_numbers(
    ax: Axes, parts: list[tuple[float, str]], notes: pd.DataFrame, scale: XScale
) -> bool:
    """True when the full labels would need more rows than fit: show numbers instead.

    A flag's box may not cover the connector of a later flag, so labels wider than
    the gap between their dates stack up one row each. Past :func:`max_rows` the
    flags show numbers, and the legend gives the number of each label.
    """
    if not len(notes):
        return False
    labels = _labels(ax, parts, notes, scale, numbered=False)
    _assign_rows(ax, labels)
    return max(label.row for label in labels) + 1 > max_rows(ax)


def key_handles(notes: pd.DataFrame) -> list[Line2D]:
    """Legend entries "1  PDSA 1: …" for numbered flags (one per number)."""
    unique = notes.drop_duplicates("number")
    return [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=f"${number}$",
            markersize=9,
            color=DARK_GREY,
            label=str(label),
        )
        for number, label in zip(unique["number"], unique["label"], strict=True)
    ]


def draw_top_band(
    ax: Axes,
    parts: list[tuple[float, str]],
    notes: pd.DataFrame,
    scale: XScale,
    *,
    numbered: bool = False,
) -> int:
    """Draw part names and annotation flags in non-overlapping rows at the top.

    Parameters
    ----------
    ax : Axes
        Axes whose x limits are final.
    parts : list of (x centre, name)
        Part names, all in the first row.
    notes : DataFrame
        Columns x, label and number, from :func:`annotation_frame` and
        :func:`number_notes`.
    scale : XScale
        Converts annotation x values to positions.
    numbered : bool
        Show each flag's number rather than its label.

    Returns
    -------
    int
        The number of rows used; the caller keeps that much room free of data.
    """
    labels = _labels(ax, parts, notes, scale, numbered)
    if not labels:
        return 0
    _assign_rows(ax, labels)
    for label in labels:
        _draw_label(ax, label)
    return max(label.row for label in labels) + 1


def _points_per_unit(ax: Axes) -> float:
    x_min, x_max = ax.get_xlim()
    width_pts = ax.get_window_extent().width * 72 / ax.figure.dpi
    return width_pts / (x_max - x_min) if x_max != x_min else 1.0


def _assign_rows(ax: Axes, labels: list[_Label]) -> None:
    """Greedy packing: each flag goes to the first row where it touches nothing.

    A flag's connector runs from its box down through every lower row, so a box
    may not sit across the connector of a flag above it, and a flag's connector
    may not cross a box already placed below it.
    """
    x_min = ax.get_xlim()[0]
    to_points = _points_per_unit(ax)
    placed: list[tuple[int, float, float, float | None]] = []  # row, start, end, x
    for label in labels:
        x = (label.x - x_min) * to_points
        start, end = label.span(x)
        stem = x if label.flag else None
        row = 0
        while (
            label.flag and row < _MAX_ROWS and _clashes(row, start, end, stem, placed)
        ):
            row += 1
        if row == _MAX_ROWS:
            # Flags closer together than their labels: a box must cross another flag's
            # connector somewhere. Take the first row where at least no two boxes touch
            # (the box's white background hides the line behind it).
            row = next(
                (
                    r
                    for r in range(_MAX_ROWS)
                    if not _clashes(r, start, end, None, placed, stems=False)
                ),
                _MAX_ROWS,
            )
        placed.append((row, start, end, stem))
        label.row = row


_MAX_ROWS = 8  # rows of flags tried before boxes may sit across connector lines


def _clashes(
    row: int,
    start: float,
    end: float,
    stem: float | None,
    placed: list[tuple[int, float, float, float | None]],
    stems: bool = True,
) -> bool:
    gap = _GAP_POINTS / 2  # clearance between a box and a connector line
    for other_row, s, e, other_stem in placed:
        if other_row == row and start < e + _GAP_POINTS and s < end + _GAP_POINTS:
            return True  # two boxes side by side
        if not stems:
            continue
        if (
            other_row < row
            and other_stem is not None
            and start - gap < other_stem < end + gap
        ):
            return True  # this box would sit on the connector of a flag above
        if other_row > row and stem is not None and s - gap < stem < e + gap:
            return True  # this connector would cut through a box below
    return False


def _draw_label(ax: Axes, label: _Label) -> None:
    size = FONT_SIZES["part"] if not label.flag else FONT_SIZES["annotation"]
    dy = -(label.row + 0.5) * _ROW_POINTS
    blend = blended_transform_factory(ax.transData, ax.transAxes)
    if not label.flag:
        ax.annotate(
            label.text,
            xy=(label.x, 1.0),
            xycoords=blend,
            xytext=(0, dy),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=size,
            color=DARK_GREY,
            fontweight="bold",
            gid="qikit-part-label",
            annotation_clip=False,
        )
        return
    # Shift the text so that the box edge, not the text, sits on the x value; the
    # connector then drops straight down from the box corner to the axis.
    sign = {"left": 1, "right": -1, "center": 0}[label.anchor]
    shift = ScaledTranslation(
        sign * _BOX_PAD * size / 72, dy / 72, ax.figure.dpi_scale_trans
    )
    line = LINE_STYLES["annotation"]
    ax.annotate(
        label.text,
        xy=(label.x, 0.0),
        xycoords=blend,
        xytext=(label.x, 1.0),
        textcoords=blend + shift,
        ha=label.anchor,
        va="center",
        fontsize=size,
        color=DARK_GREY,
        bbox={
            "boxstyle": f"square,pad={_BOX_PAD}",
            "facecolor": "white",
            "edgecolor": line.color,
            "linewidth": 0.8,
        },
        arrowprops={
            "arrowstyle": "-",
            "color": line.color,
            "linestyle": line.linestyle,
            "linewidth": line.linewidth,
            "alpha": line.alpha,
            "relpos": ({"left": 0.0, "right": 1.0, "center": 0.5}[label.anchor], 0.0),
            "shrinkA": 0,
            "shrinkB": 0,
            # No clipping to the box: the connector starts under the box's white
            # fill, which hides it, and clipping a path costs more than the chart.
            "patchA": None,
        },
        gid="qikit-annotation",
        zorder=2.5,  # under the data: the connector never hides a point
        annotation_clip=False,
    )


def band_height_points(rows: int) -> float:
    """Height in points that ``rows`` rows of top labels need."""
    return rows * _ROW_POINTS + (4 if rows else 0)
