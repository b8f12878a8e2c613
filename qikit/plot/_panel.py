"""One chart panel: the layers, axes, value labels, titles, icons and legend.

:func:`qikit.plot.plot_qic` draws one panel, :func:`qikit.plot.plot_facets` one per
facet; both use the steps here, in this order: :func:`draw_panel` (layers that do
not depend on the final axis limits), :func:`finish_x`, the titles and legend,
:func:`settle_layout`, then :func:`finish_y` (top labels, headroom, value labels).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Affine2D, ScaledTranslation

from qikit._format import fmt_number
from qikit.charts import QicResult
from qikit.plot import style
from qikit.plot._frame import Icon, numbers_of, percent_range, shown_title, subtitle
from qikit.plot._layout import memo_ticks
from qikit.plot._text import text_width_points
from qikit.plot._xaxis import XScale, format_x_axis, segment_edges, x_scale
from qikit.plot.annotate import (
    band_height_points,
    draw_top_band,
    key_handles,
    needs_numbers,
)

__all__ = [
    "LEGEND_KW",
    "NumberFormatter",
    "Panel",
    "draw_icons",
    "draw_panel",
    "finish_x",
    "finish_y",
    "legend_columns",
    "legend_handles",
    "quiet",
    "settle_layout",
    "titles",
]

#: Legend order of everything a chart can show.
_LEGEND_ORDER = (
    "data",
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
    "outside_limits",
    "run_signal",
    "excluded",
    "cl",
    "cl_runs",
    "limits",
    "sigma2",
    "sigma1",
    "target",
    "baseline",
)
_POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
)
_NOT_RUN_RULES = ("", "outside_limits")
#: Third-party warnings that say nothing a learner can act on (raised while drawing).
_QUIET = (
    "AutoDateLocator was unable to pick an appropriate interval",
    "no explicit representation of timezones available for np.datetime64",
    "Parsing dates in .* format when dayfirst",
)


@contextmanager
def quiet() -> Iterator[None]:
    """Silence third-party warnings that mean nothing to the person drawing."""
    with warnings.catch_warnings():
        for text in _QUIET:
            warnings.filterwarnings("ignore", message=text)
        yield


@dataclass
class Panel:
    """What one Axes shows, kept between the drawing steps."""

    ax: Axes
    frame: pd.DataFrame
    scale: XScale
    left: np.ndarray
    right: np.ndarray
    bounds: list[tuple[int, int]]
    notes: pd.DataFrame
    kinds: list[str] = field(default_factory=list)
    values: list[tuple[str, float, Annotation]] = field(default_factory=list)
    rows: int = 0
    numbered: bool = False  # flags show numbers, the legend the labels


# ------------------------------------------------------------------------ drawing


def draw_panel(
    ax: Axes,
    result: QicResult,
    frame: pd.DataFrame,
    notes: pd.DataFrame,
    sigma_lines: tuple[int, ...],
) -> Panel:
    """Draw every layer that does not depend on the final axis limits."""
    style.style_axes(ax)
    ax.margins(y=0.08)  # room for the largest marker at either end
    scale = x_scale(frame["x"])
    if scale.kind == "date":
        ax.xaxis_date()
    left, right = segment_edges(scale.positions)
    part = frame["part"].to_numpy()
    starts = np.concatenate([[0], np.flatnonzero(part[1:] != part[:-1]) + 1])
    stops = np.concatenate([starts[1:], [len(frame)]])
    bounds = list(zip(starts.tolist(), stops.tolist(), strict=True))
    panel = Panel(ax, frame, scale, left, right, bounds if len(frame) else [], notes)
    _draw_baseline(panel)
    _draw_reference_lines(panel, result, sigma_lines)
    _draw_points(panel)
    for start, _ in panel.bounds[1:]:
        ax.axvline(
            left[start],
            **style.LINE_STYLES["divider"].kwargs(),
            gid="qikit-part-divider",
        )
    ax.set_ylabel(
        getattr(result, "ylab", None) or "",
        fontsize=style.FONT_SIZES["label"],
        color=style.DARK_GREY,
    )
    ax.set_xlabel(
        getattr(result, "xlab", None) or "",
        fontsize=style.FONT_SIZES["label"],
        color=style.DARK_GREY,
    )
    return panel


def _stairs(
    ax: Axes, panel: Panel, sl: slice, values: np.ndarray, kind: str, gid: str
) -> bool:
    """One flat step per point, so limits that vary with n show for every point."""
    if not np.isfinite(values).any():
        return False
    xs = np.column_stack([panel.left[sl], panel.right[sl]]).ravel()
    ax.plot(xs, np.repeat(values, 2), **style.LINE_STYLES[kind].kwargs(), gid=gid)
    return True


def _draw_reference_lines(
    panel: Panel, result: QicResult, sigma_lines: tuple[int, ...]
) -> None:
    ax, frame = panel.ax, panel.frame
    columns = {"limits": ("ucl", "lcl"), "target": ("target",)}
    columns.update({f"sigma{s}": (f"ucl_{s}s", f"lcl_{s}s") for s in sigma_lines})
    runs_signal = _bools(frame["runs_signal"])
    for start, stop in panel.bounds:
        sl = slice(start, stop)
        cl_kind = "cl_runs" if runs_signal[sl].any() else "cl"
        if _stairs(
            ax, panel, sl, numbers_of(frame["cl"].iloc[sl]), cl_kind, "qikit-cl"
        ):
            panel.kinds.append(cl_kind)
        for kind, cols in columns.items():
            for col in cols:
                values = numbers_of(frame[col].iloc[sl])
                if _stairs(ax, panel, sl, values, kind, f"qikit-{col}"):
                    panel.kinds.append(kind)
    _value_texts(panel, result)


def _value_texts(panel: Panel, result: QicResult) -> None:
    """Empty texts for the values of the last row's lines; filled in at the end."""
    if not len(panel.frame):
        return
    last = panel.frame.iloc[-1]
    centre = "Median" if getattr(result, "chart", None) == "run" else "CL"
    names = (("ucl", "UCL"), ("cl", centre), ("lcl", "LCL"), ("target", "Target"))
    stack = _ValueStack(panel.ax)
    for col, name in names:
        value = numbers_of(last[[col]])[0]
        if not np.isfinite(value):
            continue
        color = style.LINE_STYLES["target" if col == "target" else "limits"].color
        text = panel.ax.annotate(
            "",
            xy=(1, value),
            xycoords=panel.ax.get_yaxis_transform(),
            xytext=(0, 0),
            textcoords=stack.transform_for(len(panel.values)),
            annotation_clip=False,
            gid=f"qikit-value-{col}",
            fontsize=style.FONT_SIZES["value"],
            color=color,
            va="center",
            ha="left",
        )
        stack.add(float(value), text)
        panel.values.append((name, float(value), text))


class _ValueStack:
    """Places a panel's value labels at draw time, so they never overlap.

    Each label wants to sit level with its line, just right of the Axes; labels
    closer than one line of text are moved apart (keeping their order), however the
    figure is later resized or laid out.
    """

    GAP = style.FONT_SIZES["value"] * 1.3  # points between label centres

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.values: list[float] = []
        self.texts: list[Annotation] = []

    def add(self, value: float, text: Annotation) -> None:
        self.values.append(value)
        self.texts.append(text)

    def transform_for(self, index: int):
        def transform(renderer: Any) -> Affine2D:
            return Affine2D().translate(*self.position(index))

        return transform

    def position(self, index: int) -> tuple[float, float]:
        """Display coordinates of label ``index``, spread apart from the others."""
        ax = self.ax
        dpi = ax.figure.dpi
        box = ax.get_window_extent()
        shown = [i for i, t in enumerate(self.texts) if t.get_visible()]
        wanted = np.array(
            [ax.transData.transform((0, self.values[i]))[1] for i in shown], float
        )
        x = box.x1 + 4 * dpi / 72
        if index not in shown:
            return x, float(ax.transData.transform((0, self.values[index]))[1])
        placed = spread(wanted, self.GAP * dpi / 72)
        return x, float(placed[shown.index(index)])


def _draw_baseline(panel: Panel) -> None:
    """Shade the baseline of each part whose limits were frozen before its end."""
    include = _bools(panel.frame["include"])
    baseline = _bools(panel.frame["baseline"])
    for start, stop in panel.bounds:
        inside = baseline[start:stop]
        if not inside.any() or not (include[start:stop] & ~inside).any():
            continue  # no freeze in this part: every point was used
        end = start + int(np.flatnonzero(inside)[-1])
        panel.ax.axvspan(
            panel.left[start],
            panel.right[end],
            facecolor=style.BASELINE_SHADE,
            edgecolor="none",
            zorder=0.5,
            gid="qikit-baseline",
        )
        panel.kinds.append("baseline")


def _point_states(frame: pd.DataFrame) -> np.ndarray:
    """Marker state of each point: its point_type, 'excluded' or '' (no value)."""
    point_type = frame["point_type"].astype("string").fillna("common_cause")
    # the engine names neutral signals by side, as NHSRplotthedots; one style for both
    point_type = point_type.str.replace(
        r"^special_cause_neutral_(high|low)$", "special_cause_neutral", regex=True
    )
    state = np.where(point_type.isin(_POINT_TYPES), point_type, "common_cause")
    signal = _bools(frame["signal"])
    state = np.where(signal & (state == "common_cause"), "special_cause_neutral", state)
    state = np.where(_bools(frame["include"]), state, "excluded")
    return np.where(frame["y"].notna().to_numpy(), state, "")


def _with_breaks(values: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    """Insert NaN between parts so that lines stop at each part boundary."""
    cuts = [start for start, _ in bounds[1:]]
    return np.insert(values.astype(float), cuts, np.nan)


def _draw_points(panel: Panel) -> None:
    """The data line, then one marker layer per state, then rings and run bands."""
    ax, frame = panel.ax, panel.frame
    x, y = panel.scale.positions, frame["y"].to_numpy(float)
    ax.plot(
        _with_breaks(x, panel.bounds),
        _with_breaks(y, panel.bounds),
        **style.LINE_STYLES["data"].kwargs(),
        gid="qikit-data",
    )
    panel.kinds.append("data")
    _draw_run_band(panel, x, y)
    states = _point_states(frame)
    for state in (*_POINT_TYPES, "excluded"):
        mask = states == state
        if mask.any():
            ax.plot(
                x[mask],
                y[mask],
                **style.POINT_STYLES[state].kwargs(),
                gid=f"qikit-{state}",
            )
            panel.kinds.append(state)
    outside = _bools(frame["sigma_signal"]) & np.isfinite(y) & (states != "excluded")
    if outside.any():
        ax.plot(
            x[outside],
            y[outside],
            **style.POINT_STYLES["outside_limits"].kwargs(),
            gid="qikit-outside_limits",
        )
        panel.kinds.append("outside_limits")


def _draw_run_band(panel: Panel, x: np.ndarray, y: np.ndarray) -> None:
    """A light band behind the points flagged by a run rule (shift, trend, …)."""
    rule = panel.frame["rule"].astype("string").fillna("")
    in_run = (~rule.isin(_NOT_RUN_RULES)).to_numpy() & np.isfinite(y)
    if not in_run.any():
        return
    band = style.POINT_STYLES["run_signal"]
    panel.ax.plot(
        _with_breaks(x, panel.bounds),
        _with_breaks(np.where(in_run, y, np.nan), panel.bounds),
        color=band.color,
        linewidth=band.size * 0.6,
        solid_capstyle="round",
        marker="o",
        markersize=band.size,
        markeredgewidth=0,
        zorder=band.zorder,
        gid="qikit-run_signal",
    )
    panel.kinds.append("run_signal")


def _bools(values: pd.Series) -> np.ndarray:
    """A flag column as a NumPy bool array, missing values read as False."""
    return values.astype("boolean").fillna(False).to_numpy(bool)


# ------------------------------------------------------------------ axis finishing


def finish_x(panels: list[Panel], *, shared: bool, date_format: str | None) -> None:
    """Set x limits to the edges of the point slots, then ticks and labels."""
    spans = [_x_span(p) for p in panels]
    known = [span for span in spans if span is not None]
    for panel, span in zip(panels, spans, strict=True):
        if span is None:
            continue
        if shared:
            span = (min(s[0] for s in known), max(s[1] for s in known))
        panel.ax.set_xlim(*span)
        format_x_axis(panel.ax, panel.scale, date_format)
        _provisional_values(panel)
        panel.numbered = needs_numbers(
            panel.ax, _part_names(panel), panel.notes, panel.scale
        )
        memo_ticks(panel.ax)


def _x_span(panel: Panel) -> tuple[float, float] | None:
    """Outer edges of the panel's point slots (None when there is no x at all)."""
    edges = np.concatenate([panel.left, panel.right])
    if not np.isfinite(edges).any():
        return None
    return float(np.nanmin(edges)), float(np.nanmax(edges))


def _provisional_values(panel: Panel) -> None:
    """Give the value labels their text now, so the layout can make room for them."""
    for (name, _, text), shown in zip(
        panel.values, _value_words(panel, ""), strict=True
    ):
        text.set_text(f"{name} {shown}")


def _value_words(panel: Panel, suffix: str) -> list[str]:
    """The values in words, alike precision: one more decimal where two would look
    equal although they differ."""
    values = [value for _, value, _ in panel.values]
    percent = suffix == "%"
    words = [fmt_number(v, percent=percent) for v in values]
    for extra in range(1, 5):
        clash = any(
            words[i] == words[j] and values[i] != values[j]
            for i in range(len(values))
            for j in range(i)
        )
        if not clash:
            break
        decimals = max(_decimals(v) for v in values) + extra
        words = [fmt_number(v, percent=percent, decimals=decimals) for v in values]
    return words


def _decimals(value: float) -> int:
    text = fmt_number(value)
    return len(text.split(".")[1]) if "." in text else 0


def finish_y(panels: list[Panel], result: QicResult, *, shared: bool) -> None:
    """Percent bounds, top labels, room above the data, number format, value labels."""
    suffix = "%" if _percent_suffix(result) else ""
    bounds = percent_range(result)
    for panel in panels:
        if bounds is not None:
            _keep_within(panel.ax, bounds)
        panel.rows = draw_top_band(
            panel.ax,
            _part_names(panel),
            panel.notes,
            panel.scale,
            numbered=panel.numbered,
        )
        panel.ax.yaxis.set_major_formatter(NumberFormatter(suffix))
    if shared:  # shared y: one set of limits for all, room for the most rows
        _make_headroom(panels[0].ax, max(p.rows for p in panels))
    else:
        for panel in panels:
            _make_headroom(panel.ax, panel.rows)
    for panel in panels:
        _place_values(panel, suffix)
        memo_ticks(panel.ax)


def _percent_suffix(result: QicResult) -> bool:
    chart = getattr(result, "chart", None)
    return chart in ("p", "pp") and getattr(result, "multiply", 1) == 100


def _keep_within(ax: Axes, bounds: tuple[float, float]) -> None:
    """Keep a percentage (or proportion) axis within 0 and 100% (or 1): the view
    ends just past the bounds, and no tick is written beyond them."""
    low, high = bounds
    bottom, top = ax.get_ylim()
    pad = 0.03 * (high - low)
    ax.set_ylim(max(bottom, low - pad), min(top, high + pad))
    ax.yaxis.set_major_locator(_BoundedLocator(low, high))


class _BoundedLocator(ticker.MaxNLocator):
    """Matplotlib's usual ticks, without those beyond ``low`` and ``high``."""

    def __init__(self, low: float, high: float) -> None:
        super().__init__(nbins="auto", steps=[1, 2, 2.5, 5, 10])
        self.low, self.high = low, high

    def tick_values(self, vmin: float, vmax: float) -> np.ndarray:
        ticks = super().tick_values(vmin, vmax)
        tol = 1e-9 * (self.high - self.low)
        return ticks[(ticks >= self.low - tol) & (ticks <= self.high + tol)]


def _part_names(panel: Panel) -> list[tuple[float, str]]:
    if len(panel.bounds) < 2:
        return []
    labels = panel.frame["part_label"].astype(str).to_numpy()
    names = []
    for start, stop in panel.bounds:
        label = labels[start]
        name = f"Part {label}" if label.isdigit() else label
        names.append(((panel.left[start] + panel.right[stop - 1]) / 2, name))
    return names


def _make_headroom(ax: Axes, rows: int) -> None:
    """Raise the top of the y axis so that the label rows sit above every point."""
    bottom, top = ax.get_ylim()
    height = ax.get_window_extent().height * 72 / ax.figure.dpi
    band = band_height_points(rows)
    if rows and height > 0:
        share = min(band / height, 0.45)
        top = bottom + (top - bottom) / (1 - share)
    ax.set_ylim(bottom, top)


def _place_values(panel: Panel, suffix: str) -> None:
    """Write CL, limits and target values at the right; hide those off the axis."""
    bottom, top = panel.ax.get_ylim()
    for (name, value, text), shown in zip(
        panel.values, _value_words(panel, suffix), strict=True
    ):
        text.set_text(f"{name} {shown}")
        text.set_visible(bottom <= value <= top)


def spread(wanted: np.ndarray, gap: float) -> np.ndarray:
    """Move label positions apart (keeping their order) until each is ``gap`` apart.

    Examples
    --------
    >>> spread(np.array([10.0, 11.0, 40.0]), 5).tolist()
    [8.0, 13.0, 40.0]
    """
    order = np.argsort(wanted, kind="stable")
    placed = wanted[order].astype(float)
    for i in range(1, placed.size):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    moved = placed != wanted[order]
    if moved.any():  # share the movement of each crowded group between up and down
        group = np.cumsum(~np.r_[False, np.diff(placed) <= gap + 1e-9])
        for g in np.unique(group):
            members = group == g
            if members.sum() > 1:
                placed[members] -= (placed[members] - wanted[order][members]).mean()
        for i in range(1, placed.size):
            placed[i] = max(placed[i], placed[i - 1] + gap)
    result = np.empty_like(placed)
    result[order] = placed
    return result


class NumberFormatter(ticker.Formatter):
    """Tick labels with as few decimals as the ticks need and thousands separators.

    Examples
    --------
    >>> NumberFormatter().format_ticks([0, 2500, 5000])
    ['0', '2,500', '5,000']
    >>> NumberFormatter("%").format_ticks([0.5, 1.0, 1.5])
    ['0.5%', '1.0%', '1.5%']
    """

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix

    @staticmethod
    def decimals(values: np.ndarray) -> int:
        """The fewest decimals (0 to 6) that show every value exactly."""
        values = np.asarray(values, float)
        values = values[np.isfinite(values)]
        if not values.size:
            return 0
        tol = 1e-9 * max(1.0, float(np.abs(values).max()))
        for d in range(7):
            if np.allclose(np.round(values, d), values, rtol=0, atol=tol):
                return d
        return 6

    @staticmethod
    def format(value: float, decimals: int) -> str:
        text = f"{value:,.{decimals}f}"
        if text.lstrip("-").strip("0.,") == "":
            text = text.lstrip("-")  # no "-0"
        return text.replace("-", "\u2212")

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        d = self.decimals(np.asarray(values))
        return [f"{self.format(v, d)}{self.suffix}" for v in values]

    def __call__(self, x: float, pos: int | None = None) -> str:
        d = self.decimals(np.asarray(self.locs)) if len(self.locs) else 2
        return f"{self.format(x, d)}{self.suffix}"


def label_bottom_row(axes: np.ndarray, ncols: int, xlab: str) -> None:
    """x tick labels and x label on the lowest panel of each column.

    In an incomplete last row the panels above the gap are the lowest of their column.
    """
    n = len(axes)
    for i, ax in enumerate(axes):
        if i + ncols >= n:
            ax.xaxis.set_tick_params(labelbottom=True)
            ax.set_xlabel(
                xlab, fontsize=style.FONT_SIZES["label"], color=style.DARK_GREY
            )


def settle_layout(fig: Figure) -> None:
    """Run the layout engine now, so that text is measured on final Axes sizes."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


# ------------------------------------------------------------- titles and legends


def titles(ax: Axes, result: QicResult, title: str | None) -> tuple[float, list[float]]:
    """Bold title on the left with the chart kind in grey on a line beneath it.

    Returns the width in points of the longer of the two, and the heights (points
    above the Axes) of the middle of each line, lowest first: where icons may go.
    """
    text = shown_title(result, title)
    sub = subtitle(result)
    gap = 8.0
    rows: list[float] = []
    width = 0.0
    if sub:
        ax.annotate(
            sub,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, gap),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=style.FONT_SIZES["subtitle"],
            color=style.SUBTITLE_GREY,
            gid="qikit-subtitle",
        )
        rows.append(gap + style.FONT_SIZES["subtitle"] * 0.6)
        width = text_width_points(sub, style.FONT_SIZES["subtitle"])
        gap += style.FONT_SIZES["subtitle"] * 1.5
    if text:
        ax.set_title(
            text,
            loc="left",
            fontsize=style.FONT_SIZES["title"],
            fontweight="bold",
            color=style.DARK_GREY,
            pad=gap,
        )
        rows.append(gap + style.FONT_SIZES["title"] * 0.6)
        width = max(
            width, text_width_points(text, style.FONT_SIZES["title"], bold=True)
        )
    return width, rows or [gap]


def draw_icons(ax: Axes, found: list[Icon], *, left: float, rows: list[float]) -> None:
    """The Making Data Count icons at the top right, above the Axes, with words.

    Each icon is a coloured circle with a letter (H high, L low, ~ common cause;
    P pass, F fail, ? hit and miss) and its meaning in words beside it, so it reads
    without colour. The icons sit on the title's lines (``rows``, points above the
    Axes) right of the title (``left`` points wide); when there is no room they go
    on a line of their own above the title.
    """
    if not found:
        return
    size = style.FONT_SIZES["icon"]
    letter_size = size * 0.85
    d = letter_size * 1.9  # diameter of the circle
    pad = 0.35 * size
    widths = [d + pad + text_width_points(icon.words, size) for icon in found]
    axes_width = ax.get_window_extent().width * 72 / ax.figure.dpi
    room = axes_width - left - 1.5 * size
    step = 1.9 * size  # between rows of icons
    if len(rows) >= len(found) and max(widths) <= room:
        lines = [[i] for i in range(len(found))]
        heights = sorted(rows, reverse=True)[: len(found)]
    elif sum(widths) + size * (len(found) - 1) <= room:
        lines, heights = [list(range(len(found)))], [max(rows)]
    elif sum(widths) + size * (len(found) - 1) <= axes_width:
        lines, heights = [list(range(len(found)))], [max(rows) + step]
    else:
        lines = [[i] for i in range(len(found))]
        heights = [max(rows) + step * (len(found) - k) for k in range(len(found))]
    for members, height in zip(lines, heights, strict=True):
        x = -(sum(widths[i] for i in members) + size * (len(members) - 1))
        for i in members:
            _draw_icon(ax, found[i], x, height, d, pad, letter_size, size)
            x += widths[i] + size


def _draw_icon(
    ax: Axes,
    icon: Icon,
    x: float,
    height: float,
    d: float,
    pad: float,
    letter_size: float,
    size: float,
) -> None:
    common = {
        "xy": (1, 1),
        "xycoords": "axes fraction",
        "textcoords": "offset points",
        "va": "center",
        "annotation_clip": False,
    }
    ax.annotate(
        icon.letter,
        xytext=(x + d / 2, height),
        ha="center",
        fontsize=letter_size,
        fontweight="bold",
        color=style.on_colour(icon.colour),
        bbox={
            "boxstyle": "circle,pad=0.32",
            "facecolor": icon.colour,
            "edgecolor": icon.colour,
        },
        gid=f"qikit-icon-{icon.kind}",
        **common,
    )
    ax.annotate(
        icon.words,
        xytext=(x + d + pad, height),
        ha="left",
        fontsize=size,
        color=style.DARK_GREY,
        gid=f"qikit-icon-{icon.kind}-label",
        **common,
    )


def figure_titles(fig: Figure, result: QicResult, title: str | None) -> None:
    """The figure's title and the chart kind, centred above small multiples."""
    heading = "\n".join(t for t in (shown_title(result, title), subtitle(result)) if t)
    if heading:
        fig.suptitle(
            heading,
            fontsize=style.FONT_SIZES["title"],
            color=style.DARK_GREY,
            linespacing=1.5,
        )
    if getattr(result, "ylab", None):
        fig.supylabel(
            result.ylab, fontsize=style.FONT_SIZES["label"], color=style.DARK_GREY
        )


def legend_handles(
    kinds: list[str], result: QicResult, key: pd.DataFrame | None = None
) -> list:
    """Proxies for what was drawn, in a fixed order, then the key to numbered flags."""
    present = set(kinds)
    handles = [style.legend_handle(k) for k in _LEGEND_ORDER if k in present]
    if getattr(result, "chart", None) == "run":  # say which average the line is
        for handle in handles:
            label = handle.get_label()
            if label == style.LINE_STYLES["cl"].label:
                handle.set_label("Median")
            elif label == style.LINE_STYLES["cl_runs"].label:
                handle.set_label("Median (non-random pattern)")
    if key is None or not handles:
        return handles + (key_handles(key) if key is not None else [])
    return [handles, key_handles(key)]  # two groups: the key starts a new row


LEGEND_KW: dict[str, Any] = {
    "frameon": False,
    "fontsize": style.FONT_SIZES["legend"],
    "handlelength": 2.6,
    "handletextpad": 0.7,
    "columnspacing": 1.8,
}


def legend_below(ax: Axes, handles: list) -> None:
    """A legend under the x axis: it never covers data and reads left to right."""
    fig = ax.figure
    handles, ncol = legend_columns(handles, fig.get_figwidth() * 72 * 0.95)
    axis_box = ax.xaxis.get_tightbbox()
    drop = (ax.get_window_extent().y0 - axis_box.y0) * 72 / fig.dpi if axis_box else 0
    anchor = ax.transAxes + ScaledTranslation(0, -(drop + 6) / 72, fig.dpi_scale_trans)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=anchor,
        ncol=ncol,
        **LEGEND_KW,
    )


def legend_columns(handles: list, width_pts: float) -> tuple[list, int]:
    """The most columns (up to 4) that fit ``width_pts``, in reading order.

    Matplotlib fills a legend column by column; the handles are reordered so that
    the legend reads row by row, in the order of :data:`_LEGEND_ORDER`. ``handles``
    may be a list of groups (lists): each group then starts on a new row.
    """
    groups = handles if handles and isinstance(handles[0], list) else [handles]
    count = sum(len(group) for group in groups)
    for ncol in range(min(4, count), 0, -1):
        rows = _pad_rows(groups, ncol)
        if _legend_width(rows, ncol) <= width_pts:
            break
    # Column c holds the items of row-major positions c, c + ncol, …; Matplotlib
    # gives the first len % ncol columns one item more, as row-major filling does.
    per_column = -(-len(rows) // ncol)
    ordered = [
        rows[r * ncol + c]
        for c in range(ncol)
        for r in range(per_column)
        if r * ncol + c < len(rows)
    ]
    return ordered, ncol


def _pad_rows(groups: list[list], ncol: int) -> list:
    """Handles in row-major order, each group but the last padded to a full row."""
    padded = []
    for group in groups[:-1]:
        blanks = [
            Line2D([], [], linestyle="none", label=" ")
            for _ in range(-len(group) % ncol)
        ]
        padded += group + blanks
    return padded + groups[-1]


def _legend_width(handles: list, ncol: int) -> float:
    """Width in points of a legend of ``handles`` in ``ncol`` row-major columns."""
    size = LEGEND_KW["fontsize"]
    extra = (LEGEND_KW["handlelength"] + LEGEND_KW["handletextpad"]) * size
    entry = [text_width_points(h.get_label(), size) + extra for h in handles]
    widths = [max(entry[c::ncol], default=0) for c in range(ncol)]
    return sum(widths) + (ncol - 1) * LEGEND_KW["columnspacing"] * size
