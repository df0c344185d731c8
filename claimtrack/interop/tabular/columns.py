"""The CSV columns, the two row shapes, and how cells are guarded against spreadsheet formulas."""

from __future__ import annotations

import json
import re
from enum import StrEnum

__all__ = [
    "CLAIM_COLUMNS",
    "COLUMNS",
    "EVENT_COLUMNS",
    "LIST_SEP",
    "NO_URL",
    "Rows",
    "escape",
    "topics_cell",
    "topics_of",
    "unescape",
]

CLAIM_COLUMNS = (
    "claim_id",
    "text",
    "language",
    "translations",
    "kind",
    "speaker",
    "speaker_role",
    "speaker_organisation",
    "speaker_same_as",
    "said_on",
    "said_on_granularity",
    "topics",
    "horizon_text",
    "horizon_start",
    "horizon_end",
    "horizon_vague",
    "horizon_rule",
    "horizon_note",
    "credence_p",
    "credence_low",
    "credence_high",
    "credence_basis",
    "credence_word",
    "credence_scale",
    "credence_band",
    "source_url",
    "source_title",
    "source_publisher",
    "source_published_on",
    "source_role",
    "source_archived_url",
    "source_locator",
    "source_quote",
    "source_language",
    "source_fidelity",
    "source_fidelity_note",
    "note",
    "other_fields",
)
"""The claim's columns. The ``source_*`` columns are its first source; ``other_fields`` holds, as JSON, what the
other columns cannot (criteria, the sources after the first, the wording of a date...), so that a claim reads back
exactly as it was written."""
EVENT_COLUMNS = (
    "event_id",
    "verdict",
    "effective_on",
    "recorded_at",
    "by",
    "confidence",
    "rating",
    "origin",
    "event_note",
    "evidence_ids",
    "evidence_urls",
)
COLUMNS = CLAIM_COLUMNS + EVENT_COLUMNS
"""Every column, in the order written."""


class Rows(StrEnum):
    """What one CSV row stands for."""

    CLAIMS = "claims"
    """One row per claim, with its latest event (its current status)."""
    EVENTS = "events"
    """One row per event, repeating the claim's columns (a claim with no event gets one row)."""


LIST_SEP = "; "
"""Between the topics of a claim in the ``topics`` cell."""


def topics_cell(topics: tuple[str, ...]) -> str:
    """The ``topics`` cell: ``a; b``, or a JSON list when a topic has a ``;``, outer white space or no text."""
    plain = LIST_SEP.join(topics)
    if plain.startswith("[") or any(not t or ";" in t or t != t.strip() for t in topics):
        return json.dumps(list(topics), ensure_ascii=False)
    return plain


def topics_of(cell: str) -> tuple[str, ...]:
    """The topics in a ``topics`` cell, written either way by :func:`topics_cell` (or typed by hand)."""
    if cell.startswith("["):
        try:
            found = json.loads(cell)
        except (ValueError, RecursionError):
            found = None
        if isinstance(found, list) and all(isinstance(t, str) for t in found):
            return tuple(found)
    return tuple(t.strip() for t in cell.split(";") if t.strip())


NO_URL = "-"
"""In ``evidence_urls``, the place of evidence without a URL (so that the URLs line up with the ids)."""

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def escape(value: str) -> str:
    """A cell a spreadsheet would run as a formula, with a leading apostrophe so that it shows as text."""
    return "'" + value if _FORMULA.match(value) else value


def unescape(value: str) -> str:
    """A cell as written before :func:`escape` (the apostrophe a spreadsheet shows removed again)."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value
