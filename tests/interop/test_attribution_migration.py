"""Ledgers recorded before ``not_said`` existed: a rating that says "not said" becomes the verdict.

Real folder and SQLite stores (and PostgreSQL when a server is configured), the real CLI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.interop import mark_attribution_failures
from claimtrack.interop.attribution import MIGRATED_BY
from claimtrack.model import Verdict
from tests.conftest import FixedClock

STORES = ["folder", "sqlite", "postgres"]


@pytest.fixture(params=STORES)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new ledger location of each kind."""
    if request.param == "folder":
        yield str(tmp_path / "ledger")
    elif request.param == "sqlite":
        yield str(tmp_path / "ledger.sqlite")
    else:
        url = os.environ.get("CLAIMTRACK_TEST_POSTGRES")
        if not url:
            if os.environ.get("CI"):
                pytest.fail("CI is set: PostgreSQL tests must run (set CLAIMTRACK_TEST_POSTGRES)")
            pytest.skip("no PostgreSQL: set CLAIMTRACK_TEST_POSTGRES")
        psycopg = pytest.importorskip("psycopg")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"
        finally:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _fill(ledger: ct.Ledger, make_claim: Callable[..., ct.Claim]) -> None:
    """An old-style ledger: a misattributed quote recorded false, a real false, and an open claim."""
    for claim_id in ("misquote", "wrong", "pending"):
        ledger.add(make_claim(claim_id))
    ledger.record("misquote", "false", on=date(2024, 4, 2), rating="Misattributed", note="a viral meme", by="snopes")
    ledger.record("wrong", "false", on=date(2024, 12, 31), rating="False", by="snopes")


def test_a_misattributed_rating_becomes_not_said_and_the_history_stays(
    target: str, make_claim: Callable[..., ct.Claim], clock: FixedClock
) -> None:
    with ct.Ledger.open(target, clock=clock) as ledger:
        _fill(ledger, make_claim)
        before = ct.scorecard(ledger, by="speaker")
        assert before.row("Sam Altman").counts[Verdict.FALSE] == 2

        assert [c.claim_id for c in mark_attribution_failures(ledger, dry_run=True)] == ["misquote"]
        assert ledger.status("misquote") is Verdict.FALSE  # a dry run writes nothing

        clock.set(datetime(2026, 12, 1, tzinfo=UTC))
        (change,) = mark_attribution_failures(ledger)
        assert (change.claim_id, change.was, change.rating) == ("misquote", Verdict.FALSE, "Misattributed")
        history = ledger.history("misquote")
        assert [e.verdict for e in history] == [Verdict.FALSE, Verdict.NOT_SAID]  # appended, nothing rewritten
        assert history[-1].by == MIGRATED_BY
        assert history[-1].effective_on == date(2024, 4, 2)
        assert history[-1].rating == "Misattributed"
        assert "a viral meme" in history[-1].note
        assert ledger.status("wrong") is Verdict.FALSE  # a plain "False" stays the speaker's

        after = ct.scorecard(ledger, by="speaker")
        row = after.row("Sam Altman")
        assert row.counts[Verdict.FALSE] == 1
        assert row.total == 2
        assert [c.claim_id for c in after.not_said] == ["misquote"]
        # the card as known before the migration still shows what was recorded then
        then = ct.scorecard(ledger, by="speaker", known_at=datetime(2026, 11, 30, tzinfo=UTC))
        assert then.row("Sam Altman").counts[Verdict.FALSE] == 2
        assert not then.not_said

        assert mark_attribution_failures(ledger) == ()  # a second run finds nothing


def test_the_command_lists_then_re_records(tmp_path: Path, make_claim: Callable[..., ct.Claim]) -> None:
    path = tmp_path / "ledger.sqlite"
    with ct.Ledger.open(path) as ledger:
        _fill(ledger, make_claim)
    runner = CliRunner()
    dry = runner.invoke(main, ["fidelity", "mark-not-said", "--ledger", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "misquote: false -> not_said" in dry.stdout
    assert "would re-record 1 claim(s)" in dry.stderr
    with ct.Ledger.open(path) as ledger:
        assert ledger.status("misquote") is Verdict.FALSE
    done = runner.invoke(main, ["fidelity", "mark-not-said", "--ledger", str(path)])
    assert done.exit_code == 0, done.output
    assert "re-recorded 1 claim(s)" in done.stderr
    with ct.Ledger.open(path) as ledger:
        assert ledger.status("misquote") is Verdict.NOT_SAID
    again = runner.invoke(main, ["fidelity", "mark-not-said", "--ledger", str(path)])
    assert "re-recorded 0 claim(s)" in again.stderr
