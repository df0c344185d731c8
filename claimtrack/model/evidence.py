"""Evidence: a dated report that bears on claims, with the facts it carries."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from claimtrack.model._base import BCP47, EvidenceId, Record, Url
from claimtrack.model.enums import Stance
from claimtrack.model.time import DateRange

__all__ = ["AnswerType", "EventFact", "Evidence", "Fact", "ListFact", "MeasureFact", "evidence_id"]

AnswerType = Literal["boolean", "extractive", "abstractive", "unanswerable"]
"""How a question-answer item answers its question (AVeriTeC's answer types, lower-cased)."""


class EventFact(Record):
    """The report that an event happened, matched against ``EventCriterion.event``."""

    type: Literal["event"] = "event"
    event: str = Field(min_length=1)
    occurred_on: date | None = None


class MeasureFact(Record):
    """A measured number, matched against ``ThresholdCriterion.metric``."""

    type: Literal["measure"] = "measure"
    metric: str = Field(min_length=1)
    value: float
    unit: str
    on: date | None = None


class ListFact(Record):
    """The members of a list at a date, matched against ``ContainsCriterion.collection``."""

    type: Literal["list"] = "list"
    collection: str = Field(min_length=1)
    items: tuple[str, ...]
    on: date | None = None


Fact = Annotated[EventFact | MeasureFact | ListFact, Field(discriminator="type")]


def evidence_id(url: str | None, title: str | None = None, published: str | None = None) -> str:
    """A stable id for evidence: a hash of its URL (or of title and date when it has none)."""
    basis = url if url else f"{title or ''}|{published or ''}"
    return "ev-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


class Evidence(Record):
    """A dated report (article, post, filing) that bears on one or more claims.

    ``published_on`` is when the report became public, which is what the
    temporal guard uses: evidence published after the as-of date was not known
    then. ``occurred_on`` is when the reported event happened; when absent, the
    checker falls back to ``published_on`` and says so. ``stance`` is None when
    nobody has said how the evidence bears on a claim: it is never invented.

    Question-answer evidence (AVeriTeC) carries the ``question`` the excerpt
    answers, the ``answer_type`` (a yes/no ``boolean`` answer, an
    ``extractive`` quote, an ``abstractive`` summary, or ``unanswerable``:
    nothing was found) and the annotator's ``explanation`` of a yes/no answer.
    """

    id: EvidenceId
    url: Url | None = None
    title: str | None = None
    publisher: str | None = None
    published_on: DateRange | None = None
    occurred_on: DateRange | None = None
    excerpt: str | None = None
    stance: Stance | None = None
    language: BCP47 | None = None
    archived_url: Url | None = None
    via_url: Url | None = None
    """A mirror or aggregator copy that was actually read, when the original was not."""
    retrieved_at: datetime | None = None
    content_hash: str | None = None
    facts: tuple[Fact, ...] = ()
    note: str | None = None
    question: str | None = None
    """The question that ``excerpt`` answers, for question-answer evidence."""
    answer_type: AnswerType | None = None
    """How ``excerpt`` answers ``question``: boolean (yes/no), extractive, abstractive or unanswerable."""
    explanation: str | None = None
    """Why the answer is what it is (AVeriTeC's ``boolean_explanation`` of a yes/no answer)."""

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, value: Any) -> Any:
        if isinstance(value, dict) and not value.get("id"):
            published = value.get("published_on")
            value = {
                **value,
                "id": evidence_id(value.get("url"), value.get("title"), str(published) if published else None),
            }
        return value
