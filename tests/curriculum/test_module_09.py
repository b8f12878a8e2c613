"""Module 9 (testing changes): every rule, example and figure it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it with qikit.improve, the chart engine or the PDSA game, so the text
cannot drift from what qikit does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qikit.charts import qic
from qikit.errors import InputError
from qikit.improve import (
    PDSACycle,
    Ramp,
    example_measures,
    example_ramp,
    pdsa_annotations,
    scale_rank,
)
from qikit.improve.pdsa import BELIEFS, DECISIONS, STAGES
from qikit.sim import PDSAGame

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "09_testing_changes.ipynb"
QUIZ = CURRICULUM / "quizzes" / "09_testing_changes.json"


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


@pytest.fixture(scope="module")
def game():
    """The worked example of the PDSA game, played as the notebook plays it."""
    played = PDSAGame(seed=12, team="Team 1")
    first = PDSACycle("Time the helicopter as it is", id="pdsa-1")
    first.predict("About 2 seconds a flight, give or take a little")
    played.test(first, runs=12)
    second = PDSACycle("Longer wings", id="pdsa-2")
    second.predict("Long wings will stay up about half a second longer")
    played.test(second, {"wing": "long"}, runs=6)
    third = PDSACycle("A paper clip to steady it", id="pdsa-3")
    third.predict("Flights a little shorter, but steadier")
    played.test(third, {"clips": 1}, runs=6)
    return played


# ------------------------------------------------------------------ the cycle


def test_the_four_stages_are_qikits(text):
    stages = re.findall(r"^\d\. \*\*(\w+)\.\*\*", text, flags=re.M)
    assert stages[:4] == ["Plan", "Do", "Study", "Act"]
    assert [s.capitalize() for s in STAGES[:4]] == stages[:4]
    find(r"Decide: adopt the change, adapt it, or abandon it", text)
    assert set(DECISIONS) == {"adopt", "adapt", "abandon"}
    find(r"Deming called the third stage Study rather than Check", text)
    find(r"\(Langley et al\., \*The Improvement Guide\*, 2009\)", text)


def test_no_test_without_a_prediction(text):
    find(
        r"A `PDSACycle` will not record its Do stage until a prediction has been "
        r"written, and the PDSA game will not drop a helicopter for a cycle without "
        r"one",
        text,
    )
    cycle = PDSACycle("Test a clock", id="c1")
    with pytest.raises(InputError, match=r"`predictions`: none recorded"):
        cycle.record_do("We tried it")
    game = PDSAGame(seed=1, team="Blue")
    with pytest.raises(InputError, match=r"`predictions`: none recorded"):
        game.test(PDSACycle("First drop", id="d1"))
    assert game.history().empty


def test_the_draft_plan_asks_for_predictions(code):
    find(
        r'draft = PDSACycle\("Test a repositioning clock with one resident", '
        r'scale="one resident"\)',
        code,
    )
    draft = PDSACycle(
        "Test a repositioning clock with one resident", scale="one resident"
    )
    codes = [f.code for f in draft.validate()]
    assert "pdsa.predictions_missing" in codes and "pdsa.questions_missing" in codes


def test_the_first_cycle(text):
    first = example_ramp().cycles[0]
    find(r"one clock, by the bed of one resident at high risk, for five nights", text)
    assert first.scale == "one resident" and "one resident at high risk" in (
        first.objective
    )
    assert (first.end - first.start).days + 1 == 5
    assert "five nights" in first.study.results
    find(r"an agency carer had not been shown the clock", text)
    assert "agency carer had not been shown" in first.study.comparison
    find(r"the team adapted the change \(a briefing at handover\)", text)
    assert first.decision == "adapt" and "handover briefing" in first.act.next_cycle
    find(r'"staff will turn the clock at 5 of 6 night repositionings"', text)
    assert (
        first.predictions[0]
        == "Staff will turn the clock at 5 of 6 night repositionings"
    )


# ---------------------------------------------------------------- the scale


def test_the_five_steps_of_scale(text):
    find(
        r"on five steps: one person, a few people, one unit \(or team, shift or "
        r"day\), several units, all of them",
        text,
    )
    steps = ["one person", "a few people", "one unit", "several units", "all of them"]
    assert [scale_rank(s) for s in steps] == [1, 2, 3, 4, 5]
    assert [scale_rank(s) for s in ("one team", "one shift", "one day")] == [3, 3, 3]
    assert BELIEFS == ("low", "moderate", "high")


def test_the_rushed_plan(code):
    find(
        r'monday = \{"scale": "all units", "belief": "low", "start": "2024-03-04"\}',
        code,
    )
    rushed = PDSACycle(
        "Clocks in every room from Monday",
        scale="all units",
        belief="low",
        start="2024-03-04",
    )
    codes = [f.code for f in Ramp(cycles=[rushed]).validate()]
    assert codes == ["ramp.large_test_low_belief"]
    # a small test at low belief is not flagged
    small = PDSACycle(
        "One clock", scale="one resident", belief="low", start="2024-03-04"
    )
    assert Ramp(cycles=[small]).validate() == []


# ------------------------------------------------------------------ the ramp


def test_the_ashgrove_ramp(text):
    ramp = example_ramp()
    find(
        r"from one resident to three residents, to every resident on one unit, to "
        r"all units, in four cycles over three months",
        text,
    )
    assert [c.scale for c in ramp.cycles] == [
        "one resident",
        "three residents",
        "one unit",
        "all units",
    ]
    ranks = [scale_rank(c.scale) for c in ramp.cycles]
    assert ranks == sorted(ranks)
    span = ramp.cycles[-1].end - ramp.cycles[0].start
    assert 80 <= span.days <= 100  # about three months
    find(
        r"Two cycles adapted the change, two adopted it, and belief rose from low to "
        r"high",
        text,
    )
    assert [c.decision for c in ramp.cycles] == ["adapt", "adapt", "adopt", "adopt"]
    assert (ramp.cycles[0].belief, ramp.cycles[-1].belief) == ("low", "high")
    find(r"qikit's check finds nothing wrong with this ramp", text)
    assert ramp.validate() == []
    find(r"the first added a handover briefing, the second found that day staff", text)
    assert "Day staff" in ramp.cycles[1].study.learning


# ------------------------------------------------------------------ the chart


def test_the_sskin_chart(text, code):
    sskin = example_measures()[1]
    ramp = example_ramp()
    assert sskin.kind == "process" and "SSKIN" in sskin.name
    find(r"with the 12 months before the clocks, April 2023 to March 2024", text)
    months = sskin.data["x"]
    assert months.iloc[0].strftime("%B %Y") == "April 2023"
    assert months.iloc[11].strftime("%B %Y") == "March 2024"
    first_start = ramp.cycles[0].start
    assert (first_start.year, first_start.month) == (2024, 3)
    find(r'sskin\.chart\(chart="run", freeze=12', code)
    chart = sskin.chart(chart="run", freeze=12)
    summary = chart.summary().iloc[0]
    m = find(
        r"From (\w+ \d{4}) every month is above the baseline median of (\d+)%, a run "
        r"of (\d+) months against the (\d+) that chance allows for (\d+) points",
        text,
    )
    assert round(summary["cl"]) == int(m[2])
    assert (summary["longest_run"], summary["longest_run_max"]) == (
        int(m[3]),
        int(m[4]),
    )
    assert summary["n_useful"] == int(m[5]) == len(months)
    frame = chart.frame
    above = frame["y"] > frame["cl"]
    start = int(months.index[months.dt.strftime("%B %Y") == m[1]][0])
    assert above.iloc[start:].all() and not above.iloc[start - 1]
    assert start + int(m[3]) == len(months)
    find(r"The run began two months before the first test", text)
    assert first_start.month - months.iloc[start].month == 2
    m = find(r"The biggest step, to (\d+)% in (\w+ \d{4}), came after PDSA 4", text)
    steps = frame["y"].diff()
    biggest = int(steps.idxmax())
    assert months.iloc[biggest].strftime("%B %Y") == m[2]
    assert round(frame["y"].iloc[biggest]) == int(m[1])
    assert ramp.cycles[3].start < months.iloc[biggest].date()
    assert ramp.cycles[3].start > months.iloc[biggest - 1].date()
    find(r"The first two cycles started in the same month, so they share a label", text)
    flags = pdsa_annotations(ramp, group="period", x=months)
    assert [label for _, label in flags] == ["PDSA 1, 2", "PDSA 3", "PDSA 4"]


# ------------------------------------------------------------------ the game


def test_the_game_example(text, quiz, game):
    history = game.history()
    means = history.groupby("test")["seconds"].mean()
    spread = history.groupby("test")["seconds"].agg(lambda s: s.max() - s.min())
    m = find(
        r"Twelve flights of the starting design give the baseline: ([\d.]+) seconds on "
        r"average.*?Long wings flew ([\d.]+) seconds, about three quarters of a second "
        r"longer.*?to ([\d.]+) seconds, and steadied them: the six flights spread over "
        r"([\d.]+) seconds, against ([\d.]+) without the clip",
        text,
    )
    assert f"{means[1]:.2f}" == m[1]
    assert f"{means[2]:.2f}" == m[2]
    assert f"{means[3]:.2f}" == m[3]
    assert means[3] < means[2]  # "shortened the flights a little"
    assert f"{spread[3]:.2f}" == m[4] and f"{spread[2]:.2f}" == m[5]
    assert 0.7 <= means[2] - means[1] <= 0.8  # about three quarters of a second
    assert (history["test"] == 1).sum() == 12
    # the chart: the 12 flights since the baseline are all above its median
    chart = qic(history, x="flight", y="seconds", freeze=12)
    summary = chart.summary().iloc[0]
    m = find(
        r"all (\d+) flights since are above the baseline median, a run of (\d+) "
        r"against the (\d+) that chance allows: a signal",
        text,
    )
    later = chart.frame.iloc[12:]
    assert len(later) == int(m[1]) and (later["y"] > later["cl"]).all()
    assert (summary["longest_run"], summary["longest_run_max"]) == (
        int(m[2]),
        int(m[3]),
    )
    assert bool(summary["runs_signal"])
    labels = [label for _, label in game.annotations()]
    assert labels == [
        "PDSA 1: the starting design",
        "PDSA 2: wing long",
        "PDSA 3: clips 1",
    ]
    # the quiz's sum
    q = quiz["game-flights"]
    assert f"{means[1]:.2f} seconds" in q["question"]
    assert f"{means[2]:.2f} seconds" in q["question"]
    assert q["answer"] == pytest.approx(round(means[2], 2) - round(means[1], 2))


def test_the_notebook_plays_the_game_as_the_test_does(code):
    find(r'game = PDSAGame\(seed=12, team="Team 1"\)', code)
    find(r"flights = game\.test\(first, runs=12\)", code)
    find(r'flights = game\.test\(second, \{"wing": "long"\}, runs=6\)', code)
    find(r'flights = game\.test\(third, \{"clips": 1\}, runs=6\)', code)
    find(r'x="flight", y="seconds", freeze=12', code)
    find(r"PDSAGameApp\(seed=\d+\)", code)


def test_the_pace_example(text):
    find(r'"agreed to start very small"', text)
    find(
        r"Aberdeen City first, Renfrewshire three months later, then 10 local "
        r"authorities, until in December 2015 ministers made it available to all 32 "
        r"\(The Scottish Improvement Journey\)",
        text,
    )
