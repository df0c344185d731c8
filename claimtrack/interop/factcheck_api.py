"""Google Fact Check Tools API results (``claims:search``) into claims, the same way as ClaimReview.

A review without a ``reviewDate`` is dated by the date in its URL, else by
``recorded_at`` when the caller passes it (the response was fetched then, so
the review existed); with neither, its claim and article are kept but its
verdict is not recorded (an ``undated_review`` error): dating it by the claim's
date would show the verdict before the fact-check existed.

The response shape (``factchecktools.googleapis.com`` v1alpha1)::

    {"claims": [{"text", "claimant", "claimDate",
                 "claimReview": [{"publisher": {"name", "site"}, "url", "title",
                                  "reviewDate", "textualRating", "languageCode"}]}],
     "nextPageToken": "..."}

Each API claim becomes one claimtrack claim; each of its reviews one dated
status event with the review article as evidence (``origin`` =
``"factcheck-api:<review url>"``). The API has no numeric rating and no
appearances, so the verdict comes from ``textualRating`` alone. This module
does not call the API (claimtrack.web does network); it converts a saved
response, one page or a list of pages.

The claim id is derived like a ClaimReview's, from the review URL (the
smallest, when Google groups several reviews under one claim) and the claim
text, so a claim read here and from the same review's JSON-LD gets the same
id and ``ledger.merge`` sees one claim.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from claimtrack.interop.builder import RECORD_ERRORS, RecordBuilder, paused_gc
from claimtrack.interop.conventions import Origin, check_recorded_at
from claimtrack.interop.files import JsonValues, Unreadable, import_file
from claimtrack.interop.ids import stable_claim_id
from claimtrack.interop.ratings import RatingTable
from claimtrack.interop.results import ImportResult
from claimtrack.interop.review import Review, add_review
from claimtrack.interop.text import clean_text, shown, text_problem_code
from claimtrack.ledger import Clock, Ledger
from claimtrack.model.languages import language_tag
from claimtrack.model.urls import http_url

__all__ = ["from_response", "read_api_claim", "read_file", "read_response"]


def from_response(
    obj: object,
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
) -> Ledger:
    """The claims of a Fact Check Tools API response (or a list of pages) as an in-memory ledger.

    Problems are dropped here; :func:`read_response` returns them too.
    """
    return read_response(obj, ratings=ratings, recorded_at=recorded_at, clock=clock).ledger


def read_response(
    obj: object,
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
    path: str | None = None,
) -> ImportResult:
    """Read a ``claims:search`` response into an in-memory ledger plus every problem met.

    ``obj`` is one response (``{"claims": [...]}``), a list of responses
    (pages), a list of claims or one claim. The parameters mean what they mean
    for :func:`claimtrack.interop.claimreview.read_jsonld`.
    """
    check_recorded_at(recorded_at)
    table = ratings or RatingTable.default()
    builder = RecordBuilder(path=path)
    with paused_gc():
        for position, claim in _claims(obj, ""):
            try:
                read_api_claim(builder, table, position, claim, recorded_at)
            except RECORD_ERRORS as exc:
                builder.records += 1
                builder.unreadable(position, exc)
        return builder.build(clock=clock)


_MAX_DEPTH = 8
"""How deep lists of pages and claims are walked (a response is a page, a list of pages or of claims)."""


def _claims(obj: object, pointer: str, depth: int = 0) -> Iterator[tuple[str, object]]:
    if depth > _MAX_DEPTH:
        position = pointer or "[0]"
        yield position, Unreadable(position, f"nested more than {_MAX_DEPTH} levels deep; skipped", "too_deep")
    elif isinstance(obj, JsonValues):
        for position, item in obj:
            yield from _claims(item, position, depth + 1)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _claims(item, f"{pointer}[{i}]", depth + 1)
    elif isinstance(obj, dict) and "claims" in obj and "claimReview" not in obj:
        claims = obj["claims"]
        if isinstance(claims, list):
            for i, item in enumerate(claims):
                yield f"{pointer}.claims[{i}]" if pointer else f"claims[{i}]", item
        else:
            yield f"{pointer}.claims" if pointer else "claims", claims
    elif isinstance(obj, dict) and not obj:
        return  # an empty page: Google answers {} when nothing matches
    else:
        yield pointer or "[0]", obj


def read_api_claim(
    builder: RecordBuilder, table: RatingTable, position: str, claim: object, recorded_at: datetime | None
) -> None:
    """Read one API claim (``{"text", "claimant", "claimDate", "claimReview": [...]}``) into ``builder``."""
    if type(claim) is Unreadable:
        builder.records += 1
        builder.problem(position, claim.message, code=claim.code, severity="error")
        return
    if not isinstance(claim, dict):
        builder.records += 1
        builder.problem(
            position, f"expected a claim object, got {type(claim).__name__}", code="not_an_object", severity="error"
        )
        return
    text, warning = clean_text(claim.get("text"))
    reviews = claim.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        builder.records += 1
        builder.problem(
            position,
            "the claim has no claimReview; skipped",
            code="missing_review",
            field="claimReview",
            severity="error",
        )
        return
    if text is None:
        builder.records += len(reviews)
        builder.problem(
            position, "the claim has no text; skipped", code="missing_claim", field="text", severity="error"
        )
        return
    if warning:
        builder.problem(position, f"{warning} in text", code=text_problem_code(warning), field="text")
    claimant, _ = clean_text(claim.get("claimant"))
    urls = sorted(u for r in reviews if isinstance(r, dict) and (u := http_url(r.get("url"))))
    claim_id = stable_claim_id(f"{urls[0]}\x1f{text}", url=urls[0]) if urls else None
    for i, review in enumerate(reviews):
        here = f"{position}.claimReview[{i}]"
        builder.records += 1
        if not isinstance(review, dict):
            builder.problem(
                here, f"expected a review object, got {type(review).__name__}", code="not_an_object", severity="error"
            )
            continue
        try:
            add_review(builder, table, _review(builder, here, text, claimant, claim, review, claim_id), recorded_at)
        except RECORD_ERRORS as exc:
            builder.unreadable(here, exc)


def _review(
    builder: RecordBuilder,
    position: str,
    text: str,
    claimant: str | None,
    claim: Mapping[str, Any],
    review: Mapping[str, Any],
    claim_id: str | None,
) -> Review:
    raw_url = review.get("url")
    url = http_url(raw_url)
    if url is None:
        builder.problem(
            position,
            f"review url {shown(raw_url)} is not an absolute http(s) URL"
            if raw_url
            else "the review has no url; the claim id is derived from its text, reviewer and date",
            code="bad_url" if raw_url else "missing_url",
            field="url",
        )
    publisher = review.get("publisher")
    reviewer = site = None
    if isinstance(publisher, dict):
        reviewer, _ = clean_text(publisher.get("name") or publisher.get("site"))
        site, _ = clean_text(publisher.get("site"))
    language, warning = language_tag(review.get("languageCode"))
    if warning:
        builder.problem(position, warning, code="bad_language", field="languageCode")
    rating, warning = clean_text(review.get("textualRating"))
    if warning:
        builder.problem(position, f"{warning} in textualRating", code=text_problem_code(warning), field="textualRating")
    headline, _ = clean_text(review.get("title"))
    return Review(
        position=position,
        url=url,
        claim_text=text,
        claim_id=claim_id,
        speaker={"name": claimant} if claimant else None,
        said_on="claimDate",
        said_on_value=claim.get("claimDate"),
        review_language=language,
        reviewer=reviewer,
        reviewed_on=review.get("reviewDate"),
        headline=headline,
        rating_text=rating,
        origin=Origin.FACTCHECK_API,
        reviewed_field="reviewDate",
        site=site,
    )


def read_file(
    path: str | os.PathLike[str],
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
) -> ImportResult:
    """Read a saved Fact Check Tools API response from a file: ``.json``, ``.jsonl`` (one value a line).

    Lines or blocks that are not valid JSON are reported as problems; the rest is read.
    """
    return import_file(path, read_response, ratings=ratings, recorded_at=recorded_at, clock=clock)
