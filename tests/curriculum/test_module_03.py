"""Module 3 (understanding the system): every figure and rule it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it from the lesson's example (``qikit.apps.lesson_system``), qikit's
Pareto table and fishbone check, the chart engine or the data sets: the hours on the
discharge map, the vital few of the 120 delays and of the SSKIN audit, the waiting
list's baseline.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from qikit.apps.lesson_system import (
    DISCHARGE_STEPS,
    delay_reasons,
    discharge_fishbone,
    process_map_frame,
    total_hours,
    waiting_hours,
)
from qikit.charts import qic
from qikit.charts.constants import BASELINE_MIN, MIN_POINTS_FOR_RUNS
from qikit.datasets import list_datasets, load_dataset
from qikit.improve import Fishbone, example_fishbone, example_pareto, pareto_table
from qikit.improve.system import DEFAULT_CATEGORIES, MAX_CATEGORIES
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "03_understanding_the_system.ipynb"
QUIZ = CURRICULUM / "quizzes" / "03_understanding_the_system.json"
TERMS = CURRICULUM / "terms" / "03_understanding_the_system.json"


@pytest.fixture(scope="module")
def delays():
    return pareto_table(delay_reasons(), other="Other")


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def share(part: float, whole: float) -> float:
    return round(100 * part / whole, 1)


# ---------------------------------------------------------------- the process map


def test_the_map_is_the_lessons(code):
    find(r"process_map_html\(DISCHARGE_STEPS, caption=", code)


def test_the_boxes_of_the_map(text):
    kinds = process_map_frame()["Kind"].value_counts()
    m = find(
        r"The map has (\d+) boxes: a start, (\d) steps of work, (\d) decision, (\d) "
        r"waits and an end",
        text,
    )
    assert len(DISCHARGE_STEPS) == int(m[1])
    assert (kinds["Step"], kinds["Decision"], kinds["Wait"]) == tuple(
        int(g) for g in m.groups()[1:]
    )
    assert (kinds["Start"], kinds["End"]) == (1, 1)


def test_the_hours_on_the_map(text):
    m = find(
        r"takes (\d+) hours, and (\d+) of them are spent in the three waits: (\d+)% "
        r"of the time, nothing is happening for the patient\. The work itself takes "
        r"(\d+) hours",
        text,
    )
    total, waits, percent, work = (int(g) for g in m.groups())
    assert (total_hours(), waiting_hours()) == (total, waits)
    assert round(100 * waits / total) == percent
    assert total - waits == work
    find(r"in the discharge example, 72 of 79 hours were waiting", text)


def test_the_longest_waits_follow_handoffs(text):
    m = find(
        r"The referral waits (\d+) hours for hospital social work to pick it up, and "
        r"the package of care waits (\d+) hours for a care provider",
        text,
    )
    waits = [s for s in DISCHARGE_STEPS if s.kind == "wait"]
    longest = sorted(waits, key=lambda s: s.hours)[-2:]
    assert {s.hours for s in longest} == {int(m[1]), int(m[2])}
    for wait in longest:
        before = DISCHARGE_STEPS[DISCHARGE_STEPS.index(wait) - 1]
        after = DISCHARGE_STEPS[DISCHARGE_STEPS.index(wait) + 1]
        assert before.who and before.who != after.who  # work passes between teams


def test_challenge_1(text):
    m = find(
        r"48 hours for a care provider to take the package, and 20 hours for the "
        r"referral to be picked up\. Together they are (\d+) of the (\d+) hours of "
        r"waiting\. The medicines step .* takes only (\d+) hours",
        text,
    )
    assert 48 + 20 == int(m[1]) and waiting_hours() == int(m[2])
    medicines = next(s for s in DISCHARGE_STEPS if s.name.startswith("Medicines"))
    assert medicines.hours == int(m[3])
    referral = next(s for s in DISCHARGE_STEPS if s.name.startswith("Referral"))
    assert DISCHARGE_STEPS.index(referral) == 1  # sent straight after "fit to leave"


# --------------------------------------------------------------------- the fishbone


def test_the_fishbone(text):
    fishbone = discharge_fishbone()
    m = find(r"(\w+) ideas in (\w+) categories\. They are qikit's six", text)
    words = {"Twelve": 12, "six": 6}
    assert len(fishbone.to_frame()) == words[m[1]]
    assert len(fishbone.categories) == words[m[2]]
    find(
        r"people, methods, equipment, environment, materials and policies "
        r"\(`DEFAULT_CATEGORIES`\)",
        text,
    )
    assert [c.lower() for c in DEFAULT_CATEGORIES] == [
        "people",
        "methods",
        "equipment",
        "environment",
        "materials",
        "policies",
    ]
    assert tuple(fishbone.categories) == DEFAULT_CATEGORIES


def test_ashgroves_fishbone_renames_a_category(text):
    m = find(
        r"Ashgrove House's fishbone about pressure ulcers \(`example_fishbone\(\)` in "
        r"`qikit\.improve`\) swaps \"(\w+)\" for \"([\w ]+)\"",
        text,
    )
    ashgrove = [c.lower() for c in example_fishbone().categories]
    defaults = [c.lower() for c in DEFAULT_CATEGORIES]
    assert m[1] in defaults and m[1] not in ashgrove
    assert m[2] in ashgrove and m[2] not in defaults
    assert len(ashgrove) == len(defaults)


def test_the_fishbone_check_warns_above_8(text):
    m = find(r"warns when there are more than (\d+), because the diagram", text)
    assert MAX_CATEGORIES == int(m[1])
    many = Fishbone("Falls", {f"Category {i}": ["a cause " + str(i)] for i in range(9)})
    assert any(f.code == "fishbone.too_many_categories" for f in many.validate())
    eight = Fishbone(
        "Falls", {f"Category {i}": ["a cause " + str(i)] for i in range(8)}
    )
    assert eight.validate() == []


# ------------------------------------------------------------------------- Pareto


def test_the_120_delays(text, code, delays):
    find(r'pareto_table\(delay_reasons\(\), other="Other"\)', code)
    m = find(r"the medical wards: (\d+) delays in all", text)
    assert delays["count"].sum() == int(m[1])
    m = find(
        r"Three of the eight reasons account for (\d+) of the (\d+) delays, "
        r"([\d.]+)%: waiting for a care at home package \((\d+)\), waiting for a "
        r"social work assessment \((\d+)\) and waiting for a care home place \((\d+)\)",
        text,
    )
    vital = delays[delays["vital_few"]]
    assert len(delays) == 8 and len(vital) == 3
    assert vital["count"].sum() == int(m[1]) and delays["count"].sum() == int(m[2])
    assert round(vital["cumulative_percent"].iloc[-1], 1) == float(m[3])
    assert vital["count"].tolist() == [int(m[4]), int(m[5]), int(m[6])]
    assert vital["category"].tolist() == [
        "Waiting for a care at home package",
        "Waiting for a social work assessment",
        "Waiting for a care home place",
    ]
    m = find(r"The other five reasons share (\d+) delays between them", text)
    assert delays.loc[~delays["vital_few"], "count"].sum() == int(m[1])
    m = find(r"here (\d) of (\d) reasons give (\d+)% of the delays", text)
    assert (len(vital), len(delays)) == (int(m[1]), int(m[2]))
    assert round(vital["cumulative_percent"].iloc[-1]) == int(m[3])


def test_the_vital_few_rule(text, delays):
    find(
        r"every category whose running total before it is still below 80% "
        r"\(`pareto_table\(threshold=80\)`\)",
        text,
    )
    assert inspect.signature(pareto_table).parameters["threshold"].default == 80
    before = delays["cumulative_percent"].shift(fill_value=0)
    assert (
        delays["vital_few"] == ((before < 80) & (delays["category"] != "Other"))
    ).all()
    find(r'A catch-all "Other" goes last, whatever its size', text)
    assert delays["category"].iloc[-1] == "Other"
    assert delays["count"].iloc[-1] >= delays["count"].min()


def test_two_of_the_vital_few_are_the_long_waits(text, delays):
    find(r"Two of the vital few are the long waits on the process map", text)
    names = [
        s.name.lower() for s in DISCHARGE_STEPS if s.kind == "wait" and s.hours > 10
    ]
    assert any("referral" in n for n in names)  # social work assessment
    assert any("care provider" in n for n in names)  # care at home package


def test_challenge_2_the_sskin_audit(text):
    audit = example_pareto()
    rows = re.findall(r"^\| ([A-Z][^|]+?) \| (\d+) \|$", text, re.M)
    assert [(r, int(n)) for r, n in rows] == list(
        zip(audit["category"], audit["count"], strict=True)
    )
    table = pareto_table(audit, other="Other")
    vital = table[table["vital_few"]]
    m = find(
        r"There are (\d+) incomplete records\. Sorted, the vital few are night "
        r"repositioning not recorded \((\d+)\), skin inspection not written up "
        r"\((\d+)\) and mattress check missing \((\d+)\): (\d+) of the (\d+), "
        r"([\d.]+)%\. The running total before the mattress check is ([\d.]+)%",
        text,
    )
    total = table["count"].sum()
    assert total == int(m[1]) == int(m[6])
    assert vital["count"].tolist() == [int(m[2]), int(m[3]), int(m[4])]
    assert vital["count"].sum() == int(m[5])
    assert share(vital["count"].sum(), total) == float(m[7])
    assert round(table["cumulative_percent"].iloc[1], 1) == float(m[8])
    assert table["category"].iloc[-1] == "Other" and table["count"].iloc[-1] > 1
    m = find(r"Night repositioning alone is (\d+)% of the gaps", text)
    assert round(100 * vital["count"].iloc[0] / total) == int(m[1])


# ------------------------------------------------------------------- the baseline


def test_the_waiting_list_baseline(text, code):
    find(r'qikit\.qic\(waiting\.head\(26\), x="week", y="waiting"', code)
    waiting = load_dataset("waiting_list")
    base = waiting.head(26)
    m = find(
        r"The (\d+) weeks from (\w+) to (\w+) 2019 vary around a median of (\d+) "
        r"people, and the run chart rules find no signal",
        text,
    )
    assert len(base) == int(m[1])
    assert base["week"].iloc[0].strftime("%B") == m[2]
    assert base["week"].iloc[-1].strftime("%B %Y") == f"{m[3]} 2019"
    row = qic(base, x="week", y="waiting").summary().iloc[0]
    assert row["cl"] == int(m[4]) and not bool(row["runs_signal"])
    find(r"started community-led support in October 2019", text)
    assert waiting["week"].iloc[26].strftime("%B %Y") == "October 2019"
    assert (
        "community-led support"
        in list_datasets().set_index("name").loc["waiting_list", "story"]
    )


def test_the_37_percent(text):
    m = find(
        r"In the last 12 weeks of the data set the list was (\d+)% shorter than in "
        r"these 26",
        text,
    )
    waiting = load_dataset("waiting_list")["waiting"]
    assert round(100 * (1 - waiting.tail(12).mean() / waiting.head(26).mean())) == int(
        m[1]
    )
    assert f"{m[1]}%" in list_datasets().set_index("name").loc["waiting_list", "story"]


def test_the_minimum_points(text):
    m = find(
        r"qikit warns when a baseline has fewer than (\d+), and the run chart rules "
        r"need at least (\d+) points \(Anhøj & Olesen 2014\)",
        text,
    )
    assert (BASELINE_MIN, MIN_POINTS_FOR_RUNS) == (int(m[1]), int(m[2]))
    find(r"Aim for 12 or more points", text)
    find(r"plot a baseline of the outcome over time \(12 or more points\)", text)


# ---------------------------------------------------------------------- the quiz


def test_the_quiz_figures(quiz):
    waits = quiz["waits"]
    assert waits["answer"] == round(100 * waiting_hours() / total_hours())
    wrong = {m["value"] for m in waits["mistakes"]}
    assert wrong == {round(100 * (total_hours() - waiting_hours()) / total_hours()), 72}
    question = quiz["vital-few"]["question"]
    counts = dict(re.findall(r"([a-z ]+) \((\d+)\)", question))
    counts = {k.strip(): int(n) for k, n in counts.items()}
    table = pareto_table(counts, other="other")
    assert table.loc[table["vital_few"], "category"].tolist() == [
        "forgot",
        "no reminder sent",
        "transport",
    ]
    totals = [round(p) for p in table["cumulative_percent"].head(3)]
    assert totals == [45, 75, 85]
    assert "45%, 75% and 85%" in quiz["vital-few"]["explanation"]
    assert "3 of 8 reasons gave 81%" in str(quiz["eighty-twenty"]["options"])


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors
    assert anchors - wanted == {"baseline"}  # module 0's term, linked here
