"""Fixtures for the store contract suite: one target per store kind, real databases only.

PostgreSQL: the URL comes from $CLAIMTRACK_TEST_POSTGRES; when unset, the
session starts a throwaway server with scripts/pg-start (as root, with
Debian's PostgreSQL installed). When no server can be had, PostgreSQL tests
skip locally and FAIL when $CI is set. Each test gets its own PostgreSQL
schema (selected with ``options=-csearch_path=...`` in the URL), dropped after.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import attrs
import pytest

import claimtrack as ct
from claimtrack.ledger import MemoryStore
from claimtrack.stores import system_clock

REPO = Path(__file__).resolve().parents[2]


def _load_strategies() -> None:
    """Make tests/stores/strategies.py importable as ``stores_strategies`` (importlib import mode)."""
    if "stores_strategies" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location("stores_strategies", Path(__file__).with_name("strategies.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["stores_strategies"] = module
    spec.loader.exec_module(module)


_load_strategies()
PERSISTENT = ("folder", "sqlite", "postgres")
ALL = ("memory", *PERSISTENT)


def _start_postgres() -> str | None:
    url = os.environ.get("CLAIMTRACK_TEST_POSTGRES")
    if url:
        return url
    script = REPO / "scripts" / "pg-start"
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or os.geteuid() != 0:
        return None
    done = subprocess.run([str(script)], capture_output=True, text=True, timeout=120, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("export CLAIMTRACK_TEST_POSTGRES="):
            url = line.split("=", 1)[1].strip()
            os.environ["CLAIMTRACK_TEST_POSTGRES"] = url
            return url
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a reachable PostgreSQL server (skip or, under CI, fail without one)."""
    url = _start_postgres()
    problem = None
    if url is None:
        problem = "no PostgreSQL: set CLAIMTRACK_TEST_POSTGRES or run scripts/pg-start as root"
    else:
        import psycopg

        try:
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            problem = f"PostgreSQL at CLAIMTRACK_TEST_POSTGRES is unreachable: {type(exc).__name__}"
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(problem + " (CI is set: PostgreSQL tests must run)")
        pytest.skip(problem)
    assert url is not None
    return url


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A ledger URL on a fresh, empty PostgreSQL schema of its own."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@attrs.define
class Target:
    """Where a test's ledger lives; ``open`` may be called again (memory: the same store)."""

    kind: str
    url: str
    memory: MemoryStore | None = None
    opened: list[ct.Ledger] = attrs.field(factory=list)

    def open(self, clock: Callable[[], datetime] | None = None, *, create: bool = True) -> ct.Ledger:
        if self.memory is not None:
            return ct.Ledger(self.memory, clock=clock or system_clock)
        ledger = ct.Ledger.open(self.url, create=create, clock=clock)
        self.opened.append(ledger)
        return ledger

    def close_all(self) -> None:
        for ledger in self.opened:
            ledger.close()


def make_target(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Target:
    if kind == "memory":
        return Target(kind, ":memory:", MemoryStore())
    if kind == "folder":
        return Target(kind, str(tmp_path / "ledger"))
    if kind == "sqlite":
        return Target(kind, str(tmp_path / "ledger.sqlite"))
    return Target(kind, request.getfixturevalue("postgres_schema"))


@pytest.fixture(params=ALL)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """Each store kind in turn: memory, folder, SQLite, PostgreSQL."""
    made = make_target(request.param, tmp_path, request)
    yield made
    made.close_all()


@pytest.fixture(params=PERSISTENT)
def persistent(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """Each store kind that other processes can open: folder, SQLite, PostgreSQL."""
    made = make_target(request.param, tmp_path, request)
    yield made
    made.close_all()
