"""The HTML report in a real headless Chromium: no console errors, the chart shows, markup stays inert."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.model import ClaimRecord
from claimtrack.renderers import render_html
from claimtrack.scoring import Scorecard, scorecard

HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"console.log('xss-fired')\">"

pytestmark = pytest.mark.browser

Run = Callable[..., tuple[str, list[str]]]
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"


def test_the_harness_sees_console_errors(browser: Run, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>noSuchFunction();</script></body></html>")
    _, console = browser(page)
    assert any("noSuchFunction" in line for line in console)


def test_report_renders_without_console_errors_and_markup_stays_inert(
    browser: Run, hostile_card: Scorecard, tmp_path: Path
) -> None:
    page = tmp_path / "card.html"
    page.write_text(render_html(hostile_card), encoding="utf-8")
    dom, console = browser(page)
    assert console == []  # no errors, no CSP refusals, and the hostile onerror never logged
    assert 'data-ready="1"' in dom  # the page's script ran (allowed by its CSP hash)
    chart = re.search(r'<svg id="calibration-chart".*?</svg>', dom, re.S)
    assert chart is not None
    assert chart.group(0).count("<circle") == 3
    body = re.search(r'<table class="sortable" id="claims">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert body is not None
    assert body.group(1).count("<tr>") == 4
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body.group(1)  # shown as text
    assert HOSTILE not in dom.split('id="claims-data"')[0]  # never a live element
    assert "<img" not in dom
    assert "今年、素晴らしいモデルをリリースする" in body.group(1)
    assert 'href="https://lexfridman.com/sam-altman-2-transcript"' in body.group(1)
    assert "distorted" in body.group(1)


def test_claim_table_is_paginated(make: Callable[..., ClaimRecord], browser: Run, tmp_path: Path) -> None:
    card = scorecard([make(f"c{i:03d}", text=f"claim number {i}") for i in range(120)])
    page = tmp_path / "big.html"
    page.write_text(render_html(card), encoding="utf-8")
    dom, console = browser(page)
    assert console == []
    body = re.search(r'id="claims">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert body is not None
    assert body.group(1).count("<tr>") == 50
    assert "claims 1–50 of 120 (page 1 of 3)" in dom


@pytest.mark.skipif(not (FIXTURE / "ledger.json").is_file(), reason="the bundled ledger is not there")
def test_bundled_scorecard_renders(browser: Run, tmp_path: Path) -> None:
    import datetime

    with ct.Ledger.open(FIXTURE, create=False) as ledger:
        card = scorecard(ledger, as_of=datetime.date(2026, 11, 27))
    page = tmp_path / "altman.html"
    page.write_text(card.to_html(title="Sam Altman on Lex Fridman #419"), encoding="utf-8")
    dom, console = browser(page)
    assert console == []
    assert 'id="calibration-chart"' in dom
    assert "claims 1–50 of" in dom
    shot = tmp_path / "shot.png"
    browser(page, screenshot=shot)
    assert shot.stat().st_size > 10_000
