"""The fidelity card of the bundled ledger: note.com (psymen)'s summary of Lex Fridman #419.

The expected numbers were counted by hand from the ledger's files (each claim's
secondary source's ``fidelity``), and checked against the research the ledger
was built from (shared/research/seed-claims.md: the 50 rows of its summary table
give 22 faithful, 16 partly faithful, 10 distorted, 1 not in the interview and 1
misattributed; the three Appendix A statements the ledger adds give 1 distorted
and 2 partly faithful). The tests below count them again, independently of the
library, so a re-recorded ledger that changes them fails loudly here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.model import Fidelity
from claimtrack.scoring import FidelityCard, fidelity_card
from tests.fidelity_card.conftest import BUNDLED, REPO

pytestmark = pytest.mark.skipif(not (BUNDLED / "ledger.json").is_file(), reason="the bundled ledger is not there")

PUBLISHER = "note.com (psymen)"
RESEARCH = REPO.parent / "shared" / "research" / "seed-claims.md"


@pytest.fixture(scope="module")
def card() -> FidelityCard:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        return fidelity_card(ledger)


def _secondary_fidelities() -> Counter[str | None]:
    """Every secondary source's fidelity, read from the claim files with json alone."""
    found: Counter[str | None] = Counter()
    for path in sorted((BUNDLED / "claims").glob("*.json")):
        claim = json.loads(path.read_text(encoding="utf-8"))["claim"]
        found.update(s.get("fidelity") for s in claim["sources"] if s["role"] == "secondary")
    return found


def test_the_exact_counts() -> None:
    """Counted by hand; the ledger's files say the same."""
    expected = {"faithful": 22, "partly_faithful": 18, "distorted": 11, "not_in_original": 1, "misattributed": 1}
    assert dict(_secondary_fidelities()) == expected


def test_the_card_of_note_com(card: FidelityCard) -> None:
    assert [r.key for r in card.rows] == [PUBLISHER]
    row = card.row(PUBLISHER)
    assert (row.renderings, row.rated, row.unrated) == (53, 53, 0)
    assert {f.value: n for f, n in row.counts.items()} == {
        "verbatim": 0,
        "faithful": 22,
        "partly_faithful": 18,
        "distorted": 11,
        "not_in_original": 1,
        "misattributed": 1,
    }
    assert row.faithful == 22
    assert row.faithful_rate == pytest.approx(22 / 53)  # 41.5%
    assert row.faithful_rate_ci == pytest.approx((0.2926, 0.5491), abs=1e-4)
    assert row.distorted == 31  # 18 + 11 + 1 + 1
    assert Counter(d.fidelity for d in row.distortions) == {
        Fidelity.PARTLY_FAITHFUL: 18,
        Fidelity.DISTORTED: 11,
        Fidelity.NOT_IN_ORIGINAL: 1,
        Fidelity.MISATTRIBUTED: 1,
    }
    assert row.speakers == ("Sam Altman",)
    assert row.claims == 53
    # 64 claims: 53 with the article as a secondary source; the author's 11 own statements have it as primary
    assert (card.claims, card.not_yet_said, card.without_renderings) == (64, 0, 11)


def test_the_key_findings_are_named(card: FidelityCard) -> None:
    """The research's 14 key findings: 13 of them are renderings of Altman; finding 13 is the author's own heading.

    Finding 13 (and the editorial half of finding 8) sit on the author's own statements (``ed-*``), where the
    article is the primary source: the card scores renderings, so it does not list them.
    """
    named: dict[int, set[str]] = {}
    for d in card.distortions:
        for number in re.findall(r"key finding (\d+)", d.note or ""):
            named.setdefault(int(number), set()).add(d.claim_id)
    assert sorted(named) == [*range(1, 13), 14]
    assert named[1] == {"ai-politicized-left-right"}
    assert named[2] == {"capable-systems-end-of-decade"}
    assert named[10] == {"musk-wanted-control-tesla", "musk-left-feb-2018-own-choice"}
    assert named[11] == {"sora-red-team"}
    assert len(named[14]) == 8
    tagged = {claim for claims in named.values() for claim in claims}
    assert len(tagged) == 21  # the other 10 distortions are smaller shifts the research lists per claim


def test_sora_red_team_has_no_original(card: FidelityCard) -> None:
    """Not in the interview: the primary source carries no quote, so the original is not recorded."""
    (d,) = [d for d in card.distortions if d.claim_id == "sora-red-team"]
    assert d.fidelity is Fidelity.NOT_IN_ORIGINAL
    assert d.original is None
    assert d.original_source == "Lex Fridman Podcast"
    assert d.rendering is not None
    assert "レッドチーム" in d.rendering
    assert d.rendering_language == "ja"
    assert "not recorded" in ct.render(card, "md")


def test_side_by_side_languages(card: FidelityCard) -> None:
    (d,) = [d for d in card.distortions if d.claim_id == "capable-systems-end-of-decade"]
    assert d.original is not None
    assert "by the end of this decade" in d.original
    assert d.original_language == "en"
    assert d.rendering is not None
    assert "10年" in d.rendering
    assert d.rendering_language == "ja"


def test_every_grouping_and_date_agree(card: FidelityCard) -> None:
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        by_speaker = fidelity_card(ledger, by="speaker")
        by_source = fidelity_card(ledger, by="source")
        before = fidelity_card(ledger, as_of=date(2024, 3, 17))
    assert [r.key for r in by_speaker.rows] == ["Sam Altman"]
    assert by_speaker.total == by_source.total == card.total
    assert [r.key for r in by_source.rows] == [
        "note.com (psymen) — OpenAI サム・アルトマン最新2時間インタビュー<7500文字 詳しめ要約>"
    ]
    assert (before.claims, before.not_yet_said, before.total.renderings) == (0, 64, 0)


@pytest.mark.skipif(not RESEARCH.is_file(), reason="shared/research/seed-claims.md is not there")
def test_the_research_agrees() -> None:
    """The research's summary table (50 statements) plus the three Appendix A statements the ledger adds."""
    text = RESEARCH.read_text(encoding="utf-8")
    table = text[text.index("## 2. Summary table") : text.index("## 3. Claim records")]
    rows = re.findall(r"^\| \d+ \| ([\w-]+) \|.*\| ([a-z-]+)(?: \([^)]*\))? \|$", table, re.M)
    assert len(rows) == 50
    words = {
        "faithful": "faithful",
        "partly-faithful": "partly_faithful",
        "distorted": "distorted",
        "not-in-interview": "not_in_original",
        "misattributed": "misattributed",
    }
    research = Counter(words[w] for _, w in rows)
    assert research == {
        "faithful": 22,
        "partly_faithful": 16,
        "distorted": 10,
        "not_in_original": 1,
        "misattributed": 1,
    }
    ledger_ids = {p.stem for p in (BUNDLED / "claims").glob("*.json")}
    appendix = {"ads-worse-with-ai": "distorted", "culture-war-no-struggles": "partly_faithful"}
    appendix["safety-researchers-hung-up"] = "partly_faithful"
    assert set(appendix) <= ledger_ids
    assert research + Counter(appendix.values()) == _secondary_fidelities()
    # and claim by claim
    for claim_id, word in rows:
        claim = json.loads((BUNDLED / "claims" / f"{claim_id}.json").read_text(encoding="utf-8"))["claim"]
        (source,) = [s for s in claim["sources"] if s["role"] == "secondary"]
        assert source["fidelity"] == words[word], claim_id


def test_json_markdown_and_terminal_of_the_bundled_card(card: FidelityCard, tmp_path: Path) -> None:
    data = json.loads(ct.render(card, "json"))
    assert data["schema"] == "claimtrack.fidelity-card/1"
    assert data["rows"][0]["key"] == PUBLISHER
    assert len(data["rows"][0]["distortions"]) == 31
    markdown = ct.render(card, "md")
    assert f"### {PUBLISHER} (31 distortions)" in markdown
    assert "| note.com (psymen) | 53 | 53 | 0 | 22 | 18 | 11 | 1 | 1 | 0 | 42% (29–55%) |" in markdown
    terminal = ct.render(card, "term", width=200)
    assert "42% (29–55%)" in terminal
    assert "capable-systems-end-of-decade" in terminal
