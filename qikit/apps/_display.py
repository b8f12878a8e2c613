"""Charts and figures in an app, each with its text alternative (private).

- :class:`ChartView`: a chart from :func:`qikit.qic` (or any Matplotlib figure) as an
  image with ``alt`` text, its plain-English findings under it, and its data table
  when the learner ticks "Show the data table".
- :func:`figure_html`, :func:`table_html`, :func:`result_table`: the same pieces as
  HTML strings and a DataFrame, for apps that lay them out themselves.
- :func:`show_in`: draw figures, charts or anything else into an ``Output`` area,
  closing each figure once it is drawn.

Images are PNGs embedded in the page (data URIs), so nothing is fetched and nothing
is written to disk; figures are closed once drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from qikit._format import fmt_number, human_date
from qikit._validate import fail
from qikit.apps._base import LOG, close_figure
from qikit.apps._controls import checkbox
from qikit.charts import QicResult
from qikit.plot import alt_text, png_data_uri, to_html
from qikit.plot.annotate import Annotations
from qikit.plot.html import chart_html

if TYPE_CHECKING:
    from qikit.apps._base import App

__all__ = ["ChartView", "figure_html", "result_table", "show_in", "table_html"]

#: Rows shown in a data table on the page (the downloads hold every row).
TABLE_ROWS = 500
#: The rule that flagged a point, as the data table says it.
RULE_WORDS = {
    "outside_limits": "outside the limits",
    "astronomical": "astronomical point",
    "trend": "trend",
    "two_of_three": "2 of 3 near a limit",
    "four_of_five": "4 of 5 beyond 1 sigma",
    "shift": "shift",
    "long_run": "long run",
    "fifteen_within_1s": "15 close to the centre line",
}


def figure_html(
    fig: Figure, *, alt: str, caption: str | Iterable[str] | None = None, dpi: int = 100
) -> str:
    """A Matplotlib figure as an HTML ``<figure>`` with alt text; the figure is closed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to show.
    alt : str
        One sentence saying what the figure shows, for screen readers (required).
    caption : str or list of str, optional
        Text under the figure (a list becomes a bulleted list).
    dpi : int, default 100
        Resolution of the PNG.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(3, 2)); _ = fig.add_subplot().plot([1, 3, 2])
    >>> html = figure_html(fig, alt="A line rising then falling", caption="Made up")
    >>> 'alt="A line rising then falling"' in html, "<figcaption>" in html
    (True, True)
    """
    alt = str(alt or "").strip()
    if not alt:
        raise fail(
            "alt",
            "is empty",
            fix="Describe the figure in one sentence: every chart needs a text "
            "alternative for people who cannot see it.",
        )
    try:
        image = png_data_uri(fig, dpi=dpi)
    finally:
        close_figure(fig)
    return (
        '<figure class="qikit-figure" style="margin:0">'
        f'<img src="{image}" alt="{escape(alt)}" style="max-width:100%;height:auto">'
        f"{_caption(caption)}</figure>"
    )


def _caption(caption: str | Iterable[str] | None) -> str:
    if caption is None:
        return ""
    if isinstance(caption, str):
        return f"<figcaption>{escape(caption)}</figcaption>" if caption.strip() else ""
    items = "".join(f"<li>{escape(str(line))}</li>" for line in caption if str(line))
    return f"<figcaption><ul>{items}</ul></figcaption>" if items else ""


def _cell(value: Any) -> str:
    """One table cell as text: dates in words, numbers without noise, blanks empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return ""
        if (stamp.hour, stamp.minute, stamp.second) != (0, 0, 0):
            return stamp.strftime("%d/%m/%Y %H:%M")
        return human_date(stamp.date())
    if isinstance(value, bool | np.bool_):
        return "yes" if value else ""
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        return fmt_number(float(value))
    return str(value)


def table_html(frame: pd.DataFrame, *, caption: str, max_rows: int = TABLE_ROWS) -> str:
    """A DataFrame as an accessible HTML table: a caption, column headers with
    ``scope``, values formatted for reading, at most ``max_rows`` rows.

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"Month": ["Jan"], "Falls": [4]}),
    ...                   caption="Falls each month")
    >>> html.count('<th scope="col">'), "<caption>Falls each month</caption>" in html
    (2, True)
    """
    shown = frame.head(max_rows)
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in shown.itertuples(index=False, name=None)
    )
    more = ""
    if len(frame) > max_rows:
        more = (
            f'<p class="qikit-table-more">The first {max_rows:,} of {len(frame):,} '
            "rows are shown; the download has them all.</p>"
        )
    return (
        f'<table class="qikit-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{more}"
    )


def result_table(result: QicResult) -> pd.DataFrame:
    """The points of a chart with readable column names, for its data table.

    Columns: the x label (or "Point"), the y label (or "Value"), "Denominator" when
    the chart has one, "Part" when there are several, "Centre line", "Lower limit"
    and "Upper limit" when the chart has limits, "Target" when set, "Excluded" and
    "Signal" (the rule that flagged the point, in words).

    Examples
    --------
    >>> import qikit
    >>> result = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="run",
    ...                    ylab="Falls")
    >>> list(result_table(result).columns)
    ['Point', 'Falls', 'Centre line', 'Excluded', 'Signal']
    """
    frame = result.frame
    x_name = "Point" if result.x_is_position else (result.xlab or "x")
    y_name = result.ylab or "Value"
    if y_name == x_name:
        y_name = f"{y_name} (value)"
    out = pd.DataFrame({x_name: frame["x"].to_numpy()})
    if result.facets and result.facets in frame.columns:
        out.insert(0, str(result.facets), frame[result.facets].to_numpy())
    out[y_name] = frame["y"].to_numpy()
    if "n" in frame.columns and frame["n"].notna().any() and result.chart != "run":
        if not (frame["n"] == 1).all():
            out["Denominator"] = frame["n"].to_numpy()
    if frame["part"].nunique() > 1:
        out["Part"] = frame["part_label"].astype(str).to_numpy()
    out["Centre line"] = frame["cl"].to_numpy()
    for column, name in (("lcl", "Lower limit"), ("ucl", "Upper limit")):
        if frame[column].notna().any():
            out[name] = frame[column].to_numpy()
    if "target" in frame.columns and frame["target"].notna().any():
        out["Target"] = frame["target"].to_numpy()
    out["Excluded"] = (~frame["include"].astype(bool)).to_numpy()
    signal = frame["signal"].fillna(False).astype(bool).to_numpy()
    rule = [
        RULE_WORDS.get(r, str(r).replace("_", " ")) for r in frame["rule"].fillna("")
    ]
    out["Signal"] = [
        (r or "yes") if s else "" for r, s in zip(rule, signal, strict=True)
    ]
    return out


def show_in(output: widgets.Output, *objects: Any, alt: str | None = None) -> None:
    """Replace what ``output`` shows with ``objects``, drawn accessibly.

    A :class:`~qikit.charts.QicResult` is drawn with :func:`qikit.plot.to_html` (alt
    text and findings); a Matplotlib figure with :func:`figure_html` (``alt``
    required) and then closed; anything else with IPython's ``display``.
    """
    shown = []
    for obj in objects:
        if isinstance(obj, QicResult):
            shown.append(HTML(to_html(obj)))
        elif isinstance(obj, Figure):
            shown.append(HTML(figure_html(obj, alt=alt or "")))
        else:
            shown.append(obj)
    # Set the outputs directly (not `with output: display(...)`), so it works the
    # same in a kernel, in a test and in a callback run from another thread.
    output.outputs = ()
    for obj in shown:
        output.append_display_data(obj)


class ChartView(widgets.VBox):
    """A chart with its text alternative and, on request, its data table.

    Parameters
    ----------
    app : App, optional
        The app it belongs to: ticking "Show the data table" then runs through
        :meth:`App.run` and sets the app's status.
    table_label : str, default "Show the data table"
        The checkbox's label.

    Attributes
    ----------
    picture : ipywidgets.HTML
        The ``<figure>``: image with alt text, findings as its caption.
    show_table : ipywidgets.Checkbox
        "Show the data table" (off by default; disabled until there is a chart).
    table : ipywidgets.HTML
        The data table, empty while ``show_table`` is off.

    Examples
    --------
    >>> import qikit
    >>> view = ChartView()
    >>> view.show_result(qikit.qic(y=[3, 5, 4, 6, 5, 4, 6, 5, 4, 5, 6, 4], chart="c"))
    >>> view.has_chart, view.alt.startswith("C chart"), view.table.value
    (True, True, '')
    >>> view.show_table.value = True
    >>> "<table" in view.table.value
    True
    """

    def __init__(
        self, *, app: App | None = None, table_label: str = "Show the data table"
    ) -> None:
        self.picture = widgets.HTML(value="")
        self.picture.add_class("qikit-chart-picture")
        self.show_table = checkbox(table_label, disabled=True)
        self.table = widgets.HTML(value="")
        self.table.add_class("qikit-chart-table")
        super().__init__([self.picture, self.show_table, self.table])
        self.add_class("qikit-chart-view")
        self._app = app
        self._frame: pd.DataFrame | None = None
        self._caption = "The data in the chart"
        self._alt = ""
        self._findings: list[str] = []
        if app is not None:
            app.on_change(self.show_table, self._toggled)
        else:
            self.show_table.observe(self._on_toggle, names="value")

    # -- what is shown ----------------------------------------------------------------

    @property
    def has_chart(self) -> bool:
        """Whether a chart is shown."""
        return bool(self.picture.value)

    @property
    def alt(self) -> str:
        """The image's alt text."""
        return self._alt

    @property
    def findings(self) -> list[str]:
        """The lines of text under the chart (``result.explain()`` for a chart)."""
        return list(self._findings)

    @property
    def table_frame(self) -> pd.DataFrame | None:
        """The data table's rows (all of them), or ``None`` before a chart."""
        return None if self._frame is None else self._frame.copy()

    # -- drawing ---------------------------------------------------------------------

    def show_result(
        self,
        result: QicResult,
        *,
        annotations: Annotations | None = None,
        table: pd.DataFrame | None = None,
        dpi: int = 100,
    ) -> None:
        """Show a chart from :func:`qikit.qic`: image, alt text, findings, table."""
        self._alt = alt_text(result)
        self._findings = [
            line.strip() for line in result.explain().splitlines() if line.strip()
        ]
        html = chart_html(
            result,
            annotations=annotations,
            dpi=dpi,
            alt=self._alt,
            lines=self._findings,
        )
        self._set(html, result_table(result) if table is None else table, result)

    def show_figure(
        self,
        fig: Figure,
        *,
        alt: str,
        caption: str | Iterable[str] | None = None,
        table: pd.DataFrame | None = None,
        table_caption: str = "The data in the figure",
        dpi: int = 100,
    ) -> None:
        """Show any Matplotlib figure with its alt text, caption and data table."""
        html = figure_html(fig, alt=alt, caption=caption, dpi=dpi)
        self._alt = str(alt).strip()
        if caption is None:
            self._findings = []
        elif isinstance(caption, str):
            self._findings = [caption]
        else:
            self._findings = [str(line) for line in caption]
        self._caption = table_caption
        self._set(html, table, None)

    def clear(self) -> None:
        """Show nothing (before the first chart, or after the data was removed)."""
        self.picture.value = ""
        self.table.value = ""
        self._frame = None
        self._alt = ""
        self._findings = []
        self.show_table.disabled = True

    def _set(
        self, html: str, table: pd.DataFrame | None, result: QicResult | None
    ) -> None:
        if result is not None:
            what = result.ylab or result.title or "the chart"
            self._caption = f"The data in the chart of {what}"
        self.picture.value = html
        self._frame = table
        self.show_table.disabled = table is None
        self._render_table()

    def _render_table(self) -> None:
        if self.show_table.value and self._frame is not None:
            self.table.value = table_html(self._frame, caption=self._caption)
        else:
            self.table.value = ""

    def _toggled(self) -> None:
        self._render_table()
        if self._app is not None:
            shown = self.show_table.value and self._frame is not None
            self._app.set_status("Data table shown" if shown else "Data table hidden")

    def _on_toggle(self, change: dict) -> None:
        try:
            self._render_table()
        except Exception:  # noqa: BLE001 - never a traceback on the page
            LOG.exception("ChartView: the data table could not be drawn")
            self.table.value = ""
