"""The measurement module's tables and its measure sorter."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.apps.lesson_measurement import (
    DEFINITION_PARTS,
    SORTING_ITEMS,
    MeasureSorter,
    counts_and_rates_frame,
    counts_and_rates_table,
    definition_frame,
    definition_table,
    family_frame,
    family_overview,
    findings_list,
    mark_sort,
)
from qikit.datasets import load_dataset
from qikit.errors import InputError
from qikit.improve import (
    Measure,
    OperationalDefinition,
    check_family,
    example_measures,
)


def test_family_frame_says_each_measure_in_plain_words():
    frame = family_frame(example_measures())
    assert list(frame.columns) == [
        "Kind",
        "Measure",
        "Unit",
        "Better when",
        "Chart",
        "Definition complete",
    ]
    assert frame["Kind"].tolist() == ["Outcome", "Process", "Balancing"]
    assert frame["Chart"].tolist() == ["U chart", "P chart", "I chart"]
    assert frame["Better when"].tolist() == ["Lower", "Higher", "Lower"]
    assert set(frame["Definition complete"]) == {"yes"}
    bare = family_frame([Measure("Falls", kind="outcome", improvement="neutral")])
    assert bare.iloc[0].tolist() == [
        "Outcome",
        "Falls",
        "",
        "Neither",
        "run chart",
        "no",
    ]


def test_definition_frame_marks_the_parts_not_written():
    frame = definition_frame(OperationalDefinition(numerator="falls", sampling="all"))
    assert frame["Part"].tolist() == list(DEFINITION_PARTS.values())
    said = dict(zip(frame["Part"], frame["What it says"], strict=True))
    assert said["What is counted (numerator)"] == "falls"
    assert said["Which cases (sampling)"] == "all"
    assert said["Who collects the data"] == "(not written yet)"
    outcome = example_measures()[0]
    assert definition_frame(outcome)["What it says"].iloc[1].startswith("New pressure")
    empty = definition_frame(Measure("Falls", kind="outcome"))
    assert set(empty["What it says"]) == {"(not written yet)"}


def test_the_tables_are_accessible():
    html = family_overview(example_measures(), caption="A family").data
    assert "<caption>A family</caption>" in html
    assert html.count('<th scope="col"') == 6
    html = definition_table(example_measures()[1], caption="SSKIN").data
    assert "<caption>SSKIN</caption>" in html and html.count("<tr>") == 10
    ulcers = load_dataset("pressure_ulcers_monthly")
    html = counts_and_rates_table(
        ulcers,
        by="home",
        y="ulcers",
        n="occupied_bed_days",
        caption="Homes",
        names=("Care home", "Ulcers", "Bed days"),
    ).data
    assert "<caption>Homes</caption>" in html
    assert '<th scope="col">Rate per 1,000</th>' in html
    assert '<th scope="col">Care home</th>' in html
    assert "<td>0.70</td>" in html and "<td>0.92</td>" in html  # two decimals


def test_findings_list_shows_each_finding_or_nothing_to_fix():
    findings = check_family([example_measures()[0]])
    html = findings_list(findings, heading="The family check").data
    assert html.count("<li>") == len(findings) == 2
    assert "Add a process measure" in html and "Add a balancing measure" in html
    assert "Nothing to fix." in findings_list([], heading="Check").data
    assert "&lt;b&gt;" in findings_list(["<b>"], heading="Check").data


def test_counts_and_rates_rank_the_homes_two_ways():
    ulcers = load_dataset("pressure_ulcers_monthly")
    frame = counts_and_rates_frame(ulcers, by="home", y="ulcers", n="occupied_bed_days")
    assert frame["Count"].is_monotonic_decreasing
    assert frame["Count"].sum() == ulcers["ulcers"].sum()
    assert frame["Denominator"].sum() == ulcers["occupied_bed_days"].sum()
    home_d = ulcers[ulcers["home"] == "Home D"]
    row = frame.set_index("Unit").loc["Home D"]
    rate = 1000 * home_d["ulcers"].sum() / home_d["occupied_bed_days"].sum()
    assert row["Rate"] == round(rate, 2)
    assert frame["Rank by count"].tolist() == [1, 2, 3, 4, 5, 6]
    assert frame.set_index("Unit")["Rank by rate"]["Home D"] == 1
    per_100 = counts_and_rates_frame(
        ulcers, by="home", y="ulcers", n="occupied_bed_days", per=100
    )
    assert per_100["Rate"].iloc[0] == round(frame["Rate"].iloc[0] / 10, 2)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"by": "house"}, r"`by`"),
        ({"y": "ulcer"}, r"Did you mean 'ulcers'"),
        ({"per": 0}, r"`per`"),
        ({"y": "home"}, r"`y`: the column 'home' holds text"),
    ],
)
def test_counts_and_rates_messages(kwargs, match):
    ulcers = load_dataset("pressure_ulcers_monthly")
    args = {"by": "home", "y": "ulcers", "n": "occupied_bed_days"} | kwargs
    with pytest.raises(InputError, match=match):
        counts_and_rates_frame(ulcers, **args)


def test_a_denominator_of_zero_is_refused():
    data = pd.DataFrame({"home": ["A", "B"], "ulcers": [1, 2], "days": [10, 0]})
    with pytest.raises(InputError, match=r"`n`: the denominator of B adds up to zero"):
        counts_and_rates_frame(data, by="home", y="ulcers", n="days")


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: family_overview(example_measures(), caption=""), r"`caption`"),
        (lambda: family_frame(["falls"]), r"`measures\[0\]`"),
        (lambda: definition_frame("falls"), r"`definition`: must be an Operational"),
        (lambda: findings_list("one finding", heading="x"), r"`findings`"),
        (lambda: findings_list([], heading=" "), r"`heading`"),
        (
            lambda: counts_and_rates_table(
                load_dataset("pressure_ulcers_monthly"),
                by="home",
                y="ulcers",
                n="occupied_bed_days",
                caption="Homes",
                names=("Home", "Ulcers"),
            ),
            r"`names`: needs three column names",
        ),
    ],
)
def test_table_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()


# ------------------------------------------------------------------ the sorter


def test_the_sorting_items_cover_the_family_twice():
    kinds = [item.kind for item in SORTING_ITEMS]
    assert sorted(kinds) == sorted(["outcome", "process", "balancing"] * 2)
    assert len({item.measure for item in SORTING_ITEMS}) == len(SORTING_ITEMS)


def test_mark_sort_marks_right_wrong_and_not_sorted():
    right = [item.kind for item in SORTING_ITEMS]
    assert mark_sort(right)["correct"].all()
    assert mark_sort(right)["feedback"].str.startswith("Right: ").all()
    wrong = ["balancing"] + right[1:]
    marks = mark_sort(wrong)
    assert marks["correct"].tolist() == [False] + [True] * (len(right) - 1)
    assert marks["feedback"].iloc[0].startswith("Not quite: this is an outcome measure")
    partial = mark_sort({1: "process"})
    assert partial["correct"].tolist() == [False, True, False, False, False, False]
    assert partial["feedback"].iloc[0].startswith("Not sorted yet:")
    assert partial["answer"].iloc[0] == ""
    assert mark_sort(["Outcome"])["correct"].iloc[0]  # case does not matter


@pytest.mark.parametrize(
    ("answers", "match"),
    [
        ("outcome", r"`answers`: must be a list"),
        (["outcome"] * 7, r"`answers`: there are 6 measures"),
        ({9: "outcome"}, r"`answers`: there are 6 measures"),
        (["result"], r"`answers\[0\]`"),
    ],
)
def test_mark_sort_messages(answers, match):
    with pytest.raises(InputError, match=match):
        mark_sort(answers)


def test_the_sorter_checks_and_starts_again():
    app = MeasureSorter()
    assert app.status_state == "ready" and app.marks is None
    assert len(app.kinds) == len(SORTING_ITEMS)
    labels = [k.description for k in app.kinds]
    assert labels[0] == "Measure 1: kind" and len(set(labels)) == len(labels)
    for kind, item in zip(app.kinds, SORTING_ITEMS, strict=True):
        kind.value = item.kind
    app.kinds[2].value = "process"
    app.check.click()
    assert app.status_text == "Answers checked"
    assert int(app.marks["correct"].sum()) == len(SORTING_ITEMS) - 1
    assert f"{len(SORTING_ITEMS) - 1} of {len(SORTING_ITEMS)} right" in (
        app.marks_view.value
    )
    assert "Not quite: this is a balancing measure" in app.marks_view.value
    app.again.click()
    assert app.status_text == "Ready" and app.marks is None
    assert {k.value for k in app.kinds} == {""} and app.marks_view.value == ""
    app.check_answers()
    assert "0 of 6 right" in app.marks_view.value
    assert app.marks_view.value.count("Not sorted yet") == len(SORTING_ITEMS)


def test_tables_of_words_are_left_aligned_and_numbers_are_not():
    html = definition_table(example_measures()[0], caption="Definition").data
    assert html.count('style="text-align: left"') == 2 + 2 * len(DEFINITION_PARTS)
    assert "<td>" not in html
    html = family_overview(example_measures(), caption="Family").data
    assert html.count('<td style="text-align: left">') == 6 * 3
    ulcers = load_dataset("pressure_ulcers_monthly")
    html = counts_and_rates_table(
        ulcers, by="home", y="ulcers", n="occupied_bed_days", caption="Homes"
    ).data
    assert "text-align" not in html  # the page's number alignment
