"""The example app: paste numbers, get a run chart and its findings.

A small, complete app built the way every qikit app is built (see
``/work/iss/apps-base.md`` and the README): controls from :mod:`qikit.apps._controls`,
every callback through :class:`~qikit.apps.App`, a chart with its text alternative
(:class:`~qikit.apps.ChartView`), notes on how the data was read, and downloads.
Its notebook is ``curriculum/apps/demo.ipynb``; the browser tests and
``bench/bench_apps.py`` use it to check the shared parts.

Examples
--------
>>> from qikit.apps import DemoApp
>>> app = DemoApp()
>>> app.status_text, app.result.chart
('Chart updated', 'run')
>>> app.paste.value = "12\\n15\\nfifteen"
>>> app.read_paste()
>>> app.status_state, app.result.chart  # the chart drawn before is kept
('error', 'run')
"""

from __future__ import annotations

import base64
import re

import ipywidgets as widgets

from qikit._validate import fail
from qikit.apps._base import App, action
from qikit.apps._controls import button, slider, text_area, upload
from qikit.apps._display import ChartView, result_table
from qikit.apps._files import (
    TableData,
    clear_upload,
    csv_bytes,
    download_link,
    read_pasted,
    read_upload,
)
from qikit.charts import QicResult, qic

__all__ = ["DemoApp"]

#: The welcome page's falls data, as it would be pasted from Excel.
_FALLS = [9, 7, 10, 8, 11, 9, 8, 10, 7, 9, 8, 10, 6, 5, 6, 4, 5, 6, 4, 5, 3, 5, 4, 4]
EXAMPLE = "Month\tFalls\n" + "\n".join(
    f"01/{i % 12 + 1:02d}/{2023 + i // 12}\t{falls}" for i, falls in enumerate(_FALLS)
)

_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


class DemoApp(App):
    """Paste (or upload) numbers and see their run chart, findings and data table.

    Attributes
    ----------
    paste : ipywidgets.Textarea
        "Paste your data": a column or a table copied from Excel.
    draw : ipywidgets.Button
        "Draw the chart" (reads :attr:`paste`).
    file : ipywidgets.FileUpload
        "Upload a CSV or Excel file" (read as soon as a file is chosen).
    baseline : ipywidgets.IntSlider
        How many points form the baseline (0 or 1: all of them). The app's
        :attr:`~qikit.apps.App.change_control`.
    chart : ChartView
        The run chart, its findings and its data table.
    downloads : ipywidgets.HTML
        Links to the chart (PNG) and its data table (CSV).
    data : TableData or None
        The data last read successfully; a failed read leaves it unchanged.
    result : QicResult or None
        The chart drawn last.
    """

    title = "Example app: a run chart from your numbers"
    intro = (
        "Paste a column of numbers from Excel, or a table with dates and numbers, "
        "then choose Draw the chart. Or upload a CSV or Excel file. The chart and "
        "what it shows appear below."
    )

    def __init__(self, *, data: str = EXAMPLE) -> None:
        super().__init__()
        self.paste = text_area("Paste your data", value=data, rows=8)
        self.draw = button("Draw the chart", primary=True)
        self.file = upload("Upload a CSV or Excel file")
        self.baseline = slider(
            "Baseline (points)",
            minimum=0,
            maximum=24,
            value=12,
            help="How many of the first points set the median line; 0 or 1 uses all",
        )
        self.chart = ChartView(app=self)
        self.downloads = widgets.HTML(value="")
        self.change_control = self.baseline
        self.data: TableData | None = None
        self.result: QicResult | None = None
        self._syncing = False
        self.set_body(
            [
                self.paste,
                widgets.HBox([self.draw, self.file]),
                self.baseline,
                self.chart,
                self.downloads,
            ]
        )
        self.on_click(self.draw, self.read_paste)
        self.on_change(self.file, self.read_file)
        self.on_change(self.baseline, self.redraw)
        self.read_paste()

    # -- actions (each runs through App.run: errors become messages) -----------------

    @action
    def read_paste(self) -> None:
        """Read :attr:`paste` and draw its chart."""
        self._use(read_pasted(self.paste.value))

    @action
    def read_file(self) -> None:
        """Read the uploaded file and draw its chart."""
        if not self.file.value:
            return
        try:
            data = read_upload(self.file.value)
        finally:
            clear_upload(self.file)
        self._use(data)

    @action
    def redraw(self) -> None:
        """Draw the chart again (after the baseline changed)."""
        if self._syncing or self.data is None:
            return
        self._show(self._chart(self.data))

    # -- the work ----------------------------------------------------------------------

    def _use(self, data: TableData) -> None:
        baseline = self._fit_baseline(len(data.frame))
        result = self._chart(data, baseline=baseline)
        # Only now, with a chart in hand, replace what was there; the slider shows
        # the baseline the chart used.
        self.data = data
        self._syncing = True
        try:
            if baseline > self.baseline.max:
                self.baseline.max = max(len(data.frame), 1)
                self.baseline.value = baseline
            else:
                self.baseline.value = baseline
                self.baseline.max = max(len(data.frame), 1)
        finally:
            self._syncing = False
        self.show_notes([data.summary, *data.notes], heading="How your data was read")
        self._show(result)

    def _fit_baseline(self, points: int) -> int:
        value = self.baseline.value
        return value if value <= points else 0

    def _chart(self, data: TableData, baseline: int | None = None) -> QicResult:
        frame = data.frame
        numbers = list(data.number_columns)
        if not numbers:
            raise fail(
                "paste",
                "has no column of numbers",
                fix="Paste a column of numbers, such as monthly counts of falls.",
            )
        y = numbers[-1]
        x = data.date_columns[0] if data.date_columns else None
        if x is None and data.text_columns:
            x = data.text_columns[0]
        baseline = self.baseline.value if baseline is None else baseline
        return qic(
            frame,
            x=x,
            y=y,
            chart="run",
            freeze=baseline if baseline >= 2 else None,
            ylab=y,
            xlab=x or "Point",
            title=f"Run chart of {y}",
        )

    def _show(self, result: QicResult) -> None:
        self.chart.show_result(result)
        self.result = result
        links = []
        image = _PNG.search(self.chart.picture.value)
        if image:
            links.append(
                download_link(
                    base64.b64decode(image.group(1)),
                    "run-chart.png",
                    label="Download the chart",
                )
            )
        links.append(
            download_link(
                csv_bytes(result_table(result)),
                "run-chart-data.csv",
                label="Download the data table",
            )
        )
        self.downloads.value = (
            '<ul class="qikit-downloads">'
            + "".join(f"<li>{link}</li>" for link in links)
            + "</ul>"
        )
        self.set_status("Chart updated")
