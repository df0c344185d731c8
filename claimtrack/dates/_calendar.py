"""Calendar arithmetic and the vocabularies of months, units and seasons.

All words are in folded form (lower case, accents dropped; see ``_text.fold``).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = [
    "MONTHS",
    "UNITS",
    "add_units",
    "month_end",
    "quarter_range",
]

# month name (folded) -> month number, for en, de, fr, es. Abbreviations need a following dot or year.
MONTHS: dict[str, int] = {}
_MONTH_NAMES = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"],
    "de": ["januar", "februar", "marz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember"],
    "fr": ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
}  # fmt: skip
MONTHS_BY_LANGUAGE: dict[str, dict[str, int]] = {}
for _lang, _names in _MONTH_NAMES.items():
    table = {name: i + 1 for i, name in enumerate(_names)}
    MONTHS_BY_LANGUAGE[_lang] = table
    MONTHS.update(table)
_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12, "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12, "janv.": 1, "fevr.": 2, "avr.": 4, "juil.": 7,
    "okt.": 10, "dez.": 12, "ene.": 1, "dic.": 12, "setiembre": 9, "jänner": 1, "janner": 1,
}  # fmt: skip
MONTHS.update(_ABBREVIATIONS)
MONTHS_BY_LANGUAGE["en"].update({k: v for k, v in _ABBREVIATIONS.items() if k[:3] in {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}})  # fmt: skip

UNITS = ("day", "week", "month", "quarter", "year", "decade", "century")


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_units(day: date, amount: float, unit: str) -> date:
    """``day`` plus ``amount`` units; fractions of months and years are rounded to whole months or days."""
    if unit == "day":
        return day + timedelta(days=round(amount))
    if unit == "week":
        return day + timedelta(days=round(amount * 7))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit] * amount
    whole = int(months)
    result = add_months(day, whole)
    if months != whole:  # half a month and the like
        result += timedelta(days=round((months - whole) * 30.44))
    return result


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter (1-4)."""
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), month_end(year, first + 2)
