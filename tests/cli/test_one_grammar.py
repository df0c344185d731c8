"""One CLI grammar: every --as-of defaults to today and the output names the day; lookups by part of a name."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack import examples
from claimtrack.cli import _common, main
from claimtrack.cli._common import cli_words

EXAMPLE = ["--example", "altman-lex-fridman-2024"]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path, command


TODAY = date(2027, 1, 15)
"""The day the CLI takes for today in these tests (the wall clock would fail a run across midnight UTC)."""


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CLI module's ``today`` (imported by name from claimtrack.cli._common) returns TODAY."""
    import claimtrack.cli as cli_package

    patched, wall_clock = 0, _common.today
    for name, module in list(sys.modules.items()):
        if name.startswith(cli_package.__name__) and getattr(module, "today", None) is wall_clock:
            monkeypatch.setattr(module, "today", lambda: TODAY)
            patched += 1
    assert patched >= 6  # _common and the five command modules that default --as-of to today


def _today() -> str:
    return TODAY.isoformat()


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_every_as_of_is_optional_and_defaults_to_today() -> None:
    found = []
    for path, command in _commands(main):
        for param in command.params:
            if isinstance(param, click.Option) and "--as-of" in param.opts:
                found.append(" ".join(path))
                assert not param.required, path
                assert param.default is None, path
                assert "[default: today, UTC]" in (param.help or ""), path
    assert {"due", "list", "status", "scorecard", "check", "review", "fidelity card"} <= set(found)


def test_due_without_as_of_judges_from_today_and_says_so() -> None:
    result = run("due", *EXAMPLE)
    assert result.exit_code == 0, result.output
    assert f"as of {_today()}" in result.stdout.splitlines()[0]
    old = run("due", *EXAMPLE, "--as-of", "2030-06-01")
    assert old.stdout.splitlines()[0].startswith("due as of 2030-06-01: ")
    rows = json.loads(run("due", *EXAMPLE, "--as-of", "2030-06-01", "--format", "json").stdout)
    assert rows
    assert {row["as_of"] for row in rows} == {"2030-06-01"}


def test_list_names_the_day_its_statuses_are_replayed_to() -> None:
    result = run("list", *EXAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(f"claims as of {_today()}")
    lines = run("list", *EXAMPLE, "--json", "--as-of", "2024-06-01").stdout.splitlines()
    assert lines
    assert {json.loads(line)["as_of"] for line in lines} == {"2024-06-01"}


def test_scorecard_and_fidelity_card_name_today_by_default() -> None:
    assert f"as of {_today()}" in run("scorecard", *EXAMPLE, "--format", "md").stdout
    assert f"claims said by {_today()}" in run("fidelity", "card", *EXAMPLE, "--format", "md").stdout


def test_status_names_the_day() -> None:
    claim_id = json.loads(run("list", *EXAMPLE, "--json").stdout.splitlines()[0])["id"]
    assert f"as of {_today()}" in run("status", claim_id, *EXAMPLE).stdout


@pytest.mark.parametrize("speaker", ["altman", "ALTMAN", "Sam Altman", "sam  altman", "m alt"])
def test_list_speaker_matches_part_of_a_name_in_any_case(speaker: str) -> None:
    everything = run("list", *EXAMPLE, "--json").stdout.splitlines()
    result = run("list", *EXAMPLE, "--json", "--speaker", speaker)
    assert result.exit_code == 0, result.output
    names = {json.loads(line)["speaker"] for line in result.stdout.splitlines()}
    assert names == {"Sam Altman"}
    assert len(result.stdout.splitlines()) == sum('"speaker": "Sam Altman"' in line for line in everything)


def test_list_with_no_match_says_so() -> None:
    result = run("list", *EXAMPLE, "--speaker", "nobody at all")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"no claims match (as of {_today()})"


PYTHON_WORDS = re.compile(r"\(create=False\)|\bpass [a-z]+_[a-z_]+|\b[a-z]+(?:_[a-z]+)+=")


def test_no_help_names_a_python_argument() -> None:
    for path, _ in _commands(main):
        shown = CliRunner().invoke(main, [*path, "--help"], terminal_width=80).output
        assert not PYTHON_WORDS.search(shown), (path, PYTHON_WORDS.search(shown))


@pytest.mark.parametrize("command", [["list"], ["record", "some-claim", "true", "--on", "2024-01-01"], ["due"]])
def test_a_missing_ledger_is_named_with_the_command_that_makes_one(tmp_path: Path, command: list[str]) -> None:
    where = str(tmp_path / "nowhere")
    result = run(*command, "--ledger", where)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {where}: no ledger here; create it first with: claimtrack init --ledger {where}\n"
    assert not (tmp_path / "nowhere").exists()


def test_export_warnings_name_flags_not_arguments(tmp_path: Path) -> None:
    ledger = str(tmp_path / "ledger")
    assert run("init", "--ledger", ledger).exit_code == 0
    added = run(
        "add", "--ledger", ledger, "--id", "c1", "--text", "GPT-5 ships this year", "--speaker", "Sam Altman",
        "--said-on", "2025-02-12", "--kind", "prediction",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert run("record", "--ledger", ledger, "c1", "true", "--on", "2025-08-07").exit_code == 0
    result = run("export", "jsonld", "--ledger", ledger)
    assert result.exit_code == 0, result.output
    assert "give --base-url" in result.stderr
    assert "give --reviewer" in result.stderr
    assert not PYTHON_WORDS.search(result.stderr)
    assert "pass base_url" not in result.stderr
    assert "pass reviewer" not in result.stderr


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("no review URL (Google requires one); pass base_url", "no review URL (Google requires one); give --base-url"),
        ("no reviewer (author is recommended); pass reviewer", "no reviewer (author is recommended); give --reviewer"),
        ("pass recorded_at to date it", "give --recorded-at to date it"),
        (
            "a private address (pass allow_private=True to fetch it)",
            "a private address (give --allow-private to fetch it)",
        ),
        ("/tmp/x: no ledger here (create=False)", "/tmp/x: no ledger here"),
        (
            "day and month can be swapped; pass date_order='DMY' or 'MDY'",
            "day and month can be swapped; write the date as YYYY-MM-DD",
        ),
        ("pass base_urls is data, not a hint", "pass base_urls is data, not a hint"),
    ],
)
def test_library_words_become_flags(message: str, shown: str) -> None:
    assert cli_words(message) == shown


def _claim_rows(markdown: str) -> list[str]:
    """The rows of a Markdown card's claim table."""
    section = markdown.partition("\n## Claims\n")[2].partition("\n## ")[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


@pytest.mark.parametrize(("flag", "cap", "rows"), [("0", 0, 0), ("3", 3, 3), ("all", None, 60)])
def test_max_claims_means_the_same_in_the_cli_and_the_library(flag: str, cap: int | None, rows: int) -> None:
    card = ct.scorecard(examples.open("altman-lex-fridman-2024"), as_of="2026-11-27")
    assert len(card.claims) == 60
    shown = run("scorecard", *EXAMPLE, "--as-of", "2026-11-27", "--format", "md", "--max-claims", flag).stdout
    library = card.to_markdown(max_claims=cap)
    assert len(_claim_rows(library)) == rows
    assert _claim_rows(shown) == _claim_rows(library)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exported")
    for fmt in ("csv", "jsonl"):
        done = run("export", fmt, *EXAMPLE, "-o", str(folder / f"claims.{fmt}"))
        assert done.exit_code == 0, done.output
    return folder


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_import_creates_a_missing_ledger_and_says_so_first(exported: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "new-ledger"
    result = run("import", fmt, str(exported / f"claims.{fmt}"), "--ledger", str(target))
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first == f"no ledger at {target}: created an empty one"
    assert len(ct.open_ledger(str(target), create=False)) == 64


def test_a_dry_run_import_creates_nothing(exported: Path, tmp_path: Path) -> None:
    target = tmp_path / "new-ledger"
    result = run("import", "csv", str(exported / "claims.csv"), "--ledger", str(target), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "created" not in result.output
    assert not target.exists()


@pytest.mark.parametrize(
    "command",
    [
        [
            "add",
            "--id",
            "c1",
            "--text",
            "It will rain",
            "--speaker",
            "A",
            "--said-on",
            "2025-01-01",
            "--kind",
            "opinion",
        ],
        ["edit", "c1", "--text", "It will snow"],
        ["record", "c1", "true", "--on", "2025-01-02"],
    ],
)
def test_other_writing_commands_refuse_a_missing_ledger_alike(tmp_path: Path, command: list[str]) -> None:
    where = tmp_path / "typo"
    result = run(*command, "--ledger", str(where))
    assert result.exit_code == 1
    assert result.output == f"Error: {where}: no ledger here; create it first with: claimtrack init --ledger {where}\n"
    assert not where.exists()


def test_every_output_choice_is_format_and_json_is_a_hidden_alias() -> None:
    with_json = set()
    for path, command in _commands(main):
        names = {opt for param in command.params if isinstance(param, click.Option) for opt in param.opts}
        json_flag = next((p for p in command.params if isinstance(p, click.Option) and "--json" in p.opts), None)
        if json_flag is not None:
            with_json.add(" ".join(path))
            assert json_flag.hidden, path
            assert "--format" in names, path
    assert {"list", "show", "status", "history", "check", "validate"} <= with_json  # the old --json flags still work


@pytest.mark.parametrize(
    "args",
    [
        ["list", *EXAMPLE, "--as-of", "2026-11-27"],
        ["show", "amazing-model-2024", *EXAMPLE],
        ["status", "amazing-model-2024", *EXAMPLE, "--as-of", "2026-11-27"],
        ["history", "amazing-model-2024", *EXAMPLE],
    ],
)
def test_format_json_is_what_json_printed(args: list[str]) -> None:
    new = run(*args, "--format", "json")
    old = run(*args, "--json")
    assert new.exit_code == 0, new.output
    assert new.stdout == old.stdout
    json.loads(new.stdout.splitlines()[0] if args[0] in ("list", "history") else new.stdout)
    assert run(*args, "--format", "text").stdout == run(*args).stdout != new.stdout


@pytest.mark.parametrize("width", [50, 60, 70, 80, 100, 120])
def test_usage_lines_never_split_a_word(width: int) -> None:
    for path, _ in _commands(main):
        shown = CliRunner().invoke(main, [*path, "--help"], terminal_width=width).output
        usage = shown.partition("\n\n")[0]
        whole = CliRunner().invoke(main, [*path, "--help"], terminal_width=1000).output.partition("\n\n")[0]
        assert usage.split() == whole.split(), (path, width, usage)


def test_record_help_lists_every_verdict() -> None:
    shown = " ".join(run("record", "--help").output.split())
    assert "VERDICT is one of: " + ", ".join(v.value for v in ct.Verdict) + "." in shown


def test_show_prints_the_evidence_with_titles_dates_and_urls() -> None:
    record = examples.open("altman-lex-fridman-2024").record_of("amazing-model-2024")
    result = run("show", "amazing-model-2024", *EXAMPLE, "--as-of", "2024-05-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "amazing-model-2024  [prediction]  status: open (as of 2024-05-01)"
    assert record.evidence
    for ev in record.evidence:
        assert ev.title is not None
        assert ev.published_on is not None
        heading = next(line for line in lines if line.startswith(f"  evidence {ev.id}: "))
        assert ev.title in heading
        assert f"published {ev.published_on}" in heading
        assert ", after 2024-05-01" in heading  # every piece came out later than that day
        assert lines[lines.index(heading) + 1] == f"    <{ev.url}>"
    event = record.events[0]
    assert f"evidence: {', '.join(event.evidence)}" in result.stdout
    later = run("show", "amazing-model-2024", *EXAMPLE, "--as-of", "2026-11-27").stdout
    assert "status: true (as of 2026-11-27)" in later
    assert ", after " not in later
