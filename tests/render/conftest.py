"""A small scorecard with hostile text, and a headless Chromium runner for the HTML report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from claimtrack.model import ClaimRecord, StatusEvent
from claimtrack.scoring import Scorecard, scorecard

HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"console.log('xss-fired')\">"


def make_record(
    claim_id: str,
    *,
    text: str,
    speaker: str = "Sam Altman",
    credence: float | None = None,
    verdict: str | None = None,
    on: str = "2024-05-13",
    note: str = "",
    translations: dict[str, str] | None = None,
) -> ClaimRecord:
    """A prediction said 2024-03-18 with a verbatim and a distorted source, and one event when ``verdict``."""
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": text,
        "language": "en",
        "translations": translations or {},
        "speaker": {"name": speaker},
        "said_on": "2024-03-18",
        "kind": "prediction",
        "horizon": {"text": "this year", "start": "2024-03-18", "end": "2024-12-31"},
        "sources": [
            {
                "role": "primary",
                "publisher": "Lex Fridman Podcast",
                "url": "https://lexfridman.com/sam-altman-2-transcript",
                "fidelity": "verbatim",
                "locator": "01:06:12",
            },
            {"role": "secondary", "publisher": "note.com <b>psymen</b>", "fidelity": "distorted"},
        ],
    }
    if credence is not None:
        claim["credence"] = {"p": credence, "basis": "stated"}
    events = []
    evidence = []
    if verdict is not None:
        day = date.fromisoformat(on)
        evidence = [
            {
                "id": f"ev-{claim_id}",
                "url": "https://openai.com/index/hello-gpt-4o/",
                "title": "Hello GPT-4o",
                "published_on": on,
            }
        ]
        events = [
            StatusEvent.model_validate(
                {
                    "claim_id": claim_id,
                    "verdict": verdict,
                    "effective_on": day,
                    "recorded_at": datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1),
                    "note": note,
                    "evidence": [f"ev-{claim_id}"],
                }
            )
        ]
    return ClaimRecord.model_validate({"claim": claim, "events": events, "evidence": evidence})


@pytest.fixture
def hostile_card() -> Scorecard:
    """Four claims: graded with credences, one unscored with a reason, and hostile markup everywhere."""
    records = [
        make_record(
            "gpt5",
            text="We will release an amazing model this year",
            credence=0.9,
            verdict="true",
            translations={"ja": "今年、素晴らしいモデルをリリースする"},
        ),
        make_record(
            "xss", text=HOSTILE, credence=0.6, verdict="false", on="2024-12-31", translations={"ja": HOSTILE_IMG}
        ),
        make_record(
            "img",
            text=HOSTILE_IMG + " | **bold** [link](http://x)",
            speaker="Lex <i>Fridman</i>",
            credence=0.2,
            verdict="false",
            on="2025-01-02",
        ),
        make_record(
            "garbled",
            text="Safety will be what the whole company thinks about",
            verdict="ambiguous",
            on="2024-06-14",
            note="reason with <em>markup</em> & ampersand",
        ),
    ]
    return scorecard(records, as_of=date(2026, 11, 27))


@pytest.fixture
def make() -> Callable[..., ClaimRecord]:
    """The :func:`make_record` builder."""
    return make_record
