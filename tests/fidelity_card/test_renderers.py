"""The fidelity card's renderers: every format shows the numbers, and hostile text stays inert."""

from __future__ import annotations

import json

import pytest

import claimtrack as ct
from claimtrack.model import ClaimRecord
from claimtrack.renderers import (
    FIDELITY_SCHEMA,
    render_fidelity_html,
    render_fidelity_json,
    render_fidelity_markdown,
    render_fidelity_terminal,
)
from claimtrack.renderers._html_assets import CSP
from claimtrack.scoring import FidelityCard, fidelity_card
from tests.fidelity_card.conftest import HOSTILE, HOSTILE_IMG, build, secondary

RICH_MARKUP = "[bold red]loud[/bold red] [link=http://x]x[/link]"
ESCAPES = "clear\x1b[2J screen\x1b]0;title\x07 \u202ereversed"


@pytest.fixture
def hostile() -> FidelityCard:
    """Hostile text in every string a renderer shows: publisher, speaker, quotes, note, title."""
    records = [
        build(
            "xss",
            [
                secondary(
                    f"Outlet {HOSTILE}",
                    "distorted",
                    f"{HOSTILE_IMG} | **bold** {RICH_MARKUP}",
                    note=f"note {HOSTILE} {ESCAPES}",
                    title=f"Title {HOSTILE_IMG}",
                    url="https://outlet.example/a?x=1&y=<2>",
                )
            ],
            speaker=f"Lex <i>Fridman</i> {RICH_MARKUP}",
            original=f"original {HOSTILE} {ESCAPES}",
        ),
        build("missing", [("Plain outlet", "misattributed", "rendered")], original=None),
        build("fine", [("Plain outlet", "faithful"), ("Plain outlet", None)]),
    ]
    return fidelity_card(records)


def test_markdown_escapes_and_says_not_recorded(hostile: FidelityCard) -> None:
    text = render_fidelity_markdown(hostile)
    assert "<script>" not in text
    assert "<img" not in text
    assert "<i>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\*\\*bold\\*\\*" in text
    assert " \\| " in text
    assert "(not recorded)" in text
    assert "# Outlet fidelity card by publisher" in text
    assert "| Plain outlet | 3 | 2 | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 50% (9–91%) |" in text
    assert "### Plain outlet (1 distortion)" in text
    assert "1 unrated rendering is counted, but not in the rate." in text
    assert render_fidelity_markdown(hostile, title="Mine <b>").startswith("# Mine &lt;b&gt;\n")


def test_json_schema_and_values(hostile: FidelityCard) -> None:
    data = json.loads(render_fidelity_json(hostile))
    assert data["schema"] == FIDELITY_SCHEMA == "claimtrack.fidelity-card/1"
    assert data["by"] == "publisher"
    assert data["as_of"] is None
    assert "distortions" not in data["total"]  # the rows list each distortion once
    plain = next(r for r in data["rows"] if r["key"] == "Plain outlet")
    assert plain["counts"]["faithful"] == 1
    assert plain["unrated"] == 1
    assert plain["faithful_rate"] == 0.5
    (missing,) = plain["distortions"]
    assert missing["original"]["text"] is None
    assert missing["rendering"]["text"] == "rendered"
    xss = next(r for r in data["rows"] if r["key"].startswith("Outlet"))["distortions"][0]
    assert xss["rendering"]["text"].startswith(HOSTILE_IMG)  # JSON keeps the data as it is
    assert xss["original"] == {
        "text": f"original {HOSTILE} {ESCAPES}",
        "language": "en",
        "source": "The Podcast",
        "locator": "00:01:02",
    }
    dated = json.loads(render_fidelity_json(fidelity_card([], as_of=ct.DateRange.model_validate("2025").end)))
    assert dated["as_of"] == "2025-12-31"
    assert dated["rows"] == []


def test_terminal_shows_markup_and_escapes_as_text(hostile: FidelityCard) -> None:
    text = render_fidelity_terminal(hostile, width=240)
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\x07" not in text
    assert "\\x1b[2J" in text
    assert "\\u202e" in text
    assert "[bold red]loud[/bold red]" in text  # rich markup printed as written
    assert "not recorded" in text
    assert "50% (9–91%)" in text
    coloured = render_fidelity_terminal(hostile, width=240, color=True)
    assert "\x1b[2J" not in coloured
    assert "\x1b]0;" not in coloured


def test_html_escapes_everything(hostile: FidelityCard) -> None:
    page = render_fidelity_html(hostile)
    assert HOSTILE not in page
    assert HOSTILE_IMG not in page
    assert "<i>Fridman" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert f'content="{CSP}"' in page.replace("&#x27;", "'")  # the scorecard's policy
    assert 'href="https://outlet.example/a?x=1&amp;y=&lt;2&gt;"' in page
    assert page.count("<script>") == 1  # only the scorecard's hashed script
    assert "not recorded" in page
    assert 'id="fidelity-chart"' in page
    assert 'id="distortions-0"' in page


def test_html_without_distortions() -> None:
    page = render_fidelity_html(fidelity_card([build("ok", [("Daily", "faithful")])]), title="T")
    assert "No rendering is rated partly faithful or worse." in page
    assert "<title>T</title>" in page
    empty = render_fidelity_html(fidelity_card([]))
    assert "no renderings" in empty


def test_api_render_takes_the_fidelity_card(records: list[ClaimRecord]) -> None:
    card = ct.fidelity_card(records)
    assert ct.render(card) == render_fidelity_markdown(card)
    assert ct.render(card, "html", title="x") == render_fidelity_html(card, title="x")
    assert ct.render(card, "json", indent=None) == render_fidelity_json(card, indent=None)
    assert ct.render(card, "term", width=90) == render_fidelity_terminal(card, width=90)
    with pytest.raises(ValueError, match="unknown scorecard format"):
        ct.render(card, "pdf")


def test_scorecards_still_render_as_before(records: list[ClaimRecord]) -> None:
    card = ct.scorecard(records)
    assert ct.render(card, "json").startswith('{\n  "schema": "claimtrack.scorecard/1"')
