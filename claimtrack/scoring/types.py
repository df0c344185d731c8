"""What a scorecard is: its rows, its claims and the card itself (plain attrs values).

These are the results :func:`~claimtrack.scoring.scorecard` returns, whichever
path built them (records replayed in Python, or sums added up in a database).
The renderers in :mod:`claimtrack.renderers`, and any script, read them.

The renderers sit above the scoring layer, so a scorecard must not import
them, yet ``card.to_html()`` is public API that scripts rely on. The API layer
(:mod:`claimtrack.api`) composes both: when ``claimtrack`` is imported it hands
its ``render(card, fmt, **options)`` down with :func:`install_renderer`, and the
card's ``to_*`` methods call it. The dependency points downwards only: this
layer knows the shape of the call, never the module that answers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, Protocol

import attrs

from claimtrack.ledger import GroupBy
from claimtrack.model import ClaimKind, Verdict, data_frame, html_repr, import_pandas
from claimtrack.scoring.metrics import HIT_WEIGHTS, CalibrationBin, Murphy

__all__ = [
    "CLAIM_LINE_COLUMNS",
    "NOT_SAID_NOTE",
    "OUTCOME_OF",
    "ROW_COLUMNS",
    "ClaimLine",
    "EvidenceLink",
    "Exclusions",
    "NotSaidClaim",
    "Outcome",
    "RenderFormat",
    "Renderer",
    "Row",
    "Scorecard",
    "SourceLine",
    "TimelineMonth",
    "UnscoredClaim",
    "install_renderer",
]


class Outcome(StrEnum):
    """How a resolved claim turned out, as the timeline of resolutions groups verdicts."""

    CAME_TRUE = "came_true"
    """true, mostly true"""
    MIXED = "mixed"
    DID_NOT = "did_not"
    """mostly false, false"""
    NOT_SCORED = "not_scored"
    """unverifiable, ambiguous, annulled, not checkable"""


OUTCOME_OF: Mapping[Verdict, Outcome] = {
    Verdict.TRUE: Outcome.CAME_TRUE,
    Verdict.MOSTLY_TRUE: Outcome.CAME_TRUE,
    Verdict.MIXED: Outcome.MIXED,
    Verdict.MOSTLY_FALSE: Outcome.DID_NOT,
    Verdict.FALSE: Outcome.DID_NOT,
    Verdict.UNVERIFIABLE: Outcome.NOT_SCORED,
    Verdict.AMBIGUOUS: Outcome.NOT_SCORED,
    Verdict.ANNULLED: Outcome.NOT_SCORED,
    Verdict.NOT_CHECKABLE: Outcome.NOT_SCORED,
    Verdict.NOT_SAID: Outcome.NOT_SCORED,
}
"""The outcome class of every resolved verdict (``open`` has none)."""


@attrs.frozen(kw_only=True)
class TimelineMonth:
    """The counted claims resolved in one month (by the effective date of the event that set the verdict)."""

    month: date
    """The first day of the month."""
    counts: Mapping[Outcome, int]
    """Claims per outcome class, every class present (zeros included)."""

    @property
    def total(self) -> int:
        """Claims resolved in the month."""
        return sum(self.counts.values())


@attrs.frozen(kw_only=True)
class SourceLine:
    """A source of a claim as the report shows it: a label, a link and how faithful it is."""

    label: str
    url: str | None
    role: str
    fidelity: str | None
    locator: str | None = None


@attrs.frozen(kw_only=True)
class EvidenceLink:
    """A piece of evidence cited by the claim's verdicts (known by the as-of date)."""

    label: str
    url: str | None
    published_on: str | None


@attrs.frozen(kw_only=True)
class ClaimLine:
    """One claim as of the card's date: what was said, its verdict then, and its numbers."""

    id: str
    text: str
    language: str
    translations: tuple[tuple[str, str], ...]
    speaker: str
    said_on: date
    """The first day of the span the claim was said in."""
    said_on_text: str
    kind: ClaimKind
    topics: tuple[str, ...]
    verdict: Verdict
    resolved_on: date | None
    """The effective date of the event that set ``verdict`` (None while open)."""
    note: str
    """The note of that event: the reason, for unscored verdicts."""
    credence: float | None
    credence_word: str | None
    horizon: str | None
    deadline: date | None
    overdue: bool
    early: bool
    """Resolved before its deadline (a bias towards "came true" for "by D" claims)."""
    outcome: float | None
    """The hit weight of a graded verdict (1, 0.75, 0.5, 0.25, 0), else None."""
    lead_days: int | None
    """Days from said to resolved, for graded verdicts."""
    lateness_days: int | None
    """Days from the deadline to resolution (negative when early), for graded forward-looking claims."""
    sources: tuple[SourceLine, ...]
    evidence: tuple[EvidenceLink, ...]
    groups: tuple[str, ...]
    """The keys of the rows this claim counts in."""


@attrs.frozen(kw_only=True)
class UnscoredClaim:
    """A claim that resolved to a verdict that is never scored, and the recorded reason."""

    claim_id: str
    verdict: Verdict
    reason: str
    text: str


@attrs.frozen(kw_only=True)
class NotSaidClaim:
    """A claim put in a speaker's mouth that the speaker did not say (verdict ``not_said``).

    An attribution failure counts in no row: neither for nor against the speaker it
    was attributed to. The card lists it apart, with the recorded reason and the
    sources that made the error (the secondary sources whose rendering is not
    faithful; every secondary source when none is marked so).
    """

    claim_id: str
    speaker: str
    """The person the words were attributed to."""
    said_on: date
    text: str
    reason: str
    """The note of the event that set ``not_said``: what the speaker did say, and where."""
    sources: tuple[SourceLine, ...]


NOT_SAID_NOTE = (
    "Statements the speaker did not make (invented or misattributed by a report) are listed apart and "
    "count for or against no one on this card; a claim reported in distorted words is judged on what "
    "the speaker originally said."
)
"""The rule every rendering of a scorecard states beside its list of attribution failures."""


@attrs.frozen(kw_only=True)
class Row:
    """The numbers of one group (a speaker, a topic, ...) or of all claims.

    ``counts`` has every verdict (zeros included). ``resolved`` counts every
    verdict but ``open``; ``graded`` the five scored ones (true .. false),
    which enter the hit rate; ``n_scored`` those of them with a numeric
    credence, which enter the Brier and log scores.
    """

    key: str
    counts: Mapping[Verdict, int]
    total: int
    resolved: int
    graded: int
    unscored: int
    open: int
    overdue: int | None
    """Open forward-looking claims whose deadline passed before the as-of date (None without one)."""
    hit_rate: float | None
    hit_rate_ci: tuple[float, float] | None
    n_scored: int
    brier: float | None
    log_score: float | None
    skill: float | None
    """Brier skill score against always forecasting this group's base rate."""
    murphy: Murphy | None
    calibration: tuple[CalibrationBin, ...]
    mean_lead_days: float | None
    mean_lateness_days: float | None
    n_lateness: int
    unscored_claims: tuple[UnscoredClaim, ...]
    """The row's unscored claims among those the card lists (see :attr:`Scorecard.unscored_complete`);
    ``unscored`` and ``counts`` always count them all."""

    def __repr__(self) -> str:
        return (
            f"Row({self.key!r}, total={self.total}, graded={self.graded}, open={self.open}, "
            f"hit_rate={_rounded(self.hit_rate)}, brier={_rounded(self.brier)})"
        )


@attrs.frozen(kw_only=True)
class Exclusions:
    """Claims the card's options left out, by reason."""

    not_yet_said: int = 0
    """Said after the as-of date."""
    filtered: int = 0
    """Did not match the filter's speaker, topic, kind, said-between or verdict."""
    unfaithful: int = 0
    """No verbatim or faithful source (with ``faithful_only``)."""
    early: int = 0
    """Resolved before their deadline (with ``exclude_early``)."""
    not_said: int = 0
    """Attribution failures (verdict ``not_said``): listed in :attr:`Scorecard.not_said`, in no row."""
    not_a_person: int = 0
    """Claims of generic claimants ("unknown", "social media users", "Varias fuentes"), left out of a card
    by speaker (``scorecard(include_generic=True)`` keeps them); :attr:`Scorecard.not_a_person` names them."""


@attrs.frozen(kw_only=True)
class Scorecard:
    """A scorecard: one :class:`Row` per group, a total, and every counted claim.

    Render it with :meth:`to_markdown`, :meth:`to_html`, :meth:`to_json` or
    :meth:`to_terminal`: they call the renderers of :mod:`claimtrack.renderers`,
    which ``claimtrack`` installs when imported (see
    :func:`~claimtrack.scoring.install_renderer`).
    """

    by: GroupBy
    as_of: date | None
    known_at: datetime | None
    faithful_only: bool
    exclude_early: bool
    rows: tuple[Row, ...]
    total: Row
    claims: tuple[ClaimLine, ...]
    excluded: Exclusions
    weights: Mapping[Verdict, float] = attrs.field(factory=lambda: dict(HIT_WEIGHTS))
    claims_complete: bool = True
    """False when ``claims`` lists only the most recently said of the ``total.total`` counted claims."""
    timeline: tuple[TimelineMonth, ...] = ()
    """Every counted claim's resolution, per month (each claim once, complete even when ``claims`` is not)."""
    unscored_complete: bool = True
    """False when the rows' ``unscored_claims`` list only the ``max_unscored`` most recently said of the
    ``total.unscored`` unscored claims."""
    not_said: tuple[NotSaidClaim, ...] = ()
    """Every claim matching the card's filters whose verdict is ``not_said`` (by said_on, then id):
    words the speaker did not say. They count in no row; ``excluded.not_said`` is their number."""
    skipped_invalid: int = 0
    """Damaged records the store could not read, left out of every count (``scorecard(skip_invalid=True)``);
    without that option a ledger holding any refuses the card. Every renderer shows a non-zero count."""
    not_a_person: tuple[tuple[str, int], ...] = ()
    """The generic claimants a card by speaker left out (not a person), each with its claims, most first;
    ``excluded.not_a_person`` is their sum."""

    def row(self, key: str) -> Row:
        """The row of ``key``; raises KeyError naming the keys there are."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"no row {key!r}; rows are {[r.key for r in self.rows]}")

    def to_markdown(self, *, max_claims: int | None = 200, title: str | None = None) -> str:
        """The card as Markdown, listing the ``max_claims`` most recently said claims (None: all, 0: none)."""
        return render_card(self, RenderFormat.MARKDOWN, max_claims=max_claims, title=title)

    def to_html(self, *, title: str | None = None, max_claims: int | None = 10_000, max_unscored: int = 500) -> str:
        """The card as one self-contained HTML page; ``max_claims`` None lists every claim, 0 none (``render_html``)."""
        return render_card(self, RenderFormat.HTML, title=title, max_claims=max_claims, max_unscored=max_unscored)

    def to_json(self, *, include_claims: bool = True, indent: int | None = 2) -> str:
        """The card as JSON in the ``claimtrack.scorecard/1`` schema (see :func:`claimtrack.renderers.render_json`)."""
        return render_card(self, RenderFormat.JSON, include_claims=include_claims, indent=indent)

    def to_terminal(
        self, *, width: int = 120, color: bool = False, max_claims: int | None = 30, title: str | None = None
    ) -> str:
        """The card as rich tables rendered to text, ANSI colours with ``color=True`` (see ``render_terminal``).

        ``max_claims`` as everywhere: that many of the most recently said claims, None for all, 0 for none.
        """
        return render_card(self, RenderFormat.TERMINAL, width=width, color=color, max_claims=max_claims, title=title)

    def to_pandas(self, table: Literal["rows", "claims"] = "rows", *, include_total: bool = False) -> Any:
        """The card's rows (one per group, indexed by key) or its claims (indexed by id) as a pandas DataFrame.

        ``"rows"`` has the columns :data:`ROW_COLUMNS` then one count per verdict; the total row is
        added last with ``include_total=True`` (so that summing the group rows does not count it twice,
        it is left out by default; a claim counts in several rows when grouped by topic). ``"claims"``
        has :data:`CLAIM_LINE_COLUMNS`, one row per listed claim: every counted claim unless the card
        was made with a ``max_claims`` cap (``claims_complete`` says). Needs pandas
        (``pip install 'claimtrack[pandas]'``), imported only here.
        """
        import_pandas()  # before any work: the error says how to install it
        if table == "rows":
            rows = [*self.rows, self.total] if include_total else list(self.rows)
            verdicts = [v.value for v in Verdict]
            records = [{**_row_record(row), **{v.value: row.counts.get(v, 0) for v in Verdict}} for row in rows]
            return data_frame(records, (*ROW_COLUMNS, *verdicts), index="key")
        if table == "claims":
            lines = [_line_record(line) for line in self.claims]
            return data_frame(lines, CLAIM_LINE_COLUMNS, dates=("said_on", "resolved_on", "deadline"), index="id")
        raise ValueError(f"unknown table {table!r}; choose 'rows' or 'claims'")

    def __repr__(self) -> str:
        as_of = self.as_of.isoformat() if self.as_of is not None else None
        parts = [
            f"by={self.by.value!r}",
            f"as_of={as_of}",
            f"claims={self.total.total}",
            f"rows={len(self.rows)}",
            f"graded={self.total.graded}",
            f"hit_rate={_rounded(self.total.hit_rate)}",
            f"brier={_rounded(self.total.brier)}",
        ]
        if self.not_said:
            parts.append(f"not_said={len(self.not_said)}")
        if self.skipped_invalid:
            parts.append(f"skipped_invalid={self.skipped_invalid}")
        return f"Scorecard({', '.join(parts)})"

    def _repr_html_(self) -> str | None:
        """The summary table for a notebook; :meth:`to_html` is the whole report."""
        return html_repr(self)


ROW_COLUMNS: tuple[str, ...] = (
    "key",
    "total",
    "resolved",
    "graded",
    "unscored",
    "open",
    "overdue",
    "hit_rate",
    "hit_rate_low",
    "hit_rate_high",
    "n_scored",
    "brier",
    "log_score",
    "skill",
    "mean_lead_days",
    "mean_lateness_days",
)
"""The columns of ``Scorecard.to_pandas("rows")`` before the verdict counts (see :class:`Row`)."""

CLAIM_LINE_COLUMNS: tuple[str, ...] = (
    "id",
    "speaker",
    "said_on",
    "kind",
    "verdict",
    "resolved_on",
    "deadline",
    "credence",
    "credence_word",
    "horizon",
    "overdue",
    "early",
    "outcome",
    "lead_days",
    "lateness_days",
    "topics",
    "groups",
    "language",
    "text",
    "note",
)
"""The columns of ``Scorecard.to_pandas("claims")`` (see :class:`ClaimLine`; lists joined by ``", "``)."""


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _row_record(row: Row) -> dict[str, Any]:
    low, high = row.hit_rate_ci if row.hit_rate_ci is not None else (None, None)
    return {
        "key": row.key,
        "total": row.total,
        "resolved": row.resolved,
        "graded": row.graded,
        "unscored": row.unscored,
        "open": row.open,
        "overdue": row.overdue,
        "hit_rate": row.hit_rate,
        "hit_rate_low": low,
        "hit_rate_high": high,
        "n_scored": row.n_scored,
        "brier": row.brier,
        "log_score": row.log_score,
        "skill": row.skill,
        "mean_lead_days": row.mean_lead_days,
        "mean_lateness_days": row.mean_lateness_days,
    }


def _line_record(line: ClaimLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "speaker": line.speaker,
        "said_on": line.said_on,
        "kind": line.kind.value,
        "verdict": line.verdict.value,
        "resolved_on": line.resolved_on,
        "deadline": line.deadline,
        "credence": line.credence,
        "credence_word": line.credence_word,
        "horizon": line.horizon,
        "overdue": line.overdue,
        "early": line.early,
        "outcome": line.outcome,
        "lead_days": line.lead_days,
        "lateness_days": line.lateness_days,
        "topics": ", ".join(line.topics),
        "groups": ", ".join(line.groups),
        "language": line.language,
        "text": line.text,
        "note": line.note,
    }


# -- rendering, through the renderer the API layer installs ------------------------------


class RenderFormat(StrEnum):
    """The formats a scorecard is rendered in."""

    MARKDOWN = "md"
    HTML = "html"
    JSON = "json"
    TERMINAL = "term"


class Renderer(Protocol):
    """Renders ``card`` as text in ``fmt``; ``options`` are the format's renderer's keyword arguments."""

    def __call__(self, card: Scorecard, fmt: RenderFormat, /, **options: object) -> str: ...


_renderer: Renderer | None = None


def install_renderer(renderer: Renderer | None) -> Renderer | None:
    """Make ``renderer`` the one :class:`~claimtrack.scoring.Scorecard`'s ``to_*`` methods call.

    :mod:`claimtrack.api` installs ``claimtrack.renderers`` when ``claimtrack`` is
    imported; a script may install its own. Returns the renderer it replaces
    (None at first), so a caller can put it back.
    """
    global _renderer
    previous, _renderer = _renderer, renderer
    return previous


def render_card(card: Scorecard, fmt: RenderFormat, /, **options: object) -> str:
    """``card`` rendered by the installed renderer; RuntimeError when none is installed."""
    if _renderer is None:
        raise RuntimeError(
            "no scorecard renderer is installed: import claimtrack (claimtrack.api installs claimtrack.renderers), "
            "or call claimtrack.scoring.install_renderer()"
        )
    return _renderer(card, fmt, **options)
