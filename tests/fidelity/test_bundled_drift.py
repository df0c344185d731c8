"""Drift detection on the bundled ledger: the article's recorded distortions, and its faithful renderings.

The facts come from the ledger itself: each secondary source's recorded
``fidelity``, and the ``[research key finding N]`` mark in its ``fidelity_note``
that ties a rendering to one of the research's 14 key findings (README of the
bundled ledger, "The 14 distortions"). The floors and ceilings below are the
figures measured when the detector was written (docs/fidelity.md): a change
may improve them, never make them worse.

Reproduce the figures: ``python -m pytest -q tests/fidelity/test_bundled_drift.py -s`` (it prints them).
"""

from __future__ import annotations

import re

import claimtrack as ct
from claimtrack.fidelity import DriftKind
from claimtrack.fidelity.claims import SourceCheck, check_claims

MEASURED_RENDERINGS_FLAGGED = 7
"""Of the 21 renderings the research ties to a key finding (recorded distorted, partly faithful...)."""
MEASURED_FINDINGS_FLAGGED = 5
"""Of the 14 key findings: 2 (10年), 3 (はるか未来), 6 (重要ではない), 10 and 14."""
MEASURED_DISTORTED_FLAGGED = 4
"""Of the renderings recorded ``distorted``."""
MEASURED_FALSE_FLAGS = 0
"""Renderings recorded faithful or verbatim on which anything is flagged."""

_FINDING = re.compile(r"\[research key finding (\d+)\]")


def _findings(check: SourceCheck) -> set[int]:
    return {int(n) for n in _FINDING.findall(check.source.fidelity_note or "")}


def _measure(checks: list[SourceCheck]) -> dict[str, int]:
    distortions = [c for c in checks if _findings(c) and not (c.recorded and c.recorded.is_faithful)]
    flagged = [c for c in distortions if c.report is not None and c.report.flags]
    faithful = [c for c in checks if c.recorded is not None and c.recorded.is_faithful]
    distorted = [c for c in checks if c.recorded is ct.Fidelity.DISTORTED]
    return {
        "renderings": len(distortions),
        "renderings_flagged": len(flagged),
        "findings_flagged": len({n for c in flagged for n in _findings(c)}),
        "distorted": len(distorted),
        "distorted_flagged": sum(1 for c in distorted if c.report is not None and c.report.flags),
        "faithful": len(faithful),
        "false_flags": sum(1 for c in faithful if c.report is not None and c.report.flags),
    }


def test_recorded_distortions_flagged_and_faithful_left_alone(bundled: ct.Ledger) -> None:
    checks = check_claims(bundled.claims())
    m = _measure(checks)
    print(f"\nbundled ledger: {m}")
    assert m["renderings_flagged"] >= MEASURED_RENDERINGS_FLAGGED
    assert m["findings_flagged"] >= MEASURED_FINDINGS_FLAGGED
    assert m["distorted_flagged"] >= MEASURED_DISTORTED_FLAGGED
    assert m["false_flags"] <= MEASURED_FALSE_FLAGS


def test_the_two_named_distortions(bundled: ct.Ledger) -> None:
    """「10年」 for "by the end of this decade", and 「重要ではない」 for "it is important that ... no one person"."""
    by_id = {c.claim_id: c for c in check_claims(bundled.claims())}
    decade = by_id["capable-systems-end-of-decade"].report
    assert decade is not None
    horizon = next(f for f in decade.flags if f.kind is DriftKind.HORIZON)
    assert horizon.original_span == "by the end of this decade"
    assert horizon.rendering_span == "10年"
    assert "2029-12-31" in horizon.explanation
    assert "2034-03-18" in horizon.explanation
    assert decade.proposed is ct.Fidelity.DISTORTED
    control = by_id["no-one-person-control"].report
    assert control is not None
    negation = next(f for f in control.flags if f.kind is DriftKind.NEGATION)
    assert negation.original_value == "affirmed"
    assert negation.rendering_value == "negated"
    assert "重要ではない" in (negation.rendering_span or "")


def test_seven_trillion_is_faithful(bundled: ct.Ledger) -> None:
    """The seed's 7兆ドル for "$7 trillion" raises no number flag."""
    by_id = {c.claim_id: c for c in check_claims(bundled.claims())}
    report = by_id["7t-tweet-denial-and-8-meme"].report
    assert report is not None
    assert DriftKind.NUMBER not in report.kinds


def test_recorded_fidelity_is_never_replaced(bundled: ct.Ledger) -> None:
    for check in check_claims(bundled.claims()):
        if check.report is not None:
            assert check.report.recorded is check.source.fidelity
            assert check.report.fidelity is (check.source.fidelity or check.report.proposed)


def test_a_rendering_without_an_original_is_named(bundled: ct.Ledger) -> None:
    by_id = {c.claim_id: c for c in check_claims(bundled.claims())}
    red_team = by_id["sora-red-team"]
    assert red_team.report is None
    assert red_team.problem is not None
    assert "sora-red-team" in red_team.problem
