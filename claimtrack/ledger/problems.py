"""Semantic checks over stored records, returned as Problem values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from claimtrack.errors import EventError
from claimtrack.ledger.replay import check_event
from claimtrack.model import ClaimRecord, Problem

__all__ = ["record_problems"]


def record_problems(records: Iterable[ClaimRecord], *, location: str | None = None) -> Iterator[Problem]:
    """Problems a record can have even though each field is valid on its own.

    Schema errors are found when a record is read; this pass finds the rest:
    events that go back in time or were recorded before they took effect.
    """
    for record in records:
        for i, event in enumerate(record.events):
            try:
                check_event(record.claim, event)
            except EventError as exc:
                yield Problem(
                    message=exc.message,
                    path=location,
                    record=record.claim.id,
                    field=f"events.{i}.{exc.field}" if exc.field else f"events.{i}",
                    code="event_out_of_time",
                )
