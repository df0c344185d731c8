"""Building an in-memory ledger from imported records, fast: shared validated parts, one validation call.

Every importer turns each input record into plain dicts (a claim, its event,
the evidence it cites) and hands them to a :class:`RecordBuilder`, which
merges repeats and validates everything against the schema at the end.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from claimtrack.errors import ClaimtrackError
from claimtrack.interop.results import PROBLEMS_KEPT, ImportResult
from claimtrack.interop.text import shown
from claimtrack.ledger import Clock, Ledger
from claimtrack.model import (
    ClaimRecord,
    DateRange,
    Entity,
    Granularity,
    Problem,
    event_id,
    problems_from_validation,
)
from claimtrack.model.urls import http_url

__all__ = ["RECORD_ERRORS", "RecordBuilder", "paused_gc"]

RECORD_ERRORS: tuple[type[BaseException], ...] = (
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)
"""What reading one record may raise on input no rule foresaw: the importers catch it around each record,
report the record as one ``unreadable_record`` problem and go on (one bad record never ends an import)."""

_UNKNOWN_RATINGS = 1_000
"""How many distinct unknown rating texts are counted by name; the others are counted together."""
_OTHER_RATINGS = "(other unknown ratings)"
_IGNORED_TYPES = 100
"""How many distinct ignored node types are counted by name; the others are counted together."""
_OTHER_TYPES = "(other types)"


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
        """The problems kept: up to ``PROBLEMS_KEPT`` of each code (``problem_counts`` counts them all)."""
        self.problem_counts: Counter[tuple[str, str]] = Counter()
        self.records = 0
        self.imported = 0
        self.ignored: Counter[str] = Counter()
        self.unknown_ratings: Counter[str] = Counter()
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
        severity: Literal["error", "warning"] = "warning",
    ) -> None:
        """Note a problem with the record at ``position`` (counted always, kept up to ``PROBLEMS_KEPT`` a code)."""
        key = (severity, code)
        seen = self.problem_counts[key] = self.problem_counts[key] + 1
        if seen <= PROBLEMS_KEPT:
            self.problems.append(
                Problem(
                    message=message,
                    path=self.path,
                    record=position,
                    field=field,
                    code=code,
                    severity=severity,
                )
            )

    def url(self, position: str, value: object, field: str) -> str | None:
        """``value`` as an absolute http(s) URL (trimmed), or None; a value given but not a URL is a ``bad_url``.

        The importers drop a bad link with a warning rather than lose the record to the schema.
        """
        url = http_url(value)
        if url is None and value not in (None, ""):
            self.problem(position, f"{shown(value)} is not an http(s) URL; dropped", code="bad_url", field=field)
        return url

    def keep(self, problem: Problem) -> None:
        """Note a problem made elsewhere (schema validation), under the same limit as :meth:`problem`."""
        key = (problem.severity, problem.code)
        seen = self.problem_counts[key] = self.problem_counts[key] + 1
        if seen <= PROBLEMS_KEPT:
            self.problems.append(problem)

    def unreadable(self, position: str, exc: BaseException) -> None:
        """Report a record that raised ``exc`` (one of :data:`RECORD_ERRORS`) as skipped."""
        detail = shown(str(exc)) if not isinstance(exc, RecursionError) else "nested too deeply"
        self.problem(
            position,
            f"the record cannot be read ({type(exc).__name__}: {detail}); skipped",
            code="unreadable_record",
            severity="error",
        )

    def ignore(self, node_type: str) -> None:
        """Count a node that is not a record of the format, by its type (at most ``_IGNORED_TYPES`` names)."""
        if node_type not in self.ignored:
            if len(node_type) > 60 or not node_type.isprintable():
                node_type = shown(node_type)
            if len(self.ignored) >= _IGNORED_TYPES and node_type not in self.ignored:
                node_type = _OTHER_TYPES
        self.ignored[node_type] += 1

    def unknown_rating(self, text: str) -> None:
        """Count a rating text the table does not know (at most ``_UNKNOWN_RATINGS`` texts by name)."""
        if text not in self.unknown_ratings and (len(self.unknown_ratings) >= _UNKNOWN_RATINGS or len(text) > 200):
            text = _OTHER_RATINGS
        self.unknown_ratings[text] += 1

    def add(
        self,
        position: str,
        claim: dict[str, Any],
        event: dict[str, Any] | None,
        evidence: Iterable[dict[str, Any]],
        *,
        imported: bool = True,
    ) -> None:
        """Add one input record: its claim (merged by id), its event and the evidence it cites.

        Everything that can fail on odd data (the event's id) is done before the builder changes, so a
        record that raises leaves nothing half added. ``imported=False`` keeps the claim and evidence of a
        record whose event could not be made (reported as an error), without counting it as imported.
        """
        claim_id = claim["id"]
        if event is not None:
            event = self._with_id(claim_id, event)
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
                f"claim {shown(claim_id)} was already read at {self._where[claim_id]} with a different "
                f"{', '.join(differs)}; kept the first version and added this record's review to it",
                code="differing_duplicate",
                field=differs[0] if differs else None,
            )
        shelf = self._evidence[claim_id]
        for ev in evidence:
            shelf.setdefault(ev["id"], ev)
        if event is None:
            self.imported += int(imported)
            return
        events = self._events[claim_id]
        if event["id"] in events:
            self.problem(
                position,
                f"the same review of claim {shown(claim_id)} was already read at {self._where[claim_id]}; merged",
                code="duplicate_review",
            )
        else:
            for other in events.values():
                if other["effective_on"] == event["effective_on"] and other["verdict"] != event["verdict"]:
                    self.problem(
                        position,
                        f"claim {shown(claim_id)} has two reviews dated {event['effective_on']} with different "
                        f"verdicts ({other['verdict'].value}, {event['verdict'].value}); both kept",
                        code="conflicting_reviews",
                        field="reviewRating",
                    )
                    break
            events[event["id"]] = event
        self.imported += 1

    def _with_id(self, claim_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """The event dict with its claim id and its id (derived from its content when not given)."""
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
        return event

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
            unknown_ratings=tuple(self.unknown_ratings.most_common()),
            problem_counts=tuple((s, c, n) for (s, c), n in self.problem_counts.most_common()),
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
                    self.keep(p.model_copy(update={"message": f"claim {shown(claim_id)} skipped: {p.message}"}))
                self.imported -= max(1, len(payload["events"]))
        return records


def _event_order(event: dict[str, Any]) -> tuple[Any, ...]:
    return (event["effective_on"], event["recorded_at"], event["id"])


@functools.cache
def _records_adapter() -> TypeAdapter[list[ClaimRecord]]:
    """Validates a list of claim records in one call (built once, on first use)."""
    return TypeAdapter(list[ClaimRecord])
