"""Drift over a claim's sources: its original quote against each rendering of it.

:func:`check_claim` takes a :class:`~claimtrack.model.Claim` (no ledger, no I/O) and
compares its **original** with each **rendering**:

* the original is the quote of the claim's primary source, preferring one recorded
  ``verbatim``; a claim with no primary source at all falls back on its own ``text``
  (in ``claim.language``). A claim whose primary sources carry no quote has no
  original, and each of its renderings gets a result saying so;
* the renderings are the quotes of its secondary sources, each with the fidelity a
  person recorded on that source (carried through, never changed).

Every rendering gives one :class:`SourceCheck`; a rendering that cannot be compared
(no original, an empty quote, an unsupported language) gives one with a ``problem``
naming the claim, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from claimtrack.fidelity.compare import DriftReport, compare
from claimtrack.model import Claim, Fidelity, Source, SourceRole

__all__ = ["SourceCheck", "check_claim", "check_claims", "original_of"]


@attrs.frozen(kw_only=True)
class SourceCheck:
    """The comparison of one rendering (a secondary source) of a claim with the claim's original."""

    claim_id: str
    index: int
    """The rendering's position in ``claim.sources``."""
    source: Source
    recorded: Fidelity | None
    report: DriftReport | None
    """None when the pair could not be compared; ``problem`` says why."""
    problem: str | None = None

    @property
    def disagreement(self) -> str | None:
        """How the automatic reading contradicts the recorded fidelity (see :attr:`DriftReport.disagreement`)."""
        return self.report.disagreement if self.report is not None else None

    @property
    def label(self) -> str:
        """``claim-id#source-index (publisher)``: which rendering this is."""
        who = self.source.publisher or self.source.title or self.source.url or "secondary source"
        return f"{self.claim_id}#{self.index} ({who})"


def original_of(claim: Claim) -> tuple[str, str] | None:
    """The original quote of a claim and its language, or None when its primary sources carry no quote."""
    primaries = [s for s in claim.sources if s.role is SourceRole.PRIMARY]
    if not primaries:
        return claim.text, claim.language
    quoted = [s for s in primaries if s.quote and s.quote.strip()]
    if not quoted:
        return None
    best = next((s for s in quoted if s.fidelity is Fidelity.VERBATIM), quoted[0])
    assert best.quote is not None
    return best.quote, best.language or claim.language


def check_claim(claim: Claim) -> list[SourceCheck]:
    """Compare each secondary source's quote of ``claim`` with the claim's original (see the module docstring)."""
    original = original_of(claim)
    out: list[SourceCheck] = []
    for index, source in enumerate(claim.sources):
        if source.role is not SourceRole.SECONDARY:
            continue

        def made(report: DriftReport | None, problem: str | None, source: Source = source, index: int = index) -> None:
            out.append(
                SourceCheck(
                    claim_id=claim.id,
                    index=index,
                    source=source,
                    recorded=source.fidelity,
                    report=report,
                    problem=problem,
                )
            )

        if not source.quote or not source.quote.strip():
            made(None, f"claim {claim.id!r}: secondary source #{index} has no quote to compare")
            continue
        if original is None:
            made(None, f"claim {claim.id!r}: a rendering but no original quote (its primary source has none)")
            continue
        text, language = original
        report = compare(
            text,
            source.quote,
            said_on=claim.said_on.start,
            original_language=language,
            rendering_language=source.language or claim.language,
            recorded=source.fidelity,
        )
        problem = None if report.supported else f"claim {claim.id!r}: {report.reason}"
        made(report, problem)
    return out


def check_claims(claims: Iterable[Claim]) -> list[SourceCheck]:
    """:func:`check_claim` over many claims, in order."""
    return [check for claim in claims for check in check_claim(claim)]
