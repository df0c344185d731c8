"""Replaying a claim's events: the status on any date is derived, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from claimtrack.dates import DayInput, as_date
from claimtrack.errors import ConflictError, EventError, EvidenceAmendError
from claimtrack.model import Claim, ClaimRecord, Evidence, Rejection, StatusEvent, Verdict

__all__ = [
    "DECISION_FIELDS",
    "amended",
    "appended",
    "check_event",
    "differences",
    "evidence_fill",
    "ordered",
    "replay",
    "revised",
    "same_decision",
    "status_event",
]


def ordered(events: Iterable[StatusEvent]) -> tuple[StatusEvent, ...]:
    """Events in replay order: effective date, then recording time, then id.

    The order is total, so the status derived from a set of events does not
    depend on the order they were stored or merged in.
    """
    return tuple(sorted(events, key=StatusEvent.sort_key))


def status_event(
    events: Iterable[StatusEvent], *, as_of: DayInput | None = None, known_at: datetime | None = None
) -> StatusEvent | None:
    """The event that sets the status on ``as_of``, or None while the claim is open.

    ``as_of`` cuts by when a verdict took effect in the world; ``known_at``
    additionally ignores events recorded after that moment, answering "what
    did the ledger say then" rather than "what was the case then".
    """
    day = None if as_of is None else as_date(as_of, name="as_of")
    current: StatusEvent | None = None
    for event in events:
        if day is not None and event.effective_on > day:
            continue
        if known_at is not None and event.recorded_at > known_at:
            continue
        if current is None or event.sort_key() > current.sort_key():
            current = event
    return current


def replay(
    events: Iterable[StatusEvent], *, as_of: DayInput | None = None, known_at: datetime | None = None
) -> Verdict:
    """The verdict in force on ``as_of`` (latest when None); ``open`` when none applies."""
    event = status_event(events, as_of=as_of, known_at=known_at)
    return Verdict.OPEN if event is None else event.verdict


def check_event(claim: Claim, event: StatusEvent) -> None:
    """Refuse an event that cannot belong to ``claim``'s history.

    An event must name the claim, cannot take effect before the claim was made
    (a verdict on words not yet said), and cannot take effect after the moment
    it was recorded (nobody can record what has not happened yet).
    """
    if event.claim_id != claim.id:
        raise EventError(f"event is for claim {event.claim_id!r}", claim_id=claim.id, field="claim_id")
    if event.effective_on < claim.said_on.start:
        raise EventError(
            f"effective_on {event.effective_on} goes back in time: the claim was said on {claim.said_on}",
            claim_id=claim.id,
            field="effective_on",
        )
    if event.effective_on > event.recorded_at.date():
        raise EventError(
            f"effective_on {event.effective_on} is after the event was recorded "
            f"({event.recorded_at.date()}): a verdict cannot be recorded before it happens",
            claim_id=claim.id,
            field="effective_on",
        )


def appended(
    record: ClaimRecord,
    events: Iterable[StatusEvent],
    evidence: Iterable[Evidence] = (),
    rejections: Iterable[Rejection] = (),
) -> ClaimRecord:
    """``record`` with new events, evidence and rejections added; repeats (same id) are ignored.

    Existing events, evidence and rejections are never replaced: the history
    is append-only, and a second copy of the same evidence or rejection keeps
    the first. Returns ``record`` itself when nothing is new.
    """
    new_events = [e for e in events if not any(e.id == old.id for old in record.events)]
    for event in new_events:
        check_event(record.claim, event)
    known = {ev.id for ev in record.evidence}
    new_evidence = []
    for ev in evidence:
        if ev.id not in known:
            known.add(ev.id)
            new_evidence.append(ev)
    rejected = {r.id for r in record.rejections}
    new_rejections = []
    for rejection in rejections:
        if rejection.claim_id != record.claim.id:
            raise EventError(
                f"rejection {rejection.id!r} is for claim {rejection.claim_id!r}",
                claim_id=record.claim.id,
                field="rejections",
            )
        if rejection.id not in rejected:
            rejected.add(rejection.id)
            new_rejections.append(rejection)
    if not new_events and not new_evidence and not new_rejections:
        return record
    return ClaimRecord.model_validate(
        {
            "claim": record.claim,
            "events": ordered((*record.events, *new_events)),
            "evidence": (*record.evidence, *new_evidence),
            "rejections": (*record.rejections, *new_rejections),
            "version": record.version,
        }
    )


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def evidence_fill(stored: Evidence, given: Evidence) -> tuple[dict[str, Any], tuple[str, ...]]:
    """What ``given`` adds to ``stored`` (fields empty there, set here), and the fields where they differ.

    The fill-only rule of evidence amendments: a field may go from None or
    empty to a value; a field set in both to different values is a clash.
    Fields ``given`` leaves empty say nothing and are ignored.
    """
    fill: dict[str, Any] = {}
    clashes: list[str] = []
    for name in Evidence.model_fields:
        if name == "id":
            continue
        new = getattr(given, name)
        if _empty(new):
            continue
        old = getattr(stored, name)
        if _empty(old):
            fill[name] = new
        elif old != new:
            clashes.append(name)
    return fill, tuple(clashes)


_ABSENT = object()


def differences(ours: BaseModel, theirs: BaseModel) -> tuple[tuple[str, Any, Any], ...]:
    """Where two values of one model differ: ``(dotted path, our value, their value)``, leaves first to last.

    Values are compared as JSON; objects key by key and lists item by item
    (``sources.1.fidelity``). A part only one side has shows None on the other.
    Used to name the fields of a merge conflict.
    """
    return tuple(_differences(ours.model_dump(mode="json"), theirs.model_dump(mode="json"), ""))


def _differences(ours: Any, theirs: Any, path: str) -> Iterable[tuple[str, Any, Any]]:
    if ours == theirs and type(ours) is type(theirs):
        return
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in (*ours, *(k for k in theirs if k not in ours)):
            yield from _differences(ours.get(key, _ABSENT), theirs.get(key, _ABSENT), f"{path}.{key}" if path else key)
        return
    if isinstance(ours, list) and isinstance(theirs, list):
        for i in range(max(len(ours), len(theirs))):
            mine = ours[i] if i < len(ours) else _ABSENT
            other = theirs[i] if i < len(theirs) else _ABSENT
            yield from _differences(mine, other, f"{path}.{i}" if path else str(i))
        return
    yield path, None if ours is _ABSENT else ours, None if theirs is _ABSENT else theirs


def amended(record: ClaimRecord, evidence: Iterable[Evidence]) -> ClaimRecord:
    """``record`` with each given evidence item merged into the stored item of the same id, fill-only.

    A field of stored evidence may only go from None or empty to a value (an
    ``archived_url`` made later, a title or date read from the page later);
    the fields an amendment leaves empty are not touched. Raises
    EvidenceAmendError, and changes nothing, when an amendment names evidence
    the claim does not hold or would change a value already set. Returns
    ``record`` itself when nothing is filled.
    """
    position = {ev.id: i for i, ev in enumerate(record.evidence)}
    current = list(record.evidence)
    changed = False
    for given in evidence:
        i = position.get(given.id)
        if i is None:
            raise EvidenceAmendError(
                "the claim holds no evidence with this id", claim_id=record.claim.id, evidence_id=given.id
            )
        fill, clashes = evidence_fill(current[i], given)
        if clashes:
            field = clashes[0]
            raise EvidenceAmendError(
                f"already set to {getattr(current[i], field)!r}; amendments only fill empty fields, "
                f"never change one (got {getattr(given, field)!r})",
                claim_id=record.claim.id,
                evidence_id=given.id,
                field=field,
            )
        if fill:
            current[i] = Evidence.model_validate({**current[i].model_dump(), **fill})
            changed = True
    if not changed:
        return record
    return record.model_copy(update={"evidence": tuple(current)})


def revised(record: ClaimRecord, claim: Claim, *, expected_version: int) -> ClaimRecord:
    """``record`` with its claim replaced by ``claim``, one version later.

    Refuses a stale edit (``ConflictError`` when the stored version is not
    ``expected_version``) and an edit that would strand the history, such as
    moving ``said_on`` after an event that already took effect.
    """
    if claim.id != record.claim.id:
        raise EventError(f"cannot replace claim {record.claim.id!r} by {claim.id!r}", claim_id=claim.id, field="id")
    if record.version != expected_version:
        raise ConflictError(claim.id, expected=expected_version, actual=record.version)
    claim = Claim.model_validate(claim.model_dump())  # a model_copy(update=...) skips validation: redo it
    for event in record.events:
        check_event(claim, event)
    return ClaimRecord.model_validate(
        {
            "claim": claim,
            "events": record.events,
            "evidence": record.evidence,
            "rejections": record.rejections,
            "version": record.version + 1,
        }
    )


DECISION_FIELDS = ("claim_id", "verdict", "effective_on", "evidence", "note", "by", "confidence", "rating", "origin")
"""What an event decides; its ``id`` and ``recorded_at`` only say when it was written down."""


def same_decision(a: StatusEvent, b: StatusEvent) -> bool:
    """True when two events record the same decision, whenever each was written down."""
    return all(getattr(a, name) == getattr(b, name) for name in DECISION_FIELDS)
