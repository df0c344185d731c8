"""CLI commands of claimtrack.ledger (filled in by its issue)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this area's commands to the ``claimtrack`` group."""
