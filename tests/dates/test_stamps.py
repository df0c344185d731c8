"""Date stamps as data and markup write them: one home for the importers and the page reader."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack import DateRange, Granularity
from claimtrack.dates import ParsedDate, date_in_path, parse_published, parse_stamp
from claimtrack.dates.stamps import day_in_path

# -- whole values of data fields ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("2024-03-18", date(2024, 3, 18), date(2024, 3, 18), Granularity.DAY),
        ("2024-03-18T23:30:00-05:00", date(2024, 3, 18), date(2024, 3, 18), Granularity.DAY),
        ("2024-03-18 10:00:00.123Z", date(2024, 3, 18), date(2024, 3, 18), Granularity.DAY),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Granularity.MONTH),
        ("2024", date(2024, 1, 1), date(2024, 12, 31), Granularity.YEAR),
    ],
)
def test_iso_forms_are_read_without_a_note(text: str, start: date, end: date, granularity: Granularity) -> None:
    assert parse_stamp(text) == ParsedDate(start, end, granularity)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("March 18, 2024", date(2024, 3, 18)),
        ("18th Mar 2024", date(2024, 3, 18)),
        ("Sept 3, 2020", date(2020, 9, 3)),
        ("2024/3/18", date(2024, 3, 18)),
        ("20240318", date(2024, 3, 18)),
        ("2024年3月18日", date(2024, 3, 18)),
        ("2024-03-18 10:00 JST", date(2024, 3, 18)),
    ],
)
def test_other_forms_are_read_with_a_note_for_a_warning(text: str, day: date) -> None:
    found = parse_stamp(text)
    assert found is not None
    assert (found.start, found.end, found.granularity) == (day, day, Granularity.DAY)
    assert found.odd is not None
    assert repr(text) in found.odd


def test_a_calendar_date_is_kept_as_written_not_moved_to_utc() -> None:
    found = parse_stamp("2024-03-18T23:30:00-05:00")  # 2024-03-19 in UTC
    assert found is not None
    assert found.start == date(2024, 3, 18)


def test_the_whole_field_must_be_a_date() -> None:
    """A field with more than a date is reported, not half read (markup is read differently, below)."""
    for text in ("June 19, 2024 at 10:00 am", "Wednesday, June 19, 2024", "2024-02-30", "2024-03-18T25:00", "soon"):
        assert parse_stamp(text) is None, text


# -- the start of a markup value ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-06-19T10:00:00+09:00", date(2024, 6, 19)),
        ("2024-6-9", date(2024, 6, 9)),
        ("20240619T100000Z", date(2024, 6, 19)),
        ("Wed, 19 Jun 2024 10:00:00 GMT", date(2024, 6, 19)),
        ("Wednesday, June 19, 2024 at 10:00 am", date(2024, 6, 19)),
        ("June 19, 2024", date(2024, 6, 19)),
    ],
)
def test_a_markup_value_gives_the_date_at_its_start(text: str, day: date) -> None:
    assert parse_published(text) == DateRange.day(day)


def test_a_markup_month_is_the_whole_month_and_nonsense_is_none() -> None:
    assert parse_published(" 2024-06 ") == DateRange.month(2024, 6)
    for text in ("", "   ", "2024-02-30", "Smarch 3, 2024", "last Tuesday", "2024"):
        assert parse_published(text) is None, text


# -- a URL path ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/2024/06/19/openai-news", DateRange.day(date(2024, 6, 19))),
        ("/news/05/15/2024/", DateRange.day(date(2024, 5, 15))),
        ("/story-2024-06-19_x", None),
        ("/story/2024-06-19", DateRange.day(date(2024, 6, 19))),
        ("/2024/06/roundup", DateRange.month(2024, 6)),
        ("/2024/02/31/x", None),
        ("/about", None),
    ],
)
def test_a_date_in_a_url_path(path: str, expected: DateRange | None) -> None:
    assert date_in_path(path) == expected
    # the model-free reading the AVeriTeC importer uses gives the same day, and nothing for a month alone
    assert day_in_path(path) == (expected.start if expected is not None and expected.is_exact else None)
