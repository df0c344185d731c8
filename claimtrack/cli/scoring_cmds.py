"""The ``claimtrack scorecard`` command: a ledger's scorecard as Markdown, HTML, JSON or terminal tables."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from claimtrack.cli._common import (
    SafeStream,
    as_of_option,
    chosen_format,
    cli_errors,
    damaged_warnings,
    echo,
    example_option,
    ledger_option,
    open_ledger,
    report_options,
    skip_invalid_option,
    today,
)
from claimtrack.ledger import ClaimFilter
from claimtrack.model import ClaimKind
from claimtrack.renderers import (
    DEFAULT_MAX_CLAIMS,
    TERMINAL_MAX_CLAIMS,
    plural,
    render_html,
    render_json,
    render_markdown,
    render_terminal,
    renderable,
)
from claimtrack.scoring import GroupBy, MaxClaims, RenderFormat, Scorecard, scorecard

__all__ = ["register"]

PROGRESS_THRESHOLD = 2000
"""Ledgers with at least this many claims show a progress bar on a terminal."""
MARKDOWN_MAX_CLAIMS = 200
"""Claims the Markdown report lists by default."""


def register(main: click.Group) -> None:
    """Add ``scorecard`` to the ``claimtrack`` group."""
    main.add_command(scorecard_command)


@contextmanager
def _progress(total: int, *, show: bool | None) -> Iterator[Callable[[int], None] | None]:
    """A progress callback drawing a bar on stderr, or None when no bar is wanted."""
    console = Console(stderr=True)
    wanted = show if show is not None else (console.is_terminal and total >= PROGRESS_THRESHOLD)
    if not wanted:
        yield None
        return
    with Progress(
        TextColumn("scoring claims"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=console.is_terminal,
    ) as bar:
        task = bar.add_task("scoring", total=total)
        yield lambda done: bar.update(task, completed=done)


class _ClaimCount(click.ParamType):  # type: ignore[type-arg]
    """``--max-claims``: a number of claims (0 lists none) or ``all``; read as ``max_claims`` is everywhere."""

    name = "N|all"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        if isinstance(value, int) or str(value).strip().lower() == "all":
            return value if isinstance(value, int) else ALL_CLAIMS
        text = str(value).strip()
        if not text.isdigit():
            self.fail(f"{value!r} is not a number of claims (0 or more) or 'all'", param, ctx)
        return int(text)


ALL_CLAIMS = "all"
"""``--max-claims all``: every claim listed (``max_claims=None`` in the library)."""


def _claims_wanted(fmt: RenderFormat, max_claims: int | str | None) -> int | MaxClaims | None:
    """How many claims ``scorecard()`` should list for this format and ``--max-claims``.

    The same cap the renderer applies, so a ledger in SQLite or PostgreSQL reads that many
    claims whole and no more: the format's default when not given, every claim (None) for ``all``,
    none for 0 (the counts still cover every claim).
    """
    if max_claims == ALL_CLAIMS:
        return None
    if isinstance(max_claims, int):
        return max_claims
    if fmt is RenderFormat.HTML:
        return DEFAULT_MAX_CLAIMS
    if fmt is RenderFormat.MARKDOWN:
        return MARKDOWN_MAX_CLAIMS
    if fmt is RenderFormat.TERMINAL:
        return TERMINAL_MAX_CLAIMS
    return MaxClaims.AUTO


def _cap(default: int, max_claims: int | str | None) -> int | None:
    """The renderer's ``max_claims``: the format's default when not given, None for ``all``, else the number."""
    if max_claims is None:
        return default
    return max_claims if isinstance(max_claims, int) else None


def _render(card: Scorecard, fmt: RenderFormat, *, title: str | None, max_claims: int | str | None, color: bool) -> str:
    if fmt is RenderFormat.HTML:
        return render_html(card, title=title, max_claims=_cap(DEFAULT_MAX_CLAIMS, max_claims))
    if fmt is RenderFormat.JSON:
        return render_json(card)
    if fmt is RenderFormat.TERMINAL:
        return render_terminal(card, color=color, title=title, max_claims=_cap(TERMINAL_MAX_CLAIMS, max_claims))
    return render_markdown(card, title=title, max_claims=_cap(MARKDOWN_MAX_CLAIMS, max_claims))


@click.command("scorecard")
@ledger_option
@example_option
@click.option(
    "--by",
    type=click.Choice([g.value for g in GroupBy]),
    default=GroupBy.SPEAKER.value,
    show_default=True,
    help="One row per speaker, topic, kind, horizon length, source or year said.",
)
@as_of_option("Replay the ledger to this date; the report names it")
@report_options("claimtrack.scorecard/1", terminal_default=True)
@click.option("--faithful-only", is_flag=True, help="Count only claims with a verbatim or faithful source.")
@click.option("--exclude-early", is_flag=True, help="Leave out claims resolved before their deadline.")
@click.option("--speaker", help="Only this person's claims, under any spelling or alias (see claimtrack speakers).")
@click.option(
    "--include-generic",
    is_flag=True,
    help='By speaker: keep generic claimants ("unknown", "social media users"), left out as not a person by default.',
)
@click.option("--topic", help="Only claims with this topic.")
@click.option("--kind", type=click.Choice([k.value for k in ClaimKind]), help="Only claims of this kind.")
@click.option("--title", help="The report's heading.")
@click.option(
    "--max-claims",
    type=_ClaimCount(),
    help=f"List at most this many claims, the most recently said; 'all' lists every one, 0 none (term: "
    f"{TERMINAL_MAX_CLAIMS}, md: 200, html: 10,000, json: all, or 1,000 on SQLite/PostgreSQL, by default). "
    "Counts and charts always cover every claim.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help=f"Show a progress bar on stderr (default: on a terminal, for {PROGRESS_THRESHOLD:,}+ claims).",
)
@skip_invalid_option
@cli_errors
def scorecard_command(
    ledger_path: str,
    example: str | None,
    by: str,
    as_of: date | None,
    fmt: str | None,
    output: Path | None,
    faithful_only: bool,
    exclude_early: bool,
    speaker: str | None,
    include_generic: bool,
    topic: str | None,
    kind: str | None,
    title: str | None,
    max_claims: int | str | None,
    progress: bool | None,
    skip_invalid: bool,
) -> None:
    """Score a ledger: hit rates, Brier and log scores, calibration, per group, as of a date.

    On a terminal it prints tables laid out for the window's width, then the claims with their
    verdicts and deadlines; into a pipe or a file (-o) it writes Markdown unless --format says otherwise.

    Example:

    \b
        claimtrack scorecard --ledger fixtures/altman-lex-fridman-2024
        claimtrack scorecard --example altman-lex-fridman-2024 --by kind
        claimtrack scorecard --ledger claims/ --by topic --as-of 2025-01-01 --format html -o card.html
    """
    day = as_of if as_of is not None else today()
    form = chosen_format(fmt, output)
    where = ClaimFilter(
        speaker=speaker, topic=topic, kind=kind, faithful_only=faithful_only, exclude_early=exclude_early
    )
    with (
        open_ledger(ledger_path, example=example) as ledger,
        damaged_warnings(),
        _progress(len(ledger), show=progress) as report,
    ):
        card = scorecard(
            ledger,
            by=by,
            as_of=day,
            where=where,
            progress=report,
            max_claims=_claims_wanted(form, max_claims),
            skip_invalid=skip_invalid,
            include_generic=include_generic,
        )
    if output is not None:
        output.write_text(_render(card, form, title=title, max_claims=max_claims, color=False), encoding="utf-8")
        echo(f"wrote {output} ({plural(card.total.total, 'claim')}, {plural(len(card.rows), 'row')})", err=True)
        return
    if form is RenderFormat.TERMINAL:
        console = Console()  # the renderer makes every value from data terminal-safe
        console.print(
            renderable(card, width=console.width, title=title, max_claims=_cap(TERMINAL_MAX_CLAIMS, max_claims))
        )
        return
    sys.stdout.flush()
    text = _render(card, form, title=title, max_claims=max_claims, color=False)
    # HTML, Markdown and JSON escape data for their format; on stdout they may reach a terminal too,
    # so the characters a terminal acts on are escaped once more (JSON losslessly, as \\u escapes)
    stream = SafeStream(sys.stdout, json=form is RenderFormat.JSON)
    stream.write(text)
    stream.flush()
