"""Claim intake from the command line: ``add`` (flags and --file), ``edit`` and ``status``.

Every test runs on a real folder ledger and a real SQLite ledger in tmp_path. A command that
fails must write nothing: :func:`_state` reads every record back (and, for a folder, every file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click.testing
import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.ledger import Ledger

SAID = "2025-02-12"
TEXT = "GPT-5 will ship by the end of 2025"


@pytest.fixture(params=["folder", "sqlite"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    path = str(tmp_path / ("ledger" if request.param == "folder" else "ledger.sqlite"))
    result = run("init", "--ledger", path)
    assert result.exit_code == 0, result.output
    return path


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def add(ledger: str, claim_id: str = "gpt5", *extra: str, text: str = TEXT, kind: str = "prediction") -> Any:
    base = ["add", "--ledger", ledger, "--id", claim_id, "--text", text, "--speaker", "Sam Altman"]
    return run(*base, "--said-on", SAID, "--kind", kind, *extra)


def _state(ledger: str) -> tuple[list[str], dict[str, bytes]]:
    """Every record as JSON, and for a folder ledger every file but the lock files."""
    with ct.open_ledger(ledger, create=False) as opened:
        records = [record.model_dump_json() for record in opened.records()]
    root = Path(ledger)
    files = {}
    if root.is_dir():
        files = {
            str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".locks" not in p.parts
        }
    return records, files


def _record(ledger: str, claim_id: str) -> ct.ClaimRecord:
    with ct.open_ledger(ledger, create=False) as opened:
        return opened.record_of(claim_id)


def _write(path: Path, *objects: object, raw: str = "") -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects) + raw, encoding="utf-8")
    return path


def _claim(claim_id: str, **overrides: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": claim_id,
        "text": "We will open-source a model",
        "language": "en",
        "speaker": {"name": "Sam Altman"},
        "said_on": SAID,
        "kind": "commitment",
    }
    data.update(overrides)
    return data


def _draft(claim_id: str, **overrides: object) -> dict[str, Any]:
    reasons = [{"part": "kind", "phrase": "will", "rule": "future-will"}]
    return {"claim": _claim(claim_id, **overrides), "reasons": reasons, "extractor": "rules/1", "line": 3}


# -- add from flags ------------------------------------------------------------------------------


def test_add_reads_the_horizon_from_the_text_and_due_lists_it(ledger: str) -> None:
    result = add(ledger)
    assert result.exit_code == 0, result.output
    assert "'by the end of 2025' -> 2025-02-12 .. 2025-12-31" in result.stdout  # printed, so the user sees it
    claim = _record(ledger, "gpt5").claim
    assert claim.horizon is not None
    assert (claim.horizon.text, claim.horizon.end.isoformat() if claim.horizon.end else None) == (
        "by the end of 2025",
        "2025-12-31",
    )
    assert claim.credence is not None
    assert claim.credence.basis is ct.CredenceBasis.UNHEDGED  # a flat "will", read from the text
    due = run("due", "--ledger", ledger, "--as-of", "2026-01-01", "--format", "json")
    assert due.exit_code == 0, due.output
    assert [(row["id"], row["deadline"]) for row in json.loads(due.stdout)] == [("gpt5", "2025-12-31")]


def test_add_without_a_horizon_says_due_will_not_list_it(ledger: str) -> None:
    result = add(ledger, "gpt6", text="GPT-6 will ship")
    assert result.exit_code == 0, result.output
    assert "no horizon found in the text; `claimtrack due` will not list it" in result.stderr
    assert _record(ledger, "gpt6").claim.horizon is None


def test_add_with_horizon_flag_and_credence_word(ledger: str) -> None:
    result = add(ledger, "gpt5", "--horizon", "within two years", "--credence", "probably", text="GPT-5 ships")
    assert result.exit_code == 0, result.output
    claim = _record(ledger, "gpt5").claim
    assert claim.horizon is not None
    assert claim.horizon.end is not None
    assert claim.horizon.end.isoformat() == "2027-02-12"
    assert claim.credence is not None
    assert (claim.credence.word, claim.credence.p, claim.credence.basis) == ("probably", 0.675, ct.CredenceBasis.HEDGE)
    assert "credence: p=0.675 from 'probably'" in result.stdout


@pytest.mark.parametrize(("given", "expected"), [("0.7", 0.7), ("70%", 0.7)])
def test_add_with_credence_number_is_assigned(ledger: str, given: str, expected: float) -> None:
    assert add(ledger, "gpt5", "--credence", given).exit_code == 0
    credence = _record(ledger, "gpt5").claim.credence
    assert credence is not None
    assert (credence.p, credence.basis) == (expected, ct.CredenceBasis.ASSIGNED)


def test_add_stores_translation_source_and_topics(ledger: str) -> None:
    result = add(
        ledger,
        "gpt5",
        "--translation",
        "ja=GPT-5は2025年末までに出る",
        "--translation",
        "de=GPT-5 kommt bis Ende 2025",
        "--topic",
        "gpt-5",
        "--topic",
        "openai",
        "--source",
        "https://example.com/interview",
        "--quote",
        "we will ship it by the end of 2025",
        "--locator",
        "01:13:06",
        "--fidelity",
        "verbatim",
    )
    assert result.exit_code == 0, result.output
    claim = _record(ledger, "gpt5").claim
    assert claim.translations == {"ja": "GPT-5は2025年末までに出る", "de": "GPT-5 kommt bis Ende 2025"}
    assert claim.topics == ("gpt-5", "openai")
    (source,) = claim.sources
    assert (source.url, source.quote, source.locator, source.fidelity, source.role) == (
        "https://example.com/interview",
        "we will ship it by the end of 2025",
        "01:13:06",
        ct.Fidelity.VERBATIM,
        ct.SourceRole.PRIMARY,
    )


@pytest.mark.parametrize(
    ("extra", "kind", "flag", "message"),
    [
        (["--translation", "ja"], "prediction", "'--translation'", "is not LANG=TEXT"),
        (["--translation", "=text"], "prediction", "'--translation'", "is not LANG=TEXT"),
        (["--translation", "not_a_tag=x"], "prediction", "--translation:", "BCP 47"),
        (["--credence", "1.5"], "prediction", "'--credence'", "between 0 and 1"),
        (["--credence", "perhaps-ish"], "prediction", "'--credence'", "neither a probability"),
        (["--horizon", "soonish"], "prediction", "'--horizon'", "cannot read a horizon"),
        (["--horizon", "by 2026"], "opinion", "--horizon:", "has no horizon"),
        (["--credence", "probably"], "assertion", "--credence:", "has no credence"),
        (["--source", "not a url"], "prediction", "--source:", "not an absolute http(s) URL"),
        (["--quote", "words"], "prediction", "--quote", "give --source URL too"),
        (["--said-on", "2025-02-30"], "prediction", "'--said-on'", "is not a date"),
    ],
)
def test_bad_flags_name_the_flag_and_write_nothing(
    ledger: str, extra: list[str], kind: str, flag: str, message: str
) -> None:
    before = _state(ledger)
    result = add(ledger, "gpt5", *extra, kind=kind)
    assert result.exit_code in (1, 2)
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1, result.output
    assert flag in error[0]
    assert message in error[0]
    assert "Traceback" not in result.output
    assert _state(ledger) == before


# -- add --file ----------------------------------------------------------------------------------


def test_add_file_adds_every_draft_with_a_summary(ledger: str, tmp_path: Path) -> None:
    horizon = {"text": "by the end of 2025", "start": SAID, "end": "2025-12-31"}
    f = _write(
        tmp_path / "drafts.jsonl",
        _draft("d-1", kind="prediction", text=TEXT, horizon=horizon),
        _draft("d-2"),
        _claim("c-3", kind="opinion", text="Compute is the currency"),  # a bare claim line is accepted too
    )
    result = run("add", "--ledger", ledger, "--file", str(f))
    assert result.exit_code == 0, result.output
    assert "added 3 claims from" in result.stdout
    assert "1 commitment, 1 opinion, 1 prediction" in result.stdout
    assert "d-2" in result.stderr  # a commitment without a horizon: named in the note
    with ct.open_ledger(ledger, create=False) as opened:
        assert sorted(claim.id for claim in opened) == ["c-3", "d-1", "d-2"]
        assert opened.get("d-1").deadline is not None


def test_add_file_with_one_bad_line_adds_nothing_and_names_the_line(ledger: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "drafts.jsonl", _draft("d-1"), _draft("d-2", kind="guess"), _draft("d-3"))
    before = _state(ledger)
    result = run("add", "--ledger", ledger, "--file", str(f))
    assert result.exit_code == 1
    assert "drafts.jsonl:2: claim 'd-2': field 'claim.kind'" in result.output
    assert "drafts.jsonl:1" not in result.output
    assert "drafts.jsonl:3" not in result.output
    assert _state(ledger) == before


def test_add_file_lists_every_problem_before_refusing(ledger: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "drafts.jsonl", _draft("d-1", said_on="2025-13"), _draft("d-2"), raw='{"id": "d-4", \n')
    before = _state(ledger)
    result = run("add", "--ledger", ledger, "--file", str(f))
    assert result.exit_code == 1
    assert "drafts.jsonl:1: claim 'd-1': field 'claim.said_on" in result.stderr
    assert "drafts.jsonl:3: not valid JSON" in result.stderr
    assert "problems in" in result.output
    assert "nothing added" in result.output
    assert _state(ledger) == before


def test_add_file_with_a_duplicate_id_adds_nothing(ledger: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "drafts.jsonl", _draft("d-1"), _draft("d-2"), _draft("d-1", text="Another"))
    before = _state(ledger)
    result = run("add", "--ledger", ledger, "--file", str(f))
    assert result.exit_code == 1
    assert "drafts.jsonl:3: claim 'd-1': field 'claim.id': the id is also on line 1" in result.output
    assert _state(ledger) == before


def test_add_file_with_an_id_already_in_the_ledger_adds_nothing(ledger: str, tmp_path: Path) -> None:
    assert add(ledger, "d-2").exit_code == 0
    f = _write(tmp_path / "drafts.jsonl", _draft("d-1"), _draft("d-2"))
    before = _state(ledger)
    result = run("add", "--ledger", ledger, "--file", str(f))
    assert result.exit_code == 1
    assert (
        "drafts.jsonl:2: claim 'd-2': field 'claim.id': a claim with this id is already in the ledger" in result.output
    )
    assert _state(ledger) == before
    assert "d-1" not in {json.loads(r)["claim"]["id"] for r in _state(ledger)[0]}


def test_add_many_refuses_a_whole_batch_with_an_existing_id(ledger: str) -> None:
    """What add --file relies on when a claim appears between its check and its write: the store's all or nothing."""
    assert add(ledger, "d-2").exit_code == 0
    before = _state(ledger)
    records = [ct.ClaimRecord(claim=ct.Claim.model_validate(_claim(i))) for i in ("d-1", "d-2", "d-3")]
    with ct.open_ledger(ledger, create=False) as opened, pytest.raises(ct.DuplicateClaimError):
        opened.add_many(records)
    assert _state(ledger) == before


def test_drafts_needing_a_speaker_are_refused_unless_speaker_is_given(ledger: str, tmp_path: Path) -> None:
    unknown = {"name": "(unknown speaker)"}
    f = _write(tmp_path / "drafts.jsonl", _draft("d-1"), _draft("d-2", speaker=unknown))
    before = _state(ledger)
    refused = run("add", "--ledger", ledger, "--file", str(f))
    assert refused.exit_code == 1
    assert "drafts.jsonl:2: claim 'd-2': field 'claim.speaker'" in refused.output
    assert "--speaker" in refused.output
    assert _state(ledger) == before
    added = run("add", "--ledger", ledger, "--file", str(f), "--speaker", "Greg Brockman")
    assert added.exit_code == 0, added.output
    assert _record(ledger, "d-2").claim.speaker.name == "Greg Brockman"
    assert _record(ledger, "d-1").claim.speaker.name == "Sam Altman"  # only drafts that named nobody


def test_add_file_refuses_claim_flags(ledger: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "drafts.jsonl", _draft("d-1"))
    result = run("add", "--ledger", ledger, "--file", str(f), "--text", "x")
    assert result.exit_code == 2
    assert "--text cannot go with it" in result.output


# -- edit ----------------------------------------------------------------------------------------


def test_edit_changes_text_and_horizon_and_bumps_the_version(ledger: str) -> None:
    assert add(ledger, "gpt5", "--topic", "gpt-5").exit_code == 0
    result = run(
        "edit", "--ledger", ledger, "gpt5", "--text", "GPT-5 will ship by mid-2026", "--horizon", "by mid-2026"
    )
    assert result.exit_code == 0, result.output
    assert "version 1 -> 2" in result.stdout
    record = _record(ledger, "gpt5")
    assert record.version == 2
    assert record.claim.text == "GPT-5 will ship by mid-2026"
    assert record.claim.horizon is not None
    assert record.claim.horizon.text == "by mid-2026"
    assert record.claim.topics == ("gpt-5",)  # not given: unchanged
    assert record.claim.speaker.name == "Sam Altman"


def test_edit_with_nothing_new_writes_nothing(ledger: str) -> None:
    assert add(ledger, "gpt5").exit_code == 0
    before = _state(ledger)
    result = run("edit", "--ledger", ledger, "gpt5", "--kind", "prediction")
    assert result.exit_code == 0
    assert "nothing to change" in result.stdout
    assert _state(ledger) == before


def test_edit_clears_and_sets_credence_and_adds_a_translation(ledger: str) -> None:
    assert add(ledger, "gpt5", "--translation", "ja=GPT-5は出る").exit_code == 0
    assert run("edit", "--ledger", ledger, "gpt5", "--clear-credence", "--translation", "de=GPT-5 kommt").exit_code == 0
    claim = _record(ledger, "gpt5").claim
    assert claim.credence is None
    assert claim.translations == {"ja": "GPT-5は出る", "de": "GPT-5 kommt"}


def _record_event(ledger: str) -> None:
    result = run(
        "record",
        "--ledger",
        ledger,
        "gpt5",
        "true",
        "--on",
        "2025-08-07",
        "--evidence-url",
        "https://openai.com/index/introducing-gpt-5/",
        "--evidence-title",
        "Introducing GPT-5",
        "--evidence-published",
        "2025-08-07",
        "--stance",
        "supports",
        "--note",
        "GPT-5 released",
        "--by",
        "alice",
    )
    assert result.exit_code == 0, result.output


def test_edit_refuses_said_on_after_an_event(ledger: str) -> None:
    assert add(ledger).exit_code == 0
    _record_event(ledger)
    before = _state(ledger)
    result = run("edit", "--ledger", ledger, "gpt5", "--said-on", "2025-09-01")
    assert result.exit_code == 1
    assert "refused" in result.output
    assert "2025-08-07" in result.output
    assert _state(ledger) == before
    assert run("edit", "--ledger", ledger, "gpt5", "--said-on", "2025-08-07").exit_code == 0  # the same day is fine


def test_edit_refuses_a_kind_that_strands_events_and_an_id_change(ledger: str) -> None:
    assert add(ledger).exit_code == 0
    _record_event(ledger)
    before = _state(ledger)
    kind = run("edit", "--ledger", ledger, "gpt5", "--kind", "opinion", "--clear-horizon", "--clear-credence")
    assert kind.exit_code == 1
    assert "refused: 1 event(s) judged 'gpt5' as a prediction (checked against its horizon)" in kind.output
    assert "not as an opinion" in kind.output
    renamed = run("edit", "--ledger", ledger, "gpt5", "--id", "gpt5-renamed")
    assert renamed.exit_code == 1
    assert "never changes" in renamed.output
    assert _state(ledger) == before
    assert run("edit", "--ledger", ledger, "gpt5", "--kind", "commitment").exit_code == 0  # both forward-looking


def test_edit_to_a_kind_without_horizon_asks_to_clear_it(ledger: str) -> None:
    assert add(ledger).exit_code == 0
    before = _state(ledger)
    result = run("edit", "--ledger", ledger, "gpt5", "--kind", "assertion")
    assert result.exit_code == 2
    assert "--clear-horizon" in result.output
    assert _state(ledger) == before
    cleared = run("edit", "--ledger", ledger, "gpt5", "--kind", "assertion", "--clear-horizon", "--clear-credence")
    assert cleared.exit_code == 0, cleared.output
    assert _record(ledger, "gpt5").claim.kind is ct.ClaimKind.ASSERTION


def test_edit_refuses_an_unknown_id(ledger: str) -> None:
    before = _state(ledger)
    result = run("edit", "--ledger", ledger, "nope", "--text", "x")
    assert result.exit_code == 1
    assert "no claim 'nope'" in result.output
    assert _state(ledger) == before


def test_edit_refuses_a_concurrent_change(ledger: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone edits the claim between edit's read and its write: ConflictError, their edit kept."""
    assert add(ledger).exit_code == 0
    real = Ledger.record_of

    def read_then_race(self: Ledger, claim_id: str) -> ct.ClaimRecord:
        record = real(self, claim_id)
        with ct.open_ledger(ledger, create=False) as other:
            other.update(record.claim.model_copy(update={"note": "theirs"}), expected_version=record.version)
        return record

    monkeypatch.setattr(Ledger, "record_of", read_then_race)
    result = run("edit", "--ledger", ledger, "gpt5", "--text", "mine")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "changed concurrently" in result.output
    record = _record(ledger, "gpt5")
    assert (record.version, record.claim.note, record.claim.text) == (2, "theirs", TEXT)


# -- status --------------------------------------------------------------------------------------


def test_status_before_and_after_an_event(ledger: str) -> None:
    assert add(ledger).exit_code == 0
    _record_event(ledger)
    before = run("status", "--ledger", ledger, "gpt5", "--as-of", "2025-08-01")
    assert before.exit_code == 0, before.output
    assert "as of 2025-08-01: open" in before.stdout
    assert "Introducing GPT-5" not in before.stdout
    assert "ends 2025-12-31: not yet due" in before.stdout
    after = run("status", "--ledger", ledger, "gpt5", "--as-of", "2025-09-01")
    assert "as of 2025-09-01: true" in after.stdout
    assert "set by the event of 2025-08-07" in after.stdout
    assert "by alice" in after.stdout
    assert "note: GPT-5 released" in after.stdout
    assert (
        "evidence: Introducing GPT-5 <https://openai.com/index/introducing-gpt-5/>, published 2025-08-07, supports"
        in after.stdout
    )
    assert "ends 2025-12-31: resolved" in after.stdout


def test_status_overdue_and_known_at(ledger: str) -> None:
    assert add(ledger).exit_code == 0
    _record_event(ledger)  # recorded now, by the wall clock
    then = run("status", "--ledger", ledger, "gpt5", "--as-of", "2026-01-10", "--known-at", "2025-09-01")
    assert then.exit_code == 0, then.output
    assert ": open" in then.stdout.splitlines()[0]  # the event was not yet recorded then
    assert "overdue by 10 days" in then.stdout
    now = run("status", "--ledger", ledger, "gpt5", "--as-of", "2026-01-10")
    assert ": true" in now.stdout.splitlines()[0]


def test_status_json_parses(ledger: str) -> None:
    assert add(ledger).exit_code == 0
    _record_event(ledger)
    result = run("status", "--ledger", ledger, "gpt5", "--as-of", "2025-09-01", "--json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert (view["verdict"], view["as_of"], view["deadline"], view["overdue"]) == (
        "true",
        "2025-09-01",
        "2025-12-31",
        False,
    )
    assert view["event"]["effective_on"] == "2025-08-07"
    assert view["event"]["by"] == "alice"
    assert [(e["title"], e["published"], e["stance"]) for e in view["evidence"]] == [
        ("Introducing GPT-5", "2025-08-07", "supports")
    ]
    opened = json.loads(run("status", "--ledger", ledger, "gpt5", "--as-of", "2026-01-02", "--json").stdout)
    assert opened["verdict"] == "true"
    early = json.loads(run("status", "--ledger", ledger, "gpt5", "--as-of", "2025-03-01", "--json").stdout)
    assert (early["verdict"], early["event"], early["evidence"]) == ("open", None, [])


def test_status_of_an_unknown_claim_fails_cleanly(ledger: str) -> None:
    result = run("status", "--ledger", ledger, "nope")
    assert result.exit_code == 1
    assert "no claim 'nope'" in result.output
    assert "Traceback" not in result.output


def test_status_shows_control_characters_as_escapes(ledger: str) -> None:
    assert add(ledger, "gpt5", text="GPT-5 will ship by the end of 2025 \x1b]0;pwned\x07 \x1b[2J").exit_code == 0
    result = run("status", "--ledger", ledger, "gpt5", "--as-of", "2025-09-01")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout
    as_json = run("status", "--ledger", ledger, "gpt5", "--as-of", "2025-09-01", "--json")
    assert "\x1b" not in as_json.stdout
    assert json.loads(as_json.stdout)["text"].endswith("\x1b]0;pwned\x07 \x1b[2J")
