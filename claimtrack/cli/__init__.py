"""The ``claimtrack`` command line: thin click commands over the public API."""

from __future__ import annotations

import sys
from typing import Any

import click

from claimtrack.cli import (
    checking_cmds,
    dates_cmds,
    examples_cmds,
    fidelity_cmds,
    intake_cmds,
    interop_cmds,
    ledger_cmds,
    scoring_cmds,
    speakers_cmds,
    stores_cmds,
    web_cmds,
)
from claimtrack.cli._common import BROKEN_PIPE_STATUS, quiet_broken_pipe

__all__ = ["main"]


class _Group(click.Group):
    """The ``claimtrack`` group: a reader of stdout that goes away ends the command quietly.

    ``claimtrack export jsonl | head`` closes the pipe early; every command that streams to
    stdout then stops with exit status 141 (128 + SIGPIPE, as ``cat`` would) and prints nothing,
    instead of "Broken pipe" and a traceback. Standard output is flushed here, inside the guard,
    so a write buffered until the end cannot fail at interpreter exit.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_broken_pipe()
            ctx.exit(BROKEN_PIPE_STATUS)
        return result


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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


for _area in (
    ledger_cmds,
    intake_cmds,
    dates_cmds,
    checking_cmds,
    scoring_cmds,
    speakers_cmds,
    fidelity_cmds,
    stores_cmds,
    web_cmds,
    interop_cmds,
    examples_cmds,
):
    _area.register(main)
