"""Matching evidence to claims: text (with translations), speaker, topics, dates, thresholds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimtrack.checking import ClaimIndex, Thresholds, match, tokens
from claimtrack.checking.matching import evidence_tokens, url_words
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


def test_tokens_split_words_products_and_cjk_pairs() -> None:
    assert tokens("OpenAI released GPT-4o") == ("openai", "releas", "gpt4o")
    assert tokens("今年リリース") == ("今年", "年リ", "リリ", "リー", "ース")
    assert tokens("the and of") == ()
    # product names stay whole (and lose a possessive); hyphenated words split
    assert tokens("GPT-5's launch, o1-preview and Grok-1") == ("gpt5", "launch", "o1preview", "grok1")
    assert tokens("state-affiliated actors") == tokens("state affiliated actors")
    assert len(tokens("state-affiliated actors")) == 3
    # inflections meet at one stem
    assert tokens("hallucinations")[0] == tokens("hallucinate")[0] == tokens("hallucinated")[0]


def test_url_path_words_count_without_ids(report: Callable[..., Evidence]) -> None:
    ev = report("ilya-leaving")
    assert url_words(ev.url) == "ilya sutskever leaving openai 6 months after failed altman ouster 2024 5"
    assert "89ab3db0" not in url_words(
        "https://www.wsj.com/tech/ai/sam-altman-seeks-trillions-of-dollars-to-reshape-business-of-chips-and-ai-89ab3db0"
    )
    untitled = Evidence(url=ev.url, published_on="2024-05-14")
    assert set(tokens("Sutskever ouster")) <= set(evidence_tokens(untitled))


def test_product_names_match_only_themselves(
    claim: Callable[..., Claim], claims: list[Claim], report: Callable[..., Evidence]
) -> None:
    ranked = match(report("gpt-5"), claims)
    assert ranked
    assert ranked[0].claim.id == "gpt5-date-unknown"
    assert ranked[0].topics == ("gpt-5",)
    # GPT-4o is not GPT-5, and "gpt4o" is not fuzzily "gpt4" either
    assert all(m.claim.id != "gpt5-date-unknown" for m in match(report("gpt-4o"), claims, thresholds=Thresholds(0, 0)))
    gpt4 = claim("gpt5-date-unknown", text="I don't know when GPT-4 will be retired", topics=())
    assert match(report("gpt-4o"), [gpt4], thresholds=Thresholds(0, 0)) == ()


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


def test_unrelated_news_stays_below_suggested(claims: list[Claim], report: Callable[..., Evidence]) -> None:
    """Real reports about one claim do not reach ``suggested`` for the others."""
    others = [c for c in claims if c.id != "youtube-ai-content-5y"]
    assert match(report("kapwing-youtube"), others) == ()
    assert match(report("ilya-leaving"), [c for c in claims if not c.id.startswith("ilya")]) == ()
    assert match(report("kapwing-youtube"), claims)[0].claim.id == "youtube-ai-content-5y"


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
    assert a.features is not None
    assert b.features is not None
    assert (a.features.speaker, a.features.topics) == (1.0, 1.0)
    assert (b.features.speaker, b.features.topics) == (0.0, 0.0)
    assert a.score > b.score


def test_scores_and_features_stay_in_range(claims: list[Claim], report: Callable[..., Evidence]) -> None:
    index = ClaimIndex(claims)
    for key in ("gpt-4o", "o1", "sora-ga", "gpt5-hallucinates-less", "ilya-leaving", "memory-test", "agi-not-declared"):
        for m in index.match(report(key), thresholds=Thresholds(0.0, 0.0)):
            assert 0.0 < m.score < 1.0
            assert m.features is not None
            for name, value in m.features.as_dict().items():
                low = -1.0 if name == "margin" else 0.0
                assert low <= value <= 1.0, (key, m.claim.id, name, value)


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
    exact = match(
        Evidence(url="https://e.org/y", title="YouTube videos use AI tools in production", published_on="2025-11-28"),
        [c],
        thresholds=Thresholds(0.0, 1.0),
    )
    # "video" meets "videos" through the stem, "Youtube" meets "YouTube" through case folding
    assert ranked[0].text > 0.5
    assert exact[0].score >= ranked[0].score
