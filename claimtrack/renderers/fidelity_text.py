"""Labels and figures every fidelity card renderer shows alike (Markdown, HTML, terminal).

The figures come from :mod:`claimtrack.renderers._format` (the scorecard's
``pct`` and ``ci_text``), so a rate reads the same on both cards.
"""

from __future__ import annotations

from claimtrack.model import Fidelity
from claimtrack.renderers._format import ci_text, pct, plural
from claimtrack.scoring import NOT_RECORDED, FidelityCard, FidelityGroupBy, FidelityRow

__all__ = [
    "FIDELITY_COLUMNS",
    "FIDELITY_LABELS",
    "GROUP_TITLES",
    "describe_card",
    "exclusions_line",
    "language_tag",
    "or_not_recorded",
    "rate_text",
]

FIDELITY_COLUMNS: tuple[Fidelity, ...] = tuple(Fidelity)
"""Ratings in display order: verbatim, faithful, then the distortions from the mildest."""

FIDELITY_LABELS: dict[Fidelity, str] = {f: f.value.replace("_", " ") for f in Fidelity}

GROUP_TITLES: dict[FidelityGroupBy, str] = {
    FidelityGroupBy.PUBLISHER: "Outlet",
    FidelityGroupBy.SOURCE: "Source",
    FidelityGroupBy.SPEAKER: "Speaker reported",
}


def rate_text(row: FidelityRow) -> str:
    """The faithful rate with its interval, "42% (29–55%)", or an en dash when nothing is rated."""
    if row.faithful_rate is None:
        return "–"
    return f"{pct(row.faithful_rate)} ({ci_text(row.faithful_rate_ci)})"


def describe_card(card: FidelityCard) -> str:
    """One line saying what the card covers."""
    parts = [f"claims said by {card.as_of.isoformat()}" if card.as_of else "every claim"]
    parts.append(f"{plural(card.claims, 'claim')} read")
    parts.append(plural(card.total.renderings, "rendering"))
    parts.append(f"{card.total.rated:,} rated")
    parts.append(plural(card.total.distorted, "distortion"))
    return " · ".join(parts)


def exclusions_line(card: FidelityCard) -> str:
    """What the card leaves out of the rate, or empty when nothing was."""
    parts = []
    if card.not_yet_said:
        parts.append(f"{plural(card.not_yet_said, 'claim')} said after the as-of date")
    if card.without_renderings:
        parts.append(f"{plural(card.without_renderings, 'claim')} without a secondary source")
    text = ("Left out: " + "; ".join(parts) + ".") if parts else ""
    if card.total.unrated:
        n = card.total.unrated
        unrated = f"{plural(n, 'unrated rendering')} {'is' if n == 1 else 'are'} counted, but not in the rate."
        text = f"{text} {unrated}" if text else unrated
    return text


def language_tag(language: str | None) -> str:
    """A language code for a label ("ja"), or "?" when unknown."""
    return language or "?"


def or_not_recorded(text: str | None) -> str:
    """``text``, or :data:`~claimtrack.scoring.NOT_RECORDED` when there is none."""
    return text if text else NOT_RECORDED
