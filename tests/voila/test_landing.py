"""The landing page's list of pages, read from the notebooks (etc/jupyter/voila.py).

No server: the configuration file is run as Voila runs it, and its functions are
called on notebooks made for each test.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from tests.voila.server import CONFIG, CURRICULUM, notebooks

VOILA_PY = CONFIG / "voila.py"


@pytest.fixture(scope="module")
def config():
    """The names voila.py defines, and the configuration it sets, as Voila runs it."""
    loaded = Config()
    names = runpy.run_path(str(VOILA_PY), init_globals={"get_config": lambda: loaded})
    return names, loaded


def _notebook(path: Path, *cells: str, metadata: dict | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    if metadata:
        nb.metadata["qikit"] = metadata
    for cell in cells:
        if cell.startswith("code:"):
            nb.cells.append(nbformat.v4.new_code_cell(cell[5:]))
        else:
            nb.cells.append(nbformat.v4.new_markdown_cell(cell))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_voila_runs_it_as_configuration(config):
    names, loaded = config
    settings = loaded.VoilaConfiguration
    assert settings.page_config_hook is names["page_config_hook"]
    assert loaded.Voila.tornado_settings == {
        "default_handler_class": names["NotFoundHandler"]
    }


def test_imported_outside_voila_it_configures_nothing():
    names = runpy.run_path(str(VOILA_PY))
    assert "c" not in names and callable(names["catalogue"])


def test_title_and_summary_from_the_first_heading_and_sentence(tmp_path, config):
    describe = config[0]["describe"]
    path = _notebook(
        tmp_path / "01_run_charts.ipynb",
        "Some words before the heading.",
        "# Run **charts**: reading `variation`\n\nA [run chart](glossary.md) shows a "
        "measure over time. It has a median line.\n\nMore text.",
    )
    assert describe(path) == {
        "title": "Run charts: reading variation",
        "summary": "A run chart shows a measure over time.",
        "order": None,
        "hidden": False,
    }


def test_metadata_wins_and_can_hide_or_order(tmp_path, config):
    describe = config[0]["describe"]
    path = _notebook(
        tmp_path / "studio.ipynb",
        "code:from qikit.apps import X",
        metadata={"title": "Chart studio", "summary": "Your data.", "order": 1},
    )
    assert describe(path) == {
        "title": "Chart studio",
        "summary": "Your data.",
        "order": 1,
        "hidden": False,
    }
    hidden = _notebook(tmp_path / "draft.ipynb", "# Draft", metadata={"hidden": True})
    assert describe(hidden)["hidden"] is True


def test_without_heading_or_metadata_the_file_name_is_the_title(tmp_path, config):
    describe = config[0]["describe"]
    path = _notebook(tmp_path / "03_pdsa_cycles.ipynb", "code:x = 1")
    assert describe(path)["title"] == "Pdsa cycles"


def test_a_long_first_sentence_is_cut_at_a_word(tmp_path, config):
    describe = config[0]["describe"]
    words = " ".join(["improvement"] * 40)
    path = _notebook(tmp_path / "long.ipynb", f"# Long\n\n{words}.")
    summary = describe(path)["summary"]
    assert len(summary) <= 201 and summary.endswith("improvement…")


def test_catalogue_sections_order_and_problems(tmp_path, config):
    catalogue = config[0]["catalogue"]
    _notebook(tmp_path / "01_b.ipynb", "# B module\n\nSecond.")
    _notebook(tmp_path / "00_a.ipynb", "# A module\n\nFirst.")
    _notebook(tmp_path / "apps" / "zz.ipynb", "# Z app", metadata={"order": 1})
    _notebook(tmp_path / "apps" / "aa.ipynb", "# A app", metadata={"order": 2})
    _notebook(tmp_path / "apps" / "hidden.ipynb", "# H", metadata={"hidden": True})
    _notebook(tmp_path / "trainers" / "notes.ipynb", "# Facilitator notes")
    _notebook(tmp_path / "_drafts" / "x.ipynb", "# Draft")
    _notebook(tmp_path / ".ipynb_checkpoints" / "00_a-checkpoint.ipynb", "# A")
    _notebook(tmp_path / "apps" / "deep" / "deeper.ipynb", "# Too deep")
    (tmp_path / "apps" / "broken.ipynb").write_text("{not json", encoding="utf-8")

    found = catalogue(tmp_path)
    sections = [
        (s["id"], s["title"], [p["title"] for p in s["pages"]])
        for s in found["sections"]
    ]
    assert sections == [
        ("modules", "Modules", ["A module", "B module"]),
        ("apps", "Apps", ["Z app", "A app"]),
        ("trainers", "Trainers", ["Facilitator notes"]),
    ]
    assert found["sections"][1]["pages"][0]["path"] == "apps/zz.ipynb"
    assert found["problems"] == [
        "apps/broken.ipynb could not be read as a notebook (JSONDecodeError); open "
        "it in JupyterLab to repair it."
    ]


def test_hook_adds_the_catalogue_to_folder_pages_only(tmp_path, config):
    hook = config[0]["page_config_hook"]
    _notebook(tmp_path / "00_a.ipynb", "# A module\n\nFirst.")

    class Manager:
        root_dir = str(tmp_path)

    settings = {"contents_manager": Manager()}
    page = hook({}, settings=settings, notebook_path="")
    assert page["qikitCatalogue"]["sections"][0]["pages"][0]["title"] == "A module"
    assert "qikitCatalogue" not in hook(
        {}, settings=settings, notebook_path="00_a.ipynb"
    )


def test_every_curriculum_notebook_has_a_title_and_a_summary(config):
    """What the landing page shows for the real curriculum: each page has a title and
    a one-line summary in plain words."""
    found = config[0]["catalogue"](CURRICULUM)
    assert not found["problems"]
    listed = {p["path"]: p for s in found["sections"] for p in s["pages"]}
    for notebook in notebooks():
        path = notebook.relative_to(CURRICULUM).as_posix()
        meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
        if meta.get("qikit", {}).get("hidden"):
            continue
        assert path in listed, f"{path} is not on the landing page"
        assert listed[path]["title"] and listed[path]["summary"], path
        assert len(listed[path]["summary"]) <= 201, path
