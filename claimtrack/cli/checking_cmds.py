"""Checking commands: ``check`` prints what new evidence implies; ``review`` applies or rejects it."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from claimtrack import api
from claimtrack.checking import (
    Finding,
    IgnoredCode,
    Proposal,
    Proposals,
    StanceFunction,
    Thresholds,
    keyword_stance,
    qa_stance,
)
from claimtrack.checking.review import RATIONALE_LIMIT
from claimtrack.checking.stance import clip
from claimtrack.cli._common import (
    as_of_option,
    cli_errors,
    echo,
    echo_json,
    format_option,
    ledger_option,
    open_ledger,
    today,
)
from claimtrack.errors import InvalidRecordError
from claimtrack.ledger import Ledger
from claimtrack.model import Evidence

__all__ = ["register"]

F = TypeVar("F", bound=Callable[..., Any])

_STANCES: dict[str, StanceFunction | None] = {"given": None, "keyword": keyword_stance, "qa": qa_stance}

JSON_RATIONALE_LIMIT = 1000
"""At most this many characters of a rationale or quoted span in --json output (text output: RATIONALE_LIMIT)."""


def register(main: click.Group) -> None:
    """Add ``check`` and ``review`` to the ``claimtrack`` group."""
    main.add_command(check_cmd)
    main.add_command(review)


def read_evidence_file(path: str) -> list[Any]:
    """The evidence items of a JSON file: a list of objects, or an object with an ``evidence`` list."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidRecordError(f"not valid JSON: {exc}", path=path) from exc
    except UnicodeDecodeError as exc:
        raise InvalidRecordError(f"not UTF-8 text: {exc}", path=path) from exc
    if isinstance(data, dict) and isinstance(data.get("evidence"), list):
        data = data["evidence"]
    if not isinstance(data, list):
        raise InvalidRecordError('expected a JSON list of evidence objects (or {"evidence": [...]})', path=path)
    return data


def _options(func: F) -> F:
    func = click.option(
        "--confirmed",
        type=click.FloatRange(0, 1),
        default=Thresholds().confirmed,
        show_default=True,
        help="Match score at which a proposal counts as confirmed.",
    )(func)
    func = click.option(
        "--suggested",
        type=click.FloatRange(0, 1),
        default=Thresholds().suggested,
        show_default=True,
        help="Lowest match score that is proposed at all.",
    )(func)
    func = click.option(
        "--stance",
        "stance_name",
        type=click.Choice(sorted(_STANCES)),
        default="given",
        show_default=True,
        help="'given': only stances written on the evidence; for the rest, 'keyword': the cue-word baseline, "
        "'qa': the question-answer stance (AVeriTeC answers).",
    )(func)
    func = as_of_option("Judge as of this date; evidence published later is not used")(func)
    func = click.option(
        "--evidence",
        "evidence_file",
        required=True,
        type=click.Path(exists=True, dir_okay=False),
        help="JSON file: a list of evidence objects (an object may name its claims in 'claims').",
    )(func)
    return ledger_option(func)


def _propose(
    ledger: Ledger, evidence_file: str, as_of: date | None, stance_name: str, suggested: float, confirmed: float
) -> Proposals:
    if suggested > confirmed:
        raise click.BadParameter(f"--suggested {suggested} is above --confirmed {confirmed}")
    items = read_evidence_file(evidence_file)
    return api.propose(
        ledger,
        items,
        as_of=as_of or today(),
        stance=_STANCES[stance_name],
        thresholds=Thresholds(suggested=suggested, confirmed=confirmed),
    )


def _show(proposal: Proposal) -> None:
    echo(proposal.summary(), one_line=True)
    for reason in proposal.assessment.reasons:
        echo(f"    - {reason}")
    for finding in proposal.findings:
        echo(f"    rests on {finding.explain(RATIONALE_LIMIT)}", one_line=True)
    for ev in proposal.evidence:
        where = ev.url or ev.via_url or "(no URL)"
        echo(f"    evidence {ev.id}: {_words_of(ev)} <{where}> published {ev.published_on}", one_line=True)


def _words_of(ev: Evidence) -> str:
    """What a reviewer reads of the evidence: its title, or the question and answer of question-answer evidence."""
    if ev.question and not ev.title:
        return f"Q: {clip(ev.question, RATIONALE_LIMIT)} A: {clip(ev.excerpt or '', RATIONALE_LIMIT)}"
    return clip(ev.title or ev.excerpt or "", RATIONALE_LIMIT)


def _finding_json(finding: Finding) -> dict[str, Any]:
    span = finding.quoted_span
    return {
        "evidence": finding.evidence.id,
        "stance": finding.stance.value,
        "stance_from": str(finding.stance_from),
        "confidence": finding.confidence,
        "rationale": clip(finding.rationale, JSON_RATIONALE_LIMIT),
        "quoted_span": clip(span, JSON_RATIONALE_LIMIT) if span is not None else None,
    }


def _as_json(result: Proposals) -> dict[str, Any]:
    return {
        "as_of": result.as_of.isoformat(),
        "proposals": [
            {
                "id": p.id,
                "claim_id": p.claim.id,
                "status_before": p.status_before.value,
                "verdict": p.verdict.value,
                "effective_on": p.effective_on.isoformat() if p.effective_on else None,
                "overdue": p.assessment.overdue,
                "needs_person": p.assessment.needs_person,
                "score": p.score,
                "level": p.level,
                "actionable": p.actionable,
                "reasons": list(p.assessment.reasons),
                "evidence": [ev.id for ev in p.evidence],
                "used": [ev.id for ev in p.assessment.used],
                "findings": [_finding_json(f) for f in p.findings],
                "ignored": [{"item": i.item, "code": i.code, "reason": i.reason} for i in p.assessment.ignored],
            }
            for p in result
        ],
        "ignored": [{"item": i.item, "code": i.code, "reason": i.reason} for i in result.ignored],
        "skipped_rejected": list(result.skipped_rejected),
        "unmatched": [{"id": ev.id, "title": ev.title, "url": ev.url} for ev in result.unmatched],
    }


UNREADABLE = frozenset({IgnoredCode.INVALID, IgnoredCode.MALFORMED_URL, IgnoredCode.UNKNOWN_CLAIM})
"""Ignored inputs that say the input itself is wrong, not that the temporal guard set it aside."""


def outcome_code(result: Proposals) -> int:
    """The exit status of ``check``: 0 when evidence was used and every input was readable, else 2.

    2 means "partial or nothing done": no input led to a proposal, or some
    inputs were unreadable (invalid, malformed URL, naming an unknown claim),
    so a script can tell that its evidence file needs a look.
    """
    if not result.proposals or any(item.code in UNREADABLE for item in result.ignored):
        return 2
    return 0


def echo_capped(lines: Sequence[str], *, limit: int, what: str) -> None:
    """Print at most ``limit`` lines (all when ``limit`` is 0), then how many were left out."""
    shown = lines if limit == 0 else lines[:limit]
    for line in shown:
        echo(line)
    if len(lines) > len(shown):
        echo(f"... and {len(lines) - len(shown)} more {what} (--max-listed 0 lists all; --json gives every one)")


@click.command(name="check")
@_options
@format_option("the proposals")
@click.option(
    "--max-listed",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="List at most this many ignored and unmatched inputs each (0: all); the counts stay complete.",
)
@cli_errors
def check_cmd(
    ledger_path: str,
    evidence_file: str,
    as_of: date | None,
    stance_name: str,
    suggested: float,
    confirmed: float,
    as_json: bool,
    max_listed: int,
) -> None:
    """Print what new evidence implies for the ledger's open claims (writes nothing).

    Exit status: 0 when evidence led to proposals and every input was
    readable; 2 when nothing was proposed or some inputs were unreadable
    (partial or nothing done); 1 on an error such as an unreadable file.

    Example:

    \b
        claimtrack check --evidence news.json --ledger fixtures/altman-lex-fridman-2024 --as-of 2026-11-27
    """
    with open_ledger(ledger_path) as ledger:
        result = _propose(ledger, evidence_file, as_of, stance_name, suggested, confirmed)
    if as_json:
        echo_json(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
        click.get_current_context().exit(outcome_code(result))
    for proposal in result:
        _show(proposal)
    echo_capped([f"ignored {item}" for item in result.ignored], limit=max_listed, what="ignored inputs")
    echo_capped(
        [f"matched no claim: {ev.id} {ev.title or ''} <{ev.url or ev.via_url or 'no URL'}>" for ev in result.unmatched],
        limit=max_listed,
        what="inputs that matched no claim",
    )
    if result.skipped_rejected:
        echo(f"{len(result.skipped_rejected)} proposal(s) rejected before were not proposed again")
    echo(
        f"{len(result)} proposal(s), {len(result.actionable())} would record a verdict, "
        f"{len(result.ignored)} input(s) ignored, {len(result.unmatched)} matched no claim (as of {result.as_of})"
    )
    click.get_current_context().exit(outcome_code(result))


@click.command()
@_options
@click.option("--yes", is_flag=True, help="Accept every confirmed proposal without asking; leave the rest.")
@click.option("--by", default=None, help="Who reviews (stored on recorded events and rejections).")
@cli_errors
def review(
    ledger_path: str,
    evidence_file: str,
    as_of: date | None,
    stance_name: str,
    suggested: float,
    confirmed: float,
    yes: bool,
    by: str | None,
) -> None:
    """Walk the proposals: accept (record the verdict), reject (remember), or skip.

    With --yes, proposals at the confirmed level are accepted and the others
    are left for a person, for use in scripts.

    Example:

    \b
        claimtrack review --evidence news.json --ledger claims/ --as-of 2026-11-27 --yes
    """
    accepted = rejected = skipped = 0
    with open_ledger(ledger_path) as ledger:
        result = _propose(ledger, evidence_file, as_of, stance_name, suggested, confirmed)
        echo(f"reviewing {len(result.actionable())} proposal(s) as of {result.as_of}")
        echo_capped([f"ignored {item}" for item in result.ignored], limit=20, what="ignored inputs")
        for proposal in result.actionable():
            _show(proposal)
            if yes:
                choice = "a" if proposal.confirmed else "s"
            else:
                choice = click.prompt(
                    "accept, reject or skip?", type=click.Choice(["a", "r", "s", "q"]), default="s", show_choices=True
                )
            if choice == "q":
                break
            if choice == "a":
                event = api.apply(ledger, proposal, by=by)
                accepted += 1
                echo(f"  recorded {event.id if event else 'nothing'}")
            elif choice == "r":
                reason = "" if yes else click.prompt("reason (optional)", default="", show_default=False)
                api.reject(ledger, proposal, by=by, reason=reason)
                rejected += 1
                echo("  rejected; it will not be proposed again")
            else:
                skipped += 1
                echo("  skipped" + ("" if not yes else " (not confirmed: needs a person)"))
    echo(f"accepted {accepted}, rejected {rejected}, skipped {skipped}")
