"""The ``claimtrack`` command line: thin click commands over the public API."""

from __future__ import annotations

import click

from claimtrack.cli import (
    checking_cmds,
    dates_cmds,
    interop_cmds,
    ledger_cmds,
    scoring_cmds,
    stores_cmds,
    web_cmds,
)

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimtrack")
def main() -> None:
    """Track public claims and predictions and check them against later evidence.

    Example:

    \b
        claimtrack scorecard --ledger fixtures/altman-lex-fridman-2024
    """


@main.group(name="import")
def import_group() -> None:
    """Import claims from another format into a ledger."""


@main.group(name="export")
def export_group() -> None:
    """Export a ledger's claims to another format."""


for _area in (ledger_cmds, dates_cmds, checking_cmds, scoring_cmds, stores_cmds, web_cmds, interop_cmds):
    _area.register(main)
