"""Time in claims: fuzzy dates, prediction horizons and the credence of a hedge.

These are the plain values that :mod:`claimtrack.dates` produces from text and
that claims store. They carry the wording they came from, so a reader can
always see why "by the end of this decade" became 2029-12-31.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from typing import Any, Self

from pydantic import model_validator

from claimtrack.model._base import Probability, Record
from claimtrack.model.days import DayInput, as_date
from claimtrack.model.enums import Granularity

__all__ = ["Credence", "CredenceBasis", "DateRange", "Horizon"]

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\S+?)\s*(?:/|\.\.)\s*(\S+)$")


class DateRange(Record):
    """A span of days, both ends inclusive, with how precise it is.

    A day is a one-day range; "late February 2018" is 2018-02-21..2018-02-28.
    As input, ``"2024-03-18"``, ``"2024-03"``, ``"2024"`` and
    ``"2024-03-11..2024-03-16"`` are accepted as shorthands.

    Example:
        >>> DateRange.model_validate("2024-02").end
        datetime.date(2024, 2, 29)
    """

    start: date
    end: date
    granularity: Granularity = Granularity.DAY
    text: str | None = None
    """The wording the range was read from, when it came from text."""

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, date):
            return {"start": value, "end": value, "granularity": Granularity.DAY}
        if isinstance(value, str):
            return _parse_shorthand(value.strip())
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @classmethod
    def day(cls, day: DayInput) -> DateRange:
        """The one-day range of ``day`` (a date or an ISO ``YYYY-MM-DD`` string)."""
        one = as_date(day, name="day")
        return cls(start=one, end=one, granularity=Granularity.DAY)

    @classmethod
    def month(cls, year: int, month: int) -> DateRange:
        """The whole of a calendar month."""
        last = calendar.monthrange(year, month)[1]
        return cls(start=date(year, month, 1), end=date(year, month, last), granularity=Granularity.MONTH)

    @classmethod
    def year(cls, year: int) -> DateRange:
        """The whole of a calendar year."""
        return cls(start=date(year, 1, 1), end=date(year, 12, 31), granularity=Granularity.YEAR)

    def contains(self, day: DayInput) -> bool:
        """True when ``day`` (a date or an ISO ``YYYY-MM-DD`` string) falls inside the range."""
        return self.start <= as_date(day, name="day") <= self.end

    @property
    def is_exact(self) -> bool:
        """True for a single day."""
        return self.start == self.end

    def as_text(self, separator: str = "..") -> str:
        """The range as short text: a day ``2024-03-18``, a month ``2024-03``, a year ``2024``, else its two days.

        Two days are joined by ``separator``: ``..`` by default (what ``str()``,
        the CSV columns and every renderer show), ``/`` for the ISO 8601
        interval that JSON-LD ``datePublished`` values use.
        """
        if self.start == self.end:
            return self.start.isoformat()
        if self.granularity is Granularity.MONTH:
            return self.start.isoformat()[:7]
        if self.granularity is Granularity.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}{separator}{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.as_text()


def _parse_shorthand(text: str) -> Any:
    if m := _YEAR.match(text):
        year = int(m.group(1))
        return {"start": date(year, 1, 1), "end": date(year, 12, 31), "granularity": Granularity.YEAR}
    if m := _MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        last = calendar.monthrange(year, month)[1]
        return {
            "start": date(year, month, 1),
            "end": date(year, month, last),
            "granularity": Granularity.MONTH,
        }
    if m := _RANGE.match(text):
        return {"start": m.group(1), "end": m.group(2), "granularity": Granularity.RANGE}
    return {"start": text, "end": text, "granularity": Granularity.DAY}


class Horizon(Record):
    """How long a prediction or commitment has to come true.

    ``start`` is the day it was said unless the wording says otherwise; ``end``
    is the inclusive deadline, or None when the claim is open-ended
    ("eventually", "someday", no time given). ``vague`` marks deadlines that
    rest on a convention ("the coming months" -> six months) rather than on the
    words themselves.
    """

    text: str
    """The wording of the horizon as said ("this year", "by the end of this decade")."""
    start: date
    end: date | None = None
    vague: bool = False
    rule: str | None = None
    """Which convention produced the dates (see docs/horizons.md), e.g. ``this-year``."""
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def open_ended(self) -> bool:
        """True when no deadline applies."""
        return self.end is None

    def has_ended(self, as_of: DayInput) -> bool:
        """True when the deadline passed before ``as_of`` (a date or an ISO ``YYYY-MM-DD`` string)."""
        return self.end is not None and self.end < as_date(as_of, name="as_of")


class CredenceBasis(StrEnum):
    """Where a credence number came from."""

    HEDGE = "hedge"
    """Read from a hedge word ("probably") on a documented scale."""
    STATED = "stated"
    """Stated as a number by the speaker ("70% chance")."""
    ASSIGNED = "assigned"
    """Assigned by the person who recorded the claim."""
    UNHEDGED = "unhedged"
    """A flat "will": no probability was expressed, and none is invented."""


class Credence(Record):
    """The confidence a speaker expressed, with the word and scale that produced it.

    ``p`` is the point probability used for scoring, ``low``/``high`` the band
    of the scale. An unhedged statement has ``basis=unhedged`` and no numbers.
    """

    p: Probability | None
    low: Probability | None = None
    high: Probability | None = None
    basis: CredenceBasis
    word: str | None = None
    """The hedge as said ("probably", "おそらく"), when there was one."""
    scale: str | None = None
    """The scale the word was mapped on, e.g. ``icd203`` or ``kent``."""
    band: str | None = None
    """The named band of the scale the word fell in, e.g. ``likely`` (ICD 203) or ``probably not`` (Kent)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.basis is CredenceBasis.UNHEDGED:
            if self.p is not None or self.low is not None or self.high is not None:
                raise ValueError("an unhedged credence carries no probability")
            return self
        if self.p is None:
            raise ValueError(f"a {self.basis.value} credence needs p")
        low = self.low if self.low is not None else self.p
        high = self.high if self.high is not None else self.p
        if not low <= self.p <= high:
            raise ValueError(f"p={self.p} is outside its band [{low}, {high}]")
        return self
