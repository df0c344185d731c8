"""The terminal scorecard reads well at 80 and 120 columns: a title, whole numbers, words wrapped, never cut."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

import claimtrack as ct
from claimtrack.cli._common import chosen_format
from claimtrack.renderers import TERMINAL_MAX_CLAIMS, render_terminal
from claimtrack.renderers._format import VERDICT_COLUMNS, VERDICT_LABELS, hit_text, num
from claimtrack.scoring import RenderFormat
from tests.conftest import BUNDLED

AS_OF = date(2026, 11, 27)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def ledger() -> ct.Ledger:
    return ct.open_ledger(BUNDLED, create=False)


def _section(out: str, title: str) -> list[str]:
    """The lines of the table titled ``title``: from its title to the next blank line after its rows."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    end = next(i for i in range(start + 4, len(lines)) if not lines[i].strip() and not lines[i + 1].startswith(" "))
    return lines[start:end]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("by", ["speaker", "kind", "topic"])
def test_no_cell_is_cut_and_no_line_is_too_wide(ledger: ct.Ledger, width: int, by: str) -> None:
    card = ct.scorecard(ledger, by=by, as_of=AS_OF)
    out = render_terminal(card, width=width)
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert out.splitlines()[0] == f"Scorecard by {by}"
    summary = _section(out, "Summary")
    verdicts = _section(out, "Verdicts")
    for table in (summary, verdicts):
        assert not any("…" in line for line in table), "\n".join(table)  # rich's mark of a cut cell
    for row in (*card.rows, card.total):
        first = row.key.split()[0]
        line = next(line for line in summary if line.split() and line.split()[0] == first and hit_text(row) in line)
        assert f" {row.total:,} " in line
        if row.n_scored:
            assert f"{num(row.brier)} ({row.n_scored})" in line
        for word in row.key.split():  # a group's name wraps between words, never inside one
            assert any(re.search(rf"(^|\s){re.escape(word)}(\s|$)", text) for text in (*summary, *verdicts)), word
    header = " ".join(verdicts[1:4])
    for verdict in VERDICT_COLUMNS:
        if card.total.counts[verdict]:
            assert all(re.search(rf"\b{word}\b", header) for word in VERDICT_LABELS[verdict].split()), verdict
    assert ("Log" in " ".join(summary[:4])) is (width >= 120)


@pytest.mark.parametrize("width", [80, 120])
def test_the_claims_are_listed_with_verdict_and_deadline_and_their_text_wrapped(ledger: ct.Ledger, width: int) -> None:
    card = ct.scorecard(ledger, as_of=AS_OF)
    out = render_terminal(card, width=width)
    lines = out.splitlines()
    start = lines.index("Claims (the most recently said first)")
    listed = sorted(card.claims, key=lambda c: (-c.said_on.toordinal(), c.id))[:TERMINAL_MAX_CLAIMS]
    heads = [line for line in lines[start + 1 :] if line and not line.startswith(" ")]
    assert len(heads) == len(listed) + 1  # one heading line per claim, then the count shown
    for claim, head in zip(listed, heads):
        assert head.startswith(f"{claim.id}  {VERDICT_LABELS[claim.verdict]}")
        if claim.deadline is not None:
            assert f"deadline {claim.deadline.isoformat()}" in head
    assert heads[-1] == f"{len(listed)} of {card.total.total} claims shown; --max-claims 0 lists every one."
    words = " ".join(lines[start:]).split()
    english = dict(listed[0].translations).get("en") or listed[0].text
    assert " ".join(english.split()) in " ".join(words)  # every word of the text, in order, none cut


def test_every_claim_with_max_claims_none_and_none_with_zero(ledger: ct.Ledger) -> None:
    card = ct.scorecard(ledger, as_of=AS_OF)
    everything = render_terminal(card, width=80, max_claims=None)
    assert all(f"\n{c.id}  " in everything for c in card.claims)
    assert "Claims (the most recently said first)" not in render_terminal(card, width=80, max_claims=0)
    assert render_terminal(card, title="Altman on Lex Fridman").startswith("Altman on Lex Fridman\n")


def test_without_format_a_terminal_gets_tables_and_a_pipe_or_file_markdown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    assert chosen_format(None, None) is RenderFormat.TERMINAL
    assert chosen_format(None, tmp_path / "card.md") is RenderFormat.MARKDOWN
    assert chosen_format("html", None) is RenderFormat.HTML
    monkeypatch.setattr(Tty, "isatty", lambda self: False)
    assert chosen_format(None, None) is RenderFormat.MARKDOWN


def _on_a_terminal(args: list[str], columns: int) -> str:
    """What ``claimtrack ARGS`` shows on a pseudo-terminal ``columns`` wide."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "CLAIMTRACK_LEDGER")}
    env["TERM"] = "xterm"
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", *args], stdout=follower, stderr=follower, stdin=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


def test_the_readmes_first_command_prints_a_readable_card_on_an_80_column_terminal() -> None:
    out = _on_a_terminal(["scorecard", "--ledger", str(BUNDLED), "--as-of", "2026-11-27"], 80)
    lines = out.splitlines()
    assert lines[0] == "Scorecard by speaker"
    assert not lines[1].startswith("#")  # tables, not raw Markdown
    assert all(cell_len(line) <= 80 for line in lines)
    assert any("86% (71–94%)" in line and "Sam Altman" in line for line in lines)
    assert "Claims (the most recently said first)" in lines


def test_every_verdict_at_80_columns_becomes_wrapped_lines_not_cut_columns(make) -> None:  # type: ignore[no-untyped-def]
    verdicts = [v for v in VERDICT_COLUMNS if v is not ct.Verdict.OPEN]
    records = [make(f"c-{v.value.replace('_', '-')}", text="x", verdict=v.value) for v in verdicts]
    records.append(make("c-open", text="y"))
    card = ct.scorecard(records, as_of=AS_OF)
    wide = render_terminal(card, width=160)
    assert "unverifiable" in _section(wide, "Verdicts")[2]  # wide enough: one column per verdict
    narrow = render_terminal(card, width=80)
    assert all(cell_len(line) <= 80 for line in narrow.splitlines())
    lines = narrow.splitlines()
    at = lines.index("Verdicts")
    counts = " ".join(lines[at + 1 : at + 5])
    for verdict in VERDICT_COLUMNS:
        assert f"{VERDICT_LABELS[verdict]} 1" in counts, verdict
    assert "…" not in narrow
