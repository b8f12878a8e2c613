"""Every module notebook has what CURRICULUM.md says every module has.

For each ``curriculum/NN_*.ipynb`` on disk (new modules are checked as they land):
the title cell (``# Module N: Title``, the Time line matching the metadata,
Questions, Objectives), the metadata, at least one app from ``qikit.apps``, at least
two challenges with hidden solutions, the quiz (its file read by the quiz's own
loader, at least five questions), Key points, the Next link; thin code cells (about
five lines, no ``def`` or ``class`` unless tagged ``teaching-code``, no inline data,
imports first), no installs, no absolute paths; every data set and app the module
names exists; every term in ``terms/NN_slug.json`` linked to the glossary at its
first use; the facilitator guide with its six sections; the module's own checks.

``test_all_thirteen_modules_are_present`` fails while any module is missing, so the
gate shows how far the curriculum has come. Each message says what to fix; the checks
are in module_checks.py and are themselves tested in test_structure_checks.py.
"""

from __future__ import annotations

import pytest

from tests.curriculum import module_checks as mc

FILES = mc.module_files()
NAMES = [p.stem for p in FILES]


def _report(problems: list[str]) -> str:
    return "\n".join(f"- {p}" for p in problems)


def test_all_thirteen_modules_are_present():
    missing = [f"{name}.ipynb" for name in mc.MODULES if name not in NAMES]
    assert not missing, (
        f"{len(mc.MODULES) - len(missing)} of the {len(mc.MODULES)} modules are "
        f"written; still missing: {', '.join(missing)}"
    )


def test_module_files_are_named_as_in_the_curriculum():
    strays = [f"{name}.ipynb" for name in NAMES if name not in mc.MODULES]
    assert not strays, (
        f"not a module of CURRICULUM.md: {', '.join(strays)}; the modules are "
        f"{', '.join(m + '.ipynb' for m in mc.MODULES)} (rename the file, or move a "
        "page that is not a module out of the NN_ names)"
    )


@pytest.fixture(scope="module")
def modules():
    return {path.stem: mc.load(path) for path in FILES}


@pytest.mark.parametrize("check", list(mc.CHECKS))
@pytest.mark.parametrize("name", NAMES)
def test_module_structure(modules, name, check):
    problems = mc.CHECKS[check](modules[name])
    assert not problems, f"{name}.ipynb, {check}:\n{_report(problems)}"


@pytest.mark.parametrize("name", NAMES)
def test_next_module_exists(modules, name):
    missing = mc.next_missing(modules[name])
    if missing:
        pytest.skip(f"{name} links to {missing}, which is not written yet")
