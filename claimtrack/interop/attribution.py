"""Bring a ledger recorded before ``not_said`` existed up to date: attribution failures as such.

Before claimtrack had the verdict ``not_said``, a statement a report put in a
speaker's mouth could only be recorded as ``false``, which counted against the
speaker. Fact-checkers say so in their own rating ("Misattributed", "Not said
by the speaker"), and every event keeps that rating text. :func:`mark_attribution_failures`
reads each claim's latest event, maps its rating through the current rating
table, and where the table now says ``not_said`` while the event says something
else, appends an event with ``not_said`` on the same day, keeping the rating.

Nothing is rewritten: the ledger is append-only, so the old verdict stays in the
history (a scorecard ``known_at`` a moment before the migration still shows it),
and running the migration again finds nothing to do. Claims whose latest event
has no such rating are left alone: whether a ``false`` meant "not said" is a
judgement the rating text alone can support, and no other field can.

Example:
    >>> import claimtrack as ct
    >>> ledger = ct.Ledger.open()
    >>> mark_attribution_failures(ledger)
    ()
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from claimtrack.interop.ratings import RatingTable
from claimtrack.ledger import Ledger
from claimtrack.model import StatusEvent, Verdict

__all__ = ["AttributionChange", "mark_attribution_failures"]

MIGRATED_BY = "claimtrack attribution migration"
"""The ``by`` of every event the migration appends (so a reader can find them all)."""


@attrs.frozen(kw_only=True)
class AttributionChange:
    """One claim whose latest verdict becomes ``not_said``, and why."""

    claim_id: str
    speaker: str
    was: Verdict
    rating: str
    """The rating text that says the speaker did not say it."""
    event: StatusEvent | None
    """The appended event (None on a dry run)."""


def _failures(ledger: Ledger, table: RatingTable) -> Iterable[tuple[str, str, StatusEvent, str]]:
    for record in ledger.store.records():
        if not record.events:
            continue
        latest = record.events[-1]
        if latest.verdict.is_attribution_failure or not latest.rating:
            continue
        match = table.lookup(latest.rating)
        if match is not None and match[0].is_attribution_failure:
            yield record.claim.id, record.claim.speaker.name, latest, latest.rating


def mark_attribution_failures(
    ledger: Ledger, *, table: RatingTable | None = None, dry_run: bool = False
) -> tuple[AttributionChange, ...]:
    """Append ``not_said`` wherever a claim's latest rating means the speaker did not say it.

    ``table`` defaults to the shipped rating table (extend it for your own scheme's
    words, see :meth:`RatingTable.extended`). Returns the changes in claim-id order;
    with ``dry_run`` nothing is written. Each appended event takes effect on the day
    of the event it corrects, keeps its rating, confidence and evidence, and says in
    its note what it replaced.
    """
    table = table or RatingTable.default()
    changes: list[AttributionChange] = []
    for claim_id, speaker, latest, rating in sorted(_failures(ledger, table), key=lambda f: f[0]):
        event = None
        if not dry_run:
            event = ledger.record(
                claim_id,
                Verdict.NOT_SAID,
                on=latest.effective_on,
                evidence=latest.evidence,
                note=(
                    f"Re-recorded as an attribution failure: the rating {rating!r} means {speaker} did not say "
                    f"this, so it counts for or against no one (it was recorded {latest.verdict.value!r}"
                    + (f"; that event's note: {latest.note}" if latest.note else "")
                    + ")."
                ),
                by=MIGRATED_BY,
                confidence=latest.confidence,
                rating=rating,
                origin=latest.origin,
            )
        changes.append(
            AttributionChange(claim_id=claim_id, speaker=speaker, was=latest.verdict, rating=rating, event=event)
        )
    return tuple(changes)
