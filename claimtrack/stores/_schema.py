"""The SQL schema of the database stores and its migrations, written once for SQLite and PostgreSQL.

The tables, columns, indexes and the rules they enforce are the same in both engines; only the
spelling differs (column types, identity columns, collations, how a trigger refuses a change).
:func:`migrations` writes every step from one list with an engine's :class:`Dialect`, so a new
step is added in one place and both engines get it. The tables themselves are described in
:mod:`claimtrack.stores._sql`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

__all__ = [
    "BAD_CLAIM_COLUMNS",
    "BAD_EVENT_VERDICT",
    "FORMAT",
    "KNOWN_KINDS",
    "KNOWN_VERDICTS",
    "POSTGRES",
    "SCHEMA_VERSION",
    "SQLITE",
    "Dialect",
    "migrations",
]

FORMAT = "claimtrack-sql"
SCHEMA_VERSION = 6
"""The newest schema this code writes. 1: tables; 2: the status column and scorecard indexes;
3: ct_rejections, and evidence bodies may be updated (fill-only amendments); 4: the status_on
column and a covering index for scorecards by speaker; 5: ct_claim_changes (which claims were
created or replaced, in order), ct_blobs (derived data kept beside the ledger: the retrieval
index) and partial indexes of damaged rows; 6: the speaker_same_as column (the speaker's
``same_as`` links, so speakers sharing one merge without reading every claim's JSON)."""


def _sqlite_insert_only(table: str, what: str) -> tuple[str, ...]:
    return tuple(
        f"CREATE TRIGGER {table}_no_{change.lower()} BEFORE {change} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'claimtrack: {what}'); END"
        for change in ("UPDATE", "DELETE")
    )


def _postgres_insert_only(table: str, what: str) -> tuple[str, ...]:
    return (
        f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION ct_insert_only()",
    )


@attrs.frozen(kw_only=True)
class Dialect:
    """How one engine spells the schema: column types, and the triggers that keep history append-only."""

    key: str
    """A text column that is sorted or grouped (PostgreSQL: byte order, like Python and SQLite)."""
    real: str
    seq: str
    """An insertion-order key column."""
    rowid_free: str
    """The suffix of a table whose primary key is its only index."""
    blob: str
    """A column of bytes."""
    insert_only: Callable[[str, str], tuple[str, ...]]
    """Statements refusing UPDATE and DELETE on a table (the table, what the message calls its rows)."""
    functions: tuple[str, ...] = ()
    """Trigger functions created before the first table's triggers."""
    amendable_evidence: tuple[str, ...]
    """Schema 3: evidence bodies may be updated, never deleted, and rows keep their claim and id."""
    same_as_links: str
    """Schema 6: the space-separated ``same_as`` links of a ct_claims row's speaker, read from its body."""


SQLITE = Dialect(
    key="TEXT",
    real="REAL",
    seq="seq INTEGER PRIMARY KEY",
    rowid_free=" WITHOUT ROWID",
    blob="BLOB",
    insert_only=_sqlite_insert_only,
    amendable_evidence=(
        "DROP TRIGGER ct_evidence_no_update",
        "CREATE TRIGGER ct_evidence_fixed_keys BEFORE UPDATE OF seq, claim_id, id ON ct_evidence "
        "WHEN OLD.seq IS NOT NEW.seq OR OLD.claim_id IS NOT NEW.claim_id OR OLD.id IS NOT NEW.id "
        "BEGIN SELECT RAISE(ABORT, 'claimtrack: evidence keeps its claim and id'); END",
    ),
    same_as_links="(SELECT group_concat(j.value, ' ') FROM json_each(ct_claims.body, '$.speaker.same_as') j)",
)

POSTGRES = Dialect(
    key='TEXT COLLATE "C"',
    real="DOUBLE PRECISION",
    seq="seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    rowid_free="",
    blob="BYTEA",
    insert_only=_postgres_insert_only,
    functions=(
        "CREATE FUNCTION ct_insert_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'claimtrack: % is insert-only', TG_TABLE_NAME; END $$",
    ),
    amendable_evidence=(
        "DROP TRIGGER ct_evidence_insert_only ON ct_evidence",
        "CREATE TRIGGER ct_evidence_no_delete BEFORE DELETE ON ct_evidence "
        "FOR EACH ROW EXECUTE FUNCTION ct_insert_only()",
        "CREATE FUNCTION ct_fixed_keys() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'claimtrack: % rows keep their claim and id', TG_TABLE_NAME; END $$",
        "CREATE TRIGGER ct_evidence_fixed_keys BEFORE UPDATE ON ct_evidence FOR EACH ROW "
        "WHEN (OLD.seq IS DISTINCT FROM NEW.seq OR OLD.claim_id IS DISTINCT FROM NEW.claim_id "
        "OR OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION ct_fixed_keys()",
    ),
    same_as_links=(
        "(SELECT string_agg(j.value, ' ' ORDER BY j.n) FROM json_array_elements_text("
        "CAST(ct_claims.body AS json) -> 'speaker' -> 'same_as') WITH ORDINALITY AS j(value, n))"
    ),
)

_LATEST_EVENT = (
    "(SELECT e.{column} FROM ct_events e WHERE e.claim_id = ct_claims.id "
    "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1)"
)
"""The latest event of each claim, for back-filling columns derived from the events."""


KNOWN_KINDS = ("prediction", "commitment", "assertion", "denial", "uncertainty", "opinion")
"""The claim kinds schema 5's damage index knows (tests check they are the model's; a new kind needs a step)."""
KNOWN_VERDICTS = (
    "open",
    "true",
    "mostly_true",
    "mixed",
    "mostly_false",
    "false",
    "unverifiable",
    "ambiguous",
    "annulled",
    "not_checkable",
    "not_said",
)
"""The verdicts schema 5's damage index knows (tests check they are the model's; a new verdict needs a step)."""


_WITH_LINKS = """'%"same_as":["%'"""
"""Rows whose body may hold a speaker's same_as links (a superset: the back-fill reads the links themselves)."""


def _listed(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


BAD_CLAIM_COLUMNS = f"kind NOT IN {_listed(KNOWN_KINDS)} OR status NOT IN {_listed(KNOWN_VERDICTS)}"
"""Rows of ct_claims whose columns hold a value the model refuses: written only by hand or by another program.
Spelled the same in the partial index and in the query, so the query reads the (empty) index, not the table."""
BAD_EVENT_VERDICT = f"verdict NOT IN {_listed(KNOWN_VERDICTS)}"
"""Rows of ct_events with a verdict the model refuses (see BAD_CLAIM_COLUMNS)."""


def migrations(d: Dialect) -> Mapping[int, tuple[str, ...]]:
    """Schema steps in ``d``'s spelling: applying 1..N in order, in one transaction, gives schema version N."""
    key = d.key
    return {
        1: (
            "CREATE TABLE ct_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"CREATE TABLE ct_claims (id {key} PRIMARY KEY, version INTEGER NOT NULL, speaker {key} NOT NULL, "
            f"speaker_key {key} NOT NULL, kind {key} NOT NULL, said_on {key} NOT NULL, deadline {key}, "
            f"credence {d.real}, body TEXT NOT NULL)",
            "CREATE INDEX ct_claims_speaker_key ON ct_claims (speaker_key)",
            "CREATE INDEX ct_claims_said_on ON ct_claims (said_on)",
            "CREATE INDEX ct_claims_deadline ON ct_claims (deadline) WHERE deadline IS NOT NULL",
            f"CREATE TABLE ct_topics (claim_id {key} NOT NULL REFERENCES ct_claims (id), topic {key} NOT NULL, "
            f"PRIMARY KEY (claim_id, topic)){d.rowid_free}",
            "CREATE INDEX ct_topics_topic ON ct_topics (topic, claim_id)",
            f"CREATE TABLE ct_events ({d.seq}, claim_id {key} NOT NULL REFERENCES ct_claims (id), "
            f"id {key} NOT NULL, effective_on {key} NOT NULL, recorded_at {key} NOT NULL, verdict TEXT NOT NULL, "
            "body TEXT NOT NULL, UNIQUE (claim_id, id))",
            "CREATE INDEX ct_events_replay ON ct_events (claim_id, effective_on, recorded_at, id)",
            f"CREATE TABLE ct_evidence ({d.seq}, claim_id {key} NOT NULL REFERENCES ct_claims (id), "
            f"id {key} NOT NULL, body TEXT NOT NULL, UNIQUE (claim_id, id))",
            *d.functions,
            *d.insert_only("ct_events", "events are insert-only"),
            *d.insert_only("ct_evidence", "evidence is insert-only"),
        ),
        2: (
            "ALTER TABLE ct_claims ADD COLUMN status TEXT NOT NULL DEFAULT 'open'",
            f"UPDATE ct_claims SET status = COALESCE({_LATEST_EVENT.format(column='verdict')}, 'open')",
            "CREATE INDEX ct_claims_speaker_status ON ct_claims (speaker, status, credence)",
            "CREATE INDEX ct_claims_kind_status ON ct_claims (kind, status, credence)",
        ),
        3: (
            f"CREATE TABLE ct_rejections ({d.seq}, claim_id {key} NOT NULL REFERENCES ct_claims (id), "
            f"id {key} NOT NULL, body TEXT NOT NULL, UNIQUE (claim_id, id))",
            *d.insert_only("ct_rejections", "rejections are insert-only"),
            # Evidence may now be amended (fill-only, checked by claimtrack.ledger.amended): the body may be
            # updated, but a row keeps its claim and id, and is never deleted.
            *d.amendable_evidence,
        ),
        4: (
            # the effective date of the event that sets ``status`` (NULL while no event has), kept in step
            # with ``status``, so a scorecard of the latest status needs no per-claim event lookup
            "ALTER TABLE ct_claims ADD COLUMN status_on TEXT",
            f"UPDATE ct_claims SET status_on = {_LATEST_EVENT.format(column='effective_on')}",
            # covers a scorecard by speaker of the latest status (and verdict_counts by speaker, as the
            # index it replaces did): the claims table itself is never read. ``id`` is in it because the
            # card lists the unscored claims' ids, and an index holds the rowid, not a TEXT primary key
            # (measured: without it SQLite scans the 2.5 GB table; docs/benchmarks.d/scoring-sql.md)
            "DROP INDEX ct_claims_speaker_status",
            "CREATE INDEX ct_claims_scoring ON ct_claims "
            "(speaker, status, credence, kind, said_on, deadline, status_on, id)",
        ),
        5: (
            # one row per claim created or replaced, in commit order (the writer holds the claims' write
            # lock), so derived data (the retrieval index) can catch up with what changed since it was built
            f"CREATE TABLE ct_claim_changes ({d.seq}, claim_id {key} NOT NULL)",
            "INSERT INTO ct_claim_changes (claim_id) SELECT id FROM ct_claims ORDER BY id",
            f"CREATE TABLE ct_blobs (name {key} PRIMARY KEY, body {d.blob} NOT NULL)",
            # partial indexes of damaged rows: normally empty, so a scorecard's damage check reads nothing
            # instead of scanning the claims and the events (measured: 50 ms of a 500 ms card at 100k)
            f"CREATE INDEX ct_claims_bad_columns ON ct_claims (id) WHERE {BAD_CLAIM_COLUMNS}",
            f"CREATE INDEX ct_events_bad_verdict ON ct_events (claim_id) WHERE {BAD_EVENT_VERDICT}",
        ),
        6: (
            # the speaker's same_as links (space-separated, NULL without any), kept in step with the body, so
            # a card by speaker merges the speakers that share a link from a partial index (normally small)
            # instead of reading every claim's JSON; back-filled from the bodies that have links
            "ALTER TABLE ct_claims ADD COLUMN speaker_same_as TEXT",
            f"UPDATE ct_claims SET speaker_same_as = {d.same_as_links} WHERE body LIKE {_WITH_LINKS}",
            "CREATE INDEX ct_claims_speaker_same_as ON ct_claims (speaker, speaker_same_as) "
            "WHERE speaker_same_as IS NOT NULL",
        ),
    }
