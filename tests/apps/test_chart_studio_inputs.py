"""The chart studio's pure parts: column guesses, the chooser's questions, and the
text boxes for baseline, phases, excluded points, target and annotations."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from qikit.apps import read_pasted
from qikit.apps._chart_studio_inputs import (
    MAX_ANNOTATIONS,
    WIZARD_DEFAULTS,
    ColumnGuess,
    answers_for_chart,
    asked,
    dataset_table,
    datasets,
    facet_choices,
    guess_columns,
    point_count,
    read_annotations,
    read_freeze,
    read_phases,
    read_points,
    read_target,
    subgroup_size,
    wizard_answers,
)
from qikit.charts.vocabulary import CHARTS
from qikit.errors import InputError

# ------------------------------------------------------------------ guesses


def _guess(text: str, unit: str | None = None) -> ColumnGuess:
    return guess_columns(read_pasted(text), unit)


def test_a_single_column_is_the_measure_by_point_number():
    assert _guess("12\n15\n11\n14") == ColumnGuess(y="Column 1")


def test_dates_are_x_and_the_first_count_is_y():
    guess = _guess("Month \tFalls\n01/01/2024\t4\n01/02/2024\t6\n01/03/2024\t5")
    assert (guess.x, guess.y, guess.n, guess.multiply) == ("Month", "Falls", None, 1)


def test_a_rising_week_number_is_x_not_the_measure():
    guess = _guess("Week\tVisits\n1\t12\n2\t15\n3\t11\n4\t14")
    assert (guess.x, guess.y) == ("Week", "Visits")


def test_numbers_that_rise_by_chance_are_not_x():
    guess = _guess("Visits\tCalls\n12\t3\n15\t25\n19\t4")
    assert (guess.x, guess.y, guess.n) == (None, "Visits", None)


def test_a_column_never_smaller_than_another_is_taken_as_its_denominator():
    guess = _guess("Visits\tCalls\n12\t3\n15\t5\n19\t4")
    assert (guess.x, guess.y, guess.n, guess.multiply) == (None, "Calls", "Visits", 100)


def test_a_denominator_is_found_with_a_percentage_for_proportions():
    text = "Month\tAdmissions\tReadmissions\n" + "\n".join(
        f"01/{m:02d}/2024\t{200 + m}\t{20 + m % 3}" for m in range(1, 13)
    )
    guess = _guess(text)
    assert (guess.y, guess.n, guess.multiply) == ("Readmissions", "Admissions", 100)


def test_a_rate_of_rarer_events_is_per_1000():
    text = "Month\tFalls\tBed days\n" + "\n".join(
        f"01/{m:02d}/2024\t{4 + m % 3}\t{800 + m}" for m in range(1, 13)
    )
    guess = _guess(text)
    assert (guess.y, guess.n, guess.multiply) == ("Falls", "Bed days", 1000)


def test_labels_as_x_and_a_ward_column_as_facets():
    rows = [f"{m}\t{w}\t{i}" for m in ("Jan", "Feb", "Mar") for i, w in enumerate("AB")]
    guess = _guess("Month\tWard\tFalls\n" + "\n".join(rows))
    assert (guess.x, guess.facets, guess.y) == ("Month", "Ward", "Falls")


def test_a_column_with_a_value_in_every_row_is_not_facets():
    guess = _guess("Day\tNurse\tMinutes\n01/01/2024\tAl\t5\n01/01/2024\tBo\t7")
    assert (guess.x, guess.facets) == ("Day", None)
    assert facet_choices(read_pasted("Day\tNurse\tMinutes\n1\tAl\t5\n1\tBo\t7")) == []


def test_repeated_x_without_a_splitting_column_means_no_facets():
    guess = _guess("Day\tMinutes\n01/01/2024\t5\n01/01/2024\t7\n02/01/2024\t6")
    assert (guess.x, guess.facets) == ("Day", None)


def test_a_phase_column_and_a_target_column_are_found():
    text = "Month\tPhase\tSeen\tTarget\n" + "\n".join(
        f"01/{m:02d}/2024\t{'before' if m < 7 else 'after'}\t{80 + m}\t90"
        for m in range(1, 13)
    )
    guess = _guess(text)
    assert (guess.x, guess.part, guess.target, guess.y) == (
        "Month",
        "Phase",
        "Target",
        "Seen",
    )


def test_the_guess_says_what_it_chose():
    guess = ColumnGuess(x="week", y="falls", n="bed_days", facets="ward")
    assert guess.sentence() == (
        "qikit chose the columns: 'week' for x (time), 'falls' for y (the measure), "
        "'bed_days' for n (the denominator) and 'ward' for small multiples. Change "
        "them under Columns if they are not right."
    )
    assert ColumnGuess().sentence() == ""


EXPECTED = {
    "stillbirths": ("month", "stillbirths", "births", None, 1000),
    "milestones_27_30": ("quarter", "all_milestones", "reviews", "cpp", 100),
    "pressure_ulcers_monthly": ("month", "ulcers", "occupied_bed_days", "home", 1000),
    "gp_correspondence": ("week", "gp_hours", None, None, 1),
    "restraint": ("week", "episodes", "occupied_bed_days", "ward", 1000),
    "waiting_list": ("week", "waiting", None, None, 1),
    "ward_falls": ("month", "falls", "occupied_bed_days", None, 1000),
    "ed_four_hours": ("week_ending", "within_4h", "attendances", None, 100),
    "rag_ratings": ("month", "seen_in_time", "referrals", None, 100),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_data_sets_get_the_columns_their_story_is_about(name):
    data, about = dataset_table(name)
    guess = guess_columns(data, about["unit"])
    assert (guess.x, guess.y, guess.n, guess.facets, guess.multiply) == EXPECTED[name]


def test_every_offered_data_set_has_a_measure_and_a_story():
    sets = datasets()
    assert "sustainability_ratings" not in set(sets["name"])  # bar charts only
    for name, story in zip(sets["name"], sets["story"], strict=True):
        data, about = dataset_table(name)
        assert guess_columns(data, about["unit"]).y in data.number_columns, name
        assert story.strip() and about["story"] == story


def test_the_phase_columns_of_data_sets_are_found():
    data, about = dataset_table("gp_correspondence")
    assert guess_columns(data, about["unit"]).part == "phase"
    data, about = dataset_table("rag_ratings")
    assert guess_columns(data, about["unit"]).target == "target"


def test_a_data_set_that_does_not_exist_is_a_message():
    with pytest.raises(InputError) as error:
        dataset_table("stilbirths")
    assert str(error.value) == (
        "`dataset`: is not one of qikit's data sets (got 'stilbirths'). Choose one "
        "from the list."
    )


def test_data_set_columns_are_typed_like_pasted_ones():
    data, _ = dataset_table("pressure_ulcers_events")
    assert data.date_columns == ("date",)
    assert data.frame["days_since_previous"].dtype == "float64"  # was nullable Int64
    assert "home" in data.text_columns and data.notes == ()


def test_facet_choices_are_columns_with_few_values():
    data = read_pasted("Ward\tDay\tFalls\nA\t1\t3\nB\t2\t4\nA\t3\t5\nB\t4\t1")
    assert facet_choices(data) == ["Ward"]


def test_points_and_subgroups_are_counted_per_series():
    frame = pd.DataFrame(
        {"day": [1, 1, 2, 2, 3, 3, 1, 2], "unit": list("AAAAAABB"), "v": range(8)}
    )
    assert point_count(frame, "day", None) == 3
    assert point_count(frame, "day", "unit") == 3
    assert point_count(frame, None, "unit") == 6
    assert point_count(frame.iloc[:0], "day", None) == 0
    assert subgroup_size(frame, "day", None) == 3
    assert subgroup_size(frame, "day", "unit") == 2
    assert subgroup_size(frame, None, None) == 1


# ---------------------------------------------------------------- the chooser


@pytest.mark.parametrize("chart", CHARTS)
def test_the_answers_for_each_chart_lead_to_it(chart):
    got = wizard_answers(answers_for_chart(chart), n_points=30, size=5).chart
    assert got == {"mr": "i", "s": "xbar"}.get(chart, chart)


def test_the_defaults_lead_to_a_run_chart_with_its_reason():
    choice = wizard_answers(WIZARD_DEFAULTS, n_points=24)
    assert choice.chart == "run"
    assert choice.reasons[0].startswith("When you are not sure what type of data")


def test_too_few_points_for_limits_give_a_run_chart_and_say_why():
    choice = wizard_answers(answers_for_chart("p"), n_points=8)
    assert choice.chart == "run"
    assert "only 8 points, too few for reliable control limits" in choice.reasons[-1]
    assert choice.cautions == [
        "The run chart rules need at least 10 points; with 8, plot the data but do "
        "not look for signals yet."
    ]


def test_several_values_use_the_data_s_subgroup_size():
    answers = {**WIZARD_DEFAULTS, "kind": "continuous", "subgroups": "several"}
    assert "a subgroup of 4 measurements" in wizard_answers(answers, size=4).reasons[1]
    assert "a subgroup of 2 measurements" in wizard_answers(answers, size=1).reasons[1]


@pytest.mark.parametrize(
    ("changes", "questions"),
    [
        ({}, ["kind"]),
        ({"kind": "continuous"}, ["kind", "subgroups"]),
        (
            {"kind": "attribute"},
            ["kind", "rare", "counted", "large", "equal_area"],
        ),
        ({"kind": "attribute", "rare": "yes"}, ["kind", "rare", "between"]),
        (
            {"kind": "attribute", "counted": "classified"},
            ["kind", "rare", "counted", "large"],
        ),
        (
            {"kind": "attribute", "large": "yes"},
            ["kind", "rare", "counted", "large"],
        ),
    ],
)
def test_only_the_questions_that_apply_are_asked(changes, questions):
    assert asked({**WIZARD_DEFAULTS, **changes}) == questions


# -------------------------------------------------------------- the text boxes


def test_points_are_numbers_or_dates():
    assert read_points("", "exclude") == []
    assert read_points("5, 7;9", "exclude") == [5, 7, 9]
    assert read_points("01/03/2024, Apr 2024", "exclude") == [
        dt.date(2024, 3, 1),
        dt.date(2024, 4, 1),
    ]


@pytest.mark.parametrize(
    ("text", "argument", "message"),
    [
        (
            "0",
            "exclude",
            "`exclude`: point numbers start at 1 (got '0'). Give the points to leave "
            "out, as point numbers (5, 7) or dates (01/03/2024), separated by commas.",
        ),
        (
            "5, 01/03/2024",
            "exclude",
            "`exclude`: mixes point numbers and dates (got '5, 01/03/2024'). Give "
            "point numbers only (such as 5, 7) or dates only (such as 01/03/2024, "
            "01/05/2024).",
        ),
        (
            "31/02/2024",
            "freeze",
            "`freeze`: is neither a point number nor a date (got '31/02/2024'). Give "
            "the last point of the baseline, as a point number such as 12 or a date "
            "such as 31/12/2023; or leave it empty to use every point.",
        ),
    ],
)
def test_points_that_cannot_be_read_are_messages(text, argument, message):
    with pytest.raises(InputError) as error:
        read_points(text, argument)
    assert str(error.value) == message


def test_the_baseline_is_one_point():
    assert read_freeze("12") == 12 and read_freeze(" ") is None
    assert read_freeze("31/12/2023") == dt.date(2023, 12, 31)
    with pytest.raises(InputError) as error:
        read_freeze("12, 24")
    assert str(error.value) == (
        "`freeze`: is one point, the last of the baseline (got '12, 24'). Give one "
        "point number or date; to split the chart into phases, use New phases start "
        "at (part)."
    )


def test_phases_start_at_points_dates_or_come_from_a_column():
    assert read_phases("", [], 24) is None
    assert read_phases("13, 19", [], 24) == [12, 18]  # qic: last point before
    assert read_phases("01/01/2024", [], 24) == [dt.date(2024, 1, 1)]
    assert read_phases(" PHASE ", ["Month", "phase"], 24) == "phase"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1",
            "`part`: the first phase always starts at point 1 (got '1'). Give the "
            "first point of the second phase, such as 13.",
        ),
        (
            "25",
            "`part`: point 25 is past the last point (got '25'). The chart has 24 "
            "points, so a new phase can start at points 2 to 24.",
        ),
        (
            "after the change",
            "`part`: is neither a point number nor a date (got 'after the change'). "
            "Give the first point of each new phase, as point numbers (13, 25) or "
            "dates (01/01/2024), or the name of a column of phase labels.",
        ),
    ],
)
def test_phases_that_cannot_be_used_are_messages(text, message):
    with pytest.raises(InputError) as error:
        read_phases(text, ["Month"], 24)
    assert str(error.value) == message


def test_targets_are_numbers_as_people_write_them_or_a_column():
    assert read_target("85", []) == 85.0
    assert read_target(" 85 % ", []) == 85.0
    assert read_target("1,250.5", []) == 1250.5
    assert read_target("-2", []) == -2.0
    assert read_target("", []) is None
    assert read_target("target", ["Target"]) == "Target"
    with pytest.raises(InputError) as error:
        read_target("ninety", ["Month"])
    assert str(error.value) == (
        "`target`: is not a number (got 'ninety'). Write a number such as 85 (or "
        "85%), or leave the box empty for no target."
    )


def test_annotations_are_read_as_people_write_them():
    text = (
        "Date\tWhat changed\n"  # a header pasted from Excel
        "01/01/2024\tPDSA 1: new checklist\n"
        "\n"
        "1 March 2024 PDSA 2, hourly rounding\n"
        "Apr 2024: PDSA 3\n"
        "2024-05-01, PDSA 4\n"
    )
    marks = read_annotations(text, kind="date")
    assert marks["x"].tolist() == [
        dt.date(2024, 1, 1),
        dt.date(2024, 3, 1),
        dt.date(2024, 4, 1),
        dt.date(2024, 5, 1),
    ]
    assert marks["label"].tolist() == [
        "PDSA 1: new checklist",
        "PDSA 2, hourly rounding",
        "PDSA 3",
        "PDSA 4",
    ]


def test_annotations_by_point_number_and_by_label():
    dates = list(pd.date_range("2024-01-01", periods=6, freq="MS"))
    marks = read_annotations("3 PDSA 1", kind="date", labels=dates)
    assert marks["x"].tolist() == [dates[2]]
    assert read_annotations("5 Rota", kind="position")["x"].tolist() == [5]
    labels = ["Ward A", "Ward B"]
    marks = read_annotations("ward b  New lead\n1\tStart", kind="label", labels=labels)
    assert marks["x"].tolist() == ["Ward B", "Ward A"]
    assert marks["label"].tolist() == ["New lead", "Start"]


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        (
            "PDSA 1 on 01/03/2024",
            "date",
            "`annotations`: line 1 does not start with a date or a point number (got "
            "'PDSA 1 on 01/03/2024'). Start each line with it, then the label, such "
            "as 01/03/2024 PDSA 1: new checklist.",
        ),
        (
            "01/01/2024 Start\n01/03/2024",
            "date",
            "`annotations`: line 2 has no label (got '01/03/2024'). Write what "
            "happened after it, such as 01/03/2024 PDSA 1: new checklist.",
        ),
        (
            "March PDSA",
            "position",
            "`annotations`: line 1 does not start with a point number (got 'March "
            "PDSA'). Start each line with it, then the label, such as 5 PDSA 1: new "
            "checklist.",
        ),
        (
            "9 PDSA",
            "date",
            "`annotations`: line 1 marks point 9, but the chart has 0 points (got '9 "
            "PDSA'). Give a date, or a point number within the chart.",
        ),
    ],
)
def test_annotations_that_cannot_be_read_are_messages(text, kind, message):
    with pytest.raises(InputError) as error:
        read_annotations(text, kind=kind)
    assert str(error.value) == message


def test_too_many_annotations_are_a_message():
    text = "\n".join(f"{i} Cycle {i}" for i in range(1, MAX_ANNOTATIONS + 2))
    with pytest.raises(InputError) as error:
        read_annotations(text, kind="position")
    assert str(error.value) == (
        "`annotations`: has 41 lines, more than a chart can show clearly. Keep the "
        "40 that matter most, such as the start of each PDSA cycle."
    )
