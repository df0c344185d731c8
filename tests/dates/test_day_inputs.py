"""A day is given one way everywhere: a date or an ISO ``YYYY-MM-DD`` string, refused with what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.dates import as_date, day_problem, parse_date_range, parse_horizon, read_day
from claimtrack.errors import DateParseError


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-02-29", "February has 28 days in 2023"),
        ("2024-02-30", "February has 29 days in 2024"),
        ("2024-04-31", "April has 30 days"),
        ("2024-13-01", "there is no month 13 (months are 01 to 12)"),
        ("2024-00-10", "there is no month 0 (months are 01 to 12)"),
        ("2024-05-00", "days start at 01"),
        ("0000-01-01", "years run from 0001 to 9999"),
        ("2024-2-3", "not a date in YYYY-MM-DD form"),
        ("June 1, 2024", "not a date in YYYY-MM-DD form"),
        ("20240601", "not a date in YYYY-MM-DD form"),
        ("２０２４-０６-０１", "not a date in YYYY-MM-DD form"),
    ],
)
def test_a_bad_day_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(DateParseError) as info:
        read_day(text)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)
    assert str(info.value) == f"cannot read a date from {text!r}: {reason}"


def test_day_problem_accepts_real_days() -> None:
    assert day_problem(2024, 2, 29) is None
    assert day_problem(2024, 12, 31) is None


def test_as_date_takes_dates_and_iso_strings_only() -> None:
    assert as_date("2024-06-01") == date(2024, 6, 1)
    assert as_date(" 2024-06-01\n") == date(2024, 6, 1)
    assert as_date(date(2024, 6, 1)) == date(2024, 6, 1)
    with pytest.raises(TypeError, match="as_of must be a date or a 'YYYY-MM-DD' string, not int"):
        as_date(20240601, name="as_of")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not a datetime"):
        as_date(datetime(2024, 6, 1, tzinfo=UTC))


def test_parsers_read_their_base_day_the_same_way() -> None:
    assert parse_horizon("this year", "2024-01-01") == parse_horizon("this year", date(2024, 1, 1))
    assert parse_date_range("next year", base="2024-01-01") == parse_date_range("next year", base=date(2024, 1, 1))
    with pytest.raises(DateParseError, match="February has 28 days in 2023"):
        parse_horizon("this year", "2023-02-29")
    with pytest.raises(TypeError, match="said_on must be"):
        parse_horizon("this year", 2024)  # type: ignore[arg-type]


def test_a_written_impossible_day_is_explained() -> None:
    with pytest.raises(DateParseError, match="not a day of the calendar: February has 28 days in 2023"):
        parse_date_range("2023-02-29")


@pytest.fixture
def recorded(memory_ledger: ct.Ledger, make_claim: Callable[..., ct.Claim]) -> ct.Ledger:
    memory_ledger.add(make_claim())
    memory_ledger.record("gpt5-this-year", "false", on="2025-01-01")
    return memory_ledger


def test_the_ledger_takes_strings_where_it_takes_dates(recorded: ct.Ledger) -> None:
    assert recorded.history("gpt5-this-year")[0].effective_on == date(2025, 1, 1)
    assert recorded.status("gpt5-this-year", as_of="2024-06-01") is ct.Verdict.OPEN
    assert recorded.status("gpt5-this-year", as_of="2025-06-01") is ct.Verdict.FALSE
    assert recorded.due(as_of="2024-12-31") == recorded.due(as_of=date(2024, 12, 31))
    assert len(recorded.due(as_of="2024-12-31")) == 1
    open_then = recorded.claims(verdict="open", as_of="2024-06-01")
    assert open_then == recorded.claims(verdict="open", as_of=date(2024, 6, 1))
    assert [claim.id for claim in open_then] == ["gpt5-this-year"]
    assert recorded.verdict_counts(as_of="2024-06-01") == recorded.verdict_counts(as_of=date(2024, 6, 1))


def test_scorecard_takes_a_string_as_of(recorded: ct.Ledger) -> None:
    by_string = ct.scorecard(recorded, as_of="2024-06-01")
    assert by_string == ct.scorecard(recorded, as_of=date(2024, 6, 1))
    assert by_string.as_of == date(2024, 6, 1)


@pytest.mark.parametrize(
    "call",
    [
        lambda ledger: ledger.status("gpt5-this-year", as_of="2023-02-29"),
        lambda ledger: ledger.record("gpt5-this-year", "true", on="2023-02-29"),
        lambda ledger: ledger.due(as_of="2023-02-29"),
        lambda ledger: ct.scorecard(ledger, as_of="2023-02-29"),
    ],
)
def test_every_entry_point_refuses_a_bad_day_alike(recorded: ct.Ledger, call: Callable[[ct.Ledger], object]) -> None:
    with pytest.raises(DateParseError) as info:
        call(recorded)
    assert info.value.reason == "February has 28 days in 2023"
    assert len(recorded.history("gpt5-this-year")) == 1


def test_the_cli_says_what_is_wrong_with_a_date(tmp_path: Path) -> None:
    ledger = str(tmp_path / "ledger")
    assert CliRunner().invoke(main, ["init", "--ledger", ledger]).exit_code == 0
    result = CliRunner().invoke(main, ["record", "--ledger", ledger, "some-claim", "true", "--on", "2024-02-30"])
    assert result.exit_code == 2
    assert "Invalid value for '--on': 2024-02-30: February has 29 days in 2024" in result.output
    result = CliRunner().invoke(main, ["record", "--ledger", ledger, "some-claim", "true", "--on", "2024-2-3"])
    assert "2024-2-3: not a date in YYYY-MM-DD form" in result.output


def test_checking_and_the_fidelity_card_take_strings_too(recorded: ct.Ledger) -> None:
    claim = recorded.get("gpt5-this-year")
    evidence = ct.Evidence.model_validate(
        {"url": "https://example.org/gpt-4o", "published_on": "2024-05-13", "stance": "supports"}
    )
    assert ct.check(claim, [evidence], as_of="2026-11-27") == ct.check(claim, [evidence], as_of=date(2026, 11, 27))
    assert ct.check(claim, [evidence], as_of="2026-11-27").as_of == date(2026, 11, 27)
    assert ct.propose(recorded, [evidence], as_of="2026-11-27").as_of == date(2026, 11, 27)
    assert ct.fidelity_card(recorded, as_of="2024-01-01").as_of == date(2024, 1, 1)
    with pytest.raises(DateParseError, match="April has 30 days"):
        ct.check(claim, [evidence], as_of="2026-04-31")
