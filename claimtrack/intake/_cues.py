"""Cue layouts: WebVTT (speakers in voice tags) and SubRip (speakers in labels at a cue's start).

A cue is a block of lines between blank lines: an optional identifier (the SRT
counter), a timing line ``start --> end`` and the text. Consecutive cues of the same
named speaker become one turn (first start, last end, each cue a mark); a cue whose
speaker is not named is a turn of its own with speaker None, never merged or guessed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta

from claimtrack.intake._builder import HEAD, Builder, name_before, parse_time, speaker_name, squeeze

Block = list[tuple[int, str]]
Piece = tuple[str | None, str]

_TIMING = re.compile(r"(\S{1,24}) ?--> ?(\S{1,24})")
_TAG = re.compile(r"<(/?)([^<>]{0,200})>")
_ASS = re.compile(r"\{\\[^{}]{0,200}\}")
_SQUARE = re.compile(r"\[ ?([^\[\]]{1,40}?) ?\] ?")
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")


def blocks(lines: Iterable[tuple[int, str]]) -> Iterator[Block]:
    """The blocks of lines between blank lines, each line with its 1-based number."""
    block: Block = []
    for number, raw in lines:
        if raw.strip():
            block.append((number, raw))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _timing(block: Block, out: Builder) -> tuple[int | None, timedelta | None, timedelta | None]:
    """The index of the block's timing line (among its first two) and the times it gives."""
    for index, (number, raw) in enumerate(block[:2]):
        line = squeeze(raw[: HEAD * 2])
        if "-->" not in line[:HEAD]:
            continue
        found = _TIMING.match(line, 0, HEAD)
        start = parse_time(found.group(1)) if found else None
        end = parse_time(found.group(2)) if found else None
        if start is None or end is None:
            message = f"malformed cue timing {line[:HEAD]!r}: a time that cannot be read is left out"
            out.problem(number, message, "malformed_timestamp")
        elif end < start:
            out.problem(
                number, f"the cue ends ({end}) before it starts ({start})", "end_before_start", severity="warning"
            )
        return index, start, end
    return None, None, None


def _cue(block: Block, out: Builder, pieces: Callable[[Block], list[Piece]]) -> None:
    """One cue: its times, then each piece of its text as a piece of speech."""
    if len(block) == 1 and block[0][1].strip().isdigit():
        return  # a lone SRT counter
    index, start, end = _timing(block, out)
    if index is None:
        payload = block[1:] if block[0][1].strip().isdigit() else block
        line = payload[0][0]
        out.problem(
            line, "a cue without a timing line (start --> end): its text is read without a time", "missing_timing"
        )
    else:
        payload = block[index + 1 :]
        line = block[index][0]
    for speaker, text in pieces(payload):
        out.piece(speaker=speaker, start=start, end=end, text=text, line=line)


def _voice(body: str) -> str | None:
    """The name in a voice tag's body (``v Lex Fridman``, ``v.loud Lex``), or None for a bare ``v``."""
    parts = body.split(maxsplit=1)
    if len(parts) < 2:
        return None
    return squeeze(html.unescape(parts[1]))[:HEAD] or None


def vtt_pieces(payload: Block) -> list[Piece]:
    """A WebVTT cue's text split at voice tags: (the voice's name or None, the words); other tags dropped.

    Words outside any voice span (before the first tag, after a ``</v>``) have no speaker.
    """
    text = "\n".join(raw for _, raw in payload)
    out: list[Piece] = []
    speaker: str | None = None
    buffer: list[str] = []

    def flush() -> None:
        words = squeeze(html.unescape("".join(buffer)))
        if words:
            out.append((speaker, words))
        buffer.clear()

    position = 0
    for tag in _TAG.finditer(text):
        buffer.append(text[position : tag.start()])
        position = tag.end()
        closing, body = tag.group(1), tag.group(2)
        kind = body.split(maxsplit=1)[0].split(".", 1)[0] if body.strip() else ""
        if kind != "v":
            continue  # <c>, <i>, <b>, <u>, <lang>, <ruby>, <00:01:02.000>: markup, not words
        flush()
        speaker = None if closing else _voice(body)
    buffer.append(text[position:])
    flush()
    return out


def srt_pieces(payload: Block) -> list[Piece]:
    """An SRT cue's text split at speaker labels and dialogue dashes: (the label's name or None, the words).

    A line starting ``- `` starts a new piece (two people in one cue); a labelled line
    does too. Formatting tags (``<i>``, ``{\\an8}``) are dropped.
    """
    out: list[tuple[str | None, list[str]]] = []
    for _, raw in payload:
        line = squeeze(_ASS.sub("", _TAG.sub("", raw)))
        dash = len(line) > 1 and line[0] in "-\u2013\u2014" and line[1] == " "
        if dash:
            line = line[2:]
        if line.startswith(">>"):
            line = line[2:].lstrip()
        label = _srt_label(line)
        if label is not None:
            name, at = label
            out.append((name, [line[at:]]))
        elif dash or not out:
            out.append((None, [line]))
        else:
            out[-1][1].append(line)
    joined = [(name, squeeze(" ".join(words))) for name, words in out]
    return [(name, words) for name, words in joined if words]


def _srt_label(line: str) -> tuple[str, int] | None:
    """``[Name] text`` or ``Name: text`` at the start of an SRT line: the name and where the words start."""
    square = _SQUARE.match(line, 0, HEAD)
    if square is not None:
        name = speaker_name(square.group(1))
        return (name, square.end()) if name else None
    return name_before(line, ":")


def read_webvtt(lines: Iterable[tuple[int, str]], out: Builder) -> None:
    """WebVTT: the ``WEBVTT`` header, NOTE, STYLE and REGION blocks skipped; every other block a cue."""
    first = True
    for block in blocks(lines):
        head = block[0][1].lstrip("\ufeff").strip()
        if first and head.startswith("WEBVTT"):
            first = False
            continue
        first = False
        if head.split(" ", 1)[0] in _VTT_BLOCKS and "-->" not in head:
            continue
        _cue(block, out, vtt_pieces)


def read_srt(lines: Iterable[tuple[int, str]], out: Builder) -> None:
    """SubRip: numbered cues, ``00:01:02,000 --> 00:01:05,000``, speaker labels at the start of the text."""
    for block in blocks(lines):
        _cue(block, out, srt_pieces)
