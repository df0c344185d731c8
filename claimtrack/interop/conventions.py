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

__all__ = ["SAID_ON_FROM_REVIEW", "UNKNOWN_SPEAKER", "Origin", "check_recorded_at", "midnight_utc"]

UNKNOWN_SPEAKER = "unknown"
"""The speaker name used when a source does not say who made a claim (see docs/interop.md)."""

SAID_ON_FROM_REVIEW = "said_on: not given by the source"
"""Start of the claim note written when a claim's date had to be taken from its review."""


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
