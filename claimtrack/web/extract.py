"""Read evidence metadata out of an HTML page: title, publisher, publication date, language, text.

Pure: takes the decoded HTML, the page's URL and its headers; does no I/O.

The publication date is taken from the first source that has one, most
reliable first, and the source is recorded:

1. ``json-ld:datePublished`` -- schema.org JSON-LD (Article, NewsArticle, ...;
   any node with ``datePublished``, ``@graph`` and lists included);
2. ``meta:<name>`` -- Open Graph / article meta (``article:published_time``),
   microdata ``itemprop=datePublished``, Dublin Core, Parse.ly, ``date``, ...;
3. ``time`` -- a ``<time datetime>`` element (one marked ``pubdate`` or
   ``itemprop=datePublished`` first);
4. ``url`` -- a date in the URL path (``/2024/06/19/``, ``/05/15/2024/``,
   ``/2024-06-19``, or a month ``/2024/06/``).

Modification dates are never used. A timestamp gives the calendar date as the
publisher wrote it (its own time zone), which is the day readers saw it.

Hand-written on purpose: htmldate and extruct do more, but pull in lxml (and
extruct rdflib, mf2py, w3lib...) for four well-defined sources; the stdlib
HTMLParser is enough and keeps ``claimtrack.web`` light.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import attrs

from claimtrack.dates import date_in_path, parse_published
from claimtrack.model import DateRange
from claimtrack.model.languages import normalise_tag
from claimtrack.web.datesource import DateSource

__all__ = ["PageMeta", "find_claim_reviews", "parse_date", "read_html"]

_DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date",
)
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_BOILERPLATE = frozenset({"nav", "footer", "aside", "header", "form"})
_VOID = frozenset({"meta", "link", "br", "img", "hr", "input", "source", "wbr", "area", "base", "col", "embed"})
_SPACE = re.compile(r"\s+")
EXCERPT_CHARS = 500
MAX_JSONLD_DEPTH = 64
"""JSON-LD documents nested deeper than this are ignored (real ones are a handful of levels deep)."""


@attrs.frozen
class PageMeta:
    """What a page says about itself; ``date_source`` names where ``published_on`` came from."""

    title: str | None = None
    publisher: str | None = None
    published_on: DateRange | None = None
    date_source: DateSource | None = None
    language: str | None = None
    excerpt: str | None = None
    text_hash: str | None = None
    canonical_url: str | None = None
    claim_reviews: tuple[dict[str, Any], ...] = ()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title_parts: list[str] = []
        self.meta: list[tuple[str, str]] = []
        self.canonical: str | None = None
        self.jsonld: list[str] = []
        self.times: list[tuple[str, bool]] = []
        self.paragraphs: list[str] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()  # tags on the stack, so lookups do not walk it (hostile nesting)
        self._in_title = False
        self._in_jsonld = False
        self._jsonld_buf: list[str] = []
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs_}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"].strip()
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a:
                self.meta.append((key, a["content"].strip()))
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.canonical = a["href"].strip()
        elif tag == "time" and a.get("datetime"):
            self.times.append((a["datetime"], "pubdate" in a or a.get("itemprop", "").lower() == "datepublished"))
        elif tag == "title" and not self._stack_has("svg"):
            self._in_title = True
        elif tag == "script" and a.get("type", "").split(";")[0].strip().lower() == "application/ld+json":
            self._in_jsonld = True
            self._jsonld_buf = []
        elif tag == "p" and not self._inside(_BOILERPLATE):
            self._para = []
        if tag not in _VOID:
            self._stack.append(tag)
            self._open[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append("".join(self._jsonld_buf))
        elif tag == "p" and self._para is not None:
            text = _clean("".join(self._para))
            if text:
                self.paragraphs.append(text)
            self._para = None
        if self._open[tag]:
            while self._stack:
                popped = self._stack.pop()
                self._open[popped] -= 1
                if popped == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self._jsonld_buf.append(data)
            return
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._inside(_SKIP_TEXT):
            return
        self.text.append(data)
        if self._para is not None:
            self._para.append(data)

    def _stack_has(self, tag: str) -> bool:
        return self._open[tag] > 0

    def _inside(self, tags: frozenset[str]) -> bool:
        """True when an element named in ``tags`` is open; constant time whatever the nesting depth."""
        return any(self._open[t] for t in tags)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = _SPACE.sub(" ", text).strip()
    return cleaned or None


def parse_date(text: str) -> DateRange | None:
    """A publication date from a markup value: ISO 8601, compact, RFC 2822 or "June 19, 2024".

    Read by :func:`claimtrack.dates.parse_published`, the one home of date stamps.
    """
    return parse_published(text)


def _date_from_url(url: str) -> DateRange | None:
    return date_in_path(urlsplit(url).path)


def _load_jsonld(raw: str) -> Any:
    text = raw.strip()
    for junk in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
        text = text.replace(junk, "")
    try:
        value = json.loads(text, strict=False)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser's stack allows
        return None
    return value if _depth_within(value, MAX_JSONLD_DEPTH) else None


def _depth_within(value: Any, limit: int) -> bool:
    """True when ``value`` nests at most ``limit`` arrays and objects deep (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in ``value``, depth first (``@graph``, lists and nested values), without recursion."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def find_claim_reviews(documents: list[Any]) -> tuple[dict[str, Any], ...]:
    """The raw schema.org ClaimReview objects in parsed JSON-LD documents (for claimtrack.interop)."""
    return tuple(node for doc in documents for node in _nodes(doc) if "ClaimReview" in _types(node))


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return _clean(str(value.get("name") or "")) if value.get("name") else None
    if isinstance(value, list):
        return next((n for n in (_name(v) for v in value) if n), None)
    return None


def _language(*candidates: str | None) -> str | None:
    """The first candidate that is a language tag (of a list such as ``Content-Language``, the first)."""
    for value in candidates:
        if value and (tag := normalise_tag(value.split(",")[0])) is not None:
            return tag
    return None


def _excerpt(paragraphs: list[str], fallback: str | None) -> str | None:
    text = " ".join(paragraphs) if paragraphs else (fallback or "")
    if not text:
        return None
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def read_html(html: str, url: str, headers: dict[str, str] | None = None) -> PageMeta:
    """Read :class:`PageMeta` from ``html`` fetched from ``url`` (the final URL, after redirects)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    meta: dict[str, str] = {}
    for key, value in collector.meta:
        meta.setdefault(key, value)
    documents = [doc for doc in (_load_jsonld(raw) for raw in collector.jsonld) if doc is not None]
    nodes = [node for doc in documents for node in _nodes(doc)]
    articles = [n for n in nodes if "ClaimReview" not in _types(n) and "Claim" not in _types(n)]

    published: DateRange | None = None
    source: DateSource | None = None
    for node in [*articles, *(n for n in nodes if "ClaimReview" in _types(n))]:
        stated = node.get("datePublished")
        if isinstance(stated, str) and (published := parse_date(stated)) is not None:
            source = DateSource.JSON_LD
            break
    if published is None:
        for key in _DATE_META_KEYS:
            if key in meta and (published := parse_date(meta[key])) is not None:
                source = DateSource(f"meta:{key}")
                break
    if published is None:
        for stamp, _ in sorted(collector.times, key=lambda t: not t[1]):
            if (published := parse_date(stamp)) is not None:
                source = DateSource.TIME
                break
    if published is None and (published := _date_from_url(url)) is not None:
        source = DateSource.URL

    headline = next((_clean(str(n["headline"])) for n in articles if isinstance(n.get("headline"), str)), None)
    title = _clean(meta.get("og:title")) or headline or _clean(meta.get("twitter:title"))
    title = title or _clean("".join(collector.title_parts))
    publisher = next((p for p in (_name(n.get("publisher")) for n in articles) if p), None)
    publisher = publisher or _clean(meta.get("og:site_name")) or _clean(meta.get("application-name"))
    in_language = next((str(n["inLanguage"]) for n in articles if isinstance(n.get("inLanguage"), str)), None)
    header_language = (headers or {}).get("content-language")
    language = _language(collector.lang, in_language, meta.get("og:locale"), header_language)
    body_text = _clean(" ".join(collector.text)) or ""
    return PageMeta(
        title=title,
        publisher=publisher,
        published_on=published,
        date_source=source,
        language=language,
        excerpt=_excerpt(collector.paragraphs, _clean(meta.get("og:description")) or _clean(meta.get("description"))),
        text_hash="sha256:" + hashlib.sha256(body_text.encode("utf-8")).hexdigest(),
        canonical_url=collector.canonical,
        claim_reviews=find_claim_reviews(documents),
    )
