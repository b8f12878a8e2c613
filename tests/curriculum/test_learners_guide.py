"""The learner's guide: what to click in the web apps, kept true to the apps.

The guide's source, ``curriculum/learners_guide.ipynb``, is markdown with no
pictures in it; each picture is a comment naming a screenshot that the browser test
``tests/voila/test_guide_screenshots.py`` takes, and ``curriculum/build_guide.py``
puts them in the printed guide (``make guide``). These tests check the guide covers
what a learner needs, names only pictures the browser test takes and only labels the
pages really show, and that the build embeds the pictures.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.curriculum import module_checks as mc
from tests.voila.test_guide_screenshots import PAGES, SHOTS

guide = mc.script("build_guide")
NOTEBOOK = nbformat.read(guide.GUIDE, as_version=4)
TEXT = "\n\n".join(cell.source for cell in NOTEBOOK.cells)

#: Where the words on the pages come from: the apps, the page template, the
#: landing page's hook, and the app notebooks.
SOURCES = [
    *sorted((mc.ROOT / "qikit" / "apps").glob("*.py")),
    *sorted(
        (mc.ROOT / "share" / "jupyter" / "voila" / "templates" / "qikit").rglob("*.*")
    ),
    mc.ROOT / "etc" / "jupyter" / "voila.py",
    *sorted((mc.CURRICULUM / "apps").glob("*.ipynb")),
]
#: Bold words in the guide that are not labels on a page (headings of modules,
#: words stressed), each with the reason.
NOT_LABELS = {
    "Modules": "the landing page's section heading, from etc/jupyter/voila.py",
    "Apps": "the landing page's section heading",
    "Questions": "a heading of every module (CURRICULUM.md)",
    "Objectives": "a heading of every module",
    "Key points": "a heading of every module",
    "Next": "the last line of every module",
    "Charts": "stressed word",
    "Underlined words": "stressed word",
    "Challenges": "stressed word",
    "landing page": "stressed word",
    "glossary": "stressed word",
    "Check your understanding": "the quiz's default title (qikit/apps/_quiz_format.py)",
    "The project file": "the heading of step 7 in lower case in the source",
    "The cohort store": "the heading of step 7",
    "An upload is refused.": "a case described in words",
    "A page stays blank, or stops responding.": "a case described in words",
    "Aim": "a step of the project builder, named by its heading",
    "Measures": "a step of the project builder",
    "Driver diagram": "a step of the project builder",
    "PDSA cycles": "a step of the project builder",
    "Storyboard": "a step of the project builder",
    "Save and resume": "a step of the project builder",
    "Run → Run All Cells": "JupyterLab's menu",
    "Solution": "the summary of every challenge's hidden solution (CURRICULUM.md)",
    "bold": "the guide's own word",
}
#: Labels written with a number the page fills in.
NUMBERED = {
    "Check question 1": "Check question {",
    "Run day 2": "Run day {",
    "Joined Spring 2026 as Ward 6": "Joined {",
    "Chart updated": "Chart updated",
}


def test_the_guide_is_markdown_with_no_pictures_in_it():
    assert all(cell.cell_type == "markdown" for cell in NOTEBOOK.cells)
    assert not any(cell.get("attachments") for cell in NOTEBOOK.cells), (
        "the guide has pictures attached: take them out (make guide adds the "
        "screenshots when it builds the printed guide)"
    )
    assert not re.search(r"!\[|<img\b|data:image", TEXT), (
        "the guide must not embed pictures: name a screenshot with "
        "<!-- screenshot: name | what it shows --> instead"
    )


def test_every_picture_is_one_the_browser_test_takes():
    named = [name for name, _ in guide.markers(NOTEBOOK)]
    unknown = sorted(set(named) - set(SHOTS))
    assert not unknown, (
        f"the guide names {unknown}, which tests/voila/test_guide_screenshots.py "
        "does not take: add each to SHOTS there (with the page that takes it)"
    )
    unused = sorted(set(SHOTS) - set(named))
    assert not unused, f"SHOTS has pictures the guide does not use: {unused}"
    assert len(named) == len(set(named)), "a picture is named twice"
    assert all(alt for _, alt in guide.markers(NOTEBOOK)), "a picture has no words"


def test_every_shot_is_taken_on_a_page_the_browser_test_visits():
    assert {page for page, _ in SHOTS.values()} == set(PAGES)


@pytest.mark.parametrize(
    "topic",
    [
        "Opening qikit",
        "Larger text",
        "Using a module page",
        "The chart studio",
        "Signal or noise?",
        "The red bead experiment",
        "The funnel",
        "The PDSA game",
        "The rule-set laboratory",
        "The project builder",
        "The trainer board",
        "The quiz",
        "Joining a workshop: cohort and team",
        "Saving and resuming a project",
        "When a message appears",
    ],
)
def test_the_guide_covers(topic):
    headings = re.findall(r"^#{2,3} (.+)$", TEXT, re.M)
    assert any(h.startswith(topic) for h in headings), f"no section on {topic!r}"


def test_saving_covers_the_file_and_the_store():
    saving = TEXT[
        TEXT.index("## Saving and resuming") : TEXT.index("## When a message")
    ]
    for words in (
        "Download the project file",
        "Upload a project file",
        "Save to the cohort store",
        "Load from the cohort store",
        "cohort and team name",
    ):
        assert words in saving, f"the section on saving does not say {words!r}"


def test_links_lead_somewhere():
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', TEXT))
    for text, target in mc.links(TEXT):
        page, _, fragment = target.partition("#")
        if page.startswith(("http:", "https:")):
            continue
        if page:
            assert (mc.CURRICULUM / page).is_file(), f"[{text}]({target}): no such page"
        else:
            assert fragment in anchors, f"[{text}]({target}): no such section"


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCES if p.is_file())


def test_the_labels_the_guide_names_are_on_the_pages():
    """Every bold label in the guide appears in the apps or the page template, so a
    renamed button makes this fail until the guide says the new name."""
    words = _sources().replace("\\u2026", "…")
    bold = set(re.findall(r"\*\*(.+?)\*\*", TEXT))
    missing = []
    for label in sorted(bold):
        plain = re.sub(r"^[✓⚠⏳]\s*", "", label)
        if plain in NOT_LABELS:
            continue
        wanted = NUMBERED.get(plain, plain)
        if wanted not in words and wanted.rstrip(".") not in words:
            missing.append(label)
    assert not missing, (
        "the guide names labels no page has (an app may have renamed them): "
        f"{missing}; say what the page says, or add the word to NOT_LABELS with why"
    )


# ------------------------------------------------------------------ the build


def _tiny():
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# Guide\n\nOpen [the chart studio](apps/chart_studio.ipynb) or "
                "[read on](#more).\n\n"
                "<!-- screenshot: guide-landing | The landing page. -->\n\n"
                "<!-- screenshot: guide-join | The join boxes. -->"
            )
        ],
        metadata={"qikit": {"title": "Guide"}},
    )


def test_pictures_are_embedded_with_their_words(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 2000
    (tmp_path / "guide-landing.png").write_bytes(png)
    built, missing = guide.with_pictures(_tiny(), tmp_path)
    source = built.cells[0].source
    assert '<img src="data:image/png;base64,iVBORw0KGgo' in source
    assert 'alt="The landing page."' in source
    assert "<figcaption>The landing page.</figcaption>" in source
    assert missing == ["guide-join"]
    assert "<!--" not in source
    assert "Open the chart studio or [read on](#more)." in source


def test_a_missing_picture_is_explained():
    pages = {"guide-rule-lab": "apps/no_such_app.ipynb", "guide-landing": ""}
    assert guide.why_missing("guide-rule-lab", pages) == (
        "guide-rule-lab: its page curriculum/apps/no_such_app.ipynb does not exist yet"
    )
    assert "run make guide" in guide.why_missing("guide-landing", pages)
    assert "no browser test takes it" in guide.why_missing("guide-other", pages)


def test_the_printed_guide_is_one_self_contained_page(tmp_path):
    shots = tmp_path / "shots"
    shots.mkdir()
    (shots / "guide-landing.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    target, missing = guide.build(out=tmp_path / "out", folder=shots)
    page = target.read_text(encoding="utf-8")
    assert target.name == "index.html" and '<html lang="en-GB">' in page
    assert len(re.findall(r'<img\b[^>]*\bsrc="data:image/png;base64,', page)) == 1
    assert "guide-landing" not in page and len(missing) == len(SHOTS) - 1
    assert not re.search(r"<script\b[^>]*\bsrc=|<link\b[^>]*\bhref=", page)
    assert "Learner's guide: what to click" in page
