"""Fuzzing the date readers: any text gives a result or a ClaimtrackError (DateParseError, HorizonError)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.dates import (
    credence_from_text,
    date_in_path,
    parse_date_range,
    parse_horizon,
    parse_published,
    parse_stamp,
)
from claimtrack.errors import ClaimtrackError
from claimtrack.model import Credence, DateRange, Horizon

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_WORDS = [
    "in", "within", "by", "the", "end", "of", "late", "early", "mid", "next", "this", "year", "years", "months",
    "decade", "Q3", "H2", "2024", "2030", "1.5", "five", "a few", "soon", "May", "March", "winter", "2025/26",
    "03/04/2025", "2024-05-02", "T10:00", "EST", "(UTC)", "+09:00", "probably", "will", "70%", "chance", "not",
    "今年", "来年", "十年", "2030年", "年度", "第3四半期", "上旬", "末", "以内", "後", "おそらく", "かもしれない",
    "明年", "年底", "可能", "Ende", "nächsten", "Jahren", "fin", "années", "dans", "finales", "de", "años",
    "十", "〇", "1", "-", "/", ".", ",", " ", "\u3000", "\t", "\n", "。", "」",
]  # fmt: skip
_phrases = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join),
    st.lists(st.sampled_from(_WORDS), max_size=12).map("".join),
)
_languages = st.one_of(
    st.none(), st.lists(st.sampled_from(["en", "ja", "zh", "de", "fr", "es", "ko", "x"]), max_size=2)
)
_days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def safely(read: Any, *args: Any, **kwargs: Any) -> object:
    try:
        return read(*args, **kwargs)
    except ClaimtrackError:
        return None


@FUZZ
@given(_phrases, st.one_of(st.none(), _days), _languages, st.sampled_from([None, "DMY", "MDY", "YMD"]))
def test_parse_date_range(text: str, base: date | None, languages: list[str] | None, order: Any) -> None:
    found = safely(parse_date_range, text, base=base, languages=languages, date_order=order)
    assert found is None or isinstance(found, DateRange)


@FUZZ
@given(_phrases, _days, _languages)
def test_parse_horizon(text: str, said_on: date, languages: list[str] | None) -> None:
    found = safely(parse_horizon, text, said_on, languages=languages)
    assert found is None or isinstance(found, Horizon)


@FUZZ
@given(_phrases, st.one_of(st.none(), st.sampled_from(["en", "ja", "zh", "de", "fr", "es", "pt-BR", "x"])))
def test_credence_from_text(text: str, language: str | None) -> None:
    found = safely(credence_from_text, text, language=language)
    assert found is None or isinstance(found, Credence)


@FUZZ
@given(
    st.one_of(_phrases, st.integers(), st.none(), st.dictionaries(st.sampled_from(["@value", "x"]), _phrases)),
    st.booleans(),
)
def test_stamps(value: Any, day_first: bool) -> None:
    safely(parse_stamp, value, day_first=day_first)
    if isinstance(value, str):
        safely(parse_published, value)
        safely(date_in_path, "/" + value)
