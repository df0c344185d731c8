"""The scorecard as one self-contained HTML page.

No external scripts, styles, fonts or images: the charts are inline SVG, the
styles and the one script are inline, and a Content-Security-Policy allows
only that script (by its hash), so the page works offline and from a file.

Safety: every text that comes from a claim is HTML-escaped on the server side
(:func:`html.escape`), and the claim table is built in the browser with
``textContent`` from a JSON block in which ``<``, ``>`` and ``&`` are written as
``\\u003c`` etc., so a claim reading ``<script>alert(1)</script>`` shows as text
and never runs. Links are only made for http(s) URLs.

Scale: the claim table is paginated (50 rows a page) with sorting and a
filter box, so a card of 100,000 claims stays usable; ``max_claims`` caps
how many claims are embedded at all.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

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
    num,
    pct,
    plural,
    within_bin_text,
)
from claimtrack.renderers._html_assets import SCRIPT as _SCRIPT
from claimtrack.renderers._html_assets import h, num_td, page_head, tile
from claimtrack.scoring import (
    HIT_WEIGHTS,
    NOT_SAID_NOTE,
    ClaimLine,
    NotSaidClaim,
    Outcome,
    Row,
    Scorecard,
    SourceLine,
    TimelineMonth,
)

__all__ = ["render_html"]

_TIMELINE_SERIES: tuple[tuple[str, str, Outcome], ...] = (
    ("came true (true, mostly true)", "#2e7d32", Outcome.CAME_TRUE),
    ("mixed", "#f9a825", Outcome.MIXED),
    ("did not (mostly false, false)", "#c62828", Outcome.DID_NOT),
    ("not scored", "#9e9e9e", Outcome.NOT_SCORED),
)


def _link(label: str, url: str | None) -> str:
    """``label`` as a link to ``url`` when it is an http(s) URL; any other scheme stays plain text."""
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{h(url)}" rel="noopener noreferrer">{h(label)}</a>'
    return h(label)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element or open a comment: <, >, & and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _claim_data(line: ClaimLine) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": line.id,
        "text": line.text,
        "speaker": line.speaker,
        "said_on": line.said_on.isoformat(),
        "said_on_text": line.said_on_text,
        "kind": line.kind.value,
        "verdict": line.verdict.value,
    }
    if line.translations:
        data["translations"] = dict(line.translations)
    if line.topics:
        data["topics"] = list(line.topics)
    if line.resolved_on is not None:
        data["resolved_on"] = line.resolved_on.isoformat()
    if line.note:
        data["note"] = line.note
    if line.credence is not None:
        data["credence"] = line.credence
    if line.credence_word:
        data["credence_word"] = line.credence_word
    if line.horizon:
        data["horizon"] = line.horizon
    if line.deadline is not None:
        data["deadline"] = line.deadline.isoformat()
    if line.overdue:
        data["overdue"] = True
    if line.sources:
        data["sources"] = [
            {
                k: v
                for k, v in (("label", s.label), ("url", s.url), ("fidelity", s.fidelity), ("locator", s.locator))
                if v
            }
            for s in line.sources
        ]
    if line.evidence:
        data["evidence"] = [
            {k: v for k, v in (("label", e.label), ("url", e.url), ("published_on", e.published_on)) if v}
            for e in line.evidence
        ]
    return data


# -- charts ----------------------------------------------------------------------------------


_DOT_MAX = 10.0
"""The radius of the calibration chart's biggest dot; the plot's margins leave room for it on every side."""


def calibration_svg(row: Row, *, plot: int = 240) -> str:
    """The calibration chart of ``row``: observed rate against credence per bin, Wilson bars, the diagonal.

    The margins are laid out from the biggest dot outwards: a dot at 0% or 100% stays inside
    the picture and clear of the tick labels, and the rotated axis label stays clear of them too.
    """
    gap = _DOT_MAX + 4  # from the plot's edge to the tick labels
    left, right, top, bottom = 68, 18, gap, 48
    width, height = left + plot + right, top + plot + bottom

    def x(p: float) -> float:
        return left + p * plot

    def y(p: float) -> float:
        return top + (1.0 - p) * plot

    out = [
        f'<svg id="calibration-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Calibration chart: how often claims came true '
        f'against the credence expressed">',
        f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="#fafbfc" stroke="#d8dde3"/>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        out.append(f'<line x1="{x(tick):.1f}" y1="{y(0):.1f}" x2="{x(tick):.1f}" y2="{y(1):.1f}" stroke="#eef0f3"/>')
        out.append(f'<line x1="{x(0):.1f}" y1="{y(tick):.1f}" x2="{x(1):.1f}" y2="{y(tick):.1f}" stroke="#eef0f3"/>')
        out.append(
            f'<text class="tick x" x="{x(tick):.1f}" y="{y(0) + gap + 10:.1f}" text-anchor="middle">{tick:.0%}</text>'
        )
        out.append(
            f'<text class="tick y" x="{x(0) - gap:.1f}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.0%}</text>'
        )
    out.append(
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#8a94a0" stroke-dasharray="4 4">'
        "<title>perfect calibration</title></line>"
    )
    out.append(f'<text class="axis x" x="{x(0.5):.1f}" y="{height - 6}" text-anchor="middle">credence expressed</text>')
    out.append(
        f'<text class="axis y" x="10" y="{y(0.5):.1f}" text-anchor="middle" transform="rotate(-90 10 {y(0.5):.1f})">'
        "share that came true</text>"
    )
    biggest = max((b.n for b in row.calibration), default=0) or 1
    for b in row.calibration:
        if not b.n or b.mean_credence is None or b.observed is None:
            continue
        cx, cy = x(b.mean_credence), y(b.observed)
        if b.ci is not None:
            out.append(
                f'<line class="ci" x1="{cx:.1f}" y1="{y(b.ci[0]):.1f}" x2="{cx:.1f}" y2="{y(b.ci[1]):.1f}" '
                'stroke="#1f5fae" stroke-width="2" opacity="0.5"/>'
            )
        radius = 3 + (_DOT_MAX - 3) * math.sqrt(b.n / biggest)
        out.append(
            f'<circle class="bin" cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="#1f5fae" fill-opacity="0.8">'
            f"<title>{b.lower:.0%}–{b.upper:.0%}: n={b.n}, mean credence {pct(b.mean_credence)}, "
            f"came true {pct(b.observed)} (95% CI {ci_text(b.ci)})</title></circle>"
        )
    if not row.n_scored:
        out.append(
            f'<text x="{x(0.5):.1f}" y="{y(0.5):.1f}" text-anchor="middle">no graded claim with a credence yet</text>'
        )
    out.append("</svg>")
    return "".join(out)


def timeline_svg(timeline: Sequence[TimelineMonth], *, width: int = 640, height: int = 240) -> str:
    """Resolutions over time: one stacked bar per month (or per year over long spans), by outcome.

    ``timeline`` is the card's :attr:`~claimtrack.scoring.Scorecard.timeline`, which counts every
    resolved claim, also when the card's claim table holds only some of them.
    """
    out = [
        f'<svg id="timeline-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Timeline of resolutions">'
    ]
    if not timeline:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no resolutions yet</text></svg>')
        return "".join(out)
    first = timeline[0].month
    last = timeline[-1].month
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by_year = months > 120
    counts: Counter[tuple[int, int]] = Counter()
    for entry in timeline:
        day = entry.month
        slot = day.year - first.year if by_year else (day.year - first.year) * 12 + day.month - first.month
        for i, (_, _, outcome) in enumerate(_TIMELINE_SERIES):
            counts[(slot, i)] += entry.counts.get(outcome, 0)
    slots = (last.year - first.year + 1) if by_year else months
    totals = [sum(counts[(s, i)] for i in range(len(_TIMELINE_SERIES))) for s in range(slots)]
    top = max(totals) or 1
    left, right, top_pad, bottom = 36, 8, 10, 28
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    bar = plot_w / slots
    out.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#8a94a0"/>'
    )
    out.append(f'<text x="{left - 6}" y="{top_pad + 8}" text-anchor="end">{top}</text>')
    out.append(f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>')
    for s in range(slots):
        base = float(height - bottom)
        label = _slot_label(first, s, by_year)
        for i, (name, colour, _) in enumerate(_TIMELINE_SERIES):
            n = counts[(s, i)]
            if not n:
                continue
            bar_h = plot_h * n / top
            base -= bar_h
            out.append(
                f'<rect class="bar" x="{left + s * bar + 0.5:.1f}" y="{base:.1f}" width="{max(bar - 1, 0.5):.1f}" '
                f'height="{bar_h:.1f}" fill="{colour}"><title>{h(label)}: {n} {h(name)}</title></rect>'
            )
    step = max(1, math.ceil(slots / 8))
    for s in range(0, slots, step):
        out.append(
            f'<text x="{left + s * bar + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{h(_slot_label(first, s, by_year))}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _slot_label(first: date, slot: int, by_year: bool) -> str:
    if by_year:
        return str(first.year + slot)
    month = first.month - 1 + slot
    return f"{first.year + month // 12}-{month % 12 + 1:02d}"


# -- page ------------------------------------------------------------------------------------


def _summary_row(row: Row) -> str:
    cells = [
        f"<td>{h(row.key)}</td>",
        num_td(row.total, f"{row.total:,}"),
        num_td(row.graded, f"{row.graded:,}"),
        num_td(row.unscored, f"{row.unscored:,}"),
        num_td(row.open, f"{row.open:,}"),
        num_td(row.overdue, "–" if row.overdue is None else f"{row.overdue:,}"),
        num_td(row.hit_rate, pct(row.hit_rate)),
        f'<td class="n">{h(ci_text(row.hit_rate_ci))}</td>',
        num_td(row.brier, num(row.brier)),
        num_td(row.n_scored, str(row.n_scored)),
        num_td(row.log_score, num(row.log_score)),
        num_td(row.skill, num(row.skill, 2)),
        num_td(row.mean_lead_days, days_text(row.mean_lead_days)),
        num_td(row.mean_lateness_days, days_text(row.mean_lateness_days)),
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _verdict_row(row: Row) -> str:
    return (
        f"<tr><td>{h(row.key)}</td>"
        + "".join(num_td(row.counts[v], str(row.counts[v])) for v in VERDICT_COLUMNS)
        + "</tr>"
    )


DEFAULT_MAX_CLAIMS = 10_000
"""Claims embedded in the HTML claim table by default: about 8 MB of page, which a browser opens at once."""


def render_html(
    card: Scorecard,
    *,
    title: str | None = None,
    max_claims: int | None = DEFAULT_MAX_CLAIMS,
    max_unscored: int = 500,
) -> str:
    """The card as one self-contained HTML page.

    ``max_claims`` caps the claims embedded in the claim table (the most
    recently said are kept; None for all, 0 for none; by default 10,000, so a card of
    a million claims stays a page a browser can open); ``max_unscored`` caps the list of
    unscored claims and their reasons. The summary, verdict and calibration
    figures always cover every claim.
    """
    heading = title or f"Scorecard by {card.by.value}"
    total = card.total
    group = GROUP_TITLES[card.by]
    parts: list[str] = page_head(heading, describe(card))
    left_out = exclusions_text(card)
    if left_out:
        parts.append(f'<p class="muted">{h(left_out)}</p>')
    parts.append("</header>")
    parts.append('<section class="tiles" aria-label="Totals">')
    parts.append(tile(f"{total.total:,}", plural(total.total, "claim", with_count=False)))
    parts.append(tile(f"{total.graded:,}", "graded"))
    parts.append(tile(pct(total.hit_rate), f"hit rate (95% CI {ci_text(total.hit_rate_ci) or '–'})"))
    parts.append(tile(num(total.brier), f"Brier over {total.n_scored} with a credence"))
    parts.append(tile(num(total.log_score), "log score (nats)"))
    parts.append(tile(num(total.skill, 2), "skill vs base rate"))
    parts.append(tile(f"{total.open:,}", "open"))
    parts.append(tile("–" if total.overdue is None else f"{total.overdue:,}", "overdue"))
    parts.append(tile(f"{total.unscored:,}", "not scored"))
    parts.append("</section>")

    parts.append(f"<h2>By {h(card.by.value)}</h2>")
    parts.append('<div class="wide"><table class="sortable static" id="summary"><thead><tr>')
    parts.append(f"<th>{h(group)}</th>")
    for name in (
        "Claims",
        "Graded",
        "Unscored",
        "Open",
        "Overdue",
        "Hit rate",
        "95% CI",
        "Brier",
        "n scored",
        "Log",
        "Skill",
        "Lead time",
        "Lateness",
    ):
        parts.append(f'<th class="n">{h(name)}</th>')
    parts.append("</tr></thead><tbody>")
    parts.extend(_summary_row(r) for r in card.rows)
    parts.append("</tbody><tfoot>" + _summary_row(total) + "</tfoot></table></div>")

    parts.append("<h2>Verdicts</h2>")
    parts.append('<div class="wide"><table class="sortable static" id="verdicts"><thead><tr>')
    parts.append(
        f"<th>{h(group)}</th>" + "".join(f'<th class="n">{h(VERDICT_LABELS[v])}</th>' for v in VERDICT_COLUMNS)
    )
    parts.append("</tr></thead><tbody>")
    parts.extend(_verdict_row(r) for r in card.rows)
    parts.append("</tbody><tfoot>" + _verdict_row(total) + "</tfoot></table></div>")

    parts.append('<h2>Calibration and resolutions</h2><div class="charts"><figure>')
    parts.append(calibration_svg(total))
    parts.append(
        '<figcaption class="muted">Each dot is a credence bin (size = claims); bars are Wilson 95% '
        'intervals.</figcaption></figure><figure class="wide">'
    )
    parts.append(timeline_svg(card.timeline))
    legend = "".join(f'<span><i style="background:{c}"></i>{h(n)}</span>' for n, c, _ in _TIMELINE_SERIES)
    parts.append(f'<figcaption class="muted legend">Resolutions by month. {legend}</figcaption></figure></div>')
    parts.append(_calibration_table(total))

    if total.unscored_claims:
        parts.append('<h2>Not scored</h2><p class="muted">Counted above, never scored; the reason recorded:</p>')
        parts.append('<ul class="unscored">')
        shown = total.unscored_claims[: max(max_unscored, 0)]
        for u in shown:
            reason = u.reason or "no reason recorded"
            parts.append(
                f'<li><code>{h(u.claim_id)}</code> <span class="v v-{h(u.verdict.value)}">'
                f"{h(VERDICT_LABELS[u.verdict])}</span> {h(reason)}</li>"
            )
        parts.append("</ul>")
        if len(shown) < total.unscored:  # the count covers every claim; the list may be bounded
            parts.append(
                f'<p class="muted">Showing {len(shown):,} of {total.unscored:,} (the most recently said); '
                f"… and {total.unscored - len(shown):,} more.</p>"
            )

    parts.append(_not_said_section(card.not_said))
    parts.append(_claims_section(card, max_claims))
    parts.append(_legend())
    parts.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "".join(parts)


def _not_said_source(s: SourceLine) -> str:
    out = _link(s.label, s.url)
    if s.locator:
        out += f' <span class="fid">@{h(s.locator)}</span>'
    if s.fidelity:
        out += f' <span class="fid fid-{h(s.fidelity)}">{h(fidelity_text(s.fidelity))}</span>'
    return out


def _not_said_item(c: NotSaidClaim) -> str:
    reason = c.reason or "no reason recorded"
    sources = "; ".join(_not_said_source(s) for s in c.sources) or "no secondary source recorded"
    return (
        f'<li><code>{h(c.claim_id)}</code> <span class="v v-not_said">not said</span> '
        f"{h(c.speaker)}, {h(c.said_on.isoformat())}: <q>{h(c.text)}</q>"
        f'<div class="tr">Reason: {h(reason)}</div><div class="tr">Error made by: {sources}</div></li>'
    )


def _not_said_section(not_said: Sequence[NotSaidClaim]) -> str:
    """The attribution failures, apart from every row, with the rule they follow (empty when none)."""
    if not not_said:
        return ""
    items = "".join(_not_said_item(c) for c in not_said)
    return (
        f'<section id="not-said" aria-labelledby="not-said-title"><h2 id="not-said-title">{h(NOT_SAID_TITLE)}</h2>'
        f'<p class="muted">{h(NOT_SAID_NOTE)}</p><ul class="not-said">{items}</ul></section>'
    )


def _calibration_table(total: Row) -> str:
    if not total.n_scored:
        return '<p class="muted">No graded claim carries a numeric credence yet.</p>'
    out = ['<div class="wide"><table id="calibration"><thead><tr>']
    out.append(
        "".join(f'<th class="n">{name}</th>' for name in ("Credence", "n", "Mean credence", "Came true", "95% CI"))
    )
    out.append("</tr></thead><tbody>")
    for b in total.calibration:
        if b.n:
            out.append(
                f'<tr><td class="n">{b.lower:.0%}–{b.upper:.0%}</td><td class="n">{b.n}</td>'
                f'<td class="n">{pct(b.mean_credence)}</td><td class="n">{pct(b.observed)}</td>'
                f'<td class="n">{h(ci_text(b.ci))}</td></tr>'
            )
    out.append("</tbody></table></div>")
    m = total.murphy
    if m is not None:
        out.append(
            f'<p id="murphy">Brier {num(total.brier)} = reliability {num(m.reliability)} − resolution '
            f"{num(m.resolution)} + uncertainty {num(m.uncertainty)}{within_bin_text(m.within_bin)} "
            f"(base rate {pct(m.base_rate)}).</p>"
        )
    return "".join(out)


def _claims_section(card: Scorecard, max_claims: int | None) -> str:
    lines = card.claims
    if max_claims is not None and len(lines) > max_claims:
        lines = tuple(sorted(lines, key=lambda c: (-c.said_on.toordinal(), c.id))[:max_claims])
    note = ""
    counted = card.total.total
    if len(lines) < counted:  # cut here, or the card itself lists only some (claims_complete False)
        note = (
            f'<p class="muted" id="claims-partial">The table holds the {len(lines):,} most recently said of '
            f"{plural(counted, 'claim')}; the figures and charts above cover all of them.</p>"
        )
    heads = (
        ("Claim", "text"),
        ("Speaker", "speaker"),
        ("Said", "said_on"),
        ("Kind", "kind"),
        ("Verdict", "verdict"),
        ("Credence", "credence"),
        ("Horizon", "deadline"),
        ("Sources (fidelity)", ""),
        ("Evidence", ""),
    )
    head_html = "".join(f'<th data-key="{k}">{h(n)}</th>' if k else f"<th>{h(n)}</th>" for n, k in heads)
    return (
        f"<h2>Claims</h2>{note}"
        '<div class="pager"><input id="claims-filter" type="search" '
        'placeholder="Filter claims, speakers, verdicts, fidelity…" aria-label="Filter claims">'
        '<button id="claims-prev" type="button">← Previous</button>'
        '<button id="claims-next" type="button">Next →</button><span id="claims-info" class="muted"></span></div>'
        "<noscript><p>The claim table needs JavaScript; the JSON report has every claim.</p></noscript>"
        f'<div class="wide"><table class="sortable" id="claims"><thead><tr>{head_html}</tr></thead>'
        "<tbody></tbody></table></div>"
        f'<script type="application/json" id="claims-data">{_json_for_script([_claim_data(c) for c in lines])}'
        "</script>"
    )


def _legend() -> str:
    weights = ", ".join(f"{VERDICT_LABELS[v]} = {w:g}" for v, w in HIT_WEIGHTS.items())
    return (
        '<h2>How to read this</h2><ul class="muted">'
        f"<li><b>Hit rate</b>: mean outcome of graded claims ({h(weights)}), with a Wilson 95% interval.</li>"
        "<li><b>Brier</b>: mean (credence − outcome)² over graded claims with a numeric credence; 0 is perfect, "
        "0.25 is what always saying 50% earns. <b>Log</b>: mean log score in nats (0 is perfect, −0.693 is 50%). "
        "<b>Skill</b>: 1 − Brier / Brier of always forecasting the base rate.</li>"
        "<li><b>Not scored</b>: unverifiable, ambiguous, annulled and not checkable claims are counted and listed, "
        "never scored.</li>"
        f"<li><b>{h(NOT_SAID_TITLE)}</b>: {h(NOT_SAID_NOTE)}</li>"
        "<li><b>Overdue</b>: open predictions and commitments whose deadline passed before the as-of date. "
        "<b>Lead time</b>: said → resolved; <b>lateness</b>: deadline → resolved (negative = early).</li></ul>"
    )
