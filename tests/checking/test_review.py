"""The review queue over a memory ledger and a folder ledger: propose, apply, reject."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claimtrack import apply, propose, reject
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, Evidence, Rejection, Verdict

from .conftest import REPORTS

AS_OF = date(2026, 11, 27)


@pytest.fixture(params=["memory", "folder"])
def ledger(request: pytest.FixtureRequest, claim: Callable[..., Claim], clock: Any, tmp_path: Path) -> Ledger:
    led = Ledger.in_memory(clock=clock) if request.param == "memory" else Ledger.open(tmp_path / "l", clock=clock)
    for claim_id in ("amazing-model-2024", "ilya-work-together", "youtube-ai-content-5y", "fission-new-reactors"):
        led.add(claim(claim_id))
    return led


def _item(key: str, **extra: Any) -> dict[str, Any]:
    return {**REPORTS[key], **extra}


def test_propose_writes_nothing_and_reports_bad_input(ledger: Ledger) -> None:
    before = [r.model_dump() for r in ledger.records()]
    result = propose(
        ledger,
        [
            _item("gpt-4o", stance="supports", claims=["amazing-model-2024"]),
            _item("ilya-leaving", stance="refutes", claims=["ilya-work-together", "no-such-claim"]),
            {"title": "undated", "url": "https://example.org/undated"},
            _item("gpt-4o", url="vercel.com/ai-gateway/models/gpt-4o/about"),
            _item("agi-not-declared", published_on="2027-01"),
            "not an object",
        ],
        as_of=AS_OF,
    )
    assert [r.model_dump() for r in ledger.records()] == before
    by_claim = {p.claim.id: p for p in result}
    assert by_claim["amazing-model-2024"].verdict is Verdict.TRUE
    assert by_claim["ilya-work-together"].verdict is Verdict.FALSE
    assert all(p.confirmed for p in result)
    codes = sorted(i.code for i in result.ignored)
    assert codes == ["after_as_of", "invalid", "malformed_url", "no_date", "unknown_claim"]
    unknown = next(i for i in result.ignored if i.code == "unknown_claim")
    assert "no-such-claim" in unknown.reason
    bad_url = next(i for i in result.ignored if i.code == "malformed_url")
    assert "'url'" in bad_url.reason


def test_apply_records_event_with_evidence_once(ledger: Ledger) -> None:
    result = propose(ledger, [_item("gpt-4o", stance="supports", claims=["amazing-model-2024"])], as_of=AS_OF)
    (proposal,) = result.actionable()
    event = apply(ledger, proposal, by="reviewer")
    assert event is not None
    assert event.verdict is Verdict.TRUE
    assert event.effective_on == date(2024, 5, 13)
    assert event.by == "reviewer"
    assert ledger.status("amazing-model-2024") is Verdict.TRUE
    held = ledger.evidence("amazing-model-2024")
    assert [ev.url for ev in held] == [REPORTS["gpt-4o"]["url"]]
    assert event.evidence == (held[0].id,)
    with pytest.warns(DeprecationWarning, match="claimtrack.apply"):
        again = ledger.apply(proposal, by="reviewer")  # the deprecated alias still works
    assert again == event
    assert len(ledger.history("amazing-model-2024")) == 1
    # a resolved claim is no longer proposed
    assert len(propose(ledger, [_item("gpt-4o", stance="supports", claims=["amazing-model-2024"])], as_of=AS_OF)) == 0


def test_rejection_is_remembered(ledger: Ledger, clock: Any) -> None:
    items = [_item("ilya-leaving", stance="refutes", claims=["ilya-work-together"])]
    (proposal,) = propose(ledger, items, as_of=AS_OF)
    evidence_before = ledger.evidence("ilya-work-together")
    rejection = reject(ledger, proposal, by="reviewer", reason="wrong pairing")
    assert isinstance(rejection, Rejection)
    assert rejection.id == proposal.id
    assert rejection.claim_id == "ilya-work-together"
    assert rejection.verdict is Verdict.FALSE
    assert rejection.evidence_ids == tuple(ev.id for ev in proposal.assessment.used)
    assert rejection.evidence_ids  # the proposal's evidence is cited ...
    assert ledger.evidence("ilya-work-together") == evidence_before  # ... but neither stored nor faked
    assert rejection.rejected_at == clock()
    assert (rejection.by, rejection.reason) == ("reviewer", "wrong pairing")
    assert ledger.rejections("ilya-work-together") == (rejection,)
    assert ledger.status("ilya-work-together") is Verdict.OPEN
    assert ledger.history("ilya-work-together") == ()
    again = propose(ledger, items, as_of=AS_OF)
    assert len(again) == 0
    assert again.skipped_rejected == (proposal.id,)
    assert reject(ledger, proposal, by="someone else") == rejection  # rejecting twice changes nothing
    assert ledger.rejections("ilya-work-together") == (rejection,)
    # new evidence makes a new proposal
    more = propose(ledger, [*items, _item("gpt-4o", stance="refutes", claims=["ilya-work-together"])], as_of=AS_OF)
    assert len(more) == 1
    assert more[0].id != proposal.id


def test_open_and_overdue_proposals_record_nothing(ledger: Ledger) -> None:
    result = propose(
        ledger, [_item("kapwing-youtube", stance="context", claims=["youtube-ai-content-5y"])], as_of=AS_OF
    )
    (proposal,) = result
    assert proposal.verdict is Verdict.OPEN
    assert not proposal.actionable
    assert apply(ledger, proposal) is None
    assert ledger.history("youtube-ai-content-5y") == ()
    assert (
        propose(ledger, [_item("kapwing-youtube", stance="context")], as_of=AS_OF, include_open=False).proposals == ()
    )


def test_matching_finds_claims_without_names(ledger: Ledger) -> None:
    news = Evidence(
        url=REPORTS["ilya-leaving"]["url"],
        title="Ilya Sutskever leaves OpenAI; Altman had hoped they would work together for the rest of his career",
        published_on="2024-05-14",
        stance="refutes",
    )
    result = propose(ledger, [news], as_of=AS_OF)
    assert [p.claim.id for p in result] == ["ilya-work-together"]
    assert result[0].verdict is Verdict.FALSE
    # opinions are never proposed
    wish = Evidence(
        url="https://e.org/n",
        title="The world embraces building new nuclear fission reactors",
        published_on="2025-01-01",
        stance="supports",
    )
    assert all(p.claim.id != "fission-new-reactors" for p in propose(ledger, [wish], as_of=AS_OF))


def test_claims_resolved_later_than_as_of_are_still_open_then(ledger: Ledger) -> None:
    (p,) = propose(ledger, [_item("gpt-4o", stance="supports", claims=["amazing-model-2024"])], as_of=AS_OF)
    apply(ledger, p)
    earlier = propose(
        ledger, [_item("gpt-4o", stance="supports", claims=["amazing-model-2024"])], as_of=date(2024, 5, 1)
    )
    # as of 2024-05-01 the claim was open, but the report was not published yet
    assert len(earlier) == 0
    assert [i.code for i in earlier.ignored] == ["after_as_of"]


def test_same_evidence_gives_the_same_proposal_id(ledger: Ledger) -> None:
    items = [_item("gpt-4o", stance="supports", claims=["amazing-model-2024"])]
    assert propose(ledger, items, as_of=AS_OF)[0].id == propose(ledger, items, as_of=date(2026, 1, 1))[0].id
