"""Quality gate for matching: metrics on the held-out half of the bundled labelled set must not fall.

The labelled set, the split and the metrics are those of ``benchmarks/bench_checking.py`` (loaded from
there, so the gate and the published table cannot drift apart). The calibration and thresholds were fitted
on the development half only; the floors sit a little under the held-out values measured when they were
fitted (docs/benchmarks.d/checking.md), so a change that degrades matching fails here.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from claimtrack.checking import ClaimIndex, Thresholds
from tests.conftest import load_benchmark

from .conftest import BUNDLED


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("bench_checking")


@pytest.fixture(scope="module")
def data(bench: ModuleType) -> object:
    return bench.labelled_set(BUNDLED)


def test_split_is_deterministic_disjoint_and_balanced(bench: ModuleType, data: object) -> None:
    dev, held_out, every = data.half("dev"), data.half("held-out"), data.half("all")  # type: ignore[attr-defined]
    assert not dev.keys() & held_out.keys()
    assert dev.keys() | held_out.keys() == every.keys()
    assert len(every) >= 100
    assert 0.4 <= len(dev) / len(every) <= 0.6
    assert all(bench.split_of(ev_id) == "dev" for ev_id in dev)
    assert bench.labelled_set(BUNDLED).half("held-out").keys() == held_out.keys()


@pytest.mark.parametrize(
    ("half", "floors"),
    [
        (
            "held-out",
            {
                "suggested_recall": 0.50,
                "suggested_precision": 0.36,
                "confirmed_precision": 0.65,
                "top1": 0.47,
                "top3": 0.68,
                "recall_top3": 0.48,
            },
        ),
        (
            "all",
            {
                "suggested_recall": 0.53,
                "suggested_precision": 0.38,
                "confirmed_precision": 0.78,
                "confirmed_recall": 0.09,
                "top1": 0.48,
                "top3": 0.68,
                "recall_top3": 0.50,
            },
        ),
    ],
)
def test_matching_quality_does_not_fall(bench: ModuleType, data: object, half: str, floors: dict[str, float]) -> None:
    index = ClaimIndex(data.claims)  # type: ignore[attr-defined]
    quality = bench.evaluate(index, data, data.half(half), Thresholds())  # type: ignore[attr-defined]
    below = {name: getattr(quality, name) for name, floor in floors.items() if getattr(quality, name) < floor}
    assert not below, f"{half}: below the floor: {below}"


def test_confirmed_is_stricter_than_suggested(bench: ModuleType, data: object) -> None:
    index = ClaimIndex(data.claims)  # type: ignore[attr-defined]
    quality = bench.evaluate(index, data, data.half("all"), Thresholds())  # type: ignore[attr-defined]
    assert quality.confirmed_precision > quality.suggested_precision
    assert quality.confirmed_recall < quality.suggested_recall
