"""Derived data kept beside an SQL ledger (schema 5): the log of claim changes, and named blobs.

What a derived structure (the retrieval index of
:mod:`claimtrack.stores.retrieval`) needs from a store to stay current
without rereading every claim: which claims were created or replaced after
the change it last saw, and a place to keep its bytes in the same database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Mapping, Sequence
from typing import Any

__all__ = ["DerivedDataMixin"]


class DerivedDataMixin:
    """``ct_claim_changes`` and ``ct_blobs`` over the SQL store's driver hooks."""

    _changes_on: bool = True
    """Schema 5: claim writes are logged in ct_claim_changes."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # pragma: no cover

    def _executemany(self, sql: str, rows: Any) -> None:
        raise NotImplementedError  # pragma: no cover

    def _write(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover

    @property
    def keeps_changes(self) -> bool:
        """True when the schema logs claim changes and keeps blobs (schema 5 and newer)."""
        return self._changes_on

    def claim_changes(self, after: int) -> tuple[int, list[str]]:
        """The newest change number, and the ids of claims created or replaced after change ``after``."""
        with self._errors():
            rows = self._execute("SELECT seq, claim_id FROM ct_claim_changes WHERE seq > ? ORDER BY seq", (after,))
            if not rows:
                newest = self._execute("SELECT MAX(seq) FROM ct_claim_changes")[0][0]
                return int(newest or 0), []
        return int(rows[-1][0]), list(dict.fromkeys(str(claim_id) for _, claim_id in rows))

    def read_blob(self, name: str) -> bytes | None:
        """The bytes kept under ``name``, or None."""
        with self._errors():
            rows = self._execute("SELECT body FROM ct_blobs WHERE name = ?", (name,))
        return bytes(rows[0][0]) if rows else None

    def write_blobs(self, prefix: str, changed: Mapping[str, bytes], keep: Collection[str]) -> None:
        """In one transaction: store ``changed`` under ``prefix`` + name, and drop the other blobs under
        ``prefix`` whose names are not in ``keep`` (nor in ``changed``)."""
        names = {prefix + name for name in (*keep, *changed)}
        with self._errors(), self._write():
            stored = {str(n) for (n,) in self._execute("SELECT name FROM ct_blobs WHERE name LIKE ?", (prefix + "%",))}
            stale = [
                (n,) for n in sorted(stored) if n.startswith(prefix) and (n not in names or n[len(prefix) :] in changed)
            ]
            if stale:
                self._executemany("DELETE FROM ct_blobs WHERE name = ?", stale)
            if changed:
                self._executemany(
                    "INSERT INTO ct_blobs (name, body) VALUES (?, ?)", [(prefix + n, b) for n, b in changed.items()]
                )
