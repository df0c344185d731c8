"""The review queue: propose verdicts from new evidence; say what accepting or rejecting one writes.

``propose`` matches each new piece of evidence to the open claims among a
ledger's records, checks every matched claim against the evidence that
matched it, and returns :class:`Proposal` values. Everything here is pure:
the API layer (:func:`claimtrack.propose`, :func:`claimtrack.apply`,
:func:`claimtrack.reject`) reads the ledger, calls these functions, and has
the ledger write what they return.

Idempotence and memory live in the ledger's records, so they work over
every Store (folder, SQLite, PostgreSQL, memory) and survive ``merge``:

* a proposal's id is a hash of the claim id, the proposed verdict and the
  ids of the evidence it rests on, so the same evidence gives the same id;
* an accepted proposal is recorded as an event whose ``origin`` is
  :attr:`Proposal.origin` (``proposal:<id>``); :func:`applied_event` finds it,
  so applying twice returns the first event instead of appending another;
* a rejected proposal is kept as a :class:`~claimtrack.model.Rejection` on
  the claim's record (:meth:`Proposal.rejection`); ``propose`` leaves out
  proposals whose id was rejected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, overload

import attrs
from pydantic import ValidationError

from claimtrack.checking.assess import Assessment, Finding, Ignored, IgnoredCode, StanceFrom, check, publication_guard
from claimtrack.checking.matching import ClaimIndex, Frequencies, Match, MatchLevel, Reranker, Thresholds
from claimtrack.checking.retrieval import CANDIDATES, ClaimRetriever
from claimtrack.checking.stance import StanceFunction
from claimtrack.checking.tokens import evidence_tokens
from claimtrack.dates import DayInput, as_date
from claimtrack.ledger import replay
from claimtrack.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    Evidence,
    Rejection,
    StatusEvent,
    Verdict,
    problems_from_validation,
)

__all__ = [
    "RATIONALE_LIMIT",
    "EvidenceInput",
    "Proposal",
    "Proposals",
    "Retrieval",
    "applied_event",
    "proposal_id",
    "propose",
    "rejected_proposals",
]

ORIGIN_PREFIX = "proposal:"
"""``StatusEvent.origin`` of events recorded from an accepted proposal: this prefix, then the proposal id."""


RATIONALE_LIMIT = 200
"""How many characters of a rationale (and of a quoted span) :meth:`Proposal.explain` shows by default."""

EvidenceInput = Evidence | Mapping[str, Any]
"""An evidence value, or a JSON object of one; the object may name the claims it bears on in ``claims``."""


def proposal_id(claim_id: str, verdict: Verdict, evidence_ids: Iterable[str]) -> str:
    """The stable id of a proposal: the same claim, verdict and evidence give the same id."""
    basis = "\x1f".join((claim_id, verdict.value, ",".join(sorted(set(evidence_ids)))))
    return "prop-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


@attrs.frozen(kw_only=True)
class Proposal:
    """A proposed verdict for one claim, from new evidence, awaiting review."""

    id: str
    claim: Claim
    assessment: Assessment
    score: float
    """The best match score of the evidence for this claim (1.0 when the input named the claim)."""
    level: MatchLevel
    matches: tuple[Match, ...]
    evidence: tuple[Evidence, ...]
    """Every piece of new evidence matched to the claim (used or ignored by the check)."""
    status_before: Verdict

    @property
    def verdict(self) -> Verdict:
        """The proposed verdict."""
        return self.assessment.verdict

    @property
    def effective_on(self) -> date | None:
        """The day the proposed verdict took effect."""
        return self.assessment.effective_on

    @property
    def confirmed(self) -> bool:
        """True when the match reached the confirmed threshold."""
        return self.level is MatchLevel.CONFIRMED

    @property
    def actionable(self) -> bool:
        """True when applying it would record something (a resolved verdict with a date)."""
        return self.verdict.is_resolved and self.effective_on is not None and self.verdict is not self.status_before

    @property
    def origin(self) -> str:
        """The ``origin`` stamped on the event that records this proposal when it is accepted."""
        return ORIGIN_PREFIX + self.id

    def rejection(self, *, at: datetime, by: str | None = None, reason: str = "") -> Rejection:
        """The :class:`~claimtrack.model.Rejection` that remembers this proposal was turned down.

        It cites the evidence the proposal rested on and stores none of it;
        ``at`` is the moment of rejecting (the ledger's clock).
        """
        return Rejection(
            id=self.id,
            claim_id=self.claim.id,
            verdict=self.verdict,
            evidence_ids=tuple(ev.id for ev in (self.assessment.used or self.evidence)),
            rejected_at=at,
            by=by,
            reason=reason,
        )

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the verdict rests on: per piece of evidence used with a stance, the stance, its backend
        (``stance_from``: ``evidence``, ``criteria`` or the stance function's name) and its rationale."""
        return self.assessment.findings

    @property
    def backends(self) -> tuple[str, ...]:
        """The distinct backends that decided the findings' stances, in order met (``qa_stance``, ``chat/m/v``...)."""
        return tuple(dict.fromkeys(_backend(f.stance_from) for f in self.findings))

    def summary(self) -> str:
        """One line: claim, proposed verdict, match level and score, and which backends gave the stances."""
        over = " (overdue)" if self.assessment.overdue else ""
        on = f" on {self.effective_on}" if self.effective_on else ""
        by = f" (stance from {', '.join(self.backends)})" if self.backends else ""
        return (
            f"{self.claim.id}: {self.status_before.value} -> {self.verdict.value}{on}{over} "
            f"[{self.level} {self.score:.2f}] {self.id}{by}"
        )

    def explain(self, limit: int = RATIONALE_LIMIT) -> str:
        """The summary, then one line per finding: evidence, stance, backend, confidence and rationale.

        Rationales and quoted spans are put on one line and cut to ``limit`` characters (0: uncut).
        """
        return "\n".join([self.summary(), *(f"  - {f.explain(limit)}" for f in self.findings)])


@attrs.frozen(kw_only=True)
class Proposals:
    """The result of :func:`propose`: proposals, and every input that was reported instead of used."""

    as_of: date
    proposals: tuple[Proposal, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    """Inputs not matched at all: invalid, undated, published after as_of, naming unknown claims."""
    skipped_rejected: tuple[str, ...] = ()
    unmatched: tuple[Evidence, ...] = ()
    """Readable, dated inputs that matched no open claim (not even at the suggested level)."""
    """Ids of proposals not returned because they were rejected before."""

    def __iter__(self) -> Iterator[Proposal]:
        return iter(self.proposals)

    def __len__(self) -> int:
        return len(self.proposals)

    @overload
    def __getitem__(self, index: int) -> Proposal: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Proposal, ...]: ...

    def __getitem__(self, index: int | slice) -> Proposal | tuple[Proposal, ...]:
        return self.proposals[index]

    def actionable(self, *, confirmed_only: bool = False) -> tuple[Proposal, ...]:
        """Proposals that would record a verdict (optionally only confirmed matches)."""
        return tuple(p for p in self.proposals if p.actionable and (p.confirmed or not confirmed_only))


def _backend(stance_from: StanceFrom | str) -> str:
    return stance_from.value if isinstance(stance_from, StanceFrom) else stance_from


def _parse(position: int, item: EvidenceInput) -> tuple[Evidence | None, tuple[str, ...] | None, Ignored | None]:
    """An input as (evidence, claim ids it names, or why it was rejected)."""
    if isinstance(item, Evidence):
        return item, None, None
    if not isinstance(item, Mapping):
        return None, None, Ignored(item=f"#{position}", code=IgnoredCode.INVALID, reason="not a JSON object")
    data = dict(item)
    named = data.pop("claims", None)
    label = str(data.get("id") or data.get("url") or f"#{position}")
    if named is not None and (
        isinstance(named, str) or not isinstance(named, Iterable) or not all(isinstance(c, str) for c in named)
    ):
        reason = "field 'claims' must be a list of claim ids"
        return None, None, Ignored(item=label, code=IgnoredCode.INVALID, reason=reason)
    try:
        evidence = Evidence.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, record=label)
        url_fields = ("url", "archived_url", "via_url")
        code = IgnoredCode.MALFORMED_URL if any(p.field in url_fields for p in problems) else IgnoredCode.INVALID
        reason = "; ".join(f"field {p.field!r}: {p.message}" if p.field else p.message for p in problems)
        return None, None, Ignored(item=label, code=code, reason=reason)
    return evidence, (tuple(named) if named is not None else None), None


def rejected_proposals(record: ClaimRecord) -> frozenset[str]:
    """Ids of the proposals rejected for this claim."""
    return frozenset(rejection.id for rejection in record.rejections)


@attrs.frozen
class Retrieval:
    """A ledger seen through its retrieval index: claims are found by the evidence, never all read.

    ``lookup`` returns the records of the ids it is given that the ledger
    holds (in any order; unknown ids are left out), as
    :meth:`claimtrack.Ledger.records_of` does.
    """

    retriever: ClaimRetriever
    lookup: Callable[[Sequence[str]], Iterable[ClaimRecord]]
    limit: int = CANDIDATES
    """Claims each segment of the index returns per piece of evidence."""


def _is_candidate(claim: Claim, record: ClaimRecord, as_of: date) -> bool:
    """Claims evidence may resolve on ``as_of``: open then, made by then, and not opinions."""
    if claim.kind is ClaimKind.OPINION or claim.said_on.start > as_of:
        return False
    return replay(record.events, as_of=as_of) is Verdict.OPEN


def propose(
    records: Iterable[ClaimRecord] | Retrieval,
    evidence: Iterable[EvidenceInput],
    *,
    as_of: DayInput,
    stance: StanceFunction | None = None,
    thresholds: Thresholds | None = None,
    include_open: bool = True,
    rerank: Reranker | None = None,
) -> Proposals:
    """Proposals of what ``evidence`` implies for the open claims among ``records`` as of ``as_of``.

    ``records`` are a ledger's claim records (``ledger.records()``), every
    one compared with every piece of evidence, or a :class:`Retrieval`: then
    only the claims its index finds for each piece of evidence are read and
    scored, so the cost per piece of evidence does not grow with the ledger
    (:func:`claimtrack.propose` passes one). Nothing is written.

    Each evidence item is matched against the claims that are open on
    ``as_of`` (opinions and claims made after ``as_of`` are left out); an
    item may also name the claims it bears on (``"claims": [...]`` in its
    JSON object), which counts as a confirmed match. Every claim matched is
    checked against all the evidence that matched it. Open results (still
    open, overdue) are included unless ``include_open=False``; proposals
    rejected before are left out and listed in ``skipped_rejected``. An
    optional ``rerank`` (:class:`~claimtrack.checking.matching.Reranker`)
    orders each claim's matches by :attr:`Match.rank`.
    """
    as_of = as_date(as_of, name="as_of")
    thresholds = thresholds or Thresholds()
    ignored: list[Ignored] = []
    unmatched: list[Evidence] = []
    parsed: list[tuple[Evidence, tuple[str, ...] | None]] = []
    for position, item in enumerate(evidence):
        ev, named, problem = _parse(position, item)
        if problem is not None or ev is None:
            ignored.append(problem or Ignored(item=f"#{position}", code=IgnoredCode.INVALID, reason="unreadable"))
            continue
        problem = publication_guard(ev, as_of)
        if problem is not None:
            ignored.append(problem)
            continue
        parsed.append((ev, named))
    by_id: dict[str, ClaimRecord] = {}
    frequencies: Frequencies | None = None
    found_for: list[frozenset[str] | None] = [None] * len(parsed)
    if isinstance(records, Retrieval):
        wanted: dict[str, None] = {}
        for position, (ev, named) in enumerate(parsed):
            if named is not None:
                wanted.update(dict.fromkeys(named))
            else:
                query = evidence_tokens(ev)
                found_for[position] = frozenset(i for i, _ in records.retriever.candidates(query, limit=records.limit))
                wanted.update(dict.fromkeys(found_for[position] or ()))
        by_id = {record.claim.id: record for record in records.lookup(list(wanted))}
        frequencies = records.retriever.frequencies()
    else:
        by_id = {record.claim.id: record for record in records}
    candidates = [record.claim for record in by_id.values() if _is_candidate(record.claim, record, as_of)]
    open_ids = {c.id for c in candidates}
    index = ClaimIndex(candidates, frequencies=frequencies)
    per_claim: dict[str, list[tuple[Evidence, Match]]] = {}
    for position, (ev, named) in enumerate(parsed):
        if named is not None:
            for claim_id in named:
                if claim_id not in by_id:
                    ignored.append(
                        Ignored(
                            item=ev.id,
                            code=IgnoredCode.UNKNOWN_CLAIM,
                            reason=f"names claim {claim_id!r}, which the ledger does not hold",
                            evidence=ev,
                        )
                    )
                elif claim_id in open_ids:
                    named_match = Match(
                        claim=by_id[claim_id].claim,
                        evidence_id=ev.id,
                        score=1.0,
                        level=MatchLevel.CONFIRMED,
                        text=1.0,
                        via="named",
                    )
                    per_claim.setdefault(claim_id, []).append((ev, named_match))
            continue
        found = index.match(ev, thresholds=thresholds, rerank=rerank, among=found_for[position])
        if not found:
            unmatched.append(ev)
        for m in found:
            per_claim.setdefault(m.claim.id, []).append((ev, m))
    proposals: list[Proposal] = []
    skipped: list[str] = []
    for claim_id in sorted(per_claim):
        pairs = per_claim[claim_id]
        record = by_id[claim_id]
        items = tuple(dict.fromkeys(ev for ev, _ in pairs))
        assessment = check(record.claim, items, as_of=as_of, stance=stance)
        if assessment.verdict is Verdict.OPEN and not include_open:
            continue
        basis = [ev.id for ev in assessment.used] or [ev.id for ev in items]
        pid = proposal_id(claim_id, assessment.verdict, basis)
        if pid in rejected_proposals(record):
            skipped.append(pid)
            continue
        matches = tuple(sorted((m for _, m in pairs), key=lambda m: -m.rank))
        best = matches[0]
        proposals.append(
            Proposal(
                id=pid,
                claim=record.claim,
                assessment=assessment,
                score=best.score,
                level=best.level,
                matches=matches,
                evidence=items,
                status_before=replay(record.events, as_of=as_of),
            )
        )
    proposals.sort(key=lambda p: (not p.actionable, -p.score, p.claim.id))
    return Proposals(
        as_of=as_of,
        proposals=tuple(proposals),
        ignored=tuple(ignored),
        skipped_rejected=tuple(skipped),
        unmatched=tuple(unmatched),
    )


def applied_event(record: ClaimRecord, proposal: Proposal) -> StatusEvent | None:
    """The event that already records ``proposal`` in ``record``, if it was accepted before."""
    return next((e for e in record.events if e.origin == proposal.origin), None)
