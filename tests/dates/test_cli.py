"""``claimtrack due`` and ``claimtrack parse-horizon`` against a real folder ledger."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import main

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    if not FIXTURE.exists():
        pytest.skip("bundled ledger not present")
    target = tmp_path / "ledger"
    shutil.copytree(FIXTURE, target)
    return target


def test_due_lists_what_falls_due_within_the_window(ledger_copy: Path) -> None:
    runner = CliRunner()
    args = ["due", "--ledger", str(ledger_copy), "--as-of", "2026-11-27", "--format", "json"]
    now = json.loads(runner.invoke(main, args, catch_exceptions=False).output)
    soon = json.loads(runner.invoke(main, [*args, "--within", "1200"], catch_exceptions=False).output)
    assert {row["id"] for row in now} <= {row["id"] for row in soon}
    ids = [row["id"] for row in soon]
    assert "youtube-ai-content-5y" in ids
    assert "capable-systems-end-of-decade" in ids
    assert ids.index("youtube-ai-content-5y") < ids.index("capable-systems-end-of-decade")  # by deadline
    decade = next(row for row in soon if row["id"] == "capable-systems-end-of-decade")
    assert decade["deadline"] == "2029-12-31"
    assert decade["overdue"] is False


def test_due_text_output_and_overdue(ledger_copy: Path) -> None:
    result = CliRunner().invoke(main, ["due", "--ledger", str(ledger_copy), "--as-of", "2030-06-01"])
    assert result.exit_code == 0, result.output
    assert "capable-systems-end-of-decade" in result.output
    assert "days overdue" in result.output


def test_due_on_a_missing_ledger_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["due", "--ledger", str(tmp_path / "nope"), "--as-of", "2026-11-27"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_parse_horizon_command() -> None:
    args = ["parse-horizon", "We will probably ship it within five years", "--said-on", "2024-03-18"]
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    out = json.loads(result.output)
    assert out["horizon"]["end"] == "2029-03-18"
    assert out["credence"]["band"] == "likely"
    bad = CliRunner().invoke(main, ["parse-horizon", "The sky is blue", "--said-on", "2024-03-18"])
    assert bad.exit_code == 1
    assert "cannot read a horizon" in bad.output
