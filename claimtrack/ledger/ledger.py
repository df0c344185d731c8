"""The Ledger: claims plus their append-only events, over any Store."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

import attrs

from claimtrack.dates import DayInput, as_date
from claimtrack.errors import EventError
from claimtrack.ledger.filters import ClaimFilter, GroupBy
from claimtrack.ledger.frames import CLAIM_COLUMNS, CLAIM_DATE_COLUMNS, claim_rows
from claimtrack.ledger.problems import record_problems
from claimtrack.ledger.queries import QueryStore, VerdictCount, count_verdicts
from claimtrack.ledger.replay import (
    appended,
    check_event,
    differences,
    evidence_fill,
    ordered,
    replay,
    same_decision,
)
from claimtrack.ledger.speakers import LedgerSpeakers
from claimtrack.ledger.store import Damage, MemoryStore, Store, readable
from claimtrack.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    Confidence,
    Evidence,
    Problem,
    Rejection,
    StatusEvent,
    Verdict,
    data_frame,
    html_repr,
    import_pandas,
)

__all__ = ["Clock", "Doorways", "Ledger", "MergeReport", "install_doorways"]

Clock = Callable[[], datetime]
"""Returns the current time (timezone-aware); injected so that pure code never reads the clock."""


@attrs.frozen(kw_only=True)
class Doorways:
    """The API layer's operations behind :meth:`Ledger.open` and the deprecated review methods.

    The ledger layer must not import the stores or the checking layer above
    it, yet ``Ledger.open(...)`` is public API that scripts rely on. So the
    API layer (:mod:`claimtrack.api`), which composes those layers, hands its
    functions down once, when ``claimtrack`` is imported (a package's
    ``__init__`` always runs before any of its modules), and these methods
    call them. The dependency points downwards only: this layer knows the
    shape of the calls, never the modules that answer them.
    """

    open_ledger: Callable[..., Ledger]
    propose: Callable[..., Any]
    apply: Callable[..., Any]
    reject: Callable[..., Any]
    check: Callable[..., Any]


_doorways: Doorways | None = None


def install_doorways(doorways: Doorways) -> None:
    """Hand the API layer's functions to :class:`Ledger` (done by :mod:`claimtrack.api`)."""
    global _doorways  # one process-wide wiring, set once at import
    _doorways = doorways


def _installed() -> Doorways:
    if _doorways is None:  # only when claimtrack.ledger is loaded without its package, which Python never does
        raise RuntimeError("claimtrack.api has not installed the ledger's doorways; import claimtrack first")
    return _doorways


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"Ledger.{old}() is deprecated and will be removed in claimtrack 0.3; use {new} instead",
        DeprecationWarning,
        stacklevel=3,
    )


@attrs.frozen(kw_only=True)
class MergeReport:
    """What :meth:`Ledger.merge` did with each claim of the other ledger."""

    added: tuple[str, ...] = ()
    """Claims that were new and were added with their events."""
    merged: tuple[str, ...] = ()
    """Claims already present that gained events, evidence, rejections or filled evidence fields."""
    unchanged: tuple[str, ...] = ()
    """Claims already present with nothing new."""
    conflicts: tuple[Problem, ...] = ()
    """Claims present in both with different content (``merge_conflict``), events with the same id but
    different content (``event_conflict``) and evidence fields set to different values in the two ledgers
    (``evidence_conflict``): left as they were, reported with the claim and the first field that differs."""

    @property
    def ok(self) -> bool:
        """True when nothing conflicted."""
        return not self.conflicts


class Ledger(LedgerSpeakers):
    """Claims and their status events, with status derived by replay.

    Open one with :func:`claimtrack.open_ledger` (a folder, an SQLite file, a
    PostgreSQL URL or ``":memory:"``; :meth:`open` is the same) or wrap any
    :class:`~claimtrack.ledger.Store`. The ledger
    never stores a status: :meth:`status` replays the events up to a date.

    Example:
        >>> ledger = Ledger.open(":memory:")
        >>> len(ledger)
        0
    """

    def __init__(self, store: Store, *, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | object = ":memory:", *, create: bool = True, clock: Clock | None = None) -> Ledger:
        """Open the ledger at ``target``, creating an empty one unless ``create=False``.

        ``target`` is a folder path (JSON files), a ``.sqlite``/``.db`` file, a
        ``postgresql://`` URL or ``":memory:"``. A new ledger is created only inside
        a folder that exists (as ``sqlite3.connect`` creates a file): a path whose
        parent folder is missing raises StoreNotFoundError, and no folder is made.
        The same as :func:`claimtrack.open_ledger`, which does the work (the store
        adapters sit above this layer).
        """
        ledger: Ledger = _installed().open_ledger(target, create=create, clock=clock)
        return ledger

    @classmethod
    def in_memory(cls, *, clock: Clock) -> Ledger:
        """An empty in-memory ledger with an explicit clock (no store adapters needed)."""
        return cls(MemoryStore(), clock=clock)

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.store.location!r})"

    def _repr_html_(self) -> str | None:
        """Where the ledger is, how many claims it holds and their verdicts today, for a notebook."""
        return html_repr(self)

    # -- claims --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.store)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self.store

    def __iter__(self) -> Iterator[Claim]:
        return (record.claim for record in self.store.records())

    def add(self, claim: Claim, *, events: Iterable[StatusEvent] = (), evidence: Iterable[Evidence] = ()) -> Claim:
        """Add a new claim, optionally with its first events; raises DuplicateClaimError."""
        record = appended(ClaimRecord(claim=claim), events, evidence)
        self.store.create(record)
        return claim

    def add_many(self, records: Iterable[ClaimRecord]) -> int:
        """Add many new claim records at once (all or nothing); returns how many."""

        def checked() -> Iterator[ClaimRecord]:
            for record in records:
                for event in record.events:
                    check_event(record.claim, event)
                yield record

        return self.store.create_many(checked())

    def get(self, claim_id: str) -> Claim:
        """The claim with this id; raises ClaimNotFoundError."""
        return self.store.get(claim_id).claim

    def record_of(self, claim_id: str) -> ClaimRecord:
        """The claim with its events, evidence and version."""
        return self.store.get(claim_id)

    def records(self) -> Iterator[ClaimRecord]:
        """Every claim record, in id order."""
        return self.store.records()

    def update(self, claim: Claim, *, expected_version: int) -> ClaimRecord:
        """Replace a claim's content; raises ConflictError if it changed since it was read."""
        return self.store.replace(claim, expected_version=expected_version)

    def claims(
        self,
        where: ClaimFilter | None = None,
        *,
        speaker: str | None = None,
        topic: str | None = None,
        kind: ClaimKind | str | None = None,
        verdict: Verdict | str | None = None,
        said_between: tuple[DayInput | None, DayInput | None] | None = None,
        as_of: DayInput | None = None,
        skip_invalid: bool = False,
    ) -> tuple[Claim, ...]:
        """Claims matching every condition of ``where`` (a :class:`~claimtrack.ledger.ClaimFilter`), in id order.

        The keyword filters are a shorthand for ``where``, which they build:
        ``ledger.claims(speaker="sam altman")`` is
        ``ledger.claims(ClaimFilter(speaker="sam altman"))``; give one or the
        other. ``speaker`` matches the speaker's name case-insensitively;
        ``verdict`` is the status replayed as of ``as_of`` (latest when None);
        ``said_between`` is an inclusive pair of dates (or ISO strings), either end None for
        unbounded, matched against the day the claim was said (its start).
        A database store answers in SQL.

        A record the store cannot read (a damaged file or row) could have matched, so by
        default the call refuses: DamagedRecordsError names every damaged record once all
        were read. With ``skip_invalid=True`` they are left out and a DamagedRecordsWarning
        says how many.
        """
        if where is None:
            where = ClaimFilter(speaker=speaker, topic=topic, kind=kind, verdict=verdict, said_between=said_between)
        elif any(value is not None for value in (speaker, topic, kind, verdict, said_between)):
            raise TypeError("give either where= or keyword filters, not both")
        as_of = as_date(as_of, name="as_of") if as_of is not None else None
        damage = self._damage(skip_invalid)
        if isinstance(self.store, QueryStore) and where.in_columns:  # a database answers in SQL
            claims = self.store.query_claims(where, as_of=as_of, damage=damage)
        else:
            claims = tuple(record.claim for record in readable(self.store, damage) if where.admits(record, as_of=as_of))
        damage.settle()
        return claims

    def to_pandas(
        self,
        where: ClaimFilter | None = None,
        *,
        speaker: str | None = None,
        topic: str | None = None,
        kind: ClaimKind | str | None = None,
        verdict: Verdict | str | None = None,
        said_between: tuple[DayInput | None, DayInput | None] | None = None,
        as_of: DayInput | None = None,
        skip_invalid: bool = False,
    ) -> Any:
        """The claims :meth:`claims` returns for the same arguments, as a pandas DataFrame indexed by id.

        One row per claim with its verdict replayed as of ``as_of`` (latest when None); the
        columns are :data:`claimtrack.ledger.frames.CLAIM_COLUMNS`, days as pandas datetimes.
        Needs pandas (``pip install 'claimtrack[pandas]'``), imported only here.
        """
        import_pandas()  # before any work: the error says how to install it
        as_of = as_date(as_of, name="as_of") if as_of is not None else None
        claims = self.claims(
            where,
            speaker=speaker,
            topic=topic,
            kind=kind,
            verdict=verdict,
            said_between=said_between,
            as_of=as_of,
            skip_invalid=skip_invalid,
        )
        rows = claim_rows((self.store.get(claim.id) for claim in claims), as_of=as_of)
        return data_frame(rows, CLAIM_COLUMNS, dates=CLAIM_DATE_COLUMNS, index="id")

    def _damage(self, skip_invalid: bool) -> Damage:
        return Damage(location=self.store.location, skip_invalid=skip_invalid)

    # -- events --------------------------------------------------------------------------

    def record(
        self,
        claim_id: str,
        verdict: Verdict | str,
        *,
        on: DayInput,
        evidence: Iterable[Evidence | str] = (),
        note: str = "",
        by: str | None = None,
        confidence: Confidence | str | None = None,
        rating: str | None = None,
        origin: str | None = None,
    ) -> StatusEvent:
        """Append a status event: ``verdict`` took effect ``on`` that day (a date or ``YYYY-MM-DD``).

        ``evidence`` may be new Evidence values (stored with the claim) or ids
        of evidence the claim already holds. Recording exactly what the
        latest recorded event already says (same verdict, day, evidence,
        note, author, confidence, rating and origin) writes nothing and
        returns that event, so a script that runs twice does not double the
        history; a decision recorded again after a different one is appended. Raises ClaimNotFoundError for an
        unknown claim and EventError for an event that goes back in time.
        """
        on = as_date(on, name="on")
        current = self.store.get(claim_id)
        known = {ev.id for ev in current.evidence}
        new_evidence = [ev for ev in evidence if isinstance(ev, Evidence)]
        ids = tuple(ev.id if isinstance(ev, Evidence) else ev for ev in evidence)
        for ev_id in ids:
            if ev_id not in known and not any(ev.id == ev_id for ev in new_evidence):
                raise EventError(f"evidence {ev_id!r} is not held by the claim", claim_id=claim_id, field="evidence")
        event = StatusEvent.model_validate(
            {
                "claim_id": claim_id,
                "verdict": Verdict(verdict),
                "effective_on": on,
                "recorded_at": self.clock(),
                "evidence": ids,
                "note": note,
                "by": by,
                "confidence": confidence,
                "rating": rating,
                "origin": origin,
            }
        )
        check_event(current.claim, event)
        latest = max(current.events, key=lambda e: (e.recorded_at, e.id), default=None)
        if latest is not None and same_decision(latest, event) and all(ev.id in known for ev in new_evidence):
            return latest  # recording the same decision again would change nothing but the history's length
        self.store.append(claim_id, (event,), new_evidence)
        return event

    def amend_evidence(self, claim_id: str, evidence: Iterable[Evidence]) -> ClaimRecord:
        """Fill empty fields of evidence the claim already holds; returns the record after.

        Each item names stored evidence by ``id`` and carries the fields to
        fill (an ``archived_url`` made later, a title or date read from the
        page later); fields it leaves empty are untouched. Evidence is never
        rewritten: changing a field already set, or naming evidence the claim
        does not hold, raises EvidenceAmendError and nothing is written.
        """
        return self.store.amend_evidence(claim_id, tuple(evidence))

    def rejections(self, claim_id: str) -> tuple[Rejection, ...]:
        """The proposals rejected for this claim, in the order they were rejected."""
        return self.store.get(claim_id).rejections

    def history(self, claim_id: str) -> tuple[StatusEvent, ...]:
        """The claim's events in replay order; raises ClaimNotFoundError."""
        return ordered(self.store.get(claim_id).events)

    def evidence(self, claim_id: str) -> tuple[Evidence, ...]:
        """The evidence held with the claim."""
        return self.store.get(claim_id).evidence

    def status(self, claim_id: str, *, as_of: DayInput | None = None, known_at: datetime | None = None) -> Verdict:
        """The claim's verdict on ``as_of`` (a date or ``YYYY-MM-DD``; latest when None), by replaying its events.

        With ``known_at``, events recorded after that moment are ignored too:
        the status as the ledger showed it then.
        """
        day = as_date(as_of, name="as_of") if as_of is not None else None
        return replay(self.store.get(claim_id).events, as_of=day, known_at=known_at)

    def due(
        self,
        *,
        as_of: DayInput,
        within: timedelta | int | None = None,
        where: ClaimFilter | None = None,
        skip_invalid: bool = False,
    ) -> tuple[Claim, ...]:
        """Open predictions and commitments whose deadline falls by ``as_of`` (+ ``within``).

        Sorted by deadline, the most overdue first. ``within`` is a timedelta or
        a number of days; use it to see what falls due soon. ``where`` keeps
        only the claims matching a :class:`~claimtrack.ledger.ClaimFilter`
        (its ``verdict`` and ``exclude_early`` replayed as of ``as_of``). Damaged records
        are refused or, with ``skip_invalid=True``, left out with a warning, as by :meth:`claims`.
        """
        as_of = as_date(as_of, name="as_of")
        if isinstance(within, int):
            within = timedelta(days=within)
        limit = as_of + within if within is not None else as_of
        damage = self._damage(skip_invalid)
        if isinstance(self.store, QueryStore) and (where is None or where.in_columns):  # a database answers in SQL
            claims = self.store.due_claims(as_of=as_of, limit=limit, where=where, damage=damage)
            damage.settle()
            return claims
        due = []
        for record in readable(self.store, damage):
            deadline = record.claim.deadline
            if deadline is None or not record.claim.kind.is_forward_looking or deadline > limit:
                continue
            if replay(record.events, as_of=as_of) is not Verdict.OPEN:
                continue
            if where is None or where.admits(record, as_of=as_of):
                due.append((deadline, record.claim.id, record.claim))
        damage.settle()
        return tuple(claim for _, _, claim in sorted(due, key=lambda t: (t[0], t[1])))

    def verdict_counts(
        self, *, by: GroupBy | str = GroupBy.SPEAKER, as_of: DayInput | None = None
    ) -> tuple[VerdictCount, ...]:
        """How many claims stand at each verdict per group, with credence sums for Brier scores.

        ``by`` is ``"speaker"`` (the speaker's name as written), ``"topic"``
        (a claim counts once under each of its topics; None for claims without
        one), ``"kind"`` or ``"year"`` (the year said, as ``"2024"``). The
        verdict is replayed as of ``as_of`` (latest when None). A database
        store answers with one SQL ``GROUP BY``; other stores replay every
        record. Rows are sorted by key (None first), then verdict.
        """
        day = as_date(as_of, name="as_of") if as_of is not None else None
        if isinstance(self.store, QueryStore):
            return self.store.verdict_counts(by=by, as_of=day)
        return count_verdicts(self.store.records(), by=by, as_of=day)

    # -- whole-ledger operations ---------------------------------------------------------

    def validate(self) -> tuple[Problem, ...]:
        """Every problem in the ledger at once: unreadable records and out-of-time events."""
        problems = list(self.store.problems())
        problems.extend(record_problems(self.store.records(), location=self.store.location))
        return tuple(problems)

    def merge(self, other: Ledger | Iterable[ClaimRecord]) -> MergeReport:
        """Add another ledger's claims, events and evidence to this one.

        New claims are added; for claims present in both with identical
        content, new events, evidence and rejections are appended (repeats are
        ignored, so merging twice changes nothing), and evidence held by both
        gets the fields only the other ledger had filled in (an archived copy,
        metadata). Claims whose content differs, events stored with the same id
        but a different content (an event edited in place: events are never
        edited), and evidence fields set to different values in both, are
        reported as conflicts naming the claim and the field, and left as they
        are here.
        """
        source = other.records() if isinstance(other, Ledger) else iter(other)
        added: list[str] = []
        merged: list[str] = []
        unchanged: list[str] = []
        conflicts: list[Problem] = []
        for record in source:
            claim_id = record.claim.id
            if claim_id not in self.store:
                self.store.create(
                    appended(ClaimRecord(claim=record.claim), record.events, record.evidence, record.rejections)
                )
                added.append(claim_id)
                continue
            mine = self.store.get(claim_id)
            if mine.claim != record.claim:
                conflicts.append(self._conflict(claim_id, "claim", differences(mine.claim, record.claim)))
                continue
            stored = {event.id: event for event in mine.events}
            conflicts.extend(
                self._conflict(claim_id, f"events.{event.id}", differences(stored[event.id], event))
                for event in record.events
                if event.id in stored and stored[event.id] != event
            )
            after = self.store.append(claim_id, record.events, record.evidence, record.rejections)
            fills = []
            held = {ev.id: ev for ev in after.evidence}
            for theirs in record.evidence:
                ours = held.get(theirs.id)
                if ours is None or ours is theirs:
                    continue
                fill, clashes = evidence_fill(ours, theirs)
                if fill:
                    fills.append(Evidence.model_validate({"id": theirs.id, **fill}))
                conflicts.extend(
                    Problem(
                        message=f"evidence {theirs.id!r} has a different {field} in the other ledger; kept this one",
                        path=self.store.location,
                        record=claim_id,
                        field=f"evidence.{theirs.id}.{field}",
                        code="evidence_conflict",
                    )
                    for field in clashes
                )
            if fills:
                after = self.store.amend_evidence(claim_id, fills)
            (merged if after != mine else unchanged).append(claim_id)
        return MergeReport(
            added=tuple(added), merged=tuple(merged), unchanged=tuple(unchanged), conflicts=tuple(conflicts)
        )

    def _conflict(self, claim_id: str, part: str, found: tuple[tuple[str, Any, Any], ...]) -> Problem:
        """A merge conflict on ``part`` (the claim, or one event), naming the fields that differ."""
        if part == "claim":
            what, code, advice = "the claim differs", "merge_conflict", ""
        else:
            what, code = f"event {part.removeprefix('events.')!r} differs", "event_conflict"
            advice = " (events are never edited: record a correction as a new event)"
        where, field = "", part
        if found:
            fields = [path for path, _, _ in found]
            listed = ", ".join(fields[:3]) + (f" and {len(fields) - 3} more" if len(fields) > 3 else "")
            first, ours, theirs = found[0]
            where = f" in {listed} ({first}: {_short(ours)} in this ledger, {_short(theirs)} in the other)"
            field = f"{part}.{first}"
        return Problem(
            message=f"{what} between the two ledgers{where}; kept this ledger's version{advice}",
            path=self.store.location,
            record=claim_id,
            field=field,
            code=code,
        )

    def add_rejection(self, rejection: Rejection) -> Rejection:
        """Keep a rejected proposal with its claim; returns the rejection as stored.

        Rejections are append-only like events: rejecting the same proposal
        again changes nothing and returns the one stored the first time.
        """
        record = self.store.append(rejection.claim_id, (), (), (rejection,))
        return next(r for r in record.rejections if r.id == rejection.id)

    # -- deprecated doorways into the checking layer (use the claimtrack.* functions) ---

    def propose(self, evidence: Iterable[object], *, as_of: DayInput, **options: Any) -> Any:
        """Deprecated: use :func:`claimtrack.propose` (``ct.propose(ledger, evidence, as_of=...)``)."""
        _deprecated("propose", "claimtrack.propose(ledger, ...)")
        return _installed().propose(self, evidence, as_of=as_date(as_of, name="as_of"), **options)

    def apply(self, proposal: Any, *, by: str | None = None) -> Any:
        """Deprecated: use :func:`claimtrack.apply` (``ct.apply(ledger, proposal)``)."""
        _deprecated("apply", "claimtrack.apply(ledger, proposal)")
        return _installed().apply(self, proposal, by=by)

    def reject(self, proposal: Any, *, by: str | None = None, reason: str = "") -> Any:
        """Deprecated: use :func:`claimtrack.reject` (``ct.reject(ledger, proposal)``)."""
        _deprecated("reject", "claimtrack.reject(ledger, proposal)")
        return _installed().reject(self, proposal, by=by, reason=reason)

    def check(self, claim_id: str, evidence: Iterable[Evidence], *, as_of: DayInput, stance: Any = None) -> Any:
        """Deprecated: use :func:`claimtrack.check` on ``ledger.get(claim_id)``."""
        _deprecated("check", "claimtrack.check(ledger.get(claim_id), ...)")
        day = as_date(as_of, name="as_of")
        return _installed().check(self.get(claim_id), tuple(evidence), as_of=day, stance=stance)


def _short(value: Any) -> str:
    """A value in a conflict message: its JSON form, cut to 60 characters."""
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
