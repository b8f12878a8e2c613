"""The one place where qikit charts get their look: colours, markers, lines, fonts.

Colours come from the UK Government Analysis Function colour-blind-safe palette
(Analysis Function, *Data visualisation: colours*, 2023). Every point state has its
own marker *shape* as well as its own colour, so a chart still reads correctly when
printed in grey or seen by someone with a colour vision deficiency. The colours of
point states follow the NHS "Making Data Count" convention: blue for improvement,
orange for concern, purple for a special cause with no preferred direction, grey
for common cause variation.

Sizes are chosen for a chart projected in a workshop room: tick labels of 12 points
and a title of 16 points on a 10 × 5.6 inch figure.

Examples
--------
>>> from qikit.plot import style
>>> style.DARK_BLUE
'#12436D'
>>> style.POINT_STYLES["special_cause_concern"].marker
'X'
>>> states = ["common_cause", "special_cause_improvement",
...           "special_cause_concern", "special_cause_neutral"]
>>> len({style.POINT_STYLES[s].marker for s in states})  # one shape per state
4
>>> style.LINE_STYLES["limits"].linestyle
'--'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

__all__ = [
    "DARK_BLUE",
    "TURQUOISE",
    "DARK_PINK",
    "ORANGE",
    "DARK_GREY",
    "LIGHT_PURPLE",
    "PALETTE",
    "PointStyle",
    "LineStyle",
    "POINT_STYLES",
    "LINE_STYLES",
    "BASELINE_SHADE",
    "FONT_SIZES",
    "FIGSIZE",
    "FACET_PANEL_SIZE",
    "DIRECTION_PHRASES",
    "SUBTITLE_GREY",
    "VARIATION_ICONS",
    "ASSURANCE_ICONS",
    "DIAGRAM_FONT",
    "MIN_FONT",
    "DECISION_COLOURS",
    "DRIVER_BOXES",
    "PARETO_FONT_SIZES",
    "FUNNEL_POINTS",
    "FUNNEL_LINES",
    "MATRIX_FONT_SIZES",
    "MATRIX_CELL",
    "SPREAD_LINES",
    "ASSESSOR_STYLES",
    "ADOPTER_COLOURS",
    "SPREAD_FONT_SIZES",
    "TIMELINE_COLOURS",
    "on_colour",
    "shade",
    "tint",
    "legend_handle",
    "style_axes",
]

# Analysis Function categorical palette, in its recommended order.
DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"

PALETTE: dict[str, str] = {
    "dark_blue": DARK_BLUE,
    "turquoise": TURQUOISE,
    "dark_pink": DARK_PINK,
    "orange": ORANGE,
    "dark_grey": DARK_GREY,
    "light_purple": LIGHT_PURPLE,
}

#: Turquoise mixed 70 % with white: the band behind points that form a run signal.
#: Solid rather than transparent so that overlapping pieces do not darken.
RUN_BAND = "#BEE3E0"
#: Fill of the baseline (freeze) period: dark grey at 8 % on white.
BASELINE_SHADE = "#ECECEC"
#: Grid lines: light enough to sit behind every other layer.
GRID = "#E1E1E1"


@dataclass(frozen=True)
class PointStyle:
    """How points in one state are drawn, and what the legend calls them.

    Parameters
    ----------
    label : str
        Plain-English legend text.
    marker : str
        Matplotlib marker code; each state has its own.
    color : str
        Hex colour from :data:`PALETTE` (or a tint of one).
    size : float
        Marker size in points.
    filled : bool
        False draws only the outline (rings for "outside the limits" and
        "excluded").
    zorder : float
        Drawing order; rings sit above points, the run band below the data line.
    """

    label: str
    marker: str
    color: str
    size: float
    filled: bool = True
    zorder: float = 4.0

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`matplotlib.axes.Axes.plot` (markers only)."""
        return {
            "linestyle": "none",
            "marker": self.marker,
            "markersize": self.size,
            "markerfacecolor": self.color if self.filled else "none",
            "markeredgecolor": "white" if self.filled else self.color,
            "markeredgewidth": 0.8 if self.filled else 1.8,
            "color": self.color,
            "zorder": self.zorder,
        }


@dataclass(frozen=True)
class LineStyle:
    """How one kind of line is drawn, and what the legend calls it."""

    label: str
    color: str
    linestyle: str | tuple
    linewidth: float
    alpha: float = 1.0
    zorder: float = 2.0

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`matplotlib.axes.Axes.plot`."""
        return {
            "color": self.color,
            "linestyle": self.linestyle,
            "linewidth": self.linewidth,
            "alpha": self.alpha,
            "zorder": self.zorder,
        }


#: Point states, in legend order. The keys ``common_cause`` and the three
#: ``special_cause_*`` are the values of ``QicResult.frame["point_type"]``.
POINT_STYLES: dict[str, PointStyle] = {
    "common_cause": PointStyle("Common cause variation", "o", DARK_GREY, 6.5),
    "special_cause_improvement": PointStyle(
        "Special cause: improvement", "P", DARK_BLUE, 11.5, zorder=5
    ),
    "special_cause_concern": PointStyle(
        "Special cause: concern", "X", ORANGE, 11.5, zorder=5
    ),
    "special_cause_neutral": PointStyle(
        "Special cause (no direction)", "D", LIGHT_PURPLE, 9, zorder=5
    ),
    "outside_limits": PointStyle(
        "Outside the control limits", "o", DARK_PINK, 17, filled=False, zorder=6
    ),
    "run_signal": PointStyle(
        "Run signal (shift, trend …)", "o", RUN_BAND, 17, zorder=1.5
    ),
    "excluded": PointStyle(
        "Excluded from calculations", "h", DARK_GREY, 8, filled=False, zorder=4
    ),
}

#: Line kinds. ``cl_runs`` is the centre line of a part whose runs analysis found a
#: non-random pattern (the signal belongs to the part, not to one point).
LINE_STYLES: dict[str, LineStyle] = {
    "data": LineStyle("Data", DARK_GREY, "-", 1.4, alpha=0.85, zorder=3),
    "cl": LineStyle("Centre line", DARK_BLUE, "-", 2.0),
    "cl_runs": LineStyle("Centre line (non-random pattern)", TURQUOISE, "-", 3.0),
    "limits": LineStyle("Control limits (3σ)", DARK_GREY, "--", 1.5),
    "sigma2": LineStyle("2σ lines", DARK_GREY, ":", 1.1, alpha=0.6, zorder=1.8),
    "sigma1": LineStyle(
        "1σ lines", DARK_GREY, (0, (1, 4)), 1.0, alpha=0.45, zorder=1.8
    ),
    "target": LineStyle("Target", DARK_PINK, "-.", 2.0, zorder=2.2),
    "divider": LineStyle("Part boundary", "#A6A6A6", "-", 1.4, zorder=1.6),
    "annotation": LineStyle("Annotation", DARK_GREY, (0, (1, 2)), 1.2, alpha=0.8),
}

#: Font sizes in points, for a chart projected in a workshop room.
FONT_SIZES: dict[str, float] = {
    "title": 16,
    "subtitle": 11.5,
    "panel_title": 13,
    "label": 13,
    "tick": 12,
    "legend": 11.5,
    "annotation": 11,
    "value": 11,
    "part": 11.5,
    "icon": 11,
}

#: Size in inches of a single chart made by ``plot_qic`` when no figure is open.
FIGSIZE: tuple[float, float] = (10.0, 5.6)
#: Size in inches of one panel of a faceted (small multiples) chart.
FACET_PANEL_SIZE: tuple[float, float] = (5.6, 3.6)

#: How the improvement direction is said under the title (only when one was given).
DIRECTION_PHRASES: dict[str, str] = {
    "increase": "higher is better",
    "decrease": "lower is better",
    "neutral": "",
}
#: The chart kind under the title, and the words beside the icons.
SUBTITLE_GREY = "#6F6F6F"

#: Making Data Count variation icons (``QicResult.summary()["variation"]``): the
#: letter in the circle, its colour, and the words beside it. Improvement blue,
#: concern orange, no preferred direction purple, common cause grey, as MDC.
VARIATION_ICONS: dict[str, tuple[str, str, str]] = {
    "common_cause": ("~", SUBTITLE_GREY, "Common cause"),
    "improvement_high": ("H", DARK_BLUE, "Improvement (high)"),
    "improvement_low": ("L", DARK_BLUE, "Improvement (low)"),
    "concern_high": ("H", ORANGE, "Concern (high)"),
    "concern_low": ("L", ORANGE, "Concern (low)"),
    "neutral_high": ("H", LIGHT_PURPLE, "Special cause (high)"),
    "neutral_low": ("L", LIGHT_PURPLE, "Special cause (low)"),
}
#: Making Data Count assurance icons (``QicResult.summary()["assurance"]``).
ASSURANCE_ICONS: dict[str, tuple[str, str, str]] = {
    "consistent_pass": ("P", DARK_BLUE, "Meets target consistently"),
    "consistent_fail": ("F", ORANGE, "Fails target consistently"),
    "inconsistent": ("?", SUBTITLE_GREY, "Hit and miss target"),
}


def on_colour(colour: str) -> str:
    """The text colour that reads on a fill of ``colour``: white, or dark grey on a
    light fill (orange, light purple).

    Examples
    --------
    >>> on_colour(DARK_BLUE), on_colour(ORANGE)
    ('white', '#3D3D3D')
    """
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in to_rgb(colour)
    )
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return DARK_GREY if luminance > 0.18 else "white"


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white; ``amount`` 0 is white, 1 is the colour.

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#808080'
    """
    r, g, b = to_rgb(colour)
    return to_hex(
        (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)
    )


def shade(colour: str, amount: float) -> str:
    """``colour`` mixed with black; ``amount`` 0 is black, 1 is the colour.

    Examples
    --------
    >>> shade("#FFFFFF", 0.5)
    '#808080'
    """
    r, g, b = to_rgb(colour)
    return to_hex((amount * r, amount * g, amount * b))


# ------------------------------------------------------------ improvement tools
# The driver diagram, the ramp of PDSA cycles, the fishbone and the Pareto chart,
# sized for a report page (they are read close up, unlike a projected chart).

#: Font size in points of the text in box diagrams (driver diagram, ramp, fishbone).
DIAGRAM_FONT: float = 10.0
#: Below this many points, text squeezed into a small Axes is hard to read: warn.
MIN_FONT: float = 5.0
#: A diagram's title, as a multiple of its font size.
DIAGRAM_TITLE_SCALE: float = 1.35
#: Lines joining boxes (driver diagram connectors).
CONNECTOR = tint(DARK_GREY, 0.6)
#: Thin lines and outlines that should recede: change ideas, fishbone causes.
FAINT_LINE = tint(DARK_GREY, 0.55)

#: Fill, outline and text colour of each level of a driver diagram.
DRIVER_BOXES: dict[str, dict[str, str]] = {
    "aim": {"face": DARK_BLUE, "edge": DARK_BLUE, "text": "white"},
    "primary": {"face": tint(DARK_BLUE, 0.22), "edge": DARK_BLUE, "text": DARK_GREY},
    "secondary": {
        "face": tint(TURQUOISE, 0.18),
        "edge": TURQUOISE,
        "text": DARK_GREY,
    },
    "change": {"face": "white", "edge": FAINT_LINE, "text": DARK_GREY},
}

#: The grey of a PDSA cycle with no decision yet.
NO_DECISION = "#9E9E9E"
#: Colour of a PDSA cycle's wheel by its Act decision ("" = not decided yet).
DECISION_COLOURS: dict[str, str] = {
    "adopt": DARK_BLUE,
    "adapt": ORANGE,
    "abandon": DARK_PINK,
    "": NO_DECISION,
}
#: The decision written in words: as the wheel, but orange darkened to be readable
#: as text on white.
DECISION_TEXT_COLOURS: dict[str, str] = {
    **DECISION_COLOURS,
    "adapt": shade(ORANGE, 0.72),
}
#: The arrow behind a ramp, from small tests to wider ones.
RAMP_ARROW = tint(TURQUOISE, 0.35)
#: Outline of a ramp cycle's label box.
LABEL_BOX_EDGE = tint(DARK_GREY, 0.35)
#: Fill of a fishbone category's label.
BONE_LABEL_FACE = tint(TURQUOISE, 0.2)
#: Pareto chart: bars outside the vital few.
PARETO_OTHER = tint(DARK_GREY, 0.3)
#: Font sizes in points of the Pareto chart (a report-sized bar chart).
PARETO_FONT_SIZES: dict[str, float] = {
    "title": 13,
    "label": 11,
    "tick": 9.5,
    "value": 9.5,
    "legend": 9,
}


# ------------------------------------------------------------------ funnel plots

#: How units are drawn on a funnel plot: inside the 95% limits, between the 95% and
#: 99.8% limits, beyond the 99.8% limits. Shapes differ as well as colours (grey
#: print, colour vision); no red or green, since a funnel plot has no "good"
#: direction.
FUNNEL_POINTS: dict[str, PointStyle] = {
    "inside": PointStyle("Inside the 95% limits", "o", DARK_GREY, 6.5),
    "outside_95": PointStyle("Outside the 95% limits", "s", TURQUOISE, 8, zorder=5),
    "outside_998": PointStyle(
        "Outside the 99.8% limits", "D", LIGHT_PURPLE, 9.5, zorder=5.5
    ),
}
#: The funnel's lines; the limits before an over-dispersion adjustment are drawn in
#: the light grey of the part dividers.
FUNNEL_LINES: dict[str, LineStyle] = {
    "target": LineStyle("Target", DARK_BLUE, "-", 2.0),
    "998": LineStyle("99.8% limits", DARK_GREY, "--", 1.5),
    "95": LineStyle("95% limits", DARK_GREY, ":", 1.4),
    "998_unadjusted": LineStyle(
        "99.8% limits before the adjustment",
        LINE_STYLES["divider"].color,
        "--",
        1.0,
        alpha=0.8,
    ),
    "95_unadjusted": LineStyle(
        "95% limits before the adjustment",
        LINE_STYLES["divider"].color,
        ":",
        1.0,
        alpha=0.8,
    ),
}


# ------------------------------------------------------------------ spread views
# Drawings of qikit.spread: the board's summary matrix, units at the aim, the
# adoption curve, collaborative assessments, sustainability ratings. Read close up
# on a report page, so their text is smaller than a projected chart's.

#: Font sizes in points of the summary matrix (a table of icons read close up).
MATRIX_FONT_SIZES: dict[str, float] = {
    "title": 13,
    "header": 9,
    "cell": 8.5,
    "icon": 8,
    "key": 9,
}
#: Width and height in inches of one cell of the summary matrix.
MATRIX_CELL: tuple[float, float] = (1.0, 0.62)
#: Fill of a matrix cell with no data, and the lines between cells.
MATRIX_EMPTY = "#F2F2F2"
MATRIX_GRID = GRID
#: The assurance icon is drawn as a rounded square, the variation icon as a
#: circle: shape, letter and colour each tell them apart.
MATRIX_SHAPES: dict[str, str] = {
    "variation": "circle,pad=0.3",
    "assurance": "round,pad=0.3",
}

#: Lines of the spread views: how many units have reached (and sustained) an aim,
#: meet it this period; adoption against its target and trajectory.
SPREAD_LINES: dict[str, LineStyle] = {
    "reached": LineStyle("Reached the aim at least once", DARK_BLUE, "-", 2.2),
    "sustained": LineStyle("Sustained the aim", TURQUOISE, "-", 2.2, zorder=2.1),
    "met": LineStyle("At the aim this period", DARK_GREY, ":", 1.6),
    "total": LineStyle("All units", "#8C8C8C", "--", 1.2, zorder=1.5),
    "adopted": LineStyle("Units adopting (cumulative)", DARK_BLUE, "-", 2.4),
    "adoption_target": LineStyle("Target", DARK_PINK, "-.", 2.0, zorder=2.2),
    "trajectory": LineStyle("Planned trajectory", DARK_GREY, "--", 1.4),
    "gap": LineStyle("Self minus faculty", DARK_PINK, "-", 1.6),
}
#: Self-assessed and faculty-assessed scores of a collaborative's teams: shape and
#: line style differ as well as colour.
ASSESSOR_STYLES: dict[str, dict[str, Any]] = {
    "self": {
        "label": "Self-assessed",
        "color": ORANGE,
        "marker": "o",
        "linestyle": "-",
    },
    "faculty": {
        "label": "Faculty-assessed",
        "color": DARK_BLUE,
        "marker": "s",
        "linestyle": "--",
    },
}
#: Rogers' adopter categories, from the first to adopt to the last, shaded from
#: dark blue to light grey (their order reads without colour: they are labelled).
ADOPTER_COLOURS: dict[str, str] = {
    "innovators": DARK_BLUE,
    "early_adopters": tint(DARK_BLUE, 0.7),
    "early_majority": TURQUOISE,
    "late_majority": tint(TURQUOISE, 0.5),
    "laggards": "#BDBDBD",
}
#: Font sizes in points of the small panels and labels of the spread views.
SPREAD_FONT_SIZES: dict[str, float] = {"panel": 10, "small": 9}
#: A collaborative's timeline: learning sessions dark blue, action periods light
#: turquoise, prework and the summative congress greys.
TIMELINE_COLOURS: dict[str, str] = {
    "prework": "#BDBDBD",
    "learning_session": DARK_BLUE,
    "action_period": tint(TURQUOISE, 0.45),
    "summative": DARK_GREY,
}
#: Points of one team member's rating, and the bar of the team's range.
RATING_POINT = PointStyle("A member's rating", "o", DARK_GREY, 6, zorder=4)
RATING_RANGE = LineStyle("Range of the team's ratings", tint(DARK_BLUE, 0.45), "-", 6)


def legend_handle(kind: str) -> Line2D | Patch:
    """A legend proxy for a point state, a line kind, ``"baseline"`` or ``"run_band"``.

    Parameters
    ----------
    kind : str
        A key of :data:`POINT_STYLES` or :data:`LINE_STYLES`, or ``"baseline"``.

    Returns
    -------
    matplotlib.lines.Line2D or matplotlib.patches.Patch
        An artist not attached to any Axes, labelled in plain English.

    Examples
    --------
    >>> legend_handle("target").get_label()
    'Target'
    >>> legend_handle("baseline").get_label()
    'Baseline (sets the limits)'
    """
    if kind == "baseline":
        return Patch(
            facecolor=BASELINE_SHADE,
            edgecolor="#BDBDBD",
            label="Baseline (sets the limits)",
        )
    if kind in POINT_STYLES:
        style = POINT_STYLES[kind]
        kwargs = style.kwargs()
        if kind == "run_signal":  # the band: a thick line with a square cap
            kwargs.update(
                linestyle="-",
                linewidth=style.size * 0.6,
                marker="o",
                markersize=style.size,
                markeredgewidth=0,
            )
        return Line2D([], [], label=style.label, **kwargs)
    style = LINE_STYLES[kind]
    return Line2D([], [], label=style.label, **style.kwargs())


def style_axes(ax: Axes) -> Axes:
    """Give an Axes the qikit look: no top or right frame, light horizontal grid.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax = style_axes(Figure().add_subplot())
    >>> ax.spines["top"].get_visible()
    False
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#8C8C8C")
    ax.tick_params(labelsize=FONT_SIZES["tick"], colors=DARK_GREY, length=4)
    ax.grid(axis="y", color=GRID, linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    return ax
