"""Replaying the bundled ledger: ``check`` on each claim's recorded evidence gives the recorded verdict.

For every resolved claim, the evidence cited by the event that sets its
status is checked as of 2026-11-27. The verdicts must agree, except for the
claims listed below, each with the reason it needs a person. The lists are
exact: a new disagreement, or an exception that no longer disagrees, fails.
"""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.checking import check
from claimtrack.ledger import Ledger, status_event
from claimtrack.model import Verdict

from .conftest import BUNDLED

AS_OF = date(2026, 11, 27)

# claim id -> (what check says, why the recorded verdict needs a person)
PREDICTION_EXCEPTIONS: dict[str, tuple[Verdict, str]] = {
    "andreessen-regulatory-capture": (
        Verdict.OPEN,
        "all recorded evidence (Andreessen's 2023 manifesto and posts) predates the claim: the leakage guard keeps it "
        "from resolving a prediction; a person judged the prediction already true when made",
    ),
    "hallucination-not-solved-2024": (
        Verdict.OPEN,
        "a prediction that something will NOT happen by 2024-12-31, supported by reports published in 2025 without an "
        "event date: check cannot tell the state on the deadline from a later publication date",
    ),
    "safety-whole-company": (
        Verdict.FALSE,
        "recorded unverifiable: the claim comes from a distorted summary and a person judged the one refuting report "
        "too weak; check does not weigh the quality of evidence",
    ),
    "sora-scale-magic": (
        Verdict.TRUE,
        "recorded mixed ('partly'): a person weighed the context reports against the support; check lets context "
        "neither support nor refute",
    ),
}

OTHER_EXCEPTIONS: dict[str, tuple[Verdict, str]] = {
    "agi-far-future-misread": (
        Verdict.NOT_CHECKABLE,
        "an opinion the seed put in Altman's mouth: recorded not_said because the attribution fails, which needs a "
        "person (or a transcript: see claimtrack.fidelity.attribute)",
    ),
    "gpt4-naming-misread": (
        Verdict.NOT_CHECKABLE,
        "an opinion the seed put in Altman's mouth: recorded not_said because the attribution fails",
    ),
    "post-training-vs-scale": (
        Verdict.NOT_CHECKABLE,
        "an opinion reversed by the seed: recorded not_said because the attribution fails",
    ),
    "sora-red-team": (
        Verdict.OPEN,
        "recorded not_said: the statement is not in the interview, which evidence about Sora cannot show "
        "(its evidence is context for the content)",
    ),
    "fission-new-reactors": (
        Verdict.NOT_CHECKABLE,
        "an opinion (a wish) a person scored as partly realised; opinions are not checkable by rule",
    ),
    "culture-war-no-struggles": (
        Verdict.OPEN,
        "recorded not_checkable by a person (a distorted, vague self-description) without evidence",
    ),
    "ed-lex-mit-research": (
        Verdict.OPEN,
        "recorded unverifiable: a person found no evidence either way; check can only say open",
    ),
    "ed-only-lowercase-ceo-heading": (
        Verdict.OPEN,
        "recorded unverifiable from context only: a person's conclusion that it cannot be known",
    ),
    "sora-human-labeling": (
        Verdict.OPEN,
        "recorded unverifiable: Altman declined to say; a person's conclusion, no evidence to weigh",
    ),
    "sora-limbs-fundamental": (
        Verdict.OPEN,
        "recorded unverifiable from context only: a person's conclusion",
    ),
    "free-tier-no-ads-open": (
        Verdict.OPEN,
        "recorded true (accurate when said, superseded 2026-02-09) from context reports a person read; "
        "no report carries a stance for the claim as said",
    ),
}


@pytest.fixture(scope="module")
def bundled() -> Ledger:
    if not BUNDLED.is_dir():
        pytest.fail(f"the bundled ledger is missing at {BUNDLED}")
    return Ledger.open(BUNDLED, create=False)


def _replay(ledger: Ledger, forward: bool) -> tuple[int, dict[str, tuple[Verdict, Verdict, str]]]:
    checked = 0
    mismatches: dict[str, tuple[Verdict, Verdict, str]] = {}
    for record in ledger.records():
        if record.claim.kind.is_forward_looking is not forward:
            continue
        event = status_event(record.events)
        if event is None or not event.verdict.is_resolved:
            continue
        cited = [ev for ev in record.evidence if ev.id in event.evidence]
        result = check(record.claim, cited, as_of=AS_OF)
        checked += 1
        if result.verdict is not event.verdict:
            mismatches[record.claim.id] = (event.verdict, result.verdict, result.explain())
    return checked, mismatches


@pytest.mark.parametrize(
    ("forward", "exceptions"),
    [pytest.param(True, PREDICTION_EXCEPTIONS, id="predictions"), pytest.param(False, OTHER_EXCEPTIONS, id="others")],
)
def test_check_reproduces_recorded_verdicts(
    bundled: Ledger, forward: bool, exceptions: dict[str, tuple[Verdict, str]]
) -> None:
    checked, mismatches = _replay(bundled, forward)
    assert checked >= 10
    unexpected = {k: v for k, v in mismatches.items() if k not in exceptions}
    assert not unexpected, "\n\n".join(
        f"recorded {rec.value}, check says {got.value}:\n{why}" for rec, got, why in (unexpected.values())
    )
    stale = sorted(set(exceptions) - set(mismatches))
    assert not stale, f"listed as exceptions but check now agrees (remove them): {stale}"
    for claim_id, (want, _) in exceptions.items():
        assert mismatches[claim_id][1] is want, mismatches[claim_id][2]
    # the listed exceptions stay a minority
    assert len(mismatches) * 3 < checked


def test_open_predictions_stay_open_or_overdue(bundled: Ledger) -> None:
    """Claims the ledger keeps open are not resolved by their own held evidence."""
    for record in bundled.records():
        if status_event(record.events) is not None:
            continue
        result = check(record.claim, record.evidence, as_of=AS_OF)
        assert result.verdict is Verdict.OPEN, result.explain()
        deadline = record.claim.deadline
        assert result.overdue is (deadline is not None and deadline < AS_OF)
