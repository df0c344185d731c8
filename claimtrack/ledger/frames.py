"""Claim records as table rows: what :meth:`Ledger.to_pandas` puts in a DataFrame, one row per claim.

Pure: plain dicts of Python values (dates as ``datetime.date``, enums as their string values);
the ledger turns them into a DataFrame with pandas, imported only then.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from claimtrack.ledger.replay import status_event
from claimtrack.model import ClaimRecord, Verdict

__all__ = ["CLAIM_COLUMNS", "CLAIM_DATE_COLUMNS", "claim_rows"]

CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "speaker",
    "said_on",
    "kind",
    "verdict",
    "resolved_on",
    "deadline",
    "credence",
    "horizon",
    "topics",
    "language",
    "text",
    "text_en",
    "sources",
    "evidence",
    "events",
)
"""The columns, in order: ``verdict`` as of the date asked (``resolved_on`` the day the event that set it
took effect; empty while open); ``said_on`` the first day of the span said; ``topics`` joined by ``", "``;
``text_en`` the English text (the original or its translation); ``sources``, ``evidence``, ``events`` counts."""

CLAIM_DATE_COLUMNS: tuple[str, ...] = ("said_on", "resolved_on", "deadline")
"""The columns holding days."""


def claim_rows(
    records: Iterable[ClaimRecord], *, as_of: date | None = None, known_at: datetime | None = None
) -> list[dict[str, Any]]:
    """One dict per record with the keys of :data:`CLAIM_COLUMNS`, the verdict replayed as of ``as_of``."""
    rows = []
    for record in records:
        claim = record.claim
        event = status_event(record.events, as_of=as_of, known_at=known_at)
        resolved = event is not None and event.verdict is not Verdict.OPEN
        rows.append(
            {
                "id": claim.id,
                "speaker": claim.speaker.name,
                "said_on": claim.said_on.start,
                "kind": claim.kind.value,
                "verdict": "open" if event is None else event.verdict.value,
                "resolved_on": event.effective_on if resolved and event is not None else None,
                "deadline": claim.deadline,
                "credence": None if claim.credence is None else claim.credence.p,
                "horizon": None if claim.horizon is None else claim.horizon.text,
                "topics": ", ".join(claim.topics),
                "language": claim.language,
                "text": claim.text,
                "text_en": claim.text_in("en"),
                "sources": len(claim.sources),
                "evidence": len(record.evidence),
                "events": len(record.events),
            }
        )
    return rows
