"""A chart as an HTML figure with a text alternative, for notebooks and Voila pages.

:func:`to_html` renders the chart to a PNG embedded in the page (no files to serve),
gives the image a short ``alt`` text, and puts the plain-English reading of the chart
(``result.explain()``) under it as a list. People using a screen reader hear what the
chart shows; everyone else can read it under the picture.

Examples
--------
>>> import qikit
>>> from qikit.plot.html import to_html
>>> result = qikit.qic(y=[12, 15, 11, 14, 13, 16, 12, 14, 15, 13, 12, 14], chart="c")
>>> html = to_html(result)
>>> html.startswith('<figure class="qikit-chart"')
True
"""

from __future__ import annotations

import base64
import warnings
from html import escape

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from qikit._format import join_words, plural
from qikit._validate import whole_number
from qikit.charts import QicResult
from qikit.charts.vocabulary import CHART_NAMES, chart_name
from qikit.errors import InputError
from qikit.plot import _panel, style
from qikit.plot._frame import checked_frame, icon_sentence, icons, sigma_lines
from qikit.plot._layout import FitLayoutEngine, remembered_ticks
from qikit.plot._render import Canvas, png_of, shared_canvas
from qikit.plot.annotate import Annotations, annotation_frame, number_notes
from qikit.plot.facets import draw_facets
from qikit.plot.qic import plot_qic

__all__ = ["to_html", "alt_text", "chart_html", "png_data_uri"]


def png_data_uri(fig: Figure, dpi: int = 100) -> str:
    """A figure as a ``data:image/png;base64,…`` URI, to embed in HTML with no files.

    The figure is saved on a white background; it is not closed. A figure with
    constrained layout is saved as it is laid out (the layout already fits
    everything inside it), in one drawing; any other figure, or one whose text
    does not fit, is cropped tightly around what is drawn.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to render.
    dpi : int, default 100
        Resolution of the PNG, a whole number from 30 to 600.

    Returns
    -------
    str

    Raises
    ------
    InputError
        When ``fig`` is not a Figure or ``dpi`` is out of range.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.add_subplot().plot([1, 2])
    >>> png_data_uri(fig, dpi=50).startswith("data:image/png;base64,iVBOR")
    True
    """
    if not isinstance(fig, Figure):
        raise InputError(
            f"`fig`: must be a Matplotlib Figure (got {type(fig).__name__}). Pass "
            "the figure, e.g. ax.figure."
        )
    dpi = whole_number(dpi, "dpi", minimum=30, maximum=600, example=100)
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig, dpi)).decode(
        "ascii"
    )


def png_bytes(fig: Figure, dpi: int) -> bytes:
    """The PNG of ``fig`` at ``dpi`` (checked by the caller), on white.

    Matplotlib's ``savefig(bbox_inches="tight")`` draws a figure with a layout
    engine twice: once to lay it out and find the extent of everything, once to
    paint it. A figure with constrained layout already fits its content, so it is
    laid out once and painted once, uncropped; the layout is
    :class:`~qikit.plot._layout.FitLayoutEngine`'s, which places one Axes or a grid
    of them where constrained layout would, measuring the figure once instead of
    twice. Constrained layout ignores the width
    of titles and axis labels (and the height of y labels); when one of those sticks
    out of the figure, or the layout could not be applied, the figure is saved the
    usual way, cropped tightly around everything drawn. Either way the pixels are
    painted on a renderer that is kept for the next figure and written to PNG by
    :func:`qikit.plot._render.png_of`.
    """
    engine = fig.get_layout_engine()
    fits = isinstance(engine, (ConstrainedLayoutEngine, FitLayoutEngine))
    if fits and _rc_allows_no_engine():
        data = _fitted_png(fig, engine, dpi)
        if data is not None:
            return data
    return png_of(fig, dpi, bbox_inches="tight", facecolor="white")


def _rc_allows_no_engine() -> bool:
    """``set_layout_engine(None)`` removes the engine only when rc asks for none."""
    return not (
        mpl.rcParams["figure.autolayout"]
        or mpl.rcParams["figure.constrained_layout.use"]
    )


def _fitted_png(
    fig: Figure, engine: ConstrainedLayoutEngine | FitLayoutEngine, dpi: int
) -> bytes | None:
    """Lay ``fig`` out once at ``dpi`` and paint it once; None when it does not fit."""
    original = fig.dpi
    try:
        fig.dpi = dpi  # as savefig does: lay out and measure at the PNG's dpi
        # one measuring pass where constrained layout would take two
        layout = (
            engine if isinstance(engine, FitLayoutEngine) else FitLayoutEngine(engine)
        )
        with shared_canvas(fig), remembered_ticks(fig):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                layout.execute(fig)
            if caught:  # e.g. "constrained_layout not applied": let savefig say it
                return None
            fig.set_layout_engine(None)
            data = png_of(fig, dpi, bbox_inches=None, facecolor="white")
            if _sticks_out(fig):
                return None
    finally:
        fig.set_layout_engine(engine)
        fig.dpi = original
    return data


def _sticks_out(fig: Figure) -> bool:
    """True when a text whose size the layout ignores lies outside ``fig``.

    Run after a drawing (which places titles and axis labels), at its dpi. The
    layout engines fit every other artist; they take only the height of titles
    and x labels and the width of y labels into account, and none of the texts
    put on the figure itself with ``fig.text``.
    """
    renderer = fig._get_renderer()
    box = fig.bbox
    texts = list(fig.texts) + [
        t for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None
    ]
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title]
        texts += [ax.xaxis.label, ax.yaxis.label]
    for text in texts:
        if not text.get_visible() or not text.get_text():
            continue
        extent = text.get_window_extent(renderer)
        if (
            extent.x0 < box.x0 - 1
            or extent.x1 > box.x1 + 1
            or extent.y0 < box.y0 - 1
            or extent.y1 > box.y1 + 1
        ):
            return True
    return False


def to_html(
    result: QicResult, *, annotations: Annotations | None = None, dpi: int = 100
) -> str:
    """Render a chart as an HTML ``<figure>``: PNG image, alt text and explanation.

    Parameters
    ----------
    result : QicResult
        The result of :func:`qikit.qic`.
    annotations : DataFrame, list of (x, label) or dict {x: label}, optional
        Events to mark on the chart, as for :func:`qikit.plot.plot_qic`.
    dpi : int, default 100
        Resolution of the PNG; the image is 10 inches wide for a single chart.

    Returns
    -------
    str
        ``<figure class="qikit-chart"><img src="data:image/png;base64,…" alt="…">
        <figcaption>…</figcaption></figure>``. The caption lists the lines of
        ``result.explain()``; each piece of text is HTML-escaped.

    Notes
    -----
    The figure is a :class:`matplotlib.figure.Figure` that pyplot never sees: it is
    not shown twice in a notebook, and it is closed (released) once rendered.

    Examples
    --------
    >>> import qikit
    >>> result = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c")
    >>> html = to_html(result, annotations={5: "PDSA 1"})
    >>> html.count("<img"), html.count("<li>") == len(result.explain().splitlines())
    (1, True)
    """
    return chart_html(
        result,
        annotations=annotations,
        dpi=dpi,
        alt=alt_text(result),
        lines=_explain_lines(result),
    )


def chart_html(
    result: QicResult,
    *,
    annotations: Annotations | None,
    dpi: int,
    alt: str,
    lines: list[str],
) -> str:
    """:func:`to_html` with its alt text and findings already worked out (for a
    caller that keeps them too, such as an app's chart view)."""
    dpi = whole_number(dpi, "dpi", minimum=30, maximum=600, example=100)
    # The figure is not kept anywhere: it is freed with the rest of this drawing
    # (clearing it first would rebuild every axis only to throw it away).
    image = png_data_uri(_render(result, annotations), dpi=dpi)
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    caption = f"<figcaption><ul>{items}</ul></figcaption>" if items else ""
    return (
        f'<figure class="qikit-chart" style="margin:0">'
        f'<img src="{image}" alt="{escape(alt)}" '
        f'style="max-width:100%;height:auto">{caption}</figure>'
    )


def _new_figure(**kwargs: object) -> Figure:
    fig = Figure(layout=FitLayoutEngine(), **kwargs)
    Canvas(fig)
    return fig


def _render(result: QicResult, annotations: Annotations | None) -> Figure:
    if getattr(result, "facets", None) is not None:
        frame = checked_frame(result)
        fig = _new_figure()
        with _panel.quiet():
            notes = number_notes(annotation_frame(annotations))
            lines = sigma_lines(result, None)
            draw_facets(fig, result, frame, notes, sigma_lines=lines)
        return fig
    fig = _new_figure(figsize=style.FIGSIZE)
    plot_qic(result, ax=fig.add_subplot(), annotations=annotations)
    return fig


def _explain_lines(result: QicResult) -> list[str]:
    explain = getattr(result, "explain", None)
    text = explain() if callable(explain) else ""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def alt_text(result: QicResult) -> str:
    """A one-sentence description of the chart for the image's ``alt`` attribute.

    Examples
    --------
    >>> import qikit
    >>> result = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c",
    ...                    ylab="Pressure ulcers")
    >>> alt_text(result)
    'C chart (counts) of Pressure ulcers, 12 points from 1 to 12; no point shows
    special cause variation.'

    The title (the measure's name) leads; a unit given as ``ylab`` follows it:

    >>> result = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], ylab="%",
    ...                    title="Dossiers complete on time")
    >>> alt_text(result).split(",")[0]
    'Run chart of Dossiers complete on time (%)'

    With ``rules="mdc"`` the Making Data Count icons are named too, in words:

    >>> result = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c",
    ...                    rules="mdc", improvement="decrease", target=15)
    >>> alt_text(result).split("; ")[-2:]
    ['variation icon: common cause', 'assurance icon: meets target consistently.']
    """
    frame = checked_frame(result)
    kind = getattr(result, "chart", None)
    chart = chart_name(kind, start=True) if kind in CHART_NAMES else "Chart"
    text = chart + (f" of {what}" if (what := _measure_words(result)) else "")
    y = frame["y"]
    text += f", {int(y.notna().sum())} points"
    span = _x_span(frame["x"])
    if span:
        text += f" from {span[0]} to {span[1]}"
    facets = getattr(result, "facets", None)
    if facets is not None and facets in frame.columns:
        text += f", one panel for each of {frame[facets].nunique()} {facets} values"
    parts = frame["part"].nunique()
    if parts > 1:
        text += f", in {parts} parts"
    signals = int((frame["signal"].fillna(False).astype(bool) & y.notna()).sum())
    text += "; " + (
        "no point shows special cause variation"
        if signals == 0
        else f"{signals} point{'s' if signals != 1 else ''} "
        f"show{'s' if signals == 1 else ''} special cause variation"
    )
    return text + _icon_words(result, facets) + "."


def _measure_words(result: QicResult) -> str:
    """What the chart shows: the title given (on one line), then the ``ylab`` unit.

    "% of dossiers complete on time"; "Falls (per 1,000 bed days)"; the ``ylab``
    alone when the title is qic()'s default ("Run chart of falls"); nothing without
    either.
    """
    title = " ".join(str(getattr(result, "title", None) or "").split())
    unit = " ".join(str(getattr(result, "ylab", None) or "").split())
    kind = getattr(result, "chart", None)
    if kind in CHART_NAMES:
        default = f"{chart_name(kind, start=True)} of {getattr(result, 'y_name', '')}"
        if title == default or (
            not hasattr(result, "y_name") and title.startswith(default)
        ):
            title = ""
    if not title:
        return unit
    if not unit or unit.casefold() in title.casefold():
        return title
    return f"{title} ({unit})"


def _icon_words(result: QicResult, facets: str | None) -> str:
    """The Making Data Count icons in words: each icon for one chart, or how many
    panels show each icon for small multiples."""
    found = icons(result)
    if not found:
        return ""
    if facets is None:
        return "; " + icon_sentence(found.get(None, []))
    counts: dict[tuple[str, str], int] = {}
    for panel in found.values():
        for icon in panel:
            counts[(icon.kind, icon.words.lower())] = (
                counts.get((icon.kind, icon.words.lower()), 0) + 1
            )
    parts = []
    for kind in ("variation", "assurance"):
        shown = [
            plural(n, "panel") + f" {words}"
            for (k, words), n in counts.items()
            if k == kind
        ]
        if shown:
            parts.append(f"{kind} icons: {join_words(shown)}")
    return "; " + "; ".join(parts)


def _x_span(x: pd.Series) -> tuple[str, str] | None:
    values = x.dropna()
    if values.empty:
        return None
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        first, last = values.min(), values.max()
        fmt = "%d %b %Y" if (last - first) < pd.Timedelta(days=90) else "%b %Y"
        return first.strftime(fmt), last.strftime(fmt)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return tuple(f"{v:g}" for v in np.asarray([values.min(), values.max()]))
    return str(values.iloc[0]), str(values.iloc[-1])
