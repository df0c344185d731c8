"""Issue 12: escape sequences in claim data never reach the terminal raw.

A claim whose text, quote, note, speaker, evidence title and URL hold OSC 52 (clipboard), OSC 0
(window title), CSI 2J (clear screen), a one-byte C1 CSI and a bidi override: every command that
echoes data prints each of them as a visible escape (``\\x1b``, ``\\x9b``, ``\\u202e``), and the
JSON outputs as JSON escapes (so they still parse to the same data).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.renderers import render_terminal

EVIL = "\x1b]52;c;SGVsbG8=\x07 \x1b]0;pwned\x07 \x1b[2J \x9b2J \u202e[bold]x[/bold]"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def ledger_path(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger")
    claim = ct.Claim.model_validate(
        {
            "id": "evil",
            "text": f"We will ship {EVIL}",
            "language": "en",
            "speaker": {"name": f"Mallory {EVIL}"},
            "said_on": "2024-03-18",
            "kind": "prediction",
            "topics": ("ai",),
            "horizon": {"text": "this year", "start": date(2024, 3, 18), "end": date(2024, 12, 31)},
            "sources": [
                {"url": "https://example.com/a", "role": "primary", "title": f"Interview {EVIL}", "quote": f"Q {EVIL}"}
            ],
        }
    )
    evidence = ct.Evidence.model_validate({"url": "https://example.com/e", "title": f"Report {EVIL}"})
    with ct.Ledger.open(path) as ledger:
        ledger.add(claim, evidence=[evidence])
        ledger.add(claim.model_copy(update={"id": "evil-open", "sources": ()}))  # still open: it falls due
        ledger.record("evil", "mostly_false", on=date(2025, 1, 1), evidence=[evidence.id], note=f"N {EVIL}")
    return path


def _check(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text))
    assert "\\x1b" in text or "\\u001b" in text  # shown, not hidden


@pytest.mark.parametrize(
    "args",
    [
        ["show", "evil"],
        ["list"],
        ["history", "evil"],
        ["due", "--as-of", "2026-01-01", "--within", "9999"],
        ["scorecard", "--as-of", "2026-01-01", "--format", "term"],
        ["scorecard", "--as-of", "2026-01-01", "--format", "md"],
        ["scorecard", "--as-of", "2026-01-01", "--format", "html"],
    ],
)
def test_text_outputs_show_escapes_visibly(ledger_path: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--ledger", ledger_path])
    assert result.exit_code == 0, result.output
    if args[0] == "due":  # prints the deadline, id and horizon: nothing raw, nothing to show
        assert "evil-open" in result.stdout
        assert not RAW.search(result.stdout)
    else:
        _check(result.stdout)


def test_show_prints_quote_note_and_evidence_title(ledger_path: str) -> None:
    out = CliRunner().invoke(main, ["show", "evil", "--ledger", ledger_path]).stdout
    assert "quote: Q \\x1b]52;c;SGVsbG8=\\x07" in out
    assert "Report \\x1b]52;c;SGVsbG8=\\x07 \\x1b]0;pwned\\x07" in out
    assert "N \\x1b]52;c;SGVsbG8=\\x07 \\x1b]0;pwned\\x07 \\x1b[2J \\x9b2J \\u202e" in out


@pytest.mark.parametrize(
    "args",
    [
        ["show", "evil", "--json"],
        ["list", "--json"],
        ["history", "evil", "--json"],
        ["due", "--as-of", "2026-01-01", "--within", "9999", "--format", "json"],
        ["scorecard", "--as-of", "2026-01-01", "--format", "json"],
        ["export", "jsonl", "-q"],
    ],
)
def test_json_outputs_escape_losslessly(ledger_path: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--ledger", ledger_path])
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout)
    text = result.stdout.strip()
    lines = args[0] in ("list", "history", "export")
    values = [json.loads(line) for line in text.splitlines()] if lines else [json.loads(text)]
    assert any(EVIL in s for s in _strings(values))  # the same data once parsed


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_render_terminal_and_markup(tmp_path: Path, ledger_path: str) -> None:
    with ct.Ledger.open(ledger_path) as ledger:
        card = ct.scorecard(ledger, as_of=date(2026, 1, 1))
    for color in (False, True):
        text = render_terminal(card, color=color)
        found = RAW.sub("", re.sub(r"\x1b\[[0-9;]*m", "", text))  # rich's own colour codes are fine
        assert found == re.sub(r"\x1b\[[0-9;]*m", "", text)
        assert "\\x1b]0;pwned\\x07" in text
        assert "[bold]x[/bold]" in text  # rich markup in data prints as written


def test_error_messages_are_sanitised(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["show", "x\x1b]0;pwned\x07", "--ledger", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
