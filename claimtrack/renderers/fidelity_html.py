"""The outlet fidelity card as one self-contained HTML page, in the scorecard's page style.

The page uses the scorecard's styles and its Content-Security-Policy
(:mod:`claimtrack.renderers._html_assets`): no external resource, the chart
is inline SVG, and the only script is the scorecard's (allowed by its hash),
which makes the summary table sortable. Everything else is built on the
server side, and every string that comes from a claim or a source is
HTML-escaped (:func:`html.escape`), so a quote reading
``<script>alert(1)</script>`` shows as text and never runs. Links are only
made for http(s) URLs.
"""

from __future__ import annotations

from claimtrack.model import Fidelity
from claimtrack.renderers._format import ci_text, pct, plural
from claimtrack.renderers._html_assets import SCRIPT as _SCRIPT
from claimtrack.renderers._html_assets import h, num_td, page_head, tile
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
from claimtrack.scoring import Distortion, FidelityCard, FidelityRow

__all__ = ["fidelity_svg", "render_fidelity_html"]

FIDELITY_COLOURS: dict[Fidelity | None, str] = {
    Fidelity.VERBATIM: "#1b5e20",
    Fidelity.FAITHFUL: "#43a047",
    Fidelity.PARTLY_FAITHFUL: "#f9a825",
    Fidelity.DISTORTED: "#c62828",
    Fidelity.NOT_IN_ORIGINAL: "#8e24aa",
    Fidelity.MISATTRIBUTED: "#4a148c",
    None: "#bdbdbd",
}
"""Bar colours per rating; None is unrated."""

_EXTRA_CSS = """
#fidelity-summary td.n{white-space:nowrap}
table.distortions td{max-width:28em}
table.distortions td.q{white-space:pre-wrap}
.lang{display:inline-block;font-size:.75em;color:var(--muted);border:1px solid var(--line);border-radius:3px;
padding:0 4px;margin-right:4px}
.nr{color:var(--muted);font-style:italic}
"""


def _link(label: str, url: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{h(url)}" rel="noopener noreferrer">{h(label)}</a>'
    return h(label)


def fidelity_svg(rows: tuple[FidelityRow, ...], *, width: int = 640) -> str:
    """One stacked bar per row: the share of its renderings under each rating, unrated in grey."""
    label_w, bar_h, gap, top = 180, 18, 8, 6
    plot = width - label_w - 60
    height = top * 2 + max(len(rows), 1) * (bar_h + gap)
    out = [
        f'<svg id="fidelity-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Share of renderings under each fidelity rating">'
    ]
    if not rows:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no renderings</text></svg>')
        return "".join(out)
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        name = row.key if len(row.key) <= 28 else row.key[:27] + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{h(name)}<title>{h(row.key)}</title></text>'
        )
        x = float(label_w)
        parts: list[tuple[Fidelity | None, int]] = [(f, row.counts[f]) for f in FIDELITY_COLUMNS]
        parts.append((None, row.unrated))
        for fidelity, n in parts:
            if not n or not row.renderings:
                continue
            w = plot * n / row.renderings
            what = FIDELITY_LABELS[fidelity] if fidelity is not None else "unrated"
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{FIDELITY_COLOURS[fidelity]}"><title>{h(row.key)}: {n} {h(what)}</title></rect>'
            )
            x += w
        out.append(f'<text x="{label_w + plot + 6}" y="{y + bar_h - 5}">{row.renderings}</text>')
    out.append("</svg>")
    return "".join(out)


def _summary_row(row: FidelityRow) -> str:
    cells = [
        f"<td>{h(row.key)}</td>",
        num_td(row.renderings, f"{row.renderings:,}"),
        num_td(row.rated, f"{row.rated:,}"),
        *(num_td(row.counts[f], f"{row.counts[f]:,}") for f in FIDELITY_COLUMNS),
        num_td(row.unrated, f"{row.unrated:,}"),
        num_td(row.faithful_rate, rate_text(row)),
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _quote(text: str | None, language: str | None, where: str) -> str:
    """A quote's cell: its language, where it is (already HTML), and the text or "not recorded"."""
    head = f'<span class="lang">{h(language_tag(language))}</span>'
    if where:
        head += f'<span class="fid">{where}</span>'
    if not text:
        return f'<td class="q">{head}<div class="nr">{h(or_not_recorded(text))}</div></td>'
    lang = f' lang="{h(language)}"' if language else ""
    return f'<td class="q">{head}<div{lang}>{h(text)}</div></td>'


def _where(name: str | None, locator: str | None) -> str:
    return " @ ".join(p for p in (name, locator) if p)


def _distortion_row(number: int, d: Distortion) -> str:
    claim = f'<code>{h(d.claim_id)}</code><div class="muted">{h(d.speaker)}, {h(d.said_on.isoformat())}</div>'
    if d.claim_text not in (d.rendering, d.original):
        claim += f'<div class="tr" lang="{h(d.claim_language)}">{h(d.claim_text)}</div>'
    original = (
        _quote(d.original, d.original_language, h(_where(d.original_source, d.original_locator)))
        if d.original
        else f'<td class="q"><div class="nr">{h(or_not_recorded(None))}</div></td>'
    )
    rendering = _quote(d.rendering, d.rendering_language, _link(_where(d.publisher, d.locator), d.source_url))
    return (
        f'<tr><td class="n">{number}</td><td>{claim}</td>{original}{rendering}'
        f'<td><span class="fid fid-{h(d.fidelity.value)}">{h(FIDELITY_LABELS[d.fidelity])}</span></td>'
        f'<td class="tr">{h(d.note or "")}</td></tr>'
    )


def _distortions(card: FidelityCard) -> list[str]:
    parts = ['<h2 id="distortions">Distortions</h2>']
    if not card.distortions:
        parts.append('<p class="muted">No rendering is rated partly faithful or worse.</p>')
    for index, row in enumerate(card.rows):
        if not row.distortions:
            continue
        count = len(row.distortions)
        parts.append(f"<h3>{h(row.key)} ({plural(count, 'distortion')})</h3>")
        parts.append(f'<table class="distortions" id="distortions-{index}"><thead><tr>')
        parts.append(
            "".join(f"<th>{h(n)}</th>" for n in ("#", "Claim", "Original", "Rendering", "Fidelity", "What changed"))
        )
        parts.append("</tr></thead><tbody>")
        parts.extend(_distortion_row(i, d) for i, d in enumerate(row.distortions, 1))
        parts.append("</tbody></table>")
    return parts


def render_fidelity_html(card: FidelityCard, *, title: str | None = None) -> str:
    """The fidelity card as one self-contained HTML page: tiles, the counts, a chart, every distortion."""
    heading = title or f"Outlet fidelity card by {card.by.value}"
    total = card.total
    parts: list[str] = page_head(heading, describe_card(card), extra_css=_EXTRA_CSS)
    left_out = exclusions_line(card)
    if left_out:
        parts.append(f'<p class="muted">{h(left_out)}</p>')
    parts.append("</header>")
    parts.append('<section class="tiles" aria-label="Totals">')
    parts.append(tile(f"{total.renderings:,}", "renderings"))
    parts.append(tile(f"{total.rated:,}", "rated"))
    parts.append(tile(pct(total.faithful_rate), f"faithful (95% CI {ci_text(total.faithful_rate_ci) or '–'})"))
    parts.append(tile(f"{total.distorted:,}", "distortions"))
    parts.append(tile(f"{total.unrated:,}", "unrated"))
    parts.append("</section>")

    parts.append(f"<h2>By {h(card.by.value)}</h2>")
    parts.append('<table class="sortable static" id="fidelity-summary"><thead><tr>')
    parts.append(f"<th>{h(GROUP_TITLES[card.by])}</th>")
    for name in ("Renderings", "Rated", *(FIDELITY_LABELS[f] for f in FIDELITY_COLUMNS), "Unrated", "Faithful rate"):
        parts.append(f'<th class="n">{h(name)}</th>')
    parts.append("</tr></thead><tbody>")
    parts.extend(_summary_row(r) for r in card.rows)
    parts.append("</tbody><tfoot>" + _summary_row(total) + "</tfoot></table>")

    parts.append("<figure>")
    parts.append(fidelity_svg(card.rows))
    legend = "".join(
        f'<span><i style="background:{FIDELITY_COLOURS[f]}"></i>{h(FIDELITY_LABELS[f])}</span>'
        for f in FIDELITY_COLUMNS
    )
    legend += f'<span><i style="background:{FIDELITY_COLOURS[None]}"></i>unrated</span>'
    parts.append(f'<figcaption class="muted legend">Share of each row\'s renderings. {legend}</figcaption></figure>')

    parts.extend(_distortions(card))
    parts.append(_legend())
    parts.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "".join(parts)


def _legend() -> str:
    return (
        '<h2>How to read this</h2><ul class="muted">'
        "<li>A <b>rendering</b> is a claim's secondary source: an article or summary carrying the speaker's "
        "words. Primary sources are where the claim was made and are not counted.</li>"
        "<li><b>Faithful rate</b>: renderings rated verbatim or faithful over all rated renderings, with a "
        "Wilson 95% interval. <b>Unrated</b> renderings are counted but stay out of the rate.</li>"
        "<li><b>Distortions</b>: every rendering rated partly faithful, distorted, not in the original or "
        "misattributed, with the primary source's quote (the original) beside the rendering.</li>"
        "<li>The card scores outlets, never speakers: verdicts play no part.</li></ul>"
    )
