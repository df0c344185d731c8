"""The scorecard as rich tables for the terminal.

Every value that comes from data (group keys: speakers, topics, sources; claim
ids; unscored reasons; the claims not said by the speaker, with their reasons and
sources; the card's description) reaches rich only through :func:`_text`: made
terminal-safe (:func:`~claimtrack.renderers.safe.terminal_safe`, one line, so an
ESC, C1 or bidi character is shown as a visible escape and never acts on the
terminal) and wrapped in :class:`rich.text.Text`, never
parsed as markup, so a claim containing ``[bold]`` or ``[/]`` prints as written.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimtrack.model import Verdict
from claimtrack.renderers._format import (
    GROUP_TITLES,
    NOT_SAID_TITLE,
    VERDICT_COLUMNS,
    VERDICT_LABELS,
    ci_text,
    days_text,
    describe,
    exclusions_text,
    fidelity_text,
    hit_text,
    num,
    pct,
)
from claimtrack.renderers.safe import terminal_safe
from claimtrack.scoring import NOT_SAID_NOTE, Row, Scorecard, SourceLine

__all__ = ["render_terminal", "renderable"]

VERDICT_STYLES: dict[Verdict, str] = {
    Verdict.TRUE: "green",
    Verdict.MOSTLY_TRUE: "green",
    Verdict.MIXED: "yellow",
    Verdict.MOSTLY_FALSE: "red",
    Verdict.FALSE: "red",
    Verdict.OPEN: "cyan",
}


def _text(value: str, style: str = "") -> Text:
    """A value from data as rich text: terminal-safe on one line, never read as markup."""
    return Text(terminal_safe(value, one_line=True), style=style)


def _summary(card: Scorecard) -> Table:
    table = Table(title="Summary", title_justify="left", show_lines=False)
    table.add_column(GROUP_TITLES[card.by], overflow="fold")
    for name in ("Claims", "Graded", "Unscored", "Open", "Overdue", "Hit rate (95% CI)", "Brier (n)", "Log", "Skill"):
        table.add_column(name, justify="right")

    def cells(row: Row) -> list[RenderableType]:
        return [
            _text(row.key),
            f"{row.total:,}",
            f"{row.graded:,}",
            f"{row.unscored:,}",
            f"{row.open:,}",
            "–" if row.overdue is None else f"{row.overdue:,}",
            hit_text(row),
            f"{num(row.brier)} ({row.n_scored})" if row.n_scored else "–",
            num(row.log_score),
            num(row.skill, 2),
        ]

    for row in card.rows:
        table.add_row(*cells(row))
    table.add_section()
    table.add_row(*cells(card.total), style="bold")
    return table


def _verdicts(card: Scorecard) -> Table:
    table = Table(title="Verdicts", title_justify="left")
    table.add_column(GROUP_TITLES[card.by], overflow="fold")
    for v in VERDICT_COLUMNS:
        table.add_column(VERDICT_LABELS[v], justify="right", style=VERDICT_STYLES.get(v, "dim"))
    for row in (*card.rows, card.total):
        table.add_row(_text(row.key), *(str(row.counts[v]) for v in VERDICT_COLUMNS))
    return table


def _calibration(total: Row) -> RenderableType:
    if not total.n_scored:
        return Text("Calibration: no graded claim carries a numeric credence yet.")
    table = Table(title="Calibration (all claims)", title_justify="left")
    for name in ("Credence", "n", "Mean credence", "Came true", "95% CI"):
        table.add_column(name, justify="right")
    for b in total.calibration:
        if b.n:
            table.add_row(
                f"{b.lower:.0%}–{b.upper:.0%}", str(b.n), pct(b.mean_credence), pct(b.observed), ci_text(b.ci)
            )
    m = total.murphy
    caption = ""
    if m is not None:
        caption = (
            f"Brier {num(total.brier)} = reliability {num(m.reliability)} − resolution {num(m.resolution)}"
            f" + uncertainty {num(m.uncertainty)}; within-bin {num(m.within_bin)}"
        )
    table.caption = caption
    return table


def _unscored(total: Row) -> RenderableType | None:
    if not total.unscored_claims:
        return None
    table = Table(title="Not scored (counted, with the reason recorded)", title_justify="left")
    table.add_column("Claim", overflow="fold")
    table.add_column("Verdict")
    table.add_column("Reason", overflow="fold")
    for u in total.unscored_claims:
        table.add_row(_text(u.claim_id), VERDICT_LABELS[u.verdict], _text(u.reason or "no reason recorded"))
    if len(total.unscored_claims) < total.unscored:
        table.caption = f"Showing {len(total.unscored_claims):,} of {total.unscored:,} (the most recently said)."
    return table


def _not_said_source(s: SourceLine) -> str:
    where = f" @{s.locator}" if s.locator else ""
    fidelity = f" ({fidelity_text(s.fidelity)})" if s.fidelity else ""
    return s.label + where + fidelity  # made terminal-safe by _text, with the rest of the cell


def _not_said(card: Scorecard) -> RenderableType | None:
    """The attribution failures, apart from every row, with the rule they follow."""
    if not card.not_said:
        return None
    table = Table(title=Text(NOT_SAID_TITLE), title_justify="left", caption=Text(NOT_SAID_NOTE), caption_justify="left")
    table.add_column("Claim", overflow="fold")
    table.add_column("Speaker", overflow="fold")
    table.add_column("Said")
    table.add_column("Text", overflow="fold")
    table.add_column("Reason", overflow="fold")
    table.add_column("Error made by", overflow="fold")
    for c in card.not_said:
        sources = "; ".join(_not_said_source(s) for s in c.sources) or "no secondary source recorded"
        table.add_row(
            _text(c.claim_id),
            _text(c.speaker),
            c.said_on.isoformat(),
            _text(c.text),
            _text(c.reason or "no reason recorded"),
            _text(sources),
        )
    return table


def renderable(card: Scorecard) -> RenderableType:
    """The card as one rich renderable (print it on any Console)."""
    parts: list[RenderableType] = [_text(describe(card), style="bold")]
    left_out = exclusions_text(card)
    if left_out:
        parts.append(_text(left_out, style="dim"))
    parts += [_summary(card), _verdicts(card), _calibration(card.total)]
    total = card.total
    if total.mean_lead_days is not None:
        timing = f"Mean lead time said → resolved: {days_text(total.mean_lead_days)}"
        if total.mean_lateness_days is not None:
            timing += f"; mean lateness after deadline: {days_text(total.mean_lateness_days)} (n={total.n_lateness})"
        parts.append(Text(timing))
    unscored = _unscored(total)
    if unscored is not None:
        parts.append(unscored)
    not_said = _not_said(card)
    if not_said is not None:
        parts.append(not_said)
    return Group(*parts)


def render_terminal(card: Scorecard, *, width: int = 120, color: bool = False) -> str:
    """The card rendered to text at ``width`` columns; ANSI colours only with ``color=True``."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(renderable(card))
    return buffer.getvalue()
