"""Bad stores: corrupt, truncated, foreign, newer, full, unreachable, wrong password.

Each gives a clear StoreError naming the store (never the password) and
leaves what is stored untouched. Also: schema migrations and the insert-only
event tables.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

import claimtrack as ct
from claimtrack.errors import SchemaVersionError, StoreCorruptedError, StoreError, StoreNotFoundError
from claimtrack.stores import open_store
from claimtrack.stores._sql import SCHEMA_VERSION
from claimtrack.stores.sqlite import SQLiteStore

GPT4O = ct.Evidence(url="https://openai.com/index/hello-gpt-4o/", title="Hello GPT-4o", published_on="2024-05-13")


def _fill(ledger: ct.Ledger, make_claim: Any, n: int = 3) -> None:
    ledger.add_many(ct.ClaimRecord(claim=make_claim(f"claim-{i:05d}")) for i in range(n))
    ledger.record("claim-00000", "true", on=date(2024, 5, 13), evidence=[GPT4O])


# -- SQLite -------------------------------------------------------------------------------


def test_sqlite_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "claims.sqlite"
    path.write_bytes(b"this is not SQLite at all, just text\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreCorruptedError, match=str(path)):
        ct.Ledger.open(path)
    assert path.read_bytes() == before


def test_sqlite_truncated(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "claims.db"
    with ct.Ledger.open(path, clock=clock) as ledger:
        _fill(ledger, make_claim, 3000)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = path.read_bytes()
    with pytest.raises(StoreError, match=str(path)), ct.Ledger.open(path, clock=clock) as ledger:
        list(ledger.records())  # the error comes at open or at the first read of a lost page
    assert path.read_bytes() == before


def test_sqlite_foreign_schema(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO users (name) VALUES ('ada')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreCorruptedError, match=r"app\.db.*not a claimtrack ledger"):
        ct.Ledger.open(path)
    assert path.read_bytes() == before


def test_sqlite_newer_schema_refused(tmp_path: Path, make_claim: Any) -> None:
    path = tmp_path / "claims.sqlite"
    with ct.Ledger.open(path) as ledger:
        _fill(ledger, make_claim)
    con = sqlite3.connect(path)
    con.execute("UPDATE ct_meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(SchemaVersionError, match=r"schema version 99.*upgrade claimtrack"):
        ct.Ledger.open(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM ct_claims").fetchone()[0] == 3
    con.close()


def test_sqlite_missing_with_create_false(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError):
        ct.Ledger.open(tmp_path / "nope.sqlite", create=False)
    assert not (tmp_path / "nope.sqlite").exists()


def test_sqlite_full_disk_rolls_back(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "claims.sqlite"
    with ct.Ledger.open(path, clock=clock) as ledger:
        _fill(ledger, make_claim)
        before = list(ledger.records())
        store = ledger.store
        assert isinstance(store, SQLiteStore)
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the "disk" holds two more pages
        batch = [ct.ClaimRecord(claim=make_claim(f"more-{i:05d}", note="x" * 500)) for i in range(500)]
        with pytest.raises(StoreError, match=r"claims\.sqlite.*disk is full"):
            ledger.add_many(batch)
        assert list(ledger.records()) == before
    with ct.Ledger.open(path) as again:
        assert list(again.records()) == before


def test_sqlite_migrates_an_older_file(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "old.sqlite"
    old = SQLiteStore(path, schema_version=1)
    claim = make_claim("claim-1")
    with ct.Ledger.in_memory(clock=clock) as scratch:
        scratch.add(claim)
        scratch.record("claim-1", "false", on=date(2025, 1, 1), evidence=[GPT4O])
        record = scratch.record_of("claim-1")
    _insert_v1(old, record)
    assert old.schema_version == 1
    old.close()
    with ct.Ledger.open(path) as ledger:
        assert isinstance(ledger.store, SQLiteStore)
        assert ledger.store.schema_version == SCHEMA_VERSION
        assert ledger.record_of("claim-1") == record
        assert [c.id for c in ledger.claims(verdict="false")] == ["claim-1"]  # the status column was backfilled


def _insert_v1(store: Any, record: ct.ClaimRecord) -> None:
    """Rows as schema version 1 had them (no status column)."""
    from claimtrack.stores._sql import claim_row, event_row, evidence_row

    row = claim_row(record.claim, record.version, ct.Verdict.OPEN)
    with store._write():
        store._execute(
            "INSERT INTO ct_claims (id, version, speaker, speaker_key, kind, said_on, deadline, credence, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row[:8], row[9]),
        )
        for ev in record.evidence:
            store._execute(
                "INSERT INTO ct_evidence (claim_id, id, body) VALUES (?, ?, ?)", evidence_row(record.claim.id, ev)
            )
        for event in record.events:
            store._execute(
                "INSERT INTO ct_events (claim_id, id, effective_on, recorded_at, verdict, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                event_row(event),
            )


def test_sqlite_events_are_insert_only(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "claims.sqlite"
    with ct.Ledger.open(path, clock=clock) as ledger:
        _fill(ledger, make_claim)
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="insert-only"):
        con.execute("UPDATE ct_events SET verdict = 'false'")
    with pytest.raises(sqlite3.IntegrityError, match="insert-only"):
        con.execute("DELETE FROM ct_events")
    con.close()


# -- folder -------------------------------------------------------------------------------


def test_folder_corrupt_marker(tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    ct.Ledger.open(root).close()
    (root / "ledger.json").write_text("{not json")
    with pytest.raises(StoreCorruptedError, match=r"ledger\.json"):
        ct.Ledger.open(root)


def test_folder_corrupt_claim_file_is_a_problem_not_a_loss(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    root = tmp_path / "ledger"
    with ct.Ledger.open(root, clock=clock) as ledger:
        _fill(ledger, make_claim)
    (root / "claims" / "claim-00001.json").write_text('{"claim": {"id": "claim-00001"')
    with ct.Ledger.open(root) as ledger:
        assert [c.id for c in ledger] == ["claim-00000", "claim-00002"]
        problems = ledger.validate()
        assert [p.code for p in problems] == ["invalid_json"]
        assert "claim-00001.json" in (problems[0].path or "")


# -- PostgreSQL ---------------------------------------------------------------------------


def _with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{password}@{host}"))


def test_postgres_wrong_password_names_server_not_password(postgres_url: str) -> None:
    wrong = "not-the-password-4242"
    with pytest.raises(StoreError) as info:
        ct.Ledger.open(_with_password(postgres_url, wrong))
    message = str(info.value)
    assert wrong not in message
    real = urlsplit(postgres_url).password
    assert real is not None
    assert real not in message
    assert "127.0.0.1" in message
    assert "password authentication failed" in message


def test_postgres_unreachable(postgres_url: str) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    parts = urlsplit(postgres_url)
    url = urlunsplit(parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{port}"))
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}.*cannot connect") as info:
        ct.Ledger.open(url)
    assert str(parts.password) not in str(info.value)


def test_postgres_foreign_and_newer_schema(postgres_schema: str, make_claim: Any) -> None:
    import psycopg

    with ct.Ledger.open(postgres_schema) as ledger:
        _fill(ledger, make_claim)
    with psycopg.connect(postgres_schema, autocommit=True) as conn:
        conn.execute("UPDATE ct_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(SchemaVersionError, match=r"\*\*\*@.*schema version 99"):
        ct.Ledger.open(postgres_schema)
    with psycopg.connect(postgres_schema, autocommit=True) as conn:
        conn.execute("DROP TABLE ct_meta")
        assert conn.execute("SELECT count(*) FROM ct_claims").fetchone() == (3,)
    with pytest.raises(StoreCorruptedError, match="not a claimtrack ledger"):
        ct.Ledger.open(postgres_schema)
    with psycopg.connect(postgres_schema, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM ct_claims").fetchone() == (3,)


def test_postgres_create_false_and_insert_only(postgres_schema: str, make_claim: Any) -> None:
    import psycopg

    with pytest.raises(StoreNotFoundError):
        ct.Ledger.open(postgres_schema, create=False)
    with ct.Ledger.open(postgres_schema) as ledger:
        _fill(ledger, make_claim)
    with psycopg.connect(postgres_schema, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="insert-only"):
            conn.execute("UPDATE ct_events SET verdict = 'false'")
        with pytest.raises(psycopg.errors.RaiseException, match="insert-only"):
            conn.execute("DELETE FROM ct_evidence")


def test_postgres_migrates_an_older_schema(postgres_schema: str, make_claim: Any, clock: Any) -> None:
    from claimtrack.stores.postgres import PostgresStore

    old = PostgresStore(postgres_schema, schema_version=1)
    with ct.Ledger.in_memory(clock=clock) as scratch:
        scratch.add(make_claim("claim-1"))
        scratch.record("claim-1", "false", on=date(2025, 1, 1), evidence=[GPT4O])
        record = scratch.record_of("claim-1")
    _insert_v1(old, record)
    old.close()
    with ct.Ledger.open(postgres_schema) as ledger:
        assert ledger.store.schema_version == SCHEMA_VERSION  # type: ignore[attr-defined]
        assert ledger.record_of("claim-1") == record
        assert [c.id for c in ledger.claims(verdict="false")] == ["claim-1"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.SQLITE3", "SQLiteStore"), ("b.db", "SQLiteStore"), ("c.sqlite", "SQLiteStore"), ("folder", "FolderStore")],
)
def test_open_store_routes_by_target(tmp_path: Path, name: str, kind: str) -> None:
    store = open_store(tmp_path / name)
    assert type(store).__name__ == kind
    store.close()
