"""Rejections: the review decisions that a proposed verdict was wrong, kept so it is not proposed again."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from claimtrack.model._base import ClaimId, EvidenceId, Record
from claimtrack.model.enums import Verdict

__all__ = ["Rejection"]


class Rejection(Record):
    """A person (or script) rejected a proposed verdict for a claim.

    ``id`` is the proposal's id, a hash of the claim, the verdict and the
    evidence it rested on, so the same evidence proposing the same verdict is
    recognised on every later run and left out. ``evidence_ids`` lists what
    the proposal cited, whether or not the ledger stores that evidence.
    Rejections are append-only, like events, and never change a claim's status.
    """

    id: str = Field(min_length=1, max_length=200)
    claim_id: ClaimId
    verdict: Verdict
    """The verdict that was proposed and rejected."""
    evidence_ids: tuple[EvidenceId, ...] = ()
    rejected_at: AwareDatetime
    by: str | None = None
    reason: str = ""
