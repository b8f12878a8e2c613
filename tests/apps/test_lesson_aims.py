"""The aim builder and the aim tables of the module on the Model for Improvement."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.apps.lesson_aims import (
    AIM_COLUMNS,
    AimBuilder,
    aims_frame,
    aims_table,
    change_text,
    smart_table,
)
from qikit.errors import InputError
from qikit.improve import Aim, example_aim

TODAY = dt.date(2026, 12, 1)
EYC = ("stillbirths", "eyc_27_30_months", "eyc_school_start", "eyc_primary_4")


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# --------------------------------------------------------------------- change_text


@pytest.mark.parametrize(
    ("aim", "expected"),
    [
        (
            Aim(baseline=75.6, goal=85, unit="%"),
            "From 75.6% to 85%: a rise of 9.4 percentage points (12% of the baseline).",
        ),
        (
            Aim(baseline=86, goal=85, unit="%"),
            "From 86% to 85%: a fall of 1 percentage point (1% of the baseline).",
        ),
        (
            Aim(baseline=5.22, relative_change=-15, unit="per 1,000 births"),
            "From 5.22 to 4.44 per 1,000 births: a fall of 0.783 per 1,000 births "
            "(15% of the baseline).",
        ),
        (
            Aim(baseline=0, goal=4, unit="visits"),
            "From 0 to 4 visits: a rise of 4 visits.",
        ),
        (Aim(baseline=3, goal=3, unit="falls"), "From 3 falls to the same: no change."),
        (
            Aim(goal=85, unit="%"),
            "Add a baseline and a goal to see how big a change the aim asks for.",
        ),
        (
            Aim(baseline=85, unit="%"),
            "Add a baseline and a goal to see how big a change the aim asks for.",
        ),
    ],
)
def test_change_text_says_how_big_a_change(aim, expected):
    assert change_text(aim) == expected


# ----------------------------------------------------------------- tables of aims


def test_smart_table_shows_the_aim_its_size_and_each_element():
    aim = example_aim("eyc_27_30_months")
    shown = words(smart_table(aim, caption="The 27-30 month aim").data)
    assert shown.startswith(f"The aim reads: {aim.text()}")
    assert "4 of the 5 SMART elements are done." in shown
    assert "M Measurable Needs work Add the baseline" in shown
    assert (
        "<caption>The 27-30 month aim</caption>"
        in smart_table(aim, caption="The 27-30 month aim").data
    )
    aim.baseline = 75.6
    shown = words(smart_table(aim, caption="With a baseline").data)
    assert "This aim meets all five SMART elements." in shown
    assert "a rise of 9.4 percentage points" in shown


def test_smart_table_checks_the_date_only_against_a_given_today():
    aim = example_aim("pressure_ulcers")
    assert "all five SMART elements" in words(smart_table(aim, caption="c").data)
    late = words(smart_table(aim, caption="c", today=TODAY).data)
    assert "The date 31 March 2025 has already passed: set a new date." in late


def test_aims_frame_sets_the_aims_side_by_side():
    frame = aims_frame([example_aim(name) for name in EYC])
    assert tuple(frame.columns) == AIM_COLUMNS
    assert frame["Baseline"].tolist() == ["not stated"] * 4
    assert frame["Goal"].tolist() == ["15% fall", "85%", "90%", "90%"]
    assert frame["By"].tolist() == [
        "31 December 2015",
        "31 December 2016",
        "31 December 2017",
        "31 December 2021",
    ]
    assert frame["SMART elements met"].tolist() == ["4 of 5"] * 4
    single = aims_frame(Aim(what="increase visits", baseline=2, goal=4, unit="visits"))
    assert single.iloc[0].tolist()[1:4] == ["2 visits", "4 visits", "not stated"]
    assert aims_frame([Aim(what="Improve care")])["Goal"].tolist() == ["not stated"]


def test_aims_table_is_accessible():
    html = aims_table([example_aim("vague")], caption="A weak aim").data
    assert "<caption>A weak aim</caption>" in html
    assert html.count('<th scope="col">') == len(AIM_COLUMNS)
    assert "<td>1 of 5</td>" in html


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: change_text("reduce falls"),
            "`aim`: is not an aim (got 'str'). Pass a qikit.improve.Aim, e.g. "
            "example_aim('eyc_27_30_months').",
        ),
        (
            lambda: aims_frame([]),
            "`aims`: is empty (got []). Pass one or more aims, e.g. "
            "[example_aim('eyc_27_30_months')].",
        ),
        (lambda: aims_frame([Aim(), 1]), "`aims[1]`: is not an aim (got 'int')."),
        (lambda: smart_table(Aim(), caption=" "), "`caption`: is empty"),
        (lambda: aims_table([Aim()], caption=""), "`caption`: is empty"),
        (
            lambda: smart_table(Aim(), caption="c", today="soon"),
            "`today`: is not a date (got 'soon').",
        ),
    ],
)
def test_table_errors_say_what_to_do(call, message):
    with pytest.raises(InputError) as caught:
        call()
    assert str(caught.value).startswith(message)


# ---------------------------------------------------------------------- the app


def test_an_empty_builder_is_ready_and_says_where_to_start(app_log):
    app = AimBuilder(today=TODAY)
    assert (app.status_text, app.status_state) == ("Aim checked", "ready")
    assert app.aim is None
    assert "No aim yet: start with what will change" in words(app.report.value)
    assert app.change_control is app.goal
    assert not app_log.text


def test_typing_the_parts_builds_the_aim_and_its_check():
    app = AimBuilder(today=TODAY)
    app.what.value = "increase the percentage of referrals seen within 10 days"
    assert app.status_text == "Aim checked"
    assert "Say how much" in words(app.report.value)
    app.who.value = "people referred to the Ward 6 community team"
    app.baseline.value = "87"
    app.goal.value = "95%"
    app.unit.value = "%"
    app.by.value = "31/03/2027"
    app.why.value = "People wait less for care at home."
    assert app.aim.goal == 95 and app.aim.by == dt.date(2027, 3, 31)
    shown = words(app.report.value)
    assert "This aim meets all five SMART elements." in shown
    assert "From 87% to 95%: a rise of 8 percentage points (9% of the baseline)." in (
        shown
    )
    before = app.status_seq
    app.check.click()
    assert app.status_text == "Aim checked" and app.status_seq > before


def test_the_date_is_checked_against_today():
    app = AimBuilder(today=TODAY)
    app.what.value = "reduce falls"
    app.by.value = "31/03/2020"
    assert "The date 31 March 2020 has already passed" in words(app.report.value)
    app.by.value = "31/03/2035"
    assert "more than three years away" in words(app.report.value)


def test_a_bad_number_is_a_message_and_keeps_the_aim_and_the_boxes(app_log):
    app = AimBuilder(example="eyc_27_30_months", today=TODAY)
    before, report = app.aim, app.report.value
    app.goal.value = "sixty"
    assert app.status_state == "error"
    assert app.error_text == (
        "`goal`: must be a number (got 'sixty'). Type a number such as 85 or 1.2, "
        "or leave the box empty."
    )
    assert app.aim is before and app.report.value == report
    assert app.goal.value == "sixty" and app.what.value == before.what
    app.relative_change.value = "-150"
    assert app.error_text.startswith("`goal`: must be a number")  # still the first
    app.goal.value = "85"
    assert app.error_text.startswith("`relative_change`: a reduction of more than 100%")
    app.relative_change.value = ""
    assert app.status_state == "ready" and app.aim.goal == 85
    assert "did not expect" not in app.error_text
    assert not [r for r in app_log.records if r.levelname != "INFO"]


def test_starting_from_an_example_fills_the_boxes():
    app = AimBuilder(example="stillbirths", today=TODAY)
    assert app.status_text == "Example copied"
    assert app.relative_change.value == "-15" and app.goal.value == ""
    assert app.by.value == "31/12/2015" and app.unit.value == "per 1,000 births"
    assert app.aim.statement == "" and app.aim.relative_change == -15
    app.baseline.value = "5.22"
    assert "From 5.22 to 4.44 per 1,000 births" in words(app.report.value)


def test_copying_an_example_replaces_what_was_typed():
    app = AimBuilder(today=TODAY)
    app.what.value = "reduce falls"
    app.examples.value = "vague"
    assert app.status_text == "Aim checked"  # choosing alone changes nothing
    assert app.what.value == "reduce falls"
    app.use_example.click()
    assert app.status_text == "Example copied"
    assert app.what.value == "Improve care for people living with dementia"
    assert app.who.value == "" and app.aim.what == app.what.value
    assert "‘Improve care’ cannot be measured" in words(app.report.value)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"example": "vauge"},
            "`example`: is not one of the choices (got 'vauge'). Did you mean 'vague'?",
        ),
        ({"today": "soon"}, "`today`: is not a date (got 'soon')."),
    ],
)
def test_builder_arguments_are_checked(options, message):
    with pytest.raises(InputError) as caught:
        AimBuilder(**options)
    assert str(caught.value).startswith(message)


@pytest.fixture(scope="module")
def shared_builder():
    return AimBuilder(today=TODAY)


@given(
    field=st.sampled_from(
        ["what", "who", "baseline", "goal", "relative_change", "unit", "by", "why"]
    ),
    value=st.text(max_size=30)
    | st.sampled_from(["-150", "1e400", "nan", "110%", "31/02/2027", "0", "-0"]),
)
def test_no_typing_reaches_an_unexpected_error(shared_builder, field, value):
    app = shared_builder
    getattr(app, field).value = value
    assert "did not expect" not in app.error_text
    assert app.status_state in ("ready", "error")
    getattr(app, field).value = ""
