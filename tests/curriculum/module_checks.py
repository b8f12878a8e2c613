"""The checks behind tests/curriculum/test_modules.py, one function per element.

CURRICULUM.md ("Structure of every module notebook") fixes what every module has.
Each ``check_*`` function takes a :class:`Module` and returns the problems found, one
sentence each saying where and what to fix (an empty list when all is well), so the
structure test shows every problem at once and the checks themselves are tested on
small made-up modules (test_structure_checks.py).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import inspect
import json
import pkgutil
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
CURRICULUM = ROOT / "curriculum"

#: The thirteen modules, in order (CURRICULUM.md "Files and names").
MODULES = (
    "00_welcome",
    "01_variation",
    "02_model_for_improvement",
    "03_understanding_the_system",
    "04_theory_of_change",
    "05_measurement",
    "06_run_charts",
    "07_variation_by_experiment",
    "08_spc_charts",
    "09_testing_changes",
    "10_spread",
    "11_sustaining",
    "12_capstone",
)
LAST = MODULES[-1]

#: A code cell has at most about five lines (STYLE.md §1): this many, not counting
#: blank lines and comments.
MAX_CODE_LINES = 6
#: A list, tuple or dict literal longer than this in a cell is inline data.
MAX_LITERAL_ITEMS = 10
#: The tag that lets a cell show learners how something works (longer, or a def).
TEACHING_TAG = "teaching-code"
#: Fewest quiz questions per module, and fewest challenges.
MIN_QUESTIONS = 5
MIN_CHALLENGES = 2
#: Sections of a facilitator guide (CURRICULUM.md "Facilitator guide").
GUIDE_SECTIONS = (
    "Timings",
    "Run sheet",
    "Materials",
    "Discussion prompts",
    "Answers to the challenges",
    "Common misconceptions",
)
#: The self-check widget (every module has one; it does not count as the module's app).
QUIZ = "Quiz"

_TIME = re.compile(
    r"^\*\*Time:\*\*\s*(\d+)\s+minutes?\s+teaching,\s*(\d+)\s+minutes?\s+exercises\s*$",
    re.M,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
_DETAILS = re.compile(
    r"<details>\s*<summary>\s*Solution\s*</summary>(.*?)</details>", re.S | re.I
)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)"
)
_NEXT = re.compile(r"^\*\*Next:\*\*\s*\[([^\]]+)\]\(([^)\s]+)\)", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]+>")
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
_MAGIC = re.compile(r"^\s*[!%].*$", re.M)
_ABSOLUTE_LINK = re.compile(r"^(/|file:|[A-Za-z]:[\\/])")


# -------------------------------------------------------------------------- reading


@dataclass
class Cell:
    index: int
    kind: str  # "markdown", "code" or "raw"
    source: str
    tags: list[str] = field(default_factory=list)
    id: str = "?"

    @property
    def where(self) -> str:
        first = self.source.strip().splitlines()[0][:50] if self.source.strip() else ""
        return f"cell {self.index} ({first!r})" if first else f"cell {self.index}"


@dataclass
class Module:
    """A module notebook on disk and the files that go with it."""

    path: Path
    root: Path
    cells: list[Cell]
    meta: dict[str, Any]

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def number(self) -> int:
        return int(self.stem[:2])

    @property
    def markdown(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "markdown"]

    @property
    def code(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "code"]

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")


def load(path: str | Path, root: Path = CURRICULUM) -> Module:
    """Read a module notebook (raises on a file that is not a notebook)."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    cells = [
        Cell(
            index=i,
            kind=c.cell_type,
            source=c.source,
            tags=list(c.get("metadata", {}).get("tags", [])),
            id=c.get("id", "?"),
        )
        for i, c in enumerate(notebook.cells)
    ]
    meta = notebook.metadata.get("qikit", {}) or {}
    return Module(path=path, root=root, cells=cells, meta=dict(meta))


def module_files(root: Path = CURRICULUM) -> list[Path]:
    """Every module notebook on disk: ``NN_*.ipynb`` at the top of the curriculum."""
    return sorted(root.glob("[0-9][0-9]_*.ipynb"))


def script(name: str):
    """Import one of the curriculum's scripts (``build_glossary``), as pytest's
    doctest run imports it."""
    if str(CURRICULUM) not in sys.path:
        sys.path.insert(0, str(CURRICULUM))
    return importlib.import_module(name)


def _lines_after(source: str, heading: str) -> list[str]:
    """The lines under a ``## heading`` up to the next heading (None when absent)."""
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if line.strip().lower() == heading.lower():
            out = []
            for rest in lines[i + 1 :]:
                if _HEADING_LINE.match(rest):
                    break
                out.append(rest)
            return out
    return None  # type: ignore[return-value]


def _has_list(lines: Iterable[str]) -> bool:
    return any(_LIST_ITEM.match(line) for line in lines)


def links(source: str) -> list[tuple[str, str]]:
    """The markdown links of a text as (text, target), images left out."""
    return [(m.group(2), m.group(3)) for m in _LINK.finditer(source) if not m.group(1)]


# ------------------------------------------------------------------------ metadata


def check_metadata(module: Module) -> list[str]:
    meta = module.meta
    where = f"{module.stem}.ipynb metadata.qikit"
    if not meta:
        return [
            f"{where} is missing: add it in JupyterLab (Property Inspector → "
            'Notebook metadata): {"qikit": {"title": …, "summary": …, "order": '
            f'{module.number}, "module": {module.number}, "minutes": {{"teaching": '
            '40, "exercises": 30}, "next": …, "datasets": […], "apps": […]}}'
        ]
    problems = []
    for key in ("title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(f"{where}.{key}: missing; give one line of text")
    summary = meta.get("summary")
    if isinstance(summary, str) and len(summary) > 200:
        problems.append(
            f"{where}.summary: {len(summary)} characters; the landing page shows "
            "one line: keep it under 200"
        )
    for key in ("order", "module"):
        if meta.get(key) != module.number:
            problems.append(
                f"{where}.{key}: must be {module.number} (got {meta.get(key)!r})"
            )
    minutes = meta.get("minutes")
    if not isinstance(minutes, dict) or set(minutes) != {"teaching", "exercises"}:
        problems.append(
            f"{where}.minutes: must be "
            f'{{"teaching": <minutes>, "exercises": <minutes>}} (got {minutes!r})'
        )
    else:
        for key, low in (("teaching", 1), ("exercises", 0)):
            value = minutes[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                problems.append(
                    f"{where}.minutes.{key}: must be a whole number of minutes, at "
                    f"least {low} (got {value!r})"
                )
    expected = _next_name(module.stem)
    if "next" not in meta or meta.get("next") != expected:
        problems.append(
            f"{where}.next: must be {expected!r} (got {meta.get('next', 'nothing')!r})"
        )
    for key in ("datasets", "apps"):
        value = meta.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(
                f"{where}.{key}: must be a list of names (got {value!r}); write [] "
                "when there are none"
            )
    return problems


def _next_name(stem: str) -> str | None:
    if stem in MODULES:
        position = MODULES.index(stem)
        return None if stem == LAST else f"{MODULES[position + 1]}.ipynb"
    return None


# -------------------------------------------------------------------- title cell


def check_title_cell(module: Module) -> list[str]:
    if not module.cells or module.cells[0].kind != "markdown":
        return [
            f"{module.stem}: the first cell must be markdown starting "
            f"'# Module {module.number}: {module.title or 'Title'}'"
        ]
    first = module.cells[0].source
    problems = []
    heading = first.strip().splitlines()[0].strip() if first.strip() else ""
    wanted = f"# Module {module.number}: {module.title}"
    if heading != wanted:
        problems.append(
            f"{module.stem} cell 0: the first line must be {wanted!r} (the title in "
            f"metadata.qikit.title), not {heading!r}"
        )
    time = _TIME.search(first)
    minutes = module.meta.get("minutes") if isinstance(module.meta, dict) else None
    if not time:
        problems.append(
            f"{module.stem} cell 0: add the line '**Time:** N minutes teaching, M "
            "minutes exercises' under the title"
        )
    elif isinstance(minutes, dict):
        said = {"teaching": int(time.group(1)), "exercises": int(time.group(2))}
        if said != {k: minutes.get(k) for k in said}:
            problems.append(
                f"{module.stem} cell 0: the Time line says {said['teaching']} minutes "
                f"teaching and {said['exercises']} exercises, but metadata.qikit."
                f"minutes says {minutes}: make them the same"
            )
    for section in ("Questions", "Objectives"):
        lines = _lines_after(first, f"## {section}")
        if lines is None:
            problems.append(
                f"{module.stem} cell 0: add '## {section}' with a list, in the first "
                "cell"
            )
        elif not _has_list(lines):
            problems.append(
                f"{module.stem} cell 0: '## {section}' needs a list ('- …' lines)"
            )
    return problems


# ----------------------------------------------------------------------- the code


@dataclass
class CodeFacts:
    """What the module's code cells import, call and load."""

    #: local name -> (module, name)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)
    calls: list[tuple[int, str]] = field(default_factory=list)  # (cell, local name)
    datasets: list[tuple[int, str]] = field(default_factory=list)
    quiz_files: list[tuple[int, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _parse(cell: Cell) -> ast.Module | None:
    try:
        return ast.parse(_MAGIC.sub("", cell.source))
    except SyntaxError:
        return None


def code_facts(module: Module) -> CodeFacts:
    facts = CodeFacts()
    for cell in module.code:
        tree = _parse(cell)
        if tree is None:
            facts.problems.append(
                f"{module.stem} {cell.where}: is not valid Python; fix it"
            )
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    local = alias.asname or alias.name
                    facts.imports[local] = (node.module, alias.name)
            elif isinstance(node, ast.Call):
                func = node.func
                base = func
                while isinstance(base, ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name):
                    facts.calls.append((cell.index, base.id))
                name = (
                    func.attr
                    if isinstance(func, ast.Attribute)
                    else getattr(func, "id", "")
                )
                if name == "load_dataset" and node.args:
                    facts.datasets.append((cell.index, _constant(node.args[0])))
                for keyword in node.keywords:
                    if keyword.arg == "dataset":
                        facts.datasets.append((cell.index, _constant(keyword.value)))
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "from_file"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == QUIZ
                ):
                    first = node.args[0] if node.args else None
                    facts.quiz_files.append((cell.index, _constant(first)))
    return facts


def _constant(node: ast.AST | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


@functools.cache
def app_classes() -> dict[str, str]:
    """Every app class in qikit.apps and its public modules: name -> module."""
    import qikit.apps as apps
    from qikit.apps import App

    found: dict[str, str] = {}
    modules = [apps]
    for info in pkgutil.iter_modules(apps.__path__):
        if not info.name.startswith("_"):
            with contextlib.suppress(Exception):  # a module still being written
                modules.append(importlib.import_module(f"qikit.apps.{info.name}"))
    for mod in modules:
        for name, obj in vars(mod).items():
            if inspect.isclass(obj) and issubclass(obj, App) and obj is not App:
                found.setdefault(name, obj.__module__)
    return found


@functools.cache
def dataset_names() -> frozenset[str]:
    from qikit.datasets import list_datasets

    return frozenset(list_datasets()["name"])


def apps_used(module: Module, facts: CodeFacts | None = None) -> dict[str, str]:
    """The app classes the module's code calls (local name -> class name)."""
    facts = facts or code_facts(module)
    known = app_classes()
    called = {name for _, name in facts.calls}
    return {
        local: name
        for local, (source, name) in facts.imports.items()
        if source.startswith("qikit.apps") and name in known and local in called
    }


def check_app(module: Module) -> list[str]:
    used = apps_used(module)
    if not any(name != QUIZ for name in used.values()):
        return [
            f"{module.stem}: shows no app or widget from qikit.apps besides the quiz; "
            'add a code cell such as ChartStudio(dataset="waiting_list") or '
            "SignalOrNoise(rounds=1), or a lesson widget in "
            "qikit/apps/lesson_<topic>.py"
        ]
    return []


def check_names_exist(module: Module) -> list[str]:
    """Every data set and app the module names exists, and the metadata lists them."""
    facts = code_facts(module)
    problems = list(facts.problems)
    known_apps = app_classes()
    datasets = dataset_names()
    for source, name in facts.imports.values():
        if not source.startswith("qikit"):
            continue
        try:
            mod = importlib.import_module(source)
        except ImportError:
            problems.append(
                f"{module.stem}: imports from {source}, which does not exist"
            )
            continue
        if not hasattr(mod, name):
            problems.append(
                f"{module.stem}: imports {name} from {source}, which has none"
            )
    listed_apps = module.meta.get("apps") or []
    listed_data = module.meta.get("datasets") or []
    for name in listed_apps if isinstance(listed_apps, list) else []:
        if name not in known_apps:
            problems.append(
                f"{module.stem} metadata.qikit.apps: no app is called {name!r}; the "
                f"apps are {', '.join(sorted(known_apps))}"
            )
    for name in listed_data if isinstance(listed_data, list) else []:
        if name not in datasets:
            problems.append(
                f"{module.stem} metadata.qikit.datasets: no data set is called "
                f"{name!r}; see qikit.datasets.list_datasets()"
            )
    for index, name in facts.datasets:
        if name is None:
            problems.append(
                f"{module.stem} cell {index}: give the data set's name in quotes, "
                'such as load_dataset("waiting_list")'
            )
        elif name not in datasets:
            problems.append(
                f"{module.stem} cell {index}: no data set is called {name!r}; see "
                "qikit.datasets.list_datasets()"
            )
        elif isinstance(listed_data, list) and name not in listed_data:
            problems.append(
                f"{module.stem} cell {index}: uses the data set {name!r}: add it to "
                "metadata.qikit.datasets"
            )
    for name in sorted(set(apps_used(module, facts).values()) - {QUIZ}):
        if isinstance(listed_apps, list) and name not in listed_apps:
            problems.append(
                f"{module.stem}: shows the app {name}: add it to metadata.qikit.apps"
            )
    return problems


def check_code_cells(module: Module) -> list[str]:
    """Thin cells: short (the imports cell aside), no def or class, no inline data,
    imports in the first code cell."""
    problems = []
    for position, cell in enumerate(module.code):
        tree = _parse(cell)
        if tree is None:
            continue  # reported by check_names_exist
        if position > 0:
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    problems.append(
                        f"{module.stem} {cell.where}: imports in a later cell; put "
                        "every import in the first code cell"
                    )
                    break
        if TEACHING_TAG in cell.tags:
            continue
        if tree.body and all(
            isinstance(node, ast.Import | ast.ImportFrom) for node in tree.body
        ):
            continue  # the imports cell may be as long as the imports
        lines = [
            line
            for line in cell.source.splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
        if len(lines) > MAX_CODE_LINES:
            problems.append(
                f"{module.stem} {cell.where}: {len(lines)} lines of code; a module's "
                f"cell has at most about five (limit {MAX_CODE_LINES}). Move the "
                f"logic into qikit, or tag the cell {TEACHING_TAG!r} if it "
                "deliberately shows learners how something works"
            )
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                problems.append(
                    f"{module.stem} {cell.where}: defines {node.name!r}; functions and "
                    f"classes belong in qikit (or tag the cell {TEACHING_TAG!r})"
                )
            items = None
            if isinstance(node, ast.List | ast.Tuple | ast.Set):
                items = len(node.elts)
            elif isinstance(node, ast.Dict):
                items = len(node.keys)
            if items is not None and items > MAX_LITERAL_ITEMS:
                problems.append(
                    f"{module.stem} {cell.where}: inline data ({items} values); load a "
                    'data set with load_dataset("…") instead (qikit/datasets)'
                )
                break
    return problems


def check_paths_and_installs(module: Module) -> list[str]:
    """No installs from a cell, no absolute paths in code or in links."""
    from tests.curriculum.test_notebooks_clean import _ABSOLUTE_PATH, _INSTALL

    problems = []
    for cell in module.cells:
        if cell.kind == "code":
            if _INSTALL.search(cell.source):
                problems.append(
                    f"{module.stem} {cell.where}: installs from a cell; add the "
                    "package to pyproject.toml instead"
                )
            if _ABSOLUTE_PATH.search(cell.source):
                problems.append(
                    f"{module.stem} {cell.where}: absolute path; use a path relative "
                    "to the notebook or qikit.datasets"
                )
        elif cell.kind == "markdown":
            for _, target in _all_links(cell.source):
                if _ABSOLUTE_LINK.match(target):
                    problems.append(
                        f"{module.stem} {cell.where}: links to {target!r}; link "
                        "relative to the notebook (such as 06_run_charts.ipynb)"
                    )
    return problems


def _all_links(source: str) -> list[tuple[str, str]]:
    found = [(m.group(2), m.group(3)) for m in _LINK.finditer(source)]
    found += [("", m) for m in re.findall(r"""(?:src|href)=["']([^"']+)""", source)]
    return found


# ------------------------------------------------------------------ the sections


def challenges(module: Module) -> list[Cell]:
    return [c for c in module.markdown if c.source.lstrip().startswith("### Challenge")]


def check_challenges(module: Module) -> list[str]:
    found = challenges(module)
    problems = []
    if len(found) < MIN_CHALLENGES:
        problems.append(
            f"{module.stem}: has {len(found)} challenge(s); add at least "
            f"{MIN_CHALLENGES}: markdown cells starting '### Challenge' with the task "
            "and <details><summary>Solution</summary>\\n\\n…\\n\\n</details>"
        )
    for cell in found:
        match = _DETAILS.search(cell.source)
        if not match:
            problems.append(
                f"{module.stem} {cell.where}: has no hidden solution; add "
                "<details><summary>Solution</summary>\\n\\n…\\n\\n</details> "
                "to the cell"
            )
            continue
        body = match.group(1)
        if not body.strip():
            problems.append(f"{module.stem} {cell.where}: the solution is empty")
        elif not (body.startswith("\n\n") and body.rstrip(" ").endswith("\n\n")):
            problems.append(
                f"{module.stem} {cell.where}: leave a blank line after "
                "<summary>Solution</summary> and before </details>, or the solution's "
                "markdown does not render in JupyterLab and Voila"
            )
    return problems


def check_quiz(module: Module) -> list[str]:
    from qikit.apps._quiz_format import load_quiz
    from qikit.errors import QikitError

    wanted = f"quizzes/{module.stem}.json"
    files = code_facts(module).quiz_files
    if not files:
        return [
            f"{module.stem}: has no self-check; add a code cell "
            f'Quiz.from_file("{wanted}") (with Quiz imported from qikit.apps)'
        ]
    problems = []
    for index, name in files:
        if name != wanted:
            problems.append(
                f"{module.stem} cell {index}: the quiz must be {wanted!r} "
                f"(got {name!r})"
            )
    file = module.root / wanted
    if not file.is_file():
        problems.append(
            f"{module.stem}: curriculum/{wanted} does not exist; write it (format in "
            "curriculum/quizzes/README.md)"
        )
        return problems
    try:
        spec = load_quiz(file)
    except QikitError as error:
        return [*problems, f"curriculum/{wanted}: {error}"]
    if len(spec.questions) < MIN_QUESTIONS:
        problems.append(
            f"curriculum/{wanted}: has {len(spec.questions)} question(s); a module's "
            f"quiz has at least {MIN_QUESTIONS}"
        )
    return problems


def check_key_points(module: Module) -> list[str]:
    for cell in module.markdown:
        lines = _lines_after(cell.source, "## Key points")
        if lines is not None:
            if not _has_list(lines):
                return [f"{module.stem} {cell.where}: '## Key points' needs a list"]
            quiz = [i for i, _ in code_facts(module).quiz_files]
            if quiz and cell.index < max(quiz):
                return [
                    f"{module.stem} {cell.where}: put '## Key points' after the quiz"
                ]
            return []
    return [f"{module.stem}: add a markdown cell '## Key points' with a list"]


def check_next_link(module: Module) -> list[str]:
    """The last cell links to the next module (module 12: the welcome page and apps).

    A link to a module that is not written yet is not a problem here (the test of
    the thirteen modules reports missing modules); see :func:`next_missing`.
    """
    last = module.cells[-1] if module.cells else None
    if last is None or last.kind != "markdown":
        return [
            f"{module.stem}: the last cell must be markdown: "
            f"'**Next:** [Module {module.number + 1}: …](….ipynb)'"
        ]
    if module.stem == LAST or _next_name(module.stem) is None:
        targets = [target for _, target in links(last.source)]
        problems = []
        if "00_welcome.ipynb" not in targets:
            problems.append(
                f"{module.stem} {last.where}: link back to the welcome page: "
                "[Module 0: …](00_welcome.ipynb)"
            )
        if not any(t.startswith("apps/") for t in targets):
            problems.append(
                f"{module.stem} {last.where}: link to the apps, such as "
                "[the chart studio](apps/chart_studio.ipynb)"
            )
        return problems
    match = _NEXT.search(last.source)
    if not match:
        return [
            f"{module.stem} {last.where}: the last cell must be '**Next:** [Module "
            f"{module.number + 1}: Title]({_next_name(module.stem)})'"
        ]
    text, target = match.groups()
    problems = []
    expected = module.meta.get("next")
    if target != expected:
        problems.append(
            f"{module.stem}: the Next link goes to {target!r} but metadata.qikit.next "
            f"is {expected!r}: make them the same"
        )
    if not text.startswith(f"Module {module.number + 1}: "):
        problems.append(
            f"{module.stem}: the Next link's text must be 'Module {module.number + 1}: "
            f"Title' (got {text!r})"
        )
    next_file = module.root / target
    if next_file.is_file():
        with contextlib.suppress(Exception):
            title = load(next_file, module.root).title
            if title and text != f"Module {module.number + 1}: {title}":
                problems.append(
                    f"{module.stem}: the Next link says {text!r}; the next module is "
                    f"'Module {module.number + 1}: {title}'"
                )
    return problems


def next_missing(module: Module) -> str | None:
    """The next module's file when the Next link points to one not written yet."""
    target = module.meta.get("next")
    if isinstance(target, str) and not (module.root / target).is_file():
        return target
    return None


# -------------------------------------------------------------------- glossary


def _prose(source: str) -> str:
    """Markdown with code, comments, headings and tags blanked out (same length,
    so positions still line up)."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    for pattern in (_FENCE, _COMMENT, _CODE_SPAN, _HEADING_LINE, _TAG):
        source = pattern.sub(blank, source)
    return source


def _mention(term: str) -> re.Pattern:
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.I)


def check_terms_linked(module: Module, all_terms: list[str] | None = None) -> list[str]:
    """Every term in terms/NN_slug.json is linked to the glossary at its first use."""
    build = script("build_glossary")
    file = module.root / "terms" / f"{module.stem}.json"
    if not file.is_file():
        return [
            f"{module.stem}: curriculum/terms/{module.stem}.json does not exist; list "
            'the terms the module defines: [{"term": "median", "definition": "…", '
            '"see": ["run chart"]}]'
        ]
    try:
        terms = build.read_terms(file)
    except Exception as error:  # noqa: BLE001 - the message says what to fix
        return [f"curriculum/terms/{module.stem}.json: {error}"]
    if all_terms is None:
        with contextlib.suppress(Exception):
            all_terms = [t.term for t in build.read_all(module.root / "terms")]
    others = [t for t in (all_terms or []) if t not in {x.term for x in terms}]
    every = [t.term for t in terms] + others
    anchors = {build.anchor(t) for t in every}
    problems = []
    for item in terms:
        found = _first_use(module, item.term, every, build.anchor)
        if found is None:
            problems.append(
                f"{module.stem}: defines {item.term!r} (terms/{module.stem}.json) but "
                f"never uses it; use it, linked at its first use as "
                f"{build.link(item.term)}, or take it out of the terms file"
            )
        elif found[0] == "plain":
            problems.append(
                f"{module.stem} {found[1].where}: the first use of {item.term!r} "
                f"({found[2]!r}) is not linked to the glossary; write "
                f"{build.link(item.term, found[2])}"
            )
    for cell in module.markdown:
        for _, target in links(cell.source):
            name, _, fragment = target.removeprefix("./").partition("#")
            if name == "glossary.ipynb" and fragment and fragment not in anchors:
                problems.append(
                    f"{module.stem} {cell.where}: links to glossary.ipynb#{fragment}, "
                    "which no terms file defines; check the spelling (lower case, "
                    "hyphens between words) or add the term to a terms file"
                )
    return problems


def _first_use(module: Module, term: str, every: list[str], anchor) -> tuple | None:
    """("link", cell) or ("plain", cell, text) for the term's first use, or None."""
    mine = anchor(term)
    longer = [t for t in every if len(t) > len(term) and _mention(term).search(t)]
    pattern = _mention(term)
    for cell in module.markdown:
        prose = _prose(cell.source)
        events = []
        spans = []
        for match in _LINK.finditer(prose):
            if match.group(1):
                continue
            spans.append(match.span())
            _, _, fragment = match.group(3).partition("#")
            if match.group(3).removeprefix("./").startswith("glossary.ipynb#") and (
                fragment == mine
            ):
                events.append((match.start(), "link", ""))
        shadows = [
            m.span() for other in longer for m in _mention(other).finditer(prose)
        ]
        for match in pattern.finditer(prose):
            start, end = match.span()
            inside = any(a <= start and end <= b for a, b in spans + shadows)
            if not inside:
                events.append((start, "plain", match.group(0)))
        if events:
            events.sort()
            _, kind, text = events[0]
            return ("link", cell) if kind == "link" else ("plain", cell, text)
    return None


# ----------------------------------------------------------- facilitator guide


def check_facilitator_guide(module: Module) -> list[str]:
    file = module.root / "trainers" / f"{module.stem}.md"
    name = f"curriculum/trainers/{module.stem}.md"
    if not file.is_file():
        return [
            f"{module.stem}: {name} does not exist; write the facilitator guide with "
            f"the sections {', '.join(GUIDE_SECTIONS)}"
        ]
    text = file.read_text(encoding="utf-8")
    problems = []
    for section in GUIDE_SECTIONS:
        lines = _lines_after(text, f"## {section}")
        if lines is None:
            problems.append(f"{name}: add the section '## {section}'")
        elif not any(line.strip() for line in lines):
            problems.append(f"{name}: the section '## {section}' is empty")
    timings = _lines_after(text, "## Timings")
    if timings is not None and not any(
        re.match(r"^\s*\|[\s:|-]*-[\s:|-]*\|?\s*$", line) for line in timings
    ):
        problems.append(
            f"{name}: '## Timings' needs a table: | Segment | Minutes | with a "
            "|---|---| line under it"
        )
    if timings is not None:
        problems += _check_timings(name, timings, module.meta.get("minutes"))
    return problems


_TIMING_ROW = re.compile(r"^\| (.+?) \| (\d+) \|$")
_TIMING_TOTAL = re.compile(
    r"\*\*Total\*\* \| \*\*(\d+)\*\* \((\d+) teaching, (\d+) exercises\)"
)


def _check_timings(name: str, timings: list[str], minutes: Any) -> list[str]:
    """The guide's timings add up to the module's own minutes (``metadata.qikit``):
    each row is a segment marked (teaching) or (exercise), and the **Total** row
    gives the sum and its two parts."""
    if not isinstance(minutes, dict):
        return []  # check_metadata says what the notebook's minutes should be
    problems = []
    summed = {"teaching": 0, "exercises": 0}
    for line in timings:
        row = _TIMING_ROW.match(line.strip())
        if row is None or row[1].startswith("**"):
            continue
        kind = re.search(r"\((teaching|exercise)\)$", row[1])
        if kind is None:
            problems.append(
                f"{name}: the timing row '{row[1]}' must end with (teaching) or "
                "(exercise)"
            )
            continue
        summed["teaching" if kind[1] == "teaching" else "exercises"] += int(row[2])
    want = {"teaching": minutes.get("teaching"), "exercises": minutes.get("exercises")}
    if summed != want:
        problems.append(
            f"{name}: the timings add up to {summed['teaching']} minutes teaching "
            f"and {summed['exercises']} of exercises, but the module says "
            f"{want['teaching']} and {want['exercises']}; make them agree"
        )
    total = _TIMING_TOTAL.search("\n".join(timings))
    if total is None:
        problems.append(
            f"{name}: end '## Timings' with the row "
            "'| **Total** | **N** (T teaching, E exercises) |'"
        )
    elif [int(g) for g in total.groups()] != [
        summed["teaching"] + summed["exercises"],
        summed["teaching"],
        summed["exercises"],
    ]:
        problems.append(
            f"{name}: the **Total** row ({total[0]}) does not match the rows above it"
        )
    return problems


def check_module_tests(module: Module) -> list[str]:
    file = ROOT / "tests" / "curriculum" / f"test_module_{module.stem[:2]}.py"
    if module.root != CURRICULUM or file.is_file():
        return []
    return [
        f"{module.stem}: tests/curriculum/{file.name} does not exist; add the checks "
        "of the module's rules and figures against the engine and the data "
        "(CURRICULUM.md 'Checks')"
    ]


CHECKS = {
    "metadata": check_metadata,
    "title cell": check_title_cell,
    "app": check_app,
    "names exist": check_names_exist,
    "code cells": check_code_cells,
    "paths and installs": check_paths_and_installs,
    "challenges": check_challenges,
    "quiz": check_quiz,
    "key points": check_key_points,
    "next link": check_next_link,
    "glossary links": check_terms_linked,
    "facilitator guide": check_facilitator_guide,
    "module tests": check_module_tests,
}


def all_problems(module: Module) -> list[str]:
    """Every problem every check finds (for a summary)."""
    return [p for check in CHECKS.values() for p in check(module)]


# ------------------------------------------------- what the module tests read


def prose(notebook) -> str:
    """A notebook's markdown as one string, with the glossary links unwrapped."""
    md = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return re.sub(r"\[([^\]]+)\]\(glossary\.ipynb#[^)]+\)", r"\1", md)


def code_of(notebook) -> str:
    """A notebook's code cells as one string."""
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "code")


def quiz_questions(path: str | Path) -> dict:
    """A quiz file's questions by id."""
    return {q["id"]: q for q in json.loads(Path(path).read_text("utf-8"))["questions"]}
