"""The outlet fidelity card as JSON, in the stable ``claimtrack.fidelity-card/1`` schema (docs/fidelity_card.md).

Keys are never renamed or removed within a schema version; new keys may be
added. Dates are ISO strings, unknown values are null, fidelity ratings use
their stored values (``partly_faithful``). The total row carries no
distortion list: the rows list every distortion once.
"""

from __future__ import annotations

import json
from typing import Any

from claimtrack.scoring import Distortion, FidelityCard, FidelityRow

__all__ = ["FIDELITY_SCHEMA", "fidelity_card_dict", "render_fidelity_json"]

FIDELITY_SCHEMA = "claimtrack.fidelity-card/1"


def _distortion(d: Distortion) -> dict[str, Any]:
    return {
        "claim_id": d.claim_id,
        "claim_text": d.claim_text,
        "claim_language": d.claim_language,
        "speaker": d.speaker,
        "said_on": d.said_on.isoformat(),
        "fidelity": d.fidelity.value,
        "note": d.note,
        "original": {
            "text": d.original,
            "language": d.original_language,
            "source": d.original_source,
            "locator": d.original_locator,
        },
        "rendering": {
            "text": d.rendering,
            "language": d.rendering_language,
            "source": d.publisher,
            "title": d.source_title,
            "url": d.source_url,
            "locator": d.locator,
        },
    }


def _row(row: FidelityRow, *, distortions: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": row.key,
        "renderings": row.renderings,
        "rated": row.rated,
        "unrated": row.unrated,
        "counts": {f.value: n for f, n in row.counts.items()},
        "faithful": row.faithful,
        "faithful_rate": row.faithful_rate,
        "faithful_rate_ci": list(row.faithful_rate_ci) if row.faithful_rate_ci is not None else None,
        "claims": row.claims,
        "speakers": list(row.speakers),
        "publishers": list(row.publishers),
        "distorted": row.distorted,
    }
    if distortions:
        data["distortions"] = [_distortion(d) for d in row.distortions]
    return data


def fidelity_card_dict(card: FidelityCard) -> dict[str, Any]:
    """The whole card as a JSON-ready dict (the ``claimtrack.fidelity-card/1`` schema)."""
    return {
        "schema": FIDELITY_SCHEMA,
        "by": card.by.value,
        "as_of": card.as_of.isoformat() if card.as_of is not None else None,
        "claims": card.claims,
        "not_yet_said": card.not_yet_said,
        "without_renderings": card.without_renderings,
        "total": _row(card.total, distortions=False),
        "rows": [_row(r, distortions=True) for r in card.rows],
    }


def render_fidelity_json(card: FidelityCard, *, indent: int | None = 2) -> str:
    """The card as JSON text (UTF-8 kept as is)."""
    return json.dumps(fidelity_card_dict(card), ensure_ascii=False, indent=indent) + "\n"
