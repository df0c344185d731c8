"""The scorecard as Markdown: summary, verdicts, calibration, resolutions by month, unscored reasons,
claims not said by the speaker, claims.

Every text that comes from a claim is escaped, so a claim reading
``<script>alert(1)</script>`` or ``| **bold** |`` shows as those characters
and cannot break a table or inject HTML where Markdown is rendered.
"""

from __future__ import annotations

from urllib.parse import quote

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
from claimtrack.scoring import HIT_WEIGHTS, NOT_SAID_NOTE, ClaimLine, Outcome, Row, Scorecard, SourceLine

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = set("\\`*_[]<>|#~&!")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_URL_KEEP = ";/?:@&=+$,-_.!~*'#%[]"
"""Characters a link destination keeps as they are; every other one (spaces, parentheses, ``<>``,
backslashes, quotes, controls) is percent-encoded so the URL cannot end the link early."""


def escape_markdown(text: str) -> str:
    """``text`` made inert in Markdown and in a table cell: one line, specials escaped."""
    out = []
    for ch in " ".join(text.split()):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _link(label: str, url: str | None) -> str:
    """``label`` escaped, as a link to ``url`` when it is an http(s) URL (any other scheme stays text)."""
    text = escape_markdown(label)
    if url and url.lower().startswith(("http://", "https://")):
        return f"[{text}]({quote(url, safe=_URL_KEEP)})"
    return text


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(":--" if a == "l" else "--:" for a in align) + "|")
    lines.extend("| " + " | ".join(cells) + " |" for cells in rows)
    return lines


def _summary_cells(row: Row, *, bold: bool = False) -> list[str]:
    key = escape_markdown(row.key)
    return [
        f"**{key}**" if bold else key,
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


def _claim_cells(line: ClaimLine) -> list[str]:
    text = escape_markdown(line.text)
    for lang, translated in line.translations:
        text += f"<br>*{escape_markdown(lang)}:* {escape_markdown(translated)}"
    verdict = VERDICT_LABELS[line.verdict]
    if line.resolved_on is not None:
        verdict += f" ({line.resolved_on.isoformat()})"
    if line.overdue:
        verdict += " – overdue"
    horizon = escape_markdown(line.horizon) if line.horizon else ""
    if line.deadline is not None:
        horizon += f" → {line.deadline.isoformat()}"
    sources = "; ".join(
        escape_markdown(s.label) + (f" ({s.fidelity.replace('_', ' ')})" if s.fidelity else "") for s in line.sources
    )
    credence = pct(line.credence) if line.credence is not None else ""
    if line.credence_word:
        credence += f" “{escape_markdown(line.credence_word)}”"
    return [
        f"`{line.id}`",
        text,
        escape_markdown(line.speaker),
        line.said_on_text,
        line.kind.value,
        verdict,
        credence,
        horizon,
        sources,
    ]


def render_markdown(card: Scorecard, *, max_claims: int | None = 200, title: str | None = None) -> str:
    """The card as a Markdown document.

    The claim list shows at most ``max_claims`` claims (None for all, 0 for none), most
    recently said first, and says how many it left out.
    """
    group = GROUP_TITLES[card.by]
    out: list[str] = [f"# {escape_markdown(title) if title else 'Scorecard by ' + card.by.value}", ""]
    out.append(describe(card) + ".")
    left_out = exclusions_text(card)
    if left_out:
        out += ["", left_out]
    out += ["", "## Summary", ""]
    header = [
        group,
        "Claims",
        "Graded",
        "Unscored",
        "Open",
        "Overdue",
        "Hit rate (95% CI)",
        "Brier (n)",
        "Log",
        "Skill",
    ]
    rows = [_summary_cells(r) for r in card.rows]
    rows.append(_summary_cells(card.total, bold=True))
    out += _table(header, rows, "l" + "r" * 9)
    out += ["", "## Verdicts", ""]
    header = [group, *(VERDICT_LABELS[v] for v in VERDICT_COLUMNS)]
    rows = [[escape_markdown(r.key), *(str(r.counts[v]) for v in VERDICT_COLUMNS)] for r in card.rows]
    rows.append([f"**{card.total.key}**", *(str(card.total.counts[v]) for v in VERDICT_COLUMNS)])
    out += _table(header, rows, "l" + "r" * len(VERDICT_COLUMNS))
    out += _calibration(card.total)
    out += _timing(card)
    out += _timeline(card)
    out += _unscored(card.total)
    out += _not_said(card)
    out += _claims(card, max_claims)
    out += _legend()
    return "\n".join(out) + "\n"


def _calibration(total: Row) -> list[str]:
    out = ["", "## Calibration", ""]
    if not total.n_scored:
        out.append("No graded claim carries a numeric credence yet, so there is nothing to calibrate.")
        return out
    rows = [
        [
            f"{b.lower:.0%}–{b.upper:.0%}",
            str(b.n),
            pct(b.mean_credence),
            pct(b.observed),
            ci_text(b.ci),
        ]
        for b in total.calibration
        if b.n
    ]
    out += _table(["Credence", "n", "Mean credence", "Came true", "95% CI"], rows, "lrrrr")
    m = total.murphy
    if m is not None:
        out += [
            "",
            f"Brier {num(total.brier)} = reliability {num(m.reliability)} − resolution {num(m.resolution)}"
            f" + uncertainty {num(m.uncertainty)}"
            + within_bin_text(m.within_bin)
            + f" (base rate {pct(m.base_rate)}; log score {num(total.log_score)};"
            f" skill vs base rate {num(total.skill, 2)}).",
        ]
    return out


def _timing(card: Scorecard) -> list[str]:
    total = card.total
    if total.mean_lead_days is None and total.mean_lateness_days is None:
        return []
    out = ["", "## Timing", ""]
    if total.mean_lead_days is not None:
        out.append(f"- Mean lead time, said to resolved: {days_text(total.mean_lead_days)} (graded claims).")
    if total.mean_lateness_days is not None:
        out.append(
            f"- Mean lateness, deadline to resolution: {days_text(total.mean_lateness_days)}"
            f" over {plural(total.n_lateness, 'prediction or commitment', 'predictions and commitments')}"
            " with a deadline (negative = early)."
        )
    return out


def _unscored(total: Row) -> list[str]:
    if not total.unscored_claims:
        return []
    out = ["", "## Not scored", "", "Counted above but never scored, with the reason recorded:", ""]
    for u in total.unscored_claims:
        reason = escape_markdown(u.reason) if u.reason else "no reason recorded"
        out.append(f"- `{u.claim_id}` — {VERDICT_LABELS[u.verdict]}: {reason}")
    if len(total.unscored_claims) < total.unscored:
        out += ["", f"Showing {len(total.unscored_claims):,} of {total.unscored:,} (the most recently said)."]
    return out


def _not_said_source(s: SourceLine) -> str:
    where = f" @ {escape_markdown(s.locator)}" if s.locator else ""
    fidelity = f" ({fidelity_text(s.fidelity)})" if s.fidelity else ""
    return _link(s.label, s.url) + where + fidelity


def _not_said(card: Scorecard) -> list[str]:
    """The attribution failures, apart from every row, with the rule they follow."""
    if not card.not_said:
        return []
    out = ["", f"## {NOT_SAID_TITLE}", "", NOT_SAID_NOTE, ""]
    for c in card.not_said:
        reason = escape_markdown(c.reason) if c.reason else "no reason recorded"
        sources = "; ".join(_not_said_source(s) for s in c.sources) or "no secondary source recorded"
        out.append(
            f"- `{c.claim_id}` — {escape_markdown(c.speaker)}, {c.said_on.isoformat()}: “{escape_markdown(c.text)}”"
            f" — reason: {reason} — error made by: {sources}"
        )
    return out


_OUTCOME_TITLES = {
    Outcome.CAME_TRUE: "Came true",
    Outcome.MIXED: "Mixed",
    Outcome.DID_NOT: "Did not",
    Outcome.NOT_SCORED: "Not scored",
}


def _timeline(card: Scorecard) -> list[str]:
    """Resolutions per month (every counted claim, also when the claim list is partial)."""
    if not card.timeline:
        return []
    out = ["", "## Resolutions by month", ""]
    header = ["Month", *_OUTCOME_TITLES.values(), "Total"]
    rows = [
        [
            f"{m.month.year:04d}-{m.month.month:02d}",
            *(str(m.counts.get(o, 0)) for o in _OUTCOME_TITLES),
            str(m.total),
        ]
        for m in card.timeline
    ]
    out += _table(header, rows, "l" + "r" * (len(_OUTCOME_TITLES) + 1))
    return out


def _claims(card: Scorecard, max_claims: int | None) -> list[str]:
    if not card.claims:
        return []
    ordered = sorted(card.claims, key=lambda c: (-c.said_on.toordinal(), c.id))
    shown = ordered if max_claims is None else ordered[:max_claims]
    out = ["", "## Claims", ""]
    header = ["Id", "Claim", "Speaker", "Said", "Kind", "Verdict", "Credence", "Horizon", "Sources"]
    out += _table(header, [_claim_cells(c) for c in shown], "lllllllll")
    counted = card.total.total
    if len(shown) < counted:
        where = (
            "the HTML and JSON reports list the others."
            if card.claims_complete
            else "the figures above cover all of them."
        )
        out += ["", f"The list shows the {len(shown):,} most recently said of {plural(counted, 'claim')}; {where}"]
    return out


def _legend() -> list[str]:
    weights = ", ".join(f"{VERDICT_LABELS[v]} = {w:g}" for v, w in HIT_WEIGHTS.items())
    unscored = ", ".join(VERDICT_LABELS[v] for v in (Verdict.UNVERIFIABLE, Verdict.AMBIGUOUS, Verdict.ANNULLED))
    return [
        "",
        "## How to read this",
        "",
        f"- **Hit rate**: mean outcome of graded claims ({weights}), with a Wilson 95% interval.",
        "- **Brier**: mean (credence − outcome)² over graded claims with a numeric credence; 0 is perfect,"
        " 0.25 is what always saying 50% earns. **Log**: mean log score in nats (0 is perfect, −0.693 is 50%)."
        " **Skill**: 1 − Brier / Brier of always forecasting the base rate.",
        f"- **Unscored**: {unscored} and not checkable are counted and listed, never scored.",
        f"- **{NOT_SAID_TITLE}**: {NOT_SAID_NOTE}",
        "- **Overdue**: open predictions and commitments whose deadline passed before the as-of date.",
    ]
