"""``claimtrack import ...`` exit status: 0 all imported, 1 error, 2 partial or nothing; capped problem lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.cli import main


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    path = str(tmp_path / "claims")
    assert CliRunner().invoke(main, ["init", "--ledger", path]).exit_code == 0
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("kind", "name", "content"),
    [
        ("claimreview", "bad.json", "{not json"),
        ("claimreview", "empty.json", "[]"),
        ("claimreview", "foreign.json", json.dumps([{"@type": "WebPage"}, {"name": "x"}])),
        ("claimreview", "page.html", "<html><body>no JSON-LD here</body></html>"),
        ("factcheck-api", "empty.json", "{}"),
        ("averitec", "object.json", json.dumps({"claim": "x"})),
        ("csv", "empty.csv", ""),
        ("csv", "garbage.csv", 'garbage,"x\n\x00\x01'),
        ("csv", "header-only.csv", "claim_id,text,said_on\n"),
        ("csv", "all-bad.csv", "text,said_on\nx,not a date\n,2024-01-01\n"),
    ],
)
def test_nothing_imported_exits_2(ledger: str, tmp_path: Path, kind: str, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("import", kind, str(path), "--ledger", ledger)
    assert result.exit_code == 2, result.output
    assert "nothing was imported" in result.output
    dry = run("import", kind, str(path), "--ledger", ledger, "--dry-run")
    assert dry.exit_code == 2


def test_partial_exits_2_and_complete_exits_0(ledger: str, tmp_path: Path, review: Callable[..., Any]) -> None:
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps([review(1), review(2, claimReviewed=None)]))
    result = run("import", "claimreview", str(partial), "--ledger", ledger)
    assert result.exit_code == 2
    assert "not everything was imported: 1 record(s) skipped" in result.output
    complete = tmp_path / "complete.json"
    complete.write_text(json.dumps([review(3), {"@type": "WebPage"}]))  # an ignored node is not a skipped record
    assert run("import", "claimreview", str(complete), "--ledger", ledger).exit_code == 0
    assert run("import", "claimreview", str(complete), "--ledger", ledger).exit_code == 0  # all unchanged


def test_an_error_exits_1(ledger: str, tmp_path: Path) -> None:
    table = tmp_path / "ratings.json"
    table.write_text('{"Spicy": "not-a-verdict"}')
    source = tmp_path / "r.json"
    source.write_text("[]")
    result = run("import", "claimreview", str(source), "--ledger", ledger, "--ratings", str(table))
    assert result.exit_code == 1
    assert result.output.startswith("Error:")


def test_problem_lists_are_capped_with_a_count_of_the_rest(ledger: str, tmp_path: Path) -> None:
    source = tmp_path / "many.json"
    source.write_text(json.dumps([{"name": str(i)} for i in range(3_000)] + [{"@type": f"T{i}"} for i in range(30)]))
    result = run("import", "claimreview", str(source), "--ledger", ledger, "--dry-run", "--show", "5")
    assert result.exit_code == 2
    assert "skipped: 3000 not_claimreview" in result.output
    assert result.output.count("[not_claimreview]") == 5
    assert "... and 2995 more problem(s) (use --show)" in result.output
    assert "and 20 of 20 other type(s)" in result.output
    assert len(result.output) < 3_000
