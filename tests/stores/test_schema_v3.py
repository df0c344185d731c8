"""Schema version 3 of the SQL stores: ct_rejections, and evidence bodies that may be filled but never deleted.

A version-2 database (as claimtrack wrote it before rejections and amendments) upgrades in one
transaction and keeps its data; a failed upgrade leaves it at version 2, untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import StoreError
from claimtrack.model import Rejection
from claimtrack.stores import postgres as pg_module
from claimtrack.stores import sqlite as sqlite_module
from claimtrack.stores._sql import SCHEMA_VERSION

GPT4O = ct.Evidence(url="https://openai.com/index/hello-gpt-4o/", title="Hello GPT-4o", published_on="2024-05-13")
COPY = "https://web.archive.org/web/2024/https://openai.com/index/hello-gpt-4o/"


def _records(make_claim: Any, clock: Any, n: int = 3) -> list[ct.ClaimRecord]:
    """Records a version-2 store can hold: claims, one event and its evidence, no rejections."""
    with ct.Ledger.in_memory(clock=clock) as scratch:
        for i in range(n):
            scratch.add(make_claim(f"claim-{i}"))
        scratch.record("claim-0", "true", on=date(2024, 5, 13), evidence=[GPT4O])
        return list(scratch.records())


def _exercise_v3(ledger: ct.Ledger) -> None:
    """What version 3 adds works on the upgraded store."""
    rejection = Rejection(
        id="prop-0000000000000001",
        claim_id="claim-1",
        verdict=ct.Verdict.FALSE,
        evidence_ids=(GPT4O.id,),
        rejected_at=datetime(2026, 11, 27, 12, tzinfo=UTC),
    )
    ledger.store.append("claim-1", (), (), (rejection,))
    assert ledger.rejections("claim-1") == (rejection,)
    ledger.amend_evidence("claim-0", [ct.Evidence(id=GPT4O.id, archived_url=COPY)])
    assert ledger.evidence("claim-0")[0].archived_url == COPY
    assert ledger.validate() == ()


# -- SQLite -------------------------------------------------------------------------------


def _sqlite_v2(path: Path, records: list[ct.ClaimRecord]) -> None:
    old = sqlite_module.SQLiteStore(path, schema_version=2)
    assert old.schema_version == 2
    old.create_many(records)
    old.close()


def _sqlite_tables_and_triggers(path: Path) -> tuple[set[str], set[str], str]:
    con = sqlite3.connect(path)
    try:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        triggers = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        version = con.execute("SELECT value FROM ct_meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        con.close()
    return tables, triggers, version


def test_sqlite_version_2_upgrades_and_keeps_its_data(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "v2.sqlite"
    records = _records(make_claim, clock)
    _sqlite_v2(path, records)
    assert "ct_rejections" not in _sqlite_tables_and_triggers(path)[0]
    with ct.Ledger.open(path, create=False, clock=clock) as ledger:
        assert ledger.store.schema_version == SCHEMA_VERSION >= 3  # type: ignore[attr-defined]
        assert list(ledger.records()) == records
        assert [c.id for c in ledger.claims(verdict="true")] == ["claim-0"]
        _exercise_v3(ledger)
    tables, triggers, version = _sqlite_tables_and_triggers(path)
    assert version == str(SCHEMA_VERSION)
    assert "ct_rejections" in tables
    assert "ct_evidence_no_update" not in triggers
    assert {"ct_evidence_no_delete", "ct_evidence_fixed_keys", "ct_events_no_update", "ct_events_no_delete"} <= triggers


def test_sqlite_failed_upgrade_leaves_version_2_untouched(
    tmp_path: Path, make_claim: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v2.sqlite"
    records = _records(make_claim, clock)
    _sqlite_v2(path, records)
    before = _sqlite_tables_and_triggers(path)
    # the last step fails after the others ran: all of them must roll back together
    monkeypatch.setitem(
        sqlite_module.MIGRATIONS, 3, (*sqlite_module.MIGRATIONS[3], "CREATE TABLE ct_meta (clash TEXT)")
    )
    with pytest.raises(StoreError, match=r"v2\.sqlite"):
        ct.Ledger.open(path, create=False)
    assert _sqlite_tables_and_triggers(path) == before
    assert before[2] == "2"
    monkeypatch.undo()
    with ct.Ledger.open(path, create=False) as ledger:
        assert list(ledger.records()) == records


def test_sqlite_evidence_fillable_not_deletable_rejections_insert_only(
    tmp_path: Path, make_claim: Any, clock: Any
) -> None:
    path = tmp_path / "claims.sqlite"
    with ct.Ledger.open(path, clock=clock) as ledger:
        ledger.add_many(_records(make_claim, clock))
        _exercise_v3(ledger)
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE ct_evidence SET body = body")  # a body may be rewritten (amend_evidence does)
        with pytest.raises(sqlite3.IntegrityError, match="keeps its claim and id"):
            con.execute("UPDATE ct_evidence SET id = 'ev-other'")
        with pytest.raises(sqlite3.IntegrityError, match="keeps its claim and id"):
            con.execute("UPDATE ct_evidence SET claim_id = 'claim-2'")
        with pytest.raises(sqlite3.IntegrityError, match="insert-only"):
            con.execute("DELETE FROM ct_evidence")
        with pytest.raises(sqlite3.IntegrityError, match="insert-only"):
            con.execute("UPDATE ct_events SET body = body")
        with pytest.raises(sqlite3.IntegrityError, match="insert-only"):
            con.execute("UPDATE ct_rejections SET body = body")
        with pytest.raises(sqlite3.IntegrityError, match="insert-only"):
            con.execute("DELETE FROM ct_rejections")
    finally:
        con.close()


# -- PostgreSQL ---------------------------------------------------------------------------


@contextmanager
def _pg(url: str) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        yield conn


def _pg_state(url: str) -> tuple[set[str], set[str], str]:
    with _pg(url) as conn:
        tables = {
            n
            for (n,) in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        }
        triggers = {
            n
            for (n,) in conn.execute(
                "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = current_schema()"
            )
        }
        version = conn.execute("SELECT value FROM ct_meta WHERE key = 'schema_version'").fetchone()[0]
    return tables, triggers, version


def _pg_v2(url: str, records: list[ct.ClaimRecord]) -> None:
    old = pg_module.PostgresStore(url, schema_version=2)
    assert old.schema_version == 2
    old.create_many(records)
    old.close()


def test_postgres_version_2_upgrades_and_keeps_its_data(postgres_schema: str, make_claim: Any, clock: Any) -> None:
    records = _records(make_claim, clock)
    _pg_v2(postgres_schema, records)
    with ct.Ledger.open(postgres_schema, create=False, clock=clock) as ledger:
        assert ledger.store.schema_version == SCHEMA_VERSION  # type: ignore[attr-defined]
        assert list(ledger.records()) == records
        _exercise_v3(ledger)
    tables, triggers, version = _pg_state(postgres_schema)
    assert version == str(SCHEMA_VERSION)
    assert "ct_rejections" in tables
    assert "ct_evidence_insert_only" not in triggers
    assert {"ct_evidence_no_delete", "ct_evidence_fixed_keys", "ct_events_insert_only"} <= triggers


def test_postgres_failed_upgrade_leaves_version_2_untouched(
    postgres_schema: str, make_claim: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _records(make_claim, clock)
    _pg_v2(postgres_schema, records)
    before = _pg_state(postgres_schema)
    monkeypatch.setitem(pg_module.MIGRATIONS, 3, (*pg_module.MIGRATIONS[3], "CREATE TABLE ct_meta (clash TEXT)"))
    with pytest.raises(StoreError):
        ct.Ledger.open(postgres_schema, create=False)
    assert _pg_state(postgres_schema) == before
    monkeypatch.undo()
    with ct.Ledger.open(postgres_schema, create=False) as ledger:
        assert list(ledger.records()) == records


def test_postgres_evidence_fillable_not_deletable_rejections_insert_only(
    postgres_schema: str, make_claim: Any, clock: Any
) -> None:
    import psycopg

    with ct.Ledger.open(postgres_schema, clock=clock) as ledger:
        ledger.add_many(_records(make_claim, clock))
        _exercise_v3(ledger)
    refusals: list[Callable[[Any], object]] = [
        lambda c: c.execute("UPDATE ct_evidence SET id = 'ev-other'"),
        lambda c: c.execute("DELETE FROM ct_evidence"),
        lambda c: c.execute("UPDATE ct_events SET body = body"),
        lambda c: c.execute("UPDATE ct_rejections SET body = body"),
        lambda c: c.execute("DELETE FROM ct_rejections"),
    ]
    with _pg(postgres_schema) as conn:
        conn.execute("UPDATE ct_evidence SET body = body")
        for refuse in refusals:
            with pytest.raises(psycopg.errors.RaiseException, match=r"insert-only|keep their claim and id"):
                refuse(conn)
