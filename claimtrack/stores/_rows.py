"""The rows of the ``ct_*`` tables a record is stored as, and a record's JSON put back together from them.

Shared by the SQLite and PostgreSQL stores (through :mod:`claimtrack.stores._sql`)
and by the benchmarks that fill a database directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from claimtrack.ledger import status_event
from claimtrack.model import Claim, Evidence, Rejection, StatusEvent, Verdict
from claimtrack.stores._clauses import recorded_key

__all__ = [
    "claim_row",
    "event_row",
    "evidence_row",
    "record_json",
    "rejection_row",
    "same_as_links",
    "status_on",
]


def claim_row(claim: Claim, version: int, status: Verdict) -> tuple[Any, ...]:
    """The ct_claims row of a claim."""
    credence = claim.credence.p if claim.credence is not None else None
    deadline = claim.deadline
    return (
        claim.id,
        version,
        claim.speaker.name,
        claim.speaker.name.casefold(),
        claim.kind.value,
        claim.said_on.start.isoformat(),
        deadline.isoformat() if deadline is not None else None,
        credence,
        status.value,
        claim.model_dump_json(),
    )


def same_as_links(claim: Claim) -> str | None:
    """The ``speaker_same_as`` column (schema 6): the speaker's links, space-separated (None without any)."""
    return " ".join(claim.speaker.same_as) or None


def status_on(events: Iterable[StatusEvent]) -> str | None:
    """The ``status_on`` column: the effective date of the event that sets the status (None without one)."""
    event = status_event(events)
    return event.effective_on.isoformat() if event is not None else None


def event_row(event: StatusEvent) -> tuple[Any, ...]:
    """The ct_events row of an event."""
    return (
        event.claim_id,
        event.id,
        event.effective_on.isoformat(),
        recorded_key(event.recorded_at),
        event.verdict.value,
        event.model_dump_json(),
    )


def evidence_row(claim_id: str, evidence: Evidence) -> tuple[Any, ...]:
    """The ct_evidence row of a piece of evidence held by a claim."""
    return (claim_id, evidence.id, evidence.model_dump_json())


def rejection_row(rejection: Rejection) -> tuple[Any, ...]:
    """The ct_rejections row of a rejected proposal."""
    return (rejection.claim_id, rejection.id, rejection.model_dump_json())


def record_json(
    body: str, version: int, events: Sequence[str], evidence: Sequence[str], rejections: Sequence[str] = ()
) -> str:
    """A ClaimRecord's JSON put together from stored JSON parts (validated in one pass)."""
    return (
        f'{{"claim":{body},"events":[{",".join(events)}],"evidence":[{",".join(evidence)}],'
        f'"rejections":[{",".join(rejections)}],"version":{version}}}'
    )
