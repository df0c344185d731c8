"""Claims and evidence for the checking tests.

Claims are those of the Lex Fridman #419 interview (said 2024-03-18) as
recorded in /work/shared/research/seed-claims.md; evidence items are the
dated reports listed in /work/shared/research/evidence-notes.md. The stance
given in a test is the test's pairing; the dates and URLs are real.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claimtrack.model import Claim, Evidence

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "fixtures" / "altman-lex-fridman-2024"
AS_OF = date(2026, 11, 27)

ALTMAN = {"name": "Sam Altman", "organisation": "OpenAI"}

CLAIMS: dict[str, dict[str, Any]] = {
    "amazing-model-2024": {
        "text": "今年、素晴らしいモデルをリリースする",
        "language": "ja",
        "translations": {"en": "We will release an amazing new model this year"},
        "kind": "prediction",
        "topics": ("models",),
        "horizon": {"text": "this year", "start": "2024-03-18", "end": "2024-12-31"},
    },
    "releases-coming-months": {
        "text": "We will release many different things in the coming months",
        "language": "en",
        "kind": "prediction",
        "horizon": {"text": "the coming months", "start": "2024-03-18", "end": "2024-09-18", "vague": True},
    },
    "hallucination-better-next": {
        "text": "Upcoming versions of the model will hallucinate less",
        "language": "en",
        "kind": "prediction",
        "topics": ("hallucination",),
        "horizon": {"text": "upcoming versions", "start": "2024-03-18"},
    },
    "ilya-work-together": {
        "text": "I really hope we work together for certainly the rest of my career",
        "language": "en",
        "kind": "commitment",
        "horizon": {"text": "for certainly the rest of my career", "start": "2024-03-18"},
    },
    "memory-recently-implemented": {
        "text": "ChatGPT recently got a memory feature that users can turn off",
        "language": "en",
        "kind": "assertion",
        "topics": ("memory",),
    },
    "ilya-did-not-see-agi": {
        "text": "Ilya has not seen AGI. None of us have seen AGI. We've not built AGI.",
        "language": "en",
        "kind": "denial",
        "topics": ("agi",),
    },
    "gpt5-date-unknown": {
        "text": "I don't know when GPT-5 will be released",
        "language": "en",
        "kind": "uncertainty",
        "topics": ("gpt-5",),
    },
    "fission-new-reactors": {
        "text": "I wish the world would embrace building new nuclear fission reactors",
        "language": "en",
        "kind": "opinion",
        "topics": ("energy",),
    },
    "youtube-ai-content-5y": {
        "text": "Within five years most YouTube videos will use AI tools in production",
        "language": "en",
        "kind": "prediction",
        "topics": ("youtube",),
        "horizon": {"text": "within 5 years", "start": "2024-03-18", "end": "2029-03-18"},
    },
}

# Real reports (evidence-notes.md): url, title, published_on.
REPORTS: dict[str, dict[str, Any]] = {
    "gpt-4o": {
        "url": "https://vercel.com/ai-gateway/models/gpt-4o/about",
        "title": "GPT-4o announced at OpenAI's Spring Updates event",
        "published_on": "2024-05-13",
    },
    "o1": {
        "url": "https://openai.com/index/learning-to-reason-with-llms",
        "title": "Learning to reason with LLMs",
        "published_on": "2024-09-12",
    },
    "sora-ga": {
        "url": "https://openai.com/index/sora-is-here/",
        "title": "Sora is here",
        "published_on": "2024-12-09",
    },
    "sora-announced": {
        "url": "https://openai.com/index/sora/",
        "title": "Sora: creating video from text",
        "published_on": "2024-02-15",
    },
    "gpt-5": {
        "url": "https://www.techtarget.com/whatis/feature/GPT-5-explained",
        "title": "GPT-5 explained",
        "published_on": "2025-08",
        "occurred_on": "2025-08-07",
    },
    "gpt5-hallucinates-less": {
        "url": "https://ryanraiker.com/technology/mashable/openai-says-gpt-5-hallucinates-less-what-does-the-data-say",
        "title": "OpenAI says GPT-5 hallucinates less. What does the data say?",
        "published_on": "2025-08",
    },
    "o3-hallucinates-more": {
        "url": "https://winbuzzer.com/2025/04/19/openai-new-o3-o4-mini-models-hallucinate-more-than-previous-models-xcxwbn/",
        "title": "OpenAI's new o3 and o4-mini models hallucinate more than previous models",
        "published_on": "2025-04-19",
    },
    "ilya-leaving": {
        "url": "https://www.businessinsider.com/ilya-sutskever-leaving-openai-6-months-after-failed-altman-ouster-2024-5",
        "title": "OpenAI cofounder Ilya Sutskever is leaving the company 6 months after the failed Sam Altman ouster",
        "published_on": "2024-05-14",
    },
    "memory-test": {
        "url": "https://www.thehansindia.com/technology/tech-news/chatgpt-introduces-memory-feature-for-personalized-conversations-858543",
        "title": "ChatGPT introduces memory feature for personalized conversations",
        "published_on": "2024-02-14",
    },
    "agi-not-declared": {
        "url": "https://jahala.github.io/o-o/example/agi-declared.o-o.html",
        "title": "Has AGI been declared?",
        "published_on": "2026-02",
    },
    "kapwing-youtube": {
        "url": "https://www.yiaho.com/en/ai-slop-on-youtube-21-of-shorts-are-ai-generated/",
        "title": "AI slop on YouTube: 21% of Shorts are AI-generated",
        "published_on": "2025-11-28",
    },
    "helion-construction": {
        "url": "https://www.nsenergybusiness.com/news/helion-starts-construction-on-orion-fusion-power-plant-in-us/",
        "title": "Helion starts construction on Orion fusion power plant in US",
        "published_on": "2025-07-31",
    },
}


@pytest.fixture
def claim() -> Callable[..., Claim]:
    """``claim("amazing-model-2024", **overrides)``: a claim of the interview."""

    def build(claim_id: str, **overrides: Any) -> Claim:
        data = {"id": claim_id, "speaker": ALTMAN, "said_on": "2024-03-18", **CLAIMS[claim_id], **overrides}
        return Claim.model_validate(data)

    return build


@pytest.fixture
def report() -> Callable[..., Evidence]:
    """``report("gpt-4o", stance="supports", **overrides)``: a real dated report as Evidence."""

    def build(key: str, **overrides: Any) -> Evidence:
        return Evidence.model_validate({**REPORTS[key], **overrides})

    return build
