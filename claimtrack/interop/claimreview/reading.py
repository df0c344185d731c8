"""Reading schema.org ClaimReview JSON-LD into an in-memory ledger (the mapping: see the package docstring)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from claimtrack.dates import parse_stamp
from claimtrack.interop.builder import RECORD_ERRORS, RecordBuilder, paused_gc
from claimtrack.interop.conventions import check_recorded_at
from claimtrack.interop.factcheck_api import read_api_claim
from claimtrack.interop.files import JsonValues, PageContext, Unreadable, article_date, import_file
from claimtrack.interop.ids import CLAIM_ID_PREFIX
from claimtrack.interop.jsonld import context_ok, first, names, nodes, types
from claimtrack.interop.ratings import RatingTable
from claimtrack.interop.results import ImportResult
from claimtrack.interop.review import Review, add_review
from claimtrack.interop.text import clean_text, shown, text_problem_code
from claimtrack.ledger import Clock, Ledger
from claimtrack.model.languages import language_tag
from claimtrack.model.urls import http_url

__all__ = ["from_jsonld", "read_file", "read_jsonld"]


def from_jsonld(
    obj: object,
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
) -> Ledger:
    """The claims and reviews of ClaimReview JSON-LD as an in-memory ledger.

    ``obj`` is a parsed JSON value: one ClaimReview, a list, an ``@graph``, a
    page's JSON-LD blocks, a DataFeed or a Fact Check Tools API response.
    Problems are dropped here; call :func:`read_jsonld` to get them. See
    :func:`read_jsonld` for the parameters.

    Example:
        >>> review = {"@context": "https://schema.org", "@type": "ClaimReview",
        ...           "url": "https://example.org/fact-check/1", "claimReviewed": "The moon is made of cheese",
        ...           "datePublished": "2024-05-02", "reviewRating": {"@type": "Rating", "alternateName": "False"}}
        >>> ledger = from_jsonld(review)
        >>> [str(ledger.status(c.id)) for c in ledger]
        ['false']
    """
    return read_jsonld(obj, ratings=ratings, recorded_at=recorded_at, clock=clock).ledger


def read_jsonld(
    obj: object,
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
    path: str | None = None,
) -> ImportResult:
    """Read ClaimReview JSON-LD into an in-memory ledger plus every problem met.

    ``ratings`` is the rating table (:meth:`RatingTable.default` when None).
    ``recorded_at`` stamps every event; by default each event is stamped at
    midnight UTC of its review date, so the result depends on the data alone.
    ``clock`` becomes the returned ledger's clock (default: frozen at the
    latest ``recorded_at``), so later ``ledger.record`` calls stay deterministic.
    ``path`` names the input in problems.

    A record that cannot be read for a reason no rule foresaw is reported as
    one ``unreadable_record`` error, and the others are read.
    """
    check_recorded_at(recorded_at)
    table = ratings or RatingTable.default()
    builder = RecordBuilder(path=path)
    page = _page_of(obj)
    with paused_gc():
        for position, node, context in nodes(obj, "", None):
            try:
                if type(node) is dict and "@type" not in node and isinstance(node.get("claimReview"), list):
                    read_api_claim(builder, table, position, node, recorded_at)  # a Fact Check API claim
                else:
                    _read_node(builder, table, position, node, context, recorded_at, page)
            except RECORD_ERRORS as exc:
                builder.unreadable(position, exc)
        return builder.build(clock=clock)


def _page_of(obj: object) -> PageContext | None:
    """What the input says about the page its reviews are on: an HTML page's, or a single ``@graph``'s article."""
    if isinstance(obj, JsonValues):
        return obj.page
    if isinstance(obj, dict) and isinstance(obj.get("@graph"), list):
        found = article_date(obj["@graph"])
        return PageContext(article_date=found) if found else None
    return None


def _read_node(
    builder: RecordBuilder,
    table: RatingTable,
    position: str,
    node: object,
    context: object,
    recorded_at: datetime | None,
    page: PageContext | None = None,
) -> None:
    if type(node) is Unreadable:
        builder.records += 1
        builder.problem(node.position, node.message, code=node.code, severity="error")
        return
    if not isinstance(node, dict):
        builder.records += 1
        builder.problem(
            position, f"expected a JSON object, got {type(node).__name__}", code="not_an_object", severity="error"
        )
        return
    found = types(node)
    looks_like_review = "claimReviewed" in node or "reviewRating" in node
    if "ClaimReview" not in found:
        if found and not looks_like_review:
            builder.ignore(found[0])
            return
        builder.records += 1
        if not looks_like_review:
            builder.problem(
                position,
                "no @type and no ClaimReview fields; skipped",
                code="not_claimreview",
                field="@type",
                severity="error",
            )
            return
        if found:
            builder.problem(
                position,
                f"@type {shown(found[0])} is not ClaimReview, but the record has ClaimReview fields; "
                "read as ClaimReview",
                code="unknown_type",
                field="@type",
            )
        else:
            builder.problem(
                position,
                "no @type; read as ClaimReview because it has ClaimReview fields",
                code="missing_type",
                field="@type",
            )
    else:
        builder.records += 1
    if context is None:
        builder.problem(position, "no @context; schema.org assumed", code="missing_context", field="@context")
    elif not context_ok(context):
        builder.problem(
            position,
            f"@context {shown(context)} is not schema.org; schema.org names assumed",
            code="unknown_context",
            field="@context",
        )
    review = _review_of_node(node, position, builder, page)
    if review is not None:
        add_review(builder, table, review, recorded_at)


def _review_of_node(
    node: Mapping[str, Any], position: str, builder: RecordBuilder, page: PageContext | None = None
) -> Review | None:
    """The review in a ClaimReview node, or None (and an error) when it names no claim."""

    def text(value: object, field: str) -> str | None:
        found, warning = clean_text(value)
        if warning:
            builder.problem(position, f"{warning} in {field}", code=text_problem_code(warning), field=field)
        return found

    item = first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    claim_text = text(node.get("claimReviewed"), "claimReviewed")
    if claim_text is None:
        claim_text = text(item.get("text") or item.get("name"), "itemReviewed.text")
    if claim_text is None:
        builder.problem(
            position,
            "no claimReviewed (and no itemReviewed text); skipped",
            code="missing_claim",
            field="claimReviewed",
            severity="error",
        )
        return None
    url = _url(node.get("url"), position, "url", builder)
    if url is None:
        url = http_url(node.get("@id"))
    if url is None:
        builder.problem(
            position,
            "no review url (Google requires one); the claim id is derived from its text, reviewer and date",
            code="missing_url",
            field="url",
        )
    claim_id = None
    claim_key = None
    item_id = item.get("@id")
    if isinstance(item_id, str) and item_id.strip():
        if item_id.startswith(CLAIM_ID_PREFIX):
            claim_id = item_id[len(CLAIM_ID_PREFIX) :]
        else:
            claim_key = item_id.strip()
    rating = first(node.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    if not rating:
        builder.problem(position, "no reviewRating (Google requires one)", code="missing_rating", field="reviewRating")
    rating_text = text(rating.get("alternateName"), "reviewRating.alternateName") or text(
        rating.get("name"), "reviewRating.name"
    )
    language, warning = language_tag(node.get("inLanguage"))
    if warning:
        builder.problem(position, warning, code="bad_language", field="inLanguage")
    claim_language, warning = language_tag(item.get("inLanguage"))
    if warning:
        builder.problem(position, warning, code="bad_language", field="itemReviewed.inLanguage")
    first_appearance = first(item.get("firstAppearance"))
    appearances = item.get("appearance")
    appearance_list = appearances if isinstance(appearances, list) else [appearances]
    return Review(
        position=position,
        url=url,
        claim_text=claim_text,
        claim_key=claim_key,
        claim_id=claim_id,
        speaker=_entity(item.get("author"), position, builder),
        said_on="itemReviewed.datePublished",
        said_on_value=item.get("datePublished"),
        first_appearance=_work(first_appearance, position, "itemReviewed.firstAppearance", builder),
        appearances=tuple(
            w
            for i, a in enumerate(appearance_list)
            if a is not None and (w := _work(a, position, f"itemReviewed.appearance[{i}]", builder)) is not None
        ),
        claim_language=claim_language,
        review_language=language,
        reviewer=names(node.get("author")) or names(node.get("publisher")),
        reviewed_on=node.get("datePublished"),
        headline=text(node.get("headline") or node.get("name"), "headline"),
        explanation=text(rating.get("ratingExplanation") or node.get("reviewBody"), "reviewRating.ratingExplanation"),
        rating_text=rating_text,
        rating_value=rating.get("ratingValue"),
        best=rating.get("bestRating"),
        worst=rating.get("worstRating"),
        page=page,
    )


def _url(value: object, position: str, field: str, builder: RecordBuilder) -> str | None:
    value = first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if value is None or value == "":
        return None
    found = http_url(value)
    if found is None:
        builder.problem(
            position, f"{shown(value)} is not an absolute http(s) URL; dropped", code="bad_url", field=field
        )
    return found


def _entity(value: object, position: str, builder: RecordBuilder) -> dict[str, Any] | None:
    if isinstance(value, list):
        if len([v for v in value if v]) > 1:
            builder.problem(
                position,
                "several claim authors; the first is the speaker",
                code="several_authors",
                field="itemReviewed.author",
            )
        value = first(value)
    if isinstance(value, str | int):
        name, _ = clean_text(value)
        return {"name": name} if name else None
    if not isinstance(value, dict):
        return None
    name, warning = clean_text(value.get("name"))
    if warning:
        builder.problem(
            position,
            f"{warning} in itemReviewed.author.name",
            code=text_problem_code(warning),
            field="itemReviewed.author.name",
        )
    if not name:
        return None
    entity: dict[str, Any] = {"name": name}
    role, _ = clean_text(value.get("jobTitle"))
    if role:
        entity["role"] = role
    works_for = names(value.get("worksFor") or value.get("affiliation"))
    if works_for:
        entity["organisation"] = works_for
    same_as = value.get("sameAs")
    links = []
    for link in same_as if isinstance(same_as, list) else [same_as]:
        if link is None:
            continue
        url = http_url(link)
        if url is None:
            builder.problem(
                position,
                f"sameAs {shown(link)} is not an http(s) URL; dropped",
                code="bad_url",
                field="itemReviewed.author.sameAs",
            )
        elif url not in links:
            links.append(url)
    if links:
        entity["same_as"] = tuple(links)
    return entity


def _work(value: object, position: str, field: str, builder: RecordBuilder) -> dict[str, Any] | None:
    """An appearance (a URL or a CreativeWork) as Source fields, without the role."""
    if value is None:
        return None
    if isinstance(value, str):
        url = _url(value, position, field, builder)
        return {"url": url} if url else None
    if not isinstance(value, dict):
        return None
    source: dict[str, Any] = {}
    url = _url(value.get("url") or value.get("@id"), position, f"{field}.url", builder)
    if url:
        source["url"] = url
    title, _ = clean_text(value.get("headline") or value.get("name"))
    if title:
        source["title"] = title
    publisher = names(value.get("publisher"))
    if publisher:
        source["publisher"] = publisher
    when = value.get("datePublished")
    if when:
        parsed = parse_stamp(when)
        if parsed is None:
            builder.problem(
                position, f"cannot read date {shown(when)}; dropped", code="bad_date", field=f"{field}.datePublished"
            )
        else:
            source["published_on"] = builder.span(parsed.start, parsed.end, parsed.granularity)
    return source or None


def read_file(
    path: str | os.PathLike[str],
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
) -> ImportResult:
    """Read ClaimReview JSON-LD from a file: ``.json``, ``.jsonl`` (one value a line) or ``.html``.

    From an HTML page, every ``<script type="application/ld+json">`` block is read.

    Lines or blocks that are not valid JSON are reported as problems; the rest is read.
    """
    return import_file(path, read_jsonld, ratings=ratings, recorded_at=recorded_at, clock=clock)
