"""Real separate processes against one ledger: no lost appends, stale edits refused.

Each store kind that other processes can open is tested: the folder store
(file locks), SQLite (BEGIN IMMEDIATE, WAL) and PostgreSQL (row locks).
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import ConflictError
from claimtrack.model import Rejection

FORK = mp.get_context("fork")  # the children reuse the imported library: quick to start
CLAIM = "new-model-this-year"
PER_WRITER = 25


def _writer(url: str, tag: str, start: Any, out: Any) -> None:
    ids = []
    with ct.Ledger.open(url, create=False) as ledger:
        start.wait(30)
        for i in range(PER_WRITER):
            event = ledger.record(CLAIM, "mixed", on=date(2024, 5, 13) + timedelta(days=i), note=f"{tag}-{i}")
            ids.append(event.id)
    out.put((tag, ids))


def _editor(url: str, note: str, start: Any, out: Any) -> None:
    with ct.Ledger.open(url, create=False) as ledger:
        record = ledger.record_of(CLAIM)
        start.wait(30)
        try:
            ledger.update(record.claim.model_copy(update={"note": note}), expected_version=record.version)
        except ConflictError as exc:
            out.put(("conflict", note, str(exc), exc.claim_id))
        else:
            out.put(("ok", note, "", CLAIM))


PER_REVIEWER = 10


def _reviewer(url: str, tag: str, start: Any, out: Any) -> None:
    """Fill its own evidence items and reject its own proposals on the shared claim, interleaved."""
    with ct.Ledger.open(url, create=False) as ledger:
        start.wait(30)
        for i in range(PER_REVIEWER):
            digest = "sha256:" + hashlib.sha256(f"{tag}-{i}".encode()).hexdigest()
            ledger.amend_evidence(CLAIM, [ct.Evidence(id=f"ev-{tag}-{i}", content_hash=digest)])
            rejection = Rejection(
                id=f"prop-{tag}-{i}",
                claim_id=CLAIM,
                verdict=ct.Verdict.FALSE,
                evidence_ids=(f"ev-{tag}-{i}",),
                rejected_at=datetime(2026, 11, 27, 12, tzinfo=UTC),
                by=tag,
            )
            ledger.store.append(CLAIM, (), (), (rejection,))
    out.put(tag)


def _seed(persistent: Any, make_claim: Any) -> None:
    with persistent.open() as ledger:
        ledger.add(make_claim(CLAIM))


def test_two_processes_recording_on_one_claim_lose_nothing(persistent: Any, make_claim: Any) -> None:
    _seed(persistent, make_claim)
    start, out = FORK.Event(), FORK.Queue()
    workers = [FORK.Process(target=_writer, args=(persistent.url, tag, start, out)) for tag in ("a", "b")]
    for worker in workers:
        worker.start()
    start.set()
    results = dict(out.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    with persistent.open(create=False) as ledger:
        stored = {event.id for event in ledger.history(CLAIM)}
        assert len(stored) == 2 * PER_WRITER
        assert set(results["a"]) | set(results["b"]) == stored
        assert ledger.validate() == ()


def test_stale_edit_from_another_process_raises_conflict(persistent: Any, make_claim: Any) -> None:
    _seed(persistent, make_claim)
    with persistent.open() as ledger:
        mine = ledger.record_of(CLAIM)
    start, out = FORK.Event(), FORK.Queue()
    start.set()
    other = FORK.Process(target=_editor, args=(persistent.url, "edited elsewhere", start, out))
    other.start()
    assert out.get(timeout=60)[0] == "ok"
    other.join(30)
    with persistent.open() as ledger:
        with pytest.raises(ConflictError, match=CLAIM) as info:
            ledger.update(mine.claim.model_copy(update={"note": "mine"}), expected_version=mine.version)
        assert info.value.claim_id == CLAIM
        assert ledger.get(CLAIM).note == "edited elsewhere"


def test_racing_edits_exactly_one_wins(persistent: Any, make_claim: Any) -> None:
    _seed(persistent, make_claim)
    both_read, out = FORK.Barrier(2), FORK.Queue()  # each has read version 1 before either writes
    editors = [FORK.Process(target=_editor, args=(persistent.url, note, both_read, out)) for note in ("x", "y")]
    for editor in editors:
        editor.start()
    results = [out.get(timeout=60) for _ in editors]
    for editor in editors:
        editor.join(30)
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["conflict", "ok"]
    winner = next(r[1] for r in results if r[0] == "ok")
    loser = next(r for r in results if r[0] == "conflict")
    assert loser[3] == CLAIM
    assert CLAIM in loser[2]
    with persistent.open() as ledger:
        record = ledger.record_of(CLAIM)
        assert record.claim.note == winner
        assert record.version == 2


def test_two_processes_amending_and_rejecting_on_one_claim_lose_nothing(persistent: Any, make_claim: Any) -> None:
    held = [ct.Evidence(id=f"ev-{tag}-{i}", title=f"item {i}") for tag in ("a", "b") for i in range(PER_REVIEWER)]
    with persistent.open() as ledger:
        ledger.add(make_claim(CLAIM), evidence=held)
    start, out = FORK.Event(), FORK.Queue()
    workers = [FORK.Process(target=_reviewer, args=(persistent.url, tag, start, out)) for tag in ("a", "b")]
    for worker in workers:
        worker.start()
    start.set()
    assert sorted(out.get(timeout=120) for _ in workers) == ["a", "b"]
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    with persistent.open(create=False) as ledger:
        record = ledger.record_of(CLAIM)
        assert [ev.id for ev in record.evidence] == [ev.id for ev in held]
        for ev in record.evidence:
            assert ev.content_hash == "sha256:" + hashlib.sha256(ev.id.removeprefix("ev-").encode()).hexdigest()
            assert ev.title is not None
        assert sorted(r.id for r in record.rejections) == sorted(
            f"prop-{tag}-{i}" for tag in ("a", "b") for i in range(PER_REVIEWER)
        )
        assert ledger.validate() == ()
