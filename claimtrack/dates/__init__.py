"""Fuzzy dates, prediction horizons and hedges, read from text in six languages.

Pure: no I/O and no clock. Every function takes the date it is relative to
(``base``, ``said_on``). dateparser is imported only by ``_dateparser``, and
only when a phrase falls outside the grammar, so ``import claimtrack`` stays
cheap.

* :func:`parse_date_range` - "late February 2018", "2025年第3四半期", "mi-mars 2025" -> DateRange
* :func:`parse_horizon` - "within five years", "今年中", "by the end of this decade" -> Horizon
* :func:`credence_from_text` - "probably", "おそらく", "70% chance", flat "will" -> Credence
* :func:`parse_stamp` - a date field of imported data ("2024-03-18T10:00:00+09:00", "March 18, 2024") -> ParsedDate
* :func:`parse_published` / :func:`date_in_path` - a page's publication date in markup or in its URL -> DateRange
* :func:`as_date` - a day a caller gives (``as_of``, ``on``, ``said_on``): a date or ``"YYYY-MM-DD"`` -> date

Conventions and scales: docs/horizons.md.
"""

from __future__ import annotations

from claimtrack.dates.hedges import BANDS, credence_from_text
from claimtrack.dates.horizons import parse_horizon
from claimtrack.dates.numbers import read_number
from claimtrack.dates.ranges import DateOrder, parse_date_range
from claimtrack.dates.stamps import ParsedDate, date_in_path, parse_published, parse_stamp
from claimtrack.model.days import DayInput, as_date, day_problem, read_day

__all__ = [
    "BANDS",
    "DateOrder",
    "DayInput",
    "ParsedDate",
    "as_date",
    "clear_caches",
    "credence_from_text",
    "date_in_path",
    "day_problem",
    "parse_date_range",
    "parse_horizon",
    "parse_published",
    "parse_stamp",
    "read_day",
    "read_number",
]


def clear_caches() -> None:
    """Forget every cached answer (horizons, credences, dateparser results); benchmarks use it."""
    from claimtrack.dates import _dateparser, hedges, horizons

    horizons.clear_cache()
    hedges.clear_cache()
    _dateparser.clear_cache()
