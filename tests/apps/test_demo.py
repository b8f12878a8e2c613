"""The example app, driven as a learner would, without a browser: set the controls'
values, press the buttons, read the status, the messages and the chart."""

from __future__ import annotations

import base64
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qikit.apps import DemoApp, read_pasted
from qikit.apps.demo import EXAMPLE

_SHARED: list[DemoApp] = []


def _upload(app: DemoApp, name: str, content: bytes) -> None:
    app.file.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2024, 1, 1),
        },
    )


def test_it_opens_with_the_example_chart_and_its_findings():
    app = DemoApp()
    assert (app.status_text, app.status_state) == ("Chart updated", "ready")
    assert app.result.chart == "run" and len(app.result.frame) == 24
    assert app.chart.findings == app.result.explain().splitlines()
    assert app.notes_text[0] == (
        "Read 24 rows from the pasted data, with the columns 'Month' and 'Falls'."
    )
    assert app.change_control is app.baseline
    assert app.baseline.max == 24


def test_paste_then_draw(monkeypatch):
    app = DemoApp()
    app.paste.value = "Week\tVisits\n1\t12\n2\t15\n3\t11\n4\t14\n5\t13\n6\t16"
    app.draw.click()
    assert app.status_text == "Chart updated"
    assert app.result.ylab == "Visits" and len(app.result.frame) == 6
    assert (app.baseline.max, app.baseline.value) == (6, 0)  # 12 > 6: all points
    assert app.result.frame["baseline"].all()


def test_bad_data_is_a_message_and_the_chart_is_kept():
    app = DemoApp()
    before = app.result
    app.paste.value = "Month\tFalls\nJan\tfour\nFeb\tsix"
    app.draw.click()
    assert app.status_state == "error"
    assert app.error_text == (
        "`paste`: has no column of numbers. Paste a column of numbers, such as "
        "monthly counts of falls."
    )
    assert app.result is before and app.chart.has_chart
    assert app.paste.value.startswith("Month\tFalls\nJan\tfour")  # kept as typed


def test_a_changed_baseline_redraws():
    app = DemoApp()
    seq = app.status_seq
    app.baseline.value = 6
    assert app.status_seq > seq and app.status_text == "Chart updated"
    assert app.result.frame["baseline"].sum() == 6
    for value in (0, 1):  # no baseline: every point sets the median
        app.baseline.value = value
        assert app.status_text == "Chart updated" and app.result.frame["baseline"].all()


def test_an_upload_is_read_and_the_upload_is_emptied():
    app = DemoApp()
    _upload(
        app,
        "visits.csv",
        b"Month,Visits\n01/01/2024,5\n01/02/2024,7\n01/03/2024,6\n01/04/2024,8\n",
    )
    assert app.status_text == "Chart updated" and app.result.ylab == "Visits"
    assert app.file.value == ()  # the same file can be chosen again


def test_a_damaged_upload_is_a_message_and_nothing_is_lost():
    app = DemoApp()
    before = app.data
    _upload(app, "falls.xlsx", b"PK\x03\x04 broken")
    assert app.status_state == "error"
    assert app.error_text.startswith("`upload`: 'falls.xlsx' is not a readable Excel")
    assert app.data is before and app.paste.value == EXAMPLE
    assert app.file.value == ()


def test_downloads_hold_the_chart_and_its_data():
    app = DemoApp()
    links = dict(
        re.findall(
            r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', app.downloads.value
        )
    )
    assert set(links) == {"run-chart.png", "run-chart-data.csv"}
    assert base64.b64decode(links["run-chart.png"])[:4] == b"\x89PNG"
    table = base64.b64decode(links["run-chart-data.csv"]).decode("utf-8-sig")
    assert table.splitlines()[0] == "Month,Falls,Centre line,Excluded,Signal"


@settings(max_examples=10, deadline=None)
@given(st.text(alphabet="0123456789,.;%\t\n -abc/£", max_size=80))
def test_whatever_is_pasted_the_app_never_breaks(text):
    if not _SHARED:
        _SHARED.append(DemoApp(data="1\n2\n3"))
    app = _SHARED[0]
    app.paste.value = text
    app.read_paste()
    assert app.status_state in ("ready", "error")
    if app.status_state == "error":
        assert app.error_text.startswith(
            ("`paste`:", "`", "Something went wrong")
        ) and ("Traceback" not in app.error_text)
        assert "did not expect" not in app.error_text, app.error_text


def test_example_reads_cleanly():
    assert read_pasted(EXAMPLE).date_columns == ("Month",)
