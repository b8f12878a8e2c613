"""The structure checks find what they should: a made-up module that follows
CURRICULUM.md passes every check, and each way of breaking it gives its message."""

from __future__ import annotations

import json

import nbformat
import pytest

from tests.curriculum import module_checks as mc

TITLE = (
    "# Module 6: Run charts and their rules\n\n"
    "**Time:** 40 minutes teaching, 30 minutes exercises\n\n"
    "## Questions\n\n- How do I read a [run chart](glossary.ipynb#run-chart)?\n\n"
    "## Objectives\n\nBy the end you can:\n\n- find the "
    "[median](glossary.ipynb#median) of a run chart.\n"
)
SECTION = (
    "## Runs\n\nA run chart has a median; each run chart tells a story. "
    "The median splits the points."
)
CHALLENGE = (
    "### Challenge {n}: find the median\n\nWhat is the median of 1, 2, 3?\n\n"
    "<details><summary>Solution</summary>\n\n2.\n\n</details>"
)
KEY_POINTS = "## Key points\n\n- A run chart shows one measure over time."
NEXT = (
    "**Next:** [Module 7: Understanding variation by experiment]"
    "(07_variation_by_experiment.ipynb)"
)
META = {
    "title": "Run charts and their rules",
    "summary": "Median, runs, crossings and the rules.",
    "order": 6,
    "module": 6,
    "minutes": {"teaching": 40, "exercises": 30},
    "next": "07_variation_by_experiment.ipynb",
    "datasets": ["waiting_list"],
    "apps": ["ChartStudio"],
}
CODE = [
    "from qikit.apps import ChartStudio, Quiz\nfrom qikit.datasets import load_dataset",
    'waiting = load_dataset("waiting_list")',
    'ChartStudio(dataset="waiting_list")',
    'Quiz.from_file("quizzes/06_run_charts.json")',
]
QUESTION = {
    "question": "What is the centre line of a run chart?",
    "options": {"The median": "Right.", "The mean": "That is for SPC charts."},
    "answer": "The median",
    "explanation": "A run chart's centre line is the median.",
}
TERMS = [
    {"term": "run chart", "definition": "A chart of one measure over time."},
    {"term": "median", "definition": "The middle value.", "see": ["run chart"]},
]
GUIDE = "\n\n".join(
    f"## {s}\n\n"
    + (
        "| Segment | Minutes |\n|---|---|\n| Talk (teaching) | 40 |\n"
        "| Practice (exercise) | 30 |\n"
        "| **Total** | **70** (40 teaching, 30 exercises) |"
        if i == 0
        else "Text."
    )
    for i, s in enumerate(mc.GUIDE_SECTIONS)
)


def _notebook(cells, meta=META):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        new = (
            nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        )
        nb.cells.append(new(source))
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3"},
        "qikit": meta,
    }
    return nb


def _cells():
    return [
        ("md", TITLE),
        ("code", CODE[0]),
        ("md", SECTION),
        ("code", CODE[1]),
        ("code", CODE[2]),
        ("md", CHALLENGE.format(n=1)),
        ("md", CHALLENGE.format(n=2)),
        ("code", CODE[3]),
        ("md", KEY_POINTS),
        ("md", NEXT),
    ]


@pytest.fixture
def make(tmp_path):
    """Write a made-up curriculum with module 6 (``cells``, ``meta``) and return it
    loaded."""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "terms").mkdir()
    (tmp_path / "trainers").mkdir()
    quiz = {"questions": [dict(QUESTION, id=f"q{i}") for i in range(5)]}
    (tmp_path / "quizzes" / "06_run_charts.json").write_text(json.dumps(quiz))
    (tmp_path / "terms" / "06_run_charts.json").write_text(json.dumps(TERMS))
    (tmp_path / "trainers" / "06_run_charts.md").write_text(GUIDE)
    following = dict(META, title="Understanding variation by experiment", order=7)
    nbformat.write(
        _notebook([("md", "# Module 7")], following),
        tmp_path / "07_variation_by_experiment.ipynb",
    )

    def build(cells=None, meta=None):
        path = tmp_path / "06_run_charts.ipynb"
        cells = _cells() if cells is None else cells
        meta = META if meta is None else meta
        nbformat.write(_notebook(cells, meta), path)
        return mc.load(path, tmp_path)

    build.root = tmp_path
    return build


def _problems(module, check):
    return mc.CHECKS[check](module)


def _replace(cells, old, new):
    return [(kind, source.replace(old, new)) for kind, source in cells]


def test_a_module_that_follows_the_rules_passes_every_check(make):
    module = make()
    assert {name: check(module) for name, check in mc.CHECKS.items()} == {
        name: [] for name in mc.CHECKS
    }
    assert mc.next_missing(module) is None


def test_the_real_module_names_are_the_thirteen():
    assert len(mc.MODULES) == 13 and mc.MODULES[6] == "06_run_charts"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"order": 5}, "metadata.qikit.order: must be 6 (got 5)"),
        ({"minutes": {"teaching": 40}}, "metadata.qikit.minutes: must be"),
        ({"next": "08_spc_charts.ipynb"}, "next: must be '07_variation_by_experiment"),
        ({"apps": "ChartStudio"}, "apps: must be a list of names"),
        ({"summary": ""}, "summary: missing"),
    ],
)
def test_metadata_problems(make, change, message):
    problems = _problems(make(meta=dict(META, **change)), "metadata")
    assert any(message in p for p in problems), problems


def test_missing_metadata_says_how_to_add_it(make):
    problems = _problems(make(meta={}), "metadata")
    assert "Property Inspector" in problems[0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "# Module 6: Run charts",
            "# Run charts",
            "the first line must be '# Module 6",
        ),
        ("40 minutes teaching", "45 minutes teaching", "make them the same"),
        ("**Time:**", "Time:", "add the line '**Time:**"),
        ("## Objectives", "## Aims", "add '## Objectives'"),
        ("- How do I read", "How do I read", "'## Questions' needs a list"),
    ],
)
def test_title_cell_problems(make, old, new, message):
    problems = _problems(make(_replace(_cells(), old, new)), "title cell")
    assert any(message in p for p in problems), problems


def test_a_module_without_an_app_is_told_to_add_one(make):
    cells = [c for c in _cells() if c[1] != CODE[2]]
    assert "shows no app" in _problems(make(cells), "app")[0]
    # the metadata may name an app the module only points learners to
    assert _problems(make(cells), "names exist") == []


def test_unknown_data_sets_and_apps_are_named(make):
    cells = _replace(_cells(), '"waiting_list")\n', '"waiting_lists")\n')
    cells = _replace(cells, 'load_dataset("waiting_list")', 'load_dataset("nope")')
    meta = dict(META, apps=["ChartStudio", "NoSuchApp"], datasets=["nope2"])
    problems = _problems(make(cells, meta), "names exist")
    text = "\n".join(problems)
    assert "no app is called 'NoSuchApp'" in text
    assert "no data set is called 'nope2'" in text
    assert "cell 3: no data set is called 'nope'" in text


def test_data_sets_and_apps_in_the_code_must_be_in_the_metadata(make):
    problems = _problems(make(meta=dict(META, apps=[], datasets=[])), "names exist")
    assert any("add it to metadata.qikit.datasets" in p for p in problems)
    assert any(
        "shows the app ChartStudio: add it to metadata.qikit.apps" in p
        for p in problems
    )


def test_imports_that_do_not_exist_are_named(make):
    cells = _replace(_cells(), "ChartStudio, Quiz", "ChartStudio, Quiz, Nothing")
    problems = _problems(make(cells), "names exist")
    assert "imports Nothing from qikit.apps, which has none" in problems[0]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1\n" * 7, "7 lines of code"),
        ("def f():\n    return 1", "defines 'f'"),
        ("class A:\n    pass", "defines 'A'"),
        ("data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", "inline data (11 values)"),
        ("import numpy as np", "imports in a later cell"),
    ],
)
def test_code_cells_stay_thin(make, source, message):
    cells = [*_cells()[:4], ("code", source), *_cells()[4:]]
    problems = _problems(make(cells), "code cells")
    assert any(message in p for p in problems), problems


def test_the_imports_cell_may_be_long(make):
    imports = "\n".join(f"from qikit.apps import App as A{i}" for i in range(9))
    cells = [_cells()[0], ("code", CODE[0] + "\n" + imports), *_cells()[2:]]
    assert _problems(make(cells), "code cells") == []


def test_teaching_code_may_be_longer(make):
    path = make().path
    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell("def f():\n" + "    x = 1\n" * 8)
    cell.metadata["tags"] = [mc.TEACHING_TAG]
    nb.cells.insert(3, cell)
    nbformat.write(nb, path)
    assert _problems(mc.load(path, make.root), "code cells") == []


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (("code", "!pip install qikit"), "installs from a cell"),
        (("code", 'open("/home/me/data.csv")'), "absolute path"),
        (("md", "See [the data](/home/me/data.csv)."), "links to '/home/me/data.csv'"),
    ],
)
def test_installs_and_absolute_paths(make, cell, message):
    problems = _problems(
        make([*_cells()[:4], cell, *_cells()[4:]]), "paths and installs"
    )
    assert any(message in p for p in problems), problems


def test_challenges_need_two_with_solutions_that_render(make):
    one = [c for c in _cells() if "Challenge 2" not in c[1]]
    assert "has 1 challenge(s)" in _problems(make(one), "challenges")[0]
    hidden = _replace(
        _cells(), "<details><summary>Solution</summary>\n\n2.\n\n</details>", ""
    )
    assert any("no hidden solution" in p for p in _problems(make(hidden), "challenges"))
    tight = _replace(_cells(), "</summary>\n\n2.", "</summary>2.")
    assert any("leave a blank line" in p for p in _problems(make(tight), "challenges"))


def test_quiz_problems(make):
    none = [c for c in _cells() if c[1] != CODE[3]]
    assert "has no self-check" in _problems(make(none), "quiz")[0]
    wrong = _replace(_cells(), "quizzes/06_run_charts.json", "quizzes/06.json")
    assert any(
        "the quiz must be 'quizzes/06_run_charts.json'" in p
        for p in _problems(make(wrong), "quiz")
    )
    module = make()
    short = {"questions": [QUESTION] * 4}
    (make.root / "quizzes" / "06_run_charts.json").write_text(json.dumps(short))
    assert "has 4 question(s)" in _problems(module, "quiz")[0]
    broken = {"questions": [dict(QUESTION, explaination="x")] * 5}
    (make.root / "quizzes" / "06_run_charts.json").write_text(json.dumps(broken))
    assert "explaination" in _problems(module, "quiz")[0]
    (make.root / "quizzes" / "06_run_charts.json").unlink()
    assert "does not exist" in _problems(module, "quiz")[0]


def test_key_points_come_after_the_quiz_with_a_list(make):
    cells = [c for c in _cells() if c[1] != KEY_POINTS]
    assert (
        "add a markdown cell '## Key points'" in _problems(make(cells), "key points")[0]
    )
    early = [*cells[:2], ("md", KEY_POINTS), *cells[2:]]
    assert "after the quiz" in _problems(make(early), "key points")[0]


def test_next_link_problems(make):
    assert "the last cell must be" in _problems(make(_cells()[:-1]), "next link")[0]
    other = _replace(
        _cells(), "(07_variation_by_experiment.ipynb)", "(08_spc_charts.ipynb)"
    )
    assert "metadata.qikit.next" in _problems(make(other), "next link")[0]
    retitled = _replace(_cells(), "Module 7: Understanding", "Module 7: Seeing")
    assert (
        "the next module is 'Module 7: Understanding"
        in _problems(make(retitled), "next link")[0]
    )
    (make.root / "07_variation_by_experiment.ipynb").unlink()
    assert mc.next_missing(make()) == "07_variation_by_experiment.ipynb"
    assert _problems(make(), "next link") == []


def test_the_last_module_links_back_to_the_welcome_page_and_the_apps(make, tmp_path):
    meta = dict(META, title="Capstone", order=12, module=12, next=None)
    path = tmp_path / "12_capstone.ipynb"
    cells = [
        *_cells()[:-1],
        ("md", "**Next:** back to [the welcome page](00_welcome.ipynb)."),
    ]
    nbformat.write(_notebook(cells, meta), path)
    problems = _problems(mc.load(path, tmp_path), "next link")
    assert len(problems) == 1 and "link to the apps" in problems[0]


def test_terms_must_be_linked_at_their_first_use(make):
    unlinked = _replace(_cells(), "[median](glossary.ipynb#median)", "median")
    problems = _problems(make(unlinked), "glossary links")
    assert len(problems) == 1
    assert "the first use of 'median' ('median') is not linked" in problems[0]
    assert "write [median](glossary.ipynb#median)" in problems[0]


def test_a_term_inside_a_longer_term_or_a_heading_is_not_its_use(make):
    terms = [*TERMS, {"term": "run", "definition": "Points on one side."}]
    (make.root / "terms" / "06_run_charts.json").write_text(json.dumps(terms))
    cells = _replace(
        _cells(),
        "## Runs\n\nA run chart",
        "## Runs\n\nA [run](glossary.ipynb#run) chart",
    )
    # "run chart" in the title cell, "Runs" in a heading: neither is a use of "run"
    assert _problems(make(cells), "glossary links") == []
    never = make()
    assert "defines 'run'" in _problems(never, "glossary links")[0]


def test_a_link_to_no_term_is_reported(make):
    cells = _replace(
        _cells(), "each run chart", "each [run charts](glossary.ipynb#runchart)"
    )
    problems = _problems(make(cells), "glossary links")
    assert any(
        "glossary.ipynb#runchart, which no terms file defines" in p for p in problems
    )


def test_a_missing_or_broken_terms_file_is_reported(make):
    module = make()
    (make.root / "terms" / "06_run_charts.json").write_text(
        '[{"term": "x", "definiton": "y"}]'
    )
    assert "Did you mean 'definition'?" in _problems(module, "glossary links")[0]
    (make.root / "terms" / "06_run_charts.json").unlink()
    assert (
        "terms/06_run_charts.json does not exist"
        in _problems(module, "glossary links")[0]
    )


def test_facilitator_guide_problems(make):
    module = make()
    guide = make.root / "trainers" / "06_run_charts.md"
    guide.write_text(
        GUIDE.replace("## Materials", "## Things").replace("|---|---|\n", "")
    )
    problems = _problems(module, "facilitator guide")
    assert "add the section '## Materials'" in problems[0]
    assert "'## Timings' needs a table" in problems[1]
    guide.unlink()
    assert "does not exist" in _problems(module, "facilitator guide")[0]


def test_guide_timings_must_add_up_to_the_modules_minutes(make):
    module = make()
    guide = make.root / "trainers" / "06_run_charts.md"
    assert _problems(module, "facilitator guide") == []
    guide.write_text(GUIDE.replace("| Practice (exercise) | 30 |", "| Practice | 25 |"))
    problems = _problems(module, "facilitator guide")
    assert "'Practice' must end with (teaching) or (exercise)" in problems[0]
    assert "add up to 40 minutes teaching and 0 of exercises" in problems[1]
    assert "says 40 and 30" in problems[1]
    assert "does not match the rows above it" in problems[2]
    guide.write_text(
        GUIDE.replace("| **Total** | **70** (40 teaching, 30 exercises) |", "")
    )
    assert "end '## Timings' with the row" in _problems(module, "facilitator guide")[0]
