"""qa_stance on the AVeriTeC dev split: the report (odd-index) half must not get worse.

The split, the label mapping and the metrics are those of
``benchmarks/eval_stance_averitec.py`` (loaded from the file). The rule
confidences were fitted on the even half only; the floors below are the odd
half's measured numbers (docs/checking.md), rounded down.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from claimtrack.checking import keyword_stance, qa_stance
from tests.conftest import SHARED, load_benchmark

DEV = SHARED / "data" / "averitec" / "dev.json"
# measured 0.476 (119 of 250); 0.480 while the number rule read "COVID-19" as 19 (one item right by chance)
ACCURACY_FLOOR = 0.47
MACRO_F1_FLOOR = 0.32  # measured 0.323

pytestmark = pytest.mark.skipif(
    not DEV.exists(), reason=f"the AVeriTeC dev split is not at {DEV} (set CLAIMTRACK_SHARED to the shared folder)"
)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("eval_stance_averitec")


@pytest.fixture(scope="module")
def items(bench: ModuleType) -> list[object]:
    loaded: list[object] = bench.load_items(DEV)
    return loaded


def test_the_split_is_fixed_and_disjoint(bench: ModuleType, items: list[object]) -> None:
    even, odd = bench.half(items, "even"), bench.half(items, "odd")
    assert (len(even), len(odd)) == (250, 250)
    assert all(it.index % 2 == 0 for it in even)
    assert all(it.index % 2 == 1 for it in odd)


def test_on_the_odd_half_it_keeps_its_floors_and_beats_the_baselines(bench: ModuleType, items: list[object]) -> None:
    even, odd = bench.half(items, "even"), bench.half(items, "odd")
    gold = [it.label for it in odd]
    scores = bench.evaluate(odd, qa_stance)
    assert scores.accuracy >= ACCURACY_FLOOR
    assert scores.macro_f1 >= MACRO_F1_FLOOR
    majority = bench.score(gold, [bench.majority_label(even)] * len(gold))
    frequency_accuracy, frequency_f1 = bench.frequency_guess(even, odd)
    keyword = bench.evaluate(odd, keyword_stance)
    assert scores.macro_f1 > max(majority.macro_f1, frequency_f1, keyword.macro_f1)
    assert scores.accuracy > max(frequency_accuracy, keyword.accuracy)


@pytest.mark.xfail(
    strict=True,
    reason="the issue's aim is not reached yet: accuracy 0.476 on the odd half, the majority class scores 0.588 "
    "(claims with no decided answer end open -> Not Enough Evidence); remove this mark when it passes",
)
def test_on_the_odd_half_accuracy_beats_the_majority_class(bench: ModuleType, items: list[object]) -> None:
    even, odd = bench.half(items, "even"), bench.half(items, "odd")
    gold = [it.label for it in odd]
    majority = bench.score(gold, [bench.majority_label(even)] * len(gold))
    assert bench.evaluate(odd, qa_stance).accuracy > majority.accuracy
