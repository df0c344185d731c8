"""Intake: reading what people said from the documents they said it in.

From transcripts and articles to draft claims for review (docs/intake.md):

* :func:`parse_transcript` / :func:`read_transcript` - ``[01:13:06] Name: text``,
  ``Name (01:13:06): text``, WebVTT voice tags, SRT with names, or plain ``Name: text``
  -> a :class:`Transcript` of :class:`Turn` s and the :class:`~claimtrack.model.Problem` s
  found on the way (:class:`TranscriptFormat` is detected when not given).

* :func:`extract` / :func:`extract_file` - a transcript or an article -> :class:`Draft` s
  (a complete claim and the reasons for its kind, horizon, credence and speaker), by the
  rule-based :class:`RuleExtractor` or any :class:`Extractor` (a model-backed one lives in
  :mod:`claimtrack.web.chat_extractor`).
* :func:`read_drafts` / :func:`draft_line` - the ``drafts.jsonl`` format; :func:`read_batch` reads a
  batch of drafts, records or claims naming every bad line.
* :func:`draft_claim` / :func:`edit_claim` - a claim from the values a person gives (horizon and
  credence read from the text when not given), and an edit that refuses to strand events.

No network, no CLI, no database; the ``*_file`` functions read one file, line by line.
Nothing here writes to a ledger: adding drafts is an explicit step (``claimtrack add --file``).
"""

from __future__ import annotations

from claimtrack.intake.batch import Batch, batch_summary, read_batch
from claimtrack.intake.claims import BuiltClaim, ClaimFields, Note, Origin, draft_claim, edit_claim
from claimtrack.intake.drafts import (
    UNKNOWN_SPEAKER,
    Draft,
    DraftPart,
    Extractor,
    Passage,
    Reason,
    draft_line,
    read_drafts,
)
from claimtrack.intake.extraction import (
    ExtractResult,
    ExtractStats,
    RuleExtractor,
    claim_id,
    extract,
    extract_file,
    iter_extract,
    iter_extract_file,
)
from claimtrack.intake.transcript import (
    Mark,
    Transcript,
    TranscriptFormat,
    Turn,
    detect_format,
    format_locator,
    parse_lines,
    parse_transcript,
    read_transcript,
)

__all__ = [
    "UNKNOWN_SPEAKER",
    "Batch",
    "BuiltClaim",
    "ClaimFields",
    "Draft",
    "DraftPart",
    "ExtractResult",
    "ExtractStats",
    "Extractor",
    "Mark",
    "Note",
    "Origin",
    "Passage",
    "Reason",
    "RuleExtractor",
    "Transcript",
    "TranscriptFormat",
    "Turn",
    "batch_summary",
    "claim_id",
    "detect_format",
    "draft_claim",
    "draft_line",
    "edit_claim",
    "extract",
    "extract_file",
    "format_locator",
    "iter_extract",
    "iter_extract_file",
    "parse_lines",
    "parse_transcript",
    "read_batch",
    "read_drafts",
    "read_transcript",
]
