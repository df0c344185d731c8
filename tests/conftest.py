"""Fixtures shared by every test area: a fixed clock, sample claims, paths to the bundled data."""

from __future__ import annotations

import importlib.util
import math
import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import claimtrack as ct

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "fixtures" / "altman-lex-fridman-2024"
SHARED = Path(os.environ.get("CLAIMTRACK_SHARED", REPO.parent / "shared"))


class FixedClock:
    """A clock that returns a set time and can be moved forward by tests."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 2026-11-27 12:00 UTC."""
    return FixedClock(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))


@pytest.fixture
def make_claim() -> Callable[..., ct.Claim]:
    """Build a valid claim with overridable fields."""

    def build(claim_id: str = "gpt5-this-year", **overrides: object) -> ct.Claim:
        data: dict[str, object] = {
            "id": claim_id,
            "text": "We will release an amazing model this year",
            "language": "en",
            "translations": {"ja": "今年、素晴らしいモデルをリリースする"},
            "speaker": {"name": "Sam Altman", "organisation": "OpenAI"},
            "said_on": "2024-03-18",
            "kind": "prediction",
            "topics": ("gpt-5",),
            "horizon": {"text": "this year", "start": date(2024, 3, 18), "end": date(2024, 12, 31)},
        }
        data.update(overrides)
        return ct.Claim.model_validate(data)

    return build


@pytest.fixture
def memory_ledger(clock: FixedClock) -> ct.Ledger:
    """An empty in-memory ledger on the fixed clock."""
    return ct.Ledger.in_memory(clock=clock)


@pytest.fixture
def folder_ledger(tmp_path: Path, clock: FixedClock) -> ct.Ledger:
    """An empty folder ledger in a temporary directory, on the fixed clock."""
    return ct.Ledger.open(tmp_path / "ledger", clock=clock)


@pytest.fixture
def browser(tmp_path: Path) -> Callable[..., tuple[str, list[str]]]:
    """A headless Chromium with a fresh profile (tests/browser.py); skips when Chromium is not installed."""
    from tests.browser import browser_in

    return browser_in(tmp_path)


def load_benchmark(name: str) -> ModuleType:
    """The script ``benchmarks/<name>.py`` loaded as a module, for tests that reuse its functions.

    It is registered in ``sys.modules`` (dataclasses look their module up) under a name of its own.
    """
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{name}_for_tests", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def same(a: Any, b: Any, path: str = "card") -> None:
    """Assert ``a`` equals ``b`` field by field, floats within 1e-9: a card summed in SQL adds its floats in
    another order than the Python path (shared by the tests that compare the two)."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), f"{path}: {a!r} != {b!r}"
    elif attrs.has(type(a)):
        assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
        for field in attrs.fields(type(a)):
            same(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}")
    elif isinstance(a, tuple | list):
        assert isinstance(b, tuple | list), f"{path}: {b!r} is not a sequence"
        assert len(a) == len(b), f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, Mapping):
        assert isinstance(b, Mapping), f"{path}: {b!r} is not a mapping"
        assert set(a) == set(b), f"{path}: keys differ"
        for key in a:
            same(a[key], b[key], f"{path}[{key!r}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"
