"""Errors name the text; ambiguity is refused; false hits of dateparser are avoided; no clock, cheap import."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from claimtrack.dates import DateOrder, parse_date_range, parse_horizon
from claimtrack.errors import DateParseError, HorizonError

S = date(2024, 3, 18)


@pytest.mark.parametrize("text", ["", "the weather is nice", "We", "hello world", "こんにちは"])
def test_no_date_raises_naming_the_text(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date_range(text, base=S)
    assert isinstance(info.value, ValueError)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("text", ["The sky is blue", "We love models", "May I ask a question?", "素晴らしいモデル"])
def test_no_horizon_raises_naming_the_text(text: str) -> None:
    with pytest.raises(HorizonError) as info:
        parse_horizon(text, S)
    assert isinstance(info.value, ValueError)
    assert repr(text) in str(info.value)


def test_ambiguous_numeric_date_needs_an_order() -> None:
    with pytest.raises(DateParseError, match="ambiguous"):
        parse_date_range("03/04/2025")
    assert parse_date_range("03/04/2025", date_order="DMY").start == date(2025, 4, 3)
    assert parse_date_range("03/04/2025", date_order="MDY").start == date(2025, 3, 4)
    assert parse_date_range("03/04/2025", date_order=DateOrder.MDY).start == date(2025, 3, 4)
    assert parse_date_range("03/04/2025", date_order=DateOrder.DMY) == parse_date_range("03/04/2025", date_order="DMY")


def test_impossible_day_is_refused() -> None:
    with pytest.raises(DateParseError, match="not a day"):
        parse_date_range("2023-02-29")


def test_winter_of_one_year_is_ambiguous() -> None:
    with pytest.raises(DateParseError, match="ambiguous"):
        parse_date_range("winter 2025")


def test_relative_words_need_a_base() -> None:
    with pytest.raises(DateParseError, match="base"):
        parse_date_range("next year")


def test_bare_japanese_year_is_a_year_not_a_duration() -> None:
    # dateparser 1.5 reads 2030年 as 2030 years from the base (4054-03-18); the grammar must not.
    got = parse_date_range("2030年", base=S)
    assert (got.start, got.end) == (date(2030, 1, 1), date(2030, 12, 31))
    h = parse_horizon("2030年までに", S)
    assert h.end == date(2030, 12, 31)


def test_we_and_may_are_not_dates_in_sentences() -> None:
    h = parse_horizon("We will release an amazing model this year", S)
    assert h.text == "this year"
    h = parse_horizon("Prices may fall, we think, within two years", S)
    assert h.text == "within two years"
    with pytest.raises(HorizonError):
        parse_horizon("We may do it", S)


def test_a_horizon_that_ended_before_it_was_said_is_refused() -> None:
    with pytest.raises(HorizonError, match="before the claim was made"):
        parse_horizon("by 2020", S)


def test_the_same_words_depend_only_on_said_on() -> None:
    assert parse_horizon("this year", date(2031, 6, 1)).end == date(2031, 12, 31)
    assert parse_horizon("by the end of this decade", date(2031, 6, 1)).end == date(2039, 12, 31)


def test_import_claimtrack_does_not_import_dateparser() -> None:
    code = "import claimtrack, sys; assert 'dateparser' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_grammar_phrases_do_not_import_dateparser() -> None:
    code = (
        "import sys, datetime, claimtrack as ct\n"
        "ct.parse_horizon('within five years', datetime.date(2024, 3, 18))\n"
        "ct.parse_date_range('2018年2月末')\n"
        "ct.credence_from_text('probably')\n"
        "assert 'dateparser' not in sys.modules\n"
        "ct.parse_date_range('Tuesday, 19th of March 2024')\n"
        "assert 'dateparser' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_module_reads_the_clock() -> None:
    from pathlib import Path

    import claimtrack.dates

    for path in Path(claimtrack.dates.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for forbidden in ("date.today", "datetime.now", "datetime.today", "time.time(", "utcnow"):
            assert forbidden not in source, f"{path.name} uses {forbidden}"
