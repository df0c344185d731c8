"""The retrieval index of a ledger's claims, kept beside SQLite and PostgreSQL ledgers and brought up to date.

:func:`match_index` returns the :class:`~claimtrack.checking.retrieval.ClaimRetriever`
that :func:`claimtrack.propose` finds claims with.

* **SQLite and PostgreSQL** (schema 5): the index is stored in the ledger's own
  database, in ``ct_blobs`` under ``match-index/``, one blob per segment and a
  small header. Every claim created or replaced is logged in
  ``ct_claim_changes``; opening the index reads only the changes after the
  stamp it was saved with, indexes those claims in a new segment, and saves
  the new segment and the header (the older segments are not rewritten).
  When the new segments hold more than a tenth of the claims, the index is
  rebuilt from every claim as one segment. A missing, damaged or
  older-format index is rebuilt. Appending events does not touch it: the
  index holds claims' words, not their status.
* **Folder, JSONL and in-memory ledgers**: the index is built from the
  records each time (reading every record is what opening those ledgers
  costs anyway).

An index is cached per open store object and reused while no claim changed.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from claimtrack.checking.retrieval import ClaimRetriever
from claimtrack.ledger import Ledger
from claimtrack.model import ClaimRecord
from claimtrack.stores._sql import SqlStore

__all__ = ["PREFIX", "match_index", "records_of"]

PREFIX = "match-index/"
"""The names of the index's blobs in ``ct_blobs``."""

_cache: weakref.WeakKeyDictionary[object, ClaimRetriever] = weakref.WeakKeyDictionary()


def records_of(ledger: Ledger, ids: Iterable[str]) -> list[ClaimRecord]:
    """The records of those ``ids`` the ledger holds, read in a few queries where the store can."""
    store = ledger.store
    if isinstance(store, SqlStore):
        return store.records_of(ids)
    out = []
    for claim_id in dict.fromkeys(ids):
        if claim_id in store:
            out.append(store.get(claim_id))
    return out


def match_index(ledger: Ledger) -> ClaimRetriever:
    """The ledger's retrieval index, up to date with its claims (see the module docstring)."""
    store = ledger.store
    if not isinstance(store, SqlStore) or not store.keeps_changes:
        return ClaimRetriever.build(record.claim for record in ledger.records())
    cached = _cache.get(store)
    newest, _ = store.claim_changes(after=cached.stamp) if cached is not None else (None, None)
    if cached is not None and newest == cached.stamp:
        return cached
    stored = ClaimRetriever.from_parts(lambda name: store.read_blob(PREFIX + name))
    retriever = _brought_up_to_date(store, stored)
    _cache[store] = retriever
    return retriever


def _rebuilt(store: SqlStore) -> ClaimRetriever:
    stamp, _ = store.claim_changes(after=_NEWEST)
    # claims changed after ``stamp`` was read are indexed again next time: indexing a claim twice is harmless
    return ClaimRetriever.build((record.claim for record in store.records()), stamp=stamp)


_NEWEST = 2**62
"""A change number after every real one: asking for changes after it gives just the newest number."""


def _brought_up_to_date(store: SqlStore, stored: ClaimRetriever | None) -> ClaimRetriever:
    if stored is None:
        retriever = _rebuilt(store)
        _save(store, retriever, before=set())
        return retriever
    before = set(stored.parts_names())
    stamp, changed = store.claim_changes(after=stored.stamp)
    if not changed:
        return stored
    if len(changed) > max(1, len(stored)) // 10:
        retriever = _rebuilt(store)
    else:
        stored.updated((record.claim for record in store.records_of(changed)), stamp=stamp)
        retriever = _rebuilt(store) if stored.needs_merge() else stored
    _save(store, retriever, before=before)
    return retriever


def _save(store: SqlStore, retriever: ClaimRetriever, *, before: set[str]) -> None:
    """Write the header and the segments the store does not hold yet; drop segments no longer used."""
    names = retriever.parts_names()
    new = {name: retriever.part(name) for name in names if name == "header" or name not in before}
    store.write_blobs(PREFIX, new, keep=names)
