"""The lean read path: a scorecard's claim lines straight from records' JSON, without building the models.

A scorecard reads a dozen fields of each claim record. Validating the whole
record into pydantic models costs about three times parsing its JSON, and the
store validated every record when it wrote it, so on a folder ledger
(:class:`~claimtrack.ledger.queries.RawRecordStore`) the card validates each
file against a lean schema instead: pydantic-core checks and converts the
fields the card reads with the schema's own types and parsers (dates, moments,
enums, numbers) and refuses any key the schema does not know, but builds plain
dicts and runs none of the models' Python validators. The few rules of those
validators that bear on what the card reads are checked here.

The reader vouches only for what it reads. A record the lean schema refuses
(a date range written as shorthand text, an event without an id, a typo in a
key) goes to the store's own judgement instead
(:meth:`~claimtrack.ledger.queries.RawRecordStore.parse_raw`, the one that
:meth:`~claimtrack.ledger.Store.records` uses), which reads it in full or finds
it damaged; damaged records go to the caller's
:class:`~claimtrack.ledger.Damage`, which refuses or counts them. So every record the schema
accepts gives the same line either way; a record that breaks only a rule the
card does not read (a URL's syntax, a language tag, a credence band, evidence
cited but not held) is counted here, and ``Ledger.validate()`` /
``claimtrack validate`` report it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator, core_schema

from claimtrack.ledger import Damage, GroupBy, SpeakerCensus
from claimtrack.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    Credence,
    CredenceBasis,
    DateRange,
    Entity,
    Evidence,
    Fidelity,
    Granularity,
    Horizon,
    Problem,
    Source,
    SourceRole,
    StatusEvent,
    Verdict,
    parse_record,
)
from claimtrack.scoring.grouping import source_label
from claimtrack.scoring.lines import cited_evidence, claim_line, evidence_link, line_of_record
from claimtrack.scoring.types import ClaimLine, EvidenceLink, SourceLine

__all__ = ["LEAN_SCHEMA", "LeanReader"]


# -- the lean schema ------------------------------------------------------------------------------


def _enum(cls: type[Enum]) -> core_schema.CoreSchema:
    return core_schema.enum_schema(cls, list(cls.__members__.values()), sub_type="str")


def _maybe(schema: core_schema.CoreSchema) -> core_schema.CoreSchema:
    return core_schema.nullable_schema(schema)


_TEXT = core_schema.str_schema()
_WORDS = core_schema.str_schema(min_length=1)
_DATE = core_schema.date_schema()


def _object(
    model: type[BaseModel], read: Mapping[str, core_schema.CoreSchema], *required: str
) -> core_schema.CoreSchema:
    """The JSON object of ``model``: the fields the card ``read``s, typed; every other field the model knows, unread.

    Keys the model does not know are refused, as the model refuses them.
    """
    fields = {
        name: core_schema.typed_dict_field(read.get(name, core_schema.any_schema()), required=name in required)
        for name in model.model_fields
    }
    return core_schema.typed_dict_schema(fields, extra_behavior="forbid", total=False)


_RANGE = _object(
    DateRange,
    {"start": _DATE, "end": _DATE, "granularity": _enum(Granularity), "text": _maybe(_TEXT)},
    "start",
    "end",
)

LEAN_SCHEMA: core_schema.CoreSchema = _object(
    ClaimRecord,
    {
        "claim": _object(
            Claim,
            {
                "id": _TEXT,
                "text": _WORDS,
                "language": _TEXT,
                "translations": core_schema.dict_schema(_TEXT, _TEXT),
                "speaker": _object(Entity, {"name": _WORDS, "same_as": core_schema.list_schema(_TEXT)}, "name"),
                "said_on": _RANGE,
                "kind": _enum(ClaimKind),
                "topics": core_schema.list_schema(_TEXT),
                "sources": core_schema.list_schema(
                    _object(
                        Source,
                        {
                            "url": _maybe(_TEXT),
                            "title": _maybe(_TEXT),
                            "publisher": _maybe(_TEXT),
                            "role": _enum(SourceRole),
                            "locator": _maybe(_TEXT),
                            "fidelity": _maybe(_enum(Fidelity)),
                        },
                        "role",
                    )
                ),
                "horizon": _maybe(
                    _object(Horizon, {"text": _TEXT, "start": _DATE, "end": _maybe(_DATE)}, "text", "start")
                ),
                "credence": _maybe(
                    _object(
                        Credence,
                        {
                            "p": _maybe(core_schema.float_schema(ge=0.0, le=1.0)),
                            "basis": _enum(CredenceBasis),
                            "word": _maybe(_TEXT),
                        },
                        "p",
                        "basis",
                    )
                ),
            },
            "id",
            "text",
            "language",
            "speaker",
            "said_on",
            "kind",
        ),
        "events": core_schema.list_schema(
            _object(
                StatusEvent,
                {
                    "id": core_schema.str_schema(min_length=1, max_length=200),
                    "claim_id": _TEXT,
                    "verdict": _enum(Verdict),
                    "effective_on": _DATE,
                    "recorded_at": core_schema.datetime_schema(tz_constraint="aware"),
                    "evidence": core_schema.list_schema(_TEXT),
                    "note": _TEXT,
                },
                "id",  # the schema derives a missing id from the event: validated in full
                "claim_id",
                "verdict",
                "effective_on",
                "recorded_at",
            )
        ),
        "evidence": core_schema.list_schema(
            _object(
                Evidence,
                {
                    "id": _TEXT,
                    "url": _maybe(_TEXT),
                    "title": _maybe(_TEXT),
                    "publisher": _maybe(_TEXT),
                    "archived_url": _maybe(_TEXT),
                    "via_url": _maybe(_TEXT),
                    "published_on": _maybe(_RANGE),
                },
                "id",
            )
        ),
    },
    "claim",
)
"""What the lean reader checks of a record's JSON: the fields a card reads, with the schema's types."""

_LEAN = SchemaValidator(LEAN_SCHEMA)

_Event = tuple[date, datetime, str, Verdict, str, Sequence[str]]
"""An event as the reader keeps it: effective on, recorded at, id (the replay order's key), verdict, note, evidence."""


class _Unread(Exception):
    """The reader cannot vouch for this record: validate it in full."""


def _parse_pair(stored_id: str, raw: bytes) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
    """Full validation of a bare (stored id, JSON) pair, for readers given no store's judgement."""
    record, problems = parse_record(raw)
    if record is None or problems:
        return None, problems
    if record.claim.id != stored_id:
        return None, (
            Problem(
                message=f"stored as {stored_id!r} but the record's id is {record.claim.id!r}",
                record=record.claim.id,
                field="claim.id",
                code="id_mismatch",
            ),
        )
    return record, ()


class LeanReader:
    """Reads claim lines from (stored id, JSON) pairs, falling back to full validation.

    The texts of date ranges are made once per distinct range (a ledger
    repeats them a lot), so one reader serves one scorecard.
    """

    def __init__(self, *, by: GroupBy, as_of: date | None, known_at: datetime | None) -> None:
        self.by = by
        self.as_of = as_of
        self.known_at = known_at
        self.validated = 0
        """How many records the reader handed to full validation (a test's window on the lean path)."""
        self._texts: dict[tuple[date, date, Granularity], str] = {}

    def lines(
        self,
        raw_records: Iterable[tuple[str, bytes]],
        *,
        parse: Callable[[str, bytes], tuple[ClaimRecord | None, tuple[Problem, ...]]] | None = None,
        damage: Damage | None = None,
        census: SpeakerCensus | None = None,
    ) -> Iterator[ClaimLine]:
        """The line of every record that :meth:`~claimtrack.ledger.Store.records` would give, in its order.

        ``parse`` is the store's judgement of a record the lean schema refuses
        (:meth:`~claimtrack.ledger.queries.RawRecordStore.parse_raw`; for bare pairs, full
        validation and the id check); each record it finds damaged is left out and its
        problems go to ``damage``. The speaker (and ``same_as`` links) of every line read
        is counted in ``census``.
        """
        judge = parse if parse is not None else _parse_pair
        for stored_id, raw in raw_records:
            links: Iterable[str]
            try:
                data = _LEAN.validate_json(raw)
                line = self._line(stored_id, data)
                links = data["claim"]["speaker"].get("same_as", ())
            except (ValidationError, _Unread):
                self.validated += 1
                record, problems = judge(stored_id, raw)
                if record is None:
                    if damage is not None:
                        damage.add(problems)
                    continue
                line = line_of_record(record, self.by, self.as_of, self.known_at)
                links = record.claim.speaker.same_as
            if census is not None:
                census.add(line.speaker, links)
            yield line

    def _range(self, data: Mapping[str, Any]) -> tuple[date, str]:
        """A date range's first day and its text (written as the model writes it)."""
        start, end = data["start"], data["end"]
        if end < start:
            raise _Unread  # DateRange's rule
        if start == end:
            return start, start.isoformat()
        key = (start, end, data.get("granularity", Granularity.DAY))
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = DateRange.model_construct(start=start, end=end, granularity=key[2]).as_text()
        return start, text

    def _line(self, stored_id: str, record: Mapping[str, Any]) -> ClaimLine:
        claim = record["claim"]
        claim_id = claim["id"]
        if claim_id != stored_id:
            raise _Unread
        kind = claim["kind"]
        said, said_text = self._range(claim["said_on"])
        horizon, credence = claim.get("horizon"), claim.get("credence")
        if (horizon is not None or credence is not None) and not kind.is_forward_looking:
            raise _Unread  # Claim's rule: only predictions and commitments have them
        if horizon is not None:
            end = horizon.get("end")
            if horizon["start"] < said or (end is not None and end < horizon["start"]):
                raise _Unread  # Claim's and Horizon's rules
        if credence is not None and (credence["p"] is None) != (credence["basis"] is CredenceBasis.UNHEDGED):
            raise _Unread  # Credence's rule
        events: list[_Event] = []
        for event in record.get("events", ()):
            if event["claim_id"] != claim_id:
                raise _Unread  # ClaimRecord's rule
            events.append(
                (
                    event["effective_on"],
                    event["recorded_at"],
                    event["id"],
                    event["verdict"],
                    event.get("note", ""),
                    event.get("evidence", ()),
                )
            )
        status = self._status(events)
        return claim_line(
            claim_id=claim_id,
            text=claim["text"],
            language=claim["language"],
            translations=tuple(claim.get("translations", {}).items()),
            speaker=claim["speaker"]["name"],
            said_on=said,
            said_on_text=said_text,
            kind=kind,
            topics=tuple(claim.get("topics", ())),
            credence=None if credence is None else credence["p"],
            credence_word=None if credence is None else credence.get("word"),
            horizon=None if horizon is None else horizon["text"],
            deadline=None if horizon is None else horizon.get("end"),
            verdict=Verdict.OPEN if status is None else status[3],
            resolved_on=None if status is None else status[0],
            note="" if status is None else status[4],
            sources=tuple(
                SourceLine(
                    label=source_label(s.get("publisher"), s.get("title"), s.get("url")),
                    url=s.get("url"),
                    role=s["role"].value,
                    fidelity=None if s.get("fidelity") is None else s["fidelity"].value,
                    locator=s.get("locator"),
                )
                for s in claim.get("sources", ())
            ),
            evidence=self._evidence(record.get("evidence", ()), events),
            by=self.by,
            as_of=self.as_of,
        )

    def _status(self, events: Iterable[_Event]) -> _Event | None:
        """The event that sets the status, as :func:`claimtrack.ledger.status_event` picks it."""
        current = None
        for event in events:
            if self.as_of is not None and event[0] > self.as_of:
                continue
            if self.known_at is not None and event[1] > self.known_at:
                continue
            if current is None or event[:3] > current[:3]:  # StatusEvent.sort_key: effective, recorded, id
                current = event
        return current

    def _evidence(self, items: Sequence[Mapping[str, Any]], events: Iterable[_Event]) -> tuple[EvidenceLink, ...]:
        if not items:
            return ()
        cited = cited_evidence(((e[0], e[1], e[5]) for e in events), self.as_of, self.known_at)
        links = (
            evidence_link(
                evidence_id=ev["id"],
                title=ev.get("title"),
                publisher=ev.get("publisher"),
                url=ev.get("url"),
                archived_url=ev.get("archived_url"),
                via_url=ev.get("via_url"),
                published=None if ev.get("published_on") is None else self._range(ev["published_on"]),
                as_of=self.as_of,
            )
            for ev in items
            if ev["id"] in cited
        )
        return tuple(link for link in links if link is not None)
