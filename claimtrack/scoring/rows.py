"""A scorecard's rows and timeline, built from sums by one function whichever path made the sums.

A row is computed from a :class:`RowSums`: counts per verdict, the sums of
outcomes, lead times and lateness, and the sums of its forecasts
(:class:`~claimtrack.scoring.metrics.ForecastSums`). The Python path adds those
up claim by claim (:class:`LineTally`); the database path gets them from the
store's cells (:func:`sums_of_cells`). :func:`row_from_sums` turns either into
a :class:`~claimtrack.scoring.Row`, so the two paths cannot compute a figure
differently.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from claimtrack.ledger.queries import ScoreCell, TimelineCount
from claimtrack.model import Verdict
from claimtrack.scoring.metrics import (
    CALIBRATION_EDGES,
    HIT_WEIGHTS,
    BinSums,
    ForecastSums,
    forecast_scores,
    wilson_interval,
)
from claimtrack.scoring.types import OUTCOME_OF, ClaimLine, Outcome, Row, TimelineMonth, UnscoredClaim

__all__ = [
    "LineTally",
    "RowSums",
    "row_from_sums",
    "sums_of_cells",
    "timeline_of_counts",
    "timeline_of_lines",
]


@attrs.frozen(kw_only=True)
class RowSums:
    """Everything a row's figures are computed from."""

    counts: Mapping[Verdict, int]
    """Claims per verdict, every verdict present (zeros included)."""
    overdue: int = 0
    outcome_sum: float = 0.0
    """Sum of the hit weights of the graded claims."""
    lead_n: int = 0
    lead_sum: int = 0
    lateness_n: int = 0
    lateness_sum: int = 0
    forecasts: ForecastSums = attrs.field(factory=ForecastSums)
    """The graded claims with a credence."""


def row_from_sums(key: str, sums: RowSums, unscored: Iterable[UnscoredClaim], *, with_overdue: bool) -> Row:
    """The row of ``key``: its figures from ``sums``, and the ``unscored`` claims it lists (sorted by id)."""
    counts = sums.counts
    total = sum(counts.values())
    graded = sum(counts[v] for v in HIT_WEIGHTS)
    opened = counts[Verdict.OPEN]
    scores = forecast_scores(sums.forecasts)
    return Row(
        key=key,
        counts=counts,
        total=total,
        resolved=total - opened,
        graded=graded,
        unscored=total - opened - graded,
        open=opened,
        overdue=sums.overdue if with_overdue else None,
        hit_rate=sums.outcome_sum / graded if graded else None,
        hit_rate_ci=wilson_interval(sums.outcome_sum, graded),
        n_scored=sums.forecasts.n,
        brier=scores.brier,
        log_score=scores.log_score,
        skill=scores.skill,
        murphy=scores.murphy,
        calibration=scores.calibration,
        mean_lead_days=sums.lead_sum / sums.lead_n if sums.lead_n else None,
        mean_lateness_days=sums.lateness_sum / sums.lateness_n if sums.lateness_n else None,
        n_lateness=sums.lateness_n,
        unscored_claims=tuple(sorted(unscored, key=lambda u: u.claim_id)),
    )


class LineTally:
    """The running sums of one row on the Python path, claim line by claim line."""

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
        """Count ``line`` in this row."""
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

    def sums(self) -> RowSums:
        """The row's sums so far."""
        return RowSums(
            counts=self.counts,
            overdue=self.overdue,
            outcome_sum=self.outcome_sum,
            lead_n=self.lead_n,
            lead_sum=self.lead_sum,
            lateness_n=self.lateness_n,
            lateness_sum=self.lateness_sum,
            forecasts=ForecastSums.of_pairs(self.pairs),
        )


_NO_COUNTS: dict[Verdict, int] = dict.fromkeys(Verdict, 0)
"""Every verdict at zero claims: copied for each row (iterating the enum each time is slower)."""


def sums_of_cells(cells: Iterable[ScoreCell]) -> RowSums:
    """A row's sums from a store's cells (see :class:`~claimtrack.ledger.queries.ScoreCell`).

    The store sums credences, their squares and logs per (verdict, calibration
    bin); the metrics' sum forms turn those into squared errors and log scores.
    """
    counts = _NO_COUNTS.copy()
    overdue = 0
    outcome_sum = 0.0
    lead_sum = lead_n = late_sum = late_n = 0
    n_scored = 0
    square_terms: list[float] = []
    log_terms: list[float] = []
    outcomes: Counter[float] = Counter()
    nbins = len(CALIBRATION_EDGES) - 1
    bin_n = [0] * nbins
    bin_p: list[list[float]] = [[] for _ in range(nbins)]
    bin_o = [0.0] * nbins
    weights = HIT_WEIGHTS
    # a card by speaker of 100,000 claims has ~18,000 cells: each is unpacked as the tuple it is (in
    # ScoreCell's field order), and the sum forms of squared_error_from_moments and log_total_from_sums
    # are written out (the same arithmetic, so the same floats)
    for _, verdict, b, _, n_claims, n, p_sum, p_sq, log_q, log_nq, c_lead_n, c_lead, c_late_n, c_late, due in cells:
        counts[verdict] += n_claims
        overdue += due
        o = weights.get(verdict)
        if o is None:
            continue
        outcome_sum += o * n_claims
        lead_sum += c_lead
        lead_n += c_lead_n
        late_sum += c_late
        late_n += c_late_n
        if b is None:
            continue
        n_scored += n
        square_terms.append(p_sq - 2.0 * o * p_sum + o * o * n)
        log_terms.append(o * log_q + (1.0 - o) * log_nq)
        outcomes[o] += n
        bin_n[b] += n
        bin_p[b].append(p_sum)
        bin_o[b] += o * n
    forecasts = ForecastSums(
        n=n_scored,
        squared_error=max(math.fsum(square_terms), 0.0),  # the sum form can round a hair below zero
        log_total=math.fsum(log_terms),
        outcomes=outcomes,
        bins=tuple(BinSums(n=bin_n[i], credence_sum=math.fsum(bin_p[i]), outcome_sum=bin_o[i]) for i in range(nbins)),
    )
    return RowSums(
        counts=counts,
        overdue=overdue,
        outcome_sum=outcome_sum,
        lead_n=lead_n,
        lead_sum=lead_sum,
        lateness_n=late_n,
        lateness_sum=late_sum,
        forecasts=forecasts,
    )


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


def timeline_of_lines(lines: Iterable[ClaimLine]) -> tuple[TimelineMonth, ...]:
    """The timeline of the claims counted on the Python path."""
    return _timeline(
        (line.resolved_on.replace(day=1), line.verdict, 1)
        for line in lines
        if line.resolved_on is not None and line.verdict is not Verdict.OPEN
    )


def timeline_of_counts(counts: Iterable[TimelineCount]) -> tuple[TimelineMonth, ...]:
    """The timeline from a store's counts per (month, verdict)."""
    return _timeline(
        (date(int(c.month[:4]), int(c.month[5:7]), 1), c.verdict, c.claims)
        for c in counts
        if c.verdict is not Verdict.OPEN
    )
