"""CSV round trip into the same ledger: nothing new and no conflict, a spreadsheet's new row, real conflicts.

The data is the bundled ledger (fixtures/altman-lex-fridman-2024), copied to a
temporary folder: an export of it, read back into it, must find nothing new,
and a verdict row added the way a spreadsheet saves it must merge as one event.
"""

from __future__ import annotations

import csv
import os
import shutil
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.interop import tabular
from claimtrack.interop.tabular import other_fields
from tests.conftest import BUNDLED

CLAIM = "amazing-model-2024"
"""A claim of the bundled ledger: "this year we will release an amazing model", true since GPT-4o (2024-05-13)."""


def run(*args: str, status: int = 0) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == status, result.output
    return result


@pytest.fixture
def ledger_dir(tmp_path: Path) -> Path:
    """A copy of the bundled ledger that the test may change."""
    target = tmp_path / "ledger"
    shutil.copytree(BUNDLED, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "claims").iterdir())}


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows as a spreadsheet sees them (what Python's csv module reads, BOM removed)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def save_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Save the rows as a spreadsheet does: every column, quoted where needed, CRLF, with a BOM."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("rows", ["events", "claims"])
def test_the_bundled_ledger_reimports_its_own_csv_with_nothing_new(ledger_dir: Path, tmp_path: Path, rows: str) -> None:
    before = snapshot(ledger_dir)
    out = tmp_path / "claims.csv"
    run("export", "csv", "--ledger", str(ledger_dir), "--rows", rows, "--bom", "-o", str(out))
    result = run("import", "csv", str(out), "--ledger", str(ledger_dir))
    assert "0 added, 0 merged (new events), 64 unchanged, 0 conflict(s)" in result.output
    assert snapshot(ledger_dir) == before

    with ct.Ledger.open(ledger_dir, create=False) as ledger:
        read = tabular.read_csv(out)
        assert read.problems == ()
        for record in read.ledger.records():
            stored = ledger.record_of(record.claim.id)
            assert record.claim == stored.claim
            assert set(record.events) <= set(stored.events)


def test_the_csv_carries_the_horizon_rule_the_credence_band_and_the_fidelity(ledger_dir: Path) -> None:
    with ct.Ledger.open(ledger_dir, create=False) as ledger:
        text = tabular.to_csv(ledger)
        claim = ledger.get(CLAIM)
        banded = next(c.credence for c in ledger if c.credence is not None and c.credence.band)
        banded_id = next(c.id for c in ledger if c.credence == banded)
    rows = {r["claim_id"]: r for r in csv.DictReader(text.splitlines())}
    row = rows[CLAIM]
    assert (row["horizon_rule"], row["source_fidelity"]) == ("this-year", "verbatim")
    assert row["source_locator"] == "01:06:23"
    assert row["translations"].startswith('{"en": "This year we will release an amazing model')
    assert rows[banded_id]["credence_band"] == banded.band
    rest = other_fields.apply(claim.model_dump(mode="json"), row["other_fields"])
    assert rest == ()
    assert '"sources.1"' in row["other_fields"]  # the article: a second source, with its own fidelity
    assert '"fidelity":"faithful"' in row["other_fields"]


def test_a_verdict_row_added_in_a_spreadsheet_merges_as_one_new_event(ledger_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    with ct.Ledger.open(ledger_dir, create=False) as ledger:
        events_before = sum(len(r.events) for r in ledger.records())
    run("export", "csv", "--ledger", str(ledger_dir), "--rows", "events", "--bom", "-o", str(out))
    rows = read_rows(out)
    added = dict(next(r for r in rows if r["claim_id"] == CLAIM))
    added.update(
        verdict="true",
        effective_on="2024-12-05",
        event_note="o1 came out on 2024-12-05, also in 2024.",
        by="spreadsheet edit",
        event_id="",
        recorded_at="",
        evidence_ids="",
        evidence_urls="",
        rating="",
        origin="",
    )
    rows.append(added)
    save_rows(out, rows)

    result = run("import", "csv", str(out), "--ledger", str(ledger_dir))
    assert "0 added, 1 merged (new events), 63 unchanged, 0 conflict(s)" in result.output
    with ct.Ledger.open(ledger_dir, create=False) as ledger:
        first, new = ledger.history(CLAIM)
        assert first.effective_on == date(2024, 5, 13)
        assert (new.verdict, new.effective_on, new.by) == (ct.Verdict.TRUE, date(2024, 12, 5), "spreadsheet edit")
        assert new.recorded_at == datetime(2024, 12, 5, tzinfo=UTC)  # an empty recorded_at: midnight UTC
        assert sum(len(r.events) for r in ledger.records()) == events_before + 1
    again = run("import", "csv", str(out), "--ledger", str(ledger_dir))
    assert "0 added, 0 merged (new events), 64 unchanged, 0 conflict(s)" in again.output


def test_a_copied_row_that_keeps_its_event_id_is_read_as_a_new_event(ledger_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    run("export", "csv", "--ledger", str(ledger_dir), "--rows", "events", "-o", str(out))
    rows = read_rows(out)
    copy = dict(next(r for r in rows if r["claim_id"] == CLAIM))
    copy.update(effective_on="2024-12-05", event_note="o1 came out on 2024-12-05, also in 2024.")
    rows.append(copy)
    save_rows(out, rows)

    read = tabular.read_csv(out)
    (problem,) = read.problems
    assert (problem.code, problem.field, problem.record, problem.path) == (
        "copied_event",
        "event_id",
        f"row {len(rows) + 1}",
        str(out),
    )
    assert "effective_on, note" in problem.message
    result = run("import", "csv", str(out), "--ledger", str(ledger_dir))
    assert "0 added, 1 merged (new events), 63 unchanged, 0 conflict(s)" in result.output


def test_a_changed_claim_cell_is_a_conflict_naming_the_claim_and_the_field(ledger_dir: Path, tmp_path: Path) -> None:
    before = snapshot(ledger_dir)
    out = tmp_path / "claims.csv"
    run("export", "csv", "--ledger", str(ledger_dir), "--rows", "events", "-o", str(out))
    rows = read_rows(out)
    for row in rows:
        if row["claim_id"] == CLAIM:
            row["horizon_end"] = "2025-12-31"
        elif row["claim_id"] == "ads-worse-with-ai":
            row["verdict"] = "mostly_false"  # an event edited in place instead of a row added
    save_rows(out, rows)

    result = run("import", "csv", str(out), "--ledger", str(ledger_dir), status=2)
    # the claim whose event was edited in place is unchanged (it gained nothing) and in conflict
    assert "0 added, 0 merged (new events), 63 unchanged, 2 conflict(s)" in result.output
    assert f"claim '{CLAIM}': field 'claim.horizon.end'" in result.output
    assert "'2024-12-31' in this ledger, '2025-12-31' in the other" in result.output
    assert "claim 'ads-worse-with-ai': field 'events.evt-" in result.output
    assert "events are never edited" in result.output
    assert snapshot(ledger_dir) == before  # the ledger keeps its version of both


def test_merge_names_every_field_that_differs(ledger_dir: Path) -> None:
    with ct.Ledger.open(ledger_dir, create=False) as ledger:
        record = ledger.record_of(CLAIM)
        claim = record.claim
        assert claim.horizon is not None
        changed = claim.model_copy(
            update={
                "horizon": claim.horizon.model_copy(update={"rule": None}),
                "sources": (claim.sources[0], claim.sources[1].model_copy(update={"fidelity": None})),
            }
        )
        other = ct.Ledger.in_memory(clock=ledger.clock)
        other.add(changed)
        (conflict,) = ledger.merge(other).conflicts
    assert (conflict.code, conflict.record, conflict.field) == ("merge_conflict", CLAIM, "claim.sources.1.fidelity")
    assert "in sources.1.fidelity, horizon.rule" in conflict.message


def test_a_transcript_quote_over_the_csv_modules_default_limit_round_trips(ledger_dir: Path, tmp_path: Path) -> None:
    with ct.Ledger.open(ledger_dir, create=False) as bundled:
        record = bundled.record_of(CLAIM)
    spoken = record.claim.sources[0].quote
    assert spoken
    quote = "\n".join([spoken] * 1_600)  # a long stretch of transcript: more than one cell may hold by default
    assert len(quote) > 128 * 1024  # the csv module's default field_size_limit, in characters
    sources = (record.claim.sources[0].model_copy(update={"quote": quote}), *record.claim.sources[1:])
    claim = record.claim.model_copy(update={"sources": sources})
    target = tmp_path / "long"
    with ct.Ledger.open(target) as ledger:
        ledger.add(claim, events=record.events, evidence=record.evidence)
        out = tmp_path / "long.csv"
        assert tabular.write_csv(ledger, out, rows="events") == 1
        read = tabular.read_csv(out)
        assert read.problems == ()
        assert read.ledger.get(CLAIM).sources[0].quote == quote
        report = ledger.merge(read.ledger)
    assert (report.unchanged, report.conflicts) == ((CLAIM,), ())


def test_bad_cells_name_the_file_row_and_field_and_the_rest_is_read(ledger_dir: Path, tmp_path: Path) -> None:
    before = snapshot(ledger_dir)
    out = tmp_path / "claims.csv"
    run("export", "csv", "--ledger", str(ledger_dir), "--rows", "events", "-o", str(out))
    rows = read_rows(out)
    rows[0]["source_fidelity"] = "faithfull"
    rows[1]["other_fields"] = "{not json"
    rows[2]["effective_on"] = "someday"
    save_rows(out, rows)

    read = tabular.read_csv(out)
    found = [(p.path, p.record, p.field, p.code, p.severity) for p in read.problems]
    assert found == [
        (str(out), "row 2", "source_fidelity", "bad_value", "warning"),
        (str(out), "row 3", "other_fields", "bad_value", "warning"),
        (str(out), "row 4", "effective_on", "bad_date", "error"),
    ]
    assert len(read.ledger) == 64  # one bad row never stops the others

    result = run("import", "csv", str(out), "--ledger", str(ledger_dir), status=2)
    assert f"{out}: claim 'row 4': field 'effective_on': error: cannot read effective_on 'someday'" in result.output
    assert f"claim '{rows[0]['claim_id']}': field 'claim.sources.0.fidelity'" in result.output
    assert snapshot(ledger_dir) == before  # nothing stored is lost or changed


def test_other_fields_that_no_longer_fit_are_reported_and_skipped() -> None:
    claim: dict[str, Any] = {"id": "x", "horizon": None, "sources": [{"url": None}], "criteria": []}
    why = other_fields.apply(
        claim, '{"horizon.rule": "this-year", "sources.1": {"role": "secondary"}, "criteria.0": 1}'
    )
    assert why == ("other_fields sets 'horizon.rule', but the claim has no 'horizon'; that part is ignored",)
    assert claim["sources"] == [{"url": None}, {"role": "secondary"}]
    assert claim["criteria"] == [1]
    assert other_fields.apply(claim, "[1]") == ("other_fields is a JSON list, not an object; ignored",)


def test_an_export_file_is_written_atomically_with_the_usual_mode(ledger_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    umask = os.umask(0o022)
    os.umask(umask)
    with ct.Ledger.open(ledger_dir, create=False) as ledger:
        tabular.write_csv(ledger, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
        out.chmod(0o664)
        written = out.read_bytes()
        with pytest.raises(ct.ClaimNotFoundError):
            tabular.write_csv(ledger, out, [CLAIM, "no-such-claim"])
        assert out.read_bytes() == written  # a failed export leaves the old file
        tabular.write_csv(ledger, out, [CLAIM])
    assert stat.S_IMODE(out.stat().st_mode) == 0o664  # a replaced file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv", "ledger"]  # no temporary file left


def test_other_fields_can_complete_columns_that_alone_make_no_claim() -> None:
    header = "claim_id,text,speaker,said_on,kind,horizon_text,horizon_start,other_fields\n"
    row = 'a,An assertion,Ann Example,2024-03-18,assertion,this year,2024-03-18,"{""horizon"":null}"\n'
    result = tabular.parse_csv(header + row, path="edited.csv")
    assert result.problems == ()
    assert result.ledger.get("a").horizon is None
    alone = tabular.parse_csv(header + row.replace(',"{""horizon"":null}"', ","), path="edited.csv")
    assert [(p.record, p.field) for p in alone.problems] == [("row 2", "claim")]
