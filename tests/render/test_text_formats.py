"""Markdown, JSON and terminal renderings: the numbers shown, the schema, and escaping of claim text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest

from claimtrack.model import ClaimRecord
from claimtrack.renderers import SCHEMA, escape_markdown, render_json, render_markdown, render_terminal
from claimtrack.scoring import Scorecard, scorecard

HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"console.log('xss-fired')\">"


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table line, splitting on unescaped pipes only."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a | b", "a \\| b"),
        ("**bold** _it_ `code` [x](y)", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[x\\](y)"),
        ("two\nlines", "two lines"),
        ("AT&T # 1", "AT&amp;T \\# 1"),
        ("今年、素晴らしいモデル", "今年、素晴らしいモデル"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_markdown_shows_the_hand_computed_numbers(hostile_card: Scorecard) -> None:
    md = render_markdown(hostile_card)
    total = next(line for line in md.splitlines() if line.startswith("| **All claims**"))
    cells = [c.strip() for c in _cells(total)]
    # claims, graded, unscored, open, overdue, hit rate, Brier (n), log, skill
    assert cells[1:] == ["4", "3", "1", "0", "0", "33% (6–79%)", "0.137 (3)", "-0.415", "0.39"]
    assert "as of 2026-11-27 · 4 claims · 3 graded · 3 with a credence" in md


def test_markdown_escapes_claim_text_and_keeps_tables_intact(hostile_card: Scorecard) -> None:
    md = render_markdown(hostile_card)
    assert HOSTILE not in md
    assert "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "Lex &lt;i&gt;Fridman&lt;/i&gt;" in md
    header = next(line for line in md.splitlines() if line.startswith("| Id | Claim"))
    rows = [line for line in md.splitlines() if line.startswith("| `")]
    assert len(rows) == 4
    assert all(len(_cells(r)) == len(_cells(header)) for r in rows)


def test_markdown_lists_unscored_claims_with_reasons(hostile_card: Scorecard) -> None:
    md = render_markdown(hostile_card)
    assert "- `garbled` — ambiguous: reason with &lt;em&gt;markup&lt;/em&gt; &amp; ampersand" in md


def test_markdown_caps_the_claim_list(make: Callable[..., ClaimRecord]) -> None:
    card = scorecard([make(f"c{i:03d}", text=f"claim {i}") for i in range(30)])
    md = render_markdown(card, max_claims=10)
    assert len([line for line in md.splitlines() if line.startswith("| `c")]) == 10
    assert "The list shows the 10 most recently said of 30 claims; the HTML and JSON reports list the others." in md


def test_markdown_of_an_empty_card() -> None:
    md = render_markdown(scorecard([]))
    assert "0 claims" in md
    assert "nothing to calibrate" in md


def test_json_schema_and_round_trip(hostile_card: Scorecard) -> None:
    data = json.loads(render_json(hostile_card))
    assert data["schema"] == SCHEMA == "claimtrack.scorecard/1"
    assert set(data) == {
        "schema",
        "by",
        "as_of",
        "known_at",
        "options",
        "weights",
        "excluded",
        "total",
        "rows",
        "timeline",
        "claims_complete",
        "unscored_complete",
        "skipped_invalid",
        "not_said",
        "not_said_note",
        "not_a_person",
        "claims",
    }
    assert data["unscored_complete"] is True
    assert data["as_of"] == "2026-11-27"
    assert data["weights"] == {"true": 1.0, "mostly_true": 0.75, "mixed": 0.5, "mostly_false": 0.25, "false": 0.0}
    total = data["total"]
    assert total["brier"] == pytest.approx(0.41 / 3)
    assert total["hit_rate_ci"] == pytest.approx([0.0615, 0.7923], abs=1e-4)
    assert total["counts"]["ambiguous"] == 1
    assert total["unscored_claims"] == [
        {"claim_id": "garbled", "verdict": "ambiguous", "reason": "reason with <em>markup</em> & ampersand"}
    ]
    assert [b["n"] for b in total["calibration"] if b["n"]] == [1, 1, 1]
    assert set(total["murphy"]) == {"reliability", "resolution", "uncertainty", "within_bin", "base_rate"}
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["xss"]["text"] == HOSTILE  # JSON keeps the text exactly; escaping is the reader's job
    assert claims["gpt5"]["translations"] == {"ja": "今年、素晴らしいモデルをリリースする"}
    assert claims["gpt5"]["sources"][0]["fidelity"] == "verbatim"
    assert claims["gpt5"]["evidence"] == [
        {"label": "Hello GPT-4o", "url": "https://openai.com/index/hello-gpt-4o/", "published_on": "2024-05-13"}
    ]
    assert [r["key"] for r in data["rows"]] == ["Sam Altman", "Lex <i>Fridman</i>"]


def test_json_without_claims(hostile_card: Scorecard) -> None:
    data = json.loads(render_json(hostile_card, include_claims=False))
    assert "claims" not in data
    assert data["total"]["total"] == 4


def test_card_methods_delegate_to_the_renderers(hostile_card: Scorecard) -> None:
    assert hostile_card.to_markdown() == render_markdown(hostile_card)
    assert hostile_card.to_json() == render_json(hostile_card)
    assert hostile_card.to_terminal(width=100) == render_terminal(hostile_card, width=100)
    assert hostile_card.to_html().startswith("<!DOCTYPE html>")


def test_terminal_tables_show_numbers_and_print_markup_literally(make: Callable[..., ClaimRecord]) -> None:
    rec = make("m", text="[bold red]shout[/]", credence=0.9, verdict="annulled", note="premise [/] broke")
    out = render_terminal(scorecard([rec], as_of=date(2026, 1, 1)), width=160)
    assert "premise [/] broke" in out
    assert "\x1b[" not in out  # no colour codes unless asked
    graded = make("g", text="x", credence=0.9, verdict="true")
    out = render_terminal(scorecard([graded]), width=160)
    assert "0.010 (1)" in out  # Brier (0.9 - 1)² over one claim
    assert "100% (21–100%)" in out
    assert "\x1b[" in render_terminal(scorecard([graded]), width=160, color=True)
