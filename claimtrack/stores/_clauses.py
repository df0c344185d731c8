"""SQL text shared by the database stores' queries and their scorecard sums.

The claim filter (:class:`~claimtrack.ledger.ClaimFilter`) becomes WHERE conditions on
``ct_claims c`` here and only here, and so does "the latest event of a claim as of a date",
which replays events exactly like :func:`claimtrack.ledger.replay` (latest effective date,
then recording time, then id). Placeholders are ``?``; the PostgreSQL store rewrites them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from claimtrack.ledger import ClaimFilter
from claimtrack.model import ClaimKind, Verdict

__all__ = ["FORWARD_KINDS", "IN_CHUNK", "claim_conditions", "latest_event", "marks", "recorded_key", "status_condition"]

FORWARD_KINDS = tuple(kind.value for kind in ClaimKind if kind.is_forward_looking)
"""The kinds that have a horizon: the ones that fall due and can be overdue or early."""

IN_CHUNK = 500
"""Ids per ``IN (...)`` list when fetching rows by id."""


def marks(values: Sequence[Any]) -> str:
    """One ``?`` per value, comma-separated, for an ``IN (...)`` list."""
    return ", ".join("?" * len(values))


def recorded_key(moment: datetime) -> str:
    """``recorded_at`` as fixed-width UTC text, so that text order is time order."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def latest_event(column: str, *, as_of: date | None = None, known_at: datetime | None = None) -> tuple[str, list[Any]]:
    """A subquery: ``column`` of the latest event of claim ``c`` taking effect by ``as_of`` (recorded by ``known_at``).

    NULL while no such event exists. ``column`` is an expression over ``ct_events e``.
    """
    where = ""
    params: list[Any] = []
    if as_of is not None:
        where += " AND e.effective_on <= ?"
        params.append(as_of.isoformat())
    if known_at is not None:
        where += " AND e.recorded_at <= ?"
        params.append(recorded_key(known_at))
    sql = (
        f"(SELECT {column} FROM ct_events e WHERE e.claim_id = c.id{where} "
        "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1)"
    )
    return sql, params


def status_condition(verdict: Verdict, *, as_of: date | None) -> tuple[str, list[Any]]:
    """The condition that claim ``c`` stands at ``verdict`` as of ``as_of`` (the stored status when None)."""
    if as_of is None:
        return "c.status = ?", [verdict.value]
    latest, params = latest_event("e.verdict", as_of=as_of)
    return f"COALESCE({latest}, 'open') = ?", [*params, verdict.value]


def claim_conditions(where: ClaimFilter) -> tuple[list[str], list[Any]]:
    """The conditions on ``ct_claims c`` of ``where``'s speaker, topic, kind and said-between.

    The rest of a filter needs the events (``verdict``: :func:`status_condition`) or the claim's
    JSON (``faithful_only``, ``exclude_early``: answered by replaying records, see
    :attr:`ClaimFilter.in_columns`).
    """
    conditions: list[str] = []
    params: list[Any] = []
    if where.speaker_key is not None:
        conditions.append("c.speaker_key = ?")
        params.append(where.speaker_key)
    if where.topic is not None:
        conditions.append("c.id IN (SELECT tf.claim_id FROM ct_topics tf WHERE tf.topic = ?)")
        params.append(where.topic)
    if where.kind is not None:
        conditions.append("c.kind = ?")
        params.append(where.kind.value)
    if where.said_from is not None:
        conditions.append("c.said_on >= ?")
        params.append(where.said_from.isoformat())
    if where.said_to is not None:
        conditions.append("c.said_on <= ?")
        params.append(where.said_to.isoformat())
    return conditions, params
