"""Scorecards: how a speaker's (or topic's, or year's) claims turned out, as of any date.

:func:`scorecard` reads every claim record once, replays its events as of the
date asked for, and sums up per group. When the ledger's store can sum up in
its database (:class:`~claimtrack.ledger.queries.ScoreStore`: SQLite and
PostgreSQL), the rows are built from those sums instead and only the most
recently said claims are read whole, for the card's claim table (see
:func:`scorecard` for when each path is taken). The result is plain data
(attrs), so the renderers in :mod:`claimtrack.render` and any script can use it.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, cast
from urllib.parse import urlsplit

import attrs

from claimtrack.ledger import Ledger, status_event
from claimtrack.ledger.queries import ScoreCell, ScoreGrouping, ScoreQuery, ScoreStore, TimelineCount
from claimtrack.model import ClaimKind, ClaimRecord, Source, Verdict
from claimtrack.scoring.metrics import (
    CALIBRATION_EDGES,
    HIT_WEIGHTS,
    LOG_CLAMP,
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
    "SQL_CLAIMS_DEFAULT",
    "UNSCORED_DEFAULT",
    "ClaimLine",
    "EvidenceLink",
    "Exclusions",
    "GroupBy",
    "Outcome",
    "Row",
    "Scorecard",
    "SourceLine",
    "TimelineMonth",
    "UnscoredClaim",
    "horizon_bucket",
    "scorecard",
]

SQL_CLAIMS_DEFAULT = 1_000
"""Claims a card built from database sums lists by default: the most recently said ones."""

UNSCORED_DEFAULT = 500
"""Unscored claims a card lists with their reasons by default (the most recently said): the HTML report's cap."""

BIN_FLOORS: tuple[float, ...] = tuple(edge - 1e-9 for edge in CALIBRATION_EDGES[:-1])
"""The lowest credence of each calibration bin, with :func:`~claimtrack.scoring.bin_index`'s tolerance."""

TOTAL_KEY = "All claims"
NO_TOPIC = "(no topic)"
UNNAMED_SOURCE = "(unnamed source)"
NO_SOURCE = "(no source)"

HORIZON_LIMITS: tuple[int, int, int] = (92, 366, 5 * 366)
"""Days from said to deadline that end the first three horizon-length groups."""

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


class Outcome(StrEnum):
    """How a resolved claim turned out, as the timeline of resolutions groups verdicts."""

    CAME_TRUE = "came_true"
    """true, mostly true"""
    MIXED = "mixed"
    DID_NOT = "did_not"
    """mostly false, false"""
    NOT_SCORED = "not_scored"
    """unverifiable, ambiguous, annulled, not checkable"""


OUTCOME_OF: Mapping[Verdict, Outcome] = {
    Verdict.TRUE: Outcome.CAME_TRUE,
    Verdict.MOSTLY_TRUE: Outcome.CAME_TRUE,
    Verdict.MIXED: Outcome.MIXED,
    Verdict.MOSTLY_FALSE: Outcome.DID_NOT,
    Verdict.FALSE: Outcome.DID_NOT,
    Verdict.UNVERIFIABLE: Outcome.NOT_SCORED,
    Verdict.AMBIGUOUS: Outcome.NOT_SCORED,
    Verdict.ANNULLED: Outcome.NOT_SCORED,
    Verdict.NOT_CHECKABLE: Outcome.NOT_SCORED,
}
"""The outcome class of every resolved verdict (``open`` has none)."""


@attrs.frozen(kw_only=True)
class TimelineMonth:
    """The counted claims resolved in one month (by the effective date of the event that set the verdict)."""

    month: date
    """The first day of the month."""
    counts: Mapping[Outcome, int]
    """Claims per outcome class, every class present (zeros included)."""

    @property
    def total(self) -> int:
        """Claims resolved in the month."""
        return sum(self.counts.values())


def _timeline(entries: Iterable[tuple[date, Verdict, int]]) -> tuple[TimelineMonth, ...]:
    """Months with at least one resolution, in order, from (month's first day, verdict, claims)."""
    months: dict[date, dict[Outcome, int]] = {}
    for month, verdict, n in entries:
        outcome = OUTCOME_OF.get(verdict)
        if outcome is None or n <= 0:
            continue
        counts = months.get(month)
        if counts is None:
            counts = months[month] = dict.fromkeys(Outcome, 0)
        counts[outcome] += n
    return tuple(TimelineMonth(month=month, counts=months[month]) for month in sorted(months))


def _timeline_of_lines(lines: Iterable[ClaimLine]) -> tuple[TimelineMonth, ...]:
    return _timeline(
        (line.resolved_on.replace(day=1), line.verdict, 1)
        for line in lines
        if line.resolved_on is not None and line.verdict is not Verdict.OPEN
    )


def _timeline_of_counts(counts: Iterable[TimelineCount]) -> tuple[TimelineMonth, ...]:
    return _timeline(
        (date(int(c.month[:4]), int(c.month[5:7]), 1), c.verdict, c.claims)
        for c in counts
        if c.verdict is not Verdict.OPEN
    )


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
    """The row's unscored claims among those the card lists (see :attr:`Scorecard.unscored_complete`);
    ``unscored`` and ``counts`` always count them all."""


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
    claims_complete: bool = True
    """False when ``claims`` lists only the most recently said of the ``total.total`` counted claims."""
    timeline: tuple[TimelineMonth, ...] = ()
    """Every counted claim's resolution, per month (each claim once, complete even when ``claims`` is not)."""
    unscored_complete: bool = True
    """False when the rows' ``unscored_claims`` list only the ``max_unscored`` most recently said of the
    ``total.unscored`` unscored claims."""

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
    if days <= HORIZON_LIMITS[0]:
        return HORIZON_BUCKETS[0]
    if days <= HORIZON_LIMITS[1]:
        return HORIZON_BUCKETS[1]
    if days <= HORIZON_LIMITS[2]:
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


def _bound_unscored(lines: Sequence[ClaimLine], tallies: Iterable[_Tally], limit: int | None) -> bool:
    """Keep the ``limit`` most recently said unscored claims in every tally; True when none was dropped.

    The same pick as the SQL path (``ScoreQuery.unscored_limit``): said_on descending, then id.
    """
    unscored = [line for line in lines if line.outcome is None and line.verdict is not Verdict.OPEN]
    if limit is None or len(unscored) <= limit:
        return True
    kept = {line.id for line in _most_recent(unscored, limit)}
    for tally in tallies:
        tally.unscored = [u for u in tally.unscored if u.claim_id in kept]
    return False


def _order(by: GroupBy, sizes: Mapping[str, int]) -> list[str]:
    """Row order: years, horizon lengths and kinds in their natural order, others by size then name."""
    keys = list(sizes)
    if by is GroupBy.YEAR:
        return sorted(keys)
    if by is GroupBy.HORIZON:
        return sorted(keys, key=HORIZON_BUCKETS.index)
    if by is GroupBy.KIND:
        order = [k.value for k in ClaimKind]
        return sorted(keys, key=order.index)
    return sorted(keys, key=lambda k: (-sizes[k], k.casefold(), k))


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


# -- from database sums ----------------------------------------------------------------------


def _aggregate_store(
    source: Ledger | Iterable[ClaimRecord],
    by: GroupBy,
    faithful_only: bool,
    known_at: datetime | None,
    max_claims: int | Literal["auto"] | None,
) -> ScoreStore | None:
    """The store to sum up in, when it can and the card's options can be expressed as sums."""
    if not isinstance(source, Ledger) or max_claims is None:
        return None
    store = source.store
    if not isinstance(store, ScoreStore):
        return None
    if by is GroupBy.SOURCE or faithful_only:
        return None  # source labels and fidelity live inside each claim's JSON
    if known_at is not None and known_at.utcoffset() is None:
        return None  # the Python path decides what a naive moment means
    return store


def _most_recent(lines: Sequence[ClaimLine], n: int) -> list[ClaimLine]:
    """The ``n`` claims said most recently (ties by id), as the HTML renderer's ``max_claims`` picks them."""
    return sorted(lines, key=lambda c: (-c.said_on.toordinal(), c.id))[: max(n, 0)]


def _group_key(by: GroupBy, key: str | None) -> str:
    if by is GroupBy.TOPIC:
        return NO_TOPIC if key is None else key
    if by is GroupBy.YEAR:
        return str(int(key or "0"))
    if by is GroupBy.HORIZON:
        return HORIZON_BUCKETS[int(key or "5")]
    return key or ""


def _row_from_cells(
    key: str, cells: Iterable[ScoreCell], unscored: Iterable[UnscoredClaim], *, with_overdue: bool
) -> Row:
    """A :class:`Row` from database sums: the same formulas as the metrics, rewritten over sums.

    For claims at outcome ``o`` with credences p: sum (p - o)^2 = sum p^2 - 2 o sum p + o^2 n,
    and the log score's sum is o sum ln q + (1 - o) sum ln(1 - q).
    """
    counts = dict.fromkeys(Verdict, 0)
    overdue = 0
    outcome_sum = 0.0
    lead_sum = lead_n = late_sum = late_n = 0
    n_scored = 0
    square_terms: list[float] = []
    log_terms: list[float] = []
    by_outcome: dict[float, int] = {}
    nbins = len(CALIBRATION_EDGES) - 1
    bin_n = [0] * nbins
    bin_p: list[list[float]] = [[] for _ in range(nbins)]
    bin_o = [0.0] * nbins
    for cell in cells:
        counts[cell.verdict] += cell.claims
        overdue += cell.overdue
        o = HIT_WEIGHTS.get(cell.verdict)
        if o is None:
            continue
        outcome_sum += o * cell.claims
        lead_sum += cell.lead_sum
        lead_n += cell.lead_n
        late_sum += cell.lateness_sum
        late_n += cell.lateness_n
        if cell.bin is None:
            continue
        n = cell.with_credence
        n_scored += n
        square_terms.append(cell.credence_sq_sum - 2.0 * o * cell.credence_sum + o * o * n)
        log_terms.append(o * cell.log_sum + (1.0 - o) * cell.log_complement_sum)
        by_outcome[o] = by_outcome.get(o, 0) + n
        bin_n[cell.bin] += n
        bin_p[cell.bin].append(cell.credence_sum)
        bin_o[cell.bin] += o * n
    total = sum(counts.values())
    graded = sum(counts[v] for v in HIT_WEIGHTS)
    opened = counts[Verdict.OPEN]
    brier = log = skill_score = None
    decomposition = None
    calibration = tuple(
        CalibrationBin(
            lower=CALIBRATION_EDGES[i],
            upper=CALIBRATION_EDGES[i + 1],
            n=bin_n[i],
            mean_credence=math.fsum(bin_p[i]) / bin_n[i] if bin_n[i] else None,
            observed=bin_o[i] / bin_n[i] if bin_n[i] else None,
            ci=wilson_interval(bin_o[i], bin_n[i]),
        )
        for i in range(nbins)
    )
    if n_scored:
        brier = max(math.fsum(square_terms), 0.0) / n_scored
        log = math.fsum(log_terms) / n_scored
        base_rate = math.fsum(o * n for o, n in by_outcome.items()) / n_scored
        uncertainty = math.fsum(n * (o - base_rate) ** 2 for o, n in by_outcome.items()) / n_scored
        skill_score = 1.0 - brier / uncertainty if uncertainty > 0.0 else None
        reliability = resolution = 0.0
        for b in calibration:
            if b.n and b.mean_credence is not None and b.observed is not None:
                weight = b.n / n_scored
                reliability += weight * (b.mean_credence - b.observed) ** 2
                resolution += weight * (b.observed - base_rate) ** 2
        decomposition = Murphy(
            reliability=reliability,
            resolution=resolution,
            uncertainty=uncertainty,
            within_bin=brier - (reliability - resolution + uncertainty),
            base_rate=base_rate,
        )
    return Row(
        key=key,
        counts=counts,
        total=total,
        resolved=total - opened,
        graded=graded,
        unscored=total - opened - graded,
        open=opened,
        overdue=overdue if with_overdue else None,
        hit_rate=outcome_sum / graded if graded else None,
        hit_rate_ci=wilson_interval(outcome_sum, graded),
        n_scored=n_scored,
        brier=brier,
        log_score=log,
        skill=skill_score,
        murphy=decomposition,
        calibration=calibration,
        mean_lead_days=lead_sum / lead_n if lead_n else None,
        mean_lateness_days=late_sum / late_n if late_n else None,
        n_lateness=late_n,
        unscored_claims=tuple(sorted(unscored, key=lambda u: u.claim_id)),
    )


def _from_aggregates(
    store: ScoreStore, query: ScoreQuery, by: GroupBy, progress: Callable[[int], None] | None
) -> Scorecard:
    """The card from the store's sums (same rows as the Python path; a bounded claim list)."""
    sums = store.score_aggregates(query)
    # a claim counts once in the total: by topic it may sit in several rows, so the store sums the total apart
    totals = sums.total_cells if sums.total_cells is not None else sums.cells
    groups: dict[str, list[ScoreCell]] = {}
    for cell in sums.cells:
        if not cell.early:
            groups.setdefault(_group_key(by, cell.key), []).append(cell)
    listed: dict[str, list[UnscoredClaim]] = {}
    made: dict[str, UnscoredClaim] = {}  # one object per claim, shared by its rows and the total
    for entry in sums.unscored:
        unscored = made.get(entry.claim_id)
        if unscored is None:
            unscored = made[entry.claim_id] = UnscoredClaim(
                claim_id=entry.claim_id, verdict=entry.verdict, reason=entry.note, text=entry.text
            )
        listed.setdefault(_group_key(by, entry.key), []).append(unscored)
    with_overdue = query.as_of is not None
    sizes = {key: sum(cell.claims for cell in cells) for key, cells in groups.items()}
    rows = tuple(
        _row_from_cells(key, groups[key], listed.get(key, ()), with_overdue=with_overdue) for key in _order(by, sizes)
    )
    total = _row_from_cells(TOTAL_KEY, (c for c in totals if not c.early), made.values(), with_overdue=with_overdue)
    matched = sum(cell.claims for cell in totals)
    early = sum(cell.claims for cell in totals if cell.early)
    lines = tuple(_line(record, by, query.as_of, query.known_at) for record in sums.recent)
    if progress is not None:
        progress(sums.considered + sums.not_yet_said)
    return Scorecard(
        by=by,
        as_of=query.as_of,
        known_at=query.known_at,
        faithful_only=False,
        exclude_early=query.exclude_early,
        rows=rows,
        total=total,
        claims=lines,
        excluded=Exclusions(
            not_yet_said=sums.not_yet_said, filtered=sums.considered - matched, unfaithful=0, early=early
        ),
        claims_complete=len(lines) == total.total,
        timeline=_timeline_of_counts(sums.timeline),
        unscored_complete=len(made) == total.unscored,
    )


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
    max_claims: int | Literal["auto"] | None = "auto",
    max_unscored: int | None = UNSCORED_DEFAULT,
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

    Two paths, the same numbers. On a ledger whose store sums up in its
    database (SQLite, PostgreSQL: :class:`~claimtrack.ledger.queries.ScoreStore`)
    the rows come from SQL aggregates, and ``claims`` (the card's claim table)
    holds only the ``max_claims`` most recently said claims (``"auto"``:
    1,000), so a card of a million claims never loads a million records. The
    Python path replays every record; it is taken for other stores and
    iterables, for ``by="source"`` and ``faithful_only`` (both need the
    sources inside each claim), for a naive ``known_at``, and when
    ``max_claims`` is None (every claim listed). There ``"auto"`` lists every
    claim and an int keeps the most recently said ones. ``claims_complete``
    says whether ``claims`` lists every counted claim.

    ``max_unscored`` bounds the unscored claims listed with their reasons
    (``Row.unscored_claims``), on both paths alike: only the ``max_unscored``
    most recently said of them (ties by id) are listed, in every row they
    belong to; None lists them all. The counts (``Row.unscored``,
    ``Row.counts``) always cover every claim, and ``unscored_complete`` says
    whether the list is whole.

    Example:
        >>> card = scorecard([], by="speaker")
        >>> card.total.graded, card.total.hit_rate
        (0, None)
    """
    group_by = GroupBy(by)
    want_kind = ClaimKind(kind) if kind is not None else None
    store = _aggregate_store(ledger_or_claims, group_by, faithful_only, known_at, max_claims)
    if store is not None:
        limit = SQL_CLAIMS_DEFAULT if max_claims == "auto" or max_claims is None else max_claims
        query = ScoreQuery(
            by=cast(ScoreGrouping, group_by.value),
            as_of=as_of,
            known_at=known_at,
            speaker=speaker,
            topic=topic,
            kind=want_kind,
            said_from=said_between[0] if said_between is not None else None,
            said_to=said_between[1] if said_between is not None else None,
            exclude_early=exclude_early,
            graded=tuple(HIT_WEIGHTS),
            bin_floors=BIN_FLOORS,
            log_clamp=LOG_CLAMP,
            horizon_limits=HORIZON_LIMITS,
            recent=max(limit, 0),
            unscored_limit=None if max_unscored is None else max(max_unscored, 0),
            timeline=True,
        )
        with _gc_paused():  # many small objects when a big ledger has many unscored claims
            return _from_aggregates(store, query, group_by, progress)
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
        unscored_complete = _bound_unscored(lines, [total, *tallies.values()], max_unscored)
        with_overdue = as_of is not None
        order = _order(group_by, {key: tally.total for key, tally in tallies.items()})
        rows = tuple(tallies[key].row(key, with_overdue=with_overdue) for key in order)
        complete = True
        timeline = _timeline_of_lines(lines)
        if isinstance(max_claims, int) and len(lines) > max_claims:
            kept = {line.id for line in _most_recent(lines, max_claims)}
            lines = [line for line in lines if line.id in kept]
            complete = False
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
            claims_complete=complete,
            timeline=timeline,
            unscored_complete=unscored_complete,
        )
