"""Schema version 4 of the SQL stores: ``status_on`` beside ``status``, and a covering scorecard index.

``status_on`` is the effective date of the event that sets ``status`` (NULL while no event has). A
version-3 database upgrades in one transaction, the migration backfills ``status_on`` from the events
and keeps every record; a failing step leaves version 3 untouched. Every write that sets ``status``
(create_many, append, replace) sets ``status_on`` in the same statement, and a scorecard of the latest
status built from it equals the one replayed in Python.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import StoreError
from claimtrack.ledger import ClaimFilter, status_event
from claimtrack.scoring import scorecard
from claimtrack.stores import postgres as pg_module
from claimtrack.stores import sqlite as sqlite_module
from claimtrack.stores._sql import SCHEMA_VERSION

CARDS: tuple[dict[str, Any], ...] = (
    {"by": "speaker"},
    {"by": "topic"},
    {"by": "kind", "where": ClaimFilter(exclude_early=True)},
    {"by": "horizon", "as_of": date(2025, 3, 1)},
)


def _records(make_claim: Any, clock: Any) -> list[ct.ClaimRecord]:
    """Open, resolved, re-resolved, re-opened and unscored claims (with the scratch ledger's ids)."""
    with ct.Ledger.in_memory(clock=clock) as scratch:
        scratch.add(make_claim("open-one"))
        scratch.add(make_claim("resolved", topics=("gpt-5", "video")))
        scratch.record("resolved", "true", on=date(2024, 5, 13))
        scratch.add(make_claim("changed", speaker={"name": "Lex Fridman"}))
        scratch.record("changed", "mostly_true", on=date(2024, 6, 1))
        scratch.record("changed", "false", on=date(2025, 1, 2))
        scratch.add(make_claim("reopened"))
        scratch.record("reopened", "mixed", on=date(2024, 7, 1))
        scratch.record("reopened", "open", on=date(2024, 9, 1))
        scratch.add(make_claim("garbled", kind="assertion", horizon=None))
        scratch.record("garbled", "ambiguous", on=date(2024, 8, 1), note="the words are garbled")
        return list(scratch.records())


def _expected_status_on(records: list[ct.ClaimRecord]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for record in records:
        event = status_event(record.events)
        out[record.claim.id] = event.effective_on.isoformat() if event is not None else None
    return out


def _same_cards(ledger: ct.Ledger, records: list[ct.ClaimRecord]) -> None:
    for case in CARDS:
        sql, python = scorecard(ledger, **case), scorecard(records, **case)
        assert sql.rows == python.rows, case
        assert sql.total == python.total, case
        assert sql.timeline == python.timeline, case
        assert sql.claims == python.claims, case


# -- SQLite -------------------------------------------------------------------------------


def _sqlite_state(path: Path) -> tuple[str, set[str], dict[str, Any], set[str]]:
    con = sqlite3.connect(path)
    try:
        version = con.execute("SELECT value FROM ct_meta WHERE key = 'schema_version'").fetchone()[0]
        columns = {name for (_, name, *_) in con.execute("PRAGMA table_info(ct_claims)")}
        dated = dict(con.execute("SELECT id, status_on FROM ct_claims").fetchall()) if "status_on" in columns else {}
        indexes = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        con.close()
    return version, columns, dated, indexes


def _sqlite_v3(path: Path, records: list[ct.ClaimRecord]) -> None:
    old = sqlite_module.SQLiteStore(path, schema_version=3)
    assert old.schema_version == 3
    old.create_many(records)
    old.close()


def test_sqlite_version_3_upgrades_backfills_and_keeps_its_data(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "v3.sqlite"
    records = _records(make_claim, clock)
    _sqlite_v3(path, records)
    version, columns, _, _ = _sqlite_state(path)
    assert (version, "status_on" in columns) == ("3", False)
    with ct.Ledger.open(path, create=False, clock=clock) as ledger:  # opening upgrades it
        assert ledger.store.schema_version == SCHEMA_VERSION  # type: ignore[attr-defined]
    version, columns, dated, indexes = _sqlite_state(path)
    assert version == str(SCHEMA_VERSION)
    assert dated == _expected_status_on(records)
    assert dated["reopened"] == "2024-09-01"  # a re-opening event sets it too
    assert dated["open-one"] is None
    assert "ct_claims_scoring" in indexes
    assert "ct_claims_speaker_status" not in indexes  # a prefix of the covering index
    with ct.Ledger.open(path, create=False, clock=clock) as ledger:
        assert list(ledger.records()) == records
        _same_cards(ledger, records)


def test_sqlite_failed_upgrade_leaves_version_3_untouched(
    tmp_path: Path, make_claim: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v3.sqlite"
    records = _records(make_claim, clock)
    _sqlite_v3(path, records)
    before = _sqlite_state(path)
    # the last step fails after the backfill ran: every step must roll back together
    monkeypatch.setitem(
        sqlite_module.MIGRATIONS, 4, (*sqlite_module.MIGRATIONS[4], "CREATE TABLE ct_meta (clash TEXT)")
    )
    with pytest.raises(StoreError, match=r"v3\.sqlite"):
        ct.Ledger.open(path, create=False)
    assert _sqlite_state(path) == before
    assert before[0] == "3"
    monkeypatch.undo()
    with ct.Ledger.open(path, create=False) as ledger:
        assert list(ledger.records()) == records


def test_sqlite_a_version_3_store_still_scores_from_events(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    """Opened at version 3 on purpose: writes leave status_on out and the cards look events up."""
    path = tmp_path / "v3.sqlite"
    records = _records(make_claim, clock)
    old = sqlite_module.SQLiteStore(path, schema_version=3)
    try:
        old.create_many(records)
        _same_cards(ct.Ledger(old, clock=clock), records)
    finally:
        old.close()


def test_every_write_keeps_status_on_in_step(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "claims.sqlite"
    records = _records(make_claim, clock)
    with ct.Ledger.open(path, clock=clock) as ledger:
        ledger.store.create_many(records)
        assert _sqlite_state(path)[2] == _expected_status_on(records)
        ledger.record("open-one", "false", on=date(2025, 1, 1))  # append
        ledger.record("reopened", "true", on=date(2024, 12, 1))  # append, resolved again
        ledger.record("changed", "mixed", on=date(2024, 4, 1))  # takes effect earlier: not the latest
        record = ledger.record_of("resolved")
        ledger.update(record.claim.model_copy(update={"text": "edited"}), expected_version=record.version)  # replace
        now = list(ledger.records())
        dated = _sqlite_state(path)[2]
        assert dated == _expected_status_on(now)
        assert (dated["open-one"], dated["reopened"], dated["changed"]) == ("2025-01-01", "2024-12-01", "2025-01-02")
        _same_cards(ledger, now)


# -- PostgreSQL ---------------------------------------------------------------------------


@contextmanager
def _pg(url: str) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        yield conn


def _pg_state(url: str) -> tuple[str, set[str], dict[str, Any], set[str]]:
    with _pg(url) as conn:
        version = conn.execute("SELECT value FROM ct_meta WHERE key = 'schema_version'").fetchone()[0]
        columns = {
            n
            for (n,) in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'ct_claims'"
            )
        }
        dated: dict[str, Any] = {}
        if "status_on" in columns:
            dated = dict(conn.execute("SELECT id, status_on FROM ct_claims").fetchall())
        indexes = {n for (n,) in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    return version, columns, dated, indexes


def _pg_v3(url: str, records: list[ct.ClaimRecord]) -> None:
    old = pg_module.PostgresStore(url, schema_version=3)
    assert old.schema_version == 3
    old.create_many(records)
    old.close()


def test_postgres_version_3_upgrades_backfills_and_keeps_its_data(
    postgres_schema: str, make_claim: Any, clock: Any
) -> None:
    records = _records(make_claim, clock)
    _pg_v3(postgres_schema, records)
    assert "status_on" not in _pg_state(postgres_schema)[1]
    with ct.Ledger.open(postgres_schema, create=False, clock=clock) as ledger:
        assert ledger.store.schema_version == SCHEMA_VERSION  # type: ignore[attr-defined]
        assert list(ledger.records()) == records
        _same_cards(ledger, records)
        ledger.record("open-one", "false", on=date(2025, 1, 1))
        now = list(ledger.records())
    version, _, dated, indexes = _pg_state(postgres_schema)
    assert version == str(SCHEMA_VERSION)
    assert dated == _expected_status_on(now)
    assert "ct_claims_scoring" in indexes
    assert "ct_claims_speaker_status" not in indexes


def test_postgres_failed_upgrade_leaves_version_3_untouched(
    postgres_schema: str, make_claim: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _records(make_claim, clock)
    _pg_v3(postgres_schema, records)
    before = _pg_state(postgres_schema)
    monkeypatch.setitem(pg_module.MIGRATIONS, 4, (*pg_module.MIGRATIONS[4], "CREATE TABLE ct_meta (clash TEXT)"))
    with pytest.raises(StoreError):
        ct.Ledger.open(postgres_schema, create=False)
    assert _pg_state(postgres_schema) == before
    assert before[0] == "3"
    monkeypatch.undo()
    with ct.Ledger.open(postgres_schema, create=False) as ledger:
        assert list(ledger.records()) == records
