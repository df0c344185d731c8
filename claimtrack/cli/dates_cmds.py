"""Date commands: ``claimtrack due`` (what falls due) and ``claimtrack parse-horizon`` (try a phrase)."""

from __future__ import annotations

import json
from datetime import date
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
    ledger_option,
    open_ledger,
    skip_invalid_option,
    today,
)
from claimtrack.dates import credence_from_text, parse_horizon
from claimtrack.renderers import plural

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add the date commands to the ``claimtrack`` group."""
    main.add_command(due)
    main.add_command(parse_horizon_cmd)


@click.command()
@ledger_option
@example_option
@as_of_option("The day to judge from")
@click.option("--within", type=click.IntRange(min=0), default=None, help="Also list what falls due in this many days.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@skip_invalid_option
@cli_errors
def due(
    ledger_path: str, example: str | None, as_of: date | None, within: int | None, fmt: str, skip_invalid: bool
) -> None:
    """List open predictions and commitments whose horizon has ended (or ends within --within days).

    Overdue ones (deadline before --as-of, no resolution yet) come first. The text
    output starts with the day judged from; each JSON row carries it as "as_of".

    Example:

    \b
        claimtrack due --ledger fixtures/altman-lex-fridman-2024 --as-of 2026-11-27 --within 365
    """
    as_of = as_of if as_of is not None else today()
    with open_ledger(ledger_path, example=example) as ledger, damaged_warnings():
        claims = ledger.due(as_of=as_of, within=within, skip_invalid=skip_invalid)
    rows: list[dict[str, Any]] = []
    for claim in claims:
        deadline = claim.deadline
        assert deadline is not None  # Ledger.due only returns claims with a deadline
        rows.append(
            {
                "id": claim.id,
                "as_of": as_of.isoformat(),
                "deadline": deadline.isoformat(),
                "days_overdue": (as_of - deadline).days,
                "overdue": deadline < as_of,
                "speaker": claim.speaker.name,
                "horizon": claim.horizon.text if claim.horizon else None,
                "text": claim.text,
            }
        )
    if fmt == "json":
        echo_json(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        echo(f"nothing due as of {as_of.isoformat()}")
        return
    window = f" or within {plural(within, 'day')}" if within else ""
    echo(f"due as of {as_of.isoformat()}{window}: {plural(len(rows), 'claim')}")
    for row in rows:
        days = row["days_overdue"]
        if days > 0:
            when = f"{plural(days, 'day')} overdue"
        else:
            when = "due today" if days == 0 else f"due in {plural(-days, 'day')}"
        echo(f"{row['deadline']}  {when:>18}  {row['id']}  ({row['horizon']})", one_line=True)


@click.command(name="parse-horizon")
@click.argument("text")
@click.option("--said-on", "said_on", type=DATE, required=True, help="The day it was said (YYYY-MM-DD).")
@click.option("--language", "languages", multiple=True, help="BCP 47 tag(s) of the text; default: by script.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@cli_errors
def parse_horizon_cmd(text: str, said_on: date, languages: tuple[str, ...], fmt: str) -> None:
    """Show the horizon (and credence) read from TEXT, to check a phrase before recording it.

    Example:

    \b
        claimtrack parse-horizon "We will probably ship it within five years" --said-on 2024-03-18
    """
    horizon = parse_horizon(text, said_on, languages=languages or None)
    credence = credence_from_text(text, language=languages[0] if languages else None)
    if fmt == "json":
        out = {
            "horizon": horizon.model_dump(mode="json"),
            "credence": credence.model_dump(mode="json") if credence else None,
        }
        echo_json(json.dumps(out, ensure_ascii=False, indent=2))
        return
    end = horizon.end.isoformat() if horizon.end else "open-ended"
    vague = " (vague)" if horizon.vague else ""
    echo(f"{horizon.text!r}: {horizon.start.isoformat()} .. {end}{vague}  rule={horizon.rule}")
    if horizon.note:
        echo(f"note: {horizon.note}")
    if credence is not None:
        if credence.p is None:
            echo(f"credence: unhedged ({credence.word!r}), no probability")
        else:
            echo(
                f"credence: p={credence.p} [{credence.low}, {credence.high}] {credence.scale}:{credence.band} "
                f"from {credence.word!r}"
            )
