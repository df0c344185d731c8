"""One day given by a caller: a ``date`` or an ISO ``YYYY-MM-DD`` string, and why a value is not one.

It lives in the model layer, the lowest that takes days, so the model's own methods
(``DateRange.day``, ``DateRange.contains``, ``Horizon.has_ended``) read days the same way;
:mod:`claimtrack.dates` re-exports it as the public home.

Every public function that takes a day (``as_of``, ``on``, ``said_on``,
``base``) reads it through :func:`as_date`, and the CLI's ``DATE`` options
read theirs through :func:`read_day`, so a script, a notebook and a shell
accept the same values and refuse the same ones with the same words:
``2023-02-29: February has 28 days in 2023``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from claimtrack.errors import DateParseError

__all__ = ["DayInput", "as_date", "day_problem", "read_day"]

DayInput = date | str
"""What a parameter taking a day accepts: a ``date`` or an ISO ``YYYY-MM-DD`` string."""

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")  # fmt: skip
# not calendar.month_name, which follows the process's locale


def day_problem(year: int, month: int, day: int) -> str | None:
    """Why ``year-month-day`` is not a day of the calendar, in words; None when it is one.

    Example:
        >>> day_problem(2023, 2, 29)
        'February has 28 days in 2023'
        >>> day_problem(2024, 2, 29) is None
        True
    """
    if not 1 <= year <= 9999:
        return "years run from 0001 to 9999"
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 01 to 12)"
    if day < 1:
        return "days start at 01"
    last = calendar.monthrange(year, month)[1]
    if day > last:
        if month == 2:
            return f"February has {last} days in {year}"
        return f"{_MONTH_NAMES[month - 1]} has {last} days"
    return None


def read_day(text: str) -> date:
    """The day an ISO ``YYYY-MM-DD`` string names (white space around it ignored).

    Raises:
        DateParseError: (a ValueError) the text is not in that form, or names no day of the
            calendar; ``reason`` says which ("February has 28 days in 2023").
    """
    value = text.strip()
    match = _ISO_DAY.fullmatch(value)
    if match is None:
        raise DateParseError(text, "not a date in YYYY-MM-DD form")
    year, month, day = (int(part) for part in match.groups())
    problem = day_problem(year, month, day)
    if problem is not None:
        raise DateParseError(text, problem)
    return date(year, month, day)


def as_date(value: DayInput, *, name: str = "date") -> date:
    """A day given as a ``date`` or an ISO ``YYYY-MM-DD`` string, as a ``date``.

    ``name`` is the parameter's name, for the error. A ``datetime`` is refused rather
    than cut to its date, since which day it falls on depends on a time zone.

    Example:
        >>> as_date("2024-06-01")
        datetime.date(2024, 6, 1)

    Raises:
        TypeError: ``value`` is neither a date nor a string (or is a datetime).
        DateParseError: (a ValueError) the string is not a day in ``YYYY-MM-DD`` form; the message
            says what is wrong ("cannot read a date from '2023-02-29': February has 28 days in 2023").
    """
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a date or a 'YYYY-MM-DD' string, not a datetime (use its .date())")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return read_day(value)
    raise TypeError(f"{name} must be a date or a 'YYYY-MM-DD' string, not {type(value).__name__}")
