"""The chart studio, driven as a learner would, without a browser: set the controls'
values, press the buttons, read the status, the messages, the notes and the chart.

Every control path is here: paste, upload (CSV, workbooks with several sheets,
damaged files), data sets, columns, each answer of the chart chooser, overriding
the chart, rules, direction, baseline, phases, excluded points, target,
annotations, the data table and the downloads; and every message the app writes.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit.apps._display as display
from qikit.apps import ChartStudio, xlsx_bytes
from qikit.apps.chart_studio import EXAMPLE

PROBLEM = "There is a problem: see the message below."
#: A table as people have it: a title line, spaces around headings, UK dates,
#: thousands separators, "%" signs and a blank row.
MESSY = (
    "Ward 6 discharges\n"
    " Week ending \tDischarges \tBefore noon\tShare\n"
    + "\n\n".join(  # a blank row between the months
        "\n".join(
            f"{d:02d}/0{m}/2024\t1,{100 + d}\t{300 + d}\t{27 + d % 5}%"
            for d in (7, 14, 21, 28)
        )
        for m in (1, 2, 3)
    )
    + "\n\n"
)
VISITS = "Week\tVisits\n" + "\n".join(
    f"{i}\t{v}"
    for i, v in enumerate(
        [12, 15, 11, 14, 13, 16, 12, 15, 14, 13, 12, 16, 15, 14], start=1
    )
)

_SHARED: dict[str, ChartStudio] = {}


def _shared(key: str, data: str = EXAMPLE) -> ChartStudio:
    """One app per property test (building one per example would be slow)."""
    if key not in _SHARED:
        _SHARED[key] = ChartStudio(data=data)
    return _SHARED[key]


def _upload(app: ChartStudio, name: str, content: bytes) -> None:
    app.file.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2024, 1, 1),
        },
    )


def _paste(app: ChartStudio, text: str) -> None:
    app.paste.value = text
    app.draw.click()


def _shown(control) -> bool:
    return control.layout.display != "none"


@pytest.fixture
def draws(monkeypatch):
    """How many charts were drawn (``chart_html`` calls) since the fixture started."""
    calls = []
    real = display.chart_html

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(display, "chart_html", counted)
    return calls


# ----------------------------------------------------------------- the start


def test_it_opens_with_the_example_chart_its_findings_and_reasons(app_log):
    app = ChartStudio()
    assert (app.status_text, app.status_state) == ("Chart updated", "ready")
    assert app.result.chart == "run" and len(app.result.frame) == 24
    assert (app.x.value, app.y.value, app.n.value) == ("Month", "Falls", "")
    assert app.chart.findings == app.result.explain().splitlines()
    assert app.chart.alt.startswith("Run chart of Falls, 24 points")
    assert app.notes_text == [
        "Read 24 rows from the pasted data, with the columns 'Month' and 'Falls'.",
        "The dates in 'Month' were read day first, as in the UK (01/04/2024 is 1 "
        "April 2024).",
        "qikit chose the columns: 'Month' for x (time) and 'Falls' for y (the "
        "measure). Change them under Columns if they are not right.",
    ]
    assert "The answers lead to a run chart, because:" in app.why.value
    assert app.change_control is app.rules
    assert app.paste.value == EXAMPLE and app.downloads.value == ""
    assert [_shown(app.questions[k]) for k in app.questions] == [True] + [False] * 6
    assert _shown(app.paste_panel) and not _shown(app.upload_panel)
    assert not _shown(app.sheet)
    assert app_log.text == ""


def test_it_builds_empty_without_a_chart():
    app = ChartStudio(data="")
    assert (app.status_text, app.result, app.data) == ("Ready", None, None)
    app.rules.value = "ihi"  # nothing to draw yet: no message either
    assert app.status_state == "ready" and app.error_text == ""
    app.prepare.click()
    assert app.error_text == (
        "`download`: there is no chart yet. Paste or upload your data, then choose "
        "Draw the chart."
    )


def test_every_control_is_labelled():
    app = ChartStudio()
    controls = [
        app.source,
        app.paste,
        app.sheet,
        app.dataset,
        app.x,
        app.y,
        app.n,
        app.facets,
        app.multiply,
        *app.questions.values(),
        app.chart_type,
        app.rules,
        app.improvement,
        app.freeze,
        app.part,
        app.exclude,
        app.target,
        app.annotations,
        app.chart.show_table,
    ]
    for control in controls:
        assert control.description.strip(), control
    for button in (app.draw, app.file, app.use_dataset, app.prepare):
        assert button.description.strip()


# --------------------------------------------------------------------- paste


def test_paste_then_draw(draws):
    app = ChartStudio()
    draws.clear()
    _paste(app, VISITS)
    assert app.status_text == "Chart updated" and len(draws) == 1
    assert (app.x.value, app.y.value) == ("Week", "Visits")
    assert app.result.ylab == "Visits" and len(app.result.frame) == 14
    assert app.x.options == (
        ("Point number (1, 2, 3 …)", ""),
        ("Week", "Week"),
        ("Visits", "Visits"),
    )


def test_messy_data_is_read_with_notes_and_charted():
    app = ChartStudio()
    _paste(app, MESSY)
    assert app.status_text == "Chart updated", app.error_text
    assert (app.x.value, app.y.value, app.n.value) == (
        "Week ending",
        "Before noon",
        "Discharges",
    )
    assert app.multiply.value == 100
    assert app.result.ylab == "Before noon (% of Discharges)"
    notes = " ".join(app.notes_text)
    for words in (
        "Read 12 rows",
        "title",
        "Spaces around",
        "day first",
        "thousands separators",
        "percentages (85% is 85)",
        "blank row",
        "qikit chose the columns",
    ):
        assert words in notes, (words, app.notes_text)


def test_data_with_no_numbers_is_a_message_and_nothing_is_lost():
    app = ChartStudio()
    before, data = app.result, app.data
    _paste(app, "Month\tFalls\nJan\tfour\nFeb\tsix")
    assert (app.status_text, app.status_state) == (PROBLEM, "error")
    assert app.error_text == (
        "`paste`: has no column of numbers. Paste a column of numbers, such as "
        "monthly counts of falls, with its heading. A cell with a word in it (such "
        "as 'four') keeps a column as text: the notes say which."
    )
    assert app.result is before and app.data is data and app.chart.has_chart
    assert app.paste.value.startswith("Month\tFalls\nJan\tfour")
    assert app.y.value == "Falls"  # the columns of the data in use stay


def test_an_empty_paste_is_a_message():
    app = ChartStudio()
    _paste(app, "  \n\t\n")
    assert app.error_text == (
        "`paste`: is empty. Copy a column or a table in Excel, then paste it here "
        "(Ctrl+V)."
    )
    assert app.result.ylab == "Falls"


# -------------------------------------------------------------------- uploads


def test_a_messy_csv_with_uk_dates_is_charted_and_the_upload_emptied():
    app = ChartStudio()
    csv = (
        "\ufeffMonth ;Falls \n"
        + "\n".join(f"01/{m:02d}/2024;{4 + m % 3}" for m in range(1, 13))
        + "\n;\n"
    ).encode("utf-8")
    _upload(app, "falls.csv", csv)
    assert app.status_text == "Chart updated", app.error_text
    assert app.result.frame["x"].iloc[1] == pd.Timestamp("2024-02-01")
    assert app.file.value == ()
    assert any("separated by semicolons" in note for note in app.notes_text)
    assert not _shown(app.sheet)


def test_a_damaged_workbook_is_a_message_and_nothing_is_lost():
    app = ChartStudio()
    before, data = app.result, app.data
    _upload(app, "falls.xlsx", b"PK\x03\x04 broken")
    assert app.status_state == "error"
    assert app.error_text.startswith("`upload`: 'falls.xlsx' is not a readable Excel")
    assert app.result is before and app.data is data and app.paste.value == EXAMPLE
    assert app.file.value == ()


def test_an_old_excel_file_says_what_to_do():
    app = ChartStudio()
    _upload(app, "falls.xls", b"\xd0\xcf\x11\xe0 old")
    assert app.error_text.startswith("`upload`: 'falls.xls' is an old Excel workbook")


def _workbook() -> bytes:
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    return xlsx_bytes(
        {
            "Read me": pd.DataFrame(),
            "Falls": pd.DataFrame({"Month": months, "Falls": range(3, 15)}),
            "Visits": pd.DataFrame({"Month": months, "Visits": range(20, 32)}),
        }
    )


def test_a_workbook_offers_its_sheets_even_when_the_first_is_empty():
    app = ChartStudio()
    before = app.result
    _upload(app, "ward.xlsx", _workbook())
    assert app.error_text == (
        "`upload`: 'ward.xlsx' holds no values. Check that you copied (or saved) the "
        "cells with the data."
    )
    assert app.result is before
    assert _shown(app.sheet)
    assert [value for _, value in app.sheet.options] == ["Read me", "Falls", "Visits"]
    app.sheet.value = "Visits"
    assert app.status_text == "Chart updated"
    assert app.y.value == "Visits" and app.data.sheet == "Visits"
    app.sheet.value = "Falls"
    assert app.status_text == "Chart updated" and app.y.value == "Falls"
    assert any("The workbook has 3 worksheets" in n for n in app.notes_text)


def test_a_workbook_read_at_once_shows_its_sheet():
    content = xlsx_bytes(
        {
            "Falls": pd.DataFrame({"Falls": [4, 5, 3, 6, 5, 4]}),
            "Other": pd.DataFrame({"Visits": [1, 2]}),
        }
    )
    app = ChartStudio()
    _upload(app, "ward.xlsx", content)
    assert app.status_text == "Chart updated"
    assert _shown(app.sheet) and app.sheet.value == "Falls"


# ------------------------------------------------------------------ data sets


def test_the_data_set_panel_tells_each_story():
    app = ChartStudio()
    app.source.value = "dataset"
    assert _shown(app.dataset_panel) and not _shown(app.paste_panel)
    assert app.status_text == "Ready"
    app.dataset.value = "ed_four_hours"
    assert "dips every winter" in app.story.value
    assert "Suits: P′ chart, P chart, run chart." in app.story.value
    app.source.value = "upload"
    assert _shown(app.upload_panel) and not _shown(app.dataset_panel)


def test_a_data_set_is_drawn_with_the_chart_it_suits(draws):
    app = ChartStudio()
    app.source.value = "dataset"
    app.dataset.value = "ed_four_hours"
    draws.clear()
    app.use_dataset.click()
    assert app.status_text == "Chart updated", app.error_text
    assert len(draws) == 1
    assert app.result.chart == "pp"
    assert (app.y.value, app.n.value, app.multiply.value) == (
        "within_4h",
        "attendances",
        100,
    )
    assert app.result.ylab == "within 4h (% of attendances)"
    assert (app.kind.value, app.counted.value, app.large.value) == (
        "attribute",
        "classified",
        "yes",
    )
    assert "Laney" in app.why.value
    assert app.notes_text[0].startswith("Read 156 rows from the data set")
    assert app.notes_text[1] == (
        "Emergency department patients seen within 4 hours in one health board, "
        "weekly, 2016-2019: Weekly four-hour performance dips every winter; the "
        "denominators are so large that p chart limits flag most weeks, Laney's P' "
        "chart few."
    )


def test_faceted_data_draw_small_multiples():
    app = ChartStudio()
    app.source.value = "dataset"
    app.dataset.value = "pressure_ulcers_monthly"
    app.use_dataset.click()
    assert app.status_text == "Chart updated", app.error_text
    assert (app.result.chart, app.result.facets) == ("u", "home")
    assert app.chart.alt.startswith(
        "U chart (rates) of ulcers per 1,000 occupied bed days, 216 points"
    )
    assert "one panel for each of 6 home values" in app.chart.alt
    assert app.chart.table_frame.columns[0] == "home"
    app.facets.value = ""
    assert app.result.facets is None and app.status_text == "Chart updated"


def test_a_data_set_s_phase_column_and_target_are_filled_in_and_replaced():
    app = ChartStudio()
    app.source.value = "dataset"
    app.dataset.value = "gp_correspondence"
    app.use_dataset.click()
    assert app.part.value == "phase" and app.result.frame["part"].nunique() == 2
    app.dataset.value = "rag_ratings"
    app.use_dataset.click()
    assert app.status_text == "Chart updated", app.error_text
    assert (app.part.value, app.target.value) == ("", "target")
    assert app.result.frame["target"].eq(90).all()
    app.target.value = "95"  # typed by the learner: kept for the next data
    _paste(app, VISITS)
    assert app.target.value == "95" and app.result.frame["target"].eq(95).all()


# -------------------------------------------------------------------- columns


def test_changing_the_columns_redraws_once(draws):
    app = ChartStudio()
    app.source.value = "dataset"
    app.dataset.value = "ward_falls"
    app.use_dataset.click()
    assert app.result.ylab == "falls per 1,000 occupied bed days"
    draws.clear()
    app.n.value = ""
    assert app.result.ylab == "falls" and len(draws) == 1
    assert app.notes_text[-1] == (
        "Values with a denominator is not used: no n is chosen."
    )
    app.multiply.value = 1
    assert app.notes_text[-1].startswith("qikit chose the columns")
    app.n.value = "occupied_bed_days"
    assert app.result.ylab == "falls per occupied bed days" and len(draws) == 3
    app.x.value = ""
    assert app.result.x_is_position and app.result.xlab == "Point"
    app.n.value = ""
    app.y.value = "occupied_bed_days"
    assert app.result.ylab == "occupied bed days" and len(draws) == 6


# ---------------------------------------------------------------- the chooser


def test_each_answer_shows_the_next_questions_and_redraws(draws):
    app = ChartStudio()
    draws.clear()
    app.kind.value = "continuous"
    assert app.result.chart == "i" and len(draws) == 1
    assert _shown(app.subgroups) and not _shown(app.rare)
    assert "I chart" in app.why.value
    app.kind.value = "attribute"
    assert [k for k, c in app.questions.items() if _shown(c)] == [
        "kind",
        "rare",
        "counted",
        "large",
        "equal_area",
    ]
    assert app.result.chart == "c"
    app.rare.value = "yes"
    assert app.result.chart == "g" and _shown(app.between)
    assert not _shown(app.counted)
    app.between.value = "time"
    assert app.result.chart == "t"
    app.rare.value = "no"
    app.large.value = "yes"
    assert app.result.chart == "up" or app.error_text.startswith("`n`")
    assert not _shown(app.equal_area)
    assert len(draws) == 5


def test_a_chart_that_needs_a_denominator_says_so():
    app = ChartStudio()
    app.kind.value = "attribute"
    before = app.result
    app.counted.value = "classified"
    assert app.status_state == "error"
    assert app.error_text == (
        "`n`: a P chart (proportions) needs a denominator. Choose the column that "
        "holds the number of cases in each period (patients, admissions, bed days "
        "…) under Denominator (n), or answer the questions for another chart."
    )
    assert app.result is before and app.kind.value == "attribute"  # answers kept
    assert "proportions" not in app.why.value  # the reasons are of the chart shown


def test_a_chart_that_takes_no_denominator_leaves_it_out_with_a_note():
    app = ChartStudio()
    app.source.value = "dataset"
    app.dataset.value = "ward_falls"
    app.use_dataset.click()
    app.kind.value = "attribute"  # counted, same area: a C chart
    assert app.result.chart == "c" and app.status_text == "Chart updated"
    assert app.notes_text[-1] == (
        "'occupied_bed_days' is not used: a C chart (counts) takes no denominator."
    )
    app.equal_area.value = "no"
    assert app.result.chart == "u"
    assert app.result.ylab == "falls per 1,000 occupied bed days"


def test_subgroups_give_an_x_bar_chart():
    rows = [
        f"0{d}/01/2024\t{10 + (d * k) % 7}" for d in range(1, 10) for k in (1, 2, 3)
    ]
    app = ChartStudio()
    _paste(app, "Day\tMinutes\n" + "\n".join(rows))
    app.kind.value = "continuous"
    app.subgroups.value = "several"
    assert app.result.chart == "run", app.error_text  # 9 points: too few for limits
    assert "a subgroup of 3 measurements" in app.why.value
    assert "too few for reliable control limits" in app.why.value
    app.chart_type.value = "xbar"
    assert app.result.chart == "xbar" and app.status_text == "Chart updated"
    assert "You chose an X-bar chart (subgroup averages) instead" in app.why.value


def test_the_learner_may_choose_the_chart_herself():
    app = ChartStudio()
    app.chart_type.value = "i"
    assert app.result.chart == "i" and app.status_text == "Chart updated"
    assert "The answers lead to a run chart" in app.why.value
    assert "You chose an I chart (individual values) instead" in app.why.value
    app.chart_type.value = "auto"
    assert app.result.chart == "run" and "You chose" not in app.why.value


def test_too_few_points_give_a_caution():
    app = ChartStudio()
    _paste(app, "3\n5\n4\n6\n5\n4")
    assert "Keep in mind:" in app.why.value and "need at least 10 points" in (
        app.why.value
    )


# ------------------------------------------------------ rules and direction


def test_the_rule_set_redraws(draws):
    app = ChartStudio()
    draws.clear()
    for rules in ("ihi", "mdc", "western_electric", "anhoej"):
        seq = app.status_seq
        app.rules.value = rules
        assert app.result.rules == rules and app.status_text == "Chart updated"
        assert app.status_seq > seq
    assert len(draws) == 4


def test_the_direction_of_improvement():
    app = ChartStudio()
    app.improvement.value = "decrease"
    assert app.result.improvement == "decrease"
    assert "improvement" in " ".join(app.chart.findings)
    app.improvement.value = "none"
    assert app.result.improvement is None


# ------------------------------------------- baseline, phases, excluded, target


def test_the_baseline_by_point_or_by_date():
    app = ChartStudio()
    app.freeze.value = "12"
    assert app.result.frame["baseline"].sum() == 12
    app.freeze.value = "01/06/2023"
    assert app.status_text == "Chart updated"
    assert app.result.frame["baseline"].sum() == 6
    app.freeze.value = ""
    assert app.result.frame["baseline"].all()


def test_a_baseline_that_cannot_be_used_is_a_message_and_the_chart_stays():
    app = ChartStudio()
    app.freeze.value = "12"
    before = app.result
    app.freeze.value = "31/12/2021"
    assert app.status_state == "error"
    assert app.error_text.startswith(
        "`freeze`: 31 December 2021 is not one of the dates in `x`"
    )
    assert app.result is before and app.freeze.value == "31/12/2021"
    app.freeze.value = "soon"
    assert app.error_text.startswith(
        "`freeze`: is neither a point number nor a date (got 'soon')."
    )


def test_phases_by_point_date_or_column():
    app = ChartStudio()
    app.part.value = "13"
    assert app.result.frame["part"].tolist() == [1] * 12 + [2] * 12
    app.part.value = "01/07/2023, 01/01/2024"
    assert app.result.frame["part"].nunique() == 3
    app.part.value = "25"
    assert app.error_text == (
        "`part`: point 25 is past the last point (got '25'). The chart has 24 "
        "points, so a new phase can start at points 2 to 24."
    )


def test_points_left_out():
    app = ChartStudio()
    app.exclude.value = "5, 7"
    assert (~app.result.frame["include"]).sum() == 2
    assert app.chart.table_frame["Excluded"].sum() == 2
    app.exclude.value = "01/02/2023"
    assert not app.result.frame["include"].iloc[1]
    app.exclude.value = "30"
    assert app.error_text.startswith("`exclude`: point 30 is out of range")


def test_the_target():
    app = ChartStudio()
    app.target.value = "6"
    assert app.result.frame["target"].eq(6).all()
    assert app.chart.table_frame["Target"].eq(6).all()
    app.target.value = "six"
    assert app.error_text == (
        "`target`: is not a number (got 'six'). Write a number such as 85 (or "
        "85%), or leave the box empty for no target."
    )
    app.target.value = ""
    assert "target" not in app.result.frame or app.result.frame["target"].isna().all()


# ----------------------------------------------------------------- annotations


def test_annotations_mark_the_chart():
    app = ChartStudio()
    app.annotations.value = "01/01/2024\tFalls plan starts\n01/04/2024 PDSA 2"
    assert app.status_text == "Chart updated"
    assert app.marks["label"].tolist() == ["Falls plan starts", "PDSA 2"]
    table = app.marks_table.value
    assert "<caption>The annotations on the chart</caption>" in table
    assert "<td>1 January 2024</td><td>Falls plan starts</td>" in table
    app.annotations.value = "13 Falls plan starts"  # point 13: January 2024
    assert app.marks["x"].tolist() == [pd.Timestamp("2024-01-01")]


def test_annotations_that_cannot_be_read_keep_the_chart():
    app = ChartStudio()
    before = app.result
    app.annotations.value = "PDSA 1 in spring"
    assert app.status_state == "error"
    assert app.error_text.startswith(
        "`annotations`: line 1 does not start with a date or a point number"
    )
    assert app.result is before


def test_annotations_on_a_chart_of_point_numbers():
    app = ChartStudio()
    _paste(app, "4\n6\n5\n7\n5\n6\n4\n5\n6\n5\n7\n4")
    app.annotations.value = "5 Rota changed"
    assert app.status_text == "Chart updated" and app.marks["x"].tolist() == [5]
    assert '<th scope="col">Point</th>' in app.marks_table.value
    app.annotations.value = ""
    assert app.marks is None and app.marks_table.value == ""


# ------------------------------------------------ settings from the data before


def test_a_setting_for_the_data_before_says_so_and_clearing_it_draws_the_new():
    app = ChartStudio()
    app.freeze.value = "31/12/2023"
    before = app.result
    _paste(app, VISITS)  # weeks 1 to 14: no such date
    assert app.status_state == "error"
    assert app.error_text.endswith(
        "It may belong to the data you had before: change it or clear it."
    )
    assert app.result is before  # the chart shown stays until it can be drawn
    assert app.y.value == "Visits"  # but the new data are in use
    assert app.notes_text[0].startswith("Read 14 rows from the pasted data")
    app.freeze.value = ""
    assert app.status_text == "Chart updated" and app.result.ylab == "Visits"


# ------------------------------------------------------ table and downloads


def test_the_data_table_on_request():
    app = ChartStudio()
    app.chart.show_table.value = True
    assert app.status_text == "Data table shown"
    assert "<table" in app.chart.table.value
    app.rules.value = "ihi"
    assert "<table" in app.chart.table.value  # still shown after a redraw
    app.chart.show_table.value = False
    assert app.status_text == "Data table hidden"


def _links(html: str) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    return {name: base64.b64decode(data) for name, data in found}


def test_downloads_are_made_on_request_and_hold_the_chart_and_its_data(draws):
    app = ChartStudio()
    app.annotations.value = "01/01/2024 Falls plan starts"
    assert app.downloads.value == ""
    draws.clear()
    app.prepare.click()
    assert app.status_text == "Downloads ready" and not draws  # not drawn as HTML
    links = _links(app.downloads.value)
    assert set(links) == {
        "run-chart-of-falls.png",
        "run-chart-of-falls.svg",
        "run-chart-of-falls-data.csv",
    }
    assert links["run-chart-of-falls.png"][:4] == b"\x89PNG"
    svg = links["run-chart-of-falls.svg"].decode("utf-8")
    assert svg.startswith("<?xml") and "Falls plan starts" in svg
    table = links["run-chart-of-falls-data.csv"].decode("utf-8-sig").splitlines()
    assert table[0] == "Month,Falls,Centre line,Excluded,Signal"
    assert len(table) == 25
    assert "Download the chart as a picture" in app.downloads.value
    app.rules.value = "ihi"  # a new chart: the old links go
    assert app.downloads.value == ""


# ------------------------------------------------------------ one draw per change


def test_one_drawing_per_change_and_none_for_unrelated_controls(draws):
    app = ChartStudio()
    draws.clear()
    _paste(app, VISITS)
    app.kind.value = "continuous"
    app.freeze.value = "10"
    app.improvement.value = "increase"
    assert len(draws) == 4
    app.source.value = "dataset"
    app.dataset.value = "stillbirths"
    app.chart.show_table.value = True
    assert len(draws) == 4


# --------------------------------------------------------------- never a crash


@given(
    st.text(
        alphabet="0123456789,.;:%£\t\n -/abcJanFeb",
        max_size=120,
    )
)
def test_whatever_is_pasted_the_app_never_breaks(text):
    app = _shared("paste", data="1\n2\n3")
    app.paste.value = text
    app.read_paste()
    assert app.status_state in ("ready", "error")
    if app.status_state == "error":
        assert app.error_text.startswith("`") and "Traceback" not in app.error_text
        assert "did not expect" not in app.error_text, app.error_text


_CELLS = st.sampled_from(
    [
        "",
        "0",
        "3",
        "12",
        "1,204",
        "85%",
        "4.5",
        "-2",
        "n/a",
        "four",
        "A",
        "B",
        "01/02/2024",
        "15/03/2024",
        "2024-04-01",
        "Jan",
        "£5",
    ]
)


@pytest.mark.slow
@given(
    names=st.lists(
        st.sampled_from(["Month", "Ward", "Falls", "Bed days", "Phase", "Target"]),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    cells=st.lists(st.lists(_CELLS, min_size=4, max_size=4), max_size=16),
)
def test_whatever_table_is_pasted_the_app_never_breaks(names, cells):
    """Tables with headings, as Excel gives them: every column role is guessed
    from them (dates, wards, counts, denominators, phases, targets)."""
    app = _shared("table", data="1\n2\n3")
    rows = ["\t".join(row[: len(names)]) for row in cells]
    app.paste.value = "\n".join(["\t".join(names), *rows])
    app.read_paste()
    assert app.status_state in ("ready", "error")
    if app.status_state == "error":
        assert app.error_text.startswith("`"), app.error_text
        assert "did not expect" not in app.error_text, app.error_text


@pytest.mark.slow
@given(
    box=st.sampled_from(["freeze", "part", "exclude", "target", "annotations"]),
    text=st.text(alphabet="0123456789,;/ -\tJanPDSA%.", max_size=30),
)
def test_whatever_is_typed_in_the_settings_the_app_never_breaks(box, text):
    app = _shared("settings")
    app._syncing = True  # empty the boxes without drawing
    for name in ("freeze", "part", "exclude", "target", "annotations"):
        getattr(app, name).value = ""
    app._syncing = False
    getattr(app, box).value = text
    assert app.status_state in ("ready", "error")
    if app.status_state == "error":
        assert app.error_text.startswith("`"), app.error_text
        assert "did not expect" not in app.error_text, app.error_text
