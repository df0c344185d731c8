"""The folder store's bulk import is all or nothing, even when the importing process is killed (issue #12).

Measured before: SIGKILL 45 s into ``claimtrack import jsonl`` of 100k claims left 50,024
claims and 49,976 orphan ``.tmp`` files, and a re-run failed with "already exists".

Now the records stream into ``.staging/<txid>/`` with a journal; the next open of the store
rolls a dead import back when it died before the journal's ``commit`` line (nothing was
visible) and forward after it. The kills here are exact: the importing process (the real
``claimtrack import jsonl``, in a subprocess) SIGKILLs itself at a chosen step through the
``claimtrack.stores.folder._crash_point`` hook; one test kills it from outside instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import DuplicateClaimError, InvalidRecordError
from claimtrack.stores import FolderStore, folder
from claimtrack.stores.jsonl import write_jsonl

BIG = 20_000
SMALL = 2_000
SEEDS = ("seed-a", "seed-b")

# The importing process: `claimtrack import jsonl SOURCE --ledger LEDGER -q`, SIGKILLing itself at
# STEP number N of the bulk import (no kill when STEP is "none"). With "dup-at-100", a claim still
# in staging is created by another FolderStore once 100 files were moved in: the import must then
# take back what it moved (the journal says "abort"), and the process is killed while doing so.
CHILD = """
import os, signal, sys
from claimtrack.cli import main
from claimtrack.model import read_record
from claimtrack.stores import FolderStore, folder

source, ledger, step, n, extra = sys.argv[1:6]

def crash(at, count):
    if extra == "dup-at-100" and at == "moved" and count == 100:
        staging = os.path.join(ledger, ".staging")
        txid = next(name for name in os.listdir(staging) if name.endswith(".journal"))[: -len(".journal")]
        name = sorted(os.listdir(os.path.join(staging, txid)))[0]
        with open(os.path.join(staging, txid, name), "rb") as fh:
            FolderStore(ledger).create(read_record(fh.read()))
        print("DUP", name[: -len(".json")], flush=True)
    if at == step and count == int(n):
        os.kill(os.getpid(), signal.SIGKILL)

folder._crash_point = crash
sys.argv = ["claimtrack", "import", "jsonl", source, "--ledger", ledger, "-q"]
main()
"""


def _records(n: int, prefix: str = "bulk") -> list[ct.ClaimRecord]:
    claim = ct.Claim.model_validate(
        {
            "id": "template",
            "text": "We will ship it",
            "language": "en",
            "speaker": {"name": "Someone"},
            "said_on": "2024-03-18",
            "kind": "prediction",
        }
    )
    return [ct.ClaimRecord(claim=claim.model_copy(update={"id": f"{prefix}-{i:05d}"})) for i in range(n)]


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "big.jsonl"
    write_jsonl(_records(BIG), path)
    return path


@pytest.fixture(scope="module")
def small_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "small.jsonl"
    write_jsonl(_records(SMALL), path)
    return path


@pytest.fixture
def root(tmp_path: Path, make_claim: Any) -> Path:
    """A folder ledger holding two claims that no import may touch."""
    root = tmp_path / "ledger"
    with ct.Ledger.open(root) as ledger:
        for claim_id in SEEDS:
            ledger.add(make_claim(claim_id))
    return root


def _run(source: Path, root: Path, step: str = "none", n: int = 0, extra: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(source), str(root), step, str(n), extra or "-"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def _listing(root: Path) -> list[str]:
    """The claims folder as readers see it (no store opened, so no recovery ran)."""
    return sorted(name for name in os.listdir(root / "claims") if name.endswith(".json") and name[0] != ".")


def _leftovers(root: Path) -> list[str]:
    staging = root / ".staging"
    left = sorted(os.listdir(staging)) if staging.exists() else []
    temps = [name for name in os.listdir(root / "claims") if name.endswith(".tmp")]
    return left + temps


def _reopened_ids(root: Path) -> set[str]:
    with ct.Ledger.open(root, create=False) as ledger:
        ids = set(ledger.store.ids())
        assert len(ledger) == len(ids)
    return ids


def _bulk(n: int) -> set[str]:
    return {f"bulk-{i:05d}" for i in range(n)}


def test_killed_while_staging_rolls_back_and_a_rerun_succeeds(root: Path, small_jsonl: Path) -> None:
    done = _run(small_jsonl, root, "staged", SMALL // 2)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _listing(root) == [f"{s}.json" for s in SEEDS]  # readers never saw a staged file
    assert any(name.endswith(".journal") for name in os.listdir(root / ".staging"))
    assert _reopened_ids(root) == set(SEEDS)
    assert _leftovers(root) == []
    again = _run(small_jsonl, root)
    assert again.returncode == 0, again.stderr
    assert f"imported {SMALL:,} new claims" in again.stderr
    assert _reopened_ids(root) == set(SEEDS) | _bulk(SMALL)
    assert _leftovers(root) == []


@pytest.mark.parametrize(("step", "n"), [("committed", SMALL), ("moved", 1), ("moved", SMALL // 2), ("moved", SMALL)])
def test_killed_after_commit_rolls_forward(root: Path, small_jsonl: Path, step: str, n: int) -> None:
    done = _run(small_jsonl, root, step, n)
    assert done.returncode == -signal.SIGKILL, done.stderr
    if step == "moved":
        assert len(_listing(root)) == len(SEEDS) + n  # the kill left the batch half moved in
    ids = _reopened_ids(root)
    assert ids == set(SEEDS) | _bulk(SMALL)
    assert _leftovers(root) == []
    with ct.Ledger.open(root, create=False) as ledger:
        assert ledger.validate() == ()
        assert ledger.record_of("bulk-00007").claim.text == "We will ship it"


def test_killed_while_taking_back_after_a_duplicate_finishes_the_rollback(root: Path, small_jsonl: Path) -> None:
    """Another writer created a claim of the batch while it was being moved in: the import is taken back."""
    done = _run(small_jsonl, root, "unmoved", 50, "dup-at-100")
    assert done.returncode == -signal.SIGKILL, done.stderr
    dup = done.stdout.split()[1]
    assert len(_listing(root)) > len(SEEDS) + 1  # killed halfway through taking the batch back
    ids = _reopened_ids(root)
    assert ids == {*SEEDS, dup}  # the other writer's claim stays; nothing of the batch does
    assert _leftovers(root) == []


def test_a_duplicate_created_meanwhile_takes_the_import_back(root: Path, small_jsonl: Path) -> None:
    done = _run(small_jsonl, root, "none", 0, "dup-at-100")
    assert done.returncode == 1, done.stderr
    dup = done.stdout.split()[1]
    assert f"{dup!r} already exists" in done.stderr
    assert _reopened_ids(root) == {*SEEDS, dup}
    assert _leftovers(root) == []


def _progress(root: Path) -> tuple[int, int]:
    """(files written but not visible: temporaries or staged, claim files visible beyond the seeds)."""
    names = os.listdir(root / "claims")
    hidden = sum(1 for name in names if name.endswith(".tmp"))
    staging = root / ".staging"
    if staging.exists():
        hidden += sum(len(os.listdir(p)) for p in staging.iterdir() if p.is_dir())
    visible = sum(1 for name in names if name.endswith(".json") and name[0] != ".") - len(SEEDS)
    return hidden, visible


@pytest.mark.parametrize("when", ["staging", "moving-in"])
def test_sigkill_from_outside_mid_import_is_all_or_nothing(root: Path, big_jsonl: Path, when: str) -> None:
    """A real outside SIGKILL of `claimtrack import jsonl` of 20k claims, as in the issue.

    "staging": once 1,000 files were written and none is visible: the import is rolled back
    on reopen, leaves no orphan, and a re-run succeeds. "moving-in": once 2,000 claims are
    visible: the import was committed and is rolled forward. Before the fix the first left
    1,000 orphan ``.tmp`` files and the second a half-imported ledger.
    """
    command = [sys.executable, "-m", "claimtrack", "import", "jsonl", str(big_jsonl), "--ledger", str(root), "-q"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and child.poll() is None:
            hidden, visible = _progress(root)
            if (when == "staging" and hidden >= 1_000) or (when == "moving-in" and visible >= 2_000):
                break
            time.sleep(0.002)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    hidden, visible = _progress(root)
    if when == "staging":
        assert hidden > 0
        assert visible == 0
    else:
        assert 0 < visible < BIG
    expected = set(SEEDS) if when == "staging" else set(SEEDS) | _bulk(BIG)
    assert _reopened_ids(root) == expected
    assert _leftovers(root) == []
    if when == "staging":
        again = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
        assert again.returncode == 0, again.stderr
        assert _reopened_ids(root) == set(SEEDS) | _bulk(BIG)


# -- in one process ---------------------------------------------------------------------------


def _state(root: Path) -> tuple[list[str], list[str]]:
    return _listing(root), _leftovers(root)


def test_a_duplicate_inside_the_batch_writes_nothing(root: Path) -> None:
    before = _state(root)
    batch = [*_records(50), _records(1, prefix="bulk")[0]]
    store = FolderStore(root)
    with pytest.raises(DuplicateClaimError, match="bulk-00000"):
        store.create_many(batch)
    assert _state(root) == before


def test_a_duplicate_of_a_stored_claim_writes_nothing(root: Path, make_claim: Any) -> None:
    before = _state(root)
    batch = [*_records(50), ct.ClaimRecord(claim=make_claim("seed-b")), *_records(50, prefix="later")]
    with ct.Ledger.open(root) as ledger, pytest.raises(DuplicateClaimError, match="seed-b"):
        ledger.add_many(batch)
    assert _state(root) == before


def test_a_bad_record_late_in_the_stream_writes_nothing(root: Path) -> None:
    def stream() -> Any:
        yield from _records(100)
        raise InvalidRecordError("bad line", path="in.jsonl:101")

    before = _state(root)
    store = FolderStore(root)
    with pytest.raises(InvalidRecordError, match="bad line"):
        store.create_many(stream())
    assert _state(root) == before


def test_the_import_streams_and_readers_never_see_staged_files(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are written to staging as they come; other stores opened meanwhile leave a live import alone."""
    seen: list[tuple[int, list[str], int]] = []

    def stream() -> Any:
        for i, record in enumerate(_records(300)):
            if i in (1, 150, 299):  # the import begins with the first record
                other = FolderStore(root)  # opening runs recovery: it must not touch a live import
                seen.append((i, sorted(other.ids()), len(os.listdir(root / ".staging"))))
            yield record

    assert FolderStore(root).create_many(stream()) == 300
    assert seen[0] == (1, list(SEEDS), 3)  # lock, journal and staging folder of the import in progress
    assert seen[1][1] == list(SEEDS)
    assert seen[2][1] == list(SEEDS)
    assert _reopened_ids(root) == set(SEEDS) | _bulk(300)
    assert _leftovers(root) == []


def test_open_removes_orphan_temporaries_of_killed_writes_and_nothing_else(root: Path) -> None:
    old = time.time() - 3600
    claims = root / "claims"
    orphans = [claims / ".seed-a.json.k3j4h5g6.tmp", claims / ".bulk-1.json.0123456789abcdef.tmp"]
    orphans.append(root / ".ledger.json.abc123de.tmp")
    kept = [
        claims / ".seed-b.json.young123.tmp",  # newer than this process: may be a write in progress
        claims / "notes.tmp",
        claims / ".notes.tmp",
        claims / ".seed-a.txt.k3j4h5g6.tmp",
        claims / ".seed-a.json.k3j4h5g6.tmp.bak",
        root / "README.md",
        root / ".staging-notes",
    ]
    for path in orphans + kept:
        path.write_text("{")
    for path in orphans + kept[1:]:
        os.utime(path, (old, old))
    with ct.Ledger.open(root, create=False) as ledger:
        assert sorted(ledger.store.ids()) == list(SEEDS)
        assert ledger.validate() == ()
    assert [p.name for p in orphans if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_open_removes_a_dead_import_that_never_wrote_its_journal(root: Path) -> None:
    staging = root / ".staging"
    txid = "0123456789abcdef-01234567"
    (staging / txid).mkdir(parents=True)
    (staging / txid / "bulk-00001.json").write_text("{}")
    (staging / f"{txid}.lock").write_text("")
    (staging / "someone-elses-file.txt").write_text("keep me")
    old = time.time() - 3600
    for path in (staging / txid, staging / f"{txid}.lock"):
        os.utime(path, (old, old))
    assert _reopened_ids(root) == set(SEEDS)
    assert sorted(os.listdir(staging)) == ["someone-elses-file.txt"]


def test_an_empty_batch_touches_nothing(root: Path) -> None:
    assert FolderStore(root).create_many([]) == 0
    assert not (root / ".staging").exists()


def test_the_crash_hook_is_off_by_default() -> None:
    assert folder._crash_point is None
