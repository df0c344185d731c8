"""Ledger commands: init, add, edit, status, list, show, record, history, validate."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from claimtrack.cli._common import (
    DATE,
    as_of_option,
    cli_errors,
    damaged_warnings,
    echo,
    echo_json,
    example_option,
    format_option,
    ledger_option,
    open_ledger,
    skip_invalid_option,
    today,
)
from claimtrack.cli.claim_options import (
    KNOWN_AT,
    claim_errors,
    claim_fields,
    claim_flags,
    echo_built,
    given_flags,
    refuse_batch,
)
from claimtrack.intake.batch import batch_summary, read_batch
from claimtrack.intake.claims import draft_claim, edit_claim
from claimtrack.ledger import Ledger, ordered, status_event
from claimtrack.model import Claim, ClaimKind, ClaimRecord, Confidence, Evidence, StatusEvent, Verdict
from claimtrack.model.display import one_line
from claimtrack.renderers import plural, terminal_safe

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add the ledger commands to the ``claimtrack`` group."""
    for command in (init, add, edit, status, list_claims, show, record, history, validate):
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
        echo(f"ledger ready at {ledger.store.location} ({plural(len(ledger), 'claim')})")


@click.command()
@ledger_option
@click.option(
    "--file",
    "batch_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Drafts (claimtrack extract), claims or claim records, one JSON object a line: all or none are added.",
)
@click.option("--id", "claim_id", help="Stable slug for the claim.")
@claim_flags(edit=False)
@cli_errors
def add(ledger_path: str, batch_file: Path | None, claim_id: str | None, **values: Any) -> None:
    """Add a claim from flags, or a batch from a file (all or nothing).

    From flags, a prediction's or commitment's horizon and credence are read from
    --text unless --horizon or --credence is given, and what was read is printed.
    --file takes drafts.jsonl lines, bare claim objects or claim records; any bad
    line, draft without a speaker (unless --speaker names one) or id already used
    refuses the whole batch, each problem named by file:line and field.

    Example:

    \b
        claimtrack add --id gpt5-2025 --text "GPT-5 will probably ship by the end of 2025" \\
            --speaker "Sam Altman" --said-on 2025-02-12 --kind prediction --topic gpt-5
        claimtrack add --file drafts.jsonl --speaker "Sam Altman"
    """
    fields = claim_fields(claim_id, values)
    if batch_file is not None:
        extra = given_flags(fields, but=("speaker",))
        if extra:
            raise click.UsageError(f"--file holds whole claims: {', '.join(extra)} cannot go with it (only --speaker)")
        _add_batch(ledger_path, batch_file, speaker=fields.speaker)
        return
    with claim_errors():
        built = draft_claim(fields)
    with open_ledger(ledger_path) as ledger:
        ledger.add(built.claim)
    echo(f"added {built.claim.id}")
    echo_built(built)


def _add_batch(ledger_path: str, path: Path, *, speaker: str | None) -> None:
    with open_ledger(ledger_path) as ledger:
        batch = read_batch(path.read_bytes(), path=path, speaker=speaker, known=ledger.__contains__)
        if batch.problems:
            refuse_batch(batch.problems, path)
        if not batch.records:
            echo(f"no claims in {path}; nothing added", err=True)
            return
        added = ledger.add_many(batch.records)  # all or nothing on every store
    echo(f"added {plural(added, 'claim')} from {path}: {batch_summary(batch.records)}")
    if batch.named:
        echo(f"  speaker {speaker!r} given to the {batch.named} draft(s) that named none")
    undated = [r.claim.id for r in batch.records if r.claim.kind.is_forward_looking and r.claim.horizon is None]
    if undated:
        shown = ", ".join(undated[:10]) + (", ..." if len(undated) > 10 else "")
        echo(f"note: no horizon, so `claimtrack due` will not list them: {shown}", err=True)


@click.command()
@ledger_option
@click.argument("claim_id")
@claim_flags(edit=True)
@click.option("--clear-horizon", is_flag=True, help="Drop the horizon.")
@click.option("--clear-credence", is_flag=True, help="Drop the credence.")
@click.option("--id", "new_id", hidden=True)
@cli_errors
def edit(
    ledger_path: str, claim_id: str, clear_horizon: bool, clear_credence: bool, new_id: str | None, **values: Any
) -> None:
    """Change a claim: only the flags given change, and its version goes up by one.

    Refused, writing nothing: a new id (events and evidence name the claim by it);
    a --said-on after the first event took effect (a verdict before the words);
    a --kind that moves a claim with events into or out of the forward-looking
    kinds (prediction, commitment: judged against a horizon, the others against
    the facts when said); an edit made while someone else changed the claim.

    Example:

    \b
        claimtrack edit gpt5-2025 --horizon "by mid-2026" --credence likely
        claimtrack edit gpt5-2025 --translation ja=GPT-5は2025年末までに出る
    """
    fields = claim_fields(new_id, values)
    with open_ledger(ledger_path) as ledger:
        record = ledger.record_of(claim_id)
        with claim_errors():
            built = edit_claim(record, fields, clear_horizon=clear_horizon, clear_credence=clear_credence)
        if built.claim == record.claim:
            echo(f"{claim_id}: nothing to change (version {record.version}); nothing written")
            return
        after = ledger.update(built.claim, expected_version=record.version)  # ConflictError if it changed meanwhile
    changed = [name for name in Claim.model_fields if getattr(record.claim, name) != getattr(after.claim, name)]
    echo(f"edited {claim_id}: version {record.version} -> {after.version}; changed {', '.join(changed)}")
    echo_built(built)
    deadline = after.claim.deadline
    if deadline is not None and after.claim.horizon != record.claim.horizon:
        for event in ordered(record.events):
            if event.verdict.is_resolved and event.effective_on > deadline:
                echo(
                    f"note: the {event.verdict.value} verdict of {event.effective_on} took effect after the new "
                    f"deadline {deadline}: check that it still holds",
                    err=True,
                )


@click.command(name="list")
@ledger_option
@example_option
@click.option(
    "--speaker", help="Only claims whose speaker's name contains this (case-insensitive: 'altman' finds Sam Altman)."
)
@click.option("--topic", help="Only claims with this topic.")
@click.option("--kind", type=click.Choice([k.value for k in ClaimKind]))
@click.option("--verdict", type=click.Choice([v.value for v in Verdict]), help="Only claims with this status.")
@as_of_option("Replay status as of this date")
@format_option("one object per line, each with the day used (as_of)")
@skip_invalid_option
@cli_errors
def list_claims(
    ledger_path: str,
    example: str | None,
    speaker: str | None,
    topic: str | None,
    kind: str | None,
    verdict: str | None,
    as_of: date | None,
    as_json: bool,
    skip_invalid: bool,
) -> None:
    """List claims with their status as of a day (today by default).

    One line per claim (id, status, kind, text); a last line on stderr says how many matched
    and the day their status was replayed to, or that no claims match.

    Example:

    \b
        claimtrack list --ledger fixtures/altman-lex-fridman-2024 --kind prediction --verdict open
        claimtrack list --example altman-lex-fridman-2024 --speaker altman
    """
    day = as_of if as_of is not None else today()
    with open_ledger(ledger_path, example=example) as ledger, damaged_warnings():
        claims = ledger.claims(topic=topic, kind=kind, verdict=verdict, as_of=day, skip_invalid=skip_invalid)
        if speaker is not None:
            wanted = " ".join(speaker.split()).casefold()
            claims = tuple(c for c in claims if wanted in " ".join(c.speaker.name.split()).casefold())
        for claim in claims:
            status = ledger.status(claim.id, as_of=day)
            if as_json:
                echo_json(
                    json.dumps(
                        {
                            "id": claim.id,
                            "as_of": day.isoformat(),
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
                    + terminal_safe(one_line(claim.text_in("en") or claim.text, 70), one_line=True)
                )
    if claims:
        echo(f"{plural(len(claims), 'claim')} as of {day.isoformat()}", err=True)
    else:
        echo(f"no claims match (as of {day.isoformat()})", err=True)


@click.command()
@ledger_option
@example_option
@click.argument("claim_id")
@as_of_option("The day whose status is shown; evidence published later is marked")
@format_option("the whole record")
@cli_errors
def show(ledger_path: str, example: str | None, claim_id: str, as_of: date | None, as_json: bool) -> None:
    """Show one claim with its sources, horizon, status, evidence (title, publisher, date, URL) and history.

    Example:

    \b
        claimtrack show amazing-model-2024 --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path, example=example) as ledger:
        record = ledger.record_of(claim_id)
        if as_json:
            echo_json(record.model_dump_json(indent=2, exclude_defaults=True))
            return
        for line in _show_lines(ledger, record, as_of if as_of is not None else today()):
            echo(line)


def _show_lines(ledger: Ledger, record: ClaimRecord, day: date) -> list[str]:
    """What ``show`` prints, line by line (the caller prints each through ``echo``)."""
    claim = record.claim
    out = [
        f"{claim.id}  [{claim.kind.value}]  status: {ledger.status(claim.id, as_of=day).value} (as of {day})",
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
        published = f"published {ev.published_on}" if ev.published_on is not None else "no publication date"
        later = f", after {day}" if ev.published_on is not None and ev.published_on.start > day else ""
        by = f"{ev.publisher}, " if ev.publisher else ""
        out.append(f"  evidence {ev.id}: {ev.title or '(no title)'} ({by}{published}{later})")
        out.append(f"    <{ev.url or ev.via_url or ev.archived_url or 'no URL'}>")
    out += [_event_line(event) for event in record.events]
    return out


def _event_line(event: StatusEvent) -> str:
    extra = f" — {event.note}" if event.note else ""
    cited = f" evidence: {', '.join(event.evidence)}" if event.evidence else ""
    return f"  {event.effective_on}  {event.verdict.value:<13}{cited}{extra}"


@click.command()
@ledger_option
@click.argument("claim_id")
@click.argument("verdict", type=click.Choice([v.value for v in Verdict]), metavar="VERDICT")
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

    VERDICT is one of: open, true, mostly_true, mixed, mostly_false, false,
    unverifiable, ambiguous, annulled, not_checkable, not_said.

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
@example_option
@click.argument("claim_id")
@as_of_option("The day to judge on; the output names it")
@click.option(
    "--known-at",
    type=KNOWN_AT,
    help="Ignore events recorded after this moment (ISO time, UTC unless given; a day alone means its end).",
)
@format_option("one object")
@cli_errors
def status(
    ledger_path: str, example: str | None, claim_id: str, as_of: date | None, known_at: datetime | None, as_json: bool
) -> None:
    """Show a claim's verdict on a day, the event that set it and its evidence, and its deadline.

    Example:

    \b
        claimtrack status amazing-model-2024 --as-of 2024-06-01 --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path, example=example) as ledger:
        record = ledger.record_of(claim_id)
        day = as_of or today()
    view = _status_view(record, day, known_at)
    if as_json:
        echo_json(json.dumps(view, ensure_ascii=False, indent=2))
        return
    for line in _status_lines(view):
        echo(line, one_line=True)


def _status_view(record: ClaimRecord, day: date, known_at: datetime | None) -> dict[str, Any]:
    """What ``status`` shows, as the JSON object it prints with ``--json``."""
    claim = record.claim
    event = status_event(record.events, as_of=day, known_at=known_at)
    held = {ev.id: ev for ev in record.evidence}
    cited = [held[ev_id] for ev_id in (event.evidence if event else ()) if ev_id in held]
    deadline = claim.deadline
    verdict = event.verdict if event else Verdict.OPEN
    overdue = verdict is Verdict.OPEN and deadline is not None and deadline < day
    return {
        "id": claim.id,
        "kind": claim.kind.value,
        "speaker": claim.speaker.name,
        "said_on": str(claim.said_on),
        "text": claim.text,
        "as_of": day.isoformat(),
        "known_at": known_at.isoformat() if known_at else None,
        "said_yet": claim.said_on.start <= day,
        "verdict": verdict.value,
        "event": event.model_dump(mode="json", exclude={"evidence", "claim_id"}) if event else None,
        "evidence": [
            {
                "id": ev.id,
                "title": ev.title,
                "url": ev.url or ev.archived_url,
                "published": str(ev.published_on) if ev.published_on else None,
                "stance": ev.stance.value if ev.stance else None,
                "published_after_as_of": ev.published_on is not None and ev.published_on.start > day,
            }
            for ev in cited
        ],
        "horizon": claim.horizon.model_dump(mode="json", exclude_none=True) if claim.horizon else None,
        "deadline": deadline.isoformat() if deadline else None,
        "overdue": overdue,
        "days_overdue": (day - deadline).days if overdue and deadline else None,
    }


def _status_lines(view: dict[str, Any]) -> list[str]:
    known = f", as known at {view['known_at']}" if view["known_at"] else ""
    out = [
        f"{view['id']}  [{view['kind']}]  as of {view['as_of']}{known}: {view['verdict']}",
        f"  said by {view['speaker']} on {view['said_on']}: {view['text']}",
    ]
    if not view["said_yet"]:
        out.append(f"  not yet said on {view['as_of']}")
    event = view["event"]
    if event is None:
        out.append("  no verdict had taken effect by then")
    else:
        extra = [f"by {event['by']}"] if event.get("by") else []
        extra += [f"confidence {event['confidence']}"] if event.get("confidence") else []
        extra += [f"rating {event['rating']!r}"] if event.get("rating") else []
        out.append(
            f"  set by the event of {event['effective_on']} ({event['id']}), recorded {event['recorded_at']}"
            + "".join(f", {e}" for e in extra)
        )
        if event.get("note"):
            out.append(f"  note: {event['note']}")
        if not view["evidence"]:
            out.append("  evidence: none cited")
    for ev in view["evidence"]:
        published = f", published {ev['published']}" if ev["published"] else ""
        stance = f", {ev['stance']}" if ev["stance"] else ""
        later = f" (after {view['as_of']})" if ev["published_after_as_of"] else ""
        out.append(f"  evidence: {ev['title'] or '-'} <{ev['url'] or '-'}>{published}{later}{stance}")
    horizon = view["horizon"]
    if horizon is not None:
        if view["deadline"] is None:
            when = "open-ended"
        elif view["overdue"]:
            when = f"ends {view['deadline']}: overdue by {plural(view['days_overdue'], 'day')}"
        elif view["verdict"] == Verdict.OPEN.value:
            when = f"ends {view['deadline']}: not yet due"
        else:
            when = f"ends {view['deadline']}: resolved"
        out.append(f"  horizon: {horizon['text']!r} {when}")
    elif view["kind"] in (ClaimKind.PREDICTION.value, ClaimKind.COMMITMENT.value):
        out.append("  horizon: none (`claimtrack due` does not list it)")
    return out


@click.command()
@ledger_option
@example_option
@click.argument("claim_id")
@format_option("one event per line")
@cli_errors
def history(ledger_path: str, example: str | None, claim_id: str, as_json: bool) -> None:
    """Show a claim's status events in replay order.

    Example:

    \b
        claimtrack history amazing-model-2024 --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path, example=example) as ledger:
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
@example_option
@format_option("one problem per line")
@cli_errors
def validate(ledger_path: str, example: str | None, as_json: bool) -> None:
    """Report every problem in a ledger at once; exit 1 if there is any.

    Example:

    \b
        claimtrack validate --ledger fixtures/altman-lex-fridman-2024
    """
    with open_ledger(ledger_path, example=example) as ledger:
        problems = ledger.validate()
        for problem in problems:
            if as_json:
                echo_json(problem.model_dump_json(exclude_defaults=True))
            else:
                echo(str(problem), one_line=True)
        errors = sum(1 for p in problems if p.severity == "error")
        if not as_json:
            echo(
                f"{plural(len(ledger), 'claim')}, {plural(errors, 'error')},"
                f" {plural(len(problems) - errors, 'warning')}",
                err=True,
            )
        if errors:
            raise SystemExit(1)
