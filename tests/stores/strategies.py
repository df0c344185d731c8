"""Hypothesis strategies for ClaimRecord: every field of the persisted schema, valid by construction.

Records come out as the ledger makes them: events in replay order, each event
citing only evidence the record holds and taking effect between the day the
claim was said and the day it was recorded. Texts avoid lone surrogates
(not encodable as UTF-8) and NUL (PostgreSQL text cannot hold it); floats are
finite (JSON has no NaN).
"""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from claimtrack.ledger import ordered
from claimtrack.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    Confidence,
    ContainsCriterion,
    Credence,
    CredenceBasis,
    DateRange,
    Entity,
    EventCriterion,
    EventFact,
    Evidence,
    Fidelity,
    Granularity,
    Horizon,
    ListFact,
    MeasureFact,
    Rejection,
    Source,
    SourceRole,
    Stance,
    StatusEvent,
    TextCriterion,
    ThresholdCriterion,
    Verdict,
)
from claimtrack.stores._files import unsafe_name

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30)
MAYBE_TEXT = st.none() | TEXT
# Ids every store can hold: the folder store refuses Windows device names ("con", "com1").
SLUG = (
    st.text(string.ascii_lowercase + string.digits + "._-", min_size=0, max_size=20)
    .map(lambda s: "c" + s)
    .filter(lambda s: unsafe_name(s) is None)
)
LANGS = st.sampled_from(["en", "ja", "ja-JP", "zh-Hant", "de", "fr-CA"])
URLS = st.builds("https://{}.example.org/{}".format, st.text(string.ascii_lowercase, min_size=1, max_size=8), SLUG)
DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64)
PROB = st.floats(min_value=0.0, max_value=1.0)
OFFSETS = st.integers(-48, 56).map(lambda q: timezone(timedelta(minutes=15 * q)))


@st.composite
def date_ranges(draw: Any, start: date | None = None) -> DateRange:
    first = draw(DAYS) if start is None else start
    last = first + timedelta(days=draw(st.integers(0, 400)))
    return DateRange(start=first, end=last, granularity=draw(st.sampled_from(Granularity)), text=draw(MAYBE_TEXT))


def entities() -> st.SearchStrategy[Entity]:
    return st.builds(
        Entity, name=TEXT, role=MAYBE_TEXT, organisation=MAYBE_TEXT, same_as=st.lists(URLS, max_size=2).map(tuple)
    )


def sources() -> st.SearchStrategy[Source]:
    return st.builds(
        Source,
        url=st.none() | URLS,
        title=MAYBE_TEXT,
        publisher=MAYBE_TEXT,
        published_on=st.none() | date_ranges(),
        role=st.sampled_from(SourceRole),
        locator=MAYBE_TEXT,
        quote=MAYBE_TEXT,
        language=st.none() | LANGS,
        fidelity=st.none() | st.sampled_from(Fidelity),
        fidelity_note=MAYBE_TEXT,
        archived_url=st.none() | URLS,
    )


def criteria() -> st.SearchStrategy[Any]:
    by = st.none() | DAYS
    return st.one_of(
        st.builds(TextCriterion, text=TEXT),
        st.builds(EventCriterion, event=TEXT, by=by, description=MAYBE_TEXT),
        st.builds(
            ThresholdCriterion,
            metric=TEXT,
            op=st.sampled_from([">=", ">", "<=", "<", "=="]),
            value=FLOATS,
            unit=st.text(max_size=5),
            by=by,
            description=MAYBE_TEXT,
        ),
        st.builds(ContainsCriterion, collection=TEXT, item=TEXT, by=by, description=MAYBE_TEXT),
    )


@st.composite
def credences(draw: Any) -> Credence:
    basis = draw(st.sampled_from(CredenceBasis))
    if basis is CredenceBasis.UNHEDGED:
        return Credence(p=None, basis=basis, word=draw(MAYBE_TEXT), scale=draw(MAYBE_TEXT))
    p = draw(PROB)
    low = draw(st.none() | st.floats(min_value=0.0, max_value=p))
    high = draw(st.none() | st.floats(min_value=p, max_value=1.0))
    return Credence(p=p, low=low, high=high, basis=basis, word=draw(MAYBE_TEXT), scale=draw(MAYBE_TEXT))


@st.composite
def claims(draw: Any, claim_id: str | None = None) -> Claim:
    kind = draw(st.sampled_from(ClaimKind))
    said_on = draw(date_ranges())
    horizon = credence = None
    if kind.is_forward_looking:
        if draw(st.booleans()):
            start = said_on.start + timedelta(days=draw(st.integers(0, 30)))
            end = draw(st.none() | st.integers(0, 4000).map(lambda d: start + timedelta(days=d)))
            horizon = Horizon(text=draw(TEXT), start=start, end=end, vague=draw(st.booleans()), rule=draw(MAYBE_TEXT))
        credence = draw(st.none() | credences())
    return Claim(
        id=claim_id or draw(SLUG),
        text=draw(TEXT),
        language=draw(LANGS),
        translations=draw(st.dictionaries(LANGS, TEXT, max_size=2)),
        speaker=draw(entities()),
        said_on=said_on,
        kind=kind,
        topics=tuple(draw(st.lists(TEXT, max_size=3))),
        sources=tuple(draw(st.lists(sources(), max_size=2))),
        horizon=horizon,
        credence=credence,
        criteria=tuple(draw(st.lists(criteria(), max_size=3))),
        note=draw(MAYBE_TEXT),
    )


def facts() -> st.SearchStrategy[Any]:
    on = st.none() | DAYS
    return st.one_of(
        st.builds(EventFact, event=TEXT, occurred_on=on),
        st.builds(MeasureFact, metric=TEXT, value=FLOATS, unit=st.text(max_size=5), on=on),
        st.builds(ListFact, collection=TEXT, items=st.lists(TEXT, max_size=3).map(tuple), on=on),
    )


def evidence() -> st.SearchStrategy[Evidence]:
    return st.builds(
        Evidence,
        id=SLUG,
        url=st.none() | URLS,
        title=MAYBE_TEXT,
        publisher=MAYBE_TEXT,
        published_on=st.none() | date_ranges(),
        occurred_on=st.none() | date_ranges(),
        excerpt=MAYBE_TEXT,
        stance=st.none() | st.sampled_from(Stance),
        language=st.none() | LANGS,
        archived_url=st.none() | URLS,
        via_url=st.none() | URLS,
        retrieved_at=st.none() | st.datetimes(timezones=OFFSETS),
        content_hash=MAYBE_TEXT,
        facts=st.lists(facts(), max_size=2).map(tuple),
        note=MAYBE_TEXT,
    )


@st.composite
def events_for(draw: Any, claim: Claim, held: tuple[str, ...]) -> StatusEvent:
    tz = draw(OFFSETS)
    first = max(claim.said_on.start, date(1970, 1, 2))
    recorded_day = first + timedelta(days=draw(st.integers(0, 3000)))
    moment = datetime.combine(recorded_day, draw(st.times()), tzinfo=tz)
    effective = claim.said_on.start + timedelta(days=draw(st.integers(0, (recorded_day - claim.said_on.start).days)))
    cited = tuple(draw(st.lists(st.sampled_from(held), max_size=2, unique=True))) if held else ()
    return StatusEvent.model_validate(
        {
            "claim_id": claim.id,
            "verdict": draw(st.sampled_from(Verdict)),
            "effective_on": effective,
            "recorded_at": moment,
            "evidence": cited,
            "note": draw(st.text(max_size=10).filter(lambda s: "\x00" not in s and not _surrogate(s))),
            "by": draw(MAYBE_TEXT),
            "confidence": draw(st.none() | st.sampled_from(Confidence)),
            "rating": draw(MAYBE_TEXT),
            "origin": draw(MAYBE_TEXT),
        }
    )


@st.composite
def rejections_for(draw: Any, claim: Claim, held: tuple[str, ...]) -> Rejection:
    """A rejected proposal: cites held evidence and, sometimes, evidence the record never stored."""
    cited = draw(st.lists(st.sampled_from(held), max_size=2, unique=True)) if held else []
    cited += draw(st.lists(SLUG, max_size=1))
    return Rejection(
        id="prop-" + draw(SLUG),
        claim_id=claim.id,
        verdict=draw(st.sampled_from(Verdict)),
        evidence_ids=tuple(cited),
        rejected_at=draw(st.datetimes(min_value=datetime(1970, 1, 2), timezones=OFFSETS)),
        by=draw(MAYBE_TEXT),
        reason=draw(st.text(max_size=10).filter(lambda s: "\x00" not in s and not _surrogate(s))),
    )


def _surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


@st.composite
def records(draw: Any, claim_id: str | None = None) -> ClaimRecord:
    """A ClaimRecord with every optional field sometimes set."""
    claim = draw(claims(claim_id))
    held = draw(st.lists(evidence(), max_size=3, unique_by=lambda ev: ev.id))
    ids = tuple(ev.id for ev in held)
    events = draw(st.lists(events_for(claim, ids), max_size=4, unique_by=lambda ev: ev.id))
    rejected = draw(st.lists(rejections_for(claim, ids), max_size=2, unique_by=lambda r: r.id))
    return ClaimRecord(
        claim=claim,
        events=ordered(events),
        evidence=tuple(held),
        rejections=tuple(rejected),
        version=draw(st.integers(1, 5)),
    )


def record_sets() -> st.SearchStrategy[list[ClaimRecord]]:
    """Several records with distinct ids."""
    return st.lists(records(), min_size=1, max_size=4, unique_by=lambda r: r.claim.id)


EPOCH = datetime.combine(date(2026, 11, 27), time(12), tzinfo=UTC)
