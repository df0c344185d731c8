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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from click.core import ParameterSource
from pydantic import ValidationError

from claimtrack import api, examples
from claimtrack.dates import read_day
from claimtrack.errors import (
    ClaimtrackError,
    DamagedRecordsError,
    DamagedRecordsWarning,
    DateParseError,
    StoreNotFoundError,
)
from claimtrack.ledger import Ledger
from claimtrack.model import problems_from_validation
from claimtrack.renderers import terminal_safe
from claimtrack.scoring import RenderFormat
from claimtrack.stores import redact_secrets

__all__ = [
    "BROKEN_PIPE_STATUS",
    "DATE",
    "SafeStream",
    "as_of_option",
    "chosen_format",
    "cli_errors",
    "cli_words",
    "damaged_warnings",
    "echo",
    "echo_json",
    "example_option",
    "format_option",
    "json_safe",
    "ledger_option",
    "open_import_target",
    "open_ledger",
    "quiet_broken_pipe",
    "report_options",
    "skip_invalid_option",
    "today",
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


def open_import_target(path: str) -> Ledger:
    """The ledger an ``import`` command writes to, opened before any input is read.

    The rule for a missing ledger is the same for every command that writes: ``init`` and the
    ``import`` commands (like ``migrate --to``) create it, saying so on stderr before anything
    is read; every other command refuses, naming ``claimtrack init``. A dry run creates nothing.
    """
    try:
        return api.open_ledger(path, create=False)
    except StoreNotFoundError:
        ledger = api.open_ledger(path, create=True)
        echo(f"no ledger at {redact_secrets(ledger.store.location)}: created an empty one", err=True)
        return ledger


class _DateType(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return read_day(str(value))
        except DateParseError as exc:
            self.fail(f"{terminal_safe(str(value), one_line=True)}: {exc.reason}", param, ctx)


DATE = _DateType()
"""A click parameter type for ISO dates (YYYY-MM-DD), read as the library reads them (``claimtrack.dates.read_day``):
a bad value is refused with what is wrong ("2023-02-29: February has 28 days in 2023")."""


def today() -> date:
    """Today in UTC: the day every ``--as-of`` stands for when it is not given."""
    return datetime.now(UTC).date()


def as_of_option(what: str) -> Callable[[F], F]:
    """``--as-of DATE``, default today (UTC); ``what`` says what the day does. The command prints the day used."""
    return click.option(
        "--as-of",
        "as_of",
        type=DATE,
        default=None,
        help=f"{what} (YYYY-MM-DD) [default: today, UTC].",
    )


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


def format_option(json_form: str) -> Callable[[F], F]:
    """``--format text|json`` for a command that prints text or JSON; ``json_form`` says what the JSON is.

    The command receives ``as_json``, as it did from its ``--json`` flag, which is kept hidden so
    that scripts using it keep working.
    """

    def add(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, fmt: str, as_json: bool, **kwargs: Any) -> Any:
            return func(*args, as_json=as_json or fmt == "json", **kwargs)

        command = click.option(
            "--json", "as_json", is_flag=True, hidden=True, help="Same as --format json (kept for scripts)."
        )(wrapper)
        return click.option(  # type: ignore[return-value]
            "--format",
            "fmt",
            type=click.Choice(["text", "json"]),
            default="text",
            show_default=True,
            help=f"Text, or JSON: {json_form}.",
        )(command)

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


_FLAG_FOR = {
    "base_url": "--base-url",
    "reviewer": "--reviewer",
    "recorded_at": "--recorded-at",
    "allow_private=True": "--allow-private",
}
"""Python arguments the library's messages name, and the flags that set them on the command line."""

_PYTHON_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpass (" + "|".join(re.escape(name) for name in _FLAG_FOR) + r")(?![\w=])"), ""),
    (re.compile(r"\s*\(create=False\)"), ""),
    (re.compile(r"pass date_order='DMY' or 'MDY'"), "write the date as YYYY-MM-DD"),
)


def cli_words(message: str) -> str:
    """A library message in the CLI's words: a Python argument it names becomes the flag that sets it.

    "pass base_url" reads "give --base-url"; "(create=False)", which the CLI never passes, is dropped.
    """
    for pattern, words in _PYTHON_WORDS:
        if words:
            message = pattern.sub(words, message)
        else:
            message = pattern.sub(lambda m: f"give {_FLAG_FOR[m[1]]}" if m.groups() else "", message)
    return message


def _shown(message: str) -> str:
    """An error message as printed: in the CLI's words, secrets of database URLs masked, control characters
    made visible."""
    return terminal_safe(redact_secrets(cli_words(message)))


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
        except StoreNotFoundError as exc:
            where = exc.location or "--ledger"
            raise click.ClickException(
                _shown(f"{exc}; create it first with: claimtrack init --ledger {where}")
            ) from exc
        except ClaimtrackError as exc:
            raise click.ClickException(_shown(str(exc))) from exc
        except (OSError, ValueError) as exc:
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            raise click.ClickException(_shown(str(exc))) from exc

    return wrapper  # type: ignore[return-value]
