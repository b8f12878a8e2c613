"""The curriculum notebooks are clean, and Voila's configuration matches them.

nbval (run by `make test`) executes every notebook; these checks keep the files what
learners should open (STYLE.md section 6): no stored outputs except deliberate ones,
no installs from a cell, no paths that only exist on the author's machine, seeded
randomness.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOKS = sorted(
    p for p in CURRICULUM.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
KEEP_OUTPUT_TAG = "nbval-check-output"  # a deliberate stored output, compared by nbval

_INSTALL = re.compile(r"^\s*[!%]\s*(pip|conda|mamba|apt|apt-get|npm)\b", re.M)
_ABSOLUTE_PATH = re.compile(
    r"""["'](/(home|root|work|tmp|Users|mnt|opt)/|[A-Za-z]:\\)"""
)
_UNSEEDED = re.compile(
    r"default_rng\(\s*\)|np\.random\.(rand|randn|randint|normal|"
    r"uniform|poisson|binomial|choice|shuffle)\("
)


def _name(path: Path) -> str:
    return str(path.relative_to(CURRICULUM))


def test_there_is_a_welcome_notebook():
    assert (CURRICULUM / "00_welcome.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_notebook_is_clean(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    problems = []
    for index, cell in enumerate(notebook.cells):
        where = f"cell {index} ({cell.get('id', '?')})"
        if cell.cell_type != "code":
            continue
        deliberate = KEEP_OUTPUT_TAG in cell.metadata.get("tags", [])
        if (cell.outputs or cell.execution_count is not None) and not deliberate:
            problems.append(
                f"{where}: stored output; clear it, or tag the cell "
                f"{KEEP_OUTPUT_TAG!r} if nbval should compare it"
            )
        for output in cell.outputs:
            if {"image/png", "image/jpeg"} & set(output.get("data", {})):
                problems.append(f"{where}: stored image (nbval never compares images)")
        if _INSTALL.search(cell.source):
            problems.append(
                f"{where}: installs from a cell; add the package to "
                "pyproject.toml instead"
            )
        if _ABSOLUTE_PATH.search(cell.source):
            problems.append(
                f"{where}: absolute path; use a path relative to the "
                "notebook or qikit.datasets"
            )
        if _UNSEEDED.search(cell.source):
            problems.append(
                f"{where}: unseeded randomness; use np.random.default_rng(<seed>)"
            )
    assert not problems, f"{_name(path)}:\n" + "\n".join(problems)


def test_voila_config_names_existing_notebooks():
    config = json.loads((CURRICULUM / "voila.json").read_text(encoding="utf-8"))
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    names = {_name(p) for p in NOTEBOOKS}
    assert set(pools) - {"default"} <= names, "voila.json preheats a missing notebook"
    culling = config["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 and culling["cull_interval"] > 0


#: Pages at the top of curriculum/ that are not modules (the landing page lists them
#: with the modules).
REFERENCE_PAGES = {"glossary.ipynb", "learners_guide.ipynb"}


def test_top_level_pages_are_modules_or_reference_pages():
    """A notebook at the top of curriculum/ is a module (NN_slug.ipynb) or one of the
    reference pages; anything else would appear among the modules on the landing
    page."""
    strays = [
        p.name
        for p in sorted(CURRICULUM.glob("*.ipynb"))
        if not re.match(r"^\d\d_[a-z0-9_]+\.ipynb$", p.name)
        and p.name not in REFERENCE_PAGES
    ]
    assert not strays, (
        f"{strays}: not a module or a reference page; move it into a folder (such "
        "as apps/) or name it NN_slug.ipynb if it is a module"
    )


@pytest.mark.parametrize("name", sorted(REFERENCE_PAGES))
def test_reference_pages_are_markdown_with_a_title(name):
    notebook = nbformat.read(CURRICULUM / name, as_version=4)
    assert all(cell.cell_type == "markdown" for cell in notebook.cells), (
        f"{name} is a page to read: markdown cells only"
    )
    qikit = notebook.metadata.get("qikit", {})
    assert qikit.get("title") and qikit.get("summary"), (
        f"{name}: give metadata.qikit a title and a summary for the landing page"
    )
