"""Queries a store may answer itself, and the generic answers for stores that cannot.

A database store can filter claims, find the ones falling due and count
verdicts per group in SQL, without loading every record into Python. Such a
store implements :class:`QueryStore` next to :class:`~claimtrack.ledger.Store`;
the :class:`~claimtrack.ledger.Ledger` uses it when present and falls back to
the functions here (which replay every record) otherwise. Both paths must give
the same answers: the store contract tests check that.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, Protocol, runtime_checkable

import attrs

from claimtrack.ledger.replay import replay
from claimtrack.model import Claim, ClaimKind, ClaimRecord, Verdict

__all__ = ["GROUPINGS", "Grouping", "QueryStore", "VerdictCount", "count_verdicts", "group_keys"]

Grouping = Literal["speaker", "topic", "kind", "year"]
"""What :meth:`QueryStore.verdict_counts` can group by."""

GROUPINGS: tuple[Grouping, ...] = ("speaker", "topic", "kind", "year")


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
        self,
        *,
        speaker: str | None = None,
        topic: str | None = None,
        kind: ClaimKind | None = None,
        verdict: Verdict | None = None,
        said_between: tuple[date | None, date | None] | None = None,
        as_of: date | None = None,
    ) -> tuple[Claim, ...]:
        """Claims matching every filter given (see :meth:`Ledger.claims`)."""
        ...

    def due_claims(self, *, as_of: date, limit: date) -> tuple[Claim, ...]:
        """Open (as of ``as_of``) predictions and commitments whose deadline is on or before ``limit``."""
        ...

    def verdict_counts(self, *, by: Grouping = "speaker", as_of: date | None = None) -> tuple[VerdictCount, ...]:
        """Claims per (group, verdict as of ``as_of``), with credence sums."""
        ...


def group_keys(claim: Claim, by: Grouping) -> tuple[str | None, ...]:
    """The groups a claim belongs to: one, except by topic (each topic; None when it has none)."""
    if by == "speaker":
        return (claim.speaker.name,)
    if by == "kind":
        return (claim.kind.value,)
    if by == "year":
        return (f"{claim.said_on.start.year:04d}",)
    if by == "topic":
        return tuple(dict.fromkeys(claim.topics)) or (None,)
    raise ValueError(f"cannot group verdicts by {by!r}; choose one of {', '.join(GROUPINGS)}")


def count_verdicts(
    records: Iterable[ClaimRecord], *, by: Grouping = "speaker", as_of: date | None = None
) -> tuple[VerdictCount, ...]:
    """The generic :meth:`QueryStore.verdict_counts`: replay every record."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group verdicts by {by!r}; choose one of {', '.join(GROUPINGS)}")
    tally: dict[tuple[str | None, Verdict], list[float]] = {}
    for record in records:
        verdict = replay(record.events, as_of=as_of)
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
