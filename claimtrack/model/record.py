"""The unit of storage and exchange: one claim with its events and their evidence."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from claimtrack.model._base import Record
from claimtrack.model.claim import Claim
from claimtrack.model.event import StatusEvent
from claimtrack.model.evidence import Evidence
from claimtrack.model.rejection import Rejection

__all__ = ["FORMAT_VERSION", "ClaimRecord"]

FORMAT_VERSION = 1
"""Version of the on-disk record format; bumped on any incompatible change."""


class ClaimRecord(Record):
    """A claim, its append-only events, the evidence those events cite, and rejected proposals.

    This is what a folder store keeps in one JSON file, what a JSON Lines
    export writes per line, and what stores exchange. ``version`` counts edits
    of the claim itself (not events) for optimistic concurrency.
    """

    claim: Claim
    events: tuple[StatusEvent, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    """Proposals a reviewer rejected for this claim (see claimtrack.checking.reject)."""
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        """Evidence listed once, events of this claim with distinct ids citing held evidence, and so on.

        The common record (one event, no rejections, evidence listed once and
        cited) is checked with set operations; anything else, or any failure,
        goes through :meth:`_find_inconsistency`, which names the item at fault.
        """
        held = {ev.id for ev in self.evidence}
        if (
            len(held) == len(self.evidence)
            and not self.rejections
            and len(self.events) <= 1
            and all(e.claim_id == self.claim.id and held.issuperset(e.evidence) for e in self.events)
        ):
            return self
        problem = self._find_inconsistency()
        if problem is not None:
            raise ValueError(problem)
        return self

    def _find_inconsistency(self) -> str | None:
        """What makes this record inconsistent, first item first, or None when nothing does."""
        known = set()
        for ev in self.evidence:
            if ev.id in known:
                return f"evidence {ev.id!r} is listed twice"
            known.add(ev.id)
        seen = set()
        for i, event in enumerate(self.events):
            if event.claim_id != self.claim.id:
                return f"events[{i}] belongs to claim {event.claim_id!r}, not {self.claim.id!r}"
            if event.id in seen:
                return f"events[{i}] repeats event id {event.id!r}"
            seen.add(event.id)
            missing = [e for e in event.evidence if e not in known]
            if missing:
                return f"events[{i}] cites evidence {missing[0]!r} that the record does not hold"
        rejected = set()
        for i, rejection in enumerate(self.rejections):
            if rejection.claim_id != self.claim.id:
                return f"rejections[{i}] belongs to claim {rejection.claim_id!r}, not {self.claim.id!r}"
            if rejection.id in rejected:
                return f"rejections[{i}] repeats rejection id {rejection.id!r}"
            rejected.add(rejection.id)
        return None
