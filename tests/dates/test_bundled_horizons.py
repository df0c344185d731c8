"""The bundled ledger's horizons and credences agree with what the readers make of their wording.

Each forward-looking claim of fixtures/altman-lex-fridman-2024 stores a horizon
(text, start, end). Reading ``horizon.text`` again with the claim's said_on must
give the stored dates, including "by the end of this decade" -> 2029-12-31 for
the interview and the article's "10年" -> 2034-03-18 (research key finding 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from claimtrack.dates import credence_from_text, parse_horizon
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, CredenceBasis, SourceRole

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"

# Claims whose stored horizon is not meant to be re-read from horizon.text, with why. Empty today:
# every stored horizon text reads back to its stored dates.
EXCEPTIONS: dict[str, str] = {}


def _forward_claims() -> Iterator[Claim]:
    if not FIXTURE.exists():
        return
    ledger = Ledger.open(str(FIXTURE), create=False)
    try:
        yield from (c for c in ledger.claims() if c.horizon is not None)
    finally:
        ledger.close()


CLAIMS = list(_forward_claims())
pytestmark = pytest.mark.skipif(not CLAIMS, reason="bundled ledger not present")


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_stored_horizon_matches_its_wording(claim: Claim) -> None:
    if claim.id in EXCEPTIONS:
        pytest.skip(EXCEPTIONS[claim.id])
    stored = claim.horizon
    assert stored is not None
    read = parse_horizon(stored.text, claim.said_on.start)
    assert (read.start, read.end) == (stored.start, stored.end)
    assert read.vague == stored.vague or stored.end is None


def _claim(claim_id: str) -> Claim:
    return next(c for c in CLAIMS if c.id == claim_id)


def test_end_of_this_decade_versus_the_articles_ten_years() -> None:
    claim = _claim("capable-systems-end-of-decade")
    primary = next(s for s in claim.sources if s.role is SourceRole.PRIMARY)
    secondary = next(s for s in claim.sources if s.role is SourceRole.SECONDARY)
    assert primary.quote is not None
    assert secondary.quote is not None
    said_on = claim.said_on.start
    original = parse_horizon(primary.quote, said_on)
    article = parse_horizon(secondary.quote, said_on)
    assert original.end == date(2029, 12, 31)
    assert original.rule == "end-of-decade"
    assert article.end == date(2034, 3, 18)
    assert article.text == "10年"
    assert claim.horizon is not None
    assert claim.horizon.end == original.end


def test_youtube_five_years_from_the_japanese_summary() -> None:
    claim = _claim("youtube-ai-content-5y")
    assert claim.horizon is not None
    assert parse_horizon("今後5年以内にYouTubeの動画の大半がAIで作られる", claim.said_on.start).end == claim.horizon.end


HEDGED = [c for c in CLAIMS if c.credence is not None and c.credence.basis is CredenceBasis.HEDGE]


@pytest.mark.parametrize("claim", HEDGED, ids=[c.id for c in HEDGED])
def test_stored_credence_matches_its_word(claim: Claim) -> None:
    stored = claim.credence
    assert stored is not None
    assert stored.word is not None
    read = credence_from_text(stored.word)
    assert read is not None
    assert (read.p, read.low, read.high, read.scale) == (stored.p, stored.low, stored.high, stored.scale)
