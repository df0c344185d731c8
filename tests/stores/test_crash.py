"""Crash safety: SIGKILL a writer at random moments, then the ledger must be whole.

The writer reports each operation only after the store returned, by
appending a line to a log it fsyncs; the kill can land anywhere (while
opening, inside a transaction, between commit and report). Afterwards the
ledger validates with no problems and everything reported is there.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct

FORK = mp.get_context("fork")
KILLS = 50
SEEDED = 5


def _report(log: int, line: str) -> None:
    os.write(log, (line + "\n").encode())
    os.fsync(log)


def _writer(url: str, log_path: str, seed: int, make_claim: Any) -> None:
    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    ledger = ct.Ledger.open(url, create=False)
    n = 0
    while True:
        n += 1
        op = rng.random()
        if op < 0.6:
            claim_id = f"crash-{rng.randrange(SEEDED)}"
            day = date(2024, 5, 13) + timedelta(days=rng.randrange(300))
            event = ledger.record(claim_id, rng.choice(["true", "false", "mixed"]), on=day, note=f"{seed}-{n}")
            _report(log, f"event {claim_id} {event.id}")
        elif op < 0.85:
            claim_id = f"new-{seed}-{n}"
            ledger.add_many(
                [ct.ClaimRecord(claim=make_claim(claim_id)), ct.ClaimRecord(claim=make_claim(claim_id + "b"))]
            )
            _report(log, f"claim {claim_id}")
            _report(log, f"claim {claim_id}b")
        else:
            claim_id = f"crash-{rng.randrange(SEEDED)}"
            record = ledger.record_of(claim_id)
            ledger.update(record.claim.model_copy(update={"note": f"{seed}-{n}"}), expected_version=record.version)
            _report(log, f"version {claim_id} {record.version + 1}")


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_reported(persistent: Any, make_claim: Any, tmp_path: Path) -> None:
    with persistent.open() as ledger:
        ledger.add_many(ct.ClaimRecord(claim=make_claim(f"crash-{i}")) for i in range(SEEDED))
    log_path = str(tmp_path / "committed.log")
    rng = random.Random(20241127)
    for kill in range(KILLS):
        child = FORK.Process(target=_writer, args=(persistent.url, log_path, kill, make_claim))
        child.start()
        time.sleep(rng.uniform(0.0, 0.15))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL, "the writer died before it was killed"
    reported = Path(log_path).read_text().splitlines() if Path(log_path).exists() else []
    assert len(reported) > KILLS, "the writer hardly ever committed: the test proves nothing"
    with persistent.open(create=False) as ledger:
        assert ledger.validate() == ()
        versions: dict[str, int] = {}
        for line in reported:
            what, claim_id, *rest = line.split()
            record = ledger.record_of(claim_id)
            if what == "event":
                assert rest[0] in {event.id for event in record.events}, line
            elif what == "version":
                versions[claim_id] = max(versions.get(claim_id, 1), int(rest[0]))
        for claim_id, version in versions.items():
            assert ledger.record_of(claim_id).version >= version
        assert len(ledger) == len(list(ledger.records()))
