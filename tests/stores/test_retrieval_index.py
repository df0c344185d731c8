"""The retrieval index kept beside SQLite and PostgreSQL ledgers, and brought up to date incrementally.

The claims and evidence are the bundled ledger's (the Lex Fridman #419
interview and the dated reports about it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.checking import ClaimRetriever
from claimtrack.checking.retrieval import claim_tokens
from claimtrack.model import ClaimRecord
from claimtrack.stores._sql import SqlStore
from claimtrack.stores.retrieval import PREFIX, match_index
from tests.conftest import BUNDLED

AS_OF = date(2026, 11, 27)
SQL = ("sqlite", "postgres")


@pytest.fixture(scope="module")
def bundled() -> list[ClaimRecord]:
    """The bundled records, every claim left open (events removed), evidence kept aside."""
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        return [r.model_copy(update={"events": (), "evidence": (), "rejections": ()}) for r in ledger.records()]


@pytest.fixture(scope="module")
def evidence_of() -> dict[str, list[ct.Evidence]]:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        return {r.claim.id: list(r.evidence) for r in ledger.records()}


@pytest.fixture(params=SQL)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.sqlite")
    else:
        yield request.getfixturevalue("postgres_schema")


def _blobs(ledger: ct.Ledger) -> dict[str, bytes]:
    store = ledger.store
    assert isinstance(store, SqlStore)
    rows = store._execute("SELECT name, body FROM ct_blobs ORDER BY name")
    return {str(name): bytes(body) for name, body in rows}


def _proposed(ledger: ct.Ledger, evidence: list[ct.Evidence]) -> set[str]:
    return {p.claim.id for p in ct.propose(ledger, evidence, as_of=AS_OF)}


def _fresh(url: str, clock: Any) -> ct.Ledger:
    """The same ledger opened again: nothing cached in the process."""
    return ct.Ledger.open(url, create=False, clock=clock)


def test_the_index_is_stored_in_the_database_and_reused(url: str, bundled: list[ClaimRecord], clock: Any) -> None:
    with ct.Ledger.open(url, clock=clock) as ledger:
        ledger.add_many(bundled)
        index = match_index(ledger)
        assert len(index) == len(bundled)
        blobs = _blobs(ledger)
    assert set(blobs) == {PREFIX + "header", PREFIX + index.parts_names()[1]}
    with _fresh(url, clock) as ledger:
        again = match_index(ledger)
        assert again.stamp == index.stamp
        assert _blobs(ledger) == blobs  # nothing changed: nothing rewritten


def test_new_claims_go_to_a_new_segment_and_are_found(
    url: str, bundled: list[ClaimRecord], evidence_of: dict[str, list[ct.Evidence]], clock: Any
) -> None:
    first, later = bundled[:60], bundled[60:]
    newcomer = next(r for r in later if evidence_of[r.claim.id])
    evidence = evidence_of[newcomer.claim.id]
    with ct.Ledger.open(url, clock=clock) as ledger:
        ledger.add_many(first)
        assert newcomer.claim.id not in _proposed(ledger, evidence)
        before = _blobs(ledger)
    with _fresh(url, clock) as ledger:
        ledger.add_many(later)
        assert newcomer.claim.id in _proposed(ledger, evidence)
        after = _blobs(ledger)
        index = match_index(ledger)
    assert index.segments == 2
    old_segment = next(name for name in before if name != PREFIX + "header")
    assert after[old_segment] == before[old_segment]  # the big segment is not rewritten
    assert len(after) == 3


def test_a_replaced_claim_is_found_by_its_new_words_only(url: str, bundled: list[ClaimRecord], clock: Any) -> None:
    with ct.Ledger.open(url, clock=clock) as ledger:
        ledger.add_many(bundled)
        match_index(ledger)
    target = bundled[5].claim
    other = bundled[6].claim
    with _fresh(url, clock) as ledger:
        record = ledger.record_of(target.id)
        changed = target.model_copy(update={"text": other.text, "translations": {}, "sources": ()})
        ledger.update(changed, expected_version=record.version)
    with _fresh(url, clock) as ledger:
        index = match_index(ledger)
        old_words = {t: 1.0 for t in claim_tokens(target) if t not in set(claim_tokens(changed))}
        assert target.id not in {i for i, _ in index.candidates(old_words, limit=len(bundled))}
        assert target.id in {i for i, _ in index.candidates(dict.fromkeys(claim_tokens(changed), 1.0), limit=5)}
        assert len(index) == len(bundled)


def test_many_changes_rebuild_one_segment(url: str, bundled: list[ClaimRecord], clock: Any) -> None:
    with ct.Ledger.open(url, clock=clock) as ledger:
        ledger.add_many(bundled[:30])
        match_index(ledger)
    with _fresh(url, clock) as ledger:
        ledger.add_many(bundled[30:])  # more than a tenth of the claims are new
        index = match_index(ledger)
        assert index.segments == 1
        assert len(index) == len(bundled)
        assert len(_blobs(ledger)) == 2  # the header and the one segment; the old segment was dropped


def test_a_damaged_index_is_rebuilt_without_an_error(
    url: str, bundled: list[ClaimRecord], evidence_of: dict[str, list[ct.Evidence]], clock: Any
) -> None:
    with ct.Ledger.open(url, clock=clock) as ledger:
        ledger.add_many(bundled)
        expected = _proposed(ledger, [ev for evs in evidence_of.values() for ev in evs][:30])
        store = ledger.store
        assert isinstance(store, SqlStore)
        store.write_blobs(PREFIX, {"header": b"\x00 damaged"}, keep=())
    with _fresh(url, clock) as ledger:
        assert _proposed(ledger, [ev for evs in evidence_of.values() for ev in evs][:30]) == expected
        assert ClaimRetriever.from_parts(lambda name: _blobs(ledger).get(PREFIX + name)) is not None


def test_folder_and_memory_ledgers_build_it_from_their_records(
    tmp_path: Path, bundled: list[ClaimRecord], clock: Any
) -> None:
    for ledger in (ct.Ledger.in_memory(clock=clock), ct.Ledger.open(tmp_path / "folder", clock=clock)):
        ledger.add_many(bundled)
        assert len(match_index(ledger)) == len(bundled)
        ledger.close()
