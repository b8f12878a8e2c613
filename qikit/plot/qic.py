"""Draw a run chart or Shewhart chart from a :class:`~qikit.charts.QicResult`.

The drawing layer reads ``result.frame`` and a few attributes of the result; it never
recomputes a centre line, a limit or a rule. What it draws:

* the data as a line with one marker per point; the marker's shape *and* colour say
  whether the point shows common cause variation, special cause improvement,
  special cause concern or a special cause with no preferred direction;
* a ring around each point outside the control limits, and a band behind the points
  that make up a run signal (a shift, a trend, …);
* the centre line (solid; turquoise and thicker for a part whose runs analysis found
  a non-random pattern), control limits (dashed), optional 2σ and 1σ lines (dotted)
  and the target (dash-dot). Limits that change with the denominator (p, u, X-bar
  and S charts with unequal subgroups) are drawn as one flat step per point;
* a dashed divider and a name for each part (phase), and a grey shading over the
  baseline (the points before ``freeze``) from which the limits were calculated;
* the value of the centre line, limits and target of the last part, to the right;
* annotations (such as PDSA cycles) as labelled flags that never overlap.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import qikit
>>> from qikit.plot import plot_qic
>>> falls = [5, 7, 6, 8, 7, 9, 8, 7, 6, 8, 9, 7, 4, 3, 4, 2, 3, 4, 3, 2]
>>> result = qikit.qic(y=falls, chart="i", improvement="decrease",
...                    title="Falls per 1,000 bed days")
>>> ax = plot_qic(result, annotations=[(12, "PDSA 1: hourly rounding")])
>>> [t.get_text() for t in ax.texts if t.get_gid() == "qikit-annotation"]
['PDSA 1: hourly rounding']
>>> plt.close("all")

See the tests in ``tests/plot/`` for a chart of every type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from qikit.errors import InputError
from qikit.plot import style
from qikit.plot._text import text_width_points
from qikit.plot._xaxis import (
    XScale,
    format_x_axis,
    segment_edges,
    x_scale,
)
from qikit.plot.annotate import (
    Annotations,
    annotation_frame,
    band_height_points,
    draw_top_band,
    key_handles,
    needs_numbers,
    number_notes,
)
from qikit.plot.save import save_figure

__all__ = ["plot_qic", "NumberFormatter"]

#: Which σ lines help read each rule set: 2σ for "two of three beyond 2σ",
#: 1σ for Western Electric's "four of five beyond 1σ" and "fifteen within 1σ".
SIGMA_LINES_FOR_RULES: dict[str, tuple[int, ...]] = {
    "anhoej": (),
    "ihi": (2,),
    "mdc": (2,),
    "western_electric": (1, 2),
}

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
SUBTITLE_GREY = "#6F6F6F"


@dataclass
class _Panel:
    """What one Axes shows, kept between the drawing steps."""

    ax: Axes
    frame: pd.DataFrame
    scale: XScale
    left: np.ndarray
    right: np.ndarray
    bounds: list[tuple[int, int]]
    notes: pd.DataFrame
    kinds: list[str] = field(default_factory=list)
    values: list[tuple[str, float, Any]] = field(default_factory=list)
    rows: int = 0
    numbered: bool = False  # flags show numbers, the legend the labels


# ----------------------------------------------------------------------------- API


def plot_qic(
    result: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    annotations: Annotations | None = None,
    show_legend: bool = True,
    date_format: str | None = None,
    sigma_lines: Sequence[int] | None = None,
    sharey: bool | None = None,
) -> Axes | np.ndarray:
    """Draw a run chart or control chart computed by :func:`qikit.qic`.

    Parameters
    ----------
    result : QicResult
        The result of :func:`qikit.qic`. Only ``result.frame`` and the attributes
        ``chart``, ``rules``, ``improvement``, ``facets``, ``title``, ``ylab``,
        ``xlab`` and ``multiply`` are read; nothing is recomputed.
    ax : matplotlib.axes.Axes, optional
        Where to draw. Default: the current Axes (``plt.gca()``); when no figure is
        open a new 10 × 5.6 inch figure is made first. Not allowed for a faceted
        result, which needs a figure of its own.
    title : str, optional
        Chart title; default ``result.title``.
    annotations : DataFrame, list of (x, label) or dict {x: label}, optional
        Events to mark, such as PDSA cycles: a DataFrame with columns ``x`` and
        ``label`` (and, for a faceted result, optionally the facet column, to mark
        one panel only), a list of ``(x, label)`` pairs or a dict ``{x: label}``.
        Each is drawn as a labelled flag; flags that would overlap are staggered.
    show_legend : bool, default True
        Show a legend, in plain English, of every kind of point and line drawn.
    date_format : str, optional
        A ``strftime`` format for date tick labels, such as ``"%b %Y"``. Default:
        Matplotlib's concise date labels.
    sigma_lines : sequence of int, optional
        Which σ lines to draw: ``(2,)``, ``(1, 2)`` or ``()``. Default: the lines the
        rule set uses (2σ for ``ihi`` and ``mdc``; 1σ and 2σ for
        ``western_electric``; none for ``anhoej``).
    sharey : bool, optional
        Faceted results only: give every panel the same y axis. Default: shared when
        the panels' ranges are alike (the narrowest covers at least a third of all).

    Returns
    -------
    matplotlib.axes.Axes or numpy.ndarray of Axes
        The Axes drawn on. For a faceted result (``result.facets`` not None), a new
        figure with one panel per facet, in the order of the facets in
        ``result.frame``; the return value is then a 1-D array of those Axes (empty
        grid cells are removed), with ``axes[0].figure`` the figure.

    Raises
    ------
    InputError
        When ``result`` has no usable ``frame``, when ``ax`` is given for a faceted
        result, or when ``annotations`` or ``sigma_lines`` cannot be used.

    See Also
    --------
    qikit.plot.to_html : the chart as an HTML figure with a text alternative.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import qikit
    >>> from qikit.plot import plot_qic
    >>> data = pd.DataFrame({
    ...     "month": pd.date_range("2024-01-01", periods=12, freq="MS").repeat(2),
    ...     "ward": ["A", "B"] * 12,
    ...     "seen": [41, 30, 45, 33, 40, 35, 47, 31, 50, 36, 52, 38,
    ...              49, 40, 55, 39, 58, 41, 54, 44, 57, 40, 60, 43],
    ...     "patients": 80})
    >>> ward_a = qikit.qic(data[data.ward == "A"], x="month", y="seen",
    ...                    n="patients", chart="p", multiply=100,
    ...                    ylab="% seen within 4 hours")
    >>> fig, ax = plt.subplots()
    >>> ax = plot_qic(ward_a, ax=ax, title="Ward A", date_format="%b")
    >>> ax.get_ylabel()
    '% seen within 4 hours'
    >>> by_ward = qikit.qic(data, x="month", y="seen", n="patients", chart="p",
    ...                     facets="ward")
    >>> axes = plot_qic(by_ward)  # one panel per ward, on a new figure
    >>> [a.get_title(loc="left") for a in axes]
    ['A', 'B']
    >>> plt.close("all")
    """
    frame = _checked_frame(result)
    notes = number_notes(annotation_frame(annotations))
    lines = _sigma_lines(result, sigma_lines)
    if getattr(result, "facets", None) is not None:
        if ax is not None:
            raise InputError(
                f"`ax`: a chart split into facets needs a figure of its own (got an "
                f"Axes, for facets by {result.facets!r}). Call plot_qic without ax, "
                f"or filter the data to one {result.facets} and chart that."
            )
        fig = plt.figure(layout="constrained")
        return draw_facets(
            fig,
            result,
            frame,
            notes,
            title=title,
            show_legend=show_legend,
            date_format=date_format,
            sigma_lines=lines,
            sharey=sharey,
        )
    if ax is None:
        if not plt.get_fignums():
            plt.figure(figsize=style.FIGSIZE, layout="constrained")
        ax = plt.gca()
    panel = _draw_panel(ax, result, frame, notes, lines)
    _finish_x([panel], shared=False, date_format=date_format)
    _titles(ax, result, title)
    if show_legend or panel.numbered:
        kinds = panel.kinds if show_legend else []
        key = panel.notes if panel.numbered else None
        _legend_below(ax, _legend_handles(kinds, result, key))
    _settle_layout(ax.figure)
    _finish_y([panel], result, shared=False)
    return ax


def draw_result(result: Any, ax: Axes | None = None, **kwargs: Any) -> Any:
    """What ``QicResult.plot()`` does: draw on ``ax``, or on a new figure, never on
    top of the last chart.

    A faceted result draws small multiples on a figure of its own.
    """
    if ax is None and not result.facets:
        fig = plt.figure(figsize=style.FIGSIZE, layout="constrained")
        ax = fig.add_subplot()
    return plot_qic(result, ax=ax, **kwargs)


def save_result(result: Any, path: Any, *, dpi: int = 200, **kwargs: Any) -> Any:
    """What ``QicResult.save(path)`` does: draw on a new figure, save it, close it."""
    drawn = draw_result(result, **kwargs)
    fig = drawn.figure if isinstance(drawn, Axes) else np.ravel(drawn)[0].figure
    try:
        return save_figure(fig, path, dpi=dpi)
    finally:
        plt.close(fig)


def draw_facets(
    fig: Figure,
    result: Any,
    frame: pd.DataFrame,
    notes: pd.DataFrame,
    *,
    title: str | None,
    show_legend: bool,
    date_format: str | None,
    sigma_lines: tuple[int, ...],
    sharey: bool | None,
) -> np.ndarray:
    """Small multiples: one panel per facet on ``fig``; returns the Axes (1-D)."""
    facet = result.facets
    if facet not in frame.columns:
        raise InputError(
            f"`result`: the frame has no facet column (got facets={facet!r}, columns "
            f"{list(frame.columns)!r}). Pass the result of qikit.qic unchanged."
        )
    keys = list(pd.unique(frame[facet]))
    ncols = 1 if len(keys) == 1 else 2 if len(keys) in (2, 4) else 3
    nrows = -(-len(keys) // ncols)
    width, height = style.FACET_PANEL_SIZE
    fig.set_size_inches(width * ncols, height * nrows + 1.6)
    shared_x = x_scale(frame["x"]).kind != "category"
    shared_y = _share_y(frame, facet) if sharey is None else bool(sharey)
    grid = fig.subplots(nrows, ncols, sharex=shared_x, sharey=shared_y, squeeze=False)
    axes = grid.ravel()
    for ax in axes[len(keys) :]:
        ax.remove()
    axes = axes[: len(keys)]
    panels = []
    for ax, key in zip(axes, keys, strict=True):
        rows = frame[facet] == key
        panel_notes = notes[notes[facet] == key] if facet in notes.columns else notes
        panels.append(
            _draw_panel(ax, result, frame[rows.to_numpy()], panel_notes, sigma_lines)
        )
        ax.set_title(str(key), loc="left", fontsize=style.FONT_SIZES["panel_title"],
                     fontweight="bold", color=style.DARK_GREY)
        ax.set_xlabel("")
        ax.set_ylabel("")
    _label_bottom_row(axes, ncols, getattr(result, "xlab", None) or "")
    _finish_x(panels, shared=shared_x, date_format=date_format)
    if any(p.numbered for p in panels):  # the same number means the same event
        for panel in panels:
            panel.numbered = True
    _figure_titles(fig, result, title)
    if show_legend or panels[0].numbered:
        kinds = [k for p in panels for k in p.kinds] if show_legend else []
        key = notes if panels[0].numbered else None
        handles, ncol = _legend_columns(
            _legend_handles(kinds, result, key), fig.get_figwidth() * 72 * 0.95
        )
        fig.legend(handles=handles, loc="outside lower center", ncol=ncol,
                   **_LEGEND_KW)
    _settle_layout(fig)
    _finish_y(panels, result, shared=shared_y)
    return axes


# ------------------------------------------------------------------ frame checking


def _checked_frame(result: Any) -> pd.DataFrame:
    """The result's frame with every column the drawing reads (defaults filled)."""
    frame = getattr(result, "frame", None)
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"`result`: not a chart result (got {type(result).__name__}). Pass the "
            f"result of qikit.qic(...), e.g. plot_qic(qikit.qic(data, y='falls'))."
        )
    missing = [c for c in ("x", "y", "cl") if c not in frame.columns]
    if missing:
        raise InputError(
            f"`result`: its frame lacks the columns {missing!r} (got columns "
            f"{list(frame.columns)!r}). Pass the result of qikit.qic unchanged."
        )
    frame = frame.reset_index(drop=True)
    y = pd.to_numeric(frame["y"], errors="coerce")
    nan = pd.Series(np.nan, index=frame.index)
    defaults = {
        "part": pd.Series(1, index=frame.index),
        "include": y.notna(),
        "baseline": pd.Series(True, index=frame.index),
        "sigma_signal": pd.Series(False, index=frame.index),
        "runs_signal": pd.Series(False, index=frame.index),
        "rule": pd.Series("", index=frame.index),
        "point_type": pd.Series("common_cause", index=frame.index),
        **{c: nan for c in ("lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s")},
        "target": nan,
    }
    extra = {k: v for k, v in defaults.items() if k not in frame.columns}
    frame = frame.assign(y=y, **extra)
    if "part_label" not in frame.columns:
        frame["part_label"] = frame["part"].astype(str)
    if "signal" not in frame.columns:
        rule = frame["rule"].astype("string").fillna("")
        frame["signal"] = frame["sigma_signal"].astype(bool) | (rule != "").to_numpy()
    return frame


def _sigma_lines(result: Any, wanted: Sequence[int] | None) -> tuple[int, ...]:
    if wanted is None:
        return SIGMA_LINES_FOR_RULES.get(getattr(result, "rules", None), ())
    lines = tuple(wanted)
    if not set(lines) <= {1, 2}:
        raise InputError(
            f"`sigma_lines`: only 1σ and 2σ lines can be drawn (got {wanted!r}). "
            f"Use (2,), (1, 2) or ()."
        )
    frame = getattr(result, "frame", None)
    missing = [k for k in lines if frame is not None and f"ucl_{k}s" not in frame.columns]
    if missing:
        raise InputError(
            f"`sigma_lines`: this chart has no {missing[0]}σ lines (got {wanted!r}): "
            f"they are worked out only for the rule sets that use them, and this chart "
            f"used rules={getattr(result, 'rules', None)!r}. Chart it with "
            "rules='western_electric' or 'ihi' (1σ and 2σ) or 'mdc' (2σ)."
        )
    return lines


def _share_y(frame: pd.DataFrame, facet: str) -> bool:
    """Share y when the narrowest facet's range is at least a third of the whole."""
    cols = [c for c in ("y", "lcl", "ucl", "target") if c in frame.columns]
    values = frame[cols].apply(pd.to_numeric, errors="coerce")
    low = values.min(axis=1).groupby(frame[facet], sort=False).min()
    high = values.max(axis=1).groupby(frame[facet], sort=False).max()
    whole = high.max() - low.min()
    if not np.isfinite(whole) or whole == 0:
        return True
    return bool((high - low).min() >= whole / 3)


# ------------------------------------------------------------------------ drawing


def _draw_panel(
    ax: Axes,
    result: Any,
    frame: pd.DataFrame,
    notes: pd.DataFrame,
    sigma_lines: tuple[int, ...],
) -> _Panel:
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
    panel = _Panel(ax, frame, scale, left, right, bounds if len(frame) else [], notes)
    _draw_baseline(panel)
    _draw_reference_lines(panel, sigma_lines)
    _draw_points(panel)
    for start, _ in panel.bounds[1:]:
        ax.axvline(left[start], **style.LINE_STYLES["divider"].kwargs(),
                   gid="qikit-part-divider")
    ax.set_ylabel(getattr(result, "ylab", None) or "",
                  fontsize=style.FONT_SIZES["label"], color=style.DARK_GREY)
    ax.set_xlabel(getattr(result, "xlab", None) or "",
                  fontsize=style.FONT_SIZES["label"], color=style.DARK_GREY)
    return panel


def _stairs(ax: Axes, panel: _Panel, sl: slice, values: np.ndarray, kind: str,
            gid: str) -> bool:
    """One flat step per point, so limits that vary with n show for every point."""
    if not np.isfinite(values).any():
        return False
    xs = np.column_stack([panel.left[sl], panel.right[sl]]).ravel()
    ax.plot(xs, np.repeat(values, 2), **style.LINE_STYLES[kind].kwargs(), gid=gid)
    return True


def _draw_reference_lines(panel: _Panel, sigma_lines: tuple[int, ...]) -> None:
    ax, frame = panel.ax, panel.frame
    columns = {"limits": ("ucl", "lcl"), "target": ("target",)}
    columns.update({f"sigma{s}": (f"ucl_{s}s", f"lcl_{s}s") for s in sigma_lines})
    runs_signal = _bools(frame["runs_signal"])
    for start, stop in panel.bounds:
        sl = slice(start, stop)
        cl_kind = "cl_runs" if runs_signal[sl].any() else "cl"
        if _stairs(ax, panel, sl, _numbers(frame["cl"].iloc[sl]), cl_kind, "qikit-cl"):
            panel.kinds.append(cl_kind)
        for kind, cols in columns.items():
            for col in cols:
                values = _numbers(frame[col].iloc[sl])
                if _stairs(ax, panel, sl, values, kind, f"qikit-{col}"):
                    panel.kinds.append(kind)
    _value_texts(panel)


def _value_texts(panel: _Panel) -> None:
    """Empty texts for the values of the last row's lines; filled in at the end."""
    if not len(panel.frame):
        return
    last = panel.frame.iloc[-1]
    names = (("ucl", "UCL"), ("cl", "CL"), ("lcl", "LCL"), ("target", "Target"))
    for col, name in names:
        value = _numbers(last[[col]])[0]
        if not np.isfinite(value):
            continue
        color = style.LINE_STYLES["target" if col == "target" else "limits"].color
        text = panel.ax.annotate("", xy=(1, 0), xycoords="axes fraction",
                                 annotation_clip=False, gid=f"qikit-value-{col}",
                                 fontsize=style.FONT_SIZES["value"], color=color,
                                 va="center", ha="left")
        panel.values.append((name, float(value), text))


def _draw_baseline(panel: _Panel) -> None:
    """Shade the baseline of each part whose limits were frozen before its end."""
    include = _bools(panel.frame["include"])
    baseline = _bools(panel.frame["baseline"])
    for start, stop in panel.bounds:
        inside = baseline[start:stop]
        if not inside.any() or not (include[start:stop] & ~inside).any():
            continue  # no freeze in this part: every point was used
        end = start + int(np.flatnonzero(inside)[-1])
        panel.ax.axvspan(panel.left[start], panel.right[end],
                         facecolor=style.BASELINE_SHADE, edgecolor="none",
                         zorder=0.5, gid="qikit-baseline")
        panel.kinds.append("baseline")


def _point_states(frame: pd.DataFrame) -> np.ndarray:
    """Marker state of each point: its point_type, 'excluded' or '' (no value)."""
    point_type = frame["point_type"].astype("string").fillna("common_cause")
    # the engine names neutral signals by side (as NHSRplotthedots); one style serves both
    point_type = point_type.str.replace(r"^special_cause_neutral_(high|low)$",
                                        "special_cause_neutral", regex=True)
    state = np.where(point_type.isin(_POINT_TYPES), point_type, "common_cause")
    signal = _bools(frame["signal"])
    state = np.where(signal & (state == "common_cause"), "special_cause_neutral", state)
    state = np.where(_bools(frame["include"]), state, "excluded")
    return np.where(frame["y"].notna().to_numpy(), state, "")


def _with_breaks(values: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    """Insert NaN between parts so that lines stop at each part boundary."""
    cuts = [start for start, _ in bounds[1:]]
    return np.insert(values.astype(float), cuts, np.nan)


def _draw_points(panel: _Panel) -> None:
    """The data line, then one marker layer per state, then rings and run bands."""
    ax, frame = panel.ax, panel.frame
    x, y = panel.scale.positions, frame["y"].to_numpy(float)
    ax.plot(_with_breaks(x, panel.bounds), _with_breaks(y, panel.bounds),
            **style.LINE_STYLES["data"].kwargs(), gid="qikit-data")
    panel.kinds.append("data")
    _draw_run_band(panel, x, y)
    states = _point_states(frame)
    for state in (*_POINT_TYPES, "excluded"):
        mask = states == state
        if mask.any():
            ax.plot(x[mask], y[mask], **style.POINT_STYLES[state].kwargs(),
                    gid=f"qikit-{state}")
            panel.kinds.append(state)
    outside = _bools(frame["sigma_signal"]) & np.isfinite(y) & (states != "excluded")
    if outside.any():
        ax.plot(x[outside], y[outside], **style.POINT_STYLES["outside_limits"].kwargs(),
                gid="qikit-outside_limits")
        panel.kinds.append("outside_limits")


def _draw_run_band(panel: _Panel, x: np.ndarray, y: np.ndarray) -> None:
    """A light band behind the points flagged by a run rule (shift, trend, …)."""
    rule = panel.frame["rule"].astype("string").fillna("")
    in_run = (~rule.isin(_NOT_RUN_RULES)).to_numpy() & np.isfinite(y)
    if not in_run.any():
        return
    band = style.POINT_STYLES["run_signal"]
    panel.ax.plot(_with_breaks(x, panel.bounds),
                  _with_breaks(np.where(in_run, y, np.nan), panel.bounds),
                  color=band.color, linewidth=band.size * 0.6,
                  solid_capstyle="round", marker="o", markersize=band.size,
                  markeredgewidth=0, zorder=band.zorder, gid="qikit-run_signal")
    panel.kinds.append("run_signal")


def _numbers(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(float)


def _bools(values: pd.Series) -> np.ndarray:
    """A flag column as a NumPy bool array, missing values read as False."""
    return values.astype("boolean").fillna(False).to_numpy(bool)


# ------------------------------------------------------------------ axis finishing


def _finish_x(panels: list[_Panel], *, shared: bool, date_format: str | None) -> None:
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
        panel.numbered = needs_numbers(panel.ax, _part_names(panel), panel.notes,
                                       panel.scale)


def _x_span(panel: _Panel) -> tuple[float, float] | None:
    """Outer edges of the panel's point slots (None when there is no x at all)."""
    edges = np.concatenate([panel.left, panel.right])
    if not np.isfinite(edges).any():
        return None
    return float(np.nanmin(edges)), float(np.nanmax(edges))


def _provisional_values(panel: _Panel) -> None:
    """Give the value labels their text now, so the layout can make room for them."""
    for name, value, text in panel.values:
        text.set_text(f"{name} {value:,.1f}")


def _finish_y(panels: list[_Panel], result: Any, *, shared: bool) -> None:
    """Top labels, room above the data for them, number format, value labels."""
    suffix = _percent_suffix(result)
    for panel in panels:
        panel.rows = draw_top_band(panel.ax, _part_names(panel), panel.notes,
                                   panel.scale, numbered=panel.numbered)
        panel.ax.yaxis.set_major_formatter(NumberFormatter(suffix))
    if shared:  # shared y: one set of limits for all, room for the most rows
        _make_headroom(panels[0].ax, max(p.rows for p in panels))
    else:
        for panel in panels:
            _make_headroom(panel.ax, panel.rows)
    for panel in panels:
        _place_values(panel, suffix)


def _part_names(panel: _Panel) -> list[tuple[float, str]]:
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


def _percent_suffix(result: Any) -> str:
    chart = getattr(result, "chart", None)
    return "%" if chart in ("p", "pp") and getattr(result, "multiply", 1) == 100 else ""


def _place_values(panel: _Panel, suffix: str) -> None:
    """Write CL, limits and target values at the right, nudged apart to not overlap."""
    if not panel.values:
        return
    ax = panel.ax
    bottom, top = ax.get_ylim()
    # Three significant figures of the axis range: 0.96 on 0–2.5, 17.4 on 0–19.
    decimals = int(np.clip(2 - np.floor(np.log10(max(top - bottom, 1e-12))), 0, 6))
    to_points = ax.get_window_extent().height * 72 / ax.figure.dpi
    wanted = np.array([(v - bottom) / (top - bottom) * to_points
                       for _, v, _ in panel.values])
    placed = _spread(wanted, style.FONT_SIZES["value"] * 1.25)
    blend = blended_transform_factory(ax.transAxes, ax.transData)
    for (name, value, text), want, got in zip(panel.values, wanted, placed,
                                              strict=True):
        text.set_text(f"{name} {NumberFormatter.format(value, decimals)}{suffix}")
        text.xy = (1.0, value)
        text.xycoords = blend
        text.set_position((4, got - want))
        text.set_anncoords("offset points")
        text.set_visible(bottom <= value <= top)


def _spread(wanted: np.ndarray, gap: float) -> np.ndarray:
    """Move label positions apart (keeping their order) until each is ``gap`` apart."""
    order = np.argsort(wanted)
    placed = wanted[order].astype(float)
    for i in range(1, placed.size):  # at most four labels
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overshoot = (placed - wanted[order]).mean()
    placed -= overshoot / 2  # share the movement between up and down
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


def _label_bottom_row(axes: np.ndarray, ncols: int, xlab: str) -> None:
    """x tick labels and x label on the lowest panel of each column.

    In an incomplete last row the panels above the gap are the lowest of their column.
    """
    n = len(axes)
    for i, ax in enumerate(axes):
        if i + ncols >= n:
            ax.xaxis.set_tick_params(labelbottom=True)
            ax.set_xlabel(xlab, fontsize=style.FONT_SIZES["label"],
                          color=style.DARK_GREY)


def _settle_layout(fig: Figure) -> None:
    """Run the layout engine now, so that text is measured on final Axes sizes."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


# ------------------------------------------------------------- titles and legends


def subtitle(result: Any) -> str:
    """Chart kind and which direction is better, e.g. 'P chart (proportions) · …'."""
    chart = getattr(result, "chart", None)
    name = style.CHART_NAMES.get(chart, f"{chart} chart" if chart else "")
    direction = style.DIRECTION_PHRASES.get(getattr(result, "improvement", None), "")
    return " · ".join(p for p in (name, direction) if p)


def _titles(ax: Axes, result: Any, title: str | None) -> None:
    """Bold title on the left with the chart kind in grey on a line beneath it."""
    text = title if title is not None else getattr(result, "title", None)
    sub = subtitle(result)
    gap = 8
    if sub:
        ax.annotate(sub, xy=(0, 1), xycoords="axes fraction", xytext=(0, gap),
                    textcoords="offset points", ha="left", va="bottom",
                    fontsize=style.FONT_SIZES["subtitle"], color=SUBTITLE_GREY,
                    gid="qikit-subtitle")
        gap += style.FONT_SIZES["subtitle"] * 1.5
    if text:
        ax.set_title(text, loc="left", fontsize=style.FONT_SIZES["title"],
                     fontweight="bold", color=style.DARK_GREY, pad=gap)


def _figure_titles(fig: Figure, result: Any, title: str | None) -> None:
    text = title if title is not None else getattr(result, "title", None)
    heading = "\n".join(t for t in (text, subtitle(result)) if t)
    if heading:
        fig.suptitle(heading, fontsize=style.FONT_SIZES["title"], color=style.DARK_GREY,
                     linespacing=1.5)
    if getattr(result, "ylab", None):
        fig.supylabel(result.ylab, fontsize=style.FONT_SIZES["label"],
                      color=style.DARK_GREY)


def _legend_handles(kinds: list[str], result: Any,
                    key: pd.DataFrame | None = None) -> list:
    """Proxies for what was drawn, in a fixed order, then the key to numbered flags."""
    present = set(kinds)
    handles = [style.legend_handle(k) for k in _LEGEND_ORDER if k in present]
    if getattr(result, "chart", None) == "run":  # say which average the line is
        for handle in handles:
            label = handle.get_label()
            if label == style.LINE_STYLES["cl"].label:
                handle.set_label("Centre line (median)")
            elif label == style.LINE_STYLES["cl_runs"].label:
                handle.set_label("Median (non-random pattern)")
    if key is None or not handles:
        return handles + (key_handles(key) if key is not None else [])
    return [handles, key_handles(key)]  # two groups: the key starts a new row


_LEGEND_KW: dict[str, Any] = {
    "frameon": False,
    "fontsize": style.FONT_SIZES["legend"],
    "handlelength": 2.6,
    "handletextpad": 0.7,
    "columnspacing": 1.8,
}


def _legend_below(ax: Axes, handles: list) -> None:
    """A legend under the x axis: it never covers data and reads left to right."""
    fig = ax.figure
    handles, ncol = _legend_columns(handles, fig.get_figwidth() * 72 * 0.95)
    axis_box = ax.xaxis.get_tightbbox()
    drop = (ax.get_window_extent().y0 - axis_box.y0) * 72 / fig.dpi if axis_box else 0
    anchor = ax.transAxes + ScaledTranslation(0, -(drop + 6) / 72, fig.dpi_scale_trans)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0),
              bbox_transform=anchor, ncol=ncol, **_LEGEND_KW)


def _legend_columns(handles: list, width_pts: float) -> tuple[list, int]:
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
    ordered = [rows[r * ncol + c] for c in range(ncol) for r in range(-(-len(rows)
               // ncol)) if r * ncol + c < len(rows)]
    return ordered, ncol


def _pad_rows(groups: list[list], ncol: int) -> list:
    """Handles in row-major order, each group but the last padded to a full row."""
    padded = []
    for group in groups[:-1]:
        blanks = [Line2D([], [], linestyle="none", label=" ")
                  for _ in range(-len(group) % ncol)]
        padded += group + blanks
    return padded + groups[-1]


def _legend_width(handles: list, ncol: int) -> float:
    """Width in points of a legend of ``handles`` in ``ncol`` row-major columns."""
    size = _LEGEND_KW["fontsize"]
    extra = (_LEGEND_KW["handlelength"] + _LEGEND_KW["handletextpad"]) * size
    entry = [text_width_points(h.get_label(), size) + extra for h in handles]
    widths = [max(entry[c::ncol], default=0) for c in range(ncol)]
    return sum(widths) + (ncol - 1) * _LEGEND_KW["columnspacing"] * size
