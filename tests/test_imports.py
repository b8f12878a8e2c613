"""Every module under qikit imports, and imports flow one way.

A module that no test imports can be broken without anyone noticing (STYLE.md,
"Anti-examples"), so each one is imported here. The layering rules of STYLE.md section 2
are checked in a fresh interpreter, where nothing else has imported matplotlib yet:

- qikit.charts, qikit.improve and qikit.store never import matplotlib or ipywidgets;
- qikit.charts does not import qikit.plot or qikit.apps when it is imported (a result
  reaches drawing only through its documented ``plot``/``save``/``_repr_html_``
  methods). ``tests/test_layers.py`` checks every import statically as well.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import qikit

PACKAGE_DIR = Path(qikit.__file__).resolve().parent

_walk_errors: list[str] = []


def _all_modules() -> list[str]:
    names = ["qikit"]
    for info in pkgutil.walk_packages(
        qikit.__path__, "qikit.", onerror=_walk_errors.append
    ):
        names.append(info.name)
    return sorted(names)


MODULES = _all_modules()

#: package -> names it must never have in sys.modules after being imported.
FORBIDDEN = {
    "qikit.charts": ("matplotlib", "ipywidgets", "qikit.plot", "qikit.apps"),
    "qikit.improve": ("matplotlib", "ipywidgets"),
    "qikit.store": ("matplotlib", "ipywidgets"),
}

# Run in a fresh interpreter: import each module of the package in turn and report the
# first module after which a forbidden name appears in sys.modules.
_CHECK = r"""
import importlib, json, sys
package, modules, forbidden = json.loads(sys.argv[1])
for name in modules:
    importlib.import_module(name)
    bad = sorted({f for f in forbidden for m in sys.modules
                  if m == f or m.startswith(f + ".")})
    if bad:
        print(json.dumps({"module": name, "imported": bad}))
        break
else:
    print(json.dumps(None))
"""


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    importlib.import_module(name)


def test_walk_found_every_module():
    """walk_packages silently skips a sub-package that fails to import or lacks
    __init__.py; compare its list with the .py files on disk."""
    assert not _walk_errors, f"these packages failed to import: {_walk_errors}"
    on_disk = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        on_disk.add(".".join(parts))
    missed = sorted(on_disk - set(MODULES))
    assert not missed, (
        f"modules not reachable as part of qikit (missing __init__.py?): {missed}"
    )


def _first_violation(package: str, modules: list[str], forbidden: tuple) -> dict | None:
    result = subprocess.run(
        [sys.executable, "-c", _CHECK, json.dumps([package, modules, forbidden])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_rule(package):
    modules = [m for m in MODULES if m == package or m.startswith(package + ".")]
    if not modules:
        pytest.skip(f"{package} does not exist yet")
    forbidden = FORBIDDEN[package]
    found = _first_violation(package, modules, forbidden)
    assert found is None, (
        f"importing {found['module']} imported {found['imported']}: {package} must not "
        f"import any of {list(forbidden)} (STYLE.md section 2). Move the code that "
        "needs them to qikit.plot or qikit.apps (tests/test_layers.py checks every "
        "import statically)."
    )


def test_import_rule_check_finds_a_violation():
    """The checker itself, on the standard library: importing email.mime.text
    imports email.mime (its parent package)."""
    found = _first_violation("email", ["email", "email.mime.text"], ("email.mime",))
    assert found == {"module": "email.mime.text", "imported": ["email.mime"]}
    assert _first_violation("email", ["email"], ("email.mime",)) is None
