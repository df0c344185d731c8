"""The cookbook script on a copy of the bundled ledger, and the ``check`` / ``review`` commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from claimtrack.ledger import Ledger
from claimtrack.model import ClaimRecord, Verdict

from .conftest import BUNDLED, REPO

SCRIPT = REPO / "docs" / "examples" / "update_ledger.py"
# claims whose recorded evidence becomes the "new articles"
NEWS_FOR = ("amazing-model-2024", "ilya-work-together", "hallucination-better-next")


def _articles() -> list[dict[str, Any]]:
    """Real reports from the bundled ledger, each naming its claim, plus inputs that must be reported."""
    ledger = Ledger.open(BUNDLED, create=False)
    items: list[dict[str, Any]] = []
    for claim_id in NEWS_FOR:
        for ev in ledger.evidence(claim_id):
            if ev.stance is not None and ev.stance.value != "context":
                items.append({**ev.model_dump(mode="json", exclude_none=True), "claims": [claim_id]})
    items.append({"title": "an undated note", "url": "https://example.org/undated"})
    items.append({"title": "a bad link", "url": "example.org/no-scheme", "published_on": "2025-01-01"})
    return items


@pytest.fixture
def as_said(tmp_path: Path) -> Path:
    """A copy of the bundled ledger as it stood when the interview was published: claims, no verdicts."""
    target = tmp_path / "ledger"
    source = Ledger.open(BUNDLED, create=False)
    fresh = Ledger.open(target)
    fresh.add_many(ClaimRecord(claim=r.claim) for r in source.records())
    fresh.close()
    return target


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(_articles(), ensure_ascii=False), encoding="utf-8")
    return path


def _run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=REPO, timeout=120
    )


def test_cookbook_script_updates_a_copy_of_the_bundled_ledger(as_said: Path, articles: Path) -> None:
    done = _run_script(str(articles), str(as_said), "--as-of", "2026-11-27", "--by", "cookbook")
    assert done.returncode == 0, done.stderr
    assert "3 event(s) recorded, 2 article(s) ignored" in done.stdout, done.stdout
    ledger = Ledger.open(as_said, create=False)
    bundled = Ledger.open(BUNDLED, create=False)
    for claim_id in NEWS_FOR:
        assert ledger.status(claim_id) is bundled.status(claim_id), claim_id
        (event,) = ledger.history(claim_id)
        assert event.by == "cookbook"
        assert set(event.evidence) <= {ev.id for ev in bundled.evidence(claim_id)}
    assert ledger.history("amazing-model-2024")[0].effective_on.isoformat() == "2024-05-13"
    assert ledger.status("ilya-work-together", as_of=None) is Verdict.FALSE
    untouched = [c.id for c in ledger if c.id not in NEWS_FOR and ledger.history(c.id)]
    assert untouched == []
    again = _run_script(str(articles), str(as_said), "--as-of", "2026-11-27", "--by", "cookbook")
    assert "0 event(s) recorded" in again.stdout, again.stdout
    assert all(len(ledger.history(c)) == 1 for c in NEWS_FOR)


def test_cookbook_script_leaves_a_current_copy_unchanged(tmp_path: Path, articles: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(BUNDLED, copy)
    before = {p.name: p.read_bytes() for p in (copy / "claims").iterdir()}
    done = _run_script(str(articles), str(copy), "--as-of", "2026-11-27")
    assert done.returncode == 0, done.stderr
    assert "0 event(s) recorded" in done.stdout
    assert {p.name: p.read_bytes() for p in (copy / "claims").iterdir()} == before


def test_check_command_prints_proposals_and_ignored(as_said: Path, articles: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--evidence", str(articles), "--ledger", str(as_said), "--as-of", "2026-11-27"]
    )
    assert result.exit_code == 2, result.output  # proposals, but one input was unreadable: partial
    assert "amazing-model-2024: open -> true on 2024-05-13" in result.output
    assert "[no_date]" in result.output
    assert "[malformed_url]" in result.output
    assert Ledger.open(as_said, create=False).history("amazing-model-2024") == ()
    as_json = CliRunner().invoke(
        main, ["check", "--json", "--evidence", str(articles), "--ledger", str(as_said), "--as-of", "2026-11-27"]
    )
    data = json.loads(as_json.output)
    verdicts = {p["claim_id"]: p["verdict"] for p in data["proposals"]}
    assert verdicts["ilya-work-together"] == "false"
    assert {i["code"] for i in data["ignored"]} == {"no_date", "malformed_url"}


def test_review_yes_accepts_confirmed(as_said: Path, articles: Path) -> None:
    args = [
        "review",
        "--yes",
        "--by",
        "ci",
        "--evidence",
        str(articles),
        "--ledger",
        str(as_said),
        "--as-of",
        "2026-11-27",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "accepted 3, rejected 0, skipped 0" in result.output
    assert Ledger.open(as_said, create=False).status("amazing-model-2024") is Verdict.TRUE
    again = CliRunner().invoke(main, args)
    assert "accepted 0" in again.output


def test_review_interactive_reject_then_skip(as_said: Path, articles: Path) -> None:
    args = ["review", "--evidence", str(articles), "--ledger", str(as_said), "--as-of", "2026-11-27"]
    result = CliRunner().invoke(main, args, input="r\nnot about this claim\ns\na\n")
    assert result.exit_code == 0, result.output
    assert "accepted 1, rejected 1, skipped 1" in result.output
    listed = CliRunner().invoke(main, ["check", *args[1:]])
    assert "rejected before were not proposed again" in listed.output


def test_bad_evidence_file_names_the_file(tmp_path: Path, as_said: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--evidence", str(bad), "--ledger", str(as_said), "--as-of", "2026-11-27"]
    )
    assert result.exit_code == 1
    assert "bad.json" in result.output
    assert "not valid JSON" in result.output


def _check(ledger: Path, evidence: Path, *extra: str) -> Any:
    args = ["check", "--evidence", str(evidence), "--ledger", str(ledger), "--as-of", "2026-11-27", *extra]
    return CliRunner().invoke(main, args)


def test_check_exits_0_when_every_input_is_readable_and_used(as_said: Path, articles: Path, tmp_path: Path) -> None:
    items = json.loads(articles.read_text(encoding="utf-8"))
    readable = [i for i in items if isinstance(i, dict) and str(i.get("url", "")).startswith("http")]
    good = tmp_path / "good.json"
    good.write_text(json.dumps(readable), encoding="utf-8")
    result = _check(as_said, good)
    assert result.exit_code == 0, result.output
    assert "would record a verdict" in result.output


def test_check_exits_2_when_nothing_is_used(as_said: Path, tmp_path: Path) -> None:
    """All inputs unusable: the status says so, so a script can tell."""
    junk = tmp_path / "junk.json"
    junk.write_text(json.dumps([{"title": "no url, no date"}, "not an object", {"url": "nota url"}]), encoding="utf-8")
    result = _check(as_said, junk)
    assert result.exit_code == 2, result.output
    assert "0 proposal(s)" in result.output
    as_json = _check(as_said, junk, "--json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.output)["proposals"] == []


def test_check_reports_inputs_that_match_no_claim(as_said: Path, tmp_path: Path) -> None:
    """A readable, dated article about nothing in the ledger is named, not silently dropped."""
    off_topic = {
        "id": "ev-off-topic",
        "title": "Regional bakery wins sourdough award",
        "url": "https://example.org/bakery-sourdough-award",
        "published_on": "2025-06-01",
        "stance": "supports",
    }
    path = tmp_path / "off.json"
    path.write_text(json.dumps([off_topic]), encoding="utf-8")
    result = _check(as_said, path)
    assert result.exit_code == 2, result.output
    assert "matched no claim: ev-off-topic" in result.output
    assert "1 matched no claim" in result.output
    data = json.loads(_check(as_said, path, "--json").output)
    assert [u["id"] for u in data["unmatched"]] == ["ev-off-topic"]


def test_check_caps_the_ignored_list_and_keeps_the_count(as_said: Path, tmp_path: Path) -> None:
    many = [{"id": f"ev-{i}", "title": "undated", "url": f"https://example.org/{i}"} for i in range(250)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(many), encoding="utf-8")
    result = _check(as_said, path, "--max-listed", "5")
    assert result.output.count("[no_date]") == 5
    assert "... and 245 more ignored inputs" in result.output
    assert "250 input(s) ignored" in result.output
    everything = _check(as_said, path, "--max-listed", "0")
    assert everything.output.count("[no_date]") == 250
