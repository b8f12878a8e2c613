"""Build the glossary notebook from the terms the modules define.

Each module lists the terms it defines in ``curriculum/terms/NN_slug.json``::

    [{"term": "median",
      "definition": "The middle value when the values are put in order.",
      "see": ["run chart"]}]

This script turns every terms file into ``curriculum/glossary.ipynb``: markdown
only, the terms in alphabetical order under A–Z jump links, each entry with its
anchor (``<a id="median"></a>``, see :func:`anchor`), its definition, the module
that teaches it (linked) and "see also" links to other entries. A module links a
term to it at its first use: ``[median](glossary.ipynb#median)``.

Run it from the repository root after editing a terms file, and commit both::

    .venv/bin/python curriculum/build_glossary.py          # write the glossary
    .venv/bin/python curriculum/build_glossary.py --check  # exit 1 if out of date

``tests/curriculum/test_glossary.py`` fails when the committed glossary is out of
date. A term defined by more than one module is one entry: the definition of the
first module that defines it, and every module that does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from qikit._format import slug
from qikit._validate import closest, fail, path, text

CURRICULUM = Path(__file__).resolve().parent
TERMS = CURRICULUM / "terms"
GLOSSARY = CURRICULUM / "glossary.ipynb"

#: The fields of one term.
FIELDS = ("term", "definition", "see")
#: A terms file is named like its module: ``06_run_charts.json``.
TERMS_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.json$")
#: Longest definition: "one or two plain sentences".
DEFINITION_LIMIT = 600
#: Landing page entry of the glossary (after the modules).
METADATA = {
    "title": "Glossary",
    "summary": (
        "Every term the modules define, in plain words, with the module that "
        "teaches it."
    ),
    "order": 100,
}
KERNELSPEC = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}
#: Letters that Unicode does not split into a plain letter and an accent.
_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss"}
    | {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "ð": "d"}
)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


# ------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Term:
    """One term as a module defines it."""

    term: str
    definition: str
    see: tuple[str, ...]
    module: str  # the module's file stem: "06_run_charts"


def anchor(term: str) -> str:
    """The glossary anchor of a term: lower case, words joined by hyphens.

    Accents are dropped and punctuation goes, so the link works in JupyterLab,
    Voila and a printed page.

    Examples
    --------
    >>> anchor("median")
    'median'
    >>> anchor("PDSA cycle")
    'pdsa-cycle'
    >>> anchor("Anhøj rules"), anchor("I (XmR) chart"), anchor("Laney P′ chart")
    ('anhoj-rules', 'i-xmr-chart', 'laney-p-chart')
    """
    return slug(str(term).translate(_LETTERS), limit=200)


def link(term: str, shown: str | None = None) -> str:
    """The markdown link from a module to a term's glossary entry.

    Examples
    --------
    >>> link("run chart")
    '[run chart](glossary.ipynb#run-chart)'
    >>> link("median", "medians")
    '[medians](glossary.ipynb#median)'
    """
    return f"[{shown or term}](glossary.ipynb#{anchor(term)})"


def read_terms(file: str | Path) -> list[Term]:
    """Read and check one terms file.

    Raises
    ------
    InputError
        Naming the file and the entry (``terms/06_run_charts.json[2].see``) and
        saying what to fix.
    """
    file = Path(file)
    name = f"terms/{file.name}"
    match = TERMS_NAME.match(file.name)
    if not match:
        raise fail(
            name,
            "is not named like a module",
            file.name,
            "Name the file after its module's notebook, such as "
            "'06_run_charts.json' for 06_run_charts.ipynb.",
        )
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise fail(
            name,
            f"is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})",
            fix="Check the commas and quotes near that place.",
        ) from None
    if not isinstance(data, list) or not data:
        raise fail(
            name,
            "must be a list of terms",
            data,
            'Write [{"term": "median", "definition": "…", "see": ["run chart"]}].',
        )
    stem = file.stem
    seen: dict[str, int] = {}
    out = []
    for index, item in enumerate(data):
        where = path(name, index)
        if not isinstance(item, dict):
            raise fail(
                where,
                "must be a term with its definition",
                item,
                'Write {"term": "median", "definition": "…"}.',
            )
        for key in item:
            if key not in FIELDS:
                near = closest(key, FIELDS)
                hint = f"Did you mean {near!r}? " if near else ""
                raise fail(
                    path(where, str(key)),
                    "is not a field of a term",
                    key,
                    f"{hint}A term has the fields {', '.join(FIELDS)}.",
                )
        term = text(item.get("term"), path(where, "term"), required=True, limit=80)
        if not anchor(term):
            raise fail(
                path(where, "term"),
                "has no letters or digits",
                term,
                "Write the term in words.",
            )
        definition = text(
            item.get("definition"),
            path(where, "definition"),
            required=True,
            limit=DEFINITION_LIMIT,
        )
        see = item.get("see", [])
        if isinstance(see, str) or not isinstance(see, list):
            raise fail(
                path(where, "see"),
                "must be a list of terms",
                see,
                'Write "see": ["run chart"] (or leave it out).',
            )
        related = tuple(
            text(s, path(where, "see", i), required=True, limit=80)
            for i, s in enumerate(see)
        )
        if anchor(term) in {anchor(s) for s in related}:
            raise fail(
                path(where, "see"),
                "names the term itself",
                term,
                "List other terms a learner should read next.",
            )
        key = anchor(term)
        if key in seen:
            raise fail(
                path(where, "term"),
                f"is already defined in this file (entry {seen[key]})",
                term,
                "Keep one entry per term.",
            )
        seen[key] = index
        out.append(Term(term, definition, related, stem))
    return out


def read_all(folder: str | Path = TERMS) -> list[Term]:
    """Every term of every terms file in ``folder`` (in file order)."""
    folder = Path(folder)
    terms: list[Term] = []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        terms.extend(read_terms(file))
    return terms


# ------------------------------------------------------------------------ entries


@dataclass
class Entry:
    """One glossary entry: a term, merged over the modules that define it."""

    term: str
    definition: str
    modules: list[str] = field(default_factory=list)  # module stems, in order
    see: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return anchor(self.term)


def sort_key(term: str) -> tuple[str, str]:
    """Alphabetical order: accents and case ignored, then the term itself.

    Examples
    --------
    >>> sorted(["run chart", "Anhøj rules", "median", "baseline"], key=sort_key)
    ['Anhøj rules', 'baseline', 'median', 'run chart']
    """
    folded = unicodedata.normalize("NFKD", term.translate(_LETTERS))
    folded = folded.encode("ascii", "ignore").decode()
    return (" ".join(re.sub(r"[^a-z0-9]+", " ", folded.casefold()).split()), term)


def letter(term: str) -> str:
    """The letter a term is listed under ("#" for a digit or a symbol).

    Examples
    --------
    >>> letter("Anhøj rules"), letter("p chart"), letter("3 sigma")
    ('A', 'P', '#')
    """
    key = sort_key(term)[0]
    first = key[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def entries(terms: Iterable[Term]) -> list[Entry]:
    """The glossary's entries, one per term (merged by anchor), in order."""
    merged: dict[str, Entry] = {}
    for item in sorted(terms, key=lambda t: t.module):
        entry = merged.get(anchor(item.term))
        if entry is None:
            entry = merged[anchor(item.term)] = Entry(item.term, item.definition)
        if item.module not in entry.modules:
            entry.modules.append(item.module)
        for other in item.see:
            if anchor(other) not in {anchor(s) for s in entry.see}:
                entry.see.append(other)
    return sorted(merged.values(), key=lambda e: sort_key(e.term))


def unknown_see(terms: Iterable[Term]) -> list[str]:
    """ "see" names that no terms file defines, as "module: term -> name" lines."""
    terms = list(terms)
    known = {anchor(t.term) for t in terms}
    return [
        f"{t.module}: {t.term!r} -> {s!r}"
        for t in terms
        for s in t.see
        if anchor(s) not in known
    ]


# ----------------------------------------------------------------------- notebook


def module_title(stem: str, curriculum: Path = CURRICULUM) -> str:
    """ "Module 6: Run charts and their rules" for ``06_run_charts``.

    The title is the notebook's ``metadata.qikit.title``, else its first heading
    (without a "Module N:" already there), else the file name in words.
    """
    number = int(stem[:2])
    title = ""
    notebook = curriculum / f"{stem}.ipynb"
    if notebook.is_file():
        data = json.loads(notebook.read_text(encoding="utf-8"))
        title = str((data.get("metadata", {}).get("qikit") or {}).get("title") or "")
        if not title:
            for cell in data.get("cells", []):
                if cell.get("cell_type") != "markdown":
                    continue
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else source
                found = _HEADING.search(source)
                if found:
                    title = _LINK.sub(r"\1", found.group(1))
                    break
    title = re.sub(r"^Module\s+\d+\s*:\s*", "", title).strip()
    if not title:
        title = stem[3:].replace("_", " ").capitalize()
    return f"Module {number}: {title}"


def _taught_in(entry: Entry, curriculum: Path) -> str:
    places = []
    for stem in entry.modules:
        title = module_title(stem, curriculum)
        exists = (curriculum / f"{stem}.ipynb").is_file()
        places.append(f"[{title}]({stem}.ipynb)" if exists else title)
    return "Taught in " + "; ".join(places) + "."


def _see_also(entry: Entry, known: set[str]) -> str:
    links = [f"[{s}](#{anchor(s)})" if anchor(s) in known else s for s in entry.see]
    return "See also: " + ", ".join(links) + "." if links else ""


def _cell(source: str, cell_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id[:64]
    return cell


def build(
    terms: Sequence[Term] | None = None, *, curriculum: Path = CURRICULUM
) -> nbformat.NotebookNode:
    """The glossary notebook for ``terms`` (default: every terms file)."""
    if terms is None:
        terms = read_all(curriculum / "terms")
    listed = entries(terms)
    known = {e.anchor for e in listed}
    letters = {letter(e.term) for e in listed}
    alphabet = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    if "#" in letters:
        alphabet.insert(0, "#")
    jumps = " · ".join(
        f"[{_jump_text(c)}](#letter-{_letter_id(c)})" if c in letters else c
        for c in alphabet
    )
    intro = (
        "<!-- Made by curriculum/build_glossary.py from curriculum/terms/*.json. "
        "Edit those files and run the script again; do not edit this notebook. -->\n"
        "\n"
        "# Glossary\n"
        "\n"
        "The words the modules use, in plain English. Each entry says what the term "
        "means, which module teaches it, and which terms to read next. In a module, "
        "a term links here the first time it is used.\n"
        "\n" + (jumps if listed else "No terms have been defined yet.")
    )
    cells = [_cell(intro, "glossary-intro")]
    current = None
    for entry in listed:
        first = letter(entry.term)
        if first != current:
            current = first
            heading = "Numbers and symbols" if first == "#" else first
            cells.append(
                _cell(
                    f'<a id="letter-{_letter_id(first)}"></a>\n\n## {heading}',
                    f"letter-{_letter_id(first)}",
                )
            )
        parts = [
            f'<a id="{entry.anchor}"></a>',
            f"### {entry.term}",
            entry.definition,
            _taught_in(entry, curriculum),
        ]
        see = _see_also(entry, known)
        if see:
            parts.append(see)
        cells.append(_cell("\n\n".join(parts), f"term-{entry.anchor}"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "qikit": dict(METADATA),
    }
    return notebook


def _jump_text(first: str) -> str:
    return "0–9" if first == "#" else first


def _letter_id(first: str) -> str:
    return "numbers" if first == "#" else first.lower()


def render(notebook: nbformat.NotebookNode) -> str:
    """The notebook as the text written to disk (stable, so diffs stay small)."""
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def is_current(curriculum: Path = CURRICULUM) -> bool:
    """Whether the glossary on disk is what this script would write."""
    target = curriculum / "glossary.ipynb"
    built = render(build(curriculum=curriculum))
    return target.is_file() and target.read_text(encoding="utf-8") == built


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 when the glossary is out of date",
    )
    args = parser.parse_args(argv)
    terms = read_all(TERMS)
    built = render(build(terms, curriculum=CURRICULUM))
    for line in unknown_see(terms):
        print(f"build_glossary: 'see' names a term no module defines: {line}")
    current = GLOSSARY.read_text(encoding="utf-8") if GLOSSARY.is_file() else ""
    if args.check:
        if current != built:
            print(
                "build_glossary: curriculum/glossary.ipynb is out of date; run "
                "python curriculum/build_glossary.py"
            )
            return 1
        return 0
    if current != built:
        GLOSSARY.write_text(built, encoding="utf-8")
    count = len(entries(terms))
    print(f"build_glossary: {GLOSSARY.relative_to(CURRICULUM.parent)}: {count} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
