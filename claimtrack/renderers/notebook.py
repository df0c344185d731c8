"""Short HTML for a notebook: what ``_repr_html_`` shows for claims, ledgers, cards and check results.

:func:`notebook_html` is the writer :mod:`claimtrack.api` installs behind every ``_repr_html_``
(:func:`claimtrack.model.install_html_repr`). Each object shows a heading line and one small
table; the full reports stay with ``to_html()`` and ``ct.render``. Every string from a claim,
a source or a transcript is escaped, and only http(s) URLs become links.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from claimtrack.checking import Assessment
from claimtrack.errors import ClaimtrackError
from claimtrack.fidelity import AttributionCheck, DriftReport
from claimtrack.ledger import GroupBy, Ledger, QueryStore
from claimtrack.model import Claim, Source, Verdict, one_line
from claimtrack.renderers._format import (
    GROUP_TITLES,
    VERDICT_COLUMNS,
    VERDICT_LABELS,
    describe,
    exclusions_text,
    fidelity_text,
    hit_text,
    num,
    plural,
)
from claimtrack.renderers.fidelity_text import FIDELITY_COLUMNS, FIDELITY_LABELS, describe_card, rate_text
from claimtrack.renderers.fidelity_text import GROUP_TITLES as FIDELITY_GROUP_TITLES
from claimtrack.scoring import FidelityCard, FidelityRow, Row, Scorecard

__all__ = ["LEDGER_COUNT_LIMIT", "notebook_html"]

LEDGER_COUNT_LIMIT = 20_000
"""A ledger's HTML counts verdicts by replaying every claim only up to this many claims (a database
store counts in SQL at any size); a larger one shows its size alone."""

_LEFT = "text-align: left; vertical-align: top"


def notebook_html(obj: object) -> str | None:
    """The notebook HTML of a claimtrack object, or None for any other object."""
    if isinstance(obj, Scorecard):
        return _scorecard(obj)
    if isinstance(obj, FidelityCard):
        return _fidelity_card(obj)
    if isinstance(obj, Claim):
        return _claim(obj)
    if isinstance(obj, Ledger):
        return _ledger(obj)
    if isinstance(obj, Assessment):
        return _assessment(obj)
    if isinstance(obj, DriftReport):
        return _drift(obj)
    if isinstance(obj, AttributionCheck):
        return _attribution(obj)
    return None


# -- building blocks ---------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _link(label: str, url: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(label)}</a>'
    return _e(label)


def _box(heading: str, *parts: str) -> str:
    """The object's block: a heading paragraph (already HTML) and its parts."""
    body = "".join(p for p in parts if p)
    return f'<div class="claimtrack"><p>{heading}</p>{body}</div>'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, last_bold: bool = False) -> str:
    """A table of cells that are already HTML; the first column names the row (bold for the total)."""
    head = "".join(f"<th>{h}</th>" for h in header)
    cells = [list(c) for c in rows]
    if last_bold and cells:
        cells[-1][0] = f"<strong>{cells[-1][0]}</strong>"
    lines = [f'<tr><th style="{_LEFT}">{c[0]}</th>' + "".join(f"<td>{x}</td>" for x in c[1:]) + "</tr>" for c in cells]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _fields(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column table of label and value (the value already HTML); empty values left out."""
    rows = "".join(f'<tr><th style="{_LEFT}">{_e(k)}</th><td style="{_LEFT}">{v}</td></tr>' for k, v in pairs if v)
    return f"<table><tbody>{rows}</tbody></table>"


def _note(text: str) -> str:
    return f"<p><small>{text}</small></p>" if text else ""


# -- each object -------------------------------------------------------------------------------


def _summary_cells(row: Row) -> list[str]:
    return [
        _e(row.key),
        f"{row.total:,}",
        f"{row.graded:,}",
        f"{row.unscored:,}",
        f"{row.open:,}",
        "–" if row.overdue is None else f"{row.overdue:,}",
        _e(hit_text(row)),
        f"{num(row.brier)} ({row.n_scored})" if row.n_scored else "–",
        num(row.log_score),
    ]


def _scorecard(card: Scorecard) -> str:
    header = [GROUP_TITLES[card.by], "Claims", "Graded", "Unscored", "Open", "Overdue", "Hit rate (95% CI)"]
    header += ["Brier (n)", "Log"]
    rows = [_summary_cells(row) for row in card.rows] + [_summary_cells(card.total)]
    heading = f"<strong>Scorecard</strong> by {_e(card.by.value)} · {_e(describe(card))}"
    hint = "<code>card.to_html()</code>: the whole report · <code>card.to_pandas()</code>: the numbers"
    return _box(
        heading,
        _table(header, rows, last_bold=True),
        _note(_e(exclusions_text(card))),
        _note(hint),
    )


def _fidelity_card(card: FidelityCard) -> str:
    header = [FIDELITY_GROUP_TITLES[card.by], "Renderings", "Rated", *(FIDELITY_LABELS[f] for f in FIDELITY_COLUMNS)]
    header += ["Faithful (95% CI)"]

    def cells(row: FidelityRow) -> list[str]:
        return [
            _e(row.key),
            f"{row.renderings:,}",
            f"{row.rated:,}",
            *(f"{row.counts[f]:,}" for f in FIDELITY_COLUMNS),
            _e(rate_text(row)),
        ]

    rows = [cells(row) for row in card.rows] + [cells(card.total)]
    heading = f"<strong>Fidelity card</strong> by {_e(card.by.value)} · {_e(describe_card(card))}"
    return _box(heading, _table(header, rows, last_bold=True))


def _source(source: Source) -> str:
    label = source.title or source.publisher or source.url or "(untitled)"
    parts = [f"{_e(source.role.value)}: {_link(label, source.url)}"]
    if source.locator:
        parts.append(f"@ {_e(source.locator)}")
    if source.fidelity is not None:
        parts.append(f"({_e(fidelity_text(source.fidelity.value))})")
    return " ".join(parts)


def _claim(claim: Claim) -> str:
    heading = (
        f"<strong>Claim</strong> <code>{_e(claim.id)}</code> · {_e(claim.kind.value)} · "
        f"{_e(claim.speaker.name)} · said {_e(claim.said_on)}"
    )
    horizon = ""
    if claim.horizon is not None:
        end = claim.horizon.end.isoformat() if claim.horizon.end is not None else "open-ended"
        horizon = f"{_e(claim.horizon.text)} → {_e(end)}"
    credence = ""
    if claim.credence is not None and claim.credence.p is not None:
        word = f" ({_e(claim.credence.word)})" if claim.credence.word else ""
        credence = f"{claim.credence.p:.2f}{word}"
    pairs = [(f"text ({claim.language})", _e(claim.text))]
    pairs += [(f"text ({language})", _e(text)) for language, text in sorted(claim.translations.items())]
    pairs += [
        ("horizon", horizon),
        ("credence", credence),
        ("topics", _e(", ".join(claim.topics))),
        ("sources", "<br>".join(_source(s) for s in claim.sources)),
        ("note", _e(one_line(claim.note, 300)) if claim.note else ""),
    ]
    return _box(heading, _fields(pairs))


def _ledger(ledger: Ledger) -> str:
    store = ledger.store
    try:
        size = len(ledger)
    except (ClaimtrackError, OSError) as exc:
        return _box(f"<strong>Ledger</strong> <code>{_e(store.location)}</code>", _note(_e(f"unreadable: {exc}")))
    heading = f"<strong>Ledger</strong> <code>{_e(store.location)}</code> · {plural(size, 'claim')}"
    hint = "<code>ledger.to_pandas()</code>: the claims · <code>ct.scorecard(ledger)</code>: the scores"
    if size == 0 or (size > LEDGER_COUNT_LIMIT and not isinstance(store, QueryStore)):
        return _box(heading, _note(hint))
    try:
        counts = ledger.verdict_counts(by=GroupBy.KIND)
    except (ClaimtrackError, OSError) as exc:
        return _box(heading, _note(_e(f"verdicts unavailable: {exc}")), _note(hint))
    table: dict[str, dict[Verdict, int]] = {}
    for count in counts:
        table.setdefault(count.key or "", {})[count.verdict] = count.claims
    shown = [v for v in (*VERDICT_COLUMNS, Verdict.NOT_SAID) if any(v in row for row in table.values())]
    header = ["Kind", *(VERDICT_LABELS[v] for v in shown)]
    rows = [[_e(kind), *(f"{cells.get(v, 0):,}" for v in shown)] for kind, cells in table.items()]
    return _box(heading, "<p>Latest verdicts:</p>", _table(header, rows), _note(hint))


def _evidence_items(assessment: Assessment) -> str:
    items = []
    for ev in assessment.used:
        published = f" ({_e(ev.published_on)})" if ev.published_on is not None else ""
        items.append(f"<li>{_link(ev.title or ev.id, ev.url)}{published}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _assessment(assessment: Assessment) -> str:
    verdict = f"<strong>{_e(assessment.verdict.value)}</strong>"
    if assessment.overdue:
        verdict += " (overdue)"
    if assessment.effective_on is not None:
        verdict += f", in effect from {_e(assessment.effective_on.isoformat())}"
    if assessment.needs_person:
        verdict += " · a person must decide"
    heading = (
        f"<strong>Assessment</strong> <code>{_e(assessment.claim_id)}</code> as of "
        f"{_e(assessment.as_of.isoformat())}: {verdict}"
    )
    reasons = "".join(f"<li>{_e(r)}</li>" for r in assessment.reasons)
    ignored = "".join(f"<li>{_e(i)}</li>" for i in assessment.ignored)
    return _box(
        heading,
        f"<ul>{reasons}</ul>" if reasons else "",
        "<p>Evidence used:</p>" + _evidence_items(assessment) if assessment.used else "",
        f"<p>Ignored:</p><ul>{ignored}</ul>" if ignored else "",
    )


def _drift(report: DriftReport) -> str:
    if not report.supported:
        return _box("<strong>Drift report</strong>: not compared", _note(_e(report.reason or "")))
    fidelity = report.fidelity.value if report.fidelity is not None else "–"
    heading = (
        f"<strong>Drift report</strong> {_e(report.original_language or '?')} → "
        f"{_e(report.rendering_language or '?')}: <strong>{_e(fidelity_text(fidelity))}</strong>"
    )
    if report.recorded is not None and report.proposed is not None:
        agrees = report.proposed is report.recorded
        heading += (
            " (recorded; the reading agrees)"
            if agrees
            else (f" (recorded; the reading proposes {_e(fidelity_text(report.proposed.value))})")
        )
    rows = [
        [
            _e(flag.kind.value),
            _e(flag.original_span or "–"),
            _e(flag.original_value or "–"),
            _e(flag.rendering_span or "–"),
            _e(flag.rendering_value or "–"),
            _e(flag.explanation),
        ]
        for flag in report.flags
    ]
    table = _table(["Drift", "Original", "Reads as", "Rendering", "Reads as", "Why"], rows) if rows else ""
    return _box(heading, table or "<p>No drift flagged.</p>", _note(_e(report.disagreement or "")))


def _attribution(check: AttributionCheck) -> str:
    claim = f" <code>{_e(check.claim_id)}</code>" if check.claim_id else ""
    heading = (
        f"<strong>Attribution</strong>{claim}: <strong>{_e(check.status.value.replace('_', ' '))}</strong> "
        f"(score {check.score:.1f})"
    )
    passage = _e(one_line(check.passage.text, 400)) if check.passage is not None else ""
    pairs = [
        ("speaker named", _e(check.speaker)),
        ("passage speaker", _e(check.passage_speaker or "")),
        ("at", _e(check.locator or "")),
        ("passage", passage),
        ("why", _e(check.reason)),
    ]
    return _box(heading, _fields(pairs))
