"""AVeriTeC items into claims: labels, DD-MM-YYYY dates, question-answer evidence."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack import Verdict
from claimtrack.checking import check, keyword_stance, qa_stance
from claimtrack.interop import averitec
from claimtrack.model import Stance
from tests.conftest import SHARED

DEV = SHARED / "data" / "averitec" / "dev.json"


def item(**overrides: Any) -> dict[str, Any]:
    """A record in AVeriTeC's shape with synthetic content (no dataset text is copied)."""
    data: dict[str, Any] = {
        "claim": "The moon is made of cheese.",
        "required_reannotation": False,
        "label": "Refuted",
        "justification": "Samples show rock.",
        "claim_date": "9-10-2020",
        "speaker": None,
        "original_claim_url": None,
        "fact_checking_article": "https://web.archive.org/web/20201103120000/https://checks.example.org/moon/",
        "reporting_source": "Facebook",
        "location_ISO_code": None,
        "claim_types": ["Event/Property Claim"],
        "fact_checking_strategies": ["Written Evidence"],
        "questions": [
            {
                "question": "What are moon samples made of?",
                "answers": [
                    {
                        "answer": "Rock",
                        "answer_type": "Extractive",
                        "source_url": "https://science.example.org/samples",
                        "source_medium": "Web text",
                        "cached_source_url": "https://web.archive.org/web/20201001000000/https://science.example.org/samples",
                    },
                    {
                        "answer": "No",
                        "answer_type": "Boolean",
                        "source_url": "Metadata",
                        "source_medium": "Metadata",
                        "boolean_explanation": "No cheese was found.",
                    },
                ],
            },
            {
                "question": "Who said it?",
                "answers": [
                    {
                        "answer": "No answer could be found.",
                        "answer_type": "Unanswerable",
                        "source_url": "",
                        "source_medium": "",
                    }
                ],
            },
        ],
        "cached_original_claim_url": None,
    }
    data.update(overrides)
    return data


def test_an_item_becomes_a_claim_with_its_evidence(tmp_path: Path) -> None:
    path = tmp_path / "mini.json"
    path.write_text(json.dumps([item()]), encoding="utf-8")
    result = averitec.read(path)
    assert result.problems == ()
    (record,) = result.ledger.records()
    claim = record.claim
    assert claim.id.startswith("averitec-checks-example-org-moon-")
    assert claim.said_on == ct.DateRange.day(date(2020, 10, 9))  # DD-MM-YYYY
    assert claim.speaker.name == "unknown"
    assert claim.sources[0].publisher == "Facebook"
    (event,) = record.events
    assert (event.verdict, event.rating, event.by) == (Verdict.FALSE, "Refuted", averitec.ANNOTATORS)
    assert event.effective_on == date(2020, 11, 3)  # the archive snapshot of the article
    assert event.note.startswith("Samples show rock.")
    assert event.origin == "averitec:https://checks.example.org/moon/"
    evidence = {ev.id: ev for ev in record.evidence}
    assert set(event.evidence) == set(evidence)
    article = evidence[event.evidence[0]]
    assert (article.url, article.archived_url) == (
        "https://checks.example.org/moon/",
        "https://web.archive.org/web/20201103120000/https://checks.example.org/moon/",
    )
    answers = [evidence[i] for i in event.evidence[1:]]
    assert [a.excerpt for a in answers] == ["Rock", "No", "No answer could be found."]
    assert answers[0].url == "https://science.example.org/samples"
    assert answers[0].archived_url is not None
    assert answers[0].question == "What are moon samples made of?"
    assert answers[1].url is None
    assert answers[1].explanation == "No cheese was found."
    assert [a.stance for a in answers[:2]] == [None, None]  # the dataset does not say; nothing is invented


@pytest.mark.parametrize(
    ("label", "verdict"),
    [
        ("Supported", Verdict.TRUE),
        ("Refuted", Verdict.FALSE),
        ("Conflicting Evidence/Cherrypicking", Verdict.MIXED),
        ("Not Enough Evidence", Verdict.UNVERIFIABLE),
    ],
)
def test_labels_map_to_verdicts(label: str, verdict: Verdict) -> None:
    (record,) = averitec.read([item(label=label)]).ledger.records()
    assert record.events[0].verdict is verdict


def test_bad_items_are_reported_and_the_rest_imported() -> None:
    items = [item(claim=""), item(claim_date="2020-31-31"), 7, item(claim="Other claim", speaker="Ann Example")]
    result = averitec.read(items)
    assert [(p.record, p.code) for p in result.errors] == [
        ("[0]", "missing_claim"),
        ("[1]", "bad_date"),
        ("[2]", "not_an_object"),
    ]
    (record,) = result.ledger.records()
    assert record.claim.speaker.name == "Ann Example"


def test_loading_twice_gives_the_same_records() -> None:
    assert list(averitec.read([item()]).ledger.records()) == list(averitec.read([item()]).ledger.records())


@pytest.mark.skipif(not DEV.exists(), reason="the AVeriTeC dev split is not available here")
def test_the_dev_split_imports_completely() -> None:
    result = averitec.read(DEV)
    assert result.records == 500
    assert result.errors == ()
    labels = Counter(json.loads(DEV.read_text(encoding="utf-8"))[i]["label"] for i in range(500))
    verdicts = Counter(e.verdict for r in result.ledger.records() for e in r.events)
    # duplicate items of one claim whose events coincide are merged, so compare by at most
    assert sum(verdicts.values()) <= 500
    assert verdicts[Verdict.FALSE] <= labels["Refuted"]
    assert verdicts[Verdict.TRUE] <= labels["Supported"]
    assert verdicts[Verdict.TRUE] + verdicts[Verdict.FALSE] + verdicts[Verdict.MIXED] + verdicts[
        Verdict.UNVERIFIABLE
    ] == sum(verdicts.values())
    answers = [ev for r in result.ledger.records() for ev in r.evidence if ev.id.startswith("qa-")]
    assert answers
    assert all(ev.published_on is not None and "dated by" in str(ev.note) for ev in answers)
    assert all(ev.question and ev.answer_type for ev in answers)


def test_every_answer_is_dated_by_the_fact_check_and_says_so() -> None:
    (record,) = averitec.read([item()]).ledger.records()
    answers = [ev for ev in record.evidence if ev.id.startswith("qa-")]
    assert len(answers) == 3
    for answer in answers:  # the snapshot of the article (its URL has no date)
        assert answer.published_on == ct.DateRange.day(date(2020, 11, 3))
        assert "dated by the fact-check (the Wayback Machine snapshot" in str(answer.note)
    (article,) = [ev for ev in record.evidence if not ev.id.startswith("qa-")]
    assert article.published_on == ct.DateRange.day(date(2020, 11, 3))


def test_the_date_in_the_fact_check_url_comes_first() -> None:
    url = "https://web.archive.org/web/20201130144023/https://checks.example.org/2020/11/03/moon/"
    (record,) = averitec.read([item(fact_checking_article=url)]).ledger.records()
    answer = next(ev for ev in record.evidence if ev.id.startswith("qa-"))
    assert answer.published_on == ct.DateRange.day(date(2020, 11, 3))
    assert "the date in the fact-checking article's URL" in str(answer.note)


def test_without_a_fact_check_date_the_claim_date_is_used_and_said() -> None:
    (record,) = averitec.read([item(fact_checking_article=None)]).ledger.records()
    assert record.evidence  # the answers only: no article
    for answer in record.evidence:
        assert answer.published_on == ct.DateRange.day(date(2020, 10, 9))
        assert "dated by the claim date (no fact-check date in the dataset)" in str(answer.note)


def test_question_answer_type_and_explanation_are_kept() -> None:
    (record,) = averitec.read([item()]).ledger.records()
    answers = [ev for ev in record.evidence if ev.id.startswith("qa-")]
    assert [(a.question, a.answer_type) for a in answers] == [
        ("What are moon samples made of?", "extractive"),
        ("What are moon samples made of?", "boolean"),
        ("Who said it?", "unanswerable"),
    ]
    assert [a.explanation for a in answers] == [None, "No cheese was found.", None]
    assert "medium: Web text" in str(answers[0].note)


def test_an_unanswerable_answer_is_context_never_a_refutation() -> None:
    only_unanswerable = item(questions=[item()["questions"][1]])
    ledger = averitec.read([only_unanswerable]).ledger
    (record,) = ledger.records()
    (answer,) = record.evidence[1:]
    assert answer.stance is Stance.CONTEXT
    for stance in (None, keyword_stance, qa_stance):  # "No answer could be found." reads as "no" to keyword cues
        assessment = check(record.claim, ledger.evidence(record.claim.id), as_of=date(2021, 1, 1), stance=stance)
        assert assessment.verdict is Verdict.OPEN
        assert all(f.stance is Stance.CONTEXT for f in assessment.findings)


def test_imported_answers_are_checkable() -> None:
    """The issue: undated answers made check() ignore them all; now a stance function decides."""
    ledger = averitec.read([item()]).ledger
    (record,) = ledger.records()
    assessment = check(record.claim, ledger.evidence(record.claim.id), as_of=date(2021, 1, 1), stance=qa_stance)
    assert not [i for i in assessment.ignored if i.code == "no_date"]
    assert assessment.verdict is Verdict.FALSE  # "No" to a question on the claim refutes it
