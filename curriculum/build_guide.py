"""Build the printable learner's guide, with its screenshots, as one HTML file.

The guide's source is ``curriculum/learners_guide.ipynb`` (markdown only, no
pictures in it). Each picture is named by a comment on its own line::

    <!-- screenshot: guide-landing | The landing page: the modules and the apps. -->

The browser tests take the pictures (``tests/voila/test_guide_screenshots.py``, saved
in ``tests/_artifacts/screenshots/``), and this script puts each one in its place,
embedded in ``build/learners-guide/index.html`` with the words after ``|`` as its
text alternative and caption. ``make guide`` does both; a picture that is missing
(its page does not exist yet, or the browser could not take it) is left out and
named in what the script prints::

    .venv/bin/python curriculum/build_guide.py            # after the browser tests
    .venv/bin/python curriculum/build_guide.py --strict   # exit 1 if one is missing
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import html
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import build_handouts
import nbformat

from qikit._version import __version__

CURRICULUM = Path(__file__).resolve().parent
ROOT = CURRICULUM.parent
GUIDE = CURRICULUM / "learners_guide.ipynb"
SCREENSHOTS = ROOT / "tests" / "_artifacts" / "screenshots"
OUT = ROOT / "build" / "learners-guide"

#: ``<!-- screenshot: name | text alternative -->`` on a line of its own.
MARKER = re.compile(
    r"^[ \t]*<!--\s*screenshot:\s*([A-Za-z0-9_.-]+)\s*\|\s*(.*?)\s*-->[ \t]*$",
    re.M | re.S,
)
_NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\(\s*[A-Za-z0-9_./-]+\.ipynb(#[^)\s]*)?\s*\)")


def markers(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """The pictures the guide names, in order: (name, text alternative)."""
    return [
        (m.group(1), " ".join(m.group(2).split()))
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for m in MARKER.finditer(cell.source)
    ]


def figure(png: bytes, alt: str) -> str:
    """An embedded picture with its text alternative as caption."""
    data = base64.b64encode(png).decode("ascii")
    words = html.escape(alt, quote=True)
    return (
        f'<figure class="qikit-guide-shot"><img src="data:image/png;base64,{data}" '
        f'alt="{words}"><figcaption>{html.escape(alt)}</figcaption></figure>'
    )


def _pages() -> dict[str, str]:
    """Which page each picture is taken on (from the browser test), if known."""
    with contextlib.suppress(Exception):
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from tests.voila.test_guide_screenshots import SHOTS

        return {name: page for name, (page, _) in SHOTS.items()}
    return {}


def why_missing(name: str, pages: dict[str, str] | None = None) -> str:
    """A sentence saying why a picture is missing and how to make it."""
    pages = _pages() if pages is None else pages
    page = pages.get(name)
    if page is None:
        return (
            f"{name}: no browser test takes it; add it to SHOTS in "
            "tests/voila/test_guide_screenshots.py"
        )
    if page and not (CURRICULUM / page).is_file():
        return f"{name}: its page curriculum/{page} does not exist yet"
    return (
        f"{name}: tests/_artifacts/screenshots/{name}.png is missing; run make guide "
        "(the browser test may have failed or been skipped: see its output)"
    )


def with_pictures(
    notebook: nbformat.NotebookNode, folder: Path = SCREENSHOTS
) -> tuple[nbformat.NotebookNode, list[str]]:
    """The guide with each picture in place, and the names of those missing.

    Links to other notebooks keep their words only (on paper they lead nowhere);
    links within the guide stay.
    """
    notebook = copy.deepcopy(notebook)
    missing: list[str] = []

    def put(match: re.Match) -> str:
        name, alt = match.group(1), " ".join(match.group(2).split())
        file = folder / f"{name}.png"
        if not file.is_file():
            missing.append(name)
            return ""
        return figure(file.read_bytes(), alt)

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _NOTEBOOK_LINK.sub(r"\1", MARKER.sub(put, cell.source))
    return notebook, missing


def build(
    guide: Path = GUIDE, out: Path = OUT, folder: Path = SCREENSHOTS
) -> tuple[Path, list[str]]:
    """Write ``out/index.html``; returns it and the pictures that were missing."""
    source = nbformat.read(guide, as_version=4)
    notebook, missing = with_pictures(source, folder)
    notebook.cells.append(
        nbformat.v4.new_markdown_cell(
            '<p class="qikit-handout-footer">The qikit learner\'s guide, made from '
            "curriculum/learners_guide.ipynb with the pictures the browser tests "
            f"took, with qikit {__version__}.</p>"
        )
    )
    title = str(source.metadata.get("qikit", {}).get("title") or "Learner's guide")
    out.mkdir(parents=True, exist_ok=True)
    target = out / "index.html"
    page = build_handouts.export_html(notebook, title=title, folder=guide.parent)
    target.write_text(page, encoding="utf-8")
    return target, missing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a picture is missing"
    )
    args = parser.parse_args(argv)
    target, missing = build(out=args.out)
    pages = _pages()
    total = len(markers(nbformat.read(GUIDE, as_version=4)))
    print(
        f"build_guide: {target} with {total - len(missing)} of {total} pictures; "
        "print it from your browser"
    )
    for name in missing:
        print(f"build_guide: left out {why_missing(name, pages)}")
    return 1 if (missing and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
