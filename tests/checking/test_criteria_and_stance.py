"""Structured criteria evaluated against facts, and the keyword stance baseline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from claimtrack.checking import check, keyword_stance
from claimtrack.checking.stance import StanceFunction
from claimtrack.model import (
    Claim,
    ContainsCriterion,
    EventCriterion,
    EventFact,
    Evidence,
    ListFact,
    MeasureFact,
    Stance,
    TextCriterion,
    ThresholdCriterion,
    Verdict,
)

AS_OF = date(2026, 11, 27)

FLAGSHIP = EventCriterion(event="openai-new-flagship-model")
BOARD = ContainsCriterion(collection="OpenAI board", item="Fidji Simo")
# METR measures the length of tasks models complete at 50% reliability; GPT-5 reached ~2 hours (2025).
TASKS = ThresholdCriterion(metric="METR 50% task length", op=">=", value=2, unit="hours")


def test_event_fact_on_time_resolves_without_a_stance(
    claim: Callable[..., Claim], report: Callable[..., Evidence]
) -> None:
    c = claim("amazing-model-2024", criteria=(TextCriterion(text="a new flagship model ships in 2024"), FLAGSHIP))
    ev = report("gpt-4o", facts=(EventFact(event="OpenAI-New-Flagship-Model", occurred_on=date(2024, 5, 13)),))
    result = check(c, [ev], as_of=AS_OF)
    assert result.verdict is Verdict.TRUE
    assert result.findings[-1].stance_from == "criteria"
    assert result.effective_on == date(2024, 5, 13)


def test_event_fact_after_the_criterion_deadline_is_late(
    claim: Callable[..., Claim], report: Callable[..., Evidence]
) -> None:
    early = EventCriterion(event="openai-new-flagship-model", by=date(2024, 4, 30))
    c = claim("amazing-model-2024", criteria=(early,))
    ev = report("gpt-4o", facts=(EventFact(event="openai-new-flagship-model", occurred_on=date(2024, 5, 13)),))
    result = check(c, [ev], as_of=AS_OF)
    assert result.verdict is Verdict.FALSE
    assert any("13 days after the deadline 2024-04-30" in r for r in result.reasons), result.explain()


def test_unmatched_event_key_is_no_evidence(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    c = claim("amazing-model-2024", criteria=(FLAGSHIP,))
    ev = report("gpt-4o", facts=(EventFact(event="sora-release", occurred_on=date(2024, 12, 9)),))
    result = check(c, [ev], as_of=AS_OF)
    assert result.verdict is Verdict.OPEN
    assert [i.code for i in result.ignored] == ["no_stance"]


def test_threshold_met_and_not_met(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    c = claim("hallucination-better-next", criteria=(TASKS,))
    below = report("o3-hallucinates-more", facts=(MeasureFact(metric="METR 50% task length", value=1.5, unit="hours"),))
    met = report(
        "gpt5-hallucinates-less",
        facts=(MeasureFact(metric="METR 50% task length", value=2.0, unit="hours", on=date(2025, 8, 7)),),
    )
    only_below = check(c, [below], as_of=AS_OF)
    assert only_below.verdict is Verdict.OPEN  # a number below the bar is no proof of failure
    assert any("does not meet" in r for r in only_below.reasons)
    both = check(c, [below, met], as_of=AS_OF)
    assert both.verdict is Verdict.TRUE
    assert both.effective_on == date(2025, 8, 7)


def test_threshold_in_another_unit_is_not_compared(
    claim: Callable[..., Claim], report: Callable[..., Evidence]
) -> None:
    c = claim("hallucination-better-next", criteria=(TASKS,))
    minutes = report(
        "gpt5-hallucinates-less", facts=(MeasureFact(metric="METR 50% task length", value=130, unit="minutes"),)
    )
    result = check(c, [minutes], as_of=AS_OF)
    assert result.verdict is Verdict.OPEN
    assert any("no unit conversion" in r for r in result.reasons)


def test_contains_criterion_for_an_assertion(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    c = claim("memory-recently-implemented", criteria=(BOARD,))
    board = ("Sue Desmond-Hellmann", "Nicole Seligman", "Fidji Simo", "Sam Altman")
    ev = report("memory-test", facts=(ListFact(collection="openai board", items=board, on=date(2024, 3, 8)),))
    assert check(c, [ev], as_of=AS_OF).verdict is Verdict.TRUE
    missing = report("memory-test", facts=(ListFact(collection="OpenAI board", items=board[:2]),))
    assert check(c, [missing], as_of=AS_OF).verdict is Verdict.OPEN


def test_all_criteria_must_be_met(claim: Callable[..., Claim], report: Callable[..., Evidence]) -> None:
    c = claim("amazing-model-2024", criteria=(FLAGSHIP, EventCriterion(event="gpt-5-release")))
    ev = report("gpt-4o", facts=(EventFact(event="openai-new-flagship-model"),))
    result = check(c, [ev], as_of=AS_OF)
    assert result.verdict is Verdict.OPEN
    assert any("criteria not yet shown met: event 'gpt-5-release'" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("claim_id", "title", "expected"),
    [
        ("amazing-model-2024", "OpenAI launches GPT-4o, its new flagship model", Stance.SUPPORTS),
        ("amazing-model-2024", "OpenAI delays its next model", Stance.REFUTES),
        ("amazing-model-2024", "OpenAI CEO talks about models", None),
        ("amazing-model-2024", "OpenAI launches GPT-4o but delays voice mode", None),
        ("ilya-did-not-see-agi", "OpenAI announced it has built AGI", Stance.REFUTES),
        ("ilya-did-not-see-agi", "No AGI has been declared", Stance.SUPPORTS),
        ("gpt5-date-unknown", "GPT-5 released", None),
        ("fission-new-reactors", "Constellation restarts reactor, launched PPA", None),
        ("amazing-model-2024", "OpenAIが新モデルを発表", Stance.SUPPORTS),
        ("amazing-model-2024", "新モデルの公開を延期", None),
    ],
)
def test_keyword_stance(claim: Callable[..., Claim], claim_id: str, title: str, expected: Stance | None) -> None:
    ev = Evidence(url="https://example.org/x", title=title, published_on="2024-05-13")
    assert keyword_stance(claim(claim_id), ev) is expected


def test_stance_protocol_accepts_plain_functions() -> None:
    def none(c: Claim, e: Evidence) -> Stance | None:
        return None

    assert isinstance(none, StanceFunction)
    assert isinstance(keyword_stance, StanceFunction)
