"""``claimtrack fidelity attribution``: claims whose words a transcript gives to another speaker.

For every claim with a secondary source (a rendering someone published), the command
matches the claim's English text (``translations["en"]``, or the text of an English
claim) against the passages of a transcript with speaker turns (``[01:13:06] Name:``,
``Name (01:13:06):``, WebVTT voice tags, SRT with names) with
:func:`claimtrack.fidelity.attribution.check_attributions`, and lists the claims whose
closest passage was said by someone other than the claim's speaker. It reads the ledger
and the transcript and writes nothing.

The ``fidelity`` group (claimtrack/cli/fidelity_cmds.py) registers this command.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click

from claimtrack.cli._common import cli_errors, echo, echo_json, example_option, ledger_option, open_ledger
from claimtrack.fidelity.attribution import AttributionCheck, AttributionStatus, check_attributions
from claimtrack.intake import Transcript, TranscriptFormat, read_transcript

__all__ = ["fidelity_attribution"]

_ORDER = tuple(AttributionStatus)


def _row(check: AttributionCheck) -> dict[str, Any]:
    passage = check.passage
    return {
        "claim_id": check.claim_id,
        "status": check.status.value,
        "speaker": check.speaker,
        "passage_speaker": check.passage_speaker,
        "locator": check.locator,
        "line": passage.line if passage is not None else None,
        "score": check.score,
        "passage": passage.text if passage is not None else None,
        "reason": check.reason,
        "candidates": [
            {"speaker": turn.speaker, "locator": turn.locator, "line": turn.line, "score": score, "text": turn.text}
            for turn, score in check.candidates
        ],
    }


def _summary(checks: tuple[AttributionCheck, ...]) -> dict[str, int]:
    counts = Counter(check.status for check in checks)
    return {"claims": len(checks), **{status.value: counts[status] for status in _ORDER}}


def _transcript_json(path: Path, transcript: Transcript) -> dict[str, Any]:
    return {
        "path": str(path),
        "format": transcript.format.value,
        "turns": len(transcript.turns),
        "speakers": list(transcript.speakers),
        "problems": [str(problem) for problem in transcript.problems],
    }


def _echo_check(check: AttributionCheck) -> None:
    where = check.locator or (f"line {check.passage.line}" if check.passage is not None else "-")
    echo(f"{check.claim_id}: {check.status.value} ({where}, score {check.score:.0f})", one_line=True)
    if check.passage is not None:
        echo(f"    {check.passage_speaker or 'unnamed speaker'}: {check.passage.text}", one_line=True)
    echo(f"    {check.reason}", one_line=True)


@click.command("attribution")
@ledger_option
@example_option
@click.option(
    "--transcript",
    "transcript_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A transcript with speaker turns: [hh:mm:ss] Name: text, Name (hh:mm:ss): text, WebVTT or SRT.",
)
@click.option(
    "--transcript-format",
    type=click.Choice([f.value for f in TranscriptFormat]),
    help="The transcript's layout (default: detected from its first lines).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every claim checked, not only those whose closest passage is another speaker's.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.option(
    "--fail-on-other-speaker",
    is_flag=True,
    help="Exit with status 2 when any claim's closest passage is another speaker's (for CI).",
)
@cli_errors
def fidelity_attribution(
    ledger_path: str,
    example: str | None,
    transcript_path: Path,
    transcript_format: str | None,
    show_all: bool,
    fmt: str,
    fail_on_other_speaker: bool,
) -> None:
    """List claims whose closest passage in a transcript was said by someone other than their speaker.

    Each claim with a secondary source is matched through its English text (its
    translations["en"]) against one-to-three-sentence passages of the transcript's
    speaker turns. A claim is listed when the closest passage belongs to another
    speaker: a possible misattribution for a person to check, never a verdict. Claims
    with no passage close enough (no_match) or without English text (not_supported)
    are counted in the summary. The ledger and the transcript are only read.

    Example:

    \b
        claimtrack fidelity attribution --ledger fixtures/altman-lex-fridman-2024 \\
            --transcript tests/fidelity/transcripts/lex-fridman-419-excerpt.txt
    """
    transcript = read_transcript(transcript_path, format=transcript_format)
    with open_ledger(ledger_path, example=example) as ledger:
        checks = check_attributions(ledger, transcript)
    flagged = [c for c in checks if c.status is AttributionStatus.OTHER_SPEAKER]
    shown = list(checks) if show_all else flagged
    summary = _summary(checks)
    if fmt == "json":
        document = {
            "summary": summary,
            "transcript": _transcript_json(transcript_path, transcript),
            "claims": [_row(c) for c in shown],
        }
        echo_json(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for problem in transcript.problems:
            echo(f"transcript: {problem}", err=True, one_line=True)
        for check in shown:
            _echo_check(check)
        counts = ", ".join(f"{summary[s.value]} {s.value}" for s in _ORDER)
        click.echo(f"{summary['claims']} claim(s) checked against {len(transcript.turns)} turn(s): {counts}")
    if fail_on_other_speaker and flagged:
        raise SystemExit(2)
