"""Issue 12: a reader that closes stdout early (``claimtrack ... | head``) ends the command quietly.

The exit status is 141 (128 + SIGPIPE, as ``cat`` or ``grep`` would report) and nothing is printed:
no "Broken pipe", no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import claimtrack as ct

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite ledger big enough that its output fills a pipe many times over."""
    path = tmp_path_factory.mktemp("pipe") / "ledger.sqlite"
    records = [
        ct.ClaimRecord(
            claim=ct.Claim.model_validate(
                {
                    "id": f"claim-{i:05d}",
                    "text": f"Claim number {i} will come true " + "x" * 200,
                    "language": "en",
                    "speaker": {"name": f"Speaker {i % 7}"},
                    "said_on": "2024-03-18",
                    "kind": "prediction",
                    "horizon": {"text": "this year", "start": date(2024, 3, 18), "end": date(2024, 12, 31)},
                }
            )
        )
        for i in range(3000)
    ]
    with ct.Ledger.open(path) as ledger:
        ledger.add_many(records)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["export", "jsonl", "-o", "-", "-q"],
        ["list"],
        ["list", "--json"],
        ["due", "--as-of", "2026-01-01"],
        ["scorecard", "--as-of", "2026-01-01", "--format", "json", "--max-claims", "all"],
        ["export", "csv"],
    ],
)
def test_a_closed_stdout_ends_quietly(big_ledger: Path, args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", *args, "--ledger", str(big_ledger)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert writer.stdout is not None
    assert writer.stderr is not None
    first = writer.stdout.readline()  # like head -1: read a little, then go away
    writer.stdout.close()
    stderr = writer.stderr.read().decode()
    writer.stderr.close()
    status = writer.wait(timeout=120)
    assert first
    assert "Broken pipe" not in stderr
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert stderr == ""
    assert status in (0, 141)
