"""Scorecards: how a speaker's (or topic's, or year's) claims turned out, as of any date.

:func:`scorecard` reads every claim record once, replays its events as of the
date asked for, and sums up per group. The result is plain data (attrs), so
the renderers in :mod:`claimtrack.render` and any script can use it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import attrs

from claimtrack.ledger import Ledger, status_event
from claimtrack.model import ClaimKind, ClaimRecord, Source, Verdict
from claimtrack.scoring.metrics import (
    HIT_WEIGHTS,
    CalibrationBin,
    Murphy,
    brier_score,
    calibration_bins,
    log_score,
    murphy,
    skill,
    wilson_interval,
)

__all__ = [
    "ClaimLine",
    "EvidenceLink",
    "Exclusions",
    "GroupBy",
    "Row",
    "Scorecard",
    "SourceLine",
    "UnscoredClaim",
    "horizon_bucket",
    "scorecard",
]

TOTAL_KEY = "All claims"
NO_TOPIC = "(no topic)"
UNNAMED_SOURCE = "(unnamed source)"
NO_SOURCE = "(no source)"

HORIZON_BUCKETS: tuple[str, ...] = (
    "up to 3 months",
    "3 to 12 months",
    "1 to 5 years",
    "over 5 years",
    "open-ended",
    "not forward-looking",
)
"""The horizon-length groups, in display order (length = deadline minus the day said)."""


class GroupBy(StrEnum):
    """What a scorecard's rows are: one per speaker, topic, kind, horizon length, source or year said."""

    SPEAKER = "speaker"
    TOPIC = "topic"
    KIND = "kind"
    HORIZON = "horizon"
    SOURCE = "source"
    YEAR = "year"


@attrs.frozen(kw_only=True)
class SourceLine:
    """A source of a claim as the report shows it: a label, a link and how faithful it is."""

    label: str
    url: str | None
    role: str
    fidelity: str | None
    locator: str | None = None


@attrs.frozen(kw_only=True)
class EvidenceLink:
    """A piece of evidence cited by the claim's verdicts (known by the as-of date)."""

    label: str
    url: str | None
    published_on: str | None


@attrs.frozen(kw_only=True)
class ClaimLine:
    """One claim as of the card's date: what was said, its verdict then, and its numbers."""

    id: str
    text: str
    language: str
    translations: tuple[tuple[str, str], ...]
    speaker: str
    said_on: date
    """The first day of the span the claim was said in."""
    said_on_text: str
    kind: ClaimKind
    topics: tuple[str, ...]
    verdict: Verdict
    resolved_on: date | None
    """The effective date of the event that set ``verdict`` (None while open)."""
    note: str
    """The note of that event: the reason, for unscored verdicts."""
    credence: float | None
    credence_word: str | None
    horizon: str | None
    deadline: date | None
    overdue: bool
    early: bool
    """Resolved before its deadline (a bias towards "came true" for "by D" claims)."""
    outcome: float | None
    """The hit weight of a graded verdict (1, 0.75, 0.5, 0.25, 0), else None."""
    lead_days: int | None
    """Days from said to resolved, for graded verdicts."""
    lateness_days: int | None
    """Days from the deadline to resolution (negative when early), for graded forward-looking claims."""
    sources: tuple[SourceLine, ...]
    evidence: tuple[EvidenceLink, ...]
    groups: tuple[str, ...]
    """The keys of the rows this claim counts in."""


@attrs.frozen(kw_only=True)
class UnscoredClaim:
    """A claim that resolved to a verdict that is never scored, and the recorded reason."""

    claim_id: str
    verdict: Verdict
    reason: str
    text: str


@attrs.frozen(kw_only=True)
class Row:
    """The numbers of one group (a speaker, a topic, ...) or of all claims.

    ``counts`` has every verdict (zeros included). ``resolved`` counts every
    verdict but ``open``; ``graded`` the five scored ones (true .. false),
    which enter the hit rate; ``n_scored`` those of them with a numeric
    credence, which enter the Brier and log scores.
    """

    key: str
    counts: Mapping[Verdict, int]
    total: int
    resolved: int
    graded: int
    unscored: int
    open: int
    overdue: int | None
    """Open forward-looking claims whose deadline passed before the as-of date (None without one)."""
    hit_rate: float | None
    hit_rate_ci: tuple[float, float] | None
    n_scored: int
    brier: float | None
    log_score: float | None
    skill: float | None
    """Brier skill score against always forecasting this group's base rate."""
    murphy: Murphy | None
    calibration: tuple[CalibrationBin, ...]
    mean_lead_days: float | None
    mean_lateness_days: float | None
    n_lateness: int
    unscored_claims: tuple[UnscoredClaim, ...]


@attrs.frozen(kw_only=True)
class Exclusions:
    """Claims the card's options left out, by reason."""

    not_yet_said: int = 0
    """Said after the as-of date."""
    filtered: int = 0
    """Did not match the speaker/topic/kind/said-between filters."""
    unfaithful: int = 0
    """No verbatim or faithful source (with ``faithful_only``)."""
    early: int = 0
    """Resolved before their deadline (with ``exclude_early``)."""


@attrs.frozen(kw_only=True)
class Scorecard:
    """A scorecard: one :class:`Row` per group, a total, and every counted claim.

    Render it with :meth:`to_markdown`, :meth:`to_html`, :meth:`to_json` or
    :meth:`to_terminal` (the renderers live in :mod:`claimtrack.render`).
    """

    by: GroupBy
    as_of: date | None
    known_at: datetime | None
    faithful_only: bool
    exclude_early: bool
    rows: tuple[Row, ...]
    total: Row
    claims: tuple[ClaimLine, ...]
    excluded: Exclusions
    weights: Mapping[Verdict, float] = attrs.field(factory=lambda: dict(HIT_WEIGHTS))

    def row(self, key: str) -> Row:
        """The row of ``key``; raises KeyError naming the keys there are."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"no row {key!r}; rows are {[r.key for r in self.rows]}")

    def to_markdown(self, **options: Any) -> str:
        """The card as Markdown (see :func:`claimtrack.render.markdown.render_markdown`)."""
        from claimtrack.render import render_markdown

        return render_markdown(self, **options)

    def to_html(self, **options: Any) -> str:
        """The card as one self-contained HTML page (see :func:`claimtrack.render.html.render_html`)."""
        from claimtrack.render import render_html

        return render_html(self, **options)

    def to_json(self, **options: Any) -> str:
        """The card as JSON in the documented ``claimtrack.scorecard/1`` schema."""
        from claimtrack.render import render_json

        return render_json(self, **options)

    def to_terminal(self, **options: Any) -> str:
        """The card as rich tables, rendered to text (``color=True`` keeps ANSI colours)."""
        from claimtrack.render import render_terminal

        return render_terminal(self, **options)


# -- grouping --------------------------------------------------------------------------------


def horizon_bucket(kind: ClaimKind, said_on: date, deadline: date | None) -> str:
    """The horizon-length group of a claim (one of :data:`HORIZON_BUCKETS`)."""
    if not kind.is_forward_looking:
        return HORIZON_BUCKETS[5]
    if deadline is None:
        return HORIZON_BUCKETS[4]
    days = (deadline - said_on).days
    if days <= 92:
        return HORIZON_BUCKETS[0]
    if days <= 366:
        return HORIZON_BUCKETS[1]
    if days <= 5 * 366:
        return HORIZON_BUCKETS[2]
    return HORIZON_BUCKETS[3]


def _source_label(source: Source) -> str:
    if source.publisher:
        return source.publisher
    if source.title:
        return source.title
    if source.url:
        return urlsplit(source.url).netloc or UNNAMED_SOURCE
    return UNNAMED_SOURCE


def _groups(by: GroupBy, record: ClaimRecord, deadline: date | None) -> tuple[str, ...]:
    claim = record.claim
    if by is GroupBy.SPEAKER:
        return (claim.speaker.name,)
    if by is GroupBy.TOPIC:
        return tuple(dict.fromkeys(claim.topics)) or (NO_TOPIC,)
    if by is GroupBy.KIND:
        return (claim.kind.value,)
    if by is GroupBy.YEAR:
        return (str(claim.said_on.start.year),)
    if by is GroupBy.HORIZON:
        return (horizon_bucket(claim.kind, claim.said_on.start, deadline),)
    return tuple(dict.fromkeys(_source_label(s) for s in claim.sources)) or (NO_SOURCE,)


# -- one claim -------------------------------------------------------------------------------


def _is_faithful(record: ClaimRecord) -> bool:
    return any(s.fidelity is not None and s.fidelity.is_faithful for s in record.claim.sources)


def _line(record: ClaimRecord, by: GroupBy, as_of: date | None, known_at: datetime | None) -> ClaimLine:
    claim = record.claim
    event = status_event(record.events, as_of=as_of, known_at=known_at)
    verdict = Verdict.OPEN if event is None else event.verdict
    resolved_on = None if event is None else event.effective_on
    said = claim.said_on.start
    horizon = claim.horizon
    deadline = horizon.end if horizon is not None else None
    forward = claim.kind.is_forward_looking
    outcome = HIT_WEIGHTS.get(verdict)
    overdue = verdict is Verdict.OPEN and forward and deadline is not None and as_of is not None and deadline < as_of
    early = resolved_on is not None and forward and deadline is not None and resolved_on < deadline
    lead = (resolved_on - said).days if outcome is not None and resolved_on is not None else None
    lateness = (
        (resolved_on - deadline).days
        if outcome is not None and resolved_on is not None and forward and deadline is not None
        else None
    )
    credence = claim.credence
    return ClaimLine(
        id=claim.id,
        text=claim.text,
        language=claim.language,
        translations=tuple(claim.translations.items()),
        speaker=claim.speaker.name,
        said_on=said,
        said_on_text=str(claim.said_on),
        kind=claim.kind,
        topics=claim.topics,
        verdict=verdict,
        resolved_on=resolved_on,
        note=event.note if event is not None else "",
        credence=credence.p if credence is not None else None,
        credence_word=credence.word if credence is not None else None,
        horizon=horizon.text if horizon is not None else None,
        deadline=deadline,
        overdue=overdue,
        early=early,
        outcome=outcome,
        lead_days=lead,
        lateness_days=lateness,
        sources=tuple(
            SourceLine(
                label=_source_label(s),
                url=s.url,
                role=s.role.value,
                fidelity=s.fidelity.value if s.fidelity is not None else None,
                locator=s.locator,
            )
            for s in claim.sources
        ),
        evidence=_evidence(record, as_of, known_at),
        groups=_groups(by, record, deadline),
    )


def _evidence(record: ClaimRecord, as_of: date | None, known_at: datetime | None) -> tuple[EvidenceLink, ...]:
    if not record.evidence:
        return ()
    cited: dict[str, None] = {}
    for event in record.events:
        if as_of is not None and event.effective_on > as_of:
            continue
        if known_at is not None and event.recorded_at > known_at:
            continue
        cited.update(dict.fromkeys(event.evidence))
    links = []
    for ev in record.evidence:
        if ev.id not in cited:
            continue
        if as_of is not None and ev.published_on is not None and ev.published_on.start > as_of:
            continue  # the temporal guard: not public yet on the as-of date
        links.append(
            EvidenceLink(
                label=ev.title or ev.publisher or ev.id,
                url=ev.url or ev.archived_url or ev.via_url,
                published_on=str(ev.published_on) if ev.published_on is not None else None,
            )
        )
    return tuple(links)


# -- summing up ------------------------------------------------------------------------------


class _Tally:
    """The running sums of one row (internal; frozen into a Row at the end)."""

    __slots__ = (
        "counts",
        "lateness_n",
        "lateness_sum",
        "lead_n",
        "lead_sum",
        "outcome_sum",
        "overdue",
        "pairs",
        "total",
        "unscored",
    )

    def __init__(self) -> None:
        self.counts: dict[Verdict, int] = dict.fromkeys(Verdict, 0)
        self.total = 0
        self.overdue = 0
        self.outcome_sum = 0.0
        self.pairs: list[tuple[float, float]] = []
        self.lead_sum = 0
        self.lead_n = 0
        self.lateness_sum = 0
        self.lateness_n = 0
        self.unscored: list[UnscoredClaim] = []

    def add(self, line: ClaimLine) -> None:
        self.total += 1
        self.counts[line.verdict] += 1
        if line.overdue:
            self.overdue += 1
        if line.outcome is not None:
            self.outcome_sum += line.outcome
            if line.credence is not None:
                self.pairs.append((line.credence, line.outcome))
            if line.lead_days is not None:
                self.lead_sum += line.lead_days
                self.lead_n += 1
            if line.lateness_days is not None:
                self.lateness_sum += line.lateness_days
                self.lateness_n += 1
        elif line.verdict is not Verdict.OPEN:
            self.unscored.append(
                UnscoredClaim(claim_id=line.id, verdict=line.verdict, reason=line.note, text=line.text)
            )

    def row(self, key: str, *, with_overdue: bool) -> Row:
        graded = sum(self.counts[v] for v in HIT_WEIGHTS)
        opened = self.counts[Verdict.OPEN]
        pairs = self.pairs
        return Row(
            key=key,
            counts=self.counts,
            total=self.total,
            resolved=self.total - opened,
            graded=graded,
            unscored=self.total - opened - graded,
            open=opened,
            overdue=self.overdue if with_overdue else None,
            hit_rate=self.outcome_sum / graded if graded else None,
            hit_rate_ci=wilson_interval(self.outcome_sum, graded),
            n_scored=len(pairs),
            brier=brier_score(pairs),
            log_score=log_score(pairs),
            skill=skill(pairs),
            murphy=murphy(pairs),
            calibration=calibration_bins(pairs),
            mean_lead_days=self.lead_sum / self.lead_n if self.lead_n else None,
            mean_lateness_days=self.lateness_sum / self.lateness_n if self.lateness_n else None,
            n_lateness=self.lateness_n,
            unscored_claims=tuple(sorted(self.unscored, key=lambda u: u.claim_id)),
        )


def _order(by: GroupBy, tallies: dict[str, _Tally]) -> list[str]:
    keys = list(tallies)
    if by is GroupBy.YEAR:
        return sorted(keys)
    if by is GroupBy.HORIZON:
        return sorted(keys, key=HORIZON_BUCKETS.index)
    if by is GroupBy.KIND:
        order = [k.value for k in ClaimKind]
        return sorted(keys, key=order.index)
    return sorted(keys, key=lambda k: (-tallies[k].total, k.casefold(), k))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while many long-lived objects are made (3-4x faster; measurements.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _records(source: Ledger | Iterable[ClaimRecord]) -> Iterable[ClaimRecord]:
    """The records to score, read once.

    A store may offer ``scoring_records()`` (a faster bulk reader, e.g. one that
    skips what a scorecard does not need); it is used when present, else
    ``records()``.
    """
    if isinstance(source, Ledger):
        fast: Callable[[], Iterable[ClaimRecord]] | None = getattr(source.store, "scoring_records", None)
        return fast() if callable(fast) else source.records()
    return source


def scorecard(
    ledger_or_claims: Ledger | Iterable[ClaimRecord],
    *,
    by: GroupBy | str = GroupBy.SPEAKER,
    as_of: date | None = None,
    known_at: datetime | None = None,
    speaker: str | None = None,
    topic: str | None = None,
    kind: ClaimKind | str | None = None,
    said_between: tuple[date | None, date | None] | None = None,
    faithful_only: bool = False,
    exclude_early: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Scorecard:
    """The scorecard of a ledger (or of claim records), one row per ``by`` group.

    ``as_of`` replays every claim's events to that date (the latest when None)
    and leaves out claims not yet said then; ``known_at`` further ignores
    events recorded after that moment. Overdue claims are counted only with an
    ``as_of`` date (pure code never reads the clock).

    ``speaker`` (case-insensitive), ``topic``, ``kind`` and ``said_between``
    (inclusive dates, either end None) filter the claims. ``faithful_only``
    keeps claims with at least one verbatim or faithful source, so a distorted
    summary cannot flatter or damn a speaker. ``exclude_early`` leaves out
    forward-looking claims resolved before their deadline. ``progress`` is
    called with the number of records read so far, every 1,000 records and at
    the end.

    Example:
        >>> card = scorecard([], by="speaker")
        >>> card.total.graded, card.total.hit_rate
        (0, None)
    """
    group_by = GroupBy(by)
    want_kind = ClaimKind(kind) if kind is not None else None
    speaker_key = speaker.casefold() if speaker is not None else None
    low, high = said_between if said_between is not None else (None, None)
    tallies: dict[str, _Tally] = {}
    total = _Tally()
    lines: list[ClaimLine] = []
    not_yet_said = filtered = unfaithful = early = 0
    seen = 0
    with _gc_paused():
        for record in _records(ledger_or_claims):
            seen += 1
            if progress is not None and seen % 1000 == 0:
                progress(seen)
            claim = record.claim
            said = claim.said_on.start
            if as_of is not None and said > as_of:
                not_yet_said += 1
                continue
            if (
                (speaker_key is not None and claim.speaker.name.casefold() != speaker_key)
                or (topic is not None and topic not in claim.topics)
                or (want_kind is not None and claim.kind is not want_kind)
                or (low is not None and said < low)
                or (high is not None and said > high)
            ):
                filtered += 1
                continue
            if faithful_only and not _is_faithful(record):
                unfaithful += 1
                continue
            line = _line(record, group_by, as_of, known_at)
            if exclude_early and line.early:
                early += 1
                continue
            lines.append(line)
            total.add(line)
            for key in line.groups:
                tally = tallies.get(key)
                if tally is None:
                    tally = tallies[key] = _Tally()
                tally.add(line)
        if progress is not None:
            progress(seen)
        with_overdue = as_of is not None
        rows = tuple(tallies[key].row(key, with_overdue=with_overdue) for key in _order(group_by, tallies))
        return Scorecard(
            by=group_by,
            as_of=as_of,
            known_at=known_at,
            faithful_only=faithful_only,
            exclude_early=exclude_early,
            rows=rows,
            total=total.row(TOTAL_KEY, with_overdue=with_overdue),
            claims=tuple(lines),
            excluded=Exclusions(not_yet_said=not_yet_said, filtered=filtered, unfaithful=unfaithful, early=early),
        )
