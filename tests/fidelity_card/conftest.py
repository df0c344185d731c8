"""Builders of small hand-checkable ledgers for the outlet fidelity card, and a headless Chromium runner."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from claimtrack.model import ClaimRecord

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "fixtures" / "altman-lex-fridman-2024"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"console.log('xss-fired')\">"

Rendering = tuple[str, str | None] | tuple[str, str | None, str | None]
"""(publisher, fidelity) or (publisher, fidelity, quote): one secondary source."""


def secondary(
    publisher: str,
    fidelity: str | None,
    quote: str | None = "rendered words",
    *,
    language: str | None = "ja",
    note: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """A secondary source as JSON: a rendering of the claim by ``publisher``."""
    source: dict[str, Any] = {"role": "secondary", "publisher": publisher}
    for key, value in (
        ("fidelity", fidelity),
        ("quote", quote),
        ("language", language),
        ("fidelity_note", note),
        ("title", title),
        ("url", url),
    ):
        if value is not None:
            source[key] = value
    return source


def build(
    claim_id: str,
    renderings: Sequence[Rendering | dict[str, Any]] = (),
    *,
    speaker: str = "Sam Altman",
    said: str = "2024-03-18",
    original: str | None = "the words as said",
    primary: bool = True,
    text: str | None = None,
    verdict: str | None = None,
) -> ClaimRecord:
    """An assertion with a primary source quoting ``original`` (in English) and one secondary source per rendering.

    ``primary=False`` leaves the primary source out; ``original=None`` keeps it without a quote.
    ``verdict`` records one status event (to show verdicts play no part).
    """
    sources: list[dict[str, Any]] = []
    if primary:
        first: dict[str, Any] = {
            "role": "primary",
            "publisher": "The Podcast",
            "url": "https://example.org/episode",
            "locator": "00:01:02",
            "fidelity": "verbatim",
            "language": "en",
        }
        if original is not None:
            first["quote"] = original
        sources.append(first)
    for r in renderings:
        if isinstance(r, dict):
            sources.append(r)
        else:
            sources.append(secondary(r[0], r[1], *(r[2:] if len(r) > 2 else ())))
    claim = {
        "id": claim_id,
        "text": text or f"claim {claim_id}",
        "language": "en",
        "speaker": {"name": speaker},
        "said_on": said,
        "kind": "assertion",
        "sources": sources,
    }
    events = []
    if verdict is not None:
        events.append(
            {
                "claim_id": claim_id,
                "verdict": verdict,
                "effective_on": "2024-03-18",
                "recorded_at": "2024-03-19T00:00:00Z",
            }
        )
    return ClaimRecord.model_validate({"claim": claim, "events": events})


def small_ledger() -> list[ClaimRecord]:
    """Three outlets, two speakers, every fidelity, one unrated rendering, one claim said in 2025.

    By publisher (said by 2024-12-31):
    - Daily: verbatim, faithful, faithful, distorted, unrated -> 4 rated, 3 faithful, 1 distortion
    - Weekly: partly faithful, misattributed, faithful -> 3 rated, 1 faithful, 2 distortions
    - Blog: not in original -> 1 rated, 0 faithful, 1 distortion
    Said 2025-06-01: one more Daily rendering, faithful.
    """
    return [
        build("a", [("Daily", "verbatim"), ("Weekly", "partly_faithful", "roughly the words")]),
        build("b", [("Daily", "faithful"), ("Weekly", "misattributed", "someone else's words")], speaker="Lex Fridman"),
        build("c", [("Daily", "faithful"), ("Blog", "not_in_original", "added words")], said="2024-05-01"),
        build("d", [("Daily", "distorted", "twisted words"), ("Weekly", "faithful")], said="2024-03-11..2024-03-16"),
        build("e", [("Daily", None)], speaker="Lex Fridman"),
        build("f", [("Daily", "faithful")], said="2025-06-01"),
        build("g", [], text="a claim nobody rendered"),
    ]


@pytest.fixture
def records() -> list[ClaimRecord]:
    """The :func:`small_ledger` records."""
    return small_ledger()
