"""The testing-changes module's tables: a PDSA cycle and a ramp in plain words."""

from __future__ import annotations

import pytest

from qikit.apps.lesson_pdsa import (
    DECISION_WORDS,
    NOT_YET,
    cycle_frame,
    cycle_table,
    ramp_frame,
    ramp_table,
)
from qikit.errors import InputError
from qikit.improve import PDSACycle, Ramp, example_ramp


def test_cycle_frame_walks_the_four_stages_in_order():
    cycle = example_ramp().cycles[0]
    frame = cycle_frame(cycle)
    assert list(frame.columns) == ["Stage", "Part", "What the team wrote"]
    stages = frame["Stage"].tolist()
    assert stages == sorted(stages, key=["Plan", "Do", "Study", "Act"].index)
    said = dict(zip(frame["Part"], frame["What the team wrote"], strict=True))
    assert said["Predictions"] == "; ".join(cycle.predictions)
    assert said["Results"] == cycle.study.results
    assert said["Against the predictions"] == cycle.study.comparison
    assert said["Decision"] == "Adapt" and said["Degree of belief"] == "Low"
    assert said["Where"] == cycle.plan.where


def test_a_new_cycle_shows_what_is_not_recorded_yet():
    frame = cycle_frame(PDSACycle("Try a pictorial menu"))
    said = dict(zip(frame["Part"], frame["What the team wrote"], strict=True))
    assert said["Objective"] == "Try a pictorial menu"
    assert said["Predictions"] == NOT_YET and said["Results"] == NOT_YET
    assert said["Decision"] == DECISION_WORDS[""] == "Not decided yet"


def test_ramp_frame_has_one_row_per_cycle():
    ramp = example_ramp()
    frame = ramp_frame(ramp)
    assert list(frame.columns) == [
        "Cycle",
        "Dates",
        "Scale",
        "Degree of belief",
        "Prediction",
        "Result",
        "Decision",
    ]
    assert frame["Cycle"].tolist() == [1, 2, 3, 4]
    assert frame["Dates"].iloc[0] == "4 March 2024 to 8 March 2024"
    assert frame["Degree of belief"].tolist() == ["Low", "Moderate", "Moderate", "High"]
    assert frame["Result"].tolist() == [c.study.results for c in ramp.cycles]
    assert ramp_frame(ramp.cycles[:2]).equals(frame.head(2))
    one = ramp_frame([PDSACycle("A first test", start="2024-05-06")])
    assert one["Dates"].iloc[0] == "6 May 2024"
    assert (
        one["Scale"].iloc[0] == NOT_YET and one["Decision"].iloc[0] == "Not decided yet"
    )
    assert ramp_frame(Ramp()).empty


def test_the_tables_are_accessible():
    html = cycle_table(example_ramp().cycles[1], caption="Cycle 2").data
    assert "<caption>Cycle 2</caption>" in html and html.count('<th scope="col"') == 3
    html = ramp_table(example_ramp(), caption="The ramp").data
    assert "<caption>The ramp</caption>" in html and html.count("<tr>") == 5


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: cycle_frame("cycle 1"), r"`cycle`: is not a PDSA cycle"),
        (lambda: cycle_frame(example_ramp()), r"`cycle`: is not a PDSA cycle"),
        (lambda: ramp_frame("ramp"), r"`ramp`: is not a ramp of PDSA cycles"),
        (lambda: ramp_frame(["not a cycle"]), r"`cycles\[0\]`: is not a PDSA cycle"),
        (lambda: cycle_table(PDSACycle("x"), caption=""), r"`caption`"),
        (lambda: ramp_table(example_ramp(), caption=" "), r"`caption`"),
    ],
)
def test_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()
