"""Writing claims and events as CSV that spreadsheets open (see the package docstring for the columns)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal, TextIO

from claimtrack.interop.tabular import other_fields
from claimtrack.interop.tabular.claim_columns import read_back
from claimtrack.interop.tabular.columns import COLUMNS, EVENT_COLUMNS, NO_URL, Rows, escape, topics_cell
from claimtrack.ledger import Ledger, ordered
from claimtrack.model import Claim, ClaimRecord, StatusEvent
from claimtrack.stores._files import atomic_file

__all__ = ["to_csv", "write_csv"]

RowsText = Literal["claims", "events"]
"""The values of :class:`Rows` as plain strings, which callers may pass instead."""


def _claim_cells(record: ClaimRecord) -> dict[str, str]:
    """The claim's cells: its columns, and in ``other_fields`` whatever they do not carry as it is."""
    claim = record.claim
    cells = _column_cells(claim)
    cells["other_fields"] = other_fields.cell(read_back(cells), claim.model_dump(mode="json"))
    return cells


def _column_cells(claim: Claim) -> dict[str, str]:
    source = claim.sources[0] if claim.sources else None
    horizon, credence = claim.horizon, claim.credence
    return {
        "claim_id": claim.id,
        "text": claim.text,
        "language": claim.language,
        "translations": json.dumps(claim.translations, ensure_ascii=False) if claim.translations else "",
        "kind": claim.kind.value,
        "speaker": claim.speaker.name,
        "speaker_role": claim.speaker.role or "",
        "speaker_organisation": claim.speaker.organisation or "",
        "speaker_same_as": " ".join(claim.speaker.same_as),
        "said_on": claim.said_on.as_text(),
        "said_on_granularity": claim.said_on.granularity.value,
        "topics": topics_cell(claim.topics),
        "horizon_text": horizon.text if horizon else "",
        "horizon_start": horizon.start.isoformat() if horizon else "",
        "horizon_end": horizon.end.isoformat() if horizon and horizon.end else "",
        "horizon_vague": ("true" if horizon.vague else "false") if horizon else "",
        "horizon_rule": (horizon.rule or "") if horizon else "",
        "horizon_note": (horizon.note or "") if horizon else "",
        "credence_p": "" if credence is None or credence.p is None else repr(credence.p),
        "credence_low": "" if credence is None or credence.low is None else repr(credence.low),
        "credence_high": "" if credence is None or credence.high is None else repr(credence.high),
        "credence_basis": credence.basis.value if credence else "",
        "credence_word": (credence.word or "") if credence else "",
        "credence_scale": (credence.scale or "") if credence else "",
        "credence_band": (credence.band or "") if credence else "",
        "source_url": (source.url or "") if source else "",
        "source_title": (source.title or "") if source else "",
        "source_publisher": (source.publisher or "") if source else "",
        "source_published_on": source.published_on.as_text() if source and source.published_on else "",
        "source_role": source.role.value if source else "",
        "source_archived_url": (source.archived_url or "") if source else "",
        "source_locator": (source.locator or "") if source else "",
        "source_quote": (source.quote or "") if source else "",
        "source_language": (source.language or "") if source else "",
        "source_fidelity": source.fidelity.value if source and source.fidelity else "",
        "source_fidelity_note": (source.fidelity_note or "") if source else "",
        "note": claim.note or "",
    }


def _event_cells(record: ClaimRecord, event: StatusEvent | None) -> dict[str, str]:
    if event is None:
        return dict.fromkeys(EVENT_COLUMNS, "")
    urls = {ev.id: ev.url for ev in record.evidence}
    return {
        "event_id": event.id,
        "verdict": event.verdict.value,
        "effective_on": event.effective_on.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "by": event.by or "",
        "confidence": event.confidence.value if event.confidence else "",
        "rating": event.rating or "",
        "origin": event.origin or "",
        "event_note": event.note,
        "evidence_ids": " ".join(event.evidence),
        "evidence_urls": " ".join(urls.get(ev_id) or NO_URL for ev_id in event.evidence),
    }


def _rows(ledger: Ledger, claim_ids: Iterable[str] | None, rows: Rows | RowsText) -> Iterator[dict[str, str]]:
    if rows not in (Rows.CLAIMS, Rows.EVENTS):
        raise ValueError(f"rows must be 'claims' or 'events', not {rows!r}")
    records = (ledger.record_of(i) for i in claim_ids) if claim_ids is not None else ledger.records()
    for record in records:
        claim_cells = _claim_cells(record)
        events = ordered(record.events)
        chosen: tuple[StatusEvent | None, ...]
        if not events:
            chosen = (None,)
        elif rows == Rows.CLAIMS:
            chosen = (events[-1],)
        else:
            chosen = events
        for event in chosen:
            row = {**claim_cells, **_event_cells(record, event)}
            yield {k: escape(v) for k, v in row.items()}


def write_csv(
    ledger: Ledger,
    target: str | os.PathLike[str] | TextIO,
    claim_ids: Iterable[str] | None = None,
    *,
    rows: Rows | RowsText = Rows.CLAIMS,
    bom: bool = False,
) -> int:
    """Write the ledger's claims as CSV to a path or an open text file; returns the rows written.

    ``bom=True`` starts the file with a UTF-8 byte-order mark so that Excel
    reads it as UTF-8 (Japanese text otherwise shows as mojibake). A path is
    written atomically: to a temporary file beside it, renamed over it at the
    end (an error leaves the old file); a new file gets the usual mode
    (``0o666`` less the umask), a replaced one keeps its mode.
    """
    if isinstance(target, str | os.PathLike):
        with atomic_file(Path(target)) as handle:
            return _write(ledger, handle, claim_ids, rows, bom=bom)
    return _write(ledger, target, claim_ids, rows, bom=bom)


def _write(
    ledger: Ledger, handle: IO[str], claim_ids: Iterable[str] | None, rows: Rows | RowsText, *, bom: bool
) -> int:
    if bom:
        handle.write("\ufeff")
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in _rows(ledger, claim_ids, rows):
        writer.writerow(row)
        count += 1
    return count


def to_csv(
    ledger: Ledger, claim_ids: Iterable[str] | None = None, *, rows: Rows | RowsText = Rows.CLAIMS, bom: bool = False
) -> str:
    """The ledger's claims as CSV text (see :func:`write_csv`)."""
    buffer = io.StringIO(newline="")
    _write(ledger, buffer, claim_ids, rows, bom=bom)
    return buffer.getvalue()
