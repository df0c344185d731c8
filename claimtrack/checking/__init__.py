"""Checking: weigh dated evidence against claims, propose verdicts, review them.

Pure code over :mod:`claimtrack.model` values and a :class:`~claimtrack.Ledger`:
no network, no files, no clock (``as_of`` is always passed in; the ledger's
injected clock stamps recorded events).

* :func:`check` -- one claim against evidence -> :class:`Assessment`
  (verdict, overdue, reasons, used, ignored), with the temporal guard.
* :func:`match` -- which claims a piece of evidence bears on (rapidfuzz over
  the claim's text, translations and source quotes, plus speaker, topics and
  dates), with suggested and confirmed :class:`Thresholds`.
* :func:`keyword_stance` and :class:`StanceFunction` -- pluggable stance.
* :func:`propose`, :func:`apply`, :func:`reject` -- the review queue.

See docs/checking.md.
"""

from __future__ import annotations

from claimtrack.checking.assess import Assessment, Finding, Ignored, Timing, check
from claimtrack.checking.criteria import CriterionResult, evaluate_criteria
from claimtrack.checking.matching import ClaimIndex, Match, Thresholds, match, tokens
from claimtrack.checking.review import (
    EvidenceInput,
    Proposal,
    Proposals,
    apply,
    proposal_id,
    propose,
    reject,
    rejected_proposals,
)
from claimtrack.checking.stance import StanceFunction, keyword_stance

__all__ = [
    "Assessment",
    "ClaimIndex",
    "CriterionResult",
    "EvidenceInput",
    "Finding",
    "Ignored",
    "Match",
    "Proposal",
    "Proposals",
    "StanceFunction",
    "Thresholds",
    "Timing",
    "apply",
    "check",
    "evaluate_criteria",
    "keyword_stance",
    "match",
    "proposal_id",
    "propose",
    "reject",
    "rejected_proposals",
    "tokens",
]
