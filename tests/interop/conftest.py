"""Helpers for the interop tests.

The records here are synthetic on purpose: their URLs are on the reserved
example.org / example.com domains and their claims ("The moon is made of
cheese") state nothing about real people or events. No AVeriTeC record is
copied; the optional check reads the dataset from /work/shared at run time.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest


def make_review(number: int = 1, **overrides: Any) -> dict[str, Any]:
    """A complete, Google-valid ClaimReview; ``overrides`` replace top-level keys (None deletes)."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example.org/fact-check/moon-cheese-{number}",
        "claimReviewed": f"The moon is made of cheese ({number})",
        "datePublished": "2024-05-02",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "inLanguage": "en",
        "headline": "No, the moon is not made of cheese",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Ann Example", "jobTitle": "Blogger"},
            "datePublished": "2024-04-30",
            "firstAppearance": {"@type": "CreativeWork", "url": f"https://social.example.com/post/{number}"},
            "appearance": [
                "https://news.example.com/story/1",
                {"@type": "CreativeWork", "url": "https://video.example.com/v/2", "headline": "A video"},
            ],
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
    }
    for key, value in overrides.items():
        if value is None:
            review.pop(key, None)
        else:
            review[key] = value
    return copy.deepcopy(review)


@pytest.fixture
def review() -> Callable[..., dict[str, Any]]:
    """The :func:`make_review` factory."""
    return make_review
