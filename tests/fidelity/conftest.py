"""Shared paths for the fidelity tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimtrack as ct

BUNDLED = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"


@pytest.fixture(scope="module")
def bundled() -> ct.Ledger:
    """The bundled ledger, opened read-only."""
    if not BUNDLED.exists():
        pytest.skip("bundled ledger not present")
    return ct.Ledger.open(BUNDLED, create=False)
