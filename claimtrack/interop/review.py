"""One fact-check review, whatever format it came in, turned into a claim, a dated event and evidence.

The ClaimReview and Fact Check API readers differ only in where they find
each field; what a review *means* (the claim's date when the source gives
none, the verdict's date, the claim id, the article as evidence) is decided
here once, so that both formats give the same records for the same review.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import attrs

from claimtrack.dates import ParsedDate, date_in_path, parse_stamp
from claimtrack.interop.builder import RecordBuilder
from claimtrack.interop.conventions import (
    SAID_ON_FROM_REVIEW,
    UNKNOWN_SPEAKER,
    DatedBy,
    Origin,
    midnight_utc,
    provenance_note,
)
from claimtrack.interop.files import PageContext
from claimtrack.interop.ids import is_claim_id, short_hash, stable_claim_id
from claimtrack.interop.languages import LanguageSource, detect_language
from claimtrack.interop.ratings import RatingMethod, RatingTable
from claimtrack.interop.text import shown
from claimtrack.model import ClaimKind, DateRange, Granularity, SourceRole, Stance, Verdict
from claimtrack.model.urls import http_url

__all__ = ["STANCE_OF", "Review", "add_review"]

STANCE_OF = {
    Verdict.TRUE: Stance.SUPPORTS,
    Verdict.MOSTLY_TRUE: Stance.SUPPORTS,
    Verdict.MIXED: Stance.MIXED,
    Verdict.MOSTLY_FALSE: Stance.REFUTES,
    Verdict.FALSE: Stance.REFUTES,
}
"""How a fact-check article bears on the claim it rated (stated by the fact-checker, not guessed)."""


@attrs.frozen(kw_only=True)
class Review:
    """One review, read out of whichever foreign shape it came in (JSON-LD or the Fact Check API).

    The reader of each format fills it in; :func:`add_review` then turns it
    into records the same way for all of them.
    """

    position: str
    url: str | None
    claim_text: str
    claim_key: str | None = None
    """A foreign identity of the claim (``itemReviewed["@id"]``) that groups several reviews."""
    claim_id: str | None = None
    """A claimtrack id carried by the input itself."""
    speaker: dict[str, Any] | None = None
    said_on: str | None = None
    """Where the claim date came from, for messages (``itemReviewed.datePublished``)."""
    said_on_value: object = None
    first_appearance: dict[str, Any] | None = None
    appearances: tuple[dict[str, Any], ...] = ()
    claim_language: str | None = None
    review_language: str | None = None
    reviewer: str | None = None
    reviewed_on: object = None
    headline: str | None = None
    explanation: str | None = None
    rating_text: str | None = None
    rating_value: object = None
    best: object = None
    worst: object = None
    origin: Origin = Origin.CLAIMREVIEW
    """Which format the review came from (the prefix of the event's ``origin``)."""
    reviewed_field: str = "datePublished"
    """The field the review's own date is read from, for messages (``reviewDate`` in the API)."""
    page: PageContext | None = None
    """What the page the review was read from says about itself (its date, its ``lang``)."""
    site: str | None = None
    """The review's host (the API's ``publisher.site``), to pick the publisher's numeric rating scale."""


def add_review(builder: RecordBuilder, table: RatingTable, review: Review, recorded_at: datetime | None) -> None:
    """Turn one review into claim, event and evidence dicts and hand them to the builder."""
    position = review.position
    reviewed, dated_by = _review_date(builder, review, recorded_at)
    said = None
    said_field = review.said_on
    if review.said_on_value not in (None, ""):
        said = parse_stamp(review.said_on_value)
        if said is None:
            builder.problem(
                position, f"cannot read the claim date {shown(review.said_on_value)}", code="bad_date", field=said_field
            )
        elif said.odd:
            builder.problem(position, said.odd, code="odd_date", field=said_field)
    said_range: DateRange | dict[str, Any] | None = None
    if said is not None:
        said_range = builder.span(said.start, said.end, said.granularity)
    elif review.first_appearance and review.first_appearance.get("published_on"):
        said_range = review.first_appearance["published_on"]
    note = None
    if said_range is None:
        if reviewed is None or dated_by is DatedBy.RECORDED_AT:
            builder.problem(
                position,
                "neither the claim nor the review has a readable date; skipped",
                code="missing_date",
                field="datePublished",
                severity="error",
            )
            return
        said_range = builder.span(reviewed.end, reviewed.end)
        note = (
            f"{SAID_ON_FROM_REVIEW}; the review's date ({reviewed.end.isoformat()}) is used, "
            "the latest the claim can have been made."
        )
    said_start = _start(said_range)
    if reviewed is None and review.origin is Origin.FACTCHECK_API:
        _add_undated(builder, table, review, said_range)
        return
    if reviewed is None:
        effective_on: date = said_start
        dated_by = DatedBy.CLAIM
        builder.problem(
            position,
            f"the review has no date (not on the review, its page or its URL); its verdict is dated the claim's "
            f"date ({effective_on}), which may show it before the fact-check existed: pass recorded_at",
            code="missing_review_date",
            field="datePublished",
        )
    else:
        effective_on = reviewed.end
        if reviewed.granularity is not Granularity.DAY:
            builder.problem(
                position,
                f"the review date is not a day; its last day ({effective_on}) is used",
                code="imprecise_date",
                field="datePublished",
            )
    if effective_on < said_start:
        builder.problem(
            position,
            f"the review ({effective_on}) is dated before the claim ({said_start}); "
            "its verdict is dated the claim's date",
            code="review_before_claim",
            field="datePublished",
        )
        effective_on = said_start
    stamp = recorded_at or midnight_utc(effective_on)
    if stamp.date() < effective_on:
        builder.problem(
            position,
            f"recorded_at {stamp.isoformat()} is before the review date {effective_on}; skipped",
            code="recorded_before_review",
            field="recorded_at",
            severity="error",
        )
        return
    match = _rating(builder, table, review)
    claim_id = _claim_id(review, effective_on, builder)
    sources = []
    if review.first_appearance:
        sources.append({**review.first_appearance, "role": SourceRole.PRIMARY})
    sources.extend({**a, "role": SourceRole.SECONDARY} for a in review.appearances)
    language, language_source = _language(review)
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": review.claim_text,
        "language": language,
        "speaker": builder.entity(review.speaker or {"name": UNKNOWN_SPEAKER}),
        "said_on": said_range,
        "kind": ClaimKind.ASSERTION,
        "sources": tuple(sources),
    }
    if note:
        claim["note"] = note
    evidence: dict[str, Any] = {
        "url": review.url,
        "title": review.headline,
        "publisher": review.reviewer,
        "published_on": builder.span(reviewed.end, reviewed.end)
        if reviewed is not None and dated_by is not DatedBy.RECORDED_AT
        else None,
        "excerpt": review.explanation,
        "stance": STANCE_OF.get(match.verdict),
        "language": review.review_language or (review.page.language if review.page is not None else None),
        "note": provenance_note(dated_by, language_source),
    }
    evidence = {k: v for k, v in evidence.items() if v is not None}
    # one piece of evidence per dated verdict of the article: a publisher that re-rates a claim updates
    # the article, and the two versions must not overwrite each other
    evidence["id"] = "ev-" + short_hash(review.url or review.claim_text, effective_on.isoformat(), match.verdict.value)
    event: dict[str, Any] = {
        "verdict": match.verdict,
        "effective_on": effective_on,
        "recorded_at": stamp,
        "evidence": (evidence["id"],),
        "note": "",
        "by": review.reviewer,
        "rating": match.text,
        "origin": review.origin.of(review.url),
    }
    builder.add(position, claim, event, (evidence,))


def _review_date(
    builder: RecordBuilder, review: Review, recorded_at: datetime | None
) -> tuple[ParsedDate | None, DatedBy]:
    """The review's date and what gave it: its own, its page's, its URL's, ``recorded_at``; (None, CLAIM) if none."""
    position = review.position
    if review.reviewed_on not in (None, ""):
        reviewed = parse_stamp(review.reviewed_on)
        if reviewed is None:
            builder.problem(
                position,
                f"cannot read the review date {shown(review.reviewed_on)}",
                code="bad_date",
                field=review.reviewed_field,
            )
        else:
            if reviewed.odd:
                builder.problem(position, reviewed.odd, code="odd_date", field=review.reviewed_field)
            return reviewed, DatedBy.REVIEW
    page = review.page
    if page is not None:
        for value, dated_by in ((page.article_date, DatedBy.PAGE_ARTICLE), (page.published_time, DatedBy.PAGE_META)):
            found = parse_stamp(value) if value else None
            if found is not None:
                builder.problem(
                    position,
                    f"the review has no date of its own; dated by {dated_by} ({found.end})",
                    code="dated_from_page",
                    field=review.reviewed_field,
                )
                return found, dated_by
    in_url = date_in_path(_path(review.url)) if review.url else None
    if in_url is not None:
        builder.problem(
            position,
            f"the review has no date of its own; dated by the date in its URL ({in_url.end})",
            code="dated_from_url",
            field="url",
        )
        return ParsedDate(in_url.start, in_url.end, in_url.granularity), DatedBy.URL
    if recorded_at is not None:
        day = recorded_at.date()
        builder.problem(
            position,
            f"the review has no date (not on the review, its page or its URL); dated by recorded_at ({day}), "
            "when it is known to have existed",
            code="dated_from_recorded_at",
            field=review.reviewed_field,
        )
        return ParsedDate(day, day, Granularity.DAY), DatedBy.RECORDED_AT
    return None, DatedBy.CLAIM


def _path(url: str) -> str:
    return urlsplit(url).path


def _rating(builder: RecordBuilder, table: RatingTable, review: Review) -> Any:
    """The review's rating through the table, its warnings reported and an unknown text counted."""
    match = table.normalise(
        text=review.rating_text,
        value=review.rating_value,
        best=review.best,
        worst=review.worst,
        publisher=review.reviewer,
        site=review.site or (urlsplit(review.url).hostname if review.url else None),
    )
    for code, message in match.warnings:
        builder.problem(review.position, message, code=code, field="reviewRating")
    if match.method is RatingMethod.FALLBACK and match.text:
        builder.unknown_rating(match.text)
    return match


def _language(review: Review) -> tuple[str, LanguageSource]:
    """The claim's language and where it came from: stated, the page's ``lang``, detected, or ``und``."""
    stated = review.claim_language or review.review_language
    if stated:
        return stated, LanguageSource.STATED
    if review.page is not None and review.page.language:
        return review.page.language, LanguageSource.PAGE
    detected = detect_language(review.claim_text)
    if detected is not None:
        return detected, LanguageSource.DETECTED
    return "und", LanguageSource.UNKNOWN


def _add_undated(
    builder: RecordBuilder, table: RatingTable, review: Review, said_range: DateRange | dict[str, Any]
) -> None:
    """An API review with no date anywhere: its claim and article are kept, its verdict is not (reported)."""
    match = _rating(builder, table, review)
    language, language_source = _language(review)
    claim = {
        "id": _claim_id(review, _start(said_range), builder),
        "text": review.claim_text,
        "language": language,
        "speaker": builder.entity(review.speaker or {"name": UNKNOWN_SPEAKER}),
        "said_on": said_range,
        "kind": ClaimKind.ASSERTION,
        "sources": (),
    }
    rating = shown(match.text) if match.text else match.verdict.value
    evidence: dict[str, Any] = {
        "url": review.url,
        "title": review.headline,
        "publisher": review.reviewer,
        "language": review.review_language,
        "note": f"fact-check article | undated: its rating {rating} was not recorded as a verdict | "
        f"claim language: {language_source}",
    }
    evidence = {k: v for k, v in evidence.items() if v is not None}
    evidence["id"] = "ev-" + short_hash(review.url or review.claim_text, "undated")
    builder.problem(
        review.position,
        f"the review has no reviewDate and its URL carries no date; its verdict ({rating}) is not recorded, "
        "because dating it by the claim's date would show it before the fact-check existed (the claim and the "
        "article are kept; pass recorded_at to date it by when the response was fetched)",
        code="undated_review",
        field=review.reviewed_field,
        severity="error",
    )
    builder.add(review.position, claim, None, (evidence,), imported=False)


def _start(span: DateRange | dict[str, Any]) -> date:
    """The first day of a span: a validated DateRange, or the dict of one the schema will refuse."""
    if isinstance(span, dict):  # not isinstance(span, DateRange): pydantic's class check is slow
        start: date = span["start"]
        return start
    return span.start


def _claim_id(review: Review, effective_on: date, builder: RecordBuilder) -> str:
    if review.claim_id is not None:
        if is_claim_id(review.claim_id):
            return review.claim_id
        builder.problem(
            review.position,
            f"itemReviewed @id carries {shown(review.claim_id)}, not a valid claim id; a new id is derived",
            code="bad_id",
            field="itemReviewed.@id",
        )
    if review.claim_key is not None:
        return stable_claim_id(f"claim\x1f{review.claim_key}", url=http_url(review.claim_key) or review.url)
    if review.url is not None:
        return stable_claim_id(f"{review.url}\x1f{review.claim_text}", url=review.url)
    return stable_claim_id(
        f"\x1f{review.claim_text}\x1f{review.reviewer or ''}\x1f{effective_on.isoformat()}", text=review.claim_text
    )
