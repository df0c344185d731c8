"""Draft claims from what people said: an article or a transcript in, drafts with their reasons out.

:func:`extract` (a string) and :func:`extract_file` (a file, streamed) read the input,
cut it into sentences, and draft the sentences that make a claim; the iterator forms
(:func:`iter_extract`, :func:`iter_extract_file`) yield each draft as it is made, so
memory stays bounded by one chunk of input whatever its size. Nothing is written
anywhere: drafts are for review (docs/intake-extract.md).

The input is read as a transcript when it has one (``[01:13:06] Name: text``,
``Name (01:13:06):``, WebVTT, SRT, or at least two ``Name: text`` lines; read by
:func:`claimtrack.intake.parse_lines`), else as an article: paragraphs, bullet items
(``•``, ``・``, ``-``, ``1.``) and headings (:class:`~claimtrack.intake.sentences.ArticleReader`).

Who said it. ``speaker`` names the guest: in a transcript only the turns labelled with
that name are drafted (under that name); in an article everything is theirs. Without
it every turn is drafted under its own label, and text with no label under
:data:`~claimtrack.intake.drafts.UNKNOWN_SPEAKER` (a reason says so). The interviewer
(``interviewer``, or the speaker who asks clearly the most questions in the first 1,000
lines) is never drafted, and neither are questions, greetings and fillers.

What it is. :func:`claimtrack.intake.kinds.classify` picks the kind and the cue; a
prediction or commitment gets a horizon (:func:`claimtrack.dates.parse_horizon`, or
"no time given", open-ended) and a credence (:func:`claimtrack.dates.credence_from_text`),
each with the phrase it was read from. Other kinds carry neither (the schema forbids it).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import chain
from typing import Required, TypedDict, Unpack

import attrs
from pydantic import ValidationError

from claimtrack.dates import DayInput, as_date, credence_from_text, parse_horizon
from claimtrack.errors import ClaimtrackError, InvalidRecordError
from claimtrack.intake.drafts import UNKNOWN_SPEAKER, Draft, DraftPart, Extractor, Passage, Reason
from claimtrack.intake.kinds import classify, is_question
from claimtrack.intake.sentences import SUPPORTED_LANGUAGES, ArticleReader, detect_language, split_sentences
from claimtrack.intake.transcript import TranscriptFormat, Turn, detect_format, parse_lines
from claimtrack.model import (
    Claim,
    ClaimKind,
    DateRange,
    Entity,
    Horizon,
    Problem,
    Source,
    SourceRole,
    problems_from_validation,
)
from claimtrack.model.languages import primary_subtag
from claimtrack.model.urls import URL_PATTERN

__all__ = [
    "ARTICLE",
    "ExtractOptions",
    "ExtractResult",
    "ExtractStats",
    "RuleExtractor",
    "claim_id",
    "extract",
    "extract_file",
    "iter_extract",
    "iter_extract_file",
    "iter_extract_lines",
]

ARTICLE = "article"
"""The ``format`` of input read as an article (no speaker turns)."""
CHUNK_LINES = 1_000
"""A transcript is parsed this many lines at a time (cut where a turn or cue starts); memory holds one chunk."""
_HARD_CHUNK = 20 * CHUNK_LINES
_LOOKAHEAD = 50
_MAX_PROBLEMS = 100
_REPEAT_WINDOW = 10_000
_URL = re.compile(URL_PATTERN)
_LINE_PREFIX = re.compile(r"line (\d+): ")
_STARTS_PIECE: dict[str, re.Pattern[str]] = {
    TranscriptFormat.BRACKETED.value: re.compile(r"\s{0,8}\[\s?\d"),
    TranscriptFormat.PARENTHESISED.value: re.compile(r"[^\W\d_][^()]{0,60}\(\s?\d{1,3}:\d"),
}


@attrs.define
class ExtractStats:
    """What an extraction read and why sentences were not drafted (counts by reason)."""

    format: str | None = None
    language: str | None = None
    interviewer: str | None = None
    interviewer_rule: str | None = None
    passages: int = 0
    sentences: int = 0
    drafts: int = 0
    kinds: Counter[str] = attrs.field(factory=Counter)
    skipped: Counter[str] = attrs.field(factory=Counter)
    """question, greeting, filler, fragment, no-cue, interviewer, other-speaker, unnamed-turn, kind-filter, repeated."""


@attrs.frozen
class ExtractResult:
    """The drafts, the problems found in the input (each naming its line), and the counts."""

    drafts: tuple[Draft, ...]
    problems: tuple[Problem, ...]
    stats: ExtractStats


@attrs.frozen
class _Unit:
    """A stretch of input with one speaker: a turn or a block, and how to locate a part of it."""

    text: str
    speaker: str
    speaker_reason: Reason
    language: str
    locate: Callable[[int, int], tuple[str | None, int | None]]
    bullet: str = ""


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:40].strip("-")
    return slug or "speaker"


def claim_id(speaker: str, said_on: DayInput, quote: str) -> str:
    """A draft's id: a slug of the speaker and 10 hex digits of a hash of (said_on, quote); valid in every store.

    Example:
        >>> claim_id("Sam Altman", date(2024, 3, 18), "We will release an amazing model this year.")
        'sam-altman-9d129ccd1e'
    """
    day = as_date(said_on, name="said_on")
    slug = "unknown" if speaker == UNKNOWN_SPEAKER else _slug(speaker)
    digest = hashlib.sha256(f"{day.isoformat()}\n{' '.join(quote.split())}".encode()).hexdigest()[:10]
    return f"{slug}-{digest}"


def _source(source: Source | str | None) -> Source:
    if isinstance(source, Source):
        return source
    if source is None:
        return Source(role=SourceRole.PRIMARY)
    if _URL.match(source):
        return Source(role=SourceRole.PRIMARY, url=source)
    return Source(role=SourceRole.PRIMARY, title=source)


class RuleExtractor:
    """The rule-based extractor (``rules/1``): sentence cues per language, the library's horizon and hedge readers.

    Implements :class:`~claimtrack.intake.drafts.Extractor`. ``kinds`` limits the kinds drafted.
    """

    name: str = "rules/1"

    def __init__(self, *, kinds: Iterable[ClaimKind | str] | None = None) -> None:
        self.kinds = frozenset(ClaimKind(k) for k in kinds) if kinds is not None else None

    def drafts(
        self, passages: Sequence[Passage], *, said_on: DayInput, source_url: str | None = None
    ) -> Iterator[Draft | Problem]:
        """Drafts for ``passages`` (interviewer passages skipped), in input order."""
        run = _Run(self, said_on=as_date(said_on, name="said_on"), source=_source(source_url), stats=ExtractStats())
        for passage in passages:
            if passage.interviewer:
                run.stats.skipped["interviewer"] += 1
                continue
            language = _language(passage.language) if passage.language else detect_language(passage.text)
            speaker, reason = _passage_speaker(passage.speaker)
            yield from run.unit(_Unit(passage.text, speaker, reason, language, _fixed(passage.locator, passage.line)))


def _fixed(locator: str | None, line: int | None) -> Callable[[int, int], tuple[str | None, int | None]]:
    """A locator for a passage whose every part is at one place."""

    def locate(_begin: int, _end: int) -> tuple[str | None, int | None]:
        return locator, line

    return locate


def _passage_speaker(name: str | None) -> tuple[str, Reason]:
    if name:
        return name, Reason(part=DraftPart.SPEAKER, phrase=name, rule="passage-speaker")
    return UNKNOWN_SPEAKER, Reason(part=DraftPart.SPEAKER, phrase="", rule="unknown: the input names no speaker")


@attrs.define
class _Run:
    """One extraction: the extractor, the day, the source template, the counts and the recent drafts."""

    extractor: RuleExtractor
    said_on: date
    source: Source
    stats: ExtractStats
    seen: OrderedDict[str, None] = attrs.field(factory=OrderedDict)

    def unit(self, unit: _Unit) -> Iterator[Draft | Problem]:
        self.stats.passages += 1
        for sentence in split_sentences(unit.text, unit.language):
            self.stats.sentences += 1
            decision = classify(sentence.text, unit.language)
            if decision.kind is None:
                self.stats.skipped[decision.rule] += 1
                continue
            kinds = self.extractor.kinds
            if kinds is not None and decision.kind not in kinds:
                self.stats.skipped["kind-filter"] += 1
                continue
            ident = claim_id(unit.speaker, self.said_on, sentence.text)
            if ident in self.seen:
                self.stats.skipped["repeated"] += 1
                continue
            self.seen[ident] = None
            if len(self.seen) > _REPEAT_WINDOW:
                self.seen.popitem(last=False)
            locator, line = unit.locate(sentence.start, sentence.end)
            reasons = [Reason(part=DraftPart.KIND, phrase=decision.phrase, rule=decision.rule), unit.speaker_reason]
            horizon = credence = None
            if decision.kind.is_forward_looking:
                horizon, why = self._horizon(sentence.text, unit.language)
                reasons.append(why)
                credence = credence_from_text(sentence.text, language=unit.language)
                if credence is not None:
                    band = f"/{credence.scale}:{credence.band}" if credence.band else ""
                    rule = f"{credence.basis.value}{band}"
                    reasons.append(Reason(part=DraftPart.CREDENCE, phrase=credence.word or "", rule=rule))
            if sentence.bullet or unit.bullet:
                item = f"list item ({sentence.bullet or unit.bullet})"
                reasons.append(Reason(part=DraftPart.QUOTE, phrase=sentence.text, rule=item))
            try:
                claim = Claim(
                    id=ident,
                    text=sentence.text,
                    language=unit.language,
                    speaker=Entity(name=unit.speaker),
                    said_on=DateRange.day(self.said_on),
                    kind=decision.kind,
                    sources=(_located(self.source, locator, sentence.text, unit.language),),
                    horizon=horizon,
                    credence=credence,
                )
            except ValidationError as exc:  # never expected: a reader's value the schema refuses, named, not raised
                yield from problems_from_validation(exc, record=f"line {line}" if line else ident)
                continue
            self.stats.drafts += 1
            self.stats.kinds[decision.kind.value] += 1
            yield Draft(claim=claim, reasons=tuple(reasons), extractor=self.extractor.name, line=line)

    def _horizon(self, text: str, language: str) -> tuple[Horizon, Reason]:
        try:
            found = parse_horizon(text, self.said_on, languages=[language])
        except ClaimtrackError as exc:
            why = "no-time-given" if "no horizon found" in str(exc) else f"no-time-given: {exc}"
            open_ended = Horizon(text="no time given", start=self.said_on, rule="open-ended")
            return open_ended, Reason(part=DraftPart.HORIZON, phrase="", rule=why[:200])
        return found, Reason(part=DraftPart.HORIZON, phrase=found.text, rule=found.rule or "horizon")


def _located(template: Source, locator: str | None, quote: str, language: str) -> Source:
    """The template source with this draft's locator, verbatim quote and language."""
    return template.model_copy(update={"locator": locator or template.locator, "quote": quote, "language": language})


def _language(language: str | None) -> str:
    tag = primary_subtag(language) if language else ""
    if tag not in SUPPORTED_LANGUAGES:
        known = ", ".join(SUPPORTED_LANGUAGES)
        raise ValueError(f"language {language!r} has no sentence and cue rules; use one of {known}")
    return tag


def _same_speaker(label: str, name: str) -> bool:
    """Whether a turn's label names ``name``: equal ignoring case, or one word that is its first or last word."""
    a, b = " ".join(label.casefold().split()), " ".join(name.casefold().split())
    if a == b:
        return True
    short, long = (a, b) if len(a.split()) < len(b.split()) else (b, a)
    words = long.split()
    return len(short.split()) == 1 and short in (words[0], words[-1])


def _text_lines(text: str) -> Iterator[str]:
    start = 0
    text = text.removeprefix("\ufeff")
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        yield line.removesuffix("\r")
        start = end + 1


def _file_lines(path: str) -> Iterator[str]:
    """The lines of a UTF-8 file, one at a time; a NUL byte or bad UTF-8 raises, naming the line and byte."""
    offset = 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            body = raw[3:] if number == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
            if b"\x00" in body:
                at = offset + raw.index(b"\x00")
                message = f"line {number}: a NUL byte at byte {at}: a binary file (or UTF-16), not text"
                raise InvalidRecordError(message, path=path)
            try:
                line = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                at = offset + (len(raw) - len(body)) + exc.start
                message = f"line {number}: not UTF-8 (byte 0x{body[exc.start]:02x} at byte {at})"
                raise InvalidRecordError(message, path=path) from None
            offset += len(raw)
            yield line.removesuffix("\n").removesuffix("\r")


def iter_extract_lines(
    lines: Iterable[str],
    *,
    said_on: date | str,
    language: str | None = None,
    speaker: str | None = None,
    interviewer: str | None = None,
    source: Source | str | None = None,
    kinds: Iterable[ClaimKind | str] | None = None,
    extractor: Extractor | None = None,
    format: TranscriptFormat | str | None = None,
    path: str | None = None,
    stats: ExtractStats | None = None,
) -> Iterator[Draft | Problem]:
    """Drafts and problems from the lines of an input (without line ends), streaming; see the module docstring.

    ``format`` is a :class:`~claimtrack.intake.TranscriptFormat`, ``"article"``, or None to detect.
    ``stats`` (an :class:`ExtractStats`) is filled in as the drafts are made.
    """
    day = date.fromisoformat(said_on) if isinstance(said_on, str) else said_on
    stats = stats if stats is not None else ExtractStats()
    stream = iter(lines)
    ahead: list[str] = []
    for line in stream:
        ahead.append(line)
        if sum(1 for a in ahead if a.strip()) >= _LOOKAHEAD or len(ahead) >= CHUNK_LINES:
            break
    stats.language = _language(language) if language else detect_language("\n".join(ahead))
    stats.format = _layout(ahead, format)
    numbered = enumerate(chain(ahead, stream), start=1)
    rules = extractor if isinstance(extractor, RuleExtractor) and kinds is None else RuleExtractor(kinds=kinds)
    run = _Run(rules, said_on=day, source=_source(source), stats=stats)
    if stats.format == ARTICLE:
        units: Iterator[_Unit | Problem] = _article_units(numbered, stats.language, speaker)
    else:
        units = _transcript_units(numbered, TranscriptFormat(stats.format), stats, speaker, interviewer, path)
    problems = 0
    empty = True
    for unit in units:
        if isinstance(unit, Problem):
            problems += 1
            if problems <= _MAX_PROBLEMS:
                yield unit
            continue
        empty = False
        if extractor is None or isinstance(extractor, RuleExtractor):
            yield from run.unit(unit)
        else:
            yield from _foreign(extractor, unit, day, run)
    if problems > _MAX_PROBLEMS:
        more = problems - _MAX_PROBLEMS
        message = f"{more:,} more problems not listed"
        yield Problem(message=message, path=path, code="too_many_problems", severity="warning")
    if empty and not stats.skipped:
        yield Problem(message="empty input: no text to draft from", path=path, code="empty_input")


def _foreign(extractor: Extractor, unit: _Unit, said_on: date, run: _Run) -> Iterator[Draft | Problem]:
    """A unit handed to another extractor as a passage; its drafts kept to the kinds asked for."""
    locator, line = unit.locate(0, len(unit.text))
    passage = Passage(text=unit.text, speaker=unit.speaker, locator=locator, line=line, language=unit.language)
    for made in extractor.drafts([passage], said_on=said_on, source_url=run.source.url):
        if isinstance(made, Draft) and run.extractor.kinds is not None and made.claim.kind not in run.extractor.kinds:
            run.stats.skipped["kind-filter"] += 1
            continue
        if isinstance(made, Draft):
            run.stats.drafts += 1
            run.stats.kinds[made.claim.kind.value] += 1
        yield made


def _layout(ahead: list[str], format: TranscriptFormat | str | None) -> str:
    if format is not None:
        return ARTICLE if format == ARTICLE else TranscriptFormat(format).value
    layout = detect_format(ahead)
    if layout is TranscriptFormat.PLAIN:
        labelled = sum(1 for t in parse_lines(ahead, format=layout).turns if t.speaker is not None)
        return TranscriptFormat.PLAIN.value if labelled >= 2 else ARTICLE
    return layout.value


def _article_units(lines: Iterator[tuple[int, str]], language: str, speaker: str | None) -> Iterator[_Unit]:
    if speaker:
        given = "given: the caller named the speaker"
        who, reason = speaker, Reason(part=DraftPart.SPEAKER, phrase=speaker, rule=given)
    else:
        who, reason = _passage_speaker(None)
    for block in ArticleReader(language=language).blocks(lines):
        yield _Unit(block.text, who, reason, language, _fixed(block.heading, block.line), block.bullet)


def _chunks(lines: Iterator[tuple[int, str]], layout: TranscriptFormat) -> Iterator[list[tuple[int, str]]]:
    """Runs of about :data:`CHUNK_LINES` lines, cut before a line that starts a turn or cue (or at a blank line)."""
    starts = _STARTS_PIECE.get(layout.value)
    chunk: list[tuple[int, str]] = []
    for number, line in lines:
        if len(chunk) >= CHUNK_LINES:
            cut = (starts.match(line) is not None) if starts is not None else not line.strip()
            if cut or len(chunk) >= _HARD_CHUNK:
                yield chunk
                chunk = []
        chunk.append((number, line))
    if chunk:
        yield chunk


def _shifted(turn: Turn, by: int) -> Turn:
    marks = tuple(attrs.evolve(m, line=m.line + by) for m in turn.marks)
    return attrs.evolve(turn, line=turn.line + by, marks=marks)


def _parsed(
    chunk: list[tuple[int, str]], layout: TranscriptFormat, path: str | None
) -> tuple[list[Turn], list[Problem]]:
    """The turns and problems of one chunk, with line numbers of the whole input."""
    by = chunk[0][0] - 1
    transcript = parse_lines((line for _, line in chunk), path=path, format=layout)
    turns = [_shifted(t, by) for t in transcript.turns] if by else list(transcript.turns)
    problems = []
    for problem in transcript.problems:
        if problem.code == "empty_transcript":
            continue
        message = _LINE_PREFIX.sub(lambda m: f"line {int(m.group(1)) + by}: ", problem.message, count=1)
        problems.append(problem.model_copy(update={"message": message}))
    return turns, problems


def _interviewer(turns: list[Turn], language: str, guest: str | None) -> tuple[str | None, str | None]:
    """The speaker who asks clearly the most questions (at least 2, twice the next one), never the guest."""
    asked: Counter[str] = Counter()
    for turn in turns:
        if turn.speaker is not None:
            asked[turn.speaker] += sum(1 for s in split_sentences(turn.text, language) if is_question(s.text, language))
    ranked = [(n, who) for who, n in asked.most_common() if not (guest and _same_speaker(who, guest))]
    if len(asked) < 2 or not ranked or ranked[0][0] < 2:
        return None, None
    runner_up = max((n for who, n in asked.items() if who != ranked[0][1]), default=0)
    if ranked[0][0] < 2 * runner_up:
        return None, None
    return ranked[0][1], f"asked the most questions ({ranked[0][0]}; next {runner_up}) in the first {CHUNK_LINES} lines"


def _transcript_units(
    lines: Iterator[tuple[int, str]],
    layout: TranscriptFormat,
    stats: ExtractStats,
    guest: str | None,
    interviewer: str | None,
    path: str | None,
) -> Iterator[_Unit | Problem]:
    language = stats.language or "en"
    named = False
    first = True
    matched = False
    for chunk in _chunks(lines, layout):
        turns, problems = _parsed(chunk, layout, path)
        yield from problems
        if first:
            first = False
            named = any(t.speaker is not None for t in turns)
            if interviewer:
                stats.interviewer, stats.interviewer_rule = interviewer, "given"
            else:
                stats.interviewer, stats.interviewer_rule = _interviewer(turns, language, guest)
        for turn in turns:
            unit = _turn_unit(turn, language, stats, guest, named)
            if unit is not None:
                matched = matched or guest is None or turn.speaker is not None
                yield unit
    if guest and named and not matched:
        yield Problem(
            message=f"no turn is labelled {guest!r}: nothing drafted (check --speaker against the transcript's labels)",
            path=path,
            code="speaker_not_found",
            severity="warning",
        )


def _turn_unit(turn: Turn, language: str, stats: ExtractStats, guest: str | None, named: bool) -> _Unit | None:
    label = turn.speaker
    if label is not None and stats.interviewer and _same_speaker(label, stats.interviewer):
        stats.skipped["interviewer"] += 1
        return None
    if guest:
        if label is None and named:
            stats.skipped["unnamed-turn"] += 1
            return None
        if label is not None and not _same_speaker(label, guest):
            stats.skipped["other-speaker"] += 1
            return None
        phrase = label or ""
        rule = "turn-label: labelled with the given speaker" if label else "given: the input names no speaker"
        who, reason = guest, Reason(part=DraftPart.SPEAKER, phrase=phrase, rule=rule)
    elif label is not None:
        who, reason = label, Reason(part=DraftPart.SPEAKER, phrase=label, rule="turn-label")
    else:
        who, reason = _passage_speaker(None)

    def locate(begin: int, _end: int) -> tuple[str | None, int | None]:
        mark = turn.mark_at(begin)
        return mark.locator, mark.line

    return _Unit(turn.text, who, reason, language, locate)


class ExtractOptions(TypedDict, total=False):
    """The keyword arguments of :func:`iter_extract` and :func:`iter_extract_file` (as :func:`iter_extract_lines`)."""

    said_on: Required[date | str]
    language: str | None
    speaker: str | None
    interviewer: str | None
    source: Source | str | None
    kinds: Iterable[ClaimKind | str] | None
    extractor: Extractor | None
    format: TranscriptFormat | str | None
    stats: ExtractStats | None


def iter_extract(text: str, **options: Unpack[ExtractOptions]) -> Iterator[Draft | Problem]:
    """Drafts and problems from a string, as they are made; options as :func:`iter_extract_lines`."""
    return iter_extract_lines(_text_lines(text), **options)


def iter_extract_file(path: str | os.PathLike[str], **options: Unpack[ExtractOptions]) -> Iterator[Draft | Problem]:
    """Drafts and problems from a UTF-8 file read line by line; options as :func:`iter_extract_lines`.

    Raises :class:`~claimtrack.errors.InvalidRecordError` naming the line and byte when the
    file holds a NUL byte (binary, UTF-16) or is not UTF-8, and :class:`OSError` when it
    cannot be read; drafts already yielded before then came from the lines before.
    """
    name = os.fspath(path)
    return iter_extract_lines(_file_lines(name), path=name, **options)


def _collect(items: Iterator[Draft | Problem], stats: ExtractStats) -> ExtractResult:
    drafts: list[Draft] = []
    problems: list[Problem] = []
    for item in items:
        if isinstance(item, Draft):
            drafts.append(item)
        else:
            problems.append(item)
    return ExtractResult(drafts=tuple(drafts), problems=tuple(problems), stats=stats)


def extract(text: str, **options: Unpack[ExtractOptions]) -> ExtractResult:
    """Draft claims from ``text`` (an article or a transcript): see the module docstring.

    Options (:class:`ExtractOptions`): ``said_on`` (required), ``language``, ``speaker`` (the
    guest), ``interviewer``, ``source`` (a URL, a title or a :class:`~claimtrack.model.Source`),
    ``kinds``, ``extractor`` (default :class:`RuleExtractor`), ``format``, ``stats``.

    Example:
        >>> r = extract("[00:01:02] Guest: We will open-source the model next year.", said_on="2024-03-18")
        >>> d = r.drafts[0]
        >>> (d.claim.kind.value, d.claim.speaker.name, d.claim.sources[0].locator, str(d.claim.deadline))
        ('commitment', 'Guest', '00:01:02', '2025-12-31')
        >>> [(x.part.value, x.phrase) for x in d.reasons]
        [('kind', 'We will'), ('speaker', 'Guest'), ('horizon', 'next year'), ('credence', 'will')]
    """
    stats = options["stats"] = options.get("stats") or ExtractStats()
    return _collect(iter_extract_lines(_text_lines(text), **options), stats)


def extract_file(path: str | os.PathLike[str], **options: Unpack[ExtractOptions]) -> ExtractResult:
    """Draft claims from a UTF-8 file read line by line; options as :func:`extract`.

    Raises as :func:`iter_extract_file` does (a binary or non-UTF-8 file), naming the line and byte.
    """
    stats = options["stats"] = options.get("stats") or ExtractStats()
    return _collect(iter_extract_file(path, **options), stats)
