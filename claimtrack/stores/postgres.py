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

from claimtrack.errors import DuplicateClaimError, StoreCorruptedError, StoreError, StoreNotFoundError
from claimtrack.stores._schema import FORMAT, POSTGRES, SCHEMA_VERSION, migrations
from claimtrack.stores._sql import SqlStore
from claimtrack.stores._urls import normalised_url, redact, scrub, secrets_of

if TYPE_CHECKING:
    import psycopg

__all__ = ["MIGRATIONS", "PostgresStore", "redact_url"]

CONNECT_TIMEOUT_S = 10

MIGRATIONS: dict[int, tuple[str, ...]] = dict(migrations(POSTGRES))
"""Schema steps in this engine's spelling (written once in :mod:`claimtrack.stores._schema`)."""


def redact_url(url: str) -> str:
    """``url`` with every secret replaced by ``***``: fit for messages and ``location``.

    The user-info password (also one holding an unencoded ``@``), ``password=``, ``passfile=``,
    ``sslpassword=`` and ``sslkey=`` in the query, and the keyword/value form
    (:func:`claimtrack.stores._urls.redact`).
    """
    return redact(url)


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - the test environment has psycopg
        raise StoreError(
            "PostgreSQL ledgers need psycopg 3: pip install 'claimtrack[postgres]'", location="postgresql"
        ) from exc
    return psycopg


CHANGES_LOCK = 0x63745F6368
"""The advisory lock key that orders claim changes (ct_claim_changes) across writers."""


class PostgresStore(SqlStore):
    """A Store in a PostgreSQL database (``postgresql://`` or ``postgres://`` URL)."""

    def __init__(self, url: str, *, create: bool = True, schema_version: int | None = None) -> None:
        self._location = redact_url(url)
        self._secrets = secrets_of(url)
        self._psycopg = _import_psycopg()
        self._sql: dict[str, str] = {}
        try:
            self._conn: psycopg.Connection[Any] = self._psycopg.connect(
                normalised_url(url), autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot connect: {self._scrub(exc)}", location=self._location) from None
        try:
            with self._errors():
                self._open_schema(create=create, target=schema_version or SCHEMA_VERSION)
                self._status_on = self.schema_version >= 4
                self._changes_on = self.schema_version >= 5
                self._same_as_on = self.schema_version >= 6
        except BaseException:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({self._location!r})"

    def _scrub(self, exc: BaseException) -> str:
        """The driver's message with every secret of the target masked (it may echo the URL)."""
        return scrub(str(exc), self._secrets)

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

    def _order_changes(self) -> None:
        # Change numbers come from an identity column, handed out at insert; two writers could commit
        # them out of order, and a reader that saw the later number would never look at the earlier
        # one. This lock (held to the end of the transaction) makes claim-writing transactions take
        # their numbers one after another. Appending events does not take it.
        self._execute("SELECT pg_advisory_xact_lock(?)", (CHANGES_LOCK,))

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
