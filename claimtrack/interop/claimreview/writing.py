"""Writing ClaimReview JSON-LD that carries Google's required and recommended fields.

Every status event becomes one ClaimReview; what departs from Google's
guidance (no review URL, no reviewer, ``claimReviewed`` over 75 characters) is
reported, never silently fixed: the claim text is written in full.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import attrs

from claimtrack.interop.conventions import SAID_ON_FROM_REVIEW, UNKNOWN_SPEAKER, Origin
from claimtrack.interop.ids import CLAIM_ID_PREFIX
from claimtrack.interop.ratings import EXPORT_LABELS, EXPORT_SCALE
from claimtrack.ledger import Ledger, ordered
from claimtrack.model import ClaimRecord, Entity, Problem, Source, SourceRole, StatusEvent
from claimtrack.model.urls import http_url

__all__ = ["CLAIM_REVIEWED_LIMIT", "ClaimReviewWarning", "ExportResult", "export_jsonld", "to_jsonld"]

CLAIM_REVIEWED_LIMIT = 75
"""Google asks for ``claimReviewed`` under 75 characters; longer text is warned about, never cut."""

_OWN_ORIGIN = f"{Origin.CLAIMREVIEW.value}:"
"""The ``origin`` prefix of an event imported from ClaimReview: what follows it is the review's URL."""


class ClaimReviewWarning(UserWarning):
    """Issued by :func:`to_jsonld` when the output breaks one of Google's recommendations."""


@attrs.frozen(kw_only=True)
class ExportResult:
    """ClaimReview objects written by :func:`export_jsonld`, and what in them breaks Google's guidance."""

    items: tuple[dict[str, Any], ...]
    problems: tuple[Problem, ...] = ()


def to_jsonld(
    ledger: Ledger,
    claim_ids: Iterable[str] | None = None,
    *,
    base_url: str | None = None,
    reviewer: str | None = None,
) -> list[dict[str, Any]]:
    """ClaimReview objects for the claims of ``ledger`` (all, or ``claim_ids``), one per status event.

    Long ``claimReviewed`` text and missing required fields are reported with
    one :class:`ClaimReviewWarning`; use :func:`export_jsonld` for them as
    :class:`~claimtrack.Problem` values. See :func:`export_jsonld` for
    ``base_url`` and ``reviewer``.
    """
    result = export_jsonld(ledger, claim_ids, base_url=base_url, reviewer=reviewer)
    if result.problems:
        shown = "; ".join(f"{p.record}: {p.message}" for p in result.problems[:3])
        more = f" (and {len(result.problems) - 3} more)" if len(result.problems) > 3 else ""
        warnings.warn(f"ClaimReview export: {shown}{more}", ClaimReviewWarning, stacklevel=2)
    return list(result.items)


def export_jsonld(
    ledger: Ledger,
    claim_ids: Iterable[str] | None = None,
    *,
    base_url: str | None = None,
    reviewer: str | None = None,
) -> ExportResult:
    """ClaimReview objects plus a problem for each departure from Google's required fields.

    Every status event becomes one ClaimReview (the claim's history is kept;
    Google shows one per page, so publish the latest). An event imported from
    ClaimReview keeps its review URL; others get ``base_url + claim id`` when
    ``base_url`` is given and no ``url`` (a ``missing_url`` problem) otherwise.
    The reviewer is the event's ``by``, else ``reviewer``. ``claimReviewed``
    is the claim's text in full: over 75 characters is reported
    (``long_claim_reviewed``), never truncated.
    """
    ids = list(claim_ids) if claim_ids is not None else None
    records = (ledger.record_of(i) for i in ids) if ids is not None else ledger.records()
    items: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for record in records:
        for event in ordered(record.events):
            item, found = _review_of(record, event, base_url=base_url, reviewer=reviewer)
            items.append(item)
            problems.extend(found)
    return ExportResult(items=tuple(items), problems=tuple(problems))


def _person(entity: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Person", "name": entity.name}
    if entity.role:
        out["jobTitle"] = entity.role
    if entity.organisation:
        out["worksFor"] = {"@type": "Organization", "name": entity.organisation}
    if entity.same_as:
        out["sameAs"] = list(entity.same_as)
    return out


def _creative_work(source: Source) -> dict[str, Any] | str | None:
    out: dict[str, Any] = {"@type": "CreativeWork"}
    if source.url:
        out["url"] = source.url
    if source.title:
        out["headline"] = source.title
    if source.publisher:
        out["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published_on:
        out["datePublished"] = source.published_on.as_text("/")
    if len(out) == 1:
        return None
    return out


def _review_of(
    record: ClaimRecord, event: StatusEvent, *, base_url: str | None, reviewer: str | None
) -> tuple[dict[str, Any], list[Problem]]:
    claim = record.claim
    problems: list[Problem] = []

    def warn(message: str, code: str, field: str) -> None:
        problems.append(Problem(message=message, record=claim.id, field=field, code=code, severity="warning"))

    url = None
    if event.origin and event.origin.startswith(_OWN_ORIGIN):
        url = event.origin[len(_OWN_ORIGIN) :]
    elif event.origin and ":" in event.origin and http_url(event.origin.split(":", 1)[1]):
        url = event.origin.split(":", 1)[1]
    if url is None and base_url:
        url = f"{base_url}{claim.id}"
    article = next(
        (ev for ev in record.evidence if url is not None and ev.url == url and ev.id in event.evidence), None
    )
    item: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if url:
        item["url"] = url
    else:
        warn("no review URL (Google requires one); pass base_url", "missing_url", "url")
    item["claimReviewed"] = claim.text
    if len(claim.text) > CLAIM_REVIEWED_LIMIT:
        warn(
            f"claimReviewed is {len(claim.text)} characters; Google recommends under {CLAIM_REVIEWED_LIMIT} "
            "(kept in full)",
            "long_claim_reviewed",
            "claimReviewed",
        )
    if article is not None and article.published_on is not None:
        item["datePublished"] = article.published_on.end.isoformat()
    elif article is None or event.effective_on != claim.said_on.start:
        # an imported review without a date stays without one, unless its verdict is dated apart from the claim
        item["datePublished"] = event.effective_on.isoformat()
    author = event.by or reviewer
    if author:
        item["author"] = {"@type": "Organization", "name": author}
    else:
        warn("no reviewer (author is recommended); pass reviewer", "missing_author", "author")
    language = article.language if article is not None and article.language else None
    if language:
        item["inLanguage"] = language
    if article is not None and article.title:
        item["headline"] = article.title
    claim_item: dict[str, Any] = {"@type": "Claim", "@id": f"{CLAIM_ID_PREFIX}{claim.id}"}
    if claim.speaker.name != UNKNOWN_SPEAKER:
        claim_item["author"] = _person(claim.speaker)
    if not (claim.note or "").startswith(SAID_ON_FROM_REVIEW):
        claim_item["datePublished"] = claim.said_on.as_text("/")
    if claim.language != "und":
        claim_item["inLanguage"] = claim.language
    primary = [s for s in claim.sources if s.role is SourceRole.PRIMARY]
    others = [s for s in claim.sources if s.role is not SourceRole.PRIMARY]
    if primary:
        first = _creative_work(primary[0])
        if first is not None:
            claim_item["firstAppearance"] = first
        others = primary[1:] + others
    appearances = [w for s in others if (w := _creative_work(s)) is not None]
    if appearances:
        claim_item["appearance"] = appearances
    item["itemReviewed"] = claim_item
    rating: dict[str, Any] = {"@type": "Rating"}
    scale = EXPORT_SCALE.get(event.verdict)
    if scale is not None:
        rating.update({"ratingValue": scale, "bestRating": 5, "worstRating": 1})
    rating["alternateName"] = event.rating or EXPORT_LABELS[event.verdict]
    if article is not None and article.excerpt:
        rating["ratingExplanation"] = article.excerpt
    item["reviewRating"] = rating
    return item, problems
