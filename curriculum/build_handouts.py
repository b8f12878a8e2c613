"""Build printable handouts: each module as one self-contained HTML file, code hidden.

For rooms without screens. ``make handouts`` runs this script, which executes every
module notebook (``curriculum/NN_*.ipynb``) from ``curriculum/`` as nbval and Voila
do, and writes ``build/handouts/NN_slug.html`` for each, with the glossary and an
index page (``build/handouts/index.html``)::

    .venv/bin/python curriculum/build_handouts.py                  # every module
    .venv/bin/python curriculum/build_handouts.py 06_run_charts    # one or a few

A handout is what the Voila page shows, made for paper:

- no code (nbconvert's ``--no-input``), no error or warning output;
- charts embedded in the file (no image files beside it), and nothing loaded from
  another computer: no scripts, fonts or styles from the internet, so a handout
  opens offline and prints the same everywhere;
- each app is a short note naming it (an app needs the web page), and the quiz is
  printed as its questions;
- the solutions to the challenges and the answers to the quiz move to the end, so a
  learner can try first;
- links to other modules and to the glossary go to their handouts.

``curriculum/build_guide.py`` uses :func:`export_html` the same way for the
learner's guide.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import html
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import build_glossary
import nbformat
from jinja2 import DictLoader
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from qikit._version import __version__

CURRICULUM = Path(__file__).resolve().parent
ROOT = CURRICULUM.parent
OUT = ROOT / "build" / "handouts"
#: Seconds one cell may run before the build gives up on the module.
CELL_TIMEOUT = 300

WIDGET = "application/vnd.jupyter.widget-view+json"
_SOLUTION = re.compile(
    r"<details>\s*<summary>\s*Solution\s*</summary>(.*?)</details>", re.S | re.I
)
_QUIZ = re.compile(r"""Quiz\s*\.\s*from_file\(\s*["']([^"']+)["']""")
_LOCAL_LINK = re.compile(r"\]\(\s*([A-Za-z0-9_./-]+?)\.ipynb(#[^)\s]*)?\s*\)")
_EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*["']?"""
    r"""(?:https?:)?//|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//|"""
    r"""url\(\s*["']?(?:https?:)?//|@import""",
    re.I,
)

#: The lab template with everything that would load from the internet taken out
#: (require.js, the widget manager, MathJax, Mermaid), and print styles added.
TEMPLATE = """
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
body { font-size: 12pt; line-height: 1.5; max-width: 48rem; margin: 0 auto; }
.jp-RenderedHTMLCommon { font-size: 12pt; }
.jp-Notebook { padding: 1rem; }
img { max-width: 100%; height: auto; }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-size: 10pt; color: #425563; margin-top: 0.25rem; }
.qikit-guide-shot img { border: 1px solid #aeb7bd; }
.qikit-handout-note { border-left: 4px solid #005eb8; padding: 0.5rem 1rem;
  background: #f0f4f5; margin: 0.5rem 0; }
.qikit-handout-footer { color: #425563; font-size: 10pt; margin-top: 2rem; }
@media print {
  body { max-width: none; }
  h1, h2, h3 { break-after: avoid; }
  .jp-Cell { break-inside: avoid-page; }
  a { color: inherit; }
}
</style>
{%- endblock extra_css -%}
"""


@dataclass(frozen=True)
class Handout:
    """One page built: its file, title and line for the index."""

    path: Path
    title: str
    summary: str = ""
    minutes: str = ""


def modules(root: Path = CURRICULUM) -> list[Path]:
    """The module notebooks, in order."""
    return sorted(root.glob("[0-9][0-9]_*.ipynb"))


# --------------------------------------------------------------------- exporting


def exporter() -> HTMLExporter:
    """nbconvert's HTML exporter, code hidden, images embedded, nothing external."""
    out = HTMLExporter(
        extra_loaders=[DictLoader({"qikit_handout.html.j2": TEMPLATE})],
        template_file="qikit_handout.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
    )
    return out


def export_html(notebook: nbformat.NotebookNode, *, title: str, folder: Path) -> str:
    """A notebook (already executed) as one self-contained HTML page.

    ``folder`` is where relative images in markdown are found (to embed them).
    Raises RuntimeError when the page would still load something from outside.
    """
    notebook = copy.deepcopy(notebook)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["title"] = title
    body, _ = exporter().from_notebook_node(
        notebook, resources={"metadata": {"name": title, "path": str(folder)}}
    )
    body = body.replace('<html lang="en">', '<html lang="en-GB">', 1)
    found = _EXTERNAL.search(body)
    if found:
        raise RuntimeError(
            f"{title}: the page would load {found.group(0)!r} from outside this "
            "computer; handouts must be self-contained"
        )
    return body


# ------------------------------------------------------------------ preparing


def _note(text: str) -> dict:
    return nbformat.v4.new_output(
        "display_data", data={"text/html": f'<p class="qikit-handout-note">{text}</p>'}
    )


def _words(name: str) -> str:
    """ "SignalOrNoise" -> "Signal or noise"."""
    parts = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    return " ".join([parts[0], *(p.lower() for p in parts[1:])]) if parts else name


def _app_name(source: str) -> str:
    """The app a cell shows: the first capitalised name it calls."""
    with contextlib.suppress(SyntaxError):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                func = node.func
                while isinstance(func, ast.Attribute):
                    func = func.value
                if isinstance(func, ast.Name) and func.id[:1].isupper():
                    return _words(func.id)
    return ""


def quiz_html(file: Path) -> tuple[str, str]:
    """A quiz as printed questions, and its answers (for the end of the handout)."""
    from qikit.apps._quiz_format import load_quiz
    from qikit.apps.quiz import shown_options

    spec = load_quiz(file)
    questions = [f"<h3>{html.escape(spec.title)}</h3>"]
    if spec.intro:
        questions.append(f"<p>{html.escape(spec.intro)}</p>")
    questions.append("<ol>")
    answers = ["<ol>"]
    for q in spec.questions:
        item = f"<li><p>{html.escape(q.prompt)}</p>"
        if q.kind == "several":
            item += "<p><em>Tick all that apply.</em></p>"
        if q.options:
            item += "<ul>" + "".join(
                f"<li>☐ {html.escape(o.text)}</li>" for o in shown_options(q)
            )
            item += "</ul>"
        else:
            unit = f" {html.escape(q.unit)}" if q.unit else ""
            item += f"<p>Your answer: ____________{unit}</p>"
        questions.append(item + "</li>")
        answers.append(
            f"<li><p><strong>{html.escape(q.answer_text)}</strong>. "
            f"{html.escape(q.explanation)}</p></li>"
        )
    questions.append("</ol>")
    answers.append("</ol>")
    return "".join(questions), "".join(answers)


def prepare(
    notebook: nbformat.NotebookNode, *, folder: Path, built: set[str]
) -> nbformat.NotebookNode:
    """An executed module made ready for paper (see the module's docstring).

    ``built``: the stems of the pages that have handouts (links to them are kept).
    """
    notebook = copy.deepcopy(notebook)
    solutions: list[tuple[str, str]] = []
    answers: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            source = cell.source
            if source.lstrip().startswith("### Challenge"):
                heading = source.lstrip().splitlines()[0].removeprefix("### ").strip()
                for found in _SOLUTION.finditer(source):
                    solutions.append((heading, found.group(1).strip()))
                source = _SOLUTION.sub(
                    "*The solution is at the end of this handout.*", source
                )
            cell.source = _relink(source, built)
        elif cell.cell_type == "code":
            quiz = _QUIZ.search(cell.source)
            kept = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == (
                    "stderr"
                ):
                    continue  # warnings are for the author, not the page
                if output.get("output_type") == "error":
                    raise RuntimeError(f"a cell failed: {output.get('ename')}")
                data = output.get("data", {})
                if WIDGET in data:
                    if quiz:
                        printed, key = quiz_html(folder / quiz.group(1))
                        kept.append(
                            nbformat.v4.new_output(
                                "display_data", data={"text/html": printed}
                            )
                        )
                        answers.append(key)
                    else:
                        name = _app_name(cell.source)
                        app = (
                            f"the <strong>{html.escape(name)}</strong> app"
                            if (name)
                            else "an app"
                        )
                        kept.append(
                            _note(
                                f"On the web page, {app} is here for you to use. "
                                "Open this module in the browser to try it."
                            )
                        )
                    continue
                kept.append(output)
            cell.outputs = kept
    ending = []
    if solutions:
        ending.append("## Solutions to the challenges")
        for heading, body in solutions:
            ending.append(f"### {heading}\n\n{body}")
    if answers:
        ending.append("## Answers to the self-check")
        ending.extend(answers)
    if ending:
        notebook.cells.append(nbformat.v4.new_markdown_cell("\n\n".join(ending)))
    return notebook


def _relink(source: str, built: set[str]) -> str:
    """Links to notebooks with handouts go to the handouts; others keep their
    text only (an app or a page that is not printed)."""

    def swap(match: re.Match) -> str:
        stem, fragment = match.group(1), match.group(2) or ""
        if stem.removeprefix("./") in built:
            return f"]({stem.removeprefix('./')}.html{fragment})"
        return match.group(0)

    source = _LOCAL_LINK.sub(swap, source)
    return re.sub(
        r"\[([^\]]+)\]\(\s*[A-Za-z0-9_./-]+\.ipynb(#[^)\s]*)?\s*\)", r"\1", source
    )


# --------------------------------------------------------------------- running


def execute(path: Path, *, timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run a notebook from ``curriculum/`` (as nbval and Voila do)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    client.execute()
    return notebook


def _describe(path: Path) -> tuple[str, str, str]:
    meta = nbformat.read(path, as_version=4).metadata.get("qikit", {}) or {}
    title = build_glossary.module_title(path.stem, path.parent)
    minutes = meta.get("minutes") or {}
    said = ""
    if isinstance(minutes, dict) and minutes:
        said = (
            f"{minutes.get('teaching', 0)} minutes teaching, "
            f"{minutes.get('exercises', 0)} minutes exercises"
        )
    return title, str(meta.get("summary") or ""), said


def _footer(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f'<p class="qikit-handout-footer">A qikit handout, made from {source} with '
        f"qikit {__version__}. The web page has the apps and the quiz.</p>"
    )


def build_one(
    path: Path, out: Path, *, built: set[str], timeout: int = CELL_TIMEOUT
) -> Handout:
    """Execute one module and write its handout."""
    title, summary, minutes = _describe(path)
    notebook = execute(path, timeout=timeout)
    notebook = prepare(notebook, folder=path.parent, built=built)
    notebook.cells.append(_footer(f"curriculum/{path.name}"))
    target = out / f"{path.stem}.html"
    target.write_text(
        export_html(notebook, title=title, folder=path.parent), encoding="utf-8"
    )
    return Handout(target, title, summary, minutes)


def build_glossary_page(out: Path, built: set[str]) -> Handout | None:
    path = CURRICULUM / "glossary.ipynb"
    if not path.is_file():
        return None
    notebook = prepare(
        nbformat.read(path, as_version=4), folder=CURRICULUM, built=built
    )
    notebook.cells.append(_footer("curriculum/glossary.ipynb"))
    target = out / "glossary.html"
    target.write_text(
        export_html(notebook, title="Glossary", folder=CURRICULUM), encoding="utf-8"
    )
    return Handout(target, "Glossary", "Every term the modules define.")


def index_page(handouts: Sequence[Handout], out: Path) -> Path:
    """``index.html``: the list of handouts, to print or open."""
    rows = "".join(
        f'<li><a href="{h.path.name}">{html.escape(h.title)}</a>'
        + (f" ({html.escape(h.minutes)})" if h.minutes else "")
        + (f"<br>{html.escape(h.summary)}" if h.summary else "")
        + "</li>"
        for h in handouts
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# qikit handouts\n\n"
                "Each module of the qikit curriculum as a page to print, for rooms "
                "without screens. The code is hidden; the apps need the web page. "
                "The solutions to the challenges and the answers to the quiz are at "
                "the end of each handout.\n\n"
                f"<ul>{rows}</ul>"
            ),
            _footer("curriculum/"),
        ]
    )
    target = out / "index.html"
    target.write_text(
        export_html(notebook, title="qikit handouts", folder=CURRICULUM),
        encoding="utf-8",
    )
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules", nargs="*", help="module names such as 06_run_charts (default: all)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write")
    parser.add_argument(
        "--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell"
    )
    args = parser.parse_args(argv)
    found = modules()
    chosen = found
    if args.modules:
        wanted = {m.removesuffix(".ipynb") for m in args.modules}
        chosen = [p for p in found if p.stem in wanted]
        unknown = wanted - {p.stem for p in found}
        if unknown:
            print(
                f"build_handouts: no module called {', '.join(sorted(unknown))}; the "
                f"modules are {', '.join(p.stem for p in found)}"
            )
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    built = {p.stem for p in chosen} | {"glossary"}
    handouts, failed = [], []
    # A fresh, throw-away cohort store: building handouts never writes to a
    # workshop's store.
    with tempfile.TemporaryDirectory() as store:
        os.environ["QIKIT_STORE"] = str(Path(store) / "handouts.sqlite3")
        for path in chosen:
            print(f"build_handouts: {path.name} …", flush=True)
            try:
                handouts.append(
                    build_one(path, args.out, built=built, timeout=args.timeout)
                )
            except Exception as error:  # noqa: BLE001 - reported, the rest go on
                failed.append(f"{path.name}: {type(error).__name__}: {error}")
    glossary = build_glossary_page(args.out, built)
    if glossary:
        handouts.append(glossary)
    index = index_page(handouts, args.out)
    print(f"build_handouts: {len(handouts)} pages; open {index}")
    for line in failed:
        print(f"build_handouts: FAILED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
