"""Imports flow one way: a static check of every import in qikit.

Every module is parsed with ``ast`` and *every* ``import`` is collected, function
bodies included, so a dependency cannot hide behind a lazy import. Each import is
mapped to a layer and checked against :data:`ALLOWED`, the same table as the README's
layout section. A second check keeps imports at the top of modules, apart from the
few listed in :data:`LAZY` with a measured reason.

When a test here fails, move the code to the layer that may depend on both sides
(drawing belongs in ``qikit.plot``, widgets in ``qikit.apps``); do not hide the
import inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qikit

PACKAGE_DIR = Path(qikit.__file__).resolve().parent

#: Base modules: every layer may import them; they import only each other.
BASE = {"errors", "_validate", "_dates", "_format", "_io", "_version"}

#: layer -> the qikit layers it may import (besides itself and the base modules).
ALLOWED: dict[str, set[str]] = {
    "charts": set(),
    "improve": {"charts"},
    "store": {"improve", "charts"},
    "datasets": set(),
    # The rule-set laboratory and the drills run the engine (issue 7), and the PDSA
    # game records the toolkit's PDSACycle, so sim sits above charts and improve.
    "sim": {"charts", "improve"},
    "spread": {"charts", "improve"},
    "plot": {"charts", "improve", "sim", "spread"},
    "apps": {"charts", "improve", "store", "sim", "spread", "plot", "datasets"},
}
#: Third-party packages only some layers may import.
RESTRICTED = {
    "matplotlib": {"plot", "apps"},
    "ipywidgets": {"apps"},
    "IPython": {"apps", "plot"},
}
#: The documented upward edges (as pandas' DataFrame.plot): a result draws itself.
UPWARD = {
    ("qikit.charts.result", "QicResult.plot", "plot"),
    ("qikit.charts.result", "QicResult.save", "plot"),
    ("qikit.charts.result", "QicResult._repr_html_", "plot"),
    ("qikit.spread.funnel", "FunnelResult.plot", "plot"),
}
#: Imports inside functions that have a measured reason; (module, imported module).
LAZY = {
    # The façade loads its subpackages on first use so `import qikit` stays light.
    ("qikit", "*"),
    # openpyxl costs ~0.3 s to import and only the Excel export needs it.
    ("qikit.improve.export", "openpyxl"),
    ("qikit.improve.export", "openpyxl.styles"),
    ("qikit.improve.export", "openpyxl.utils"),
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for file in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = file.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((".".join(parts), file))
    return out


MODULES = _modules()


def _layer(module: str) -> str | None:
    """``charts`` for ``qikit.charts.qic``; ``base`` for base modules; ``facade`` for
    ``qikit`` itself; ``None`` for modules outside qikit."""
    parts = module.split(".")
    if parts[0] != "qikit":
        return None
    if len(parts) == 1:
        return "facade"
    if parts[1] in BASE:
        return "base"
    return parts[1]


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


class _Imports(ast.NodeVisitor):
    """Every import in a module with the function (qualified name) it sits in."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module, self.is_package = module, is_package
        self.scope: list[str] = []
        self.found: list[tuple[str, str, int]] = []  # (imported, scope, line)
        self.type_checking = False

    def _scoped(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_If(self, node: ast.If) -> None:
        test = ast.unparse(node.test)
        if test in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            return  # annotations only: never executed
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append((alias.name, ".".join(self.scope), node.lineno))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        target = _resolve(self.module, self.is_package, node)
        if target == "qikit" or (node.level and target.count(".") == 0):
            # `from qikit import errors` names modules: check each name
            for alias in node.names:
                self.found.append(
                    (f"{target}.{alias.name}", ".".join(self.scope), node.lineno)
                )
        else:
            self.found.append((target, ".".join(self.scope), node.lineno))


def _imports(module: str, file: Path) -> list[tuple[str, str, int]]:
    visitor = _Imports(module, file.name == "__init__.py")
    visitor.visit(ast.parse(file.read_text(encoding="utf-8"), str(file)))
    return visitor.found


ALL_IMPORTS = {module: _imports(module, file) for module, file in MODULES}


def _is_function_scope(module: str, scope: str) -> bool:
    """True when ``scope`` (``Class.method`` or ``func``) is inside a function."""
    if not scope:
        return False
    tree = ast.parse(dict(MODULES)[module].read_text(encoding="utf-8"))
    node: ast.AST = tree
    for name in scope.split("."):
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and child.name == name
            ):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    return True
                node = child
                break
    return False


def _violations(module: str) -> list[str]:
    here = _layer(module)
    bad = []
    for imported, scope, line in ALL_IMPORTS[module]:
        where = f"{module} (line {line}{', in ' + scope if scope else ''})"
        top = imported.split(".")[0]
        if top in RESTRICTED and here not in RESTRICTED[top] and here != "facade":
            bad.append(
                f"{where} imports {imported}: only {sorted(RESTRICTED[top])} may use "
                f"{top}. Move the code that needs it to one of those layers."
            )
            continue
        there = _layer(imported)
        if there is None or there == here or there == "base":
            continue
        if here == "base":
            bad.append(
                f"{where} imports {imported}: base modules ({sorted(BASE)}) may import "
                "only each other. Move the code into the layer that needs it."
            )
        elif there == "facade":
            bad.append(
                f"{where} imports the qikit façade: import the module that defines "
                "the name instead (e.g. qikit.charts.qic)."
            )
        elif here == "facade":
            continue
        elif there not in ALLOWED.get(here, set()):
            if (module, scope, there) in UPWARD:
                continue
            bad.append(
                f"{where} imports {imported}: the {here} layer may import only "
                f"{sorted(ALLOWED.get(here, set())) or 'the base modules'} "
                "(README, Layout). Move the code to a layer that may depend on both, "
                "rather than hiding the import inside a function."
            )
    return bad


@pytest.mark.parametrize("module", [m for m, _ in MODULES])
def test_imports_follow_the_layers(module):
    bad = _violations(module)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("module", [m for m, _ in MODULES])
def test_imports_are_at_the_top(module):
    lazy = [
        (imported, scope, line)
        for imported, scope, line in ALL_IMPORTS[module]
        if _is_function_scope(module, scope)
        and (module, imported) not in LAZY
        and (module, "*") not in LAZY
        and not any((module, s, _layer(imported)) in UPWARD for s in [scope])
    ]
    assert not lazy, "\n".join(
        f"{module} line {line}: `import {imported}` inside {scope}. Put imports at "
        "the top of the module. If the import is slow and rarely needed, measure it "
        "(python -X importtime) and add it to LAZY in tests/test_layers.py with the "
        "reason; if it would make a cycle, move the code instead."
        for imported, scope, line in lazy
    )


def test_every_layer_is_in_the_table():
    layers = {_layer(m) for m, _ in MODULES} - {"facade", "base"}
    assert layers <= set(ALLOWED), sorted(layers - set(ALLOWED))


def test_the_table_has_no_cycles():
    def reach(layer, seen=()):
        for dep in ALLOWED[layer]:
            assert dep not in seen + (layer,), f"cycle through {dep}"
            reach(dep, seen + (layer,))

    for layer in ALLOWED:
        reach(layer)


def test_the_checker_finds_a_hidden_import(tmp_path):
    """The checker itself: an import inside a function body is seen."""
    source = "def f():\n    from qikit.plot import plot_qic\n"
    visitor = _Imports("qikit.charts.fake", False)
    visitor.visit(ast.parse(source))
    assert visitor.found == [("qikit.plot", "f", 2)]
