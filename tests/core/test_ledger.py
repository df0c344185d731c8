"""The ledger: add, get, filter, record, replay as of any date, due, merge, validate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import claimtrack as ct
from tests.conftest import FixedClock

ClaimFactory = Callable[..., ct.Claim]


@pytest.fixture(params=["memory", "folder"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock) -> ct.Ledger:
    """The same tests on an in-memory and on a folder ledger."""
    if request.param == "memory":
        return ct.Ledger.in_memory(clock=clock)
    return ct.Ledger.open(tmp_path / "ledger", clock=clock)


GPT4O = ct.Evidence.model_validate(
    {
        "url": "https://openai.com/index/hello-gpt-4o/",
        "title": "Hello GPT-4o",
        "publisher": "OpenAI",
        "published_on": "2024-05-13",
        "stance": "supports",
    }
)


def test_add_get_and_duplicate(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """A claim added can be read back; a second claim with the same id is refused."""
    claim = make_claim()
    ledger.add(claim)
    assert ledger.get(claim.id) == claim
    assert claim.id in ledger
    assert len(ledger) == 1
    with pytest.raises(ct.DuplicateClaimError, match=claim.id):
        ledger.add(make_claim(text="different"))
    assert ledger.get(claim.id).text == claim.text


def test_unknown_claim(ledger: ct.Ledger) -> None:
    """Unknown ids raise ClaimNotFoundError (a KeyError) for every read and write."""
    with pytest.raises(ct.ClaimNotFoundError, match="nope"):
        ledger.get("nope")
    with pytest.raises(KeyError):
        ledger.status("nope")
    with pytest.raises(ct.ClaimNotFoundError):
        ledger.record("nope", "true", on=date(2024, 5, 13))


def test_status_is_replayed_as_of_any_date(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """Status before, on and after each event's effective date follows the events."""
    claim = ledger.add(make_claim())
    assert ledger.status(claim.id) is ct.Verdict.OPEN
    ledger.record(claim.id, "true", on=date(2024, 5, 13), evidence=[GPT4O], note="GPT-4o")
    ledger.record(claim.id, "mostly_true", on=date(2024, 12, 5), note="o1 as well")
    assert ledger.status(claim.id, as_of=date(2024, 5, 12)) is ct.Verdict.OPEN
    assert ledger.status(claim.id, as_of=date(2024, 5, 13)) is ct.Verdict.TRUE
    assert ledger.status(claim.id, as_of=date(2024, 12, 4)) is ct.Verdict.TRUE
    assert ledger.status(claim.id) is ct.Verdict.MOSTLY_TRUE
    assert [e.verdict for e in ledger.history(claim.id)] == [ct.Verdict.TRUE, ct.Verdict.MOSTLY_TRUE]
    assert ledger.evidence(claim.id) == (GPT4O,)


def test_known_at_shows_what_the_ledger_said_then(
    ledger: ct.Ledger, make_claim: ClaimFactory, clock: FixedClock
) -> None:
    """known_at ignores events recorded later, even if they took effect earlier."""
    claim = ledger.add(make_claim())
    clock.set(datetime(2025, 1, 10, tzinfo=UTC))
    ledger.record(claim.id, "true", on=date(2024, 5, 13))
    assert ledger.status(claim.id, as_of=date(2024, 6, 1)) is ct.Verdict.TRUE
    assert ledger.status(claim.id, as_of=date(2024, 6, 1), known_at=datetime(2025, 1, 1, tzinfo=UTC)) is (
        ct.Verdict.OPEN
    )


def test_event_going_back_in_time_is_refused(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """An event effective before the claim was said, or after it was recorded, is refused; nothing changes."""
    claim = ledger.add(make_claim())
    with pytest.raises(ct.EventError, match="goes back in time") as info:
        ledger.record(claim.id, "true", on=date(2024, 1, 1))
    assert info.value.claim_id == claim.id
    assert info.value.field == "effective_on"
    with pytest.raises(ct.EventError, match="before it happens"):
        ledger.record(claim.id, "true", on=date(2030, 1, 1))
    assert ledger.history(claim.id) == ()


def test_record_refuses_unknown_evidence_id(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """Citing an evidence id the claim does not hold is an error, and nothing is written."""
    claim = ledger.add(make_claim())
    with pytest.raises(ct.EventError, match="ev-nope"):
        ledger.record(claim.id, "true", on=date(2024, 5, 13), evidence=["ev-nope"])
    assert ledger.history(claim.id) == ()
    ledger.record(claim.id, "true", on=date(2024, 5, 13), evidence=[GPT4O])
    event = ledger.record(claim.id, "true", on=date(2024, 5, 14), evidence=[GPT4O.id], note="again")
    assert event.evidence == (GPT4O.id,)


def test_claims_filters(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """Filters by speaker, topic, kind, verdict (as of a date) and said-between combine."""
    ledger.add(make_claim("a", topics=("gpt-5",)))
    ledger.add(make_claim("b", speaker={"name": "Lex Fridman"}, topics=("agi",), kind="opinion", horizon=None))
    ledger.add(make_claim("c", said_on="2025-01-02", horizon=None, kind="assertion"))
    ledger.record("a", "true", on=date(2024, 5, 13))
    ids = lambda claims: [c.id for c in claims]  # noqa: E731
    assert ids(ledger.claims(speaker="sam altman")) == ["a", "c"]
    assert ids(ledger.claims(topic="agi")) == ["b"]
    assert ids(ledger.claims(kind="prediction")) == ["a"]
    assert ids(ledger.claims(verdict="true")) == ["a"]
    assert ids(ledger.claims(verdict="open", as_of=date(2024, 5, 1))) == ["a", "b", "c"]
    assert ids(ledger.claims(said_between=(date(2025, 1, 1), None))) == ["c"]
    assert ids(ledger.claims(said_between=(None, date(2024, 12, 31)), kind="opinion")) == ["b"]


def test_due_lists_open_predictions_past_their_deadline(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """due() returns open forward-looking claims by deadline; resolved and open-ended ones are left out."""
    ledger.add(make_claim("this-year"))
    ledger.add(
        make_claim("decade", horizon={"text": "by the end of this decade", "start": "2024-03-18", "end": "2029-12-31"})
    )
    ledger.add(make_claim("someday", horizon={"text": "eventually", "start": "2024-03-18", "end": None}))
    ledger.add(make_claim("resolved"))
    ledger.record("resolved", "true", on=date(2024, 5, 13))
    assert [c.id for c in ledger.due(as_of=date(2025, 1, 1))] == ["this-year"]
    assert [c.id for c in ledger.due(as_of=date(2024, 6, 1))] == []
    assert [c.id for c in ledger.due(as_of=date(2029, 6, 1), within=365)] == ["this-year", "decade"]


def test_merge_adds_appends_and_reports_conflicts(
    ledger: ct.Ledger, make_claim: ClaimFactory, clock: FixedClock
) -> None:
    """merge adds new claims, appends new events, is idempotent, and leaves conflicts untouched."""
    ledger.add(make_claim("shared"))
    ledger.add(make_claim("mine-differs"))
    other = ct.Ledger.in_memory(clock=clock)
    other.add(make_claim("shared"))
    other.add(make_claim("mine-differs", text="a different wording"))
    other.add(make_claim("new"))
    other.record("shared", "true", on=date(2024, 5, 13), evidence=[GPT4O])
    report = ledger.merge(other)
    assert report.added == ("new",)
    assert report.merged == ("shared",)
    assert [p.record for p in report.conflicts] == ["mine-differs"]
    assert ledger.status("shared") is ct.Verdict.TRUE
    assert ledger.get("mine-differs").text == make_claim().text
    again = ledger.merge(other)
    assert again.added == again.merged == ()
    assert set(again.unchanged) == {"shared", "new"}
    assert len(ledger.history("shared")) == 1


def test_update_uses_optimistic_concurrency(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """A claim edit with a stale version raises ConflictError naming the claim; events survive edits."""
    ledger.add(make_claim())
    ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13))
    current = ledger.record_of("gpt5-this-year")
    updated = ledger.update(current.claim.model_copy(update={"note": "checked"}), expected_version=current.version)
    assert updated.version == current.version + 1
    assert ledger.get("gpt5-this-year").note == "checked"
    with pytest.raises(ct.ConflictError, match="gpt5-this-year"):
        ledger.update(current.claim, expected_version=current.version)
    assert len(ledger.history("gpt5-this-year")) == 1


def test_add_many_is_all_or_nothing(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """A batch with a duplicate id writes none of its claims."""
    ledger.add(make_claim("exists"))
    batch = [ct.ClaimRecord(claim=make_claim("one")), ct.ClaimRecord(claim=make_claim("exists"))]
    with pytest.raises(ct.DuplicateClaimError):
        ledger.add_many(batch)
    assert "one" not in ledger
    assert ledger.add_many([ct.ClaimRecord(claim=make_claim(f"n{i}")) for i in range(3)]) == 3
    assert len(ledger) == 4


def test_update_cannot_strand_the_history(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """Moving said_on after an event that already took effect is refused, and nothing changes."""
    ledger.add(make_claim())
    ledger.record("gpt5-this-year", "true", on=date(2024, 5, 13))
    current = ledger.record_of("gpt5-this-year")
    later = current.claim.model_copy(update={"said_on": ct.DateRange.model_validate("2024-06-01"), "horizon": None})
    with pytest.raises(ct.EventError, match="goes back in time"):
        ledger.update(later, expected_version=current.version)
    assert ledger.record_of("gpt5-this-year") == current


def test_update_revalidates_a_copied_claim(ledger: ct.Ledger, make_claim: ClaimFactory) -> None:
    """A claim edited with model_copy(update=...) (which skips validation) is validated on update."""
    ledger.add(make_claim())
    current = ledger.record_of("gpt5-this-year")
    broken = current.claim.model_copy(update={"kind": ct.ClaimKind.OPINION})  # an opinion with a horizon
    with pytest.raises(ValueError, match="no horizon"):
        ledger.update(broken, expected_version=current.version)
    assert ledger.record_of("gpt5-this-year") == current
