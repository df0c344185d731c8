"""Text preparation shared by the drift readers: cleaning, folding, sentences and clauses.

A quote as a ledger stores it often carries transcript furniture: timestamps
(``[01:33:04]``), speaker labels (``Lex:``, ``Altman [00:27:41]:``) and
editorial remarks in parentheses that name dates or say what was *not* said.
:func:`clean` removes that furniture, so the readers see only the words.

:func:`fold` makes the copy the patterns match against: NFKC (full-width digits
become ASCII), lower case, Latin accents dropped (``Milliarden`` stays,
``millón`` -> ``millon``), typographic quotes and dashes made plain, runs of
space squeezed. It keeps one character for one character whenever NFKC does,
so a match can be cut out of the cleaned text to quote the wording as written.
"""

from __future__ import annotations

import re
import unicodedata

from claimtrack.model.languages import primary_subtag

__all__ = ["CJK_LANGUAGES", "SUPPORTED", "clauses", "clean", "display_text", "fold", "language_of", "sentences"]

SUPPORTED = ("en", "ja", "zh", "de", "fr", "es")
"""The languages whose dates, numbers, hedges and negation the fidelity readers know."""
CJK_LANGUAGES = ("ja", "zh")

_ACCENTS = str.maketrans(
    {
        "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a",
        "é": "e", "è": "e", "ê": "e", "ë": "e",
        "í": "i", "ì": "i", "î": "i", "ï": "i",
        "ó": "o", "ò": "o", "ô": "o", "ö": "o", "õ": "o",
        "ú": "u", "ù": "u", "û": "u", "ü": "u",
        "ç": "c", "ñ": "n", "ÿ": "y", "ß": "s",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "«": '"', "»": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u3000": " ", "\xa0": " ", "\u202f": " ",
        "ヶ": "か", "ケ": "か", "ヵ": "か",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_TIMESTAMP = re.compile(r"\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]")
_SPEAKER = re.compile(r"(?:(?<=^)|(?<=[\s.!?\"']))(?:[A-Z][\w.'-]{0,20}|Q|A)\s*(?:\[[^\]]{0,20}\])?\s*:\s+")
_REMARK = re.compile(r"\((?:also|the date|see|note|cf\.|sic)\b[^()]{0,300}\)", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


def clean(text: str) -> str:
    """``text`` without transcript timestamps, speaker labels, editorial remarks and quote marks."""
    text = _TIMESTAMP.sub(" ", text)
    text = _REMARK.sub(" ", text)
    text = _SPEAKER.sub(" ", text)
    text = _ELLIPSIS.sub(" ... ", text)
    text = text.replace('"', " ").replace("\u201c", " ").replace("\u201d", " ")
    text = text.replace("「", "").replace("」", "").replace("『", "").replace("』", "")
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """The folded copy of ``text`` the patterns match against (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_ACCENTS)
    return _SPACES.sub(" ", folded).strip()


def display_text(text: str, folded: str) -> str:
    """The copy spans are cut from: ``text`` with spaces squeezed when it lines up with ``folded`` character
    for character (folding kept every character), else ``folded`` itself."""
    squeezed = _SPACES.sub(" ", text).strip()
    return squeezed if len(squeezed) == len(folded) else folded


def language_of(tag: str | None) -> str | None:
    """The supported base language of a BCP 47 tag (``ja-JP`` -> ``ja``), or None when it is not one."""
    if not tag or not tag.strip():
        return None
    try:
        base = primary_subtag(tag.strip()).lower()
    except (ValueError, TypeError):
        return None
    return base if base in SUPPORTED else None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9¿¡])|(?<=[。！？!?])\s*|\n+")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|mr|mrs|ms|dr|vs|etc|u\.s|no|st|z\.b|bzw|ca|usw|env|sr|sra)\.$", re.I)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (cleaned), in order; abbreviations do not end one."""
    pieces: list[str] = []
    carry = ""
    for piece in _SENTENCE_END.split(text):
        if not piece or not piece.strip():
            continue
        piece = (carry + " " + piece).strip() if carry else piece.strip()
        if _ABBREVIATIONS.search(piece):
            carry = piece
            continue
        carry = ""
        pieces.append(piece)
    if carry:
        pieces.append(carry)
    return pieces


_CLAUSE_BREAK = re.compile(
    r"[.,;:!?()\[\]\"。、，；：！？（）]|\s-\s"
    r"|\b(?:but|however|although|though|because|whereas|while|yet|aber|sondern|weil|obwohl|mais|car|parce\s+que"
    r"|bien\s+que|pero|sino|porque|aunque)\b"
    r"|但是|但|可是|不过|因为|しかし|だが|けれど|けど|ので|から(?=[、,])|が(?=[、,])"
)


def clauses(folded: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the clauses of a folded text: split at punctuation and contrastive words."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_BREAK.finditer(folded):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(folded):
        out.append((pos, len(folded)))
    return out
