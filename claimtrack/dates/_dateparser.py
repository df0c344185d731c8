"""The one door to dateparser: lazy import, explicit languages, a cache and guards.

dateparser reads absolute dates in some 200 locales well, but (measured with
dateparser 1.5, see /work/shared/research/measurements.md) it detects languages
slowly (~200 phrases/s), reads a bare Japanese year such as ``2030年`` as a
*duration* (``4054-03-18`` for a base of 2024), and takes words such as "We"
(Wednesday) or "May" (the verb) for dates. This module imports it only when a
phrase really needs it, always passes explicit languages, caches results by
``(text, base, languages)`` and refuses the known false hits before asking.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

from claimtrack.dates._calendar import quarter_range
from claimtrack.model import DateRange, Granularity

__all__ = ["clear_cache", "dateparser_range"]

# A bare year followed by 年 with nothing after it (the duration bug) and lone
# weekday or modal words that dateparser would turn into dates.
_BARE_CJK_YEAR = re.compile(r"\d{1,4}\s*年(?!\s*\d{1,2}\s*月)")
_FALSE_HITS = re.compile(
    r"^(?:we|mo|tu|th|fr|sa|su|may|march|sat|sun|mon|wed|thu|fri|tue|a|an|i|on|at|in|de|le|la|el|un|une)$",
    re.IGNORECASE,
)
_PERIOD_GRANULARITY = {
    "day": Granularity.DAY,
    "week": Granularity.DAY,
    "month": Granularity.MONTH,
    "quarter": Granularity.QUARTER,
    "year": Granularity.YEAR,
}


def clear_cache() -> None:
    """Forget every cached answer (benchmarks call this to measure a first pass)."""
    _cached_range.cache_clear()


def dateparser_range(text: str, base: date | None, languages: tuple[str, ...]) -> DateRange | None:
    """The range dateparser reads from ``text`` in ``languages``, or None when it reads nothing safe.

    Without a ``base`` only texts that name a year are passed on, so that
    dateparser never fills a missing part from the clock.
    """
    stripped = text.strip(" .,;:!?")
    if not stripped or _FALSE_HITS.match(stripped) or _BARE_CJK_YEAR.search(stripped):
        return None
    if base is None and not _YEAR.search(stripped):
        return None
    return _cached_range(stripped, base, languages)


_YEAR = re.compile(r"(?<!\d)[12]\d{3}(?!\d)")


@functools.lru_cache(maxsize=4096)
def _cached_range(text: str, base: date | None, languages: tuple[str, ...]) -> DateRange | None:
    from dateparser.date import DateDataParser

    relative_base = datetime(base.year, base.month, base.day) if base else datetime(2000, 1, 1)
    settings: dict[str, Any] = {
        "RELATIVE_BASE": relative_base,
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["year"] if base is None else [],
    }
    try:
        parser = DateDataParser(languages=list(languages), settings=settings)
        data = parser.get_date_data(text)
    except (ValueError, OverflowError):  # a language dateparser does not know; a date out of its range
        return None
    found = data.date_obj
    if found is None:
        return None
    day = found.date()
    granularity = _PERIOD_GRANULARITY.get(str(data.period or "day"), Granularity.DAY)
    if granularity is Granularity.MONTH:
        return DateRange.month(day.year, day.month).model_copy(update={"text": text})
    if granularity is Granularity.YEAR:
        return DateRange.year(day.year).model_copy(update={"text": text})
    if granularity is Granularity.QUARTER:
        first, last = quarter_range(day.year, (day.month - 1) // 3 + 1)
        return DateRange(start=first, end=last, granularity=granularity, text=text)
    return DateRange(start=day, end=day, granularity=Granularity.DAY, text=text)
