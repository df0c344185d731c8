"""Rules of the house that keep the code easy to change: small modules, public seams between layers."""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "claimtrack"
MAX_LINES = 600


def _modules() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("relpath", _modules())
def test_no_module_over_600_lines(relpath: str) -> None:
    """A module that grows past 600 lines is doing more than one job: split it."""
    lines = (REPO / relpath).read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{relpath} has {lines} lines"


def _cli_imports() -> list[tuple[str, int, str, str]]:
    found = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and node.module
                and node.module.startswith("claimtrack")
                and not node.module.startswith("claimtrack.cli")
            ):
                found.extend((path.name, node.lineno, node.module, alias.name) for alias in node.names)
    return found


def test_the_cli_imports_only_public_names() -> None:
    """The CLI wires public library calls together: no private module, no name outside a module's __all__."""
    seen = _cli_imports()
    assert len(seen) > 10  # the walk found the CLI's imports
    for filename, line, module, name in seen:
        where = f"cli/{filename}:{line} imports {name} from {module}"
        assert not any(part.startswith("_") for part in module.split(".")), where + " (a private module)"
        target = importlib.import_module(module)
        submodule = f"{module}.{name}"
        try:
            importlib.import_module(submodule)
        except ModuleNotFoundError:
            assert name in getattr(target, "__all__", ()), where + " (not in its __all__)"
        else:
            assert not name.startswith("_"), where + " (a private module)"


def _is_module(dotted: str) -> bool:
    return (REPO / (dotted.replace(".", "/") + ".py")).exists() or (REPO / dotted.replace(".", "/")).is_dir()


def test_no_module_imports_a_private_name_from_another_module() -> None:
    """A leading underscore means "this module's own": siblings share through public names.

    A package's private modules (``dates/_calendar.py``) serve that package's
    modules; importing one is allowed, taking a private name out of one is not.
    """
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                offenders.extend(
                    f"{path.relative_to(REPO)}:{node.lineno} imports {alias.name} from {node.module}"
                    for alias in node.names
                    if alias.name.startswith("_")
                    and alias.name != "__version__"
                    and not _is_module(f"{node.module}.{alias.name}")
                )
    assert offenders == []
