"""Untrusted text: every reader takes time linear in its input, refuses what is too long to be a date,
and caches only short texts.

The timing tests compare a 1 MB input with a 10 KB one of the same shape *in the same run*, so they
hold on slow and fast machines alike: a linear reader takes about 100 times longer, a quadratic one
10,000 times. Each input below took quadratic time before issue #12 (for example 10 KB of spaces
after a year took 3.1 s in the stamp reader, 40 KB 46 s).
"""

from __future__ import annotations

import contextlib
import gc
import time
import tracemalloc
from collections.abc import Callable
from datetime import date

import pytest

from claimtrack.dates import (
    clear_caches,
    credence_from_text,
    parse_date_range,
    parse_horizon,
    parse_published,
    parse_stamp,
)
from claimtrack.dates.ranges import MAX_PHRASE
from claimtrack.dates.stamps import MAX_STAMP
from claimtrack.errors import ClaimtrackError, DateParseError, HorizonError

S = date(2024, 3, 18)

_FLOOR = 1e-5
"""The shortest 10 KB time the ratios are taken against: below it, a timer tick would decide the ratio."""


def _seconds(read: Callable[[str], object], text: str, repeat: int) -> float:
    """The best of ``repeat`` timings of ``read(text)``, with empty caches each time."""
    best = float("inf")
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        with contextlib.suppress(ClaimtrackError):
            read(text)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(read: Callable[[str], object], shape: Callable[[int], str]) -> None:
    """``read`` of a 1 MB ``shape`` takes less than 1,000 times its 10 KB time (linear: ~100, quadratic: 10,000).

    A 100 KB input is timed first (linear: ~10 times, quadratic: 100 times), so that a quadratic
    reader fails in seconds instead of running for an hour on the 1 MB input.
    """
    small = max(_seconds(read, shape(10_000), 5), _FLOOR)
    middle = _seconds(read, shape(100_000), 3)
    assert middle / small < 100, f"100 KB took {middle / small:.0f}x the time of 10 KB ({middle:.3f}s)"
    large = _seconds(read, shape(1_000_000), 1)
    assert large / small < 1_000, f"1 MB took {large / small:.0f}x the time of 10 KB ({large:.3f}s)"


def _spaces(n: int) -> str:
    return "2024" + " " * n + "x"


@pytest.mark.parametrize(
    ("read", "shape"),
    [
        pytest.param(parse_stamp, _spaces, id="stamp: spaces after a year (the zone-word pattern)"),
        pytest.param(lambda t: parse_stamp(t, day_first=True), lambda n: "1-" * (n // 2), id="stamp: day first"),
        pytest.param(parse_published, lambda n: "June" + " " * n + "19, 2024", id="published: spaces"),
        pytest.param(parse_date_range, lambda n: "2024" + " ." * (n // 2) + "x", id="date range: trailing punctuation"),
        pytest.param(parse_date_range, lambda n: "late February 2018" + " " * n, id="date range: padded with spaces"),
        pytest.param(
            lambda t: parse_date_range(t, base=S), lambda n: "2024-01-01 " * (n // 11), id="date range: dates"
        ),
        pytest.param(lambda t: parse_horizon(t, S), lambda n: "今後" + "十" * n, id="horizon: kanji numerals"),
        pytest.param(lambda t: parse_horizon(t, S), lambda n: "年" + "1" * n + "後", id="horizon: digits among CJK"),
        pytest.param(lambda t: credence_from_text(t, language="fr"), lambda n: "a" * n, id="credence: a long word"),
        pytest.param(credence_from_text, lambda n: "1" * n, id="credence: digits"),
    ],
)
def test_time_is_linear_in_the_length_of_the_text(read: Callable[[str], object], shape: Callable[[int], str]) -> None:
    assert_linear(read, shape)


# -- what is too long to be a date ---------------------------------------------------------------


def test_a_stamp_longer_than_the_cap_is_not_a_date() -> None:
    assert parse_stamp("2024-05-02" + " " * 10_000) is not None  # trimmed first
    assert parse_stamp("2024-05-02 " + "x" * MAX_STAMP) is None
    assert parse_stamp("2024" + " " * 30_000 + "x") is None


def test_a_markup_date_is_read_from_the_start_of_a_long_value() -> None:
    found = parse_published("2024-06-19T10:00:00Z " + "<p>" * 100_000)
    assert found is not None
    assert found.start == date(2024, 6, 19)


def test_a_date_phrase_longer_than_the_cap_is_refused_quoting_only_its_start() -> None:
    text = "2024 " * (MAX_PHRASE // 4)
    with pytest.raises(DateParseError, match="too long") as info:
        parse_date_range(text)
    assert len(str(info.value)) < 300
    found = parse_date_range("  in late February 2018" + " " * 100_000 + " ...")  # the words around are trimmed
    assert (found.start, found.end) == (date(2018, 2, 21), date(2018, 2, 28))


def test_a_long_text_still_gets_its_horizon_and_credence() -> None:
    text = "Filler words. " * 20_000 + "We will probably ship it within five years."
    horizon = parse_horizon(text, S)
    assert (horizon.text, horizon.end) == ("within five years", date(2029, 3, 18))
    credence = credence_from_text(text)
    assert credence is not None
    assert credence.word == "probably"
    with pytest.raises(HorizonError):
        parse_horizon("x" * 200_000, S)


def test_the_tail_of_a_number_is_not_read_as_a_duration() -> None:
    # The number pattern starts where a run of numerals starts (what makes it linear); before, a run
    # that could not start a match was read from inside: 二〇三〇十年 gave 〇三〇十年 (30 years).
    with pytest.raises(HorizonError):
        parse_horizon("2024五十年", S)
    assert parse_horizon("五十年後", S).end == date(2074, 3, 18)


# -- caches hold no long texts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "read",
    [
        lambda t: parse_horizon(t + " within five years", S),
        lambda t: credence_from_text(t + " probably"),
        lambda t: parse_stamp(t),
        lambda t: parse_date_range(t + " 2024"),
    ],
    ids=["horizon", "credence", "stamp", "date range"],
)
def test_caches_do_not_keep_long_texts(read: Callable[[str], object]) -> None:
    # 400 distinct 1 MB texts held 428 MB in the caches; here 20 distinct 50 KB texts must not stay.
    clear_caches()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(20):
            with contextlib.suppress(ClaimtrackError):
                read(f"{i} " + "x" * 50_000)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        clear_caches()
    assert kept < 300_000, f"{kept:,} bytes kept after reading 1 MB of distinct texts"


def test_short_texts_are_still_cached() -> None:
    from claimtrack.dates import hedges, horizons

    clear_caches()
    parse_horizon("within five years", S)
    parse_horizon("within five years", S)
    credence_from_text("probably")
    credence_from_text("probably")
    assert horizons._parse_cached.cache_info().hits == 1
    assert hedges._cached_credence.cache_info().hits == 1
