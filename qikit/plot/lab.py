"""Drawings for the drills and the rule-set laboratory of :mod:`qikit.sim`.

Three light, fast drawings (a drill shows a new chart every few seconds, so each
costs about a tenth of a second):

* :func:`plot_drill`: a chart to judge. Points, centre line and control limits, and
  nothing that gives the rules' verdict away, until ``reveal=True`` marks the points
  the rules flag (shape, ring and band as well as colour, as :func:`plot_qic` does).
* :func:`plot_rule_sets`: the same data read by several rule sets, as small
  multiples (one panel per rule set, each titled with what its rules find).
* :func:`plot_rule_lab`: the simulated signal rates of :func:`qikit.sim.rule_lab`
  against the size of the shift: at a shift of 0 the false-alarm rate, above it
  the chance of catching the shift.

Nothing is recomputed: the drawings read ``QicResult.frame`` and the laboratory's
frame.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from qikit.sim import drill, rule_lab
>>> d = drill(kind="shift", chart="i", seed=0)
>>> ax = plot_drill(d.qic(), ax=Figure().add_subplot())
>>> [line.get_gid() for line in ax.get_lines()][:4]
['qikit-data', 'qikit-points', 'qikit-cl', 'qikit-lcl']
>>> lab = rule_lab(rules=("anhoej", "ihi"), n=24, shift=(0, 1, 2), sims=200, seed=1)
>>> ax = plot_rule_lab(lab, ax=Figure().add_subplot())
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['Anhøj rules', 'IHI rules']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, PercentFormatter

from qikit._format import fmt_number, plural
from qikit.charts import QicResult
from qikit.charts.vocabulary import RULE_SET_NAMES
from qikit.errors import InputError
from qikit.plot import style
from qikit.plot._frame import checked_frame
from qikit.sim.lab import LAB_COLUMNS

__all__ = [
    "RULE_SET_STYLES",
    "plot_drill",
    "plot_rule_lab",
    "plot_rule_sets",
    "rule_set_title",
]

#: How each rule set is drawn on :func:`plot_rule_lab`: its own colour, marker and
#: line style, so the lines are told apart in grey print and by people with a colour
#: vision deficiency.
RULE_SET_STYLES: dict[str, dict[str, Any]] = {
    "anhoej": {"color": style.DARK_BLUE, "marker": "o", "linestyle": "-"},
    "ihi": {"color": style.ORANGE, "marker": "s", "linestyle": "--"},
    "mdc": {"color": style.TURQUOISE, "marker": "^", "linestyle": "-."},
    "western_electric": {"color": style.DARK_PINK, "marker": "D", "linestyle": ":"},
}
#: Line styles for several series lengths on one :func:`plot_rule_lab` chart.
_LENGTH_LINES = ("-", "--", ":", "-.")
#: Size of a drill chart, and of one panel of :func:`plot_rule_sets`.
DRILL_FIGSIZE: tuple[float, float] = (9.0, 4.2)
PANEL_FIGSIZE: tuple[float, float] = (5.0, 3.1)

#: Rules about the whole chart (no single point is flagged).
_CHART_RULES = {
    "few_crossings": "too few crossings of the centre line",
    "runs_count": "too few or too many runs",
}
_LIMIT_RULES = ("outside_limits", "astronomical")


# ---------------------------------------------------------------------- arguments


def _result(result: Any) -> pd.DataFrame:
    frame = checked_frame(result)
    if getattr(result, "facets", None) is not None:
        raise InputError(
            f"`result`: this chart is split into facets (got facets="
            f"{result.facets!r}). Draw one chart at a time: filter the data to one "
            f"{result.facets}, or use plot_facets for small multiples."
        )
    return frame


def _axes(ax: Any, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        if not plt.get_fignums():
            plt.figure(figsize=figsize, layout="constrained")
        return plt.gca()
    if not isinstance(ax, Axes):
        raise InputError(
            f"`ax`: must be a Matplotlib Axes (got {type(ax).__name__}). Leave ax "
            "out, or pass one from plt.subplots()."
        )
    return ax


def _bools(values: pd.Series) -> np.ndarray:
    return values.fillna(False).to_numpy(bool)


# --------------------------------------------------------------------- plot_drill


def plot_drill(
    result: QicResult,
    *,
    ax: Axes | None = None,
    reveal: bool = False,
    title: str | None = None,
    ylabel: str | None = None,
    show_legend: bool = True,
) -> Axes:
    """Draw a chart to judge, and, once revealed, the points its rules flag.

    Parameters
    ----------
    result : QicResult
        A chart from :func:`qikit.qic` (such as ``drill.qic()`` or
        ``judge(...).result``), without facets.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default the current Axes (a new 9 × 4.2 inch figure when none
        is open).
    reveal : bool, default False
        False: the points, the centre line and the control limits only, all points
        alike, so the chart can be judged before the rules' verdict is seen. True:
        also mark the flagged points (the engine's point states), ring points
        outside the limits, band the points of a run signal and draw the centre line
        of a part with a non-random pattern in turquoise, as :func:`plot_qic` does.
    title : str, optional
        Title over the chart (left-aligned). Default: none.
    ylabel : str, optional
        Label of the y axis; default the result's ``ylab``.
    show_legend : bool, default True
        A legend below the chart, in plain English.

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry gids: ``qikit-data``, ``qikit-points``, ``qikit-cl``,
        ``qikit-lcl``, ``qikit-ucl`` and, when revealed, ``qikit-flagged``,
        ``qikit-outside`` and ``qikit-run-band``.

    Raises
    ------
    InputError
        When ``result`` is not a chart result, is split into facets, or ``ax`` is
        not an Axes.

    See Also
    --------
    qikit.plot.plot_qic : the full chart, with values, parts and icons.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from qikit.sim import drill, judge
    >>> d = drill(kind="outlier", chart="i", seed=1)
    >>> ax = plot_drill(d.qic(), ax=Figure().add_subplot())
    >>> [line.get_gid() for line in ax.get_lines() if "flag" in str(line.get_gid())]
    []
    >>> ax = plot_drill(judge(d, "signal").result, ax=Figure().add_subplot(),
    ...                 reveal=True)
    >>> [len(line.get_xdata()) for line in ax.get_lines()
    ...  if line.get_gid() == "qikit-outside"]
    [1]
    """
    frame = _result(result)
    ax = _axes(ax, DRILL_FIGSIZE)
    x = frame["x"].to_numpy()
    y = frame["y"].to_numpy(float)
    lines = style.LINE_STYLES
    points = style.POINT_STYLES
    handles: list[Line2D] = []

    data = ax.plot(x, y, gid="qikit-data", **lines["data"].kwargs())[0]
    dots = points["common_cause"].kwargs()
    if not reveal:
        dots.update(markerfacecolor=style.DARK_GREY, markeredgecolor="white")
    ax.plot(x, y, gid="qikit-points", **dots)
    handles.append(
        Line2D(
            [],
            [],
            label="Data" if not reveal else points["common_cause"].label,
            **{**lines["data"].kwargs(), **_marker_only(dots)},
        )
    )
    del data

    runs = _bools(frame["runs_signal"]) if reveal else np.zeros(len(frame), bool)
    cl = frame["cl"].to_numpy(float)
    centre_name = _centre_name(result)
    for part in pd.unique(frame["part"]):
        where = (frame["part"] == part).to_numpy()
        kind = "cl_runs" if runs[where].any() else "cl"
        ax.plot(
            x[where],
            cl[where],
            gid="qikit-cl",
            drawstyle="steps-mid",
            **lines[kind].kwargs(),
        )
    if not runs.all():
        handles.append(Line2D([], [], label=centre_name, **lines["cl"].kwargs()))
    if runs.any():
        handles.append(
            Line2D([], [], label=lines["cl_runs"].label, **lines["cl_runs"].kwargs())
        )
    has_limits = False
    for column in ("lcl", "ucl"):
        values = frame[column].to_numpy(float)
        if np.isfinite(values).any():
            has_limits = True
            ax.plot(
                x,
                values,
                gid=f"qikit-{column}",
                drawstyle="steps-mid",
                **lines["limits"].kwargs(),
            )
    if has_limits:
        handles.append(
            Line2D([], [], label=lines["limits"].label, **lines["limits"].kwargs())
        )

    if reveal:
        handles += _draw_flags(ax, frame, x, y)

    style.style_axes(ax)
    ax.set_xlabel(_x_label(result), fontsize=style.FONT_SIZES["label"] - 1)
    label = ylabel if ylabel is not None else (getattr(result, "ylab", None) or "")
    ax.set_ylabel(label, fontsize=style.FONT_SIZES["label"] - 1)
    if getattr(result, "chart", None) in ("p", "pp") and (
        getattr(result, "multiply", 1) == 1
    ):  # proportions from 0 to 1, read as percentages
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    if title:
        ax.set_title(
            title,
            loc="left",
            fontsize=style.FONT_SIZES["panel_title"],
            color=style.DARK_GREY,
        )
    if show_legend:
        _legend_below(ax, handles)
    return ax


def _centre_name(result: Any) -> str:
    chart = getattr(result, "chart", None)
    return {"run": "Median", "i": "Mean"}.get(chart, "Centre line")


def _marker_only(kwargs: dict[str, Any]) -> dict[str, Any]:
    keep = ("marker", "markersize", "markerfacecolor", "markeredgecolor")
    return {k: kwargs[k] for k in keep if k in kwargs}


def _x_label(result: Any) -> str:
    xlab = getattr(result, "xlab", None)
    if xlab:
        return str(xlab).capitalize()
    return "Point"


def _draw_flags(ax: Axes, frame: pd.DataFrame, x: np.ndarray, y: np.ndarray) -> list:
    """Mark flagged points (state, ring, band); the legend handles of what was drawn."""
    points = style.POINT_STYLES
    handles = []
    flagged = _bools(frame["signal"])
    rule = frame["rule"].fillna("").astype(str).to_numpy()
    state = frame["point_type"].astype(str).to_numpy()
    band = flagged & ~np.isin(rule, _LIMIT_RULES)
    if band.any():
        ax.plot(x[band], y[band], gid="qikit-run-band", **points["run_signal"].kwargs())
        handles.append(_handle("run_signal"))
    for kind in (
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral",
    ):
        where = flagged & np.char.startswith(state.astype(str), kind)
        if where.any():
            ax.plot(x[where], y[where], gid="qikit-flagged", **points[kind].kwargs())
            handles.append(_handle(kind))
    ucl = frame["ucl"].to_numpy(float)
    lcl = frame["lcl"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        outside = (y > ucl) | (y < lcl)
    if outside.any():
        ax.plot(
            x[outside],
            y[outside],
            gid="qikit-outside",
            **points["outside_limits"].kwargs(),
        )
        handles.append(_handle("outside_limits"))
    return handles


def _handle(kind: str) -> Line2D:
    return style.legend_handle(kind)


def _legend_below(ax: Axes, handles: list, offset: float = -0.2) -> None:
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, offset),
        ncol=min(len(handles), 4),
        frameon=False,
        fontsize=style.FONT_SIZES["legend"] - 1.5,
    )


# ----------------------------------------------------------------- plot_rule_sets


def plot_rule_sets(
    results: Iterable[QicResult],
    *,
    ylabel: str | None = None,
    columns: int = 2,
) -> Figure:
    """Small multiples: the same data read by several rule sets, one panel each.

    Parameters
    ----------
    results : iterable of QicResult
        One chart per rule set (``qic(data, ..., rules=r)`` for each ``r``), all of
        the same data.
    ylabel : str, optional
        Label of each panel's y axis; default the first result's ``ylab``.
    columns : int, default 2
        Panels in a row.

    Returns
    -------
    matplotlib.figure.Figure
        A new figure (pyplot never sees it). Each panel is :func:`plot_drill` with
        ``reveal=True``, titled with the rule set and what it finds ("Anhøj rules:
        4 points flagged"); one legend under the panels.

    Raises
    ------
    InputError
        When ``results`` is empty or holds something that is not a chart result.

    Examples
    --------
    >>> from qikit.charts import qic
    >>> y = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 9, 10, 11, 12, 13, 14, 15, 12, 11]
    >>> fig = plot_rule_sets([qic(y=y, chart="i", rules=r) for r in ("anhoej", "ihi")])
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['Anhøj rules: no signal', 'IHI rules: 7 points flagged']
    """
    charts = list(results) if not isinstance(results, QicResult) else [results]
    if not charts:
        raise InputError(
            "`results`: is empty (got no charts). Pass one chart for each rule set, "
            "e.g. [qic(data, y='falls', rules=r) for r in ('anhoej', 'ihi')]."
        )
    for i, chart in enumerate(charts):
        if not isinstance(chart, QicResult):
            raise InputError(
                f"`results[{i}]`: not a chart result (got {type(chart).__name__}). "
                "Pass the results of qikit.qic(...)."
            )
    columns = max(1, min(int(columns), len(charts)))
    rows = -(-len(charts) // columns)
    fig = Figure(
        figsize=(PANEL_FIGSIZE[0] * columns, PANEL_FIGSIZE[1] * rows + 0.6),
        layout="constrained",
    )
    axes = np.atleast_1d(fig.subplots(rows, columns, sharex=True, sharey=True)).ravel()
    kinds: dict[str, Any] = {}
    for k, (ax, chart) in enumerate(zip(axes, charts, strict=False)):
        plot_drill(
            chart,
            ax=ax,
            reveal=True,
            title=rule_set_title(chart),
            ylabel=ylabel,
            show_legend=False,
        )
        if k % columns:  # the y axis is named once per row ...
            ax.set_ylabel("")
        if k + columns < len(charts):  # ... and the x axis under the last panels
            ax.set_xlabel("")
        for handle in _panel_handles(ax, chart):
            kinds.setdefault(handle.get_label(), handle)
    for ax in axes[len(charts) :]:
        ax.set_visible(False)
    fig.legend(
        handles=list(kinds.values()),
        loc="outside lower center",
        ncol=min(len(kinds), 4),
        frameon=False,
        fontsize=style.FONT_SIZES["legend"] - 2,
    )
    return fig


def _panel_handles(ax: Axes, result: QicResult) -> list:
    gids = {line.get_gid() for line in ax.get_lines()}
    centre = _centre_name(result)
    lines = style.LINE_STYLES
    out = [
        Line2D([], [], label="Data", **{**lines["data"].kwargs(), "marker": "o"}),
        Line2D([], [], label=centre, **lines["cl"].kwargs()),
    ]
    if "qikit-ucl" in gids or "qikit-lcl" in gids:
        out.append(
            Line2D([], [], label=lines["limits"].label, **lines["limits"].kwargs())
        )
    frame = result.frame
    if _bools(frame["runs_signal"]).any():
        out.append(
            Line2D([], [], label=lines["cl_runs"].label, **lines["cl_runs"].kwargs())
        )
    if "qikit-run-band" in gids:
        out.append(_handle("run_signal"))
    states = frame.loc[_bools(frame["signal"]), "point_type"].astype(str)
    for kind in (
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral",
    ):
        if states.str.startswith(kind).any():
            out.append(_handle(kind))
    if "qikit-outside" in gids:
        out.append(_handle("outside_limits"))
    return out


def rule_set_title(result: QicResult) -> str:
    """A panel title: the rule set and what it finds, in a few words.

    Examples
    --------
    >>> from qikit.charts import qic
    >>> rule_set_title(qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c"))
    'Anhøj rules: no signal'
    """
    name = RULE_SET_NAMES.get(result.rules, str(result.rules))
    frame = result.frame
    flagged = int(_bools(frame["signal"]).sum())
    if flagged:
        return f"{name}: {plural(flagged, 'point')} flagged"
    if _bools(frame["runs_signal"]).any():
        return f"{name}: a non-random pattern"
    return f"{name}: no signal"


# ------------------------------------------------------------------ plot_rule_lab


def _lab_frame(frame: Any) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"`frame`: not a rule-lab table (got {type(frame).__name__}). Pass what "
            "qikit.sim.rule_lab() returned."
        )
    missing = [c for c in LAB_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"`frame`: lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)} (got columns "
            f"{list(map(str, frame.columns))}). Pass what qikit.sim.rule_lab() "
            "returned."
        )
    if frame.empty:
        raise InputError(
            "`frame`: has no rows (got an empty table). Run qikit.sim.rule_lab() "
            "with at least one rule set, length and shift."
        )
    return frame


def plot_rule_lab(
    frame: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw how often each rule set signals, against the size of the shift.

    Parameters
    ----------
    frame : pandas.DataFrame
        What :func:`qikit.sim.rule_lab` returned (columns ``rules``, ``n``,
        ``shift``, ``sims``, ``signal_rate``, ``se``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default the current Axes (a new figure when none is open).
    title : str, optional
        Title; default "How often each rule set signals".

    Returns
    -------
    matplotlib.axes.Axes
        One line per rule set (and series length, when there are several), each
        with its own colour, marker and line style (:data:`RULE_SET_STYLES`) and a
        light band of ±2 standard errors; y in percent. Lines carry the gid
        ``qikit-rate-<rules>-<n>``.

    Raises
    ------
    InputError
        When ``frame`` is not a rule-lab table or ``ax`` is not an Axes.

    Notes
    -----
    At a shift of 0 the process is stable, so every signal is a false alarm; above
    0 the rate is the share of series in which the rule set catches the shift
    (Anhøj & Olesen 2014; see :func:`qikit.sim.rule_lab`).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from qikit.sim import rule_lab
    >>> lab = rule_lab(rules="mdc", n=(12, 24), shift=(0, 2), sims=200, seed=1)
    >>> ax = plot_rule_lab(lab, ax=Figure().add_subplot())
    >>> sorted(line.get_gid() for line in ax.get_lines())
    ['qikit-rate-mdc-12', 'qikit-rate-mdc-24']
    """
    frame = _lab_frame(frame)
    ax = _axes(ax, (8.0, 4.5))
    lengths = list(pd.unique(frame["n"]))
    several = len(lengths) > 1
    for rules in pd.unique(frame["rules"]):
        look = RULE_SET_STYLES.get(
            rules, {"color": style.DARK_GREY, "marker": "o", "linestyle": "-"}
        )
        for k, n in enumerate(lengths):
            rows = frame[(frame["rules"] == rules) & (frame["n"] == n)].sort_values(
                "shift"
            )
            if rows.empty:
                continue
            x = rows["shift"].to_numpy(float)
            rate = rows["signal_rate"].to_numpy(float)
            se = rows["se"].to_numpy(float)
            name = RULE_SET_NAMES.get(rules, str(rules))
            label = f"{name}, {n} points" if several else name
            line = look["linestyle"]
            if several:
                line = _LENGTH_LINES[k % len(_LENGTH_LINES)]
            ax.fill_between(
                x,
                np.clip(rate - 2 * se, 0, 1),
                np.clip(rate + 2 * se, 0, 1),
                color=style.tint(look["color"], 0.18),
                linewidth=0,
                zorder=1,
            )
            ax.plot(
                x,
                rate,
                label=label,
                gid=f"qikit-rate-{rules}-{n}",
                color=look["color"],
                marker=look["marker"],
                linestyle=line,
                linewidth=2,
                markersize=7,
                markeredgecolor="white",
                zorder=3,
            )
    style.style_axes(ax)
    shifts = np.sort(pd.unique(frame["shift"].to_numpy(float)))
    ax.set_xticks(shifts)
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: "0\n(no change)" if v == 0 else fmt_number(v))
    )
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(
        "Size of the shift (standard deviations)",
        fontsize=style.FONT_SIZES["label"] - 1,
    )
    ax.set_ylabel("Charts that signal", fontsize=style.FONT_SIZES["label"] - 1)
    sims = int(frame["sims"].max())
    ax.set_title(
        title or "How often each rule set signals",
        loc="left",
        fontsize=style.FONT_SIZES["panel_title"],
        color=style.DARK_GREY,
        pad=22,
    )
    what = f"{sims:,} simulated charts for each point"
    if not several:
        what = f"{lengths[0]} points in each chart; " + what
    ax.text(
        0,
        1.02,
        what,
        transform=ax.transAxes,
        fontsize=style.FONT_SIZES["subtitle"] - 1.5,
        color=style.SUBTITLE_GREY,
        va="bottom",
    )
    _legend_below(ax, ax.get_legend_handles_labels()[0], offset=-0.3)
    return ax
