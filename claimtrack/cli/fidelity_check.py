"""``claimtrack fidelity check``: where the automatic drift reading disagrees with the recorded fidelity.

For every claim with an original quote (its primary source's quote, preferring the
verbatim one; the claim text when it has no primary source) and one or more
renderings (its secondary sources' quotes), the command runs
:func:`claimtrack.compare` and lists the renderings whose recorded fidelity the
reading contradicts: recorded verbatim or faithful but drift flagged, or recorded
distorted but nothing flagged. It reads the ledger and never writes to it.

The ``fidelity`` group (claimtrack/cli/fidelity_cmds.py) registers this command.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import click

from claimtrack.cli._common import cli_errors, echo, echo_json, example_option, ledger_option, open_ledger
from claimtrack.fidelity.claims import SourceCheck, check_claims

__all__ = ["fidelity_check"]


def _flag_json(check: SourceCheck) -> list[dict[str, Any]]:
    if check.report is None:
        return []
    return [
        {
            "kind": flag.kind.value,
            "original_span": flag.original_span,
            "original_value": flag.original_value,
            "rendering_span": flag.rendering_span,
            "rendering_value": flag.rendering_value,
            "explanation": flag.explanation,
        }
        for flag in check.report.flags
    ]


def _row(check: SourceCheck) -> dict[str, Any]:
    report = check.report
    return {
        "claim_id": check.claim_id,
        "source": check.index,
        "publisher": check.source.publisher,
        "language": check.source.language,
        "recorded": check.recorded.value if check.recorded else None,
        "proposed": report.proposed.value if report is not None and report.proposed else None,
        "supported": bool(report is not None and report.supported),
        "problem": check.problem,
        "disagreement": check.disagreement,
        "flags": _flag_json(check),
    }


def _summary(checks: list[SourceCheck]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for check in checks:
        counts["renderings"] += 1
        if check.problem is not None:
            counts["not_compared"] += 1
        elif check.report is not None and check.report.flags:
            counts["flagged"] += 1
        if check.disagreement is not None:
            counts["disagreements"] += 1
    return {key: counts[key] for key in ("renderings", "flagged", "disagreements", "not_compared")}


def _echo_check(check: SourceCheck) -> None:
    recorded = check.recorded.value if check.recorded else "none recorded"
    proposed = check.report.proposed.value if check.report is not None and check.report.proposed else "-"
    echo(f"{check.label}: recorded {recorded}, proposed {proposed}")
    if check.disagreement:
        echo(f"    ! {check.disagreement}")
    if check.report is not None:
        for flag in check.report.flags:
            echo(f"    - {flag.kind.value}: {flag.explanation}")


@click.command("check")
@ledger_option
@example_option
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every rendering compared, not only those where the reading disagrees with the record.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.option(
    "--fail-on-disagreement",
    is_flag=True,
    help="Exit with status 2 when any recorded fidelity is contradicted (for CI).",
)
@cli_errors
def fidelity_check(ledger_path: str, example: str | None, show_all: bool, fmt: str, fail_on_disagreement: bool) -> None:
    """Compare each claim's renderings with its original and list disagreements with the recorded fidelity.

    A disagreement is a rendering recorded verbatim or faithful on which drift is
    flagged (horizon, number, hedge, negation), or one recorded distorted on which
    nothing is. Renderings that cannot be compared (no original quote, an empty
    quote, a language other than en, ja, zh, de, fr, es) are listed with the
    reason. The ledger is only read.

    Example:

    \b
        claimtrack fidelity check --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path, example=example) as ledger:
        checks = check_claims(ledger.claims())
    disagreeing = [c for c in checks if c.disagreement is not None]
    problems = [c for c in checks if c.problem is not None]
    summary = _summary(checks)
    if fmt == "json":
        shown = checks if show_all else disagreeing + problems
        echo_json(
            json.dumps({"summary": summary, "renderings": [_row(c) for c in shown]}, ensure_ascii=False, indent=2)
        )
    else:
        for check in checks if show_all else disagreeing:
            _echo_check(check)
        for check in problems:
            if not show_all:
                echo(f"{check.label}: not compared")
            echo(f"    ? {check.problem}")
        click.echo(
            f"{summary['renderings']} rendering(s) compared: {summary['flagged']} flagged, "
            f"{summary['disagreements']} disagree with the recorded fidelity, {summary['not_compared']} not compared"
        )
    if fail_on_disagreement and disagreeing:
        raise SystemExit(2)
