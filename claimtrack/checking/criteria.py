"""Machine-checkable criteria: structured conditions evaluated against the facts evidence carries.

A claim may carry :class:`~claimtrack.model.EventCriterion`,
:class:`~claimtrack.model.ThresholdCriterion` and
:class:`~claimtrack.model.ContainsCriterion` next to the plain-text criteria
written for people. Evidence may carry :class:`~claimtrack.model.EventFact`,
:class:`~claimtrack.model.MeasureFact` and :class:`~claimtrack.model.ListFact`.
Facts are matched to criteria by key (``event``, ``metric`` + ``unit``,
``collection``), compared case-insensitively. A fact only ever shows that a
criterion was *met* on a date; a measurement below the threshold, or a list
without the item, is reported but never taken as proof of failure, because
the number may have been reached, or the item listed, at another time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

import attrs

from claimtrack.model import (
    Claim,
    ContainsCriterion,
    DateRange,
    EventCriterion,
    EventFact,
    Evidence,
    ListFact,
    MeasureFact,
    ThresholdCriterion,
)

__all__ = ["CriterionResult", "DatedBy", "StructuredCriterion", "evaluate_criteria", "structured_criteria"]

StructuredCriterion = EventCriterion | ThresholdCriterion | ContainsCriterion


class DatedBy(StrEnum):
    """Which date of the evidence placed a reported event in time, most precise first."""

    FACT = "fact"
    """The fact's own date (an event or measurement carries it)."""
    OCCURRED_ON = "occurred_on"
    """The evidence's ``occurred_on``: when the reported event happened."""
    PUBLISHED_ON = "published_on"
    """The fallback: only the publication date is known, so the event happened by then."""


@attrs.frozen(kw_only=True)
class CriterionResult:
    """What one fact of one piece of evidence says about one structured criterion."""

    criterion: StructuredCriterion
    evidence: Evidence
    met: bool
    """True when the fact shows the criterion met; False when it shows it not (yet) met at that date."""
    when: DateRange
    """When the fact holds: the fact's own date, else the evidence's occurred_on, else published_on."""
    dated_by: DatedBy
    """Where ``when`` came from."""
    reason: str


def structured_criteria(claim: Claim) -> tuple[StructuredCriterion, ...]:
    """The claim's machine-checkable criteria (plain-text criteria are for people)."""
    return tuple(c for c in claim.criteria if isinstance(c, EventCriterion | ThresholdCriterion | ContainsCriterion))


def describe(criterion: StructuredCriterion) -> str:
    """A short label of a criterion for reasons."""
    if isinstance(criterion, EventCriterion):
        return f"event {criterion.event!r}"
    if isinstance(criterion, ThresholdCriterion):
        return f"{criterion.metric} {criterion.op} {criterion.value:g} {criterion.unit}"
    return f"{criterion.item!r} in {criterion.collection!r}"


def _when(evidence: Evidence, fact_day: date | None) -> tuple[DateRange, DatedBy] | None:
    if fact_day is not None:
        return DateRange.day(fact_day), DatedBy.FACT
    if evidence.occurred_on is not None:
        return evidence.occurred_on, DatedBy.OCCURRED_ON
    if evidence.published_on is not None:
        return evidence.published_on, DatedBy.PUBLISHED_ON
    return None


_OPS = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def evaluate_criteria(
    criteria: Iterable[StructuredCriterion], evidence: Evidence
) -> tuple[tuple[CriterionResult, ...], tuple[str, ...]]:
    """Results for every fact of ``evidence`` that matches one of ``criteria``, plus notes.

    Notes explain facts that share a key with a criterion but cannot be
    compared (a measure in another unit).
    """
    results: list[CriterionResult] = []
    notes: list[str] = []
    for criterion in criteria:
        for fact in evidence.facts:
            if isinstance(criterion, EventCriterion) and isinstance(fact, EventFact):
                if _key(fact.event) != _key(criterion.event):
                    continue
                dated = _when(evidence, fact.occurred_on)
                if dated is None:
                    continue
                results.append(
                    CriterionResult(
                        criterion=criterion,
                        evidence=evidence,
                        met=True,
                        when=dated[0],
                        dated_by=dated[1],
                        reason=f"{evidence.id} reports event {fact.event!r} on {dated[0]}",
                    )
                )
            elif isinstance(criterion, ThresholdCriterion) and isinstance(fact, MeasureFact):
                if _key(fact.metric) != _key(criterion.metric):
                    continue
                if _key(fact.unit) != _key(criterion.unit):
                    notes.append(
                        f"{evidence.id} measures {fact.metric!r} in {fact.unit!r}, not {criterion.unit!r}: "
                        "not compared (no unit conversion)"
                    )
                    continue
                dated = _when(evidence, fact.on)
                if dated is None:
                    continue
                met = bool(_OPS[criterion.op](fact.value, criterion.value))
                verb = "meets" if met else "does not meet"
                results.append(
                    CriterionResult(
                        criterion=criterion,
                        evidence=evidence,
                        met=met,
                        when=dated[0],
                        dated_by=dated[1],
                        reason=(
                            f"{evidence.id}: {fact.metric} = {fact.value:g} {fact.unit} on {dated[0]}, "
                            f"which {verb} {describe(criterion)}"
                        ),
                    )
                )
            elif isinstance(criterion, ContainsCriterion) and isinstance(fact, ListFact):
                if _key(fact.collection) != _key(criterion.collection):
                    continue
                dated = _when(evidence, fact.on)
                if dated is None:
                    continue
                met = _key(criterion.item) in {_key(i) for i in fact.items}
                verb = "contains" if met else "does not contain"
                results.append(
                    CriterionResult(
                        criterion=criterion,
                        evidence=evidence,
                        met=met,
                        when=dated[0],
                        dated_by=dated[1],
                        reason=f"{evidence.id}: {fact.collection!r} on {dated[0]} {verb} {criterion.item!r}",
                    )
                )
    return tuple(results), tuple(notes)
