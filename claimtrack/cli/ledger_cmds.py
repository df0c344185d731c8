"""Ledger commands: init, add, list, show, record, history, validate."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from claimtrack.cli._common import (
    DATE,
    cli_errors,
    damaged_warnings,
    echo,
    echo_json,
    ledger_option,
    open_ledger,
    skip_invalid_option,
)
from claimtrack.errors import InvalidRecordError
from claimtrack.ledger import Ledger
from claimtrack.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    Confidence,
    Entity,
    Evidence,
    StatusEvent,
    Verdict,
    problems_from_validation,
)
from claimtrack.renderers import terminal_safe

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add the ledger commands to the ``claimtrack`` group."""
    for command in (init, add, list_claims, show, record, history, validate):
        main.add_command(command)


@click.command()
@ledger_option
@cli_errors
def init(ledger_path: str) -> None:
    """Create an empty ledger.

    Example:

    \b
        claimtrack init --ledger claims/
    """
    with Ledger.open(ledger_path, create=True) as ledger:
        echo(f"ledger ready at {ledger.store.location} ({len(ledger)} claims)")


@click.command()
@ledger_option
@click.option(
    "--file", "json_file", type=click.Path(exists=True, dir_okay=False), help="A claim (or claim record) as JSON."
)
@click.option("--id", "claim_id", help="Stable slug for the claim.")
@click.option("--text", help="The claim exactly as said.")
@click.option("--language", default="en", show_default=True, help="BCP 47 tag of --text.")
@click.option("--speaker", help="Who said it.")
@click.option("--said-on", help="When: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--kind", type=click.Choice([k.value for k in ClaimKind]), help="What kind of statement.")
@click.option("--topic", "topics", multiple=True, help="A topic slug (repeatable).")
@click.option("--source-url", help="Where it was said (primary source URL).")
@cli_errors
def add(
    ledger_path: str,
    json_file: str | None,
    claim_id: str | None,
    text: str | None,
    language: str,
    speaker: str | None,
    said_on: str | None,
    kind: str | None,
    topics: tuple[str, ...],
    source_url: str | None,
) -> None:
    """Add a claim from flags or from a JSON file.

    Example:

    \b
        claimtrack add --id gpt5-2025 --text "GPT-5 ships this year" \\
            --speaker "Sam Altman" --said-on 2025-02-12 --kind prediction
    """
    if json_file:
        record = _record_from_file(Path(json_file))
    else:
        missing = [
            n
            for n, v in (
                ("--id", claim_id),
                ("--text", text),
                ("--speaker", speaker),
                ("--said-on", said_on),
                ("--kind", kind),
            )
            if not v
        ]
        if missing:
            raise click.UsageError(f"missing {', '.join(missing)} (or give --file)")
        data: dict[str, Any] = {
            "id": claim_id,
            "text": text,
            "language": language,
            "speaker": Entity(name=str(speaker)),
            "said_on": said_on,
            "kind": kind,
            "topics": topics,
        }
        if source_url:
            data["sources"] = ({"url": source_url, "role": "primary"},)
        record = ClaimRecord(claim=Claim.model_validate(data))
    with open_ledger(ledger_path) as ledger:
        ledger.add(record.claim, events=record.events, evidence=record.evidence)
        echo(f"added {record.claim.id}")


def _record_from_file(path: Path) -> ClaimRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidRecordError(f"not valid JSON: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise InvalidRecordError("expected a JSON object", path=str(path))
    if "claim" not in data:
        data = {"claim": data}
    from pydantic import ValidationError

    try:
        return ClaimRecord.model_validate(data)
    except ValidationError as exc:
        first = problems_from_validation(exc, path=str(path), record=_id_of(data))[0]
        raise InvalidRecordError(first.message, path=str(path), record=first.record, field=first.field) from exc


def _id_of(data: dict[str, Any]) -> str | None:
    claim = data.get("claim")
    value = claim.get("id") if isinstance(claim, dict) else None
    return value if isinstance(value, str) else None


@click.command(name="list")
@ledger_option
@click.option("--speaker", help="Only claims by this speaker (case-insensitive).")
@click.option("--topic", help="Only claims with this topic.")
@click.option("--kind", type=click.Choice([k.value for k in ClaimKind]))
@click.option("--verdict", type=click.Choice([v.value for v in Verdict]), help="Only claims with this status.")
@click.option("--as-of", type=DATE, help="Replay status as of this date (default: latest).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@skip_invalid_option
@cli_errors
def list_claims(
    ledger_path: str,
    speaker: str | None,
    topic: str | None,
    kind: str | None,
    verdict: str | None,
    as_of: date | None,
    as_json: bool,
    skip_invalid: bool,
) -> None:
    """List claims with their status.

    Example:

    \b
        claimtrack list --ledger fixtures/altman-lex-fridman-2024 --kind prediction --verdict open
    """
    with open_ledger(ledger_path) as ledger, damaged_warnings():
        claims = ledger.claims(
            speaker=speaker, topic=topic, kind=kind, verdict=verdict, as_of=as_of, skip_invalid=skip_invalid
        )
        for claim in claims:
            status = ledger.status(claim.id, as_of=as_of)
            if as_json:
                echo_json(
                    json.dumps(
                        {
                            "id": claim.id,
                            "status": status.value,
                            "kind": claim.kind.value,
                            "speaker": claim.speaker.name,
                            "said_on": str(claim.said_on),
                            "text": claim.text,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                echo(
                    f"{claim.id}\t{status.value}\t{claim.kind.value}\t"
                    + terminal_safe(_short(claim.text_in("en") or claim.text), one_line=True)
                )


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@ledger_option
@click.argument("claim_id")
@click.option("--json", "as_json", is_flag=True, help="The whole record as JSON.")
@cli_errors
def show(ledger_path: str, claim_id: str, as_json: bool) -> None:
    """Show one claim with its sources, horizon, status and history.

    Example:

    \b
        claimtrack show amazing-model-2024 --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path) as ledger:
        record = ledger.record_of(claim_id)
        if as_json:
            echo_json(record.model_dump_json(indent=2, exclude_defaults=True))
            return
        for line in _show_lines(ledger, record):
            echo(line)


def _show_lines(ledger: Ledger, record: ClaimRecord) -> list[str]:
    """What ``show`` prints, line by line (the caller prints each through ``echo``)."""
    claim = record.claim
    out = [
        f"{claim.id}  [{claim.kind.value}]  status: {ledger.status(claim.id).value}",
        f"  said by {claim.speaker.name} on {claim.said_on}",
        f"  text ({claim.language}): {claim.text}",
    ]
    out += [f"  text ({lang}): {text}" for lang, text in sorted(claim.translations.items())]
    if claim.horizon is not None:
        end = claim.horizon.end.isoformat() if claim.horizon.end else "open-ended"
        vague = " (vague)" if claim.horizon.vague else ""
        out.append(f"  horizon: {claim.horizon.text!r} -> {claim.horizon.start} .. {end}{vague}")
    if claim.credence is not None:
        c = claim.credence
        out.append(f"  credence: {c.basis.value}" + (f" p={c.p} ({c.word}, {c.scale})" if c.p is not None else ""))
    for source in claim.sources:
        fidelity = f", {source.fidelity.value}" if source.fidelity else ""
        where = f" at {source.locator}" if source.locator else ""
        out.append(f"  source ({source.role.value}{fidelity}): {source.title or source.url or '-'}{where}")
        if source.quote:
            out.append(f"    quote: {source.quote}")
    for ev in record.evidence:
        out.append(f"  evidence {ev.id}: {ev.title or '-'} <{ev.url or ev.archived_url or '-'}>")
    out += [_event_line(event) for event in record.events]
    return out


def _event_line(event: StatusEvent) -> str:
    extra = f" — {event.note}" if event.note else ""
    return f"  {event.effective_on}  {event.verdict.value:<13} evidence={len(event.evidence)}{extra}"


@click.command()
@ledger_option
@click.argument("claim_id")
@click.argument("verdict", type=click.Choice([v.value for v in Verdict]))
@click.option("--on", "on", type=DATE, required=True, help="When the verdict took effect (YYYY-MM-DD).")
@click.option("--evidence-url", multiple=True, help="URL of evidence (repeatable).")
@click.option("--evidence-title", help="Title of the (first) evidence.")
@click.option("--evidence-published", help="Publication date of the (first) evidence.")
@click.option("--stance", type=click.Choice(["supports", "refutes", "mixed", "context"]))
@click.option("--note", default="", help="Why.")
@click.option("--by", help="Who records it.")
@click.option("--confidence", type=click.Choice([c.value for c in Confidence]))
@cli_errors
def record(
    ledger_path: str,
    claim_id: str,
    verdict: str,
    on: date,
    evidence_url: tuple[str, ...],
    evidence_title: str | None,
    evidence_published: str | None,
    stance: str | None,
    note: str,
    by: str | None,
    confidence: str | None,
) -> None:
    """Record a new status for a claim (an append-only event).

    Example:

    \b
        claimtrack record amazing-model-2024 true --on 2024-05-13 \\
            --evidence-url https://openai.com/index/hello-gpt-4o/ --note "GPT-4o released"
    """
    if not evidence_url and (evidence_title or evidence_published or stance):
        raise click.UsageError(
            "--evidence-title, --evidence-published and --stance describe evidence: give --evidence-url too"
        )
    evidence = [
        Evidence.model_validate(
            {
                "url": url,
                "title": evidence_title if i == 0 else None,
                "published_on": evidence_published if i == 0 else None,
                "stance": stance,
            }
        )
        for i, url in enumerate(evidence_url)
    ]
    with open_ledger(ledger_path) as ledger:
        before = {e.id for e in ledger.history(claim_id)}
        event = ledger.record(claim_id, verdict, on=on, evidence=evidence, note=note, by=by, confidence=confidence)
        if event.id in before:
            echo(
                f"already recorded: {event.verdict.value} for {claim_id} effective {event.effective_on} "
                f"({event.id}); nothing written"
            )
            return
        echo(f"recorded {event.verdict.value} for {claim_id} effective {event.effective_on} ({event.id})")


@click.command()
@ledger_option
@click.argument("claim_id")
@click.option("--json", "as_json", is_flag=True, help="Events as JSON lines.")
@cli_errors
def history(ledger_path: str, claim_id: str, as_json: bool) -> None:
    """Show a claim's status events in replay order.

    Example:

    \b
        claimtrack history amazing-model-2024 --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path) as ledger:
        events = ledger.history(claim_id)
        if not events:
            echo(f"{claim_id}: no events (open)")
        for event in events:
            if as_json:
                echo_json(event.model_dump_json(exclude_defaults=True))
            else:
                echo(_event_line(event).strip(), one_line=True)


@click.command()
@ledger_option
@click.option("--json", "as_json", is_flag=True, help="Problems as JSON lines.")
@cli_errors
def validate(ledger_path: str, as_json: bool) -> None:
    """Report every problem in a ledger at once; exit 1 if there is any.

    Example:

    \b
        claimtrack validate --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path) as ledger:
        problems = ledger.validate()
        for problem in problems:
            if as_json:
                echo_json(problem.model_dump_json(exclude_defaults=True))
            else:
                echo(str(problem), one_line=True)
        errors = sum(1 for p in problems if p.severity == "error")
        if not as_json:
            echo(f"{len(ledger)} claims, {errors} errors, {len(problems) - errors} warnings", err=True)
        if errors:
            raise SystemExit(1)
