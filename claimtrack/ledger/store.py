"""The Store protocol: the port between the ledger and where its records live.

A store keeps :class:`~claimtrack.model.ClaimRecord` values by claim id. The
ledger holds the domain rules (replay, validation, merging); a store only has
to keep records safely: atomic writes, no lost concurrent appends, and
optimistic concurrency on claim edits.

Events, evidence and rejections are append-only. The one change a store
makes to something already stored is :meth:`Store.amend_evidence`: filling
an evidence field that was empty (an archived copy made later, a title read
later), never changing one that was set.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from claimtrack.errors import ClaimNotFoundError, DamagedRecordsError, DamagedRecordsWarning, DuplicateClaimError
from claimtrack.ledger.aliases import SpeakerAlias
from claimtrack.ledger.names import speaker_key
from claimtrack.ledger.replay import amended, appended, revised
from claimtrack.model import Claim, ClaimRecord, Evidence, Problem, Rejection, StatusEvent

__all__ = ["Damage", "MemoryStore", "RecordStore", "ScanStore", "Store", "readable", "scan"]


@runtime_checkable
class Store(Protocol):
    """Where a ledger's claim records are kept."""

    @property
    def location(self) -> str:
        """A human-readable name of the store (a path, a URL without password)."""
        ...

    def __contains__(self, claim_id: object) -> bool: ...

    def __len__(self) -> int: ...

    def ids(self) -> Iterator[str]:
        """Every claim id, sorted."""
        ...

    def get(self, claim_id: str) -> ClaimRecord:
        """The record of ``claim_id``; raises ClaimNotFoundError or InvalidRecordError."""
        ...

    def records(self) -> Iterator[ClaimRecord]:
        """Every readable record, in id order (unreadable ones are reported by problems())."""
        ...

    def create(self, record: ClaimRecord) -> None:
        """Store a new record; raises DuplicateClaimError when the id exists."""
        ...

    def create_many(self, records: Iterable[ClaimRecord]) -> int:
        """Store many new records in one go; all or nothing. Returns how many."""
        ...

    def append(
        self,
        claim_id: str,
        events: Iterable[StatusEvent],
        evidence: Iterable[Evidence] = (),
        rejections: Iterable[Rejection] = (),
    ) -> ClaimRecord:
        """Add events, evidence and rejections to a claim atomically; concurrent appends are all kept.

        The rule is :func:`claimtrack.ledger.appended`: repeats (same id) are ignored.
        """
        ...

    def amend_evidence(self, claim_id: str, evidence: Iterable[Evidence]) -> ClaimRecord:
        """Fill empty fields of evidence the claim holds, atomically (rule: :func:`claimtrack.ledger.amended`).

        Raises EvidenceAmendError and writes nothing when an item is unknown or
        would change a field already set. Runs under the same lock or
        transaction as :meth:`append`, so concurrent amendments and appends
        are all kept.
        """
        ...

    def replace(self, claim: Claim, *, expected_version: int) -> ClaimRecord:
        """Replace a claim's content if nobody changed it since ``expected_version``."""
        ...

    def problems(self) -> Iterator[Problem]:
        """Problems in the stored data that records() had to skip."""
        ...

    def close(self) -> None:
        """Release files, connections and locks."""
        ...


Scanned = tuple[ClaimRecord | None, tuple[Problem, ...]]
"""One stored record as a store reads it: the record, or None with the problems that make it damaged."""


@runtime_checkable
class ScanStore(Protocol):
    """Optional store capability: every stored record read once, readable or not.

    :meth:`scan` is the one place a store decides that a record is damaged: its
    :meth:`Store.records` are the scanned records that are not None and its
    :meth:`Store.problems` the scanned problems, so a reader that must know
    what it left out (a scorecard, ``Ledger.claims``) reads each record once.
    """

    def scan(self) -> Iterator[Scanned]:
        """(record, ()) for each readable record and (None, problems) for each damaged one, in id order."""
        ...


def scan(store: Store) -> Iterator[Scanned]:
    """``store.scan()``, or for a store without it its records and then its problems (read twice)."""
    if isinstance(store, ScanStore):
        return store.scan()
    return _scan_twice(store)


def _scan_twice(store: Store) -> Iterator[Scanned]:
    for record in store.records():
        yield record, ()
    for problem in store.problems():
        yield None, (problem,)


class Damage:
    """The damaged records a read met: refused at the end of the read unless ``skip_invalid``.

    A reader adds the problems of each record it cannot read (:meth:`add`) and
    calls :meth:`settle` once it has read everything: with problems and
    ``skip_invalid=False`` that raises :class:`~claimtrack.errors.DamagedRecordsError`
    naming every damaged record; with ``skip_invalid=True`` it warns
    (:class:`~claimtrack.errors.DamagedRecordsWarning`) and returns how many
    records were left out.
    """

    def __init__(self, *, location: str | None, skip_invalid: bool) -> None:
        self.location = location
        self.skip_invalid = skip_invalid
        self.groups: list[tuple[Problem, ...]] = []
        """The problems of each damaged record met, one tuple per record."""

    @property
    def records(self) -> int:
        """How many damaged records were met (a record may have several problems)."""
        return len(self.groups)

    @property
    def problems(self) -> list[Problem]:
        """Every problem met, record by record."""
        return [problem for group in self.groups for problem in group]

    def add(self, problems: Iterable[Problem]) -> None:
        """One damaged record, with the problems that make it so."""
        self.groups.append(tuple(problems))

    def settle(self, *, stacklevel: int = 3) -> int:
        """Refuse (raise) or warn about what was met; returns how many records were left out."""
        if not self.records:
            return 0
        if not self.skip_invalid:
            raise DamagedRecordsError(self.problems, location=self.location, count=self.records)
        warnings.warn(
            DamagedRecordsWarning(self.problems, location=self.location, count=self.records), stacklevel=stacklevel
        )
        return self.records


def readable(store: Store, damage: Damage) -> Iterator[ClaimRecord]:
    """The store's readable records, in id order; the damaged ones go to ``damage``."""
    for record, problems in scan(store):
        if record is None:
            damage.add(problems)
        else:
            yield record


class RecordStore:
    """The write half of the Store protocol, once: read the record, apply the ledger's rule, write back.

    :meth:`append`, :meth:`amend_evidence` and :meth:`replace` read the stored record while
    holding the claim's write lock, apply the domain rule (:func:`~claimtrack.ledger.appended`,
    :func:`~claimtrack.ledger.amended`, :func:`~claimtrack.ledger.revised`) and hand the result
    to :meth:`_put` only when it differs, so every store keeps the same rules and none can lose a
    concurrent append. A store supplies :meth:`get`, :meth:`_locked` (its per-claim write lock)
    and :meth:`_put` (writing the new record, knowing the one it replaces).
    """

    def get(self, claim_id: str) -> ClaimRecord:
        raise NotImplementedError  # pragma: no cover - every store implements it

    def _locked(self, claim_id: str) -> contextlib.AbstractContextManager[object]:
        """Hold the claim's write lock (and raise ClaimNotFoundError for an id it cannot hold)."""
        return contextlib.nullcontext()

    def _put(self, record: ClaimRecord, current: ClaimRecord) -> None:
        """Inside :meth:`_locked`: store ``record``, which replaces ``current``."""
        raise NotImplementedError  # pragma: no cover - every store implements it

    def append(
        self,
        claim_id: str,
        events: Iterable[StatusEvent],
        evidence: Iterable[Evidence] = (),
        rejections: Iterable[Rejection] = (),
    ) -> ClaimRecord:
        """See :meth:`Store.append`."""
        events, evidence, rejections = tuple(events), tuple(evidence), tuple(rejections)
        with self._locked(claim_id):
            current = self.get(claim_id)
            record = appended(current, events, evidence, rejections)  # the domain rules: order, repeats, time
            if record is not current:
                self._put(record, current)
            return record

    def amend_evidence(self, claim_id: str, evidence: Iterable[Evidence]) -> ClaimRecord:
        """See :meth:`Store.amend_evidence`."""
        evidence = tuple(evidence)
        with self._locked(claim_id):
            current = self.get(claim_id)
            record = amended(current, evidence)  # the fill-only rule; raises before anything is written
            if record is not current:
                self._put(record, current)
            return record

    def replace(self, claim: Claim, *, expected_version: int) -> ClaimRecord:
        """See :meth:`Store.replace`."""
        with self._locked(claim.id):
            current = self.get(claim.id)
            record = revised(current, claim, expected_version=expected_version)  # ConflictError when stale
            self._put(record, current)
            return record


class MemoryStore(RecordStore):
    """A store in a dict: for scripts, tests and importers (``Ledger.open(":memory:")``)."""

    def __init__(self) -> None:
        self._records: dict[str, ClaimRecord] = {}
        self._aliases: dict[str, SpeakerAlias] = {}

    @property
    def location(self) -> str:
        return ":memory:"

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._records

    def __len__(self) -> int:
        return len(self._records)

    def ids(self) -> Iterator[str]:
        return iter(sorted(self._records))

    def get(self, claim_id: str) -> ClaimRecord:
        try:
            return self._records[claim_id]
        except KeyError:
            raise ClaimNotFoundError(claim_id, self.location) from None

    def records(self) -> Iterator[ClaimRecord]:
        for claim_id in sorted(self._records):
            yield self._records[claim_id]

    def create(self, record: ClaimRecord) -> None:
        if record.claim.id in self._records:
            raise DuplicateClaimError(record.claim.id, self.location)
        self._records[record.claim.id] = record

    def create_many(self, records: Iterable[ClaimRecord]) -> int:
        batch: dict[str, ClaimRecord] = {}
        for record in records:
            if record.claim.id in self._records or record.claim.id in batch:
                raise DuplicateClaimError(record.claim.id, self.location)
            batch[record.claim.id] = record
        self._records.update(batch)
        return len(batch)

    def _put(self, record: ClaimRecord, current: ClaimRecord) -> None:
        self._records[record.claim.id] = record

    def problems(self) -> Iterator[Problem]:
        return iter(())

    def scan(self) -> Iterator[Scanned]:
        return ((record, ()) for record in self.records())

    def speaker_aliases(self) -> tuple[SpeakerAlias, ...]:
        """The alias table (see :class:`~claimtrack.ledger.speakers.SpeakerAliasStore`), in key order."""
        return tuple(self._aliases[key] for key in sorted(self._aliases))

    def write_speaker_aliases(self, put: Iterable[SpeakerAlias] = (), remove: Iterable[str] = ()) -> None:
        """Drop the entries of ``remove``'s names, add ``put``: one step (a new dict swapped in)."""
        table = dict(self._aliases)
        for name in remove:
            table.pop(speaker_key(name), None)
        for alias in put:
            table[alias.key] = alias
        self._aliases = table

    def close(self) -> None:
        return None
