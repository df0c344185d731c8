"""The values of matching: match levels and thresholds, a match and its features, and what a rerank is.

Kept apart from :mod:`claimtrack.checking.matching` (which computes them) so
that module stays about the computation; :mod:`claimtrack.checking.matching`
re-exports every name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Protocol, runtime_checkable

import attrs

from claimtrack.model import Claim

__all__ = ["RERANK_WEIGHT", "Features", "Frequencies", "Match", "MatchLevel", "Reranker", "Thresholds"]

RERANK_WEIGHT = 0.5
"""Weight of the embedding similarity in :attr:`Match.rank`; chosen on the even half of the AVeriTeC dev
split (``python benchmarks/eval_matching_averitec.py --rerank``)."""


@runtime_checkable
class Reranker(Protocol):
    """Similarity of a text to each of some texts, in [-1, 1] (cosine of embeddings): an optional rerank.

    The matcher finds and scores candidates as always; a reranker only
    reorders the matches that passed the threshold. Claims are compared by
    their English translation where they have one (an English model reads
    Japanese poorly). :class:`claimtrack.web.WordLlamaReranker` loads one offline.
    """

    def __call__(self, text: str, others: Sequence[str]) -> Sequence[float]: ...


class MatchLevel(StrEnum):
    """How sure a match of evidence to a claim is."""

    CONFIRMED = "confirmed"
    """Safe to accept in scripts (precision 0.9 on the development half)."""
    SUGGESTED = "suggested"
    """Worth a look by a person."""


@attrs.frozen
class Thresholds:
    """The two match levels: suggested (worth a look) and confirmed (safe to accept in scripts).

    The defaults were chosen on the development half of the bundled
    labelled set: ``confirmed`` for a precision of 0.9, ``suggested`` for a
    recall of 0.6 (held-out results in docs/benchmarks.d/checking.md).
    """

    suggested: float = 0.179
    confirmed: float = 0.691

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.suggested <= self.confirmed <= 1.0:
            raise ValueError(f"need 0 <= suggested ({self.suggested}) <= confirmed ({self.confirmed}) <= 1")

    def level(self, score: float) -> MatchLevel | None:
        """The match level of a score, or None below both thresholds."""
        if score >= self.confirmed:
            return MatchLevel.CONFIRMED
        if score >= self.suggested:
            return MatchLevel.SUGGESTED
        return None


@attrs.frozen(kw_only=True)
class Features:
    """What the score of one (evidence, claim) pair is computed from; each in [0, 1] or a small count."""

    mass: float
    """Shared weighted vocabulary, saturated: ``1 - exp(-m)`` of the summed weights of the shared tokens."""
    coverage: float
    """Share of the evidence's weighted tokens that the claim's texts contain."""
    claim_coverage: float
    """Share of the claim's own statement (text, translations, criteria) found in the evidence."""
    relative: float
    """This claim's shared weight over that of the best-matching claim for the same evidence."""
    margin: float
    """How far this claim leads the best other claim: ``(shared - other) / max(shared, other)``, in [-1, 1]."""
    topics: float
    """Share of the claim's topics the evidence names."""
    speaker: float
    """1 when the evidence names the speaker."""
    dates: float
    """1 when the evidence's date lets it bear on the claim, 0.5 when unknown or late, 0 when it cannot."""

    def as_dict(self) -> dict[str, float]:
        """The features by name (the keys of ``COEFFICIENTS``)."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Match:
    """A claim that a piece of evidence may bear on, with the parts of its score."""

    claim: Claim
    evidence_id: str
    score: float
    level: MatchLevel
    text: float
    """Text similarity in [0, 1]: the share of the evidence's weighted words the claim's texts contain."""
    via: str
    """Which text of the claim shares most with the evidence: ``text``, ``translation:<lang>``,
    ``source:<n>``, ``criterion:<n>`` or ``topics``."""
    topics: tuple[str, ...] = ()
    """The claim's topics the evidence names."""
    speaker: bool = False
    dates: float = 0.0
    features: Features | None = None
    """The features the score was computed from (None for matches made by naming the claim)."""
    similarity: float | None = None
    """Cosine similarity of the evidence's and the claim's embeddings, when a :class:`Reranker` was given."""

    @property
    def rank(self) -> float:
        """What matches are ordered by: the score, plus ``RERANK_WEIGHT`` x the similarity when reranked.

        Thresholds (suggested, confirmed) always apply to ``score`` alone.
        """
        return self.score if self.similarity is None else self.score + RERANK_WEIGHT * self.similarity

    @property
    def confirmed(self) -> bool:
        """True at the confirmed level."""
        return self.level is MatchLevel.CONFIRMED


@attrs.frozen
class Frequencies:
    """Document frequencies over a whole ledger, for IDF: ``count`` claims, ``of(token)`` of them hold it.

    Given to :class:`ClaimIndex` when it holds only some claims (the
    candidates a retrieval index found), so that a word weighs what it
    weighs in the whole ledger.
    """

    count: int
    document_frequency: Mapping[str, int]

    def of(self, token: str) -> int:
        """How many claims hold ``token`` (0 when none)."""
        return self.document_frequency.get(token, 0)
