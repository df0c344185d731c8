"""Prediction horizons: by when a prediction or commitment has to come true.

``parse_horizon`` finds the time phrase in a phrase or a whole sentence and
turns it into a :class:`~claimtrack.model.Horizon` by the conventions of
docs/horizons.md (ARCHITECTURE.md, "Horizons"):

==========================================  ====================================  ==============
wording                                      start .. end (inclusive)              rule
==========================================  ====================================  ==============
this year / 今年 / 今年中 / 年内             said_on .. 31 Dec of that year        this-year
next year / 来年                             1 Jan .. 31 Dec of the next year      next-year
within N units / in the next N / N年以内     said_on .. said_on + N units          within
in N units / N units from now / N年後        said_on .. said_on + N units          in
by YEAR / YEAR年までに                       said_on .. 31 Dec YEAR                by
by MONTH YEAR                                said_on .. last day of that month     by
before YEAR                                  said_on .. 31 Dec YEAR-1              before
by the end of this decade                    said_on .. 31 Dec 2029 (2020s)        end-of-decade
a few / several / the coming units           said_on .. said_on + 6 units, vague   vague
eventually / someday / 遠い将来              said_on .. open (end None)            open-ended
soon / near future / 近い将来                said_on .. open (end None), vague     soon
in PERIOD (in 2030, in Q3 2025)              max(said_on, start) .. its end        in-period
bare duration ("10年", "five years")         said_on .. said_on + N units          duration
==========================================  ====================================  ==============
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date, timedelta

import attrs

from claimtrack.dates._calendar import add_units
from claimtrack.dates._text import CACHED_TEXT, fold, languages_for, original_span
from claimtrack.dates.numbers import KANJI_NUMBER, NUMBER, read_number
from claimtrack.dates.ranges import PeriodHit, find_periods
from claimtrack.errors import HorizonError
from claimtrack.model import DateRange, Granularity, Horizon
from claimtrack.model.days import DayInput, as_date

__all__ = ["clear_cache", "parse_horizon"]

_VAGUE_UNITS = 6
"""A few / several / the coming units: said_on + 6 units (ARCHITECTURE.md convention)."""


def _unit(word: str) -> str:
    """The unit a (folded) unit word names."""
    w = word.strip()
    for prefixes, unit in (
        (("jahrzehnt", "decade", "decenni", "decada", "十年"), "decade"),
        (("centur", "jahrhundert", "siecle", "siglo", "世紀", "世纪"), "century"),
        (("day", "tag", "jour", "dia", "日", "天"), "day"),
        (("week", "woche", "semaine", "semana", "週", "周", "星期"), "week"),
        (("quarter", "quartal", "trimestre", "四半期", "季度"), "quarter"),
        (("month", "monat", "mois", "mes", "か月", "个月", "月"), "month"),
        (("year", "jahr", "an", "annee", "ano", "年"), "year"),
    ):
        if w.startswith(prefixes):
            return unit
    raise ValueError(f"no unit {word!r}")


_UNIT_L = (
    r"(?:days?|weeks?|months?|quarters?|years?|decades?|century|centuries"
    r"|tagen?|tage|wochen?|monaten?|monate|monat|quartalen?|quartale|quartal|jahrzehnten?|jahrzehnte|jahrzehnt"
    r"|jahrhunderts?|jahren?|jahre|jahr"
    r"|jours?|semaines?|mois|trimestres?|annees?|ans|an|decennies?|siecles?"
    r"|dias?|semanas?|meses|mes|anos|ano|decadas?|siglos?)"
)
_UNIT_L_PLURAL = (
    r"(?:days|weeks|months|quarters|years|decades|tagen|tage|wochen|monaten|monate|quartalen|quartale|jahren"
    r"|jahre|jahrzehnten|jahrzehnte|jours|semaines|mois|trimestres|annees|ans|decennies"
    r"|dias|semanas|meses|trimestres|anos|decadas)"
)
_UNIT_CJK = r"(?:日間|日|天|週間|週|个星期|星期|周|か月間|か月|个月|四半期|季度|年間|年)"
_DUR_L = (
    rf"(?P<n>{NUMBER})\s+(?:more\s+|further\s+|additional\s+|weiteren\s+|weitere\s+"
    r"|prochaine?s\s+|proximos\s+|proximas\s+|siguientes\s+)?"
    rf"(?P<u>{_UNIT_L})\b(?P<half>\s+and\s+a\s+half|\s+et\s+demie?|\s+y\s+medi[oa])?"
    r"(?:\s+(?:a\s+venir|prochaine?s|venideros|que\s+vienen))?"
)
_HALF_DUR_L = r"(?:half\s+a\s+|a\s+half\s+|un\s+demi-?|medio\s+|ein\s+halbes\s+)(?P<hu>year|jahr|an|ano)\b"
# A number starts where a run of digits (or of kanji numerals) starts: a search would otherwise try
# every position inside a long run and rescan it to its end each time (quadratic time). A match that
# starts inside a run always has a longer twin starting at the run's start, so nothing is lost.
_DUR_CJK = (
    rf"(?P<n>(?<!\d)\d+(?:\.5)?|(?<!{KANJI_NUMBER[:-1]}){KANJI_NUMBER})\s*(?P<u>{_UNIT_CJK})(?P<half>半)?"
    r"(?!\s*\d{1,2}\s*月|代|度|\d)"
)
_SMALL_CJK_YEAR = re.compile(r"^\d{4}$")


@attrs.frozen
class _Candidate:
    start: int
    end: int
    tier: int
    """How strongly the wording marks a horizon: 3 deadline words, 2 "in PERIOD", 1 a bare phrase."""
    horizon_start: date
    horizon_end: date | None
    rule: str
    vague: bool = False
    note: str | None = None


# --- duration rules -------------------------------------------------------------------------

_WITHIN_L = re.compile(
    r"\b(?:within(?:\s+the\s+next)?|in\s+the\s+next|over\s+the\s+next|during\s+the\s+next|in\s+the\s+coming"
    r"|over\s+the\s+coming|in\s+the\s+following|over\s+the\s+following|the\s+next|next|in\s+less\s+than"
    r"|less\s+than|in\s+under|inside\s+of|no\s+more\s+than|up\s+to"
    r"|innerhalb(?:\s+von|\s+der\s+nachsten|\s+der\s+kommenden|\s+eines|\s+einer|\s+der)?|binnen"
    r"|in\s+den\s+nachsten|in\s+den\s+kommenden|uber\s+die\s+nachsten|in\s+weniger\s+als|die\s+nachsten"
    r"|d'ici(?:\s+a)?|dans\s+les|au\s+cours\s+des|durant\s+les|pendant\s+les|en\s+moins\s+de|sous"
    r"|(?:en|durante|dentro\s+de)\s+(?:los|las)\s+(?:proximos|proximas|siguientes)"
    r"|(?:los|las)\s+(?:proximos|proximas|siguientes)|en\s+menos\s+de|antes\s+de)\s+"
    rf"(?:{_DUR_L}|{_HALF_DUR_L})"
)
_IN_L = re.compile(
    r"\b(?:in|after|nach|dans|dentro\s+de|en)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|some\s+"
    r"|etwa\s+|environ\s+|unos\s+|unas\s+|ungefahr\s+)?"
    rf"(?:{_DUR_L}|{_HALF_DUR_L})(?!\s+(?:ago|old|earlier|before))"
)
_FROM_NOW_L = re.compile(
    rf"\b(?:{_DUR_L}|{_HALF_DUR_L})\s+(?:from\s+now|from\s+today|hence|later|out|down\s+the\s+(?:road|line))\b"
)
_BARE_L = re.compile(rf"\b(?:{_DUR_L})(?!\s+(?:ago|old|earlier|before|since))")
_PAST_BEFORE = re.compile(r"(?:last|past|previous|vor|depuis|hace|il\s+y\s+a|for\s+the\s+past)\s+$")
_WITHIN_CJK = re.compile(
    rf"(?:今後|これから|この先|向こう|今后|未来|接下来(?:的)?|在未来(?:的)?)\s*(?:の)?\s*{_DUR_CJK}"
    r"\s*(?:以内|之内|内|のうちに|の間|间)?"
)
_WITHIN_CJK_SUFFIX = re.compile(rf"{_DUR_CJK}\s*(?:以内|之内|内|のうちに)")
_IN_CJK = re.compile(rf"{_DUR_CJK}\s*(?:後|后|以后|之后|以後|先)")
_BARE_CJK = re.compile(rf"(?<![\d年])(?:{_DUR_CJK})(?!\s*(?:前|以前|之前|ago))")

# --- vague, open-ended, soon ----------------------------------------------------------------

_VAGUE_L = re.compile(
    r"\b(?:(?:in|within|over|during|for)\s+)?(?:the\s+)?(?:next|coming|following|upcoming)\s+"
    rf"(?:few\s+|several\s+|couple\s+of\s+)?(?P<u>{_UNIT_L_PLURAL})\b"
    r"|\b(?:(?:in|within|over|after|for)\s+)?(?:the\s+next\s+|the\s+coming\s+)?(?:a\s+few|few|several|some"
    rf"|a\s+number\s+of|a\s+handful\s+of)\s+(?:more\s+)?(?P<u2>{_UNIT_L_PLURAL})\b"
    rf"|\b(?:in\s+|over\s+)?the\s+(?P<u3>{_UNIT_L_PLURAL})\s+(?:ahead|to\s+come)\b"
    r"|\b(?:(?:in|innerhalb|nach|uber)\s+)?(?:den\s+|die\s+)?(?:nachsten|kommenden|folgenden)\s+(?:paar\s+)?"
    rf"(?P<u4>{_UNIT_L_PLURAL})\b"
    r"|\b(?:(?:in|innerhalb|nach|binnen)\s+)?(?:ein\s+paar|einigen|wenigen|mehreren)\s+"
    rf"(?P<u5>{_UNIT_L_PLURAL})\b"
    r"|\b(?:(?:dans|au\s+cours|durant|pendant|d'ici)\s+)?(?:les\s+|des\s+)?(?:prochaine?s|quelques|plusieurs)\s+"
    rf"(?P<u6>{_UNIT_L_PLURAL})\b"
    rf"|\b(?:(?:dans|au\s+cours\s+des|durant)\s+les\s+)?(?P<u7>mois|annees|semaines|jours)\s+(?:a\s+venir|prochains)\b"
    r"|\b(?:(?:en|durante|dentro\s+de)\s+)?(?:los\s+|las\s+|unos\s+|unas\s+)?(?:proximos|proximas|siguientes"
    rf"|varios|varias|algunos|algunas|pocos|pocas|unos|unas)\s+(?P<u8>{_UNIT_L_PLURAL})\b"
    rf"|\b(?P<u9>meses|anos|semanas)\s+(?:venideros|que\s+vienen)\b"
)
_VAGUE_CJK = re.compile(
    r"(?:(?:今後|これから|この先|向こう|ここ|今后|未来|接下来(?:的)?|在未来(?:的)?|近)\s*(?:の)?\s*)?"
    r"(?:数|幾|几|何|若干|十数|数十)\s*(?P<u>日間|日|天|週間|週|个星期|星期|周|か月間|か月|个月|月|四半期|季度|年間|年)"
    r"(?:以内|之内|内|のうちに|の間|间|後|后|以后|之后)?"
)
_OPEN_L = re.compile(
    r"\b(?:eventually|someday|some\s+day|one\s+day|sooner\s+or\s+later|at\s+some\s+point(?:\s+in\s+the\s+future)?"
    r"|in\s+the\s+(?:(?:way\s+)?(?:distant|far(?:\s+off)?|long(?:er)?[\s-]term|remote)\s+)?future|the\s+(?:distant\s+)?future"
    r"|in\s+the\s+long\s+(?:run|term)|over\s+the\s+long\s+(?:run|term)|in\s+the\s+fullness\s+of\s+time"
    r"|ultimately|in\s+time|over\s+time|one\s+of\s+these\s+days|there\s+will\s+come\s+a\s+(?:point|time|day)"
    r"|upcoming\s+(?:versions?|releases?|models?)|the\s+next\s+(?:versions?|releases?|models?)"
    r"|for\s+(?:\w+\s+)?the\s+rest\s+of\s+(?:my|his|her|our|their|your)\s+(?:career|life|lives)|for\s+the\s+foreseeable\s+future"
    r"|over\s+the\s+course\s+of\s+(?:your|my|our|their|a)\s+life(?:time)?|no\s+time\s+given|open[\s-]ended"
    r"|irgendwann|eines\s+tages|in\s+(?:ferner\s+)?zukunft|zukunftig|kunftig|langfristig|auf\s+lange\s+sicht"
    r"|fruher\s+oder\s+spater|un\s+jour|a\s+terme|a\s+l'avenir|dans\s+le\s+futur|dans\s+un\s+(?:avenir|futur)\s+lointain"
    r"|a\s+long\s+terme|tot\s+ou\s+tard|algun\s+dia|en\s+el\s+futuro|a\s+largo\s+plazo|tarde\s+o\s+temprano"
    r"|con\s+el\s+tiempo|en\s+un\s+futuro\s+lejano)\b"
)
_OPEN_CJK = re.compile(
    r"遠い将来|遠い未来|はるか未来|はるか先|いつか|いつの日か|いずれ|将来的に|将来|長期的に|やがて|そのうち|最終的に"
    r"|总有一天|迟早|终将|最终|长远来看|从长远看|遥远的未来|将来|未来"
)
_SOON_L = re.compile(
    r"\b(?:(?:relatively|very|pretty|quite|fairly)\s+)?(?:soon|shortly|before\s+long|imminently)\b"
    r"|\bin\s+the\s+(?:near|not\s+too\s+distant|not-too-distant|foreseeable)\s+(?:future|term)\b"
    r"|\b(?:bald|demnachst|in\s+naher\s+zukunft|in\s+kurze|bientot|prochainement|dans\s+un\s+(?:avenir|futur)\s+proche"
    r"|sous\s+peu|pronto|en\s+breve|en\s+un\s+futuro\s+(?:cercano|proximo))\b"
)
_SOON_CJK = re.compile(r"近い将来|近いうちに|近々|間もなく|まもなく|もうすぐ|じきに|不久的将来|不久|很快|近期|即将")

# --- deadline words around a period -------------------------------------------------------

_BY_BEFORE = re.compile(
    r"\b(?P<kw>by|until|till|through|thru|no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest\s+by|by\s+no\s+later\s+than"
    r"|bis(?:\s+zum|\s+zur|\s+spatestens)?|spatestens(?:\s+bis)?|d'ici(?:\s+a|\s+la|\s+le|\s+l')?|jusqu'(?:en|a|au)"
    r"|para(?:\s+el|\s+la)?|hasta(?:\s+el|\s+la)?|de\s+aqui\s+a)\s*(?:the\s+)?$"
)
_BEFORE_BEFORE = re.compile(
    r"\b(?P<kw>before|prior\s+to|ahead\s+of|vor|noch\s+vor|avant(?:\s+la|\s+le|\s+l')?|antes\s+de(?:l|\s+la|\s+el)?)"
    r"\s*(?:the\s+)?$"
)
_IN_BEFORE = re.compile(
    r"\b(?P<kw>in|during|within|sometime\s+in|some\s+time\s+in|throughout|over|im|in\s+der|wahrend|noch"
    r"|im\s+laufe\s+(?:des|der)|dans|en|au|au\s+cours\s+de|courant|durant|pendant|a\s+lo\s+largo\s+de|durante"
    r"|dentro\s+de|later|later\s+in|earlier\s+in)\s*(?:the\s+)?$"
)
_CJK_BEFORE = re.compile(r"(?P<kw>到|截至|截止到?|在|于)\s*$")
_CJK_AFTER = re.compile(
    r"\s*(?:の)?\s*(?P<kw>までに|まで|为止|以前|より前に?|之前|前に|前|のうちに|中に|中|内に|以内|之内|内)"
)
_CJK_KW = {
    "までに": "by", "まで": "by", "为止": "by", "以前": "by", "前": "by", "前に": "before", "より前": "before",
    "より前に": "before", "之前": "before", "のうちに": "in", "中に": "in", "中": "in", "内に": "in",
    "以内": "in", "之内": "in", "内": "in",
}  # fmt: skip
_THIS_YEAR_CJK = re.compile(r"年内|年中に|本年中")


def _duration_candidates(folded: str, said_on: date, cjk: bool, latin: bool) -> list[_Candidate]:
    out: list[_Candidate] = []

    def add(m: re.Match[str], rule: str, tier: int) -> None:
        groups = m.groupdict()
        unit = _unit(groups.get("u") or groups.get("hu") or "")
        n_text = groups.get("n")
        amount = read_number(n_text) if n_text else 0.5
        if amount is None or amount <= 0:
            return
        if groups.get("half"):
            amount += 0.5
        if unit == "year" and n_text and _SMALL_CJK_YEAR.match(n_text):
            return  # 2030年 is a year, not 2030 years
        try:
            end = add_units(said_on, amount, unit)
        except (OverflowError, ValueError):
            return
        out.append(_Candidate(m.start(), m.end(), tier, said_on, end, rule))

    if latin:
        for m in _WITHIN_L.finditer(folded):
            add(m, "within", 3)
        for m in _IN_L.finditer(folded):
            add(m, "in", 3)
        for m in _FROM_NOW_L.finditer(folded):
            add(m, "in", 3)
        for m in _BARE_L.finditer(folded):
            if m["n"] in ("a", "an", "one") or _PAST_BEFORE.search(folded, max(0, m.start() - 16), m.start()):
                continue
            add(m, "duration", 1)
    if cjk:
        for pattern in (_WITHIN_CJK, _WITHIN_CJK_SUFFIX):
            for m in pattern.finditer(folded):
                add(m, "within", 3)
        for m in _IN_CJK.finditer(folded):
            add(m, "in", 3)
        for m in _BARE_CJK.finditer(folded):
            add(m, "duration", 1)
    return out


def _vague_candidates(folded: str, said_on: date, cjk: bool, latin: bool) -> list[_Candidate]:
    out: list[_Candidate] = []
    patterns = ([_VAGUE_L] if latin else []) + ([_VAGUE_CJK] if cjk else [])
    for pattern in patterns:
        for m in pattern.finditer(folded):
            word = next(v for v in m.groupdict().values() if v)
            unit = _unit(word)
            end = add_units(said_on, _VAGUE_UNITS, unit)
            note = f"{_VAGUE_UNITS} {unit}s by convention: a few / several / the coming {unit}s"
            out.append(_Candidate(m.start(), m.end(), 3, said_on, end, "vague", vague=True, note=note))
    for open_pattern, rule, vague, note in (
        (_OPEN_L if latin else None, "open-ended", False, "no deadline stated"),
        (_OPEN_CJK if cjk else None, "open-ended", False, "no deadline stated"),
        (_SOON_L if latin else None, "soon", True, "'soon' names no deadline"),
        (_SOON_CJK if cjk else None, "soon", True, "'soon' names no deadline"),
    ):
        if open_pattern is None:
            continue
        for m in open_pattern.finditer(folded):
            out.append(_Candidate(m.start(), m.end(), 2, said_on, None, rule, vague=vague, note=note))
    return out


def _period_candidate(folded: str, hit: PeriodHit, said_on: date) -> _Candidate | str:
    assert hit.range is not None
    period: DateRange = hit.range
    start, end = hit.start, hit.end
    kind = "in"
    relative = hit.relative or not any(ch.isdigit() for ch in folded[hit.start : hit.end])
    tier = 2 if relative else 1
    window = folded[max(0, start - 30) : start]
    if m := _BY_BEFORE.search(window):
        kind, start, tier = "by", start - (len(window) - m.start()), 3
    elif m := _BEFORE_BEFORE.search(window):
        kind, start, tier = "before", start - (len(window) - m.start()), 3
    elif m := _CJK_BEFORE.search(window):
        kind = "by" if m["kw"] in ("到", "截至", "截止", "截止到") else "in"
        start, tier = start - (len(window) - m.start()), 3 if kind == "by" else 2
    elif m := _IN_BEFORE.search(window):
        start, tier = start - (len(window) - m.start()), max(tier, 2)
    if after := _CJK_AFTER.match(folded, end):
        kind, end, tier = _CJK_KW[after["kw"]], after.end(), 3
    if kind == "before" and hit.part == "late":
        kind = "by"  # "before the end of 2025" = by the end of 2025
    if hit.yearless and period.end < said_on:
        period = DateRange(
            start=period.start.replace(year=period.start.year + 1),
            end=period.end.replace(year=period.end.year + 1, day=min(period.end.day, 28))
            if period.end.month == 2
            else period.end.replace(year=period.end.year + 1),
            granularity=period.granularity,
        )
    if kind == "before":
        h_start, h_end, rule = said_on, period.start - timedelta(days=1), "before"
    elif kind == "by":
        h_start, h_end, rule = said_on, period.end, "by"
    else:
        h_start, h_end, rule = max(said_on, period.start), period.end, "in-period"
    if period.granularity is Granularity.YEAR and period.start.month == 1:
        if period.start.year == said_on.year and kind in ("in", "by"):
            rule = "this-year"
        elif period.start.year == said_on.year + 1 and kind == "in" and relative:
            rule = "next-year"
    if hit.part == "late" and kind == "by" and period.granularity is Granularity.RANGE:
        decade_end = date(said_on.year // 10 * 10 + 9, 12, 31)
        if period.end == decade_end:
            rule = "end-of-decade"
    if h_end < h_start:
        return f"{str(period)!r} ended before the claim was made ({said_on})"
    return _Candidate(start, end, tier, h_start, h_end, rule)


def _this_year_candidates(folded: str, said_on: date) -> list[_Candidate]:
    end = date(said_on.year, 12, 31)
    return [_Candidate(m.start(), m.end(), 3, said_on, end, "this-year") for m in _THIS_YEAR_CJK.finditer(folded)]


_RULE_ORDER = {
    "by": 9, "before": 9, "end-of-decade": 9, "this-year": 8, "next-year": 8, "within": 7, "in": 7, "vague": 6,
    "in-period": 5, "soon": 4, "open-ended": 3, "duration": 2,
}  # fmt: skip


def _parse(text: str, said_on: date, languages: tuple[str, ...] | None) -> Horizon:
    folded = fold(text)
    langs = languages_for(folded, languages)
    cjk = any(lang in ("ja", "zh") for lang in langs)
    latin = any(lang not in ("ja", "zh") for lang in langs)
    squeezed = " ".join(text.split())
    candidates = _duration_candidates(folded, said_on, cjk, latin)
    candidates += _vague_candidates(folded, said_on, cjk, latin)
    if cjk:
        candidates += _this_year_candidates(folded, said_on)
    errors: list[str] = []
    for hit in find_periods(folded, base=said_on, languages=langs, original=squeezed):
        if hit.range is None:
            errors.append(hit.error or "unreadable date")
            continue
        made = _period_candidate(folded, hit, said_on)
        if isinstance(made, str):
            errors.append(made)
        else:
            candidates.append(made)
    if not candidates:
        raise HorizonError(text, errors[0] if errors else "no horizon found")
    best = max(candidates, key=lambda c: (c.tier, c.end - c.start, _RULE_ORDER[c.rule], -c.start))
    return Horizon(
        text=original_span(text, folded, best.start, best.end),
        start=best.horizon_start,
        end=best.horizon_end,
        vague=best.vague,
        rule=best.rule,
        note=best.note,
    )


def parse_horizon(text: str, said_on: DayInput, *, languages: Sequence[str] | None = None) -> Horizon:
    """Read how long a prediction has to come true, from a phrase or a whole sentence.

    ``said_on`` is the day the claim was made (never the clock): a date or a ``YYYY-MM-DD``
    string. ``languages``
    (BCP 47 tags) limit the grammar; without them the script decides. The
    horizon's ``text`` is the phrase it was read from, ``rule`` the convention
    that produced the dates (see the module docstring and docs/horizons.md).

    Example:
        >>> h = parse_horizon("We will release an amazing model this year", date(2024, 3, 18))
        >>> (h.text, h.end.isoformat(), h.rule)
        ('this year', '2024-12-31', 'this-year')

    Raises:
        HorizonError: the text names no horizon, or only one that ended before ``said_on``.
    """
    said_on = as_date(said_on, name="said_on")
    key = tuple(languages) if languages is not None else None
    if len(text) > CACHED_TEXT:  # read every time: the cache holds no long texts
        return _parse(text, said_on, key)
    return _parse_cached(text, said_on, key)


_parse_cached = functools.lru_cache(maxsize=8192)(_parse)
""":func:`_parse` of texts up to ``CACHED_TEXT`` characters, cached (callers repeat their phrases)."""


def clear_cache() -> None:
    """Forget cached horizons (benchmarks measure a first pass)."""
    _parse_cached.cache_clear()
