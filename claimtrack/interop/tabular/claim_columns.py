"""Reading a row's claim columns into a claim: what ``read_csv`` does first with every row."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from claimtrack.dates import parse_stamp
from claimtrack.interop.builder import RecordBuilder
from claimtrack.interop.conventions import UNKNOWN_SPEAKER
from claimtrack.interop.ids import stable_claim_id
from claimtrack.interop.tabular.columns import escape, topics_of, unescape
from claimtrack.interop.text import shown
from claimtrack.model import Claim, ClaimKind, DateRange, Fidelity, Granularity, SourceRole

__all__ = ["FREE_TEXT", "choice", "claim_of", "date_cell", "read_back", "read_cell"]

FREE_TEXT = frozenset(
    (
        "text",
        "speaker",
        "speaker_role",
        "speaker_organisation",
        "horizon_text",
        "horizon_note",
        "credence_word",
        "source_title",
        "source_publisher",
        "source_locator",
        "source_quote",
        "source_fidelity_note",
        "note",
        "by",
        "rating",
        "event_note",
    )
)
"""Columns read as written: white space around the text is part of it. Other cells are trimmed."""


def read_cell(column: str, value: str) -> str:
    """A cell as the importer reads it: trimmed (free text only when blank) and the formula guard removed."""
    if column in FREE_TEXT:
        return unescape(value) if value.strip() else ""
    return unescape(value.strip())


def date_cell(
    builder: RecordBuilder, position: str, row: Mapping[str, str], column: str, *, required: bool = False
) -> DateRange | None:
    """The date (or span) in ``column``; None when empty or unreadable, with a problem naming the column."""
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


def read_back(cells: Mapping[str, str]) -> dict[str, Any] | None:
    """The claim that reading makes of a row's claim cells (as written, before ``other_fields``), as JSON.

    None when those cells alone make no valid claim. The writer compares this
    with the claim to fill ``other_fields`` (see
    :mod:`claimtrack.interop.tabular.other_fields`).
    """
    row = {c: read_cell(c, escape(v)) for c, v in cells.items()}
    flat = claim_of(RecordBuilder(path=None), "", row)
    if flat is None:
        return None
    try:
        return Claim.model_validate(flat[0]).model_dump(mode="json")
    except ValidationError:
        return None


def claim_of(builder: RecordBuilder, position: str, row: Mapping[str, str]) -> tuple[dict[str, Any], DateRange] | None:
    """The claim the columns of ``row`` give (``other_fields`` aside), and the day it was said; None if none."""
    text = row.get("text", "")
    if not text:
        builder.problem(position, "text is empty; row skipped", code="missing_claim", field="text", severity="error")
        return None
    said_on = date_cell(builder, position, row, "said_on", required=True)
    if said_on is None:
        return None
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
    translations = _translations(builder, position, row.get("translations", ""))
    if translations:
        claim["translations"] = translations
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
    return claim, said_on


def _translations(builder: RecordBuilder, position: str, value: str) -> dict[str, str] | None:
    """The ``translations`` cell: a JSON object from language tags to texts (else a warning, and none)."""
    if not value:
        return None
    try:
        found = json.loads(value)
    except (ValueError, RecursionError):
        found = None
    if isinstance(found, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in found.items()):
        return found
    builder.problem(
        position,
        f"translations {shown(value)} is not a JSON object of texts by language; ignored",
        code="bad_value",
        field="translations",
    )
    return None


def choice(builder: RecordBuilder, position: str, row: Mapping[str, str], column: str, choices: type[StrEnum]) -> str:
    """The value of ``column`` when it is one of ``choices``; else a warning naming the column, and empty."""
    value = row.get(column, "")
    if not value:
        return ""
    try:
        return choices(value.lower()).value
    except ValueError:
        known = ", ".join(c.value for c in choices)
        builder.problem(
            position, f"{column} {shown(value)} is not one of {known}; ignored", code="bad_value", field=column
        )
        return ""


def _horizon(builder: RecordBuilder, position: str, row: Mapping[str, str]) -> dict[str, Any] | None:
    if not any(row.get(c) for c in ("horizon_text", "horizon_start", "horizon_end", "horizon_rule", "horizon_note")):
        return None
    start = date_cell(builder, position, row, "horizon_start")
    end = date_cell(builder, position, row, "horizon_end")
    if start is None:
        builder.problem(position, "a horizon needs horizon_start; dropped", code="bad_horizon", field="horizon_start")
        return None
    horizon = {
        "text": row.get("horizon_text") or "",
        "start": start.start,
        "end": end.end if end is not None else None,
        "vague": row.get("horizon_vague", "").strip().lower() in ("true", "1", "yes"),
    }
    for column, key in (("horizon_rule", "rule"), ("horizon_note", "note")):
        if row.get(column):
            horizon[key] = row[column]
    return horizon


def _credence(row: Mapping[str, str]) -> dict[str, Any] | None:
    if not row.get("credence_basis"):
        return None
    out: dict[str, Any] = {"basis": row["credence_basis"], "p": row.get("credence_p") or None}
    for column, key in (
        ("credence_low", "low"),
        ("credence_high", "high"),
        ("credence_word", "word"),
        ("credence_scale", "scale"),
        ("credence_band", "band"),
    ):
        if row.get(column):
            out[key] = row[column]
    return out


_SOURCE_COLUMNS = (
    "source_url",
    "source_title",
    "source_publisher",
    "source_published_on",
    "source_archived_url",
    "source_locator",
    "source_quote",
    "source_language",
    "source_fidelity",
    "source_fidelity_note",
)
"""The columns of the first source: any of them set makes one (``source_role`` alone does not)."""


def _source(builder: RecordBuilder, position: str, row: Mapping[str, str]) -> dict[str, Any] | None:
    if not any(row.get(c) for c in _SOURCE_COLUMNS):
        return None
    source: dict[str, Any] = {
        "role": choice(builder, position, row, "source_role", SourceRole) or SourceRole.PRIMARY.value
    }
    for column, key in (("source_url", "url"), ("source_archived_url", "archived_url")):
        url = builder.url(position, row.get(column), column)
        if url is not None:
            source[key] = url
    for column, key in (
        ("source_title", "title"),
        ("source_publisher", "publisher"),
        ("source_locator", "locator"),
        ("source_quote", "quote"),
        ("source_language", "language"),
        ("source_fidelity_note", "fidelity_note"),
    ):
        if row.get(column):
            source[key] = row[column]
    fidelity = choice(builder, position, row, "source_fidelity", Fidelity)
    if fidelity:
        source["fidelity"] = fidelity
    published = date_cell(builder, position, row, "source_published_on")
    if published is not None:
        source["published_on"] = published
    return source
