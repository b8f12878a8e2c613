"""The glossary notebook is built from the terms files and kept up to date.

``curriculum/build_glossary.py`` turns ``curriculum/terms/*.json`` into
``curriculum/glossary.ipynb``; these tests check the committed glossary is what the
script writes, and that the script orders, links and checks the terms as it says.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from qikit.errors import InputError
from tests.curriculum import module_checks as mc

build = mc.script("build_glossary")


def test_the_committed_glossary_is_up_to_date():
    assert build.is_current(), (
        "curriculum/glossary.ipynb is out of date with curriculum/terms/: run "
        "python curriculum/build_glossary.py and commit the glossary"
    )


def test_every_terms_file_belongs_to_a_module():
    strays = [p.name for p in sorted(build.TERMS.glob("*")) if p.stem not in mc.MODULES]
    assert not strays, (
        f"curriculum/terms/ has {', '.join(strays)}: name each terms file after its "
        f"module ({', '.join(m + '.json' for m in mc.MODULES[:2])}, …)"
    )


def test_every_see_also_names_a_term():
    unknown = build.unknown_see(build.read_all())
    assert not unknown, (
        "these 'see' entries name terms no terms file defines (add the term to the "
        "module that teaches it, or correct the spelling):\n" + "\n".join(unknown)
    )


# ------------------------------------------------------------------ the script


@pytest.fixture
def curriculum(tmp_path):
    (tmp_path / "terms").mkdir()

    def write(name, terms, title=None):
        (tmp_path / "terms" / f"{name}.json").write_text(
            json.dumps(terms), encoding="utf-8"
        )
        if title:
            nb = nbformat.v4.new_notebook(
                metadata={"qikit": {"title": title}},
                cells=[nbformat.v4.new_markdown_cell(f"# Module: {title}")],
            )
            nbformat.write(nb, tmp_path / f"{name}.ipynb")

    write.root = tmp_path
    return write


def _sources(notebook):
    return [cell.source for cell in notebook.cells]


def test_terms_are_in_alphabetical_order_with_anchors_and_links(curriculum):
    curriculum(
        "06_run_charts",
        [
            {
                "term": "run chart",
                "definition": "A chart over time.",
                "see": ["median"],
            },
            {"term": "median", "definition": "The middle value.", "see": ["run chart"]},
            {"term": "Anhøj rules", "definition": "Rules from runs and crossings."},
        ],
        title="Run charts and their rules",
    )
    curriculum("05_measurement", [{"term": "baseline", "definition": "Before."}])
    notebook = build.build(curriculum=curriculum.root)
    nbformat.validate(notebook)
    cells = _sources(notebook)
    assert all(cell.cell_type == "markdown" for cell in notebook.cells)
    intro = cells[0]
    assert "# Glossary" in intro
    assert "[A](#letter-a) · [B](#letter-b) · C · D" in intro
    assert "[M](#letter-m)" in intro and "[R](#letter-r)" in intro
    headings = [line for c in cells for line in c.splitlines() if line.startswith("#")]
    assert headings == [
        "# Glossary",
        "## A",
        "### Anhøj rules",
        "## B",
        "### baseline",
        "## M",
        "### median",
        "## R",
        "### run chart",
    ]
    median = next(c for c in cells if "### median" in c)
    assert median.startswith('<a id="median"></a>')
    assert "The middle value." in median
    assert (
        "Taught in [Module 6: Run charts and their rules](06_run_charts.ipynb)."
        in median
    )
    assert "See also: [run chart](#run-chart)." in median
    assert '<a id="anhoj-rules"></a>' in cells[2]
    # a module not written yet is named, not linked
    assert "Taught in Module 5: Measurement." in next(
        c for c in cells if "baseline" in c
    )
    assert notebook.metadata.qikit["title"] == "Glossary"
    assert notebook.metadata.kernelspec["name"] == "python3"


def test_a_term_defined_twice_is_one_entry_taught_in_both(curriculum):
    curriculum("00_welcome", [{"term": "Run chart", "definition": "First."}])
    curriculum(
        "06_run_charts", [{"term": "run chart", "definition": "Second.", "see": ["x"]}]
    )
    notebook = build.build(curriculum=curriculum.root)
    entries = [c for c in _sources(notebook) if "### " in c]
    assert len(entries) == 1
    assert "First." in entries[0] and "Second." not in entries[0]
    assert "Module 0: Welcome; Module 6: Run charts" in entries[0]
    assert "See also: x." in entries[0]  # no such term: named, not linked
    assert build.unknown_see(build.read_all(curriculum.root / "terms")) == [
        "06_run_charts: 'run chart' -> 'x'"
    ]


def test_no_terms_yet(curriculum):
    notebook = build.build(curriculum=curriculum.root)
    assert "No terms have been defined yet." in notebook.cells[0].source


def test_terms_that_start_with_a_number_come_first(curriculum):
    curriculum("07_variation_by_experiment", [{"term": "14 points", "definition": "x"}])
    cells = _sources(build.build(curriculum=curriculum.root))
    assert "[0–9](#letter-numbers) · A · B" in cells[0]
    assert cells[1] == '<a id="letter-numbers"></a>\n\n## Numbers and symbols'
    assert cells[2].startswith('<a id="14-points"></a>\n\n### 14 points')


def test_the_glossary_is_written_the_same_way_every_time(curriculum):
    curriculum("06_run_charts", [{"term": "median", "definition": "Middle."}])
    first = build.render(build.build(curriculum=curriculum.root))
    again = build.render(build.build(curriculum=curriculum.root))
    assert first == again
    assert json.loads(first)["cells"][1]["id"] == "letter-m"


def test_anchor_and_link_match_what_the_modules_write():
    assert build.anchor("run chart") == "run-chart"
    assert build.link("PDSA cycle", "PDSA cycles") == (
        "[PDSA cycles](glossary.ipynb#pdsa-cycle)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "is not valid JSON (line 1"),
        ("{}", "must be a list of terms"),
        ("[]", "must be a list of terms"),
        ('["median"]', "[0]`: must be a term with its definition"),
        ('[{"term": "median"}]', "[0].definition`: is empty"),
        ('[{"term": "", "definition": "x"}]', "[0].term`: is empty"),
        ('[{"term": "median", "definiton": "x"}]', "Did you mean 'definition'?"),
        ('[{"term": "median", "definition": "x", "see": "mode"}]', "must be a list"),
        (
            '[{"term": "median", "definition": "x", "see": ["Median"]}]',
            "names the term itself",
        ),
        ('[{"term": "…", "definition": "x"}]', "has no letters or digits"),
        (
            '[{"term": "median", "definition": "x"}, '
            '{"term": "Median", "definition": "y"}]',
            "[1].term`: is already defined in this file (entry 0)",
        ),
        (
            '[{"term": "median", "definition": "' + "x" * 700 + '"}]',
            "is longer than 600",
        ),
    ],
)
def test_terms_file_mistakes_are_named(tmp_path, content, message):
    file = tmp_path / "06_run_charts.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        build.read_terms(file)
    assert message in str(error.value)
    assert str(error.value).startswith("`terms/06_run_charts.json")


def test_a_terms_file_must_be_named_like_its_module(tmp_path):
    file = tmp_path / "run charts.json"
    file.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="is not named like a module"):
        build.read_terms(file)


def test_check_mode_reports_an_out_of_date_glossary(monkeypatch, tmp_path, capsys):
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "06_run_charts.json").write_text(
        '[{"term": "median", "definition": "Middle."}]', encoding="utf-8"
    )
    monkeypatch.setattr(build, "TERMS", tmp_path / "terms")
    monkeypatch.setattr(build, "GLOSSARY", tmp_path / "glossary.ipynb")
    monkeypatch.setattr(build, "CURRICULUM", tmp_path)
    assert build.main(["--check"]) == 1
    assert "run python curriculum/build_glossary.py" in capsys.readouterr().out
    assert build.main([]) == 0
    assert build.main(["--check"]) == 0
