"""The fidelity card's HTML page in a real headless Chromium: no CSP violation, hostile quotes inert."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.renderers import render_fidelity_html
from claimtrack.scoring import fidelity_card
from tests.fidelity_card.conftest import BUNDLED, HOSTILE, HOSTILE_IMG, build, secondary

pytestmark = pytest.mark.browser

Run = Callable[..., tuple[str, list[str]]]


def test_the_harness_sees_console_errors(browser: Run, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>noSuchFunction();</script></body></html>")
    _, console = browser(page)
    assert any("noSuchFunction" in line for line in console)


def test_hostile_quotes_stay_inert_and_distortions_show(browser: Run, tmp_path: Path) -> None:
    records = [
        build(
            "xss",
            [secondary(f"Outlet {HOSTILE}", "distorted", HOSTILE_IMG, note=f"note {HOSTILE}")],
            original=f"said {HOSTILE}",
            speaker=f"Lex {HOSTILE_IMG}",
        ),
        build("red-team", [("Outlet B", "not_in_original", "現在はレッドチーム内で検証中")], original=None),
        build("fine", [("Outlet B", "faithful")]),
    ]
    page = tmp_path / "fidelity.html"
    page.write_text(render_fidelity_html(fidelity_card(records)), encoding="utf-8")
    dom, console = browser(page)
    assert console == []  # no errors, no CSP refusals, and the hostile onerror never logged
    assert "<img" not in dom
    assert HOSTILE not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text
    tables = re.findall(r'<table class="distortions" id="distortions-\d+">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert len(tables) == 2
    joined = "".join(tables)
    assert joined.count("<tr>") == 2
    assert "現在はレッドチーム内で検証中" in joined
    assert "not recorded" in joined
    assert "&lt;img src=x onerror=" in joined
    assert re.search(r'<svg id="fidelity-chart".*?</svg>', dom, re.S) is not None


@pytest.mark.skipif(not (BUNDLED / "ledger.json").is_file(), reason="the bundled ledger is not there")
def test_bundled_card_renders_with_its_distortions(browser: Run, tmp_path: Path) -> None:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        card = fidelity_card(ledger)
    page = tmp_path / "note.html"
    page.write_text(ct.render(card, "html", title="note.com (psymen) on Lex Fridman #419"), encoding="utf-8")
    dom, console = browser(page)
    assert console == []
    body = re.search(r'<table class="distortions" id="distortions-0">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert body is not None
    assert body.group(1).count("<tr>") == 31
    assert "capable-systems-end-of-decade" in body.group(1)
    assert "10年" in body.group(1)
    shot = tmp_path / "shot.png"
    browser(page, screenshot=shot)
    assert shot.stat().st_size > 10_000
