"""Claim extraction on a fictional English interview (tests/intake/data/interview-en.txt) and small inputs.

The interview is test data written for these tests: a Host and a Guest from an invented
company; 38 statements (10 by the host: greetings, framing, questions and one prediction
of the host's own; 28 by the guest: predictions, commitments, denials, uncertainty,
opinions, assertions, a rhetorical question, greetings and fillers).
"""

from __future__ import annotations

import doctest
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.intake import drafts as drafts_module
from claimtrack.intake import extraction as extract_module
from claimtrack.intake import kinds as kinds_module
from claimtrack.intake import sentences as sentences_module
from claimtrack.intake.drafts import UNKNOWN_SPEAKER, Draft, DraftPart, Extractor, Passage, read_drafts
from claimtrack.intake.extraction import RuleExtractor, claim_id, extract, extract_file, iter_extract
from claimtrack.intake.kinds import classify
from claimtrack.intake.sentences import ArticleReader, detect_language, split_sentences
from claimtrack.model import ClaimKind, CredenceBasis
from claimtrack.model._base import SLUG_PATTERN
from claimtrack.stores._files import unsafe_name

DATA = Path(__file__).parent / "data"
INTERVIEW = DATA / "interview-en.txt"
SAID_ON = date(2025, 6, 2)

# locator -> (kind, deadline or None, horizon phrase or None); every guest statement that is a claim, and only those.
EXPECTED: dict[str, tuple[str, str | None, str | None]] = {
    "00:00:27": ("commitment", "2026-12-31", "by the end of 2026"),
    "00:00:33": ("denial", None, None),
    "00:00:47": ("denial", None, None),
    "00:00:50": ("assertion", None, None),
    "00:01:06": ("uncertainty", None, None),
    "00:01:12": ("prediction", "2028-12-31", "by 2028"),
    "00:01:31": ("prediction", "2035-06-02", "within ten years"),
    "00:01:38": ("prediction", "2030-06-02", "in the next five years"),
    "00:01:46": ("prediction", None, "Soon"),
    "00:02:03": ("uncertainty", None, None),
    "00:02:09": ("prediction", "2030-12-31", "By 2030"),
    "00:02:24": ("assertion", None, None),
    "00:02:29": ("assertion", None, None),
    "00:02:35": ("commitment", "2027-06-30", "by the second quarter of 2027"),
    "00:02:51": ("opinion", None, None),
    "00:02:58": ("denial", None, None),
    "00:03:04": ("commitment", None, "no time given"),
    "00:03:16": ("assertion", None, None),
    "00:03:26": ("commitment", "2026-12-31", "next year"),
    "00:03:33": ("commitment", "2025-12-31", "this year"),
    "00:03:39": ("prediction", "2027-12-31", "in 2027"),
    "00:03:47": ("prediction", None, "no time given"),
    "00:03:55": ("opinion", None, None),
    "00:04:07": ("uncertainty", None, None),
}

_LINE = re.compile(r"^\[(\d\d:\d\d:\d\d)\] (\w+): (.*)$")


def _statements() -> list[tuple[str, str, str]]:
    """(time, speaker, text) of every timestamped line of the interview."""
    found = []
    for line in INTERVIEW.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if m:
            found.append((m.group(1), m.group(2), m.group(3)))
    return found


@pytest.fixture(scope="module")
def interview() -> extract_module.ExtractResult:
    return extract_file(INTERVIEW, said_on=SAID_ON)


def test_the_fixture_has_at_least_25_statements_by_both_speakers() -> None:
    statements = _statements()
    assert len(statements) >= 25
    assert {s for _, s, _ in statements} == {"Host", "Guest"}
    assert sum(1 for _, s, text in statements if s == "Host" and text.endswith("?")) >= 5


def test_every_claim_of_the_guest_is_drafted_with_its_kind_and_deadline(
    interview: extract_module.ExtractResult,
) -> None:
    got = {}
    for d in interview.drafts:
        locator = d.claim.sources[0].locator
        assert locator is not None
        got[locator] = (
            d.claim.kind.value,
            d.claim.deadline.isoformat() if d.claim.deadline else None,
            d.claim.horizon.text if d.claim.horizon else None,
        )
    assert got == EXPECTED
    assert interview.problems == ()
    assert interview.stats.format == "bracketed"
    assert interview.stats.language == "en"


def test_the_interviewer_is_found_and_never_drafted(interview: extract_module.ExtractResult) -> None:
    assert interview.stats.interviewer == "Host"
    assert interview.stats.interviewer_rule is not None
    assert "questions" in interview.stats.interviewer_rule
    assert {d.claim.speaker.name for d in interview.drafts} == {"Guest"}
    host_words = [text for _, speaker, text in _statements() if speaker == "Host"]
    for d in interview.drafts:
        assert not any(d.claim.text in words or words in d.claim.text for words in host_words), d.claim.text


def test_questions_greetings_and_fillers_are_never_drafted(interview: extract_module.ExtractResult) -> None:
    quotes = [d.claim.text for d in interview.drafts]
    assert not [q for q in quotes if q.rstrip().endswith("?")]
    for said in ("Thanks for having me.", "It's great to be here.", "Yeah.", "Thank you."):
        assert said not in quotes
    assert "I'll be honest, the first prototype was a mess." not in quotes
    skipped = interview.stats.skipped
    assert skipped["question"] == 1  # the guest's rhetorical question (the host's turns are skipped whole)
    assert skipped["greeting"] == 2
    assert skipped["interviewer"] == 10


def test_the_guest_named_or_the_host_named_give_the_same_drafts(interview: extract_module.ExtractResult) -> None:
    text = INTERVIEW.read_text(encoding="utf-8")
    by_guest = extract(text, said_on=SAID_ON, speaker="guest")  # labels match ignoring case
    by_host = extract(text, said_on=SAID_ON, interviewer="Host")
    assert [d.claim.id for d in by_guest.drafts] == [d.claim.id for d in interview.drafts]
    assert [d.claim.id for d in by_host.drafts] == [d.claim.id for d in interview.drafts]
    assert by_host.stats.interviewer_rule == "given"
    assert {r.rule for d in by_guest.drafts for r in d.reasons if r.part is DraftPart.SPEAKER} == {
        "turn-label: labelled with the given speaker"
    }


def test_the_host_is_drafted_as_the_host_when_the_guest_is_wrongly_named_interviewer() -> None:
    result = extract(INTERVIEW.read_text(encoding="utf-8"), said_on=SAID_ON, interviewer="Guest")
    assert {d.claim.speaker.name for d in result.drafts} == {"Host"}
    host = [d for d in result.drafts if d.claim.kind is ClaimKind.PREDICTION]
    assert [d.claim.text for d in host] == ["I think robots will replace most warehouse jobs by 2030."]


def test_reasons_name_the_cue_the_horizon_phrase_and_the_hedge(interview: extract_module.ExtractResult) -> None:
    for d in interview.drafts:
        kind = d.reason(DraftPart.KIND)
        assert kind is not None
        assert kind.phrase
        assert kind.phrase in d.claim.text
        assert kind.rule.startswith(f"en:{d.claim.kind.value}/")
        speaker = d.reason(DraftPart.SPEAKER)
        assert speaker is not None
        assert speaker.phrase == "Guest"
        assert speaker.rule == "turn-label"
        horizon, credence = d.reason(DraftPart.HORIZON), d.reason(DraftPart.CREDENCE)
        if d.claim.kind.is_forward_looking:
            assert horizon is not None
            assert d.claim.horizon is not None
            assert horizon.phrase == (d.claim.horizon.text if horizon.phrase else "")
            assert horizon.phrase in d.claim.text
            if d.claim.credence is not None:
                assert credence is not None
                assert (credence.phrase or "") in d.claim.text
        else:
            assert horizon is None
            assert credence is None
            assert d.claim.horizon is None
            assert d.claim.credence is None
    by_time = {d.claim.sources[0].locator: d for d in interview.drafts}
    probably = by_time["00:01:12"].claim.credence
    assert probably is not None
    assert probably.word == "Probably"
    assert probably.band == "likely"
    stated = by_time["00:03:39"].claim.credence
    assert stated is not None
    assert stated.basis is CredenceBasis.STATED
    assert stated.p == 0.7
    assert by_time["00:01:46"].claim.horizon is not None
    assert by_time["00:01:46"].claim.horizon.vague
    no_time = by_time["00:03:04"].reason(DraftPart.HORIZON)
    assert no_time is not None
    assert no_time.phrase == ""
    assert no_time.rule == "no-time-given"


def test_each_sentence_of_a_merged_turn_keeps_its_own_timestamp_and_line(
    interview: extract_module.ExtractResult,
) -> None:
    by_time = {d.claim.sources[0].locator: d for d in interview.drafts}
    assert by_time["00:00:47"].line == 7
    assert by_time["00:00:50"].line == 8  # the same turn as 00:00:47 (one speaker), its own line
    assert by_time["00:00:50"].claim.text == "We have 340 employees today, most of them in Rotterdam."


def test_ids_are_stable_valid_slugs_and_drafts_round_trip(interview: extract_module.ExtractResult) -> None:
    again = extract_file(INTERVIEW, said_on=SAID_ON)
    assert [d.claim.id for d in again.drafts] == [d.claim.id for d in interview.drafts]
    assert len({d.claim.id for d in interview.drafts}) == len(interview.drafts)
    for d in interview.drafts:
        assert re.match(SLUG_PATTERN, d.claim.id)
        assert unsafe_name(d.claim.id) is None
        assert d.claim.id.startswith("guest-")
        assert d.extractor == "rules/1"
    lines = [d.model_dump_json(exclude_defaults=True) for d in interview.drafts]
    assert list(read_drafts(lines)) == list(interview.drafts)  # the CLI's lines; draft_line drops credence.p
    assert claim_id("Ada", SAID_ON, "We  will go.") == claim_id("Ada", SAID_ON, "We will go.")
    assert claim_id("高橋", SAID_ON, "x").startswith("speaker-")
    assert claim_id(UNKNOWN_SPEAKER, SAID_ON, "x").startswith("unknown-")


def test_kinds_limit_the_drafts(interview: extract_module.ExtractResult) -> None:
    text = INTERVIEW.read_text(encoding="utf-8")
    only = extract(text, said_on=SAID_ON, kinds=["prediction", ClaimKind.COMMITMENT])
    forward = [d.claim.id for d in interview.drafts if d.claim.kind.is_forward_looking]
    assert [d.claim.id for d in only.drafts] == forward
    assert only.stats.skipped["kind-filter"] == len(interview.drafts) - len(forward)
    with pytest.raises(ValueError):
        extract(text, said_on=SAID_ON, kinds=["guess"])


def test_plain_text_without_a_speaker_is_drafted_under_the_unknown_speaker() -> None:
    result = extract("Prices will fall by 2027. Nothing else to say here", said_on=SAID_ON)
    (draft,) = result.drafts
    assert draft.needs_speaker
    assert draft.claim.speaker.name == UNKNOWN_SPEAKER
    reason = draft.reason(DraftPart.SPEAKER)
    assert reason is not None
    assert reason.rule.startswith("unknown")
    named = extract("Prices will fall by 2027.", said_on=SAID_ON, speaker="Ada Brandt")
    assert named.drafts[0].claim.speaker.name == "Ada Brandt"
    assert named.drafts[0].reason(DraftPart.SPEAKER).rule.startswith("given")  # type: ignore[union-attr]
    assert result.stats.format == "article"


def test_an_article_keeps_bullets_headings_and_lines() -> None:
    text = "Outlook for next year\n\n- We will open two stores next year.\n- Sales rose 12% in 2024.\n\nQ&A?\n"
    result = extract(text, said_on=SAID_ON, speaker="Ada Brandt")
    assert [(d.line, d.claim.kind.value, d.claim.text) for d in result.drafts] == [
        (3, "commitment", "We will open two stores next year."),
        (4, "assertion", "Sales rose 12% in 2024."),
    ]
    assert {d.claim.sources[0].locator for d in result.drafts} == {"Outlook for next year"}
    assert result.drafts[0].reason(DraftPart.QUOTE).rule == "list item (-)"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "layout", "locators"),
    [
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Host>What comes next?\n\n"
            "00:00:05.000 --> 00:00:09.000\n<v Guest>We will ship the robot next year.\n",
            "webvtt",
            ["00:00:05"],
        ),
        (
            "1\n00:00:01,000 --> 00:00:04,000\nHost: What comes next?\n\n"
            "2\n00:00:05,000 --> 00:00:09,000\nGuest: We will ship the robot next year.\n",
            "srt",
            ["00:00:05"],
        ),
        (
            "Host (00:00:01): What comes next? And when?\nGuest (00:00:05): We will ship the robot next year.\n",
            "parenthesised",
            ["00:00:05"],
        ),
    ],
)
def test_other_transcript_layouts(text: str, layout: str, locators: list[str]) -> None:
    result = extract(text, said_on=SAID_ON, speaker="Guest")
    assert result.stats.format == layout
    assert [d.claim.sources[0].locator for d in result.drafts] == locators
    assert [d.claim.kind.value for d in result.drafts] == ["commitment"]
    assert result.drafts[0].claim.deadline == date(2026, 12, 31)


def test_a_speaker_absent_from_the_transcript_is_a_warning_and_nothing_is_drafted() -> None:
    result = extract(INTERVIEW.read_text(encoding="utf-8"), said_on=SAID_ON, speaker="Someone Else")
    assert result.drafts == ()
    assert [p.code for p in result.problems] == ["speaker_not_found"]


def test_the_rule_extractor_implements_the_protocol_and_skips_interviewer_passages() -> None:
    rules = RuleExtractor()
    assert isinstance(rules, Extractor)
    assert rules.name == "rules/1"
    passages = [
        Passage(text="I think robots will take most jobs by 2030.", speaker="Host", interviewer=True),
        Passage(text="We will hire 200 people next year.", speaker="Guest", locator="00:10:00", line=9, language="en"),
    ]
    made = list(rules.drafts(passages, said_on=SAID_ON, source_url="https://example.org/interview"))
    assert len(made) == 1
    assert isinstance(made[0], Draft)
    assert made[0].claim.speaker.name == "Guest"
    assert made[0].line == 9
    assert made[0].claim.sources[0].url == "https://example.org/interview"
    assert made[0].claim.sources[0].locator == "00:10:00"


def test_another_extractor_is_handed_passages() -> None:
    seen: list[Passage] = []

    class Echo:
        name = "echo/1"

        def drafts(self, passages, *, said_on, source_url=None):  # type: ignore[no-untyped-def]
            seen.extend(passages)
            return iter(())

    result = extract(INTERVIEW.read_text(encoding="utf-8"), said_on=SAID_ON, extractor=Echo())
    assert result.drafts == ()
    assert {p.speaker for p in seen} == {"Guest"}
    assert seen[0].locator == "00:00:15"


def test_iter_extract_yields_as_it_goes() -> None:
    items = iter_extract("[00:00:01] Guest: We will ship it next year.\n", said_on="2025-06-02")
    first = next(items)
    assert isinstance(first, Draft)
    assert first.claim.kind is ClaimKind.COMMITMENT


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("ja", "今年、素晴らしいモデルをリリースするが、それをなんと呼ぶかは決まっていない", "prediction"),
        ("ja", "「GPT5」をいつリリースするかは正直なところわからない", "uncertainty"),
        ("ja", "今後数か月以内に様々な素晴らしいものをリリースする予定だ", "commitment"),
        ("ja", "イリヤ氏は開発されてしまったAGIを見て警告を発したわけではない", "denial"),
        (
            "ja",
            "イリヤの言葉を借りるなら「一つの巨大なものにします」という事だ",
            None,
        ),  # a quote's cue is not the speaker's
        ("zh", "我们将在明年发布新模型。", "commitment"),
        ("zh", "我不知道什么时候发布。", "uncertainty"),
        ("de", "Wir werden nächstes Jahr ein Werk in Leipzig eröffnen.", "commitment"),
        ("de", "Die Preise werden bis 2030 fallen.", "prediction"),
        ("de", "Ich weiß es nicht.", "uncertainty"),
        ("fr", "Nous allons ouvrir une usine l'année prochaine.", "commitment"),
        ("fr", "Les prix baisseront d'ici 2030.", "prediction"),
        ("fr", "Ce n'est pas vrai du tout.", "denial"),
        ("es", "Vamos a abrir una fábrica el año que viene.", "commitment"),
        ("es", "Los precios bajarán antes de 2030.", "prediction"),
        ("es", "No estoy seguro de eso.", "uncertainty"),
        ("en", "May I ask about the launch date?", None),
        ("en", "Hello everyone, and welcome.", None),
    ],
)
def test_cue_tables_in_six_languages(language: str, text: str, kind: str | None) -> None:
    decision = classify(text, language)
    assert (decision.kind.value if decision.kind else None) == kind, decision


def test_sentences_quotes_bullets_titles_and_language() -> None:
    ja = split_sentences("「これは本当に素晴らしい。」と言った。わからない", "ja")
    assert [s.text for s in ja] == ["「これは本当に素晴らしい。」と言った。", "わからない"]
    listed = split_sentences("Intro\n1. First point. Second.\n2) Third\n・四番目\n• fifth", "en")
    assert [(s.bullet, s.text) for s in listed] == [
        ("", "Intro"), ("1.", "First point."), ("1.", "Second."), ("2)", "Third"), ("・", "四番目"), ("•", "fifth")
    ]  # fmt: skip
    assert [s.text for s in split_sentences("M. Dupont dit non. Dr. Lee agrees.", "fr")] == [
        "M. Dupont dit non.",
        "Dr. Lee agrees.",
    ]
    text = "He said it. We left."
    assert [text[s.start : s.end] for s in split_sentences(text, "en")] == ["He said it.", "We left."]
    samples = ("今年は", "我们将", "Wir werden das tun", "Nous allons le faire", "hello")
    assert [detect_language(t) for t in samples] == ["ja", "zh", "de", "fr", "en"]


def test_article_reader_joins_continued_lines_and_spots_headings() -> None:
    lines = ["見出し", "", "  • 今", "    我々は前進している", "本文の段落は", "二行に渡る。"]
    blocks = list(ArticleReader(language="ja").blocks(enumerate(lines, start=1)))
    assert [(b.line, b.bullet, b.heading, b.text) for b in blocks] == [
        (3, "•", "見出し", "今我々は前進している"),
        (5, "", "見出し", "本文の段落は二行に渡る。"),
    ]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no sentence and cue rules"):
        extract("text", said_on=SAID_ON, language="ko")


@pytest.mark.parametrize("module", [extract_module, kinds_module, sentences_module, drafts_module])
def test_docstring_examples(module: object) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0


_PIECES = [*"abc XYZ.?!,:;-•・\n\t[]()「」“”\"'0123456789", "will", "we", "だろう", "。", "予定", "next year"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, language=st.sampled_from(["en", "ja", "zh", "de", "fr", "es"]))
def test_any_text_splits_into_verbatim_sentences_and_classifies(text: str, language: str) -> None:
    for s in split_sentences(text, language):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.text
        decision = classify(s.text, language)
        assert (decision.kind is None) == (decision.rule in {"question", "greeting", "filler", "fragment", "no-cue"})


@settings(max_examples=100, deadline=None)
@given(text=_TEXT)
def test_any_text_gives_valid_drafts_or_problems_never_an_exception(text: str) -> None:
    result = extract(text, said_on=SAID_ON)
    for d in result.drafts:
        # verbatim up to white space: lines of a paragraph are joined (without a space in Japanese and Chinese)
        assert "".join(d.claim.text.split()) in "".join(text.split())
        assert d.claim.kind.is_forward_looking or (d.claim.horizon is None and d.claim.credence is None)


def test_a_long_line_without_punctuation_is_read() -> None:
    text = "[00:00:01] Guest: " + "we will grow " * 20_000 + "\n"
    result = extract(text, said_on=SAID_ON)
    assert len(result.drafts) == 1
    assert result.drafts[0].claim.kind is ClaimKind.COMMITMENT
