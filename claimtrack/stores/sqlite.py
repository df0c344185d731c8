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
from claimtrack.stores._schema import FORMAT, SCHEMA_VERSION, SQLITE, migrations
from claimtrack.stores._sql import SqlStore

__all__ = ["MIGRATIONS", "SQLiteStore"]

BUSY_TIMEOUT_MS = 30_000

MIGRATIONS: dict[int, tuple[str, ...]] = dict(migrations(SQLITE))
"""Schema steps in this engine's spelling (written once in :mod:`claimtrack.stores._schema`)."""


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
                self._changes_on = self.schema_version >= 5
                self._same_as_on = self.schema_version >= 6
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
