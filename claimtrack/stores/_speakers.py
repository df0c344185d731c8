"""Where the stores keep a ledger's speaker alias table, and how the SQL stores count its spellings.

The alias table (:class:`~claimtrack.ledger.SpeakerAlias` entries, keyed by the
spelling's :func:`~claimtrack.ledger.speaker_key`) is small and changes rarely, so
every store keeps it in the smallest place it already has:

* **SQLite and PostgreSQL**: one ``ct_meta`` row per entry, the key
  ``speaker-alias:<key>`` and the entry's JSON as the value. ``ct_meta`` exists in
  every schema version, so no migration is needed; a change is one transaction
  (an upsert or a delete per entry), atomic with the other entries it changes.
* **Folder**: one file, ``speakers.json`` beside ``ledger.json``, rewritten
  atomically (temporary file, fsync, rename) under a file lock taken around
  read-change-write, so two processes adding aliases never lose one.
* **Memory**: a dict (:class:`~claimtrack.ledger.MemoryStore`).

The SQL stores also answer :meth:`SpeakerDataMixin.speaker_census`: claims per
spelling (``GROUP BY speaker`` over the covering scorecard index) and the
``same_as`` links from the schema-6 column's partial index, so grouping speakers
reads no claim's JSON.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock

from claimtrack.errors import StoreCorruptedError, StoreError
from claimtrack.ledger import SpeakerAlias, SpeakerCensus, speaker_key
from claimtrack.stores._files import atomic_write

__all__ = ["ALIAS_PREFIX", "SPEAKERS_FILE", "SpeakerDataMixin", "read_alias_file", "write_alias_file"]

ALIAS_PREFIX = "speaker-alias:"
"""The ``ct_meta`` keys of the alias table's rows (the entry's speaker key follows)."""

SPEAKERS_FILE = "speakers.json"
"""The folder store's alias table, beside ``ledger.json``."""

_FILE_FORMAT = "claimtrack-speakers"
_UPSERT = "INSERT INTO ct_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"


def _parse(text: str | bytes, location: str) -> SpeakerAlias:
    try:
        return SpeakerAlias.from_json(text)
    except ValueError as exc:
        raise StoreCorruptedError(f"unreadable speaker alias: {exc}", location=location) from None


class SpeakerDataMixin:
    """The alias table in ``ct_meta`` and the speaker census, over the SQL store's driver hooks."""

    _location: str
    _same_as_on: bool = True
    """Schema 6: ct_claims has the speaker_same_as column."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # pragma: no cover

    def _write(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover

    def speaker_aliases(self) -> tuple[SpeakerAlias, ...]:
        """The alias table, in key order."""
        with self._errors():
            rows = self._execute("SELECT key, value FROM ct_meta WHERE key LIKE ?", (ALIAS_PREFIX + "%",))
        rows = sorted((str(key), str(value)) for key, value in rows if str(key).startswith(ALIAS_PREFIX))
        return tuple(_parse(value, self._location) for _, value in rows)

    def write_speaker_aliases(self, put: Iterable[SpeakerAlias] = (), remove: Iterable[str] = ()) -> None:
        """In one transaction: delete the entries of ``remove``'s names, then upsert ``put``."""
        gone = [(ALIAS_PREFIX + speaker_key(name),) for name in remove]
        rows = [(ALIAS_PREFIX + alias.key, alias.to_json()) for alias in put]
        with self._errors(), self._write():
            for key in gone:
                self._execute("DELETE FROM ct_meta WHERE key = ?", key)
            for row in rows:
                self._execute(_UPSERT, row)

    def speaker_census(self) -> SpeakerCensus:
        """Claims per speaker as written, and their ``same_as`` links, read from columns (no claim's JSON)."""
        census = SpeakerCensus()
        with self._errors():
            for speaker, claims in self._execute("SELECT speaker, count(*) FROM ct_claims GROUP BY speaker"):
                census.add(str(speaker), claims=int(claims))
            if self._same_as_on:
                rows = self._execute(
                    "SELECT speaker, speaker_same_as FROM ct_claims WHERE speaker_same_as IS NOT NULL "
                    "GROUP BY speaker, speaker_same_as"
                )
                for speaker, links in rows:
                    census.link(str(speaker), str(links).split())
            else:  # an older schema opened on purpose: read the links from the bodies that have some
                rows = self._execute("SELECT speaker, body FROM ct_claims WHERE body LIKE ?", ('%"same_as":["%',))
                for speaker, body in rows:
                    links = json.loads(body).get("speaker", {}).get("same_as", ())
                    census.link(str(speaker), [str(link) for link in links])
        return census


# -- the folder store's file ---------------------------------------------------------------------


def read_alias_file(path: Path) -> tuple[SpeakerAlias, ...]:
    """The alias table kept in ``path`` (empty when there is no file), in key order."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc}", location=str(path.parent)) from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise StoreCorruptedError(f"unreadable {path.name}: {exc}", location=str(path.parent)) from None
    if not isinstance(data, dict) or data.get("format") != _FILE_FORMAT or not isinstance(data.get("aliases"), list):
        raise StoreCorruptedError(f"{path.name} does not hold a speaker alias table", location=str(path.parent))
    entries = {}
    for item in data["aliases"]:
        alias = _parse(json.dumps(item), str(path.parent))
        entries[alias.key] = alias
    return tuple(entries[key] for key in sorted(entries))


def write_alias_file(path: Path, lock: Path, put: Iterable[SpeakerAlias], remove: Iterable[str]) -> None:
    """Change the alias table in ``path`` under the file lock ``lock``: read, change, rewrite atomically."""
    put, remove = tuple(put), tuple(remove)
    try:
        lock.parent.mkdir(exist_ok=True)
        with FileLock(str(lock)):
            table = {alias.key: alias for alias in read_alias_file(path)}
            for name in remove:
                table.pop(speaker_key(name), None)
            for alias in put:
                table[alias.key] = alias
            aliases = [json.loads(table[key].to_json()) for key in sorted(table)]
            text = json.dumps({"format": _FILE_FORMAT, "version": 1, "aliases": aliases}, ensure_ascii=False, indent=2)
            atomic_write(path, text + "\n")
    except OSError as exc:
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"cannot write {path}: {exc}", location=str(path.parent)) from exc
