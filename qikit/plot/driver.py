"""Drawing a driver diagram: aim, primary drivers, secondary drivers, change ideas.

The diagram is laid out in points from the measured size of its wrapped text, so
boxes never overlap and the figure grows with the content. When no ``ax`` is given,
a new figure of the right size is made; when an ``ax`` is given and is too small,
the fonts shrink to fit.

Examples
--------
>>> from qikit.improve import example_driver_diagram
>>> ax = plot_driver_diagram(example_driver_diagram("pressure_ulcers"))
>>> [t.get_text() for t in ax.texts[1:5]]
['Aim', 'Primary drivers', 'Secondary drivers', 'Change ideas']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from qikit.errors import InputError
from qikit.improve.driver import DriverDiagram, DriverNode
from qikit.plot import _boxes, style
from qikit.plot._boxes import Layout
from qikit.plot._text import font, line_height, wrap, wrap_width

__all__ = ["plot_driver_diagram"]

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


def _driver_layout(
    diagram: DriverDiagram,
    fs: float,
    numbers: bool,
    links: bool,
    measure_names: Mapping[str, str] | None = None,
) -> Layout:
    """Boxes with sizes and positions in points, for font size ``fs``."""
    nums = diagram.numbers() if numbers else {}
    by_id: dict[str, DriverNode] = {}
    for n in diagram.nodes:
        by_id.setdefault(n.id, n)
    levels = [
        lvl for lvl in _LEVEL_ORDER[1:] if any(n.level == lvl for n in diagram.nodes)
    ]
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
    link_font = font(fs * 0.82, italic=True)

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
        prop = font(size, bold=bold)
        num_w = wrap_width(number, font(size, bold=True)) + 0.45 * fs if number else 0.0
        inner = col_w[level] - 2 * pad_x - num_w
        lines = wrap(text or "(no text yet)", inner, prop)
        link_lines = (
            wrap(link_text, col_w[level] - 2 * pad_x, link_font) if link_text else []
        )
        h = len(lines) * line_height(size) + 2 * pad_y
        if link_lines:
            h += 0.3 * fs + len(link_lines) * line_height(fs * 0.82)
        return _DBox(
            node_id, level, lines, link_lines, number, col_w[level], h, num_w, orphan
        )

    def link_text(n: DriverNode) -> str:
        if not links:
            return ""
        bits = []
        if n.measures:
            names = measure_names or {}
            named = [str(names.get(m, m)) for m in n.measures]
            bits.append("Measures: " + ", ".join(named))
        if n.pdsa:
            k = len(n.pdsa)
            bits.append(f"{k} PDSA cycle{'s' if k != 1 else ''}")
        return "\n".join(bits)

    boxes: dict[str, _DBox] = {}
    for n in diagram.nodes:
        if n.id in boxes:
            continue
        boxes[n.id] = make(n.level, n.id, n.text, nums.get(n.id, ""), link_text(n))
    # first-parent tree; a parent that is missing or at the wrong level makes an orphan
    roots: list[_DBox] = []
    orphans: list[_DBox] = []
    placed: set[str] = set()
    for n in diagram.nodes:
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

    header_h = line_height(fs * 1.15) + 0.9 * fs
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
        y += line_height(fs) + 0.4 * fs
        for box in orphans:
            place(box, y)
            y += band(box) + 0.9 * fs
        y -= 0.9 * fs
    aim = make("aim", "aim", diagram.aim or "(write the aim)", "", "")
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
    diagram: DriverDiagram,
    *,
    ax: Axes | None = None,
    numbers: bool = True,
    links: bool = True,
    title: str | None = None,
    fontsize: float = style.DIAGRAM_FONT,
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
    diagram : DriverDiagram
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
        When ``diagram`` is not a driver diagram, ``fontsize`` is not a number of
        points between 4 and 40, or ``measure_names`` is not a mapping.
    """
    measure_names = _measure_names(measure_names)

    def make(size: float, title: str) -> Layout:
        layout = _driver_layout(diagram, size, numbers, links, measure_names)
        scale = style.DIAGRAM_TITLE_SCALE
        layout["title_h"] = line_height(size * scale) + 0.6 * size if title else 0.0
        layout["height"] += layout["title_h"]
        if title:
            title_w = wrap_width(title, font(size * scale, bold=True))
            layout["width"] = max(layout["width"], title_w + 2.4 * size)
        return layout

    drawn = _boxes.draw_boxed(
        diagram,
        DriverDiagram,
        argument="diagram",
        build="qikit.improve.DriverDiagram(...)",
        ax=ax,
        fontsize=fontsize,
        title=title,
        default_title=lambda d: d.title,
        make=make,
    )
    ax, fs, layout = drawn.ax, drawn.fs, drawn.layout
    title_h = layout["title_h"]
    shift = title_h
    for lvl in layout["shown"]:
        ax.text(
            layout["xs"][lvl] + layout["col_w"][lvl] / 2,
            layout["header_y"] + shift,
            _COLUMN_TITLES[lvl],
            fontsize=fs * 1.15,
            fontweight="bold",
            color=style.DARK_BLUE if lvl != "change" else style.DARK_GREY,
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
            color=style.DARK_PINK,
            va="top",
            zorder=5,
        )
    for box in everything:
        _draw_dbox(ax, box, fs)
    gap = layout["gap"]
    line_kw = dict(
        color=style.CONNECTOR,
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
    for n in diagram.nodes:
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
                    color=style.TURQUOISE,
                    linewidth=1.1,
                    linestyle=(0, (4, 3)),
                    zorder=1.5,
                )
            )
    return ax


def _measure_names(value: object) -> dict[str, str]:
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
    look = style.DRIVER_BOXES[box.level]
    pad_x, pad_y = _PAD_EM[0] * fs, _PAD_EM[1] * fs
    _boxes.box(
        ax,
        box.x,
        box.y,
        box.width,
        box.height,
        face=look["face"],
        edge=look["edge"],
        gid=f"box:{box.id}",
        dashed=box.orphan,
        linewidth=1.6 if box.level == "aim" else 1.1,
    )
    size = fs * (1.1 if box.level == "aim" else 1.0)
    bold = box.level in ("aim", "primary")
    lh = line_height(size)
    text_top = box.y + pad_y
    if box.number:
        ax.text(
            box.x + pad_x,
            text_top,
            box.number,
            fontsize=size,
            fontweight="bold",
            color=look["edge"] if box.level != "change" else style.DARK_GREY,
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
        color=look["text"],
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
            color=style.DARK_PINK,
            va="top",
            ha="left",
            linespacing=1.28,
            zorder=4,
            gid=f"links:{box.id}",
        )
