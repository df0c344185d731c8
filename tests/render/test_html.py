"""The HTML report: self-contained, escaped, charts present, usable at size (static checks)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from claimtrack.model import ClaimRecord
from claimtrack.renderers import render_html
from claimtrack.scoring import Scorecard, scorecard

HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"console.log('xss-fired')\">"


def test_page_is_self_contained(hostile_card: Scorecard) -> None:
    page = render_html(hostile_card)
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page
    assert "default-src &#x27;none&#x27;" in page  # the CSP attribute, quotes escaped
    assert "<link" not in page
    markup = re.sub(r'id="claims-data">.*?</script>', "", page, flags=re.S)  # claim data is JSON text, not markup
    assert not re.search(r"\ssrc=", markup)  # no external scripts, images or fonts
    assert "@import" not in page
    assert "url(" not in page


def test_claim_text_never_appears_as_markup(hostile_card: Scorecard) -> None:
    page = render_html(hostile_card)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<i>Fridman" not in page
    assert "<b>psymen" not in page
    assert "<em>markup" not in page
    assert page.count("<script") == 2  # the JSON data block and the page's own script
    assert "&lt;i&gt;Fridman&lt;/i&gt;" in page  # row key, escaped server-side
    assert "reason with &lt;em&gt;markup&lt;/em&gt; &amp; ampersand" in page


def test_embedded_claim_data_is_json_that_cannot_close_its_script(hostile_card: Scorecard) -> None:
    page = render_html(hostile_card)
    block = re.search(r'<script type="application/json" id="claims-data">(.*?)</script>', page, re.S)
    assert block is not None
    assert "<" not in block.group(1)
    claims = {c["id"]: c for c in json.loads(block.group(1))}
    assert claims["xss"]["text"] == HOSTILE
    assert claims["xss"]["translations"] == {"ja": HOSTILE_IMG}
    assert claims["gpt5"]["sources"][0] == {
        "label": "Lex Fridman Podcast",
        "url": "https://lexfridman.com/sam-altman-2-transcript",
        "fidelity": "verbatim",
        "locator": "01:06:12",
    }
    assert claims["gpt5"]["evidence"][0]["url"] == "https://openai.com/index/hello-gpt-4o/"


def test_charts_are_inline_svg(hostile_card: Scorecard) -> None:
    page = render_html(hostile_card)
    chart = re.search(r'<svg id="calibration-chart".*?</svg>', page, re.S)
    assert chart is not None
    assert chart.group(0).count('<circle class="bin"') == 3  # credences 0.9, 0.6, 0.2: three bins
    assert chart.group(0).count('class="ci"') == 3
    timeline = re.search(r'<svg id="timeline-chart".*?</svg>', page, re.S)
    assert timeline is not None
    # resolutions in 2024-05, 2024-06, 2024-12 and 2025-01: one bar each
    assert timeline.group(0).count('<rect class="bar"') == 4


def test_summary_numbers(hostile_card: Scorecard) -> None:
    page = render_html(hostile_card)
    foot = re.search(r'<table class="sortable static" id="summary">.*?<tfoot>(.*?)</tfoot>', page, re.S)
    assert foot is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", foot.group(1))
    assert cells[:9] == ["All claims", "4", "3", "1", "0", "0", "33%", "6–79%", "0.137"]


def test_large_cards_can_cap_the_embedded_claims(make: Callable[..., ClaimRecord]) -> None:
    card = scorecard([make(f"c{i:04d}", text=f"claim {i}") for i in range(300)])
    page = render_html(card, max_claims=100)
    block = re.search(r'id="claims-data">(.*?)</script>', page, re.S)
    assert block is not None
    assert len(json.loads(block.group(1))) == 100
    assert "holds the 100 most recently said of 300 claims" in page


def test_empty_card_renders() -> None:
    page = render_html(scorecard([]))
    assert "no resolutions yet" in page
    assert "no graded claim with a credence yet" in page
