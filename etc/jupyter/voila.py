"""Voila configuration that needs Python: the list of pages on the landing page.

`make app` (and the browser tests) put this folder on ``JUPYTER_CONFIG_PATH``, so Voila
reads this file beside ``curriculum/voila.json`` (which holds every other setting).
It sets one hook, :func:`page_config_hook`, which gives the landing page
(``share/jupyter/voila/templates/qikit/tree.html``) the curriculum's modules and apps,
read from the notebooks themselves each time the page is opened:

- the title is the notebook's ``metadata.qikit.title``, else its first ``# heading``,
  else its file name;
- the one-line summary is ``metadata.qikit.summary``, else the first sentence of the
  first paragraph after that heading;
- pages are ordered by ``metadata.qikit.order`` (a number), then by file name;
  ``metadata.qikit.hidden: true`` leaves a page off the list.

Top-level notebooks are the modules; each folder (``apps/``, ...) is a section of its
own. A new notebook appears on the landing page without editing anything.

It also gives addresses that match nothing qikit's 404 page (Tornado's own has no
language and no way back). Standard library and Tornado only: the Voila server itself
never imports qikit, pandas or matplotlib (the kernels do).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from tornado import web

TITLE = "qikit: quality improvement, learnt by doing"
INTRO = [
    "These pages teach quality improvement with data like the data you collect at "
    "work. You do not need to write any code.",
    "Start with the modules, in order. The apps are tools for your own data, and "
    "games and drills for a workshop.",
]
#: folder -> (section title, one sentence). Other folders get their name as a title.
SECTIONS = {
    "": ("Modules", "Each module explains one idea, with an example from care."),
    "apps": ("Apps", "Tools to use with your own data, and games for a workshop."),
}
SUMMARY_LIMIT = 200  # characters; a longer first sentence is cut at a word

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(\*\*|__|\*|`|<[^>]+>)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def _plain(text: str) -> str:
    """Markdown to plain words: links keep their text, emphasis and tags go."""
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    return " ".join(text.split())


def _first_sentence(text: str) -> str:
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(sentence) > SUMMARY_LIMIT:
        sentence = sentence[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def describe(path: Path) -> dict[str, Any]:
    """Title, summary, order and visibility of one notebook (raises on a bad file)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    meta = notebook.get("metadata", {}) or {}
    qikit = meta.get("qikit", {}) or {}
    title = qikit.get("title") or meta.get("title")
    summary = qikit.get("summary")
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).splitlines()
        for index, line in enumerate(lines):
            match = _HEADING.match(line)
            if not match:
                continue
            title = title or _plain(match.group(1))
            if summary is None:
                paragraph = []
                for rest in lines[index + 1 :]:
                    if rest.strip().startswith("#") or (not rest.strip() and paragraph):
                        break
                    if rest.strip():
                        paragraph.append(rest.strip())
                summary = _first_sentence(_plain(" ".join(paragraph)))
            break
        if title:
            break
    if not title:
        title = re.sub(r"^\d+[_ -]*", "", path.stem).replace("_", " ").strip()
        title = (title or path.stem).capitalize()
    order = qikit.get("order")
    return {
        "title": str(title),
        "summary": str(summary or ""),
        "order": order if isinstance(order, int | float) else None,
        "hidden": bool(qikit.get("hidden", False)),
    }


def catalogue(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The landing page's content: title, intro and one section per folder."""
    root = Path(root)
    sections: dict[str, list[dict[str, Any]]] = {}
    problems = []
    # The curriculum's own notebooks and one level of folders, no deeper: the
    # landing page is read on every visit.
    for path in sorted([*root.glob("*.ipynb"), *root.glob("*/*.ipynb")]):
        relative = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue  # hidden folders, .ipynb_checkpoints, _drafts
        folder = relative.parts[0] if len(relative.parts) > 1 else ""
        try:
            entry = describe(path)
        except (OSError, ValueError, TypeError, AttributeError) as error:
            problems.append(
                f"{relative.as_posix()} could not be read as a notebook "
                f"({type(error).__name__}); open it in JupyterLab to repair it."
            )
            continue
        if entry.pop("hidden"):
            continue
        entry["path"] = relative.as_posix()
        sections.setdefault(folder, []).append(entry)
    known = list(SECTIONS)
    ordered = sorted(
        sections, key=lambda f: (0, known.index(f), "") if f in known else (1, 0, f)
    )
    out = []
    for folder in ordered:
        title, intro = SECTIONS.get(folder, (folder.replace("_", " ").capitalize(), ""))
        pages = sorted(
            sections[folder],
            key=lambda e: (e["order"] is None, e["order"] or 0, e["path"]),
        )
        for page in pages:
            page.pop("order")
        out.append(
            {
                "id": re.sub(r"[^a-z0-9]+", "-", (folder or "modules").lower()),
                "title": title,
                "intro": intro,
                "pages": pages,
            }
        )
    return {"title": TITLE, "intro": INTRO, "sections": out, "problems": problems}


def page_config_hook(
    page_config,
    base_url=None,
    settings=None,
    log=None,
    voila_configuration=None,
    notebook_path="",
    **kwargs,
):
    """Voila's hook: on a folder page (the landing page), add the catalogue."""
    settings = settings or {}
    manager = settings.get("contents_manager")
    root = Path(getattr(manager, "root_dir", None) or os.getcwd())
    folder = root / (notebook_path or "")
    if folder.is_dir():
        try:
            page_config["qikitCatalogue"] = catalogue(root)
        except OSError as error:  # an unreadable folder: an empty list, and say why
            if log is not None:
                log.error("qikit landing page: cannot read %s: %s", root, error)
            page_config["qikitCatalogue"] = {
                "title": TITLE,
                "intro": INTRO,
                "sections": [],
                "problems": [str(error)],
            }
    return page_config


class NotFoundHandler(web.RequestHandler):
    """Addresses no handler serves (``/nothing``): qikit's plain-English 404 page.

    Tornado's bare page has no language and no way back.
    """

    def prepare(self) -> None:
        """Answer every request with the 404 page."""
        env = self.settings.get("voila_jinja2_env")
        base_url = self.settings.get("base_url", "/")
        self.set_status(404)
        if env is None:
            self.finish("404: this page does not exist.")
            return
        page = env.get_template("404.html").render(
            status_code=404, status_message="Not Found", base_url=base_url
        )
        self.finish(page)


if "get_config" in globals():  # run by Voila as a configuration file
    c = get_config()  # noqa: F821
    c.VoilaConfiguration.page_config_hook = page_config_hook
    c.Voila.tornado_settings = {"default_handler_class": NotFoundHandler}
