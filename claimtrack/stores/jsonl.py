"""JSON Lines: one ClaimRecord per line, streamed, to move ledgers between any two stores.

Each line is a complete :class:`~claimtrack.model.ClaimRecord` (claim, events,
evidence, version) as JSON, UTF-8, in the ledger's id order. Reading and
writing stream one line at a time, so memory stays flat whatever the size.
A bad line raises InvalidRecordError naming the file, the line, the claim and
the field; importers wrap the whole stream in one store transaction, so a bad
line leaves the target ledger as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from claimtrack.errors import InvalidRecordError, StoreError
from claimtrack.model import ClaimRecord, parse_record
from claimtrack.stores._files import atomic_file

__all__ = ["count_lines", "dump_jsonl", "read_jsonl", "write_jsonl"]


def dump_jsonl(records: Iterable[ClaimRecord], out: IO[str]) -> int:
    """Write ``records`` to a text stream, one JSON object per line; returns how many."""
    count = 0
    for record in records:
        out.write(record.model_dump_json())
        out.write("\n")
        count += 1
    return count


def write_jsonl(records: Iterable[ClaimRecord], path: str | os.PathLike[str]) -> int:
    """Write ``records`` to ``path`` atomically (a crash leaves the old file or the whole new one).

    A new file gets ``0o666 & ~umask``; an existing one keeps its mode (see claimtrack/stores/_files.py).
    """
    target = Path(path)
    try:
        with atomic_file(target) as fh:
            count = dump_jsonl(records, fh)
    except StoreError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot write: {exc}", location=str(target)) from exc
    return count


def read_jsonl(lines: Iterable[str | bytes], *, path: str = "<stdin>") -> Iterator[ClaimRecord]:
    """Parse JSON Lines lazily; raises InvalidRecordError at the first bad line (blank lines are skipped)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield ClaimRecord.model_validate_json(line)
        except ValidationError:
            _, problems = parse_record(line, path=f"{path}:{number}")
            first = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise InvalidRecordError(
                first.message + more, path=first.path, record=first.record, field=first.field
            ) from None


def count_lines(path: str | os.PathLike[str]) -> int:
    """Non-blank lines of a file, read in blocks (for progress totals and count checks)."""
    count = 0
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                count += 1
    return count
