"""Queries a store may answer itself, and the generic answers for stores that cannot.

A database store can filter claims, find the ones falling due and count
verdicts per group in SQL, without loading every record into Python. Such a
store implements :class:`QueryStore` next to :class:`~claimtrack.ledger.Store`;
a store that can also sum up everything a scorecard needs implements
:class:`ScoreStore` (see :class:`ScoreQuery` and :class:`ScoreAggregates`);
the :class:`~claimtrack.ledger.Ledger` uses it when present and falls back to
the functions here (which replay every record) otherwise. Both paths must give
the same answers: the store contract tests check that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import NamedTuple, Protocol, runtime_checkable

import attrs

from claimtrack.dates import DayInput, as_date
from claimtrack.ledger.filters import ClaimFilter, GroupBy
from claimtrack.ledger.replay import replay
from claimtrack.ledger.store import Damage
from claimtrack.model import Claim, ClaimRecord, Problem, Verdict

__all__ = [
    "SCORE_GROUPS",
    "VERDICT_COUNT_GROUPS",
    "QueryStore",
    "RawJudge",
    "RawRecordStore",
    "ScoreAggregates",
    "ScoreCell",
    "ScoreQuery",
    "ScoreStore",
    "TimelineCount",
    "UnscoredEntry",
    "VerdictCount",
    "count_verdicts",
    "group_keys",
    "raw_judge",
    "score_group",
    "verdict_count_group",
]

VERDICT_COUNT_GROUPS: tuple[GroupBy, ...] = (GroupBy.SPEAKER, GroupBy.TOPIC, GroupBy.KIND, GroupBy.YEAR)
"""What :meth:`QueryStore.verdict_counts` can group by."""

SCORE_GROUPS: tuple[GroupBy, ...] = (*VERDICT_COUNT_GROUPS, GroupBy.HORIZON)
"""What :meth:`ScoreStore.score_aggregates` can group by (source labels live inside each claim's JSON)."""


def _supported(by: GroupBy | str, supported: tuple[GroupBy, ...], what: str) -> GroupBy:
    """``by`` as a GroupBy, or ValueError naming the choices when it is not one of ``supported``."""
    try:
        group = GroupBy(by)
    except ValueError:
        group = None
    if group is None or group not in supported:
        raise ValueError(f"cannot {what} by {str(by)!r}; choose one of {', '.join(supported)}")
    return group


def verdict_count_group(by: GroupBy | str) -> GroupBy:
    """``by`` as one of :data:`VERDICT_COUNT_GROUPS`; raises ValueError naming them otherwise."""
    return _supported(by, VERDICT_COUNT_GROUPS, "group verdicts")


def score_group(by: GroupBy | str) -> GroupBy:
    """``by`` as one of :data:`SCORE_GROUPS`; raises ValueError naming them otherwise."""
    return _supported(by, SCORE_GROUPS, "aggregate scores")


@attrs.frozen(kw_only=True)
class VerdictCount:
    """How many claims of one group stand at one verdict, with their credence sums.

    The sums let a scorecard compute Brier scores without the claims:
    for claims whose verdict maps to outcome ``o``, the sum of ``(p - o)**2``
    is ``credence_sq_sum - 2*o*credence_sum + o*o*with_credence``.
    """

    key: str | None
    """The group: the speaker's name, a topic (None: claims without topics), a kind value, or a year."""
    verdict: Verdict
    """The status replayed as of the requested date."""
    claims: int
    """Claims of the group at this verdict."""
    with_credence: int
    """How many of them carry a credence with a probability ``p``."""
    credence_sum: float
    """Sum of ``p`` over those."""
    credence_sq_sum: float
    """Sum of ``p * p`` over those."""


@runtime_checkable
class QueryStore(Protocol):
    """Optional store capability: queries answered by the store itself (in SQL).

    Results equal the generic path's: claims in id order, due claims by
    deadline then id, verdict counts sorted by (key, verdict) with None keys first.
    """

    def query_claims(
        self, where: ClaimFilter, *, as_of: date | None = None, damage: Damage | None = None
    ) -> tuple[Claim, ...]:
        """Claims matching ``where`` (see :meth:`Ledger.claims`); only a filter :attr:`~ClaimFilter.in_columns`.

        A matching record the store cannot read is left out and its problems go to ``damage``
        (without one, the first raises InvalidRecordError).
        """
        ...

    def due_claims(
        self, *, as_of: date, limit: date, where: ClaimFilter | None = None, damage: Damage | None = None
    ) -> tuple[Claim, ...]:
        """Open (as of ``as_of``) predictions and commitments whose deadline is on or before ``limit``."""
        ...

    def verdict_counts(
        self, *, by: GroupBy | str = GroupBy.SPEAKER, as_of: date | None = None
    ) -> tuple[VerdictCount, ...]:
        """Claims per (group, verdict as of ``as_of``), with credence sums."""
        ...


@runtime_checkable
class RawRecordStore(Protocol):
    """Optional store capability: each record's JSON as stored, for readers that need only a few fields.

    A reader that takes this path parses the JSON itself (a scorecard reads a dozen fields of each
    record without building the models). It must treat a record as :meth:`Store.records` does:
    a record whose claim id differs from the id it is stored under, or that the schema refuses,
    is damaged. A store may also offer ``parse_raw(stored_id, raw) -> (record | None, problems)``,
    its own judgement of one record (the one its :meth:`Store.records` and :meth:`Store.problems`
    use, as :class:`~claimtrack.stores.FolderStore` does): a reader that cannot vouch for a record
    itself hands it there (see :func:`raw_judge`), so the store decides in one place what is damaged.
    """

    def raw_records(self) -> Iterator[tuple[str, bytes]]:
        """(the id a record is stored under, its JSON), in id order."""
        ...


RawJudge = Callable[[str, bytes], tuple[ClaimRecord | None, tuple[Problem, ...]]]
"""A store's judgement of one raw record: the record, or None with the problems that make it damaged."""


def raw_judge(store: RawRecordStore) -> RawJudge | None:
    """The store's ``parse_raw`` when it has one (None: readers validate in full and check the id)."""
    judge = getattr(store, "parse_raw", None)
    return judge if callable(judge) else None


def group_keys(claim: Claim, by: GroupBy | str) -> tuple[str | None, ...]:
    """The groups a claim belongs to: one, except by topic (each topic; None when it has none)."""
    by = verdict_count_group(by)
    if by is GroupBy.SPEAKER:
        return (claim.speaker.name,)
    if by is GroupBy.KIND:
        return (claim.kind.value,)
    if by is GroupBy.YEAR:
        return (f"{claim.said_on.start.year:04d}",)
    return tuple(dict.fromkeys(claim.topics)) or (None,)


def count_verdicts(
    records: Iterable[ClaimRecord], *, by: GroupBy | str = GroupBy.SPEAKER, as_of: DayInput | None = None
) -> tuple[VerdictCount, ...]:
    """The generic :meth:`QueryStore.verdict_counts`: replay every record."""
    by = verdict_count_group(by)
    day = None if as_of is None else as_date(as_of, name="as_of")
    tally: dict[tuple[str | None, Verdict], list[float]] = {}
    for record in records:
        verdict = replay(record.events, as_of=day)
        credence = record.claim.credence
        p = credence.p if credence is not None else None
        for key in group_keys(record.claim, by):
            row = tally.setdefault((key, verdict), [0, 0, 0.0, 0.0])
            row[0] += 1
            if p is not None:
                row[1] += 1
                row[2] += p
                row[3] += p * p
    return tuple(
        VerdictCount(
            key=key,
            verdict=verdict,
            claims=int(row[0]),
            with_credence=int(row[1]),
            credence_sum=row[2],
            credence_sq_sum=row[3],
        )
        for (key, verdict), row in sorted(tally.items(), key=lambda kv: _sort_key(kv[0]))
    )


def _sort_key(item: tuple[str | None, Verdict]) -> tuple[bool, str, str]:
    key, verdict = item
    return (key is not None, key or "", verdict.value)


# -- scorecard aggregates ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ScoreQuery:
    """What a scorecard asks a store to sum up: the grouping, the date, the filter and its conventions.

    The store knows nothing of scoring: the scoring layer passes in its
    conventions (which verdicts are graded, the calibration bin floors, the
    log-score clamp, the horizon-length limits), so both sides agree by
    construction.
    """

    by: GroupBy
    """One of :data:`SCORE_GROUPS`."""
    as_of: date | None = None
    """Replay events taking effect by this date; claims said after it are not counted (None: latest)."""
    known_at: datetime | None = None
    """Also ignore events recorded after this moment (timezone-aware)."""
    where: ClaimFilter = attrs.field(factory=ClaimFilter)
    """The claims to count. ``faithful_only`` cannot be summed (fidelity lives in each claim's JSON);
    with ``exclude_early`` cells are split by ``early`` and early claims are left out of ``unscored``,
    ``recent`` and ``timeline``; ``verdict`` keeps the claims at that verdict as of ``as_of``."""
    graded: tuple[Verdict, ...]
    """The verdicts whose claims are binned by credence and summed for lead time and lateness."""
    bin_floors: tuple[float, ...]
    """Credence ``p`` falls in the largest bin ``i`` with ``p >= bin_floors[i]`` (bin 0 when none)."""
    log_clamp: float
    """Credences are clamped to [log_clamp, 1 - log_clamp] before their logarithms are summed."""
    horizon_limits: tuple[int, int, int]
    """Days from said to deadline that end the first three horizon-length groups (see ``by="horizon"``)."""
    recent: int = 0
    """How many of the most recently said matching claims to return in full (said_on desc, then id)."""
    unscored: bool = True
    """Whether to list the claims at resolved verdicts that are not graded (``open`` excluded)."""
    unscored_limit: int | None = None
    """List only this many unscored claims, the most recently said (said_on desc, then id); None: all.
    Their counts in the cells stay complete."""
    timeline: bool = False
    """Whether to count the resolved claims per month of resolution (:attr:`ScoreAggregates.timeline`)."""
    apart: tuple[Verdict, ...] = ()
    """Verdicts whose claims are set apart: counted in no cell, never in ``recent``, ``unscored`` or
    ``timeline``, and returned whole in :attr:`ScoreAggregates.apart` (each claim once, every one of
    them, whatever ``unscored_limit``). The scoring layer sets apart attribution failures."""
    speakers: tuple[str, ...] | None = None
    """Count only the claims whose speaker is written exactly as one of these (None: any speaker). The
    scoring layer puts here every spelling of the person ``where.speaker`` names, and leaves that out."""
    left_out: tuple[str, ...] = ()
    """Speakers (written exactly so) whose claims are left out of everything above and only counted, per
    speaker, in :attr:`ScoreAggregates.left_out`: the scoring layer leaves out generic claimants."""


class ScoreCell(NamedTuple):
    """The sums over the matching claims of one (group, verdict, credence bin, early) cell.

    A named tuple rather than an attrs class: a card by speaker of 100,000 claims has
    about 18,000 cells, and a tuple is made five times faster (about 20 ms of the card).

    ``bin`` is None for claims without a credence and for verdicts that are
    not graded (only graded claims are binned). Lead time is days from said to
    the effective date of the event that set the verdict; lateness is days from
    the deadline to that date; both are summed only for graded verdicts (and
    lateness only for forward-looking claims with a deadline). ``overdue``
    counts open forward-looking claims whose deadline is before ``as_of``.
    """

    key: str | None
    """The group: a speaker's name, a topic (None: no topic), a kind value, a year ("2024"),
    a horizon-length index ("0".."5"), or None in :attr:`ScoreAggregates.total_cells`."""
    verdict: Verdict
    bin: int | None
    early: bool
    claims: int
    with_credence: int
    credence_sum: float
    credence_sq_sum: float
    log_sum: float
    """Sum of ln(q) over binned claims, q the clamped credence."""
    log_complement_sum: float
    """Sum of ln(1 - q) over binned claims."""
    lead_n: int
    lead_sum: int
    lateness_n: int
    lateness_sum: int
    overdue: int


@attrs.frozen(kw_only=True)
class UnscoredEntry:
    """A claim at a resolved verdict that is not graded, with the note of the event that set it."""

    key: str | None
    claim_id: str
    verdict: Verdict
    note: str
    text: str


@attrs.frozen(kw_only=True)
class TimelineCount:
    """How many matching claims a verdict was set for in one month (the status event's effective date)."""

    month: str
    """The month of the effective date of the event that set the claim's verdict, as ``YYYY-MM``."""
    verdict: Verdict
    """A resolved verdict (never ``open``)."""
    claims: int


@attrs.frozen(kw_only=True)
class ScoreAggregates:
    """A store's answer to a :class:`ScoreQuery`.

    ``considered`` counts the claims said by ``as_of`` (every claim without
    one) and ``not_yet_said`` the others; the claims matching the filters are
    those summed in the cells (each claim once, except by topic, where a claim
    counts under each of its topics).
    """

    cells: tuple[ScoreCell, ...]
    total_cells: tuple[ScoreCell, ...] | None = None
    """By topic, where a claim may sit in several groups: the cells of every claim once (key None)."""
    considered: int
    not_yet_said: int
    unscored: tuple[UnscoredEntry, ...]
    """Sorted by key (None first), then claim id; only the claims ``ScoreQuery.unscored_limit`` keeps."""
    recent: tuple[tuple[str, bytes], ...]
    """The ``recent`` most recently said matching claims (early ones left out with ``exclude_early``), in
    id order, as (the id a record is stored under, its JSON): not parsed, since a card reads a dozen
    fields of each (:class:`~claimtrack.scoring.lean.LeanReader`); the store judges the ones the lean
    reading refuses (:meth:`ScoreStore.parse_raw`)."""
    timeline: tuple[TimelineCount, ...] = ()
    """Resolved matching claims (each once, early ones left out with ``exclude_early``) per (month,
    verdict), sorted; filled when ``ScoreQuery.timeline`` asks for it."""
    apart: tuple[tuple[str, bytes], ...] = ()
    """The matching claims at a verdict of ``ScoreQuery.apart`` (as of ``as_of``), in id order, as
    (stored id, JSON) pairs like :attr:`recent`."""
    left_out: tuple[tuple[str, int], ...] = ()
    """Per speaker of ``ScoreQuery.left_out`` (as written), the claims said by ``as_of`` that match the
    filter (and its verdict) and were left out for it, whatever their verdict; speakers with none omitted."""
    damaged: tuple[tuple[Problem, ...], ...] = ()
    """The problems of each damaged record met (one tuple per record): rows whose summed columns hold
    values the schema refuses. When there is any, the store stops there: the cells are empty and the
    card must be made another way (or refused). (A listed record that cannot be read is found when
    the card reads it, through :meth:`ScoreStore.parse_raw`.)"""


@runtime_checkable
class ScoreStore(Protocol):
    """Optional store capability: the sums behind a scorecard, computed by the store (in SQL).

    A scorecard built from these sums equals one built by replaying every
    record in Python (the scoring tests compare them on every store). All
    parts of one answer come from one snapshot of the ledger.
    """

    def score_aggregates(self, query: ScoreQuery) -> ScoreAggregates:
        """The cells, counts, unscored claims and recent records that ``query`` asks for."""
        ...

    def parse_raw(self, stored_id: str, raw: bytes) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
        """The store's one judgement of a record's JSON: the record, or None with the problems that damage it."""
        ...
