"""The ``claimtrack speakers`` commands: a ledger's speakers grouped by person, their aliases, and suggestions."""

from __future__ import annotations

import json
import shlex

import click

from claimtrack.cli._common import (
    cli_errors,
    echo,
    echo_json,
    example_option,
    format_option,
    ledger_option,
    open_ledger,
)
from claimtrack.ledger import SpeakerGroup

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add the ``speakers`` group to the ``claimtrack`` group."""
    main.add_command(speakers_group)


@click.group("speakers")
def speakers_group() -> None:
    """One row per person: spellings grouped, aliases kept in the ledger, generic claimants set aside.

    A card by speaker counts every spelling of one person in one row: titles, case, accents and
    whitespace aside ("President Muhammadu Buhari " is Muhammadu Buhari), the ledger's aliases,
    and speakers sharing a same_as link. Look-alike names are only suggested (suggest), never
    merged until you add the alias. Generic claimants ("unknown", "social media users") are
    not a person: cards by speaker leave them out unless --include-generic.
    """


def _group_dict(group: SpeakerGroup) -> dict[str, object]:
    return {
        "name": group.name,
        "person": group.person,
        "claims": group.claims,
        "spellings": [{"name": s.name, "claims": s.claims} for s in group.spellings],
        "same_as": list(group.same_as),
        "merged_by": list(group.merged_by),
    }


@speakers_group.command("list")
@ledger_option
@example_option
@click.option("--merged", is_flag=True, help="Only the speakers written in more than one way.")
@format_option("one object per speaker")
@cli_errors
def list_command(ledger_path: str, example: str | None, merged: bool, as_json: bool) -> None:
    """List the ledger's speakers, most claims first, with the spellings counted in each.

    Example:

    \b
        claimtrack speakers list --ledger claims.sqlite --merged
    """
    with open_ledger(ledger_path, example=example) as ledger:
        groups = [g for g in ledger.speakers().groups if not merged or len(g.spellings) > 1]
    if as_json:
        echo_json(json.dumps([_group_dict(g) for g in groups], ensure_ascii=False, indent=2))
        return
    for group in groups:
        flag = "  [not a person]" if not group.person else ""
        why = f"  (merged by {', '.join(group.merged_by)})" if group.merged_by else ""
        echo(f"{group.name}  {group.claims:,} claims{flag}{why}", one_line=True)
        if len(group.spellings) > 1:
            for spelling in group.spellings:
                echo(f"    {spelling.name}  {spelling.claims:,}", one_line=True)


@speakers_group.command("suggest")
@ledger_option
@example_option
@click.option(
    "--min-score",
    type=click.IntRange(0, 100),
    default=88,
    show_default=True,
    help="How alike two spellings must be (rapidfuzz ratio) to be suggested as a typo.",
)
@cli_errors
def suggest_command(ledger_path: str, example: str | None, min_score: int) -> None:
    """Suggest speakers that may be one person (typos, longer forms): nothing is merged.

    Each line ends with the command that would merge the pair; swap the names when the other
    spelling is the right one.

    Example:

    \b
        claimtrack speakers suggest --ledger claims.sqlite
    """
    with open_ledger(ledger_path, example=example) as ledger:
        suggestions = ledger.speakers().suggestions(min_score=min_score)
    where = f"--ledger {shlex.quote(ledger_path)} " if example is None else ""
    for s in suggestions:
        echo(
            f"{s.name} ({s.claims[0]:,}) ~ {s.to} ({s.claims[1]:,}): {s.reason}, {s.score}"
            f"  ->  claimtrack speakers alias {where}{shlex.quote(s.name)} {shlex.quote(s.to)}",
            one_line=True,
        )
    if not suggestions:
        echo("no look-alike speakers", err=True)


@speakers_group.command("alias")
@ledger_option
@click.argument("name")
@click.argument("to", required=False)
@click.option(
    "--person/--not-a-person",
    default=None,
    help="Say whether NAME is a person: --not-a-person leaves its claims out of cards by speaker.",
)
@cli_errors
def alias_command(ledger_path: str, name: str, to: str | None, person: bool | None) -> None:
    """Record in the ledger that NAME stands for TO (or whether NAME is a person at all).

    Cards by speaker count NAME's claims in TO's row from then on; no claim changes. An alias
    replaces the one of the same spelling; TO equal to NAME keeps NAME apart from a
    "title and surname" merge ("President Buhari" stays its own row).

    Example:

    \b
        claimtrack speakers alias --ledger claims.sqlite "Kamala Haris" "Kamala Harris"
        claimtrack speakers alias --ledger claims.sqlite "Anonymous Patriot" --not-a-person
    """
    if to is None and person is None:
        raise click.UsageError("give TO, or --person / --not-a-person")
    with open_ledger(ledger_path) as ledger:
        alias = ledger.alias_speaker(name, to, person=person)
    parts = [f"to {alias.to}"] if alias.to is not None else []
    if alias.person is not None:
        parts.append("a person" if alias.person else "not a person")
    echo(f"{alias.name}: {', '.join(parts)}", err=True, one_line=True)


@speakers_group.command("unalias")
@ledger_option
@click.argument("name")
@cli_errors
def unalias_command(ledger_path: str, name: str) -> None:
    """Remove NAME's entry from the ledger's alias table.

    Example:

    \b
        claimtrack speakers unalias --ledger claims.sqlite "Kamala Haris"
    """
    with open_ledger(ledger_path) as ledger:
        removed = ledger.unalias_speaker(name)
    if not removed:
        raise click.ClickException(f"no alias for {name!r}")
    echo(f"removed the alias of {name}", err=True, one_line=True)


@speakers_group.command("aliases")
@ledger_option
@example_option
@cli_errors
def aliases_command(ledger_path: str, example: str | None) -> None:
    """List the ledger's alias table.

    Example:

    \b
        claimtrack speakers aliases --ledger claims.sqlite
    """
    with open_ledger(ledger_path, example=example) as ledger:
        aliases = ledger.speaker_aliases()
    for alias in aliases:
        target = f" -> {alias.to}" if alias.to is not None else ""
        flag = "" if alias.person is None else "  [a person]" if alias.person else "  [not a person]"
        echo(f"{alias.name}{target}{flag}", one_line=True)
