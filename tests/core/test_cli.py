"""The ledger commands: they work, fail with one clear line, and write nothing when they fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from tests.conftest import REPO


@pytest.fixture
def ledger_dir(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger")
    result = CliRunner().invoke(main, ["init", "--ledger", path])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def _snapshot(folder: str) -> dict[str, bytes]:
    root = Path(folder)
    return {
        str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".locks" not in p.parts
    }


def test_add_record_show_history_list(ledger_dir: str) -> None:
    """A claim added from flags can be recorded, shown, listed and its history read."""
    r = run(
        "add",
        "--ledger",
        ledger_dir,
        "--id",
        "gpt5-2025",
        "--text",
        "GPT-5 ships this year",
        "--speaker",
        "Sam Altman",
        "--said-on",
        "2025-02-12",
        "--kind",
        "prediction",
        "--topic",
        "gpt-5",
    )
    assert r.exit_code == 0, r.output
    r = run(
        "record",
        "--ledger",
        ledger_dir,
        "gpt5-2025",
        "true",
        "--on",
        "2025-08-07",
        "--evidence-url",
        "https://openai.com/index/introducing-gpt-5/",
        "--stance",
        "supports",
        "--note",
        "GPT-5 released",
    )
    assert r.exit_code == 0, r.output
    r = run("show", "--ledger", ledger_dir, "gpt5-2025")
    assert "status: true" in r.output
    assert "GPT-5 released" in r.output
    r = run("list", "--ledger", ledger_dir, "--verdict", "true")
    assert r.output.startswith("gpt5-2025\ttrue\tprediction")
    r = run("list", "--ledger", ledger_dir, "--verdict", "true", "--as-of", "2025-08-06")
    assert r.stdout == ""
    assert r.stderr == "no claims match (as of 2025-08-06)\n"
    r = run("history", "--ledger", ledger_dir, "gpt5-2025", "--json")
    event = json.loads(r.output)
    assert (event["verdict"], event["effective_on"]) == ("true", "2025-08-07")


def test_add_from_json_file(ledger_dir: str, tmp_path: Path) -> None:
    """A claim JSON file (bare claim or whole record) is added."""
    f = tmp_path / "claim.json"
    f.write_text(
        json.dumps(
            {
                "id": "c1",
                "text": "It will rain",
                "language": "en",
                "speaker": {"name": "Me"},
                "said_on": "2025-06",
                "kind": "prediction",
            }
        )
    )
    r = run("add", "--ledger", ledger_dir, "--file", str(f))
    assert r.exit_code == 0, r.output
    assert "c1" in run("list", "--ledger", ledger_dir).output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"id": "c1", "text": ', "not valid JSON"),
        (
            '{"id": "c1", "text": "t", "language": "en", "speaker": {"name": "a"}, "said_on": "2024-02-30",'
            ' "kind": "prediction"}',
            "claim.said_on.start",
        ),
        (
            '{"id": "c1", "text": "t", "language": "en", "speaker": {"name": "a"}, "said_on": "2024-02-03",'
            ' "kind": "guess"}',
            "claim.kind",
        ),
        (
            '{"id": "c1", "text": "t", "language": "en", "speaker": {"name": "a"}, "said_on": "2024-02-03",'
            ' "kind": "prediction", "colour": "red"}',
            "claim.colour",
        ),
    ],
)
def test_bad_file_fails_with_one_line_and_writes_nothing(
    ledger_dir: str, tmp_path: Path, content: str, expected: str
) -> None:
    """Invalid JSON, impossible dates, wrong enums and unknown fields: one line naming file and field."""
    f = tmp_path / "bad.json"
    f.write_text(content)
    before = _snapshot(ledger_dir)
    r = run("add", "--ledger", ledger_dir, "--file", str(f))
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert "bad.json" in lines[0]
    assert expected in lines[0]
    assert _snapshot(ledger_dir) == before


def test_failing_commands_write_nothing(ledger_dir: str) -> None:
    """Duplicate ids, unknown claims and events back in time fail clearly and change no file."""
    assert (
        run(
            "add",
            "--ledger",
            ledger_dir,
            "--id",
            "c1",
            "--text",
            "t",
            "--speaker",
            "s",
            "--said-on",
            "2025-01-01",
            "--kind",
            "prediction",
        ).exit_code
        == 0
    )
    before = _snapshot(ledger_dir)
    cases = [
        (
            [
                "add",
                "--ledger",
                ledger_dir,
                "--id",
                "c1",
                "--text",
                "x",
                "--speaker",
                "s",
                "--said-on",
                "2025-01-01",
                "--kind",
                "prediction",
            ],
            "already exists",
        ),
        (["record", "--ledger", ledger_dir, "nope", "true", "--on", "2025-02-01"], "no claim 'nope'"),
        (["record", "--ledger", ledger_dir, "c1", "true", "--on", "2024-02-01"], "goes back in time"),
        (["record", "--ledger", ledger_dir, "c1", "true", "--on", "2025-02-01", "--evidence-url", "nota url"], "URL"),
        (["show", "--ledger", ledger_dir + "-missing", "c1"], "no ledger here"),
    ]
    for args, message in cases:
        r = run(*args)
        assert r.exit_code != 0, args
        assert message in r.output, (args, r.output)
        assert "Traceback" not in r.output
    assert _snapshot(ledger_dir) == before
    assert not Path(ledger_dir + "-missing").exists()


def test_validate_exit_codes(ledger_dir: str) -> None:
    """validate exits 0 on a clean ledger and 1 listing every problem otherwise."""
    assert run("validate", "--ledger", ledger_dir).exit_code == 0
    claims = Path(ledger_dir) / "claims"
    (claims / "a.json").write_text("{")
    (claims / "b.json").write_text("[]")
    r = run("validate", "--ledger", ledger_dir, "--json")
    assert r.exit_code == 1
    problems = [json.loads(line) for line in r.output.splitlines()]
    assert {Path(p["path"]).name for p in problems} == {"a.json", "b.json"}


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            out.extend(_commands(command, full + " "))
        else:
            out.append((full, command))
    return out


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=[n for n, _ in _commands(main)])
def test_every_command_has_help_with_example_and_is_documented(name: str, command: click.Command) -> None:
    """Every command's --help works and shows an example; docs/cli.md documents it."""
    r = CliRunner().invoke(main, [*name.split(), "--help"])
    assert r.exit_code == 0
    assert "Example" in r.output, f"claimtrack {name} --help has no example"
    assert f"claimtrack {name}" in (REPO / "docs" / "cli.md").read_text(encoding="utf-8")


def test_python_dash_m_works() -> None:
    """python -m claimtrack runs the same CLI."""
    out = subprocess.run([sys.executable, "-m", "claimtrack", "--help"], capture_output=True, text=True, check=True)
    assert "Track public claims" in out.stdout


def test_cli_page_is_current() -> None:
    """docs/cli.md is what scripts/gen_cli_docs.py generates from the current commands."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import gen_cli_docs
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == gen_cli_docs.render(), (
        "docs/cli.md is stale: run python scripts/gen_cli_docs.py"
    )
