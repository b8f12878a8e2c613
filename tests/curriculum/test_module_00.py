"""Module 0 (welcome): every figure, address, file name and label it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
checks it against the chart engine, the data sets, the apps or the files that serve
the pages, so the welcome page cannot drift from what qikit does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from pathlib import Path

import pytest

from qikit.apps import ProjectBuilder
from qikit.charts import qic
from qikit.datasets import list_datasets, load_dataset
from qikit.errors import QikitWarning
from qikit.improve import Project, project_to_bytes
from qikit.improve.project import FILE_SUFFIX
from qikit.store import ENV_VAR, default_store_path
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "00_welcome.ipynb"
QUIZ = CURRICULUM / "quizzes" / "00_welcome.json"
TERMS = CURRICULUM / "terms" / "00_welcome.json"
TEMPLATE = mc.ROOT / "share" / "jupyter" / "voila" / "templates" / "qikit"


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


@pytest.fixture(scope="module")
def falls():
    return load_dataset("ward_falls")


@pytest.fixture(scope="module")
def chart(falls):
    with warnings.catch_warnings():
        warnings.simplefilter("error", QikitWarning)  # the page shows no warning
        return qic(falls, x="month", y="falls", freeze=12, improvement="decrease")


# ------------------------------------------------------------------- the first chart


def test_the_chart_is_drawn_from_the_data_set_as_the_text_says(code):
    find(r'falls = load_dataset\("ward_falls"\)', code)
    find(
        r'res = qikit\.qic\(falls, x="month", y="falls", freeze=12, \*\*options\)', code
    )
    find(r'"improvement": "decrease"', code)
    # the welcome page's browser tests read the notebook's own `res`
    find(r"print\(res\.explain\(\)\)", code)


def test_the_baseline_and_its_median(text, falls, chart):
    find(r"A 28-bed medical ward started a falls prevention plan in January 2024", text)
    m = find(
        r"The (\d+) months before the plan, January to December 2023, are the "
        r"baseline.*?the median from the baseline only, (\d+) falls",
        text,
    )
    months, median = int(m[1]), float(m[2])
    assert months == 12
    assert (falls["month"].head(months).dt.year == 2023).all()
    assert falls["month"].iloc[months].strftime("%B %Y") == "January 2024"
    row = chart.summary().iloc[0]
    assert row["cl"] == median == falls["falls"].head(months).median()
    assert len(falls) == 24  # "for two years"


def test_the_reading_of_the_chart(text, falls, chart):
    row = chart.summary().iloc[0]
    m = find(
        r"All (\d+) months of 2024 are below the baseline median of (\d+) falls: a run "
        r"of (\d+) points",
        text,
    )
    after = falls[falls["month"].dt.year == 2024]
    assert int(m[1]) == len(after) == int(m[3]) == row["longest_run"]
    assert (after["falls"] < float(m[2])).all()
    m = find(
        r"(\w+) months of 2023 had exactly (\d+) falls; .*?qikit counts (\d+) useful "
        r"points, not (\d+)",
        text,
    )
    on = int((falls["falls"] == int(m[2])).sum())
    assert {"Three": 3}[m[1]] == on
    assert (int(m[3]), int(m[4])) == (row["n_useful"], row["n_obs"]) == (24 - on, 24)
    m = find(r"With (\d+) useful points a run longer than (\d+) rarely happens", text)
    assert (int(m[1]), int(m[2])) == (row["n_useful"], row["longest_run_max"])
    assert bool(row["runs_signal"])
    assert "in the direction of improvement" in chart.explain()
    find(r"these are the Anhøj rules, Anhøj & Olesen 2014", text)
    assert chart.rules == "anhoej"


def test_challenge_1(text, falls):
    m = find(
        r"(\w+) months had more than 9 falls \(March, May, August and December 2023, "
        r"with ([\d, and]+)\) and (\w+) had fewer; the other (\w+) had exactly 9",
        text,
    )
    words = {"Three": 3, "three": 3, "Four": 4, "four": 4, "five": 5}
    base = falls[falls["month"].dt.year == 2023]
    base = base.set_index(base["month"].dt.month)
    more = base[base["falls"] > 9]
    assert words[m[1]] == len(more)
    assert more.index.tolist() == [3, 5, 8, 12]
    assert [int(n) for n in re.findall(r"\d+", m[2])] == more["falls"].tolist()
    assert words[m[3]] == int((base["falls"] < 9).sum())
    assert words[m[4]] == int((base["falls"] == 9).sum())
    m = find(r"2\. (\w+) 2024, with (\d+) falls", text)
    after = falls[falls["month"].dt.year == 2024]
    fewest = after.loc[after["falls"].idxmin()]
    assert (m[1], int(m[2])) == (fewest["month"].strftime("%B"), fewest["falls"])
    assert (after["falls"] == fewest["falls"]).sum() == 1
    m = find(r"Falls went up from (\d+) in July 2024 to (\d+) in August", text)
    by_month = after.set_index(after["month"].dt.month)["falls"]
    assert (by_month[7], by_month[8]) == (int(m[1]), int(m[2]))


# ------------------------------------------------------------- the pages and the apps


def test_the_address_of_the_pages(text):
    m = find(r"`make app` serves the pages at (http://[\d.]+:\d+)", text)
    makefile = (mc.ROOT / "Makefile").read_text(encoding="utf-8")
    host = re.search(r"^HOST \?= (\S+)$", makefile, re.M)[1]
    port = re.search(r"^PORT \?= (\S+)$", makefile, re.M)[1]
    assert m[1] == f"http://{host}:{port}"


def test_the_page_template_has_the_switches_the_text_names(text):
    header = (TEMPLATE / "qikit_header.html").read_text(encoding="utf-8")
    for label in ("Larger text", "All qikit pages"):
        assert f"**{label}**" in text
        assert f">{label}<" in header


def test_the_data_sets_the_text_names(text):
    sets = list_datasets()
    assert "ward_falls" in set(sets["name"])
    find(r"Every data set in qikit is made up for teaching", text)
    assert (mc.ROOT / "datasets" / "README.md").is_file()
    assert "`datasets/README.md`" in text
    m = find(r"the Early Years Collaborative, which all (\d+) Community Planning", text)
    assert load_dataset("milestones_27_30")["cpp"].nunique() == int(m[1])


#: Bold words in the module that are not labels on a page, each with the reason.
NOT_LABELS = {
    "The question.": "a paragraph's lead-in",
    "Scotland's answer.": "a paragraph's lead-in",
    "What qikit does.": "a paragraph's lead-in",
    "An example.": "a paragraph's lead-in",
    "Reading it.": "a paragraph's lead-in",
    "The rule.": "a paragraph's lead-in",
    "In a web browser.": "a paragraph's lead-in",
    "In JupyterLab.": "a paragraph's lead-in",
    "Messages, not errors.": "a paragraph's lead-in",
    "For the trainer.": "a paragraph's lead-in",
    "The project file": "step 7's heading, 'The project file'",
    "The cohort store": "step 7's heading, 'The cohort store (…)'",
    "Apps": "the landing page's section heading (etc/jupyter/voila.py)",
    "Solution": "the summary of every challenge's hidden solution",
    "Time:": "the title cell's time line, which every module has",
    "Run → Run All Cells": "JupyterLab's menu",
    "Save and resume": "the title of step 7, '7. Save and resume'",
    "Next:": "the last line of every module",
}


def _sources() -> str:
    files = [
        *sorted((mc.ROOT / "qikit" / "apps").glob("*.py")),
        *sorted(TEMPLATE.rglob("*.*")),
        mc.ROOT / "etc" / "jupyter" / "voila.py",
    ]
    return "\n".join(p.read_text(encoding="utf-8") for p in files if p.is_file())


def test_every_label_the_module_names_is_on_a_page(text):
    words = _sources().replace("\\u2026", "…")
    bold = set(re.findall(r"\*\*(.+?)\*\*", text))
    missing = [
        label
        for label in sorted(bold - set(NOT_LABELS))
        if label not in words and label.rstrip(".") not in words
    ]
    assert not missing, f"labels no page has (renamed?): {missing}"
    for heading in ("The project file", "The cohort store"):
        assert f'heading("{heading}' in words
    assert 'SECTIONS = {\n    "": ("Modules"' in words and '"apps": ("Apps"' in words


# ------------------------------------------------------------------- messages


def test_the_message_quoted_is_the_one_the_builder_gives(text):
    m = find(r"the message reads:\n\n> (.+)\n", text)
    app = ProjectBuilder(today=dt.date(2026, 12, 1))
    assert app.aim.baseline.description.startswith(
        "Baseline: where you start (a number)"
    )
    find(r"\*\*Baseline: where you start \(a number\)\*\*", text)
    app.aim.baseline.value = "eighty"
    assert app.status_state == "error"
    assert app.status_text == "There is a problem: see the message below."
    find(r"\*\*There is a problem: see the message below\*\*", text)
    assert app.error_text == m[1]
    assert m[1] in text.split("### Challenge 2")[1]  # the solution quotes it too
    app.aim.baseline.value = "80"
    assert (app.status_state, app.status_text, app.error_text) == (
        "ready",
        "Aim updated",
        "",
    )
    find(r"Type 80 and the status line says \*\*Aim updated\*\*", text)


# ------------------------------------------------------------ saving and resuming


def test_the_project_file_name(text):
    find(r"a file whose name ends `\.qiproj\.json`", text)
    assert FILE_SUFFIX == ".qiproj.json"
    m = find(r"a project called ([\w ]+) becomes `([\w.-]+)`", text)
    assert Project(m[1]).suggested_filename() == m[2]


def _upload(data: bytes, name: str) -> tuple[dict, ...]:
    return (
        {
            "name": name,
            "type": "",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 12, 1),
        },
    )


def test_challenge_3_the_project_file_round_trip(text):
    app = ProjectBuilder(today=dt.date(2026, 12, 1))
    app.name.value = "Falls on Ward 6"
    app.team.value = "Ward 6"
    assert "Download the project file" in app.save.download.value
    data = project_to_bytes(app.project)
    again = ProjectBuilder(today=dt.date(2026, 12, 1))
    again.save.file.value = _upload(data, app.project.suggested_filename())
    m = find(r"[Tt]he status line says \*\*(Project file opened)\*\*", text)
    assert again.status_text == m[1]
    assert (again.project.name, again.project.team) == ("Falls on Ward 6", "Ward 6")


def test_challenge_3_the_cohort_store_round_trip(text, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "spring-2026.sqlite3"))
    app = ProjectBuilder(today=dt.date(2026, 12, 1))
    app.name.value = "Falls on Ward 6"
    app.save.join.cohort_box.value = "Spring 2026"
    app.save.join.team_box.value = "Ward 6"
    app.save.join.join()
    app.save.save.click()
    assert app.status_text == "Project saved to the cohort store"
    again = ProjectBuilder(today=dt.date(2026, 12, 1))
    again.save.join.cohort_box.value = "Spring 2026"
    again.save.join.team_box.value = "Ward 6"
    again.save.join.join()
    again.save.load_stored.click()
    m = find(
        r"the status line says \*\*(Project loaded from the cohort store)\*\*", text
    )
    assert again.status_text == m[1]
    assert again.project.name == "Falls on Ward 6"
    app.close()
    again.close()


def test_the_store_for_the_trainer(text):
    m = find(r"`(~/[\w./]+)` in your home folder, unless the environment variable "
             r"`(\w+)` names another", text)  # fmt: skip
    assert m[2] == ENV_VAR == "QIKIT_STORE"
    assert default_store_path() == Path.home() / m[1].removeprefix("~/")
    find(r"`QIKIT_STORE=~/spring-2026\.sqlite3 make app`", text)


# ------------------------------------------------------------- landing page, quiz


def test_the_landing_page_line(notebook):
    meta = notebook.metadata["qikit"]
    assert meta["title"] == "Welcome to qikit"  # tests/voila/test_welcome.py
    assert meta["summary"].startswith("qikit helps health and social care teams learn")
    pools = json.loads((CURRICULUM / "voila.json").read_text("utf-8"))[
        "VoilaKernelManager"
    ]["kernel_pools_config"]
    assert pools["00_welcome.ipynb"] == {"pool_size": 1}  # kept preheated


def test_the_quiz_figures(quiz, chart):
    assert len(quiz) >= 5
    assert "3 of them have exactly 9 falls" in quiz["useful-points"]["question"]
    assert quiz["useful-points"]["answer"] == chart.summary()["n_useful"].iloc[0]
    assert FILE_SUFFIX in quiz["project-file"]["answer"]


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors
