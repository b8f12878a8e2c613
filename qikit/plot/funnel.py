"""Drawing a funnel plot from :func:`qikit.spread.funnel`.

Nothing is recomputed here: the points come from ``FunnelResult.frame`` and the
funnel's lines from ``FunnelResult.limits()``.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qikit.spread import funnel
>>> from qikit.plot.funnel import plot_funnel
>>> res = funnel(y=[5, 30, 8, 9, 12], n=[100, 100, 80, 120, 150],
...              group=["Ash", "Birch", "Cedar", "Elm", "Fir"])
>>> fig, ax = plt.subplots()
>>> ax = plot_funnel(res, ax=ax)
>>> sorted(t.get_text() for t in ax.texts)
['Birch']
>>> plt.close("all")
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from qikit import _validate as v
from qikit.errors import InputError
from qikit.plot import style
from qikit.plot.style import FUNNEL_LINES, FUNNEL_POINTS

#: ``FUNNEL_POINTS`` and ``FUNNEL_LINES`` live in :mod:`qikit.plot.style` and are
#: importable from here as before.
__all__ = ["plot_funnel", "draw_funnel", "FUNNEL_POINTS", "FUNNEL_LINES"]

_X_LABELS = {
    "proportion": "Denominator (n)",
    "ratio": "Expected count",
    "rate": "Population or time (n)",
}
_Y_LABELS = {"proportion": "Proportion", "ratio": "Observed / expected", "rate": "Rate"}
_METHOD_TITLES = {
    "spiegelhalter": "Spiegelhalter",
    "funnelplotr": "FunnelPlotR",
    "phe": "PHE",
}


def plot_funnel(
    result: Any,
    *,
    ax: Axes | None = None,
    label_outliers: bool = True,
    label_level: str = "99.8",
    show_unadjusted: bool = True,
    show_legend: bool = True,
    title: str | None = None,
    xlab: str | None = None,
    ylab: str | None = None,
) -> Axes:
    """Draw a funnel plot computed by :func:`qikit.spread.funnel`.

    Parameters
    ----------
    result : FunnelResult
        The result of :func:`qikit.spread.funnel`. Only ``frame``, ``limits()`` and
        the attributes ``kind``, ``method``, ``target``, ``multiply``, ``adjusted``
        and ``group_name`` are read; nothing is recomputed.
    ax : matplotlib.axes.Axes, optional
        Where to draw. Default: the current Axes (``plt.gca()``); when no figure is
        open a new 10 × 5.6 inch figure is made first.
    label_outliers : bool, default True
        Write the names of the outlying units beside their points.
    label_level : {"99.8", "95"}
        Which units count as outlying for the labels: outside the 99.8% limits
        (default) or outside the 95% limits.
    show_unadjusted : bool, default True
        When the limits were widened for over-dispersion, draw the limits before
        the adjustment too, in light grey.
    show_legend : bool, default True
        A legend, in plain English, below the plot.
    title, xlab, ylab : str, optional
        Labels; defaults say what was compared.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    InputError
        When ``result`` is not a funnel result, or ``label_level`` is not one of
        the choices.

    See Also
    --------
    qikit.spread.funnel : the computation.
    """
    frame = _checked(result)
    level = v.choice(
        str(label_level), "label_level", ("99.8", "95"), aliases={"998": "99.8"}
    )
    label_outliers = v.boolean(label_outliers, "label_outliers")
    if ax is None:
        if not plt.get_fignums():
            plt.figure(figsize=style.FIGSIZE, layout="constrained")
        ax = plt.gca()
    style.style_axes(ax)
    lims = result.limits()
    x = lims["n"].to_numpy(float)
    kinds: list[str] = []
    if result.adjusted and show_unadjusted:
        for lev in ("998", "95"):
            key = f"{lev}_unadjusted"
            kw = FUNNEL_LINES[key].kwargs()
            ax.plot(x, lims[f"lcl_{lev}_unadjusted"], **kw)
            ax.plot(x, lims[f"ucl_{lev}_unadjusted"], **kw)
            kinds.append(key)
    for lev in ("998", "95"):
        kw = FUNNEL_LINES[lev].kwargs()
        ax.plot(x, lims[f"lcl_{lev}"], **kw)
        ax.plot(x, lims[f"ucl_{lev}"], **kw)
        kinds.append(lev)
    ax.axhline(result.target * result.multiply, **FUNNEL_LINES["target"].kwargs())
    kinds.insert(0, "target")
    state = np.where(
        frame["outside_998"].to_numpy(bool),
        "outside_998",
        np.where(frame["outside_95"].to_numpy(bool), "outside_95", "inside"),
    )
    points: list[str] = []
    for key, pstyle in FUNNEL_POINTS.items():
        mask = state == key
        if mask.any():
            ax.plot(frame["n"][mask], frame["value"][mask], **pstyle.kwargs())
            points.append(key)
    if label_outliers:
        flag = "outside_998" if level == "99.8" else "outside_95"
        for _, row in frame[frame[flag].astype(bool)].iterrows():
            ax.annotate(
                str(row["group"]),
                (row["n"], row["value"]),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=style.FONT_SIZES["annotation"],
                color=style.DARK_GREY,
                zorder=7,
            )
    _limit_y(ax, frame, lims, result)
    ax.set_xlim(left=0)
    ax.set_xlabel(xlab or _X_LABELS[result.kind], fontsize=style.FONT_SIZES["label"])
    ax.set_ylabel(ylab or _y_label(result), fontsize=style.FONT_SIZES["label"])
    ax.set_title(
        title if title is not None else _title(result),
        loc="left",
        fontsize=style.FONT_SIZES["title"],
    )
    if show_legend:
        handles = [
            Line2D([], [], label=FUNNEL_POINTS[k].label, **FUNNEL_POINTS[k].kwargs())
            for k in points
        ] + [
            Line2D([], [], label=FUNNEL_LINES[k].label, **FUNNEL_LINES[k].kwargs())
            for k in kinds
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=min(3, len(handles)),
            frameon=False,
            fontsize=style.FONT_SIZES["legend"],
        )
    return ax


def draw_funnel(result: Any, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """What ``FunnelResult.plot()`` does: draw on ``ax``, or on a new figure."""
    if ax is None:
        fig = plt.figure(figsize=style.FIGSIZE, layout="constrained")
        ax = fig.add_subplot()
    return plot_funnel(result, ax=ax, **kwargs)


def _checked(result: Any):
    frame = getattr(result, "frame", None)
    needed = {"group", "n", "value", "outside_95", "outside_998"}
    if (
        frame is None
        or not needed <= set(frame.columns)
        or not callable(getattr(result, "limits", None))
    ):
        raise InputError(
            f"`result`: is not a funnel result (got {v.short_repr(result)}). Pass "
            "what qikit.spread.funnel() returns."
        )
    return frame


def _limit_y(ax: Axes, frame, lims, result) -> None:
    """Keep the y axis on the units and the funnel near them, not on the flare."""
    values = frame["value"].to_numpy(float)
    near = lims["n"].to_numpy(float) >= 0.5 * float(frame["n"].min())
    parts = [values]
    for col in ("lcl_998", "ucl_998"):
        parts.append(lims[col].to_numpy(float)[near])
    allv = np.concatenate(parts)
    allv = allv[np.isfinite(allv)]
    if allv.size:
        lo, hi = float(allv.min()), float(allv.max())
        pad = 0.05 * (hi - lo or abs(hi) or 1.0)
        bottom = max(lo - pad, 0.0)
        top = hi + pad
        if result.kind == "proportion":
            top = min(top, result.multiply * 1.02)
        ax.set_ylim(bottom, top)


def _y_label(result: Any) -> str:
    label = _Y_LABELS[result.kind]
    if result.kind == "proportion" and result.multiply == 100:
        return "Percentage"
    if result.multiply != 1:
        return f"{label} (× {result.multiply:,g})"
    return label


def _title(result: Any) -> str:
    name = _METHOD_TITLES.get(result.method, result.method)
    adjusted = ", adjusted for over-dispersion" if result.adjusted else ""
    return f"Funnel plot ({name} limits{adjusted})"
