"""Drawing the spread views computed by :mod:`qikit.spread`.

Nothing is recomputed here: each function reads the tidy frames of a result.

* :func:`plot_units`: small multiples of :func:`qikit.spread.compare_units`, in
  the order it chose (by unit, latest value or signal);
* :func:`plot_summary_matrix`: the board's table of Making Data Count icons, each
  icon told apart by shape (circle: variation, rounded square: assurance), letter
  and colour, with the latest value in every cell and a key in words;
* :func:`plot_aim`: how many units have reached and sustained an aim over time.

Examples
--------
>>> import pandas as pd
>>> from qikit.spread import compare_units
>>> from qikit.plot import plot_units
>>> df = pd.DataFrame({"ward": ["A"] * 12 + ["B"] * 12,
...                    "falls": [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6,
...                              6, 5, 6, 7, 6, 5, 2, 1, 2, 1, 1, 2]})
>>> fig = plot_units(compare_units(df, y="falls", unit="ward", order="signal"))
>>> [ax.get_title(loc="left") for ax in fig.axes]
['B', 'A']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from qikit import _validate as v
from qikit._format import fmt_number
from qikit.errors import InputError
from qikit.plot import _frame, _panel, style
from qikit.plot._frame import checked_frame
from qikit.plot.annotate import Annotations, annotation_frame, number_notes
from qikit.plot.facets import draw_facets
from qikit.spread._common import noun
from qikit.spread.adoption import ADOPTER_CATEGORIES

__all__ = [
    "plot_units",
    "plot_summary_matrix",
    "plot_aim",
    "plot_assessments",
    "plot_timeline",
    "plot_adoption",
    "plot_readiness",
    "plot_sustainability",
]


def _need(result: Any, attrs: Sequence[str], what: str, maker: str) -> None:
    if not all(hasattr(result, a) for a in attrs):
        raise InputError(
            f"`result`: is not {what} (got {v.short_repr(result)}). Pass what "
            f"qikit.spread.{maker}() returns."
        )


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        fig = plt.figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
    return ax


# ---------------------------------------------------------------------- units


def plot_units(
    result: Any,
    *,
    ncols: int | None = None,
    sharey: bool | None = None,
    title: str | None = None,
    annotations: Annotations | None = None,
    show_legend: bool = True,
    date_format: str | None = None,
    sigma_lines: Sequence[int] | None = None,
) -> Figure:
    """Small multiples of many units, in the order :func:`compare_units` chose.

    Parameters
    ----------
    result : UnitsResult
        What :func:`qikit.spread.compare_units` returns.
    ncols, sharey, title, annotations, show_legend, date_format, sigma_lines
        As for :func:`qikit.plot.plot_facets`.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes`` holds one panel per unit, in ``result.frame`` order, each
        titled with its unit and showing its Making Data Count icons (with
        ``rules="mdc"``).

    Raises
    ------
    InputError
        When ``result`` is not a units result, or an option cannot be used.
    """
    _need(result, ("chart", "frame", "chart_frame"), "a units result", "compare_units")
    if ncols is not None:
        ncols = v.whole_number(ncols, "ncols", minimum=1, maximum=12, example=4)
    if sharey is not None:
        sharey = v.boolean(sharey, "sharey")
    chart = result.chart
    frame = checked_frame(_Reordered(chart, result.chart_frame()))
    with _panel.quiet():
        notes = number_notes(annotation_frame(annotations))
        lines = _frame.sigma_lines(chart, sigma_lines)
        fig = plt.figure(layout="constrained")
        draw_facets(
            fig,
            chart,
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


class _Reordered:
    """A chart result's frame in another order, for :func:`checked_frame`."""

    def __init__(self, chart: Any, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.chart = chart


# ---------------------------------------------------------------------- matrix


def plot_summary_matrix(
    matrix: Any,
    *,
    transpose: bool = False,
    title: str | None = None,
    show_key: bool = True,
    decimals: int | None = None,
) -> Figure:
    """The board's summary matrix: a table of Making Data Count icons and values.

    Each cell holds the variation icon (a circle: H high, L low, ~ common cause;
    blue improvement, orange concern, purple no direction, grey common cause), the
    assurance icon when there is one (a rounded square: P meets the target
    consistently, F fails it, ? hit and miss) and the latest value. A cell with no
    data is shaded and says so. The key under the table gives every icon drawn in
    words, so the table reads without colour.

    Parameters
    ----------
    matrix : SummaryMatrix
        What :func:`qikit.spread.summary_matrix` returns.
    transpose : bool
        False (default): one row per measure, one column per unit; True: the
        other way round.
    title : str, optional
        Default: "Summary of N measures across M units".
    show_key : bool
        The key to the icons, in words.
    decimals : int, optional
        Decimal places of the latest values (default: about 3 significant figures).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes holding the table; its texts with ``gid`` "qikit-icon-variation"
        and "qikit-icon-assurance" are the icons.

    Raises
    ------
    InputError
        When ``matrix`` is not a summary matrix, or an option cannot be used.
    """
    _need(matrix, ("frame", "measures", "units"), "a summary matrix", "summary_matrix")
    transpose = v.boolean(transpose, "transpose")
    show_key = v.boolean(show_key, "show_key")
    if decimals is not None:
        decimals = v.whole_number(decimals, "decimals", minimum=0, maximum=6)
    rows, cols = (
        (matrix.units, matrix.measures)
        if transpose
        else (
            matrix.measures,
            matrix.units,
        )
    )
    row_key, col_key = ("unit", "measure") if transpose else ("measure", "unit")
    sizes = style.MATRIX_FONT_SIZES
    cw, ch = style.MATRIX_CELL
    label_w = 0.09 * max(len(str(r)) for r in rows) + 0.4
    head_h = 0.075 * max(len(str(c)) for c in cols) + 0.4
    key_h = 0.9 if show_key else 0.0
    width = label_w + cw * len(cols) + 0.3
    height = head_h + ch * len(rows) + key_h + 0.8
    fig = plt.figure(figsize=(max(width, 6.0), height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_axis_off()
    cells = matrix.frame.set_index([row_key, col_key])
    seen: dict[str, set[str]] = {"variation": set(), "assurance": set()}
    for i, r in enumerate(rows):
        ax.text(
            -0.55,
            i,
            str(r),
            ha="right",
            va="center",
            fontsize=sizes["header"],
            color=style.DARK_GREY,
            gid="qikit-matrix-row",
        )
        for j, c in enumerate(cols):
            cell = cells.loc[(r, c)]
            _draw_cell(ax, j, i, cell, seen, decimals)
    for j, c in enumerate(cols):
        ax.text(
            j,
            -0.6,
            str(c),
            ha="left",
            va="bottom",
            rotation=45,
            rotation_mode="anchor",
            fontsize=sizes["header"],
            color=style.DARK_GREY,
            gid="qikit-matrix-column",
        )
    for k in range(len(rows) + 1):
        ax.axhline(k - 0.5, color=style.MATRIX_GRID, linewidth=0.8, zorder=0)
    for k in range(len(cols) + 1):
        ax.axvline(k - 0.5, color=style.MATRIX_GRID, linewidth=0.8, zorder=0)
    units = noun(matrix.unit_name)
    fig.suptitle(
        title
        if title is not None
        else f"Summary of {len(matrix.measures)} measures across "
        f"{len(matrix.units)} {units}",
        fontsize=sizes["title"],
        color=style.DARK_GREY,
    )
    if show_key:
        _matrix_key(fig, seen)
    return fig


def _draw_cell(ax: Axes, x: int, y: int, cell: pd.Series, seen, decimals) -> None:
    sizes = style.MATRIX_FONT_SIZES
    if int(cell["points"]) == 0:
        ax.add_patch(
            plt.Rectangle(
                (x - 0.5, y - 0.5), 1, 1, facecolor=style.MATRIX_EMPTY, zorder=0.5
            )
        )
        ax.text(
            x,
            y,
            "no data",
            ha="center",
            va="center",
            fontsize=sizes["cell"],
            color=style.SUBTITLE_GREY,
        )
        return
    icons = []
    for kind, table in (
        ("variation", style.VARIATION_ICONS),
        ("assurance", style.ASSURANCE_ICONS),
    ):
        code = str(cell[kind])
        if code in table:
            icons.append((kind, code, *table[code]))
            seen[kind].add(code)
    offsets = [-0.18, 0.18] if len(icons) == 2 else [0.0]
    for (kind, code, letter, colour, _), dx in zip(icons, offsets, strict=False):
        ax.text(
            x + dx,
            y - 0.14,
            letter,
            ha="center",
            va="center",
            fontsize=sizes["icon"],
            fontweight="bold",
            color=style.on_colour(colour),
            bbox={
                "boxstyle": style.MATRIX_SHAPES[kind],
                "facecolor": colour,
                "edgecolor": colour,
            },
            gid=f"qikit-icon-{kind}",
            url=code,
        )
    value = cell["latest"]
    ax.text(
        x,
        y + 0.27,
        fmt_number(value, decimals=decimals),
        ha="center",
        va="center",
        fontsize=sizes["cell"],
        color=style.DARK_GREY,
        gid="qikit-matrix-value",
    )


def _matrix_key(fig: Figure, seen: dict[str, set[str]]) -> None:
    handles = []
    for kind, table in (
        ("variation", style.VARIATION_ICONS),
        ("assurance", style.ASSURANCE_ICONS),
    ):
        marker = "o" if kind == "variation" else "s"
        for code, (letter, colour, words) in table.items():
            if code in seen[kind]:
                handles.append(
                    Line2D(
                        [],
                        [],
                        linestyle="none",
                        marker=marker,
                        markersize=11,
                        markerfacecolor=colour,
                        markeredgecolor=colour,
                        label=f"{letter}  {words}",
                    )
                )
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=min(4, len(handles)),
            frameon=False,
            fontsize=style.MATRIX_FONT_SIZES["key"],
        )


# ------------------------------------------------------------------------ aim


def plot_aim(
    result: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    show_legend: bool = True,
) -> Axes:
    """How many units have reached, sustained and now meet an aim, period by period.

    Parameters
    ----------
    result : AimResult
        What :func:`qikit.spread.aim_reached` returns.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    title : str, optional
        Default: "Units at the aim of …".
    show_legend : bool
        A legend in plain English below the plot.

    Returns
    -------
    matplotlib.axes.Axes
        Lines with ``gid`` "qikit-aim-reached", "qikit-aim-sustained",
        "qikit-aim-met" and "qikit-aim-total".

    Raises
    ------
    InputError
        When ``result`` is not an aim result.
    """
    _need(result, ("by_period", "frame", "target"), "an aim result", "aim_reached")
    ax = _new_axes(ax, style.FIGSIZE)
    style.style_axes(ax)
    table = result.by_period()
    x = table["x"]
    total = len(result.frame)
    for key in ("reached", "sustained", "met"):
        kw = style.SPREAD_LINES[key].kwargs()
        ax.step(x, table[key], where="post", gid=f"qikit-aim-{key}", **kw)
    ax.axhline(total, gid="qikit-aim-total", **style.SPREAD_LINES["total"].kwargs())
    ax.set_ylim(0, total * 1.08 + 0.5)
    ax.set_ylabel("Units", fontsize=style.FONT_SIZES["label"], color=style.DARK_GREY)
    side = "or more" if result.improvement == "increase" else "or less"
    ax.set_title(
        title
        if title is not None
        else f"Units at the aim of {fmt_number(result.target)} {side}",
        loc="left",
        fontsize=style.FONT_SIZES["title"],
        color=style.DARK_GREY,
    )
    if show_legend:
        handles = [
            Line2D(
                [],
                [],
                label=style.SPREAD_LINES[k].label,
                **style.SPREAD_LINES[k].kwargs(),
            )
            for k in ("reached", "sustained", "met", "total")
        ]
        _panel.legend_below(ax, handles)
    return ax


# --------------------------------------------------------------- collaboratives

_KINDS = ("trajectories", "distribution", "gaps")


def plot_assessments(
    result: Any,
    *,
    kind: str = "trajectories",
    ncols: int = 4,
    top: int = 10,
    title: str | None = None,
) -> Figure:
    """A collaborative's IHI assessment scores, self against faculty.

    Parameters
    ----------
    result : Assessments
        What :func:`qikit.spread.assessments` returns.
    kind : {"trajectories", "distribution", "gaps"}
        ``"trajectories"``: one small panel per team with its self-assessed
        (orange circles, solid line) and faculty-assessed (blue squares, dashed)
        scores; ``"distribution"``: the collaborative's median and quartiles
        month by month, for each assessor; ``"gaps"``: the ``top`` teams whose
        self and faculty scores differ most (mean absolute gap, signed mean gap
        written beside each bar).
    ncols : int
        Panels per row of the trajectories.
    top : int
        Teams shown by ``kind="gaps"``.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InputError
        When ``result`` is not an assessments result, or an option is unknown.
    """
    _need(result, ("frame", "long", "gaps"), "an assessments result", "assessments")
    kind = v.choice(kind, "kind", _KINDS)
    ncols = v.whole_number(ncols, "ncols", minimum=1, maximum=12, example=4)
    top = v.whole_number(top, "top", minimum=1, example=10)
    if kind == "trajectories":
        fig = _trajectories(result, ncols)
    elif kind == "distribution":
        fig = _distribution(result)
    else:
        fig = _gaps(result, top)
    fig.suptitle(
        title
        if title is not None
        else {
            "trajectories": "IHI assessment scores, self and faculty",
            "distribution": "The collaborative's scores month by month",
            "gaps": "Where self and faculty scores differ most",
        }[kind],
        fontsize=style.FONT_SIZES["title"],
        color=style.DARK_GREY,
    )
    return fig


def _assessor_handles() -> list:
    return [
        Line2D(
            [],
            [],
            label=kw["label"],
            color=kw["color"],
            marker=kw["marker"],
            linestyle=kw["linestyle"],
            linewidth=1.6,
        )
        for kw in style.ASSESSOR_STYLES.values()
    ]


def _trajectories(result: Any, ncols: int) -> Figure:
    long = result.long()
    teams = list(pd.unique(result.frame["unit"]))
    ncols = max(1, min(ncols, len(teams)))
    nrows = -(-len(teams) // ncols)
    fig = plt.figure(figsize=(3.2 * ncols, 2.4 * nrows + 1.2), layout="constrained")
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
    for ax in axes[len(teams) :]:
        ax.remove()
    for ax, team in zip(axes, teams, strict=False):
        style.style_axes(ax)
        rows = long[long["unit"] == team]
        for who, kw in style.ASSESSOR_STYLES.items():
            part = rows[rows["assessor"] == who]
            if len(part):
                ax.plot(
                    part["x"],
                    part["score"],
                    color=kw["color"],
                    marker=kw["marker"],
                    linestyle=kw["linestyle"],
                    markersize=4,
                    linewidth=1.4,
                    gid=f"qikit-assessment-{who}",
                )
        ax.set_title(
            str(team),
            loc="left",
            fontsize=style.SPREAD_FONT_SIZES["panel"],
            color=style.DARK_GREY,
            fontweight="bold",
        )
        ax.set_ylim(0, 5.25)
        ax.set_yticks([0.5, 1.5, 2.5, 3.5, 4.5])
        if pd.api.types.is_datetime64_any_dtype(long["x"]):
            locator = mdates.AutoDateLocator(minticks=2, maxticks=4)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.tick_params(labelsize=style.SPREAD_FONT_SIZES["small"])
    fig.legend(
        handles=_assessor_handles(),
        loc="outside lower center",
        ncol=2,
        frameon=False,
        fontsize=style.FONT_SIZES["legend"],
    )
    return fig


def _distribution(result: Any) -> Figure:
    table = result.distribution()
    fig = plt.figure(figsize=style.FIGSIZE, layout="constrained")
    ax = fig.add_subplot()
    style.style_axes(ax)
    for who, kw in style.ASSESSOR_STYLES.items():
        part = table[table["assessor"] == who]
        if not len(part):
            continue
        ax.fill_between(
            part["x"],
            part["q1"],
            part["q3"],
            color=kw["color"],
            alpha=0.15,
            linewidth=0,
        )
        ax.plot(
            part["x"],
            part["median"],
            color=kw["color"],
            marker=kw["marker"],
            linestyle=kw["linestyle"],
            linewidth=2,
            gid=f"qikit-assessment-median-{who}",
        )
    ax.set_ylim(0, 5.25)
    ax.set_ylabel(
        "Score (median, quartiles shaded)",
        fontsize=style.FONT_SIZES["label"],
        color=style.DARK_GREY,
    )
    _panel.legend_below(ax, _assessor_handles())
    return fig


def _gaps(result: Any, top: int) -> Figure:
    gaps = result.gaps(top=top)
    fig = plt.figure(figsize=(8, 0.45 * max(len(gaps), 1) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    style.style_axes(ax)
    ax.grid(False)
    y = np.arange(len(gaps))
    ax.barh(
        y,
        gaps["mean_abs_gap"],
        color=style.tint(style.DARK_PINK, 0.6),
        edgecolor=style.DARK_PINK,
        gid="qikit-assessment-gaps",
    )
    for k, (size, signed) in enumerate(
        zip(gaps["mean_abs_gap"], gaps["mean_gap"], strict=True)
    ):
        side = "self higher" if signed > 0 else "faculty higher" if signed < 0 else ""
        ax.text(
            size,
            k,
            f"  {fmt_number(size)} ({side})" if side else f"  {size:g}",
            va="center",
            fontsize=style.FONT_SIZES["annotation"],
            color=style.DARK_GREY,
        )
    ax.set_yticks(y, gaps["unit"].astype(str))
    ax.invert_yaxis()
    ax.set_xlabel(
        "Mean absolute gap between self and faculty (points)",
        fontsize=style.FONT_SIZES["label"],
        color=style.DARK_GREY,
    )
    return fig


def plot_timeline(
    collaborative: Any, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """A collaborative's timeline: learning sessions, action periods, and so on.

    Each part is a bar from its start to its end, labelled; learning sessions dark
    blue, action periods light turquoise, prework and the congress grey.

    Parameters
    ----------
    collaborative : Collaborative
        A :class:`qikit.spread.Collaborative`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    title : str, optional
        Default: the collaborative's name.

    Returns
    -------
    matplotlib.axes.Axes
        One bar (``gid`` "qikit-timeline-<kind>") per part.

    Raises
    ------
    InputError
        When ``collaborative`` is not a Collaborative.
    """
    _need(
        collaborative,
        ("sessions", "to_frame", "name"),
        "a Collaborative",
        "Collaborative",
    )
    ax = _new_axes(ax, (10.0, 2.6))
    style.style_axes(ax)
    ax.grid(False)
    frame = collaborative.to_frame()
    colours = style.TIMELINE_COLOURS
    for _, row in frame.iterrows():
        start = mdates.date2num(row["start"])
        width = max(mdates.date2num(row["end"]) - start + 1, 4)
        level = 1 if row["kind"] in ("learning_session", "summative") else 0
        ax.broken_barh(
            [(start, width)],
            (level, 0.8),
            color=colours[row["kind"]],
            gid=f"qikit-timeline-{row['kind']}",
        )
        ax.text(
            start + width / 2,
            level + 1.0 if level else -0.25,
            row["label"],
            ha="center",
            va="bottom" if level else "top",
            fontsize=style.SPREAD_FONT_SIZES["small"],
            color=style.DARK_GREY,
        )
    ax.xaxis_date()
    ax.set_yticks([])
    ax.set_ylim(-1.2, 2.6)
    ax.spines["left"].set_visible(False)
    ax.set_title(
        title if title is not None else collaborative.name,
        loc="left",
        fontsize=style.FONT_SIZES["title"],
        color=style.DARK_GREY,
    )
    return ax


# ---------------------------------------------------------- adoption, sustaining


def plot_adoption(
    result: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    show_categories: bool = True,
    show_legend: bool = True,
) -> Axes:
    """The adoption curve: units adopting over time, against the target.

    The cumulative count of units is a step line; the target (when given) a
    dash-dot line and the planned trajectory a dashed one; Rogers' adopter
    categories are bands on the right, labelled, at the counts where each ends.

    Parameters
    ----------
    result : AdoptionResult
        What :func:`qikit.spread.adoption_curve` returns.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    title : str, optional
        Default: "Units adopting the change".
    show_categories : bool
        Shade and name Rogers' categories.
    show_legend : bool
        A legend in plain English below the plot.

    Returns
    -------
    matplotlib.axes.Axes
        The step line has ``gid`` "qikit-adoption"; the category bands
        "qikit-adopter-<category>".

    Raises
    ------
    InputError
        When ``result`` is not an adoption result.
    """
    _need(
        result,
        ("frame", "units", "total", "categories"),
        "an adoption result",
        "adoption_curve",
    )
    ax = _new_axes(ax, style.FIGSIZE)
    style.style_axes(ax)
    f = result.frame
    kinds = ["adopted"]
    ax.step(
        f["x"],
        f["adopted"],
        where="post",
        gid="qikit-adoption",
        **style.SPREAD_LINES["adopted"].kwargs(),
    )
    ax.plot(
        f["x"],
        f["adopted"],
        linestyle="none",
        marker="o",
        color=style.SPREAD_LINES["adopted"].color,
        markersize=4,
    )
    if result.target is not None:
        ax.axhline(
            result.target,
            gid="qikit-adoption-target",
            **style.SPREAD_LINES["adoption_target"].kwargs(),
        )
        kinds.append("adoption_target")
        if f["trajectory"].notna().any():
            xs = [f["x"].iloc[0], result.by]
            ax.plot(
                xs,
                [0, result.target],
                gid="qikit-adoption-trajectory",
                **style.SPREAD_LINES["trajectory"].kwargs(),
            )
            kinds.append("trajectory")
    ax.axhline(
        result.total, gid="qikit-adoption-total", **style.SPREAD_LINES["total"].kwargs()
    )
    kinds.append("total")
    if show_categories:
        low = 0.0
        for name, share in _adopter_bands():
            high = low + share * result.total
            ax.axhspan(
                low,
                high,
                xmin=0.985,
                xmax=1.0,
                color=style.ADOPTER_COLOURS[name],
                gid=f"qikit-adopter-{name}",
            )
            ax.annotate(
                name.replace("_", " ").capitalize(),
                xy=(1.0, (low + high) / 2),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=style.SPREAD_FONT_SIZES["small"],
                color=style.DARK_GREY,
                annotation_clip=False,
            )
            low = high
    ax.set_ylim(0, result.total * 1.05 + 0.5)
    ax.set_ylabel(
        "Units that have adopted",
        fontsize=style.FONT_SIZES["label"],
        color=style.DARK_GREY,
    )
    ax.set_title(
        title if title is not None else "Units adopting the change",
        loc="left",
        fontsize=style.FONT_SIZES["title"],
        color=style.DARK_GREY,
    )
    if show_legend:
        handles = [
            Line2D(
                [],
                [],
                label=style.SPREAD_LINES[k].label,
                **style.SPREAD_LINES[k].kwargs(),
            )
            for k in kinds
        ]
        _panel.legend_below(ax, handles)
    return ax


def _adopter_bands() -> list[tuple[str, float]]:
    return list(ADOPTER_CATEGORIES)


def plot_readiness(
    result: Any, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Readiness to spread on Rogers' five attributes: one bar per attribute.

    Each bar is the favourable score (complexity reversed, so longer is always
    better), with the raters' range as a line and the weakest attribute named in
    the title's second line. One change at a time: the first of ``result``.

    Parameters
    ----------
    result : ReadinessResult
        What :func:`qikit.spread.spread_readiness` returns.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    title : str, optional
        Default: "Readiness to spread".

    Returns
    -------
    matplotlib.axes.Axes
        Bars with ``gid`` "qikit-readiness".

    Raises
    ------
    InputError
        When ``result`` is not a readiness result.
    """
    _need(
        result, ("frame", "overall", "scale"), "a readiness result", "spread_readiness"
    )
    ax = _new_axes(ax, (8.0, 4.2))
    style.style_axes(ax)
    ax.grid(False)
    first = result.overall["change"].iloc[0]
    rows = result.frame[result.frame["change"] == first].reset_index(drop=True)
    lo, hi = result.scale
    y = np.arange(len(rows))
    ax.barh(
        y,
        rows["favourable"] - lo,
        left=lo,
        color=style.tint(style.DARK_BLUE, 0.5),
        edgecolor=style.DARK_BLUE,
        gid="qikit-readiness",
    )
    flip = rows["attribute"] == "complexity"
    low = np.where(flip, lo + hi - rows["maximum"], rows["minimum"])
    high = np.where(flip, lo + hi - rows["minimum"], rows["maximum"])
    ax.hlines(
        y, low, high, color=style.DARK_GREY, linewidth=1.5, gid="qikit-readiness-range"
    )
    labels = [
        a.replace("_", " ").capitalize() + (" (reversed)" if a == "complexity" else "")
        for a in rows["attribute"]
    ]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(lo, hi)
    ax.set_xlabel(
        "Favourable score (longer is readier)",
        fontsize=style.FONT_SIZES["label"],
        color=style.DARK_GREY,
    )
    weak = result.overall["weakest"].iloc[0].replace("_", " ")
    ax.set_title(
        (title if title is not None else "Readiness to spread") + f"\nWeakest: {weak}",
        loc="left",
        fontsize=style.FONT_SIZES["title"],
        color=style.DARK_GREY,
    )
    return ax


def plot_sustainability(
    result: Any,
    *,
    unit: Any = None,
    x: Any = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """One team's Sustainability Model ratings: every member's rating, not an average.

    One row per factor (grouped by domain); each member's rating is a dot (dots
    at the same level are spread side by side, so each member shows), the
    team's range a light bar behind them, the median a short dark tick.

    Parameters
    ----------
    result : SustainabilityResult
        What :func:`qikit.spread.sustainability` returns.
    unit : str, optional
        The team to draw (default: the first).
    x : optional
        The round to draw, when there are rounds (default: the latest).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    title : str, optional
        Default: the team (and round).

    Returns
    -------
    matplotlib.axes.Axes
        Dots with ``gid`` "qikit-rating" (one per member and factor).

    Raises
    ------
    InputError
        When ``result`` is not a sustainability result, or the team or round is
        not in it.
    """
    _need(
        result,
        ("frame", "ratings", "disagreement"),
        "a sustainability result",
        "sustainability",
    )
    ratings = result.ratings
    teams = list(pd.unique(ratings["unit"]))
    unit = teams[0] if unit is None else unit
    if unit not in teams:
        v.choice(unit, "unit", [str(t) for t in teams])
    rows = ratings[ratings["unit"] == unit]
    frame = result.frame[result.frame["unit"] == unit]
    label = str(unit)
    if "x" in ratings.columns:
        rounds = sorted(pd.unique(rows["x"]))
        x = rounds[-1] if x is None else x
        if x not in rounds:
            raise InputError(
                f"`x`: team {unit!r} has no ratings for {x!r} (got {x!r}). Use one "
                f"of: {', '.join(map(str, rounds))}."
            )
        rows = rows[rows["x"] == x]
        frame = frame[frame["x"] == x]
        label += f", {result.x_name or 'round'} {x}"
    ax = _new_axes(ax, (10.5, 5.6))
    style.style_axes(ax)
    ax.grid(axis="x", color=style.GRID, linewidth=0.8)
    ax.grid(axis="y", visible=False)
    factors = frame["factor"].tolist()
    point = style.RATING_POINT
    for k, (_, row) in enumerate(frame.iterrows()):
        ax.plot(
            [row["minimum"], row["maximum"]],
            [k, k],
            solid_capstyle="round",
            gid="qikit-rating-range",
            **style.RATING_RANGE.kwargs(),
        )
        members = rows[rows["factor"] == row["factor"]]
        for level, group in members.groupby("rating"):
            offsets = (np.arange(len(group)) - (len(group) - 1) / 2) * 0.05
            ax.plot(
                level + offsets,
                np.full(len(group), k),
                gid="qikit-rating",
                **point.kwargs(),
            )
        ax.plot(
            [row["median"]] * 2,
            [k - 0.3, k + 0.3],
            color=style.DARK_BLUE,
            linewidth=2.2,
            gid="qikit-rating-median",
        )
    ax.set_yticks(
        range(len(factors)),
        [f"{f} ({d})" for f, d in zip(factors, frame["domain"], strict=True)],
    )
    ax.tick_params(axis="y", labelsize=style.SPREAD_FONT_SIZES["small"])
    ax.invert_yaxis()
    ax.set_xlim(0.5, 4.5)
    ax.set_xticks([1, 2, 3, 4], ["1 weakest", "2", "3", "4 strongest"])
    ax.set_title(
        title if title is not None else f"Sustainability Model: {label}",
        loc="left",
        fontsize=style.FONT_SIZES["title"],
        color=style.DARK_GREY,
    )
    handles = [
        Line2D([], [], label=point.label, **point.kwargs()),
        Line2D([], [], label=style.RATING_RANGE.label, **style.RATING_RANGE.kwargs()),
        Line2D([], [], label="Median", color=style.DARK_BLUE, linewidth=2.2),
    ]
    _panel.legend_below(ax, handles)
    return ax
