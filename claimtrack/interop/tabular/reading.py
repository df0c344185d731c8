"""Reading CSV claims and events (as written by ``write_csv``, or edited in a spreadsheet) into a ledger."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

from pydantic import ValidationError
from pydantic_core import to_jsonable_python

from claimtrack.dates import parse_stamp
from claimtrack.interop.builder import RECORD_ERRORS, RecordBuilder, paused_gc
from claimtrack.interop.conventions import check_recorded_at, midnight_utc
from claimtrack.interop.ratings import RatingTable
from claimtrack.interop.results import ImportResult
from claimtrack.interop.tabular import other_fields
from claimtrack.interop.tabular.claim_columns import FREE_TEXT, claim_of, date_cell, read_cell
from claimtrack.interop.tabular.columns import COLUMNS, NO_URL
from claimtrack.interop.text import shown
from claimtrack.ledger import Clock, Ledger
from claimtrack.model import Claim, Confidence, DateRange, Verdict, evidence_id

__all__ = ["FIELD_LIMIT", "FREE_TEXT", "from_csv", "parse_csv", "read_csv"]


def from_csv(path: str | os.PathLike[str], *, ratings: RatingTable | None = None, clock: Clock | None = None) -> Ledger:
    """A CSV file written by :func:`write_csv` (or edited in a spreadsheet) as an in-memory ledger."""
    return read_csv(path, ratings=ratings, clock=clock).ledger


def read_csv(
    path: str | os.PathLike[str], *, ratings: RatingTable | None = None, clock: Clock | None = None
) -> ImportResult:
    """Read a CSV file into an in-memory ledger plus every problem met (rows are numbered as in a spreadsheet).

    Bytes that are not UTF-8 are replaced with U+FFFD, with a ``bad_encoding``
    warning on their row.
    """
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        return parse_csv(handle, ratings=ratings, clock=clock, path=os.fspath(path))


FIELD_LIMIT = 64 * 1024 * 1024
"""The longest cell read, in characters. Python's csv module refuses cells over 128 KiB by default; a claim
or a note can be longer, so reading raises that process-wide limit to this one (never lowers it). A longer
cell is one ``bad_row`` problem."""

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _raise_field_limit() -> None:
    """Let the csv module read cells up to :data:`FIELD_LIMIT` (the limit is process-wide; only ever raised)."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)


def _checked(lines: Iterable[str], bad: list[int]) -> Iterator[str]:
    """``lines`` as they are, noting in ``bad`` each one with a lone surrogate (a byte that was not UTF-8)."""
    for line in lines:
        if not line.isascii() and _SURROGATE.search(line):
            bad.append(1)
        yield line


def parse_csv(
    source: str | TextIO,
    *,
    ratings: RatingTable | None = None,
    clock: Clock | None = None,
    path: str | None = None,
) -> ImportResult:
    """Read CSV text (or an open file) into an in-memory ledger plus every problem met.

    A ``verdict`` that is not a claimtrack verdict is mapped through the rating
    table with a warning (so a column of "Pants on Fire" still reads). An
    empty ``recorded_at`` becomes midnight UTC of ``effective_on``; a missing
    ``claim_id`` is derived from the text, speaker and date. A row the csv
    module cannot split (a cell over :data:`FIELD_LIMIT`) is one problem, and
    reading goes on at the next line.
    """
    handle = io.StringIO(source.removeprefix("\ufeff"), newline="") if isinstance(source, str) else source
    table = ratings or RatingTable.default()
    builder = RecordBuilder(path=path)
    _raise_field_limit()
    bad: list[int] = []
    reader = csv.reader(_checked(handle, bad))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        header = []
        builder.problem("row 1", f"the header cannot be read: {exc}", code="bad_row", severity="error")
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    missing = [c for c in ("text", "said_on") if c not in header]
    if missing:
        builder.records += 1
        builder.problem(
            "row 1",
            f"the header lacks {', '.join(missing)}; nothing read"
            if header
            else "no header (an empty file); nothing read",
            code="missing_column",
            field=missing[0],
            severity="error",
        )
        return builder.build(clock=clock)
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        listed = ", ".join(shown(c) for c in unknown[:10]) + (
            f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        )
        builder.problem("row 1", f"unknown columns ignored: {listed}", code="unknown_column")
    bad.clear()
    seen: _Seen = {}
    with paused_gc():
        number = 1  # rows are numbered as a spreadsheet shows them: the header is row 1, blank lines do not count
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                number += 1
                position = f"row {number}"
                builder.records += 1
                builder.problem(position, f"the row cannot be read: {exc}; skipped", code="bad_row", severity="error")
                bad.clear()
                continue
            if not cells:
                continue
            number += 1
            position = f"row {number}"
            builder.records += 1
            try:
                row = {c: read_cell(c, v) for c, v in zip(header, cells) if c}
                if bad:
                    row = _repaired(builder, position, row)
                    bad.clear()
                _read_row(builder, table, position, row, seen)
            except RECORD_ERRORS as exc:
                builder.unreadable(position, exc)
        return builder.build(clock=clock)


def _repaired(builder: RecordBuilder, position: str, row: dict[str, str]) -> dict[str, str]:
    """``row`` with every lone surrogate replaced by U+FFFD, and a warning naming the first column that had one."""
    damaged = [c for c, v in row.items() if not v.isascii() and _SURROGATE.search(v)]
    if damaged:
        builder.problem(
            position,
            "not valid UTF-8 (or a lone surrogate); replaced with U+FFFD",
            code="bad_encoding",
            field=damaged[0],
        )
    return {c: _SURROGATE.sub("\ufffd", v) if c in damaged else v for c, v in row.items()}


_Seen = dict[tuple[str, str], tuple[str, dict[str, Any]]]
"""The events read so far that gave an ``event_id``: (claim id, event id) -> (row, event)."""


def _read_row(builder: RecordBuilder, table: RatingTable, position: str, row: Mapping[str, str], seen: _Seen) -> None:
    flat = claim_of(builder, position, row)
    if flat is None:
        return
    claim, said_on = flat
    if row.get("other_fields"):
        claim = _with_other_fields(builder, position, claim, row["other_fields"])
    event, evidence = _event(builder, table, position, row, claim["id"], said_on)
    if event is not None and "id" in event:
        event = _copied(builder, position, claim["id"], event, seen)
    builder.add(position, claim, event, evidence)


def _copied(builder: RecordBuilder, position: str, claim_id: str, event: dict[str, Any], seen: _Seen) -> dict[str, Any]:
    """``event``, without its id when an earlier row has that id with another content (a row copied and edited).

    The earlier row keeps the id; this one becomes a new event, its id derived
    from its content, with a ``copied_event`` warning. A copy left unchanged is
    the same event (the record builder merges it).
    """
    key = (claim_id, event["id"])
    first = seen.setdefault(key, (position, event))
    if first[1] is event or first[1] == event:
        return event
    differs = [k for k in dict.fromkeys([*first[1], *event]) if k != "id" and first[1].get(k) != event.get(k)]
    builder.problem(
        position,
        f"event_id {shown(event['id'])} is also on {first[0]}, with a different {', '.join(differs)}; read as a new "
        "event with its own id (leave event_id empty in a row you add)",
        code="copied_event",
        field="event_id",
    )
    return {k: v for k, v in event.items() if k != "id"}


def _with_other_fields(builder: RecordBuilder, position: str, claim: dict[str, Any], text: str) -> dict[str, Any]:
    """``claim`` with the paths of its ``other_fields`` cell set (as JSON), each part that cannot be reported."""
    try:
        dumped = Claim.model_validate(claim).model_dump(mode="json")
    except ValidationError:  # the columns alone make no valid claim: other_fields may complete it, else the
        dumped = to_jsonable_python(claim)  # record builder reports why, naming the field
    for why in other_fields.apply(dumped, text):
        builder.problem(position, why, code="bad_value", field="other_fields")
    return dumped


def _event(
    builder: RecordBuilder,
    table: RatingTable,
    position: str,
    row: Mapping[str, str],
    claim_id: str,
    said_on: DateRange,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    value = row.get("verdict", "")
    if not value:
        return None, []
    try:
        verdict = Verdict(value.strip().lower())
        rating = row.get("rating") or None
    except ValueError:
        match = table.normalise(text=value)
        verdict = match.verdict
        rating = row.get("rating") or value
        builder.problem(
            position,
            f"verdict {shown(value)} is not a claimtrack verdict; mapped to {verdict.value} ({match.method})",
            code="mapped_verdict",
            field="verdict",
        )
    effective = date_cell(builder, position, row, "effective_on", required=True)
    if effective is None:
        return None, []
    effective_on = effective.end
    if effective_on < said_on.start:
        builder.problem(
            position,
            f"effective_on {effective_on} is before the claim was said ({said_on}); event skipped",
            code="bad_event",
            field="effective_on",
            severity="error",
        )
        return None, []
    recorded_at = _datetime_cell(builder, position, row.get("recorded_at", "")) or midnight_utc(effective_on)
    check_recorded_at(recorded_at)
    if recorded_at.date() < effective_on:
        builder.problem(
            position,
            f"recorded_at {recorded_at.isoformat()} is before effective_on {effective_on}; event skipped "
            "(an empty recorded_at is midnight UTC of effective_on)",
            code="bad_event",
            field="recorded_at",
            severity="error",
        )
        return None, []
    ids = row.get("evidence_ids", "").split()
    urls = row.get("evidence_urls", "").split()
    evidence: list[dict[str, Any]] = []
    if urls and not ids:
        ids = [evidence_id(url) for url in urls]
    for i, ev_id in enumerate(ids):
        url = urls[i] if i < len(urls) and urls[i] != NO_URL else None
        ev: dict[str, Any] = {"id": ev_id}
        checked = builder.url(position, url, "evidence_urls")
        if checked is not None:
            ev["url"] = checked
        evidence.append(ev)
    event: dict[str, Any] = {
        "verdict": verdict,
        "effective_on": effective_on,
        "recorded_at": recorded_at,
        "evidence": tuple(ev["id"] for ev in evidence),
        "note": row.get("event_note", ""),
        "by": row.get("by") or None,
        "rating": rating,
        "origin": row.get("origin") or None,
    }
    if row.get("confidence"):
        try:
            event["confidence"] = Confidence(row["confidence"].lower())
        except ValueError:
            builder.problem(
                position,
                f"unknown confidence {shown(row['confidence'])}; ignored",
                code="bad_value",
                field="confidence",
            )
    if row.get("event_id"):
        event["id"] = row["event_id"]
    return event, evidence


def _datetime_cell(builder: RecordBuilder, position: str, value: str) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        parsed = parse_stamp(value)
        if parsed is None:
            builder.problem(
                position,
                f"cannot read recorded_at {shown(value)}; midnight UTC of effective_on used",
                code="bad_date",
                field="recorded_at",
            )
            return None
        builder.problem(
            position, f"recorded_at {shown(value)} has no time; midnight UTC used", code="odd_date", field="recorded_at"
        )
        return midnight_utc(parsed.start)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        builder.problem(
            position,
            f"recorded_at {shown(value)} has no time zone; UTC assumed",
            code="naive_time",
            field="recorded_at",
        )
        stamp = stamp.replace(tzinfo=UTC)
    return stamp
