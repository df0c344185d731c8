"""Tokens: the words a claim or a piece of evidence is matched on.

Text is cut into lower-cased, lightly stemmed English words without stop
words, product names kept whole (``GPT-4o`` -> ``gpt4o``, ``o1``,
``Grok-1``), and overlapping character pairs for Japanese, Chinese and
Korean, so that Japanese matches Japanese without a word segmenter. The
words of a URL's path count too, without ids and hashes. See
:mod:`claimtrack.checking.matching` for how shared tokens are weighed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from claimtrack.model import Evidence

__all__ = [
    "HAS_DIGIT",
    "IS_CJK",
    "evidence_text",
    "evidence_tokens",
    "is_product",
    "name_tokens",
    "tokens",
    "url_words",
]

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
_PIECE = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:[-.'’][^\W_{_CJK}]+)*")
IS_CJK = re.compile(rf"[{_CJK}]")
HAS_DIGIT = re.compile(r"\d")
_HAS_ALPHA = re.compile(r"[^\W\d_]")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP = _wordset(
    """
    a an the and or but if then than that this these those is are was were be been being am do does did doing
    done have has had having i me my mine we our ours us you your yours he him his she her hers it its they
    them their theirs what which who whom whose when where why how all any both each few more most other some
    such no nor not only own same so too very can cannot will just should would could may might must shall of
    at by for with about against between into through during before after above below to from up down in out
    on off over under again further once here there as s t don dont didnt doesnt isnt wasnt arent werent
    wont cant im ive youre were well going think thing things like really kind sort lot get got also one way
    even much many yes yeah oh ok okay maybe actually just quite still something someone anything everything
    say says said saying according via per vs etc e.g i.e now new
    """
)
"""Function words, filler of spoken English, and newsroom words that say nothing about a claim."""

_URL_NOISE = _wordset(
    """
    www com org net html htm php aspx asp amp index news blog blogs article articles post posts p id page pages
    story stories tag tags category categories wiki en us uk feature features resources contents content
    channels channel media technology tech business world i a o s
    """
)
"""Words of a URL's path that are site furniture, not the story."""

# (suffix, replacement), tried in order; the first that leaves a stem of 4 or more letters wins.
_SUFFIXES = (
    ("izations", "iz"),
    ("ization", "iz"),
    ("ational", "at"),
    ("ations", "at"),
    ("ation", "at"),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ities", ""),
    ("ity", ""),
    ("ically", "ic"),
    ("ical", "ic"),
    ("ics", "ic"),
    ("ings", ""),
    ("ing", ""),
    ("ions", ""),
    ("ion", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("ly", ""),
    ("s", ""),
    ("e", ""),
)
_STEM_MIN = 4

_EVIDENCE_FIELDS = {"title": 1.0, "excerpt": 0.9, "question": 0.9, "url": 0.4, "publisher": 0.3}
"""Weight of a token by the evidence field it appears in (title, excerpt and the question an answer answers
more than the publisher)."""


def _stem(word: str) -> str:
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) == _STEM_MIN:
        return word[:-1]  # a short plural: llms -> llm, gpus -> gpu
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _STEM_MIN:
            return word[: -len(suffix)] + replacement
    return word


def is_product(token: str) -> bool:
    return bool(HAS_DIGIT.search(token)) and bool(_HAS_ALPHA.search(token))


_CACHED_PIECE = 64
"""Longest piece whose tokens are cached: words are short, and a cache keyed on untrusted
text of any length would hold every long run it was ever given (65,536 of them)."""


def _word_tokens(piece: str) -> tuple[str, ...]:
    """Tokens of one casefolded non-CJK piece (``gpt-4o``, ``state-affiliated``, ``altman's``)."""
    if len(piece) > _CACHED_PIECE:
        return _piece_tokens(piece)
    return _cached_piece_tokens(piece)


def _piece_tokens(piece: str) -> tuple[str, ...]:
    piece = re.sub(r"['’]s$", "", piece)
    if HAS_DIGIT.search(piece) and _HAS_ALPHA.search(piece):
        joined = re.sub(r"[-.'’]", "", piece)
        return (joined,)  # a product name or version, kept whole: gpt-4o -> gpt4o, grok-1 -> grok1
    out = []
    for part in re.split(r"[-.]", piece):
        part = part.replace("'", "").replace("’", "")
        if not part or part in _STOP:
            continue
        if len(part) == 1 and not part.isdigit():
            continue
        out.append(part if part.isdigit() else _stem(part))
    return tuple(out)


_cached_piece_tokens = functools.lru_cache(maxsize=65536)(_piece_tokens)


def tokens(text: str) -> tuple[str, ...]:
    """The matching tokens of ``text``: stemmed content words, whole product names, character pairs for CJK."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for piece in _PIECE.findall(text):
        if IS_CJK.match(piece):
            if len(piece) == 1:
                out.append(piece)
            else:
                out.extend(piece[i : i + 2] for i in range(len(piece) - 1))
        else:
            out.extend(_word_tokens(piece))
    return tuple(out)


def name_tokens(text: str, names: set[str], common: set[str]) -> None:
    """Collect into ``names`` the tokens of words capitalised mid-sentence and of product names, and
    into ``common`` those of words written in lower case (a name is a word never written in lower case)."""
    text = unicodedata.normalize("NFKC", text)
    for m in _PIECE.finditer(text):
        piece = m.group()
        if IS_CJK.match(piece):
            continue
        before = text[max(0, m.start() - 8) : m.start()].rstrip(" \"'“‘([")
        if m.start() > 8 and not before:
            before = text[: m.start()].rstrip(" \"'“‘([")
        sentence_start = not before or before[-1] in ".!?:;]…"
        toks = _word_tokens(piece.casefold())
        if is_product(piece.casefold()) or (piece[:1].isupper() and not sentence_start):
            names.update(toks)
        elif piece[:1].islower():
            common.update(toks)


def url_words(url: str | None) -> str:
    """The words of a URL's path ("helion-starts-construction" -> "helion starts construction"), without ids."""
    if not url:
        return ""
    path = unquote(urlsplit(url).path)
    words = []
    for segment in path.split("/"):
        segment = re.sub(r"\.(html?|php|aspx?|jsp)$", "", segment)
        for word in re.split(r"[-_+\s]+", segment):
            low = word.casefold()
            if not word or low in _URL_NOISE:
                continue
            if len(word) >= 6 and HAS_DIGIT.search(word) and not re.match(r"^[a-z]+-?\d{1,2}[a-z]?$", low):
                continue  # an id or hash (89ab3db0, 1033786082), not a product name (gpt4o)
            if word.isdigit() and len(word) > 4:
                continue
            words.append(word)
    return " ".join(words)


def evidence_tokens(evidence: Evidence) -> dict[str, float]:
    """Each token of ``evidence`` with the weight of the most telling field it appears in."""
    weights: dict[str, float] = {}
    fields = (
        ("title", evidence.title),
        ("excerpt", evidence.excerpt),
        ("question", evidence.question),
        ("url", url_words(evidence.url)),
        ("publisher", evidence.publisher),
    )
    for field, text in fields:
        if not text:
            continue
        weight = _EVIDENCE_FIELDS[field]
        if weight <= 0.0:
            continue
        for tok in tokens(text):
            if weight > weights.get(tok, 0.0):
                weights[tok] = weight
    return weights


def evidence_text(evidence: Evidence) -> str:
    """The free text of evidence that matching reads: title and excerpt (the URL's words count too)."""
    return " ".join(t for t in (evidence.title, evidence.excerpt) if t)
