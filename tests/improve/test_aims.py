"""Tests for qikit.improve.aims: the Aim object and its SMART check."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from qikit.errors import InputError
from qikit.improve import Aim, example_aim
from qikit.improve.aims import SMART_ELEMENTS

GOOD = dict(
    what="reduce falls with harm",
    who="residents of Rowan unit",
    baseline=6,
    goal=3,
    unit="falls per 1,000 bed days",
    by="2025-06-30",
    why="Falls with harm take away residents' independence.",
)


def codes(aim: Aim, **kw) -> list[str]:
    return [f.code for f in aim.smart_check(**kw)]


# ---------------------------------------------------------------- construction


def test_good_aim_has_no_findings_and_implies_decrease():
    aim = Aim(**GOOD)
    assert aim.smart_check() == []
    assert aim.validate() == []
    assert aim.improvement == "decrease"
    assert aim.by == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016", dt.date(2016, 12, 31)),
        (2016, dt.date(2016, 12, 31)),
        ("2016-02", dt.date(2016, 2, 29)),
        ("2016-03-15", dt.date(2016, 3, 15)),
        ("2016-03-15T10:00:00", dt.date(2016, 3, 15)),
        (dt.datetime(2016, 3, 15, 9), dt.date(2016, 3, 15)),
        (pd.Timestamp("2016-03-15"), dt.date(2016, 3, 15)),
        ("", None),
        (None, None),
    ],
)
def test_by_accepts_dates_years_and_months(value, expected):
    assert Aim(by=value).by == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"what": 5}, "`what`: must be text (got 5). Type the words in quotes."),
        ({"goal": "85%"}, "`goal`: must be a number (got '85%'). Give a number"),
        ({"baseline": float("nan")}, "`baseline`: must be a finite number (got nan)."),
        ({"baseline": 10**400}, "`baseline`: is too large"),
        (
            {"by": "next year"},
            "`by`: is not a date (got 'next year'). Write the date as day/month/year",
        ),
        ({"by": 3.5}, "`by`: is not a date (got 3.5)."),
        ({"relative_change": -150}, "`relative_change`: a reduction of more than 100%"),
        (
            {"measure": "has spaces"},
            "`measure`: is not a usable id (got 'has spaces').",
        ),
        ({"id": "?"}, "`id`: is not a usable id"),
        ({"unit": "x" * 81}, "`unit`: is longer than 80 characters"),
        ({"goal": True}, "`goal`: must be a number (got True)."),
    ],
)
def test_unusable_values_raise_input_error(kwargs, message):
    with pytest.raises(InputError) as err:
        Aim(**kwargs)
    assert str(err.value).startswith(message)


def test_validate_reports_a_type_problem_set_after_construction():
    aim = Aim(**GOOD)
    aim.goal = "lots"
    assert aim.validate() == [
        "`goal`: must be a number (got 'lots'). Give a number such as 85 or 2.5."
    ]


# ---------------------------------------------------------------- SMART check


def test_each_missing_element_gives_one_sentence():
    findings = Aim().smart_check()
    assert [f.code for f in findings] == [
        "smart.specific.what_missing",
        "smart.specific.who_missing",
        "smart.measurable.amount_missing",
        "smart.relevant.why_missing",
        "smart.time.missing",
    ]
    assert [str(f) for f in findings] == [
        "Say what you will change: name the outcome, e.g. ‘the percentage of "
        "residents who fall’.",
        "Say for whom and where: which residents, patients, pupils or families, in "
        "which service?",
        "Say how much: give the baseline and the goal, e.g. ‘from 60% to 85%’.",
        "Say why this matters to the people who use the service, so the team and its "
        "sponsors stay committed.",
        "Add a date: by when?",
    ]
    assert all(f.subject in SMART_ELEMENTS for f in findings)


def test_vague_verb_without_amount_is_flagged_with_the_phrase():
    aim = Aim(what="Improve care for people with dementia", who="x", why="y", by="2025")
    assert [str(f) for f in aim.smart_check()] == [
        "‘Improve care’ cannot be measured: name the measure and say how much it "
        "should change."
    ]


@pytest.mark.parametrize(
    ("what", "phrase"),
    [
        ("enhance the quality of life", "Enhance the quality"),
        ("support residents to stay well", "Support residents"),
        ("improve.", "Improve"),
        ("we will work towards better outcomes", "work towards better outcomes"),
    ],
)
def test_vague_phrase_is_quoted(what, phrase):
    (finding,) = [
        f for f in Aim(what=what).smart_check() if f.code == "smart.measurable.vague"
    ]
    assert str(finding).startswith(
        f"‘{phrase[0].upper() + phrase[1:]}’ cannot be measured"
    )


def test_vague_verb_with_an_amount_is_accepted():
    aim = Aim(**{**GOOD, "what": "improve the falls rate"})
    assert "smart.measurable.vague" not in codes(aim)


def test_goal_equal_to_baseline_is_not_a_change():
    aim = Aim(**{**GOOD, "baseline": 85, "goal": 85, "unit": "%"})
    assert [str(f) for f in aim.smart_check()] == [
        "The goal (85%) equals the baseline: an aim must describe a change from where "
        "you are now."
    ]
    assert aim.improvement is None


def test_zero_relative_change_is_not_a_change():
    aim = Aim(**{**GOOD, "baseline": None, "goal": None, "relative_change": 0})
    assert "A change of 0% is no change: an aim must describe a change" in " ".join(
        aim.smart_check()
    )


def test_baseline_missing_with_goal():
    aim = Aim(
        **{**GOOD, "baseline": None, "goal": 85, "unit": "%", "what": "increase x"}
    )
    assert [str(f) for f in aim.smart_check()] == [
        "Add the baseline: where are you starting from? Without it nobody can tell how "
        "big a change 85% would be."
    ]


def test_baseline_missing_with_relative_change():
    aim = Aim(**{**GOOD, "baseline": None, "goal": None, "relative_change": -15})
    assert [str(f) for f in aim.smart_check()] == [
        "Add the baseline: a 15% reduction from what level?"
    ]
    rise = Aim(
        **{
            **GOOD,
            "what": "increase visits",
            "baseline": None,
            "goal": None,
            "relative_change": 20,
        }
    )
    assert str(rise.smart_check()[0]) == "Add the baseline: a 20% rise from what level?"


def test_goal_missing():
    aim = Aim(**{**GOOD, "goal": None})
    assert [str(f) for f in aim.smart_check()] == [
        "Add the goal: how far from the baseline of 6 falls per 1,000 bed days do you "
        "aim to go?"
    ]


def test_unit_missing():
    aim = Aim(**{**GOOD, "unit": ""})
    assert [str(f) for f in aim.smart_check()] == [
        "Give the unit of the baseline and goal, e.g. ‘%’, ‘days’ or ‘falls per 1,000 "
        "bed days’."
    ]


def test_impossible_percentages():
    aim = Aim(
        **{**GOOD, "what": "increase x", "baseline": 90, "goal": 120, "unit": "%"}
    )
    assert [str(f) for f in aim.smart_check()] == [
        "A goal of 120% is impossible for a percentage: it must lie between 0% and "
        "100%."
    ]
    low = Aim(
        **{**GOOD, "baseline": -5, "goal": 3, "unit": "percent", "what": "raise x"}
    )
    assert "A baseline of -5% is impossible" in str(low.smart_check()[0])


def test_inconsistent_relative_change():
    aim = Aim(
        **{**GOOD, "baseline": 100, "goal": 70, "relative_change": -15, "unit": "%"}
    )
    assert [str(f) for f in aim.smart_check()] == [
        "The goal (70%) does not match a -15% change from the baseline (85%): correct "
        "one of them."
    ]
    consistent = Aim(**{**GOOD, "baseline": 100, "goal": 85, "relative_change": -15})
    assert consistent.smart_check() == []


def test_wording_that_contradicts_the_goal():
    aim = Aim(
        **{**GOOD, "what": "reduce the number of visits", "baseline": 3, "goal": 5}
    )
    assert [str(f) for f in aim.smart_check()] == [
        "The wording says ‘reduce’ but the goal is above the starting point: check "
        "which way is better."
    ]
    up = Aim(**{**GOOD, "what": "increase weekend discharges"})
    assert str(up.smart_check()[0]) == (
        "The wording says ‘increase’ but the goal is below the starting point: check "
        "which way is better."
    )


def test_dates_checked_against_today_only_when_given():
    aim = Aim(**{**GOOD, "by": "2016"})
    assert aim.smart_check() == []
    assert [str(f) for f in aim.smart_check(today=dt.date(2024, 1, 1))] == [
        "The date 31 December 2016 has already passed: set a new date."
    ]
    far = Aim(**{**GOOD, "by": "2030-01-01"})
    assert [str(f) for f in far.smart_check(today="2024-01-01")] == [
        "1 January 2030 is more than three years away: add an interim aim for the next "
        "6 to 12 months so the team sees progress."
    ]


def test_today_must_be_a_date():
    with pytest.raises(InputError, match=r"^`today`: is not a date"):
        Aim(**GOOD).smart_check(today="soon")


def test_smart_summary_statuses():
    table = Aim(what="Improve care").smart_summary()
    assert list(table.columns) == ["element", "name", "status", "feedback"]
    assert table["status"].tolist() == ["weak", "missing", "ok", "missing", "missing"]
    assert table.loc[2, "feedback"] == ""
    assert Aim(**GOOD).smart_summary()["status"].eq("ok").all()


# ---------------------------------------------------------------- direction, text


@pytest.mark.parametrize(
    ("kwargs", "direction"),
    [
        ({"baseline": 1, "goal": 2}, "increase"),
        ({"baseline": 2, "goal": 1}, "decrease"),
        ({"relative_change": 10}, "increase"),
        ({"relative_change": -10}, "decrease"),
        ({"what": "reduce delays"}, "decrease"),
        ({"what": "increase uptake"}, "increase"),
        ({"what": "reduce delays and increase uptake"}, None),
        ({"what": "care"}, None),
    ],
)
def test_improvement_direction(kwargs, direction):
    assert Aim(**kwargs).improvement == direction


def test_implied_goal():
    assert Aim(baseline=40, relative_change=-15).implied_goal == pytest.approx(34)
    assert Aim(goal=3).implied_goal == 3
    assert Aim().implied_goal is None


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            GOOD,
            "Reduce falls with harm for residents of Rowan unit from 6 to 3 falls per "
            "1,000 bed days by 30 June 2025.",
        ),
        (
            {"what": "increase uptake", "goal": 85, "unit": "%"},
            "Increase uptake to 85%.",
        ),
        (
            {
                "what": "cut waits",
                "relative_change": -20,
                "baseline": 30,
                "unit": "days",
                "by": "2025",
            },
            "Cut waits by 20% from 30 days by 31 December 2025.",
        ),
        (
            {"what": "raise x", "baseline": 60, "goal": 85, "unit": "%"},
            "Raise x from 60% to 85%.",
        ),
        ({}, "(say what will change)."),
        ({"statement": "As written."}, "As written."),
    ],
)
def test_text(kwargs, text):
    assert Aim(**kwargs).text() == text
    assert str(Aim(**kwargs)) == text


# ---------------------------------------------------------------- tables and dicts


def test_to_frame_has_one_row_with_derived_columns():
    frame = Aim(**GOOD).to_frame()
    assert len(frame) == 1
    assert frame.loc[0, "improvement"] == "decrease"
    assert frame.loc[0, "by"] == pd.Timestamp("2025-06-30")
    assert frame.loc[0, "text"].startswith("Reduce falls")


def test_round_trip_through_json():
    aim = Aim(**GOOD, relative_change=-50, measure="falls", notes="n", statement="s")
    again = Aim.from_dict(json.loads(json.dumps(aim.to_dict())))
    assert again == aim
    assert again.to_dict() == aim.to_dict()


@pytest.mark.parametrize(
    ("d", "message"),
    [
        (
            [1],
            "`d`: an Aim must be a dictionary (got [1]). Pass the dictionary",
        ),
        ({"colour": "red"}, "`colour`: is not a field of an Aim (got 'colour')."),
        ({"goal": "x"}, "`goal`: must be a number (got 'x')."),
    ],
)
def test_from_dict_errors(d, message):
    with pytest.raises(InputError) as err:
        Aim.from_dict(d)
    assert str(err.value).startswith(message)


def test_examples_are_fresh_objects():
    a, b = example_aim(), example_aim()
    a.goal = 1
    assert b.goal == 85


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/03/2026", dt.date(2026, 3, 31)),
        ("07/04/2025", dt.date(2025, 4, 7)),  # 7 April: day first, as in the UK
        ("Jan 2024", dt.date(2024, 1, 31)),  # a month means the end of that month
        ("March 2026", dt.date(2026, 3, 31)),
        ("Feb-24", dt.date(2024, 2, 29)),
    ],
)
def test_by_reads_uk_dates_day_first(value, expected):
    assert Aim(what="x", by=value).by == expected


def test_by_refuses_a_month_first_date():
    with pytest.raises(InputError) as err:
        Aim(what="x", by="03/25/2026")
    assert str(err.value).startswith(
        "`by`: is not a real date (got '03/25/2026': '03/25/2026' would be month 25"
    )


def test_from_dict_names_the_path_when_nested():
    with pytest.raises(InputError) as err:
        Aim.from_dict({"what": "x", "by": "soon"}, "project.aim")
    assert str(err.value).startswith("`project.aim.by`: is not a date (got 'soon').")
