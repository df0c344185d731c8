"""Hedges map to documented bands (prediction-anchors.md §10); a flat "will" gets no number."""

from __future__ import annotations

import pytest

from claimtrack.dates import credence_from_text
from claimtrack.model import CredenceBasis

# (text, language, band, scale, low, high)
CASES = [
    ("It will almost certainly happen", "en", "almost certain", "icd203", 0.95, 0.99),
    ("very likely", "en", "very likely", "icd203", 0.80, 0.95),
    ("GPT-5 will probably ship this year", "en", "likely", "icd203", 0.55, 0.80),
    ("That is likely", "en", "likely", "icd203", 0.55, 0.80),
    ("maybe next year", "en", "roughly even chance", "icd203", 0.45, 0.55),
    ("It might slip", "en", "roughly even chance", "icd203", 0.45, 0.55),
    ("It is unlikely to ship", "en", "unlikely", "icd203", 0.20, 0.45),
    ("It is very unlikely", "en", "very unlikely", "icd203", 0.05, 0.20),
    ("It will probably not happen", "en", "probably not", "kent", 0.20, 0.40),
    ("It is almost certainly not going to happen", "en", "almost certainly not", "kent", 0.02, 0.12),
    ("I expect that by the end of this decade we will have capable systems", "en", "likely", "icd203", 0.55, 0.80),
    ("間違いなくリリースする", "ja", "almost certain", "icd203", 0.95, 0.99),
    ("ほぼ確実に実現する", "ja", "almost certain", "icd203", 0.95, 0.99),
    ("おそらく今年中に出る", "ja", "likely", "icd203", 0.55, 0.80),
    ("たぶん来年", "ja", "likely", "icd203", 0.55, 0.80),
    ("実現するかもしれない", "ja", "roughly even chance", "icd203", 0.45, 0.55),
    ("実現の可能性は低い", "ja", "unlikely", "icd203", 0.20, 0.45),
    ("おそらく実現しないだろう", "ja", "probably not", "kent", 0.20, 0.40),
    ("很可能明年发布", "zh", "very likely", "icd203", 0.80, 0.95),
    ("Das wird wahrscheinlich klappen", "de", "likely", "icd203", 0.55, 0.80),
    ("C'est peu probable", "fr", "unlikely", "icd203", 0.20, 0.45),
    ("Quizás el año que viene", "es", "roughly even chance", "icd203", 0.45, 0.55),
]


@pytest.mark.parametrize(("text", "language", "band", "scale", "low", "high"), CASES, ids=[c[0] for c in CASES])
def test_hedge_band(text: str, language: str, band: str, scale: str, low: float, high: float) -> None:
    for lang in (language, None):
        c = credence_from_text(text, language=lang)
        assert c is not None
        assert c.basis is CredenceBasis.HEDGE
        assert (c.band, c.scale, c.low, c.high) == (band, scale, low, high)
        assert c.p is not None
        assert low <= c.p <= high
        assert c.word
        assert c.word.lower() in text.lower()


@pytest.mark.parametrize(
    "text", ["We will release an amazing model this year", "GPT-5 won't ship", "今年リリースする予定です"]
)
def test_unhedged_will_has_no_number(text: str) -> None:
    c = credence_from_text(text)
    assert c is not None
    assert c.basis is CredenceBasis.UNHEDGED
    assert (c.p, c.low, c.high) == (None, None, None)


def test_stated_numbers_are_kept_as_stated() -> None:
    c = credence_from_text("I'd put a 70% chance on it")
    assert c is not None
    assert c.basis is CredenceBasis.STATED
    assert c.p == pytest.approx(0.7)
    c = credence_from_text("実現する確率は30パーセント")
    assert c is not None
    assert c.p == pytest.approx(0.3)


@pytest.mark.parametrize("text", ["The sky is blue", "OpenAI was founded in 2015", "空は青い"])
def test_no_hedge_and_no_future_gives_none(text: str) -> None:
    assert credence_from_text(text) is None
