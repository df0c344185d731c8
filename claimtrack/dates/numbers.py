"""Numbers as people write them in horizons: digits, words and kanji.

``read_number`` turns ``"5"``, ``"five"``, ``"twenty-five"``, ``"a couple of"``,
``"五"``, ``"十"``, ``"二十五"``, ``"fünf"``, ``"cinq"`` or ``"cinco"`` into an
integer. ``NUMBER`` is the regular-expression alternation the grammars embed to
find such numbers; it works on folded text (see :mod:`claimtrack.dates._text`).
"""

from __future__ import annotations

import re

__all__ = ["KANJI_NUMBER", "NUMBER", "WORD_NUMBERS", "read_number"]

_ONES_EN = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}  # fmt: skip

WORD_NUMBERS: dict[str, int] = {word: value for value, word in enumerate(_ONES_EN)}
WORD_NUMBERS.update(_TENS_EN)
WORD_NUMBERS.update({"a": 1, "an": 1, "a single": 1, "a couple of": 2, "a couple": 2, "couple of": 2,
                     "a dozen": 12, "dozen": 12, "a hundred": 100, "one hundred": 100})  # fmt: skip
for _tens_word, _tens in _TENS_EN.items():
    for _one in range(1, 10):
        WORD_NUMBERS[f"{_tens_word}-{_ONES_EN[_one]}"] = _tens + _one
        WORD_NUMBERS[f"{_tens_word} {_ONES_EN[_one]}"] = _tens + _one
# German (folded: umlauts dropped), French and Spanish, the numbers horizons use.
WORD_NUMBERS.update(
    {
        "ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
        "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12,
        "funfzehn": 15, "zwanzig": 20, "dreissig": 30, "dreißig": 30, "funfzig": 50, "hundert": 100,
        "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
        "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "cinquante": 50,
        "cent": 100,
        "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
        "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cincuenta": 50,
        "cien": 100,
    }
)  # fmt: skip

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}  # fmt: skip
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}

KANJI_NUMBER = "[〇零一二两兩三四五六七八九十百千]+"
_WORDS_BY_LENGTH = sorted(WORD_NUMBERS, key=len, reverse=True)
_WORD_ALTERNATION = "|".join(re.escape(word) for word in _WORDS_BY_LENGTH)
NUMBER = rf"(?:\d+(?:[.,]5)?|{KANJI_NUMBER}|\b(?:{_WORD_ALTERNATION})\b)"
"""A number in digits (``1.5`` allowed), kanji or words; use inside a capturing group."""


def _read_kanji(text: str) -> int | None:
    if all(ch in _KANJI_DIGITS for ch in text):  # positional: 二〇三〇
        value = 0
        for ch in text:
            value = value * 10 + _KANJI_DIGITS[ch]
        return value
    total = 0
    current = 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def read_number(text: str) -> float | None:
    """The value of a number written in digits, words or kanji, or None when it is not one.

    Example:
        >>> read_number("二十五"), read_number("twenty-five"), read_number("18"), read_number("1.5")
        (25, 25, 18, 1.5)
    """
    word = text.strip().lower()
    if not word:
        return None
    if word[0].isdigit():
        try:
            value = float(word.replace(",", "."))
        except ValueError:
            return None
        return int(value) if value.is_integer() else value
    if word in WORD_NUMBERS:
        return WORD_NUMBERS[word]
    return _read_kanji(word)
