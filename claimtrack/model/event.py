"""Status events: the append-only history from which every claim's status is derived."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, Field, model_validator

from claimtrack.model._base import ClaimId, EvidenceId, Record
from claimtrack.model.enums import Confidence, Verdict

__all__ = ["StatusEvent", "event_id"]


def event_id(
    claim_id: str, verdict: str, effective_on: str, recorded_at: str, evidence: tuple[str, ...], note: str
) -> str:
    """A stable id for an event, derived from its content, so that a re-import is a no-op."""
    basis = "\x1f".join((claim_id, verdict, effective_on, recorded_at, ",".join(evidence), note))
    return "evt-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


class StatusEvent(Record):
    """A dated change of a claim's status, backed by evidence.

    Two times matter. ``effective_on`` is the day the verdict became true in
    the world (GPT-4o shipped on 2024-05-13, so "a new model this year" came
    true then). ``recorded_at`` is when somebody wrote it down. Replaying by
    ``effective_on`` answers "what was the status on that day"; filtering by
    ``recorded_at`` as well answers "what did the ledger say on that day".
    Events are never edited; a correction is a new event.
    """

    id: str = Field(min_length=1, max_length=200)
    claim_id: ClaimId
    verdict: Verdict
    effective_on: date
    recorded_at: AwareDatetime
    """When the event was recorded; must carry a time zone (use UTC)."""
    evidence: tuple[EvidenceId, ...] = ()
    note: str = ""
    by: str | None = None
    confidence: Confidence | None = None
    rating: str | None = None
    """The original rating text when the verdict was mapped from another scale ("Pants on Fire")."""
    origin: str | None = None
    """Where the event came from when imported ("claimreview:https://...")."""

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, value: Any) -> Any:
        if isinstance(value, dict) and not value.get("id"):
            value = {
                **value,
                "id": event_id(
                    str(value.get("claim_id", "")),
                    str(getattr(value.get("verdict"), "value", value.get("verdict", ""))),
                    str(value.get("effective_on", "")),
                    str(value.get("recorded_at", "")),
                    tuple(value.get("evidence", ()) or ()),
                    str(value.get("note", "")),
                ),
            }
        return value

    def sort_key(self) -> tuple[date, datetime, str]:
        """The replay order: by effective date, then by when recorded, then by id."""
        return (self.effective_on, self.recorded_at, self.id)
