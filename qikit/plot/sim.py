"""Drawing the games of :mod:`qikit.sim`: Deming's funnel.

:func:`plot_funnel_experiment` draws where the marbles of
:func:`qikit.sim.funnel_experiment` landed, one small scatter plot per rule, all on
the same scale so that the spread of each rule can be compared by eye. Nothing here
computes a statistic: :func:`qikit.sim.funnel_summary` measures the spread.

Examples
--------
>>> from qikit.sim import funnel_experiment
>>> axes = plot_funnel_experiment(funnel_experiment([1, 2, 3, 4], drops=50, seed=1))
>>> [ax.get_title(loc="left") for ax in axes][:2]
['Rule 1: leave the funnel alone', 'Rule 2: move it from where it is']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from qikit import _validate
from qikit.plot import style

__all__ = ["FUNNEL_TITLES", "plot_funnel_experiment", "redraw_funnel_experiment"]


# ---------------------------------------------------------------------- the funnel

#: Short panel titles for the four funnel rules (the full wording is
#: :data:`qikit.sim.FUNNEL_RULES`).
FUNNEL_TITLES: dict[int, str] = {
    1: "Rule 1: leave the funnel alone",
    2: "Rule 2: move it from where it is",
    3: "Rule 3: move it from the target",
    4: "Rule 4: set it over the last drop",
}
#: How the drops are drawn: earlier drops as grey circles, the latest as dark blue
#: diamonds (a different shape, so colour is never the only cue), the target as a
#: large dark pink cross.
_DROP = style.PointStyle("Earlier drops", "o", style.tint(style.DARK_GREY, 0.35), 5)
_LATEST = style.PointStyle("Latest drops", "D", style.DARK_BLUE, 6.5, zorder=5)
_TARGET = {
    "marker": "+",
    "markersize": 16,
    "markeredgewidth": 2.6,
    "color": style.DARK_PINK,
    "linestyle": "none",
    "zorder": 6,
}
#: Size in inches of one funnel panel (square: the table is the same both ways).
_FUNNEL_PANEL = 4.2
_FUNNEL_FIX = "Pass the frame that qikit.sim.funnel_experiment() returned."


def _funnel_frame(frame: Any) -> pd.DataFrame:
    data = _validate.table(frame, "frame")
    for name in ("drop", "rule", "x", "y"):
        _validate.column(data, name, "frame")
    if data.empty:
        raise _validate.fail("frame", "has no drops", fix=_FUNNEL_FIX)
    if "room" in data.columns and data["room"].nunique() > 1:
        rooms = sorted(data["room"].unique().tolist())
        raise _validate.fail(
            "frame",
            f"holds {len(rooms)} rooms",
            rooms[:5],
            "Draw one room at a time, e.g. frame[frame['room'] == 1].",
        )
    xy = data[["x", "y"]].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    if not np.isfinite(xy).all():
        raise _validate.fail(
            "frame", "columns 'x' and 'y' must hold finite numbers", fix=_FUNNEL_FIX
        )
    drops = pd.to_numeric(data["drop"], errors="coerce").to_numpy(float)
    if not np.isfinite(drops).all():
        raise _validate.fail(
            "frame", "column 'drop' must hold drop numbers", fix=_FUNNEL_FIX
        )
    unknown = ~data["rule"].isin(list(FUNNEL_TITLES))
    if unknown.any():
        raise _validate.fail(
            "frame",
            "column 'rule' holds values that are not funnel rules",
            data.loc[unknown, "rule"].head(3).tolist(),
            "Pass the frame that qikit.sim.funnel_experiment() returned "
            "(rules 1 to 4).",
        )
    return data


def _funnel_arguments(
    frame: Any, latest: Any, limit: Any
) -> tuple[pd.DataFrame, int, float | None, list[int]]:
    """The checked frame, ``latest`` and ``limit``, and the rules in frame order."""
    data = _funnel_frame(frame)
    latest = _validate.whole_number(latest, "latest", minimum=0, example=10)
    if limit is not None:
        limit = _validate.number(limit, "limit", positive=True, example="5")
    return data, latest, limit, [int(r) for r in pd.unique(data["rule"])]


def _as_list(items: Any) -> list:
    """One Axes, an array of them or a sequence of them, as a flat list."""
    if isinstance(items, np.ndarray):
        return list(items.ravel())
    if isinstance(items, str) or not isinstance(items, Sequence):
        return [items]
    return list(items)


def _funnel_axes(ax: Any, count: int) -> list[Axes]:
    if ax is None:
        ncols = 2 if count == 4 else min(count, 4)
        nrows = math.ceil(count / ncols)
        fig = plt.figure(
            figsize=(_FUNNEL_PANEL * ncols, _FUNNEL_PANEL * nrows + 0.5),
            layout="constrained",
        )
        # one scale for every panel: shared axes also draw fewer tick labels,
        # which is most of the drawing time
        grid = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
        axes = list(grid.ravel())
        for extra in axes[count:]:
            extra.remove()
        return axes[:count]
    items = _as_list(ax)
    bad = [item for item in items if not isinstance(item, Axes)]
    if bad or len(items) != count:
        raise _validate.fail(
            "ax",
            f"must be {count} Matplotlib Axes, one per rule",
            type(bad[0]).__name__ if bad else f"{len(items)} item(s)",
            "Leave ax out for a new figure, or pass "
            f"plt.subplots(1, {count})[1] (one Axes per rule).",
        )
    return list(items)


def plot_funnel_experiment(
    frame: pd.DataFrame,
    *,
    ax: Axes | Sequence[Axes] | None = None,
    latest: int = 0,
    limit: float | None = None,
    title: str | None = None,
) -> list[Axes]:
    """Draw where the marbles landed under each funnel rule, side by side.

    One square scatter plot per rule in the frame (2 × 2 for all four), with the
    target marked by a cross. Every panel has the same scale in both directions and
    the same limits, so a rule that spreads the marbles further looks bigger.

    Parameters
    ----------
    frame : pandas.DataFrame
        What :func:`qikit.sim.funnel_experiment` returned, for one room (columns
        ``drop``, ``rule``, ``x``, ``y``).
    ax : Axes or sequence of Axes, optional
        One Axes per rule, in the order the rules appear in ``frame``. Default: a
        new figure (2 × 2 panels for four rules, one row for fewer).
    latest : int, default 0
        Mark the last ``latest`` drops of each rule (dark blue diamonds, "The last
        N drops" in the legend), e.g. the 10 just dropped.
    limit : float, optional
        Half the width of every panel: each shows ``-limit`` to ``limit`` in both
        directions. Default: just beyond the drop furthest from the target.
    title : str, optional
        A title over the figure (only when ``ax`` is not given).

    Returns
    -------
    list of Axes
        One per rule, in rule order. Each carries gids for tests: ``"drops"`` (the
        earlier drops), ``"latest"`` (the marked drops) and ``"target"``.

    Raises
    ------
    qikit.errors.InputError
        When ``frame`` is not one room of a funnel experiment, ``ax`` does not hold
        one Axes per rule, or ``latest`` or ``limit`` is not a usable number.

    See Also
    --------
    qikit.sim.funnel_summary : the spread of each rule, as a table.

    Examples
    --------
    >>> from qikit.sim import funnel_experiment
    >>> drops = funnel_experiment([1, 4], drops=30, seed=2)
    >>> axes = plot_funnel_experiment(drops, latest=10)
    >>> axes[1].get_title(loc="left"), axes[0].get_xlim() == axes[1].get_xlim()
    ('Rule 4: set it over the last drop', True)
    """
    data, latest, limit, rules = _funnel_arguments(frame, latest, limit)
    axes = _funnel_axes(ax, len(rules))
    for axis, rule in zip(axes, rules, strict=True):
        axis.set_aspect("equal", adjustable="box")
        axis.xaxis.set_major_locator(MaxNLocator(5))
        axis.yaxis.set_major_locator(MaxNLocator(5))
        style.style_axes(axis)
        axis.grid(axis="x", color=style.GRID, linewidth=0.8, zorder=0)
        axis.tick_params(labelsize=style.FONT_SIZES["tick"] - 2)
        axis.set_title(
            FUNNEL_TITLES[rule],
            loc="left",
            fontsize=style.FONT_SIZES["panel_title"],
            color=style.DARK_GREY,
        )
    _draw_drops(axes, data, rules, latest, limit)
    _add_legend(axes, _legend_handles(latest), on_figure=ax is None)
    if ax is None and title:
        axes[0].figure.suptitle(
            str(title), fontsize=style.FONT_SIZES["title"], color=style.DARK_GREY
        )
    return axes


def redraw_funnel_experiment(
    axes: Sequence[Axes],
    frame: pd.DataFrame,
    *,
    latest: int = 0,
    limit: float | None = None,
) -> list[Axes]:
    """Draw new drops on the panels :func:`plot_funnel_experiment` made, in place.

    For an app that redraws the game after every drop: the panels, their titles,
    ticks and the legend are kept, and only the drops, the target and the limits
    are drawn again. The picture is the one :func:`plot_funnel_experiment` would
    draw for ``frame`` on a new figure, in about two thirds of the time.

    Parameters
    ----------
    axes : sequence of Axes
        What :func:`plot_funnel_experiment` returned, one Axes per rule.
    frame : pandas.DataFrame
        The drops to show, for the same rules in the same order.
    latest, limit
        As for :func:`plot_funnel_experiment`.

    Returns
    -------
    list of Axes
        ``axes``, redrawn.

    Raises
    ------
    qikit.errors.InputError
        When ``axes`` were not drawn by :func:`plot_funnel_experiment` for the rules
        in ``frame``, or as :func:`plot_funnel_experiment` raises.

    Examples
    --------
    >>> from qikit.sim import funnel_experiment
    >>> axes = plot_funnel_experiment(funnel_experiment([1, 4], drops=20, seed=2))
    >>> more = funnel_experiment([1, 4], drops=30, seed=2)
    >>> axes = redraw_funnel_experiment(axes, more, latest=10)
    >>> [len(line.get_xdata()) for line in axes[0].lines]
    [20, 10, 1]
    """
    data, latest, limit, rules = _funnel_arguments(frame, latest, limit)
    items = _as_list(axes)
    titles = [FUNNEL_TITLES[rule] for rule in rules]
    drawn = [
        item.get_title(loc="left") if isinstance(item, Axes) else None for item in items
    ]
    if drawn != titles:
        raise _validate.fail(
            "axes",
            "must be the panels plot_funnel_experiment drew for these rules",
            drawn,
            "Pass what plot_funnel_experiment(frame) returned, for a frame with "
            f"the same rules in the same order ({titles}).",
        )
    figure = items[0].figure
    for axis in items:
        for line in [ln for ln in axis.lines if ln.get_gid() in _DRAWN_GIDS]:
            line.remove()
        spec = axis.get_subplotspec()
        if spec is not None and figure.get_layout_engine() is not None:
            # Square panels are laid out from where they start, and each layout
            # moves them a little: start where a new figure's panels start, so
            # the picture is the one a new figure gives.
            axis._set_position(spec.get_position(figure))
    _draw_drops(items, data, rules, latest, limit)
    _relabel_legend(items, latest)
    return items


#: The gids of what :func:`_draw_drops` draws, and of the legend.
_DRAWN_GIDS = ("drops", "latest", "target")
_LEGEND_GID = "qikit-funnel-legend"


def _draw_drops(
    axes: Sequence[Axes],
    data: pd.DataFrame,
    rules: list[int],
    latest: int,
    limit: float | None,
) -> None:
    xy = data[["x", "y"]].apply(pd.to_numeric).to_numpy(float)
    drops = pd.to_numeric(data["drop"]).to_numpy(float)
    if limit is None:
        limit = max(float(np.abs(xy).max()) * 1.08, 1e-9)
    for axis, rule in zip(axes, rules, strict=True):
        mine = (data["rule"] == rule).to_numpy()
        points, order = xy[mine], drops[mine]
        cut = np.sort(order)[-min(latest, len(order))] if latest else np.inf
        new = order >= cut
        axis.plot(points[~new, 0], points[~new, 1], **_DROP.kwargs(), gid="drops")
        axis.plot(points[new, 0], points[new, 1], **_LATEST.kwargs(), gid="latest")
        axis.plot([0], [0], **_TARGET, gid="target")
        axis.set_xlim(-limit, limit)
        axis.set_ylim(-limit, limit)


def _legend_handles(latest: int) -> list[Line2D]:
    handles = [
        Line2D([], [], label="Target", **_TARGET),
        Line2D([], [], label=_DROP.label if latest else "A drop", **_DROP.kwargs()),
    ]
    if latest:
        label = f"The last {latest} drops" if latest != 1 else "The last drop"
        handles.append(Line2D([], [], label=label, **_LATEST.kwargs()))
    return handles


def _relabel_legend(axes: list[Axes], latest: int) -> None:
    """Make the legend plot_funnel_experiment drew say what ``latest`` now marks."""
    figure = axes[0].figure
    legends = [*figure.legends, *(ax.get_legend() for ax in axes)]
    legend = next(
        (lg for lg in legends if lg is not None and lg.get_gid() == _LEGEND_GID), None
    )
    if legend is None:
        return
    handles = _legend_handles(latest)
    labels = [handle.get_label() for handle in handles]
    if [text.get_text() for text in legend.get_texts()] == labels:
        return
    on_figure = legend in figure.legends
    legend.remove()
    _add_legend(axes, handles, on_figure=on_figure)


def _add_legend(axes: Sequence[Axes], handles: list, *, on_figure: bool) -> None:
    """Under the panels of a new figure; in the last panel of the caller's Axes."""
    if on_figure:
        legend = axes[0].figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            frameon=False,
            fontsize=style.FONT_SIZES["legend"],
        )
    else:
        legend = axes[-1].legend(
            handles=handles, frameon=False, fontsize=style.FONT_SIZES["legend"] - 2
        )
    legend.set_gid(_LEGEND_GID)
