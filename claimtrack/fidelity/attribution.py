"""Attribution: did the speaker a rendering names say its words, or did someone else in the transcript?

:func:`attribute` finds the passage of a :class:`~claimtrack.intake.Transcript` closest
to a rendering and compares its speaker with the one the rendering names. Passages are
windows of one to three consecutive sentences inside one speaker's turn (a long answer
is many passages, so a one-line rendering can match part of it), each located to the
line or cue it starts in.

Closeness is word overlap, measured so that a long passage does not win by length and
a shared "I think" counts for nothing:

* both texts are folded (NFKC, lower case, plain quotes), cut into words, stripped of
  English function words and lightly stemmed ("tweeted" -> "tweet", "politicized" and
  "political" -> "politic");
* a word of the rendering is found in a passage when the passage has the same stem or,
  for stems of six letters or more, one that rapidfuzz's ``fuzz.ratio`` scores 85 or
  more ("hallucinate" / "hallucinating", "capitalize" / "capitalizing");
* each word weighs its inverse document frequency over the transcript's sentences, so
  "trillion" counts more than "people";
* recall R is the weight of the rendering's words found in the passage over the weight
  of all its words, precision P the weight of the passage's words found in the rendering
  over the passage's; the score is 100 x F2 = 500PR / (4P + R) (recall counts four times
  as much: a rendering is usually shorter than the passage it comes from).

Ties go to the shorter passage, then to the higher ``rapidfuzz.fuzz.token_set_ratio``
of the two texts' content words, then to the earlier passage. A best score below
:data:`THRESHOLD` is ``no_match``. docs/fidelity.md gives the measurements behind
these choices (``token_set_ratio`` alone, over the raw texts, gives unrelated sentences
scores up to 74 on the bundled transcript: function words are shared by everything).

Matching needs two texts in one language, and rapidfuzz scores Japanese against English
at 0, so the rendering must be given in the transcript's language, English: a claim's
``translations["en"]``. Any other ``language`` gives ``not_supported``, never a guess.

It proposes; it never writes to a ledger.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

import attrs
from rapidfuzz import fuzz, process

from claimtrack.fidelity._text import fold, language_of
from claimtrack.intake import Transcript, Turn
from claimtrack.model import Claim, SourceRole, html_repr

__all__ = [
    "THRESHOLD",
    "AttributionCheck",
    "AttributionStatus",
    "attribute",
    "check_attributions",
    "speaker_matches",
]

THRESHOLD = 35.0
"""The lowest score (0-100) of a passage that counts as the rendering's source (see docs/fidelity.md)."""
WINDOW = 3
"""The most sentences in one passage."""
_TIE_BREAK = 200
FUZZY_CUTOFF = 85.0
FUZZY_MIN_LENGTH = 6
TRANSCRIPT_LANGUAGE = "en"

_STOP_WORDS = """a about above after again all also am an and any are aren as at be because been before being
    between both but by can cannot could couldn did didn do does doesn doing don done down during each
    even every few for from further get gets getting go goes going gonna got had hadn has hasn have
    haven having he her here hers him his how however if in into is isn it its itself just kind know
    let like ll lot lots may me might more most much must my no nor not now of off oh ok okay on once
    one only or other others our ours out over own re really said same say says she should
    shouldn so some sort still such than that the their theirs them then there these they thing
    things think this those though through to too under until up us ve very wanna was wasn way we
    well were weren what when where whether which while who whom why will with won would wouldn yeah
    yes yet you your yours"""
_STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES: tuple[str, ...] = ("ization", "izing", "ized", "izes", "ize", "ation", "ings", "ing", "ied", "ies")
_SUFFIXES += ("ed", "es", "ly", "al", "s")
_WORD = re.compile(r"[a-z0-9]+|[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<![.!?\u2026])[.!?\u2026]++[\"')\u201d\u2019\]]*+\s+")


class AttributionStatus(StrEnum):
    """What :func:`attribute` found about who said a rendering's words."""

    SAME_SPEAKER = "same_speaker"
    """The closest passage is the named speaker's."""
    OTHER_SPEAKER = "other_speaker"
    """The closest passage is someone else's: a possible misattribution for a person to check."""
    NO_MATCH = "no_match"
    """No passage scores :data:`THRESHOLD` or more: the words are not in this transcript."""
    UNKNOWN_SPEAKER = "unknown_speaker"
    """The closest passage has no speaker in the transcript (a cue without a voice tag)."""
    NOT_SUPPORTED = "not_supported"
    """Nothing to compare: a rendering not in English, an empty one, or a transcript without turns."""


@attrs.frozen(kw_only=True)
class AttributionCheck:
    """Who said the words of one rendering, according to one transcript."""

    status: AttributionStatus
    passage: Turn | None
    """The closest passage (None for no_match and not_supported)."""
    score: float
    """The closest passage's score, 0-100 (0 when nothing was compared)."""
    speaker: str
    """The speaker the rendering names."""
    passage_speaker: str | None
    candidates: tuple[tuple[Turn, float], ...] = ()
    """The best non-overlapping passages and their scores, best first (the ``top`` asked for)."""
    reason: str
    claim_id: str | None = None
    """The claim checked, for :func:`check_attributions`."""

    @property
    def locator(self) -> str | None:
        """Where the closest passage starts (``hh:mm:ss``), or None."""
        return self.passage.locator if self.passage is not None else None

    def __repr__(self) -> str:
        claim = f"{self.claim_id!r}, " if self.claim_id is not None else ""
        at = f", at={self.locator!r}" if self.locator is not None else ""
        return (
            f"AttributionCheck({claim}status={self.status.value!r}, score={round(self.score, 1)}, "
            f"speaker={self.speaker!r}, passage_speaker={self.passage_speaker!r}{at})"
        )

    def _repr_html_(self) -> str | None:
        """The status, the two speakers and the closest passage, for a notebook."""
        return html_repr(self)


# -- words -----------------------------------------------------------------------------------


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _stems(text: str) -> list[str]:
    """The content words of ``text``, stemmed, in order (digits kept: "7", "128k")."""
    words = _WORD.findall(fold(text))
    return [_stem(w) for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())]


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(fold(name)) if w not in ("mr", "mrs", "ms", "dr", "prof"))


def speaker_matches(expected: str, label: str | None) -> bool:
    """Whether a transcript's speaker label names the expected speaker.

    Case and spacing are ignored, and a label may give part of the name: "Sam Altman"
    matches "SAM ALTMAN", "Altman" and "Sam" (but not "Sam Harris").
    """
    if label is None:
        return False
    want, got = _name_words(expected), _name_words(label)
    if not want or not got:
        return False
    return set(got) <= set(want) or set(want) <= set(got)


# -- passages --------------------------------------------------------------------------------


def _sentences(turn: Turn) -> list[tuple[int, int]]:
    """(begin, end) offsets of the sentences of a turn's text.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` before a capital, a digit or a quote,
    and at any such mark where a new line or cue of the turn starts; an ellipsis inside a
    line (the transcript's own omission mark) followed by a small letter does not end one.
    """
    text = turn.text
    starts = {mark.offset for mark in turn.marks}
    spans: list[tuple[int, int]] = []
    begin = 0
    for found in _SENTENCE_END.finditer(text):
        after = text[found.end() : found.end() + 1]
        opens = after.isupper() or after.isdigit() or after in "\"'\u201c\u2018("
        if found.end() in starts or (opens and not found.group().startswith(("...", "\u2026"))):
            spans.append((begin, found.end()))
            begin = found.end()
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


@attrs.frozen
class _Window:
    source: Turn
    stems: frozenset[str]
    sentences: int
    order: int
    turn: int
    begin: int
    end: int

    @property
    def passage(self) -> Turn:
        """The window's text as a turn located to the line or cue it starts in (made when asked for)."""
        return self.source.passage(self.begin, self.end)


@attrs.frozen
class _Index:
    windows: tuple[_Window, ...]
    postings: dict[str, tuple[int, ...]]
    idf: dict[str, float]
    vocabulary: tuple[str, ...]
    unseen: float


def _index(transcript: Transcript) -> _Index:
    windows: list[_Window] = []
    frequency: dict[str, int] = {}
    count = 0
    for number, turn in enumerate(transcript.turns):
        spans = _sentences(turn)
        stems = [frozenset(_stems(turn.text[b:e])) for b, e in spans]
        for sentence in stems:
            count += 1
            for stem in sentence:
                frequency[stem] = frequency.get(stem, 0) + 1
        for i in range(len(spans)):
            for j in range(i, min(i + WINDOW, len(spans))):
                words = frozenset[str]().union(*stems[i : j + 1])
                if words:
                    begin, end = spans[i][0], spans[j][1]
                    windows.append(_Window(turn, words, j - i + 1, len(windows), number, begin, end))
    postings: dict[str, list[int]] = {}
    for window in windows:
        for stem in window.stems:
            postings.setdefault(stem, []).append(window.order)
    idf = {stem: math.log((count + 1) / (df + 1)) + 1 for stem, df in frequency.items()}
    return _Index(
        windows=tuple(windows),
        postings={stem: tuple(ids) for stem, ids in postings.items()},
        idf=idf,
        vocabulary=tuple(sorted(frequency)),
        unseen=math.log(count + 1) + 1,
    )


def _matches(stem: str, index: _Index) -> frozenset[str]:
    """The transcript's stems that count as ``stem``: itself, and close spellings of long stems."""
    found = {stem} if stem in index.idf else set()
    if len(stem) >= FUZZY_MIN_LENGTH:
        for other, _, _ in process.extract(
            stem, index.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            if len(other) >= FUZZY_MIN_LENGTH:
                found.add(other)
    return frozenset(found)


def _scored(rendering: str, index: _Index) -> list[tuple[float, _Window]]:
    """Every passage sharing a word with the rendering, with its score, best first."""
    stems = set(_stems(rendering))
    matches = {stem: _matches(stem, index) for stem in stems}
    weight = {stem: index.idf.get(stem, index.unseen) for stem in stems}
    total = sum(weight.values())
    related = frozenset[str]().union(*matches.values())
    ids = sorted({i for stem in related for i in index.postings.get(stem, ())})
    scored: list[tuple[float, _Window]] = []
    for i in ids:
        window = index.windows[i]
        found = sum(weight[s] for s in stems if matches[s] & window.stems)
        recall = found / total
        own = sum(index.idf[s] for s in window.stems)
        precision = sum(index.idf[s] for s in window.stems & related) / own
        if recall and precision:
            scored.append((100 * 5 * precision * recall / (4 * precision + recall), window))
    scored.sort(key=lambda item: (-round(item[0], 6), item[1].sentences, item[1].order))
    content = " ".join(sorted(stems))

    def rank(item: tuple[float, _Window]) -> tuple[float, int, float, int]:
        score, window = item
        tie = fuzz.token_set_ratio(content, " ".join(sorted(window.stems)))
        return (-round(score, 6), window.sentences, -tie, window.order)

    head = sorted(scored[:_TIE_BREAK], key=rank)  # ties matter only where the candidates are picked
    return head + scored[_TIE_BREAK:]


def _distinct(scored: list[tuple[float, _Window]], top: int) -> tuple[tuple[Turn, float], ...]:
    """The best ``top`` passages that do not overlap one another."""
    chosen: list[tuple[Turn, float]] = []
    taken: list[_Window] = []
    for score, window in scored:
        if len(chosen) >= top:
            break
        if any(_overlap(window, other) for other in taken):
            continue
        taken.append(window)
        chosen.append((window.passage, round(score, 1)))
    return tuple(chosen)


def _overlap(a: _Window, b: _Window) -> bool:
    return a.turn == b.turn and a.begin < b.end and b.begin < a.end


# -- verdicts --------------------------------------------------------------------------------


def _where(passage: Turn) -> str:
    return f"at {passage.locator}" if passage.locator else f"on line {passage.line}"


def _reason(
    status: AttributionStatus,
    speaker: str,
    passage: Turn,
    score: float,
    speakers: tuple[str, ...],
    rival: tuple[Turn, float] | None,
) -> str:
    said = f"the closest passage ({_where(passage)}, score {score:.0f})"
    absent = (
        "" if any(speaker_matches(speaker, s) for s in speakers) else f"; {speaker} never speaks in this transcript"
    )
    aside = f"; the closest of {rival[0].speaker}'s is {_where(rival[0])} (score {rival[1]:.0f})" if rival else ""
    if status is AttributionStatus.SAME_SPEAKER:
        return f"{said} was said by {passage.speaker}, the speaker named ({speaker}){aside}"
    if status is AttributionStatus.OTHER_SPEAKER:
        return f"{said} was said by {passage.speaker}, not by {speaker}: check whether {speaker} said it{aside}{absent}"
    if status is AttributionStatus.UNKNOWN_SPEAKER:
        return f"{said} has no speaker in the transcript, so it cannot tell whether {speaker} said it"
    return (
        f"no passage is close enough: the best ({_where(passage)}, said by {passage.speaker or 'an unnamed speaker'}) "
        f"scores {score:.0f}, below {THRESHOLD:.0f}"
    )


def _rival(scored: list[tuple[float, _Window]], speaker: str, named: bool) -> tuple[Turn, float] | None:
    """The best passage on the other side (the named speaker's when ``named``, else anyone else's) scoring
    :data:`THRESHOLD` or more: what a person checking the result wants to see next."""
    seen: dict[str, bool] = {}
    for score, window in scored:
        if score < THRESHOLD:
            return None
        label = window.source.speaker
        if label is None:
            continue
        if label not in seen:
            seen[label] = speaker_matches(speaker, label)
        if seen[label] == named:
            return window.passage, round(score, 1)
    return None


def _unsupported(speaker: str, reason: str, claim_id: str | None = None) -> AttributionCheck:
    return AttributionCheck(
        status=AttributionStatus.NOT_SUPPORTED,
        passage=None,
        score=0.0,
        speaker=speaker,
        passage_speaker=None,
        reason=reason,
        claim_id=claim_id,
    )


def _attribute(
    rendering: str,
    transcript: Transcript,
    index: _Index,
    *,
    speaker: str,
    language: str,
    top: int,
    claim_id: str | None,
) -> AttributionCheck:
    base = language_of(language)
    if base != TRANSCRIPT_LANGUAGE:
        return _unsupported(
            speaker,
            f"the rendering is in {language!r} and the transcript in English: words are matched within one "
            "language (rapidfuzz scores Japanese against English at 0), so pass its English translation",
            claim_id,
        )
    if not _stems(rendering):
        return _unsupported(speaker, "the rendering has no words to match", claim_id)
    if not index.windows:
        return _unsupported(speaker, "the transcript has no passages to match against", claim_id)
    scored = _scored(rendering, index)
    candidates = _distinct(scored, max(top, 1))
    if not candidates:
        return AttributionCheck(
            status=AttributionStatus.NO_MATCH,
            passage=None,
            score=0.0,
            speaker=speaker,
            passage_speaker=None,
            reason="no passage of the transcript shares a word with the rendering",
            claim_id=claim_id,
        )
    best, score = candidates[0]
    if score < THRESHOLD:
        status = AttributionStatus.NO_MATCH
    elif best.speaker is None:
        status = AttributionStatus.UNKNOWN_SPEAKER
    elif speaker_matches(speaker, best.speaker):
        status = AttributionStatus.SAME_SPEAKER
    else:
        status = AttributionStatus.OTHER_SPEAKER
    rival = None
    if status in (AttributionStatus.SAME_SPEAKER, AttributionStatus.OTHER_SPEAKER):
        rival = _rival(scored, speaker, named=status is AttributionStatus.OTHER_SPEAKER)
    return AttributionCheck(
        status=status,
        passage=None if status is AttributionStatus.NO_MATCH else best,
        score=score,
        speaker=speaker,
        passage_speaker=None if status is AttributionStatus.NO_MATCH else best.speaker,
        candidates=candidates[:top],
        reason=_reason(status, speaker, best, score, transcript.speakers, rival),
        claim_id=claim_id,
    )


def attribute(
    rendering: str, transcript: Transcript, *, speaker: str, language: str = "en", top: int = 3
) -> AttributionCheck:
    """Find the passage of ``transcript`` closest to ``rendering`` and say whether ``speaker`` said it.

    ``rendering`` must be English (``language``); pass a claim's ``translations["en"]``
    for a rendering in another language. See the module docstring for the score.

    Example::

        >>> from claimtrack.intake import parse_transcript
        >>> t = parse_transcript("[01:13:06] Lex Fridman: maybe the right is against AI and the left is for AI\\n"
        ...                      "[01:13:37] Sam Altman: I think it will get caught up in like left versus right wars.")
        >>> attribute("The right is against AI, the left for it.", t, speaker="Sam Altman").status.value
        'other_speaker'
    """
    return _attribute(
        rendering, transcript, _index(transcript), speaker=speaker, language=language, top=top, claim_id=None
    )


class _HasClaims(Protocol):
    def claims(self) -> Iterable[Claim]: ...


def _english(claim: Claim) -> str | None:
    for tag, text in claim.translations.items():
        if language_of(tag) == "en" and text.strip():
            return text
    return claim.text if language_of(claim.language) == "en" else None


def check_attributions(
    ledger_or_claims: _HasClaims | Iterable[Claim], transcript: Transcript, *, top: int = 3
) -> tuple[AttributionCheck, ...]:
    """:func:`attribute` for every claim with a secondary source (a rendering someone published), in order.

    The words matched are the claim's English text (its ``translations["en"]``, or its
    text when the claim is in English) and the speaker is the claim's; a claim without
    an English text gives ``not_supported`` naming it. Nothing is written.
    """
    claims = ledger_or_claims.claims() if hasattr(ledger_or_claims, "claims") else ledger_or_claims
    index = _index(transcript)
    out: list[AttributionCheck] = []
    for claim in claims:
        if not any(source.role is SourceRole.SECONDARY for source in claim.sources):
            continue
        text = _english(claim)
        if text is None:
            reason = f"claim {claim.id!r} has no English text (translations['en']) to match against the transcript"
            out.append(_unsupported(claim.speaker.name, reason, claim.id))
            continue
        out.append(
            _attribute(text, transcript, index, speaker=claim.speaker.name, language="en", top=top, claim_id=claim.id)
        )
    return tuple(out)
