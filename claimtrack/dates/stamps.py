"""Dates as data and markup write them: ``2024-03-18T10:00:00+09:00``, ``March 18, 2024``, ``/2024/03/18/``.

Where :func:`~claimtrack.dates.parse_date_range` reads what people *say*
("late February", "来年"), these read the stamps that machines and editors
*write*: an importer's date fields, a page's publication date and a date in a
URL path. They need no ``base`` and no dateparser, and they are fast enough to
run on every record of a bulk import.

Two grammars, because the two inputs differ:

* :func:`parse_stamp` reads a field that should be a date and nothing else
  (ClaimReview ``datePublished``, AVeriTeC ``claim_date``, a CSV cell). The
  whole value must be read, so that a value with something unexpected in it is
  reported instead of half read; whatever is not ISO 8601 comes with a note.
* :func:`parse_published` reads a page's markup value (``article:published_time``,
  ``<time datetime>``, JSON-LD), where a date is routinely followed by a time,
  a zone or words ("June 19, 2024 at 10:00 am") and preceded by a weekday
  (RFC 2822). The date at the start is taken and the rest ignored.

A timestamp gives the calendar date *as written*, in the writer's own time
zone, not converted to UTC: that is the day its readers saw.

Both read untrusted text, so both look at a bounded amount of it: a field
longer than :data:`MAX_STAMP` characters (once trimmed) is not a date, and a
markup value is read from its first :data:`MAX_STAMP` characters. No pattern
here has two adjacent quantifiers that can trade characters, so the time is
linear in the length read.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Mapping
from datetime import date, datetime

import attrs

from claimtrack.model import DateRange, Granularity

__all__ = [
    "ENGLISH_MONTHS",
    "MAX_STAMP",
    "ParsedDate",
    "date_in_path",
    "day_in_path",
    "parse_published",
    "parse_stamp",
]

MAX_STAMP = 200
"""The longest date field read, in characters once trimmed (``2024-03-18T10:00:00.123456+09:00`` has 32);
anything longer is not a date, and is refused before any pattern sees it."""

ENGLISH_MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
"""English month names and abbreviations (lower case) -> month number: the months data and markup write."""


@attrs.frozen
class ParsedDate:
    """A date read from foreign data: the span, and a note when the format was not ISO 8601."""

    start: date
    end: date
    granularity: Granularity
    odd: str | None = None
    """Why the value deserves a warning (a non-ISO format, a time zone name), or None."""


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# -- whole values of data fields ----------------------------------------------------------------

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)
# No leading white space in the pattern: searched for, ``\s*`` in front would retry every run of
# spaces to its end (quadratic time); the caller trims what is before the zone instead.
_ZONE_WORD = re.compile(r"\(?(UTC|GMT|[A-Z]{2,5}T|JST|KST|IST|CET|EET|WIB)\)?$")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")
_SLASHED_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_JAPANESE = re.compile(r"(\d{4})年\s*(\d{1,2})月(?:\s*(\d{1,2})日)?")
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_TRAILING_TIME = re.compile(r"(.*?\d{4})[T,\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?.*$")


def _whole_month(y: int, m: int, odd: str | None) -> ParsedDate | None:
    if not 1 <= m <= 12 or y < 1:
        return None
    last = calendar.monthrange(y, m)[1]
    return ParsedDate(date(y, m, 1), date(y, m, last), Granularity.MONTH, odd)


def parse_stamp(value: object, *, day_first: bool = False) -> ParsedDate | None:
    """Read a date from the shapes fact-check data uses; None when nothing can be read.

    ISO 8601 dates and date-times (any offset: the calendar date *as written*
    is kept, not converted to UTC, because that is the date the publisher
    shows), a bare year or year-month (the whole span), ``YYYY/MM/DD``,
    ``YYYYMMDD``, ``2020年11月3日``, ``November 3, 2020`` and ``3 Nov 2020``.
    ``DD-MM-YYYY`` is read only with ``day_first`` (AVeriTeC's format), since
    it cannot be told apart from the US order otherwise. Anything but an ISO
    form comes back with ``odd`` set so the importer can warn.
    """
    if type(value) is str:  # the common case: a cached read of the text
        return _parse_bounded(value, day_first)
    if isinstance(value, datetime):
        return ParsedDate(value.date(), value.date(), Granularity.DAY)
    if isinstance(value, date):
        return ParsedDate(value, value, Granularity.DAY)
    if isinstance(value, Mapping):  # {"@type": "Date", "@value": "..."}
        value = value.get("@value")
    if not isinstance(value, str):
        return None
    return _parse_bounded(str(value), day_first)


def _parse_bounded(value: str, day_first: bool) -> ParsedDate | None:
    """:func:`parse_stamp` of a string: trimmed, refused over :data:`MAX_STAMP` characters, then cached."""
    text = value.strip()
    if len(text) > MAX_STAMP:
        return None
    return _parse_text(text, day_first)


@functools.lru_cache(maxsize=8192)
def _parse_text(text: str, day_first: bool) -> ParsedDate | None:
    """:func:`parse_stamp` of a trimmed string of bounded length; cached, since a file repeats its dates."""
    if m := _ISO_DAY.fullmatch(text):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(day, day, Granularity.DAY) if day else None
    if m := _ISO_DATETIME.fullmatch(text):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        if day is None or int(m[4]) > 23 or int(m[5]) > 59 or (m[6] and int(m[6]) > 60):
            return None
        return ParsedDate(day, day, Granularity.DAY)
    return _parse_odd(text, day_first=day_first)


def _parse_odd(text: str, *, day_first: bool) -> ParsedDate | None:
    odd = f"{text!r} is not an ISO 8601 date"
    zone = _ZONE_WORD.search(text) if text[-1:].isalpha() or text.endswith(")") else None
    if zone and text[: zone.start()].strip():
        stripped = text[: zone.start()].strip()
        found = parse_stamp(stripped, day_first=day_first)
        if found is None:
            return None
        return ParsedDate(
            found.start,
            found.end,
            found.granularity,
            f"{text!r}: time zone {zone[1]} ignored; the date as written is kept",
        )
    if "/" in text and text.count("/") == 1 and not _SLASHED_YMD.fullmatch(text):
        first, second = (parse_stamp(part, day_first=day_first) for part in text.split("/"))
        if first is not None and second is not None and first.start <= second.end:
            return ParsedDate(first.start, second.end, Granularity.RANGE, first.odd or second.odd)
        return None
    if m := _YEAR.fullmatch(text):
        y = int(m[1])
        return ParsedDate(date(y, 1, 1), date(y, 12, 31), Granularity.YEAR) if y >= 1 else None
    if m := _YEAR_MONTH.fullmatch(text):
        return _whole_month(int(m[1]), int(m[2]), None if len(m[2]) == 2 else odd)
    if m := _SLASHED_YMD.fullmatch(text) or _COMPACT.fullmatch(text):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if m := _JAPANESE.fullmatch(text):
        if m[3] is None:
            return _whole_month(int(m[1]), int(m[2]), odd)
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if day_first and (m := _DMY.fullmatch(text)):
        day = _day(int(m[3]), int(m[2]), int(m[1]))
        return ParsedDate(day, day, Granularity.DAY) if day else None
    if m := _MONTH_FIRST.fullmatch(text):
        month = ENGLISH_MONTHS.get(m[1].lower())
        day = _day(int(m[3]), month, int(m[2])) if month else None
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if m := _DAY_FIRST.fullmatch(text):
        month = ENGLISH_MONTHS.get(m[2].lower())
        day = _day(int(m[3]), month, int(m[1])) if month else None
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if m := _MONTH_YEAR.fullmatch(text):
        month = ENGLISH_MONTHS.get(m[1].lower())
        return _whole_month(int(m[2]), month, odd) if month else None
    if (m := _TRAILING_TIME.fullmatch(text)) and m[1] != text:
        found = parse_stamp(m[1], day_first=day_first)
        if found is not None:
            return ParsedDate(found.start, found.end, found.granularity, odd)
    return None


# -- the start of a markup value ----------------------------------------------------------------

_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_COMPACT_PREFIX = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T.*)?$")
_WORDS_MDY = re.compile(r"^\s*(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_WORDS_DMY = re.compile(r"^\s*(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")


def _day_range(year: int, month: int, day: int) -> DateRange | None:
    found = _day(year, month, day)
    return DateRange.day(found) if found is not None else None


def parse_published(text: str) -> DateRange | None:
    """A publication date from a page's markup value; None when it does not start with one.

    ISO 8601 dates and timestamps (single-digit month and day accepted),
    ``YYYYMMDD``, a year-month (the whole month), and RFC 2822 or written
    English dates with an optional weekday in front ("Wed, 19 Jun 2024
    10:00:00 GMT", "Wednesday, June 19, 2024 at 10:00").
    """
    value = text.lstrip()[:MAX_STAMP].rstrip()
    if not value:
        return None
    for pattern in (_ISO_PREFIX, _COMPACT_PREFIX):
        if (m := pattern.match(value)) and (found := _day_range(int(m[1]), int(m[2]), int(m[3]))):
            return found
    month = _ISO_MONTH.match(value)
    if month and 1 <= int(month[2]) <= 12:
        return DateRange.month(int(month[1]), int(month[2]))
    words = _WORDS_MDY.match(value)
    if words and words[1].lower() in ENGLISH_MONTHS:
        return _day_range(int(words[3]), ENGLISH_MONTHS[words[1].lower()], int(words[2]))
    words = _WORDS_DMY.match(value)
    if words and words[2].lower() in ENGLISH_MONTHS:
        return _day_range(int(words[3]), ENGLISH_MONTHS[words[2].lower()], int(words[1]))
    return None


# -- a URL path ---------------------------------------------------------------------------------

_PATH_YMD = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_])")
_PATH_MDY = re.compile(r"/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/((?:19|20)\d{2})(?:/|$)")
_PATH_YM = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")


def date_in_path(path: str) -> DateRange | None:
    """The date a URL path carries (``/2024/06/19/``, ``/05/15/2024/``, ``/2024-06-19``), or a month (``/2024/06/``).

    Publishers put the publication date in article URLs; it is the last
    resort when the page itself states none.
    """
    if m := _PATH_YMD.search(path):
        return _day_range(int(m[1]), int(m[2]), int(m[3]))
    if m := _PATH_MDY.search(path):
        return _day_range(int(m[3]), int(m[1]), int(m[2]))
    if m := _PATH_YM.search(path):
        return DateRange.month(int(m[1]), int(m[2]))
    return None


def day_in_path(path: str) -> date | None:
    """The day a URL path carries, as :func:`date_in_path` reads it, or None (also for a month alone).

    No DateRange is built: an importer that only needs the day (AVeriTeC dates
    every answer by it) would otherwise validate a model per URL to throw it away.
    """
    if m := _PATH_YMD.search(path):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _PATH_MDY.search(path):
        return _day(int(m[3]), int(m[1]), int(m[2]))
    return None
