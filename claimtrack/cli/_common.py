"""Options and error handling shared by every CLI command.

The CLI only wires library calls together: each command parses its options,
calls the public API, and prints. Library errors become one clear line on
stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from click.core import ParameterSource
from pydantic import ValidationError

from claimtrack import api, examples
from claimtrack.errors import ClaimtrackError, DamagedRecordsError, DamagedRecordsWarning
from claimtrack.ledger import Ledger
from claimtrack.model import problems_from_validation
from claimtrack.renderers import terminal_safe
from claimtrack.scoring import RenderFormat
from claimtrack.stores import redact_secrets

__all__ = [
    "BROKEN_PIPE_STATUS",
    "DATE",
    "SafeStream",
    "chosen_format",
    "cli_errors",
    "damaged_warnings",
    "echo",
    "echo_json",
    "example_option",
    "json_safe",
    "ledger_option",
    "open_ledger",
    "quiet_broken_pipe",
    "report_options",
    "skip_invalid_option",
]

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


def example_option(func: F) -> F:
    """``--example NAME``: read a bundled example ledger instead of ``--ledger`` (read-only commands only)."""
    return click.option(
        "--example",
        type=click.Choice(examples.names()),
        metavar="NAME",
        help="Read the bundled example ledger NAME instead of --ledger, read-only (claimtrack examples lists them).",
    )(func)


def open_ledger(path: str, *, create: bool = False, example: str | None = None) -> Ledger:
    """Open the ledger a command works on; commands other than ``init`` never create one.

    With ``example`` (``--example NAME``), the bundled example of that name, read-only; giving
    ``--ledger`` on the command line as well is a usage error (``$CLAIMTRACK_LEDGER`` is overridden).
    """
    if example is None:
        return api.open_ledger(path, create=create)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.get_parameter_source("ledger_path") is ParameterSource.COMMANDLINE:
        raise click.UsageError("give --ledger or --example, not both")
    return examples.open(example)


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


# -- printing what came from data --------------------------------------------------------------
#
# Claim text, quotes, notes, titles, URLs, names and problem messages come from people and pages
# the reader does not control. Every line a command prints goes through echo() (text: control
# characters shown as visible escapes, never obeyed) or echo_json() (JSON: the same characters as
# JSON escapes, so the output still parses to the same data); streams a command writes to go
# through SafeStream. Errors are printed by cli_errors, through the same sanitiser.

_JSON_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with every character a terminal would act on written as a ``\\uXXXX`` escape.

    Lossless: such characters can only sit inside JSON strings, where the escape means the same
    character, so the text parses to the same data. Newlines between JSON values are kept.
    """
    return _JSON_UNSAFE.sub(lambda m: "\n" if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def echo(text: str, *, err: bool = False, nl: bool = True, one_line: bool = False) -> None:
    """Print a line of text that may hold data: control characters become visible escapes.

    ``one_line`` also escapes newlines and tabs (a value inside a list row must not forge the next row).
    """
    click.echo(terminal_safe(text, one_line=one_line), err=err, nl=nl)


def echo_json(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print JSON text that may hold data, made safe for a terminal without changing what it parses to."""
    click.echo(json_safe(text), err=err, nl=nl)


class SafeStream:
    """A text stream that writes through :func:`json_safe` (JSON) or :func:`terminal_safe` (text)."""

    def __init__(self, stream: IO[str], *, json: bool) -> None:
        self._stream = stream
        self._clean = json_safe if json else terminal_safe

    def write(self, text: str) -> int:
        self._stream.write(self._clean(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


# -- damaged records ----------------------------------------------------------------------------


def report_options(schema: str, *, terminal_default: bool = False) -> Callable[[F], F]:
    """``--format`` (md, html, json, term) and ``--output FILE``, for a report whose JSON is ``schema``.

    With ``terminal_default`` the format is optional: the command prints terminal tables when standard
    output is a terminal and Markdown otherwise (a pipe, a file, ``--output``); see :func:`chosen_format`.
    """

    def add(func: F) -> F:
        func = click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, writable=True, path_type=Path),
            help="Write to this file instead of standard output.",
        )(func)
        if terminal_default:
            return click.option(
                "--format",
                "fmt",
                type=click.Choice([f.value for f in RenderFormat]),
                default=None,
                help=f"Markdown, one self-contained HTML page, JSON ({schema}) or terminal tables "
                "[default: term when standard output is a terminal, else md].",
            )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice([f.value for f in RenderFormat]),
            default="md",
            show_default=True,
            help=f"Markdown, one self-contained HTML page, JSON ({schema}) or terminal tables.",
        )(func)

    return add


def chosen_format(fmt: str | None, output: Path | None) -> RenderFormat:
    """The format asked for; without one, terminal tables on a terminal and Markdown anywhere else."""
    if fmt is not None:
        return RenderFormat(fmt)
    if output is None and sys.stdout.isatty():
        return RenderFormat.TERMINAL
    return RenderFormat.MARKDOWN


def skip_invalid_option(func: F) -> F:
    """``--skip-invalid``: leave damaged records out (with a warning) instead of refusing."""
    return click.option(
        "--skip-invalid",
        is_flag=True,
        help="Leave out records the store cannot read (warns with their count) instead of refusing "
        "(exit 1, each damaged file listed).",
    )(func)


@contextlib.contextmanager
def damaged_warnings() -> Iterator[None]:
    """Print each DamagedRecordsWarning the library gives (``skip_invalid=True``) as one line on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DamagedRecordsWarning)
        try:
            yield
        finally:
            for warning in caught:
                if isinstance(warning.message, DamagedRecordsWarning):
                    echo(f"warning: {warning.message}", err=True)
                else:  # not ours: hand it on as if never caught
                    warnings.warn_explicit(
                        warning.message, warning.category, warning.filename, warning.lineno, source=warning.source
                    )


# -- errors and broken pipes --------------------------------------------------------------------

BROKEN_PIPE_STATUS = 141
"""Exit status when the reader of standard output went away (``claimtrack export jsonl | head``):
128 + SIGPIPE, what a shell reports for ``cat`` or ``grep`` in the same place. Nothing is printed."""


def quiet_broken_pipe() -> None:
    """After a BrokenPipeError on stdout: point stdout at /dev/null so the final flush cannot fail again.

    What the Python documentation recommends (``signal`` module, "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (a test runner's buffer): nothing to redirect
        pass
    finally:
        os.close(devnull)


def _shown(message: str) -> str:
    """An error message as printed: secrets of database URLs masked, control characters made visible."""
    return terminal_safe(redact_secrets(message))


def cli_errors(func: F) -> F:
    """Turn library errors into clean lines on stderr and exit status 1 (never a traceback).

    Damaged records are listed one per line before the summary. A closed stdout is left to the
    ``claimtrack`` group, which ends quietly (:data:`BROKEN_PIPE_STATUS`).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            raise
        except ValidationError as exc:
            problems = problems_from_validation(exc)
            raise click.ClickException(_shown("; ".join(str(p) for p in problems))) from exc
        except DamagedRecordsError as exc:
            for problem in exc.problems:
                echo(f"damaged: {problem}", err=True, one_line=True)
            raise click.ClickException(_shown(str(exc))) from exc
        except ClaimtrackError as exc:
            raise click.ClickException(_shown(str(exc))) from exc
        except (OSError, ValueError) as exc:
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            raise click.ClickException(_shown(str(exc))) from exc

    return wrapper  # type: ignore[return-value]
