"""``check``: weigh dated evidence against one claim, with the temporal guard.

The rules, in the order they are applied (docs/checking.md has the full
table and the reasoning behind each side chosen for fuzzy dates):

1. Opinions are ``not_checkable``; nothing is weighed.
2. Guard, per evidence item: a malformed URL, no ``published_on``, or a
   publication that may fall after ``as_of`` (``published_on.end > as_of``)
   puts the item in ``ignored``. For predictions and commitments, an item
   that may have been published before the claim was made
   (``published_on.start < said_on.end``) is ignored too: it cannot resolve
   the claim (the leakage guard). An event that may lie after ``as_of``
   (``occurred_on.start > as_of``) has not happened yet and is ignored.
3. The event date is ``occurred_on``; without it, ``published_on`` stands in
   and a reason says so. A report is never earlier than its event, so the
   stand-in is a safe upper bound for "on time" but proves nothing about
   lateness.
4. Stance: the one on the evidence, else the stance function passed in,
   else facts matching structured criteria; with none of these the item is
   ignored (``no_stance``): the checker never invents a stance. A stance
   function that explains itself (``explain``) is asked once for its
   reading, and the finding keeps its rationale and confidence.
5. Predictions and commitments: support for an event certainly inside the
   horizon -> true; certainly after the deadline -> false, with the lateness;
   refutation -> false; support and refutation -> mixed, listing both;
   nothing that resolves it -> open, and overdue once the deadline has
   passed by ``as_of``. Timing that straddles a boundary needs a person.
6. Assertions, denials and uncertainty statements are judged on evidence of
   any date up to ``as_of`` (no leakage guard, no horizon).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

import attrs

from claimtrack.checking.criteria import (
    CriterionResult,
    DatedBy,
    StructuredCriterion,
    describe,
    evaluate_criteria,
    structured_criteria,
)
from claimtrack.checking.stance import StanceFunction, StanceReading, clip, read_stance, stance_name
from claimtrack.dates import DayInput, as_date
from claimtrack.model import Claim, ClaimKind, DateRange, Evidence, Stance, Verdict, html_repr
from claimtrack.model.urls import url_problem

__all__ = ["Assessment", "Finding", "Ignored", "IgnoredCode", "StanceFrom", "Timing", "check", "publication_guard"]


class Timing(StrEnum):
    """How an event date relates to a claim's horizon."""

    ON_TIME = "on_time"
    """Certainly inside the horizon (or any time, for an open-ended horizon)."""
    LATE = "late"
    """Certainly after the deadline."""
    BEFORE_HORIZON = "before_horizon"
    """Certainly before the horizon started: it cannot fulfil the claim."""
    UNCERTAIN = "uncertain"
    """The date straddles a boundary, or only a publication date after the deadline is known."""
    ANY = "any"
    """Timing does not matter (refutations; assertions and denials)."""


class IgnoredCode(StrEnum):
    """Why an evidence input was reported and not used: stable snake_case codes."""

    INVALID = "invalid"
    """Not a valid evidence object."""
    MALFORMED_URL = "malformed_url"
    """Its URL is not an absolute http(s) URL."""
    NO_DATE = "no_date"
    """No ``published_on``: whether it was known by ``as_of`` cannot be told."""
    AFTER_AS_OF = "after_as_of"
    """Published (or possibly published) after ``as_of``: not known yet."""
    BEFORE_CLAIM = "before_claim"
    """Published before a prediction or commitment was made: it cannot resolve it."""
    OCCURS_AFTER_AS_OF = "occurs_after_as_of"
    """Reports an event after ``as_of``: it had not happened yet."""
    OPINION = "opinion"
    """The claim is an opinion: nothing is checkable."""
    NO_STANCE = "no_stance"
    """No stance on the evidence, from a stance function or from criteria."""
    UNKNOWN_CLAIM = "unknown_claim"
    """The input names a claim the ledger does not hold."""


class StanceFrom(StrEnum):
    """Where a finding's stance came from, when not from a stance function (whose name is used instead)."""

    EVIDENCE = "evidence"
    """Given on the evidence itself."""
    CRITERIA = "criteria"
    """From facts matching the claim's structured criteria."""


@attrs.frozen(kw_only=True)
class Ignored:
    """An input that was reported and not used, with why."""

    item: str
    """The evidence id, or the item's position (``#3``) when it has no readable id."""
    code: IgnoredCode
    reason: str
    evidence: Evidence | None = None

    def __str__(self) -> str:
        return f"{self.item}: {self.reason} [{self.code}]"


@attrs.frozen(kw_only=True)
class Finding:
    """What one usable piece of evidence says about the claim."""

    evidence: Evidence
    stance: Stance
    stance_from: StanceFrom | str
    """:class:`StanceFrom` (given on the evidence, or from criteria), or the stance function's name."""
    when: DateRange
    """The date of the reported event used for timing."""
    dated_by: DatedBy
    """Which date placed the event: ``occurred_on``, ``published_on`` (the fallback) or ``fact``."""
    timing: Timing
    reason: str
    deadline: date | None = None
    """The deadline the timing was judged against (a criterion's ``by`` or the horizon's end)."""
    rationale: str = ""
    """Why the stance is what it is, in the backend's words: the rule and cue of a no-model stance, a model's
    reasoning, the criterion met. Empty for a stance written on the evidence or from a function that gives none."""
    confidence: float | None = None
    """How sure the stance function was (0 to 1); None when it does not say or the stance was not computed."""
    quoted_span: str | None = None
    """The evidence's words the stance rests on, when the stance function named them."""

    def explain(self, limit: int = 200) -> str:
        """One line for a reviewer: the evidence, its stance, the backend, the confidence and the rationale.

        The rationale and the quoted span are put on one line and cut to ``limit`` characters each
        (with an ellipsis; 0: uncut).
        """
        sure = f", confidence {self.confidence:.2f}" if self.confidence is not None else ""
        line = f"{self.evidence.id} {self.stance.value} (stance {_source(self.stance_from)}{sure})"
        if self.rationale:
            line += f": {clip(self.rationale, limit)}"
        if self.quoted_span:
            line += f' [quoting "{clip(self.quoted_span, limit)}"]'
        return line


@attrs.frozen(kw_only=True)
class Assessment:
    """What the evidence implies for one claim as of a date, and why.

    ``verdict`` is the proposed verdict; ``overdue`` is True for a claim that
    stays open although its deadline passed before ``as_of``; ``reasons``
    has one human-readable line per rule that fired; ``used`` and
    ``ignored`` account for every evidence item given.
    """

    claim_id: str
    as_of: date
    verdict: Verdict
    overdue: bool = False
    reasons: tuple[str, ...] = ()
    used: tuple[Evidence, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    findings: tuple[Finding, ...] = ()
    effective_on: date | None = None
    """The day the verdict took effect in the world (None while open)."""
    needs_person: bool = False
    """True when a rule could not decide (timing straddles a boundary)."""

    @property
    def resolved(self) -> bool:
        """True when the verdict is anything but open."""
        return self.verdict.is_resolved

    def explain(self) -> str:
        """The verdict and its reasons as a few lines of text."""
        head = self.verdict.value + (" (overdue)" if self.overdue else "")
        lines = [f"{self.claim_id}: {head}"]
        lines.extend(f"  - {r}" for r in self.reasons)
        lines.extend(f"  ! ignored {i}" for i in self.ignored)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"Assessment({self.claim_id!r}, as_of={self.as_of}, verdict={self.verdict.value!r}, "
            f"reasons={len(self.reasons)}, used={len(self.used)}, ignored={len(self.ignored)})"
        )

    def _repr_html_(self) -> str | None:
        return html_repr(self)  # the verdict, reasons and evidence (claimtrack.renderers.notebook)


def publication_guard(ev: Evidence, as_of: DayInput) -> Ignored | None:
    """The rules that exclude ``ev`` whatever the claim: a malformed URL, no date, not known by ``as_of``.

    The review queue applies these once per input before matching; :func:`check`
    applies them, then the claim's own rules, to every item.
    """
    day = as_date(as_of, name="as_of")
    problem = url_problem(ev.url)
    if problem is not None:
        return Ignored(item=ev.id, code=IgnoredCode.MALFORMED_URL, reason=problem, evidence=ev)
    published = ev.published_on
    if published is None:
        return Ignored(
            item=ev.id,
            code=IgnoredCode.NO_DATE,
            reason="no published_on: cannot tell whether it was known by as_of",
            evidence=ev,
        )
    if published.end > day:
        how = "published" if published.start > day else "may have been published"
        return Ignored(
            item=ev.id,
            code=IgnoredCode.AFTER_AS_OF,
            reason=f"{how} after as_of {day} (published {published}): it was not known yet",
            evidence=ev,
        )
    return None


def _guard(claim: Claim, ev: Evidence, as_of: date) -> Ignored | None:
    """The first temporal or formal rule that excludes ``ev``, as an Ignored; None when it passes."""
    excluded = publication_guard(ev, as_of)
    if excluded is not None:
        return excluded
    published = ev.published_on
    assert published is not None  # the publication guard refuses undated evidence
    if claim.kind.is_forward_looking and published.start < claim.said_on.end:
        how = "published" if published.end < claim.said_on.start else "may have been published"
        return Ignored(
            item=ev.id,
            code=IgnoredCode.BEFORE_CLAIM,
            reason=(
                f"{how} before the {claim.kind.value} was made (published {published}, said {claim.said_on}): "
                "evidence known when a prediction was made cannot resolve it"
            ),
            evidence=ev,
        )
    if ev.occurred_on is not None and ev.occurred_on.start > as_of:
        return Ignored(
            item=ev.id,
            code=IgnoredCode.OCCURS_AFTER_AS_OF,
            reason=f"reports an event on {ev.occurred_on}, after as_of {as_of}: it had not happened yet",
            evidence=ev,
        )
    return None


def _timing(claim: Claim, when: DateRange, dated_by: DatedBy, deadline: date | None) -> Timing:
    """Where an event dated ``when`` falls relative to the horizon (conservatively)."""
    start = claim.horizon.start if claim.horizon is not None else claim.said_on.start
    if when.end < start:
        return Timing.BEFORE_HORIZON
    if when.start < start:
        return Timing.UNCERTAIN
    if deadline is None or when.end <= deadline:
        return Timing.ON_TIME
    if when.start > deadline:
        # A report is never earlier than its event: a publication date after the
        # deadline does not show that the event itself came late.
        return Timing.LATE if dated_by is not DatedBy.PUBLISHED_ON else Timing.UNCERTAIN
    return Timing.UNCERTAIN


def _event_date(ev: Evidence) -> tuple[DateRange, DatedBy]:
    if ev.occurred_on is not None:
        return ev.occurred_on, DatedBy.OCCURRED_ON
    assert ev.published_on is not None  # guarded before
    return ev.published_on, DatedBy.PUBLISHED_ON


def _source(stance_from: StanceFrom | str) -> str:
    return "given on the evidence" if stance_from is StanceFrom.EVIDENCE else f"from {stance_from}"


def _stance_finding(
    claim: Claim,
    ev: Evidence,
    reading: StanceReading,
    stance_from: StanceFrom | str,
    forward: bool,
    deadline: date | None,
) -> Finding:
    stance = reading.stance
    assert stance is not None
    when, dated_by = _event_date(ev)
    source = _source(stance_from)
    fallback = " (no occurred_on: dated by published_on)" if dated_by is DatedBy.PUBLISHED_ON else ""
    if not forward or stance is not Stance.SUPPORTS:
        timing = Timing.ANY
        reason = f"{ev.id} {stance.value} the claim (stance {source}), event {when}{fallback}"
        return Finding(
            evidence=ev,
            stance=stance,
            stance_from=stance_from,
            when=when,
            dated_by=dated_by,
            timing=timing,
            reason=reason,
            rationale=reading.rationale,
            confidence=reading.confidence,
            quoted_span=reading.quoted_span,
        )
    timing = _timing(claim, when, dated_by, deadline)
    reason = f"{ev.id} supports the claim (stance {source}): event {when}{fallback}, " + _timing_text(
        timing, when, claim, deadline, dated_by
    )
    return Finding(
        evidence=ev,
        stance=stance,
        stance_from=stance_from,
        when=when,
        dated_by=dated_by,
        timing=timing,
        reason=reason,
        deadline=deadline,
        rationale=reading.rationale,
        confidence=reading.confidence,
        quoted_span=reading.quoted_span,
    )


def _timing_text(timing: Timing, when: DateRange, claim: Claim, deadline: date | None, dated_by: DatedBy) -> str:
    start = claim.horizon.start if claim.horizon is not None else claim.said_on.start
    if timing is Timing.ON_TIME:
        return "open-ended horizon" if deadline is None else f"on or before the deadline {deadline}"
    if timing is Timing.LATE:
        assert deadline is not None
        return f"after the deadline {deadline}: {(when.start - deadline).days} days late"
    if timing is Timing.BEFORE_HORIZON:
        return f"before the horizon started on {start}: it cannot fulfil the claim"
    if dated_by is DatedBy.PUBLISHED_ON and deadline is not None and when.start > deadline:
        return (
            f"reported after the deadline {deadline} without an event date: whether it happened in time needs a person"
        )
    edge = f"the deadline {deadline}" if deadline is not None and when.end > deadline else f"the horizon start {start}"
    return f"the date straddles {edge}: whether it counts needs a person"


def _criteria_findings(
    claim: Claim,
    criteria: tuple[StructuredCriterion, ...],
    results: list[CriterionResult],
    forward: bool,
    reasons: list[str],
) -> list[Finding]:
    """Findings from structured criteria: all met in time -> support; one met only late -> late."""
    if not criteria or not results:
        return []
    per_criterion: list[tuple[StructuredCriterion, Finding | None]] = []
    for criterion in criteria:
        mine = [r for r in results if r.criterion is criterion]
        for r in mine:
            reasons.append(f"criterion {describe(criterion)}: {r.reason}")
        met = [r for r in mine if r.met]
        if not met:
            per_criterion.append((criterion, None))
            continue
        deadline = criterion.by if criterion.by is not None else claim.deadline
        best: Finding | None = None
        for r in sorted(met, key=lambda r: (r.when.end, r.evidence.id)):
            timing = _timing(claim, r.when, r.dated_by, deadline) if forward else Timing.ANY
            finding = Finding(
                evidence=r.evidence,
                stance=Stance.SUPPORTS,
                stance_from=StanceFrom.CRITERIA,
                when=r.when,
                dated_by=r.dated_by,
                timing=timing,
                deadline=deadline,
                reason=f"criterion {describe(criterion)} met: {r.reason}, "
                + (_timing_text(timing, r.when, claim, deadline, r.dated_by) if forward else "any date counts"),
                rationale=f"criterion {describe(criterion)} met: {r.reason}",
            )
            if best is None or _rank(finding.timing) < _rank(best.timing):
                best = finding
        per_criterion.append((criterion, best))
    found = [f for _, f in per_criterion if f is not None]
    missing = [describe(c) for c, f in per_criterion if f is None]
    if missing and not any(f.timing is Timing.LATE for f in found):
        reasons.append(f"criteria not yet shown met: {', '.join(missing)}; the met ones alone do not resolve the claim")
        return []
    if any(f.timing is Timing.LATE for f in found):
        return [f for f in found if f.timing is Timing.LATE]
    return found


def _rank(timing: Timing) -> int:
    return [Timing.ON_TIME, Timing.ANY, Timing.UNCERTAIN, Timing.LATE, Timing.BEFORE_HORIZON].index(timing)


def _clamp(day: date, claim: Claim, as_of: date) -> date:
    return min(max(day, claim.said_on.start), as_of)


def _group_ignored(ignored: list[Ignored]) -> list[str]:
    texts = {
        "malformed_url": "not used: malformed URL",
        "no_date": "not used: no publication date, so the as-of guard cannot be applied",
        "after_as_of": "temporal guard: published after as_of (not known yet), never used",
        "before_claim": "leakage guard: published before the claim was made, cannot resolve it",
        "occurs_after_as_of": "temporal guard: the reported event lies after as_of",
        "no_stance": "not used: no stance given and none could be derived (a stance is never invented)",
        "opinion": "not weighed: the claim is an opinion",
    }
    out = []
    for code, text in texts.items():
        items = [i.item for i in ignored if i.code == code]
        if items:
            out.append(f"{text} ({len(items)}: {', '.join(items)})")
    return out


def check(
    claim: Claim,
    evidence: Evidence | Iterable[Evidence],
    *,
    as_of: DayInput,
    stance: StanceFunction | None = None,
) -> Assessment:
    """Weigh ``evidence`` against ``claim`` as of ``as_of`` (a date or ``YYYY-MM-DD``) and propose a verdict.

    ``stance`` is an optional stance function used for evidence that carries
    no stance of its own (see :mod:`claimtrack.checking.stance`); without it,
    such evidence counts only through facts that match structured criteria.
    It is asked once per item; one with an ``explain`` method gives its
    rationale, confidence and quoted span, kept on the :class:`Finding`.
    Pure: no I/O, no clock.

    Example:
        >>> from claimtrack.model import Claim, Entity, Evidence
        >>> claim = Claim(id="c", text="We will release an amazing model this year", language="en",
        ...               speaker=Entity(name="Sam Altman"), said_on="2024-03-18", kind="prediction",
        ...               horizon={"text": "this year", "start": "2024-03-18", "end": "2024-12-31"})
        >>> ev = Evidence(url="https://example.org/gpt-4o", published_on="2024-05-13", stance="supports")
        >>> check(claim, [ev], as_of=date(2026, 11, 27)).verdict.value
        'true'
    """
    as_of = as_date(as_of, name="as_of")
    items = (evidence,) if isinstance(evidence, Evidence) else tuple(evidence)
    if claim.kind is ClaimKind.OPINION:
        return Assessment(
            claim_id=claim.id,
            as_of=as_of,
            verdict=Verdict.NOT_CHECKABLE,
            reasons=("an opinion is a value judgement: not checkable against evidence",),
            ignored=tuple(
                Ignored(
                    item=ev.id, code=IgnoredCode.OPINION, reason="the claim is an opinion: not checkable", evidence=ev
                )
                for ev in items
            ),
        )
    forward = claim.kind.is_forward_looking
    deadline = claim.deadline if forward else None
    criteria = structured_criteria(claim)
    reasons: list[str] = []
    ignored: list[Ignored] = []
    findings: list[Finding] = []
    used: list[Evidence] = []
    criterion_results: list[CriterionResult] = []
    for ev in items:
        problem = _guard(claim, ev, as_of)
        if problem is not None:
            ignored.append(problem)
            continue
        results, notes = evaluate_criteria(criteria, ev)
        results = tuple(r for r in results if r.when.start <= as_of)
        reasons.extend(notes)
        reading = StanceReading(stance=ev.stance)
        stance_from: StanceFrom | str = StanceFrom.EVIDENCE
        if reading.stance is None and stance is not None:
            reading = read_stance(stance, claim, ev)  # asked once: the reading carries the stance
            stance_from = stance_name(stance)
        if reading.stance is None and not results:
            why = "no stance given and no fact matches a structured criterion"
            if reading.rationale:
                why += f"; {stance_from} abstained: {clip(reading.rationale, 200)}"
            ignored.append(Ignored(item=ev.id, code=IgnoredCode.NO_STANCE, reason=why, evidence=ev))
            continue
        used.append(ev)
        criterion_results.extend(results)
        if reading.stance is not None:
            findings.append(_stance_finding(claim, ev, reading, stance_from, forward, deadline))
    findings.extend(_criteria_findings(claim, criteria, criterion_results, forward, reasons))
    reasons.extend(_group_ignored(ignored))
    reasons.extend(f.reason for f in findings)
    if claim.kind is ClaimKind.UNCERTAINTY:
        reasons.append(
            "an uncertainty statement is judged as an assertion that the speaker did not know; "
            "how the uncertain matter later turned out does not resolve it"
        )
    return _decide(claim, as_of, forward, deadline, findings, reasons, used, ignored)


def _decide(
    claim: Claim,
    as_of: date,
    forward: bool,
    deadline: date | None,
    findings: list[Finding],
    reasons: list[str],
    used: list[Evidence],
    ignored: list[Ignored],
) -> Assessment:
    support = [f for f in findings if f.stance in (Stance.SUPPORTS, Stance.MIXED) and f.timing in ("on_time", "any")]
    refute = [f for f in findings if f.stance in (Stance.REFUTES, Stance.MIXED)]
    late = [f for f in findings if f.stance is Stance.SUPPORTS and f.timing is Timing.LATE]
    uncertain = [f for f in findings if f.stance is Stance.SUPPORTS and f.timing is Timing.UNCERTAIN]
    context = [f for f in findings if f.stance is Stance.CONTEXT or f.timing is Timing.BEFORE_HORIZON]
    verdict = Verdict.OPEN
    effective: date | None = None
    base = claim.said_on.end if not forward else None

    def first(fs: list[Finding]) -> date:
        return min(f.when.end for f in fs)

    if support and refute:
        verdict = Verdict.MIXED
        pro = ", ".join(sorted({f.evidence.id for f in support}))
        con = ", ".join(sorted({f.evidence.id for f in refute}))
        reasons.append(f"evidence conflicts: supported by {pro}; refuted by {con} -> mixed")
        effective = base or max(first(support), first(refute))
    elif support:
        verdict = Verdict.TRUE
        if forward:
            reasons.append(
                "supported by an event inside the horizon -> true"
                if deadline is not None
                else "supported by an event (the horizon is open-ended) -> true"
            )
        else:
            reasons.append(f"supported by evidence up to {as_of} -> true")
        effective = base or first(support)
    elif refute or late:
        verdict = Verdict.FALSE
        if late:
            worst = min(late, key=lambda f: f.when.start)
            assert worst.deadline is not None
            reasons.append(
                f"the supported event came {(worst.when.start - worst.deadline).days} days after the deadline "
                f"{worst.deadline}: the prediction failed -> false"
            )
        if refute:
            reasons.append("refuted by " + ", ".join(sorted({f.evidence.id for f in refute})) + " -> false")
        candidates = []
        if refute:
            candidates.append(first(refute))
        if late:
            candidates.extend(f.deadline + timedelta(days=1) for f in late if f.deadline is not None)
        effective = base or min(candidates)
    overdue = False
    if verdict is Verdict.OPEN:
        if context and not support:
            reasons.append("context only: " + ", ".join(sorted({f.evidence.id for f in context})))
        if forward and claim.horizon is not None and claim.horizon.has_ended(as_of):
            overdue = True
            end = claim.horizon.end
            assert end is not None
            reasons.append(
                f"nothing usable resolves it and the horizon ended on {end}, "
                f"{(as_of - end).days} days before {as_of} -> open, overdue"
            )
        elif forward and deadline is not None:
            reasons.append(f"nothing usable resolves it yet; the horizon ends on {deadline} -> open")
        elif forward:
            reasons.append("nothing usable resolves it; the horizon is open-ended -> open")
        else:
            reasons.append("no usable evidence supports or refutes it -> open")
    needs_person = bool(uncertain) and verdict is Verdict.OPEN
    if needs_person:
        reasons.append("timing could not be decided for " + ", ".join(f.evidence.id for f in uncertain))
    return Assessment(
        claim_id=claim.id,
        as_of=as_of,
        verdict=verdict,
        overdue=overdue,
        reasons=tuple(reasons),
        used=tuple(used),
        ignored=tuple(ignored),
        findings=tuple(findings),
        effective_on=_clamp(effective, claim, as_of) if effective is not None else None,
        needs_person=needs_person,
    )
