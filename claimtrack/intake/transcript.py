"""Read a transcript with speaker turns: who said which words, and when.

Five layouts (:class:`TranscriptFormat`), detected from the first 50 non-blank lines
when not given:

* ``bracketed`` - ``[01:13:06] Lex Fridman: text`` (also ``[1:13:06]``, ``[13:06]``,
  ``[01:13:06.250]``); a line without a timestamp continues the turn before it;
* ``parenthesised`` - ``Lex Fridman (01:13:06): text``, the text on the same line or
  on the lines after the header;
* ``webvtt`` - ``WEBVTT`` then cues ``00:01:02.000 --> 00:01:05.000``; the speaker is
  the voice tag ``<v Lex Fridman>`` (``<v.loud Lex>``); other tags are dropped;
* ``srt`` - numbered cues ``00:01:02,000 --> 00:01:05,000``; the speaker is a label at
  the start of the text: ``NAME: text``, ``[Name] text`` or ``- Name: text``;
* ``plain`` - no timestamps: ``Name: text`` lines start turns, blank lines end paragraphs.

A turn is what one named speaker says until someone else speaks: consecutive lines
or cues of the same speaker are merged (first start, last end), each keeping its own
time as a :class:`Mark`. Words the input gives no speaker for (a cue without a voice
tag or label, a timestamped line without a name) have speaker None and are never
merged or given the previous speaker: the reader does not guess who spoke.

Bad input never raises: a malformed timestamp is a :class:`~claimtrack.model.Problem`
naming the line, and the line's words are still read, as a turn without a time (never
added to another speaker's turn); a cue without a timing line likewise. An input with
no words gives an empty transcript and the problem "empty transcript". At most 100
problems are listed, then one more counts the rest.

Pure but for :func:`read_transcript`, which reads a file line by line (memory bounded
by the turns themselves) and refuses a binary or non-UTF-8 file. Every pattern looks
at most at the first 96 characters of a line, so reading is linear in the input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import chain

from claimtrack.errors import InvalidRecordError
from claimtrack.intake._builder import HEAD, Builder, squeeze
from claimtrack.intake._cues import read_srt, read_webvtt
from claimtrack.intake._lines import (
    bracketed_header,
    parenthesised_header,
    read_bracketed,
    read_parenthesised,
    read_plain,
)
from claimtrack.intake.turns import Mark, Transcript, TranscriptFormat, Turn, format_locator

__all__ = [
    "Mark",
    "Transcript",
    "TranscriptFormat",
    "Turn",
    "detect_format",
    "format_locator",
    "parse_lines",
    "parse_transcript",
    "read_transcript",
]

DETECT_LINES = 50
"""Non-blank lines looked at to detect the layout."""
_MAX_LOOKAHEAD = 1_000
_READERS = {
    TranscriptFormat.BRACKETED: read_bracketed,
    TranscriptFormat.PARENTHESISED: read_parenthesised,
    TranscriptFormat.WEBVTT: read_webvtt,
    TranscriptFormat.SRT: read_srt,
    TranscriptFormat.PLAIN: read_plain,
}


def detect_format(lines: Iterable[str]) -> TranscriptFormat:
    """The layout of a transcript, from (the first 50 non-blank of) its lines.

    ``WEBVTT`` on the first line: webvtt. Timing lines (``-->``): srt when their
    milliseconds follow a comma, else webvtt. Else whichever of ``[time] Name:`` and
    ``Name (time):`` headers is more frequent (bracketed on a tie; a malformed time still
    counts, so that it is reported); plain when neither occurs.
    """
    heads = []
    for line in lines:
        head = squeeze(line[: HEAD * 2])
        if head:
            heads.append(head)
        if len(heads) >= DETECT_LINES:
            break
    if not heads:
        return TranscriptFormat.PLAIN
    if heads[0].lstrip("\ufeff").startswith("WEBVTT"):
        return TranscriptFormat.WEBVTT
    timings = [h for h in heads if "-->" in h[:HEAD]]
    if timings:
        comma = any("," in t.split("-->", 1)[0] for t in timings)
        return TranscriptFormat.SRT if comma else TranscriptFormat.WEBVTT
    bracketed = sum(1 for h in heads if bracketed_header(h))
    parenthesised = sum(1 for h in heads if parenthesised_header(h))
    if bracketed or parenthesised:
        return TranscriptFormat.BRACKETED if bracketed >= parenthesised else TranscriptFormat.PARENTHESISED
    return TranscriptFormat.PLAIN


def parse_lines(
    lines: Iterable[str], *, path: str | None = None, format: TranscriptFormat | str | None = None
) -> Transcript:
    """Read a transcript from its lines (without line ends), streaming: see the module docstring.

    Only the lines needed to detect the layout are held at once (up to 50 non-blank ones).
    """
    stream = iter(lines)
    if format is None:
        ahead: list[str] = []
        nonblank = 0
        for line in stream:
            ahead.append(line)
            nonblank += bool(line.strip())
            if nonblank >= DETECT_LINES or len(ahead) >= _MAX_LOOKAHEAD:
                break
        layout = detect_format(ahead)
        stream = chain(ahead, stream)
    else:
        layout = TranscriptFormat(format)
    out = Builder(path)
    _READERS[layout](enumerate(stream, start=1), out)
    turns, problems = out.finish()
    return Transcript(turns=turns, format=layout, problems=problems)


def _split(text: str) -> Iterator[str]:
    """The lines of ``text``: split at ``\\n``, a ``\\r`` before it dropped (the same lines a file gives)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        yield line[:-1] if line.endswith("\r") else line
        start = end + 1


def parse_transcript(text: str, *, path: str | None = None, format: TranscriptFormat | str | None = None) -> Transcript:
    """Read a transcript from a string (``path`` only names it in problems); see the module docstring.

    Example::

        >>> t = parse_transcript("[01:13:37] Sam Altman: I think it will get caught up in like left versus right wars.")
        >>> t.format.value, t.turns[0].speaker, t.turns[0].locator
        ('bracketed', 'Sam Altman', '01:13:37')
    """
    return parse_lines(_split(text.removeprefix("\ufeff")), path=path, format=format)


def _file_lines(path: str) -> Iterator[str]:
    """The lines of a UTF-8 file (a BOM skipped), read one at a time; refuses NUL bytes and bad UTF-8."""
    offset = 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle):
            body = raw
            skipped = 0
            if number == 0 and body.startswith(b"\xef\xbb\xbf"):
                body, skipped = body[3:], 3
            nul = body.find(b"\x00")
            if nul >= 0:
                at = offset + skipped + nul
                raise InvalidRecordError(
                    f"not a text transcript: NUL byte at byte offset {at} (a binary file, or UTF-16)", path=path
                )
            try:
                line = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                at = offset + skipped + exc.start
                raise InvalidRecordError(
                    f"not UTF-8: byte 0x{body[exc.start]:02x} at byte offset {at} cannot be decoded", path=path
                ) from None
            offset += len(raw)
            line = line.removesuffix("\n")
            yield line.removesuffix("\r")


def read_transcript(path: str | os.PathLike[str], *, format: TranscriptFormat | str | None = None) -> Transcript:
    """Read a transcript file (UTF-8, a BOM allowed) line by line; see the module docstring.

    Raises :class:`~claimtrack.errors.InvalidRecordError` naming the file and the byte
    offset when the file holds a NUL byte (binary, or UTF-16) or is not UTF-8, and
    :class:`OSError` when it cannot be read.
    """
    name = os.fspath(path)
    return parse_lines(_file_lines(name), path=name, format=format)
