"""The bundled example ledgers open by name, read-only, from any folder; a new ledger needs an existing folder."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from tests.conftest import BUNDLED

NAME = "altman-lex-fridman-2024"


def _digest(folder: Path) -> str:
    """One hash over every file's path and bytes under ``folder``."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_the_bundled_ledger_is_listed_and_opens_by_name_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert ct.examples.names() == (NAME,)
    assert ct.examples.path(NAME).resolve() == BUNDLED.resolve()  # a source checkout reads fixtures/ itself
    ledger = ct.examples.open(NAME)
    assert len(ledger) == len(list((BUNDLED / "claims").glob("*.json")))
    assert ledger.status("amazing-model-2024") is ct.Verdict.TRUE
    assert ledger.status("amazing-model-2024", as_of=date(2024, 4, 1)) is ct.Verdict.OPEN
    assert "Lex Fridman" in ct.examples.title(NAME)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_example_is_refused_naming_the_examples() -> None:
    with pytest.raises(ct.StoreNotFoundError, match=NAME):
        ct.examples.open("altman-2024")


def test_the_example_is_read_only_and_no_write_touches_its_files(make_claim) -> None:  # type: ignore[no-untyped-def]
    before = _digest(BUNDLED)
    ledger = ct.examples.open(NAME)
    claim = ledger.get("capable-systems-end-of-decade")
    writes = [
        lambda: ledger.record(claim.id, "false", on=date(2025, 1, 1), note="a try"),
        lambda: ledger.add(make_claim(id="new-claim")),
        lambda: ledger.add_many([ct.ClaimRecord(claim=make_claim(id="other-claim"))]),
        lambda: ledger.update(claim.model_copy(update={"note": "edited"}), expected_version=1),
        lambda: ledger.amend_evidence("amazing-model-2024", ledger.evidence("amazing-model-2024")[:1]),
        lambda: ledger.merge([ct.ClaimRecord(claim=make_claim(id="merged-claim"))]),
    ]
    for write in writes:
        with pytest.raises(ct.StoreError, match="read-only"):
            write()
    assert ledger.status(claim.id) is ct.Verdict.OPEN
    assert _digest(BUNDLED) == before


def test_a_scratch_copy_in_memory_takes_changes(clock) -> None:  # type: ignore[no-untyped-def]
    scratch = ct.Ledger.in_memory(clock=clock)
    scratch.merge(ct.examples.open(NAME))
    scratch.record("capable-systems-end-of-decade", "false", on=date(2026, 11, 27))
    assert scratch.status("capable-systems-end-of-decade") is ct.Verdict.FALSE
    assert ct.examples.open(NAME).status("capable-systems-end-of-decade") is ct.Verdict.OPEN


def test_copy_makes_a_writable_ledger_in_a_new_folder(tmp_path: Path) -> None:
    before = _digest(BUNDLED)
    mine = ct.examples.copy(NAME, tmp_path / "mine")
    mine.record("capable-systems-end-of-decade", "false", on=date(2025, 1, 1))
    reopened = ct.open_ledger(tmp_path / "mine", create=False)
    assert reopened.status("capable-systems-end-of-decade") is ct.Verdict.FALSE
    assert len(reopened) == len(ct.examples.open(NAME))
    assert _digest(BUNDLED) == before
    with pytest.raises(ct.StoreError, match="already exists"):
        ct.examples.copy(NAME, tmp_path / "mine")
    with pytest.raises(ct.StoreNotFoundError, match="does not exist"):
        ct.examples.copy(NAME, tmp_path / "no" / "such" / "place")
    assert not (tmp_path / "no").exists()


# -- a new ledger only inside an existing folder ---------------------------------------------


@pytest.mark.parametrize("leaf", ["ledger", "ledger.sqlite"])
@pytest.mark.parametrize("opener", [ct.open_ledger, ct.Ledger.open])
def test_no_ledger_is_created_where_the_parent_folder_is_missing(tmp_path: Path, leaf: str, opener) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "typo" / leaf
    with pytest.raises(ct.StoreNotFoundError, match="typo does not exist") as refused:
        opener(str(target))
    assert isinstance(refused.value, FileNotFoundError)
    assert list(tmp_path.iterdir()) == []  # no folder, no file


def test_a_parent_that_is_a_file_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ct.StoreNotFoundError, match="is not a folder"):
        ct.open_ledger(tmp_path / "notes.txt" / "ledger")


@pytest.mark.parametrize("leaf", ["ledger", "ledger.sqlite"])
def test_a_ledger_is_created_inside_an_existing_folder(tmp_path: Path, leaf: str) -> None:
    with ct.open_ledger(tmp_path / leaf) as ledger:
        assert len(ledger) == 0
    assert (tmp_path / leaf).exists()
    with ct.open_ledger(tmp_path / leaf, create=False) as again:
        assert len(again) == 0


def test_the_relative_bundled_path_opens_from_the_repository_and_is_refused_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's library example of old: from another folder it used to leave an empty ledger behind."""
    monkeypatch.chdir(BUNDLED.parent.parent)
    assert len(ct.open_ledger("fixtures/altman-lex-fridman-2024")) > 0
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ct.StoreNotFoundError):
        ct.open_ledger("fixtures/altman-lex-fridman-2024")
    assert list(tmp_path.iterdir()) == []


# -- the command line ------------------------------------------------------------------------

READ_ONLY_COMMANDS = [
    ["scorecard", "--as-of", "2026-11-27"],
    ["list", "--kind", "prediction"],
    ["show", "amazing-model-2024"],
    ["status", "amazing-model-2024", "--as-of", "2024-06-01"],
    ["history", "amazing-model-2024"],
    ["validate"],
    ["due", "--as-of", "2030-12-31"],
    ["fidelity", "card"],
    ["fidelity", "check"],
    ["export", "jsonl"],
    ["export", "csv"],
]


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_read_only_commands_take_example_and_print_what_ledger_prints(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_path = CliRunner().invoke(main, [*args, "--ledger", str(BUNDLED)])
    monkeypatch.chdir(tmp_path)
    by_name = CliRunner().invoke(main, [*args, "--example", NAME], env={"CLAIMTRACK_LEDGER": "/nowhere"})
    assert by_name.exit_code == by_path.exit_code, by_name.output
    assert by_name.output == by_path.output
    assert len(by_name.output) > 20
    assert list(tmp_path.iterdir()) == []


def test_example_and_ledger_together_are_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["scorecard", "--example", NAME, "--ledger", str(BUNDLED)])
    assert result.exit_code == 2
    assert "give --ledger or --example, not both" in result.output


def test_an_unknown_example_name_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["scorecard", "--example", "nope"])
    assert result.exit_code == 2
    assert NAME in result.output


def test_the_examples_command_lists_each_name() -> None:
    result = CliRunner().invoke(main, ["examples", "--paths"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{NAME}  The bundled ledger")
    assert Path(lines[1].strip()).resolve() == BUNDLED.resolve()
