"""Reading CSV claims and events (as written by ``write_csv``, or edited in a spreadsheet) into a ledger."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

from claimtrack.dates import parse_stamp
from claimtrack.interop.builder import RECORD_ERRORS, RecordBuilder, paused_gc
from claimtrack.interop.conventions import UNKNOWN_SPEAKER, check_recorded_at, midnight_utc
from claimtrack.interop.ids import stable_claim_id
from claimtrack.interop.ratings import RatingTable
from claimtrack.interop.results import ImportResult
from claimtrack.interop.tabular.columns import COLUMNS, NO_URL, topics_of, unescape
from claimtrack.interop.text import shown
from claimtrack.ledger import Clock, Ledger
from claimtrack.model import ClaimKind, Confidence, DateRange, Granularity, SourceRole, Verdict, evidence_id
from claimtrack.model.urls import http_url

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

FREE_TEXT = frozenset(
    (
        "text",
        "speaker",
        "speaker_role",
        "speaker_organisation",
        "horizon_text",
        "credence_word",
        "source_title",
        "source_publisher",
        "note",
        "by",
        "rating",
        "event_note",
    )
)
"""Columns read as written: white space around the text is part of it. Other cells are trimmed."""

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


def _cell(column: str, value: str) -> str:
    """A cell as the importer reads it: trimmed (free text only when blank) and the formula guard removed."""
    if column in FREE_TEXT:
        return unescape(value) if value.strip() else ""
    return unescape(value.strip())


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
                row = {c: _cell(c, v) for c, v in zip(header, cells) if c}
                if bad:
                    row = _repaired(builder, position, row)
                    bad.clear()
                _read_row(builder, table, position, row)
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


def _date_cell(
    builder: RecordBuilder, position: str, row: Mapping[str, str], column: str, *, required: bool = False
) -> DateRange | None:
    value = row.get(column, "")
    if not value:
        if required:
            builder.problem(position, f"{column} is empty", code="missing_date", field=column, severity="error")
        return None
    text = value.replace("..", "/") if ".." in value else value
    parsed = parse_stamp(text)
    if parsed is None:
        builder.problem(
            position,
            f"cannot read {column} {shown(value)}",
            code="bad_date",
            field=column,
            severity="error" if required else "warning",
        )
        return None
    if parsed.odd:
        builder.problem(position, parsed.odd, code="odd_date", field=column)
    return DateRange(start=parsed.start, end=parsed.end, granularity=parsed.granularity)


def _read_row(builder: RecordBuilder, table: RatingTable, position: str, row: Mapping[str, str]) -> None:
    text = row.get("text", "")
    if not text:
        builder.problem(position, "text is empty; row skipped", code="missing_claim", field="text", severity="error")
        return
    said_on = _date_cell(builder, position, row, "said_on", required=True)
    if said_on is None:
        return
    granularity = row.get("said_on_granularity", "")
    if granularity:
        try:
            said_on = said_on.model_copy(update={"granularity": Granularity(granularity)})
        except ValueError:
            builder.problem(
                position,
                f"unknown granularity {shown(granularity)}; ignored",
                code="bad_value",
                field="said_on_granularity",
            )
    speaker: dict[str, Any] = {"name": row.get("speaker") or UNKNOWN_SPEAKER}
    for column, key in (("speaker_role", "role"), ("speaker_organisation", "organisation")):
        if row.get(column):
            speaker[key] = row[column]
    if row.get("speaker_same_as"):
        speaker["same_as"] = tuple(row["speaker_same_as"].split())
    claim_id = row.get("claim_id") or stable_claim_id(
        f"csv\x1f{text}\x1f{speaker['name']}\x1f{said_on.start.isoformat()}", text=text
    )
    kind = row.get("kind") or ClaimKind.ASSERTION.value
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": text,
        "language": row.get("language") or "und",
        "speaker": speaker,
        "said_on": said_on,
        "kind": kind,
    }
    if row.get("topics"):
        claim["topics"] = topics_of(row["topics"])
    if row.get("note"):
        claim["note"] = row["note"]
    horizon = _horizon(builder, position, row)
    if horizon is not None:
        claim["horizon"] = horizon
    credence = _credence(row)
    if credence is not None:
        claim["credence"] = credence
    source = _source(builder, position, row)
    if source is not None:
        claim["sources"] = (source,)
    event, evidence = _event(builder, table, position, row, claim_id, said_on)
    builder.add(position, claim, event, evidence)


def _horizon(builder: RecordBuilder, position: str, row: Mapping[str, str]) -> dict[str, Any] | None:
    if not (row.get("horizon_text") or row.get("horizon_start") or row.get("horizon_end")):
        return None
    start = _date_cell(builder, position, row, "horizon_start")
    end = _date_cell(builder, position, row, "horizon_end")
    if start is None:
        builder.problem(position, "a horizon needs horizon_start; dropped", code="bad_horizon", field="horizon_start")
        return None
    return {
        "text": row.get("horizon_text") or "",
        "start": start.start,
        "end": end.end if end is not None else None,
        "vague": row.get("horizon_vague", "").strip().lower() in ("true", "1", "yes"),
    }


def _credence(row: Mapping[str, str]) -> dict[str, Any] | None:
    if not row.get("credence_basis"):
        return None
    out: dict[str, Any] = {"basis": row["credence_basis"], "p": row.get("credence_p") or None}
    for column, key in (
        ("credence_low", "low"),
        ("credence_high", "high"),
        ("credence_word", "word"),
        ("credence_scale", "scale"),
    ):
        if row.get(column):
            out[key] = row[column]
    return out


def _source(builder: RecordBuilder, position: str, row: Mapping[str, str]) -> dict[str, Any] | None:
    if not any(row.get(c) for c in ("source_url", "source_title", "source_publisher", "source_archived_url")):
        return None
    source: dict[str, Any] = {"role": row.get("source_role") or SourceRole.PRIMARY.value}
    if row.get("source_url"):
        url = http_url(row["source_url"])
        if url is None:
            builder.problem(
                position,
                f"{shown(row['source_url'])} is not an http(s) URL; dropped",
                code="bad_url",
                field="source_url",
            )
        else:
            source["url"] = url
    if row.get("source_archived_url"):
        archived = http_url(row["source_archived_url"])
        if archived is None:
            builder.problem(
                position,
                f"{shown(row['source_archived_url'])} is not an http(s) URL; dropped",
                code="bad_url",
                field="source_archived_url",
            )
        else:
            source["archived_url"] = archived
    for column, key in (("source_title", "title"), ("source_publisher", "publisher")):
        if row.get(column):
            source[key] = row[column]
    published = _date_cell(builder, position, row, "source_published_on")
    if published is not None:
        source["published_on"] = published
    return source


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
    effective = _date_cell(builder, position, row, "effective_on", required=True)
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
            f"recorded_at {recorded_at.isoformat()} is before effective_on {effective_on}; event skipped",
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
        if url is not None:
            checked = http_url(url)
            if checked is None:
                builder.problem(
                    position, f"{shown(url)} is not an http(s) URL; dropped", code="bad_url", field="evidence_urls"
                )
            else:
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
