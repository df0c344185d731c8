"""The ``claimtrack fidelity`` commands: how faithfully outlets report what speakers said."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console

from claimtrack.cli._common import (
    SafeStream,
    as_of_option,
    cli_errors,
    echo,
    example_option,
    ledger_option,
    open_ledger,
    report_options,
    today,
)
from claimtrack.cli.fidelity_attribution import fidelity_attribution
from claimtrack.cli.fidelity_check import fidelity_check
from claimtrack.interop import mark_attribution_failures
from claimtrack.renderers import (
    fidelity_renderable,
    plural,
    render_fidelity_html,
    render_fidelity_json,
    render_fidelity_markdown,
    render_fidelity_terminal,
)
from claimtrack.scoring import FidelityCard, FidelityGroupBy, RenderFormat, fidelity_card

__all__ = ["fidelity_group", "register"]


def register(main: click.Group) -> None:
    """Add the ``fidelity`` group (card, check, attribution, mark-not-said) to the ``claimtrack`` group."""
    fidelity_group.add_command(fidelity_check, "check")
    fidelity_group.add_command(fidelity_attribution, "attribution")
    main.add_command(fidelity_group)


@click.group("fidelity")
def fidelity_group() -> None:
    """How faithfully outlets report what speakers said.

    Example:

    \b
        claimtrack fidelity card --ledger fixtures/altman-lex-fridman-2024
    """


def _render(card: FidelityCard, fmt: RenderFormat, *, title: str | None) -> str:
    if fmt is RenderFormat.HTML:
        return render_fidelity_html(card, title=title)
    if fmt is RenderFormat.JSON:
        return render_fidelity_json(card)
    if fmt is RenderFormat.TERMINAL:
        return render_fidelity_terminal(card)
    return render_fidelity_markdown(card, title=title)


@fidelity_group.command("card")
@ledger_option
@example_option
@click.option(
    "--by",
    type=click.Choice([g.value for g in FidelityGroupBy]),
    default=FidelityGroupBy.PUBLISHER.value,
    show_default=True,
    help="One row per publisher, per secondary source, or per speaker reported.",
)
@as_of_option("Only claims said on or before this date (the end of their said-on span); the report names it")
@report_options("claimtrack.fidelity-card/1")
@click.option("--title", help="The report's heading.")
@cli_errors
def card_command(
    ledger_path: str, example: str | None, by: str, as_of: date | None, fmt: str, output: Path | None, title: str | None
) -> None:
    """Score outlets on how faithfully they report speakers: counts per fidelity, the faithful rate, every distortion.

    The faithful rate is verbatim + faithful renderings over every rated one, with a Wilson 95% interval;
    unrated renderings are counted apart. Each distortion (partly faithful, distorted, not in the original,
    misattributed) is shown beside the primary source's quote. Speakers are never scored here.

    Example:

    \b
        claimtrack fidelity card --ledger fixtures/altman-lex-fridman-2024
        claimtrack fidelity card --ledger claims/ --by speaker --as-of 2025-01-01 --format html -o fidelity.html
    """
    form = RenderFormat(fmt)
    with open_ledger(ledger_path, example=example) as ledger:
        card = fidelity_card(ledger, by=by, as_of=as_of if as_of is not None else today())
    if output is not None:
        output.write_text(_render(card, form, title=title), encoding="utf-8")
        echo(
            f"wrote {output} ({plural(card.total.renderings, 'rendering')},"
            f" {plural(card.total.distorted, 'distortion')})",
            err=True,
        )
        return
    if form is RenderFormat.TERMINAL:
        Console().print(fidelity_renderable(card))
        return
    sys.stdout.flush()
    # data reaching a terminal: control characters escaped (JSON losslessly, as \\u escapes)
    stream = SafeStream(sys.stdout, json=form is RenderFormat.JSON)
    stream.write(_render(card, form, title=title))
    stream.flush()


@fidelity_group.command("mark-not-said")
@ledger_option
@click.option("--dry-run", is_flag=True, help="List what would change; write nothing.")
@cli_errors
def mark_not_said(ledger_path: str, dry_run: bool) -> None:
    """Re-record as not said the claims whose rating says the speaker did not say them.

    For ledgers recorded before the verdict ``not_said`` existed: a claim whose
    latest event carries a rating such as "Misattributed" or "Not said by the
    speaker" but the verdict ``false`` gets a new event, ``not_said``, on the same
    day (the old one stays in the history). It then counts for or against no one.
    Running it again changes nothing.

    Example:

    \b
        claimtrack fidelity mark-not-said --ledger claims/ --dry-run
    """
    with open_ledger(ledger_path) as ledger:
        changes = mark_attribution_failures(ledger, dry_run=dry_run)
    for change in changes:
        echo(
            f"{change.claim_id}: {change.was.value} -> not_said (rating {change.rating!r}, {change.speaker})",
            one_line=True,
        )
    verb = "would re-record" if dry_run else "re-recorded"
    echo(f"{verb} {len(changes)} claim(s) as not said by the speaker", err=True)
