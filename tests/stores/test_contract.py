"""One contract, every store: memory, folder of JSON files, SQLite, PostgreSQL.

The claims are real ones from the Lex Fridman #419 interview (shared/research/seed-claims.md);
the GPT-4o release on 2024-05-13 is the event that resolved "a new model this year".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from stores_strategies import record_sets

import claimtrack as ct
from claimtrack.errors import ClaimNotFoundError, ConflictError, DuplicateClaimError, EventError
from claimtrack.ledger import ClaimFilter, GroupBy, count_verdicts
from claimtrack.ledger.queries import VERDICT_COUNT_GROUPS

GPT4O = ct.Evidence(
    url="https://openai.com/index/hello-gpt-4o/",
    title="Hello GPT-4o",
    publisher="OpenAI",
    published_on="2024-05-13",
    stance="supports",
)


def seed_claims(make_claim: Any) -> list[ct.Claim]:
    return [
        make_claim("new-model-this-year", topics=("gpt-5", "releases")),
        make_claim(
            "capable-systems-end-of-decade",
            text="By the end of this decade, and possibly somewhat sooner than that, "
            "we will have quite capable systems",
            translations={},
            topics=("agi",),
            horizon={"text": "by the end of this decade", "start": date(2024, 3, 18), "end": date(2029, 12, 31)},
            credence={"p": 0.7, "basis": "assigned"},
        ),
        make_claim(
            "gpt5-date-unknown",
            text="I don't know when GPT-5 will be released",
            kind="uncertainty",
            horizon=None,
            translations={},
            topics=(),
        ),
        make_claim(
            "ai-politicized-left-right",
            text="I think it will get caught up in like left versus right wars",
            speaker={"name": "SAM ALTMAN"},
            said_on="2024-03",
            translations={},
            horizon={"text": "no time given", "start": date(2024, 3, 18)},
            topics=("politics",),
        ),
    ]


@pytest.fixture
def filled(target: Any, clock: Any, make_claim: Any) -> ct.Ledger:
    ledger = target.open(clock)
    for claim in seed_claims(make_claim):
        ledger.add(claim)
    ledger.record("new-model-this-year", "true", on=date(2024, 5, 13), evidence=[GPT4O], by="checker")
    return ledger


def test_add_get_contains_len_ids(filled: ct.Ledger, make_claim: Any) -> None:
    expected = sorted(c.id for c in seed_claims(make_claim))
    assert len(filled) == 4
    assert list(filled.store.ids()) == expected
    assert [c.id for c in filled] == expected
    assert "gpt5-date-unknown" in filled
    assert "nope" not in filled
    assert 42 not in filled
    assert filled.get("capable-systems-end-of-decade").credence == ct.Credence(p=0.7, basis="assigned")
    with pytest.raises(ClaimNotFoundError, match="nope"):
        filled.get("nope")


def test_duplicate_add_refused_and_nothing_changes(filled: ct.Ledger, make_claim: Any) -> None:
    before = filled.record_of("new-model-this-year")
    with pytest.raises(DuplicateClaimError, match="new-model-this-year"):
        filled.add(make_claim("new-model-this-year", text="other words"))
    assert filled.record_of("new-model-this-year") == before


def test_record_history_status_as_of(filled: ct.Ledger, clock: Any) -> None:
    cid = "new-model-this-year"
    assert filled.status(cid) is ct.Verdict.TRUE
    assert filled.status(cid, as_of=date(2024, 5, 12)) is ct.Verdict.OPEN
    assert filled.status(cid, as_of=date(2024, 5, 13)) is ct.Verdict.TRUE
    # a correction recorded later, effective earlier than nothing else: replay order decides
    clock.set(clock() + timedelta(days=1))
    filled.record(cid, "mostly_true", on=date(2024, 6, 1), note="partial", evidence=[GPT4O.id])
    history = filled.history(cid)
    assert [e.verdict for e in history] == [ct.Verdict.TRUE, ct.Verdict.MOSTLY_TRUE]
    assert history[1].evidence == (GPT4O.id,)
    assert filled.status(cid) is ct.Verdict.MOSTLY_TRUE
    assert filled.status(cid, as_of=date(2024, 5, 31)) is ct.Verdict.TRUE
    assert filled.status(cid, known_at=history[0].recorded_at) is ct.Verdict.TRUE
    assert filled.evidence(cid) == (GPT4O,)


def test_event_out_of_time_refused_nothing_appended(filled: ct.Ledger) -> None:
    before = filled.record_of("capable-systems-end-of-decade")
    with pytest.raises(EventError, match="goes back in time"):
        filled.record("capable-systems-end-of-decade", "false", on=date(2020, 1, 1))
    with pytest.raises(ClaimNotFoundError):
        filled.record("nope", "false", on=date(2024, 6, 1))
    assert filled.record_of("capable-systems-end-of-decade") == before


def test_repeated_append_is_a_no_op(filled: ct.Ledger) -> None:
    record = filled.record_of("new-model-this-year")
    after = filled.store.append("new-model-this-year", record.events, record.evidence)
    assert after == record
    assert filled.record_of("new-model-this-year") == record


def test_claims_filters(filled: ct.Ledger) -> None:
    def ids(**filters: Any) -> list[str]:
        return [c.id for c in filled.claims(**filters)]

    assert ids(speaker="sam altman") == [
        "ai-politicized-left-right",
        "capable-systems-end-of-decade",
        "gpt5-date-unknown",
        "new-model-this-year",
    ]
    assert ids(topic="agi") == ["capable-systems-end-of-decade"]
    assert ids(kind="uncertainty") == ["gpt5-date-unknown"]
    assert ids(verdict="true") == ["new-model-this-year"]
    assert ids(verdict="true", as_of=date(2024, 5, 1)) == []
    assert "new-model-this-year" in ids(verdict="open", as_of=date(2024, 5, 1))
    assert ids(said_between=(date(2024, 3, 2), None)) == [
        "capable-systems-end-of-decade",
        "gpt5-date-unknown",
        "new-model-this-year",
    ]
    assert ids(said_between=(None, date(2024, 3, 1))) == ["ai-politicized-left-right"]
    assert ids(speaker="nobody") == []
    assert ids(kind="prediction", topic="gpt-5", verdict="true", speaker="SAM ALTMAN") == ["new-model-this-year"]


def test_one_claim_filter_on_every_store(filled: ct.Ledger, make_claim: Any) -> None:
    """A ClaimFilter means the same on every store: SQL answers what its columns can, a replay the rest."""
    filled.add(
        make_claim(
            "faithful-one",
            sources=[{"role": "primary", "url": "https://example.org/a", "fidelity": "verbatim"}],
        )
    )

    def ids(where: ClaimFilter, as_of: date | None = None) -> list[str]:
        return [c.id for c in filled.claims(where, as_of=as_of)]

    assert ids(ClaimFilter(faithful_only=True)) == ["faithful-one"]
    # resolved true on 2024-05-13, before its deadline 2024-12-31: early, but only once resolved
    assert "new-model-this-year" not in ids(ClaimFilter(exclude_early=True))
    assert "new-model-this-year" in ids(ClaimFilter(exclude_early=True), as_of=date(2024, 5, 1))
    assert ids(ClaimFilter(verdict="true", exclude_early=True)) == []
    assert ids(ClaimFilter(speaker="SAM altman", topic="agi", kind="prediction")) == ["capable-systems-end-of-decade"]
    assert filled.claims(ClaimFilter(verdict="true")) == filled.claims(verdict="true")
    with pytest.raises(TypeError, match="either where= or keyword filters"):
        filled.claims(ClaimFilter(), speaker="sam altman")
    records = list(filled.records())
    filters = [
        ClaimFilter(),
        ClaimFilter(speaker="sam altman", kind="prediction"),
        ClaimFilter(topic="gpt-5", verdict="open"),
        ClaimFilter(said_between=(date(2024, 3, 2), date(2024, 3, 31))),
        ClaimFilter(faithful_only=True, verdict="open"),
        ClaimFilter(exclude_early=True, said_between=(None, date(2024, 3, 31))),
    ]
    for where in filters:
        for as_of in (None, date(2024, 5, 1), date(2030, 1, 1)):
            assert ids(where, as_of) == [r.claim.id for r in records if where.admits(r, as_of=as_of)], (where, as_of)
    assert [c.id for c in filled.due(as_of=date(2030, 1, 1), where=ClaimFilter(topic="agi"))] == [
        "capable-systems-end-of-decade"
    ]
    assert filled.due(as_of=date(2030, 1, 1), where=ClaimFilter(speaker="nobody")) == ()
    assert [c.id for c in filled.due(as_of=date(2025, 1, 1), where=ClaimFilter(faithful_only=True))] == ["faithful-one"]
    assert [c.id for c in filled.due(as_of=date(2025, 1, 1), where=ClaimFilter(verdict="open"))] == ["faithful-one"]
    assert filled.due(as_of=date(2025, 1, 1), where=ClaimFilter(verdict="true")) == ()


def test_due(filled: ct.Ledger) -> None:
    assert [c.id for c in filled.due(as_of=date(2024, 12, 31))] == []  # resolved before its deadline
    assert [c.id for c in filled.due(as_of=date(2024, 5, 1), within=300)] == ["new-model-this-year"]
    assert [c.id for c in filled.due(as_of=date(2030, 1, 1))] == ["capable-systems-end-of-decade"]
    assert filled.due(as_of=date(2029, 12, 30)) == ()
    assert [c.id for c in filled.due(as_of=date(2029, 12, 1), within=timedelta(days=30))] == [
        "capable-systems-end-of-decade"
    ]


def test_optimistic_concurrency(filled: ct.Ledger) -> None:
    record = filled.record_of("gpt5-date-unknown")
    edited = record.claim.model_copy(update={"note": "said at 01:06:12"})
    updated = filled.update(edited, expected_version=record.version)
    assert updated.version == record.version + 1
    assert filled.record_of("gpt5-date-unknown").claim.note == "said at 01:06:12"
    with pytest.raises(ConflictError, match="gpt5-date-unknown") as info:
        filled.update(record.claim, expected_version=record.version)
    assert info.value.claim_id == "gpt5-date-unknown"
    assert filled.get("gpt5-date-unknown").note == "said at 01:06:12"
    with pytest.raises(ClaimNotFoundError):
        filled.update(record.claim.model_copy(update={"id": "nope"}), expected_version=1)


def test_update_keeps_events_and_topics_follow(filled: ct.Ledger) -> None:
    record = filled.record_of("new-model-this-year")
    filled.update(record.claim.model_copy(update={"topics": ("models",)}), expected_version=record.version)
    assert [c.id for c in filled.claims(topic="models")] == ["new-model-this-year"]
    assert filled.claims(topic="gpt-5") == ()
    assert filled.history("new-model-this-year") == record.events
    assert filled.status("new-model-this-year") is ct.Verdict.TRUE


def test_bulk_add_all_or_nothing(target: Any, clock: Any, make_claim: Any) -> None:
    ledger = target.open(clock)
    ledger.add(make_claim("existing"))
    batch = [ct.ClaimRecord(claim=make_claim(f"bulk-{i:04d}")) for i in range(2500)]
    with pytest.raises(DuplicateClaimError, match="existing"):
        ledger.add_many([*batch, ct.ClaimRecord(claim=make_claim("existing"))])
    assert len(ledger) == 1
    with pytest.raises(DuplicateClaimError, match="bulk-0001"):
        ledger.add_many([*batch[:3], batch[1]])
    assert len(ledger) == 1
    assert ledger.add_many(batch) == 2500
    assert len(ledger) == 2501
    assert [c.id for c in ledger.claims(topic="gpt-5")][:2] == ["bulk-0000", "bulk-0001"]


def test_verdict_counts_match_the_generic_replay(filled: ct.Ledger) -> None:
    records = list(filled.records())
    for by in VERDICT_COUNT_GROUPS:
        for as_of in (None, date(2024, 5, 1), date(2030, 1, 1)):
            assert filled.verdict_counts(by=by, as_of=as_of) == count_verdicts(records, by=by, as_of=as_of)
    by_speaker = {(c.key, c.verdict): c for c in filled.verdict_counts(by="speaker")}
    assert by_speaker["Sam Altman", ct.Verdict.OPEN].claims == 2
    assert by_speaker["Sam Altman", ct.Verdict.OPEN].credence_sum == pytest.approx(0.7)
    assert by_speaker["Sam Altman", ct.Verdict.TRUE].claims == 1
    assert by_speaker["SAM ALTMAN", ct.Verdict.OPEN].claims == 1
    assert filled.verdict_counts(by=GroupBy.KIND) == filled.verdict_counts(by="kind")
    for by in ("colour", GroupBy.SOURCE, GroupBy.HORIZON):
        with pytest.raises(ValueError, match=r"cannot group verdicts by .*; choose one of speaker, topic, kind, year"):
            filled.verdict_counts(by=by)


def test_merge_into_store(filled: ct.Ledger, clock: Any, make_claim: Any) -> None:
    other = ct.Ledger.in_memory(clock=clock)
    other.add(make_claim("new-model-this-year", topics=("gpt-5", "releases")))
    other.record("new-model-this-year", "true", on=date(2024, 5, 13), evidence=[GPT4O], by="checker")
    other.add(make_claim("brand-new"))
    report = filled.merge(other)
    assert report.added == ("brand-new",)
    assert report.unchanged == ("new-model-this-year",)
    assert filled.merge(other).added == ()


def test_validate_clean(filled: ct.Ledger) -> None:
    assert filled.validate() == ()


def test_reopen_keeps_everything(persistent: Any, clock: Any, make_claim: Any) -> None:
    with persistent.open(clock) as ledger:
        for claim in seed_claims(make_claim):
            ledger.add(claim)
        ledger.record("new-model-this-year", "true", on=date(2024, 5, 13), evidence=[GPT4O])
        before = list(ledger.records())
    with persistent.open(clock, create=False) as again:
        assert list(again.records()) == before
        assert again.status("new-model-this-year") is ct.Verdict.TRUE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=record_sets())
def test_round_trip_every_field(target: Any, batch: list[ct.ClaimRecord]) -> None:
    ledger = target.open(lambda: datetime(2100, 1, 1, tzinfo=UTC))
    present = set(ledger.store.ids())
    fresh = [r for r in batch if r.claim.id not in present]
    ledger.store.create_many(fresh)
    for record in fresh:
        assert ledger.record_of(record.claim.id) == record
    stored = {r.claim.id: r for r in ledger.records()}
    for record in fresh:
        assert stored[record.claim.id] == record
