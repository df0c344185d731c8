"""scorecard() on small ledgers whose every number is worked out by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.ledger import ClaimFilter, MemoryStore
from claimtrack.model import ClaimRecord, Verdict
from claimtrack.scoring import GroupBy, Scorecard, scorecard

Build = Callable[..., ClaimRecord]
AS_OF = date(2026, 11, 27)


@pytest.fixture
def three(record: Build) -> list[ClaimRecord]:
    """Credences 0.9, 0.6, 0.2 with outcomes 1, 0, 0, plus one ambiguous and one open claim."""
    return [
        record("gpt5", credence=0.9, deadline="2024-12-31", events=[("true", "2024-05-13")]),
        record("sora-ships", credence=0.6, deadline="2024-12-31", events=[("false", "2025-01-01")]),
        record("robots", credence=0.2, deadline="2025-06-30", events=[("false", "2025-07-01")]),
        record("whole-company", kind="assertion", events=[("ambiguous", "2025-02-01", "the words are garbled")]),
        record("fusion", credence=0.7, deadline="2030-12-31"),
    ]


def test_brier_hit_rate_and_counts_by_hand(three: list[ClaimRecord]) -> None:
    card = scorecard(three, as_of=AS_OF)
    row = card.row("Sam Altman")
    assert row.total == 5
    assert row.counts[Verdict.TRUE] == 1
    assert row.counts[Verdict.FALSE] == 2
    assert row.counts[Verdict.AMBIGUOUS] == 1
    assert row.counts[Verdict.OPEN] == 1
    assert (row.resolved, row.graded, row.unscored, row.open) == (4, 3, 1, 1)
    assert row.n_scored == 3
    assert row.brier == pytest.approx((0.01 + 0.36 + 0.04) / 3)
    assert row.hit_rate == pytest.approx(1 / 3)
    assert row.hit_rate_ci == pytest.approx((0.0615, 0.7923), abs=1e-4)
    assert row.log_score == pytest.approx(-0.414932, abs=1e-6)
    assert row.skill == pytest.approx(0.385)
    assert row.overdue == 0  # fusion is open, but its deadline is 2030
    assert card.total.brier == row.brier


def test_unscored_verdicts_are_listed_with_their_reason(three: list[ClaimRecord]) -> None:
    row = scorecard(three).total
    assert [(u.claim_id, u.verdict, u.reason) for u in row.unscored_claims] == [
        ("whole-company", Verdict.AMBIGUOUS, "the words are garbled")
    ]


def test_graded_verdicts_weigh_into_the_hit_rate(record: Build) -> None:
    records = [
        record("a", kind="assertion", events=[("true", "2024-04-01")]),
        record("b", kind="assertion", events=[("mostly_true", "2024-04-01")]),
        record("c", kind="assertion", events=[("mixed", "2024-04-01")]),
        record("d", kind="assertion", events=[("false", "2024-04-01")]),
        record("e", kind="opinion", events=[("not_checkable", "2024-04-01", "a value judgement")]),
    ]
    row = scorecard(records).total
    assert row.graded == 4
    assert row.hit_rate == pytest.approx((1 + 0.75 + 0.5 + 0) / 4)  # 0.5625
    assert row.hit_rate_ci == pytest.approx((0.1833, 0.8804), abs=1e-4)
    assert row.n_scored == 0
    assert row.brier is None
    assert row.log_score is None
    assert row.murphy is None


def test_only_numeric_credences_are_scored(record: Build) -> None:
    unhedged = record("unhedged", events=[("true", "2024-05-01")])
    hedged = record("hedged", credence=0.8, events=[("true", "2024-05-01")])
    row = scorecard([unhedged, hedged]).total
    assert row.graded == 2
    assert row.n_scored == 1
    assert row.brier == pytest.approx(0.04)


def test_as_of_replays_the_ledger(three: list[ClaimRecord]) -> None:
    before = scorecard(three, as_of=date(2024, 12, 1)).total
    assert before.counts[Verdict.TRUE] == 1  # GPT-4o shipped 2024-05-13
    assert before.counts[Verdict.OPEN] == 4
    assert before.n_scored == 1
    assert before.brier == pytest.approx(0.01)
    assert before.overdue == 0
    after_deadline = scorecard(three, as_of=date(2024, 12, 31)).total
    assert after_deadline.overdue == 0  # the deadline is inclusive
    next_day = scorecard(three, as_of=date(2025, 1, 1)).total
    assert next_day.counts[Verdict.FALSE] == 1


def test_overdue_needs_an_as_of_date(record: Build) -> None:
    late = record("late", credence=0.5, deadline="2024-12-31")
    assert scorecard([late], as_of=date(2025, 1, 1)).total.overdue == 1
    assert scorecard([late], as_of=date(2025, 1, 1)).claims[0].overdue
    assert scorecard([late]).total.overdue is None


def test_claims_said_after_as_of_are_left_out(record: Build) -> None:
    card = scorecard([record("old", said="2024-03-18"), record("new", said="2025-06-01")], as_of=date(2025, 1, 1))
    assert [c.id for c in card.claims] == ["old"]
    assert card.excluded.not_yet_said == 1


def test_known_at_ignores_later_records(record: Build) -> None:
    rec = record("gpt5", credence=0.9, events=[("true", "2024-05-13")])  # recorded 2024-05-14
    assert scorecard([rec], known_at=datetime(2024, 5, 13, 12, tzinfo=UTC)).total.open == 1
    assert scorecard([rec], known_at=datetime(2024, 5, 15, tzinfo=UTC)).total.graded == 1


def test_lead_time_and_lateness(record: Build) -> None:
    early = record("early", deadline="2024-12-31", events=[("true", "2024-05-13")])  # 56 days, 232 early
    late = record("late", deadline="2024-12-31", events=[("false", "2025-01-10")])  # 298 days, 10 late
    row = scorecard([early, late]).total
    assert row.mean_lead_days == pytest.approx((56 + 298) / 2)
    assert row.mean_lateness_days == pytest.approx((-232 + 10) / 2)
    assert row.n_lateness == 2


def test_exclude_early_drops_claims_resolved_before_their_deadline(record: Build) -> None:
    early = record("early", credence=0.9, deadline="2024-12-31", events=[("true", "2024-05-13")])
    on_time = record("on-time", credence=0.6, deadline="2024-12-31", events=[("false", "2024-12-31")])
    card = scorecard([early, on_time], where=ClaimFilter(exclude_early=True))
    assert [c.id for c in card.claims] == ["on-time"]
    assert card.excluded.early == 1
    assert card.total.brier == pytest.approx(0.36)
    assert scorecard([early, on_time]).total.brier == pytest.approx((0.01 + 0.36) / 2)


def test_faithful_only_keeps_claims_with_a_faithful_source(record: Build) -> None:
    verbatim = record("verbatim", credence=0.9, fidelity=["verbatim", "distorted"], events=[("true", "2024-05-13")])
    distorted = record("distorted", credence=0.9, fidelity=["distorted"], events=[("false", "2024-12-31")])
    unknown = record("unknown", credence=0.9, events=[("false", "2024-12-31")])
    card = scorecard([verbatim, distorted, unknown], where=ClaimFilter(faithful_only=True))
    assert [c.id for c in card.claims] == ["verbatim"]
    assert card.excluded.unfaithful == 2
    assert card.total.hit_rate == 1.0


def test_filters(record: Build) -> None:
    records = [
        record("a", speaker="Sam Altman", topics=["agi"], said="2024-03-18"),
        record("b", speaker="Lex Fridman", kind="opinion", topics=["agi"], said="2023-05-01"),
        record("c", speaker="sam altman", kind="assertion", topics=["energy"], said="2024-03-18"),
    ]

    def ids(**where: object) -> set[str]:
        return {c.id for c in scorecard(records, where=ClaimFilter(**where)).claims}  # type: ignore[arg-type]

    assert ids(speaker="SAM ALTMAN") == {"a", "c"}
    assert ids(topic="agi") == {"a", "b"}
    assert ids(kind="opinion") == {"b"}
    card = scorecard(records, where=ClaimFilter(said_between=(date(2024, 1, 1), None)))
    assert {c.id for c in card.claims} == {"a", "c"}
    assert card.excluded.filtered == 1


def test_verdict_filter_counts_the_others_as_filtered(record: Build) -> None:
    records = [
        record("t", credence=0.9, deadline="2024-12-31", events=[("true", "2024-12-30")]),
        record("f", credence=0.6, deadline="2024-12-31", events=[("false", "2025-01-02")]),
        record("o"),
    ]
    card = scorecard(records, where=ClaimFilter(verdict="true"))
    assert [c.id for c in card.claims] == ["t"]
    assert card.excluded.filtered == 2
    assert card.total.brier == pytest.approx(0.01)
    # as of 2025-01-01 claim f was still open
    assert [c.id for c in scorecard(records, as_of=date(2025, 1, 1), where=ClaimFilter(verdict="open")).claims] == [
        "f",
        "o",
    ]


def test_group_by_topic_counts_a_claim_in_each_of_its_topics(record: Build) -> None:
    records = [
        record("a", topics=["agi", "compute"], credence=0.9, events=[("true", "2024-05-13")]),
        record("b", topics=["compute"], credence=0.6, events=[("false", "2024-12-31")]),
        record("c"),
    ]
    card = scorecard(records, by="topic")
    assert [r.key for r in card.rows] == ["compute", "(no topic)", "agi"]
    assert card.row("compute").total == 2
    assert card.row("compute").brier == pytest.approx((0.01 + 0.36) / 2)
    assert card.row("agi").brier == pytest.approx(0.01)
    assert card.total.total == 3  # counted once in the total


def test_group_by_kind_year_horizon_and_source(record: Build) -> None:
    records = [
        record("soon", said="2024-03-18", deadline="2024-06-18"),  # 92 days
        record("year", said="2024-03-18", deadline="2024-12-31"),
        record("three-years", said="2024-03-18", deadline="2027-03-18"),  # 1,095 days
        record("far", said="2023-01-01", deadline="2040-01-01"),
        record("someday", said="2024-03-18"),
        record("fact", kind="assertion", said="2022-06-01", publisher="The Verge"),
    ]
    assert [r.key for r in scorecard(records, by="kind").rows] == ["prediction", "assertion"]
    assert [r.key for r in scorecard(records, by=GroupBy.YEAR).rows] == ["2022", "2023", "2024"]
    assert [(r.key, r.total) for r in scorecard(records, by="horizon").rows] == [
        ("up to 3 months", 1),
        ("3 to 12 months", 1),
        ("1 to 5 years", 1),
        ("over 5 years", 1),
        ("open-ended", 1),
        ("not forward-looking", 1),
    ]
    assert [(r.key, r.total) for r in scorecard(records, by="source").rows] == [
        ("Lex Fridman Podcast", 5),
        ("The Verge", 1),
    ]
    with pytest.raises(ValueError):
        scorecard(records, by="colour")


def test_rows_are_sorted_by_size_then_name(record: Build) -> None:
    records = [record("a", speaker="Zed"), record("b", speaker="Ann"), record("c", speaker="Zed")]
    assert [r.key for r in scorecard(records).rows] == ["Zed", "Ann"]


def test_claim_line_carries_what_the_report_shows(record: Build) -> None:
    rec = record(
        "gpt5",
        credence=0.9,
        deadline="2024-12-31",
        fidelity=["verbatim", "distorted"],
        translations={"ja": "今年、素晴らしいモデルをリリースする"},
        events=[("true", "2024-05-13", "GPT-4o shipped")],
        evidence=[
            {"url": "https://openai.com/index/hello-gpt-4o/", "title": "Hello GPT-4o", "published_on": "2024-05-13"}
        ],
    )
    line = scorecard([rec]).claims[0]
    assert line.translations == (("ja", "今年、素晴らしいモデルをリリースする"),)
    assert [(s.label, s.fidelity) for s in line.sources] == [
        ("Lex Fridman Podcast", "verbatim"),
        ("Lex Fridman Podcast summary 1", "distorted"),
    ]
    assert [(e.label, e.url) for e in line.evidence] == [("Hello GPT-4o", "https://openai.com/index/hello-gpt-4o/")]
    assert (line.verdict, line.resolved_on, line.note, line.outcome) == (
        Verdict.TRUE,
        date(2024, 5, 13),
        "GPT-4o shipped",
        1.0,
    )
    assert line.early
    # before the event took effect, its evidence is not shown
    assert scorecard([rec], as_of=date(2024, 5, 1)).claims[0].evidence == ()


def test_ledger_and_records_give_the_same_card(three: list[ClaimRecord], tmp_path: Path) -> None:
    folder = ct.Ledger.open(tmp_path / "ledger")
    folder.add_many(three)
    memory = ct.Ledger(MemoryStore(), clock=lambda: datetime(2026, 11, 27, tzinfo=UTC))
    memory.add_many(three)
    expected = scorecard(three, as_of=AS_OF)
    for source in (folder, memory):
        card = scorecard(source, as_of=AS_OF)
        assert card.rows == expected.rows
        assert card.total == expected.total


def test_a_store_may_hand_out_raw_records(three: list[ClaimRecord]) -> None:
    """A store offering raw_records() is read through the lean reader: the same card, no models built."""
    from claimtrack.stores import dumps_record

    class RawStore(MemoryStore):
        calls = 0

        def raw_records(self) -> Iterator[tuple[str, bytes]]:
            RawStore.calls += 1
            for record in self.records():
                yield record.claim.id, dumps_record(record).encode()

    ledger = ct.Ledger(RawStore(), clock=lambda: datetime(2026, 11, 27, tzinfo=UTC))
    ledger.add_many(three)
    card = scorecard(ledger, as_of=AS_OF)
    assert RawStore.calls == 1
    assert card == scorecard(list(ledger.records()), as_of=AS_OF)


def test_progress_is_reported(record: Build) -> None:
    seen: list[int] = []
    scorecard([record(f"c{i}") for i in range(2500)], progress=seen.append)
    assert seen == [1000, 2000, 2500]


def test_public_api(three: list[ClaimRecord]) -> None:
    card = ct.scorecard(three)
    assert isinstance(card, ct.Scorecard)
    assert isinstance(card, Scorecard)
    with pytest.raises(KeyError, match="Sam Altman"):
        card.row("nobody")


def test_gc_state_is_restored(three: list[ClaimRecord]) -> None:
    import gc

    assert gc.isenabled()
    scorecard(three)
    assert gc.isenabled()
    gc.disable()
    try:
        scorecard(three)
        assert not gc.isenabled()
    finally:
        gc.enable()
