"""The programme dashboard without a browser: the default data set, every choice
and its status, the store's measures, and messages inside panels."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from qikit.apps._programme_dashboard_data import (
    SOURCES,
    dataset_source,
    matrix_table,
    periods,
    store_source,
)
from qikit.apps.programme_dashboard import ProgrammeDashboard
from qikit.improve.measures import Measure
from qikit.improve.project import Project
from qikit.store import open_store
from tests.apps.trainer_board_workshop import COHORT, PROCESS, fill

MEASURE = "Children meeting all milestones (%)"


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    """The dashboard as it opens (one build for the tests that set things back)."""
    path = tmp_path_factory.mktemp("dash") / "store.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QIKIT_STORE", str(path))
        app = ProgrammeDashboard()
        yield app
        app.close()


def test_it_opens_on_the_milestones_with_every_panel(default):
    app = default
    assert (app.status_text, app.status_state) == ("Dashboard updated", "ready")
    assert app.error_text == "" and app.notes_text == []
    assert app.data_choice.value == "milestones_27_30"
    assert app.source.unit == "partnership" and app.measure.value == MEASURE
    assert app.source_text.value == (
        "<p>Children meeting all developmental milestones at 27-30 months, 32 "
        "partnerships: 1 measure, 32 partnerships.</p>"
    )
    assert app.change_control is app.period
    labels = [label for label, _ in app.period.options]
    assert (len(labels), labels[0], labels[-1]) == (
        15,
        "1 October 2016",
        "1 April 2013",
    )
    assert app.aim.value == "85"
    assert "(higher is better)" in app.aim_direction.value
    assert app.matrix_view.findings[0] == (
        "1 measure across 32 partnerships (Making Data Count icons)."
    )
    assert app.matrix_view.alt.startswith("Summary matrix of 1 measure across 32")
    assert list(app.matrix_view.table_frame.columns) == [
        "Measure",
        "Partnership",
        "Points",
        "Latest period",
        "Latest value",
        "Variation",
        "Assurance",
    ]
    assert app.funnel_view.findings[0].startswith(
        "32 partnerships compared with the pooled proportion of"
    )
    assert app.aim_view.findings[0].startswith("9 of 32 partnerships reached the aim")
    assert "32 partnerships compared on P charts (Making Data Count rules)." in (
        app.units_text.value
    )
    assert not app.units_view.has_chart  # drawn on request: it takes seconds
    assert (
        app.scores_view.findings[0]
        == "16 teams assessed from 1 January 2022 to 1 June 2023."
    )
    assert app.scale_text.value.count("<tr><td>") == 10


def test_the_period_redraws_the_funnel_only(default):
    app = default
    matrix = app.matrix_view.picture.value
    first = app.period.options[-1][1]
    app.period.value = first
    assert app.status_text == "Funnel plot updated"
    assert "for 1 April 2013" in app.funnel_view.alt
    assert app.matrix_view.picture.value is matrix
    app.period.value = app.period.options[0][1]
    assert "for 1 October 2016" in app.funnel_view.alt


def test_the_aim_box(default):
    app = default
    app.aim.value = "90"
    assert app.status_text == "Aim updated"
    assert app.aim_view.findings[0].startswith(
        "2 of 32 partnerships reached the aim of 90"
    )
    before = app.aim_view.findings
    app.aim.value = "ninety"
    assert app.status_state == "error"
    assert app.error_text == (
        "`aim`: is not a number (got 'ninety'). Type the aim's value on the chart's "
        "scale, such as 85 for 85%."
    )
    assert app.aim_view.findings == before and app.aim_view.has_chart  # kept
    app.aim.value = ""
    assert app.status_text == "Aim updated" and not app.aim_view.has_chart
    assert app.aim_text.value == (
        '<p class="qikit-panel-message"><strong>Not shown:</strong> type the '
        "aim&#x27;s target value to see which units reached it.</p>"
    )
    app.aim.value = "85%"
    assert app.aim_view.findings[0].startswith("9 of 32")


def test_the_order_of_the_units(default):
    app = default
    app.order.value = "latest"
    assert app.status_text == "Units reordered"
    assert app._units.frame["latest"].is_monotonic_decreasing
    app.order.value = "unit"
    assert app._units.frame["unit"].iloc[0] == "Aberdeen City"
    app.order.value = "signal"


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("distribution", "the collaborative's median and quartiles month by month"),
        ("gaps", "the teams whose self and faculty scores differ most"),
    ],
)
def test_the_assessment_views(default, kind, words):
    default.kind.value = kind
    assert default.status_text == "Assessment chart updated"
    assert (
        default.scores_view.alt == f"Assessment scores: {words}; the findings follow."
    )
    assert default.scores_view.table_frame is not None


@pytest.mark.slow
def test_small_multiples_are_drawn_on_request_and_cleared_when_reordered(store_path):
    app = ProgrammeDashboard("restraint")
    assert app.source.unit == "ward" and not app.units_view.has_chart
    app.draw_units.click()
    assert app.status_text == "Small multiples drawn"
    assert app.units_view.alt == (
        "Small multiples: one chart for each of 4 wards, ordered by signal (concerns "
        "first); the findings are above the button."
    )
    assert (
        app.units_view.table_frame["unit"].tolist() == app._units.frame["unit"].tolist()
    )
    app.order.value = "unit"
    assert not app.units_view.has_chart  # the drawing was in another order
    app.close()


def test_a_measure_with_no_denominator_explains_the_missing_funnel(store_path):
    app = ProgrammeDashboard("hospital_at_home")
    assert app.status_text == "Dashboard updated" and app.error_text == ""
    assert app.funnel_text.value == (
        '<p class="qikit-panel-message"><strong>Not shown:</strong> a funnel plot '
        "compares shares or rates, and Occupied beds has no denominator. Choose a "
        "measure counted out of a total.</p>"
    )
    assert not app.funnel_view.has_chart and app.matrix_view.has_chart
    app.aim.value = "10"
    assert app.status_text == "Aim updated"
    assert re.match(
        r"\d+ of 22 partnerships reached the aim of 10 or more",
        app.aim_view.findings[0],
    )
    app.close()


@pytest.mark.slow
def test_every_data_set_opens(store_path):
    app = ProgrammeDashboard()
    for key in SOURCES:
        app.data_choice.value = key
        assert app.status_text == "Dashboard updated", key
        assert app.error_text == "" and app.matrix_view.has_chart
    app.close()


# -------------------------------------------------------------------- the store


def test_an_empty_store_says_so(store_path):
    app = ProgrammeDashboard("store")
    assert (app.status_text, app.status_state) == ("No measures to show", "ready")
    assert app.source_text.value == "<p>The cohort store has no cohorts yet.</p>"
    assert app.cohort.options == (("(no cohorts yet)", ""),)
    assert not app.matrix_view.has_chart
    app.draw_units.click()
    assert app.error_text == (
        "`measure`: there are no units to draw (got 'no measure'). Choose data with a "
        "measure first."
    )
    app.close()


@pytest.mark.slow
def test_the_stores_measures_with_their_projects_settings(store_path):
    with open_store(store_path) as store:
        fill(store, teams=("Ward 3", "Ward 6", "Ward 9"), process=True)
    app = ProgrammeDashboard()
    app.data_choice.value = "store"
    assert app.status_text == "Dashboard updated" and app.error_text == ""
    assert app.cohort.value == COHORT and app.cohort.layout.display is None
    assert [v for _, v in app.measure.options] == ["Falls", PROCESS]
    assert (
        app.matrix_view.findings[0]
        == "2 measures across 3 teams (Making Data Count icons)."
    )
    assert "Falls has no denominator" in app.funnel_text.value
    app.measure.value = PROCESS
    assert app.status_text == "Dashboard updated"
    assert app.aim.value == "90"  # the project's target
    assert app.funnel_view.findings[0].startswith("3 teams compared with the pooled")
    assert app.aim_view.findings[0].startswith("3 of 3 teams reached the aim of 90")
    app.data_choice.value = "milestones_27_30"
    assert app.cohort.layout.display == "none"
    app.close()


def test_data_the_charts_refuse_is_a_message_in_the_panel(store_path):
    with open_store(store_path) as store:
        share = Measure(
            "Seen on time",
            kind="process",
            improvement="increase",
            chart_type="p",
            multiply=100,
        )
        for team in ("A", "B"):
            store.save_project(Project("Timely", measures=[share]), "Workshop", team)
            mid = store.measure_id("Workshop", team, "Timely", "Seen on time")
            store.append_points(
                [(dt.date(2026, 1, i + 1), 30 if i == 7 else 5, 20) for i in range(8)],
                mid,
            )
    app = ProgrammeDashboard("store")
    assert app.status_text == "Dashboard updated" and app.error_text == ""
    assert app.source.spec("Seen on time").chart == "p"  # as the project says
    assert app.matrix_text.value == (
        '<p class="qikit-panel-message"><strong>Not shown:</strong> Measure '
        "&#x27;Seen on time&#x27;: <code>y</code>: 2 numerators are larger than the "
        "denominator (rows 8, 16, e.g. y=30, n=20). In a P chart each case counted "
        "in y must also be in n: check that y and n are not swapped, or correct "
        "those entries.</p>"
    )
    assert not app.matrix_view.has_chart
    assert (
        "Not shown:" in app.funnel_text.value and "Not shown:" in app.units_text.value
    )
    app.close()


# -------------------------------------------------------------- the pure parts


def test_every_source_loads_with_the_columns_the_panels_read():
    for key in SOURCES:
        source = dataset_source(key)
        assert {source.unit, "measure", "x", "y", "n"} <= set(source.data.columns)
        spec = source.measures[0]
        assert spec.has_n == source.data["n"].notna().all()
        assert (spec.funnel is None) == (not spec.has_n)


def test_store_source_reads_each_measure_kindly():
    points = pd.DataFrame(
        {
            "team": ["A", "A", "B", "B", "A", "B"],
            "measure": ["Share", "Share", "Share", "Share", "Calls", "Calls"],
            "x": [1, 2, 1, 2, 1, 1],
            "y": [3, 4, 5, 6, 40, 50],
            "n": [10, 10, 10, 10, None, None],
        }
    )
    source, notes = store_source(points, {}, "Workshop")
    share, calls = source.measures
    assert (share.chart, share.multiply, share.funnel) == ("p", 100.0, "proportion")
    assert (calls.chart, calls.funnel, calls.improvement) == ("i", None, None)
    assert notes == [
        "Share: no project describes this measure, so it is charted as an I chart "
        "with no direction.",
        "Calls: no project describes this measure, so it is charted as an I chart "
        "with no direction.",
    ]
    assert periods(source.rows("Share")) == [2, 1]


def test_the_matrix_table_is_readable():
    frame = pd.DataFrame(
        {
            "measure": ["Falls"],
            "unit": ["Ward 1"],
            "points": [12],
            "latest_x": [3],
            "latest": [4.0],
            "variation_words": ["Common cause"],
            "assurance_words": [""],
        }
    )
    assert matrix_table(frame, "ward").columns[1] == "Ward"
