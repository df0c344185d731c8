"""Options and error handling shared by every CLI command.

The CLI only wires library calls together: each command parses its options,
calls the public API, and prints. Library errors become one clear line on
stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from claimtrack import api
from claimtrack.errors import ClaimtrackError
from claimtrack.ledger import Ledger
from claimtrack.model import problems_from_validation

__all__ = ["DATE", "cli_errors", "ledger_option", "open_ledger"]

F = TypeVar("F", bound=Callable[..., Any])

LEDGER_ENV = "CLAIMTRACK_LEDGER"


def ledger_option(func: F) -> F:
    """``--ledger PATH`` (or $CLAIMTRACK_LEDGER): a folder, .sqlite/.db file or postgresql:// URL."""
    return click.option(
        "--ledger",
        "ledger_path",
        envvar=LEDGER_ENV,
        default="claims",
        show_default=True,
        metavar="PATH",
        help="Ledger: a folder of JSON files, a .sqlite/.db file or a postgresql:// URL.",
    )(func)


def open_ledger(path: str, *, create: bool = False) -> Ledger:
    """Open the ledger a command works on; commands other than ``init`` never create one."""
    return api.open_ledger(path, create=create)


class _DateType(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form", param, ctx)


DATE = _DateType()
"""A click parameter type for ISO dates (YYYY-MM-DD)."""


def cli_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            problems = problems_from_validation(exc)
            raise click.ClickException("; ".join(str(p) for p in problems)) from exc
        except ClaimtrackError as exc:
            raise click.ClickException(str(exc)) from exc
        except (OSError, ValueError) as exc:
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]
