"""What the SQLite and PostgreSQL stores share: tables, rows, and the Store logic over SQL.

Tables (the same in both engines; ``ct_`` keeps them apart from other tables)::

    ct_meta      key/value: format = claimtrack-sql, schema_version = N
    ct_claims    one row per claim: id, version, the columns queries need
                 (speaker, speaker_key, kind, said_on, deadline, credence,
                 status, status_on) and the claim itself as JSON (body)
    ct_topics    (claim_id, topic): the topic filter and grouping
    ct_events    insert-only (triggers refuse UPDATE and DELETE): one row per
                 status event, with the replay-order columns
    ct_evidence  one row per piece of evidence held by a claim; rows are never
                 deleted and keep their claim and id, and since schema 3 the
                 body may be updated to fill empty fields (amend_evidence)
    ct_rejections  insert-only: one row per rejected proposal of a claim

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
from datetime import UTC, date, datetime
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
from claimtrack.ledger import (
    GROUPINGS,
    Grouping,
    VerdictCount,
    amended,
    appended,
    replay,
    revised,
    status_event,
)
from claimtrack.model import Claim, ClaimKind, ClaimRecord, Evidence, Problem, Rejection, StatusEvent, Verdict
from claimtrack.model.validation import problems_from_validation
from claimtrack.stores._aggregate import ScoreAggregateMixin

__all__ = ["FORMAT", "SCHEMA_VERSION", "SqlStore", "recorded_key"]

FORMAT = "claimtrack-sql"
SCHEMA_VERSION = 4
"""The newest schema this code writes. 1: tables; 2: the status column and scorecard indexes;
3: ct_rejections, and evidence bodies may be updated (fill-only amendments); 4: the status_on
column and a covering index for scorecards by speaker."""

BATCH = 2000
"""Rows per executemany chunk and claims per page when streaming records."""

FORWARD_KINDS = tuple(kind.value for kind in ClaimKind if kind.is_forward_looking)

_CLAIM_COLUMNS = "id, version, speaker, speaker_key, kind, said_on, deadline, credence, status, body"
_INSERT_CLAIM = f"INSERT INTO ct_claims ({_CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_CLAIM_V4 = f"INSERT INTO ct_claims ({_CLAIM_COLUMNS}, status_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_TOPIC = "INSERT INTO ct_topics (claim_id, topic) VALUES (?, ?)"
_INSERT_EVENT = (
    "INSERT INTO ct_events (claim_id, id, effective_on, recorded_at, verdict, body) VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_EVIDENCE = "INSERT INTO ct_evidence (claim_id, id, body) VALUES (?, ?, ?)"
_INSERT_REJECTION = "INSERT INTO ct_rejections (claim_id, id, body) VALUES (?, ?, ?)"
_EVENT_ORDER = "effective_on, recorded_at, id"
_LATEST_AS_OF = (
    "COALESCE((SELECT e.verdict FROM ct_events e WHERE e.claim_id = c.id AND e.effective_on <= ? "
    "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1), 'open')"
)
"""The verdict of claim ``c`` as of a date: the latest event that took effect by then."""


def recorded_key(moment: datetime) -> str:
    """``recorded_at`` as fixed-width UTC text, so that text order is time order."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def claim_row(claim: Claim, version: int, status: Verdict) -> tuple[Any, ...]:
    """The ct_claims row of a claim."""
    credence = claim.credence.p if claim.credence is not None else None
    deadline = claim.deadline
    return (
        claim.id,
        version,
        claim.speaker.name,
        claim.speaker.name.casefold(),
        claim.kind.value,
        claim.said_on.start.isoformat(),
        deadline.isoformat() if deadline is not None else None,
        credence,
        status.value,
        claim.model_dump_json(),
    )


def status_on(events: Iterable[StatusEvent]) -> str | None:
    """The ``status_on`` column: the effective date of the event that sets the status (None without one)."""
    event = status_event(events)
    return event.effective_on.isoformat() if event is not None else None


def event_row(event: StatusEvent) -> tuple[Any, ...]:
    """The ct_events row of an event."""
    return (
        event.claim_id,
        event.id,
        event.effective_on.isoformat(),
        recorded_key(event.recorded_at),
        event.verdict.value,
        event.model_dump_json(),
    )


def evidence_row(claim_id: str, evidence: Evidence) -> tuple[Any, ...]:
    """The ct_evidence row of a piece of evidence held by a claim."""
    return (claim_id, evidence.id, evidence.model_dump_json())


def rejection_row(rejection: Rejection) -> tuple[Any, ...]:
    """The ct_rejections row of a rejected proposal."""
    return (rejection.claim_id, rejection.id, rejection.model_dump_json())


def record_json(
    body: str, version: int, events: Sequence[str], evidence: Sequence[str], rejections: Sequence[str] = ()
) -> str:
    """A ClaimRecord's JSON put together from stored JSON parts (validated in one pass)."""
    return (
        f'{{"claim":{body},"events":[{",".join(events)}],"evidence":[{",".join(evidence)}],'
        f'"rejections":[{",".join(rejections)}],"version":{version}}}'
    )


class SqlStore(ScoreAggregateMixin):
    """The Store protocol (and the QueryStore capability) over a SQL database.

    Subclasses implement :meth:`_execute`, :meth:`_executemany`,
    :meth:`_write` (a serialised write transaction), :meth:`_errors` (driver
    errors to StoreError) and :meth:`_lock_claim` (row lock inside a write).
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
        rows = self._execute("SELECT version, body FROM ct_claims WHERE id = ?", (claim_id,))
        if not rows:
            raise ClaimNotFoundError(claim_id, self._location)
        version, body = rows[0]
        events = self._execute(f"SELECT body FROM ct_events WHERE claim_id = ? ORDER BY {_EVENT_ORDER}", (claim_id,))
        evidence = self._execute("SELECT body FROM ct_evidence WHERE claim_id = ? ORDER BY seq", (claim_id,))
        rejections = self._execute("SELECT body FROM ct_rejections WHERE claim_id = ? ORDER BY seq", (claim_id,))
        text = record_json(
            body, int(version), [e[0] for e in events], [e[0] for e in evidence], [r[0] for r in rejections]
        )
        record, problems = self._parse(claim_id, text)
        if record is None:
            first = problems[0]
            raise InvalidRecordError(first.message, path=first.path, record=claim_id, field=first.field)
        return record

    def _parse(self, claim_id: str, text: str) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
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
            events: dict[str, list[str]] = {}
            for claim_id, body in self._execute(
                f"SELECT claim_id, body FROM ct_events WHERE claim_id >= ? AND claim_id <= ? "
                f"ORDER BY claim_id, {_EVENT_ORDER}",
                (low, high),
            ):
                events.setdefault(claim_id, []).append(body)
            evidence: dict[str, list[str]] = {}
            for claim_id, body in self._execute(
                "SELECT claim_id, body FROM ct_evidence WHERE claim_id >= ? AND claim_id <= ? ORDER BY claim_id, seq",
                (low, high),
            ):
                evidence.setdefault(claim_id, []).append(body)
            rejections: dict[str, list[str]] = {}
            for claim_id, body in self._execute(
                "SELECT claim_id, body FROM ct_rejections WHERE claim_id >= ? AND claim_id <= ? ORDER BY claim_id, seq",
                (low, high),
            ):
                rejections.setdefault(claim_id, []).append(body)
            for claim_id, version, body in claims:
                text = record_json(
                    body,
                    int(version),
                    events.get(claim_id, ()),
                    evidence.get(claim_id, ()),
                    rejections.get(claim_id, ()),
                )
                record, problems = self._parse(claim_id, text)
                yield claim_id, record, problems
            last = high

    def records(self) -> Iterator[ClaimRecord]:
        with self._errors():
            for _, record, _ in self._pages():
                if record is not None:
                    yield record

    def problems(self) -> Iterator[Problem]:
        with self._errors():
            for _, _, problems in self._pages():
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
        marks = ", ".join("?" * len(ids))
        existing = self._execute(f"SELECT id FROM ct_claims WHERE id IN ({marks}) ORDER BY id LIMIT 1", ids)
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
            claims.append((*row, status_on(record.events)) if self._status_on else row)
            topics.extend((claim.id, topic) for topic in dict.fromkeys(claim.topics))
            events.extend(event_row(event) for event in record.events)
            evidence.extend(evidence_row(claim.id, ev) for ev in record.evidence)
            rejections.extend(rejection_row(r) for r in record.rejections)
        self._executemany(_INSERT_CLAIM_V4 if self._status_on else _INSERT_CLAIM, claims)
        if topics:
            self._executemany(_INSERT_TOPIC, topics)
        if evidence:
            self._executemany(_INSERT_EVIDENCE, evidence)
        if events:
            self._executemany(_INSERT_EVENT, events)
        if rejections:
            self._executemany(_INSERT_REJECTION, rejections)

    def append(
        self,
        claim_id: str,
        events: Iterable[StatusEvent],
        evidence: Iterable[Evidence] = (),
        rejections: Iterable[Rejection] = (),
    ) -> ClaimRecord:
        events, evidence, rejections = tuple(events), tuple(evidence), tuple(rejections)
        with self._errors(), self._write():
            if self._lock_claim(claim_id) is None:
                raise ClaimNotFoundError(claim_id, self._location)
            current = self._get(claim_id)
            record = appended(current, events, evidence, rejections)  # the domain rules: order, repeats, time
            if record is current:
                return current
            old = {event.id for event in current.events}
            new_evidence = record.evidence[len(current.evidence) :]
            if new_evidence:
                self._executemany(_INSERT_EVIDENCE, [evidence_row(claim_id, ev) for ev in new_evidence])
            new_events = [event_row(event) for event in record.events if event.id not in old]
            if new_events:
                self._executemany(_INSERT_EVENT, new_events)
                self._set_status(claim_id, record.events)
            new_rejections = record.rejections[len(current.rejections) :]
            if new_rejections:
                self._executemany(_INSERT_REJECTION, [rejection_row(r) for r in new_rejections])
            return record

    def _set_status(self, claim_id: str, events: Sequence[StatusEvent]) -> None:
        """Inside a write: store the status replayed over ``events`` (and, schema 4, its date)."""
        verdict = replay(events).value
        if self._status_on:
            self._execute(
                "UPDATE ct_claims SET status = ?, status_on = ? WHERE id = ?", (verdict, status_on(events), claim_id)
            )
        else:
            self._execute("UPDATE ct_claims SET status = ? WHERE id = ?", (verdict, claim_id))

    def amend_evidence(self, claim_id: str, evidence: Iterable[Evidence]) -> ClaimRecord:
        evidence = tuple(evidence)
        with self._errors(), self._write():
            if self._lock_claim(claim_id) is None:
                raise ClaimNotFoundError(claim_id, self._location)
            current = self._get(claim_id)
            record = amended(current, evidence)  # the fill-only rule; raises before anything is written
            if record is current:
                return current
            rows = [
                (after.model_dump_json(), claim_id, after.id)
                for before, after in zip(current.evidence, record.evidence, strict=True)
                if after != before
            ]
            self._executemany("UPDATE ct_evidence SET body = ? WHERE claim_id = ? AND id = ?", rows)
            return record

    def replace(self, claim: Claim, *, expected_version: int) -> ClaimRecord:
        with self._errors(), self._write():
            version = self._lock_claim(claim.id)
            if version is None:
                raise ClaimNotFoundError(claim.id, self._location)
            if version != expected_version:
                raise ConflictError(claim.id, expected=expected_version, actual=version)
            record = revised(self._get(claim.id), claim, expected_version=expected_version)
            row = claim_row(claim, version + 1, replay(record.events))
            dated = ", status_on = ?" if self._status_on else ""
            updated = self._execute(
                "UPDATE ct_claims SET version = ?, speaker = ?, speaker_key = ?, kind = ?, said_on = ?, "
                f"deadline = ?, credence = ?, status = ?, body = ?{dated} WHERE id = ? AND version = ? RETURNING id",
                (*row[1:], *((status_on(record.events),) if self._status_on else ()), claim.id, expected_version),
            )
            if not updated:  # a writer slipped in between: never overwrite its change
                raise ConflictError(claim.id, expected=expected_version, actual=version + 1)
            self._execute("DELETE FROM ct_topics WHERE claim_id = ?", (claim.id,))
            topics = [(claim.id, topic) for topic in dict.fromkeys(claim.topics)]
            if topics:
                self._executemany(_INSERT_TOPIC, topics)
            return record

    # -- QueryStore capability ------------------------------------------------------------

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
        where: list[str] = []
        params: list[Any] = []
        if speaker is not None:
            where.append("c.speaker_key = ?")
            params.append(speaker.casefold())
        if topic is not None:
            where.append("c.id IN (SELECT t.claim_id FROM ct_topics t WHERE t.topic = ?)")
            params.append(topic)
        if kind is not None:
            where.append("c.kind = ?")
            params.append(ClaimKind(kind).value)
        if said_between is not None:
            low, high = said_between
            if low is not None:
                where.append("c.said_on >= ?")
                params.append(low.isoformat())
            if high is not None:
                where.append("c.said_on <= ?")
                params.append(high.isoformat())
        if verdict is not None:
            if as_of is None:
                where.append("c.status = ?")
            else:
                where.append(f"{_LATEST_AS_OF} = ?")
                params.append(as_of.isoformat())
            params.append(Verdict(verdict).value)
        sql = "SELECT c.id, c.body FROM ct_claims c"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._errors():
            return self._claims(self._execute(sql + " ORDER BY c.id", params))

    def due_claims(self, *, as_of: date, limit: date) -> tuple[Claim, ...]:
        marks = ", ".join("?" * len(FORWARD_KINDS))
        sql = (
            f"SELECT c.id, c.body FROM ct_claims c WHERE c.deadline IS NOT NULL AND c.deadline <= ? "
            f"AND c.kind IN ({marks}) AND {_LATEST_AS_OF} = 'open' ORDER BY c.deadline, c.id"
        )
        with self._errors():
            return self._claims(self._execute(sql, (limit.isoformat(), *FORWARD_KINDS, as_of.isoformat())))

    def _claims(self, rows: Iterable[tuple[Any, ...]]) -> tuple[Claim, ...]:
        out = []
        for claim_id, body in rows:
            try:
                claim = Claim.model_validate_json(body)
            except ValidationError:
                continue  # unreadable rows are reported by problems(), as records() skips them
            if claim.id == claim_id:
                out.append(claim)
        return tuple(out)

    def verdict_counts(self, *, by: Grouping = "speaker", as_of: date | None = None) -> tuple[VerdictCount, ...]:
        if by not in GROUPINGS:
            raise ValueError(f"cannot group verdicts by {by!r}; choose one of {', '.join(GROUPINGS)}")
        key = {"speaker": "c.speaker", "kind": "c.kind", "year": "substr(c.said_on, 1, 4)", "topic": "t.topic"}[by]
        source = "ct_claims c LEFT JOIN ct_topics t ON t.claim_id = c.id" if by == "topic" else "ct_claims c"
        status = "c.status" if as_of is None else _LATEST_AS_OF
        params = () if as_of is None else (as_of.isoformat(),)
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
