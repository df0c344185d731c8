"""The folder store: readable files, atomic writes, every problem reported at once."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.stores import FolderStore
from tests.conftest import FixedClock

ClaimFactory = Callable[..., ct.Claim]


def test_layout_and_stable_text(tmp_path: Path, make_claim: ClaimFactory, clock: FixedClock) -> None:
    """One pretty-printed UTF-8 file per claim; rewriting the same record gives the same bytes."""
    ledger = ct.Ledger.open(tmp_path / "l", clock=clock)
    ledger.add(make_claim())
    path = tmp_path / "l" / "claims" / "gpt5-this-year.json"
    text = path.read_text(encoding="utf-8")
    assert "今年、素晴らしいモデルをリリースする" in text  # not \\u-escaped: diff-friendly
    assert text.endswith("}\n")
    assert list(json.loads(text)) == ["claim"]
    assert json.loads((tmp_path / "l" / "ledger.json").read_text()) == {"format": "claimtrack-folder", "version": 1}
    store = ledger.store
    assert isinstance(store, FolderStore)
    store._write(path, store.get("gpt5-this-year"))
    assert path.read_text(encoding="utf-8") == text


def test_open_rules(tmp_path: Path) -> None:
    """create=False refuses a missing ledger; a non-empty foreign folder and a newer format are refused."""
    with pytest.raises(ct.StoreNotFoundError, match="create=False"):
        ct.Ledger.open(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("hello")
    with pytest.raises(ct.StoreCorruptedError, match="not a claimtrack ledger"):
        ct.Ledger.open(foreign)
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "ledger.json").write_text('{"format": "claimtrack-folder", "version": 99}')
    with pytest.raises(ct.SchemaVersionError, match="upgrade"):
        ct.Ledger.open(newer)
    not_dir = tmp_path / "file.txt"
    not_dir.write_text("x")
    with pytest.raises(ct.StoreCorruptedError):
        ct.Ledger.open(not_dir)


def test_validate_reports_every_problem_at_once(tmp_path: Path, make_claim: ClaimFactory, clock: FixedClock) -> None:
    """Broken files are all reported with file, claim and field; good claims stay readable."""
    ledger = ct.Ledger.open(tmp_path / "l", clock=clock)
    ledger.add(make_claim("good"))
    claims = tmp_path / "l" / "claims"
    (claims / "truncated.json").write_text('{"claim": {"id": "trunc', encoding="utf-8")
    bad = json.loads((claims / "good.json").read_text())
    bad["claim"]["id"] = "wrong-enum"
    bad["claim"]["kind"] = "guess"
    bad["claim"]["extra"] = 1
    (claims / "wrong-enum.json").write_text(json.dumps(bad))
    moved = json.loads((claims / "good.json").read_text())
    (claims / "renamed.json").write_text(json.dumps(moved))
    problems = ledger.validate()
    by_file = {(Path(p.path or "").name, p.code, p.field) for p in problems}
    assert ("truncated.json", "invalid_json", None) in by_file
    assert ("wrong-enum.json", "bad_value", "claim.kind") in by_file
    assert ("wrong-enum.json", "unknown_field", "claim.extra") in by_file
    assert ("renamed.json", "id_mismatch", "claim.id") in by_file
    assert [c.id for c in ledger] == ["good"]
    with pytest.raises(ct.InvalidRecordError, match=r"wrong-enum\.json"):
        ledger.get("wrong-enum")


def test_validate_finds_events_out_of_time(tmp_path: Path, make_claim: ClaimFactory, clock: FixedClock) -> None:
    """A hand-edited event that goes back in time is reported by validate, with its field."""
    ledger = ct.Ledger.open(tmp_path / "l", clock=clock)
    ledger.add(make_claim())
    ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13))
    path = tmp_path / "l" / "claims" / "gpt5-this-year.json"
    data = json.loads(path.read_text())
    data["events"][0]["effective_on"] = "2023-01-01"
    path.write_text(json.dumps(data))
    (problem,) = ledger.validate()
    assert (problem.record, problem.field, problem.code) == (
        "gpt5-this-year",
        "events.0.effective_on",
        "event_out_of_time",
    )


def test_failed_write_leaves_old_file(
    tmp_path: Path, make_claim: ClaimFactory, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename fails (a crash mid-write), the old file is intact and no temp file remains."""
    ledger = ct.Ledger.open(tmp_path / "l", clock=clock)
    ledger.add(make_claim())
    path = tmp_path / "l" / "claims" / "gpt5-this-year.json"
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ct.StoreError, match="No space left"):
        ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["gpt5-this-year.json"]
    assert ledger.history("gpt5-this-year") == ()


def test_files_written_by_hand_are_read(tmp_path: Path, clock: FixedClock) -> None:
    """A claim file written by a person with shorthand dates loads and validates."""
    ledger = ct.Ledger.open(tmp_path / "l", clock=clock)
    (tmp_path / "l" / "claims" / "by-hand.json").write_text(
        json.dumps(
            {
                "claim": {
                    "id": "by-hand",
                    "text": "It will rain",
                    "language": "en",
                    "speaker": {"name": "Me"},
                    "said_on": "2025-06",
                    "kind": "prediction",
                }
            }
        ),
        encoding="utf-8",
    )
    assert ledger.validate() == ()
    assert ledger.get("by-hand").said_on.end == date(2025, 6, 30)
