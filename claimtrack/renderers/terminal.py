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
from collections.abc import Callable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
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
    plural,
    within_bin_text,
)
from claimtrack.renderers.safe import terminal_safe
from claimtrack.scoring import NOT_SAID_NOTE, ClaimLine, Row, Scorecard, SourceLine

__all__ = ["MEDIUM", "TERMINAL_MAX_CLAIMS", "WIDE", "render_terminal", "renderable"]

TERMINAL_MAX_CLAIMS = 30
"""Claims the terminal report lists by default, the most recently said."""

MEDIUM = 100
"""From this many columns the summary also shows the unscored claims (always in the verdicts table)."""
WIDE = 120
"""From this many columns the summary also shows the log score and the skill."""

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


def _longest_word(texts: list[str], cap: int = 24) -> int:
    """The width a column needs so that none of these texts is broken inside a word (at most ``cap``)."""
    return min(cap, max((len(word) for text in texts for word in text.split()), default=1))


def _table(title: str) -> Table:
    """A table that spends its width on cells: a rule under the header, no vertical lines."""
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)


def _fits(table: Table, width: int) -> bool:
    """Whether ``table`` can be drawn in ``width`` columns without cropping a cell."""
    console = Console(file=io.StringIO(), width=width)
    unbounded = console.options.update_width(10 * width)  # Measurement.get clamps to the width it is given
    return Measurement.get(console, unbounded, table).minimum <= width


def _summary(card: Scorecard, *, width: int) -> Table:
    """The numbers per group; narrower than :data:`MEDIUM` columns without Unscored, narrower than
    :data:`WIDE` without the log score and the skill. Numbers are never wrapped or cut: when a
    group's longest word leaves them no room, the names wrap narrower (and, in the last resort,
    Overdue is left out)."""
    rows = (*card.rows, card.total)
    columns: list[tuple[str, Callable[[Row], str]]] = [
        ("Claims", lambda row: f"{row.total:,}"),
        ("Graded", lambda row: f"{row.graded:,}"),
    ]
    if width >= MEDIUM:
        columns.append(("Unscored", lambda row: f"{row.unscored:,}"))
    columns += [
        ("Open", lambda row: f"{row.open:,}"),
        ("Overdue", lambda row: "–" if row.overdue is None else f"{row.overdue:,}"),
        ("Hit rate (95% CI)", hit_text),
        ("Brier (n)", lambda row: f"{num(row.brier)} ({row.n_scored})" if row.n_scored else "–"),
    ]
    if width >= WIDE:
        columns += [("Log", lambda row: num(row.log_score)), ("Skill", lambda row: num(row.skill, 2))]
    longest = _longest_word([row.key for row in rows])
    for chosen in (columns, [c for c in columns if c[0] != "Overdue"]):
        for key_width in range(longest, 5, -1):
            table = _summary_table(card, chosen, key_width)
            if _fits(table, width):
                return table
    return table


def _summary_table(card: Scorecard, columns: list[tuple[str, Callable[[Row], str]]], key_width: int) -> Table:
    table = _table("Summary")
    rows = (*card.rows, card.total)
    table.add_column(GROUP_TITLES[card.by], min_width=key_width, overflow="fold")
    cells = [[value(row) for _, value in columns] for row in rows]
    for i, (name, _) in enumerate(columns):
        longest = max(len(line[i]) for line in cells)
        table.add_column(name, justify="right", min_width=max(longest, _longest_word([name])))  # headers wrap
    for row, values in zip(rows, cells):
        if row is card.total:
            table.add_section()
        figures = [Text(value, no_wrap=True) for value in values]  # a figure is never wrapped
        table.add_row(_text(row.key), *figures, style="bold" if row is card.total else None)
    return table


def _verdicts(card: Scorecard, *, width: int) -> RenderableType:
    """Claims per verdict and group: a column for each verdict some claim has (all of them when none has).

    When those columns do not fit in ``width``, each group is one wrapped line of its counts instead.
    """
    table = _table("Verdicts")
    rows = (*card.rows, card.total)
    table.add_column(GROUP_TITLES[card.by], min_width=_longest_word([row.key for row in rows]), overflow="fold")
    shown = [v for v in VERDICT_COLUMNS if card.total.counts[v]] or list(VERDICT_COLUMNS)
    for v in shown:
        label = VERDICT_LABELS[v]
        table.add_column(label, justify="right", style=VERDICT_STYLES.get(v, "dim"), min_width=_longest_word([label]))
    for row in rows:
        table.add_row(_text(row.key), *(str(row.counts[v]) for v in shown))
    if _fits(table, width):
        return table
    lines: list[RenderableType] = [Text("Verdicts", style="bold")]
    for row in rows:
        line = Text.assemble(_text(row.key, style="bold" if row is card.total else ""), ": ")
        for i, v in enumerate(shown):
            line.append(("" if i == 0 else " · ") + f"{VERDICT_LABELS[v]} ")
            line.append(str(row.counts[v]), style=VERDICT_STYLES.get(v, ""))
        lines.append(line)
    return Group(*lines)


def _calibration(total: Row) -> RenderableType:
    if not total.n_scored:
        return Text("Calibration: no graded claim carries a numeric credence yet.")
    table = _table("Calibration (all claims)")
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
            f" + uncertainty {num(m.uncertainty)}{within_bin_text(m.within_bin)}"
        )
    table.caption = caption
    return table


def _unscored(total: Row) -> RenderableType | None:
    if not total.unscored_claims:
        return None
    table = _table("Not scored (counted, with the reason recorded)")
    table.add_column("Claim", min_width=_longest_word([u.claim_id for u in total.unscored_claims], cap=32))
    table.add_column("Verdict", min_width=_longest_word([VERDICT_LABELS[u.verdict] for u in total.unscored_claims]))
    table.add_column("Reason", ratio=1, overflow="fold")  # a run of CJK text has no space to wrap at
    for u in total.unscored_claims:
        table.add_row(_text(u.claim_id), VERDICT_LABELS[u.verdict], _text(u.reason or "no reason recorded"))
    if len(total.unscored_claims) < total.unscored:
        table.caption = f"Showing {len(total.unscored_claims):,} of {total.unscored:,} (the most recently said)."
    return table


def _entry(head: Text, lines: list[tuple[str, str]]) -> RenderableType:
    """One listed claim: a heading line, then its labelled lines indented, each wrapped at word boundaries."""
    body = [Text.assemble((f"{label}: ", "dim"), _text(value)) if label else _text(value) for label, value in lines]
    return Group(head, Padding(Group(*body), (0, 0, 0, 2)))


def _claim_entry(line: ClaimLine) -> RenderableType:
    verdict = VERDICT_LABELS[line.verdict]
    head = Text.assemble(_text(line.id, style="bold"), "  ", (verdict, VERDICT_STYLES.get(line.verdict, "")))
    if line.deadline is not None:
        head.append(f"  deadline {line.deadline.isoformat()}" + (" (overdue)" if line.overdue else ""))
    english = dict(line.translations).get("en") if line.language != "en" else None
    said = f"{line.speaker}, {line.said_on_text}" + (f", {line.horizon!r}" if line.horizon else "")
    return _entry(head, [("", english or line.text), ("said", said)])


def _claims(card: Scorecard, max_claims: int | None) -> list[RenderableType]:
    if not card.claims or max_claims == 0:
        return []
    ordered = sorted(card.claims, key=lambda c: (-c.said_on.toordinal(), c.id))
    shown = ordered if max_claims is None else ordered[:max_claims]
    parts: list[RenderableType] = [Text("Claims (the most recently said first)", style="bold")]
    parts += [_claim_entry(line) for line in shown]
    if len(shown) < card.total.total:
        parts.append(
            Text(
                f"{len(shown):,} of {plural(card.total.total, 'claim')} shown; --max-claims 0 lists every one.",
                style="dim",
            )
        )
    return parts


def _not_said_source(s: SourceLine) -> str:
    where = f" @{s.locator}" if s.locator else ""
    fidelity = f" ({fidelity_text(s.fidelity)})" if s.fidelity else ""
    return s.label + where + fidelity  # made terminal-safe by _text, with the rest of the entry


def _not_said(card: Scorecard) -> RenderableType | None:
    """The attribution failures, apart from every row, with the rule they follow."""
    if not card.not_said:
        return None
    parts: list[RenderableType] = [Text(NOT_SAID_TITLE, style="bold"), Text(NOT_SAID_NOTE, style="dim")]
    for c in card.not_said:
        sources = "; ".join(_not_said_source(s) for s in c.sources) or "no secondary source recorded"
        head = Text.assemble(_text(c.claim_id, style="bold"), "  ", _text(c.speaker), f"  said {c.said_on.isoformat()}")
        lines = [("", c.text), ("reason", c.reason or "no reason recorded"), ("error made by", sources)]
        parts.append(_entry(head, lines))
    return Group(*parts)


def renderable(
    card: Scorecard, *, width: int = 120, max_claims: int | None = TERMINAL_MAX_CLAIMS, title: str | None = None
) -> RenderableType:
    """The card as one rich renderable, laid out for ``width`` columns (print it on any Console).

    Below :data:`WIDE` columns the summary leaves out the log score and the skill (below
    :data:`MEDIUM`, the unscored count too: the verdicts table has it). Every
    table fits its numbers whole and wraps text at word boundaries; the claims (the
    ``max_claims`` most recently said; None for all, 0 for none) are listed one after
    another with their text wrapped, never cut.
    """
    heading = title if title is not None else f"Scorecard by {card.by.value}"
    parts: list[RenderableType] = [_text(heading, style="bold underline"), _text(describe(card), style="bold")]
    left_out = exclusions_text(card)
    if left_out:
        parts.append(_text(left_out, style="dim"))
    parts += [_summary(card, width=width), _verdicts(card, width=width), _calibration(card.total)]
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
    parts += _claims(card, max_claims)
    return Group(*parts)


def render_terminal(
    card: Scorecard,
    *,
    width: int = 120,
    color: bool = False,
    max_claims: int | None = TERMINAL_MAX_CLAIMS,
    title: str | None = None,
) -> str:
    """The card rendered to text at ``width`` columns; ANSI colours only with ``color=True``.

    See :func:`renderable` for the layout and ``max_claims``.
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(renderable(card, width=width, max_claims=max_claims, title=title))
    return buffer.getvalue()
