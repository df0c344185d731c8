"""Draft claims: what an extractor proposes, with the reasons it gives, for a person to review.

A draft is a complete, valid :class:`~claimtrack.model.Claim` (so reviewing it is
reading a claim, and adding it is one call) plus why the extractor proposed each
part: the cue that decided the kind, the phrase the horizon and the credence were
read from, where the speaker came from. Drafts are persisted as JSON Lines
(``claimtrack extract -o drafts.jsonl``; ``claimtrack add --file drafts.jsonl``),
so they are pydantic records like the rest of the persisted schema. Nothing here
writes to a ledger: adding a draft is an explicit step.

Example:
    >>> from claimtrack.model import Claim, Entity
    >>> claim = Claim(id="d-1", text="We will ship it this year", language="en",
    ...               speaker=Entity(name="Sam Altman"), said_on="2024-03-18", kind="prediction")
    >>> draft = Draft(claim=claim, reasons=(Reason(part="kind", phrase="will", rule="future-will"),),
    ...               extractor="rules/1")
    >>> Draft.model_validate_json(draft.model_dump_json()) == draft
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import Protocol, runtime_checkable

import attrs
from pydantic import Field, ValidationError

from claimtrack.dates import DayInput
from claimtrack.model import Claim, Problem, problems_from_validation
from claimtrack.model._base import Record

__all__ = [
    "UNKNOWN_SPEAKER",
    "Draft",
    "DraftPart",
    "Extractor",
    "Passage",
    "Reason",
    "draft_line",
    "read_drafts",
]

UNKNOWN_SPEAKER = "(unknown speaker)"
"""The speaker of a draft whose text named none and whose caller gave none; adding it needs a speaker."""


class DraftPart(StrEnum):
    """The part of a draft a reason explains."""

    KIND = "kind"
    HORIZON = "horizon"
    CREDENCE = "credence"
    SPEAKER = "speaker"
    QUOTE = "quote"


class Reason(Record):
    """Why an extractor proposed one part of a draft: the phrase it read and the rule that fired."""

    part: DraftPart
    phrase: str
    """The words of the quote the part was read from ("by the end of this decade", "probably")."""
    rule: str = Field(min_length=1)
    """The extractor's name for what fired (a cue family, a horizon rule, a model's field)."""


class Draft(Record):
    """A proposed claim and the reasons for each of its parts, for review before it enters a ledger."""

    claim: Claim
    reasons: tuple[Reason, ...] = ()
    extractor: str = Field(min_length=1)
    """Which extractor and version proposed it: ``rules/1``, or ``chat/<model>/<prompt version>``."""
    line: int | None = None
    """The 1-based line of the input where the quote starts, when the input had lines."""

    @property
    def needs_speaker(self) -> bool:
        """True when no speaker was known: the draft cannot be added as it is."""
        return self.claim.speaker.name == UNKNOWN_SPEAKER

    def reason(self, part: DraftPart | str) -> Reason | None:
        """The reason given for ``part``, or None."""
        wanted = DraftPart(part)
        return next((r for r in self.reasons if r.part is wanted), None)


@attrs.frozen(kw_only=True)
class Passage:
    """A stretch of input an extractor reads: one speaker turn of a transcript, or a paragraph of text.

    ``speaker`` is None when the input does not say (plain text without a caller-given speaker);
    ``interviewer`` marks the host's turns, whose questions and framing are never drafted as the
    guest's claims.
    """

    text: str
    speaker: str | None = None
    locator: str | None = None
    """Where in the source: a timestamp ("01:13:37") or a paragraph number."""
    line: int | None = None
    language: str | None = None
    interviewer: bool = False


@runtime_checkable
class Extractor(Protocol):
    """Turns passages into drafts. The rule-based extractor is the default; a model-backed one is optional.

    ``name`` is recorded on every draft (``Draft.extractor``) with the extractor's version (and, for
    a model, the model and prompt version). An extractor never writes to a ledger; a passage it
    cannot read gives a Problem naming its line, never an exception.
    """

    name: str

    def drafts(
        self, passages: Sequence[Passage], *, said_on: DayInput, source_url: str | None = None
    ) -> Iterator[Draft | Problem]:
        """Drafts (and problems) for ``passages``, in input order; ``said_on`` a date or an ISO string."""
        ...


def draft_line(draft: Draft) -> str:
    """One draft as one line of JSON (no newline), the format of ``drafts.jsonl``.

    Fields left at their defaults are left out; ``None`` is kept where the schema requires it
    (an unhedged credence has ``p: null``), so every line reads back with :func:`read_drafts`.
    """
    return draft.model_dump_json(exclude_defaults=True)


def read_drafts(lines: Iterable[str], *, path: str | None = None) -> Iterator[Draft | Problem]:
    """Read ``drafts.jsonl``: a Draft per good line, a Problem naming the line and field per bad one.

    Blank lines are skipped. A bad line never stops the reading, so a caller can
    report every problem at once (and add nothing, for an all-or-nothing batch).
    """
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            yield Draft.model_validate_json(text)
        except ValidationError as exc:
            yield from problems_from_validation(exc, path=path, record=f"line {number}")
