"""Module 4 (theory of change): every figure and rule it states.

Each test finds a statement in the notebook (or its quiz or facilitator guide) by a
regular expression and recomputes it from qikit's built-in driver diagrams
(:func:`qikit.improve.example_driver_diagram`), their check
(:meth:`~qikit.improve.DriverDiagram.validate`), the change concepts and national
drivers of ``qikit.apps.lesson_theory_of_change``, module 3's discharge map and the
data sets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qikit.apps.lesson_system import DISCHARGE_STEPS, total_hours
from qikit.apps.lesson_theory_of_change import (
    CHANGE_CONCEPT_COUNT,
    CHANGE_CONCEPTS,
    NCS_PRIMARY_DRIVERS,
    ncs_drivers_frame,
)
from qikit.datasets import list_datasets, load_dataset
from qikit.improve import DriverDiagram, example_driver_diagram, example_measures
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "04_theory_of_change.ipynb"
QUIZ = CURRICULUM / "quizzes" / "04_theory_of_change.json"
TERMS = CURRICULUM / "terms" / "04_theory_of_change.json"
GUIDE = CURRICULUM / "trainers" / "04_theory_of_change.md"


@pytest.fixture(scope="module")
def ashgrove():
    return example_driver_diagram("pressure_ulcers")


@pytest.fixture(scope="module")
def ncs():
    return example_driver_diagram("ncs_conditions")


@pytest.fixture(scope="module")
def outline(text):
    """Challenge 3's solution: a driver diagram outline."""
    return DriverDiagram.from_outline(find(r"```text\n(.*?)\n```", text)[1])


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text, re.S)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def concepts() -> dict[str, str]:
    """Every change concept in the lesson's table (lower case) and its group."""
    return {
        concept.lower(): group
        for group, (names, _) in CHANGE_CONCEPTS.items()
        for concept in names
    }


# ------------------------------------------------------------- Ashgrove House


def test_the_ashgrove_diagram(text, code, ashgrove):
    find(r'ashgrove = example_driver_diagram\("pressure_ulcers"\)', code)
    m = find(
        r"One aim, (\d+) primary drivers, (\d+) secondary drivers and (\d+) change "
        r"ideas\. One secondary driver",
        text,
    )
    counts = (len(ashgrove.primaries), len(ashgrove.secondaries))
    assert counts + (len(ashgrove.change_ideas),) == tuple(int(g) for g in m.groups())
    assert ashgrove.aim


def test_one_box_supports_two_drivers(text, ashgrove):
    m = find(r'One secondary driver, "([^"]+)", supports two primary drivers', text)
    shared = [n for n in ashgrove.secondaries if len(n.parents) > 1]
    assert [n.text for n in shared] == [m[1]]
    assert len(shared[0].parents) == 2


def test_the_repositioning_clock(text, ashgrove):
    m = find(
        r'The change idea "([^"]+)" is linked to (\w+) measures and to the (\d+) '
        r"PDSA cycles",
        text,
    )
    clock = next(n for n in ashgrove.change_ideas if n.text == m[1])
    assert {"two": 2}[m[2]] == len(clock.measures)
    assert len(clock.pdsa) == int(m[3])
    assert set(clock.measures) <= {x.id for x in example_measures()}


def test_reading_left_to_right_follows_the_diagram(text, ashgrove):
    find(
        r"the SSKIN bundle must be carried out reliably, day and night; that depends "
        r"on repositioning on time; and the team will test a repositioning clock",
        text,
    )
    clock = next(n for n in ashgrove.change_ideas if n.text.startswith("Repositioning"))
    secondary = ashgrove.node(clock.parents[0])
    primary = ashgrove.node(secondary.parents[0])
    assert secondary.text.startswith("Repositioning on time")
    assert primary.text.startswith("The SSKIN bundle is carried out reliably")


def test_module_3s_audit_is_ashgroves(text):
    find(r"Ashgrove House is qikit's invented care home \(module 3 met its SSKIN", text)
    module_3 = (CURRICULUM / "03_understanding_the_system.ipynb").read_text("utf-8")
    assert "example_pareto()" in module_3 and "Ashgrove House" in module_3


# -------------------------------------------------------------- the national draft


def test_the_five_primary_drivers(text, code, ncs):
    find(r'ncs = example_driver_diagram\("ncs_conditions"\)', code)
    find(r"it names five primary drivers", text)
    assert len(NCS_PRIMARY_DRIVERS) == len(ncs.primaries) == 5
    # qikit's shorter wording keeps each driver's key words, in the response's order
    keys = ["person-centred", "capability", "spread", "leadership", "roles"]
    for key, source, short in zip(
        keys, NCS_PRIMARY_DRIVERS, [p.text for p in ncs.primaries], strict=True
    ):
        assert key in source.lower() and key in short.lower()
    frame = ncs_drivers_frame(ncs)
    assert frame["In the response"].tolist() == list(NCS_PRIMARY_DRIVERS)
    assert frame["Secondary drivers"].sum() == len(ncs.secondaries)


def test_the_key_points_name_the_five(text):
    m = find(
        r"has five primary drivers: person-centred, evidence-informed design; "
        r"capacity and capability; evaluating and spreading improvement; leadership "
        r"that drives improvement; and clear national and local roles",
        text,
    )
    assert m
    named = ["evidence-informed", "capability", "spreading", "Leadership", "roles"]
    for word, driver in zip(named, NCS_PRIMARY_DRIVERS, strict=True):
        assert word in driver


def test_the_secondary_drivers_and_the_check(text, ncs):
    m = find(r"qikit's (\d+) secondary drivers are summaries of that text", text)
    assert len(ncs.secondaries) == int(m[1])
    m = find(
        r"One aim, (\d) primary drivers and (\d+) secondary drivers, but no change "
        r"ideas",
        text,
    )
    assert (len(ncs.primaries), len(ncs.secondaries)) == (int(m[1]), int(m[2]))
    assert not ncs.change_ideas
    m = find(
        r"In all it finds (\d+) things to do: the diagram as a whole has no change "
        r"ideas, and neither does any of its (\d+) secondary drivers",
        text,
    )
    findings = ncs.validate()
    assert len(findings) == int(m[1]) == 1 + int(m[2])
    codes = [f.code for f in findings]
    assert codes.count("driver.empty_level") == 1
    assert codes.count("driver.no_children") == len(ncs.secondaries)


def test_hospital_at_home_in_22_partnerships(text):
    m = find(
        r"which Healthcare Improvement Scotland was supporting in (\d+) Health", text
    )
    assert load_dataset("hospital_at_home")["partnership"].nunique() == int(m[1])
    story = list_datasets().set_index("name").loc["hospital_at_home", "story"]
    assert f"{m[1]} partnerships" in story


# --------------------------------------------------------------- change concepts


def test_72_concepts_in_nine_groups(text, quiz):
    find(r"lists 72 change concepts in nine groups \(Langley et al\. 2009\)", text)
    find(r"\(72 in nine groups, Langley et al\. 2009\)", text)
    assert CHANGE_CONCEPT_COUNT == 72 and len(CHANGE_CONCEPTS) == 9
    assert "72 change concepts in nine groups" in quiz["change-concept"]["explanation"]
    groups = re.findall(r"'([^']+)'", quiz["change-concept"]["explanation"])
    assert set(groups) <= {g.lower() for g in CHANGE_CONCEPTS} | {
        g for g in CHANGE_CONCEPTS
    }


def test_the_course_examples_use_listed_concepts(text):
    listed = concepts()
    m = find(r'the concepts "([^"]+)" and "([^"]+)" suggest sending the referral', text)
    assert {listed[m[1]], listed[m[2]]} == {"Improve work flow"}
    m = find(r'At Ashgrove House, "([^"]+)" became the repositioning clock', text)
    assert listed[m[1]] == "Design systems to avoid mistakes"
    m = find(r"the referral waiting (\d+) hours after a handoff", text)
    referral = DISCHARGE_STEPS[2]
    assert referral.kind == "wait" and referral.hours == int(m[1])
    assert DISCHARGE_STEPS[1].name.startswith("Referral")


def test_the_concepts_in_the_solutions_are_real(text):
    listed = concepts()
    named = re.findall(r"\*([a-z][^*]+)\*", text)
    # concepts the solutions name from the table, written in italics
    in_table = [n for n in named if n in listed]
    assert {
        "offer the product or service anyplace",
        "give people access to information",
        "minimise handoffs",
        "do tasks in parallel",
    } <= set(in_table)


# -------------------------------------------------------------------- challenges


def test_challenge_1_sorts_the_notes(text):
    section = find(r"### Challenge 1: which box\?(.*?)</details>", text)[1]
    notes = dict(re.findall(r"^(\d)\. (.+)$", section, re.M))
    assert len(notes) == 6
    answers = re.findall(r"(\d), \"([^\"]+)\"", section)
    answers += re.findall(r"(\d), \"([^\"]+)\" \(under", section)
    for number, words in answers:
        assert notes[number] == words
    diagram = DriverDiagram(notes["2"])
    primary = diagram.add_primary(notes["3"])
    for secondary, change in (("4", "5"), ("6", "1")):
        node = diagram.add_secondary(notes[secondary], parent=primary)
        diagram.add_change_idea(notes[change], parent=node)
    assert diagram.validate() == []


def test_challenge_3_outline(text, outline):
    find(r"from (\d+) hours to 36 hours by 31 March 2027", text)
    m = find(r"leaving the ward, for patients going home .*? from (\d+) hours", text)
    assert int(m[1]) == total_hours()
    assert outline.aim.startswith("Reduce the time from fit to leave")
    assert f"from {total_hours()} hours" in outline.aim
    assert outline.validate() == []
    find(r"Its three primary drivers answer module 3's findings", text)
    find(r"qikit's check finds nothing missing in it", text)
    assert len(outline.primaries) == 3
    guide = GUIDE.read_text("utf-8")
    m = find(r"(\w+) secondary drivers and (\w+) change ideas, among them", guide)
    words = {"Six": 6, "seven": 7}
    assert (len(outline.secondaries), len(outline.change_ideas)) == (
        words[m[1]],
        words[m[2]],
    )
    texts = [n.text for n in outline.change_ideas]
    assert (
        "Referral sent when the planned date is set, not when the patient is fit"
        in (texts)
    )


# ---------------------------------------------------------------------- the quiz


def test_the_quiz_figures(quiz, ncs, ashgrove):
    question = quiz["how-many-primaries"]
    assert question["answer"] == len(NCS_PRIMARY_DRIVERS) == len(ncs.primaries)
    mistakes = {m["value"] for m in question["mistakes"]}
    assert mistakes == {len(ncs.secondaries), len(ashgrove.primaries)}
    group = quiz["concept-group"]
    assert group["answer"] == "Design systems to avoid mistakes"
    names = [c.lower() for c in CHANGE_CONCEPTS[group["answer"]][0]]
    for concept in re.findall(r"'([^']+)'", group["explanation"]):
        if concept != group["answer"]:
            assert concept.lower() in names
    explanation = quiz["ncs-primary"]["explanation"]
    assert "building capacity and capability" in explanation
    assert quiz["ncs-primary"]["answer"] == NCS_PRIMARY_DRIVERS[1]


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted == anchors
