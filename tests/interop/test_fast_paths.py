"""The importers' fast paths: shared validated parts, memos, one-call validation, the GC pause.

Each cache must give exactly what the slow path gives, never hand one
record's value to another, and never let an invalid value past the schema.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from claimtrack import DateRange, Entity, Granularity, Verdict
from claimtrack.dates import parse_stamp
from claimtrack.interop import claimreview
from claimtrack.interop.builder import RecordBuilder, paused_gc
from claimtrack.interop.ratings import RatingTable
from claimtrack.model import ClaimKind, event_id
from claimtrack.model.languages import language_tag


def _claim(number: int, **fields: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "id": f"claim-{number}",
        "text": f"The moon is made of cheese ({number})",
        "language": "en",
        "speaker": {"name": "Ann Example"},
        "said_on": {"start": date(2024, 4, 30), "end": date(2024, 4, 30), "granularity": Granularity.DAY},
        "kind": ClaimKind.ASSERTION,
    }
    claim.update(fields)
    return claim


def _event(recorded_at: datetime) -> dict[str, Any]:
    return {"verdict": Verdict.FALSE, "effective_on": date(2024, 5, 2), "recorded_at": recorded_at, "note": ""}


# -- shared DateRange and Entity values ----------------------------------------------------------


def test_span_is_validated_once_and_shared_only_between_equal_spans() -> None:
    builder = RecordBuilder(path=None)
    day = builder.span(date(2024, 5, 2), date(2024, 5, 2))
    assert isinstance(day, DateRange)
    assert builder.span(date(2024, 5, 2), date(2024, 5, 2)) is day
    month = builder.span(date(2024, 5, 1), date(2024, 5, 31), Granularity.MONTH)
    assert isinstance(month, DateRange)
    assert month.granularity is Granularity.MONTH
    assert builder.span(date(2024, 5, 1), date(2024, 5, 31), Granularity.RANGE) is not month
    assert builder.span(date(2024, 5, 3), date(2024, 5, 3)) != day


def test_a_span_the_schema_refuses_is_left_to_the_record_validation() -> None:
    builder = RecordBuilder(path="in.json")
    backwards = builder.span(date(2024, 5, 9), date(2024, 5, 1), Granularity.RANGE)
    assert isinstance(backwards, dict)  # not cached, not validated here
    builder.add("[0]", _claim(1, said_on=backwards), _event(datetime(2024, 5, 2, tzinfo=UTC)), ())
    builder.add("[1]", _claim(2), _event(datetime(2024, 5, 2, tzinfo=UTC)), ())
    result = builder.build()
    assert [c.id for c in result.ledger] == ["claim-2"]
    assert [(p.record, p.field) for p in result.errors] == [("[0]", "claim.said_on")]
    assert "before start" in result.errors[0].message


def test_entities_are_shared_only_when_every_field_matches() -> None:
    builder = RecordBuilder(path=None)
    plain = builder.entity({"name": "Ann Example"})
    assert isinstance(plain, Entity)
    assert builder.entity({"name": "Ann Example"}) is plain
    senator = builder.entity({"name": "Ann Example", "role": "Senator"})
    linked = builder.entity({"name": "Ann Example", "same_as": ("https://people.example.org/ann",)})
    assert isinstance(senator, Entity)
    assert senator.role == "Senator"
    assert isinstance(linked, Entity)
    assert linked.same_as == ("https://people.example.org/ann",)
    assert len({id(plain), id(senator), id(linked)}) == 3


def test_an_entity_with_an_unknown_field_never_gets_a_cached_look_alike() -> None:
    builder = RecordBuilder(path="in.json")
    assert isinstance(builder.entity({"name": "Ann Example"}), Entity)
    odd = builder.entity({"name": "Ann Example", "nickname": "Annie"})
    assert odd == {"name": "Ann Example", "nickname": "Annie"}  # left for the record's validation
    bad_link = builder.entity({"name": "Ann Example", "same_as": ("not a url",)})
    assert isinstance(bad_link, dict)
    builder.add("[0]", _claim(1, speaker=odd), _event(datetime(2024, 5, 2, tzinfo=UTC)), ())
    builder.add("[1]", _claim(2, speaker=bad_link), _event(datetime(2024, 5, 2, tzinfo=UTC)), ())
    result = builder.build()
    assert len(result.ledger) == 0
    assert sorted((p.record, p.code) for p in result.errors) == [("[0]", "unknown_field"), ("[1]", "bad_url")]


def test_speakers_of_one_name_with_different_roles_stay_apart_in_an_import(
    review: Callable[..., dict[str, Any]],
) -> None:
    first = review(1)
    second = review(2)
    second["itemReviewed"]["author"] = {"@type": "Person", "name": "Ann Example", "jobTitle": "Mayor"}
    third = review(3)
    ledger = claimreview.from_jsonld([first, second, third])
    roles = {c.text: c.speaker.role for c in ledger}
    assert roles == {
        "The moon is made of cheese (1)": "Blogger",
        "The moon is made of cheese (2)": "Mayor",
        "The moon is made of cheese (3)": "Blogger",
    }


# -- one validation call for all records ---------------------------------------------------------


def test_one_refused_record_leaves_the_others_with_their_own_content() -> None:
    builder = RecordBuilder(path="in.json")
    stamp = datetime(2024, 5, 2, tzinfo=UTC)
    for number in range(5):
        language = "not a tag!" if number == 2 else "en"
        builder.add(f"[{number}]", _claim(number, language=language), _event(stamp), ())
    result = builder.build()
    records = {r.claim.id: r for r in result.ledger.records()}
    assert sorted(records) == ["claim-0", "claim-1", "claim-3", "claim-4"]
    for claim_id, record in records.items():
        number = claim_id.removeprefix("claim-")
        assert record.claim.text == f"The moon is made of cheese ({number})"
        assert [e.claim_id for e in record.events] == [claim_id]
    assert [(p.record, p.field, p.severity) for p in result.errors] == [("[2]", "claim.language", "error")]
    assert result.errors[0].message.startswith("claim 'claim-2' skipped: ")
    assert (result.records, result.imported) == (0, 4)


def test_several_refused_records_are_each_reported_once() -> None:
    builder = RecordBuilder(path=None)
    stamp = datetime(2024, 5, 2, tzinfo=UTC)
    for number in range(4):
        fields = {"text": ""} if number % 2 else {}
        builder.add(f"[{number}]", _claim(number, **fields), _event(stamp), ())
    result = builder.build()
    assert [c.id for c in result.ledger] == ["claim-0", "claim-2"]
    assert [(p.record, p.field) for p in result.errors] == [("[1]", "claim.text"), ("[3]", "claim.text")]


# -- event ids ------------------------------------------------------------------------------------


def test_event_ids_keep_the_written_offset_of_equal_instants() -> None:
    builder = RecordBuilder(path=None)
    utc = datetime(2024, 5, 3, tzinfo=UTC)
    tokyo = utc.astimezone(timezone(timedelta(hours=9)))
    assert utc == tokyo
    assert str(utc) != str(tokyo)
    for number, stamp in enumerate((utc, tokyo, utc)):
        builder.add(f"[{number}]", _claim(number), _event(stamp), ())
    records = {r.claim.id: r for r in builder.build().ledger.records()}
    for number, stamp in enumerate((utc, tokyo, utc)):
        claim_id = f"claim-{number}"
        expected = event_id(claim_id, "false", "2024-05-02", str(stamp), (), "")
        assert records[claim_id].events[0].id == expected


# -- memos ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "best", "worst"),
    [
        (1, 5, 1),
        ("1", 5, 1),
        (1.0, 5, 1),
        (True, 5, 1),
        (0, 5, 1),
        (0.0, 5, 1),
        (-0.0, 5, 1),
        (float("nan"), 5, 1),
        (4, "5", "1"),
        (4, 5.0, 1.0),
        (9, 5, 1),
        (3, None, None),
        (None, None, None),
    ],
)
def test_memoised_ratings_match_a_fresh_table(value: object, best: object, worst: object) -> None:
    memoised = RatingTable.default()
    for other in (1, "1", 1.0, True, 0, 0.0, -0.0, 4, 9, 3):  # fill the memo with look-alikes first
        memoised.normalise(value=other, best=5, worst=1)
        memoised.normalise(text="False", value=other, best=5, worst=1)
    for text in (None, "False", "A rating nobody maps"):
        fresh = RatingTable.default().extended({})  # a table of its own, with an empty memo
        assert memoised.normalise(text=text, value=value, best=best, worst=worst) == fresh.normalise(
            text=text, value=value, best=best, worst=worst
        )


def test_a_rating_memo_belongs_to_its_table() -> None:
    base = RatingTable.default()
    assert base.normalise(text="Totally bogus").verdict is Verdict.UNVERIFIABLE
    extended = base.extended({"Totally bogus": "false"})
    assert extended.normalise(text="Totally bogus").verdict is Verdict.FALSE
    assert base.normalise(text="Totally bogus").verdict is Verdict.UNVERIFIABLE


def test_cached_dates_depend_on_the_day_first_flag_and_the_text() -> None:
    assert parse_stamp("03-04-2020") is None
    found = parse_stamp("03-04-2020", day_first=True)
    assert found is not None
    assert found.start == date(2020, 4, 3)
    assert parse_stamp("03-04-2020") is None
    assert parse_stamp(" 2020-04-03 ") == parse_stamp("2020-04-03")

    class Text(str):
        pass

    assert parse_stamp(Text("2020-04-03")) == parse_stamp("2020-04-03")
    assert parse_stamp(datetime(2020, 4, 3, 23, tzinfo=UTC)) == parse_stamp("2020-04-03")


def test_cached_language_tags() -> None:
    assert language_tag("Japanese") == ("ja", None)
    assert language_tag("Japanese") == ("ja", None)
    assert language_tag(" en_GB ") == ("en-GB", None)
    tag, warning = language_tag("Klingon!")
    assert tag is None
    assert warning is not None
    assert "Klingon!" in warning
    assert language_tag({"name": "Japanese"}) == ("ja", None)


# -- the GC pause ----------------------------------------------------------------------------------


def test_the_gc_comes_back_without_a_backlog_of_young_objects() -> None:
    assert gc.isenabled()
    kept = []
    with paused_gc():
        assert not gc.isenabled()
        kept = [[i] for i in range(50_000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < gc.get_threshold()[0]  # no collection of 50,000 objects is due
    assert len(kept) == 50_000


def test_the_gc_pause_leaves_a_disabled_collector_and_frozen_objects_alone() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with paused_gc():
            kept = [[i] for i in range(1_000)]
        assert gc.get_freeze_count() == frozen  # the program's frozen objects stay frozen
        assert gc.isenabled()
        assert len(kept) == 1_000
    finally:
        gc.unfreeze()
