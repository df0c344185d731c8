"""Text normalisation shared by the date, horizon and hedge readers.

Every reader works on a *folded* copy of the text: NFKC (full-width digits and
letters become ASCII, ヶ/ケ/カ become か), lower case, Latin accents dropped
(``März`` -> ``marz``, ``año`` -> ``ano``), typographic apostrophes and dashes
made plain, and runs of whitespace squeezed. Folding keeps one character for one
character whenever it can, so a match in the folded copy can be cut out of the
original text to report the wording as said.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from claimtrack.model.languages import primary_subtag

__all__ = ["CACHED_TEXT", "CJK", "LATIN_LANGUAGES", "SUPPORTED", "fold", "languages_for", "original_span"]

CACHED_TEXT = 1_000
"""The longest text whose answer the horizon and hedge readers cache, in characters.

Longer texts are read every time: a cache keyed on whole texts would hold every long text it was
ever given (400 distinct texts of 1 MB held 428 MB), and a text that long rarely comes twice."""

SUPPORTED = ("en", "ja", "zh", "de", "fr", "es")
LATIN_LANGUAGES = ("en", "de", "fr", "es")

_ACCENTS = str.maketrans(
    {
        "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a",
        "é": "e", "è": "e", "ê": "e", "ë": "e",
        "í": "i", "ì": "i", "î": "i", "ï": "i",
        "ó": "o", "ò": "o", "ô": "o", "ö": "o", "õ": "o",
        "ú": "u", "ù": "u", "û": "u", "ü": "u",
        "ç": "c", "ñ": "n", "ÿ": "y",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u301c": "~", "\uff5e": "~",
        "ヶ": "か", "ケ": "か", "カ": "か", "ヵ": "か", "ｹ": "か", "箇": "か", "個": "か",
        "\u3000": " ", "\xa0": " ",
    }
)  # fmt: skip

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The folded copy of ``text`` the grammars match against (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_ACCENTS)
    return _SPACES.sub(" ", folded).strip()


def original_span(text: str, folded: str, start: int, end: int) -> str:
    """The words of ``text`` behind ``folded[start:end]``, or the folded words when folding moved characters."""
    squeezed = _SPACES.sub(" ", text).strip()
    if len(squeezed) == len(folded):
        return squeezed[start:end].strip()
    return folded[start:end].strip()


def languages_for(folded: str, languages: Iterable[str] | None) -> tuple[str, ...]:
    """The languages whose grammar to try on ``folded``.

    Explicit ``languages`` win (reduced to their base subtags). Otherwise the
    script decides: text with kana is Japanese, other CJK text Japanese or
    Chinese, anything else English, German, French or Spanish.
    """
    if languages is not None:
        wanted = tuple(dict.fromkeys(primary_subtag(tag) for tag in languages))
        return tuple(lang for lang in wanted if lang in SUPPORTED) or wanted
    if CJK.search(folded):
        if _KANA.search(folded):
            return ("ja", "zh")
        return ("zh", "ja")
    return LATIN_LANGUAGES
