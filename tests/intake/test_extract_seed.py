"""Measured quality on the seed article: the bundled ledger's predictions and commitments among the drafts.

The seed article (shared/seed/000_967b3a2647d16728.txt: a Japanese summary of a two-hour
interview, said 2024-03-18) is drafted with ``speaker="Sam Altman"``. The bundled ledger
(fixtures/altman-lex-fridman-2024/claims) has 30 claims of kind prediction or commitment,
each of whose ``text`` is verbatim in the article.

Matching. A bundled claim is *found* by a draft when the longest run of characters the
two share (white space ignored) is at least 80% of the claim's text: a draft quoting the
whole bullet that holds a claim finds it, and so does a draft quoting most of it. The
kind must be forward-looking on both sides (prediction or commitment, either one: the
ledger files release plans under prediction where the cue tables say commitment).

* recall = bundled prediction/commitment claims found by a prediction/commitment draft / all of them;
* precision = prediction/commitment drafts that find a bundled prediction/commitment claim / all such drafts.

Precision counts a genuine prediction that the ledger does not record as a miss, so it
understates the extractor; the drafts it counts against are printed.

Split. The article has eight sections (🎙️ headings). The cue tables were tuned on the
first four (lines 1-206: the board, Musk, Sora, GPT-4/Q*/GPT-5) and are reported on the
last four (compute and energy, robots and AGI, lower case, simulation). The measured
numbers are asserted as floors, so a change that lowers them fails. Two trivial baselines
run on the same sentences: every sentence a prediction, and every sentence with a
Japanese future marker (だろう, でしょう, 予定, つもり, 将来, 今後, 来年, 今年, いずれ, なる).

Run with ``-s`` to see the table.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from claimtrack.intake.extraction import ExtractResult, extract
from claimtrack.intake.sentences import ArticleReader, split_sentences
from tests.conftest import BUNDLED, SHARED

SEED = Path(os.environ.get("CLAIMTRACK_SEED", SHARED / "seed" / "000_967b3a2647d16728.txt"))
SAID_ON = date(2024, 3, 18)
MATCH = 0.8
FUTURE_MARKER = re.compile(r"だろう|でしょう|予定|つもり|将来|今後|来年|今年|いずれ|なる")

# (recall found, of; precision good, of) measured with rules/1; floors: a change may raise them, never lower them.
FLOORS = {"tune": (16, 17, 15, 18), "report": (12, 13, 12, 18)}

Item = tuple[int, str]  # (line, quote)


def _norm(text: str) -> str:
    return "".join(text.split())


def overlap(claim: str, quote: str) -> float:
    """The longest run of characters ``claim`` and ``quote`` share, as a share of ``claim`` (white space ignored)."""
    a, b = _norm(claim), _norm(quote)
    found = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return found.size / len(a)


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (set CLAIMTRACK_SEED or CLAIMTRACK_SHARED)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def split_line(seed: str) -> int:
    headings = [n for n, line in enumerate(seed.splitlines(), start=1) if line.startswith("🎙️")]
    assert len(headings) == 8
    return headings[4]


@pytest.fixture(scope="module")
def bundled(seed: str) -> list[Item]:
    lines = seed.splitlines()
    found = []
    for path in sorted((BUNDLED / "claims").glob("*.json")):
        claim = json.loads(path.read_text(encoding="utf-8"))["claim"]
        if claim["kind"] in ("prediction", "commitment"):
            line = next(n for n, text in enumerate(lines, start=1) if _norm(claim["text"])[:15] in _norm(text))
            found.append((line, claim["text"]))
    assert len(found) == 30
    return found


@pytest.fixture(scope="module")
def drafted(seed: str) -> ExtractResult:
    return extract(seed, said_on=SAID_ON, speaker="Sam Altman", language="ja")


def _sentences(seed: str) -> list[Item]:
    reader = ArticleReader(language="ja")
    return [
        (b.line, s.text)
        for b in reader.blocks(enumerate(seed.splitlines(), start=1))
        for s in split_sentences(b.text, "ja")
    ]


def _score(claims: Sequence[Item], quotes: Sequence[Item]) -> tuple[int, int, int, int, list[Item]]:
    found = sum(1 for _, c in claims if any(overlap(c, q) >= MATCH for _, q in quotes))
    misses = [(n, q) for n, q in quotes if not any(overlap(c, q) >= MATCH for _, c in claims)]
    return found, len(claims), len(quotes) - len(misses), len(quotes), misses


def _half(items: Sequence[Item], split: int, half: str) -> list[Item]:
    return [i for i in items if (i[0] < split) == (half == "tune")]


def _line(name: str, score: tuple[int, int, int, int, list[Item]]) -> str:
    found, of, good, made, _ = score
    recall, precision = found / of, (good / made if made else 0.0)
    return f"  {name:<22} recall {found:>2}/{of:<2} = {recall:.2f}   precision {good:>3}/{made:<3} = {precision:.2f}"


@pytest.mark.parametrize("half", ["tune", "report"])
def test_recall_and_precision_of_bundled_predictions_and_commitments(
    seed: str, split_line: int, bundled: list[Item], drafted: ExtractResult, half: str
) -> None:
    forward: list[Item] = [(d.line or 0, d.claim.text) for d in drafted.drafts if d.claim.kind.is_forward_looking]
    sentences = _sentences(seed)
    claims = _half(bundled, split_line, half)
    runs: dict[str, Callable[[], list[Item]]] = {
        "rules/1": lambda: _half(forward, split_line, half),
        "every sentence": lambda: _half(sentences, split_line, half),
        "future marker": lambda: [s for s in _half(sentences, split_line, half) if FUTURE_MARKER.search(s[1])],
    }
    scores = {name: _score(claims, run()) for name, run in runs.items()}
    print(f"\nseed article, {half} half (lines {'< ' if half == 'tune' else '>= '}{split_line}):")
    for name, score in scores.items():
        print(_line(name, score))
    for line, quote in scores["rules/1"][4]:
        print(f"    not in the ledger: line {line}: {quote}")

    found, of, good, made, _ = scores["rules/1"]
    floor_found, floor_of, floor_good, floor_made = FLOORS[half]
    assert of == floor_of
    assert found >= floor_found, f"recall fell to {found}/{of}"
    assert good / made >= floor_good / floor_made, f"precision fell to {good}/{made}"
    for baseline in ("every sentence", "future marker"):
        b_good, b_made = scores[baseline][2], scores[baseline][3]
        assert good / made > b_good / b_made, f"no better than the baseline {baseline!r}"


def test_every_draft_is_the_guests_and_valid(drafted: ExtractResult) -> None:
    assert drafted.problems == ()
    assert drafted.stats.format == "article"
    assert {d.claim.speaker.name for d in drafted.drafts} == {"Sam Altman"}
    for d in drafted.drafts:
        assert d.claim.language == "ja"
        assert d.claim.sources[0].quote == d.claim.text
        assert not d.claim.text.rstrip().endswith(("?", "？"))


def test_horizons_of_the_dated_claims(drafted: ExtractResult) -> None:
    deadlines = {d.claim.text: d.claim.deadline for d in drafted.drafts}
    assert deadlines["今後5年以内にYouTube上の動画のうち、AIを活用したコンテンツの割合が大幅に増加するだろう"] == date(
        2029, 3, 18
    )
    assert deadlines["今後数か月以内に様々な素晴らしいものをリリースする予定だ"] == date(2024, 9, 18)
    key = "今年、素晴らしいモデルをリリースするが、それをなんと呼ぶかは決まっていない"
    assert deadlines[key] == date(2024, 12, 31)
