"""Moving ledgers between stores: ``export jsonl``, ``import jsonl`` and ``migrate``.

Every command streams (flat memory at any size), shows a rich progress bar on
stderr, and ends with a count check: the number of claims written must match
what was read, or the command fails with exit status 1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from claimtrack.cli._common import (
    SafeStream,
    cli_errors,
    echo,
    example_option,
    ledger_option,
    open_import_target,
    open_ledger,
)
from claimtrack.model import ClaimRecord
from claimtrack.renderers import plural
from claimtrack.stores.jsonl import count_lines, dump_jsonl, read_jsonl, write_jsonl

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add ``export jsonl``, ``import jsonl`` and ``migrate``."""
    export_group = main.commands["export"]
    import_group = main.commands["import"]
    assert isinstance(export_group, click.Group)
    assert isinstance(import_group, click.Group)
    export_group.add_command(export_jsonl)
    import_group.add_command(import_jsonl)
    main.add_command(migrate)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=quiet,
    )


def _counted(
    records: Iterable[ClaimRecord], progress: Progress, description: str, total: int, *, check: str | None = None
) -> Iterator[ClaimRecord]:
    """``records`` with a progress bar; with ``check``, fail before the end unless exactly ``total`` came.

    Failing inside the stream, before the writer finishes, makes the count
    check all or nothing: the store rolls back, the output file is not replaced.
    """
    task = progress.add_task(description, total=total)
    count = 0
    for record in records:
        yield record
        count += 1
        progress.advance(task)
    if check is not None and count != total:
        _fail(
            f"count check failed: {check} holds {plural(total, 'claim')} but only {count:,} are readable;"
            " nothing was written"
        )


def _fail(message: str) -> None:
    raise click.ClickException(message)


@click.command(name="jsonl")
@ledger_option
@example_option
@click.option("--output", "-o", default="-", metavar="FILE", help="File to write ('-' for stdout).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@cli_errors
def export_jsonl(ledger_path: str, example: str | None, output: str, quiet: bool) -> None:
    """Export every claim record (claim, events, evidence) as JSON Lines.

    Example: claimtrack export jsonl --ledger claims.sqlite -o claims.jsonl
    """
    with open_ledger(ledger_path, example=example) as ledger, _progress(quiet or output == "-") as progress:
        total = len(ledger)
        records = _counted(ledger.records(), progress, "exporting", total, check=ledger.store.location)
        if output == "-":  # JSON escapes for what a terminal would act on: the same data, parsed
            written = dump_jsonl(records, SafeStream(sys.stdout, json=True))  # type: ignore[arg-type]
        else:
            written = write_jsonl(records, output)
    if written != total:
        _fail(f"count check failed: the ledger holds {plural(total, 'claim')} but {written:,} were exported")
    if output != "-":
        click.echo(f"exported {plural(written, 'claim')} to {output}", err=True)


@click.command(name="jsonl")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ledger_option
@click.option("--merge", is_flag=True, help="Merge into existing claims (add new events) instead of refusing repeats.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@cli_errors
def import_jsonl(source: Path, ledger_path: str, merge: bool, quiet: bool) -> None:
    """Import claim records from a JSON Lines file into a ledger (created if missing).

    Without --merge the import is all or nothing: a bad line or a claim that
    already exists leaves the ledger unchanged.

    Example: claimtrack import jsonl claims.jsonl --ledger claims.sqlite
    """
    with open_import_target(ledger_path) as ledger, _progress(quiet) as progress:
        lines = count_lines(source)
        before = len(ledger)
        with source.open("rb") as fh:
            records = _counted(read_jsonl(fh, path=str(source)), progress, "importing", lines)
            if merge:
                report = ledger.merge(records)
                added, detail = len(report.added), f", {len(report.merged)} merged, {len(report.unchanged)} unchanged"
                for problem in report.conflicts:
                    echo(str(problem), err=True, one_line=True)
            else:
                added, detail = ledger.add_many(records), ""
        after = len(ledger)
    if after != before + added:
        _fail(
            f"count check failed: {plural(before, 'claim')} before, {added:,} added,"
            f" but {after:,} now in {ledger.store.location}"
        )
    click.echo(f"imported {plural(added, 'new claim')} from {source}{detail}; the ledger holds {after:,}", err=True)
    if merge and report.conflicts:
        _fail(f"the file and the ledger differ on {plural(len(report.conflicts), 'claim')} (kept the ledger's)")


@click.command()
@click.option("--from", "source", required=True, metavar="LEDGER", help="Ledger to copy from (left unchanged).")
@click.option("--to", "target", required=True, metavar="LEDGER", help="New or empty ledger to copy into.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@cli_errors
def migrate(source: str, target: str, quiet: bool) -> None:
    """Copy a whole ledger to another store: folder, SQLite file or PostgreSQL URL.

    All or nothing, streamed, with a final count check.

    Example: claimtrack migrate --from claims --to claims.sqlite
    """
    with open_ledger(source, create=False) as old, open_ledger(target, create=True) as new:
        if len(new):
            held = plural(len(new), "claim")
            _fail(f"{new.store.location} already holds {held}; migrate only into a new or empty ledger")
        total = len(old)
        with _progress(quiet) as progress:
            copied = new.add_many(_counted(old.records(), progress, "migrating", total, check=old.store.location))
        stored = len(new)
        location = new.store.location
    if not copied == stored == total:
        _fail(
            f"count check failed: {plural(total, 'claim')} in {old.store.location}, {copied:,} copied,"
            f" {stored:,} in {location}"
        )
    click.echo(f"migrated {plural(copied, 'claim')} to {location}; counts match", err=True)
