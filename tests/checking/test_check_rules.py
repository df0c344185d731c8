"""Table-driven tests of every rule of ``check``, with dated evidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from claimtrack.checking import Assessment, check, keyword_stance
from claimtrack.model import Claim, Evidence, Stance, Verdict

AS_OF = date(2026, 11, 27)

# (id, claim, claim overrides, [(report, overrides)], as_of, verdict, overdue, ignored codes, reason fragment)
CASES: list[tuple[str, str, dict[str, Any], list[tuple[str, dict[str, Any]]], date, Verdict, bool, set[str], str]] = [
    (
        "support-inside-horizon-is-true",
        "amazing-model-2024",
        {},
        [("gpt-4o", {"stance": "supports"})],
        AS_OF,
        Verdict.TRUE,
        False,
        set(),
        "on or before the deadline 2024-12-31",
    ),
    (
        "support-on-the-deadline-day-is-true",
        "amazing-model-2024",
        {},
        [("gpt-4o", {"stance": "supports", "occurred_on": "2024-12-31"})],
        AS_OF,
        Verdict.TRUE,
        False,
        set(),
        "inside the horizon -> true",
    ),
    (
        "support-after-deadline-is-false-with-lateness",
        "releases-coming-months",
        {},
        [("sora-ga", {"stance": "supports", "occurred_on": "2024-12-09"})],
        AS_OF,
        Verdict.FALSE,
        False,
        set(),
        "82 days after the deadline 2024-09-18",
    ),
    (
        "support-dated-only-by-late-publication-needs-a-person",
        "releases-coming-months",
        {},
        [("sora-ga", {"stance": "supports"})],
        AS_OF,
        Verdict.OPEN,
        True,
        set(),
        "without an event date",
    ),
    (
        "occurred-on-straddling-the-deadline-needs-a-person",
        "amazing-model-2024",
        {},
        [("gpt-5", {"stance": "supports", "published_on": "2025-01-10", "occurred_on": "2024-12-15..2025-01-05"})],
        AS_OF,
        Verdict.OPEN,
        True,
        set(),
        "straddles the deadline 2024-12-31",
    ),
    (
        "refuting-evidence-is-false",
        "ilya-work-together",
        {},
        [("ilya-leaving", {"stance": "refutes"})],
        AS_OF,
        Verdict.FALSE,
        False,
        set(),
        "refuted by",
    ),
    (
        "support-and-refutation-is-mixed",
        "hallucination-better-next",
        {},
        [("gpt5-hallucinates-less", {"stance": "supports"}), ("o3-hallucinates-more", {"stance": "refutes"})],
        AS_OF,
        Verdict.MIXED,
        False,
        set(),
        "evidence conflicts",
    ),
    (
        "leakage-evidence-before-the-claim-cannot-resolve-a-prediction",
        "amazing-model-2024",
        {},
        [("sora-announced", {"stance": "supports"})],
        AS_OF,
        Verdict.OPEN,
        True,
        {"before_claim"},
        "leakage guard",
    ),
    (
        "leakage-fuzzy-month-overlapping-the-claim-is-not-trusted",
        "amazing-model-2024",
        {},
        [("gpt-4o", {"stance": "supports", "published_on": "2024-03"})],
        AS_OF,
        Verdict.OPEN,
        True,
        {"before_claim"},
        "may have been published before",
    ),
    (
        "as-of-cut-off-hides-later-evidence",
        "amazing-model-2024",
        {},
        [("gpt-4o", {"stance": "supports"})],
        date(2024, 5, 12),
        Verdict.OPEN,
        False,
        {"after_as_of"},
        "published after as_of",
    ),
    (
        "as-of-fuzzy-month-straddling-as-of-is-not-used",
        "hallucination-better-next",
        {},
        [("gpt5-hallucinates-less", {"stance": "supports"})],
        date(2025, 8, 15),
        Verdict.OPEN,
        False,
        {"after_as_of"},
        "may have been published after",
    ),
    (
        "nothing-usable-after-the-deadline-is-overdue",
        "amazing-model-2024",
        {},
        [],
        date(2025, 1, 15),
        Verdict.OPEN,
        True,
        set(),
        "15 days before 2025-01-15 -> open, overdue",
    ),
    (
        "nothing-usable-before-the-deadline-is-not-overdue",
        "youtube-ai-content-5y",
        {},
        [("kapwing-youtube", {"stance": "context"})],
        AS_OF,
        Verdict.OPEN,
        False,
        set(),
        "context only",
    ),
    (
        "open-ended-commitment-is-never-overdue",
        "ilya-work-together",
        {},
        [],
        AS_OF,
        Verdict.OPEN,
        False,
        set(),
        "open-ended",
    ),
    (
        "assertion-judged-on-evidence-from-before-it-was-said",
        "memory-recently-implemented",
        {},
        [("memory-test", {"stance": "supports"})],
        AS_OF,
        Verdict.TRUE,
        False,
        set(),
        "supported by evidence up to 2026-11-27",
    ),
    (
        "denial-supported-is-true",
        "ilya-did-not-see-agi",
        {},
        [("agi-not-declared", {"stance": "supports"})],
        AS_OF,
        Verdict.TRUE,
        False,
        set(),
        "supported",
    ),
    (
        "assertion-still-obeys-as-of",
        "ilya-did-not-see-agi",
        {},
        [("agi-not-declared", {"stance": "supports"})],
        date(2026, 1, 31),
        Verdict.OPEN,
        False,
        {"after_as_of"},
        "no usable evidence",
    ),
    (
        "uncertainty-judged-as-an-assertion-of-not-knowing",
        "gpt5-date-unknown",
        {},
        [("gpt-5", {"stance": "context"})],
        AS_OF,
        Verdict.OPEN,
        False,
        set(),
        "does not resolve it",
    ),
    (
        "opinion-is-not-checkable",
        "fission-new-reactors",
        {},
        [("helion-construction", {"stance": "supports"})],
        AS_OF,
        Verdict.NOT_CHECKABLE,
        False,
        {"opinion"},
        "not checkable",
    ),
    (
        "evidence-without-stance-is-reported-not-used",
        "amazing-model-2024",
        {},
        [("gpt-4o", {})],
        AS_OF,
        Verdict.OPEN,
        True,
        {"no_stance"},
        "a stance is never invented",
    ),
    (
        "evidence-without-date-is-reported",
        "amazing-model-2024",
        {},
        [("gpt-4o", {"stance": "supports", "published_on": None})],
        AS_OF,
        Verdict.OPEN,
        True,
        {"no_date"},
        "no publication date",
    ),
    (
        "event-after-as-of-has-not-happened",
        "youtube-ai-content-5y",
        {},
        [("kapwing-youtube", {"stance": "supports", "occurred_on": "2027-01-01"})],
        AS_OF,
        Verdict.OPEN,
        False,
        {"occurs_after_as_of"},
        "lies after as_of",
    ),
    (
        "event-before-a-later-horizon-start-cannot-fulfil",
        "amazing-model-2024",
        {"horizon": {"text": "next year", "start": "2025-01-01", "end": "2025-12-31"}},
        [("o1", {"stance": "supports"})],
        AS_OF,
        Verdict.OPEN,
        True,
        set(),
        "before the horizon started on 2025-01-01",
    ),
]


@pytest.mark.parametrize(
    ("claim_id", "overrides", "items", "as_of", "verdict", "overdue", "codes", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_rule(
    claim: Callable[..., Claim],
    report: Callable[..., Evidence],
    claim_id: str,
    overrides: dict[str, Any],
    items: list[tuple[str, dict[str, Any]]],
    as_of: date,
    verdict: Verdict,
    overdue: bool,
    codes: set[str],
    fragment: str,
) -> None:
    evidence = [report(key, **extra) for key, extra in items]
    result = check(claim(claim_id, **overrides), evidence, as_of=as_of)
    assert isinstance(result, Assessment)
    assert result.verdict is verdict, result.explain()
    assert result.overdue is overdue, result.explain()
    assert {i.code for i in result.ignored} == codes, result.explain()
    assert fragment in result.explain(), result.explain()
    # every item is accounted for exactly once
    assert len(result.used) + len(result.ignored) == len(evidence)


def test_mixed_lists_both_sides(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    pro = report("gpt5-hallucinates-less", stance="supports")
    con = report("o3-hallucinates-more", stance="refutes")
    result = check(claim("hallucination-better-next"), [pro, con], as_of=AS_OF)
    conflict = next(r for r in result.reasons if "conflicts" in r)
    assert pro.id in conflict.split("refuted by")[0]
    assert con.id in conflict.split("refuted by")[1]


def test_effective_dates(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    """True takes effect on the event; lateness the day after the deadline; assertions when said."""
    true = check(claim("amazing-model-2024"), [report("gpt-4o", stance="supports")], as_of=AS_OF)
    assert true.effective_on == date(2024, 5, 13)
    late = check(
        claim("releases-coming-months"),
        [report("sora-ga", stance="supports", occurred_on="2024-12-09")],
        as_of=AS_OF,
    )
    assert late.effective_on == date(2024, 9, 19)
    refuted = check(claim("ilya-work-together"), [report("ilya-leaving", stance="refutes")], as_of=AS_OF)
    assert refuted.effective_on == date(2024, 5, 14)
    assertion = check(claim("memory-recently-implemented"), [report("memory-test", stance="supports")], as_of=AS_OF)
    assert assertion.effective_on == date(2024, 3, 18)
    still_open = check(claim("amazing-model-2024"), [], as_of=AS_OF)
    assert still_open.effective_on is None


def test_on_time_support_outweighs_a_late_one(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    result = check(
        claim("amazing-model-2024"),
        [report("gpt-5", stance="supports"), report("gpt-4o", stance="supports")],
        as_of=AS_OF,
    )
    assert result.verdict is Verdict.TRUE
    assert {f.timing for f in result.findings} == {"on_time", "late"}


def test_fallback_to_published_on_is_said(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    result = check(claim("amazing-model-2024"), [report("gpt-4o", stance="supports")], as_of=AS_OF)
    assert result.findings[0].dated_by == "published_on"
    assert any("no occurred_on: dated by published_on" in r for r in result.reasons)
    with_date = check(
        claim("amazing-model-2024"), [report("gpt-4o", stance="supports", occurred_on="2024-05-13")], as_of=AS_OF
    )
    assert with_date.findings[0].dated_by == "occurred_on"
    assert not any("dated by published_on" in r for r in with_date.reasons)


def test_malformed_url_is_reported(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    """Evidence built around validation (model_construct) with a bad URL is still caught."""
    good = report("gpt-4o", stance="supports")
    bad = Evidence.model_construct(**{**dict(good), "id": "ev-bad", "url": "htp:/vercel.com gpt-4o"})
    result = check(claim("amazing-model-2024"), [bad], as_of=AS_OF)
    assert result.verdict is Verdict.OPEN
    assert [(i.item, i.code) for i in result.ignored] == [("ev-bad", "malformed_url")]


def test_check_never_invents_a_stance(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    """Without a stance and without a stance function, even glowing evidence is not used."""
    ev = report("gpt-4o", title="OpenAI released GPT-4o, its amazing new model")
    assert check(claim("amazing-model-2024"), [ev], as_of=AS_OF).verdict is Verdict.OPEN
    with_function = check(claim("amazing-model-2024"), [ev], as_of=AS_OF, stance=keyword_stance)
    assert with_function.verdict is Verdict.TRUE
    assert with_function.findings[0].stance_from == "keyword_stance"


def test_given_stance_wins_over_the_function(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    calls: list[str] = []

    def always_refutes(c: Claim, e: Evidence) -> Stance | None:
        calls.append(e.id)
        return Stance.REFUTES

    given = report("gpt-4o", stance="supports")
    result = check(claim("amazing-model-2024"), [given], as_of=AS_OF, stance=always_refutes)
    assert result.verdict is Verdict.TRUE
    assert calls == []


def test_a_single_evidence_value_is_accepted(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    assert check(claim("ilya-work-together"), report("ilya-leaving", stance="refutes"), as_of=AS_OF).verdict is (
        Verdict.FALSE
    )


def test_mixed_stance_on_one_item_gives_mixed(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    result = check(claim("hallucination-better-next"), [report("gpt5-hallucinates-less", stance="mixed")], as_of=AS_OF)
    assert result.verdict is Verdict.MIXED


def test_ledger_check_delegates(
    memory_ledger: Any, claim: Callable[..., Claim], report: Callable[..., Evidence]
) -> None:
    memory_ledger.add(claim("amazing-model-2024"))
    with pytest.warns(DeprecationWarning, match="claimtrack.check"):
        result = memory_ledger.check("amazing-model-2024", [report("gpt-4o", stance="supports")], as_of=AS_OF)
    assert result.verdict is Verdict.TRUE
    assert len(memory_ledger.history("amazing-model-2024")) == 0  # checking writes nothing
