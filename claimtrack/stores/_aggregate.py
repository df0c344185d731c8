"""Scorecard aggregates in SQL: the :class:`~claimtrack.ledger.queries.ScoreStore` capability.

:class:`ScoreAggregateMixin` is a base of :class:`~claimtrack.stores._sql.SqlStore`, so the SQLite
and PostgreSQL stores sum up a scorecard in the database instead of loading every claim into Python.
One query per card does the work. A card of the stored status (schema 4's ``status`` and
``status_on`` columns; no ``as_of`` or ``known_at``) is one flat ``GROUP BY`` over ``ct_claims``
(:meth:`ScoreAggregateMixin._flat_cells`); any other is built from three nested levels:

1. per claim (per claim and topic with ``by="topic"``): the group key and the latest event as of the
   date, as one correlated subquery returning ``effective_on || verdict`` (an ``OFFSET 0`` fence
   keeps both engines from inlining, and so repeating, that subquery in the outer levels);
2. per claim: the verdict, the effective date, the calibration bin (a CASE over the bin floors the
   scoring layer passes in, so the binning is exactly :func:`claimtrack.scoring.bin_index`), the
   clamped credence, lead time, lateness, overdue and early flags;
3. ``GROUP BY`` group, verdict, bin (and early): counts and sums, with ``ln`` of the clamped
   credence (SQLite without math functions gets ``ln`` registered from Python's ``math.log``).

Small extra queries count the claims not yet said, list the unscored claims with their reasons
(only their id, verdict, note and text are read) and fetch the few most recently said records for
the card's claim table. Nothing here reads all records, so memory stays bounded by the number of
groups, the unscored claims and ``recent``.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.ledger import Damage, GroupBy
from claimtrack.ledger.queries import (
    ScoreAggregates,
    ScoreCell,
    ScoreQuery,
    TimelineCount,
    UnscoredEntry,
    score_group,
)
from claimtrack.model import ClaimRecord, Verdict
from claimtrack.stores._clauses import FORWARD_KINDS as _FORWARD
from claimtrack.stores._clauses import IN_CHUNK, claim_conditions, latest_event
from claimtrack.stores._clauses import marks as _marks
from claimtrack.stores._damage import damaged_rows

__all__ = ["ScoreAggregateMixin"]

_VERDICTS = {verdict.value: verdict for verdict in Verdict}
"""Verdicts by value: a dict lookup is ~10x cheaper than ``Verdict(value)`` over many rows."""


_EARLY_BY_STATUS = (
    f"c.status_on IS NOT NULL AND c.kind IN ({_marks(_FORWARD)}) AND c.deadline IS NOT NULL"
    " AND c.status_on < c.deadline"
)
"""A claim of the latest status resolved before its deadline (parameters: the forward-looking kinds)."""


class ScoreAggregateMixin:
    """``score_aggregates`` over the ``ct_*`` tables (SQLite and PostgreSQL dialects)."""

    _location: str
    _status_on: bool = False
    """Whether ct_claims has ``status_on`` (schema 4): the latest status's date without an event lookup."""
    _changes_on: bool
    """Schema 5: among others, the partial indexes of damaged rows."""

    if TYPE_CHECKING:

        def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

        def _errors(self) -> contextlib.AbstractContextManager[None]: ...

        def _records_by_id(self, ids: Iterable[str], damage: Damage | None = None) -> list[ClaimRecord]: ...

        def _raw_by_id(self, ids: Iterable[str]) -> list[tuple[str, bytes]]: ...

    # -- dialect ------------------------------------------------------------------------------

    def _is_sqlite(self) -> bool:
        return isinstance(getattr(self, "_conn", None), sqlite3.Connection)

    def _days(self, later: str, earlier: str) -> str:
        """Whole days from ``earlier`` to ``later`` (ISO date texts)."""
        if self._is_sqlite():
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"(CAST({later} AS date) - CAST({earlier} AS date))"

    def _json_text(self, column: str, field: str) -> str:
        if self._is_sqlite():
            return f"json_extract({column}, '$.{field}')"
        return f"(CAST({column} AS json) ->> '{field}')"

    def _ensure_ln(self) -> None:
        """SQLite builds without math functions lack ``ln``: register Python's (same libm result)."""
        if not self._is_sqlite() or getattr(self, "_ln_checked", False):
            return
        conn: sqlite3.Connection = getattr(self, "_conn")  # noqa: B009 - the subclass's attribute, untyped here
        try:
            conn.execute("SELECT ln(2.0)").fetchone()
        except sqlite3.OperationalError:
            conn.create_function("ln", 1, math.log, deterministic=True)
        self._ln_checked = True

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction around a card's queries, so they all see the same ledger.

        PostgreSQL: also ``SET LOCAL jit = off`` -- the planner's estimate for the correlated
        subquery makes it JIT-compile the query, which costs more than it saves here
        (measured: docs/benchmarks.d/scoring-sql.md).
        """
        conn: Any = getattr(self, "_conn")  # noqa: B009 - the subclass's attribute, untyped here
        if isinstance(conn, sqlite3.Connection):
            if conn.in_transaction:  # already inside one: it is the snapshot
                yield
                return
            conn.execute("BEGIN")
            try:
                yield
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return
        with conn.transaction():
            conn.execute("SET LOCAL jit = off")
            yield

    # -- the per-claim levels ----------------------------------------------------------------

    def _claim_level(self, query: ScoreQuery, *, grouped: bool, dated: bool = False) -> tuple[str, list[Any]]:
        """Level 1: one row per counted claim (and topic): id, said_on, key, kind, deadline, credence, ev.

        ``ev`` (the latest event's date and verdict) is looked up for graded claims only when the
        stored status can be used, unless ``dated`` asks for the date of every resolved claim.
        """
        source, key, key_params = self._group_key(query, grouped=grouped)
        graded = [v.value for v in query.graded]
        latest, event_params = latest_event("e.effective_on || e.verdict", as_of=query.as_of, known_at=query.known_at)
        replayed = query.as_of is not None or query.known_at is not None
        if replayed:
            ev, ev_params = latest, event_params
            status = "NULL"
        elif self._status_on:  # schema 4: the stored status and the date of the event that set it
            ev, ev_params = "c.status_on || c.status", []
            status = "c.status"
        elif query.where.exclude_early:
            ev, ev_params = latest, event_params  # a re-opened claim can be early too: look at every claim
            status = "c.status"
        elif dated:  # the stored status is the latest verdict; the date of every resolved one
            ev = f"CASE WHEN c.status <> 'open' THEN {latest} END"
            ev_params = event_params
            status = "c.status"
        else:  # the stored status is the latest verdict; the date is needed for graded claims only
            ev = f"CASE WHEN c.status IN ({_marks(graded)}) THEN {latest} END"
            ev_params = [*graded, *event_params]
            status = "c.status"
        where, params = self._filters(query)
        sql = (
            f"SELECT c.id AS id, c.said_on AS said_on, {key} AS k, c.kind AS kind, c.deadline AS deadline, "
            f"c.credence AS p, {status} AS status, {ev} AS ev FROM {source}"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        # fence only a level that looks events up: inlining would run the subquery once per use
        return sql + (self._fence() if "ct_events" in ev else ""), [
            *key_params,
            *ev_params,
            *params,
        ]

    def _group_key(self, query: ScoreQuery, *, grouped: bool) -> tuple[str, str, list[Any]]:
        """The FROM clause, the group key over ``ct_claims c`` (NULL for the total) and the key's parameters."""
        by = query.by if grouped else None  # None: one group of every claim (the total)
        source = "ct_claims c"
        if by is GroupBy.TOPIC:
            source += " LEFT JOIN ct_topics t ON t.claim_id = c.id"
        limits = query.horizon_limits
        days = self._days("c.deadline", "c.said_on")
        key = (
            "NULL"
            if by is None
            else {
                GroupBy.SPEAKER: "c.speaker",
                GroupBy.TOPIC: "t.topic",
                GroupBy.KIND: "c.kind",
                GroupBy.YEAR: "substr(c.said_on, 1, 4)",
                GroupBy.HORIZON: (
                    f"CASE WHEN c.kind NOT IN ({_marks(_FORWARD)}) THEN '5' WHEN c.deadline IS NULL THEN '4' "
                    f"WHEN {days} <= ? THEN '0' WHEN {days} <= ? THEN '1' WHEN {days} <= ? THEN '2' ELSE '3' END"
                ),
            }[by]
        )
        return source, key, [*_FORWARD, *limits] if by is GroupBy.HORIZON else []

    def _flat_cells(self, query: ScoreQuery, *, grouped: bool, unscored: list[str]) -> tuple[str, list[Any]]:
        """The cells' query in one level, for a card from the stored status (schema 4, no replay).

        The same columns as the nested levels, computed straight from ``ct_claims``: with the
        verdict and the date that set it in columns, no level needs to look an event up, and
        SQLite evaluates the nested levels' expressions once per use when it flattens them
        (about a fifth of the card at 100,000 claims).
        """
        source, key, key_params = self._group_key(query, grouped=grouped)
        graded = [v.value for v in query.graded]
        g = f"c.status IN ({_marks(graded)})"
        scored = f"{g} AND c.credence IS NOT NULL"
        forward = f"c.kind IN ({_marks(_FORWARD)}) AND c.deadline IS NOT NULL"
        floors = list(query.bin_floors)[1:][::-1]
        bins = " ".join(f"WHEN c.credence >= ? THEN {i}" for i in range(len(floors), 0, -1))
        low, high = query.log_clamp, 1.0 - query.log_clamp
        clamped = "CASE WHEN c.credence < ? THEN ? WHEN c.credence > ? THEN ? ELSE c.credence END"
        lead, late = self._days("c.status_on", "c.said_on"), self._days("c.status_on", "c.deadline")
        early = f"CASE WHEN {_EARLY_BY_STATUS} THEN 1 ELSE 0 END" if query.where.exclude_early else "0"
        ids = f"CASE WHEN c.status IN ({_marks(unscored)}) THEN c.said_on || c.id END" if unscored else "NULL"
        sql = (
            f"SELECT {key} AS k, c.status AS v, CASE WHEN {scored} THEN CASE {bins} ELSE 0 END END AS b, {early} AS e, "
            "count(*), count(c.credence), sum(c.credence), sum(c.credence * c.credence), "
            f"sum(CASE WHEN {scored} THEN ln({clamped}) END), sum(CASE WHEN {scored} THEN ln(1 - {clamped}) END), "
            # counted without computing the days (a date difference is NULL exactly when status_on is)
            f"count(CASE WHEN {g} AND c.status_on IS NOT NULL THEN 1 END), sum(CASE WHEN {g} THEN {lead} END), "
            f"count(CASE WHEN {g} AND {forward} AND c.status_on IS NOT NULL THEN 1 END), "
            f"sum(CASE WHEN {g} AND {forward} THEN {late} END), "
            f"sum(CASE WHEN c.status = 'open' AND {forward} AND c.deadline < ? THEN 1 ELSE 0 END), "
            f"{self._aggregate(ids) if unscored else 'NULL'} FROM {source}"
        )
        where, where_params = self._filters(query)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " GROUP BY k, v, b, e"
        clamp = [low, low, high, high]
        params: list[Any] = [
            *key_params,
            *graded,  # b
            *floors,
            *(_FORWARD if query.where.exclude_early else ()),  # e
            *graded,  # the two logs
            *clamp,
            *graded,
            *clamp,
            *graded,  # lead time
            *graded,
            *graded,  # lateness
            *_FORWARD,
            *graded,
            *_FORWARD,
            *_FORWARD,  # overdue
            query.as_of.isoformat() if query.as_of is not None else "",
            *unscored,
            *where_params,
        ]
        return sql, params

    def _filters(self, query: ScoreQuery) -> tuple[list[str], list[Any]]:
        """The WHERE conditions on ``ct_claims c`` that pick the counted claims (but for their verdict).

        Claims said after ``as_of`` are not counted; the verdict filter applies to the replayed
        status, which the outer levels compute (:meth:`_verdict_level`).
        """
        said, said_params = (["c.said_on <= ?"], [query.as_of.isoformat()]) if query.as_of is not None else ([], [])
        where, params = claim_conditions(query.where)
        where, params = [*said, *where], [*said_params, *params]
        if query.speakers is not None:  # every spelling of one person (the scoring layer resolved them)
            where.append(f"c.speaker IN ({_marks(query.speakers)})" if query.speakers else "1 = 0")
            params += query.speakers
        if query.left_out:
            where.append(f"c.speaker NOT IN ({_marks(query.left_out)})")
            params += query.left_out
        return where, params

    def _fence(self) -> str:
        """Keeps the planner from inlining a subquery's columns (and re-evaluating them per use)."""
        return " LIMIT -1 OFFSET 0" if self._is_sqlite() else " OFFSET 0"

    def _verdict_level(self, query: ScoreQuery, *, grouped: bool, dated: bool = False) -> tuple[str, list[Any]]:
        """Level 2: one row per counted claim with its verdict (v), effective date (r) and flags.

        ``g``: the verdict is graded; ``fd``: forward-looking with a deadline; ``early``:
        resolved before that deadline. Computed once per claim (fenced), used many times above.
        """
        inner, params = self._claim_level(query, grouped=grouped, dated=dated)
        replayed = query.as_of is not None or query.known_at is not None
        verdict = "COALESCE(substr(x.ev, 11), 'open')" if replayed else "x.status"
        graded = [v.value for v in query.graded]
        forward = f"x.kind IN ({_marks(_FORWARD)}) AND x.deadline IS NOT NULL"
        sql = (
            f"SELECT x.id AS id, x.said_on AS said_on, x.k AS k, x.deadline AS deadline, "
            f"x.p AS p, {verdict} AS v, substr(x.ev, 1, 10) AS r, "
            f"CASE WHEN {verdict} IN ({_marks(graded)}) THEN 1 ELSE 0 END AS g, "
            f"CASE WHEN {forward} THEN 1 ELSE 0 END AS fd, "
            f"CASE WHEN x.ev IS NOT NULL AND {forward} AND substr(x.ev, 1, 10) < x.deadline THEN 1 ELSE 0 END "
            f"AS early FROM ({inner}) x{self._fence() if 'ct_events' in inner else ''}"
        )
        return sql, [*graded, *_FORWARD, *_FORWARD, *params]

    def _aggregate(self, column: str) -> str:
        """The comma-joined non-null values of ``column`` in a group (claim ids hold no commas)."""
        if self._is_sqlite():
            return f"group_concat({column}, ',')"
        return f"string_agg({column}, ',')"

    def _cells(
        self, query: ScoreQuery, *, grouped: bool, list_unscored: bool
    ) -> tuple[list[ScoreCell], list[tuple[str | None, Verdict, str]], list[str]]:
        """Level 3 and the GROUP BY: the cells, (key, verdict, claim id) of unscored claims listed,
        and the ids of the claims set apart (``query.apart``; in no cell).

        The ids of claims at unscored (and set-apart) verdicts are gathered in the same pass
        (``group_concat``), so listing them costs no second scan of the claims.
        """
        apart = [v.value for v in query.apart]
        unscored = [
            v.value
            for v in Verdict
            if (list_unscored and v is not Verdict.OPEN and v not in query.graded) or v.value in apart
        ]
        if self._status_on and query.as_of is None and query.known_at is None:
            # only the claims set apart are gathered in the pass; the listing is one indexed query
            rows = self._execute(*self._flat_cells(query, grouped=grouped, unscored=apart))
            cells, _, set_apart = self._cells_of_rows(query, rows, apart)
            return cells, self._newest_unscored(query, grouped=grouped) if list_unscored else [], set_apart
        rows = self._nested_cells(query, grouped=grouped, unscored=unscored)
        return self._cells_of_rows(query, rows, apart)

    def _newest_unscored(self, query: ScoreQuery, *, grouped: bool) -> list[tuple[str | None, Verdict, str]]:
        """(key, verdict, claim id) of the ``unscored_limit`` most recently said unscored claims (latest status).

        One query down the said_on index (said_on descending, then id), with the same filters as the
        cells, instead of gathering the ids of every unscored claim in the GROUP BY and sorting them here.
        """
        limit = query.unscored_limit
        apart = set(query.apart)
        verdicts = [
            v.value
            for v in Verdict
            if v is not Verdict.OPEN and v not in query.graded and v not in apart
            and (query.where.verdict is None or v is query.where.verdict)
        ]  # fmt: skip
        if not verdicts or (limit is not None and limit <= 0):
            return []
        where, params = self._filters(query)
        where.append(f"c.status IN ({_marks(verdicts)})")
        params = [*params, *verdicts]
        if query.where.exclude_early:  # early claims are left out of the cells, so of the listing too
            where.append(f"NOT ({_EARLY_BY_STATUS})")
            params = [*params, *_FORWARD]
        newest = f"SELECT c.id FROM ct_claims c WHERE {' AND '.join(where)} ORDER BY c.said_on DESC, c.id"
        if limit is not None:
            newest += " LIMIT ?"
            params = [*params, limit]
        source, key, key_params = self._group_key(query, grouped=grouped)
        sql = f"SELECT {key}, c.status, c.id FROM {source} WHERE c.id IN ({newest})"
        return [(k, _VERDICTS[v], claim_id) for k, v, claim_id in self._execute(sql, [*key_params, *params])]

    def _nested_cells(self, query: ScoreQuery, *, grouped: bool, unscored: list[str]) -> list[tuple[Any, ...]]:
        """The cells' rows through the three levels (any ``as_of`` and ``known_at``; see the module)."""
        level2, params2 = self._verdict_level(query, grouped=grouped)
        floors = list(query.bin_floors)
        bins = " ".join(f"WHEN y.p >= ? THEN {i}" for i in range(len(floors) - 1, 0, -1))
        low, high = query.log_clamp, 1.0 - query.log_clamp
        clamped = "CASE WHEN y.p < ? THEN ? WHEN y.p > ? THEN ? ELSE y.p END"
        scored = "y.g = 1 AND y.p IS NOT NULL"
        level3 = (
            f"SELECT y.id AS id, y.said_on AS said_on, y.k AS k, y.v AS v, y.p AS p, y.early AS early, "
            f"CASE WHEN {scored} THEN CASE {bins} ELSE 0 END END AS b, "
            f"CASE WHEN {scored} THEN ln({clamped}) END AS lq, "
            f"CASE WHEN {scored} THEN ln(1 - {clamped}) END AS lnq, "
            f"CASE WHEN y.g = 1 THEN {self._days('y.r', 'y.said_on')} END AS lead, "
            f"CASE WHEN y.g = 1 AND y.fd = 1 THEN {self._days('y.r', 'y.deadline')} END AS late, "
            f"CASE WHEN y.v = 'open' AND y.fd = 1 AND y.deadline < ? THEN 1 ELSE 0 END AS overdue "
            f"FROM ({level2}) y"
        )
        # parameters in the textual order of level 3: bin, lq, lnq, lead, late, overdue, then level 2's
        head: list[Any] = [
            *floors[1:][::-1],
            *[low, low, high, high] * 2,
            query.as_of.isoformat() if query.as_of is not None else "",
        ]
        early = "z.early" if query.where.exclude_early else "0"
        # said_on (ISO, 10 characters) before each id, so the most recently said can be picked
        ids = (
            self._aggregate(f"CASE WHEN z.v IN ({_marks(unscored)}) THEN z.said_on || z.id END") if unscored else "NULL"
        )
        sql = (
            f"SELECT z.k, z.v, z.b, {early} AS e, count(*), count(z.p), sum(z.p), sum(z.p * z.p), sum(z.lq), "
            f"sum(z.lnq), count(z.lead), sum(z.lead), count(z.late), sum(z.late), sum(z.overdue), {ids} "
            f"FROM ({level3}) z GROUP BY z.k, z.v, z.b, e"
        )
        return self._execute(sql, [*unscored, *head, *params2])

    def _cells_of_rows(
        self, query: ScoreQuery, rows: list[tuple[Any, ...]], apart: list[str]
    ) -> tuple[list[ScoreCell], list[tuple[str | None, Verdict, str]], list[str]]:
        """The cells, the unscored claims listed and the ids set apart, from the GROUP BY's rows."""
        if query.where.verdict is not None:  # cells are per verdict: keep the claims at the one asked for
            rows = [row for row in rows if row[1] == query.where.verdict.value]
        set_apart = sorted({said_id for row in rows if row[1] in apart and row[-1] for said_id in row[-1].split(",")})
        rows = [row for row in rows if row[1] not in apart]
        dated = [
            (row[0], _VERDICTS[row[1]], said_id)
            for row in rows
            if row[-1] and not row[3]  # early claims are left out (with exclude_early)
            for said_id in row[-1].split(",")
        ]
        limit = query.unscored_limit
        if limit is not None:  # the most recently said (said_on desc, then id), each claim once
            newest = sorted({said_id for _, _, said_id in dated}, key=lambda s: s[10:])
            newest.sort(key=lambda s: s[:10], reverse=True)  # stable: ids stay ascending within a day
            kept = set(newest[: max(limit, 0)])
            dated = [entry for entry in dated if entry[2] in kept]
        listed = [(key, verdict, said_id[10:]) for key, verdict, said_id in dated]
        if self._is_sqlite():  # counts come back as int and sums as float (None when empty): nothing to convert
            cells = [  # positional, in the order of ScoreCell's fields (a card by speaker makes ~18,000)
                ScoreCell(
                    k, _VERDICTS[v], b, bool(e), n, n_p, s or 0.0, s2 or 0.0, lq or 0.0, lnq or 0.0,
                    n_lead, lead or 0, n_late, late or 0, overdue or 0,
                )
                for k, v, b, e, n, n_p, s, s2, lq, lnq, n_lead, lead, n_late, late, overdue, _ in rows
            ]  # fmt: skip
        else:  # PostgreSQL sums integers as numeric (Decimal)
            cells = [
                ScoreCell(
                    k, _VERDICTS[v], None if b is None else int(b), bool(e), int(n), int(n_p), float(s or 0.0),
                    float(s2 or 0.0), float(lq or 0.0), float(lnq or 0.0), int(n_lead), int(lead or 0),
                    int(n_late), int(late or 0), int(overdue or 0),
                )
                for k, v, b, e, n, n_p, s, s2, lq, lnq, n_lead, lead, n_late, late, overdue, _ in rows
            ]  # fmt: skip
        return cells, listed, [said_id[10:] for said_id in set_apart]

    def _timeline(self, query: ScoreQuery) -> list[TimelineCount]:
        """Resolved counted claims (each once) per (month of the status event's effective date, verdict)."""
        replayed = query.as_of is not None or query.known_at is not None
        if self._status_on and not replayed and not query.where.exclude_early:  # schema 4: from the columns
            where, params = self._filters(query)
            where += ["c.status <> 'open'", "c.status_on IS NOT NULL"]
            if query.apart:
                where.append(f"c.status NOT IN ({_marks(query.apart)})")
                params = [*params, *(v.value for v in query.apart)]
            sql = (
                "SELECT substr(c.status_on, 1, 7), c.status, count(*) FROM ct_claims c "
                f"WHERE {' AND '.join(where)} GROUP BY substr(c.status_on, 1, 7), c.status"
            )
        else:
            level2, params = self._verdict_level(query, grouped=False, dated=True)
            early = " AND w.early = 0" if query.where.exclude_early else ""
            if query.apart:
                early += f" AND w.v NOT IN ({_marks(query.apart)})"
                params = [*params, *(v.value for v in query.apart)]
            sql = (
                f"SELECT substr(w.r, 1, 7) AS m, w.v AS v, count(*) FROM ({level2}) w "
                f"WHERE w.v <> 'open' AND w.r IS NOT NULL{early} GROUP BY substr(w.r, 1, 7), w.v"
            )
        counts = [
            TimelineCount(month=str(month), verdict=_VERDICTS[verdict], claims=int(n))
            for month, verdict, n in self._execute(sql, params)
            if query.where.verdict is None or verdict == query.where.verdict.value
        ]
        counts.sort(key=lambda c: (c.month, c.verdict.value))
        return counts

    # -- the listings -------------------------------------------------------------------------

    def _unscored(self, query: ScoreQuery, listed: Sequence[tuple[str | None, Verdict, str]]) -> list[UnscoredEntry]:
        """The note (of the event that set the verdict) and text of each listed unscored claim, by id."""
        note, event_params = latest_event(self._json_text("e.body", "note"), as_of=query.as_of, known_at=query.known_at)
        wanted = sorted({claim_id for _, _, claim_id in listed})
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            text = self._json_text("c.body", "text")
            sql = f"SELECT c.id, {note}, {text} FROM ct_claims c WHERE c.id IN ({_marks(chunk)})"
            for claim_id, note_text, claim_text in self._execute(sql, [*event_params, *chunk]):
                found[claim_id] = (note_text or "", claim_text or "")
        entries = [
            UnscoredEntry(
                key=key,
                claim_id=claim_id,
                verdict=verdict,
                note=found.get(claim_id, ("", ""))[0],
                text=found.get(claim_id, ("", ""))[1],
            )
            for key, verdict, claim_id in listed
        ]
        entries.sort(key=lambda u: (u.key is not None, u.key or "", u.claim_id))
        return entries

    def _recent_ids(self, query: ScoreQuery) -> list[str]:
        where = query.where
        apart = [v.value for v in query.apart]
        replayed = query.as_of is not None or query.known_at is not None
        if where.exclude_early or where.verdict is not None or (apart and replayed):
            level2, params = self._verdict_level(query, grouped=False)
            kept = ["w.early = 0"] if where.exclude_early else []
            if where.verdict is not None:
                kept.append("w.v = ?")
                params = [*params, where.verdict.value]
            if apart:
                kept.append(f"w.v NOT IN ({_marks(apart)})")
                params = [*params, *apart]
            sql = f"SELECT w.id FROM ({level2}) w WHERE {' AND '.join(kept)} ORDER BY w.said_on DESC, w.id LIMIT ?"
        else:  # no event needed: straight down the said_on index (the stored status is the latest verdict)
            conditions, params = self._filters(query)
            if apart:
                conditions.append(f"c.status NOT IN ({_marks(apart)})")
                params = [*params, *apart]
            sql = "SELECT c.id FROM ct_claims c"
            if conditions:
                sql += " WHERE " + " AND ".join(conditions)
            sql += " ORDER BY c.said_on DESC, c.id LIMIT ?"
        return [claim_id for (claim_id,) in self._execute(sql, [*params, query.recent])]

    def _left_out(self, query: ScoreQuery) -> list[tuple[str, int]]:
        """Per speaker of ``query.left_out``, the claims the query would count but for that (any verdict)."""
        if not query.left_out:
            return []
        keep = set(query.speakers) if query.speakers is not None else None
        names = tuple(name for name in query.left_out if keep is None or name in keep)
        inverted = attrs.evolve(query, by=GroupBy.SPEAKER, speakers=names, left_out=())
        if query.where.verdict is None:
            where, params = self._filters(inverted)
            sql = f"SELECT c.speaker, count(*) FROM ct_claims c WHERE {' AND '.join(where)} GROUP BY c.speaker"
        else:  # the verdict as of the date: one row per claim from level 1, its speaker beside it
            level2, params = self._verdict_level(inverted, grouped=True)
            params = [*params, query.where.verdict.value]
            sql = f"SELECT w.k, count(*) FROM ({level2}) w WHERE w.v = ? GROUP BY w.k"
        return sorted((str(name), int(n)) for name, n in self._execute(sql, params))

    # -- the capability -----------------------------------------------------------------------

    def score_aggregates(self, query: ScoreQuery) -> ScoreAggregates:
        """The sums behind a scorecard (see :class:`~claimtrack.ledger.queries.ScoreStore`)."""
        score_group(query.by)  # ValueError for a grouping the sums cannot express
        if query.where.faithful_only:
            raise ValueError("faithful_only cannot be summed in SQL: fidelity lives in each claim's JSON")
        if len(query.bin_floors) < 1:
            raise ValueError("bin_floors needs at least one bin")
        if query.known_at is not None and query.known_at.utcoffset() is None:
            raise ValueError("known_at must be timezone-aware")
        with self._errors(), self._snapshot():
            damage = Damage(location=self._location, skip_invalid=True)
            damaged_rows(self, damage)
            if damage.groups:  # the sums would be wrong (or fail): the card is made another way
                return ScoreAggregates(
                    cells=(), considered=0, not_yet_said=0, unscored=(), recent=(), damaged=tuple(damage.groups)
                )
            self._ensure_ln()
            cells, listed, apart_ids = self._cells(query, grouped=True, list_unscored=query.unscored)
            totals = self._cells(query, grouped=False, list_unscored=False)[0] if query.by is GroupBy.TOPIC else None
            if query.as_of is None:
                considered, not_yet = int(self._execute("SELECT count(*) FROM ct_claims")[0][0]), 0
            else:
                total, later = self._execute(
                    "SELECT count(*), count(CASE WHEN said_on > ? THEN 1 END) FROM ct_claims",
                    (query.as_of.isoformat(),),
                )[0]
                considered, not_yet = int(total) - int(later), int(later)
            unscored = self._unscored(query, listed) if listed else []
            recent = self._raw_by_id(self._recent_ids(query)) if query.recent > 0 else []
            timeline = self._timeline(query) if query.timeline else []
            apart = self._raw_by_id(apart_ids) if apart_ids else []
            left_out = self._left_out(query)
        return ScoreAggregates(
            cells=tuple(cells),
            total_cells=tuple(totals) if totals is not None else None,
            considered=considered,
            not_yet_said=not_yet,
            unscored=tuple(unscored),
            recent=tuple(recent),
            timeline=tuple(timeline),
            apart=tuple(apart),
            left_out=tuple(left_out),
            damaged=tuple(damage.groups),
        )
