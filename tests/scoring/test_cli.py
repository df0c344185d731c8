"""``claimtrack scorecard`` end to end on a folder ledger."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.model import ClaimRecord


@pytest.fixture
def ledger_path(tmp_path: Path, record: Callable[..., ClaimRecord]) -> Path:
    path = tmp_path / "ledger"
    with ct.Ledger.open(path) as ledger:
        ledger.add_many(
            [
                record("gpt5", credence=0.9, deadline="2024-12-31", topics=["models"], events=[("true", "2024-05-13")]),
                record("sora", credence=0.6, deadline="2024-12-31", topics=["video"], events=[("false", "2025-01-01")]),
                record(
                    "robots",
                    credence=0.2,
                    deadline="2025-06-30",
                    fidelity=["distorted"],
                    events=[("false", "2025-07-01")],
                ),
                record("fusion", speaker="Lex Fridman", deadline="2025-01-31"),
            ]
        )
    return path


def test_default_is_markdown_on_stdout(ledger_path: Path) -> None:
    result = CliRunner().invoke(main, ["scorecard", "--ledger", str(ledger_path), "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Scorecard by speaker")
    assert "| **All claims** | 4 | 3 | 0 | 1 | 1 | 33% (6–79%) | 0.137 (3) |" in result.output


def test_as_of_and_by_topic_in_json(ledger_path: Path) -> None:
    args = ["scorecard", "--ledger", str(ledger_path), "--by", "topic", "--as-of", "2024-12-01", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2024-12-01"
    assert data["by"] == "topic"
    assert {r["key"]: r["graded"] for r in data["rows"]} == {"(no topic)": 0, "models": 1, "video": 0}


def test_faithful_only_and_exclude_early(ledger_path: Path) -> None:
    base = ["scorecard", "--ledger", str(ledger_path), "--as-of", "2026-11-27", "--format", "json"]
    data = json.loads(CliRunner().invoke(main, [*base, "--faithful-only"]).output)
    assert data["excluded"]["unfaithful"] == 4  # the test records carry no fidelity but one "distorted"
    data = json.loads(CliRunner().invoke(main, [*base, "--exclude-early"]).output)
    assert data["excluded"]["early"] == 1
    assert data["total"]["brier"] == pytest.approx((0.36 + 0.04) / 2)


def test_html_and_term_to_files(ledger_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.html"
    result = CliRunner().invoke(main, ["scorecard", "--ledger", str(ledger_path), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    term = tmp_path / "card.txt"
    args = ["scorecard", "--ledger", str(ledger_path), "--format", "term", "-o", str(term), "--as-of", "2026-11-27"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "Hit rate (95% CI)" in term.read_text(encoding="utf-8")


def test_progress_can_be_forced(ledger_path: Path) -> None:
    result = CliRunner().invoke(main, ["scorecard", "--ledger", str(ledger_path), "--format", "json", "--progress"])
    assert result.exit_code == 0
    assert "scoring claims" in result.stderr
    assert json.loads(result.stdout)["total"]["total"] == 4


def test_missing_ledger_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scorecard", "--ledger", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "nowhere" in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def sqlite_path(tmp_path: Path, record: Callable[..., ClaimRecord]) -> Path:
    """A SQLite ledger of 30 claims said on successive days, every third one resolved false."""
    path = tmp_path / "ledger.sqlite"
    with ct.Ledger.open(path) as ledger:
        ledger.store.create_many(
            [
                record(
                    f"c{i:02d}",
                    said=f"2024-03-{i + 1:02d}",
                    credence=0.5,
                    deadline="2024-12-31",
                    events=[("false", "2024-06-01")] if i % 3 == 0 else [],
                )
                for i in range(30)
            ]
        )
    return path


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_max_claims_is_what_the_sql_path_reads(sqlite_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.stores import _aggregate

    asked: list[int] = []
    real = _aggregate.ScoreAggregateMixin.score_aggregates

    def spy(self: _aggregate.ScoreAggregateMixin, query: ct.ledger.queries.ScoreQuery) -> object:
        asked.append(query.recent)
        return real(self, query)

    monkeypatch.setattr(_aggregate.ScoreAggregateMixin, "score_aggregates", spy)
    args = ["scorecard", "--ledger", str(sqlite_path), "--as-of", "2026-11-27", "--format", fmt, "--max-claims", "7"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert asked == [7]
    if fmt == "json":
        data = json.loads(result.output)
        assert sorted(c["id"] for c in data["claims"]) == [f"c{i:02d}" for i in range(23, 30)]
        assert data["claims_complete"] is False
        assert data["total"]["total"] == 30
        assert data["timeline"] == [{"month": "2024-06", "came_true": 0, "mixed": 0, "did_not": 10, "not_scored": 0}]
    elif fmt == "md":
        assert (
            "The list shows the 7 most recently said of 30 claims; the figures above cover all of them."
            in result.output
        )
    else:
        assert "The table holds the 7 most recently said of 30 claims" in result.output


def test_max_claims_all_lists_every_claim(sqlite_path: Path) -> None:
    args = ["scorecard", "--ledger", str(sqlite_path), "--format", "json", "--max-claims", "all"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["claims"]) == 30
    assert data["claims_complete"] is True


@pytest.mark.parametrize("fmt", ["json", "md", "term"])
def test_max_claims_zero_lists_none_as_in_the_library(sqlite_path: Path, fmt: str) -> None:
    """0 means none on the command line as in ``to_markdown(max_claims=0)``; the counts still cover every claim."""
    args = ["scorecard", "--ledger", str(sqlite_path), "--format", fmt, "--as-of", "2026-11-27", "--max-claims", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert not [i for i in range(30) if f"c{i:02d}" in result.output]
    if fmt == "json":
        data = json.loads(result.output)
        assert data["claims"] == []
        assert data["total"]["total"] == 30
    every = CliRunner().invoke(main, [*args[:-1], "all"])
    assert all(f"c{i:02d}" in every.output for i in range(30))
    bad = CliRunner().invoke(main, [*args[:-2], "--max-claims", "-1"])
    assert bad.exit_code == 2
    assert "'-1' is not a number of claims (0 or more) or 'all'" in bad.output
