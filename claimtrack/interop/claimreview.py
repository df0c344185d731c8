"""schema.org ClaimReview JSON-LD in and out.

:func:`from_jsonld` reads a ClaimReview object, a list of them, an ``@graph``
or all the JSON-LD blocks of a page into an in-memory :class:`~claimtrack.Ledger`;
:func:`read_jsonld` does the same and also returns every problem met (the
record's position, field and what was done). :func:`to_jsonld` writes
ClaimReview that carries Google's required and recommended fields.

Mapping (see docs/interop.md for the full table and the choices made):

* ``claimReviewed`` -> ``Claim.text`` (HTML entities and tags cleaned, with a warning);
* ``itemReviewed.author`` (Person, Organization or a bare name) -> ``Claim.speaker``,
  ``Entity(name="unknown")`` when absent;
* ``itemReviewed.datePublished`` -> ``Claim.said_on``; when absent, the
  first appearance's date, else the review's date with a note saying so;
* ``firstAppearance`` -> a primary ``Source``; ``appearance`` -> secondary sources;
* the review -> one dated ``StatusEvent``: verdict mapped through the rating
  table, ``rating`` = the original rating text, ``origin`` =
  ``"claimreview:<review url>"``, ``by`` = the reviewer, ``effective_on`` =
  the review's ``datePublished``; the fact-check article becomes its ``Evidence``.

Claim ids are stable: the claimtrack id carried in ``itemReviewed["@id"]``
(``urn:claimtrack:claim:<id>``, written by :func:`to_jsonld`), else a slug
and hash of another ``itemReviewed["@id"]``, else a slug of the review URL
plus a hash of the URL and the claim text. Importing the same input twice
therefore yields the same records, and ``ledger.merge`` reports them unchanged.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from claimtrack.interop._common import (
    SAID_ON_FROM_REVIEW,
    STANCE_OF,
    UNKNOWN_SPEAKER,
    ImportResult,
    RecordBuilder,
    check_recorded_at,
    clean_text,
    language_tag,
    midnight_utc,
    parse_when,
    paused_gc,
    read_json_input,
    short_hash,
    stable_claim_id,
    valid_url,
    with_problems,
)
from claimtrack.interop.ratings import EXPORT_LABELS, EXPORT_SCALE, RatingTable
from claimtrack.ledger import Clock, Ledger, ordered
from claimtrack.model import (
    ClaimKind,
    ClaimRecord,
    DateRange,
    Entity,
    Granularity,
    Problem,
    Source,
    SourceRole,
    StatusEvent,
)

__all__ = [
    "CLAIM_ID_PREFIX",
    "ClaimReviewWarning",
    "ExportResult",
    "export_jsonld",
    "from_jsonld",
    "read_file",
    "read_jsonld",
    "to_jsonld",
]

CLAIM_ID_PREFIX = "urn:claimtrack:claim:"
"""How :func:`to_jsonld` names a claim in ``itemReviewed["@id"]``, so that a re-import keeps its id."""

CLAIM_REVIEWED_LIMIT = 75
"""Google asks for ``claimReviewed`` under 75 characters; longer text is warned about, never cut."""

_CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")
_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
_CLAIM_REVIEW = ("ClaimReview",)


class ClaimReviewWarning(UserWarning):
    """Issued by :func:`to_jsonld` when the output breaks one of Google's recommendations."""


# -- reading --------------------------------------------------------------------------------------


def from_jsonld(
    obj: object,
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
) -> Ledger:
    """The claims and reviews of ClaimReview JSON-LD as an in-memory ledger.

    ``obj`` is a parsed JSON value: one ClaimReview, a list, an ``@graph`` or a
    page's JSON-LD blocks. Problems are dropped here; call :func:`read_jsonld`
    to get them. See :func:`read_jsonld` for the parameters.

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
    """
    check_recorded_at(recorded_at)
    table = ratings or RatingTable.default()
    builder = RecordBuilder(path=path)
    with paused_gc():
        for position, node, context in _nodes(obj, "", None):
            _read_node(builder, table, position, node, context, recorded_at)
        return builder.build(clock=clock)


def _nodes(obj: object, pointer: str, context: object) -> Iterator[tuple[str, object, object]]:
    """Every candidate node with its position and the @context in force there."""
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            if type(item) is dict and "@graph" not in item:  # the common case: a plain node, no recursion
                yield f"{pointer}[{i}]", item, item.get("@context", context)
            else:
                yield from _nodes(item, f"{pointer}[{i}]", context)
        return
    if isinstance(obj, dict):
        context = obj.get("@context", context)
        graph = obj.get("@graph")
        if isinstance(graph, list):
            base = pointer or ""
            for i, item in enumerate(graph):
                yield from _nodes(item, f"{base}.@graph[{i}]" if base else f"@graph[{i}]", context)
            if "@type" not in obj and "claimReviewed" not in obj:
                return
    yield pointer or "[0]", obj, context


def _types(node: Mapping[str, Any]) -> tuple[str, ...]:
    raw = node.get("@type")
    if raw == "ClaimReview":  # the common case
        return _CLAIM_REVIEW
    if raw is None and "@type" not in node:
        raw = node.get("type")
    values = raw if isinstance(raw, list) else [raw]
    out = []
    for value in values:
        if isinstance(value, str):
            for prefix in _SCHEMA_PREFIXES:
                if value.startswith(prefix):
                    value = value[len(prefix) :]
                    break
            out.append(value)
    return tuple(out)


def _context_ok(context: object) -> bool:
    if isinstance(context, str):
        return "schema.org" in context
    if isinstance(context, list):
        return any(_context_ok(c) for c in context)
    if isinstance(context, dict):
        return any(_context_ok(v) for v in context.values())
    return False


def _read_node(
    builder: RecordBuilder,
    table: RatingTable,
    position: str,
    node: object,
    context: object,
    recorded_at: datetime | None,
) -> None:
    if not isinstance(node, dict):
        builder.records += 1
        builder.problem(
            position, f"expected a JSON object, got {type(node).__name__}", code="not_an_object", severity="error"
        )
        return
    types = _types(node)
    looks_like_review = "claimReviewed" in node or "reviewRating" in node
    if "ClaimReview" not in types:
        if types and not looks_like_review:
            builder.ignored[types[0]] += 1
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
        if types:
            builder.problem(
                position,
                f"@type {types[0]!r} is not ClaimReview, but the record has ClaimReview fields; read as ClaimReview",
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
    elif not _context_ok(context):
        builder.problem(
            position,
            f"@context {context!r} is not schema.org; schema.org names assumed",
            code="unknown_context",
            field="@context",
        )
    review = _Review.read(node, position, builder)
    if review is not None:
        add_review(builder, table, review, recorded_at)


@attrs.frozen(kw_only=True)
class _Review:
    """One review, read out of whichever foreign shape it came in (JSON-LD or the Fact Check API)."""

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
    origin_prefix: str = "claimreview"

    @classmethod
    def read(cls, node: Mapping[str, Any], position: str, builder: RecordBuilder) -> _Review | None:
        def text(value: object, field: str) -> str | None:
            found, warning = clean_text(value)
            if warning:
                builder.problem(position, f"{warning} in {field}", code="html_text", field=field)
            return found

        item = _first(node.get("itemReviewed"))
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
            url = valid_url(node.get("@id"))
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
        rating = _first(node.get("reviewRating"))
        rating = rating if isinstance(rating, dict) else {}
        if not rating:
            builder.problem(
                position, "no reviewRating (Google requires one)", code="missing_rating", field="reviewRating"
            )
        rating_text = text(rating.get("alternateName"), "reviewRating.alternateName") or text(
            rating.get("name"), "reviewRating.name"
        )
        language, warning = language_tag(node.get("inLanguage"))
        if warning:
            builder.problem(position, warning, code="bad_language", field="inLanguage")
        claim_language, warning = language_tag(item.get("inLanguage"))
        if warning:
            builder.problem(position, warning, code="bad_language", field="itemReviewed.inLanguage")
        first = _first(item.get("firstAppearance"))
        appearances = item.get("appearance")
        appearance_list = appearances if isinstance(appearances, list) else [appearances]
        return cls(
            position=position,
            url=url,
            claim_text=claim_text,
            claim_key=claim_key,
            claim_id=claim_id,
            speaker=_entity(item.get("author"), position, builder),
            said_on="itemReviewed.datePublished",
            said_on_value=item.get("datePublished"),
            first_appearance=_work(first, position, "itemReviewed.firstAppearance", builder),
            appearances=tuple(
                w
                for i, a in enumerate(appearance_list)
                if a is not None and (w := _work(a, position, f"itemReviewed.appearance[{i}]", builder)) is not None
            ),
            claim_language=claim_language,
            review_language=language,
            reviewer=_names(node.get("author")) or _names(node.get("publisher")),
            reviewed_on=node.get("datePublished"),
            headline=text(node.get("headline") or node.get("name"), "headline"),
            explanation=text(
                rating.get("ratingExplanation") or node.get("reviewBody"), "reviewRating.ratingExplanation"
            ),
            rating_text=rating_text,
            rating_value=rating.get("ratingValue"),
            best=rating.get("bestRating"),
            worst=rating.get("worstRating"),
        )


def _first(value: object) -> object:
    if isinstance(value, list):
        return next((v for v in value if v is not None), None)
    return value


def _url(value: object, position: str, field: str, builder: RecordBuilder) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if value is None or value == "":
        return None
    found = valid_url(value)
    if found is None:
        builder.problem(position, f"{value!r} is not an absolute http(s) URL; dropped", code="bad_url", field=field)
    return found


def _names(value: object) -> str | None:
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        name, _ = clean_text(v.get("name") if isinstance(v, dict) else v)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _entity(value: object, position: str, builder: RecordBuilder) -> dict[str, Any] | None:
    if isinstance(value, list):
        if len([v for v in value if v]) > 1:
            builder.problem(
                position,
                "several claim authors; the first is the speaker",
                code="several_authors",
                field="itemReviewed.author",
            )
        value = _first(value)
    if isinstance(value, str | int):
        name, _ = clean_text(value)
        return {"name": name} if name else None
    if not isinstance(value, dict):
        return None
    name, warning = clean_text(value.get("name"))
    if warning:
        builder.problem(
            position, f"{warning} in itemReviewed.author.name", code="html_text", field="itemReviewed.author.name"
        )
    if not name:
        return None
    entity: dict[str, Any] = {"name": name}
    role, _ = clean_text(value.get("jobTitle"))
    if role:
        entity["role"] = role
    works_for = _names(value.get("worksFor") or value.get("affiliation"))
    if works_for:
        entity["organisation"] = works_for
    same_as = value.get("sameAs")
    links = []
    for link in same_as if isinstance(same_as, list) else [same_as]:
        if link is None:
            continue
        url = valid_url(link)
        if url is None:
            builder.problem(
                position,
                f"sameAs {link!r} is not an http(s) URL; dropped",
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
    publisher = _names(value.get("publisher"))
    if publisher:
        source["publisher"] = publisher
    when = value.get("datePublished")
    if when:
        parsed = parse_when(when)
        if parsed is None:
            builder.problem(
                position, f"cannot read date {when!r}; dropped", code="bad_date", field=f"{field}.datePublished"
            )
        else:
            source["published_on"] = builder.span(parsed.start, parsed.end, parsed.granularity)
    return source or None


def add_review(builder: RecordBuilder, table: RatingTable, review: _Review, recorded_at: datetime | None) -> None:
    """Turn one review into claim, event and evidence dicts and hand them to the builder."""
    position = review.position
    reviewed = parse_when(review.reviewed_on) if review.reviewed_on not in (None, "") else None
    if review.reviewed_on not in (None, "") and reviewed is None:
        builder.problem(
            position, f"cannot read the review date {review.reviewed_on!r}", code="bad_date", field="datePublished"
        )
    elif reviewed is not None and reviewed.odd:
        builder.problem(position, reviewed.odd, code="odd_date", field="datePublished")
    said = None
    said_field = review.said_on
    if review.said_on_value not in (None, ""):
        said = parse_when(review.said_on_value)
        if said is None:
            builder.problem(
                position, f"cannot read the claim date {review.said_on_value!r}", code="bad_date", field=said_field
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
        if reviewed is None:
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
    if reviewed is None:
        effective_on: date = said_start
        builder.problem(
            position,
            f"the review has no date; its verdict is dated the claim's date ({effective_on})",
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
    match = table.normalise(text=review.rating_text, value=review.rating_value, best=review.best, worst=review.worst)
    for code, message in match.warnings:
        builder.problem(position, message, code=code, field="reviewRating")
    claim_id = _claim_id(review, effective_on, builder)
    sources = []
    if review.first_appearance:
        sources.append({**review.first_appearance, "role": SourceRole.PRIMARY})
    sources.extend({**a, "role": SourceRole.SECONDARY} for a in review.appearances)
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": review.claim_text,
        "language": review.claim_language or review.review_language or "und",
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
        "published_on": builder.span(reviewed.end, reviewed.end) if reviewed else None,
        "excerpt": review.explanation,
        "stance": STANCE_OF.get(match.verdict),
        "language": review.review_language,
    }
    evidence = {k: v for k, v in evidence.items() if v is not None}
    # one piece of evidence per dated verdict of the article: a publisher that re-rates a claim updates
    # the article, and the two versions must not overwrite each other
    evidence["id"] = "ev-" + short_hash(review.url or review.claim_text, effective_on.isoformat(), match.verdict.value)
    origin = f"{review.origin_prefix}:{review.url}" if review.url else review.origin_prefix
    event: dict[str, Any] = {
        "verdict": match.verdict,
        "effective_on": effective_on,
        "recorded_at": stamp,
        "evidence": (evidence["id"],),
        "note": "",
        "by": review.reviewer,
        "rating": match.text,
        "origin": origin,
    }
    builder.add(position, claim, event, (evidence,))


def _start(span: DateRange | dict[str, Any]) -> date:
    """The first day of a span: a validated DateRange, or the dict of one the schema will refuse."""
    if isinstance(span, dict):  # not isinstance(span, DateRange): pydantic's class check is slow
        start: date = span["start"]
        return start
    return span.start


def _claim_id(review: _Review, effective_on: date, builder: RecordBuilder) -> str:
    if review.claim_id is not None:
        if _CLAIM_ID.fullmatch(review.claim_id):
            return review.claim_id
        builder.problem(
            review.position,
            f"itemReviewed @id carries {review.claim_id!r}, not a valid claim id; a new id is derived",
            code="bad_id",
            field="itemReviewed.@id",
        )
    if review.claim_key is not None:
        return stable_claim_id(f"claim\x1f{review.claim_key}", url=valid_url(review.claim_key) or review.url)
    if review.url is not None:
        return stable_claim_id(f"{review.url}\x1f{review.claim_text}", url=review.url)
    return stable_claim_id(
        f"\x1f{review.claim_text}\x1f{review.reviewer or ''}\x1f{effective_on.isoformat()}", text=review.claim_text
    )


# -- writing --------------------------------------------------------------------------------------


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


def _date_text(span: DateRange) -> str:
    if span.start == span.end:
        return span.start.isoformat()
    if span.granularity is Granularity.MONTH:
        return span.start.isoformat()[:7]
    if span.granularity is Granularity.YEAR:
        return str(span.start.year)
    return f"{span.start.isoformat()}/{span.end.isoformat()}"


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
        out["datePublished"] = _date_text(source.published_on)
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
    if event.origin and event.origin.startswith("claimreview:"):
        url = event.origin[len("claimreview:") :]
    elif event.origin and ":" in event.origin and valid_url(event.origin.split(":", 1)[1]):
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
        claim_item["datePublished"] = _date_text(claim.said_on)
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
    data, problems = read_json_input(path)
    if data is None:
        return with_problems(RecordBuilder(path=os.fspath(path)).build(clock=clock), problems)
    result = read_jsonld(data, ratings=ratings, recorded_at=recorded_at, clock=clock, path=os.fspath(path))
    return with_problems(result, problems)
