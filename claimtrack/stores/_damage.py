"""Rows of the SQL stores whose columns hold values the schema refuses: found before anything is summed.

A scorecard or a verdict count summed in SQL would be wrong over such a row, so the stores look for
them first (:func:`damaged_rows`), from schema 5's partial indexes when they exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from claimtrack.ledger import Damage
from claimtrack.model import ClaimKind, ClaimRecord, Problem, Verdict
from claimtrack.stores._clauses import marks as _marks
from claimtrack.stores._schema import BAD_CLAIM_COLUMNS, BAD_EVENT_VERDICT

__all__ = ["DamageHost", "damaged_rows"]

_VERDICTS = [verdict.value for verdict in Verdict]


class DamageHost(Protocol):
    """What :func:`damaged_rows` needs of a store."""

    _location: str
    _changes_on: bool

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def _records_by_id(self, ids: Iterable[str], damage: Damage | None = None) -> list[ClaimRecord]: ...


def damaged_rows(store: DamageHost, damage: Damage) -> set[str]:
    """Rows whose summed columns hold a kind, status or event verdict the schema refuses, into ``damage``.

    Two scans of plain columns (no JSON read). Each such row is then read whole, so the store's
    one judgement of a record (``_parse``) names its problems; a row whose record reads but whose
    columns do not is damaged all the same (its sums would be wrong), with a ``bad_column`` problem.
    Returns the ids of the damaged rows found.
    """
    if store._changes_on:  # schema 5: the partial indexes of damaged rows (normally empty)
        ids = {str(i) for (i,) in store._execute(f"SELECT id FROM ct_claims WHERE {BAD_CLAIM_COLUMNS}")}
        ids.update(str(i) for (i,) in store._execute(f"SELECT claim_id FROM ct_events WHERE {BAD_EVENT_VERDICT}"))
    else:
        kinds = [kind.value for kind in ClaimKind]
        verdicts = list(_VERDICTS)
        ids = {
            claim_id
            for (claim_id,) in store._execute(
                f"SELECT id FROM ct_claims WHERE kind NOT IN ({_marks(kinds)}) OR status NOT IN ({_marks(verdicts)})",
                [*kinds, *verdicts],
            )
        }
        ids.update(
            claim_id
            for (claim_id,) in store._execute(
                f"SELECT DISTINCT claim_id FROM ct_events WHERE verdict NOT IN ({_marks(verdicts)})", verdicts
            )
        )
    if not ids:
        return ids
    for record in store._records_by_id(ids, damage):
        damage.add(
            (
                Problem(
                    message="the stored kind, status or event verdict columns hold a value the schema refuses "
                    "(the record itself reads): write the record again to repair them",
                    path=store._location,
                    record=record.claim.id,
                    code="bad_column",
                ),
            )
        )
    return ids
