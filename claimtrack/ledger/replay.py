"""Replaying a claim's events: the status on any date is derived, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from claimtrack.errors import EventError
from claimtrack.model import Claim, ClaimRecord, Evidence, StatusEvent, Verdict

__all__ = ["appended", "check_event", "ordered", "replay", "status_event"]


def ordered(events: Iterable[StatusEvent]) -> tuple[StatusEvent, ...]:
    """Events in replay order: effective date, then recording time, then id.

    The order is total, so the status derived from a set of events does not
    depend on the order they were stored or merged in.
    """
    return tuple(sorted(events, key=StatusEvent.sort_key))


def status_event(
    events: Iterable[StatusEvent], *, as_of: date | None = None, known_at: datetime | None = None
) -> StatusEvent | None:
    """The event that sets the status on ``as_of``, or None while the claim is open.

    ``as_of`` cuts by when a verdict took effect in the world; ``known_at``
    additionally ignores events recorded after that moment, answering "what
    did the ledger say then" rather than "what was the case then".
    """
    current: StatusEvent | None = None
    for event in events:
        if as_of is not None and event.effective_on > as_of:
            continue
        if known_at is not None and event.recorded_at > known_at:
            continue
        if current is None or event.sort_key() > current.sort_key():
            current = event
    return current


def replay(events: Iterable[StatusEvent], *, as_of: date | None = None, known_at: datetime | None = None) -> Verdict:
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


def appended(record: ClaimRecord, events: Iterable[StatusEvent], evidence: Iterable[Evidence] = ()) -> ClaimRecord:
    """``record`` with new events and evidence added; repeats (same id) are ignored.

    Existing events and evidence are never replaced: the history is
    append-only, and a second copy of the same evidence keeps the first.
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
    if not new_events and not new_evidence:
        return record
    return ClaimRecord.model_validate(
        {
            "claim": record.claim,
            "events": ordered((*record.events, *new_events)),
            "evidence": (*record.evidence, *new_evidence),
            "version": record.version,
        }
    )
