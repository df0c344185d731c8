"""What one text says about time, amounts, credence and polarity: the readings ``compare`` sets side by side.

:func:`read` prepares a text once (cleaned, folded, split into sentences) and
reads it with the library's own parsers: :func:`claimtrack.dates.parse_horizon`
for horizons (sentence by sentence, so a long quote keeps every horizon it
names), :func:`claimtrack.dates.credence_from_text` for hedges, and this
package's :mod:`~claimtrack.fidelity.numbers` and :mod:`~claimtrack.fidelity.negation`.
Readings are cached per text (and per ``said_on`` for horizons); nothing here
does I/O or reads the clock.
"""

from __future__ import annotations

import bisect
import functools
import re
from datetime import date, timedelta

import attrs

from claimtrack.dates import credence_from_text, parse_horizon
from claimtrack.errors import ClaimtrackError
from claimtrack.fidelity import negation, numbers
from claimtrack.fidelity._text import CJK_LANGUAGES, clauses, clean, display_text, fold, sentences
from claimtrack.model import Credence, CredenceBasis, Horizon

__all__ = ["HedgeReading", "Reading", "horizons", "level_name", "read"]

_CACHED_TEXT = 4_000
"""Texts up to this many characters have their readings cached (ledgers repeat their quotes)."""
_FAR_FUTURE = timedelta(days=365 * 100)
"""A horizon ending more than a century after ``said_on`` is a misreading (``2030年`` as 4054), not a deadline."""


@attrs.frozen
class HedgeReading:
    """The credence one sentence expresses, on an ordinal scale of seven steps.

    ``level``: 0 almost no chance / almost certainly not, 1 very unlikely, 2 unlikely /
    probably not, 3 roughly even chance, 4 likely, 5 very likely, 6 almost certain
    or stated flatly ("will", 「リリースする」).
    """

    level: int
    word: str
    """The hedge (or the flat "will") as written."""
    band: str
    """The band's name, or ``unhedged``, ``conjecture`` or ``stated 70%``."""
    sentence: str


_BAND_LEVELS = {
    "almost no chance": 0, "almost certainly not": 0, "very unlikely": 1, "unlikely": 2, "probably not": 2,
    "roughly even chance": 3, "likely": 4, "very likely": 5, "almost certain": 6,
}  # fmt: skip
_LEVEL_NAMES = (
    "almost no chance (1-5%)",
    "very unlikely (5-20%)",
    "unlikely (20-45%)",
    "roughly even chance (45-55%)",
    "likely (55-80%)",
    "very likely (80-95%)",
    "almost certain or stated flatly",
)
_CONJECTURE = {
    "ja": re.compile(r"だろう|でしょう|と思われ|ようだ|ように思|みたいだ"),
    "zh": re.compile(r"应该|大概|估计|恐怕"),
    "de": re.compile(r"\bwohl\b|\bdurfte\w*"),
    "fr": re.compile(r"\bdevrait\b|\bdevraient\b"),
    "es": re.compile(r"\bdeberia\w*"),
    "en": re.compile(r"\bshould\b|\bwould\b"),
}
"""Endings that mark a statement as a guess, not a certainty, though no hedge band names them
(「達成できるだろう」): such a sentence is read one step below a flat statement ("very likely"), the
way translators render "will" in Japanese, never as stated flatly."""
_EMBEDDED = {
    "ja": re.compile(r"\s*(?:事|こと|ため|ように|べき|という|場合|もの|の(?=[はがをにも]))"),
}
"""What follows a verb that is not the sentence's assertion: 「…役に立つ物になる事を目指している」 aims at
becoming, it does not say "will become". An unhedged reading on such a verb is no reading."""


def level_name(level: int) -> str:
    """The band a hedge level stands for, in words."""
    return _LEVEL_NAMES[max(0, min(level, 6))]


def _level(credence: Credence) -> int | None:
    if credence.basis is CredenceBasis.UNHEDGED:
        return 6
    if credence.band is not None and credence.band in _BAND_LEVELS:
        return _BAND_LEVELS[credence.band]
    p = credence.p
    if p is None:
        return None
    for level, upper in enumerate((0.05, 0.2, 0.45, 0.55, 0.8, 0.95)):
        if p < upper or (level == 3 and p <= upper):
            return level
    return 6


@attrs.frozen
class Reading:
    """A text prepared for comparison: cleaned, folded, in sentences, with what the readers found."""

    text: str
    """The cleaned text (timestamps, speaker labels and editorial remarks removed)."""
    folded: str
    language: str
    sentences: tuple[str, ...]
    quantities: tuple[numbers.Quantity, ...]
    anchors: tuple[negation.Anchor, ...]
    negated: bool
    hedges: tuple[HedgeReading, ...]
    normalised: str
    """Letters and digits only, for the "verbatim" test."""
    display: str
    """The cleaned text with spaces squeezed when it lines up with ``folded`` character for character, else
    ``folded``: spans are cut from it."""
    clause_bounds: tuple[tuple[int, int], ...]

    def span(self, start: int, end: int) -> str:
        """The words of the cleaned text behind folded offsets."""
        return self.display[start:end].strip()

    def clause(self, start: int, end: int) -> str:
        """The clause (of the folded text) around folded offsets, as written."""
        i = bisect.bisect_right(self.clause_bounds, (start, len(self.folded) + 1)) - 1
        if i >= 0:
            c_start, c_end = self.clause_bounds[i]
            if c_start <= start < c_end:
                return self.span(c_start, max(c_end, end))
        return self.span(start, end)

    @property
    def short(self) -> bool:
        """One sentence of at most 40 words (80 characters in Chinese or Japanese)."""
        if len(self.sentences) > 1:
            return False
        if self.language in CJK_LANGUAGES:
            return len(self.folded) <= 80
        return len(self.folded.split()) <= 40


def _hedges(sentence_list: tuple[str, ...], language: str) -> tuple[HedgeReading, ...]:
    out: list[HedgeReading] = []
    for sentence in sentence_list:
        credence = credence_from_text(sentence, language=language)
        if credence is None:
            continue
        if credence.basis is CredenceBasis.STATED and not _PROBABILITY.search(fold(sentence)):
            continue  # "40 pour cent" of a market is an amount, not a credence
        level = _level(credence)
        if level is None:
            continue
        band = credence.band or ("unhedged" if credence.basis is CredenceBasis.UNHEDGED else f"stated {credence.p}")
        word = credence.word or ""
        if level == 6 and credence.basis is CredenceBasis.UNHEDGED:
            folded = fold(sentence)
            conjecture = _CONJECTURE[language].search(folded)
            if conjecture is not None:
                level, band, word = 5, "conjecture", conjecture.group(0)
            elif (embedded := _EMBEDDED.get(language)) is not None and word:
                at = folded.find(fold(word))
                if at >= 0 and embedded.match(folded, at + len(fold(word))):
                    continue
        out.append(HedgeReading(level=level, word=word, band=band, sentence=sentence))
    return tuple(out)


_PROBABILITY = re.compile(
    r"chance|probab|likel|odds|confident|certain|sure|確率|可能性|概率|几率|wahrscheinlich|sicher|seguro|posib"
)
_NOT_WORD = re.compile(r"[\W_]+")


def _read(text: str, language: str) -> Reading:
    cleaned = clean(text)
    folded = fold(cleaned)
    sentence_list = tuple(sentences(cleaned)) or (cleaned,)
    return Reading(
        text=cleaned,
        folded=folded,
        language=language,
        sentences=sentence_list,
        quantities=tuple(numbers.quantities(folded, language)),
        anchors=tuple(negation.anchors(folded, language)),
        negated=negation.negated(folded, language),
        hedges=_hedges(sentence_list, language),
        normalised=_NOT_WORD.sub("", folded),
        display=display_text(cleaned, folded),
        clause_bounds=tuple(clauses(folded)),
    )


_read_cached = functools.lru_cache(maxsize=4096)(_read)


def read(text: str, language: str) -> Reading:
    """The reading of ``text`` in ``language`` (one of the six supported), cached for texts up to 4,000 characters."""
    if len(text) > _CACHED_TEXT:
        return _read(text, language)
    return _read_cached(text, language)


def _horizons(sentence_list: tuple[str, ...], said_on: date, language: str) -> tuple[Horizon, ...]:
    out: dict[tuple[object, ...], Horizon] = {}
    for sentence in sentence_list:
        try:
            horizon = parse_horizon(sentence, said_on, languages=[language])
        except (ClaimtrackError, ValueError, OverflowError):
            continue  # no horizon in this sentence, or one that ended before said_on
        if horizon.start < said_on or (horizon.end is not None and horizon.end - said_on > _FAR_FUTURE):
            continue  # a misreading, not a deadline
        out.setdefault((horizon.text, horizon.start, horizon.end, horizon.rule), horizon)
    return tuple(out.values())


_horizons_cached = functools.lru_cache(maxsize=8192)(_horizons)


def horizons(reading: Reading, said_on: date) -> tuple[Horizon, ...]:
    """The horizons the sentences of ``reading`` name, as :func:`parse_horizon` reads them from ``said_on``."""
    if len(reading.text) > _CACHED_TEXT:
        return _horizons(reading.sentences, said_on, reading.language)
    return _horizons_cached(reading.sentences, said_on, reading.language)


def clear_caches() -> None:
    """Forget cached readings (benchmarks measure a first pass)."""
    _read_cached.cache_clear()
    _horizons_cached.cache_clear()
