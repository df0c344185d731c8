"""One row builder: the Python path and the SQL path give their sums to the same function.

The Python path adds up claim lines (``LineTally``); the SQL path gets the same
sums from a store's cells (``sums_of_cells``). Counts, outcome sums, bins and
the outcome tally must agree exactly; sums of squares and logs, which the
database adds in another order and form, to 1e-12.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.ledger import GroupBy
from claimtrack.ledger.queries import ScoreCell, ScoreQuery, ScoreStore
from claimtrack.model import ClaimRecord, Verdict
from claimtrack.scoring import from_records, from_sums, rows, scorecard
from claimtrack.scoring.from_sums import BIN_FLOORS
from claimtrack.scoring.grouping import HORIZON_LIMITS, row_key
from claimtrack.scoring.lines import line_of_record
from claimtrack.scoring.metrics import HIT_WEIGHTS, LOG_CLAMP, log_total_from_sums, squared_error_from_moments
from claimtrack.scoring.rows import LineTally, RowSums, row_from_sums, sums_of_cells

Build = Callable[..., ClaimRecord]


@pytest.fixture
def records(record: Build) -> list[ClaimRecord]:
    return [
        record("a1", credence=0.9, deadline="2024-12-31", topics=["ai"], events=[("true", "2024-05-13")]),
        record("a2", credence=0.6, deadline="2024-12-31", events=[("false", "2025-01-02")]),
        record("a3", credence=0.3, deadline="2025-06-30", events=[("mostly_true", "2025-07-01")]),
        record("a4", credence=0.2999999999, deadline="2025-06-30", events=[("mixed", "2025-07-01")]),
        record("a5", credence=0.0005, deadline="2024-09-30", events=[("true", "2024-09-01")]),
        record("a6", credence=0.1, deadline="2024-04-30"),
        record("a7", kind="assertion", events=[("ambiguous", "2024-08-01", "garbled")]),
        record("b1", speaker="Lex Fridman", credence=0.45, deadline="2023-08-01", said="2023-05-02",
               events=[("mostly_false", "2023-09-01")]),
        record("b2", speaker="Lex Fridman", credence=1.0, deadline="2029-12-31", events=[("true", "2026-01-05")]),
    ]  # fmt: skip


def python_sums(records: list[ClaimRecord], by: GroupBy) -> dict[str, RowSums]:
    tallies: dict[str, LineTally] = {}
    for record in records:
        line = line_of_record(record, by, None, None)
        for key in line.groups:
            tallies.setdefault(key, LineTally()).add(line)
    return {key: tally.sums() for key, tally in tallies.items()}


def sql_sums(records: list[ClaimRecord], by: GroupBy, tmp_path: Path) -> dict[str, RowSums]:
    with ct.Ledger.open(tmp_path / f"{by}.sqlite") as ledger:
        ledger.store.create_many(records)
        query = ScoreQuery(
            by=by,
            graded=tuple(HIT_WEIGHTS),
            bin_floors=BIN_FLOORS,
            log_clamp=LOG_CLAMP,
            horizon_limits=HORIZON_LIMITS,
        )
        store = ledger.store
        assert isinstance(store, ScoreStore)
        cells = store.score_aggregates(query).cells
    groups: dict[str, list[ScoreCell]] = {}
    for cell in cells:
        groups.setdefault(row_key(by, cell.key), []).append(cell)
    return {key: sums_of_cells(group) for key, group in groups.items()}


@pytest.mark.parametrize("by", [GroupBy.SPEAKER, GroupBy.TOPIC, GroupBy.HORIZON])
def test_python_and_sql_paths_feed_the_row_builder_the_same_sums(
    records: list[ClaimRecord], by: GroupBy, tmp_path: Path
) -> None:
    python, sql = python_sums(records, by), sql_sums(records, by, tmp_path)
    assert set(python) == set(sql)
    for key in python:
        a, b = python[key], sql[key]
        assert (a.counts, a.overdue, a.outcome_sum) == (b.counts, b.overdue, b.outcome_sum)
        assert (a.lead_n, a.lead_sum, a.lateness_n, a.lateness_sum) == (
            b.lead_n,
            b.lead_sum,
            b.lateness_n,
            b.lateness_sum,
        )
        fa, fb = a.forecasts, b.forecasts
        assert (fa.n, dict(fa.outcomes)) == (fb.n, dict(fb.outcomes))
        assert [(x.n, x.outcome_sum) for x in fa.bins] == [(x.n, x.outcome_sum) for x in fb.bins]
        for x, y in [(fa.squared_error, fb.squared_error), (fa.log_total, fb.log_total)] + [
            (p.credence_sum, q.credence_sum) for p, q in zip(fa.bins, fb.bins, strict=True)
        ]:
            assert math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12), key
        ra, rb = (row_from_sums(key, s, (), with_overdue=True) for s in (a, b))
        # what comes from counts and outcome sums is identical, to the last bit
        assert (ra.hit_rate, ra.hit_rate_ci, ra.n_scored) == (rb.hit_rate, rb.hit_rate_ci, rb.n_scored)
        assert [(c.n, c.observed, c.ci) for c in ra.calibration] == [(c.n, c.observed, c.ci) for c in rb.calibration]
        if ra.murphy is not None:
            assert rb.murphy is not None
            assert (ra.murphy.base_rate, ra.murphy.uncertainty) == (rb.murphy.base_rate, rb.murphy.uncertainty)
        for field in ("brier", "log_score", "skill"):
            x, y = getattr(ra, field), getattr(rb, field)
            assert (x is None) == (y is None)
            assert x is None or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12), (key, field)


def test_both_paths_call_the_one_row_builder(
    records: list[ClaimRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[str, str]] = []

    def spy(path: str) -> Callable[..., Any]:
        def build(key: str, *args: Any, **kwargs: Any) -> Any:
            built.append((path, key))
            return rows.row_from_sums(key, *args, **kwargs)

        return build

    monkeypatch.setattr(from_records, "row_from_sums", spy("python"))
    monkeypatch.setattr(from_sums, "row_from_sums", spy("sql"))
    with ct.Ledger.open(tmp_path / "l.sqlite") as ledger:
        ledger.store.create_many(records)
        sql = scorecard(ledger)
    python = scorecard(records)
    assert sorted(key for path, key in built if path == "sql") == sorted(key for path, key in built if path == "python")
    assert {key for _, key in built} == {"Sam Altman", "Lex Fridman", "All claims"}
    assert [r.key for r in sql.rows] == [r.key for r in python.rows]


def test_sums_of_cells_reads_cells_in_field_order_with_the_metrics_sum_forms() -> None:
    """sums_of_cells unpacks each cell by position and writes the sum forms out: pin both to their sources."""
    assert ScoreCell._fields == (
        "key",
        "verdict",
        "bin",
        "early",
        "claims",
        "with_credence",
        "credence_sum",
        "credence_sq_sum",
        "log_sum",
        "log_complement_sum",
        "lead_n",
        "lead_sum",
        "lateness_n",
        "lateness_sum",
        "overdue",
    )
    cell = ScoreCell(
        key="k", verdict=Verdict.MOSTLY_TRUE, bin=7, early=False, claims=5, with_credence=4, credence_sum=2.9,
        credence_sq_sum=2.15, log_sum=-1.4, log_complement_sum=-5.1, lead_n=3, lead_sum=40, lateness_n=2,
        lateness_sum=-9, overdue=0,
    )  # fmt: skip
    sums = sums_of_cells([cell])
    o = HIT_WEIGHTS[Verdict.MOSTLY_TRUE]
    assert sums.forecasts.squared_error == squared_error_from_moments(4, 2.9, 2.15, o)
    assert sums.forecasts.log_total == log_total_from_sums(o, -1.4, -5.1)
    assert (sums.counts[Verdict.MOSTLY_TRUE], sums.outcome_sum, sums.lead_sum, sums.lateness_n) == (5, 5 * o, 40, 2)
    assert sums.forecasts.bins[7].n == 4
    assert sums.forecasts.bins[7].credence_sum == 2.9
