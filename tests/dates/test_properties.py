"""Properties that hold for every horizon and range, checked with hypothesis."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.dates import parse_date_range, parse_horizon

said_days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
units = st.sampled_from(["days", "weeks", "months", "years", "decades"])
ja_units = st.sampled_from(["日", "週間", "か月", "年"])
templates = st.sampled_from(
    [
        "within {n} {u}",
        "in {n} {u}",
        "in the next {n} {u}",
        "{n} {u} from now",
        "in the coming {u}",
        "a few {u}",
        "this year",
        "next year",
        "by the end of this decade",
        "by {y}",
        "by late {y}",
        "in Q2 {y}",
        "by the end of {y}",
    ]
)


@given(said_days, templates, st.integers(min_value=1, max_value=40), units, st.integers(2091, 2199))
def test_end_is_never_before_start(said_on: date, template: str, n: int, unit: str, year: int) -> None:
    h = parse_horizon(template.format(n=n, u=unit, y=year), said_on)
    assert h.end is not None
    assert h.end >= h.start >= said_on


@given(said_days, st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=60), units)
def test_within_is_monotonic_in_n(said_on: date, a: int, b: int, unit: str) -> None:
    small, large = sorted((a, b))
    h_small = parse_horizon(f"within {small} {unit}", said_on)
    h_large = parse_horizon(f"within {large} {unit}", said_on)
    assert h_small.end is not None
    assert h_large.end is not None
    assert h_small.end <= h_large.end


@given(said_days, st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=60), ja_units)
def test_japanese_within_is_monotonic_in_n(said_on: date, a: int, b: int, unit: str) -> None:
    small, large = sorted((a, b))
    h_small = parse_horizon(f"{small}{unit}以内", said_on)
    h_large = parse_horizon(f"{large}{unit}以内", said_on)
    assert h_small.end is not None
    assert h_large.end is not None
    assert h_small.end <= h_large.end


@given(said_days, said_days, templates, st.integers(min_value=1, max_value=40), units)
def test_later_said_on_never_ends_earlier(d1: date, d2: date, template: str, n: int, unit: str) -> None:
    early, late = sorted((d1, d2))
    text = template.format(n=n, u=unit, y=2199)
    h_early, h_late = parse_horizon(text, early), parse_horizon(text, late)
    assert h_early.end is not None
    assert h_late.end is not None
    assert h_late.end >= h_early.end


@given(
    st.integers(1000, 2999),
    st.integers(1, 12),
    st.sampled_from(["early", "mid", "late", "the end of"]),
)
def test_parts_of_a_month_lie_inside_the_month(year: int, month: int, part: str) -> None:
    month_range = parse_date_range(f"{year}-{month:02d}")
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip
    part_range = parse_date_range(f"{part} {names[month - 1]} {year}")
    assert month_range.start <= part_range.start <= part_range.end <= month_range.end


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_iso_and_japanese_days_round_trip(day: date) -> None:
    assert parse_date_range(day.isoformat()).start == day
    assert parse_date_range(f"{day.year}年{day.month}月{day.day}日").start == day
