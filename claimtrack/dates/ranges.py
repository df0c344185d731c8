"""Fuzzy points in time: a day, a month, a year and their parts, in six languages.

The grammar works in two steps on folded text (see ``_text.fold``):

1. *core periods*: a date, a month, a year (absolute, or relative to ``base``
   such as "next year" / 来年), a half, a quarter, a season, a decade;
2. *parts* around a core: "early/mid/late", "the end of", Anfang/Mitte/Ende,
   début/mi-/fin, principios/mediados/finales, and Japanese and Chinese
   suffixes (上旬/中旬/下旬/末/初め/半ば/前半/後半/上半期/下半期/第N四半期,
   年初/年底/上半年/下半年/第N季度, seasons).

Conventions (docs/horizons.md): early/mid/late (and beginning/end) of a month
are days 1-10 / 11-20 / 21-end, of a year Jan-Apr / May-Aug / Sep-Dec, of a
decade its years 0-3 / 4-6 / 7-9; halves and quarters are calendar ones;
seasons are the northern meteorological ones (spring = Mar-May, summer =
Jun-Aug, autumn = Sep-Nov); a winter needs both years ("winter 2025/26")
because "winter 2025" is ambiguous. dateparser (through ``_dateparser``) reads
what the grammar does not know, such as "Tuesday, 18th of March 2024".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

import attrs

from claimtrack.dates._calendar import MONTHS, add_months, month_end, quarter_range
from claimtrack.dates._text import CJK, fold, languages_for
from claimtrack.dates._vocabulary import (
    CJK_PARTS,
    ORDINALS,
    PARTS,
    REL_CENTURY,
    REL_DAY,
    REL_DECADE,
    REL_MONTH,
    REL_QUARTER,
    REL_WEEK,
    REL_YEAR,
    SEASONS,
)
from claimtrack.dates.numbers import read_number
from claimtrack.errors import DateParseError
from claimtrack.model import DateRange, Granularity
from claimtrack.model.days import DayInput, as_date, day_problem

__all__ = ["MAX_PHRASE", "DateOrder", "PeriodHit", "find_periods", "parse_date_range"]


class DateOrder(StrEnum):
    """Which number is the day in a numeric date such as 03/04/2025 (the year is written last)."""

    DMY = "DMY"
    """Day first: 03/04/2025 is 3 April (most of Europe, Latin America, Japan's western forms)."""
    MDY = "MDY"
    """Month first: 03/04/2025 is 4 March (the United States)."""
    YMD = "YMD"
    """Year first, as ISO 8601 writes it; a date with the year last is then read day first."""


DateOrderText = Literal["DMY", "MDY", "YMD"]
"""The values of :class:`DateOrder` as plain strings, which callers may pass instead."""

Order = DateOrder | DateOrderText | None
"""A date order as the grammar receives it (None: decide from the numbers, or refuse)."""


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LATIN_REL_YEARS = [w for w in REL_YEAR if not CJK.search(w)]
_CJK_REL_YEARS = [w for w in REL_YEAR if CJK.search(w)]
_YEAR_L = rf"(?P<y>(?<![\d.,/])(?<!\d-)[12]\d{{3}}(?!\d|[.,]\d|[/-]\d{{3}})|\b(?:{_alt(_LATIN_REL_YEARS)})\b)"
_MONTH_L = rf"(?P<m>\b(?:{_alt(MONTHS)})(?![a-z]))"
_SEP = r"(?:\s+|\s*,\s*)(?:of\s+|de\s+|del\s+|d')?"
_KNUM = "[〇一二三四五六七八九十]"
_CJK_YEAR = rf"(?:(?P<y>[12]\d{{3}}|[〇一二三四五六七八九]{{4}})\s*年|(?P<ry>{_alt(_CJK_REL_YEARS)}))"
_CJK_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?!\s*[間间])"
_CJK_DAY = rf"(?P<d>3[01]|[12]\d|0?[1-9]|{_KNUM}{{1,3}})\s*[日号號]"


@attrs.frozen
class PeriodHit:
    """A period found in folded text: where it is, what it means, and how it was worded."""

    start: int
    end: int
    range: DateRange | None
    error: str | None = None
    """Why a phrase that looks like a date could not be read (ambiguous, needs a base)."""
    relative: bool = False
    """True when the period depends on ``base`` ("next year", 来年)."""
    part: str | None = None
    """The part applied ("early", "late", "h2", "summer"...), if any."""
    yearless: bool = False
    """True for a month or season named without a year (resolved in ``base``'s year)."""


Builder = Callable[[re.Match[str], date | None, Order], DateRange]


class _NeedsBase(Exception):
    pass


class _Refused(Exception):
    pass


def _need(base: date | None) -> date:
    if base is None:
        raise _NeedsBase
    return base


def _year(token: str, base: date | None) -> int:
    if token[0].isdigit():
        return int(token)
    if token[0] in "〇一二三四五六七八九":
        value = read_number(token)
        assert value is not None
        return int(value)
    return _need(base).year + REL_YEAR[token]


def _month(token: str) -> int:
    if token[0].isdigit():
        return int(token)
    if token in MONTHS:
        return MONTHS[token]
    value = read_number(token)
    assert value is not None
    return int(value)


def _day(token: str) -> int:
    value = read_number(token)
    if value is None:
        raise _Refused("no day")
    return int(value)


def _checked_day(year: int, month: int, day: int) -> DateRange:
    if problem := day_problem(year, month, day):
        raise _Refused(f"{year}-{month:02d}-{day:02d} is not a day of the calendar: {problem}")
    return DateRange.day(date(year, month, day))


def _ymd(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return _checked_day(int(m["y"]), int(m["m"]), int(m["d"]))


def _numeric(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    if order is None:
        if m["sep"] == ".":
            order = DateOrder.DMY  # dotted numeric dates are day-first (de, fr, es, ru...)
        elif first > 12 >= second:
            order = DateOrder.DMY
        elif second > 12 >= first:
            order = DateOrder.MDY
        elif first == second:
            order = DateOrder.DMY
        else:
            raise _Refused("ambiguous numeric date: day and month can be swapped; pass date_order='DMY' or 'MDY'")
    if order == DateOrder.MDY:
        return _checked_day(year, first, second)
    return _checked_day(year, second, first)


def _iso_month(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return DateRange.month(int(m["y"]), int(m["m"]))


def _named_day(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return _checked_day(_year(m["y"], base), _month(m["m"]), _day(m["d"]))


def _named_month(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    month = _month(m["m"])
    if not 1 <= month <= 12:
        raise _Refused(f"there is no month {month}")
    return DateRange.month(_year(m["y"], base), month)


def _bare_month(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return DateRange.month(_need(base).year, _month(m["m"]))


def _year_range(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return DateRange.year(_year(m["y"], base))


def _half(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    n = int(m["n"]) if m.groupdict().get("n") else ORDINALS[m["o"]]
    if n not in (1, 2):
        raise _Refused(f"a year has no half number {n}")
    year = _year(m["y"], base)
    start = date(year, 1 if n == 1 else 7, 1)
    return DateRange(start=start, end=month_end(year, 6 if n == 1 else 12), granularity=Granularity.HALF)


def _quarter(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    n = int(m["n"]) if m.groupdict().get("n") else ORDINALS[m["o"]]
    first, last = quarter_range(_year(m["y"], base), n)
    return DateRange(start=first, end=last, granularity=Granularity.QUARTER)


def _season_range(season: str, year: int, second_year: int | None = None) -> DateRange:
    if season == "winter":
        if second_year is None:
            raise _Refused("'winter' of one year is ambiguous (which December?); write it as 'winter 2025/26'")
        if second_year != year + 1:
            raise _Refused(f"a winter spans {year} and {year + 1}, not {second_year}")
        return DateRange(start=date(year, 12, 1), end=month_end(year + 1, 2), granularity=Granularity.SEASON)
    first = {"spring": 3, "summer": 6, "autumn": 9}[season]
    return DateRange(start=date(year, first, 1), end=month_end(year, first + 2), granularity=Granularity.SEASON)


def _second_year(m: re.Match[str], year: int) -> int | None:
    token = m["y2"] if "y2" in m.groupdict() else None
    if not token:
        return None
    value = int(token)
    return value if value >= 100 else (year // 100) * 100 + value


def _season(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    year = _year(m["y"], base)
    return _season_range(SEASONS[m["s"]], year, _second_year(m, year))


def _this_season(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    now = _need(base)
    season = SEASONS[m["s"]]
    if season == "winter":
        year = now.year if now.month >= 3 else now.year - 1
        this = _season_range(season, year, year + 1)
    else:
        this = _season_range(season, now.year)
    if m["w"] in {"next", "nachsten", "nachster", "prochain", "proximo"} and this.start <= now:
        start = this.start.replace(year=this.start.year + 1)
        this = _season_range(season, start.year, start.year + 1 if season == "winter" else None)
    return this


def _decade(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    first = int(m["dec"])
    if first % 10:
        raise _Refused(f"{first} does not start a decade")
    return DateRange(start=date(first, 1, 1), end=date(first + 9, 12, 31), granularity=Granularity.DECADE)


def _rel_decade(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    first = (_need(base).year // 10) * 10 + 10 * REL_DECADE[m["w"]]
    return DateRange(start=date(first, 1, 1), end=date(first + 9, 12, 31), granularity=Granularity.DECADE)


def _rel_century(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    first = (_need(base).year // 100) * 100
    return DateRange(start=date(first, 1, 1), end=date(first + 99, 12, 31), granularity=Granularity.RANGE)


def _rel_year(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return DateRange.year(_need(base).year + REL_YEAR[m["w"]])


def _rel_month(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    first = add_months(_need(base).replace(day=1), REL_MONTH[m["w"]])
    return DateRange.month(first.year, first.month)


def _rel_week(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    now = _need(base)
    monday = now - timedelta(days=now.weekday()) + timedelta(weeks=REL_WEEK[m["w"]])
    return DateRange(start=monday, end=monday + timedelta(days=6), granularity=Granularity.RANGE)


def _rel_quarter(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    now = _need(base)
    index = now.year * 4 + (now.month - 1) // 3 + REL_QUARTER[m["w"]]
    first, last = quarter_range(index // 4, index % 4 + 1)
    return DateRange(start=first, end=last, granularity=Granularity.QUARTER)


def _rel_day(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    return DateRange.day(_need(base) + timedelta(days=REL_DAY[m["w"]]))


def _fiscal_year(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    year = _year(m["y"], base) if m["y"] else _need(base).year + REL_YEAR[m["ry"]]
    return DateRange(start=date(year, 4, 1), end=date(year + 1, 3, 31), granularity=Granularity.YEAR)


def _cjk_date(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    year = _year(m["y"], base) if m["y"] else _need(base).year + REL_YEAR[m["ry"]]
    if m["m"] is None:
        return DateRange.year(year)
    month = _month(m["m"])
    if not 1 <= month <= 12:
        raise _Refused(f"there is no month {month}")
    if m["d"] is None:
        return DateRange.month(year, month)
    return _checked_day(year, month, _day(m["d"]))


def _cjk_month_day(m: re.Match[str], base: date | None, order: Order) -> DateRange:
    year = _need(base).year
    month = _month(m["m"])
    if m["d"] is None:
        return DateRange.month(year, month)
    return _checked_day(year, month, _day(m["d"]))


_CJK_SEASON_WORDS = "春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|春|夏|秋|冬"

# (pattern, builder, scripts, relative, yearless)
_Entry = tuple[re.Pattern[str], Builder, str, bool, bool]
_ENTRIES: list[_Entry] = []


def _add(pattern: str, builder: Builder, script: str, *, relative: bool = False, yearless: bool = False) -> None:
    _ENTRIES.append((re.compile(pattern), builder, script, relative, yearless))


_NUM_B = r"(?<![\d.,/-])"
_NUM_A = r"(?![\d,/-]|\.\d)"
_add(
    rf"{_NUM_B}(?P<y>[12]\d{{3}})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9]){_NUM_A}",
    _ymd,
    "any",
)
_add(rf"{_NUM_B}(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>[12]\d{{3}}){_NUM_A}", _numeric, "any")
_add(rf"{_NUM_B}(?P<y>[12]\d{{3}})-(?P<m>0[1-9]|1[0-2]){_NUM_A}", _iso_month, "any")
_ORD_SUFFIX = r"(?:st|nd|rd|th|er|\.)?"
_add(rf"\b(?P<d>3[01]|[12]\d|0?[1-9]){_ORD_SUFFIX}\s*(?:of\s+|de\s+)?{_MONTH_L}\.?{_SEP}{_YEAR_L}", _named_day, "latin")
_add(rf"{_MONTH_L}\.?\s+(?:the\s+)?(?P<d>3[01]|[12]\d|0?[1-9]){_ORD_SUFFIX},?\s+{_YEAR_L}", _named_day, "latin")
_add(rf"{_MONTH_L}\.?{_SEP}{_YEAR_L}", _named_month, "latin")
_add(_YEAR_L, _year_range, "latin", relative=False)
_HALF_WORDS = r"half|halbjahr|jahreshalfte|halfte|semestre"
_QUARTER_WORDS = r"quarter|quartal|trimestre"
_OF_YEAR = r"\s+(?:of\s+(?:the\s+year\s+)?|des\s+jahres\s+|von\s+|de\s+l'annee\s+|del\s+ano\s+|de\s+|del\s+|d')?"
_add(rf"\b(?:the\s+)?(?P<o>{_alt(ORDINALS)})\s+(?:{_HALF_WORDS})\b{_OF_YEAR}{_YEAR_L}", _half, "latin")
_add(rf"\b(?:h|s)(?P<n>[12])\s*(?:of\s+)?{_YEAR_L}", _half, "latin")
_add(rf"\b(?P<n>[12])h\s*{_YEAR_L}", _half, "latin")
_add(rf"{_YEAR_L}\s*h(?P<n>[12])\b", _half, "latin")
_add(rf"\b(?:the\s+)?(?P<o>{_alt(ORDINALS)})\s+(?:{_QUARTER_WORDS})\b{_OF_YEAR}{_YEAR_L}", _quarter, "latin")
_add(rf"\b(?:q|t)(?P<n>[1-4])\s*(?:of\s+)?{_YEAR_L}", _quarter, "latin")
_add(rf"\b(?P<n>[1-4])q\s*{_YEAR_L}", _quarter, "latin")
_add(rf"{_YEAR_L}\s*q(?P<n>[1-4])\b", _quarter, "latin")
_add(
    rf"\b(?:the\s+)?(?P<s>{_alt(SEASONS)})\s+(?:of\s+|de\s+|del\s+|d')?{_YEAR_L}(?:\s*[/-]\s*(?P<y2>\d{{2}}|\d{{4}})\b)?",
    _season,
    "latin",
)
_add(
    r"\b(?P<w>this|next|nachsten|nachster|diesen|dieser|ce|cet|cette|este|esta|el\s+proximo|prochain)\s+"
    rf"(?P<s>{_alt(SEASONS)})\b",
    _this_season,
    "latin",
    relative=True,
)
_add(r"\b(?:the\s+)?(?P<dec>[12]\d{2}0)(?:'?s|er(?:\s+jahren?)?)\b", _decade, "latin")
_add(r"\b(?:les\s+)?annees\s+(?P<dec>[12]\d{2}0)\b", _decade, "latin")
_add(r"\b(?:la\s+)?decada\s+de(?:\s+los)?(?:\s+anos)?\s+(?P<dec>[12]\d{2}0)\b", _decade, "latin")
_add(r"\b(?:los\s+)?anos\s+(?P<dec>[12]\d{2}0)\b", _decade, "latin")
_add(rf"\b(?P<w>{_alt(w for w in REL_DECADE if not CJK.search(w))})\b", _rel_decade, "latin", relative=True)
_add(rf"\b(?P<w>{_alt(w for w in REL_CENTURY if not CJK.search(w))})\b", _rel_century, "latin", relative=True)
_add(rf"\b(?P<w>{_alt(w for w in REL_YEAR if not CJK.search(w))})\b", _rel_year, "latin", relative=True)
_add(rf"\b(?P<w>{_alt(w for w in REL_MONTH if not CJK.search(w))})(?![\w-])", _rel_month, "latin", relative=True)
_add(rf"\b(?P<w>{_alt(w for w in REL_WEEK if not CJK.search(w))})\b", _rel_week, "latin", relative=True)
_add(rf"\b(?P<w>{_alt(w for w in REL_QUARTER if not CJK.search(w))})\b", _rel_quarter, "latin", relative=True)
_add(rf"(?<![\w'])(?P<w>{_alt(w for w in REL_DAY if not CJK.search(w))})\b", _rel_day, "latin", relative=True)
_add(rf"{_MONTH_L}", _bare_month, "latin", relative=True, yearless=True)
# CJK
_add(rf"(?:(?P<y>[12]\d{{3}})\s*年|(?P<ry>{_alt(_CJK_REL_YEARS)}))\s*度", _fiscal_year, "cjk")
_add(rf"{_CJK_YEAR}\s*(?:の)?\s*(?:{_CJK_MONTH}\s*(?:{_CJK_DAY})?)?", _cjk_date, "cjk")
_add(rf"(?<![\d年〇一二三四五六七八九十か个个])(?:{_CJK_MONTH})\s*(?:{_CJK_DAY})?", _cjk_month_day, "cjk",
     relative=True, yearless=True)  # fmt: skip
_add(r"(?P<dec>[12]\d{2}0)\s*年代", _decade, "cjk")
_add(rf"(?P<w>{_alt(w for w in REL_DECADE if CJK.search(w))})", _rel_decade, "cjk", relative=True)
_add(rf"(?P<w>{_alt(w for w in REL_CENTURY if CJK.search(w))})", _rel_century, "cjk", relative=True)
_add(rf"(?P<w>{_alt(w for w in REL_MONTH if CJK.search(w))})", _rel_month, "cjk", relative=True)
_add(rf"(?P<w>{_alt(w for w in REL_WEEK if CJK.search(w))})", _rel_week, "cjk", relative=True)
_add(rf"(?P<w>{_alt(w for w in REL_QUARTER if CJK.search(w))})", _rel_quarter, "cjk", relative=True)
_add(rf"(?P<w>{_alt(w for w in REL_DAY if CJK.search(w))})", _rel_day, "cjk", relative=True)

# parts around a core period
_PART_BEFORE = re.compile(
    rf"(?:\b(?:the|la|el|le|a|au|en|im|zu|in|at)\s+)?\b(?P<part>{_alt(PARTS)})"
    r"(?:\s+of)?(?:\s+the)?(?:\s+des|\s+der|\s+del|\s+de(?:\s+la|\s+los)?|\s+d'|\s+l')?[\s-]*$"
)
_QUARTER_SUFFIX = r"第?\s*(?P<qn>[1-4一二三四])\s*(?:四半期|季度)|q(?P<qn2>[1-4])"
_PART_AFTER = re.compile(rf"^\s*(?:の|的)?\s*(?:(?P<part>{_alt(CJK_PARTS)})|{_QUARTER_SUFFIX})")
_YEAR_GRANULARITIES = {Granularity.YEAR}


def _apply_part(period: DateRange, part: str) -> DateRange:
    """The part of ``period`` named by ``part`` (early/mid/late, h1/h2, q1-q4, a season)."""
    start, end, gran = period.start, period.end, period.granularity
    if gran is Granularity.MONTH:
        y, mo = start.year, start.month
        spans = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day), "h1": (1, 15), "h2": (16, end.day)}
        if part not in spans:
            raise _Refused(f"a month has no {part}")
        first, last = spans[part]
        return DateRange(start=date(y, mo, first), end=date(y, mo, last), granularity=Granularity.PART_OF_MONTH)
    if gran in _YEAR_GRANULARITIES and start.month == 1:
        y = start.year
        if part in ("early", "mid", "late"):
            first = {"early": 1, "mid": 5, "late": 9}[part]
            return DateRange(start=date(y, first, 1), end=month_end(y, first + 3), granularity=Granularity.PART_OF_YEAR)
        if part in ("h1", "h2"):
            first = 1 if part == "h1" else 7
            return DateRange(start=date(y, first, 1), end=month_end(y, first + 5), granularity=Granularity.HALF)
        if part.startswith("q"):
            first_day, last_day = quarter_range(y, int(part[1]))
            return DateRange(start=first_day, end=last_day, granularity=Granularity.QUARTER)
        if part in ("spring", "summer", "autumn", "winter"):
            return _season_range(part, y)
    if gran is Granularity.DECADE and part in ("early", "mid", "late"):
        first = start.year + {"early": 0, "mid": 4, "late": 7}[part]
        last = start.year + {"early": 3, "mid": 6, "late": 9}[part]
        return DateRange(start=date(first, 1, 1), end=date(last, 12, 31), granularity=Granularity.RANGE)
    if gran is Granularity.RANGE and (end.year - start.year) == 99 and part in ("early", "mid", "late"):
        # a century: its first, middle and last thirds, by decades
        first = start.year + {"early": 0, "mid": 30, "late": 70}[part]
        last = start.year + {"early": 29, "mid": 69, "late": 99}[part]
        return DateRange(start=date(first, 1, 1), end=date(last, 12, 31), granularity=Granularity.RANGE)
    raise _Refused(f"cannot take {part!r} of {period}")


def _script_ok(script: str, cjk: bool, latin: bool) -> bool:
    return script == "any" or (script == "cjk" and cjk) or (script == "latin" and latin)


def find_periods(
    folded: str,
    *,
    base: date | None,
    languages: Sequence[str],
    date_order: Order = None,
    original: str | None = None,
) -> list[PeriodHit]:
    """Every period the grammar reads in ``folded`` text, with parts applied, in order of position.

    Overlapping readings are all returned; callers pick the longest. A phrase
    that looks like a date but cannot be read (ambiguous, or relative without a
    ``base``) comes back with ``range=None`` and the reason in ``error``.
    """
    cjk = any(lang in ("ja", "zh") for lang in languages)
    latin = any(lang not in ("ja", "zh") for lang in languages)
    hits: list[PeriodHit] = []
    for pattern, builder, script, relative, yearless in _ENTRIES:
        if not _script_ok(script, cjk, latin):
            continue
        for m in pattern.finditer(folded):
            start, end = m.span()
            if yearless and script == "latin" and not _month_in_context(original, folded, start, end):
                continue  # "May I ask", "march on": a month name alone must read as a month
            try:
                period = builder(m, base, date_order)
            except _NeedsBase:
                hits.append(PeriodHit(start, end, None, "relative to a date: pass base/said_on", relative))
                continue
            except _Refused as exc:
                hits.append(PeriodHit(start, end, None, str(exc), relative))
                continue
            hits.append(_with_parts(folded, start, end, period, relative, yearless))
    return hits


_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|by|until|till|before|after|since|early|mid|late|of|through|from|end|im|bis|vor|en|d'ici|avant"
    r"|para|hasta|antes\s+de|de|anfang|mitte|ende|debut|fin|principios\s+de|mediados\s+de|finales\s+de)[\s-]*)$"
)


def _month_in_context(original: str | None, folded: str, start: int, end: int) -> bool:
    """A month named without a year counts only after a preposition or part word, or as the whole text."""
    if start == 0 and end == len(folded):
        return True
    verb_like = folded[start:end] in ("may", "march")
    if verb_like and original is not None and len(original) == len(folded) and not original[start:end][:1].isupper():
        return False
    return _MONTH_CONTEXT.search(folded, max(0, start - 16), start) is not None


def _with_parts(folded: str, start: int, end: int, period: DateRange, relative: bool, yearless: bool) -> PeriodHit:
    part: str | None = None
    new_start, new_end = start, end
    before = _PART_BEFORE.search(folded, max(0, start - 24), start)
    if before is not None and before.end() == start:
        part = PARTS[before["part"]]
        new_start = before.start()
    else:
        after = _PART_AFTER.match(folded[end : end + 12])
        if after is not None:
            if after["part"]:
                part = CJK_PARTS[after["part"]]
            else:
                part = f"q{int(read_number(after['qn'] or after['qn2']) or 0)}"
            new_end = end + after.end()
    if part is None:
        return PeriodHit(start, end, period, None, relative, None, yearless)
    try:
        period = _apply_part(period, part)
    except _Refused as exc:
        if before is None and part != "winter":  # a suffix that does not fit this period: read the period alone
            return PeriodHit(start, end, period, None, relative, None, yearless)
        return PeriodHit(new_start, new_end, None, str(exc), relative, part, yearless)
    return PeriodHit(new_start, new_end, period, None, relative, part, yearless)


_LEADING = re.compile(
    r"^(?:(?:in|on|at|during|the|im|am|in der|en|el|la|le|les|au|a|durante|um|a partir de|since)\s+)+"
)
_TRAILING = " .,;:!?。、)）」』"
"""Stripped from the end of the folded text (white space is already one space there). ``str.rstrip``, not a
pattern: ``[...]+$`` searched for would rescan every run of these characters to its end (quadratic time)."""
MAX_PHRASE = 256
"""The longest phrase read as one date, in folded characters once the words around it are trimmed.

The grammar's longest reading is well under 100 characters, so nothing readable is lost; the cap keeps
untrusted text from reaching the grammar (thousands of dates in one text) and dateparser."""


def parse_date_range(
    text: str,
    *,
    base: DayInput | None = None,
    languages: Sequence[str] | None = None,
    date_order: DateOrder | DateOrderText | None = None,
) -> DateRange:
    """Read a fuzzy point in time ("late February 2018", "2025年第3四半期", "mi-mars 2025") as a DateRange.

    ``base`` (a date or a ``YYYY-MM-DD`` string) anchors relative words ("next year", 来年);
    without it they raise.
    ``languages`` (BCP 47 tags) limit the grammar and dateparser's fallback;
    without them the script decides (see ``_text.languages_for``).
    ``date_order`` ("DMY", "MDY", "YMD") settles numeric dates such as
    03/04/2025, which otherwise raise as ambiguous. The result's ``text`` is
    the input and ``granularity`` says how precise it is.

    Example:
        >>> r = parse_date_range("late February 2018")
        >>> (r.start.isoformat(), r.end.isoformat(), r.granularity.value)
        ('2018-02-21', '2018-02-28', 'part_of_month')

    Raises:
        DateParseError: nothing could be read, the phrase is ambiguous, or it is longer than
            :data:`MAX_PHRASE` characters (its error then quotes only the start of the text).
    """
    base = as_date(base, name="base") if base is not None else None
    folded = fold(text)
    langs = languages_for(folded, languages)
    core = _LEADING.sub("", folded).rstrip(_TRAILING)
    if not core:
        raise DateParseError(text, "empty text")
    if len(core) > MAX_PHRASE:
        raise DateParseError(_excerpt(text), f"{len(core):,} characters is too long for a date (at most {MAX_PHRASE})")
    offset = folded.find(core)
    hits = find_periods(folded, base=base, languages=langs, date_order=date_order, original=" ".join(text.split()))
    whole = [h for h in hits if h.start <= offset and h.end >= offset + len(core)]
    if whole:
        best = max(whole, key=lambda h: (h.range is not None, h.end - h.start))
        if best.range is None:
            raise DateParseError(text, best.error or "unreadable")
        return best.range.model_copy(update={"text": text})
    from claimtrack.dates._dateparser import dateparser_range

    found = dateparser_range(core, base, langs)
    if found is not None:
        return found.model_copy(update={"text": text})
    partial = [h for h in hits if h.range is None and h.error]
    raise DateParseError(text, (partial[0].error if partial else None) or "no date found")


def _excerpt(text: str) -> str:
    """The start of a text too long to quote whole in an error message."""
    return text if len(text) <= 80 else text[:80] + "..."
