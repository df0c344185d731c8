"""Line layouts: ``[01:13:06] Name: text``, ``Name (01:13:06): text`` and plain ``Name: text``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from claimtrack.intake._builder import HEAD, Builder, looks_like_time, name_before, parse_time, speaker_name, squeeze

_BRACKET = re.compile(r"\[ ?([^\[\]]{1,24}?) ?\] ?")
_NAME_WORDS = re.compile(r"[^\W\d_][\w.'\u2019-]{0,30}(?: [^\W_][\w.'\u2019-]{0,30}){0,4}")
_PAREN = re.compile(r" ?\( ?([^()]{1,24}?) ?\) ?:? ?")

Lines = Iterable[tuple[int, str]]


def bracketed_header(line: str) -> tuple[str, int] | None:
    """The timestamp text inside a leading ``[...]`` meant as a time, and where the rest starts."""
    found = _BRACKET.match(line, 0, HEAD)
    if found is None or not looks_like_time(found.group(1)):
        return None
    return found.group(1), found.end()


def parenthesised_header(line: str) -> tuple[str, str, int] | None:
    """``Name (time)`` at the start of a line: the name, the time text and where the rest starts."""
    label = _NAME_WORDS.match(line, 0, HEAD)
    if label is None:
        return None
    found = _PAREN.match(line, label.end(), label.end() + 32)
    if found is None or not looks_like_time(found.group(1)):
        return None
    name = speaker_name(label.group())
    return (name, found.group(1), found.end()) if name else None


def read_bracketed(lines: Lines, out: Builder) -> None:
    """``[hh:mm:ss] Name: text`` lines; a line without a timestamp continues the turn before it.

    A line whose leading bracket was meant as a time but is not one (``[01:7x:06]``,
    ``[1:73:06]``) is a problem; its words are still read, as a turn without a time
    (of the speaker its label names, if any), never added to another speaker's turn.
    """
    for number, raw in lines:
        line = squeeze(raw)
        if not line:
            continue
        header = bracketed_header(line)
        if header is None:
            out.more(line, line=number)
            continue
        stamp, rest = header
        start = parse_time(stamp)
        if start is None:
            out.problem(
                number, f"malformed timestamp [{stamp}]: the line is read without a time", "malformed_timestamp"
            )
        label = name_before(line, ":", rest)
        speaker, at = label if label else (None, rest)
        out.piece(speaker=speaker, start=start, end=None, text=line[at:], line=number)


def read_parenthesised(lines: Lines, out: Builder) -> None:
    """``Name (hh:mm:ss): text`` header lines, the text on the same line or the lines after it."""
    for number, raw in lines:
        line = squeeze(raw)
        if not line:
            continue
        header = parenthesised_header(line)
        if header is None:
            out.more(line, line=number)
            continue
        name, stamp, at = header
        start = parse_time(stamp)
        if start is None:
            out.problem(
                number, f"malformed timestamp ({stamp}): the turn is read without a time", "malformed_timestamp"
            )
        out.piece(speaker=name, start=start, end=None, text=line[at:], line=number)


def read_plain(lines: Lines, out: Builder) -> None:
    """No timestamps: a ``Name: text`` line starts a turn, other lines continue it, a blank line ends a paragraph."""
    for number, raw in lines:
        line = squeeze(raw)
        if not line:
            out.close()
            continue
        label = name_before(line, ":")
        if label is None:
            out.more(line, line=number)
            continue
        name, at = label
        out.piece(speaker=name, start=None, end=None, text=line[at:], line=number)
