"""What every transcript reader shares: timestamps, speaker labels, and the builder that makes turns.

Every pattern here is matched against at most :data:`HEAD` characters at the start of
a line (``pattern.match(line, 0, HEAD)``) and has only bounded repetitions, so a line
of a megabyte costs what splitting it on spaces costs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Literal

from claimtrack.intake.turns import Mark, Turn
from claimtrack.model import Problem

HEAD = 96
"""How many characters at the start of a line are searched for a timestamp or a speaker label."""
MAX_PROBLEMS = 100
"""Problems listed one by one; the rest are counted in one last problem."""

_TIME = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_TIMELIKE = re.compile(r"\d[\d:.,]{0,15}")
_NAME = re.compile(r"[^\W\d_][\w.'\u2019-]{0,30}(?: [^\W_][\w.'\u2019-]{0,30}){0,4}")
"""A speaker label: one to five words of up to 31 characters (checked further by :func:`speaker_name`)."""
_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "der", "di", "du", "ibn", "la", "le", "van", "von"})
_NOT_SPEAKERS = frozenset(
    {"applause", "crosstalk", "inaudible", "laughs", "laughter", "music", "noise", "silence", "cheering", "note"}
)


def parse_time(text: str) -> timedelta | None:
    """``01:13:06``, ``1:13:06``, ``13:06``, with ``.mmm`` or ``,mmm`` -> a time into the recording; else None.

    With hours, minutes must be below 60; seconds always are. Without hours the minutes
    may run past 59 (``73:06``), as some transcripts write them.
    """
    found = _TIME.fullmatch(text.strip())
    if found is None:
        return None
    hours, minutes, seconds, fraction = found.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return timedelta(hours=int(hours or 0), minutes=int(minutes), seconds=int(seconds), milliseconds=millis)


def looks_like_time(text: str) -> bool:
    """Whether ``text`` was meant as a timestamp (starts with a digit, has a colon): a bad one is a problem."""
    return ":" in text and _TIMELIKE.match(text.strip()) is not None


def squeeze(text: str) -> str:
    """``text`` with every run of whitespace made one space, trimmed."""
    return " ".join(text.split())


def speaker_name(label: str) -> str | None:
    """The speaker a label names, whitespace normalised and case kept; None when it is not a name.

    A name is one to five words; a word may not start with a lower-case letter unless it
    is a particle (``von``, ``de``, ...), so "So here's the thing:" is text, not a speaker.
    Sound labels (``[Music]``, ``[Applause]``) are not speakers.
    """
    name = squeeze(label)
    if not name or _NAME.fullmatch(name) is None:
        return None
    words = name.split(" ")
    if words[0][0].islower() or name.casefold() in _NOT_SPEAKERS:
        return None
    if any(w[0].islower() and w.casefold() not in _PARTICLES for w in words[1:]):
        return None
    return name


def name_before(line: str, stop: str, pos: int = 0) -> tuple[str, int] | None:
    """A speaker label at ``pos`` in ``line`` followed by ``stop`` (``:``) and a space or the line's end:
    the name and where the text starts."""
    found = _NAME.match(line, pos, pos + HEAD)
    if found is None:
        return None
    at = found.end()
    if line.startswith(" ", at) and line.startswith(stop, at + 1):
        at += 1
    if not line.startswith(stop, at):
        return None
    after = at + len(stop)
    if after < len(line) and not line[after].isspace():
        return None  # "At 10:30 we met" is text, not a speaker "At 10"
    name = speaker_name(found.group())
    return (name, after) if name else None


class Builder:
    """Collects pieces of speech into turns and problems, the same way for every layout.

    ``piece`` starts a turn, or merges into the open one when ``merge`` is set and the
    speaker is the same named speaker (a piece without a speaker is never merged: two
    unnamed stretches need not be the same person). ``more`` continues the open turn.
    Empty turns are dropped.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.turns: list[Turn] = []
        self.problems: list[Problem] = []
        self._unlisted = 0
        self._open = False
        self._speaker: str | None = None
        self._start: timedelta | None = None
        self._end: timedelta | None = None
        self._line = 0
        self._parts: list[str] = []
        self._length = 0
        self._marks: list[Mark] = []

    def problem(self, line: int, message: str, code: str, *, severity: Literal["error", "warning"] = "error") -> None:
        """Record what is wrong at ``line`` (the message names the line)."""
        if len(self.problems) >= MAX_PROBLEMS:
            self._unlisted += 1
            return
        self.problems.append(Problem(message=f"line {line}: {message}", path=self.path, code=code, severity=severity))

    def piece(
        self,
        *,
        speaker: str | None,
        start: timedelta | None,
        end: timedelta | None,
        text: str,
        line: int,
        merge: bool = True,
    ) -> None:
        """A stretch of speech with its own time: merged into the open turn or the start of a new one."""
        if self._open and merge and speaker is not None and speaker == self._speaker:
            self._marks.append(Mark(offset=self._length + (1 if self._length else 0), start=start, line=line))
            if end is not None or start is not None:
                self._end = end
            self.more(text)
            return
        self.close()
        self._open = True
        self._speaker, self._start, self._end, self._line = speaker, start, end, line
        self._marks = [Mark(offset=0, start=start, line=line)]
        self.more(text)

    def more(self, text: str, *, line: int | None = None) -> None:
        """Text that continues the open turn (a turn without speaker or time is opened when none is)."""
        text = squeeze(text)
        if not self._open:
            if not text:
                return
            self.piece(speaker=None, start=None, end=None, text="", line=line or 1, merge=False)
        if not text:
            return
        if self._length:
            self._parts.append(" ")
            self._length += 1
        self._parts.append(text)
        self._length += len(text)

    def close(self) -> None:
        """End the open turn (a turn with no text is dropped)."""
        if self._open and self._length:
            self.turns.append(
                Turn(
                    speaker=self._speaker,
                    start=self._start,
                    end=self._end,
                    text="".join(self._parts),
                    line=self._line,
                    marks=tuple(self._marks),
                )
            )
        self._open = False
        self._parts = []
        self._length = 0
        self._marks = []

    def finish(self) -> tuple[tuple[Turn, ...], tuple[Problem, ...]]:
        """Close the last turn; the turns and problems (an empty transcript is one problem)."""
        self.close()
        if not self.turns:
            self.problems.insert(0, Problem(message="empty transcript", path=self.path, code="empty_transcript"))
        if self._unlisted:
            self.problems.append(
                Problem(
                    message=f"{self._unlisted:,} more problems not listed",
                    path=self.path,
                    code="too_many_problems",
                    severity="warning",
                )
            )
        return tuple(self.turns), tuple(self.problems)
