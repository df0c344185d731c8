"""The closed vocabularies of the schema: verdicts, claim kinds, stances, fidelity."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "SCORED_VERDICTS",
    "UNSCORED_VERDICTS",
    "ClaimKind",
    "Confidence",
    "Fidelity",
    "Granularity",
    "SourceRole",
    "Stance",
    "Verdict",
]


class Verdict(StrEnum):
    """What is known of a claim at a point in time.

    ``open`` means not (yet) resolved. The five graded values from ``true`` to
    ``false`` are scored; ``unverifiable``, ``ambiguous``, ``annulled`` and
    ``not_checkable`` are counted and shown but never scored, because scoring
    them would reward or punish a speaker for what nobody can know.
    ``not_said`` is an attribution failure: the words are not the speaker's, so
    a speaker's scorecard leaves the claim out of every count and lists it apart.
    """

    OPEN = "open"
    TRUE = "true"
    MOSTLY_TRUE = "mostly_true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly_false"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"
    AMBIGUOUS = "ambiguous"
    ANNULLED = "annulled"
    NOT_CHECKABLE = "not_checkable"
    NOT_SAID = "not_said"
    """An attribution failure: the speaker did not say this. A report invented it, misread it, or took
    it from someone else. It is never scored for or against the speaker; it counts against the source
    that made the error (see :attr:`is_attribution_failure`)."""

    @property
    def is_attribution_failure(self) -> bool:
        """True for ``not_said``: the claim's words are not the speaker's, so its truth says nothing of them."""
        return self is Verdict.NOT_SAID

    @property
    def is_scored(self) -> bool:
        """True for the graded verdicts (true .. false) that enter hit rates and scores."""
        return self in SCORED_VERDICTS

    @property
    def is_resolved(self) -> bool:
        """True for every verdict except ``open``."""
        return self is not Verdict.OPEN


SCORED_VERDICTS = frozenset({Verdict.TRUE, Verdict.MOSTLY_TRUE, Verdict.MIXED, Verdict.MOSTLY_FALSE, Verdict.FALSE})
UNSCORED_VERDICTS = frozenset(
    {Verdict.UNVERIFIABLE, Verdict.AMBIGUOUS, Verdict.ANNULLED, Verdict.NOT_CHECKABLE, Verdict.NOT_SAID}
)


class ClaimKind(StrEnum):
    """What kind of statement a claim is; it decides how the claim is checked."""

    PREDICTION = "prediction"
    """A statement about what will happen (checked against events up to its horizon)."""
    COMMITMENT = "commitment"
    """A promise or stated intention of the speaker (checked like a prediction)."""
    ASSERTION = "assertion"
    """A statement of fact about the past or present (checked as of when it was said)."""
    DENIAL = "denial"
    """A statement that something is not so, or was not said or done."""
    UNCERTAINTY = "uncertainty"
    """A statement of not knowing ("I honestly don't know when GPT-5 ships")."""
    OPINION = "opinion"
    """A value judgement; not checkable."""

    @property
    def is_forward_looking(self) -> bool:
        """True for predictions and commitments: they carry horizons and credences."""
        return self in (ClaimKind.PREDICTION, ClaimKind.COMMITMENT)


class Stance(StrEnum):
    """How a piece of evidence bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    MIXED = "mixed"
    CONTEXT = "context"


class SourceRole(StrEnum):
    """Whether a source is where the claim was made (primary) or a report of it (secondary)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


class Fidelity(StrEnum):
    """How faithfully a source reports what the speaker actually said."""

    VERBATIM = "verbatim"
    FAITHFUL = "faithful"
    PARTLY_FAITHFUL = "partly_faithful"
    DISTORTED = "distorted"
    NOT_IN_ORIGINAL = "not_in_original"
    MISATTRIBUTED = "misattributed"

    @property
    def is_faithful(self) -> bool:
        """True for verbatim and faithful reports, the ones a strict scorecard counts."""
        return self in (Fidelity.VERBATIM, Fidelity.FAITHFUL)


class Confidence(StrEnum):
    """How sure the person who recorded a verdict was, given the evidence quality."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Granularity(StrEnum):
    """How precise a fuzzy date is."""

    DAY = "day"
    PART_OF_MONTH = "part_of_month"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    PART_OF_YEAR = "part_of_year"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    RANGE = "range"
