"""Reports of a SQLite ledger bigger than the card's claim table: totals and timeline cover every claim.

On SQLite the card lists only the 1,000 most recently said claims (``claims_complete`` is False);
the renderers must take counts from the rows and the timeline of resolutions from ``card.timeline``,
never from that bounded list.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.model import ClaimRecord
from claimtrack.renderers import render_html, render_json, render_markdown
from claimtrack.scoring import SQL_CLAIMS_DEFAULT, Outcome, Scorecard, scorecard

N = SQL_CLAIMS_DEFAULT + 250
FIRST_SAID = date(2020, 1, 1)
CYCLE = ("true", "false", "mixed", "mostly_true", "ambiguous", None)
"""Claim i resolves to CYCLE[i % 6] (None: still open) 90 days after it was said."""
OUTCOME = {
    "true": Outcome.CAME_TRUE,
    "mostly_true": Outcome.CAME_TRUE,
    "false": Outcome.DID_NOT,
    "mixed": Outcome.MIXED,
    "ambiguous": Outcome.NOT_SCORED,
}
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def _record(i: int) -> ClaimRecord:
    said = FIRST_SAID + timedelta(days=i)
    claim: dict[str, Any] = {
        "id": f"c{i:05d}",
        "text": f"claim number {i}",
        "language": "en",
        "speaker": {"name": "Sam Altman" if i % 2 else "Lex Fridman"},
        "said_on": said.isoformat(),
        "kind": "prediction",
        "credence": {"p": (i % 10) / 10 + 0.05, "basis": "stated"},
        "horizon": {
            "text": "within a year",
            "start": said.isoformat(),
            "end": (said + timedelta(days=365)).isoformat(),
        },
        "sources": [{"role": "primary", "publisher": "Lex Fridman Podcast", "fidelity": "verbatim"}],
    }
    verdict = CYCLE[i % len(CYCLE)]
    events = []
    if verdict is not None:
        on = said + timedelta(days=90)
        events.append(
            {
                "claim_id": claim["id"],
                "verdict": verdict,
                "effective_on": on.isoformat(),
                "recorded_at": datetime(on.year, on.month, on.day, tzinfo=UTC).isoformat(),
                "note": "garbled" if verdict == "ambiguous" else "",
            }
        )
    return ClaimRecord.model_validate({"claim": claim, "events": events})


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scorecard, Counter[tuple[str, Outcome]], int]:
    """The SQLite card, the resolutions per (month, outcome) counted by hand, and the resolved count."""
    records = [_record(i) for i in range(N)]
    path = tmp_path_factory.mktemp("big") / "ledger.sqlite"
    with ct.Ledger.open(path, clock=lambda: NOW) as ledger:
        ledger.store.create_many(records)
        card = scorecard(ledger, by="speaker")
    expected: Counter[tuple[str, Outcome]] = Counter()
    for i in range(N):
        verdict = CYCLE[i % len(CYCLE)]
        if verdict is not None:
            on = FIRST_SAID + timedelta(days=i + 90)
            expected[(f"{on.year:04d}-{on.month:02d}", OUTCOME[verdict])] += 1
    return card, expected, sum(expected.values())


def test_the_card_lists_some_claims_and_counts_every_one(
    big: tuple[Scorecard, Counter[tuple[str, Outcome]], int],
) -> None:
    card, expected, resolved = big
    assert not card.claims_complete
    assert len(card.claims) == SQL_CLAIMS_DEFAULT
    assert card.total.total == N
    assert card.total.resolved == resolved
    got = Counter({(f"{m.month:%Y-%m}", o): n for m in card.timeline for o, n in m.counts.items() if n})
    assert got == expected
    # the oldest months are resolutions of claims the bounded table left out
    listed = {line.resolved_on.strftime("%Y-%m") for line in card.claims if line.resolved_on is not None}
    assert f"{card.timeline[0].month:%Y-%m}" not in listed


def test_html_counts_and_timeline_cover_every_claim(
    big: tuple[Scorecard, Counter[tuple[str, Outcome]], int],
) -> None:
    card, expected, resolved = big
    page = render_html(card)
    assert f"The table holds the {SQL_CLAIMS_DEFAULT:,} most recently said of {N:,} claims" in page
    assert f"<b>{N:,}</b><span>claims</span>" in page
    chart = re.search(r'<svg id="timeline-chart".*?</svg>', page, re.S)
    assert chart is not None
    bars = re.findall(r"<title>(\d{4}-\d{2}): (\d+) ([^<]+)</title>", chart.group(0))
    assert sum(int(n) for _, n, _ in bars) == resolved
    months = {month for month, _, _ in bars}
    assert months == {month for month, _ in expected}


def test_markdown_counts_and_timeline_cover_every_claim(
    big: tuple[Scorecard, Counter[tuple[str, Outcome]], int],
) -> None:
    card, expected, resolved = big
    md = render_markdown(card)
    assert f"The list shows the 200 most recently said of {N:,} claims; the figures above cover all of them." in md
    assert "HTML and JSON reports list the others" not in md
    section = md.split("## Resolutions by month", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\| \d{4}-\d{2} \|", line)]
    totals = {row.split("|")[1].strip(): int(row.split("|")[-2]) for row in rows}
    per_month: Counter[str] = Counter()
    for (month, _), n in expected.items():
        per_month[month] += n
    assert totals == dict(per_month)
    assert sum(totals.values()) == resolved


def test_json_counts_and_timeline_cover_every_claim(
    big: tuple[Scorecard, Counter[tuple[str, Outcome]], int],
) -> None:
    card, expected, resolved = big
    data = json.loads(render_json(card))
    assert data["claims_complete"] is False
    assert data["total"]["total"] == N
    assert len(data["claims"]) == SQL_CLAIMS_DEFAULT
    got = Counter({(m["month"], o): m[o.value] for m in data["timeline"] for o in Outcome if m[o.value]})
    assert got == expected
    assert sum(sum(m[o.value] for o in Outcome) for m in data["timeline"]) == resolved


@pytest.mark.browser
def test_the_partial_report_renders_in_chromium(
    big: tuple[Scorecard, Counter[tuple[str, Outcome]], int],
    browser: Callable[..., tuple[str, list[str]]],
    tmp_path: Path,
) -> None:
    card, expected, _ = big
    page = tmp_path / "big.html"
    page.write_text(render_html(card), encoding="utf-8")
    dom, console = browser(page)
    assert console == []
    chart = re.search(r'<svg id="timeline-chart".*?</svg>', dom, re.S)
    assert chart is not None
    assert chart.group(0).count('<rect class="bar"') == len(expected)
    assert f"claims 1–50 of {SQL_CLAIMS_DEFAULT:,}" in dom or f"claims 1–50 of {SQL_CLAIMS_DEFAULT}" in dom
    assert 'id="claims-partial"' in dom
