"""The pure layers do no I/O and never read the clock (the import contracts are in .importlinter)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO

PURE = ("model", "dates", "ledger", "checking", "scoring")
FORBIDDEN_CALLS = {"open", "print", "input"}
FORBIDDEN_ATTRS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("os", "replace"),
    ("os", "remove"),
    ("os", "unlink"),
    ("Path", "read_text"),
    ("Path", "write_text"),
}
FORBIDDEN_MODULES = {"sqlite3", "socket", "httpx", "urllib.request", "requests", "click", "rich", "subprocess"}


def _pure_files() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for layer in PURE for p in (REPO / "claimtrack" / layer).rglob("*.py"))


@pytest.mark.parametrize("relpath", _pure_files())
def test_pure_module_does_no_io(relpath: str) -> None:
    """No open(), clock reads, file system calls or I/O imports in pure modules."""
    tree = ast.parse((REPO / relpath).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in FORBIDDEN_CALLS, f"{relpath}:{node.lineno} calls {func.id}()"
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                assert (func.value.id, func.attr) not in FORBIDDEN_ATTRS, (
                    f"{relpath}:{node.lineno} calls {func.value.id}.{func.attr}()"
                )
            if isinstance(func, ast.Attribute) and func.attr in ("now", "utcnow", "today"):
                pytest.fail(f"{relpath}:{node.lineno} reads the clock (.{func.attr}())")
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name not in FORBIDDEN_MODULES, f"{relpath}:{node.lineno} imports {alias.name}"
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            assert node.module.split(".")[0] not in FORBIDDEN_MODULES, f"{relpath}:{node.lineno} imports {node.module}"
