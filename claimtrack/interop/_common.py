"""Shared machinery of the importers: results, tolerant dates, stable ids, clean text.

Importers are pure conversions: they never read the clock or the network.
Every value that must be "now" elsewhere (``recorded_at``) is derived from the
data (the review's date) unless the caller passes one, so importing the same
input twice produces exactly the same records, and ``Ledger.merge`` then
reports every claim as unchanged.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import gc
import hashlib
import html
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

import attrs
from pydantic import TypeAdapter, ValidationError

from claimtrack.errors import ClaimtrackError, InvalidRecordError
from claimtrack.ledger import Clock, Ledger
from claimtrack.model import (
    ClaimRecord,
    DateRange,
    Entity,
    Granularity,
    Problem,
    Stance,
    Verdict,
    event_id,
    problems_from_validation,
)

__all__ = [
    "UNKNOWN_SPEAKER",
    "ImportResult",
    "ParsedDate",
    "clean_text",
    "parse_when",
]

UNKNOWN_SPEAKER = "unknown"
"""The speaker name used when a source does not say who made a claim (see docs/interop.md)."""

SAID_ON_FROM_REVIEW = "said_on: not given by the source"
"""Start of the claim note written when a claim's date had to be taken from its review."""


@attrs.frozen(kw_only=True)
class ImportResult:
    """What an importer produced: an in-memory ledger and every problem it met.

    ``problems`` holds warnings (the record was imported, something was
    repaired or assumed) and errors (the record was skipped). Each names the
    input ``path`` and the record's position (``[3]``, ``[0].@graph[2]``,
    ``row 5``), so one bad record never hides the rest.
    """

    ledger: Ledger
    problems: tuple[Problem, ...] = ()
    records: int = 0
    """How many input records (reviews, rows, dataset items) were read."""
    imported: int = 0
    """How many of them became a status event (or a claim, for rows without one)."""
    ignored: tuple[tuple[str, int], ...] = ()
    """Input nodes that are not records of this format (``WebPage``, ``Organization`` ...), by type."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that made a record be skipped."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that were repaired or assumed while the record was imported."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def skipped(self) -> int:
        """How many input records were not imported."""
        return self.records - self.imported


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk import (the records it builds have no cycles).

    With 100,000 records alive, CPython's collector otherwise rescans them over
    and over and triples the import time (docs/benchmarks.d/interop.md).

    On the way out, the objects made meanwhile are moved to the oldest
    generation (``gc.freeze()`` then ``gc.unfreeze()``, two list splices)
    before the collector is switched back on. Otherwise they would all still
    sit in the youngest generation, and the first allocation after the import
    would trigger one collection that walks every one of them (about a fifth
    of the import time for 30,000 reviews) only to find no garbage. They are
    still examined by the next full collection, as long-lived objects are.
    When the program has frozen objects of its own (``gc.get_freeze_count()``),
    they are left alone and the collector is simply switched back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# -- dates ------------------------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_ZONE_WORD = re.compile(r"\s*\(?(UTC|GMT|[A-Z]{2,5}T|JST|KST|IST|CET|EET|WIB)\)?$")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")
_SLASHED_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_JAPANESE = re.compile(r"(\d{4})年\s*(\d{1,2})月(?:\s*(\d{1,2})日)?")
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_TRAILING_TIME = re.compile(r"(.*?\d{4})[T,\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?.*$")


@attrs.frozen
class ParsedDate:
    """A date read from foreign data: the span, and a note when the format was not ISO 8601."""

    start: date
    end: date
    granularity: Granularity
    odd: str | None = None
    """Why the value deserves a warning (a non-ISO format, a time zone name), or None."""

    def as_range(self) -> dict[str, Any]:
        """The DateRange fields, for building records."""
        return {"start": self.start, "end": self.end, "granularity": self.granularity}


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _whole_month(y: int, m: int, odd: str | None) -> ParsedDate | None:
    if not 1 <= m <= 12 or y < 1:
        return None
    last = calendar.monthrange(y, m)[1]
    return ParsedDate(date(y, m, 1), date(y, m, last), Granularity.MONTH, odd)


def parse_when(value: object, *, day_first: bool = False) -> ParsedDate | None:
    """Read a date from the shapes fact-check data uses; None when nothing can be read.

    ISO 8601 dates and date-times (any offset: the calendar date *as written*
    is kept, not converted to UTC, because that is the date the publisher
    shows), a bare year or year-month (the whole span), ``YYYY/MM/DD``,
    ``YYYYMMDD``, ``2020年11月3日``, ``November 3, 2020`` and ``3 Nov 2020``.
    ``DD-MM-YYYY`` is read only with ``day_first`` (AVeriTeC's format), since
    it cannot be told apart from the US order otherwise. Anything but an ISO
    form comes back with ``odd`` set so the importer can warn.
    """
    if type(value) is str:  # the common case: a cached read of the text
        return _parse_text(value, day_first)
    if isinstance(value, datetime):
        return ParsedDate(value.date(), value.date(), Granularity.DAY)
    if isinstance(value, date):
        return ParsedDate(value, value, Granularity.DAY)
    if isinstance(value, Mapping):  # {"@type": "Date", "@value": "..."}
        value = value.get("@value")
    if not isinstance(value, str):
        return None
    return _parse_text(str(value), day_first)


@functools.lru_cache(maxsize=8192)
def _parse_text(value: str, day_first: bool) -> ParsedDate | None:
    """:func:`parse_when` of a string; cached, since a file repeats its dates (the result is immutable)."""
    text = value.strip()
    if m := _ISO_DAY.fullmatch(text):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(day, day, Granularity.DAY) if day else None
    if m := _ISO_DATETIME.fullmatch(text):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        if day is None or int(m[4]) > 23 or int(m[5]) > 59 or (m[6] and int(m[6]) > 60):
            return None
        return ParsedDate(day, day, Granularity.DAY)
    return _parse_odd(text, day_first=day_first)


def _parse_odd(text: str, *, day_first: bool) -> ParsedDate | None:
    odd = f"{text!r} is not an ISO 8601 date"
    zone = _ZONE_WORD.search(text)
    if zone and text[: zone.start()].strip():
        stripped = text[: zone.start()].strip()
        found = parse_when(stripped, day_first=day_first)
        if found is None:
            return None
        return ParsedDate(
            found.start,
            found.end,
            found.granularity,
            f"{text!r}: time zone {zone[1]} ignored; the date as written is kept",
        )
    if "/" in text and text.count("/") == 1 and not _SLASHED_YMD.fullmatch(text):
        first, second = (parse_when(part, day_first=day_first) for part in text.split("/"))
        if first is not None and second is not None and first.start <= second.end:
            return ParsedDate(first.start, second.end, Granularity.RANGE, first.odd or second.odd)
        return None
    if m := _YEAR.fullmatch(text):
        y = int(m[1])
        return ParsedDate(date(y, 1, 1), date(y, 12, 31), Granularity.YEAR) if y >= 1 else None
    if m := _YEAR_MONTH.fullmatch(text):
        return _whole_month(int(m[1]), int(m[2]), None if len(m[2]) == 2 else odd)
    if m := _SLASHED_YMD.fullmatch(text) or _COMPACT.fullmatch(text):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if m := _JAPANESE.fullmatch(text):
        if m[3] is None:
            return _whole_month(int(m[1]), int(m[2]), odd)
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if day_first and (m := _DMY.fullmatch(text)):
        day = _day(int(m[3]), int(m[2]), int(m[1]))
        return ParsedDate(day, day, Granularity.DAY) if day else None
    if m := _MONTH_FIRST.fullmatch(text):
        month = _MONTHS.get(m[1].lower())
        day = _day(int(m[3]), month, int(m[2])) if month else None
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if m := _DAY_FIRST.fullmatch(text):
        month = _MONTHS.get(m[2].lower())
        day = _day(int(m[3]), month, int(m[1])) if month else None
        return ParsedDate(day, day, Granularity.DAY, odd) if day else None
    if m := _MONTH_YEAR.fullmatch(text):
        month = _MONTHS.get(m[1].lower())
        return _whole_month(int(m[2]), month, odd) if month else None
    if (m := _TRAILING_TIME.fullmatch(text)) and m[1] != text:
        found = parse_when(m[1], day_first=day_first)
        if found is not None:
            return ParsedDate(found.start, found.end, found.granularity, odd)
    return None


def midnight_utc(day: date) -> datetime:
    """The start of ``day`` in UTC: the default ``recorded_at`` of an imported review."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def check_recorded_at(recorded_at: datetime | None) -> None:
    """Refuse a naive ``recorded_at`` (API misuse), which would make event ids depend on the host."""
    if recorded_at is not None and (recorded_at.tzinfo is None or recorded_at.utcoffset() is None):
        raise InvalidRecordError("recorded_at needs a time zone (use UTC)", field="recorded_at")


# -- text, urls, languages --------------------------------------------------------------------

_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*|/[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")


def clean_text(value: object) -> tuple[str | None, str | None]:
    """Plain text from a JSON-LD value, and a warning when it held HTML entities or tags.

    ``&quot;`` and doubly escaped ``&amp;quot;`` are unescaped and tags are
    removed, because the schema says text and some publishers paste HTML.
    """
    if type(value) is str and "<" not in value and "&" not in value:  # the common case, fast
        return (value.strip() or None), None
    if value is None:
        return None, None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None, None
    text = value
    warning = None
    if "<" in text and _TAG.search(text):
        text = _TAG.sub("", text)
        warning = "HTML tags removed"
    if "&" in text:
        for _ in range(3):
            unescaped = html.unescape(text)
            if unescaped == text:
                break
            text = unescaped
            warning = "HTML entities unescaped" if warning is None else "HTML tags removed and entities unescaped"
    text = text.strip()
    return (text or None), warning


_URL = re.compile(r"https?://[^\s/?#@]*[^\s/?#@:.][^\s]*")


def valid_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL the schema accepts, else None.

    A regular expression, not ``urlsplit``: this runs for every link of every
    record, and the schema's own check (scheme, host, no spaces) is what it mirrors.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > 4000 or not _URL.fullmatch(text):
        return None
    return text


_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/(\d{8,14})[a-z_]*/(https?://.+)$")


def unwrap_archive(url: str) -> tuple[str, str | None, date | None]:
    """Split a Wayback Machine URL into the original URL, the archive URL and the snapshot date."""
    m = _WAYBACK.match(url)
    if m is None:
        return url, None, None
    original = valid_url(m[2])
    if original is None:
        return url, None, None
    stamp = m[1]
    return original, url, _day(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))


_LANGUAGE_NAMES = {
    "english": "en",
    "japanese": "ja",
    "日本語": "ja",
    "spanish": "es",
    "español": "es",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "portuguese": "pt",
    "português": "pt",
    "italian": "it",
    "chinese": "zh",
    "中文": "zh",
    "korean": "ko",
    "한국어": "ko",
    "arabic": "ar",
    "hindi": "hi",
    "russian": "ru",
    "indonesian": "id",
    "turkish": "tr",
    "dutch": "nl",
    "polish": "pl",
    "ukrainian": "uk",
}
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def language_tag(value: object) -> tuple[str | None, str | None]:
    """A BCP 47 tag from ``inLanguage`` (a tag, a language name or a Language object), with a warning."""
    if type(value) is str:
        return _language_of_text(value)
    if value is None:
        return None, None
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, Mapping):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str):
        return None, None
    return _language_of_text(str(value))


@functools.lru_cache(maxsize=1024)
def _language_of_text(value: str) -> tuple[str | None, str | None]:
    """:func:`language_tag` of a string; cached, since a file names few languages."""
    if not value.strip():
        return None, None
    text = value.strip().replace("_", "-")
    if _BCP47.match(text):
        return text, None
    named = _LANGUAGE_NAMES.get(text.casefold())
    if named is not None:
        return named, None
    return None, f"{value!r} is not a BCP 47 language tag; the language is left undetermined"


# -- ids ----------------------------------------------------------------------------------------

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


_URL_PARTS = re.compile(r"https?://(?:[^/?#@]*@)?(?:www\.)?([^/?#:]*)[^/?#]*([^?#]*)")


def _slug(text: str, limit: int) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-")


@functools.lru_cache(maxsize=1024)
def _host_slug(host: str) -> str:
    """The slug of a URL's host (``www.politifact.com`` -> ``politifact-com``); cached, hosts repeat."""
    return _slug(host.lower().replace(".", "-"), 30)


def stable_claim_id(basis: str, *, url: str | None = None, text: str | None = None) -> str:
    """A claim id that is the same on every import: a readable slug plus a hash of ``basis``.

    The slug comes from the review URL (host and last path segment) or, when
    there is none, from the text; the hash makes it unique and stable.
    """
    slug = ""
    parts = _URL_PARTS.match(url) if url else None
    if parts is not None:
        path = parts[2]
        segment = (unquote(path) if "%" in path else path).rstrip("/").rpartition("/")[2]  # the last one
        last = _slug(segment, 60) if segment else ""
        host_slug = _host_slug(parts[1])
        slug = f"{host_slug}-{last}" if last else host_slug
    elif text:
        slug = _slug(text, 60)
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]
    slug = slug.strip("-")
    return f"{slug}-{digest}" if slug else f"claim-{digest}"


def short_hash(*parts: str) -> str:
    """A 16-hex-digit hash of ``parts`` (for ids of evidence without a URL of its own)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


STANCE_OF = {
    Verdict.TRUE: Stance.SUPPORTS,
    Verdict.MOSTLY_TRUE: Stance.SUPPORTS,
    Verdict.MIXED: Stance.MIXED,
    Verdict.MOSTLY_FALSE: Stance.REFUTES,
    Verdict.FALSE: Stance.REFUTES,
}
"""How a fact-check article bears on the claim it rated (stated by the fact-checker, not guessed)."""


# -- building the ledger -----------------------------------------------------------------------


_ENTITY_FIELDS = frozenset(("name", "role", "organisation", "same_as"))


class RecordBuilder:
    """Collects claims, events and evidence record by record, then builds the in-memory ledger.

    Works on plain dicts and validates every claim record once at the end (all
    in one pydantic call), which is what keeps bulk imports fast; the parts
    that repeat from record to record (date spans, speakers) are validated
    once and shared (:meth:`span`, :meth:`entity`). Repeats are merged: the
    same review twice adds one event; a second review of a claim already
    seen adds its event to that claim.
    """

    def __init__(self, *, path: str | None) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.records = 0
        self.imported = 0
        self.ignored: Counter[str] = Counter()
        self._claims: dict[str, dict[str, Any]] = {}
        self._where: dict[str, str] = {}
        self._events: dict[str, dict[str, dict[str, Any]]] = {}
        self._evidence: dict[str, dict[str, dict[str, Any]]] = {}
        self._spans: dict[tuple[date, date, str], DateRange] = {}
        self._entities: dict[tuple[str, str | None, str | None, tuple[str, ...]], Entity] = {}
        self._stamps: dict[datetime, str] = {}

    def span(self, start: date, end: date, granularity: Granularity = Granularity.DAY) -> DateRange | dict[str, Any]:
        """The DateRange ``start..end``, validated once per import and shared by every record that has it.

        A DateRange is immutable, so records may share one; a file repeats
        its dates, and validating each copy again was a good part of the
        import time. A span the schema refuses comes back as the plain dict,
        so that the claim's own validation reports it with the record.
        """
        key = (start, end, granularity._value_)
        found = self._spans.get(key)
        if found is not None:
            return found
        fields = {"start": start, "end": end, "granularity": granularity}
        try:
            found = self._spans[key] = DateRange.model_validate(fields)
        except ValidationError:
            return fields
        return found

    def entity(self, fields: dict[str, Any]) -> Entity | dict[str, Any]:
        """The Entity with these fields (name, role, organisation, same_as), validated once per import.

        Speakers and publishers repeat across a file's records; an Entity is
        immutable, so one validated value is shared. Fields the schema refuses
        (or that this cache does not know) come back as the dict, for the
        record's own validation to report.
        """
        same_as = fields.get("same_as", ())
        if not fields.keys() <= _ENTITY_FIELDS or type(same_as) is not tuple:
            return fields
        key = (fields.get("name", ""), fields.get("role"), fields.get("organisation"), same_as)
        found = self._entities.get(key)
        if found is not None:
            return found
        try:
            found = self._entities[key] = Entity.model_validate(fields)
        except ValidationError:
            return fields
        return found

    def problem(
        self,
        position: str,
        message: str,
        *,
        code: str,
        field: str | None = None,
        severity: str = "warning",
    ) -> None:
        """Note a problem with the record at ``position``."""
        self.problems.append(
            Problem(
                message=message,
                path=self.path,
                record=position,
                field=field,
                code=code,
                severity="error" if severity == "error" else "warning",
            )
        )

    def add(
        self,
        position: str,
        claim: dict[str, Any],
        event: dict[str, Any] | None,
        evidence: Iterable[dict[str, Any]],
    ) -> None:
        """Add one input record: its claim (merged by id), its event and the evidence it cites."""
        claim_id = claim["id"]
        known = self._claims.get(claim_id)
        if known is None:
            self._claims[claim_id] = claim
            self._where[claim_id] = position
            self._events[claim_id] = {}
            self._evidence[claim_id] = {}
        elif known != claim:
            differs = sorted(k for k in set(known) | set(claim) if known.get(k) != claim.get(k))
            self.problem(
                position,
                f"claim {claim_id!r} was already read at {self._where[claim_id]} with a different "
                f"{', '.join(differs)}; kept the first version and added this record's review to it",
                code="differing_duplicate",
                field=differs[0] if differs else None,
            )
        shelf = self._evidence[claim_id]
        for ev in evidence:
            shelf.setdefault(ev["id"], ev)
        if event is None:
            self.imported += 1
            return
        event = {**event, "claim_id": claim_id}
        if "id" not in event:
            recorded_at = event["recorded_at"]
            if recorded_at.tzinfo is UTC:  # equal UTC times print alike; other zones may not (+09:00 vs Z)
                stamp = self._stamps.get(recorded_at)
                if stamp is None:
                    stamp = self._stamps[recorded_at] = str(recorded_at)
            else:
                stamp = str(recorded_at)
            event["id"] = event_id(
                claim_id,
                event["verdict"].value,
                str(event["effective_on"]),
                stamp,
                tuple(event.get("evidence", ())),
                event.get("note", ""),
            )
        events = self._events[claim_id]
        if event["id"] in events:
            self.problem(
                position,
                f"the same review of claim {claim_id!r} was already read at {self._where[claim_id]}; merged",
                code="duplicate_review",
            )
        else:
            for other in events.values():
                if other["effective_on"] == event["effective_on"] and other["verdict"] != event["verdict"]:
                    self.problem(
                        position,
                        f"claim {claim_id!r} has two reviews dated {event['effective_on']} with different "
                        f"verdicts ({other['verdict'].value}, {event['verdict'].value}); both kept",
                        code="conflicting_reviews",
                        field="reviewRating",
                    )
                    break
            events[event["id"]] = event
        self.imported += 1

    def build(self, *, clock: Clock | None = None) -> ImportResult:
        """The in-memory ledger of everything added, with the problems met on the way.

        Every claim record is validated in full by the schema: all of them in
        one pydantic call (a list of records), which costs less per record
        than one call each. When some are refused, the others are validated
        again in one call and each refused one alone, for its problems.
        """
        payloads = self.payloads()
        latest = max((e["recorded_at"] for p in payloads for e in p["events"]), default=None)
        records = self._validated(payloads)
        frozen_at = latest or datetime(1970, 1, 1, tzinfo=UTC)
        ledger = Ledger.in_memory(clock=clock or (lambda: frozen_at))
        try:
            ledger.add_many(records)
        except ClaimtrackError:  # a bug upstream let a bad event through: add one by one, report the rest
            for record in records:
                try:
                    ledger.add_many((record,))
                except ClaimtrackError as exc:
                    self.problem(self._where[record.claim.id], str(exc), code="bad_event", severity="error")
                    self.imported -= max(1, len(record.events))
        return ImportResult(
            ledger=ledger,
            problems=tuple(self.problems),
            records=self.records,
            imported=max(0, self.imported),
            ignored=tuple(sorted(self.ignored.items())),
        )

    def payloads(self) -> list[dict[str, Any]]:
        """What :meth:`build` validates: one ``{"claim", "events", "evidence"}`` dict per claim, events in order."""
        payloads: list[dict[str, Any]] = []
        for claim_id, claim in self._claims.items():
            events = list(self._events[claim_id].values())
            if len(events) > 1:
                events.sort(key=_event_order)
            payloads.append({"claim": claim, "events": events, "evidence": list(self._evidence[claim_id].values())})
        return payloads

    def _validated(self, payloads: list[dict[str, Any]]) -> list[ClaimRecord]:
        """The ClaimRecords of ``payloads`` that the schema accepts; each refused one becomes problems."""
        adapter = _records_adapter()
        try:
            return adapter.validate_python(payloads)
        except ValidationError as exc:
            locations = [err["loc"][0] if err["loc"] else None for err in exc.errors(include_url=False)]
        refused = {i for i in locations if type(i) is int}
        if len(refused) != len(set(locations)):  # not an error of one record: check them one by one
            refused = set(range(len(payloads)))
        accepted = iter(adapter.validate_python([p for i, p in enumerate(payloads) if i not in refused]))
        records: list[ClaimRecord] = []
        for i, payload in enumerate(payloads):
            if i not in refused:
                records.append(next(accepted))
                continue
            claim_id = payload["claim"]["id"]
            try:
                records.append(ClaimRecord.model_validate(payload))
            except ValidationError as exc:
                for p in problems_from_validation(exc, path=self.path, record=self._where[claim_id]):
                    self.problems.append(p.model_copy(update={"message": f"claim {claim_id!r} skipped: {p.message}"}))
                self.imported -= max(1, len(payload["events"]))
        return records


def _event_order(event: dict[str, Any]) -> tuple[Any, ...]:
    return (event["effective_on"], event["recorded_at"], event["id"])


@functools.cache
def _records_adapter() -> TypeAdapter[list[ClaimRecord]]:
    """Validates a list of claim records in one call (built once, on first use)."""
    return TypeAdapter(list[ClaimRecord])


# -- files --------------------------------------------------------------------------------------


class _JsonLdScripts(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = dict(attrs_).get("type") or ""
            self._inside = kind.split(";")[0].strip().lower() == "application/ld+json"
            if self._inside:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def read_json_input(path: str | os.PathLike[str]) -> tuple[object, tuple[Problem, ...]]:
    """The JSON in a file, by its suffix: ``.json``; ``.jsonl``/``.ndjson`` (one value a line, read as a
    list); ``.html``/``.htm`` (the page's JSON-LD script blocks, as a list). Unreadable lines or
    blocks are returned as problems, the rest is kept."""
    name = os.fspath(path)
    with open(name, encoding="utf-8-sig") as handle:
        text = handle.read()
    suffix = os.path.splitext(name)[1].lower()
    problems: list[Problem] = []
    if suffix in (".html", ".htm", ".xhtml"):
        parser = _JsonLdScripts()
        parser.feed(text)
        parser.close()
        values: list[object] = []
        for i, block in enumerate(parser.blocks):
            try:
                values.append(json.loads(block))
            except json.JSONDecodeError as exc:
                problems.append(_bad_json(name, f"script[{i}]", exc))
        if not parser.blocks:
            problems.append(
                Problem(message="no JSON-LD script blocks in the page", path=name, code="no_jsonld", severity="error")
            )
        return values, tuple(problems)
    if suffix in (".jsonl", ".ndjson"):
        lines: list[object] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError as exc:
                problems.append(_bad_json(name, f"line {number}", exc))
        return lines, tuple(problems)
    try:
        return json.loads(text), ()
    except json.JSONDecodeError as exc:
        return None, (_bad_json(name, None, exc),)


def _bad_json(path: str, record: str | None, exc: json.JSONDecodeError) -> Problem:
    return Problem(
        message=f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        path=path,
        record=record,
        code="invalid_json",
        severity="error",
    )


def with_problems(result: ImportResult, problems: tuple[Problem, ...]) -> ImportResult:
    """``result`` with input-level problems (unreadable lines or blocks) put first and counted as skipped."""
    if not problems:
        return result
    errors = sum(1 for p in problems if p.severity == "error")
    return attrs.evolve(result, problems=problems + result.problems, records=result.records + errors)
