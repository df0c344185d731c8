"""``claimtrack fidelity check``, invoked directly (the ``fidelity`` group registers it elsewhere)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli.fidelity_check import fidelity_check

BUNDLED = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    if not BUNDLED.exists():
        pytest.skip("bundled ledger not present")
    target = tmp_path / "ledger"
    shutil.copytree(BUNDLED, target)
    return target


def test_lists_disagreements_and_never_writes(ledger_copy: Path) -> None:
    before = _digest(ledger_copy)
    result = CliRunner().invoke(fidelity_check, ["--ledger", str(ledger_copy)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "recorded distorted but no drift flagged" in result.output
    assert "sora-red-team" in result.output  # a rendering with no original quote is named
    assert "rendering(s) compared" in result.output
    assert _digest(ledger_copy) == before


def test_json_output_and_all(ledger_copy: Path) -> None:
    args = ["--ledger", str(ledger_copy), "--format", "json", "--all"]
    out = json.loads(CliRunner().invoke(fidelity_check, args, catch_exceptions=False).output)
    assert out["summary"]["renderings"] == len(out["renderings"])
    rows = {row["claim_id"]: row for row in out["renderings"]}
    decade = rows["capable-systems-end-of-decade"]
    assert decade["recorded"] == "distorted"
    assert decade["proposed"] == "distorted"
    assert decade["disagreement"] is None
    assert decade["flags"][0]["kind"] == "horizon"
    assert decade["flags"][0]["rendering_span"] == "10年"
    assert rows["sora-red-team"]["problem"]


def test_fail_on_disagreement_and_a_clean_ledger(tmp_path: Path) -> None:
    """A faithful record that drifts fails with 2; bad inputs are reported, never a crash."""
    path = tmp_path / "small"
    speaker = ct.Entity(name="A. Speaker")

    def claim(cid: str, quote: str, rendering: str, language: str, fidelity: ct.Fidelity) -> ct.Claim:
        return ct.Claim(
            id=cid,
            text=quote,
            language="en",
            speaker=speaker,
            said_on="2024-03-18",
            kind="prediction",
            sources=(
                ct.Source(role="primary", quote=quote, language="en", fidelity="verbatim"),
                ct.Source(role="secondary", quote=rendering, language=language, fidelity=fidelity),
            ),
        )

    with ct.Ledger.open(path, create=True) as ledger:
        ledger.add(claim("drifts", "We will ship it by 2025", "2030年までに出荷する", "ja", ct.Fidelity.FAITHFUL))
        ledger.add(claim("korean", "We will ship it by 2025", "2025년까지", "ko", ct.Fidelity.FAITHFUL))
        ledger.add(claim("fine", "We will ship it by 2025", "2025年までに出荷する", "ja", ct.Fidelity.FAITHFUL))
    runner = CliRunner()
    result = runner.invoke(fidelity_check, ["--ledger", str(path), "--fail-on-disagreement"])
    assert result.exit_code == 2, result.output
    assert "drifts#1" in result.output
    assert "recorded faithful but 1 flag(s) found (horizon)" in result.output
    assert "'ko' is not supported" in result.output
    assert "korean" in result.output
    assert "fine#1" not in result.output
    assert "Traceback" not in result.output


def test_a_missing_ledger_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(fidelity_check, ["--ledger", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
