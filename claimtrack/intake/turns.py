"""What a transcript reader returns: speaker turns, the marks inside them, and the transcript.

A :class:`Turn` is what one speaker says until someone else speaks: consecutive lines
or cues of the same named speaker are one turn. Each timestamped line or cue that went
into it is a :class:`Mark` (where in the turn's text it starts, its time and its line),
so a passage in the middle of a long turn is still located to its own timestamp
(:meth:`Turn.passage`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import timedelta
from enum import StrEnum

import attrs

from claimtrack.model import Problem

__all__ = ["Mark", "Transcript", "TranscriptFormat", "Turn", "format_locator"]


class TranscriptFormat(StrEnum):
    """The layouts :func:`~claimtrack.intake.parse_transcript` reads."""

    BRACKETED = "bracketed"
    """``[01:13:06] Lex Fridman: text``: one turn per timestamped line, untimestamped lines continue it."""
    PARENTHESISED = "parenthesised"
    """``Lex Fridman (01:13:06): text`` (the text on the same line or the lines after it)."""
    WEBVTT = "webvtt"
    """WebVTT cues; the speaker is the cue's voice tag ``<v Lex Fridman>``."""
    SRT = "srt"
    """SubRip cues; the speaker is a ``Name:``, ``[Name]`` or ``- Name:`` label at the cue's start."""
    PLAIN = "plain"
    """No timestamps: ``Name: text`` lines start turns, blank lines end paragraphs."""


def format_locator(at: timedelta | None) -> str | None:
    """``hh:mm:ss`` for a time into the recording (fractions of a second dropped), None for None."""
    if at is None:
        return None
    seconds = max(int(at.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


@attrs.frozen(kw_only=True)
class Mark:
    """Where one timestamped line or cue begins inside a turn's text."""

    offset: int
    """Character offset into :attr:`Turn.text`."""
    start: timedelta | None
    line: int
    """1-based line of the input where that line or cue starts."""

    @property
    def locator(self) -> str | None:
        """The mark's time as ``hh:mm:ss``, or None when it has none."""
        return format_locator(self.start)


@attrs.frozen(kw_only=True)
class Turn:
    """What one speaker says without interruption, with where it starts.

    ``speaker`` is None when the input names no speaker for these words (a cue without
    a voice tag, a line without a label): the reader never guesses one.
    """

    speaker: str | None
    start: timedelta | None
    end: timedelta | None = None
    text: str
    line: int
    """1-based line of the input where the turn starts."""
    marks: tuple[Mark, ...] = ()
    """One per timestamped line or cue merged into the turn, in order (the first at offset 0)."""

    @property
    def locator(self) -> str | None:
        """The turn's start as ``hh:mm:ss``, or None when it has no timestamp."""
        return format_locator(self.start)

    def mark_at(self, offset: int) -> Mark:
        """The mark of the line or cue that holds character ``offset`` of :attr:`text`."""
        at = bisect_right(self.marks, offset, key=_offset) - 1
        return self.marks[at] if at >= 0 else Mark(offset=0, start=self.start, line=self.line)

    def passage(self, begin: int, end: int) -> Turn:
        """``text[begin:end]`` (trimmed) as a turn of the same speaker, located to the line or cue it starts in.

        Its end is the start of the next line or cue when the passage stops before it,
        else the turn's end.
        """
        end = min(max(end, 0), len(self.text))
        begin = min(max(begin, 0), end)
        while begin < end and self.text[begin].isspace():
            begin += 1
        while end > begin and self.text[end - 1].isspace():
            end -= 1
        mark = self.mark_at(begin)
        first = bisect_right(self.marks, begin, key=_offset)
        after = bisect_left(self.marks, end, key=_offset)
        inside = tuple(Mark(offset=m.offset - begin, start=m.start, line=m.line) for m in self.marks[first:after])
        return Turn(
            speaker=self.speaker,
            start=mark.start,
            end=self.marks[after].start if after < len(self.marks) else self.end,
            text=self.text[begin:end],
            line=mark.line,
            marks=(Mark(offset=0, start=mark.start, line=mark.line), *inside),
        )


def _offset(mark: Mark) -> int:
    return mark.offset


@attrs.frozen(kw_only=True)
class Transcript:
    """The turns read from a transcript, the layout they were read as, and what was wrong with the input."""

    turns: tuple[Turn, ...]
    format: TranscriptFormat
    problems: tuple[Problem, ...] = ()

    @property
    def speakers(self) -> tuple[str, ...]:
        """The named speakers, in order of first appearance."""
        return tuple(dict.fromkeys(t.speaker for t in self.turns if t.speaker is not None))
