"""A ledger in one SQLite file: embedded, nothing to start, fast for big ledgers.

Settings, stated because durability depends on them: ``journal_mode=WAL``
(readers never block the writer, and a crash leaves the last committed
transaction intact) and ``synchronous=NORMAL`` (in WAL mode a commit is
durable against a crash of the process; after a power loss the last few
commits may roll back, but the file stays consistent). Writers take the
database's write lock at ``BEGIN IMMEDIATE`` and wait up to ``busy_timeout``
(30 s) for each other, so concurrent processes never lose an append.

Schema versions and migrations: see :mod:`claimtrack.stores._sql` and
``docs/storage.md``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from claimtrack.errors import StoreCorruptedError, StoreError, StoreNotFoundError
from claimtrack.stores._sql import FORMAT, SCHEMA_VERSION, SqlStore

__all__ = ["MIGRATIONS", "SQLiteStore"]

BUSY_TIMEOUT_MS = 30_000

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE ct_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE ct_claims (id TEXT PRIMARY KEY, version INTEGER NOT NULL, speaker TEXT NOT NULL, "
        "speaker_key TEXT NOT NULL, kind TEXT NOT NULL, said_on TEXT NOT NULL, deadline TEXT, credence REAL, "
        "body TEXT NOT NULL)",
        "CREATE INDEX ct_claims_speaker_key ON ct_claims (speaker_key)",
        "CREATE INDEX ct_claims_said_on ON ct_claims (said_on)",
        "CREATE INDEX ct_claims_deadline ON ct_claims (deadline) WHERE deadline IS NOT NULL",
        "CREATE TABLE ct_topics (claim_id TEXT NOT NULL REFERENCES ct_claims (id), topic TEXT NOT NULL, "
        "PRIMARY KEY (claim_id, topic)) WITHOUT ROWID",
        "CREATE INDEX ct_topics_topic ON ct_topics (topic, claim_id)",
        "CREATE TABLE ct_events (seq INTEGER PRIMARY KEY, claim_id TEXT NOT NULL REFERENCES ct_claims (id), "
        "id TEXT NOT NULL, effective_on TEXT NOT NULL, recorded_at TEXT NOT NULL, verdict TEXT NOT NULL, "
        "body TEXT NOT NULL, UNIQUE (claim_id, id))",
        "CREATE INDEX ct_events_replay ON ct_events (claim_id, effective_on, recorded_at, id)",
        "CREATE TABLE ct_evidence (seq INTEGER PRIMARY KEY, claim_id TEXT NOT NULL REFERENCES ct_claims (id), "
        "id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (claim_id, id))",
        "CREATE TRIGGER ct_events_no_update BEFORE UPDATE ON ct_events "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: events are insert-only'); END",
        "CREATE TRIGGER ct_events_no_delete BEFORE DELETE ON ct_events "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: events are insert-only'); END",
        "CREATE TRIGGER ct_evidence_no_update BEFORE UPDATE ON ct_evidence "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: evidence is insert-only'); END",
        "CREATE TRIGGER ct_evidence_no_delete BEFORE DELETE ON ct_evidence "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: evidence is insert-only'); END",
    ),
    2: (
        "ALTER TABLE ct_claims ADD COLUMN status TEXT NOT NULL DEFAULT 'open'",
        "UPDATE ct_claims SET status = COALESCE((SELECT e.verdict FROM ct_events e WHERE e.claim_id = ct_claims.id "
        "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1), 'open')",
        "CREATE INDEX ct_claims_speaker_status ON ct_claims (speaker, status, credence)",
        "CREATE INDEX ct_claims_kind_status ON ct_claims (kind, status, credence)",
    ),
    3: (
        "CREATE TABLE ct_rejections (seq INTEGER PRIMARY KEY, claim_id TEXT NOT NULL REFERENCES ct_claims (id), "
        "id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (claim_id, id))",
        "CREATE TRIGGER ct_rejections_no_update BEFORE UPDATE ON ct_rejections "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: rejections are insert-only'); END",
        "CREATE TRIGGER ct_rejections_no_delete BEFORE DELETE ON ct_rejections "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: rejections are insert-only'); END",
        # Evidence may now be amended (fill-only, checked by claimtrack.ledger.amended): the body may be
        # updated, but a row keeps its claim and id, and is never deleted (ct_evidence_no_delete stays).
        "DROP TRIGGER ct_evidence_no_update",
        "CREATE TRIGGER ct_evidence_fixed_keys BEFORE UPDATE OF seq, claim_id, id ON ct_evidence "
        "WHEN OLD.seq IS NOT NEW.seq OR OLD.claim_id IS NOT NEW.claim_id OR OLD.id IS NOT NEW.id "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: evidence keeps its claim and id'); END",
    ),
    4: (
        # the effective date of the event that sets ``status`` (NULL while no event has), kept in step
        # with ``status``, so a scorecard of the latest status needs no per-claim event lookup
        "ALTER TABLE ct_claims ADD COLUMN status_on TEXT",
        "UPDATE ct_claims SET status_on = (SELECT e.effective_on FROM ct_events e WHERE e.claim_id = ct_claims.id "
        "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1)",
        # covers a scorecard by speaker of the latest status (and verdict_counts by speaker, as the
        # index it replaces did): the claims table itself is never read. ``id`` is in it because the
        # card lists the unscored claims' ids, and an index holds the rowid, not a TEXT primary key
        # (measured: without it SQLite scans the 2.5 GB table; docs/benchmarks.d/scoring-sql.md)
        "DROP INDEX ct_claims_speaker_status",
        "CREATE INDEX ct_claims_scoring ON ct_claims "
        "(speaker, status, credence, kind, said_on, deadline, status_on, id)",
    ),
}
"""Schema steps: applying 1..N in order, in one transaction, gives schema version N."""


class SQLiteStore(SqlStore):
    """A Store in an SQLite file (``.sqlite``, ``.sqlite3`` or ``.db``)."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, schema_version: int | None = None) -> None:
        self.path = Path(path)
        self._location = str(self.path)
        if self.path.is_dir():
            raise StoreCorruptedError("is a folder, not an SQLite file", location=self._location)
        exists = self.path.exists()
        if not exists and not create:
            raise StoreNotFoundError("no ledger here (create=False)", location=self._location)
        if not exists and not self.path.parent.is_dir():
            raise StoreNotFoundError(f"the folder {self.path.parent} does not exist", location=self._location)
        mode = "rwc" if create else "rw"
        try:
            self._conn = sqlite3.connect(
                f"file:{quote(str(self.path.resolve()))}?mode={mode}",
                uri=True,
                isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open: {exc}", location=self._location) from exc
        try:
            with self._errors():
                self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                self._open_schema(create=create, target=schema_version or SCHEMA_VERSION)
                self._status_on = self.schema_version >= 4
                if self._conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            self._conn.close()
            raise

    # -- schema ---------------------------------------------------------------------------

    def _tables(self) -> set[str]:
        rows = self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {name for (name,) in rows}

    def _open_schema(self, *, create: bool, target: int) -> None:
        tables = self._tables()  # reads page 1: "file is not a database" surfaces here, before any write
        if "ct_meta" not in tables:
            if tables:
                raise StoreCorruptedError(
                    f"an SQLite database with other tables ({', '.join(sorted(tables)[:5])}): not a claimtrack ledger",
                    location=self._location,
                )
            if not create:
                raise StoreNotFoundError("an empty SQLite file, no ledger (create=False)", location=self._location)
        elif self._check_meta(self._meta()) >= target:
            return
        with self._write():  # create or upgrade, all in one transaction; re-read under the write lock
            tables = self._tables()
            current = self._check_meta(self._meta()) if "ct_meta" in tables else 0
            if current == 0 and tables:
                raise StoreCorruptedError("another program created tables here", location=self._location)
            for step in range(current + 1, target + 1):
                for statement in MIGRATIONS[step]:
                    self._conn.execute(statement)
            self._conn.executemany(
                "INSERT OR REPLACE INTO ct_meta (key, value) VALUES (?, ?)",
                [("format", FORMAT), ("schema_version", str(target))],
            )

    def _meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM ct_meta").fetchall())

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        with self._errors():
            return int(self._meta()["schema_version"])

    # -- driver hooks ---------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            message = str(exc)
            lowered = message.lower()
            if "malformed" in lowered or "not a database" in lowered or "no such table" in lowered:
                raise StoreCorruptedError(
                    f"corrupt or foreign SQLite file: {message}", location=self._location
                ) from exc
            if "full" in lowered:
                raise StoreError(
                    f"the disk is full ({message}); the transaction was rolled back, stored data is unchanged",
                    location=self._location,
                ) from exc
            raise StoreError(f"SQLite: {message}", location=self._location) from exc

    def close(self) -> None:
        self._conn.close()
