"""No import cycle inside claimtrack: between modules, and between the layers (subpackages).

Every ``import`` and ``from ... import`` written in a module counts, wherever it
stands: at the top, inside a function (a lazy import is still a dependency), or
under ``if TYPE_CHECKING:``. Only the implicit import of a parent package's
``__init__`` is left out, because Python runs it for every submodule and it is
no choice of the importing module.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "claimtrack"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    is_package = MODULES[importer].name == "__init__.py"
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _owner(name: str) -> str | None:
    """The claimtrack module that defines ``name`` (a module, or the module a dotted name lives in)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    """The claimtrack modules ``module`` imports explicitly (see the module docstring)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            if source is None:
                continue
            # ``from pkg import sub`` imports the submodule ``pkg.sub`` when there is one.
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names]
        else:
            continue
        for target in targets:
            owner = _owner(target)
            if owner is not None and owner != module:
                found.add(owner)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _layer(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def test_the_walk_sees_real_imports() -> None:
    """The graph is read correctly: known edges are present (else the cycle tests prove nothing)."""
    assert "claimtrack.ledger.replay" in GRAPH["claimtrack.ledger.ledger"]
    assert "claimtrack.ledger" in GRAPH["claimtrack.stores"]
    assert "claimtrack.checking.assess" in GRAPH["claimtrack.checking"]
    assert "claimtrack.api" in GRAPH["claimtrack"]


def test_a_cycle_would_be_found() -> None:
    """The detector itself: a graph with a loop raises."""
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter({"a": {"b"}, "b": {"c"}, "c": {"a"}}).prepare()


def test_no_cycle_between_modules() -> None:
    """No module reaches itself through the imports of others."""
    try:
        graphlib.TopologicalSorter(GRAPH).prepare()
    except graphlib.CycleError as exc:
        pytest.fail("import cycle between modules: " + " -> ".join(exc.args[1]))


def test_no_cycle_between_layers() -> None:
    """No two subpackages import each other, directly or through others."""
    layers: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        mine = _layer(module)
        layers.setdefault(mine, set()).update(_layer(t) for t in targets if _layer(t) != mine)
    # The package root re-exports the public API from every layer: it is the top, like the CLI.
    try:
        graphlib.TopologicalSorter(layers).prepare()
    except graphlib.CycleError as exc:
        pytest.fail("import cycle between layers: " + " -> ".join(exc.args[1]))
