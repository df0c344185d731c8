"""Builders of small claim records for scorecard tests (hand-checkable ledgers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from claimtrack.model import ClaimRecord, Evidence, StatusEvent

Event = tuple[str, str] | tuple[str, str, str]
"""(verdict, effective_on) or (verdict, effective_on, note)."""


def build_record(
    claim_id: str,
    *,
    speaker: str = "Sam Altman",
    kind: str = "prediction",
    said: str = "2024-03-18",
    text: str | None = None,
    credence: float | None = None,
    deadline: str | None = None,
    topics: Sequence[str] = (),
    fidelity: Sequence[str | None] = (),
    publisher: str = "Lex Fridman Podcast",
    events: Sequence[Event] = (),
    evidence: Sequence[dict[str, Any]] = (),
    translations: dict[str, str] | None = None,
) -> ClaimRecord:
    """One claim record; ``events`` are recorded the day after they take effect."""
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": text or f"claim {claim_id}",
        "language": "en",
        "speaker": {"name": speaker},
        "said_on": said,
        "kind": kind,
        "topics": list(topics),
        "translations": translations or {},
        "sources": [
            {
                "role": "primary" if i == 0 else "secondary",
                "publisher": publisher if i == 0 else f"{publisher} summary {i}",
                "url": f"https://example.org/{claim_id}/{i}",
                "fidelity": f,
            }
            for i, f in enumerate(fidelity or [None])
        ],
    }
    if credence is not None:
        claim["credence"] = {"p": credence, "basis": "stated"}
    if kind in ("prediction", "commitment"):
        claim["horizon"] = {"text": "by then" if deadline else "someday", "start": said[:10]}
        if deadline:
            claim["horizon"]["end"] = deadline
        if len(said) < 10:
            claim["horizon"]["start"] = date.fromisoformat(said + "-01-01"[len(said) - 4 :]).isoformat()
    evs = [Evidence.model_validate(e) for e in evidence]
    status = []
    for item in events:
        verdict, on = item[0], item[1]
        note = item[2] if len(item) > 2 else ""  # type: ignore[misc]
        day = date.fromisoformat(on)
        status.append(
            StatusEvent.model_validate(
                {
                    "claim_id": claim_id,
                    "verdict": verdict,
                    "effective_on": day,
                    "recorded_at": datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1),
                    "note": note,
                    "evidence": [e.id for e in evs],
                }
            )
        )
    return ClaimRecord.model_validate({"claim": claim, "events": status, "evidence": evs})


@pytest.fixture
def record() -> Callable[..., ClaimRecord]:
    """The :func:`build_record` builder."""
    return build_record
