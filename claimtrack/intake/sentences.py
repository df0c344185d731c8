"""Sentences and blocks: where a text's claims can start and end, in en, ja, zh, de, fr and es.

Two readers, both pure and both linear in their input:

* :func:`split_sentences` cuts one block of text (a speaker's turn, an article's
  paragraph or bullet item) into :class:`Sentence` s, each with its offsets in the
  block, so a quote stays verbatim and a transcript turn can locate it to its own
  timestamp. Boundaries come from `sentencex <https://github.com/wikimedia/sentencex>`_
  (Wikimedia's segmenter, compiled, ~300 languages; Japanese ``。！？``, Chinese
  ``。！？``, Latin ``. ! ?`` with abbreviations), then three repairs: a line that
  starts with a bullet (``•``, ``・``, ``-``, ``*``, ``1.``, ``(1)``, ``①``) starts
  a new sentence and loses its marker; a sentence is never cut inside an open
  quotation or bracket (``「…。」と言った`` is one sentence); and a cut after a
  lone initial or a title (``M.``, ``Dr.``, ``Sr.``) is undone.
* :class:`ArticleReader` turns the lines of an article (no speaker turns) into
  :class:`Block` s: paragraphs, bullet items (a marker starts one; an indented line
  continues it) and headings (a short line of its own without end punctuation,
  kept as the locator of the blocks under it and never drafted).

:func:`detect_language` guesses a text's language from its script and common words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

__all__ = [
    "BULLET",
    "SUPPORTED_LANGUAGES",
    "ArticleReader",
    "Block",
    "Sentence",
    "detect_language",
    "is_cjk",
    "split_sentences",
]

SUPPORTED_LANGUAGES = ("en", "ja", "zh", "de", "fr", "es")
"""The languages with sentence rules here and cue tables in :mod:`claimtrack.intake.kinds`."""

BULLET = re.compile(
    r"[ \t\u3000]{0,12}(?:[•・‣◦▪●○■□◆◇※►▶→](?=\S|[ \t])|[-*+–—](?=[ \t])|\d{1,3}[.)．](?=[ \t\u3000])"
    r"|[(（]\d{1,3}[)）]|[①-⑳])[ \t\u3000]{0,8}"
)
"""A bullet or list number at the start of a line, with the blanks around it (matched with ``.match``)."""

_OPENERS = "「『（(“«【〈《"
_CLOSERS = "」』）)”»】〉》"
_TITLES = re.compile(
    r"(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Sr|Sra|Srta|Mme|Mlle|Hr|Fr|St|Jr|Nr|No|vs|ca|approx|Inc|Ltd|Co|Corp)\.\s*$"
)
_SENTENCE_END = frozenset(".!?。！？…」』”\"')）")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK_OR_MARK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_PREDICATE_END = re.compile(r"(?:[たすだるいうんかよね]|ない|ます|です)$")
_MAX_MERGE = 2_000
"""A quotation left open never glues more than this many characters into one sentence."""

_STOPWORDS = {
    "en": frozenset(
        {"the", "and", "is", "are", "will", "we", "you", "it", "that", "this", "of", "to", "in", "not", "be"}
    ),
    "de": frozenset({"der", "die", "das", "und", "ist", "nicht", "wir", "ich", "werden", "wird", "es", "ein", "eine"}),
    "fr": frozenset({"le", "la", "les", "et", "est", "nous", "je", "pas", "une", "des", "du", "que", "sera", "dans"}),
    "es": frozenset({"el", "la", "los", "las", "y", "es", "no", "que", "nosotros", "yo", "una", "del", "para", "será"}),
}


@attrs.frozen
class Sentence:
    """One sentence of a block: its words as written (trimmed) and where they are in the block."""

    text: str
    start: int
    end: int
    bullet: str = ""
    """The bullet or list marker that opened it, when it started a list item."""


def is_cjk(language: str) -> bool:
    """Whether ``language`` is written without spaces between words (ja, zh)."""
    return language in ("ja", "zh")


def detect_language(text: str) -> str:
    """The language of ``text`` among :data:`SUPPORTED_LANGUAGES`: kana -> ja, other CJK -> zh, else by common words.

    Looks at the first 4,000 characters. Latin text with no telling words is English.
    """
    sample = text[:4_000]
    if _KANA.search(sample):
        return "ja"
    if _CJK.search(sample):
        return "zh"
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] else "en"


def _boundaries(language: str, text: str) -> list[tuple[int, int, str | None]]:
    """sentencex's sentences of ``text``: (start, end, the end mark or None), character offsets."""
    import sentencex  # type: ignore[import-untyped]  # compiled, no stubs; imported on first use

    found: list[dict[str, Any]] = sentencex.get_sentence_boundaries(language, text)
    return [(int(b["start_index"]), int(b["end_index"]), b["boundary_symbol"]) for b in found]


def _open_quotes(text: str) -> bool:
    """Whether ``text`` leaves a quotation or bracket open (a straight double quote counts when odd)."""
    depth = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
    return depth > 0 or text.count('"') % 2 == 1


def _items(text: str) -> Iterator[tuple[int, int, str]]:
    """The list items and runs of lines in ``text``: (start, end, the bullet marker or "")."""
    start = 0
    marker = ""
    position = 0
    for line in text.splitlines(keepends=True):
        bullet = BULLET.match(line)
        if bullet is not None and position > start:
            yield start, position, marker
        if bullet is not None:
            start, marker = position + bullet.end(), bullet.group().strip()
        elif position == 0:
            start = 0
        position += len(line)
    if position > start:
        yield start, position, marker


def _repaired(text: str, cuts: list[tuple[int, int, str | None]]) -> list[tuple[int, int]]:
    """sentencex's cuts, with those inside a quotation, after a title or before a glued particle undone."""
    out: list[tuple[int, int]] = []
    for start, end, _mark in cuts:
        if out:
            prev_start, prev_end = out[-1]
            prev = text[prev_start:prev_end]
            glued = _closes_quote(prev) and _HIRAGANA.match(text, start) is not None
            if len(prev) < _MAX_MERGE and (_open_quotes(prev) or _TITLES.search(prev) or glued):
                out[-1] = (prev_start, end)
                continue
        out.append((start, end))
    return out


def _closes_quote(text: str) -> bool:
    """Whether ``text`` ends right on a closing quotation mark (a particle after it continues the sentence)."""
    return bool(text) and text[-1] in "」』”"


def split_sentences(text: str, language: str) -> list[Sentence]:
    """The sentences of one block, in order, with offsets into ``text`` (see the module docstring).

    Example:
        >>> [s.text for s in split_sentences("「これは本当に素晴らしい。」と言った。わからない", "ja")]
        ['「これは本当に素晴らしい。」と言った。', 'わからない']
        >>> [(s.bullet, s.text) for s in split_sentences("- We will ship it. Dr. Lee agrees.\\n- Next", "en")]
        [('-', 'We will ship it.'), ('-', 'Dr. Lee agrees.'), ('-', 'Next')]
    """
    sentences: list[Sentence] = []
    for item_start, item_end, marker in _items(text):
        item = text[item_start:item_end]
        if not item.strip():
            continue
        cuts = [(item_start + s, item_start + e, m) for s, e, m in _boundaries(language, item)]
        for start, end in _repaired(text, cuts):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                sentences.append(Sentence(text=text[start:end], start=start, end=end, bullet=marker))
    return sentences


@attrs.frozen
class Block:
    """A paragraph or list item of an article: its text, the line it starts on, the heading above it."""

    text: str
    line: int
    heading: str | None = None
    bullet: str = ""


def _join(head: str, tail: str) -> str:
    """Two lines of one block: no space between CJK characters, one space otherwise."""
    if head and tail and _CJK_OR_MARK.match(head[-1]) and _CJK_OR_MARK.match(tail[0]):
        return head + tail
    return f"{head} {tail}" if head else tail


def _is_heading(text: str, language: str) -> bool:
    """A line standing alone, short, with no end punctuation and (for ja) no predicate ending: a heading."""
    stripped = text.strip()
    if not stripped or stripped[-1] in _SENTENCE_END or stripped[-1] in ",、，:：;；":
        return False
    if is_cjk(language) or _CJK.search(stripped):
        return len(stripped) <= 40 and (language != "ja" or _PREDICATE_END.search(stripped) is None)
    return len(stripped.split()) <= 8


@attrs.define
class ArticleReader:
    """Reads an article's lines, one at a time, into :class:`Block` s (see the module docstring).

    Feed ``(line number, line)`` pairs to :meth:`blocks`; memory holds one block at a time.
    """

    language: str
    heading: str | None = None
    _parts: list[str] = attrs.field(factory=list)
    _line: int = 0
    _bullet: str = ""
    _indent: int = -1
    _single: bool = True

    def blocks(self, lines: Iterable[tuple[int, str]]) -> Iterator[Block]:
        """The blocks of ``lines`` (without line ends), in order; headings are not blocks."""
        for number, raw in lines:
            line = raw.rstrip()
            if not line.strip():
                yield from self._flush()
                continue
            bullet = BULLET.match(line)
            indent = len(line) - len(line.lstrip(" \t\u3000"))
            if bullet is not None:
                yield from self._flush()
                self._start(number, line[bullet.end() :].strip(), bullet.group().strip(), indent)
            elif self._parts and (not self._bullet or indent > self._indent):
                self._parts[-1] = _join(self._parts[-1], line.strip())
                self._single = False
            else:
                yield from self._flush()
                self._start(number, line.strip(), "", indent)
        yield from self._flush()

    def _start(self, number: int, text: str, bullet: str, indent: int) -> None:
        self._parts, self._line, self._bullet, self._indent, self._single = [text], number, bullet, indent, True

    def _flush(self) -> Iterator[Block]:
        if not self._parts:
            return
        text = self._parts[0]
        bullet, single = self._bullet, self._single
        self._parts = []
        if not bullet and single and _is_heading(text, self.language):
            self.heading = text
            return
        yield Block(text=text, line=self._line, heading=self.heading, bullet=bullet)
