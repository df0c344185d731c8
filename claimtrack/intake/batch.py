"""A batch of claims to add at once: drafts, bare claims or claim records, one JSON object a line.

:func:`read_batch` reads the text of a batch file (``claimtrack add --file``): each line a
draft (``claimtrack extract``), a bare claim object, or a whole claim record (claim,
events, evidence); a text holding one JSON object, even over several lines, is one item.
It reports every problem at once, each naming the file, the line and the field, so a
caller can add all or nothing. It reads only the text it is given: no file, no ledger.

Example:
    >>> batch = read_batch('{"id": "c-1", "text": "Compute is the currency", "language": "en",'
    ...                    ' "speaker": {"name": "Sam Altman"}, "said_on": "2024-03-18", "kind": "opinion"}\\n'
    ...                    "not json\\n", path="claims.jsonl")
    >>> [record.claim.id for record in batch.records], batch.lines
    (['c-1'], (1,))
    >>> problem_line(batch.problems[0]).split(": not valid JSON")[0]
    'claims.jsonl:2'
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from claimtrack.intake.drafts import UNKNOWN_SPEAKER, Draft
from claimtrack.model import Claim, ClaimRecord, Problem, problems_from_validation

__all__ = ["Batch", "batch_summary", "problem_line", "problem_place", "read_batch"]


@attrs.frozen(kw_only=True)
class Batch:
    """What a batch file holds: the records to add, with the line each came from, and every problem."""

    records: tuple[ClaimRecord, ...] = ()
    lines: tuple[int, ...] = ()
    """The line each record starts on, in the order of ``records``."""
    problems: tuple[Problem, ...] = ()
    """Every problem, in line order; each ``path`` is ``file:line`` (or the file, for a text that is not UTF-8)."""
    named: int = 0
    """How many drafts got their speaker from ``speaker``."""


def problem_line(problem: Problem, *, place: bool = True) -> str:
    """``file:line: claim 'id': field 'f': message [code]`` (what is known of it); without the place: from the field."""
    parts = [problem.path, f"claim {problem.record!r}" if problem.record else None] if place else []
    parts += [f"field {problem.field!r}" if problem.field else None, f"{problem.message} [{problem.code}]"]
    return ": ".join(p for p in parts if p)


def problem_place(problem: Problem) -> str:
    """``file:line: claim 'id'``, or what is known of it."""
    return ": ".join(p for p in (problem.path, f"claim {problem.record!r}" if problem.record else None) if p)


def _items(path: str, text: str) -> tuple[list[tuple[int, Any]], list[tuple[int, Problem]]]:
    """The JSON values of the text with their line numbers: one document, or one per line."""
    lines = text.splitlines()
    filled = [n for n, line in enumerate(lines, start=1) if line.strip()]
    if not filled:
        return [], []
    whole_error: ValueError | None = None
    try:
        whole = json.loads(text)
    except ValueError as exc:
        whole_error = exc
    except RecursionError:
        whole_error = ValueError("nested too deeply")
    else:
        if isinstance(whole, dict):
            return [(filled[0], whole)], []
        if len(filled) > 1:
            message = f"expected one JSON object a line (a draft, claim or claim record), not a {type(whole).__name__}"
            return [], [(filled[0], Problem(message=message, path=f"{path}:{filled[0]}", code="invalid_json"))]
    items: list[tuple[int, Any]] = []
    problems: list[tuple[int, Problem]] = []
    for number in filled:
        try:
            items.append((number, json.loads(lines[number - 1])))
        except (ValueError, RecursionError) as exc:
            problem = Problem(message=f"not valid JSON: {exc}", path=f"{path}:{number}", code="invalid_json")
            problems.append((number, problem))
    opened = lines[filled[0] - 1].strip() in ("{", "[")
    if not items and opened and isinstance(whole_error, json.JSONDecodeError):
        # one JSON document over several lines, broken: say where it breaks, not that every line is
        at = whole_error.lineno
        problems = [(at, Problem(message=f"not valid JSON: {whole_error}", path=f"{path}:{at}", code="invalid_json"))]
    return items, problems


def _claim_id(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    claim = value.get("claim", value)
    found = claim.get("id") if isinstance(claim, dict) else None
    return found if isinstance(found, str) else None


def _record(value: dict[str, Any]) -> ClaimRecord:
    """A draft (it has ``extractor`` or ``reasons``), a claim record (``claim``), or a bare claim."""
    if "extractor" in value or "reasons" in value:
        return ClaimRecord(claim=Draft.model_validate(value).claim)
    if "claim" in value:
        return ClaimRecord.model_validate(value)
    return ClaimRecord.model_validate({"claim": value})


def read_batch(
    text: str | bytes,
    *,
    path: str | Path,
    speaker: str | None = None,
    known: Callable[[str], bool] = lambda _: False,
) -> Batch:
    """Every record in ``text`` and every problem, each naming ``path:line`` and the field.

    ``text`` is the file's text, or its bytes (read as UTF-8, a byte order mark
    skipped; bytes that are not UTF-8 are one problem). Drafts naming no speaker get
    ``speaker`` (a ``needs_speaker`` problem when it is None); an id given twice, or
    ``known`` (already in the ledger), is a ``duplicate_id`` problem.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return Batch(problems=(Problem(message=f"not UTF-8 text: {exc}", path=str(path), code="invalid_json"),))
    items, problems = _items(str(path), text.removeprefix("\ufeff"))
    records: list[ClaimRecord] = []
    numbers: list[int] = []
    first_line: dict[str, int] = {}
    named = 0
    for number, value in items:
        where = f"{path}:{number}"
        if not isinstance(value, dict):
            message = f"expected a JSON object (a draft, a claim or a claim record), not a {type(value).__name__}"
            problems.append((number, Problem(message=message, path=where, code="invalid_json")))
            continue
        try:
            record = _record(value)
        except ValidationError as exc:
            problems.extend((number, p) for p in problems_from_validation(exc, path=where, record=_claim_id(value)))
            continue
        claim = record.claim
        field, code, message = "claim.id", "duplicate_id", ""
        if claim.speaker.name == UNKNOWN_SPEAKER and not speaker:
            field, code = "claim.speaker", "needs_speaker"
            message = "no speaker is known: give a speaker to name the speaker of every such draft"
        elif claim.id in first_line:
            message = f"the id is also on line {first_line[claim.id]}: each claim needs its own id"
        elif known(claim.id):
            message = "a claim with this id is already in the ledger"
        first_line.setdefault(claim.id, number)
        if message:
            problems.append((number, Problem(message=message, path=where, record=claim.id, field=field, code=code)))
            continue
        if claim.speaker.name == UNKNOWN_SPEAKER:
            claim = Claim.model_validate({**claim.model_dump(), "speaker": {"name": speaker}})
            record = ClaimRecord.model_validate({**record.model_dump(), "claim": claim})
            named += 1
        records.append(record)
        numbers.append(number)
    in_order = tuple(problem for _, problem in sorted(problems, key=lambda found: found[0]))
    return Batch(records=tuple(records), lines=tuple(numbers), problems=in_order, named=named)


def batch_summary(records: Iterable[ClaimRecord]) -> str:
    """``2 prediction, 1 assertion``: how many of each kind, most first."""
    counts = Counter(record.claim.kind.value for record in records)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
