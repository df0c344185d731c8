"""``claimtrack fidelity card``: every format, every grouping, as-of, output file, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.model import ClaimRecord
from tests.fidelity_card.conftest import BUNDLED, REPO


@pytest.fixture
def ledger_dir(tmp_path: Path, records: list[ClaimRecord]) -> str:
    path = tmp_path / "ledger"
    with ct.open_ledger(path) as ledger:
        ledger.add_many(records)
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_markdown_by_default(ledger_dir: str) -> None:
    code, out, _ = run("fidelity", "card", "--ledger", ledger_dir)
    assert code == 0, out
    assert out.startswith("# Outlet fidelity card by publisher\n")
    assert "| Daily | 6 | 5 | 1 | 3 | 0 | 1 | 0 | 0 | 1 | 80% (38–96%) |" in out


def test_json_by_speaker_as_of(ledger_dir: str) -> None:
    code, out, _ = run(
        "fidelity", "card", "--ledger", ledger_dir, "--by", "speaker", "--format", "json", "--as-of", "2024-12-31"
    )
    assert code == 0, out
    data = json.loads(out)
    assert (data["by"], data["as_of"], data["not_yet_said"]) == ("speaker", "2024-12-31", 1)
    assert [r["key"] for r in data["rows"]] == ["Sam Altman", "Lex Fridman"]


@pytest.mark.parametrize(
    ("fmt", "marker"), [("md", "# Outlet"), ("html", "<!DOCTYPE html>"), ("json", '"schema"'), ("term", "Fidelity")]
)
def test_output_file(ledger_dir: str, tmp_path: Path, fmt: str, marker: str) -> None:
    target = tmp_path / f"card.{fmt}"
    code, out, err = run(
        "fidelity", "card", "--ledger", ledger_dir, "--by", "source", "--format", fmt, "-o", str(target)
    )
    assert code == 0, err
    assert out == ""
    assert f"wrote {target} (10 renderings, 4 distortions)" in err
    assert marker in target.read_text(encoding="utf-8")


def test_terminal_to_stdout(ledger_dir: str) -> None:
    code, out, _ = run("fidelity", "card", "--ledger", ledger_dir, "--format", "term")
    assert code == 0
    assert "Distortions: Weekly (2)" in out


def test_errors_are_one_line(tmp_path: Path) -> None:
    code, _, err = run("fidelity", "card", "--ledger", str(tmp_path / "nowhere"))
    assert code == 1
    assert err.startswith("Error:")
    code, _, err = run("fidelity", "card", "--ledger", str(tmp_path), "--by", "topic")
    assert code == 2
    assert "topic" in err
    code, _, err = run("fidelity", "card", "--ledger", str(tmp_path), "--as-of", "soon")
    assert code == 2
    assert "YYYY-MM-DD" in err


@pytest.mark.skipif(not (BUNDLED / "ledger.json").is_file(), reason="the bundled ledger is not there")
def test_bundled_card_from_the_command_line() -> None:
    code, out, _ = run("fidelity", "card", "--ledger", str(BUNDLED), "--format", "json")
    assert code == 0
    row = json.loads(out)["rows"][0]
    assert (row["key"], row["rated"], row["faithful"], row["distorted"]) == ("note.com (psymen)", 53, 22, 31)


def test_the_fidelity_group_holds_card_and_check_when_it_is_there() -> None:
    from claimtrack.cli.fidelity_cmds import fidelity_group

    assert "card" in fidelity_group.commands
    has_check = (REPO / "claimtrack" / "cli" / "fidelity_check.py").is_file()
    assert ("check" in fidelity_group.commands) is has_check
