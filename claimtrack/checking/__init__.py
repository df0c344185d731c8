"""Checking: weigh dated evidence against claims and propose verdicts.

Pure code over :mod:`claimtrack.model` values and claim records: no network,
no files, no clock, no writes (``as_of`` is always passed in). What a review
decision writes is returned as a value (:attr:`Proposal.origin`,
:meth:`Proposal.rejection`); :mod:`claimtrack.api` has the ledger write it.

* :func:`check` -- one claim against evidence -> :class:`Assessment`
  (verdict, overdue, reasons, used, ignored), with the temporal guard.
* :func:`match` -- which claims a piece of evidence bears on (rapidfuzz over
  the claim's text, translations and source quotes, plus speaker, topics and
  dates), with suggested and confirmed :class:`Thresholds`.
* :func:`keyword_stance` and :class:`StanceFunction` -- pluggable stance; a stance
  function that explains itself (:class:`ExplainingStance`: an ``explain`` method
  giving a :class:`StanceReading`) leaves its rationale on each :class:`Finding`
  (:func:`explained_by` gives a plain function one; :func:`keyword_reading`).
* :func:`qa_stance` (with :func:`qa_reading`, :class:`QaReading`) -- a no-model
  stance for question-answer evidence (AVeriTeC) that reads the claim, the
  question and the answer, and abstains below a calibrated confidence.
* :class:`ClaimRetriever` -- a BM25 index of the claims (bm25s, champion
  lists, segments) that finds the few claims worth scoring for a piece of
  evidence; :class:`Retrieval` hands one to :func:`propose`.
* :func:`propose`, :func:`applied_event`, :func:`rejected_proposals` -- the review queue.

See docs/checking.md.
"""

from __future__ import annotations

from claimtrack.checking.assess import (
    Assessment,
    Finding,
    Ignored,
    IgnoredCode,
    StanceFrom,
    Timing,
    check,
    publication_guard,
)
from claimtrack.checking.criteria import CriterionResult, DatedBy, evaluate_criteria
from claimtrack.checking.matching import ClaimIndex, Frequencies, Match, MatchLevel, Thresholds, match, tokens
from claimtrack.checking.retrieval import ClaimRetriever
from claimtrack.checking.review import (
    ORIGIN_PREFIX,
    EvidenceInput,
    Proposal,
    Proposals,
    Retrieval,
    applied_event,
    proposal_id,
    propose,
    rejected_proposals,
)
from claimtrack.checking.stance import (
    ExplainingStance,
    StanceFunction,
    StanceReading,
    explained_by,
    keyword_reading,
    keyword_stance,
)
from claimtrack.checking.stance_qa import QaReading, qa_reading, qa_stance

__all__ = [
    "ORIGIN_PREFIX",
    "Assessment",
    "ClaimIndex",
    "ClaimRetriever",
    "CriterionResult",
    "DatedBy",
    "EvidenceInput",
    "ExplainingStance",
    "Finding",
    "Frequencies",
    "Ignored",
    "IgnoredCode",
    "Match",
    "MatchLevel",
    "Proposal",
    "Proposals",
    "QaReading",
    "Retrieval",
    "StanceFrom",
    "StanceFunction",
    "StanceReading",
    "Thresholds",
    "Timing",
    "applied_event",
    "check",
    "evaluate_criteria",
    "explained_by",
    "keyword_reading",
    "keyword_stance",
    "match",
    "proposal_id",
    "propose",
    "publication_guard",
    "qa_reading",
    "qa_stance",
    "rejected_proposals",
    "tokens",
]
