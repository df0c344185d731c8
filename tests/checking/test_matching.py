"""Matching evidence to claims: text (with translations), speaker, topics, dates, thresholds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimtrack.checking import ClaimIndex, Thresholds, match, tokens
from claimtrack.model import Claim, Evidence

IDS = (
    "amazing-model-2024",
    "releases-coming-months",
    "hallucination-better-next",
    "ilya-work-together",
    "memory-recently-implemented",
    "ilya-did-not-see-agi",
    "gpt5-date-unknown",
    "fission-new-reactors",
    "youtube-ai-content-5y",
)


@pytest.fixture
def claims(claim: Callable[..., Claim]) -> list[Claim]:
    return [claim(i) for i in IDS]


def test_tokens_split_words_and_cjk_pairs() -> None:
    assert tokens("OpenAI released GPT-4o") == ("openai", "releas", "gpt4o")
    assert tokens("今年リリース") == ("今年", "年リ", "リリ", "リー", "ース")
    assert tokens("the and of") == ()


def test_japanese_claim_matches_english_news_through_its_translation(
    claim: Callable[..., Claim], claims: list[Claim]
) -> None:
    ev = Evidence(
        url="https://vercel.com/ai-gateway/models/gpt-4o/about",
        title="OpenAI will release an amazing new model this year, Altman says",
        published_on="2024-05-13",
    )
    ranked = match(ev, claims)
    assert ranked[0].claim.id == "amazing-model-2024"
    assert ranked[0].via == "translation:en"
    without_translation = claim("amazing-model-2024", translations={})
    assert all(m.claim.id != "amazing-model-2024" for m in match(ev, [without_translation]))


def test_japanese_news_matches_a_japanese_claim(claims: list[Claim]) -> None:
    ev = Evidence(
        url="https://example.org/ja",
        title="アルトマン氏「今年、素晴らしいモデルをリリースする」",
        published_on="2024-03-19",
    )
    ranked = match(ev, claims)
    assert ranked
    assert ranked[0].claim.id == "amazing-model-2024"
    assert ranked[0].via == "text"


def test_unrelated_evidence_matches_nothing(claims: list[Claim]) -> None:
    ev = Evidence(
        url="https://www.nsenergybusiness.com/news/helion-starts-construction-on-orion-fusion-power-plant-in-us/",
        title="Helion starts construction on Orion fusion power plant in US",
        published_on="2025-07-31",
    )
    assert match(ev, claims) == ()


def test_names_speaker_and_topics_raise_the_score(claim: Callable[..., Claim]) -> None:
    altman = claim("hallucination-better-next")
    other = claim("hallucination-better-next", speaker={"name": "Mira Murati"}, topics=())
    ev = Evidence(url="https://e.org/2", title="Sam Altman: upcoming versions hallucinate less", published_on="2025-08")
    (a,) = match(ev, [altman], thresholds=Thresholds(0.0, 1.0))
    (b,) = match(ev, [other], thresholds=Thresholds(0.0, 1.0))
    assert a.speaker
    assert not b.speaker
    assert a.topics == ("hallucination",)
    assert b.topics == ()
    assert a.text == b.text
    assert a.score == pytest.approx(b.score + 0.2)


def test_evidence_from_before_a_prediction_scores_lower(claim: Callable[..., Claim]) -> None:
    c = claim("amazing-model-2024")
    before = Evidence(
        url="https://e.org/b", title="OpenAI will release an amazing new model", published_on="2024-02-15"
    )
    after = Evidence(url="https://e.org/a", title="OpenAI will release an amazing new model", published_on="2024-05-13")
    low = Thresholds(0.0, 1.0)
    assert match(after, [c], thresholds=low)[0].score > match(before, [c], thresholds=low)[0].score


def test_thresholds_sort_levels(claims: list[Claim]) -> None:
    ev = Evidence(
        url="https://www.businessinsider.com/ilya-sutskever-leaving-openai-6-months-after-failed-altman-ouster-2024-5",
        title="Ilya Sutskever is leaving OpenAI; Sam Altman had hoped to work together for the rest of his career",
        published_on="2024-05-14",
    )
    ranked = match(ev, claims, thresholds=Thresholds(suggested=0.2, confirmed=0.6))
    assert ranked[0].claim.id == "ilya-work-together"
    assert ranked[0].confirmed
    assert all(m.score >= 0.2 for m in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    strict = match(ev, claims, thresholds=Thresholds(suggested=0.99, confirmed=0.99))
    assert strict == ()


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="suggested"):
        Thresholds(suggested=0.8, confirmed=0.5)


def test_index_is_reusable_and_equivalent(claims: list[Claim]) -> None:
    ev = Evidence(url="https://e.org/x", title="Memory feature rolls out to ChatGPT users", published_on="2024-04-30")
    index = ClaimIndex(claims)
    assert len(index) == len(claims)
    assert index.match(ev) == match(ev, claims)
    assert index.match(ev)[0].claim.id == "memory-recently-implemented"


def test_fuzzy_tokens_match_inflections(claim: Callable[..., Claim]) -> None:
    c = claim("youtube-ai-content-5y")
    ev = Evidence(url="https://e.org/y", title="Youtube video production with AI tool", published_on="2025-11-28")
    ranked = match(ev, [c], thresholds=Thresholds(0.0, 1.0))
    assert ranked[0].text > 0.5
