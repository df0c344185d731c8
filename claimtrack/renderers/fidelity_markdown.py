"""The outlet fidelity card as Markdown: the counts per outlet, then every distortion beside its original.

Every string that comes from a claim or a source goes through
:func:`~claimtrack.renderers.markdown.escape_markdown`, so a quote reading
``<script>`` or ``| **x** |`` shows as those characters and cannot break a
table or inject HTML where the Markdown is rendered.
"""

from __future__ import annotations

from claimtrack.renderers._format import plural
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
from claimtrack.renderers.markdown import escape_markdown
from claimtrack.scoring import Distortion, FidelityCard, FidelityRow

__all__ = ["render_fidelity_markdown"]


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(":--" if a == "l" else "--:" for a in align) + "|")
    lines.extend("| " + " | ".join(cells) + " |" for cells in rows)
    return lines


def _summary_cells(row: FidelityRow, *, bold: bool = False) -> list[str]:
    key = escape_markdown(row.key)
    return [
        f"**{key}**" if bold else key,
        f"{row.renderings:,}",
        f"{row.rated:,}",
        *(f"{row.counts[f]:,}" for f in FIDELITY_COLUMNS),
        f"{row.unrated:,}",
        rate_text(row),
    ]


def _quoted(text: str | None, language: str | None, where: str) -> str:
    label = f"*{escape_markdown(language_tag(language))}"
    if where:
        label += f", {escape_markdown(where)}"
    label += ":*"
    if not text:
        return f"{label} ({or_not_recorded(text)})"
    return f"{label} {escape_markdown(text)}"


def _place(name: str | None, locator: str | None) -> str:
    return " @ ".join(p for p in (name, locator) if p)


def _distortion_cells(number: int, d: Distortion) -> list[str]:
    claim = f"`{escape_markdown(d.claim_id)}`<br>{escape_markdown(d.speaker)}, {d.said_on.isoformat()}"
    if d.claim_text not in (d.rendering, d.original):
        claim += f"<br>*claim ({escape_markdown(d.claim_language)}):* {escape_markdown(d.claim_text)}"
    original = (
        _quoted(d.original, d.original_language, _place(d.original_source, d.original_locator))
        if d.original
        else f"({or_not_recorded(None)})"
    )
    return [
        str(number),
        claim,
        original,
        _quoted(d.rendering, d.rendering_language, _place(d.publisher, d.locator)),
        FIDELITY_LABELS[d.fidelity],
        escape_markdown(d.note) if d.note else "",
    ]


def render_fidelity_markdown(card: FidelityCard, *, title: str | None = None) -> str:
    """The fidelity card as a Markdown document: the counts, then each group's distortions."""
    group = GROUP_TITLES[card.by]
    heading = escape_markdown(title) if title else f"Outlet fidelity card by {card.by.value}"
    out: list[str] = [f"# {heading}", "", describe_card(card) + "."]
    left_out = exclusions_line(card)
    if left_out:
        out += ["", left_out]
    out += ["", "## Fidelity", ""]
    header = [
        group,
        "Renderings",
        "Rated",
        *(FIDELITY_LABELS[f] for f in FIDELITY_COLUMNS),
        "Unrated",
        "Faithful rate (95% CI)",
    ]
    rows = [_summary_cells(r) for r in card.rows]
    rows.append(_summary_cells(card.total, bold=True))
    out += _table(header, rows, "l" + "r" * (len(header) - 1))
    out += ["", "## Distortions"]
    if not card.distortions:
        out += ["", "No rendering is rated partly faithful or worse."]
    for row in card.rows:
        if not row.distortions:
            continue
        count = len(row.distortions)
        out += ["", f"### {escape_markdown(row.key)} ({plural(count, 'distortion')})", ""]
        cells = [_distortion_cells(i, d) for i, d in enumerate(row.distortions, 1)]
        out += _table(["#", "Claim", "Original", "Rendering", "Fidelity", "What changed"], cells, "rlllll")
    out += _legend()
    return "\n".join(out) + "\n"


def _legend() -> list[str]:
    return [
        "",
        "## How to read this",
        "",
        "- A **rendering** is a claim's secondary source: an article or summary carrying the speaker's words."
        " Primary sources are where the claim was made and are not counted.",
        "- **Faithful rate**: renderings rated verbatim or faithful over all rated renderings, with a Wilson 95%"
        " interval. **Unrated** renderings are counted but stay out of the rate.",
        "- **Distortions**: every rendering rated partly faithful, distorted, not in the original or"
        " misattributed, with the primary source's quote (the original) beside the rendering.",
        "- The card scores outlets, never speakers: verdicts play no part.",
    ]
