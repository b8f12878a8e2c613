"""Module 2 (the Model for Improvement and aims): every figure and rule it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
checks it against qikit: the SMART checks the text reports (qikit.improve's Aim), the
Early Years Collaborative's aims as qikit holds them, the baseline and the run chart of
the data set milestones_27_30, and the stillbirth figures of the data set stillbirths.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import qikit.apps
from qikit.apps.lesson_aims import aims_frame, change_text
from qikit.charts import qic
from qikit.datasets import load_dataset
from qikit.errors import QikitWarning
from qikit.improve import SMART_ELEMENTS, Aim, example_aim
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "02_model_for_improvement.ipynb"
QUIZ = CURRICULUM / "quizzes" / "02_model_for_improvement.json"
TERMS = CURRICULUM / "terms" / "02_model_for_improvement.json"
EYC = ("stillbirths", "eyc_27_30_months", "eyc_school_start", "eyc_primary_4")
QUESTIONS = (
    "What are we trying to accomplish?",
    "How will we know that a change is an improvement?",
    "What change can we make that will result in improvement?",
)


@pytest.fixture(scope="module")
def scotland():
    data = load_dataset("milestones_27_30")
    return data.groupby("quarter", as_index=False)[["all_milestones", "reviews"]].sum()


@pytest.fixture(scope="module")
def stillbirth_rates():
    data = load_dataset("stillbirths")
    year = data["month"].dt.year
    base = data[year <= 2012]
    late = data[year == 2015]
    return (
        1000 * base["stillbirths"].sum() / base["births"].sum(),
        1000 * late["stillbirths"].sum() / late["births"].sum(),
    )


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def statuses(aim) -> dict[str, str]:
    summary = aim.smart_summary()
    return dict(zip(summary["element"], summary["status"], strict=True))


# ------------------------------------------------------------- the three questions


def test_the_three_questions_in_order(text, quiz):
    positions = [find(rf"\*\*{re.escape(q)}\*\*", text).start() for q in QUESTIONS]
    assert positions == sorted(positions)
    find(r"\(Langley et al\. 2009, \*The Improvement Guide\*\)", text)
    find(r"Plan \(with a prediction\), Do, Study, Act \(module 9\)", text)
    first = quiz["first-question"]
    assert first["answer"] == QUESTIONS[0]
    assert set(QUESTIONS) <= set(first["options"])


# ---------------------------------------------------------------------- SMART


def test_the_smart_letters_are_qikits(text):
    find(r"\(Doran 1981\)", text)
    assert list(SMART_ELEMENTS) == list("SMART")
    for name in SMART_ELEMENTS.values():
        find(rf"- \*\*{name}:\*\*", text)
    find(
        r"\(specific, measurable, achievable, relevant, time-bound\)",
        text,
    )


def test_the_weak_draft(text, code):
    find(r'smart_table\(example_aim\("vague"\)', code)
    aim = example_aim("vague")
    find(rf'Is "{re.escape(aim.what)}" an aim\?', text)
    m = find(r"Only (\w+) of the five elements is done", text)
    done = [k for k, v in statuses(aim).items() if v == "ok"]
    assert len(done) == {"one": 1}[m[1]]
    # the draft does not say who, how much, why or by when
    codes = {f.code for f in aim.smart_check()}
    assert {
        "smart.specific.who_missing",
        "smart.measurable.vague",
        "smart.relevant.why_missing",
        "smart.time.missing",
    } <= codes
    find(r'"Improve care" cannot be counted', text)


def test_ashgrove_houses_aim(text, code):
    find(r'smart_table\(example_aim\("pressure_ulcers"\)', code)
    aim = example_aim("pressure_ulcers")
    assert aim.smart_check() == []
    m = find(
        r"It says what will change \(new pressure ulcers, grade 2 and above\), for "
        r"whom \(the residents of ([^)]+)\), how much \(from ([\d.]+) to ([\d.]+) per "
        r"1,000 occupied bed days\), by when \((\d+ \w+ \d{4})\)",
        text,
    )
    assert aim.who == f"residents of {m[1]}"
    assert (aim.baseline, aim.goal) == (float(m[2]), float(m[3]))
    assert aim.unit == "per 1,000 occupied bed days"
    assert aim.by == pd.Timestamp(m[4]).date()
    assert "grade 2 and above" in aim.text()
    assert aim.why.lower().startswith(
        "pressure ulcers cause pain, infection and distress, and most can be prevented"
    )
    find(r"Halving the rate", text)
    assert aim.goal == aim.baseline / 2


def test_challenge_1_solution_is_smart(text):
    m = find(
        r"from (\d+)% to (\d+)%, by (\d+ \w+ \d{4}), because care that starts", text
    )
    aim = Aim(
        what="increase the percentage of people living with dementia who have a "
        "recorded 'What matters to me' conversation within 72 hours of admission",
        who="people admitted to Ward 6",
        baseline=float(m[1]),
        goal=float(m[2]),
        unit="%",
        by=pd.Timestamp(m[3]).date(),
        why="care that starts from what matters to the person is kinder and safer",
    )
    assert aim.smart_check() == []
    stated = find(r'"(a rise of 40 percentage points \(100% of the baseline\))"', text)
    assert change_text(aim).endswith(f"{stated[1]}.")


# ------------------------------------------------------------------ stretch aims


def test_the_early_years_collaborative(text):
    find(
        r"It launched in October 2012, its first learning session in January 2013 "
        r"drew over 750 people, and all 32 Community Planning Partnerships took part "
        r"where the organisers had hoped for four to six\. The fourth aim, for the "
        r"early school years, was added in January 2014",
        text,
    )
    notes = example_aim("eyc_primary_4").notes
    assert "added in January 2014" in notes
    assert "32 Community Planning Partnerships" in example_aim("eyc_27_30_months").who


def test_the_four_aims_meet_four_of_five(text, code):
    find(
        r'names = \["stillbirths", "eyc_27_30_months", "eyc_school_start", '
        r'"eyc_primary_4"\]',
        code,
    )
    aims = [example_aim(name) for name in EYC]
    find(
        r"Each of the four aims meets four of the five SMART elements\. None "
        r"states its baseline",
        text,
    )
    frame = aims_frame(aims)
    assert frame["SMART elements met"].tolist() == ["4 of 5"] * 4
    for aim in aims:
        assert aim.baseline is None
        assert [f.code for f in aim.smart_check()] == [
            "smart.measurable.baseline_missing"
        ]
    find(r"nobody can tell how big a change 85% would be", text)
    assert "how big a change 85% would be" in str(aims[1].smart_check()[0])
    m = find(r'"(\d+)% of all children in each partnership"', text)
    assert aims[1].goal == int(m[1])


def test_scotlands_baseline_and_the_run_chart(text, code, scotland):
    find(r"all 32 partnerships added together", text)
    assert load_dataset("milestones_27_30")["cpp"].nunique() == 32
    find(r'options = \{"n": "reviews", "multiply": 100, "target": 85', code)
    percent = 100 * scotland["all_milestones"] / scotland["reviews"]
    m = find(
        r"In April to June 2013, ([\d.]+)% of the children reviewed met all their "
        r"milestones\. By October to December 2016, ([\d.]+)% did",
        text,
    )
    assert scotland["quarter"].iloc[0] == pd.Timestamp("2013-04-01")
    assert scotland["quarter"].iloc[-1] == pd.Timestamp("2016-10-01")
    assert round(percent.iloc[0], 1) == float(m[1])
    assert round(percent.iloc[-1], 1) == float(m[2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        row = (
            qic(scotland, x="quarter", y="all_milestones", n="reviews", multiply=100)
            .summary()
            .iloc[0]
        )
    m = find(
        r"the line crosses its median only once in (\d+) useful quarters, where "
        r"chance would give at least (\d+) crossings",
        text,
    )
    assert row["n_crossings"] == 1 and bool(row["runs_signal"])
    assert (row["n_useful"], row["n_crossings_min"]) == (int(m[1]), int(m[2]))
    m = find(r"only (\w+) of the 32 partnerships reached 85% in the last quarter", text)
    data = load_dataset("milestones_27_30")
    last = data[data["quarter"] == data["quarter"].max()]
    assert (last["percent"] >= 85).sum() == {"four": 4}[m[1]]


def test_the_aim_with_its_baseline(text, code, scotland):
    m = find(r"aim\.baseline = ([\d.]+)", code)
    percent = 100 * scotland["all_milestones"].iloc[0] / scotland["reviews"].iloc[0]
    assert float(m[1]) == round(percent, 1)
    aim = example_aim("eyc_27_30_months")
    aim.baseline = float(m[1])
    assert aim.smart_check() == []
    rise = find(r"A rise of ([\d.]+) percentage points across a whole country", text)
    assert round(aim.goal - aim.baseline, 1) == float(rise[1])
    assert f"a rise of {rise[1]} percentage points (12% of the baseline)" in (
        change_text(aim)
    )


def test_the_stillbirth_aim_was_beaten(text, stillbirth_rates):
    aim = example_aim("stillbirths")
    m = find(r"The collaborative's first aim was a (\d+)% fall in stillbirths", text)
    assert aim.relative_change == -int(m[1]) and aim.by.year == 2015
    m = find(r"it reported a (\d+)% fall in the stillbirth rate by then", text)
    base, late = stillbirth_rates
    assert round(100 * (base - late) / base) == int(m[1])
    m = find(
        r"([\d.]+) stillbirths per 1,000 births in 2008 to 2012, and ([\d.]+) in 2015",
        text,
    )
    assert (round(base, 2), round(late, 2)) == (float(m[1]), float(m[2]))


def test_challenge_2(text, stillbirth_rates):
    aim = example_aim("stillbirths")
    assert str(aim.smart_check()[0]) == (
        "Add the baseline: a 15% reduction from what level?"
    )
    find(r'\("a 15% reduction from what level\?"\)', text)
    aim.baseline = 5.22
    m = find(
        r"a 15% fall aims for ([\d.]+) stillbirths per 1,000 births: \"(a fall of "
        r"[\d.]+ per 1,000 births)\"\. The 2015 rate of ([\d.]+) is below ([\d.]+): "
        r"a fall of (\d+)% from the baseline",
        text,
    )
    assert round(aim.implied_goal, 2) == float(m[1]) == float(m[4])
    assert f": {m[2]} (15% of the baseline)." in change_text(aim)
    base, late = stillbirth_rates
    assert round(late, 2) == float(m[3]) < aim.implied_goal
    assert round(100 * (base - late) / base) == int(m[5])


def test_challenge_3(text):
    m = find(
        r'"Reduce falls among residents of Rowan House from (\d+) to (\d+) per 1,000 '
        r"occupied bed days by (\d+ \w+ \d{4}), so that residents stay mobile and "
        r'independent", with an interim aim of (\d+) per 1,000 by (\d+ \w+ \d{4})',
        text,
    )
    better = Aim(
        what="reduce falls",
        who="residents of Rowan House",
        baseline=float(m[1]),
        goal=float(m[2]),
        unit="per 1,000 occupied bed days",
        by=m[3],
        why="so that residents stay mobile and independent",
    )
    assert better.smart_check() == []
    assert better.goal < better.baseline / 2  # a stretch: more than halving
    assert better.goal < int(m[4]) < better.baseline
    assert pd.Timestamp(m[5]) < pd.Timestamp(m[3])
    zero = Aim(what="zero falls", goal=0, by=m[3])
    codes = {f.code for f in zero.smart_check()}
    assert {"smart.measurable.baseline_missing", "smart.relevant.why_missing"} <= codes
    find(r"no baseline, no \"for whom\" beyond the home, and no reason", text)


# ---------------------------------------------------------- quiz and metadata


def test_the_quiz_figures(quiz, scotland):
    assert len(quiz) >= 5
    question = quiz["eyc-baseline"]
    percent = 100 * scotland["all_milestones"] / scotland["reviews"]
    assert f"Scotland started at {round(percent.iloc[0], 1)}%" in question["question"]
    assert question["answer"] == round(85 - round(percent.iloc[0], 1), 1)
    values = {m["value"] for m in question["mistakes"]}
    assert round(100 * question["answer"] / round(percent.iloc[0], 1)) in values
    assert round(round(percent.iloc[-1], 1) - round(percent.iloc[0], 1), 1) in values
    stretch = quiz["stretch"]["options"]["It is a goal nobody could ever reach"]
    assert "a 19% fall against an aim of 15%" in stretch


def test_the_apps_and_data_sets_exist(notebook):
    meta = notebook.metadata["qikit"]
    known = mc.app_classes()
    for name in meta["apps"]:
        assert name in known, name
    for name in meta["datasets"]:
        assert len(load_dataset(name))
    assert hasattr(qikit.apps, "ProjectBuilder")  # named in the text


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors
    # the other links go to terms modules 0 and 6 define
    assert anchors - wanted == {"baseline", "run-chart"}
