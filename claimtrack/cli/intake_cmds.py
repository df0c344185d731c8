"""Intake commands: ``claimtrack extract`` (draft claims from a transcript or an article, for review).

Drafts go to a JSON Lines file (``-o drafts.jsonl``, written atomically) or to standard
output, one draft per line with its reasons; problems go to standard error, each naming
its line. Nothing is written to a ledger: adding drafts is a separate, explicit step.

Exit status: 0 drafts written; 1 an error (the file is binary, not UTF-8, unreadable);
2 nothing drafted, or the input had problems (then nothing is written unless ``--partial``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO

import click

from claimtrack.cli._common import DATE, cli_errors, echo, json_safe
from claimtrack.intake.drafts import Draft, draft_line
from claimtrack.intake.extraction import ARTICLE, ExtractStats, iter_extract_file
from claimtrack.intake.transcript import TranscriptFormat
from claimtrack.model import ClaimKind, Problem

__all__ = ["extract_command", "register"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_SPOOL = 1 << 20
"""Drafts bound for standard output are held in memory up to 1 MiB, then in a temporary file."""


def register(main: click.Group) -> None:
    """Add the intake commands to the ``claimtrack`` group."""
    main.add_command(extract_command)


def _kinds(value: str | None) -> list[ClaimKind] | None:
    if not value:
        return None
    kinds = []
    for word in value.split(","):
        try:
            kinds.append(ClaimKind(word.strip().lower()))
        except ValueError:
            known = ", ".join(k.value for k in ClaimKind)
            raise click.BadParameter(f"{word.strip()!r} is not a kind; use {known}", param_hint="--kinds") from None
    return kinds


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[IO[str]]:
    """A text stream that replaces ``path`` when the block ends without an error (mode: as replaced, or by umask)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, _FLAGS, 0o666)  # the kernel applies the umask: 0644 under 022, unlike mkstemp's 0600
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _summary(stats: ExtractStats, problems: int, where: str) -> str:
    kinds = ", ".join(f"{n} {kind}" for kind, n in stats.kinds.most_common()) or "none"
    skipped = ", ".join(f"{n} {why}" for why, n in stats.skipped.most_common()) or "none"
    who = f"; interviewer {stats.interviewer} ({stats.interviewer_rule})" if stats.interviewer else ""
    return (
        f"{stats.drafts} draft(s) made ({kinds}) from {stats.sentences} sentence(s) read as {stats.format}, "
        f"language {stats.language}{who}; not drafted: {skipped}; {problems} problem(s); {where}"
    )


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--said-on", "said_on", type=DATE, required=True, help="The day it was said (YYYY-MM-DD).")
@click.option("--speaker", help="The guest: only their turns are drafted, under this name (all of an article).")
@click.option("--interviewer", help="The host, never drafted (default: who asks clearly the most questions).")
@click.option("--language", help="en, ja, zh, de, fr or es (default: detected from the text).")
@click.option("--kinds", "kinds_text", metavar="KIND,...", help="Only these kinds, e.g. prediction,commitment.")
@click.option(
    "--format",
    "layout",
    type=click.Choice([ARTICLE, *(f.value for f in TranscriptFormat)]),
    help="How to read FILE (default: detected).",
)
@click.option("--source", help="The source's URL (or title), recorded on every draft.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write drafts here (JSON Lines).")
@click.option("--partial", is_flag=True, help="Write the drafts even when the input had problems (exit status 2).")
@cli_errors
def extract_command(
    file: Path,
    said_on: date,
    speaker: str | None,
    interviewer: str | None,
    language: str | None,
    kinds_text: str | None,
    layout: str | None,
    source: str | None,
    output: Path | None,
    partial: bool,
) -> None:
    """Draft claims from a transcript or an article, one JSON line per draft with its reasons.

    Transcripts: ``[hh:mm:ss] Name: text``, ``Name (hh:mm:ss): text``, WebVTT with
    ``<v Name>``, SRT, or ``Name: text`` lines; anything else is read as an article
    (paragraphs, bullet items, headings). Questions, greetings and the interviewer's
    turns are never drafted. Each draft says why: the cue that decided its kind, where
    the speaker came from, and the phrases its horizon and credence were read from.
    Nothing is added to a ledger.

    Example:

    \b
        claimtrack extract interview.txt --said-on 2024-03-18 --speaker "Sam Altman" \\
            --kinds prediction,commitment -o drafts.jsonl
    """
    stats = ExtractStats()
    kinds = _kinds(kinds_text)
    items = iter_extract_file(
        file, said_on=said_on, language=language, speaker=speaker, interviewer=interviewer,
        source=source, kinds=kinds, format=layout, stats=stats,
    )  # fmt: skip
    problems: list[Problem] = []
    written = 0
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL, mode="w+", encoding="utf-8", newline="\n") as spool:
        for item in items:
            if isinstance(item, Draft):
                spool.write(draft_line(item) + "\n")
                written += 1
            else:
                problems.append(item)
                echo(f"{file}: {item.severity}: {item.message} [{item.code}]", err=True, one_line=True)
        errors = [p for p in problems if p.severity == "error"]
        keep = written and (partial or not errors)
        if keep:
            spool.seek(0)
            if output is not None:
                with _atomic(output) as stream:
                    shutil.copyfileobj(spool, stream)
            else:
                for line in spool:
                    sys.stdout.write(json_safe(line))
    if keep:
        where = f"written to {output}" if output is not None else "written to standard output"
    elif written:
        where = f"nothing written: the input had {len(errors)} error(s); fix it or pass --partial"
    else:
        where = "nothing written"
    echo(_summary(stats, len(problems), where), err=True)
    if not keep or errors:
        raise SystemExit(2)
