"""Schema 5's partial indexes of damaged rows: they know the model's values, and the damage check reads them.

A scorecard first looks for rows whose columns hold a value the model refuses
(written by hand or by another program). Before schema 5 that meant scanning
the claims and the events on every card; the partial indexes hold only such
rows, so the check reads an empty index. They are only right while they list
every kind and verdict the model has: a new kind or verdict needs a schema step.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.ledger import Damage
from claimtrack.model import ClaimKind, Verdict
from claimtrack.stores._damage import damaged_rows
from claimtrack.stores._schema import BAD_CLAIM_COLUMNS, BAD_EVENT_VERDICT, KNOWN_KINDS, KNOWN_VERDICTS


def test_the_indexes_know_every_kind_and_verdict_of_the_model() -> None:
    assert set(KNOWN_KINDS) == {k.value for k in ClaimKind}, "a new claim kind needs a schema step (stores/_schema.py)"
    assert set(KNOWN_VERDICTS) == {v.value for v in Verdict}, "a new verdict needs a schema step (stores/_schema.py)"


def test_sqlite_reads_the_partial_indexes_not_the_tables(tmp_path: Path, make_claim: Any, clock: Any) -> None:
    path = tmp_path / "ledger.sqlite"
    with ct.Ledger.open(path, clock=clock) as ledger:
        ledger.add(make_claim())
    conn = sqlite3.connect(path)
    plans = [
        " ".join(str(step[-1]) for step in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in (
            f"SELECT id FROM ct_claims WHERE {BAD_CLAIM_COLUMNS}",
            f"SELECT claim_id FROM ct_events WHERE {BAD_EVENT_VERDICT}",
        )
    ]
    conn.close()
    assert "ct_claims_bad_columns" in plans[0]
    assert "ct_events_bad_verdict" in plans[1]


@pytest.mark.parametrize("column", ["kind", "status", "event"])
def test_a_damaged_row_is_still_found_through_the_index(
    tmp_path: Path, make_claim: Any, clock: Any, column: str
) -> None:
    path = tmp_path / "ledger.sqlite"
    with ct.Ledger.open(path, clock=clock) as ledger:
        ledger.add(make_claim())
        ledger.add(make_claim("other"))
        ledger.record("other", "false", on="2025-01-01")
    conn = sqlite3.connect(path)
    if column == "event":
        conn.execute("DROP TRIGGER ct_events_no_update")
        conn.execute("UPDATE ct_events SET verdict = 'prophecy' WHERE claim_id = 'other'")
    else:
        conn.execute(f"UPDATE ct_claims SET {column} = 'prophecy' WHERE id = 'other'")
    conn.commit()
    conn.close()
    with ct.Ledger.open(path, create=False, clock=clock) as ledger:
        store: Any = ledger.store
        assert store._changes_on
        damage = Damage(location=str(path), skip_invalid=True)
        assert damaged_rows(store, damage) == {"other"}
