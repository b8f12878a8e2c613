"""Drawing the tools for understanding a system: the fishbone and the Pareto chart.

The fishbone is laid out in points from the measured size of its wrapped text (see
:mod:`qikit.plot._boxes`), so no text overlaps a bone or another cause. The Pareto
chart draws the table that :func:`qikit.improve.pareto_table` made; it counts
nothing itself.

Examples
--------
>>> from qikit.improve import example_fishbone, example_pareto, pareto_table
>>> ax = plot_fishbone(example_fishbone())
>>> ax = plot_pareto(pareto_table(example_pareto()))
>>> ax.get_title(loc="left")
'Pareto chart'
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import PercentFormatter

from qikit.errors import InputError
from qikit.improve.system import Fishbone
from qikit.plot import _boxes, style
from qikit.plot._boxes import Layout, check_axes
from qikit.plot._text import font, line_height, wrap, wrap_width

__all__ = ["plot_fishbone", "plot_pareto"]


def plot_fishbone(
    fishbone: Fishbone,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    fontsize: float = style.DIAGRAM_FONT,
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

    Raises
    ------
    InputError
        When ``fishbone`` is not a Fishbone or ``fontsize`` is not a number of
        points between 4 and 40.

    Examples
    --------
    >>> from qikit.improve import example_fishbone
    >>> ax = plot_fishbone(example_fishbone())
    >>> len([t for t in ax.texts if (t.get_gid() or "").startswith("cause:")])
    13
    """
    drawn = _boxes.draw_boxed(
        fishbone,
        Fishbone,
        argument="fishbone",
        build="qikit.improve.Fishbone(effect, categories)",
        ax=ax,
        fontsize=fontsize,
        title=title,
        default_title=lambda _: "",
        make=lambda size, title: _fishbone_layout(fishbone, size, title),
    )
    ax, fs, layout = drawn.ax, drawn.fs, drawn.layout
    spine_y = layout["spine_y"]
    head = layout["head"]
    ax.add_line(
        Line2D(
            [layout["spine_x0"], head["x"]],
            [spine_y, spine_y],
            color=style.DARK_BLUE,
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
        facecolor=style.DARK_BLUE,
        edgecolor=style.DARK_BLUE,
        zorder=2,
    )
    ax.add_patch(tip)
    _boxes.box(
        ax,
        head["x"],
        head["y"],
        head["w"],
        head["h"],
        face=style.DARK_BLUE,
        edge=style.DARK_BLUE,
        gid="box:effect",
        radius=0.5 * fs,
    )
    ax.text(
        head["x"] + 0.7 * fs,
        head["y"] + 0.6 * fs,
        "\n".join(head["lines"]),
        fontproperties=font(fs * 1.1, bold=True),
        color="white",
        va="top",
        ha="left",
        linespacing=1.28,
        zorder=4,
        gid="text:effect",
    )
    cause_font = font(fs)
    for bone in layout["bones"]:
        sign = bone["sign"]
        x_root, x_end = bone["x"], bone["x"] - bone["h"] * bone["cot"]
        y_end = spine_y - sign * bone["h"]
        ax.add_line(
            Line2D(
                [x_root, x_end],
                [spine_y, y_end],
                color=style.DARK_BLUE,
                linewidth=1.8,
                zorder=2,
            )
        )
        lb = bone["label"]
        _boxes.box(
            ax,
            lb["x"],
            lb["y"],
            lb["w"],
            lb["h"],
            face=style.BONE_LABEL_FACE,
            edge=style.TURQUOISE,
            gid=f"box:{bone['name']}",
        )
        ax.text(
            lb["x"] + lb["w"] / 2,
            lb["y"] + 0.45 * fs,
            "\n".join(lb["lines"]),
            fontproperties=font(fs, bold=True),
            color=style.DARK_GREY,
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
                    color=style.FAINT_LINE,
                    linewidth=0.9,
                    zorder=2,
                )
            )
            ax.text(
                cause["x_right"],
                cause["y"] - 0.2 * fs,
                "\n".join(cause["lines"]),
                fontproperties=cause_font,
                color=style.DARK_GREY,
                ha="right",
                va="bottom",
                linespacing=1.28,
                zorder=4,
                gid=f"cause:{bone['name']}:{cause['index']}",
            )
    return ax


def _fishbone_layout(fb: Fishbone, fs: float, title: str) -> Layout:
    """Bones, causes and labels in points (y grows downwards).

    Every cause sits on a short horizontal line that meets its bone, its text just
    above the line. A bone's texts stay between it and the bone to its left, so the
    bones are spaced by the widest text plus the slant of the bone across that text.
    """
    cause_font = font(fs)
    label_font = font(fs, bold=True)
    lh = line_height(fs)
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
            lines = wrap(cause, 15 * fs, cause_font)
            w = max(wrap_width(line, cause_font) for line in lines)
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
        label_need = max(wrap_width(b["name"], label_font) for b in members) + 3.0 * fs
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
        lines = wrap(b["name"], max(wrap_w, 6 * fs), label_font)
        lw = max(wrap_width(line, label_font) for line in lines) + 1.6 * fs
        b["label"] = {"lines": lines, "w": lw, "h": len(lines) * lh + 0.9 * fs}
    top_h = max([b["h"] for b in bones if b["sign"] > 0] + [0.0])
    bottom_h = max([b["h"] for b in bones if b["sign"] < 0] + [0.0])
    top_label = max([b["label"]["h"] for b in bones if b["sign"] > 0] + [0.0])
    bottom_label = max([b["label"]["h"] for b in bones if b["sign"] < 0] + [0.0])
    title_h = (
        line_height(fs * style.DIAGRAM_TITLE_SCALE) + 1.8 * fs if title else 0.6 * fs
    )
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
    head_font = font(fs * 1.1, bold=True)
    head_lines = wrap(fb.effect or "(write the effect)", head_w - 1.4 * fs, head_font)
    head_h = len(head_lines) * line_height(fs * 1.1) + 1.2 * fs
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
    title_w = (
        wrap_width(title, font(fs * style.DIAGRAM_TITLE_SCALE, bold=True)) + 2.4 * fs
        if title
        else 0.0
    )
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


# ------------------------------------------------------------------------ pareto


def plot_pareto(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = "Pareto chart",
    ylab: str = "Count",
    threshold: float | None = None,
) -> Axes:
    """Draw a Pareto chart: sorted bars, cumulative percentage line, 80% line.

    Nothing is counted or sorted here: the table from
    :func:`qikit.improve.pareto_table` is drawn as it is.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`qikit.improve.pareto_table`, with columns
        ``category``, ``count``, ``percent``, ``cumulative_percent`` and
        ``vital_few``.
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

    Raises
    ------
    InputError
        When ``table`` is not a table made by ``pareto_table``, or ``threshold`` is
        not between 0 and 100, or ``ax`` is not an Axes.

    Examples
    --------
    >>> from qikit.improve import example_pareto, pareto_table
    >>> ax = plot_pareto(pareto_table(example_pareto(), other="Other"))
    >>> len(ax.patches)
    6
    """
    _check_pareto_table(table)
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
    else:
        check_axes(ax)
    sizes = style.PARETO_FONT_SIZES
    positions = np.arange(n)
    vital = table["vital_few"].to_numpy(dtype=bool)
    colours = [style.DARK_BLUE if v else style.PARETO_OTHER for v in vital]
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
            fontsize=sizes["value"],
            color="white"
            if inside and bar.get_facecolor()[0] < 0.5
            else style.DARK_GREY,
            zorder=5,
        )
    labels = ["\n".join(textwrap.wrap(str(c), 14)) or str(c) for c in table["category"]]
    ax.set_xticks(positions, labels, fontsize=sizes["tick"])
    if n > 8:
        for tick in ax.get_xticklabels():
            tick.set_rotation(35)
            tick.set_horizontalalignment("right")
    ax.set_ylabel(ylab, fontsize=sizes["label"], color=style.DARK_GREY)
    ax.set_ylim(0, top * 1.02)
    ax.set_xlim(-0.6, n - 0.4)
    ax.spines["top"].set_visible(False)
    ax.grid(axis="y", color=style.GRID, linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    right = ax.twinx()
    right.plot(
        positions,
        table["cumulative_percent"],
        color=style.DARK_PINK,
        marker="o",
        markersize=5,
        linewidth=2,
        zorder=4,
        label="Cumulative percentage",
    )
    right.axhline(line, color=style.DARK_GREY, linestyle="--", linewidth=1.2, zorder=3)
    right.annotate(
        f"{line:g}%",
        (n - 0.4, line),
        xytext=(-4, 4),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=sizes["value"],
        color=style.DARK_GREY,
    )
    right.set_ylim(0, 102)
    right.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    right.set_ylabel(
        "Cumulative percentage", fontsize=sizes["label"], color=style.DARK_PINK
    )
    right.spines["top"].set_visible(False)
    handles = [
        Patch(facecolor=style.DARK_BLUE, label=f"Vital few (up to {line:g}%)"),
        Patch(facecolor=style.PARETO_OTHER, label="Other categories"),
        Line2D(
            [],
            [],
            color=style.DARK_PINK,
            marker="o",
            linewidth=2,
            label="Cumulative percentage",
        ),
    ]
    right.legend(
        handles=handles, loc="center right", fontsize=sizes["legend"], frameon=False
    )
    if title:
        ax.set_title(
            title,
            fontsize=sizes["title"],
            fontweight="bold",
            color=style.DARK_GREY,
            loc="left",
        )
    return ax


_PARETO_COLUMNS = ("category", "count", "percent", "cumulative_percent", "vital_few")


def _check_pareto_table(table: object) -> None:
    """Only a table made by ``pareto_table``: drawing never counts or sorts."""
    if isinstance(table, pd.DataFrame):
        missing = [c for c in _PARETO_COLUMNS if c not in table.columns]
        if not missing:
            return
        got = f"a table without the columns {', '.join(missing)}"
    else:
        got = type(table).__name__
    raise InputError(
        f"`table`: must be the table made by qikit.improve.pareto_table (got {got}). "
        "Count the categories first, e.g. plot_pareto(pareto_table(reasons)) or "
        "plot_pareto(pareto_table(data, category='reason'))."
    )
