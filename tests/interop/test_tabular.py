"""CSV export and import: round trip of ids, dates and verdicts; BOM; spreadsheet quirks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack import Verdict
from claimtrack.interop import tabular


@pytest.fixture
def ledger(make_claim: Callable[..., ct.Claim], memory_ledger: ct.Ledger) -> ct.Ledger:
    memory_ledger.add(make_claim())
    memory_ledger.record(
        "gpt5-this-year",
        "true",
        on=date(2024, 5, 13),
        evidence=[ct.Evidence(url="https://openai.com/index/hello-gpt-4o/", title="Hello GPT-4o")],
        note="GPT-4o shipped",
        by="editor",
        rating="Promise Kept",
    )
    memory_ledger.add(make_claim("no-events", kind="assertion", horizon=None, text="=SUM(A1) -not a formula"))
    return memory_ledger


@pytest.mark.parametrize("rows", ["claims", "events"])
def test_ids_dates_and_verdicts_round_trip(ledger: ct.Ledger, rows: tabular.Rows) -> None:
    text = tabular.to_csv(ledger, rows=rows)
    result = tabular.parse_csv(text)
    assert result.problems == ()
    for record in ledger.records():
        back = result.ledger.record_of(record.claim.id)
        assert back.claim == record.claim
        assert back.events == record.events
        assert [e.url for e in back.evidence] == [e.url for e in record.evidence]
        assert [e.id for e in back.evidence] == [e.id for e in record.evidence]


def test_one_row_per_event_or_per_claim(ledger: ct.Ledger) -> None:
    ledger.record("gpt5-this-year", "mostly_true", on=date(2024, 6, 1))
    assert len(tabular.to_csv(ledger, rows="events").splitlines()) == 1 + 3
    per_claim = tabular.parse_csv(tabular.to_csv(ledger, rows="claims"))
    assert per_claim.ledger.status("gpt5-this-year") is Verdict.MOSTLY_TRUE  # the latest event
    assert len(per_claim.ledger.history("gpt5-this-year")) == 1


def test_bom_and_japanese_text_for_spreadsheets(
    make_claim: Callable[..., ct.Claim], memory_ledger: ct.Ledger, tmp_path: Path
) -> None:
    memory_ledger.add(make_claim("ja", language="ja", text="今年、素晴らしいモデルをリリースする", translations={}))
    path = tmp_path / "claims.csv"
    assert tabular.write_csv(memory_ledger, path, bom=True) == 1
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "今年、素晴らしいモデルをリリースする".encode() in raw
    plain = tmp_path / "plain.csv"
    tabular.write_csv(memory_ledger, plain)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    for source in (path, plain):
        assert tabular.from_csv(source).get("ja").text == "今年、素晴らしいモデルをリリースする"


def test_formula_like_cells_are_neutralised_and_restored(ledger: ct.Ledger) -> None:
    text = tabular.to_csv(ledger)
    assert "'=SUM(A1) -not a formula" in text
    assert tabular.parse_csv(text).ledger.get("no-events").text == "=SUM(A1) -not a formula"


def test_spreadsheet_edits_are_read_with_warnings_and_bad_rows_reported() -> None:
    header = "claim_id,text,speaker,said_on,kind,verdict,effective_on,recorded_at,rating\n"
    rows = (
        "a,First claim,Ann Example,2024/3/18,assertion,Pants on Fire,2024/4/1,,\n"
        "b,,Ann Example,2024-03-18,assertion,,,,\n"
        "c,Third claim,Ann Example,someday,assertion,,,,\n"
        "d,Fourth claim,Ann Example,2024-03-18,assertion,false,2024-03-01,,\n"
        "e,Fifth claim,Ann Example,2024-03-18,assertion,false,2024-03-20,2024-03-21 10:00,\n"
    )
    result = tabular.parse_csv(header + rows, path="edited.csv")
    assert [(p.record, p.code, p.severity) for p in result.problems] == [
        ("row 2", "odd_date", "warning"),
        ("row 2", "mapped_verdict", "warning"),
        ("row 2", "odd_date", "warning"),
        ("row 3", "missing_claim", "error"),
        ("row 4", "bad_date", "error"),
        ("row 5", "bad_event", "error"),
        ("row 6", "naive_time", "warning"),
    ]
    assert all(p.path == "edited.csv" for p in result.problems)
    a = result.ledger.record_of("a")
    assert (a.events[0].verdict, a.events[0].rating) == (Verdict.FALSE, "Pants on Fire")
    assert a.events[0].recorded_at == datetime(2024, 4, 1, tzinfo=UTC)
    assert result.ledger.history("d") == ()  # the claim is kept, its impossible event is not
    assert result.ledger.history("e")[0].recorded_at == datetime(2024, 3, 21, 10, tzinfo=UTC)


def test_a_header_without_the_needed_columns_is_one_clear_error() -> None:
    result = tabular.parse_csv("name,when\nx,2024\n", path="wrong.csv")
    (problem,) = result.problems
    assert (problem.code, problem.severity, problem.path) == ("missing_column", "error", "wrong.csv")
    assert len(result.ledger) == 0
