"""The ``claimtrack examples`` command: the bundled example ledgers, by name."""

from __future__ import annotations

import click

from claimtrack import examples
from claimtrack.cli._common import cli_errors, echo

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add ``examples`` to the ``claimtrack`` group."""
    main.add_command(examples_command)


@click.command("examples")
@click.option("--paths", is_flag=True, help="Also print the folder each example is installed in.")
@cli_errors
def examples_command(paths: bool) -> None:
    """List the example ledgers that ship with claimtrack.

    Commands that only read a ledger take --example NAME in place of --ledger. An example is
    opened read-only; to change one, copy it first (claimtrack.examples.copy in Python).

    Example:

    \b
        claimtrack examples
        claimtrack scorecard --example altman-lex-fridman-2024
    """
    for name in examples.names():
        echo(f"{name}  {examples.title(name)}", one_line=True)
        if paths:
            echo(f"  {examples.path(name)}")
