"""Issue 12: damaged records are refused, never silently dropped from scorecards and listings.

One ledger of three claims: two graded (one came true, one did not: a 50 % hit rate) and one open
prediction that is overdue. Then the claim that came *false* is damaged (its kind set to a value
the schema refuses): before the fix the card said "2 claims" and 100 %, exit 0, nothing on stderr.
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.errors import DamagedRecordsError, DamagedRecordsWarning, StoreCorruptedError
from claimtrack.renderers import render_html, render_json, render_markdown, render_terminal

AS_OF = date(2026, 1, 1)
CLOCK = datetime(2025, 6, 1, tzinfo=UTC)


def _claim(claim_id: str, kind: str = "prediction") -> ct.Claim:
    data: dict[str, object] = {
        "id": claim_id,
        "text": f"Claim {claim_id} will happen",
        "language": "en",
        "speaker": {"name": "Sam Altman"},
        "said_on": "2024-03-18",
        "kind": kind,
    }
    if kind == "prediction":
        data["horizon"] = {"text": "this year", "start": date(2024, 3, 18), "end": date(2024, 12, 31)}
    return ct.Claim.model_validate(data)


def _fill(ledger: ct.Ledger) -> None:
    for claim_id in ("a-true", "b-false", "c-open"):
        ledger.add(_claim(claim_id))
    ledger.record("a-true", "true", on=date(2025, 1, 10))
    ledger.record("b-false", "false", on=date(2025, 1, 10))


def _damage(kind: str, url: str) -> None:
    """Set the kind of claim b-false to a value the schema refuses, as a person or a script could."""
    if kind == "folder":
        path = Path(url) / "claims" / "b-false.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["claim"]["kind"] = "prophecy"
        path.write_text(json.dumps(data), encoding="utf-8")
    elif kind == "sqlite":
        with sqlite3.connect(url) as conn:
            conn.execute(
                "UPDATE ct_claims SET kind = 'prophecy', body = json_set(body, '$.kind', 'prophecy') "
                "WHERE id = 'b-false'"
            )
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "UPDATE ct_claims SET kind = 'prophecy', "
                "body = jsonb_set(CAST(body AS jsonb), '{kind}', '\"prophecy\"')::text WHERE id = 'b-false'"
            )


@pytest.fixture(params=["folder", "sqlite", "postgres"])
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(store kind, ledger URL) of a three-claim ledger whose claim b-false is damaged."""
    kind = request.param
    url = {
        "folder": str(tmp_path / "ledger"),
        "sqlite": str(tmp_path / "ledger.sqlite"),
    }.get(kind) or request.getfixturevalue("postgres_schema")
    with ct.Ledger.open(url, clock=lambda: CLOCK) as ledger:
        _fill(ledger)
        healthy = ct.scorecard(ledger, as_of=AS_OF)
        assert healthy.total.total == 3
        assert healthy.total.hit_rate == pytest.approx(0.5)
    _damage(kind, url)
    return kind, url


def test_scorecard_refuses_a_ledger_with_damaged_records(damaged: tuple[str, str]) -> None:
    kind, url = damaged
    with ct.Ledger.open(url, create=False) as ledger, pytest.raises(DamagedRecordsError) as caught:
        ct.scorecard(ledger, as_of=AS_OF)
    error = caught.value
    assert isinstance(error, StoreCorruptedError)
    assert error.count == 1
    assert any(p.record == "b-false" for p in error.problems)
    if kind == "folder":
        assert any(p.path is not None and p.path.endswith("b-false.json") for p in error.problems)
        assert any(p.field == "claim.kind" for p in error.problems)
    assert "--skip-invalid" in str(error)


@pytest.mark.parametrize("max_claims", ["auto", None])
def test_scorecard_skip_invalid_counts_what_it_left_out(damaged: tuple[str, str], max_claims: str | None) -> None:
    """Both paths (SQL sums with "auto" on a database, the Python path with None) skip and count."""
    _, url = damaged
    with ct.Ledger.open(url, create=False) as ledger, pytest.warns(DamagedRecordsWarning, match="1 damaged record"):
        card = ct.scorecard(ledger, as_of=AS_OF, skip_invalid=True, max_claims=max_claims)
    assert card.skipped_invalid == 1
    assert card.total.total == 2
    for text in (render_markdown(card), render_html(card), render_terminal(card)):
        assert "1 damaged record skipped" in text
    assert json.loads(render_json(card))["skipped_invalid"] == 1


def test_a_healthy_card_skips_nothing(tmp_path: Path) -> None:
    with ct.Ledger.open(tmp_path / "ledger", clock=lambda: CLOCK) as ledger:
        _fill(ledger)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            card = ct.scorecard(ledger, as_of=AS_OF, skip_invalid=True)
    assert card.skipped_invalid == 0
    assert "damaged" not in render_markdown(card)
    assert json.loads(render_json(card))["skipped_invalid"] == 0


def test_claims_and_due_refuse_or_skip(damaged: tuple[str, str]) -> None:
    _, url = damaged
    with ct.Ledger.open(url, create=False) as ledger:
        with pytest.raises(DamagedRecordsError):
            ledger.claims()
        with pytest.raises(DamagedRecordsError):
            ledger.claims(speaker="Sam Altman")
        with pytest.raises(DamagedRecordsError):
            ledger.due(as_of=AS_OF)
        with pytest.warns(DamagedRecordsWarning):
            assert [c.id for c in ledger.claims(skip_invalid=True)] == ["a-true", "c-open"]
        with pytest.warns(DamagedRecordsWarning):
            assert [c.id for c in ledger.due(as_of=AS_OF, skip_invalid=True)] == ["c-open"]


def test_the_folder_store_judges_a_record_in_one_place(tmp_path: Path) -> None:
    """records(), problems() and the lean scorecard path all agree, through FolderStore.parse_raw."""
    with ct.Ledger.open(tmp_path / "ledger", clock=lambda: CLOCK) as ledger:
        _fill(ledger)
    _damage("folder", str(tmp_path / "ledger"))
    store = ct.Ledger.open(tmp_path / "ledger").store
    scanned = list(store.scan())  # type: ignore[attr-defined]
    assert [r.claim.id if r is not None else None for r, _ in scanned] == ["a-true", None, "c-open"]
    assert [r.claim.id for r in store.records()] == ["a-true", "c-open"]
    assert [p for _, problems in scanned for p in problems] == list(store.problems())


@pytest.mark.parametrize("command", [["scorecard"], ["list"], ["due", "--as-of", "2026-01-01"]])
def test_cli_refuses_and_lists_each_damaged_file(damaged: tuple[str, str], command: list[str]) -> None:
    kind, url = damaged
    extra = ["--as-of", "2026-01-01"] if command == ["scorecard"] else []
    result = CliRunner().invoke(main, [*command, *extra, "--ledger", url])
    assert result.exit_code == 1, result.output
    assert "damaged: " in result.stderr
    assert "b-false" in result.stderr
    if kind == "folder":
        assert "b-false.json" in result.stderr
    assert "--skip-invalid" in result.stderr
    assert "a-true" not in result.stdout


@pytest.mark.parametrize("command", [["scorecard"], ["list"], ["due", "--as-of", "2026-01-01"]])
def test_cli_skip_invalid_warns_with_the_count(damaged: tuple[str, str], command: list[str]) -> None:
    _, url = damaged
    extra = ["--as-of", "2026-01-01"] if command == ["scorecard"] else []
    result = CliRunner().invoke(main, [*command, *extra, "--ledger", url, "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr
    assert "1 damaged record" in result.stderr
    if command == ["scorecard"]:
        assert "1 damaged record skipped" in result.stdout
        assert "2 claims" in result.stdout
    elif command == ["list"]:
        assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["a-true", "c-open"]
    else:
        assert "c-open" in result.stdout


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_listed_record_damaged_only_in_its_json_stops_the_sql_card(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The card's claim table is read lean from the stored JSON; a body the schema refuses (its
    columns intact, so the sums look fine) is still found, named and refused, or skipped and counted."""
    url = str(tmp_path / "ledger.sqlite") if kind == "sqlite" else request.getfixturevalue("postgres_schema")
    with ct.Ledger.open(url, clock=lambda: CLOCK) as ledger:
        _fill(ledger)
    if kind == "sqlite":
        with sqlite3.connect(url) as conn:
            conn.execute("UPDATE ct_claims SET body = json_set(body, '$.colour', 'red') WHERE id = 'b-false'")
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "UPDATE ct_claims SET body = jsonb_set(CAST(body AS jsonb), '{colour}', '\"red\"')::text "
                "WHERE id = 'b-false'"
            )
    with ct.Ledger.open(url, create=False) as ledger:
        with pytest.raises(DamagedRecordsError) as caught:
            ct.scorecard(ledger, as_of=AS_OF)
        assert caught.value.count == 1
        assert [(p.record, p.field) for p in caught.value.problems] == [("b-false", "claim.colour")]
        with pytest.warns(DamagedRecordsWarning, match="1 damaged record"):
            card = ct.scorecard(ledger, as_of=AS_OF, skip_invalid=True)
    assert card.skipped_invalid == 1
    assert (card.total.total, card.total.hit_rate) == (2, 1.0)
