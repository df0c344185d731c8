"""``claimtrack export jsonl``, ``import jsonl`` and ``migrate`` across folder, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.stores.jsonl import read_jsonl

GPT4O = ct.Evidence(url="https://openai.com/index/hello-gpt-4o/", title="Hello GPT-4o", published_on="2024-05-13")


def _folder(tmp_path: Path, make_claim: Any, clock: Any, n: int = 30) -> Path:
    root = tmp_path / "folder"
    with ct.Ledger.open(root, clock=clock) as ledger:
        ledger.add_many(ct.ClaimRecord(claim=make_claim(f"claim-{i:03d}")) for i in range(n))
        ledger.record("claim-001", "true", on=date(2024, 5, 13), evidence=[GPT4O])
    return root


def test_folder_to_sqlite_to_postgres_and_back(
    tmp_path: Path, make_claim: Any, clock: Any, postgres_schema: str
) -> None:
    runner = CliRunner()
    root = _folder(tmp_path, make_claim, clock)
    first = tmp_path / "first.jsonl"
    done = runner.invoke(main, ["export", "jsonl", "--ledger", str(root), "-o", str(first)])
    assert done.exit_code == 0, done.output
    assert len(first.read_text().splitlines()) == 30

    sqlite = tmp_path / "claims.sqlite"
    done = runner.invoke(main, ["import", "jsonl", str(first), "--ledger", str(sqlite)])
    assert done.exit_code == 0, done.output
    assert "imported 30 new claims" in done.output

    done = runner.invoke(main, ["migrate", "--from", str(sqlite), "--to", postgres_schema])
    assert done.exit_code == 0, done.output
    assert "migrated 30 claims" in done.output
    assert "counts match" in done.output

    last = tmp_path / "last.jsonl"
    done = runner.invoke(main, ["export", "jsonl", "--ledger", postgres_schema, "-o", str(last), "-q"])
    assert done.exit_code == 0, done.output
    assert last.read_text() == first.read_text()
    with ct.Ledger.open(postgres_schema) as ledger, ct.Ledger.open(root) as original:
        assert list(ledger.records()) == list(original.records())
        assert ledger.status("claim-001") is ct.Verdict.TRUE


def test_import_bad_line_names_file_line_and_field_and_changes_nothing(
    tmp_path: Path, make_claim: Any, clock: Any
) -> None:
    runner = CliRunner()
    root = _folder(tmp_path, make_claim, clock, n=5)
    dump = tmp_path / "claims.jsonl"
    runner.invoke(main, ["export", "jsonl", "--ledger", str(root), "-o", str(dump)])
    lines = dump.read_text().splitlines()
    bad = json.loads(lines[3])
    bad["claim"]["kind"] = "prophecy"
    lines[3] = json.dumps(bad)
    dump.write_text("\n".join(lines) + "\n")
    target = tmp_path / "target.sqlite"
    with ct.Ledger.open(target, clock=clock) as ledger:
        ledger.add(make_claim("already-here"))
    done = runner.invoke(main, ["import", "jsonl", str(dump), "--ledger", str(target)])
    assert done.exit_code == 1
    assert f"{dump}:4" in done.output
    assert "claim-003" in done.output
    assert "claim.kind" in done.output
    with ct.Ledger.open(target) as ledger:
        assert [c.id for c in ledger] == ["already-here"]


def test_import_merge_and_refusing_repeats(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    runner = CliRunner()
    root = _folder(tmp_path, make_claim, clock, n=4)
    dump = tmp_path / "claims.jsonl"
    runner.invoke(main, ["export", "jsonl", "--ledger", str(root), "-o", str(dump)])
    target = tmp_path / "t.db"
    assert runner.invoke(main, ["import", "jsonl", str(dump), "--ledger", str(target)]).exit_code == 0
    again = runner.invoke(main, ["import", "jsonl", str(dump), "--ledger", str(target)])
    assert again.exit_code == 1
    assert "already exists" in again.output
    merged = runner.invoke(main, ["import", "jsonl", str(dump), "--ledger", str(target), "--merge"])
    assert merged.exit_code == 0, merged.output
    assert "4 unchanged" in merged.output


def test_migrate_refuses_a_non_empty_target_and_unreadable_sources(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    runner = CliRunner()
    root = _folder(tmp_path, make_claim, clock, n=4)
    target = tmp_path / "t.sqlite"
    with ct.Ledger.open(target, clock=clock) as ledger:
        ledger.add(make_claim("already-here"))
    done = runner.invoke(main, ["migrate", "--from", str(root), "--to", str(target)])
    assert done.exit_code == 1
    assert "already holds 1 claim;" in done.output
    (root / "claims" / "claim-002.json").write_text("{broken")
    fresh = tmp_path / "fresh.sqlite"
    done = runner.invoke(main, ["migrate", "--from", str(root), "--to", str(fresh)])
    assert done.exit_code == 1
    assert "count check failed" in done.output
    with ct.Ledger.open(fresh) as ledger:
        assert len(ledger) == 0  # all or nothing


def test_read_jsonl_yields_good_lines_before_the_bad_one() -> None:
    record = ct.ClaimRecord(
        claim=ct.Claim.model_validate(
            {
                "id": "gpt5-date-unknown",
                "text": "I don't know",
                "language": "en",
                "speaker": {"name": "Sam Altman"},
                "said_on": "2024-03-18",
                "kind": "uncertainty",
            }
        )
    )
    stream = read_jsonl([record.model_dump_json(), "", "{oops"], path="x.jsonl")
    assert next(stream) == record
    with pytest.raises(ct.errors.InvalidRecordError, match=r"x\.jsonl:3"):
        next(stream)
