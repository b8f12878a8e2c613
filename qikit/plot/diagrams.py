"""Drawing the improvement tools: driver diagrams, PDSA ramps, fishbones, Pareto charts.

Each ``plot_*`` function draws one object from :mod:`qikit.improve` and returns the
Axes; nothing here computes anything the object does not already hold.

Diagrams made of boxes (the driver diagram, the ramp, the fishbone) are laid out in
points from the measured size of their wrapped text, so boxes never overlap and the
figure grows with the content. When no ``ax`` is given, a new figure of the right
size is made; when an ``ax`` is given and is too small, the fonts shrink to fit.

:func:`save_figure` writes PNG, SVG or PDF, choosing the format from the file name.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qikit.improve import example_driver_diagram
>>> from qikit.plot.diagrams import plot_driver_diagram
>>> ax = plot_driver_diagram(example_driver_diagram("pressure_ulcers"))
>>> [t.get_text() for t in ax.texts[1:5]]
['Aim', 'Primary drivers', 'Secondary drivers', 'Change ideas']
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon, Wedge
from matplotlib.ticker import PercentFormatter

from qikit.errors import InputError, QikitWarning

try:  # the shared palette (qikit.plot.style); local copies keep this module usable
    from qikit.plot.style import (
        DARK_BLUE,
        DARK_GREY,
        DARK_PINK,
        LIGHT_PURPLE,
        ORANGE,
        TURQUOISE,
    )
except ImportError:  # pragma: no cover - style.py ships with qikit
    DARK_BLUE = "#12436D"
    TURQUOISE = "#28A197"
    DARK_PINK = "#801650"
    ORANGE = "#F46A25"
    DARK_GREY = "#3D3D3D"
    LIGHT_PURPLE = "#A285D1"

__all__ = [
    "plot_driver_diagram",
    "plot_ramp",
    "plot_fishbone",
    "plot_pareto",
    "save_figure",
]

PT = 72.0  # points per inch
BASE_FONT = 10.0  # points: readable in a report and on a projector
MIN_FONT = 5.0  # points: below this, text in a cramped Axes is hard to read
#: Measured widths are multiplied by this before wrapping (index 0: text of 8 points
#: or more; 1: smaller text). At 100 to 200 dpi, font hinting makes 10-point text up
#: to about 4% wider than its true width, and very small text up to about 14% wider.
WRAP_SLACK = (1.05, 1.15)
_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def _shade(colour: str, amount: float) -> str:
    """``colour`` mixed with black; ``amount`` 0 is black, 1 is the colour."""
    r, g, b = to_rgb(colour)
    return to_hex((amount * r, amount * g, amount * b))


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white; ``amount`` 0 is white, 1 is the colour."""
    r, g, b = to_rgb(colour)
    return to_hex(
        (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)
    )


# ---------------------------------------------------------------------------- text


class _Measure:
    """Measures text in points.

    Glyph widths are read at 288 dpi, where font hinting hardly distorts them, and
    text is wrapped with :data:`WRAP_SLACK` to spare, because hinting at the dpi
    actually used (a screen, a 200 dpi PNG) can make a line a few per cent wider.

    """

    DPI = 4 * PT

    def __init__(self) -> None:
        self._renderer = RendererAgg(10, 10, self.DPI)
        self._cache: dict[tuple, tuple[float, float]] = {}

    def size(self, text: str, prop: FontProperties) -> tuple[float, float]:
        key = (text, prop.get_size_in_points(), prop.get_weight(), prop.get_style())
        if key not in self._cache:
            w, h, _ = self._renderer.get_text_width_height_descent(
                text or " ", prop, ismath=False
            )
            self._cache[key] = (w * PT / self.DPI, h * PT / self.DPI)
        return self._cache[key]

    def width(self, text: str, prop: FontProperties) -> float:
        """Width in points, with room for hinting (see :data:`WRAP_SLACK`)."""
        small = prop.get_size_in_points() < 8
        return self.size(text, prop)[0] * WRAP_SLACK[small]

    def wrap(self, text: str, width: float, prop: FontProperties) -> list[str]:
        """Greedy word wrap to ``width`` points; over-long words are split."""
        lines: list[str] = []
        for paragraph in (text or "").splitlines() or [""]:
            current = ""
            for word in paragraph.split():
                trial = f"{current} {word}".strip()
                if self.width(trial, prop) <= width:
                    current = trial
                    continue
                if current:
                    lines.append(current)
                current = ""
                while self.width(word, prop) > width and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and self.width(word[:cut] + "-", prop) > width:
                        cut -= 1
                    lines.append(word[:cut] + "-")
                    word = word[cut:]
                current = word
            lines.append(current)
        return lines or [""]


_MEASURER: _Measure | None = None


def _measurer() -> _Measure:
    global _MEASURER
    if _MEASURER is None:
        _MEASURER = _Measure()
    return _MEASURER


def _font(size: float, *, bold: bool = False, italic: bool = False) -> FontProperties:
    return FontProperties(
        size=size,
        weight="bold" if bold else "normal",
        style="italic" if italic else "normal",
    )


def _line_height(size: float) -> float:
    return 1.28 * size


# ---------------------------------------------------------------------------- canvas


def _axes_points(ax: Axes) -> tuple[float, float]:
    """Width and height of an Axes in points."""
    bbox = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    return bbox.width * fw * PT, bbox.height * fh * PT


def _draw_title(ax, fs: float, title: str) -> None:
    """The figure's bold title at the top left, if there is one."""
    if title:
        ax.text(
            1.2 * fs,
            0.9 * fs,
            title,
            fontsize=fs * 1.35,
            fontweight="bold",
            color=DARK_GREY,
            va="top",
            ha="left",
            zorder=5,
            gid="title",
        )


def _fit(ax: Axes | None, fs: float, make: Any) -> tuple[Axes, float, dict[str, Any]]:
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
        if not isinstance(ax, Axes):
            raise InputError(
                f"`ax`: must be a Matplotlib Axes (got {type(ax).__name__}). "
                "Leave ax out, or pass one from plt.subplots()."
            )
        aw, ah = _axes_points(ax)
        for _ in range(6):  # wrapping can change a little with the size: re-check
            scale = min(aw / layout["width"], ah / layout["height"])
            if scale >= 1:
                break
            fs *= scale * 0.99
            layout = make(fs)
        if fs < MIN_FONT:
            warnings.warn(
                f"The Axes is too small to show this diagram legibly (text of "
                f"{fs:.1f} points). Leave ax out, or use a larger figure.",
                QikitWarning,
                stacklevel=3,
            )
    ax.set_axis_off()
    _finish_canvas(ax, layout["width"], layout["height"])
    return ax, fs, layout


def _finish_canvas(ax: Axes, width: float, height: float) -> None:
    """Make one data unit one point, the drawing centred, y growing downwards."""
    aw, ah = _axes_points(ax)
    aw, ah = max(aw, width), max(ah, height)
    x0 = -(aw - width) / 2
    y0 = -(ah - height) / 2
    ax.set_xlim(x0, x0 + aw)
    ax.set_ylim(y0 + ah, y0)
    ax.set_aspect("auto")


def _box(
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


# ---------------------------------------------------------------------------- driver

_LEVEL_ORDER = ("aim", "primary", "secondary", "change")
_COLUMN_TITLES = {
    "aim": "Aim",
    "primary": "Primary drivers",
    "secondary": "Secondary drivers",
    "change": "Change ideas",
}
# Widths in em (multiples of the font size), so the layout scales with the font.
_COLUMN_EM = {"aim": 15.0, "primary": 16.5, "secondary": 16.5, "change": 18.0}
_GAP_EM = 3.4  # between columns, where the connectors run
_SIBLING_EM = {"primary": 1.6, "secondary": 0.9, "change": 0.5}
_PAD_EM = (0.6, 0.5)  # inside a box: horizontal, vertical


@dataclass
class _DBox:
    id: str
    level: str
    lines: list[str]
    link_lines: list[str]
    number: str
    width: float
    height: float
    number_width: float
    orphan: bool = False
    x: float = 0.0
    y: float = 0.0  # top
    children: list[_DBox] = field(default_factory=list)

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


def _driver_style(level: str) -> dict[str, str]:
    return {
        "aim": {"face": DARK_BLUE, "edge": DARK_BLUE, "text": "white"},
        "primary": {
            "face": _tint(DARK_BLUE, 0.22),
            "edge": DARK_BLUE,
            "text": DARK_GREY,
        },
        "secondary": {
            "face": _tint(TURQUOISE, 0.18),
            "edge": TURQUOISE,
            "text": DARK_GREY,
        },
        "change": {"face": "white", "edge": _tint(DARK_GREY, 0.55), "text": DARK_GREY},
    }[level]


def _driver_layout(
    dd: Any,
    fs: float,
    numbers: bool,
    links: bool,
    measure_names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Boxes with sizes and positions in points, for font size ``fs``."""
    m = _measurer()
    nums = dd.numbers() if numbers else {}
    by_id: dict[str, Any] = {}
    for n in dd.nodes:
        by_id.setdefault(n.id, n)
    levels = [lvl for lvl in _LEVEL_ORDER[1:] if any(n.level == lvl for n in dd.nodes)]
    shown = ["aim", *levels]
    col_w = {lvl: _COLUMN_EM[lvl] * fs for lvl in shown}
    pad_x, pad_y = _PAD_EM[0] * fs, _PAD_EM[1] * fs
    gap = _GAP_EM * fs
    xs: dict[str, float] = {}
    x = 1.2 * fs
    for lvl in shown:
        xs[lvl] = x
        x += col_w[lvl] + gap
    width = x - gap + 1.2 * fs
    link_font = _font(fs * 0.82, italic=True)

    def make(
        level: str,
        node_id: str,
        text: str,
        number: str,
        link_text: str,
        orphan: bool = False,
    ) -> _DBox:
        bold = level in ("aim", "primary")
        size = fs * (1.1 if level == "aim" else 1.0)
        prop = _font(size, bold=bold)
        num_w = m.width(number, _font(size, bold=True)) + 0.45 * fs if number else 0.0
        inner = col_w[level] - 2 * pad_x - num_w
        lines = m.wrap(text or "(no text yet)", inner, prop)
        link_lines = (
            m.wrap(link_text, col_w[level] - 2 * pad_x, link_font) if link_text else []
        )
        h = len(lines) * _line_height(size) + 2 * pad_y
        if link_lines:
            h += 0.3 * fs + len(link_lines) * _line_height(fs * 0.82)
        return _DBox(
            node_id, level, lines, link_lines, number, col_w[level], h, num_w, orphan
        )

    def link_text(n: Any) -> str:
        if not links:
            return ""
        bits = []
        if n.measures:
            names = measure_names or {}
            shown = [str(names.get(m, m)) for m in n.measures]
            bits.append("Measures: " + ", ".join(shown))
        if n.pdsa:
            k = len(n.pdsa)
            bits.append(f"{k} PDSA cycle{'s' if k != 1 else ''}")
        return "\n".join(bits)

    boxes: dict[str, _DBox] = {}
    for n in dd.nodes:
        if n.id in boxes:
            continue
        boxes[n.id] = make(n.level, n.id, n.text, nums.get(n.id, ""), link_text(n))
    # first-parent tree; a parent that is missing or at the wrong level makes an orphan
    roots: list[_DBox] = []
    orphans: list[_DBox] = []
    placed: set[str] = set()
    for n in dd.nodes:
        if n.id in placed:
            continue
        placed.add(n.id)
        box = boxes[n.id]
        if n.level == "primary":
            roots.append(box)
            continue
        parent = by_id.get(n.parent) if n.parent else None
        want = _LEVEL_ORDER[_LEVEL_ORDER.index(n.level) - 1]
        if parent is not None and parent.level == want and parent.id != n.id:
            boxes[parent.id].children.append(box)
        else:
            box.orphan = True
            orphans.append(box)

    def band(box: _DBox) -> float:
        if not box.children:
            return box.height
        sib = _SIBLING_EM[box.children[0].level] * fs
        total = sum(band(c) for c in box.children) + sib * (len(box.children) - 1)
        return max(box.height, total)

    def place(box: _DBox, top: float) -> None:
        b = band(box)
        box.x = xs[box.level]
        box.y = top + (b - box.height) / 2
        if not box.children:
            return
        sib = _SIBLING_EM[box.children[0].level] * fs
        total = sum(band(c) for c in box.children) + sib * (len(box.children) - 1)
        y = top + (b - total) / 2
        for child in box.children:
            place(child, y)
            y += band(child) + sib

    header_h = _line_height(fs * 1.15) + 0.9 * fs
    top = 1.0 * fs + header_h
    y = top
    for k, root in enumerate(roots):
        if k:
            y += _SIBLING_EM["primary"] * fs
        place(root, y)
        y += band(root)
    tree_bottom = y
    orphan_label_y = None
    if orphans:
        y += 2.2 * fs
        orphan_label_y = y
        y += _line_height(fs) + 0.4 * fs
        for box in orphans:
            place(box, y)
            y += band(box) + 0.9 * fs
        y -= 0.9 * fs
    aim = make("aim", "aim", dd.aim or "(write the aim)", "", "")
    content_top = top
    content_bottom = max(tree_bottom, content_top + aim.height)
    aim.x = xs["aim"]
    aim.y = content_top + (content_bottom - content_top - aim.height) / 2
    aim.children = roots
    bottom = max(y, content_bottom) + 1.2 * fs
    return {
        "aim": aim,
        "boxes": boxes,
        "orphans": orphans,
        "orphan_label_y": orphan_label_y,
        "xs": xs,
        "col_w": col_w,
        "shown": shown,
        "width": width,
        "height": bottom,
        "header_y": 1.0 * fs,
        "gap": gap,
    }


def plot_driver_diagram(
    dd: Any,
    *,
    ax: Axes | None = None,
    numbers: bool = True,
    links: bool = True,
    title: str | None = None,
    fontsize: float = BASE_FONT,
    measure_names: Mapping[str, str] | None = None,
) -> Axes:
    """Draw a driver diagram left to right: aim, primary, secondary, change ideas.

    Boxes are sized from their wrapped text and stacked so that no two overlap;
    each box sits level with the middle of the boxes it leads to. Elbow connectors
    join each box to its first parent; a dashed curve shows any further driver a box
    also supports. Boxes whose parent is missing are drawn with a dashed outline
    under "Not connected".

    Parameters
    ----------
    dd : DriverDiagram
        The diagram (:class:`qikit.improve.DriverDiagram`).
    ax : Axes, optional
        Where to draw. When not given, a new figure sized to the content is made.
        A given Axes that is too small makes the fonts smaller to fit.
    numbers : bool, default True
        Show outline numbers (1, 1.2, 1.2.3) in the boxes.
    links : bool, default True
        Show linked measures and the number of PDSA cycles under each box.
    title : str, optional
        Title above the diagram; defaults to the diagram's title (none when empty).
    fontsize : float, default 10
        Font size in points of the box text.
    measure_names : mapping of str to str, optional
        The name to show for each linked measure id, such as
        ``{"falls-rate": "Falls per 1,000 occupied bed days"}`` (a project's
        measures by id). Ids not in the mapping are shown as they are.

    Returns
    -------
    Axes
        Each box patch has the gid ``"box:<id>"`` (``"box:aim"`` for the aim), also
        kept in the SVG output.

    Raises
    ------
    InputError
        When ``dd`` is not a driver diagram or ``fontsize`` is not a positive number.
    """
    from qikit.improve.driver import DriverDiagram

    if not isinstance(dd, DriverDiagram):
        raise InputError(
            f"`dd`: must be a DriverDiagram (got {type(dd).__name__}). "
            "Build one with qikit.improve.DriverDiagram(...)."
        )
    fs = _fontsize(fontsize)
    title = dd.title if title is None else str(title)
    measure_names = _measure_names(measure_names)

    def make(size: float) -> dict[str, Any]:
        layout = _driver_layout(dd, size, numbers, links, measure_names)
        layout["title_h"] = _line_height(size * 1.35) + 0.6 * size if title else 0.0
        layout["height"] += layout["title_h"]
        if title:
            title_w = _measurer().width(title, _font(size * 1.35, bold=True))
            layout["width"] = max(layout["width"], title_w + 2.4 * size)
        return layout

    ax, fs, layout = _fit(ax, fs, make)
    title_h = layout["title_h"]
    shift = title_h
    _draw_title(ax, fs, title)
    for lvl in layout["shown"]:
        ax.text(
            layout["xs"][lvl] + layout["col_w"][lvl] / 2,
            layout["header_y"] + shift,
            _COLUMN_TITLES[lvl],
            fontsize=fs * 1.15,
            fontweight="bold",
            color=DARK_BLUE if lvl != "change" else DARK_GREY,
            ha="center",
            va="top",
            zorder=5,
        )
    aim: _DBox = layout["aim"]
    everything = [aim, *layout["boxes"].values()]
    for box in everything:
        box.y += shift
    if layout["orphan_label_y"] is not None:
        ax.text(
            1.2 * fs,
            layout["orphan_label_y"] + shift,
            "Not connected",
            fontsize=fs,
            fontstyle="italic",
            color=DARK_PINK,
            va="top",
            zorder=5,
        )
    for box in everything:
        _draw_dbox(ax, box, fs)
    gap = layout["gap"]
    line_kw = dict(
        color=_tint(DARK_GREY, 0.6),
        linewidth=1.3,
        zorder=2,
        solid_joinstyle="round",
        solid_capstyle="round",
    )
    for parent in everything:
        if not parent.children:
            continue
        x_out = parent.x + parent.width
        x_mid = x_out + gap * 0.45
        for child in parent.children:
            ax.add_line(
                Line2D(
                    [x_out, x_mid, x_mid, child.x],
                    [parent.cy, parent.cy, child.cy, child.cy],
                    **line_kw,
                )
            )
    boxes = layout["boxes"]
    for n in dd.nodes:
        child = boxes.get(n.id)
        for pid in n.parents[1:]:
            parent = boxes.get(pid)
            if parent is None or child is None or parent.level == child.level:
                continue
            x0, y0 = parent.x + parent.width, parent.cy
            x1, y1 = child.x, child.cy
            t = np.linspace(0, 1, 40)
            xs = x0 + (x1 - x0) * t
            ys = y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)
            ax.add_line(
                Line2D(
                    xs,
                    ys,
                    color=TURQUOISE,
                    linewidth=1.1,
                    linestyle=(0, (4, 3)),
                    zorder=1.5,
                )
            )
    return ax


def _measure_names(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(
            f"`measure_names`: must map measure ids to names (got "
            f"{type(value).__name__}). Pass e.g. {{'falls-rate': 'Falls per 1,000 "
            "bed days'}, or {m.id: m.name for m in project.measures}."
        )
    return {str(k): str(v) for k, v in value.items()}


def _draw_dbox(ax: Axes, box: _DBox, fs: float) -> None:
    style = _driver_style(box.level)
    pad_x, pad_y = _PAD_EM[0] * fs, _PAD_EM[1] * fs
    _box(
        ax,
        box.x,
        box.y,
        box.width,
        box.height,
        face=style["face"],
        edge=style["edge"],
        gid=f"box:{box.id}",
        dashed=box.orphan,
        linewidth=1.6 if box.level == "aim" else 1.1,
    )
    size = fs * (1.1 if box.level == "aim" else 1.0)
    bold = box.level in ("aim", "primary")
    lh = _line_height(size)
    text_top = box.y + pad_y
    if box.number:
        ax.text(
            box.x + pad_x,
            text_top,
            box.number,
            fontsize=size,
            fontweight="bold",
            color=style["edge"] if box.level != "change" else DARK_GREY,
            va="top",
            ha="left",
            zorder=4,
            linespacing=1.28,
        )
    ax.text(
        box.x + pad_x + box.number_width,
        text_top,
        "\n".join(box.lines),
        fontsize=size,
        fontweight="bold" if bold else "normal",
        color=style["text"],
        va="top",
        ha="left",
        linespacing=1.28,
        zorder=4,
        gid=f"text:{box.id}",
    )
    if box.link_lines:
        ax.text(
            box.x + pad_x,
            text_top + len(box.lines) * lh + 0.3 * fs,
            "\n".join(box.link_lines),
            fontsize=fs * 0.82,
            fontstyle="italic",
            color=DARK_PINK,
            va="top",
            ha="left",
            linespacing=1.28,
            zorder=4,
            gid=f"links:{box.id}",
        )


def _fontsize(value: Any) -> float:
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


# ---------------------------------------------------------------------------- ramp

_DECISION_COLOURS = {
    "adopt": DARK_BLUE,
    "adapt": ORANGE,
    "abandon": DARK_PINK,
    "": "#9E9E9E",
}
_STAGE_ANGLES = {
    "plan": (0, 90),
    "act": (90, 180),
    "study": (180, 270),
    "do": (270, 360),
}
_STAGE_LETTERS = {"plan": "P", "do": "D", "study": "S", "act": "A"}


def plot_ramp(
    ramp: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    fontsize: float = BASE_FONT,
) -> Axes:
    """Draw a ramp of PDSA cycles climbing from small tests to wider ones.

    Each cycle is a PDSA wheel (quadrants filled for the stages recorded) with a
    label beside it: its number and dates, scale, degree of belief, objective and
    decision (adopt blue, adapt orange, abandon pink). Wheels climb from bottom left
    to top right, as the scale of testing grows.

    Parameters
    ----------
    ramp : Ramp
        A :class:`qikit.improve.Ramp`.
    ax : Axes, optional
        Where to draw; a new figure sized to the content when not given.
    title : str, optional
        Defaults to the ramp's title, or its change idea.
    fontsize : float, default 10

    Returns
    -------
    Axes
        Wheel patches have the gid ``"wheel:<cycle id>"`` and label boxes
        ``"box:<cycle id>"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from qikit.improve import example_ramp
    >>> ax = plot_ramp(example_ramp())
    >>> sum(1 for p in ax.patches if (p.get_gid() or "").startswith("box:"))
    4
    """
    from qikit.improve.pdsa import Ramp

    if not isinstance(ramp, Ramp):
        raise InputError(
            f"`ramp`: must be a Ramp (got {type(ramp).__name__}). "
            "Build one with qikit.improve.Ramp(change_idea, cycles)."
        )
    fs = _fontsize(fontsize)
    title = (
        (ramp.title or f"Change idea {ramp.change_idea}")
        if title is None
        else str(title)
    )
    ax, fs, layout = _fit(ax, fs, lambda size: _ramp_layout(ramp, size, title))
    _draw_title(ax, fs, title)
    items = layout["items"]
    r = layout["r"]
    if len(items) > 1:
        first, last = items[0], items[-1]
        dx, dy = last["cx"] - first["cx"], last["cy"] - first["cy"]
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        arrow = FancyArrowPatch(
            (first["cx"] - 1.4 * r * ux, first["cy"] - 1.4 * r * uy),
            (last["cx"] + 1.9 * r * ux, last["cy"] + 1.9 * r * uy),
            arrowstyle=f"simple,head_length={1.1 * fs},head_width={1.3 * fs},"
            f"tail_width={0.5 * fs}",
            color=_tint(TURQUOISE, 0.35),
            linewidth=0,
            zorder=0.5,
            mutation_scale=1,
        )
        ax.add_patch(arrow)
        # the caption runs along the arrow, on its upper-left side
        nx, ny = uy, -ux
        if ny > 0:
            nx, ny = -nx, -ny
        ax.text(
            (first["cx"] + last["cx"]) / 2 + 1.5 * r * nx,
            (first["cy"] + last["cy"]) / 2 + 1.5 * r * ny,
            "Wider scale, stronger belief",
            fontsize=fs * 0.85,
            fontstyle="italic",
            color=TURQUOISE,
            rotation=math.degrees(math.atan2(-dy, dx)),
            rotation_mode="anchor",
            ha="center",
            va="center",
            zorder=0.6,
        )
    if not items:
        ax.text(
            1.2 * fs,
            layout["height"] / 2,
            "No cycles yet: plan the first small test.",
            fontsize=fs,
            color=DARK_GREY,
            va="center",
        )
    for it in items:
        cyc = it["cycle"]
        done = {
            "plan": bool(cyc.predictions)
            or (cyc.plan is not None and not cyc.plan.is_blank),
            "do": cyc.do is not None,
            "study": cyc.study is not None,
            "act": bool(cyc.decision),
        }
        colour = _DECISION_COLOURS.get(cyc.decision, "#9E9E9E")
        for stage, (a0, a1) in _STAGE_ANGLES.items():
            wedge = Wedge(
                (it["cx"], it["cy"]),
                r,
                -a1,
                -a0,  # y grows down
                facecolor=colour if done[stage] else "white",
                edgecolor=colour,
                linewidth=1.2,
                zorder=3,
            )
            wedge.set_gid(f"wheel:{cyc.id}")
            ax.add_patch(wedge)
            mid = math.radians((a0 + a1) / 2)
            ax.text(
                it["cx"] + 0.52 * r * math.cos(mid),
                it["cy"] - 0.52 * r * math.sin(mid),
                _STAGE_LETTERS[stage],
                fontsize=fs * 0.8,
                fontweight="bold",
                color=(DARK_GREY if colour == ORANGE else "white")
                if done[stage]
                else colour,
                ha="center",
                va="center",
                zorder=4,
            )
        _box(
            ax,
            it["bx"],
            it["by"],
            it["bw"],
            it["bh"],
            face="white",
            edge=_tint(DARK_GREY, 0.35),
            gid=f"box:{cyc.id}",
        )
        y = it["by"] + 0.5 * fs
        for text, prop, colour_ in it["blocks"]:
            ax.text(
                it["bx"] + 0.6 * fs,
                y,
                "\n".join(text),
                fontproperties=prop,
                color=colour_,
                va="top",
                ha="left",
                linespacing=1.28,
                zorder=4,
            )
            y += len(text) * _line_height(prop.get_size_in_points()) + 0.2 * fs
    return ax


def _ramp_layout(ramp: Any, fs: float, title: str) -> dict[str, Any]:
    m = _measurer()
    r = 1.7 * fs
    label_w = 24 * fs
    step_x = 4.2 * fs
    gap = 1.0 * fs
    title_h = _line_height(fs * 1.35) + 1.2 * fs if title else 0.6 * fs
    head = _font(fs, bold=True)
    body = _font(fs)
    small = _font(fs * 0.9, italic=True)
    items = []
    for k, cyc in enumerate(ramp.cycles, start=1):
        when = _date_range(cyc.start, cyc.end)
        heading = f"Cycle {k}" + (f" · {when}" if when else "")
        facts = " · ".join(
            bit
            for bit in (cyc.scale, f"belief {cyc.belief}" if cyc.belief else "")
            if bit
        )
        decision = (
            f"Decision: {cyc.decision}"
            + (
                f". Next: {cyc.act.next_cycle}"
                if cyc.act and cyc.act.next_cycle
                else ""
            )
            if cyc.decision
            else f"Stage: {cyc.stage}"
        )
        inner = label_w - 1.2 * fs
        blocks = [(m.wrap(heading, inner, head), head, DARK_GREY)]
        if facts:
            blocks.append((m.wrap(facts, inner, small), small, TURQUOISE))
        blocks.append(
            (
                m.wrap(cyc.objective or "(no objective yet)", inner, body),
                body,
                DARK_GREY,
            )
        )
        colour = _DECISION_COLOURS.get(cyc.decision, DARK_GREY)
        if colour == ORANGE:  # orange text on white is too faint to read
            colour = _shade(ORANGE, 0.72)
        blocks.append((m.wrap(decision, inner, small), small, colour))
        bh = (
            1.0 * fs
            + sum(len(t) * _line_height(p.get_size_in_points()) for t, p, _ in blocks)
            + 0.2 * fs * (len(blocks) - 1)
        )
        items.append(
            {"cycle": cyc, "blocks": blocks, "bh": max(bh, 2 * r), "bw": label_w}
        )
    # bottom-up: cycle 1 lowest. Place centres from the top for the last cycle.
    y = title_h
    for it in reversed(items):
        it["cy"] = y + it["bh"] / 2
        y += it["bh"] + gap
    height = (y - gap if items else y + 3 * fs) + 2.2 * fs
    x = 1.8 * fs + r
    for it in items:
        it["cx"] = x
        it["bx"] = x + r + 0.8 * fs
        it["by"] = it["cy"] - it["bh"] / 2
        x += step_x
    last_right = (items[-1]["bx"] + label_w) if items else 30 * fs
    title_w = m.width(title, _font(fs * 1.35, bold=True)) + 2.4 * fs if title else 0
    width = max(last_right + 1.2 * fs, title_w)
    return {"items": items, "r": r, "width": width, "height": height}


def _date_range(start: Any, end: Any) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


# ---------------------------------------------------------------------------- fishbone


def plot_fishbone(
    fishbone: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    fontsize: float = BASE_FONT,
) -> Axes:
    """Draw a cause-and-effect (fishbone) diagram.

    The effect sits in the head on the right; categories alternate above and below
    the spine, each on a slanted bone with its causes written along it. Bones are
    spaced from the measured width of their causes, so no text overlaps.

    Parameters
    ----------
    fishbone : Fishbone
        A :class:`qikit.improve.Fishbone`.
    ax : Axes, optional
        Where to draw; a new figure sized to the content when not given.
    title : str, optional
        Title above the diagram (none by default).
    fontsize : float, default 10

    Returns
    -------
    Axes
        Category label boxes have the gid ``"box:<category>"`` and the head
        ``"box:effect"``; cause texts ``"cause:<category>:<k>"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from qikit.improve import example_fishbone
    >>> ax = plot_fishbone(example_fishbone())
    >>> len([t for t in ax.texts if (t.get_gid() or "").startswith("cause:")])
    13
    """
    from qikit.improve.system import Fishbone

    if not isinstance(fishbone, Fishbone):
        raise InputError(
            f"`fishbone`: must be a Fishbone (got {type(fishbone).__name__}). "
            "Build one with qikit.improve.Fishbone(effect, categories)."
        )
    fs = _fontsize(fontsize)
    title = "" if title is None else str(title)
    ax, fs, layout = _fit(ax, fs, lambda size: _fishbone_layout(fishbone, size, title))
    _draw_title(ax, fs, title)
    spine_y = layout["spine_y"]
    head = layout["head"]
    ax.add_line(
        Line2D(
            [layout["spine_x0"], head["x"]],
            [spine_y, spine_y],
            color=DARK_BLUE,
            linewidth=3.2,
            zorder=2,
            solid_capstyle="butt",
        )
    )
    tip = Polygon(
        [
            (head["x"] - 1.1 * fs, spine_y - 0.6 * fs),
            (head["x"], spine_y),
            (head["x"] - 1.1 * fs, spine_y + 0.6 * fs),
        ],
        closed=True,
        facecolor=DARK_BLUE,
        edgecolor=DARK_BLUE,
        zorder=2,
    )
    ax.add_patch(tip)
    _box(
        ax,
        head["x"],
        head["y"],
        head["w"],
        head["h"],
        face=DARK_BLUE,
        edge=DARK_BLUE,
        gid="box:effect",
        radius=0.5 * fs,
    )
    ax.text(
        head["x"] + 0.7 * fs,
        head["y"] + 0.6 * fs,
        "\n".join(head["lines"]),
        fontproperties=_font(fs * 1.1, bold=True),
        color="white",
        va="top",
        ha="left",
        linespacing=1.28,
        zorder=4,
        gid="text:effect",
    )
    cause_font = _font(fs)
    for bone in layout["bones"]:
        sign = bone["sign"]
        x_root, x_end = bone["x"], bone["x"] - bone["h"] * bone["cot"]
        y_end = spine_y - sign * bone["h"]
        ax.add_line(
            Line2D(
                [x_root, x_end],
                [spine_y, y_end],
                color=DARK_BLUE,
                linewidth=1.8,
                zorder=2,
            )
        )
        lb = bone["label"]
        _box(
            ax,
            lb["x"],
            lb["y"],
            lb["w"],
            lb["h"],
            face=_tint(TURQUOISE, 0.2),
            edge=TURQUOISE,
            gid=f"box:{bone['name']}",
        )
        ax.text(
            lb["x"] + lb["w"] / 2,
            lb["y"] + 0.45 * fs,
            "\n".join(lb["lines"]),
            fontproperties=_font(fs, bold=True),
            color=DARK_GREY,
            ha="center",
            va="top",
            linespacing=1.28,
            zorder=4,
        )
        for cause in bone["causes"]:
            ax.add_line(
                Line2D(
                    [cause["x0"], cause["x_hit"]],
                    [cause["y"], cause["y"]],
                    color=_tint(DARK_GREY, 0.55),
                    linewidth=0.9,
                    zorder=2,
                )
            )
            ax.text(
                cause["x_right"],
                cause["y"] - 0.2 * fs,
                "\n".join(cause["lines"]),
                fontproperties=cause_font,
                color=DARK_GREY,
                ha="right",
                va="bottom",
                linespacing=1.28,
                zorder=4,
                gid=f"cause:{bone['name']}:{cause['index']}",
            )
    return ax


def _fishbone_layout(fb: Any, fs: float, title: str) -> dict[str, Any]:
    """Bones, causes and labels in points (y grows downwards).

    Every cause sits on a short horizontal line that meets its bone, its text just
    above the line. A bone's texts stay between it and the bone to its left, so the
    bones are spaced by the widest text plus the slant of the bone across that text.
    """
    m = _measurer()
    cause_font = _font(fs)
    label_font = _font(fs, bold=True)
    lh = _line_height(fs)
    cot = 1 / math.tan(math.radians(62))  # horizontal run of a bone per unit height
    pad = 0.5 * fs  # between a cause's text and its bone
    clearance = 1.4 * fs  # between a text and the bone to its left
    gap = 0.55 * fs  # between rows of causes
    cats = list(fb.categories.items()) or [("(no categories yet)", [])]
    bones = []
    for k, (name, causes) in enumerate(cats):
        sign = 1 if k % 2 == 0 else -1  # 1: above the spine
        rows = []
        start = 0.8 * fs
        # read top to bottom on both sides: above the spine the first cause is
        # farthest out, below it the first cause is nearest the spine
        ordered = list(enumerate(causes))
        if sign > 0:
            ordered.reverse()
        for index, cause in ordered:
            lines = m.wrap(cause, 15 * fs, cause_font)
            w = max(m.width(line, cause_font) for line in lines)
            block = len(lines) * lh + 0.25 * fs
            inner, outer = start, start + block
            line_depth = inner if sign > 0 else outer
            rows.append(
                {
                    "index": index,
                    "lines": lines,
                    "w": w,
                    "block": block,
                    "line_depth": line_depth,
                    "outer": outer,
                }
            )
            start = outer + gap
        need = max(
            (r["w"] + pad + r["block"] * cot + clearance for r in rows), default=0.0
        )
        bones.append(
            {
                "name": name,
                "sign": sign,
                "rows": rows,
                "need": need,
                "depth": max((r["outer"] for r in rows), default=0.0),
            }
        )
    for sign in (1, -1):
        side = [b for b in bones if b["sign"] == sign]
        h = max([b["depth"] for b in side] + [3.5 * fs]) + 0.6 * fs
        for b in side:
            b["h"] = h
    pairs = math.ceil(len(bones) / 2)
    spacing = []
    for j in range(pairs):
        members = bones[2 * j : 2 * j + 2]
        label_need = max(m.width(b["name"], label_font) for b in members) + 3.0 * fs
        spacing.append(
            max(max(b["need"] for b in members), min(label_need, 16 * fs), 9 * fs)
        )
    # bone roots on the spine, from the left; shifted to the margin at the end
    roots = []
    x = 0.0
    for j in range(pairs):
        if j:
            x += spacing[j]
        roots.append(x)
    for j, b in enumerate(bones):
        b["x"] = roots[j // 2]
        wrap_w = (spacing[j // 2] - 2.6 * fs) if pairs > 1 else 16 * fs
        lines = m.wrap(b["name"], max(wrap_w, 6 * fs), label_font)
        lw = max(m.width(line, label_font) for line in lines) + 1.6 * fs
        b["label"] = {"lines": lines, "w": lw, "h": len(lines) * lh + 0.9 * fs}
    top_h = max([b["h"] for b in bones if b["sign"] > 0] + [0.0])
    bottom_h = max([b["h"] for b in bones if b["sign"] < 0] + [0.0])
    top_label = max([b["label"]["h"] for b in bones if b["sign"] > 0] + [0.0])
    bottom_label = max([b["label"]["h"] for b in bones if b["sign"] < 0] + [0.0])
    title_h = _line_height(fs * 1.35) + 1.8 * fs if title else 0.6 * fs
    spine_y = title_h + top_label + 0.2 * fs + top_h
    for b in bones:
        b["cot"] = cot
        sign, end_x = b["sign"], b["x"] - b["h"] * cot
        lab = b["label"]
        lab["x"] = end_x - lab["w"] / 2
        lab["y"] = (
            spine_y - b["h"] - lab["h"] - 0.2 * fs
            if sign > 0
            else spine_y + b["h"] + 0.2 * fs
        )
        b["causes"] = []
        for r in b["rows"]:
            x_hit = b["x"] - r["line_depth"] * cot
            x_right = x_hit - pad - (r["block"] * cot if sign > 0 else 0.0)
            b["causes"].append(
                {
                    "index": r["index"],
                    "lines": r["lines"],
                    "y": spine_y - sign * r["line_depth"],
                    "x_hit": x_hit,
                    "x_right": x_right,
                    "x0": x_right - r["w"],
                }
            )
    head_w = 13 * fs
    head_font = _font(fs * 1.1, bold=True)
    head_lines = m.wrap(fb.effect or "(write the effect)", head_w - 1.4 * fs, head_font)
    head_h = len(head_lines) * _line_height(fs * 1.1) + 1.2 * fs
    head_x = roots[-1] + 3.0 * fs
    if spine_y < title_h + head_h / 2:  # a long effect in a small fish
        extra = title_h + head_h / 2 - spine_y
        spine_y += extra
        for b in bones:
            b["label"]["y"] += extra
            for cz in b["causes"]:
                cz["y"] += extra
    spine_x0 = min(b["x"] - b["h"] * cot for b in bones) - 1.0 * fs
    min_x = min(
        [b["label"]["x"] for b in bones]
        + [cz["x0"] for b in bones for cz in b["causes"]]
        + [spine_x0]
    )
    offset = 1.2 * fs - min_x
    for b in bones:
        b["x"] += offset
        b["label"]["x"] += offset
        for cz in b["causes"]:
            for key in ("x_hit", "x_right", "x0"):
                cz[key] += offset
    head_x += offset
    spine_x0 += offset
    height = spine_y + max(bottom_h + bottom_label + 0.2 * fs, head_h / 2) + 1.2 * fs
    head = {
        "x": head_x,
        "y": spine_y - head_h / 2,
        "w": head_w,
        "h": head_h,
        "lines": head_lines,
    }
    title_w = m.width(title, _font(fs * 1.35, bold=True)) + 2.4 * fs if title else 0.0
    width = max(head_x + head_w + 1.2 * fs, title_w)
    return {
        "bones": bones,
        "head": head,
        "spine_y": spine_y,
        "spine_x0": spine_x0,
        "width": width,
        "height": height,
    }


# ---------------------------------------------------------------------------- pareto


def plot_pareto(
    table: Any,
    *,
    ax: Axes | None = None,
    title: str | None = "Pareto chart",
    ylab: str = "Count",
    threshold: float | None = None,
) -> Axes:
    """Draw a Pareto chart: sorted bars, cumulative percentage line, 80% line.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`qikit.improve.pareto_table` (or any data it accepts,
        which is passed through it first).
    ax : Axes, optional
        Where to draw the bars; the cumulative percentage goes on a twin Axes
        (``ax.twinx()``) whose scale runs from 0% to 100%. When not given, a new
        figure is made, wider for more categories.
    title : str, optional
        Default "Pareto chart"; None for no title.
    ylab : str, default "Count"
        Label of the bar axis ("Minutes", "Cost (£)").
    threshold : float, optional
        Where to draw the reference line; default 80. Give the same value as to
        :func:`~qikit.improve.pareto_table` when you used another threshold there.

    Returns
    -------
    Axes
        The bar Axes. The vital few bars are dark blue, the rest grey.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from qikit.improve import example_pareto, pareto_table
    >>> ax = plot_pareto(pareto_table(example_pareto(), other="Other"))
    >>> len(ax.patches)
    6
    """
    import pandas as pd

    from qikit.improve.system import pareto_table

    columns = ["category", "count", "percent", "cumulative_percent", "vital_few"]
    if not (isinstance(table, pd.DataFrame) and all(col in table for col in columns)):
        table = pareto_table(table)
    line = 80.0 if threshold is None else threshold
    if (
        isinstance(line, bool)
        or not isinstance(line, int | float)
        or not 0 < line <= 100
    ):
        raise InputError(
            f"`threshold`: must be between 0 and 100 (got {threshold!r}). Use 80."
        )
    n = len(table)
    if ax is None:
        fig = plt.figure(figsize=(max(6.5, 1.05 * n + 2.6), 5.4))
        ax = fig.add_subplot()
    elif not isinstance(ax, Axes):
        raise InputError(
            f"`ax`: must be a Matplotlib Axes (got {type(ax).__name__}). "
            "Leave ax out, or pass one from plt.subplots()."
        )
    positions = np.arange(n)
    vital = table["vital_few"].to_numpy(dtype=bool)
    colours = [DARK_BLUE if v else _tint(DARK_GREY, 0.3) for v in vital]
    bars = ax.bar(positions, table["count"], color=colours, width=0.72, zorder=2)
    top = float(table["count"].sum()) if n else 1.0
    for bar, value in zip(bars, table["count"], strict=True):
        label = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        inside = bar.get_height() > 0.12 * top
        ax.annotate(
            label,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, -4 if inside else 3),
            textcoords="offset points",
            ha="center",
            va="top" if inside else "bottom",
            fontsize=9.5,
            color="white" if inside and bar.get_facecolor()[0] < 0.5 else DARK_GREY,
            zorder=5,
        )
    import textwrap

    labels = ["\n".join(textwrap.wrap(str(c), 14)) or str(c) for c in table["category"]]
    ax.set_xticks(positions, labels, fontsize=9.5)
    if n > 8:
        for tick in ax.get_xticklabels():
            tick.set_rotation(35)
            tick.set_horizontalalignment("right")
    ax.set_ylabel(ylab, fontsize=11, color=DARK_GREY)
    ax.set_ylim(0, top * 1.02)
    ax.set_xlim(-0.6, n - 0.4)
    for side in ("top",):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#E1E1E1", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    right = ax.twinx()
    right.plot(
        positions,
        table["cumulative_percent"],
        color=DARK_PINK,
        marker="o",
        markersize=5,
        linewidth=2,
        zorder=4,
        label="Cumulative percentage",
    )
    right.axhline(line, color=DARK_GREY, linestyle="--", linewidth=1.2, zorder=3)
    right.annotate(
        f"{line:g}%",
        (n - 0.4, line),
        xytext=(-4, 4),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=9.5,
        color=DARK_GREY,
    )
    right.set_ylim(0, 102)
    right.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    right.set_ylabel("Cumulative percentage", fontsize=11, color=DARK_PINK)
    right.spines["top"].set_visible(False)
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=DARK_BLUE, label=f"Vital few (up to {line:g}%)"),
        Patch(facecolor=_tint(DARK_GREY, 0.3), label="Other categories"),
        Line2D(
            [],
            [],
            color=DARK_PINK,
            marker="o",
            linewidth=2,
            label="Cumulative percentage",
        ),
    ]
    right.legend(handles=handles, loc="center right", fontsize=9, frameon=False)
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", color=DARK_GREY, loc="left")
    return ax


# ---------------------------------------------------------------------------- export


def save_figure(fig_or_ax: Figure | Axes, path: str | Path, *, dpi: int = 200) -> Path:
    """Save a figure (or the figure of an Axes) as PNG, SVG or PDF.

    The format comes from the file name's suffix. Text in an SVG stays text, so it
    can be searched and copied into a report.

    Parameters
    ----------
    fig_or_ax : Figure or Axes
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
        For an unknown suffix, a missing folder or something that is not a figure.

    Examples
    --------
    >>> import matplotlib, tempfile, pathlib
    >>> matplotlib.use("Agg")
    >>> from qikit.improve import example_fishbone
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_figure(plot_fishbone(example_fishbone()), folder / "fishbone.svg").name
    'fishbone.svg'
    """
    if isinstance(fig_or_ax, Axes):
        fig = fig_or_ax.figure
    elif isinstance(fig_or_ax, Figure):
        fig = fig_or_ax
    else:
        raise InputError(
            f"`fig_or_ax`: must be a Matplotlib Figure or Axes (got "
            f"{type(fig_or_ax).__name__}). Pass what a plot_* function returned."
        )
    if not isinstance(path, str | Path):
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
    if not target.parent.exists():
        raise InputError(
            f"`path`: the folder does not exist (got {str(target.parent)!r}). "
            "Create it first, or save somewhere else."
        )
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 50 <= dpi <= 1200:
        raise InputError(
            f"`dpi`: must be a whole number from 50 to 1200 (got {dpi!r}). Use 200."
        )
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(
            target,
            format=fmt,
            dpi=dpi,
            bbox_inches="tight",
            facecolor="white",
            metadata=None,
        )
    return target
