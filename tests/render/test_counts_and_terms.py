"""Counts agree with their nouns ("1 claim"), and the within-bin term reads the same in every format."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.model import ClaimRecord
from claimtrack.renderers import plural, render_html, render_markdown, render_terminal
from claimtrack.renderers._format import describe, within_bin_text
from claimtrack.scoring import Scorecard, scorecard

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"

WRONG_PLURAL = re.compile(r"(?<![\d,.])1 (claims|rows|records|renderings|distortions|days|errors|warnings)\b")
"""A lone count of one before a plural noun ("1 claims"; "0.1 claims" and "21 claims" do not match)."""


@pytest.mark.parametrize(
    ("count", "args", "expected"),
    [
        (0, ("claim",), "0 claims"),
        (1, ("claim",), "1 claim"),
        (2, ("claim",), "2 claims"),
        (1234, ("claim",), "1,234 claims"),
        (-1, ("day",), "-1 days"),
        (1, ("entry", "entries"), "1 entry"),
        (3, ("entry", "entries"), "3 entries"),
        (1, ("damaged record",), "1 damaged record"),
    ],
)
def test_plural(count: int, args: tuple[str, ...], expected: str) -> None:
    assert plural(count, *args) == expected


def test_plural_word_alone() -> None:
    assert plural(1, "claim", with_count=False) == "claim"
    assert plural(60, "claim", with_count=False) == "claims"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, ""),
        (-0.0, ""),
        (-2.7755575615628914e-17, ""),  # what the bundled ledger's decomposition leaves: once shown as -0.000
        (5.551115123125783e-17, ""),
        (0.00049, ""),
        (-0.00049, ""),
        (0.0006, " + within-bin 0.001"),
        (-0.0256, " + within-bin -0.026"),
        (0.012, " + within-bin 0.012"),
    ],
)
def test_within_bin_term_is_left_out_when_it_rounds_to_zero(value: float, expected: str) -> None:
    assert within_bin_text(value) == expected


def _card(make: Callable[..., ClaimRecord], credences: list[float]) -> Scorecard:
    records = [
        make(f"c{i}", text=f"claim {i}", credence=c, verdict="true" if i % 3 else "false")
        for i, c in enumerate(credences)
    ]
    return scorecard(records, as_of=date(2026, 1, 1))


def _decompositions(card: Scorecard) -> dict[str, str]:
    """The Brier decomposition line of each format, on one line."""
    html = re.search(r'<p id="murphy">(.*?)</p>', render_html(card))
    assert html is not None
    md = next(line for line in render_markdown(card).splitlines() if line.startswith("Brier "))
    lines = [line.strip() for line in render_terminal(card, width=300).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Brier "))
    term = " ".join(lines[start : start + 2])  # the caption wraps to the width of its table
    return {"html": html.group(1), "markdown": md, "terminal": term}


def test_a_within_bin_term_that_rounds_to_zero_is_left_out_everywhere(make: Callable[..., ClaimRecord]) -> None:
    card = _card(make, [0.7, 0.7, 0.7])  # one bin, one credence: the term is -2.8e-17
    assert card.total.murphy is not None
    assert card.total.murphy.within_bin != 0.0  # a rounding error, not an exact zero
    for name, line in _decompositions(card).items():
        assert "within-bin" not in line, name
        assert "-0.000" not in line, name
        assert "uncertainty 0.222" in line, name


def test_a_real_within_bin_term_is_shown_the_same_everywhere(make: Callable[..., ClaimRecord]) -> None:
    card = _card(make, [0.61, 0.69, 0.65])  # one bin, three credences
    assert card.total.murphy is not None
    assert card.total.murphy.within_bin == pytest.approx(-0.0256)
    for name, line in _decompositions(card).items():
        assert "+ uncertainty 0.222 + within-bin -0.026" in line, name


@pytest.mark.skipif(not (FIXTURE / "ledger.json").is_file(), reason="the bundled ledger is not there")
def test_the_bundled_card_shows_no_negative_zero() -> None:
    with ct.Ledger.open(FIXTURE, create=False) as ledger:
        card = scorecard(ledger, as_of=date(2026, 11, 27))
    assert card.total.murphy is not None
    assert abs(card.total.murphy.within_bin) < 1e-12
    for text in (render_html(card), render_markdown(card), render_terminal(card, width=200)):
        assert "-0.000" not in text
        assert "within-bin" not in text


def test_one_claim_is_one_claim_in_every_format(make: Callable[..., ClaimRecord]) -> None:
    card = scorecard([make("only", text="The only claim", credence=0.7, verdict="true")], as_of=date(2026, 1, 1))
    assert "· 1 claim ·" in describe(card)
    html = render_html(card)
    assert '<div class="tile"><b>1</b><span>claim</span></div>' in html
    for text in (html, render_markdown(card), render_terminal(card, width=200)):
        assert WRONG_PLURAL.search(text) is None, WRONG_PLURAL.search(text)


def test_the_partial_table_notes_agree_with_their_count(make: Callable[..., ClaimRecord]) -> None:
    card = scorecard([make(f"c{i}", text=f"claim {i}") for i in range(2)], as_of=date(2026, 1, 1))
    assert "holds the 1 most recently said of 2 claims" in render_html(card, max_claims=1)
    assert "1 of 2 claims shown" in render_terminal(card, width=200, max_claims=1)


def test_cli_messages_count_one_claim(tmp_path: Path, make: Callable[..., ClaimRecord]) -> None:
    runner = CliRunner()
    ledger = tmp_path / "claims"
    done = runner.invoke(main, ["init", "--ledger", str(ledger)])
    assert done.exit_code == 0, done.output
    assert "(0 claims)" in done.output
    with ct.Ledger.open(ledger) as opened:
        opened.add_many([make("only", text="The only claim", credence=0.7, verdict="true")])
    done = runner.invoke(main, ["validate", "--ledger", str(ledger)])
    assert done.exit_code == 0, done.output
    assert "1 claim, 0 errors, 0 warnings" in done.output
    card = tmp_path / "card.md"
    done = runner.invoke(main, ["scorecard", "--ledger", str(ledger), "--as-of", "2026-01-01", "-o", str(card)])
    assert done.exit_code == 0, done.output
    assert f"wrote {card} (1 claim, 1 row)" in done.output
    assert WRONG_PLURAL.search(card.read_text(encoding="utf-8")) is None
