"""Language tags: the one place that says what a tag is and reads tags out of foreign values.

The schema (``BCP47`` fields), the importers (``inLanguage``, ``languageCode``),
the page reader (``<html lang>``, ``og:locale``, ``Content-Language``) and the
date and hedge readers (which grammar to use) all go through these functions,
so a tag one of them accepts is a tag the others accept too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

__all__ = ["BCP47_PATTERN", "is_language_tag", "language_tag", "normalise_tag", "primary_subtag"]

BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""The syntax of a BCP 47 tag as claimtrack checks it (``en``, ``ja-JP``, ``zh-Hant``); not the registry."""

_BCP47 = re.compile(BCP47_PATTERN)

_LANGUAGE_NAMES = {
    "english": "en",
    "japanese": "ja",
    "日本語": "ja",
    "spanish": "es",
    "español": "es",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "portuguese": "pt",
    "português": "pt",
    "italian": "it",
    "chinese": "zh",
    "中文": "zh",
    "korean": "ko",
    "한국어": "ko",
    "arabic": "ar",
    "hindi": "hi",
    "russian": "ru",
    "indonesian": "id",
    "turkish": "tr",
    "dutch": "nl",
    "polish": "pl",
    "ukrainian": "uk",
}
"""Language names that fact-check data writes instead of a tag (schema.org allows a name in ``inLanguage``)."""


def is_language_tag(text: str) -> bool:
    """True when ``text`` has the syntax of a BCP 47 tag, exactly as written (the schema's check)."""
    return _BCP47.fullmatch(text) is not None  # not .match: its "$" would let a final newline through


def normalise_tag(text: str) -> str | None:
    """``text`` as a BCP 47 tag (white space trimmed, ``en_GB`` written ``en-GB``), or None when it is not one."""
    tag = text.strip().replace("_", "-")
    return tag if _BCP47.fullmatch(tag) else None


def primary_subtag(tag: str) -> str:
    """The language of a tag without region or script: ``"en-US"`` -> ``"en"``, ``"zh-Hant"`` -> ``"zh"``."""
    return tag.split("-", 1)[0].split("_", 1)[0].lower()


def language_tag(value: object) -> tuple[str | None, str | None]:
    """A BCP 47 tag from a foreign value (a tag, a language name or a Language object), with a warning.

    Returns ``(tag, None)`` when a tag was read, ``(None, warning)`` when the
    value says something that is not a language, and ``(None, None)`` when it
    is empty or of no usable type.
    """
    if type(value) is str:
        return _language_of_text(value) if len(value) <= _LONGEST else _long_value(value)
    if value is None:
        return None, None
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, Mapping):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str):
        return None, None
    text = str(value)
    return _language_of_text(text) if len(text) <= _LONGEST else _long_value(text)


_LONGEST = 64
"""The longest value read as a language (a tag or a name) once trimmed; longer ones are refused, uncached."""


def _long_value(value: str) -> tuple[str | None, str | None]:
    """:func:`language_tag` of a value over ``_LONGEST`` characters: read only when trimming makes it short."""
    text = value.strip()
    if len(text) <= _LONGEST:
        return _language_of_text(text)
    return None, f"a {len(text):,}-character value is not a BCP 47 language tag; the language is left undetermined"


@functools.lru_cache(maxsize=1024)
def _language_of_text(value: str) -> tuple[str | None, str | None]:
    """:func:`language_tag` of a string; cached, since a file names few languages."""
    if not value.strip():
        return None, None
    tag = normalise_tag(value)
    if tag is not None:
        return tag, None
    named = _LANGUAGE_NAMES.get(value.strip().replace("_", "-").casefold())
    if named is not None:
        return named, None
    return None, f"{value!r} is not a BCP 47 language tag; the language is left undetermined"
