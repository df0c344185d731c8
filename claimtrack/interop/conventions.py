"""The conventions every importer follows, so that records from different formats agree.

Importers are pure conversions: they never read the clock or the network.
Every value that must be "now" elsewhere (``recorded_at``) is derived from the
data (the review's date) unless the caller passes one, so importing the same
input twice produces exactly the same records, and ``Ledger.merge`` then
reports every claim as unchanged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum

from claimtrack.errors import InvalidRecordError

__all__ = [
    "SAID_ON_FROM_REVIEW",
    "UNKNOWN_SPEAKER",
    "DatedBy",
    "Origin",
    "check_recorded_at",
    "midnight_utc",
    "provenance_note",
]

UNKNOWN_SPEAKER = "unknown"
"""The speaker name used when a source does not say who made a claim (see docs/interop.md)."""

SAID_ON_FROM_REVIEW = "said_on: not given by the source"
"""Start of the claim note written when a claim's date had to be taken from its review."""


class DatedBy(StrEnum):
    """What dated an imported review's verdict, in the order tried (recorded in the article's evidence note).

    A review's own date comes first; then its page's (the NewsArticle's
    ``datePublished``, then the ``article:published_time`` meta tag); then a
    date in the review's URL; then ``recorded_at`` when the caller passes it
    (the review existed by then: a date never too early). A ClaimReview with
    none of these keeps its claim's date, as before (with a warning); a Fact
    Check API review with none of these is not given a verdict event at all,
    because the claim's date would show the verdict before the fact-check
    existed.
    """

    REVIEW = "the review's own date"
    PAGE_ARTICLE = "the page's NewsArticle datePublished"
    PAGE_META = "the page's article:published_time"
    URL = "the date in the review's URL"
    RECORDED_AT = "recorded_at (the review existed by then)"
    CLAIM = "the claim's date (the review gives no date of its own)"


def provenance_note(dated_by: DatedBy, language: str) -> str:
    """The note on an imported review's article: how its verdict was dated and where the claim's language came from."""
    return f"fact-check article | dated by {dated_by} | claim language: {language}"


class Origin(StrEnum):
    """Where an imported status event came from: the prefix of its ``origin``.

    An event's ``origin`` is ``"<prefix>:<review url>"``, or the bare prefix
    when the review has no URL. The ClaimReview exporter reads the URL back
    from it, so a re-export keeps the review's own URL.
    """

    CLAIMREVIEW = "claimreview"
    """schema.org ClaimReview JSON-LD."""
    FACTCHECK_API = "factcheck-api"
    """A Google Fact Check Tools API response."""
    AVERITEC = "averitec"
    """The AVeriTeC dataset."""

    def of(self, url: str | None) -> str:
        """The ``origin`` of an event imported from the review at ``url`` (None: the bare prefix)."""
        return f"{self}:{url}" if url else str(self)


def midnight_utc(day: date) -> datetime:
    """The start of ``day`` in UTC: the default ``recorded_at`` of an imported review."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def check_recorded_at(recorded_at: datetime | None) -> None:
    """Refuse a naive ``recorded_at`` (API misuse), which would make event ids depend on the host."""
    if recorded_at is not None and (recorded_at.tzinfo is None or recorded_at.utcoffset() is None):
        raise InvalidRecordError("recorded_at needs a time zone (use UTC)", field="recorded_at")
