"""The outlet fidelity card as rich tables for the terminal.

Every string that comes from a claim or a source goes through
:func:`~claimtrack.renderers.safe.terminal_safe` (control characters shown,
never obeyed) and reaches rich as :class:`rich.text.Text`, never as markup,
so a quote containing ``[bold]`` or ``[/]`` prints as written. Table titles
that carry data are ``Text`` too.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimtrack.model import Fidelity
from claimtrack.renderers.fidelity_text import (
    FIDELITY_COLUMNS,
    FIDELITY_LABELS,
    GROUP_TITLES,
    describe_card,
    exclusions_line,
    language_tag,
    or_not_recorded,
    rate_text,
)
from claimtrack.renderers.safe import terminal_safe
from claimtrack.scoring import Distortion, FidelityCard, FidelityRow

__all__ = ["fidelity_renderable", "render_fidelity_terminal"]

FIDELITY_STYLES: dict[Fidelity, str] = {
    Fidelity.VERBATIM: "green",
    Fidelity.FAITHFUL: "green",
    Fidelity.PARTLY_FAITHFUL: "yellow",
    Fidelity.DISTORTED: "red",
    Fidelity.NOT_IN_ORIGINAL: "red",
    Fidelity.MISATTRIBUTED: "red",
}


def _safe(text: str, *, one_line: bool = False, style: str = "") -> Text:
    return Text(terminal_safe(text, one_line=one_line), style=style)


def _summary(card: FidelityCard) -> Table:
    table = Table(title="Fidelity", title_justify="left")
    table.add_column(GROUP_TITLES[card.by], overflow="fold")
    table.add_column("Renderings", justify="right")
    table.add_column("Rated", justify="right")
    for f in FIDELITY_COLUMNS:
        table.add_column(FIDELITY_LABELS[f], justify="right", style=FIDELITY_STYLES[f])
    table.add_column("Unrated", justify="right", style="dim")
    table.add_column("Faithful rate (95% CI)", justify="right")

    def cells(row: FidelityRow) -> list[RenderableType]:
        return [
            _safe(row.key, one_line=True),
            f"{row.renderings:,}",
            f"{row.rated:,}",
            *(f"{row.counts[f]:,}" for f in FIDELITY_COLUMNS),
            f"{row.unrated:,}",
            rate_text(row),
        ]

    for row in card.rows:
        table.add_row(*cells(row))
    table.add_section()
    table.add_row(*cells(card.total), style="bold")
    return table


def _side(text: str | None, language: str | None, where: str) -> Text:
    out = Text(f"{terminal_safe(language_tag(language), one_line=True)}", style="dim")
    if where:
        out.append(f" {terminal_safe(where, one_line=True)}", style="dim")
    out.append("\n")
    out.append(terminal_safe(or_not_recorded(text)), style="" if text else "italic")
    return out


def _where(name: str | None, locator: str | None) -> str:
    return " @ ".join(p for p in (name, locator) if p)


def _distortions(row: FidelityRow) -> Table:
    count = len(row.distortions)
    title = Text(f"Distortions: {terminal_safe(row.key, one_line=True)} ({count})")
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("Claim", overflow="fold", ratio=1)
    table.add_column("Original", overflow="fold", ratio=3)
    table.add_column("Rendering", overflow="fold", ratio=3)
    table.add_column("Fidelity")
    table.add_column("What changed", overflow="fold", ratio=3)
    for i, d in enumerate(row.distortions, 1):
        table.add_row(*_distortion_cells(i, d))
    return table


def _distortion_cells(number: int, d: Distortion) -> list[RenderableType]:
    claim = _safe(d.claim_id, one_line=True)
    claim.append(f"\n{terminal_safe(d.speaker, one_line=True)}, {d.said_on.isoformat()}", style="dim")
    original = (
        _side(d.original, d.original_language, _where(d.original_source, d.original_locator))
        if d.original
        else Text(or_not_recorded(None), style="italic")
    )
    return [
        str(number),
        claim,
        original,
        _side(d.rendering, d.rendering_language, _where(d.publisher, d.locator)),
        Text(FIDELITY_LABELS[d.fidelity], style=FIDELITY_STYLES[d.fidelity]),
        _safe(d.note or ""),
    ]


def fidelity_renderable(card: FidelityCard) -> RenderableType:
    """The card as one rich renderable (print it on any Console)."""
    parts: list[RenderableType] = [Text(describe_card(card), style="bold")]
    left_out = exclusions_line(card)
    if left_out:
        parts.append(Text(left_out, style="dim"))
    parts.append(_summary(card))
    parts.extend(_distortions(row) for row in card.rows if row.distortions)
    if not card.distortions:
        parts.append(Text("No rendering is rated partly faithful or worse."))
    return Group(*parts)


def render_fidelity_terminal(card: FidelityCard, *, width: int = 120, color: bool = False) -> str:
    """The card rendered to text at ``width`` columns; ANSI colours only with ``color=True``."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(fidelity_renderable(card))
    return buffer.getvalue()
