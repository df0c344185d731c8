"""The retrieval index: BM25 candidates in segments, champion lists, and its bytes.

Claims are the bundled ledger's (the Lex Fridman #419 interview), so the
words are real; the evidence is the bundled ledger's own evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

import claimtrack as ct
from claimtrack.checking import ClaimIndex, ClaimRetriever, Retrieval, propose
from claimtrack.checking import retrieval as retrieval_module
from claimtrack.checking.retrieval import claim_tokens
from claimtrack.checking.tokens import evidence_tokens
from claimtrack.model import ClaimRecord
from tests.conftest import BUNDLED

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def records() -> list[ClaimRecord]:
    """The bundled records with their events, evidence and rejections removed: every claim open."""
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        return [r.model_copy(update={"events": (), "evidence": (), "rejections": ()}) for r in ledger.records()]


@pytest.fixture(scope="module")
def evidence() -> list[ct.Evidence]:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        return list({ev.id: ev for r in ledger.records() for ev in r.evidence}.values())


def _lookup(records: list[ClaimRecord]) -> Retrieval:
    by_id = {r.claim.id: r for r in records}
    return Retrieval(ClaimRetriever.build(r.claim for r in records), lambda ids: [by_id[i] for i in ids if i in by_id])


def test_each_claim_is_found_by_its_own_words(records: list[ClaimRecord]) -> None:
    retriever = ClaimRetriever.build(r.claim for r in records)
    missed = []
    for record in records:
        query = dict.fromkeys(claim_tokens(record.claim), 1.0)
        found = [claim_id for claim_id, _ in retriever.candidates(query, limit=3)]
        if record.claim.id not in found:
            missed.append(record.claim.id)
    assert not missed


def test_frequencies_count_each_claim_once_per_token(records: list[ClaimRecord]) -> None:
    retriever = ClaimRetriever.build(r.claim for r in records)
    frequencies = retriever.frequencies()
    assert frequencies.count == len(records)
    for token in ("altman", "gpt5", "agi"):
        holders = sum(1 for r in records if token in claim_tokens(r.claim))
        assert frequencies.of(token) == holders


def test_propose_through_the_index_finds_what_every_pair_finds(
    records: list[ClaimRecord], evidence: list[ct.Evidence]
) -> None:
    exhaustive = propose(records, evidence, as_of=AS_OF)
    retrieved = propose(_lookup(records), evidence, as_of=AS_OF)
    every = {(p.claim.id, p.verdict) for p in exhaustive}
    found = {(p.claim.id, p.verdict) for p in retrieved}
    assert len(every) > 40
    # IDF now counts every claim (opinions too), not only the open ones: a few scores near a threshold move
    assert len(every & found) >= 0.95 * len(every)
    assert len(every ^ found) <= 3


def test_a_tiny_candidate_limit_loses_matches_so_the_limit_is_real(
    records: list[ClaimRecord], evidence: list[ct.Evidence]
) -> None:
    full = propose(_lookup(records), evidence, as_of=AS_OF)
    lookup = _lookup(records)
    tiny = propose(Retrieval(lookup.retriever, lookup.lookup, limit=1), evidence, as_of=AS_OF)
    assert len(tiny.proposals) < len(full.proposals)


def test_champion_lists_read_a_bounded_number_of_postings(
    monkeypatch: pytest.MonkeyPatch, make_claim: Callable[..., ct.Claim]
) -> None:
    monkeypatch.setattr(retrieval_module, "CHAMPIONS", 5)
    claims = [make_claim(f"c{i}", topics=()) for i in range(20)]
    retriever = ClaimRetriever.build(claims)
    found = retriever.candidates({"amaz": 1.0, "amazing": 1.0}, limit=100)
    assert 0 < len(found) <= 5


def test_a_new_segment_and_a_retired_claim(records: list[ClaimRecord], evidence: list[ct.Evidence]) -> None:
    first, rest = records[:50], records[50:]
    retriever = ClaimRetriever.build((r.claim for r in first), stamp=1)
    target = rest[0].claim
    query = dict.fromkeys(claim_tokens(target), 1.0)
    assert target.id not in {i for i, _ in retriever.candidates(query)}
    retriever.updated((r.claim for r in rest), stamp=2)
    assert retriever.segments == 2
    assert retriever.stamp == 2
    assert len(retriever) == len(records)
    assert target.id in {i for i, _ in retriever.candidates(query, limit=3)}
    # the claim's wording changes: its old words no longer find it, its new ones do
    changed = target.model_copy(update={"text": first[0].claim.text, "translations": {}, "sources": ()})
    retriever.updated([changed], stamp=3)
    assert len(retriever) == len(records)
    only_old = {t: 1.0 for t in query if t not in set(claim_tokens(changed))}
    assert only_old
    assert target.id not in {i for i, _ in retriever.candidates(only_old, limit=len(records))}
    assert target.id in {i for i, _ in retriever.candidates(dict.fromkeys(claim_tokens(changed), 1.0), limit=5)}
    assert retriever.needs_merge()


def test_parts_round_trip_and_damage_means_rebuild(records: list[ClaimRecord]) -> None:
    retriever = ClaimRetriever.build((r.claim for r in records[:40]), stamp=7)
    retriever.updated((r.claim for r in records[40:]), stamp=9)
    retriever.updated([records[0].claim], stamp=10)  # retires its first posting
    parts = {name: retriever.part(name) for name in retriever.parts_names()}
    again = ClaimRetriever.from_parts(parts.get)
    assert again is not None
    assert again.stamp == 10
    assert again.segments == 3
    assert len(again) == len(retriever)
    ev = records[3].claim
    query = dict.fromkeys(claim_tokens(ev), 1.0)
    assert again.candidates(query) == retriever.candidates(query)
    assert ClaimRetriever.from_parts({"header": b"not an archive"}.get) is None
    assert ClaimRetriever.from_parts({}.get) is None
    missing_segment = dict(parts)
    del missing_segment[retriever.parts_names()[1]]
    assert ClaimRetriever.from_parts(missing_segment.get) is None


def test_the_index_scores_candidates_with_whole_ledger_weights(records: list[ClaimRecord]) -> None:
    retriever = ClaimRetriever.build(r.claim for r in records)
    some = [r.claim for r in records[:5]]
    alone = ClaimIndex(some)
    weighed = ClaimIndex(some, frequencies=retriever.frequencies())
    whole = ClaimIndex(r.claim for r in records)
    for token in ("altman", "agi", "compute"):
        assert weighed._idf_of(token) == pytest.approx(whole._idf_of(token))
    assert any(alone._idf_of(t) != pytest.approx(whole._idf_of(t)) for t in ("altman", "agi", "compute"))


def test_question_answer_evidence_is_matched_on_its_question_too() -> None:
    ev = ct.Evidence(
        id="ev-q",
        url="https://example.org/answer",
        excerpt="No.",
        question="Did OpenAI release GPT-5 in 2024?",
        answer_type="boolean",
    )
    assert {"gpt5", "openai"} <= set(evidence_tokens(ev))
