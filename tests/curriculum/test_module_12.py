"""Module 12 (capstone): every figure, rule and instruction it states.

Each test finds a statement in the notebook (or its quiz or facilitator guide) by a
regular expression and recomputes it from the worked example
(:func:`qikit.improve.example_project`) with the chart engine, or checks it against
the apps it tells learners to click: the parts of the story, the driver diagram, the
three measures and what their charts show (the rules quoted included), the PDSA log,
and the buttons of the project builder and the chart studio.
"""

from __future__ import annotations

import inspect
import json
import re
import warnings
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from qikit.apps import ProjectBuilder
from qikit.apps._project_charts import StoryboardStep
from qikit.apps._project_save import SaveStep
from qikit.apps.chart_studio import SOURCES
from qikit.apps.lesson_capstone import story_frame
from qikit.errors import QikitWarning
from qikit.improve import Project, example_project, load_project
from qikit.store import Store, open_store
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "12_capstone.ipynb"
QUIZ = CURRICULUM / "quizzes" / "12_capstone.json"
TERMS = CURRICULUM / "terms" / "12_capstone.json"
GUIDE = CURRICULUM / "trainers" / "12_capstone.md"


@pytest.fixture(scope="module")
def guide():
    return GUIDE.read_text("utf-8")


@pytest.fixture(scope="module")
def project():
    return example_project()


@pytest.fixture(scope="module")
def freeze(code):
    found = set(re.findall(r"freeze=(\d+)", code))
    assert len(found) == 1, found  # one baseline for every chart
    return int(found.pop())


def chart(project, measure: str, freeze: int):
    with warnings.catch_warnings():
        warnings.simplefilter("error", QikitWarning)  # a full 12-point baseline
        return project.get_measure(measure).chart(freeze=freeze)


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def month(value) -> str:
    return pd.Timestamp(value).strftime("%B %Y")


# ------------------------------------------------------------ the story


def test_the_example_is_the_project_builders(text, code, project):
    find(r"Ashgrove House is a 40-bed care home \(invented for teaching\)", text)
    assert "a 40-bed care home" in project.aim.who
    assert "Invented" in project.aim.notes
    find(r"project = example_project\(\)", code)
    builder = ProjectBuilder()
    builder.replace_ok.value = True
    builder.open_example()
    assert builder.project == project


def test_the_six_parts(text, project):
    find(r"\*\*The rule\.\*\* A project's story has the same parts", text)
    parts = re.findall(r"^\d\. \*\*([^*]+)\*\*", text, re.M)
    assert parts == [
        "The aim",
        "The driver diagram",
        "The family of measures",
        "Annotated charts",
        "The PDSA log",
        "The key learning",
    ]
    find(r"A storyboard puts all six on one page", text)
    frame = story_frame(project)
    assert len(frame) == 6 and "Not yet" not in set(frame["In this project"])
    find(r"says \"Not yet\" against it", text)
    find(r"`story_table\(app\.project, caption=\"My project\"\)`", text)
    assert isinstance(ProjectBuilder().project, Project)
    assert set(story_frame(Project("Mine"))["In this project"]) == {"Not yet"}


def test_the_aim_and_its_smart_check(text, project):
    find(r"with its SMART check \(module 2\) finding nothing missing", text)
    assert project.aim.smart_check() == []
    assert (project.aim.baseline, project.aim.goal) == (2.2, 1.1)


def test_the_driver_diagram(text, project):
    m = find(
        r"links the aim to (\w+) primary drivers, (\w+) secondary drivers and (\w+) "
        r"change ideas",
        text,
    )
    words = {"four": 4, "nine": 9, "twelve": 12}
    levels = [n.level for n in project.driver_diagram.nodes]
    assert levels.count("primary") == words[m[1]]
    assert levels.count("secondary") == words[m[2]]
    assert levels.count("change") == words[m[3]]
    m = find(r"the repositioning clock by the bed, sits under \"([^\"]+)\"", text)
    nodes = {n.id: n for n in project.driver_diagram.nodes}
    clock = nodes["c-reposition-clock"]
    assert clock.text == "Repositioning clock by the bed"
    primary = nodes[nodes[clock.parent].parent]
    assert primary.level == "primary" and primary.text == m[1]
    assert {c.change_idea for c in project.pdsa_cycles} == {"c-reposition-clock"}


def test_the_family_and_the_baseline(text, project, freeze):
    kinds = [m.kind for m in project.measures]
    assert kinds == ["outcome", "process", "balancing"]
    m = find(
        r"Each has (\d+) months of data, from (\w+ \d{4}) to (\w+ \d{4})\. The "
        r"baseline is the first (\d+) months, to (\w+ \d{4}): the first two tests, "
        r"in (\w+ \d{4}), involved one and then three residents",
        text,
    )
    for measure in project.measures:
        x = measure.data["x"]
        assert len(x) == int(m[1])
        assert (month(x.min()), month(x.max())) == (m[2], m[3])
        assert month(x.iloc[freeze - 1]) == m[5]
    assert freeze == int(m[4]) == 12
    first, second = project.pdsa_cycles[:2]
    assert month(first.start) == month(second.start) == m[6]
    assert (first.scale, second.scale) == ("one resident", "three residents")


# ------------------------------------------------------------ the charts


def test_the_sskin_chart(text, code, project, freeze):
    find(r'sskin = project.get_measure\("sskin-bundle"\)', code)
    res = chart(project, "sskin-bundle", freeze)
    row = res.summary().iloc[0]
    m = find(
        r"Over the baseline year, ([\d.]+)% of residents had their SSKIN bundle fully "
        r"completed",
        text,
    )
    assert round(row["cl"], 1) == float(m[1])
    m = find(
        r"every month from (\w+ \d{4}) to (\w+ \d{4}) is above the upper limit, "
        r"between (\d+)% and (\d+)%, and (\w+ \d{4}) reached the target of (\d+)%",
        text,
    )
    f = res.frame
    above = f[f["y"] > f["ucl"]]
    assert month(above["x"].iloc[0]) == m[1] and month(above["x"].iloc[-1]) == m[2]
    since = f[f["x"] >= above["x"].iloc[0]]
    assert len(above) == len(since) == 10  # every month since, none missed
    assert int(since["y"].min()) == int(m[3])  # 79.5%: "between 79%"
    assert round(since["y"].max()) == int(m[4])
    measure = project.get_measure("sskin-bundle")
    last = f.iloc[-1]
    assert month(last["x"]) == m[5] and measure.target == int(m[6])
    assert round(last["y"]) == measure.target
    find(r"it starts as the clocks reach whole units \(PDSA 3 and 4\)", text)
    third, fourth = project.pdsa_cycles[2:4]
    assert (third.scale, fourth.scale) == ("one unit", "all units")
    assert third.start < above["x"].iloc[0].date()
    assert month(fourth.start) == "May 2024" and m[1] == "June 2024"


def test_the_ulcers_chart_and_its_rules(text, project, freeze):
    res = chart(project, "pressure-ulcers", freeze)
    row = res.summary().iloc[0]
    data = project.get_measure("pressure-ulcers").data
    m = find(
        r"the home had ([\d.]+) new pressure ulcers per 1,000 occupied bed days \(the "
        r"aim rounds it to ([\d.]+)\), with limits from (\d+) to about ([\d.]+) \(the "
        r"upper limit moves a little with each month's bed days\)\. In the 12 months "
        r"from (\w+ \d{4}) it had ([\d.]+) per 1,000",
        text,
    )
    assert round(row["cl"], 2) == float(m[1])
    assert round(row["cl"], 1) == float(m[2]) == project.aim.baseline
    assert row["lcl"] == int(m[3]) and round(row["ucl"], 1) == float(m[4])
    ucl = res.frame["ucl"]
    assert ucl.nunique() > 1 and ucl.max() - ucl.min() < 0.5
    later = data[data["x"] >= pd.Timestamp(m[5])]
    assert len(later) == 12
    assert round(1000 * later["y"].sum() / later["n"].sum(), 2) == float(m[6])
    m = find(
        r"the chart shows no signal yet: no point is outside the limits, the longest "
        r"run on one side of the centre line is (\d+) points \(a run of more than "
        r"(\d+) would be a signal\) and the line crosses the centre line (\d+) times "
        r"\(fewer than (\d+) would be a signal\)",
        text,
    )
    assert not res.frame["signal"].any() and row["sigma_signal"] == 0
    assert row["longest_run"] == int(m[1]) and row["longest_run_max"] == int(m[2])
    assert row["n_crossings"] == int(m[3]) and row["n_crossings_min"] == int(m[4])
    assert round(np.log2(row["n_useful"])) + 3 == int(m[2])  # Anhøj & Olesen 2014
    assert not bool(row["runs_signal"])
    m = find(r"Pressure ulcers are rare events, about (\w+) a month here", text)
    assert m[1] == "two" and round(data["y"].mean()) == 2


def test_the_balancing_measure(text, project, freeze):
    m = find(
        r"The balancing measure, overtime, stays stable around (\d+) hours a month, "
        r"with no signal",
        text,
    )
    res = chart(project, "overtime", freeze)
    row = res.summary().iloc[0]
    assert round(row["cl"]) == int(m[1])
    assert not res.frame["signal"].any() and not bool(row["runs_signal"])


def test_challenge_1_and_the_quiz(text, quiz, project, freeze):
    m = find(
        r"from (\d+)% to between (\d+)% and (\d+)% of residents every month since (\w+ "
        r"\d{4}), a signal of improvement\); new pressure ulcers have fallen from "
        r"([\d.]+) to ([\d.]+) per 1,000 bed days over the last year, but the U chart "
        r"shows no signal yet",
        text,
    )
    sskin = chart(project, "sskin-bundle", freeze).summary().iloc[0]
    assert round(sskin["cl"]) == int(m[1])
    assert (m[2], m[3], m[4]) == ("79", "98", "June 2024")
    data = project.get_measure("pressure-ulcers").data.tail(12)
    rate = round(1000 * data["y"].sum() / data["n"].sum(), 1)
    assert float(m[5]) == project.aim.baseline and float(m[6]) == rate
    question = quiz["not-yet"]["question"]
    assert f"fell from {project.aim.baseline} to {rate} per 1,000 bed days" in question
    assert "Pressure ulcers have almost halved" in quiz["not-yet"]["options"]


# ------------------------------------------------------------ the PDSA log


def test_the_pdsa_log(text, project):
    cycles = project.pdsa_cycles
    m = find(r"on a ramp of (\w+) cycles \(module 9\): ([^.]+)\.", text)
    assert m[1] == "four" and len(cycles) == 4
    assert [c.scale for c in cycles] == [
        "one resident",
        "three residents",
        "one unit",
        "all units",
    ]
    assert all(c.predictions for c in cycles)
    find(
        r"the first night was worse than the others, because the agency carer had not "
        r"been shown the clock: the team adapted the change by adding a handover "
        r"briefing",
        text,
    )
    first = cycles[0]
    assert "agency carer had not been shown" in first.study.comparison
    assert first.act.decision == "adapt" and "handover" in first.act.next_cycle
    find(r"Cycles 3 and 4 went as predicted, and the team adopted the change", text)
    assert [c.study.comparison for c in cycles[2:]] == ["As predicted"] * 2
    assert [c.act.decision for c in cycles[2:]] == ["adopt", "adopt"]
    find(r"grew from low in cycle 1 to high in cycle 4", text)
    assert (cycles[0].belief, cycles[-1].belief) == ("low", "high")


def test_challenge_3_model_answer(text, project):
    cycles = project.pdsa_cycles
    find(
        r"For one resident, we predicted that staff would turn the clock at five of "
        r"six night repositionings; on the first night they turned it at four of six",
        text,
    )
    assert first_cycle_says(cycles[0])
    m = find(r"By the fourth cycle every unit kept (\d+)% to (\d+)% of turns", text)
    assert cycles[3].study.results == f"{m[1]}% to {m[2]}% on time by unit"
    m = find(r"from ([\d.]+) to ([\d.]+) per 1,000 bed days, by (\w+ \d{4})", text)
    aim = project.aim
    assert (float(m[1]), float(m[2]), month(aim.by)) == (aim.baseline, aim.goal, m[3])
    find(r"brief the agency staff first", text)
    assert any("Agency staff need a briefing" in n.text for n in project.notes)


def first_cycle_says(cycle) -> bool:
    return (
        cycle.scale == "one resident"
        and "turn the clock at 5 of 6 night repositionings" in cycle.predictions[0]
        and "turned at 4 of 6 turns on the first night" in cycle.do.what_happened
    )


# ------------------------------------------------------------ the apps


def _labels(app) -> set[str]:
    seen, out, todo = set(), set(), [app]
    while todo:
        widget = todo.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        if getattr(widget, "description", ""):
            out.add(widget.description)
        todo.extend(getattr(widget, "children", ()) or ())
    return out


def test_what_to_click_is_what_the_apps_say(text):
    labels = _labels(ProjectBuilder())
    for label in re.findall(r"click \*\*([^*]+)\*\*", text):
        assert label in labels, label
    for label in (
        "Open the Ashgrove House example",
        "Make the storyboard",
        "Save to the cohort store",
        "Load from the cohort store",
        "Upload a project file",
    ):
        assert f"**{label}**" in text and label in labels
    find(r"open step 6, \*\*Storyboard\*\*", text)
    assert StoryboardStep.title.startswith("6. Storyboard")
    find(r"step 7, \*\*Save and resume\*\*", text)
    assert SaveStep.title.startswith("7. Save and resume")
    find(r"\*\*Download the project file\*\* saves your whole project", text)
    assert "Download the project file" in inspect.getsource(SaveStep)
    find(r"step 2, \*\*Measures\*\*", text)
    assert "Next step: 2. Measures" in labels
    find(r"under \*\*Your data\*\*, choose \*\*Paste from Excel\*\*", text)
    find(r"or \*\*Upload a file\*\* \(CSV or Excel\)", text)
    assert {"Paste from Excel", "Upload a file"} <= set(SOURCES)


def test_the_jupyterlab_calls_exist(text):
    find(r"`load_project\(\"[\w-]+\.qiproj\.json\"\)`", text)
    assert callable(load_project)
    m = find(
        r"`open_store\(\)\.load_project\(\"([^\"]+)\", \"([^\"]+)\", \"([^\"]+)\"\)`",
        text,
    )
    assert callable(open_store)
    params = list(inspect.signature(Store.load_project).parameters)
    assert params[1:4] == ["cohort", "team", "project"] and len(m.groups()) == 3


# ------------------------------------------------------------ the rest


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors
    assert {"project-file", "cohort-store"} <= anchors  # module 0's terms, linked


def test_the_last_cell_links_back(notebook):
    last = notebook.cells[-1]
    targets = [target for _, target in mc.links(last.source)]
    assert "00_welcome.ipynb" in targets
    apps = [t for t in targets if t.startswith("apps/")]
    assert "apps/chart_studio.ipynb" in apps
    for target in targets:
        assert (CURRICULUM / target).is_file(), target
    assert notebook.metadata["qikit"]["next"] is None


def test_the_guide_quotes_the_rules_as_the_module(guide, project, freeze):
    row = chart(project, "pressure-ulcers", freeze).summary().iloc[0]
    m = find(r"longest run (\d+), limit (\d+); (\d+) crossings, at least (\d+)", guide)
    got = (row["longest_run"], row["longest_run_max"], row["n_crossings"])
    assert np.allclose(got, (int(m[1]), int(m[2]), int(m[3])))
    assert row["n_crossings_min"] == int(m[4])
    assert isinstance(ProjectBuilder(), widgets.VBox)
