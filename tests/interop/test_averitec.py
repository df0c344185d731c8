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
from claimtrack.interop import averitec

DEV = Path("/work/shared/data/averitec/dev.json")


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
    assert "What are moon samples made of?" in str(answers[0].note)
    assert answers[1].url is None
    assert "No cheese was found." in str(answers[1].note)
    assert all(a.stance is None for a in answers)  # the dataset does not say; nothing is invented


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
