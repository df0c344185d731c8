"""Which claims a question is about, and how to group them: one filter and one grouping for every layer.

:class:`ClaimFilter` is the one claim filter of the library. :meth:`Ledger.claims
<claimtrack.ledger.Ledger.claims>`, :meth:`Ledger.due <claimtrack.ledger.Ledger.due>`,
:func:`claimtrack.scoring.scorecard` and the database stores' SQL all take it, so "speaker",
"said between" and "faithful only" mean the same everywhere. :class:`GroupBy` is the one
grouping: the rows of a scorecard, the groups of :meth:`Ledger.verdict_counts
<claimtrack.ledger.Ledger.verdict_counts>` and of the stores' sums.

Both accept plain strings where the public API takes them (``GroupBy("speaker")``,
``ClaimFilter(kind="prediction")``), so scripts and the command line need not import the types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum

import attrs

from claimtrack.dates import DayInput, as_date
from claimtrack.ledger.replay import status_event
from claimtrack.model import Claim, ClaimKind, ClaimRecord, Fidelity, Verdict

__all__ = ["ClaimFilter", "GroupBy", "resolved_early"]


class GroupBy(StrEnum):
    """What a group of claims is: one per speaker, topic, kind, horizon length, source or year said.

    A consumer may support only some of them (stores cannot group by source, whose label lives
    inside each claim's JSON); it says which and refuses the others with ValueError.
    """

    SPEAKER = "speaker"
    """In a scorecard, one group per person: every spelling of a speaker ("Lex Fridman", "lex fridman",
    "Dr. Lex Fridman"), the ledger's aliases and shared ``same_as`` links, with generic claimants left
    out (:class:`~claimtrack.ledger.Speakers`). :meth:`Ledger.verdict_counts
    <claimtrack.ledger.Ledger.verdict_counts>` groups the name as written."""
    TOPIC = "topic"
    """Each of the claim's topics: a claim with two topics counts in both groups."""
    KIND = "kind"
    HORIZON = "horizon"
    """How far ahead the deadline was when said (see :data:`claimtrack.scoring.HORIZON_BUCKETS`)."""
    SOURCE = "source"
    """Each source's publisher (or title, or host)."""
    YEAR = "year"
    """The year the claim was said."""


def _kind(value: ClaimKind | str | None) -> ClaimKind | None:
    return None if value is None else ClaimKind(value)


def _verdict(value: Verdict | str | None) -> Verdict | None:
    return None if value is None else Verdict(value)


def _span(value: Sequence[DayInput | None] | None) -> tuple[date | None, date | None] | None:
    """``said_between`` as two dates: each end a ``date``, an ISO ``YYYY-MM-DD`` string or None."""
    if value is None:
        return None
    if isinstance(value, str):
        raise TypeError("said_between must be a pair (start, end) of dates or 'YYYY-MM-DD' strings, not str")
    low, high = value
    return (
        None if low is None else as_date(low, name="said_between"),
        None if high is None else as_date(high, name="said_between"),
    )


def resolved_early(forward: bool, deadline: DayInput | None, resolved_on: DayInput | None) -> bool:
    """Whether a claim's status was set before its deadline: a forward-looking claim resolved early.

    ``resolved_on`` is the effective date of the event that sets the status (None while no event
    has). Such claims lean towards "came true" for "by D" predictions, which is why a scorecard can
    leave them out (:attr:`ClaimFilter.exclude_early`).
    """
    if resolved_on is None or deadline is None:
        return False
    return forward and as_date(resolved_on, name="resolved_on") < as_date(deadline, name="deadline")


@attrs.frozen(kw_only=True)
class ClaimFilter:
    """Which claims to keep; every condition given must hold (an empty filter keeps every claim).

    ``speaker`` matches the speaker's name case-insensitively (a scorecard matches every spelling of
    the person it names, as its rows group them: :class:`~claimtrack.ledger.Speakers`); ``topic`` one of the claim's
    topics exactly; ``said_between`` is an inclusive pair of dates (or ISO ``YYYY-MM-DD`` strings), either end None for
    unbounded, matched against the first day the claim was said. ``verdict`` is the status
    replayed as of the question's date (the latest when it has none). ``faithful_only`` keeps
    claims with at least one verbatim or faithful source, so a distorted summary cannot flatter
    or damn a speaker; ``exclude_early`` leaves out forward-looking claims whose status was set
    before their deadline.

    Example:
        >>> ClaimFilter(speaker="Sam Altman", kind="prediction").kind
        <ClaimKind.PREDICTION: 'prediction'>
    """

    speaker: str | None = None
    topic: str | None = None
    kind: ClaimKind | None = attrs.field(default=None, converter=_kind)
    verdict: Verdict | None = attrs.field(default=None, converter=_verdict)
    said_between: tuple[date | None, date | None] | None = attrs.field(default=None, converter=_span)
    faithful_only: bool = False
    exclude_early: bool = False

    @property
    def speaker_key(self) -> str | None:
        """The speaker compared case-insensitively (``str.casefold``, as the stores' ``speaker_key`` column)."""
        return self.speaker.casefold() if self.speaker is not None else None

    @property
    def said_from(self) -> date | None:
        """The first day a kept claim may have been said (None: unbounded)."""
        return self.said_between[0] if self.said_between is not None else None

    @property
    def said_to(self) -> date | None:
        """The last day a kept claim may have been said (None: unbounded)."""
        return self.said_between[1] if self.said_between is not None else None

    @property
    def in_columns(self) -> bool:
        """Whether a database store can answer it from its columns alone.

        Fidelity lives inside each claim's sources and earliness needs the date of the status
        event, so ``faithful_only`` and ``exclude_early`` are answered by replaying records.
        """
        return not self.faithful_only and not self.exclude_early

    def admits_fields(self, speaker: str, topics: Iterable[str], kind: ClaimKind, said: DayInput) -> bool:
        """The speaker, topic, kind and said-between conditions, on a claim's fields."""
        day = as_date(said, name="said")
        key = self.speaker_key
        if key is not None and speaker.casefold() != key:
            return False
        if self.topic is not None and self.topic not in topics:
            return False
        if self.kind is not None and kind is not self.kind:
            return False
        low, high = self.said_from, self.said_to
        return not ((low is not None and day < low) or (high is not None and day > high))

    def admits_claim(self, claim: Claim) -> bool:
        """The speaker, topic, kind and said-between conditions, on a claim."""
        return self.admits_fields(claim.speaker.name, claim.topics, claim.kind, claim.said_on.start)

    def admits_fidelities(self, fidelities: Iterable[Fidelity | None]) -> bool:
        """The ``faithful_only`` condition, on the fidelity of each of a claim's sources."""
        return not self.faithful_only or any(f is not None and f.is_faithful for f in fidelities)

    def admits_status(self, verdict: Verdict, early: bool) -> bool:
        """The ``verdict`` and ``exclude_early`` conditions, on a claim's replayed status."""
        if self.verdict is not None and verdict is not self.verdict:
            return False
        return not (self.exclude_early and early)

    def admits(self, record: ClaimRecord, *, as_of: DayInput | None = None, known_at: datetime | None = None) -> bool:
        """Every condition, replaying the record's events as of ``as_of`` (and ``known_at``) when needed."""
        day = None if as_of is None else as_date(as_of, name="as_of")
        claim = record.claim
        if not self.admits_claim(claim) or not self.admits_fidelities(s.fidelity for s in claim.sources):
            return False
        if self.verdict is None and not self.exclude_early:
            return True
        event = status_event(record.events, as_of=day, known_at=known_at)
        verdict = Verdict.OPEN if event is None else event.verdict
        resolved_on = None if event is None else event.effective_on
        return self.admits_status(verdict, resolved_early(claim.kind.is_forward_looking, claim.deadline, resolved_on))
