"""What the SQLite and PostgreSQL stores share: tables, rows, and the Store logic over SQL.

Tables (the same in both engines; ``ct_`` keeps them apart from other tables)::

    ct_meta      key/value: format = claimtrack-sql, schema_version = N
    ct_claims    one row per claim: id, version, the columns queries need
                 (speaker, speaker_key, kind, said_on, deadline, credence,
                 status, status_on, speaker_same_as) and the claim itself
                 as JSON (body)
    ct_topics    (claim_id, topic): the topic filter and grouping
    ct_events    insert-only (triggers refuse UPDATE and DELETE): one row per
                 status event, with the replay-order columns
    ct_evidence  one row per piece of evidence held by a claim; rows are never
                 deleted and keep their claim and id, and since schema 3 the
                 body may be updated to fill empty fields (amend_evidence)
    ct_rejections  insert-only: one row per rejected proposal of a claim
    ct_claim_changes  (schema 5) one row per claim created or replaced, in order:
                 what derived data must catch up with
    ct_blobs     (schema 5) named bytes kept beside the ledger: the retrieval
                 index of claimtrack.stores.retrieval
    ct_meta also keeps the speaker alias table, one row per entry under
    ``speaker-alias:<key>`` (claimtrack.stores._speakers)

``status`` is the verdict replayed over all of a claim's events and (since
schema 4) ``status_on`` the effective date of the event that sets it (NULL
while no event has; a re-opening event sets it too); the store recomputes both
in the same transaction that appends events, so they are never out of step.
Verdicts as of an earlier date come from the events table (the latest event
by effective date, recording time and id, exactly like
:func:`claimtrack.ledger.replay`).

Subclasses supply the connection, transactions and error mapping; the SQL
here is written with ``?`` placeholders and rewritten for the driver.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from claimtrack.errors import (
    ClaimNotFoundError,
    ConflictError,
    DuplicateClaimError,
    InvalidRecordError,
    SchemaVersionError,
    StoreCorruptedError,
)
from claimtrack.ledger import ClaimFilter, Damage, GroupBy, RecordStore, VerdictCount, replay
from claimtrack.ledger.queries import verdict_count_group
from claimtrack.model import Claim, ClaimRecord, Problem, StatusEvent, Verdict
from claimtrack.model.validation import problems_from_validation
from claimtrack.stores._aggregate import ScoreAggregateMixin
from claimtrack.stores._clauses import (
    FORWARD_KINDS,
    IN_CHUNK,
    claim_conditions,
    latest_event,
    marks,
    recorded_key,
    status_condition,
)
from claimtrack.stores._damage import damaged_rows
from claimtrack.stores._derived import DerivedDataMixin
from claimtrack.stores._rows import (
    claim_row,
    event_row,
    evidence_row,
    record_json,
    rejection_row,
    same_as_links,
    status_on,
)
from claimtrack.stores._schema import FORMAT, SCHEMA_VERSION
from claimtrack.stores._speakers import SpeakerDataMixin

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "SqlStore",
    "claim_row",
    "event_row",
    "evidence_row",
    "record_json",
    "recorded_key",
    "rejection_row",
    "same_as_links",
]

BATCH = 2000
"""Rows per executemany chunk and claims per page when streaming records."""

_CLAIM_COLUMNS = "id, version, speaker, speaker_key, kind, said_on, deadline, credence, status, body"
_INSERT_CLAIM = f"INSERT INTO ct_claims ({_CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_CLAIM_V4 = f"INSERT INTO ct_claims ({_CLAIM_COLUMNS}, status_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_CLAIM_V6 = (
    f"INSERT INTO ct_claims ({_CLAIM_COLUMNS}, status_on, speaker_same_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LOG_CHANGE = "INSERT INTO ct_claim_changes (claim_id) VALUES (?)"
_INSERT_TOPIC = "INSERT INTO ct_topics (claim_id, topic) VALUES (?, ?)"
_INSERT_EVENT = (
    "INSERT INTO ct_events (claim_id, id, effective_on, recorded_at, verdict, body) VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_EVIDENCE = "INSERT INTO ct_evidence (claim_id, id, body) VALUES (?, ?, ?)"
_INSERT_REJECTION = "INSERT INTO ct_rejections (claim_id, id, body) VALUES (?, ?, ?)"
_EVENT_ORDER = "effective_on, recorded_at, id"


class SqlStore(RecordStore, ScoreAggregateMixin, DerivedDataMixin, SpeakerDataMixin):
    """The Store protocol (and the QueryStore and ScoreStore capabilities) over a SQL database.

    Subclasses implement :meth:`_execute`, :meth:`_executemany`,
    :meth:`_write` (a serialised write transaction), :meth:`_errors` (driver
    errors to StoreError) and :meth:`_lock_claim` (row lock inside a write).
    The write rules come from :class:`~claimtrack.ledger.RecordStore`; this
    class writes the rows a change adds or alters (:meth:`_put`).
    """

    _location: str
    _status_on: bool = True
    """Whether ct_claims has the ``status_on`` column (schema 4; False only for an older schema opened on purpose)."""

    # -- driver hooks ---------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # pragma: no cover - every subclass implements it

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError  # pragma: no cover

    def _write(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover

    def _order_changes(self) -> None:
        """Inside a write, before logging claim changes: make change numbers follow commit order.

        SQLite has one writer at a time, so nothing is needed; PostgreSQL takes a lock (its override).
        """

    def _lock_claim(self, claim_id: str) -> int | None:
        """Inside a write: lock the claim's row and return its version (None when absent)."""
        rows = self._execute("SELECT version FROM ct_claims WHERE id = ?", (claim_id,))
        return int(rows[0][0]) if rows else None

    # -- schema ---------------------------------------------------------------------------

    def _check_meta(self, meta: dict[str, str]) -> int:
        """The schema version recorded in ct_meta; refuses a foreign or newer store."""
        if meta.get("format") != FORMAT:
            raise StoreCorruptedError(
                f"ct_meta says format {meta.get('format')!r}, not {FORMAT!r}: not a claimtrack ledger",
                location=self._location,
            )
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise StoreCorruptedError("ct_meta has no readable schema_version", location=self._location) from None
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"written with schema version {version}; this claimtrack reads up to {SCHEMA_VERSION}: "
                "upgrade claimtrack",
                location=self._location,
            )
        return version

    # -- Store protocol -------------------------------------------------------------------

    @property
    def location(self) -> str:
        return self._location

    def __contains__(self, claim_id: object) -> bool:
        if not isinstance(claim_id, str):
            return False
        with self._errors():
            return bool(self._execute("SELECT 1 FROM ct_claims WHERE id = ?", (claim_id,)))

    def __len__(self) -> int:
        with self._errors():
            return int(self._execute("SELECT count(*) FROM ct_claims")[0][0])

    def ids(self) -> Iterator[str]:
        with self._errors():
            last = ""
            while True:
                rows = self._execute("SELECT id FROM ct_claims WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH))
                if not rows:
                    return
                for (claim_id,) in rows:
                    yield claim_id
                last = rows[-1][0]

    def get(self, claim_id: str) -> ClaimRecord:
        with self._errors():
            return self._get(claim_id)

    def _get(self, claim_id: str) -> ClaimRecord:
        rows = self._execute("SELECT id, version, body FROM ct_claims WHERE id = ?", (claim_id,))
        if not rows:
            raise ClaimNotFoundError(claim_id, self._location)
        [(_, record, problems)] = self._assemble(rows, "claim_id = ?", (claim_id,))
        if record is None:
            raise _invalid(claim_id, problems)
        return record

    def parse_raw(self, stored_id: str, raw: bytes) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
        """The store's one judgement of a record's JSON (see :class:`~claimtrack.ledger.queries.ScoreStore`)."""
        return self._parse(stored_id, raw)

    def _parse(self, claim_id: str, text: str | bytes) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
        try:
            record = ClaimRecord.model_validate_json(text)
        except ValidationError as exc:
            return None, problems_from_validation(exc, path=self._location, record=claim_id)
        if record.claim.id != claim_id:
            return None, (
                Problem(
                    message=f"row {claim_id!r} holds the claim {record.claim.id!r}",
                    path=self._location,
                    record=claim_id,
                    field="claim.id",
                    code="id_mismatch",
                ),
            )
        return record, ()

    def _assemble(
        self, claims: Sequence[tuple[Any, ...]], children: str, params: Sequence[Any], *, rejections: bool = True
    ) -> Iterator[tuple[str, ClaimRecord | None, tuple[Problem, ...]]]:
        """Each of the ``(id, version, body)`` rows of ``claims`` as a record, parsed, with its problems.

        Events, evidence and (unless ``rejections`` is False) rejections are read where ``children``,
        a condition on ``claim_id`` with ``params``, holds: one query per table for all the claims.
        """
        for claim_id, text in self._texts(claims, children, params, rejections=rejections):
            record, problems = self._parse(claim_id, text)
            yield claim_id, record, problems

    def _texts(
        self, claims: Sequence[tuple[Any, ...]], children: str, params: Sequence[Any], *, rejections: bool
    ) -> Iterator[tuple[str, str]]:
        """Each of the ``(id, version, body)`` rows of ``claims`` as its record's JSON, not parsed (see _assemble)."""
        events = self._bodies("ct_events", children, params, _EVENT_ORDER)
        evidence = self._bodies("ct_evidence", children, params, "seq")
        rejected = self._bodies("ct_rejections", children, params, "seq") if rejections else {}
        for claim_id, version, body in claims:
            yield (
                claim_id,
                record_json(
                    body, int(version), events.get(claim_id, ()), evidence.get(claim_id, ()), rejected.get(claim_id, ())
                ),
            )

    def _bodies(self, table: str, condition: str, params: Sequence[Any], order: str) -> dict[str, list[str]]:
        """The JSON bodies of ``table``'s rows where ``condition`` holds, per claim, in ``order``."""
        bodies: dict[str, list[str]] = {}
        for claim_id, body in self._execute(
            f"SELECT claim_id, body FROM {table} WHERE {condition} ORDER BY claim_id, {order}", params
        ):
            bodies.setdefault(claim_id, []).append(body)
        return bodies

    def _pages(self) -> Iterator[tuple[str, ClaimRecord | None, tuple[Problem, ...]]]:
        """Every row parsed, a page of claims at a time (bounded memory, no long transaction)."""
        last = ""
        while True:
            claims = self._execute(
                "SELECT id, version, body FROM ct_claims WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
            )
            if not claims:
                return
            low, high = claims[0][0], claims[-1][0]
            yield from self._assemble(claims, "claim_id >= ? AND claim_id <= ?", (low, high))
            last = high

    def _records_by_id(self, ids: Iterable[str], damage: Damage | None = None) -> list[ClaimRecord]:
        """Records of ``ids`` (in id order), read in a few ``IN (...)`` queries; rejected proposals left out.

        A record that cannot be read goes to ``damage``; without one it raises InvalidRecordError.
        """
        wanted = sorted(set(ids))
        out: list[ClaimRecord] = []
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            claims = self._execute(
                f"SELECT id, version, body FROM ct_claims WHERE id IN ({marks(chunk)}) ORDER BY id", chunk
            )
            for claim_id, record, problems in self._assemble(
                claims, f"claim_id IN ({marks(chunk)})", chunk, rejections=False
            ):
                if record is None:
                    if damage is None:
                        raise _invalid(claim_id, problems)
                    damage.add(problems)
                    continue
                out.append(record)
        return out

    def _raw_by_id(self, ids: Iterable[str]) -> list[tuple[str, bytes]]:
        """(id, the record's JSON) of ``ids`` in id order, rejected proposals left out, not parsed.

        For readers that need a few fields of each record (a scorecard's claim table) and judge
        what they cannot read through :meth:`parse_raw`.
        """
        wanted = sorted(set(ids))
        out: list[tuple[str, bytes]] = []
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            claims = self._execute(
                f"SELECT id, version, body FROM ct_claims WHERE id IN ({marks(chunk)}) ORDER BY id", chunk
            )
            texts = self._texts(claims, f"claim_id IN ({marks(chunk)})", chunk, rejections=False)
            out.extend((claim_id, text.encode("utf-8")) for claim_id, text in texts)
        return out

    def records_of(self, ids: Iterable[str]) -> list[ClaimRecord]:
        """The readable records of those ``ids`` the store holds, in id order (unknown ids are left out)."""
        wanted = sorted(set(ids))
        out: list[ClaimRecord] = []
        with self._errors():
            for start in range(0, len(wanted), IN_CHUNK):
                chunk = wanted[start : start + IN_CHUNK]
                claims = self._execute(
                    f"SELECT id, version, body FROM ct_claims WHERE id IN ({marks(chunk)}) ORDER BY id", chunk
                )
                out.extend(r for _, r, _ in self._assemble(claims, f"claim_id IN ({marks(chunk)})", chunk) if r)
        return out

    def scan(self) -> Iterator[tuple[ClaimRecord | None, tuple[Problem, ...]]]:
        """Every row read once, as :meth:`_parse` judges it (the ScanStore capability)."""
        with self._errors():
            for _, record, problems in self._pages():
                yield record, problems

    def records(self) -> Iterator[ClaimRecord]:
        return (record for record, _ in self.scan() if record is not None)

    def problems(self) -> Iterator[Problem]:
        for _, problems in self.scan():
            yield from problems

    def create(self, record: ClaimRecord) -> None:
        self.create_many((record,))

    def create_many(self, records: Iterable[ClaimRecord]) -> int:
        count = 0
        seen: set[str] = set()
        with self._errors(), self._write():
            chunk: list[ClaimRecord] = []
            for record in records:
                if record.claim.id in seen:
                    raise DuplicateClaimError(record.claim.id, self._location)
                seen.add(record.claim.id)
                chunk.append(record)
                if len(chunk) >= BATCH:
                    self._insert(chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                self._insert(chunk)
                count += len(chunk)
        return count

    def _insert(self, chunk: Sequence[ClaimRecord]) -> None:
        ids = [record.claim.id for record in chunk]
        existing = self._execute(f"SELECT id FROM ct_claims WHERE id IN ({marks(ids)}) ORDER BY id LIMIT 1", ids)
        if existing:
            raise DuplicateClaimError(existing[0][0], self._location)
        claims: list[tuple[Any, ...]] = []
        topics: list[tuple[str, str]] = []
        events: list[tuple[Any, ...]] = []
        evidence: list[tuple[Any, ...]] = []
        rejections: list[tuple[Any, ...]] = []
        for record in chunk:
            claim = record.claim
            row = claim_row(claim, record.version, replay(record.events))
            if self._same_as_on:
                claims.append((*row, status_on(record.events), same_as_links(claim)))
            else:
                claims.append((*row, status_on(record.events)) if self._status_on else row)
            topics.extend((claim.id, topic) for topic in dict.fromkeys(claim.topics))
            events.extend(event_row(event) for event in record.events)
            evidence.extend(evidence_row(claim.id, ev) for ev in record.evidence)
            rejections.extend(rejection_row(r) for r in record.rejections)
        insert = _INSERT_CLAIM_V6 if self._same_as_on else _INSERT_CLAIM_V4 if self._status_on else _INSERT_CLAIM
        self._executemany(insert, claims)
        if self._changes_on:
            self._order_changes()
            self._executemany(_LOG_CHANGE, [(claim_id,) for claim_id in ids])
        if topics:
            self._executemany(_INSERT_TOPIC, topics)
        if evidence:
            self._executemany(_INSERT_EVIDENCE, evidence)
        if events:
            self._executemany(_INSERT_EVENT, events)
        if rejections:
            self._executemany(_INSERT_REJECTION, rejections)

    @contextlib.contextmanager
    def _locked(self, claim_id: str) -> Iterator[None]:
        with self._errors(), self._write():
            if self._lock_claim(claim_id) is None:
                raise ClaimNotFoundError(claim_id, self._location)
            yield

    def _put(self, record: ClaimRecord, current: ClaimRecord) -> None:
        """Inside the claim's write: the rows ``record`` changes or adds to ``current``'s."""
        claim_id = record.claim.id
        if record.version != current.version:  # replace(): the claim's row and topics
            self._update_claim(record, current.version)
        amended = [
            (after.model_dump_json(), claim_id, after.id)
            for before, after in zip(current.evidence, record.evidence)
            if after is not before and after != before
        ]
        if amended:
            self._executemany("UPDATE ct_evidence SET body = ? WHERE claim_id = ? AND id = ?", amended)
        new_evidence = record.evidence[len(current.evidence) :]
        if new_evidence:
            self._executemany(_INSERT_EVIDENCE, [evidence_row(claim_id, ev) for ev in new_evidence])
        old = {event.id for event in current.events}
        new_events = [event_row(event) for event in record.events if event.id not in old]
        if new_events:
            self._executemany(_INSERT_EVENT, new_events)
            self._set_status(claim_id, record.events)
        new_rejections = record.rejections[len(current.rejections) :]
        if new_rejections:
            self._executemany(_INSERT_REJECTION, [rejection_row(r) for r in new_rejections])

    def _update_claim(self, record: ClaimRecord, expected_version: int) -> None:
        """Inside a write: the claim's row and topics after a replace, if nobody changed it meanwhile."""
        claim = record.claim
        row = claim_row(claim, record.version, replay(record.events))
        dated = ", status_on = ?" if self._status_on else ""
        extra: tuple[Any, ...] = (status_on(record.events),) if self._status_on else ()
        if self._same_as_on:
            dated += ", speaker_same_as = ?"
            extra += (same_as_links(claim),)
        updated = self._execute(
            "UPDATE ct_claims SET version = ?, speaker = ?, speaker_key = ?, kind = ?, said_on = ?, "
            f"deadline = ?, credence = ?, status = ?, body = ?{dated} WHERE id = ? AND version = ? RETURNING id",
            (*row[1:], *extra, claim.id, expected_version),
        )
        if not updated:  # a writer slipped in between: never overwrite its change
            raise ConflictError(claim.id, expected=expected_version, actual=expected_version + 1)
        if self._changes_on:
            self._order_changes()
            self._execute(_LOG_CHANGE, (claim.id,))
        self._execute("DELETE FROM ct_topics WHERE claim_id = ?", (claim.id,))
        topics = [(claim.id, topic) for topic in dict.fromkeys(claim.topics)]
        if topics:
            self._executemany(_INSERT_TOPIC, topics)

    def _set_status(self, claim_id: str, events: Sequence[StatusEvent]) -> None:
        """Inside a write: store the status replayed over ``events`` (and, schema 4, its date)."""
        verdict = replay(events).value
        if self._status_on:
            self._execute(
                "UPDATE ct_claims SET status = ?, status_on = ? WHERE id = ?", (verdict, status_on(events), claim_id)
            )
        else:
            self._execute("UPDATE ct_claims SET status = ? WHERE id = ?", (verdict, claim_id))

    # -- QueryStore capability ------------------------------------------------------------

    def query_claims(
        self, where: ClaimFilter, *, as_of: date | None = None, damage: Damage | None = None
    ) -> tuple[Claim, ...]:
        if not where.in_columns:
            raise ValueError("faithful_only and exclude_early need each claim's record: use Ledger.claims()")
        conditions, params = claim_conditions(where)
        if where.verdict is not None:
            condition, status_params = status_condition(where.verdict, as_of=as_of)
            conditions.append(condition)
            params += status_params
        sql = "SELECT c.id FROM ct_claims c"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        with self._errors():
            return self._claims(self._execute(sql + " ORDER BY c.id", params), damage)

    def due_claims(
        self, *, as_of: date, limit: date, where: ClaimFilter | None = None, damage: Damage | None = None
    ) -> tuple[Claim, ...]:
        where = where if where is not None else ClaimFilter()
        if not where.in_columns:
            raise ValueError("faithful_only and exclude_early need each claim's record: use Ledger.due()")
        still_open, open_params = status_condition(Verdict.OPEN, as_of=as_of)
        conditions = ["c.deadline IS NOT NULL", "c.deadline <= ?", f"c.kind IN ({marks(FORWARD_KINDS)})", still_open]
        params: list[Any] = [limit.isoformat(), *FORWARD_KINDS, *open_params]
        filtered, filter_params = claim_conditions(where)
        conditions += filtered
        params += filter_params
        if where.verdict is not None:
            condition, status_params = status_condition(where.verdict, as_of=as_of)
            conditions.append(condition)
            params += status_params
        sql = f"SELECT c.id FROM ct_claims c WHERE {' AND '.join(conditions)} ORDER BY c.deadline, c.id"
        with self._errors():
            return self._claims(self._execute(sql, params), damage)

    def _claims(self, rows: Iterable[tuple[Any, ...]], damage: Damage | None) -> tuple[Claim, ...]:
        """The claims of the rows' ids, in the rows' order, each record read as :meth:`_parse` judges it.

        With ``damage``, rows whose columns are damaged (so the query's own conditions cannot be
        trusted for them) go there too, whether the query matched them or not.
        """
        ids = [claim_id for (claim_id,) in rows]
        if damage is not None:
            bad = damaged_rows(self, damage)
            ids = [claim_id for claim_id in ids if claim_id not in bad]
        found = {record.claim.id: record.claim for record in self._records_by_id(ids, damage)}
        return tuple(found[claim_id] for claim_id in ids if claim_id in found)

    def verdict_counts(
        self, *, by: GroupBy | str = GroupBy.SPEAKER, as_of: date | None = None
    ) -> tuple[VerdictCount, ...]:
        by = verdict_count_group(by)
        key = {
            GroupBy.SPEAKER: "c.speaker",
            GroupBy.KIND: "c.kind",
            GroupBy.YEAR: "substr(c.said_on, 1, 4)",
            GroupBy.TOPIC: "t.topic",
        }[by]
        source = "ct_claims c LEFT JOIN ct_topics t ON t.claim_id = c.id" if by is GroupBy.TOPIC else "ct_claims c"
        params: list[Any] = []
        status = "c.status"
        if as_of is not None:
            latest, params = latest_event("e.verdict", as_of=as_of)
            status = f"COALESCE({latest}, 'open')"
        sql = (
            f"SELECT {key} AS k, {status} AS v, count(*), count(c.credence), "
            f"coalesce(sum(c.credence), 0), coalesce(sum(c.credence * c.credence), 0) "
            f"FROM {source} GROUP BY k, v"
        )
        with self._errors():
            rows = self._execute(sql, params)
        counts = [
            VerdictCount(
                key=k,
                verdict=Verdict(v),
                claims=int(n),
                with_credence=int(n_p),
                credence_sum=float(s),
                credence_sq_sum=float(s2),
            )
            for k, v, n, n_p, s, s2 in rows
        ]
        return tuple(sorted(counts, key=lambda c: (c.key is not None, c.key or "", c.verdict.value)))


def _invalid(claim_id: str, problems: Sequence[Problem]) -> InvalidRecordError:
    """The error for a stored record the schema refuses, naming its first problem."""
    first = problems[0]
    return InvalidRecordError(first.message, path=first.path, record=claim_id, field=first.field)
