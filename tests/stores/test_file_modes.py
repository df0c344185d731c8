"""File modes (issue #12): new files get ``0o666 & ~umask``, a rewrite keeps the file's mode.

``tempfile.mkstemp`` makes 0600 files, and they kept that mode after the rename, so every
file the folder store wrote was 0600 whatever the umask and a ``record`` turned a shared
0664 claim file into 0600.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.stores.jsonl import write_jsonl

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under the umask given as the parameter, then put the old one back."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    ("umask", "expected"),
    [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)],
    indirect=["umask"],
    ids=["022", "027", "002"],
)
def test_every_file_the_folder_store_writes_follows_the_umask(
    umask: int, expected: int, tmp_path: Path, make_claim: Any, clock: Any
) -> None:
    root = tmp_path / "ledger"
    with ct.Ledger.open(root, clock=clock) as ledger:
        ledger.add(make_claim("single"))
        ledger.add_many(ct.ClaimRecord(claim=make_claim(f"bulk-{i}")) for i in range(5))
        ledger.record("bulk-1", "true", on=date(2024, 5, 13))
    written = [root / "ledger.json", root / ".gitignore", *sorted((root / "claims").glob("*.json"))]
    assert len(written) == 8
    assert {path.name: oct(_mode(path)) for path in written} == {path.name: oct(expected) for path in written}


@pytest.mark.parametrize(
    ("umask", "expected"), [(0o022, 0o644), (0o027, 0o640)], indirect=["umask"], ids=["022", "027"]
)
def test_write_jsonl_follows_the_umask(umask: int, expected: int, tmp_path: Path, make_claim: Any) -> None:
    out = tmp_path / "claims.jsonl"
    write_jsonl([ct.ClaimRecord(claim=make_claim())], out)
    assert _mode(out) == expected


@pytest.mark.parametrize("umask", [0o022], indirect=True, ids=["022"])
@pytest.mark.parametrize("shared", [0o664, 0o660, 0o600], ids=["664", "660", "600"])
def test_a_rewrite_keeps_the_files_mode(umask: int, shared: int, tmp_path: Path, make_claim: Any, clock: Any) -> None:
    with ct.Ledger.open(tmp_path / "ledger", clock=clock) as ledger:
        ledger.add(make_claim("shared"))
        path = tmp_path / "ledger" / "claims" / "shared.json"
        path.chmod(shared)
        ledger.record("shared", "true", on=date(2024, 5, 13))
        assert _mode(path) == shared
        record = ledger.record_of("shared")
        ledger.update(record.claim.model_copy(update={"note": "edited"}), expected_version=record.version)
        assert _mode(path) == shared
        assert len(ledger.history("shared")) == 1


@pytest.mark.parametrize("umask", [0o022], indirect=True, ids=["022"])
def test_write_jsonl_over_a_file_keeps_its_mode(umask: int, tmp_path: Path, make_claim: Any) -> None:
    out = tmp_path / "claims.jsonl"
    out.write_text("")
    out.chmod(0o664)
    write_jsonl([ct.ClaimRecord(claim=make_claim())], out)
    assert _mode(out) == 0o664
    assert len(out.read_text().splitlines()) == 1
