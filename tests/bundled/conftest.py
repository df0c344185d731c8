"""Paths and shared objects for the bundled-ledger tests.

The ledger itself ships with the repository. The seed article and the research
notes it was built from live outside it (``../shared`` next to the checkout, or
``CLAIMTRACK_SHARED``; the seed also via ``CLAIMTRACK_SEED``); tests that need
them are skipped, with the reason, when they are absent.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import claimtrack as ct

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "fixtures" / "altman-lex-fridman-2024"
SHARED = Path(os.environ.get("CLAIMTRACK_SHARED", REPO.parent / "shared"))
SEED = Path(os.environ.get("CLAIMTRACK_SEED", SHARED / "seed" / "000_967b3a2647d16728.txt"))
RESEARCH = SHARED / "research" / "seed-claims.md"
SCRIPT = REPO / "scripts" / "build_bundled_ledger.py"


@pytest.fixture(scope="module")
def ledger() -> ct.Ledger:
    """The bundled ledger, opened read-only (``create=False``)."""
    return ct.Ledger.open(BUNDLED, create=False)


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The seed article's text; skips when the shared folder is not next to the checkout."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (set CLAIMTRACK_SEED or CLAIMTRACK_SHARED)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def research() -> dict[str, dict[str, Any]]:
    """The research records (YAML blocks of seed-claims.md) by id; skips without the file or PyYAML."""
    if not RESEARCH.is_file():
        pytest.skip(f"research notes not found at {RESEARCH} (set CLAIMTRACK_SHARED)")
    yaml = pytest.importorskip("yaml", reason="PyYAML reads the research file (a development-only dependency)")
    text = RESEARCH.read_text(encoding="utf-8")
    records: dict[str, dict[str, Any]] = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        for record in yaml.safe_load(block):
            records[record["id"]] = record
    return records


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    """The generator script, imported as a module."""
    pytest.importorskip("yaml", reason="the generator reads the research with PyYAML (development-only)")
    spec = importlib.util.spec_from_file_location("build_bundled_ledger", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module
