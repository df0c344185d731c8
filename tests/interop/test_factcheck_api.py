"""Google Fact Check Tools API responses (claims:search) into claims."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import claimtrack as ct
from claimtrack import Verdict
from claimtrack.interop import claimreview, factcheck_api


def api_claim(**overrides: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "text": "The moon is made of cheese (1)",
        "claimant": "Ann Example",
        "claimDate": "2024-04-30T00:00:00Z",
        "claimReview": [
            {
                "publisher": {"name": "Example Checks", "site": "checks.example.org"},
                "url": "https://checks.example.org/fact-check/moon-cheese-1",
                "title": "No, the moon is not made of cheese",
                "reviewDate": "2024-05-02T00:00:00Z",
                "textualRating": "False",
                "languageCode": "en",
            }
        ],
    }
    claim.update(overrides)
    return claim


def test_a_response_becomes_claims_with_dated_events() -> None:
    result = factcheck_api.read_response({"claims": [api_claim()], "nextPageToken": "abc"})
    assert result.problems == ()
    (record,) = result.ledger.records()
    assert record.claim.speaker == ct.Entity(name="Ann Example")
    assert record.claim.said_on.start == date(2024, 4, 30)
    assert record.claim.language == "en"
    (event,) = record.events
    assert (event.verdict, event.rating, event.by) == (Verdict.FALSE, "False", "Example Checks")
    assert event.effective_on == date(2024, 5, 2)
    assert event.origin == "factcheck-api:https://checks.example.org/fact-check/moon-cheese-1"
    assert record.evidence[0].title == "No, the moon is not made of cheese"


def test_the_same_review_from_json_ld_and_the_api_is_one_claim(review: Callable[..., dict[str, Any]]) -> None:
    ledger = ct.Ledger.open(":memory:")
    ledger.merge(claimreview.from_jsonld(review()))
    report = ledger.merge(factcheck_api.from_response({"claims": [api_claim()]}))
    assert report.added == ()  # same id: merged into the claim already there (or a reported conflict)
    assert len(ledger) == 1


def test_several_reviews_of_one_claim_stay_one_claim_whatever_their_order() -> None:
    second = {
        "publisher": {"site": "other.example.org"},
        "url": "https://other.example.org/a/2",
        "reviewDate": "2024-06-01",
        "textualRating": "Mostly False",
    }
    forward = api_claim()
    forward["claimReview"] = [*forward["claimReview"], second]
    backward = api_claim(claimReview=list(reversed(forward["claimReview"])))
    a = factcheck_api.from_response([{"claims": [forward]}])
    b = factcheck_api.from_response([{"claims": [backward]}])
    assert [r.claim.id for r in a.records()] == [r.claim.id for r in b.records()]
    (record,) = a.records()
    assert [e.verdict for e in record.events] == [Verdict.FALSE, Verdict.MOSTLY_FALSE]
    assert record.events[1].by == "other.example.org"


def test_bad_claims_are_reported_and_the_rest_imported() -> None:
    pages = [
        {"claims": [api_claim(claimReview=[]), api_claim(text="")]},
        {},
        {"claims": [api_claim(claimant=None, claimDate=None)]},
    ]
    result = factcheck_api.read_response(pages)
    assert [(p.record, p.code) for p in result.errors] == [
        ("[0].claims[0]", "missing_review"),
        ("[0].claims[1]", "missing_claim"),
    ]
    (record,) = result.ledger.records()
    assert record.claim.speaker.name == "unknown"
    assert record.claim.said_on.start == date(2024, 5, 2)  # the review's date, with a note
    assert record.claim.note is not None
