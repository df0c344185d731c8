"""``claimtrack import claimreview|factcheck-api|averitec|csv`` and ``claimtrack export jsonld|csv``.

Each import reads the file into an in-memory ledger (claimtrack.interop),
merges it into ``--ledger`` and prints what was read, imported, skipped and
why, then what the merge added, merged, left unchanged or found in conflict.
Importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from claimtrack.cli._common import (
    SafeStream,
    cli_errors,
    cli_words,
    echo,
    example_option,
    ledger_option,
    open_import_target,
    open_ledger,
)
from claimtrack.interop import ImportResult, averitec, claimreview, factcheck_api, tabular
from claimtrack.interop.ratings import RatingTable
from claimtrack.ledger import MergeReport
from claimtrack.model import Problem
from claimtrack.renderers import terminal_safe

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Attach the interop commands to the existing ``import`` and ``export`` groups."""
    importer = main.commands["import"]
    exporter = main.commands["export"]
    assert isinstance(importer, click.Group)
    assert isinstance(exporter, click.Group)
    for command in (import_claimreview, import_factcheck_api, import_averitec, import_csv):
        importer.add_command(command)
    for command in (export_jsonld, export_csv):
        exporter.add_command(command)


class _DateTimeType(click.ParamType):  # type: ignore[type-arg]
    name = "DATETIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            stamp = datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an ISO date-time such as 2024-05-02T12:00:00+00:00", param, ctx)
        if stamp.tzinfo is None:
            self.fail(f"{value!r} needs a time zone (e.g. +00:00)", param, ctx)
        return stamp


def _import_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--show", default=10, show_default=True, help="How many problems to list (0 for none).")(func)
    func = click.option("--dry-run", is_flag=True, help="Read and report, but do not write to the ledger.")(func)
    func = click.option(
        "--ratings",
        "ratings_file",
        type=click.Path(exists=True, dir_okay=False),
        help="A JSON file of extra rating mappings ({'rating text': 'verdict'} or the ratings.json format, "
        "which can also give a publisher's numeric scale).",
    )(func)
    func = ledger_option(func)
    return click.argument("file", type=click.Path(exists=True, dir_okay=False))(func)


def _table(ratings_file: str | None) -> RatingTable | None:
    return RatingTable.default().extended(ratings_file) if ratings_file else None


EXIT_OK = 0
"""Every record read was imported (warnings allowed) and merged."""
EXIT_ERROR = 1
"""The import could not run: an unreadable file, a ledger that cannot be opened (one ``Error:`` line)."""
EXIT_PARTIAL = 2
"""Some records were skipped, or none imported, or the merge left conflicts: scripts can tell."""

_LISTED_TYPES = 10
"""How many ignored node types the summary names; the rest are counted."""
_LISTED_RATINGS = 20
"""How many unknown rating texts the summary names; the rest are counted."""


def _merge_and_report(result: ImportResult, ledger_path: str, *, what: str, dry_run: bool, show: int) -> int:
    """Print the summary, merge unless ``dry_run``, and return the exit status (``EXIT_OK`` or ``EXIT_PARTIAL``)."""
    echo(
        f"{what}: read {result.records} record(s); imported {result.imported} into "
        f"{len(result.ledger)} claim(s); skipped {result.skipped}"
    )
    _counted("skipped", result.counts("error"))
    _counted("warnings", result.counts("warning"))
    if result.ignored:
        ignored = sorted(result.ignored, key=lambda pair: -pair[1])
        listed = ", ".join(f"{n} {t}" for t, n in ignored[:_LISTED_TYPES])
        if len(ignored) > _LISTED_TYPES:
            rest = sum(n for _, n in ignored[_LISTED_TYPES:])
            listed += f" and {rest} of {len(ignored) - _LISTED_TYPES} other type(s)"
        echo(f"ignored (not records of this format): {listed}")
    if result.unknown_ratings:
        _print_unknown_ratings(result.unknown_ratings)
    conflicts = 0
    if dry_run:
        echo("dry run: the ledger was not changed")
    else:
        with open_ledger(ledger_path) as ledger:
            report = ledger.merge(result.ledger)
            location = ledger.store.location
        _print_merge(report, location, show=show)
        conflicts = len(report.conflicts)
    for problem in result.problems[: max(0, show)]:
        echo(f"  {cli_words(str(problem))}", err=True)
    total = sum(n for _, _, n in result.problem_counts)
    if total > show > 0:
        echo(f"  ... and {total - show} more problem(s) (use --show)", err=True)
    if result.imported == 0:
        echo("nothing was imported (exit status 2)", err=True)
        return EXIT_PARTIAL
    if result.skipped or conflicts:
        echo(
            f"not everything was imported: {result.skipped} record(s) skipped, {conflicts} conflict(s) (exit status 2)",
            err=True,
        )
        return EXIT_PARTIAL
    return EXIT_OK


def _print_unknown_ratings(unknown: tuple[tuple[str, int], ...]) -> None:
    """The rating texts the table lacks, with counts, and how to add them."""
    total = sum(n for _, n in unknown)
    echo(f"unknown ratings ({total} review(s) kept as the fallback verdict; add them with --ratings FILE):")
    for text, n in unknown[:_LISTED_RATINGS]:
        echo(f"  {n:>6}  {json.dumps(text, ensure_ascii=False)}")
    if len(unknown) > _LISTED_RATINGS:
        rest = sum(n for _, n in unknown[_LISTED_RATINGS:])
        echo(f"  ... and {len(unknown) - _LISTED_RATINGS} other text(s) used {rest} time(s)")


def _counted(label: str, counts: tuple[tuple[str, int], ...]) -> None:
    """One line of problem counts by code ("warnings: 3 odd_date, 1 bad_url"); nothing when there are none."""
    if counts:
        echo(f"{label}: " + ", ".join(f"{n} {code}" for code, n in counts))


def _counts(label: str, problems: tuple[Problem, ...], *, err: bool = False) -> None:
    """One line counting ``problems`` by code ("warnings: 3 odd_date, 1 bad_url"); nothing when there are none."""
    if problems:
        counts = Counter(p.code for p in problems)
        echo(f"{label}: " + ", ".join(f"{n} {code}" for code, n in counts.most_common()), err=err)


def _print_merge(report: MergeReport, location: str, *, show: int) -> None:
    echo(
        f"ledger {location}: {len(report.added)} added, {len(report.merged)} merged (new events), "
        f"{len(report.unchanged)} unchanged, {len(report.conflicts)} conflict(s)"
    )
    for conflict in report.conflicts[: max(0, show)]:
        echo(f"  conflict: {conflict}", err=True)
    if len(report.conflicts) > show > 0:
        echo(f"  ... and {len(report.conflicts) - show} more conflict(s)", err=True)


_MISSING_LEDGER = """
    A missing ledger is created before FILE is read, as by every import
    command, and stderr says so; --dry-run creates nothing.
"""

_EXIT_STATUS = """
    Exit status: 0 when every record read was imported and merged (warnings
    allowed); 1 on an error (one line on stderr); 2 when some records were
    skipped, none were imported (an empty, invalid or foreign file) or the
    merge left conflicts. At most --show problems are listed, then a count of
    the rest.
    """

Reader = Callable[..., ImportResult]
"""An importer's ``read_file``-like function: ``(file, *, ratings, [recorded_at]) -> ImportResult``."""


def _import_command(name: str, read: Reader, doc: str, *, recorded_at_help: str | None = None) -> click.Command:
    """One ``claimtrack import <name>`` command: read ``FILE`` with ``read``, then merge and report.

    Every import command takes the same options and does the same thing after
    reading, so they are built here from what differs: the name, the reader,
    the help text and whether the format has review dates to stamp events with
    (``--recorded-at``).
    """

    def command(
        file: str,
        ledger_path: str,
        ratings_file: str | None,
        dry_run: bool,
        show: int,
        recorded_at: datetime | None = None,
    ) -> None:
        options: dict[str, Any] = {"recorded_at": recorded_at} if recorded_at_help is not None else {}
        table = _table(ratings_file)
        if not dry_run:  # a missing ledger is created (and said so) before the file is read
            open_import_target(ledger_path).close()
        result = read(file, ratings=table, **options)
        status = _merge_and_report(result, ledger_path, what=file, dry_run=dry_run, show=show)
        if status != EXIT_OK:
            click.get_current_context().exit(status)

    command.__doc__ = doc + _MISSING_LEDGER + _EXIT_STATUS
    callback = cli_errors(command)
    if recorded_at_help is not None:
        callback = click.option("--recorded-at", type=_DateTimeType(), help=recorded_at_help)(callback)
    return click.command(name)(_import_options(callback))


import_claimreview = _import_command(
    "claimreview",
    claimreview.read_file,
    """Import schema.org ClaimReview JSON-LD (.json, .jsonl, or an .html page's script blocks).

    Also reads DataCommons DataFeeds (DataFeedItems) and saved Fact Check Tools
    API responses. A review without a date of its own is dated by its page
    (NewsArticle datePublished, article:published_time), else by its URL.

    Example:

    \b
        claimtrack import claimreview reviews.json --ledger claims/
    """,
    recorded_at_help="Stamp every event with this time (default: its review date); it also dates reviews that "
    "have no date anywhere.",
)

import_factcheck_api = _import_command(
    "factcheck-api",
    factcheck_api.read_file,
    """Import a saved Google Fact Check Tools API response (claims:search; one page or a list of pages).

    A review without a reviewDate is dated by its URL, else by --recorded-at
    (when the response was fetched); with neither its verdict is not recorded
    (an undated_review error), since the claim's date would show it too early.

    Example:

    \b
        claimtrack import factcheck-api search.json --ledger claims/
    """,
    recorded_at_help="Stamp every event with this time (default: its review date); pass when the response "
    "was fetched to date reviews without a reviewDate.",
)

import_averitec = _import_command(
    "averitec",
    averitec.read,
    """Import an AVeriTeC dataset file (a JSON list of claims with labels and QA evidence).

    Example:

    \b
        claimtrack import averitec dev.json --ledger claims/
    """,
    recorded_at_help="Stamp every event with this time (default: its date).",
)

import_csv = _import_command(
    "csv",
    tabular.read_csv,
    """Import claims and events from CSV (as written by ``claimtrack export csv``; a BOM is fine).

    To record a verdict in a spreadsheet, add a row: copy the claim's row, set
    verdict, effective_on and event_note, and empty event_id and recorded_at
    (an empty recorded_at is midnight UTC of effective_on). Importing the file
    back adds that event only; a claim cell changed in the file is a conflict
    naming the claim and the field, and the ledger keeps its version.

    Example:

    \b
        claimtrack import csv claims.csv --ledger claims/
    """,
)


@click.command("jsonld")
@ledger_option
@example_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write here (default: stdout).")
@click.option("--claim", "claim_ids", multiple=True, help="Export only this claim id (repeatable).")
@click.option("--base-url", help="Review URL prefix for events not imported from ClaimReview (url = prefix + id).")
@click.option("--reviewer", help="Reviewer name for events that do not say who recorded them.")
@cli_errors
def export_jsonld(
    ledger_path: str,
    example: str | None,
    output: str | None,
    claim_ids: tuple[str, ...],
    base_url: str | None,
    reviewer: str | None,
) -> None:
    """Export status events as schema.org ClaimReview JSON-LD (a JSON array).

    Departures from Google's required and recommended fields (a missing url,
    claimReviewed over 75 characters) are listed on stderr; nothing is cut.

    Example:

    \b
        claimtrack export jsonld --ledger claims/ --base-url https://example.org/claims/ -o reviews.json
    """
    with open_ledger(ledger_path, example=example) as ledger:
        result = claimreview.export_jsonld(ledger, claim_ids or None, base_url=base_url, reviewer=reviewer)
    text = json.dumps(list(result.items), ensure_ascii=False, indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        echo(f"wrote {len(result.items)} ClaimReview object(s) to {output}", err=True)
    else:
        SafeStream(sys.stdout, json=True).write(text)  # JSON escapes: the same data, safe on a terminal
    _counts("warnings", result.problems, err=True)
    for problem in result.problems[:10]:
        echo(f"  {cli_words(str(problem))}", err=True)


@click.command("csv")
@ledger_option
@example_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write here (default: stdout).")
@click.option("--claim", "claim_ids", multiple=True, help="Export only this claim id (repeatable).")
@click.option(
    "--rows",
    type=click.Choice([rows.value for rows in tabular.Rows]),
    default="claims",
    show_default=True,
    help="One row per claim (with its latest event) or one row per event.",
)
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte-order mark (for Excel and Japanese text).")
@cli_errors
def export_csv(
    ledger_path: str, example: str | None, output: str | None, claim_ids: tuple[str, ...], rows: str, bom: bool
) -> None:
    """Export claims (or events) as CSV that spreadsheets open and ``claimtrack import csv`` reads back.

    Every field of a claim and its events is written (what the columns cannot
    hold goes into other_fields, as JSON), so importing the file back into the
    same ledger finds nothing new and no conflict. -o writes the file
    atomically.

    Example:

    \b
        claimtrack export csv --ledger claims/ --rows events --bom -o claims.csv
    """
    chosen = tabular.Rows(rows)
    with open_ledger(ledger_path, example=example) as ledger:
        if output:
            count = tabular.write_csv(ledger, output, claim_ids or None, rows=chosen, bom=bom)
            echo(f"wrote {count} row(s) to {output}", err=True)
        else:
            text = tabular.to_csv(ledger, claim_ids or None, rows=chosen, bom=bom)
            # CSV has no escapes: the bytes go out as they are into a pipe or file, made visible on a terminal
            sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
