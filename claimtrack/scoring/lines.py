"""One claim as a scorecard shows it (a :class:`~claimtrack.scoring.ClaimLine`), from its record.

:func:`claim_line` computes everything a line derives from a claim's fields and
its status (outcome, overdue, early, lead time, lateness, the rows it counts in)
in one place. :func:`line_of_record` feeds it from a validated
:class:`~claimtrack.model.ClaimRecord`; the lean reader
(:mod:`claimtrack.scoring.lean`) feeds it from a record's JSON.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

import attrs

from claimtrack.ledger import GroupBy, resolved_early, status_event
from claimtrack.model import ClaimKind, ClaimRecord, Verdict
from claimtrack.scoring.grouping import group_keys, source_label
from claimtrack.scoring.metrics import HIT_WEIGHTS
from claimtrack.scoring.types import ClaimLine, EvidenceLink, SourceLine

__all__ = ["cited_evidence", "claim_line", "evidence_link", "in_row", "line_of_record"]


def claim_line(
    *,
    claim_id: str,
    text: str,
    language: str,
    translations: tuple[tuple[str, str], ...],
    speaker: str,
    said_on: date,
    said_on_text: str,
    kind: ClaimKind,
    topics: tuple[str, ...],
    credence: float | None,
    credence_word: str | None,
    horizon: str | None,
    deadline: date | None,
    verdict: Verdict,
    resolved_on: date | None,
    note: str,
    sources: tuple[SourceLine, ...],
    evidence: tuple[EvidenceLink, ...],
    by: GroupBy,
    as_of: date | None,
) -> ClaimLine:
    """The line of a claim at ``verdict``, set by an event that took effect ``resolved_on`` with ``note``.

    ``resolved_on`` is None (and ``note`` empty) while no event has set the status.
    """
    forward = kind.is_forward_looking
    outcome = HIT_WEIGHTS.get(verdict)
    overdue = verdict is Verdict.OPEN and forward and deadline is not None and as_of is not None and deadline < as_of
    lead = (resolved_on - said_on).days if outcome is not None and resolved_on is not None else None
    lateness = (
        (resolved_on - deadline).days
        if outcome is not None and resolved_on is not None and forward and deadline is not None
        else None
    )
    return ClaimLine(
        id=claim_id,
        text=text,
        language=language,
        translations=translations,
        speaker=speaker,
        said_on=said_on,
        said_on_text=said_on_text,
        kind=kind,
        topics=topics,
        verdict=verdict,
        resolved_on=resolved_on,
        note=note,
        credence=credence,
        credence_word=credence_word,
        horizon=horizon,
        deadline=deadline,
        overdue=overdue,
        early=resolved_early(forward, deadline, resolved_on),
        outcome=outcome,
        lead_days=lead,
        lateness_days=lateness,
        sources=sources,
        evidence=evidence,
        groups=group_keys(
            by,
            speaker=speaker,
            topics=topics,
            kind=kind,
            said_on=said_on,
            deadline=deadline,
            source_labels=(s.label for s in sources),
        ),
    )


def cited_evidence(
    events: Iterable[tuple[date, datetime, Iterable[str]]], as_of: date | None, known_at: datetime | None
) -> set[str]:
    """The evidence ids cited by the events (effective on, recorded at, evidence) known by the card's dates."""
    cited: set[str] = set()
    for effective_on, recorded_at, evidence in events:
        if as_of is not None and effective_on > as_of:
            continue
        if known_at is not None and recorded_at > known_at:
            continue
        cited.update(evidence)
    return cited


def evidence_link(
    *,
    evidence_id: str,
    title: str | None,
    publisher: str | None,
    url: str | None,
    archived_url: str | None,
    via_url: str | None,
    published: tuple[date, str] | None,
    as_of: date | None,
) -> EvidenceLink | None:
    """How the card links a piece of cited evidence; None when it was not public yet on ``as_of``.

    ``published`` is the first day of ``published_on`` and the range as text (None when unknown).
    """
    if as_of is not None and published is not None and published[0] > as_of:
        return None  # the temporal guard: not public yet on the as-of date
    return EvidenceLink(
        label=title or publisher or evidence_id,
        url=url or archived_url or via_url,
        published_on=published[1] if published is not None else None,
    )


def _evidence(record: ClaimRecord, as_of: date | None, known_at: datetime | None) -> tuple[EvidenceLink, ...]:
    if not record.evidence:
        return ()
    cited: Collection[str] = cited_evidence(
        ((event.effective_on, event.recorded_at, event.evidence) for event in record.events), as_of, known_at
    )
    links = (
        evidence_link(
            evidence_id=ev.id,
            title=ev.title,
            publisher=ev.publisher,
            url=ev.url,
            archived_url=ev.archived_url,
            via_url=ev.via_url,
            published=(ev.published_on.start, str(ev.published_on)) if ev.published_on is not None else None,
            as_of=as_of,
        )
        for ev in record.evidence
        if ev.id in cited
    )
    return tuple(link for link in links if link is not None)


def line_of_record(record: ClaimRecord, by: GroupBy, as_of: date | None, known_at: datetime | None) -> ClaimLine:
    """The line of a claim record as of ``as_of`` (and as recorded by ``known_at``)."""
    claim = record.claim
    horizon = claim.horizon
    credence = claim.credence
    status = status_event(record.events, as_of=as_of, known_at=known_at)
    return claim_line(
        claim_id=claim.id,
        text=claim.text,
        language=claim.language,
        translations=tuple(claim.translations.items()),
        speaker=claim.speaker.name,
        said_on=claim.said_on.start,
        said_on_text=str(claim.said_on),
        kind=claim.kind,
        topics=claim.topics,
        credence=credence.p if credence is not None else None,
        credence_word=credence.word if credence is not None else None,
        horizon=horizon.text if horizon is not None else None,
        deadline=horizon.end if horizon is not None else None,
        verdict=Verdict.OPEN if status is None else status.verdict,
        resolved_on=None if status is None else status.effective_on,
        note="" if status is None else status.note,
        sources=tuple(
            SourceLine(
                label=source_label(s.publisher, s.title, s.url),
                url=s.url,
                role=s.role.value,
                fidelity=s.fidelity.value if s.fidelity is not None else None,
                locator=s.locator,
            )
            for s in claim.sources
        ),
        evidence=_evidence(record, as_of, known_at),
        by=by,
        as_of=as_of,
    )


def in_row(line: ClaimLine, row: str) -> ClaimLine:
    """``line`` counted in the one row ``row``: a card by speaker names its rows after the person, and
    every spelling of one person counts in that person's row (:class:`~claimtrack.ledger.Speakers`)."""
    return line if line.groups == (row,) else attrs.evolve(line, groups=(row,))
