"""The scorecard as JSON, in the stable ``claimtrack.scorecard/1`` schema (docs/scorecards.md).

Keys are never renamed or removed within a schema version; new keys may be
added. Dates are ISO strings, unknown numbers are null, verdicts use their
stored values (``mostly_true``).
"""

from __future__ import annotations

import json
from typing import Any

from claimtrack.scoring import (
    NOT_SAID_NOTE,
    CalibrationBin,
    ClaimLine,
    NotSaidClaim,
    Outcome,
    Row,
    Scorecard,
    SourceLine,
)

__all__ = ["SCHEMA", "card_dict", "claim_dict", "not_said_dict", "render_json", "row_dict"]

SCHEMA = "claimtrack.scorecard/1"


def _bin(b: CalibrationBin) -> dict[str, Any]:
    return {
        "lower": b.lower,
        "upper": b.upper,
        "n": b.n,
        "mean_credence": b.mean_credence,
        "observed": b.observed,
        "ci": list(b.ci) if b.ci is not None else None,
    }


def row_dict(row: Row) -> dict[str, Any]:
    """One row as a JSON-ready dict."""
    m = row.murphy
    return {
        "key": row.key,
        "total": row.total,
        "counts": {v.value: n for v, n in row.counts.items()},
        "resolved": row.resolved,
        "graded": row.graded,
        "unscored": row.unscored,
        "open": row.open,
        "overdue": row.overdue,
        "hit_rate": row.hit_rate,
        "hit_rate_ci": list(row.hit_rate_ci) if row.hit_rate_ci is not None else None,
        "n_scored": row.n_scored,
        "brier": row.brier,
        "log_score": row.log_score,
        "skill": row.skill,
        "murphy": None
        if m is None
        else {
            "reliability": m.reliability,
            "resolution": m.resolution,
            "uncertainty": m.uncertainty,
            "within_bin": m.within_bin,
            "base_rate": m.base_rate,
        },
        "calibration": [_bin(b) for b in row.calibration],
        "mean_lead_days": row.mean_lead_days,
        "mean_lateness_days": row.mean_lateness_days,
        "n_lateness": row.n_lateness,
        "unscored_claims": [
            {"claim_id": u.claim_id, "verdict": u.verdict.value, "reason": u.reason} for u in row.unscored_claims
        ],
    }


def _source(s: SourceLine) -> dict[str, Any]:
    return {"label": s.label, "url": s.url, "role": s.role, "fidelity": s.fidelity, "locator": s.locator}


def not_said_dict(claim: NotSaidClaim) -> dict[str, Any]:
    """One attribution failure as a JSON-ready dict: the claim, the recorded reason, the sources that made it."""
    return {
        "claim_id": claim.claim_id,
        "speaker": claim.speaker,
        "said_on": claim.said_on.isoformat(),
        "text": claim.text,
        "reason": claim.reason,
        "sources": [_source(s) for s in claim.sources],
    }


def claim_dict(line: ClaimLine) -> dict[str, Any]:
    """One claim line as a JSON-ready dict."""
    return {
        "id": line.id,
        "text": line.text,
        "language": line.language,
        "translations": dict(line.translations),
        "speaker": line.speaker,
        "said_on": line.said_on.isoformat(),
        "said_on_text": line.said_on_text,
        "kind": line.kind.value,
        "topics": list(line.topics),
        "verdict": line.verdict.value,
        "resolved_on": line.resolved_on.isoformat() if line.resolved_on is not None else None,
        "note": line.note,
        "credence": line.credence,
        "credence_word": line.credence_word,
        "horizon": line.horizon,
        "deadline": line.deadline.isoformat() if line.deadline is not None else None,
        "overdue": line.overdue,
        "early": line.early,
        "outcome": line.outcome,
        "lead_days": line.lead_days,
        "lateness_days": line.lateness_days,
        "sources": [_source(s) for s in line.sources],
        "evidence": [{"label": e.label, "url": e.url, "published_on": e.published_on} for e in line.evidence],
        "groups": list(line.groups),
    }


def card_dict(card: Scorecard, *, include_claims: bool = True) -> dict[str, Any]:
    """The whole card as a JSON-ready dict (the ``claimtrack.scorecard/1`` schema)."""
    ex = card.excluded
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "by": card.by.value,
        "as_of": card.as_of.isoformat() if card.as_of is not None else None,
        "known_at": card.known_at.isoformat() if card.known_at is not None else None,
        "options": {"faithful_only": card.faithful_only, "exclude_early": card.exclude_early},
        "weights": {v.value: w for v, w in card.weights.items()},
        "excluded": {
            "not_yet_said": ex.not_yet_said,
            "filtered": ex.filtered,
            "unfaithful": ex.unfaithful,
            "early": ex.early,
            "not_said": ex.not_said,
            "not_a_person": ex.not_a_person,
        },
        "not_a_person": [{"speaker": name, "claims": n} for name, n in card.not_a_person],
        "total": row_dict(card.total),
        "rows": [row_dict(r) for r in card.rows],
        "timeline": [
            {"month": f"{m.month.year:04d}-{m.month.month:02d}", **{o.value: m.counts.get(o, 0) for o in Outcome}}
            for m in card.timeline
        ],
        "claims_complete": card.claims_complete,
        "unscored_complete": card.unscored_complete,
        "skipped_invalid": card.skipped_invalid,
        "not_said": [not_said_dict(c) for c in card.not_said],
        "not_said_note": NOT_SAID_NOTE,
    }
    if include_claims:
        data["claims"] = [claim_dict(c) for c in card.claims]
    return data


def render_json(card: Scorecard, *, include_claims: bool = True, indent: int | None = 2) -> str:
    """The card as JSON text (UTF-8 kept as is); ``include_claims=False`` leaves out the claim list."""
    return json.dumps(card_dict(card, include_claims=include_claims), ensure_ascii=False, indent=indent) + "\n"
