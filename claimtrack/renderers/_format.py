"""Number and label formatting shared by every renderer, so all formats show the same figures."""

from __future__ import annotations

from collections.abc import Sequence

from claimtrack.model import Verdict
from claimtrack.scoring import GroupBy, Row, Scorecard

__all__ = [
    "GROUP_TITLES",
    "NOT_SAID_TITLE",
    "VERDICT_COLUMNS",
    "VERDICT_LABELS",
    "ci_text",
    "days_text",
    "describe",
    "exclusions_text",
    "fidelity_text",
    "hit_text",
    "num",
    "pct",
    "plural",
    "skipped_text",
    "within_bin_text",
]

VERDICT_COLUMNS: tuple[Verdict, ...] = (
    Verdict.TRUE,
    Verdict.MOSTLY_TRUE,
    Verdict.MIXED,
    Verdict.MOSTLY_FALSE,
    Verdict.FALSE,
    Verdict.UNVERIFIABLE,
    Verdict.AMBIGUOUS,
    Verdict.ANNULLED,
    Verdict.NOT_CHECKABLE,
    Verdict.OPEN,
)
"""Verdicts in display order: graded from best to worst, then unscored, then open.

``not_said`` has no column: an attribution failure counts in no row (its count is
always 0 there); every renderer lists those claims apart, under :data:`NOT_SAID_TITLE`.
"""

NOT_SAID_TITLE = "Not said by the speaker"
"""The heading of the list of attribution failures (:attr:`~claimtrack.scoring.Scorecard.not_said`)."""

VERDICT_LABELS: dict[Verdict, str] = {v: v.value.replace("_", " ") for v in Verdict}

GROUP_TITLES: dict[GroupBy, str] = {
    GroupBy.SPEAKER: "Speaker",
    GroupBy.TOPIC: "Topic",
    GroupBy.KIND: "Kind",
    GroupBy.HORIZON: "Horizon",
    GroupBy.SOURCE: "Source",
    GroupBy.YEAR: "Year said",
}


def fidelity_text(fidelity: str | None) -> str:
    """A source's fidelity as words ("not in original"), or empty when none is recorded."""
    return fidelity.replace("_", " ") if fidelity else ""


def pct(value: float | None, digits: int = 0) -> str:
    """A share as a percentage ("67%"), or an en dash when unknown."""
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 3) -> str:
    """A score to ``digits`` decimals ("0.137"), or an en dash when unknown."""
    return "–" if value is None else f"{value:.{digits}f}"


def plural(count: int, noun: str, nouns: str | None = None, *, with_count: bool = True) -> str:
    """``count`` and ``noun`` agreeing: "1 claim", "0 claims", "1,234 claims".

    ``nouns`` is the plural when it is not ``noun`` + "s" ("1 entry", "2 entries");
    ``with_count=False`` gives the word alone, for a label beside a figure shown apart.
    """
    word = noun if count == 1 else (nouns if nouns is not None else f"{noun}s")
    return f"{count:,} {word}" if with_count else word


def within_bin_text(value: float) -> str:
    """The within-bin term of a Brier decomposition as " + within-bin 0.012", or empty when it rounds to zero.

    The term is what the calibration bins hide; it is often a rounding error
    away from 0 (-2.8e-17), which would print as "-0.000". Every renderer
    leaves such a term out, so the sum reads "reliability − resolution + uncertainty".
    """
    text = num(value)
    return "" if float(text) == 0 else f" + within-bin {text}"


def ci_text(ci: Sequence[float] | None) -> str:
    """A 95% interval as "45–88%", or empty when unknown."""
    return "" if ci is None else f"{ci[0] * 100:.0f}–{ci[1] * 100:.0f}%"


def days_text(value: float | None) -> str:
    """A mean number of days ("412 d"), or an en dash when unknown."""
    return "–" if value is None else f"{value:,.0f} d"


def hit_text(row: Row) -> str:
    """The hit rate with its interval: "67% (21–94%)"."""
    if row.hit_rate is None:
        return "–"
    return f"{pct(row.hit_rate)} ({ci_text(row.hit_rate_ci)})"


def describe(card: Scorecard) -> str:
    """One line saying what the card covers: date, counts, options."""
    parts = [f"as of {card.as_of.isoformat()}" if card.as_of else "latest status"]
    if card.known_at is not None:
        parts.append(f"as recorded by {card.known_at.isoformat()}")
    parts.append(plural(card.total.total, "claim"))
    if card.skipped_invalid:
        parts.append(skipped_text(card))
    parts.append(f"{card.total.graded:,} graded")
    parts.append(f"{card.total.n_scored:,} with a credence")
    if card.faithful_only:
        parts.append("only claims with a verbatim or faithful source")
    if card.exclude_early:
        parts.append("claims resolved before their deadline left out")
    return " · ".join(parts)


def skipped_text(card: Scorecard) -> str:
    """The damaged records left out of the card (``skipped_invalid``), or empty when none was."""
    n = card.skipped_invalid
    if not n:
        return ""
    return f"{plural(n, 'damaged record')} skipped (unreadable; see claimtrack validate)"


def exclusions_text(card: Scorecard) -> str:
    """What the card left out of its rows (by its options, or as not said by the speaker), or empty."""
    ex = card.excluded
    parts = []
    if ex.not_yet_said:
        parts.append(f"{ex.not_yet_said:,} said after the as-of date")
    if ex.filtered:
        parts.append(f"{ex.filtered:,} outside the filters")
    if ex.unfaithful:
        parts.append(f"{ex.unfaithful:,} without a verbatim or faithful source")
    if ex.early:
        parts.append(f"{ex.early:,} resolved before their deadline")
    if ex.not_said:
        parts.append(f"{ex.not_said:,} not said by the speaker (listed apart)")
    if ex.not_a_person:
        names = ", ".join(f"{name} ({n:,})" for name, n in card.not_a_person[:5])
        more = f" and {len(card.not_a_person) - 5:,} more" if len(card.not_a_person) > 5 else ""
        parts.append(f"{ex.not_a_person:,} by claimants that are not a person: {names}{more}")
    return ("Left out: " + "; ".join(parts) + ".") if parts else ""
