"""environment.yml (conda, Binder) lists the same packages and bounds as pyproject.toml.

pyproject.toml is the source of truth. No conda solver runs here, so this drift check
is the only test environment.yml gets: a dependency added, removed or re-bounded in one
file and not the other fails it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

#: conda-forge package name -> PyPI name (None: not a Python dependency of qikit).
CONDA_TO_PYPI: dict[str, str | None] = {
    "python": None,
    "pip": None,
    "matplotlib-base": "matplotlib",
}


def pyproject_requirements(pyproject: dict) -> dict[str, SpecifierSet]:
    """Runtime dependencies and the [test] extra of a parsed pyproject.toml."""
    project = pyproject["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    reqs = {}
    for line in lines:
        req = Requirement(line)
        reqs[canonicalize_name(req.name)] = req.specifier
    return reqs


def conda_requirements(env: dict) -> tuple[dict[str, SpecifierSet], list[str]]:
    """Conda dependencies (as PyPI names) and the pip section of environment.yml."""
    reqs: dict[str, SpecifierSet] = {}
    pip_section: list[str] = []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            pip_section.extend(entry.get("pip", []))
            continue
        try:
            req = Requirement(entry)
        except InvalidRequirement as error:
            raise ValueError(
                f"environment.yml: cannot read {entry!r} ({error}). Write conda "
                "specs in the PEP 440 form of pyproject.toml, e.g. 'numpy>=1.26,<3'."
            ) from error
        name = canonicalize_name(req.name)
        name = CONDA_TO_PYPI.get(name, name)
        if name is not None:
            reqs[canonicalize_name(name)] = req.specifier
    return reqs, pip_section


def drift(
    pyproject: dict[str, SpecifierSet], conda: dict[str, SpecifierSet]
) -> list[str]:
    """Human-readable differences between two name -> specifier mappings."""
    problems = []
    for name in sorted(pyproject.keys() - conda.keys()):
        problems.append(f"{name}: in pyproject.toml but not in environment.yml")
    for name in sorted(conda.keys() - pyproject.keys()):
        problems.append(f"{name}: in environment.yml but not in pyproject.toml")
    for name in sorted(pyproject.keys() & conda.keys()):
        if pyproject[name] != conda[name]:
            problems.append(
                f"{name}: pyproject.toml says {str(pyproject[name]) or 'any'!r}, "
                f"environment.yml says {str(conda[name]) or 'any'!r}"
            )
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_yml_matches_pyproject(pyproject, environment):
    conda, _ = conda_requirements(environment)
    problems = drift(pyproject_requirements(pyproject), conda)
    assert not problems, (
        "environment.yml has drifted from pyproject.toml:\n" + "\n".join(problems)
    )


def test_environment_yml_uses_conda_forge_and_installs_qikit(environment):
    assert environment["channels"] == ["conda-forge"]
    _, pip_section = conda_requirements(environment)
    assert pip_section in (["-e ."], ["."]), (
        f"environment.yml must install qikit itself with pip (got {pip_section!r})"
    )


def test_environment_yml_python_matches_requires_python(pyproject, environment):
    pythons = [
        Requirement(e).specifier
        for e in environment["dependencies"]
        if isinstance(e, str) and canonicalize_name(Requirement(e).name) == "python"
    ]
    assert pythons == [SpecifierSet(pyproject["project"]["requires-python"])]


def test_drift_is_detected():
    """The checker itself: a missing package, an extra one and a changed bound."""
    pyproject = {
        "project": {
            "dependencies": ["numpy>=1.26,<3", "matplotlib>=3.8,<4", "pandas>=2.1"],
            "optional-dependencies": {"test": ["pytest>=8"]},
        }
    }
    env = {
        "dependencies": [
            "python>=3.11",
            "pip",
            "numpy<3,>=1.26",  # same bounds in another order: no drift
            "matplotlib-base>=3.8,<4",  # conda name mapped to the PyPI one
            "pandas>=2.2",
            "seaborn",
            {"pip": ["-e ."]},
        ]
    }
    conda, pip_section = conda_requirements(env)
    assert pip_section == ["-e ."]
    assert drift(pyproject_requirements(pyproject), conda) == [
        "pytest: in pyproject.toml but not in environment.yml",
        "seaborn: in environment.yml but not in pyproject.toml",
        "pandas: pyproject.toml says '>=2.1', environment.yml says '>=2.2'",
    ]


def test_unreadable_conda_spec_is_reported():
    with pytest.raises(ValueError, match="cannot read 'numpy 1.26.\\*'"):
        conda_requirements({"dependencies": ["numpy 1.26.*"]})


def lock_pins(text: str) -> dict[str, str]:
    """name -> pinned version of a requirements/constraints.txt (pip freeze format)."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"lock file: {line!r} is not pinned with =="
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_lock_pins_every_dependency_within_its_bounds(pyproject):
    """A dependency added to pyproject.toml but not to the lock would install unpinned:
    `make lock` refreshes the lock."""
    pins = lock_pins(
        (ROOT / "requirements/constraints.txt").read_text(encoding="utf-8")
    )
    assert "qikit" not in pins
    problems = []
    for name, specifier in pyproject_requirements(pyproject).items():
        if name not in pins:
            problems.append(f"{name}: not in the lock file")
        elif not specifier.contains(pins[name], prereleases=True):
            problems.append(
                f"{name}: lock pins {pins[name]}, pyproject wants {specifier}"
            )
    assert not problems, "run `make lock`:\n" + "\n".join(problems)
