"""The optional embedding rerank: wordllama loaded offline, and matches ordered by it.

Claims and evidence are the bundled ledger's (the Lex Fridman #419 interview).
"""

from __future__ import annotations

import stat
import sys
from datetime import date
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.checking import ClaimIndex
from claimtrack.checking.matching import RERANK_WEIGHT, Reranker
from claimtrack.web import RerankUnavailableError, WordLlamaReranker
from tests.conftest import BUNDLED

pytest.importorskip("wordllama")


@pytest.fixture(scope="module")
def reranker(tmp_path_factory: pytest.TempPathFactory) -> WordLlamaReranker:
    return WordLlamaReranker(cache_dir=tmp_path_factory.mktemp("cache"))


def test_it_loads_without_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the rerank tried the network")

    monkeypatch.setattr(requests, "get", refuse)
    rerank = WordLlamaReranker(cache_dir=tmp_path)
    copied = tmp_path / "tokenizers" / "l2_supercat_tokenizer_config.json"
    assert copied.exists()
    assert stat.S_IMODE(copied.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert isinstance(rerank, Reranker)
    assert not list((tmp_path / "tokenizers").glob(".tokenizer-*"))  # no temporary file left


def test_a_missing_wordllama_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "wordllama", None)
    with pytest.raises(RerankUnavailableError, match=r"pip install 'claimtrack\[rerank\]'"):
        WordLlamaReranker(cache_dir=tmp_path)


def test_similarity_prefers_the_related_text(reranker: WordLlamaReranker) -> None:
    sims = reranker(
        "OpenAI released GPT-4o, a new flagship model, in May 2024",
        ["We will release an amazing new model this year", "Compute will be the currency of the future"],
    )
    assert len(sims) == 2
    assert all(-1.0 <= s <= 1.0 for s in sims)
    assert sims[0] > sims[1]
    assert reranker("anything", []) == []


def test_matches_carry_the_similarity_and_are_ordered_by_rank(reranker: WordLlamaReranker) -> None:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        records = list(ledger.records())
    index = ClaimIndex(r.claim for r in records)
    evidence = [ev for r in records for ev in r.evidence][:40]
    reordered = 0
    for ev in evidence:
        plain = index.match(ev)
        ranked = index.match(ev, rerank=reranker)
        assert {m.claim.id for m in plain} == {m.claim.id for m in ranked}  # thresholds use the score alone
        assert [m.score for m in sorted(ranked, key=lambda m: m.claim.id)] == [
            m.score for m in sorted(plain, key=lambda m: m.claim.id)
        ]
        assert all(m.similarity is not None for m in ranked)
        ranks = [m.rank for m in ranked]
        assert ranks == sorted(ranks, reverse=True)
        assert all(m.rank == pytest.approx(m.score + RERANK_WEIGHT * (m.similarity or 0.0)) for m in ranked)
        reordered += [m.claim.id for m in plain] != [m.claim.id for m in ranked]
    assert reordered > 0  # the rerank changes some orders, or it would be doing nothing


def test_propose_passes_the_rerank_through(reranker: WordLlamaReranker, tmp_path: Path) -> None:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        records = [r.model_copy(update={"events": (), "evidence": (), "rejections": ()}) for r in ledger.records()]
        evidence = [ev for r in ledger.records() for ev in r.evidence][:30]
    with ct.Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        ledger.add_many(records)
        proposals = ct.propose(ledger, evidence, as_of=date(2026, 11, 27), rerank=reranker)
    matched = [m for p in proposals for m in p.matches if m.via != "named"]
    assert matched
    assert all(m.similarity is not None for m in matched)
