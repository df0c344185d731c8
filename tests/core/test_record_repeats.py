"""Recording: a repeated decision is not stored twice; evidence flags without a URL are refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main


def test_recording_the_same_decision_twice_writes_once(make_claim: Callable[..., ct.Claim], clock: object) -> None:
    ledger = ct.open_ledger(":memory:", clock=clock)  # type: ignore[arg-type]
    ledger.add(make_claim("gpt5-this-year"))
    first = ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13), note="GPT-4o")
    again = ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13), note="GPT-4o")
    assert again == first
    assert len(ledger.history("gpt5-this-year")) == 1


def test_a_decision_recorded_again_after_another_is_appended(
    make_claim: Callable[..., ct.Claim], clock: object
) -> None:
    """true, then a correction to false, then true again: the last one must count, so it is stored."""
    ledger = ct.open_ledger(":memory:", clock=clock)  # type: ignore[arg-type]
    ledger.add(make_claim("gpt5-this-year"))
    ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13))
    clock.set(clock().replace(hour=13))  # type: ignore[attr-defined]
    ledger.record("gpt5-this-year", "false", on=date(2024, 5, 13), note="correction")
    clock.set(clock().replace(hour=14))  # type: ignore[attr-defined]
    ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13))
    assert [e.verdict.value for e in ledger.history("gpt5-this-year")] == ["true", "false", "true"]
    assert ledger.status("gpt5-this-year") is ct.Verdict.TRUE


def test_cli_record_twice_says_nothing_was_written(tmp_path: Path, make_claim: Callable[..., ct.Claim]) -> None:
    folder = tmp_path / "ledger"
    with ct.open_ledger(folder) as ledger:
        ledger.add(make_claim("gpt5-this-year"))
    args = [
        "record",
        "gpt5-this-year",
        "true",
        "--on",
        "2024-05-13",
        "--ledger",
        str(folder),
        "--evidence-url",
        "https://openai.com/index/hello-gpt-4o/",
    ]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.output.startswith("recorded true")
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "already recorded" in second.output
    assert "nothing written" in second.output
    assert len(ct.open_ledger(folder).history("gpt5-this-year")) == 1


def test_cli_record_refuses_evidence_details_without_a_url(tmp_path: Path, make_claim: Callable[..., ct.Claim]) -> None:
    folder = tmp_path / "ledger"
    with ct.open_ledger(folder) as ledger:
        ledger.add(make_claim("gpt5-this-year"))
    for flag, value in (
        ("--evidence-title", "Hello GPT-4o"),
        ("--stance", "supports"),
        ("--evidence-published", "2024-05-13"),
    ):
        result = CliRunner().invoke(
            main, ["record", "gpt5-this-year", "true", "--on", "2024-05-13", "--ledger", str(folder), flag, value]
        )
        assert result.exit_code == 2, result.output
        assert "give --evidence-url too" in result.output
    assert ct.open_ledger(folder).history("gpt5-this-year") == ()
