"""Claims the speaker did not say: listed apart by every renderer, with the rule, and in no row.

One small ledger in memory: three graded claims, one unscored, and one attribution
failure (verdict ``not_said``) whose distorted secondary source made the error.
Every format must show the failure under "Not said by the speaker" with its id,
reason and the source that made it, state the rule (``NOT_SAID_NOTE``), escape
its text, and leave it out of every count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from claimtrack.model import ClaimRecord, StatusEvent, Verdict
from claimtrack.renderers import render_html, render_json, render_markdown, render_terminal
from claimtrack.renderers._format import VERDICT_COLUMNS, exclusions_text
from claimtrack.scoring import NOT_SAID_NOTE, NotSaidClaim, Scorecard, SourceLine, scorecard

TITLE = "Not said by the speaker"
HOSTILE = "<script>alert(1)</script>"
REASON = "He said it of GPT-5 & not of <b>AGI</b> (01:06:12)"
NOT_SAID_TEXT = f"AGI is coming next year {HOSTILE}"
DIGEST_URL = "https://digest.example/agi?a=1&b=(2)"
PRIMARY_URL = "https://lexfridman.com/sam-altman-2-transcript"
EVIL = "\x1b]52;c;SGVsbG8=\x07 \x1b[2J \x9b2J \u202e[bold]x[/bold]"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def record(
    claim_id: str,
    *,
    verdict: str,
    text: str = "We will release an amazing model this year",
    speaker: str = "Sam Altman",
    credence: float | None = None,
    note: str = "",
    sources: list[dict[str, Any]] | None = None,
) -> ClaimRecord:
    """A prediction said 2024-03-18 with one event (``verdict`` on 2024-06-01) and a verbatim primary source."""
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": text,
        "language": "en",
        "speaker": {"name": speaker},
        "said_on": "2024-03-18",
        "kind": "prediction",
        "sources": sources
        or [{"role": "primary", "publisher": "Lex Fridman Podcast", "url": PRIMARY_URL, "fidelity": "verbatim"}],
    }
    if credence is not None:
        claim["credence"] = {"p": credence, "basis": "stated"}
    event = StatusEvent.model_validate(
        {
            "claim_id": claim_id,
            "verdict": verdict,
            "effective_on": date(2024, 6, 1),
            "recorded_at": datetime(2024, 6, 1, tzinfo=UTC) + timedelta(days=1),
            "note": note,
        }
    )
    return ClaimRecord.model_validate({"claim": claim, "events": [event]})


NOT_SAID_SOURCES: list[dict[str, Any]] = [
    {"role": "primary", "publisher": "Lex Fridman Podcast", "url": PRIMARY_URL, "fidelity": "verbatim"},
    {"role": "secondary", "publisher": "Tech Digest", "url": DIGEST_URL, "fidelity": "distorted", "locator": "para 3"},
    {"role": "secondary", "publisher": "Faithful Blog", "url": "https://faithful.example/", "fidelity": "faithful"},
]


def graded_records() -> list[ClaimRecord]:
    return [
        record("g-true", verdict="true", credence=0.9),
        record("g-false", verdict="false", credence=0.3),
        record("u-amb", verdict="ambiguous", note="garbled"),
        record("g-lex", verdict="mostly_true", speaker="Lex Fridman", credence=0.6),
    ]


@pytest.fixture
def card() -> Scorecard:
    not_said = record("ns-agi", verdict="not_said", text=NOT_SAID_TEXT, note=REASON, sources=NOT_SAID_SOURCES)
    return scorecard([*graded_records(), not_said], as_of=date(2026, 1, 1))


@pytest.fixture
def plain_card() -> Scorecard:
    return scorecard(graded_records(), as_of=date(2026, 1, 1))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- the card the renderers get ------------------------------------------------------------------


def test_the_card_lists_the_failure_apart_and_counts_it_nowhere(card: Scorecard, plain_card: Scorecard) -> None:
    assert [c.claim_id for c in card.not_said] == ["ns-agi"]
    assert card.excluded.not_said == 1
    # only the unfaithful secondary source made the error, not the primary nor the faithful one
    assert [s.label for s in card.not_said[0].sources] == ["Tech Digest"]
    assert card.total.total == 4 == plain_card.total.total
    assert card.row("Sam Altman").total == 3
    assert card.total.counts[Verdict.NOT_SAID] == 0
    assert "ns-agi" not in {c.id for c in card.claims}
    assert Verdict.NOT_SAID not in VERDICT_COLUMNS
    assert exclusions_text(card) == "Left out: 1 not said by the speaker (listed apart)."
    assert exclusions_text(plain_card) == ""


# -- Markdown ------------------------------------------------------------------------------------


def _md_section(md: str) -> str:
    match = re.search(rf"^## {TITLE}\n(.*?)(?=^## )", md, re.S | re.M)
    assert match is not None, md
    return match.group(1)


def test_markdown_lists_the_failure_with_reason_sources_and_rule(card: Scorecard) -> None:
    md = render_markdown(card)
    section = _md_section(md)
    assert NOT_SAID_NOTE in section
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(items) == 1
    item = items[0]
    assert item.startswith("- `ns-agi` — Sam Altman, 2024-03-18: ")
    assert "AGI is coming next year &lt;script&gt;alert(1)&lt;/script&gt;" in item
    assert "He said it of GPT-5 &amp; not of &lt;b&gt;AGI&lt;/b&gt; (01:06:12)" in item
    # the source that made the error, linked (parentheses encoded so the link cannot end early), with its fidelity
    assert "[Tech Digest](https://digest.example/agi?a=1&b=%282%29) @ para 3 (distorted)" in item
    assert "Faithful Blog" not in section
    assert "Lex Fridman Podcast" not in section
    assert HOSTILE not in md
    assert "<b>AGI" not in md


def test_markdown_states_the_rule_in_the_legend_and_counts_the_failure_nowhere(card: Scorecard) -> None:
    md = render_markdown(card)
    assert f"- **{TITLE}**: {NOT_SAID_NOTE}" in md
    assert "Left out: 1 not said by the speaker (listed apart)." in md
    verdict_header = next(line for line in md.splitlines() if line.startswith("| Speaker | true"))
    assert "not said" not in verdict_header
    total = next(line for line in md.splitlines() if line.startswith("| **All claims** | 4 |"))
    assert total.split("|")[2].strip() == "4"
    assert "| `ns-agi`" not in md  # not in the claim table


def test_markdown_links_only_http_urls() -> None:
    claim = NotSaidClaim(
        claim_id="x",
        speaker="S",
        said_on=date(2024, 1, 1),
        text="t",
        reason="r",
        sources=(
            SourceLine(label="Bad", url="javascript:alert(1)", role="secondary", fidelity="distorted"),
            SourceLine(label="Spaced", url="https://a.example/x y)<z>", role="secondary", fidelity=None),
        ),
    )
    card = attrs.evolve(scorecard([]), not_said=(claim,))
    section = _md_section(render_markdown(card))
    assert "javascript:" not in section
    assert "Bad (distorted)" in section
    assert "[Spaced](https://a.example/x%20y%29%3Cz%3E)" in section


# -- HTML ----------------------------------------------------------------------------------------


def _html_section(page: str) -> str:
    match = re.search(r'<section id="not-said".*?</section>', page, re.S)
    assert match is not None
    return match.group(0)


def test_html_lists_the_failure_escaped(card: Scorecard) -> None:
    page = render_html(card)
    section = _html_section(page)
    assert f'<h2 id="not-said-title">{TITLE}</h2>' in section
    assert NOT_SAID_NOTE in section
    assert section.count("<li>") == 1
    assert "<code>ns-agi</code>" in section
    assert "Sam Altman, 2024-03-18" in section
    assert "AGI is coming next year &lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "He said it of GPT-5 &amp; not of &lt;b&gt;AGI&lt;/b&gt; (01:06:12)" in section
    assert '<a href="https://digest.example/agi?a=1&amp;b=(2)" rel="noopener noreferrer">Tech Digest</a>' in section
    assert '<span class="fid fid-distorted">distorted</span>' in section
    assert "Faithful Blog" not in section
    assert HOSTILE not in page
    assert "<b>AGI" not in page
    assert page.count("<script") == 2  # the JSON data block and the page's own script, nothing from the claim


def test_html_states_the_rule_and_counts_the_failure_nowhere(card: Scorecard) -> None:
    page = render_html(card)
    legend = page.split("<h2>How to read this</h2>", 1)[1]
    assert f"<li><b>{TITLE}</b>: {NOT_SAID_NOTE}</li>" in legend
    assert "Left out: 1 not said by the speaker (listed apart)." in page
    verdicts = re.search(r'<table class="sortable static" id="verdicts">.*?</table>', page, re.S)
    assert verdicts is not None
    assert ">not said<" not in verdicts.group(0)
    data = re.search(r'id="claims-data">(.*?)</script>', page, re.S)
    assert data is not None
    assert "ns-agi" not in data.group(1)


def test_html_links_only_http_urls() -> None:
    claim = NotSaidClaim(
        claim_id="x",
        speaker="S",
        said_on=date(2024, 1, 1),
        text="t",
        reason="",
        sources=(SourceLine(label="Bad", url="javascript:alert(1)", role="secondary", fidelity="distorted"),),
    )
    section = _html_section(render_html(attrs.evolve(scorecard([]), not_said=(claim,))))
    assert "javascript:" not in section
    assert "<a " not in section
    assert "Bad" in section
    assert "no reason recorded" in section


# -- JSON ----------------------------------------------------------------------------------------


def test_json_lists_the_failure_and_the_rule(card: Scorecard) -> None:
    data = json.loads(render_json(card))
    assert data["schema"] == "claimtrack.scorecard/1"
    assert data["not_said"] == [
        {
            "claim_id": "ns-agi",
            "speaker": "Sam Altman",
            "said_on": "2024-03-18",
            "text": NOT_SAID_TEXT,  # kept exactly: escaping is the reader's job
            "reason": REASON,
            "sources": [
                {
                    "label": "Tech Digest",
                    "url": DIGEST_URL,
                    "role": "secondary",
                    "fidelity": "distorted",
                    "locator": "para 3",
                }
            ],
        }
    ]
    assert data["not_said_note"] == NOT_SAID_NOTE
    assert data["excluded"]["not_said"] == 1
    assert data["total"]["total"] == 4
    assert data["total"]["counts"]["not_said"] == 0
    assert all(row["counts"]["not_said"] == 0 for row in data["rows"])
    assert "ns-agi" not in {c["id"] for c in data["claims"]}
    assert json.loads(render_json(card, include_claims=False))["not_said"] == data["not_said"]


# -- terminal ------------------------------------------------------------------------------------


def test_terminal_lists_the_failure_with_reason_sources_and_rule(card: Scorecard) -> None:
    out = render_terminal(card, width=300)
    assert TITLE in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("ns-agi"))
    assert "Sam Altman" in lines[at]
    assert "said 2024-03-18" in lines[at]
    entry = lines[at + 1 : at + 4]  # the entry's text, reason and sources, each on its own line
    assert entry[0].strip() == NOT_SAID_TEXT  # rich text, never markup
    assert entry[1].strip() == f"reason: {REASON}"
    assert entry[2].strip() == "error made by: Tech Digest @para 3 (distorted)"
    assert "Faithful Blog" not in out
    assert NOT_SAID_NOTE in _one_line(out)
    assert "Left out: 1 not said by the speaker (listed apart)." in out
    assert "not said" not in next(line for line in out.splitlines() if "Speaker" in line and "true" in line)


def test_terminal_section_is_escape_safe() -> None:
    evil = record(
        "ns-evil",
        verdict="not_said",
        text=f"We will ship {EVIL}",
        speaker=f"Mallory {EVIL}",
        note=f"N {EVIL}",
        sources=[{"role": "secondary", "publisher": f"Digest {EVIL}", "fidelity": "misattributed"}],
    )
    out = render_terminal(scorecard([evil], as_of=date(2026, 1, 1)), width=400)
    assert TITLE in out
    assert not RAW.search(out), repr(RAW.search(out))
    assert "\\x1b" in out
    assert "[bold]x[/bold]" in out  # printed as written, never read as markup
    assert "(misattributed)" in out


# -- no failure, no section ----------------------------------------------------------------------


def test_no_section_without_a_not_said_claim(plain_card: Scorecard) -> None:
    md = render_markdown(plain_card)
    assert f"## {TITLE}" not in md
    assert f"- **{TITLE}**: {NOT_SAID_NOTE}" in md  # the rule stays in the legend
    assert "Left out" not in md
    page = render_html(plain_card)
    assert 'id="not-said"' not in page
    assert f'<h2 id="not-said-title">{TITLE}</h2>' not in page
    out = render_terminal(plain_card, width=300)
    assert TITLE not in out
    assert NOT_SAID_NOTE not in _one_line(out)
    data = json.loads(render_json(plain_card))
    assert data["not_said"] == []
    assert data["excluded"]["not_said"] == 0
    assert data["not_said_note"] == NOT_SAID_NOTE


# -- in a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_section_renders_in_chromium(
    card: Scorecard, browser: Callable[..., tuple[str, list[str]]], tmp_path: Path
) -> None:
    page = tmp_path / "not-said.html"
    page.write_text(render_html(card), encoding="utf-8")
    dom, console = browser(page)
    assert console == []  # no errors, no CSP refusals
    assert 'data-ready="1"' in dom
    section = _html_section(dom)
    assert TITLE in section
    assert "ns-agi" in section
    assert "AGI is coming next year &lt;script&gt;alert(1)&lt;/script&gt;" in section  # text, not an element
    assert "<script" not in section
    assert ">Tech Digest</a>" in section
