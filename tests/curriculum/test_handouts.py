"""Handouts: each module as one self-contained HTML page with the code hidden.

``make handouts`` runs curriculum/build_handouts.py. The slow test builds the welcome
module's handout for real (its notebook executed) and checks it is self-contained and
has no code; the others check how a module is made ready for paper.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from tests.curriculum import module_checks as mc

handouts = mc.script("build_handouts")

QUESTION = {
    "question": "What is the centre line of a run chart?",
    "options": {"The median": "Right.", "The mean": "That is for SPC charts."},
    "answer": "The median",
    "explanation": "A run chart's centre line is the median.",
}


def _text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _executed():
    """A small module as it is once executed: an app's widget, a quiz, a warning."""
    widget = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook()
    app = nbformat.v4.new_code_cell("SignalOrNoise(rounds=1)")
    app.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": widget,
                "text/plain": "x",
            },
        ),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: careful"),
    ]
    quiz = nbformat.v4.new_code_cell('Quiz.from_file("quizzes/06_run_charts.json")')
    quiz.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": widget,
                "text/plain": "x",
            },
        )
    ]
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Module 6: Run charts\n\nSee [the median](glossary.ipynb#median), "
            "[module 7](07_variation_by_experiment.ipynb) and "
            "[the chart studio](apps/chart_studio.ipynb)."
        ),
        app,
        nbformat.v4.new_markdown_cell(
            "### Challenge 1: count\n\nCount the runs.\n\n"
            "<details><summary>Solution</summary>\n\n"
            "There are **4** runs.\n\n</details>"
        ),
        quiz,
    ]
    return nb


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "quizzes").mkdir()
    quiz = {"title": "Check: run charts", "questions": [QUESTION] * 5}
    (tmp_path / "quizzes" / "06_run_charts.json").write_text(json.dumps(quiz))
    return tmp_path


def test_a_module_is_made_ready_for_paper(folder):
    ready = handouts.prepare(
        _executed(), folder=folder, built={"glossary", "06_run_charts"}
    )
    first = ready.cells[0].source
    assert "[the median](glossary.html#median)" in first
    # a module without a handout and an app page keep their words, not a dead link
    assert "module 7 and the chart studio." in first
    app_outputs = ready.cells[1].outputs
    assert len(app_outputs) == 1  # the warning is gone
    assert (
        "the <strong>Signal or noise</strong> app is here"
        in (app_outputs[0]["data"]["text/html"])
    )
    challenge = ready.cells[2].source
    assert "<details>" not in challenge and "at the end of this handout" in challenge
    printed = ready.cells[3].outputs[0]["data"]["text/html"]
    assert "What is the centre line of a run chart?" in printed
    assert "☐ The median" in printed and "☐ The mean" in printed
    ending = ready.cells[-1].source
    assert (
        "## Solutions to the challenges\n\n### Challenge 1: count\n\n"
        "There are **4** runs." in ending
    )
    assert "## Answers to the self-check" in ending
    assert (
        "<li><p><strong>‘The median’</strong>. A run chart's centre line is the "
        "median.</p></li>"
    ) in ending.replace("&#x27;", "'")


def test_a_failed_cell_stops_the_handout(folder):
    nb = _executed()
    nb.cells[1].outputs = [
        nbformat.v4.new_output("error", ename="InputError", evalue="", traceback=[])
    ]
    with pytest.raises(RuntimeError, match="a cell failed: InputError"):
        handouts.prepare(nb, folder=folder, built=set())


def test_the_page_loads_nothing_from_outside(folder):
    ready = handouts.prepare(_executed(), folder=folder, built=set())
    page = handouts.export_html(ready, title="Module 6", folder=folder)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert not re.search(r"<script\b[^>]*\bsrc=", page)
    assert "SignalOrNoise(rounds=1)" not in page  # no code
    outside = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                '<img src="https://example.org/x.png" alt="x">'
            )
        ]
    )
    with pytest.raises(RuntimeError, match="handouts must be self-contained"):
        handouts.export_html(outside, title="x", folder=folder)


def test_unknown_modules_are_named(capsys, tmp_path):
    assert handouts.main(["99_nothing", "--out", str(tmp_path)]) == 2
    assert "no module called 99_nothing" in capsys.readouterr().out


@pytest.mark.slow
def test_the_welcome_handout_is_self_contained_and_has_no_code(tmp_path):
    assert handouts.main(["00_welcome", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "00_welcome.html").read_text(encoding="utf-8")
    # self-contained: nothing loaded from another computer, charts inside the file
    assert not re.search(
        r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'>]*\.(?:js|css|png|svg|woff2?)""",
        page,
    )
    assert not re.search(
        r"<script\b[^>]*\bsrc=|<link\b[^>]*\bhref=|@import|url\(\s*['\"]?https?:", page
    )
    assert (
        re.search(r"<img\b[^>]*\bsrc=\"data:image/(png|svg\+xml)", page)
        or "<svg" in page
    )
    assert not re.search(r"<img\b(?![^>]*\bsrc=\"data:)", page), (
        "an image is not embedded"
    )
    # no code: no input areas, none of the module's code
    assert 'class="jp-CodeMirrorEditor' not in page  # nbconvert's code input
    assert "jp-InputPrompt" not in _text(page)
    notebook = nbformat.read(mc.CURRICULUM / "00_welcome.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in _text(page), (
                        f"code in the handout: {line}"
                    )
    assert "Traceback" not in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="00_welcome.html"' in index and 'href="glossary.html"' in index
