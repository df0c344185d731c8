"""A ledger in PostgreSQL, for teams sharing one ledger (``pip install claimtrack[postgres]``).

``Ledger.open("postgresql://user:password@host:5432/db")`` keeps the ledger in
the ``ct_*`` tables of the connection's current schema (choose another with
``?options=-csearch_path%3Dmyschema``). psycopg 3 is imported only when a
PostgreSQL ledger is opened, so it stays an optional extra.

Concurrency: every write is one transaction; appends and edits lock the
claim's row (``SELECT ... FOR UPDATE``), so concurrent appends are serialised
per claim and never lost, and a stale edit raises ConflictError. Errors name
the server and database, never the password.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from claimtrack.errors import DuplicateClaimError, StoreCorruptedError, StoreError, StoreNotFoundError
from claimtrack.stores._sql import FORMAT, SCHEMA_VERSION, SqlStore

if TYPE_CHECKING:
    import psycopg

__all__ = ["MIGRATIONS", "PostgresStore", "redact_url"]

CONNECT_TIMEOUT_S = 10

_C = 'COLLATE "C"'  # byte order, like Python's sorted() and SQLite, whatever the database's locale

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE ct_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"CREATE TABLE ct_claims (id TEXT {_C} PRIMARY KEY, version INTEGER NOT NULL, speaker TEXT {_C} NOT NULL, "
        f"speaker_key TEXT {_C} NOT NULL, kind TEXT {_C} NOT NULL, said_on TEXT {_C} NOT NULL, deadline TEXT {_C}, "
        "credence DOUBLE PRECISION, body TEXT NOT NULL)",
        "CREATE INDEX ct_claims_speaker_key ON ct_claims (speaker_key)",
        "CREATE INDEX ct_claims_said_on ON ct_claims (said_on)",
        "CREATE INDEX ct_claims_deadline ON ct_claims (deadline) WHERE deadline IS NOT NULL",
        f"CREATE TABLE ct_topics (claim_id TEXT {_C} NOT NULL REFERENCES ct_claims (id), topic TEXT {_C} NOT NULL, "
        "PRIMARY KEY (claim_id, topic))",
        "CREATE INDEX ct_topics_topic ON ct_topics (topic, claim_id)",
        f"CREATE TABLE ct_events (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        f"claim_id TEXT {_C} NOT NULL REFERENCES ct_claims (id), id TEXT {_C} NOT NULL, "
        f"effective_on TEXT {_C} NOT NULL, recorded_at TEXT {_C} NOT NULL, verdict TEXT NOT NULL, "
        "body TEXT NOT NULL, UNIQUE (claim_id, id))",
        "CREATE INDEX ct_events_replay ON ct_events (claim_id, effective_on, recorded_at, id)",
        f"CREATE TABLE ct_evidence (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        f"claim_id TEXT {_C} NOT NULL REFERENCES ct_claims (id), id TEXT {_C} NOT NULL, body TEXT NOT NULL, "
        "UNIQUE (claim_id, id))",
        "CREATE FUNCTION ct_insert_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'claimtrack: % is insert-only', TG_TABLE_NAME; END $$",
        "CREATE TRIGGER ct_events_insert_only BEFORE UPDATE OR DELETE ON ct_events "
        "FOR EACH ROW EXECUTE FUNCTION ct_insert_only()",
        "CREATE TRIGGER ct_evidence_insert_only BEFORE UPDATE OR DELETE ON ct_evidence "
        "FOR EACH ROW EXECUTE FUNCTION ct_insert_only()",
    ),
    2: (
        "ALTER TABLE ct_claims ADD COLUMN status TEXT NOT NULL DEFAULT 'open'",
        "UPDATE ct_claims SET status = COALESCE((SELECT e.verdict FROM ct_events e WHERE e.claim_id = ct_claims.id "
        "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1), 'open')",
        "CREATE INDEX ct_claims_speaker_status ON ct_claims (speaker, status, credence)",
        "CREATE INDEX ct_claims_kind_status ON ct_claims (kind, status, credence)",
    ),
    3: (
        f"CREATE TABLE ct_rejections (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        f"claim_id TEXT {_C} NOT NULL REFERENCES ct_claims (id), id TEXT {_C} NOT NULL, body TEXT NOT NULL, "
        "UNIQUE (claim_id, id))",
        "CREATE TRIGGER ct_rejections_insert_only BEFORE UPDATE OR DELETE ON ct_rejections "
        "FOR EACH ROW EXECUTE FUNCTION ct_insert_only()",
        # Evidence may now be amended (fill-only, checked by claimtrack.ledger.amended): the body may be
        # updated, but a row keeps its claim and id, and is never deleted.
        "DROP TRIGGER ct_evidence_insert_only ON ct_evidence",
        "CREATE TRIGGER ct_evidence_no_delete BEFORE DELETE ON ct_evidence "
        "FOR EACH ROW EXECUTE FUNCTION ct_insert_only()",
        "CREATE FUNCTION ct_fixed_keys() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'claimtrack: % rows keep their claim and id', TG_TABLE_NAME; END $$",
        "CREATE TRIGGER ct_evidence_fixed_keys BEFORE UPDATE ON ct_evidence FOR EACH ROW "
        "WHEN (OLD.seq IS DISTINCT FROM NEW.seq OR OLD.claim_id IS DISTINCT FROM NEW.claim_id "
        "OR OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION ct_fixed_keys()",
    ),
    4: (
        # the effective date of the event that sets ``status`` (NULL while no event has), kept in step
        # with ``status``, so a scorecard of the latest status needs no per-claim event lookup
        "ALTER TABLE ct_claims ADD COLUMN status_on TEXT",
        "UPDATE ct_claims SET status_on = (SELECT e.effective_on FROM ct_events e WHERE e.claim_id = ct_claims.id "
        "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1)",
        # covers a scorecard by speaker of the latest status (and verdict_counts by speaker, as the
        # index it replaces did): the claims table itself is never read. ``id`` is in it because the
        # card lists the unscored claims' ids, and an index holds the rowid, not a TEXT primary key
        # (measured: without it SQLite scans the 2.5 GB table; docs/benchmarks.d/scoring-sql.md)
        "DROP INDEX ct_claims_speaker_status",
        "CREATE INDEX ct_claims_scoring ON ct_claims "
        "(speaker, status, credence, kind, said_on, deadline, status_on, id)",
    ),
}
"""Schema steps: applying 1..N in order, in one transaction, gives schema version N."""


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``***``: fit for messages and ``location``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - the test environment has psycopg
        raise StoreError(
            "PostgreSQL ledgers need psycopg 3: pip install 'claimtrack[postgres]'", location="postgresql"
        ) from exc
    return psycopg


class PostgresStore(SqlStore):
    """A Store in a PostgreSQL database (``postgresql://`` or ``postgres://`` URL)."""

    def __init__(self, url: str, *, create: bool = True, schema_version: int | None = None) -> None:
        self._location = redact_url(url)
        self._password = urlsplit(url).password
        self._psycopg = _import_psycopg()
        self._sql: dict[str, str] = {}
        try:
            self._conn: psycopg.Connection[Any] = self._psycopg.connect(
                url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot connect: {self._scrub(exc)}", location=self._location) from None
        try:
            with self._errors():
                self._open_schema(create=create, target=schema_version or SCHEMA_VERSION)
                self._status_on = self.schema_version >= 4
        except BaseException:
            self._conn.close()
            raise

    def _scrub(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split())
        if self._password:
            text = text.replace(self._password, "***")
        return text

    # -- schema ---------------------------------------------------------------------------

    def _tables(self) -> set[str]:
        rows = self._conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        return {name for (name,) in rows}

    def _meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM ct_meta").fetchall())

    def _open_schema(self, *, create: bool, target: int) -> None:
        tables = self._tables()
        ours = {name for name in tables if name.startswith("ct_")}
        if "ct_meta" not in tables:
            if ours:
                raise StoreCorruptedError(
                    f"tables {', '.join(sorted(ours))} exist but ct_meta does not: not a claimtrack ledger",
                    location=self._location,
                )
            if not create:
                raise StoreNotFoundError("no claimtrack tables here (create=False)", location=self._location)
        elif self._check_meta(self._meta()) >= target:
            return
        with self._conn.transaction():  # create or upgrade in one transaction, one process at a time
            self._conn.execute("SELECT pg_advisory_xact_lock(hashtext('claimtrack-schema:' || current_schema()))")
            tables = self._tables()
            current = self._check_meta(self._meta()) if "ct_meta" in tables else 0
            for step in range(current + 1, target + 1):
                for statement in MIGRATIONS[step]:
                    self._conn.execute(statement.encode())  # bytes: no placeholder parsing of the DDL
            self._conn.execute(
                "INSERT INTO ct_meta (key, value) VALUES ('format', %s), ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (FORMAT, str(target)),
            )

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._errors():
            return int(self._meta()["schema_version"])

    # -- driver hooks ---------------------------------------------------------------------

    def _convert(self, sql: str) -> str:
        converted = self._sql.get(sql)
        if converted is None:
            converted = self._sql[sql] = sql.replace("?", "%s")
        return converted

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._conn.execute(self._convert(sql), params)
        return cursor.fetchall() if cursor.description is not None else []

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(self._convert(sql), rows)

    def _lock_claim(self, claim_id: str) -> int | None:
        rows = self._execute("SELECT version FROM ct_claims WHERE id = ? FOR UPDATE", (claim_id,))
        return int(rows[0][0]) if rows else None

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = self._psycopg
        try:
            yield
        except psycopg.errors.UniqueViolation as exc:
            detail = getattr(exc.diag, "message_detail", None) or ""
            match = re.search(r"=\((.*?)\)", detail)
            raise DuplicateClaimError(match.group(1) if match else "?", self._location) from exc
        except psycopg.errors.DiskFull as exc:
            raise StoreError(
                f"the server's disk is full ({self._scrub(exc)}); the transaction was rolled back",
                location=self._location,
            ) from exc
        except psycopg.errors.UndefinedTable as exc:
            raise StoreCorruptedError(
                f"claimtrack tables are missing: {self._scrub(exc)}", location=self._location
            ) from exc
        except psycopg.OperationalError as exc:
            raise StoreError(f"the database is unreachable: {self._scrub(exc)}", location=self._location) from exc
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {self._scrub(exc)}", location=self._location) from exc

    def close(self) -> None:
        self._conn.close()
