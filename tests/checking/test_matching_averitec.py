"""Matching on the AVeriTeC dev split: the report (odd-index) half must keep its aims and beat the baselines.

The split, tasks and measures are those of ``benchmarks/eval_matching_averitec.py``
(loaded from the file). Nothing in the matcher was tuned on the odd half; the
rerank weight was chosen on the even half. Floors are the odd half's measured
numbers (docs/benchmarks.d/matching.md), rounded down.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.conftest import SHARED, load_benchmark

DEV = SHARED / "data" / "averitec" / "dev.json"
FLOORS = {"answers": 0.51, "questions and answers": 0.80}  # measured 0.520 and 0.804
AIMS = {"answers": 0.45, "questions and answers": 0.76}  # the aims

pytestmark = pytest.mark.skipif(
    not DEV.exists(), reason=f"the AVeriTeC dev split is not at {DEV} (set CLAIMTRACK_SHARED to the shared folder)"
)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("eval_matching_averitec")


@pytest.fixture(scope="module")
def halves(bench: ModuleType) -> dict[str, Any]:
    loaded: dict[str, Any] = bench.load_halves(DEV)
    return loaded


def test_the_split_is_fixed_and_the_evidence_is_answers(halves: dict[str, Any]) -> None:
    even, odd = halves["even"], halves["odd"]
    assert (len(even.claims), len(odd.claims)) == (250, 250)
    assert {c.id for c in even.claims}.isdisjoint({c.id for c in odd.claims})
    assert all(ev.question and ev.answer_type != "unanswerable" for ev in odd.evidence)
    assert len(odd.evidence) == len(odd.owner) > 500


@pytest.mark.parametrize("task", ["answers", "questions and answers"])
def test_odd_half_top1_keeps_its_floor_and_beats_the_baselines(
    bench: ModuleType, halves: dict[str, Any], task: str
) -> None:
    odd = halves["odd"]
    ours, _ = bench.top1(odd, bench.claimtrack_scores(odd, task))
    tfidf, _ = bench.top1(odd, bench.tfidf_scores(odd, task))
    bm25, _ = bench.top1(odd, bench.bm25_scores(odd, task))
    random_claim, _ = bench.random_top1(odd)
    assert ours >= FLOORS[task] >= AIMS[task]
    assert ours > tfidf > random_claim
    assert ours > bm25


def test_the_rerank_helps_on_the_odd_half(bench: ModuleType, halves: dict[str, Any]) -> None:
    pytest.importorskip("wordllama")
    odd = halves["odd"]
    rerank = bench.wordllama_rerank()
    for task in ("answers", "questions and answers"):
        plain, _ = bench.top1(odd, bench.claimtrack_scores(odd, task))
        reranked, _ = bench.top1(odd, bench.claimtrack_scores(odd, task, rerank=rerank, weight=0.5))
        assert reranked > plain
