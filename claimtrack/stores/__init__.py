"""Where ledgers live: a folder of JSON files, SQLite, PostgreSQL, or memory.

:func:`open_store` picks the store from the target: ``":memory:"``, a
``postgresql://`` URL, a ``.sqlite``/``.sqlite3``/``.db`` file, or else a folder.
:func:`match_index` is the retrieval index of a ledger's claims, kept beside SQL ledgers.
:func:`redact_secrets` masks the secrets of database URLs (and libpq keyword/value
strings) in any text: locations and error messages use it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from claimtrack.ledger import MemoryStore, Store
from claimtrack.stores._urls import redact as redact_secrets
from claimtrack.stores.folder import FolderStore, dumps_record
from claimtrack.stores.retrieval import match_index

__all__ = [
    "FolderStore",
    "MemoryStore",
    "dumps_record",
    "match_index",
    "open_store",
    "redact_secrets",
    "system_clock",
]

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def system_clock() -> datetime:
    """The wall clock in UTC: the default clock of ledgers opened from storage."""
    return datetime.now(UTC)


def open_store(target: str | os.PathLike[str] | object, *, create: bool = True) -> Store:
    """The store for ``target`` (see the module docstring); a Store instance passes through."""
    if isinstance(target, Store):
        return target
    if not isinstance(target, str | os.PathLike):
        raise TypeError(f"cannot open a ledger from {type(target).__name__}")
    text = os.fspath(target)
    if text == ":memory:":
        return MemoryStore()
    if text.startswith(("postgresql://", "postgres://")):
        from claimtrack.stores.postgres import PostgresStore  # psycopg is an optional extra

        return PostgresStore(text, create=create)
    if text.lower().endswith(SQLITE_SUFFIXES):
        from claimtrack.stores.sqlite import SQLiteStore

        return SQLiteStore(text, create=create)
    return FolderStore(text, create=create)
