"""Bad input and the command line: a clear error or a partial result naming the line, and nothing written.

Binary and non-UTF-8 files are refused (exit 1) naming the line and byte; malformed
timestamps and empty files give problems naming the line (exit 2) and, unless
``--partial``, no drafts file; a large file is streamed: peak memory does not grow
with the file. No test here times anything.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli.intake_cmds import extract_command
from claimtrack.errors import InvalidRecordError
from claimtrack.intake.drafts import Draft, read_drafts
from claimtrack.intake.extraction import extract, extract_file, iter_extract_file

DATA = Path(__file__).parent / "data"
INTERVIEW = DATA / "interview-en.txt"
_STAMP = re.compile(r"\[(\d\d):(\d\d):(\d\d)\](.*)")


def _repeat(path: Path, copies: int) -> int:
    """The interview ``copies`` times over with shifted timestamps, written line by line; the file's size."""
    lines = INTERVIEW.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for line in lines:
                found = _STAMP.match(line)
                if found is None:
                    out.write(line + "\n")
                    continue
                seconds = (copy * 60) % (900 * 3600) + int(found.group(2)) * 60 + int(found.group(3))
                hours, rest = divmod(seconds, 3600)
                out.write(f"[{hours:02d}:{rest // 60:02d}:{rest % 60:02d}]{found.group(4)}\n")
    return path.stat().st_size


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(extract_command, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_binary_file_is_refused_naming_the_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "audio.bin"
    path.write_bytes(b"[00:00:01] Guest: We will ship it next year.\n\x00\x01\x02RIFF")
    with pytest.raises(InvalidRecordError, match=r"line 2: a NUL byte at byte 45"):
        extract_file(path, said_on="2025-06-02")
    out = tmp_path / "drafts.jsonl"
    code, stdout, stderr = _run(str(path), "--said-on", "2025-06-02", "-o", str(out))
    assert code == 1
    assert "NUL byte" in stderr
    assert "line 2" in stderr
    assert not out.exists()
    assert stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["audio.bin"]  # no temporary file left behind


def test_utf16_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_text("[00:00:01] Guest: We will ship it.\n", encoding="utf-16")
    with pytest.raises(InvalidRecordError, match="NUL byte"):
        extract_file(path, said_on="2025-06-02")


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("[00:00:01] Guest: We will ship it.\n[00:00:05] Guest: Ça coûte 5 EUR.\n".encode("latin-1"))
    with pytest.raises(InvalidRecordError, match=r"line 2: not UTF-8 \(byte 0xc7"):
        extract_file(path, said_on="2025-06-02")
    out = tmp_path / "drafts.jsonl"
    code, _, stderr = _run(str(path), "--said-on", "2025-06-02", "-o", str(out))
    assert code == 1
    assert "not UTF-8" in stderr
    assert not out.exists()


MALFORMED = (
    "[00:00:01] Guest: We will ship the robot next year.\n"
    "[00:7x:05] Guest: I think prices will fall by 2028.\n"
    "[1:73:06] Host: Why?\n"
    "[00:00:09] Guest: We plan to hire 200 engineers by 2027.\n"
)


def test_malformed_timestamps_give_a_partial_result_naming_each_line(tmp_path: Path) -> None:
    result = extract(MALFORMED, said_on="2025-06-02")
    assert [p.message.split(":")[0] for p in result.problems] == ["line 2", "line 3"]
    assert {p.code for p in result.problems} == {"malformed_timestamp"}
    assert [(d.line, d.claim.sources[0].locator) for d in result.drafts] == [
        (1, "00:00:01"),
        (2, None),
        (4, "00:00:09"),
    ]

    path = tmp_path / "t.txt"
    path.write_text(MALFORMED, encoding="utf-8")
    out = tmp_path / "drafts.jsonl"
    code, _, stderr = _run(str(path), "--said-on", "2025-06-02", "-o", str(out))
    assert code == 2
    assert not out.exists()
    assert "line 2: malformed timestamp [00:7x:05]" in stderr
    assert "line 3:" in stderr
    assert "nothing written" in stderr
    assert "--partial" in stderr
    code, _, _ = _run(str(path), "--said-on", "2025-06-02", "-o", str(out), "--partial")
    assert code == 2
    assert len([d for d in read_drafts(out.read_text(encoding="utf-8").splitlines()) if isinstance(d, Draft)]) == 3


@pytest.mark.parametrize("content", ["", "\n\n   \n", "\ufeff"])
def test_an_empty_file_is_a_problem_and_nothing_is_written(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    result = extract_file(path, said_on="2025-06-02")
    assert result.drafts == ()
    assert [p.code for p in result.problems] == ["empty_input"]
    out = tmp_path / "drafts.jsonl"
    code, stdout, stderr = _run(str(path), "--said-on", "2025-06-02", "-o", str(out))
    assert code == 2
    assert "empty input" in stderr
    assert not out.exists()
    assert stdout == ""


def test_a_file_with_nothing_to_draft_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("[00:00:01] Host: How are you?\n[00:00:03] Guest: Fine, thanks.\n", encoding="utf-8")
    code, _, stderr = _run(str(path), "--said-on", "2025-06-02")
    assert code == 2
    assert "0 draft(s) made" in stderr


def test_the_cli_writes_one_readable_draft_per_line_atomically_with_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "drafts.jsonl"
    code, stdout, stderr = _run(
        str(INTERVIEW),
        "--said-on",
        "2025-06-02",
        "--speaker",
        "Guest",
        "--kinds",
        "prediction,commitment",
        "-o",
        str(out),
    )
    assert code == 0
    assert stdout == ""
    drafts = list(read_drafts(out.read_text(encoding="utf-8").splitlines()))
    assert len(drafts) == 12
    assert all(isinstance(d, Draft) for d in drafts)
    assert {d.claim.kind.value for d in drafts if isinstance(d, Draft)} == {"prediction", "commitment"}
    assert "12 draft(s) made (7 prediction, 5 commitment)" in stderr
    assert "written to" in stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts.jsonl"]
    out.chmod(0o640)  # a rewrite keeps the mode of the file it replaces
    assert _run(str(INTERVIEW), "--said-on", "2025-06-02", "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    code, stdout, _ = _run(str(INTERVIEW), "--said-on", "2025-06-02", "--kinds", "denial")
    assert code == 0
    assert len(stdout.splitlines()) == 3
    code, _, stderr = _run(str(INTERVIEW), "--said-on", "2025-06-02", "--kinds", "guess")
    assert code == 2
    assert "is not a kind" in stderr


def test_the_cli_help_has_an_example() -> None:
    result = CliRunner().invoke(extract_command, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "--said-on 2024-03-18" in result.output


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        for _ in iter_extract_file(path, said_on="2025-06-02"):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    _repeat(small, 150)
    size = _repeat(large, 600)
    _peak(small)  # first use: imports, compiled patterns, sentencex
    small_peak, large_peak = _peak(small), _peak(large)
    assert large_peak < small_peak * 1.25 + 256 * 1024, (small_peak, large_peak)
    assert large_peak < 8 * 1024 * 1024
    assert size > 4 * small.stat().st_size - 1024


@pytest.mark.slow
def test_a_100_mb_file_through_the_cli_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    copies = 100 * 1024 * 1024 // _repeat(path, 1) + 1
    size = _repeat(path, copies)
    assert size >= 100 * 1024 * 1024
    out = tmp_path / "drafts.jsonl"
    # The child reports its own peak from VmHWM: ru_maxrss would include the RSS it inherited from this
    # process at fork, and RUSAGE_CHILDREN is the largest of every child this process has waited for.
    script = (
        "import re, sys\n"
        "from claimtrack.cli.intake_cmds import extract_command\n"
        "try:\n"
        "    extract_command(sys.argv[1:])\n"
        "finally:\n"
        "    hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
        "    print('peak-kib', hwm.group(1) if hwm else 0, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), "--said-on", "2025-06-02", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "written to" in done.stderr
    peak_kib = int(done.stderr.rsplit("peak-kib ", 1)[1].split()[0])
    assert peak_kib > 0  # Linux: /proc/self/status has VmHWM
    assert peak_kib * 1024 < size, (peak_kib, size)  # the file was never held whole
    assert out.stat().st_size > 0
