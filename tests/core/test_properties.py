"""Property tests: dump -> load is lossless, and replay does not depend on insertion order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import claimtrack as ct
from claimtrack.ledger import replay
from claimtrack.model import read_record
from claimtrack.stores import dumps_record

SAID = date(2024, 3, 18)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
days = st.integers(min_value=0, max_value=3000)


@st.composite
def claims(draw: st.DrawFn) -> ct.Claim:
    kind = draw(st.sampled_from(list(ct.ClaimKind)))
    data: dict[str, object] = {
        "id": draw(slug),
        "text": draw(text),
        "language": draw(st.sampled_from(["en", "ja", "zh-Hant", "de"])),
        "translations": draw(st.dictionaries(st.sampled_from(["en", "fr", "es"]), text, max_size=2)),
        "speaker": {"name": draw(text), "role": draw(st.none() | text)},
        "said_on": SAID,
        "kind": kind,
        "topics": tuple(draw(st.lists(slug, max_size=3))),
        "sources": tuple(
            draw(
                st.lists(
                    st.builds(
                        dict,
                        role=st.sampled_from(["primary", "secondary"]),
                        url=st.none() | st.just("https://example.org/a?b=1"),
                        quote=st.none() | text,
                        locator=st.none() | st.just("01:33:04"),
                        fidelity=st.none() | st.sampled_from([f.value for f in ct.Fidelity]),
                    ),
                    max_size=2,
                )
            )
        ),
    }
    if kind.is_forward_looking:
        end = draw(st.none() | days.map(lambda d: SAID + timedelta(days=d)))
        data["horizon"] = {"text": draw(text), "start": SAID, "end": end, "vague": draw(st.booleans())}
        data["credence"] = draw(
            st.sampled_from(
                [
                    None,
                    {"p": None, "basis": "unhedged"},
                    {"p": 0.7, "low": 0.55, "high": 0.8, "basis": "hedge", "word": "probably", "scale": "icd203"},
                ]
            )
        )
    return ct.Claim.model_validate(data)


@st.composite
def records(draw: st.DrawFn) -> ct.ClaimRecord:
    claim = draw(claims())
    evidence = tuple(
        ct.Evidence.model_validate(
            {
                "url": f"https://example.org/{i}",
                "title": draw(text),
                "published_on": SAID + timedelta(days=draw(days)),
                "stance": draw(st.none() | st.sampled_from(list(ct.Stance))),
            }
        )
        for i in range(draw(st.integers(0, 2)))
    )
    events = tuple(
        ct.StatusEvent.model_validate(
            {
                "claim_id": claim.id,
                "verdict": draw(st.sampled_from(list(ct.Verdict))),
                "effective_on": SAID + timedelta(days=draw(days)),
                "recorded_at": datetime(2033, 1, 1, tzinfo=UTC) + timedelta(seconds=draw(st.integers(0, 10**6))),
                "evidence": tuple(e.id for e in evidence[: draw(st.integers(0, len(evidence)))]),
                "note": draw(st.text(max_size=10)),
            }
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    unique = tuple({e.id: e for e in events}.values())
    return ct.ClaimRecord(claim=claim, events=unique, evidence=evidence)


@settings(max_examples=150, deadline=None)
@given(records())
def test_dump_then_load_gives_an_equal_record(record: ct.ClaimRecord) -> None:
    """The folder store's text reads back as the same record, and dumping again gives the same text."""
    dumped = dumps_record(record)
    loaded = read_record(dumped)
    assert loaded == record
    assert dumps_record(loaded) == dumped


@settings(max_examples=150, deadline=None)
@given(records(), st.randoms(use_true_random=False), st.lists(days, min_size=1, max_size=8))
def test_replay_ignores_insertion_order(record: ct.ClaimRecord, rnd: object, probe_days: list[int]) -> None:
    """Shuffling the events never changes the status on any date."""
    events = list(record.events)
    shuffled = events[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    for d in probe_days:
        as_of = SAID + timedelta(days=d)
        assert replay(events, as_of=as_of) == replay(shuffled, as_of=as_of)
    assert replay(events) == replay(shuffled)


@settings(max_examples=100, deadline=None)
@given(records(), days)
def test_status_is_latest_effective_event(record: ct.ClaimRecord, d: int) -> None:
    """The replayed status is the verdict of the latest event effective by that date, else open."""
    as_of = SAID + timedelta(days=d)
    effective = [e for e in record.events if e.effective_on <= as_of]
    expected = (
        max(effective, key=lambda e: (e.effective_on, e.recorded_at, e.id)).verdict if effective else (ct.Verdict.OPEN)
    )
    assert replay(record.events, as_of=as_of) is expected
