"""Claims: what was said, by whom, when, where, and what would make it come true."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from claimtrack.model._base import BCP47, ClaimId, Record, Url
from claimtrack.model.display import html_repr, one_line
from claimtrack.model.enums import ClaimKind, Fidelity, SourceRole
from claimtrack.model.time import Credence, DateRange, Horizon

__all__ = [
    "Claim",
    "ContainsCriterion",
    "Criterion",
    "Entity",
    "EventCriterion",
    "Source",
    "TextCriterion",
    "ThresholdCriterion",
]


class Entity(Record):
    """A person or organisation that says things: a speaker, a publisher."""

    name: str = Field(min_length=1)
    role: str | None = None
    organisation: str | None = None
    same_as: tuple[Url, ...] = ()
    """URLs that identify the entity elsewhere (Wikidata, Wikipedia, an official page)."""


class Source(Record):
    """Where a claim appears, and how faithfully that place reports the speaker.

    A claim usually has a primary source (the interview, the post) and may have
    secondary ones (an article summarising it). ``fidelity`` says how close a
    source's wording is to what was really said, so a distorted summary can be
    told apart from the speaker's own words.
    """

    url: Url | None = None
    title: str | None = None
    publisher: str | None = None
    published_on: DateRange | None = None
    role: SourceRole
    locator: str | None = None
    """Where in the source: a timestamp ("01:33:04"), page or paragraph."""
    quote: str | None = None
    """The words as this source carries them."""
    language: BCP47 | None = None
    fidelity: Fidelity | None = None
    fidelity_note: str | None = None
    archived_url: Url | None = None


class TextCriterion(Record):
    """A criterion written for people: what would count as the claim coming true."""

    type: Literal["text"] = "text"
    text: str = Field(min_length=1)


class EventCriterion(Record):
    """An event that must happen by the deadline (``by``, else the horizon's end)."""

    type: Literal["event"] = "event"
    event: str = Field(min_length=1)
    """A key for the event, matched against ``EventFact.event`` on evidence."""
    by: date | None = None
    description: str | None = None


class ThresholdCriterion(Record):
    """A measured number that must reach a threshold by the deadline."""

    type: Literal["threshold"] = "threshold"
    metric: str = Field(min_length=1)
    op: Literal[">=", ">", "<=", "<", "=="]
    value: float
    unit: str
    by: date | None = None
    description: str | None = None


class ContainsCriterion(Record):
    """A list (of products, members, countries...) that must contain an item by the deadline."""

    type: Literal["contains"] = "contains"
    collection: str = Field(min_length=1)
    item: str = Field(min_length=1)
    by: date | None = None
    description: str | None = None


Criterion = Annotated[
    TextCriterion | EventCriterion | ThresholdCriterion | ContainsCriterion,
    Field(discriminator="type"),
]


class Claim(Record):
    """A typed public statement.

    ``text`` is exactly as it appears in the claim's reference source, in its
    ``language``; ``translations`` map other languages to renderings of it.
    Status is not a field: it is derived by replaying the claim's events.

    Example:
        >>> c = Claim(id="gpt5-2024", text="We will release GPT-5 this year", language="en",
        ...           speaker=Entity(name="Sam Altman"), said_on="2024-03-18", kind="prediction")
        >>> c.said_on.start
        datetime.date(2024, 3, 18)
    """

    id: ClaimId
    text: str = Field(min_length=1)
    language: BCP47
    translations: dict[BCP47, str] = Field(default_factory=dict)
    speaker: Entity
    said_on: DateRange
    kind: ClaimKind
    topics: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    horizon: Horizon | None = None
    credence: Credence | None = None
    criteria: tuple[Criterion, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _forward_looking_fields(self) -> Self:
        if not self.kind.is_forward_looking:
            if self.horizon is not None:
                raise ValueError(f"a {self.kind.value} has no horizon; only predictions and commitments do")
            if self.credence is not None:
                raise ValueError(f"a {self.kind.value} has no credence; only predictions and commitments do")
        if self.horizon is not None and self.horizon.start < self.said_on.start:
            raise ValueError(f"horizon starts {self.horizon.start}, before the claim was said ({self.said_on})")
        return self

    @property
    def primary_source(self) -> Source | None:
        """The first primary source, where the claim was made."""
        return next((s for s in self.sources if s.role is SourceRole.PRIMARY), None)

    @property
    def deadline(self) -> date | None:
        """The horizon's end, or None when there is none."""
        return self.horizon.end if self.horizon is not None else None

    def text_in(self, language: str) -> str | None:
        """The claim's text in ``language`` (original or translation), if known."""
        if language == self.language:
            return self.text
        return self.translations.get(language)

    def __repr__(self) -> str:
        said = f"{self.kind.value} by {one_line(self.speaker.name, 40)} on {self.said_on}"
        return f"Claim({self.id!r}, {said}: {one_line(self.text)!r})"

    def _repr_html_(self) -> str | None:
        """The claim as a small table in a notebook (see :mod:`claimtrack.model.display`)."""
        return html_repr(self)
