"""The bundled ledger: it loads, validates, quotes the article verbatim and agrees with the research."""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack import ClaimKind, Fidelity, SourceRole, Verdict

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "fixtures" / "altman-lex-fridman-2024"
SHARED = Path(os.environ.get("CLAIMTRACK_SHARED", REPO.parent / "shared"))
SEED = Path(os.environ.get("CLAIMTRACK_SEED", SHARED / "seed" / "000_967b3a2647d16728.txt"))
RESEARCH = SHARED / "research" / "seed-claims.md"

SAID_ON = date(2024, 3, 18)
AS_OF = date(2026, 11, 27)
RECORDED_AT = datetime.fromisoformat("2026-11-27T00:00:00+00:00")
PODCAST_URL = "https://lexfridman.com/sam-altman-2-transcript"
NOT_FAITHFUL = {Fidelity.PARTLY_FAITHFUL, Fidelity.DISTORTED, Fidelity.NOT_IN_ORIGINAL, Fidelity.MISATTRIBUTED}

KINDS = {
    "factual-assertion": ClaimKind.ASSERTION,
    "intention-or-commitment": ClaimKind.COMMITMENT,
    "uncertainty-statement": ClaimKind.UNCERTAINTY,
    "prediction": ClaimKind.PREDICTION,
    "denial": ClaimKind.DENIAL,
    "opinion": ClaimKind.OPINION,
}
FIDELITY = {
    "faithful": Fidelity.FAITHFUL,
    "partly-faithful": Fidelity.PARTLY_FAITHFUL,
    "distorted": Fidelity.DISTORTED,
    "not-in-interview": Fidelity.NOT_IN_ORIGINAL,
    "misattributed": Fidelity.MISATTRIBUTED,
}
STATUS = {
    "came-true": Verdict.TRUE,
    "accurate": Verdict.TRUE,
    "did-not-come-true": Verdict.FALSE,
    "inaccurate": Verdict.FALSE,
    "partly": Verdict.MIXED,
    "unverifiable": Verdict.UNVERIFIABLE,
    "not-checkable-opinion": Verdict.NOT_CHECKABLE,
    "still-open-not-due": Verdict.OPEN,
    "still-open-overdue": Verdict.OPEN,
}

# Statements Altman did not say at all: the research's summary table gives them "inaccurate (attribution)" and its
# section 0 says such an "inaccurate" "means 'attribution fails'". They are recorded as not_said, not false.
ATTRIBUTION_FAILURES = {"agi-far-future-misread", "gpt4-naming-misread", "post-training-vs-scale"}
# A statement the article attributes to Altman that is not in the interview (seed fidelity "not-in-interview"):
# the research judges its content accurate from OpenAI's Sora page, but the words are not his, so not_said too.
NOT_IN_INTERVIEW = {"sora-red-team"}
NOT_SAID_BY_ALTMAN = ATTRIBUTION_FAILURES | NOT_IN_INTERVIEW

# Appendix A rows have no id, status or confidence: their events point at the section heading instead.
APPENDIX_IDS = {"culture-war-no-struggles", "ads-worse-with-ai", "safety-researchers-hung-up"}
APPENDIX_HEADING = (
    "5. Appendix A — the rest of the seed's statements (mostly opinions or self-reports), mapped to the transcript"
)


def research_verdict(claim_id: str, record: dict[str, Any]) -> Verdict:
    """The verdict the research's status means (an attribution failure is not_said)."""
    if claim_id in ATTRIBUTION_FAILURES:
        assert record["status_2026_11"] == "inaccurate", claim_id
        return Verdict.NOT_SAID
    if record.get("seed_fidelity") == "not-in-interview":
        assert claim_id in NOT_IN_INTERVIEW, claim_id
        return Verdict.NOT_SAID
    return STATUS[record["status_2026_11"]]


# The research's 14 key findings on the article's fidelity (seed-claims.md, section 1), by the claims they name.
KEY_FINDINGS = {
    1: ["ai-politicized-left-right"],
    2: ["capable-systems-end-of-decade"],
    3: ["agi-far-future-misread"],
    4: ["gpt4-naming-misread"],
    5: ["post-training-vs-scale"],
    6: ["no-one-person-control"],
    7: ["safety-whole-company"],
    8: ["ai-theatrical-wrong-garbled", "ed-lex-stopped-question"],
    9: ["sora-human-labeling"],
    10: ["musk-wanted-control-tesla", "musk-left-feb-2018-own-choice"],
    11: ["sora-red-team"],
    12: ["youtube-ai-content-5y"],
    13: ["ed-only-lowercase-ceo-heading"],
    14: [
        "board-new-members-expertise",
        "culture-war-no-struggles",
        "ads-worse-with-ai",
        "slow-thinking-paradigm",
        "return-to-robotics",
        "compute-massive-needs-bottlenecks",
        "ads-dislike-grow-without-ads",
        "safety-researchers-hung-up",
    ],
}


# Editorial records whose research "en" does not split along the article's fragments: translated per fragment.
EN_REWRITTEN = {
    "memory-personal-agent-goal",  # the research's "en" drops 最近実装された (recently implemented)
    "ed-lex-mit-research",  # the research's "en" drops the hours-long interviews
    "ed-helion-altman-invested",
    "ed-gemini-images-parenthetical",
    "ed-only-lowercase-ceo-heading",
    "ed-clarke-closing-quote",
}


def article_source(claim: ct.Claim) -> ct.Source:
    """The note.com article's source entry (secondary for Altman's words, primary for the author's)."""
    (source,) = [s for s in claim.sources if s.language == "ja"]
    return source


def events_of(ledger: ct.Ledger, claim_id: str) -> tuple[ct.StatusEvent, ...]:
    return ledger.history(claim_id)


# -- the folder as a ledger ---------------------------------------------------------------------


def test_opens_read_only_and_validates_with_no_problems(ledger: ct.Ledger) -> None:
    assert (BUNDLED / "ledger.json").is_file()
    assert ledger.validate() == ()


def test_holds_the_speaker_and_editorial_records(ledger: ct.Ledger) -> None:
    speakers = Counter(claim.speaker.name for claim in ledger)
    assert len(ledger) >= 61
    assert speakers["Sam Altman"] >= 50
    assert speakers["psymen"] == 11
    assert all(claim.id.startswith("ed-") == (claim.speaker.name == "psymen") for claim in ledger)


def test_every_claim_is_japanese_with_an_english_translation(ledger: ct.Ledger) -> None:
    for claim in ledger:
        assert claim.language == "ja", claim.id
        assert claim.translations.get("en"), claim.id
        assert claim.said_on == ct.DateRange.day(SAID_ON), claim.id
        assert claim.topics, claim.id
        assert all(re.fullmatch(r"[a-z0-9-]+", t) for t in claim.topics), claim.id


# -- verbatim Japanese --------------------------------------------------------------------------


def test_every_japanese_text_is_verbatim_in_the_seed_article(ledger: ct.Ledger, seed_text: str) -> None:
    checked = 0
    for claim in ledger:
        assert claim.text in seed_text, f"{claim.id}: text is not verbatim in {SEED}"
        for source in claim.sources:
            if source.language == "ja":
                assert source.quote == claim.text, claim.id
        # fragments of the article kept in the note ("The research record also includes the article's 「…」")
        for fragment in re.findall(r"also includes the article's 「(.*?)」(?= \(|\.)", claim.note or ""):
            assert fragment in seed_text, f"{claim.id}: note fragment is not verbatim: {fragment!r}"
            checked += 1
        checked += 1
    assert checked > len(ledger)  # the multi-fragment records were checked too


def test_a_changed_character_would_be_caught(seed_text: str) -> None:
    text = "今年、素晴らしいモデルをリリースするが、それをなんと呼ぶかは決まっていない"
    assert text in seed_text
    assert text.replace("今年", "来年") not in seed_text


# -- sources --------------------------------------------------------------------------------------


def test_speaker_records_have_the_podcast_and_the_article_as_sources(ledger: ct.Ledger) -> None:
    for claim in ledger.claims(speaker="Sam Altman"):
        primary, secondary = claim.sources
        assert primary.role is SourceRole.PRIMARY, claim.id
        assert primary.url == PODCAST_URL, claim.id
        assert primary.language == "en", claim.id
        assert primary.published_on == ct.DateRange.day(SAID_ON)
        assert primary.locator, claim.id
        assert re.fullmatch(r"\d\d:\d\d:\d\d", primary.locator), claim.id
        if secondary.fidelity is Fidelity.NOT_IN_ORIGINAL:
            assert primary.quote is None, claim.id
            assert "not in the interview" in (primary.fidelity_note or ""), claim.id
        else:
            assert primary.quote, claim.id
            assert primary.fidelity is Fidelity.VERBATIM, claim.id
            assert "ASR" in (primary.fidelity_note or ""), claim.id
        assert secondary.role is SourceRole.SECONDARY, claim.id
        assert secondary.language == "ja", claim.id
        assert secondary.url is None, "the article's URL is not known and must not be invented"
        assert secondary.fidelity is not None, claim.id
        assert secondary.fidelity_note, claim.id


def test_editorial_records_cite_the_article_as_their_primary_source(ledger: ct.Ledger) -> None:
    for claim in ledger.claims(speaker="psymen"):
        (source,) = claim.sources
        assert source.role is SourceRole.PRIMARY, claim.id
        assert source.quote == claim.text, claim.id


# -- horizons, credence, status -------------------------------------------------------------------


def test_the_famous_predictions(ledger: ct.Ledger) -> None:
    amazing = ledger.get("amazing-model-2024")
    assert amazing.horizon is not None
    assert amazing.horizon.text == "this year"
    assert amazing.deadline == date(2024, 12, 31)
    assert amazing.credence is not None
    assert amazing.credence.basis.value == "unhedged"
    assert amazing.credence.p is None
    (event,) = ledger.history("amazing-model-2024")
    assert event.verdict is Verdict.TRUE
    assert event.effective_on == date(2024, 5, 13)
    assert ledger.status("amazing-model-2024", as_of=date(2024, 5, 12)) is Verdict.OPEN
    assert ledger.status("amazing-model-2024", as_of=date(2024, 5, 13)) is Verdict.TRUE

    decade = ledger.get("capable-systems-end-of-decade")
    assert decade.deadline == date(2029, 12, 31)
    assert ledger.status(decade.id) is Verdict.OPEN
    assert ledger.history(decade.id) == ()
    assert article_source(decade).fidelity is Fidelity.DISTORTED
    assert "2034-03-18" in (article_source(decade).fidelity_note or "")
    assert "2034-03-18" in (decade.note or "")
    assert decade.credence is not None
    assert decade.credence.word == "I expect"
    assert decade.credence.scale == "icd203"

    months = ledger.get("releases-coming-months")
    assert months.horizon is not None
    assert months.horizon.vague
    assert months.deadline == date(2024, 9, 18)
    assert ledger.status(months.id, as_of=AS_OF) is Verdict.TRUE

    hallucination = ledger.get("hallucination-not-solved-2024")
    assert hallucination.deadline == date(2024, 12, 31)
    assert ledger.status(hallucination.id, as_of=date(2024, 12, 30)) is Verdict.OPEN
    assert ledger.status(hallucination.id, as_of=date(2024, 12, 31)) is Verdict.TRUE


def test_status_before_each_outcome_date_is_open(ledger: ct.Ledger) -> None:
    seen = 0
    for claim in ledger:
        for event in ledger.history(claim.id):
            assert ledger.status(claim.id, as_of=event.effective_on) is event.verdict, claim.id
            if event.effective_on > claim.said_on.start:
                assert ledger.status(claim.id, as_of=event.effective_on - timedelta(days=1)) is Verdict.OPEN
                seen += 1
    assert seen >= 20


def test_events_respect_the_ledger_domain(ledger: ct.Ledger) -> None:
    for record in ledger.records():
        held = {ev.id for ev in record.evidence}
        assert len(record.events) <= 1, record.claim.id
        for event in record.events:
            assert record.claim.said_on.start <= event.effective_on <= event.recorded_at.date() <= AS_OF
            assert event.recorded_at == RECORDED_AT
            assert event.by == "claimtrack bundled research"
            assert set(event.evidence) == held, record.claim.id
            if record.claim.id in APPENDIX_IDS:  # Appendix A has no confidence column: none is invented
                assert event.confidence is None, record.claim.id
                assert "no confidence is recorded" in event.note, record.claim.id
                assert event.origin == f"research:seed-claims.md#{APPENDIX_HEADING}", record.claim.id
            else:
                assert event.confidence is not None, record.claim.id
                assert event.origin == f"research:seed-claims.md#{record.claim.id}", record.claim.id
            assert event.note, record.claim.id


def test_forward_looking_claims_have_horizons_from_the_day_said(ledger: ct.Ledger) -> None:
    forward = [c for c in ledger if c.kind.is_forward_looking]
    assert len(forward) >= 25
    for claim in forward:
        assert claim.horizon is not None, claim.id
        assert claim.horizon.start == SAID_ON, claim.id
        assert claim.horizon.rule, claim.id
        if claim.credence is not None and claim.credence.basis.value == "hedge":
            assert claim.credence.scale == "icd203", claim.id
            assert claim.credence.word, claim.id
            assert claim.credence.low is not None
            assert claim.credence.high is not None
            assert claim.credence.low <= claim.credence.p <= claim.credence.high  # type: ignore[operator]


def test_nothing_is_overdue_as_of_the_assessment_date(ledger: ct.Ledger) -> None:
    # the research has no "still-open-overdue" claim: every deadline before 2026-11-27 was resolved
    assert ledger.due(as_of=AS_OF) == ()
    # but on the eve of GPT-4o the "this year" and "coming months" predictions were still pending
    pending = {c.id for c in ledger.due(as_of=date(2024, 5, 12), within=400)}
    assert {"amazing-model-2024", "releases-coming-months", "hallucination-not-solved-2024"} <= pending


def test_evidence_is_described_and_dated(ledger: ct.Ledger) -> None:
    count = 0
    for record in ledger.records():
        for ev in record.evidence:
            assert ev.url, (record.claim.id, ev.id)
            assert ev.title, (record.claim.id, ev.id)
            assert ev.publisher, (record.claim.id, ev.id)
            assert ev.published_on, (record.claim.id, ev.id)
            assert ev.stance is not None, (record.claim.id, ev.id)
            count += 1
    assert count >= 120


def test_mirrors_are_kept_apart_from_the_original_url(ledger: ct.Ledger) -> None:
    board = ledger.evidence("board-new-members-expertise")
    techcrunch = next(ev for ev in board if "techcrunch.com" in (ev.url or ""))
    assert techcrunch.via_url == "https://turks.us/?p=173068"
    assert techcrunch.note
    assert "mirror" in techcrunch.note


def test_a_fuzzy_research_date_keeps_its_wording(ledger: ct.Ledger) -> None:
    windows = next(ev for ev in ledger.evidence("ilya-did-not-see-agi") if ev.publisher == "Windows Central")
    assert windows.published_on is not None
    assert windows.published_on.text == "2025 (late)"
    assert (windows.published_on.start, windows.published_on.end) == (date(2025, 9, 1), date(2025, 12, 31))


# -- the article's distortions --------------------------------------------------------------------


def test_each_of_the_14_distortions_is_recorded_as_not_faithful(ledger: ct.Ledger) -> None:
    assert sorted(KEY_FINDINGS) == list(range(1, 15))
    for finding, claim_ids in KEY_FINDINGS.items():
        for claim_id in claim_ids:
            source = article_source(ledger.get(claim_id))
            assert source.fidelity in NOT_FAITHFUL, (finding, claim_id, source.fidelity)
            assert f"key finding {finding}" in (source.fidelity_note or ""), (finding, claim_id)


def test_misattributed_words_stay_attributed_to_altman(ledger: ct.Ledger) -> None:
    politics = ledger.get("ai-politicized-left-right")
    assert politics.speaker.name == "Sam Altman"
    assert article_source(politics).fidelity is Fidelity.MISATTRIBUTED
    assert "Lex" in (article_source(politics).fidelity_note or "")
    assert ledger.status(politics.id) is Verdict.TRUE  # judged on what Altman actually said


# -- agreement with the research ------------------------------------------------------------------


def test_every_research_record_is_in_the_ledger_as_described(
    ledger: ct.Ledger, research: dict[str, dict[str, Any]]
) -> None:
    assert len(research) == 61
    for claim_id, record in research.items():
        claim = ledger.get(claim_id)
        assert claim.kind is KINDS[record["kind"]], claim_id
        if claim_id not in EN_REWRITTEN:
            assert claim.translations["en"].rstrip(".") in " ".join(record["en"].split()), claim_id
        assert claim.text in record["ja"].split(" / "), claim_id
        assert ledger.status(claim_id, as_of=AS_OF) is research_verdict(claim_id, record), claim_id
        if "seed_fidelity" in record:
            assert article_source(claim).fidelity is FIDELITY[record["seed_fidelity"]], claim_id
        confidence = [e.confidence.value for e in ledger.history(claim_id) if e.confidence]
        assert confidence in ([], [record["confidence"]]), claim_id


def test_not_faithful_renderings_match_the_research(ledger: ct.Ledger, research: dict[str, dict[str, Any]]) -> None:
    expected = {i for i, r in research.items() if FIDELITY.get(r.get("seed_fidelity", "")) in NOT_FAITHFUL}
    found = {c.id for c in ledger.claims(speaker="Sam Altman") if c.id in research}
    found = {i for i in found if article_source(ledger.get(i)).fidelity in NOT_FAITHFUL}
    assert found == expected
    assert len(expected) == 28  # 16 partly faithful, 10 distorted, 1 not in the interview, 1 misattributed


def test_deadlines_match_the_research(ledger: ct.Ledger, research: dict[str, dict[str, Any]]) -> None:
    for claim_id, record in research.items():
        deadline = record.get("deadline")
        if isinstance(deadline, date):
            expected: date | None = deadline
        elif isinstance(deadline, str) and re.match(r"^[≈\d]", deadline):
            expected = date.fromisoformat(re.findall(r"\d{4}-\d{2}-\d{2}", deadline)[0])
        else:  # None, "open-ended (...)", "unspecified (...)", "next major model(s); ..."
            expected = None
        assert ledger.get(claim_id).deadline == expected, claim_id


def test_unhedged_research_predictions_carry_no_number(ledger: ct.Ledger, research: dict[str, dict[str, Any]]) -> None:
    for claim_id, record in research.items():
        claim = ledger.get(claim_id)
        if claim.kind.is_forward_looking and record.get("hedge") == "none":
            assert claim.credence is not None, claim_id
            assert claim.credence.basis.value == "unhedged", claim_id
            assert claim.credence.p is None


def test_counts_by_verdict_match_the_research(ledger: ct.Ledger, research: dict[str, dict[str, Any]]) -> None:
    expected = Counter(research_verdict(i, r) for i, r in research.items())
    found = Counter(ledger.status(claim_id) for claim_id in research)
    assert found == expected
    # by hand from the research's summary tables (50 speaker + 11 editorial records)
    assert found == {
        Verdict.TRUE: 36,  # 28 speaker + 8 editorial
        Verdict.MIXED: 6,
        Verdict.FALSE: 3,  # 2 speaker (ilya-work-together, ads-dislike-grow-without-ads) + ed-lex-stopped-question
        Verdict.UNVERIFIABLE: 5,
        Verdict.NOT_SAID: 4,  # 3 attribution failures + sora-red-team (not in the interview)
        Verdict.OPEN: 7,
    }


# -- attribution failures and the Appendix A records ----------------------------------------------


def test_attribution_failures_are_the_research_rows_marked_so() -> None:
    if not RESEARCH.is_file():
        pytest.skip(f"research notes not found at {RESEARCH}")
    text = RESEARCH.read_text(encoding="utf-8")
    rows = re.findall(r"^\| \d+ \| ([a-z0-9-]+) \|.*\| inaccurate \(attribution\) \|", text, re.M)
    assert set(rows) == ATTRIBUTION_FAILURES
    assert 'the status is `inaccurate` and means "attribution fails"' in text


def test_attribution_failures_are_not_said_and_count_against_the_article(ledger: ct.Ledger) -> None:
    for claim_id in ATTRIBUTION_FAILURES:
        claim = ledger.get(claim_id)
        assert claim.speaker.name == "Sam Altman", claim_id  # the claim is what the article attributes to him
        assert article_source(claim).fidelity is Fidelity.DISTORTED, claim_id
        (event,) = ledger.history(claim_id)
        assert event.verdict is Verdict.NOT_SAID, claim_id
        assert event.verdict.is_attribution_failure
        assert event.rating == "inaccurate", claim_id  # the research's own label
        assert event.effective_on == SAID_ON, claim_id
        assert "attribution fails" in event.note, claim_id
        assert "counts against the article" in event.note, claim_id
    # what Altman actually said is quoted in the note
    assert "I'm not sure what to do here" in ledger.history("gpt4-naming-misread")[0].note
    assert "that's really important" in ledger.history("post-training-vs-scale")[0].note
    assert "mile marker" in ledger.history("agi-far-future-misread")[0].note
    # an attribution the research judged accurate, and Lex's framing judged on Altman's words, stay as they were
    assert ledger.status("ed-clarke-closing-quote") is Verdict.TRUE
    assert ledger.status("ai-politicized-left-right") is Verdict.TRUE


def test_appendix_records_point_at_what_the_research_has(ledger: ct.Ledger) -> None:
    if not RESEARCH.is_file():
        pytest.skip(f"research notes not found at {RESEARCH}")
    lines = RESEARCH.read_text(encoding="utf-8").splitlines()
    assert f"## {APPENDIX_HEADING}" in lines  # the origin anchor exists
    for claim_id in APPENDIX_IDS:
        (event,) = ledger.history(claim_id)
        row = re.search(r"Appendix A row 「(.+?)」", event.note)
        assert row, claim_id
        assert any(line.startswith(f"| {row.group(1)} |") for line in lines), claim_id
    culture = ledger.history("culture-war-no-struggles")[0]
    assert culture.verdict is Verdict.NOT_CHECKABLE
    assert culture.rating == "self-report (not checkable)"  # Appendix A kind S, not an opinion
    assert {ledger.history(i)[0].rating for i in APPENDIX_IDS - {"culture-war-no-struggles"}} == {
        "not-checkable-opinion"
    }


def test_credences_the_research_does_not_give_are_not_recorded(ledger: ct.Ledger) -> None:
    # "might not literally" qualifies the form and "maybe most of them" how many: neither states a likelihood
    for claim_id, phrase in (("context-billions-future", "might not literally"), ("youtube-ai-content-5y", "maybe")):
        claim = ledger.get(claim_id)
        assert claim.credence is None, claim_id
        assert phrase in (claim.note or ""), claim_id
        assert "no credence recorded" in (claim.note or ""), claim_id


def test_translations_carry_every_clause(ledger: ct.Ledger) -> None:
    assert "recently implemented" in ledger.get("memory-personal-agent-goal").translations["en"]
    assert "最近実装された" in ledger.get("memory-personal-agent-goal").text
    mit = ledger.get("ed-lex-mit-research")
    assert "数時間に及ぶ" in mit.text
    assert "several hours" in mit.translations["en"]


def test_readme_horizon_rules_are_the_stored_ones(ledger: ct.Ledger) -> None:
    readme = (BUNDLED / "README.md").read_text(encoding="utf-8")
    table = readme.split("**Horizons**", 1)[1].split("\n\n", 2)[1]
    named = set(re.findall(r"\| `([a-z-]+)` \|$", table, re.M))
    stored = {c.horizon.rule for c in ledger if c.horizon is not None}
    assert named == stored


def test_scorecard_by_speaker_by_hand(ledger: ct.Ledger) -> None:
    # Counted by hand over the claim files: Altman 28 true, 6 mixed, 2 false, 3 unverifiable, 3 not checkable,
    # 7 open, and 4 not said (listed apart, in no row); psymen 8 true, 1 false, 2 unverifiable.
    # Hit rate = (true + mixed/2) / graded.
    card = ct.scorecard(ledger, by="speaker", as_of=AS_OF)
    rows = {row.key: row for row in card.rows}
    altman, psymen = rows["Sam Altman"], rows["psymen"]
    # the statements the article invented or took from elsewhere count in no row: listed apart, naming the article
    assert altman.counts[Verdict.NOT_SAID] == 0
    assert altman.total == 49  # 53 claims attributed to him, 4 of them not said by him
    assert altman.graded == 36  # was 40 when three were recorded false and sora-red-team true
    assert altman.unscored == 6  # 3 unverifiable, 3 not checkable
    assert altman.open == 7
    assert altman.hit_rate == pytest.approx(31 / 36)  # was 32 / 40
    assert altman.hit_rate_ci == pytest.approx(WILSON_31_OF_36, abs=1e-4)
    assert (psymen.total, psymen.graded, psymen.unscored, psymen.open) == (11, 9, 2, 0)
    assert psymen.hit_rate == pytest.approx(8 / 9)
    assert {c.claim_id for c in card.not_said} == NOT_SAID_BY_ALTMAN
    assert card.excluded.not_said == 4
    for failure in card.not_said:
        assert failure.speaker == "Sam Altman"
        assert [s.label for s in failure.sources] == ["note.com (psymen)"], failure.claim_id
        expected = "not_in_original" if failure.claim_id in NOT_IN_INTERVIEW else "distorted"
        assert [s.fidelity for s in failure.sources] == [expected], failure.claim_id
        assert "not_said" in failure.reason
    total = card.total
    assert total.total == 60
    assert total.graded == 45
    assert total.unscored == 8
    assert total.hit_rate == pytest.approx(39 / 45)


def _wilson(k: float, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval, written out here so the test does not use the code it checks."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return centre - half, centre + half


WILSON_31_OF_36 = _wilson(31, 36)


@pytest.mark.parametrize("faithful_only", [False, True])
def test_no_path_or_option_counts_the_invented_statements(
    ledger: ct.Ledger, tmp_path: Path, faithful_only: bool
) -> None:
    """The SQL path gives the same rows and the same list, and --faithful-only cannot bring them back.

    faithful_only used to keep the three attribution failures: their primary source (the podcast) is verbatim.
    """
    where = ct.ClaimFilter(faithful_only=faithful_only)
    card = ct.scorecard(ledger, by="speaker", as_of=AS_OF, where=where)
    assert {c.claim_id for c in card.not_said} == NOT_SAID_BY_ALTMAN
    assert all(row.counts[Verdict.NOT_SAID] == 0 for row in (*card.rows, card.total))
    listed = {line.id for line in card.claims}
    assert not listed & NOT_SAID_BY_ALTMAN
    if faithful_only:
        return
    with ct.open_ledger(tmp_path / "bundled.sqlite", create=True) as db:
        db.add_many(ledger.store.records())
        sql = ct.scorecard(db, by="speaker", as_of=AS_OF)
    assert sql.not_said == card.not_said
    assert [(r.key, r.total, r.graded, r.hit_rate) for r in sql.rows] == [
        (r.key, r.total, r.graded, r.hit_rate) for r in card.rows
    ]


# -- the generator ----------------------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    names = ["ledger.json", ".gitignore", *(f"claims/{p.name}" for p in sorted((root / "claims").glob("*.json")))]
    return {name: (root / name).read_bytes() for name in names}


def test_regenerating_gives_byte_identical_files(tmp_path: Path, builder: Any, seed_text: str) -> None:
    if not RESEARCH.is_file():
        pytest.skip(f"research notes not found at {RESEARCH} (set CLAIMTRACK_SHARED; looked in {SHARED})")
    out = tmp_path / "ledger"
    args = ["--out", str(out), "--research", str(RESEARCH), "--seed", str(SEED)]
    assert builder.main(args) == 0
    first = _files(out)
    assert first == _files(BUNDLED), "the committed fixture is stale: run python scripts/build_bundled_ledger.py"
    (out / "README.md").write_text("kept\n", encoding="utf-8")
    (out / "claims" / "stale-claim.json").write_text("{}", encoding="utf-8")
    assert builder.main(args) == 0
    assert _files(out) == first  # the stale generated file is gone
    assert (out / "README.md").read_text(encoding="utf-8") == "kept\n"  # hand-written files survive


def test_the_generator_refuses_text_that_is_not_verbatim(builder: Any, seed_text: str) -> None:
    if not RESEARCH.is_file():
        pytest.skip(f"research notes not found at {RESEARCH}")
    records = builder.load_research(RESEARCH)
    target = next(r for r in records if r["id"] == "amazing-model-2024")
    target["ja"] = target["ja"].replace("今年", "来年")
    with pytest.raises(builder.BuildError, match=r"record 'amazing-model-2024': field 'ja' is not verbatim"):
        builder.build_all(records, seed_text)


def test_a_failed_build_leaves_the_output_untouched(tmp_path: Path, builder: Any, seed_text: str) -> None:
    if not RESEARCH.is_file():
        pytest.skip(f"research notes not found at {RESEARCH}")
    out = tmp_path / "ledger"
    args = ["--out", str(out), "--research", str(RESEARCH), "--seed", str(SEED)]
    assert builder.main(args) == 0
    before = _files(out)
    broken = tmp_path / "seed.txt"
    broken.write_text(seed_text.replace("今年、素晴らしいモデル", "来年、素晴らしいモデル"), encoding="utf-8")
    assert builder.main(["--out", str(out), "--research", str(RESEARCH), "--seed", str(broken)]) == 1
    assert _files(out) == before
