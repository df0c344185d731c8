"""Quantities in six languages, normalised so that "$7 trillion" and 「7兆ドル」 are the same number.

:func:`quantities` finds the amounts a text states and gives each as an
interval (``low``..``high``; equal for an exact number) with a unit:

* **scales** by language: en thousand/million/billion (10^9)/trillion, ``k``/``m``/``bn``/``tn``;
  de Tausend/Million(en)/Milliarde(n)/Billion(en) (10^12), Mio./Mrd.; fr mille/million(s)/
  milliard(s)/billion(s) (10^12); es mil/millón(es)/mil millones (10^9)/millardo(s)/billón(es)
  (10^12); ja 千/万/億/兆; zh 千/万/亿/万亿/兆 (10^12). Scale words multiply
  ("mil millones" = 10^9, "mille milliards" = 10^12).
* **number words**: "seven", "sieben", "sept", "siete" and kanji numerals (七, 二十五); the
  article-like ones ("a", "one", "ein", "un", "uno", a lone 一) count only before a scale.
* **vague amounts** become intervals: "several billion", 「数十億」 (both 2..9 x 10^9),
  "a few", 「十数」 (11..19), "billions of" (2..999 x 10^9).
* **units**: currencies (USD, EUR, JPY, CNY, GBP: ``$``, "dollars", ドル, 美元, "Dollar",
  "dólares"...) and percent (``%``, "percent", "Prozent", "pour cent", "por ciento", パーセント,
  百分之). Anything else is a plain count (unit None).

Left out on purpose, because they are other readers' business or not amounts:
time spans and dates (``10年``, "five years", ``2018年2月``, a bare year such as 2030:
the horizon reader compares those), model and product names (GPT-4, H100, Grok1),
ordinals, and timestamps.
"""

from __future__ import annotations

import re

import attrs

from claimtrack.dates.numbers import WORD_NUMBERS

__all__ = ["Quantity", "describe", "quantities", "same_amount"]


@attrs.frozen
class Quantity:
    """An amount a text states: ``low``..``high`` (equal when exact), its unit, and where it was written."""

    low: float
    high: float
    unit: str | None
    """``USD``, ``EUR``, ``JPY``, ``CNY``, ``GBP``, ``%``, or None for a plain count."""
    start: int
    end: int
    """Offsets in the folded text."""

    @property
    def exact(self) -> bool:
        """True when the amount is one number, not a range like "several billion"."""
        return self.low == self.high


_LANGUAGE_WORDS = {
    "de": frozenset({"ein", "eine", "einem", "einer", "einen", "eins", "zwei", "drei", "vier", "funf", "sechs",
                     "sieben", "acht", "neun", "zehn", "elf", "zwolf", "funfzehn", "zwanzig", "dreissig", "vierzig",
                     "funfzig", "sechzig", "siebzig", "achtzig", "neunzig", "hundert", "tausend"}),
    "fr": frozenset({"un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
                     "douze", "quinze", "vingt", "trente", "quarante", "cinquante", "soixante", "cent", "mille"}),
    "es": frozenset({"uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
                     "once", "doce", "quince", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta",
                     "ochenta", "noventa", "cien", "ciento", "mil"}),
}  # fmt: skip
"""The number words of German, French and Spanish; every other word of the table is English."""
_ARTICLES = frozenset({"a", "an", "one", "ein", "eine", "einen", "einem", "einer", "eins", "un", "une", "uno", "una"})
_WORDS = {w: float(v) for w, v in WORD_NUMBERS.items() if " " not in w or w.startswith(("a ", "couple"))}
_WORDS.update(
    {"thousand": 1e3, "hundred": 100.0, "tausend": 1e3, "mille": 1e3, "mil": 1e3, "cien": 100.0, "ciento": 100.0,
     "sechzig": 60.0, "siebzig": 70.0, "achtzig": 80.0, "neunzig": 90.0, "vierzig": 40.0, "soixante": 60.0,
     "quarante": 40.0, "cuarenta": 40.0, "sesenta": 60.0, "setenta": 70.0, "ochenta": 80.0, "noventa": 90.0}
)  # fmt: skip
_VAGUE_WORDS = {
    "several": (2.0, 9.0), "a few": (2.0, 9.0), "few": (2.0, 9.0), "a couple of": (2.0, 3.0),
    "mehrere": (2.0, 9.0), "einige": (2.0, 9.0), "ein paar": (2.0, 9.0), "plusieurs": (2.0, 9.0),
    "quelques": (2.0, 9.0), "varios": (2.0, 9.0), "varias": (2.0, 9.0), "unos": (2.0, 9.0), "unas": (2.0, 9.0),
    "algunos": (2.0, 9.0), "algunas": (2.0, 9.0), "tens of": (20.0, 90.0), "dozens of": (24.0, 144.0),
    "hundreds of": (200.0, 999.0),
}  # fmt: skip
_SCALES: dict[str, dict[str, float]] = {
    "en": {"thousand": 1e3, "k": 1e3, "hundred": 100.0, "million": 1e6, "millions": 1e6, "mn": 1e6,
           "billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12},
    "de": {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "mio.": 1e6, "milliarde": 1e9,
           "milliarden": 1e9, "mrd": 1e9, "mrd.": 1e9, "billion": 1e12, "billionen": 1e12, "k": 1e3},
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e12,
           "billions": 1e12, "k": 1e3, "md": 1e9, "mds": 1e9},
    "es": {"mil": 1e3, "millon": 1e6, "millones": 1e6, "millardo": 1e9, "millardos": 1e9, "billon": 1e12,
           "billones": 1e12, "k": 1e3},
}  # fmt: skip
_CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "us-dollar": "USD", "dolares": "USD", "dolar": "USD",
    "bucks": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR", "yen": "JPY", "jpy": "JPY", "yuan": "CNY",
    "rmb": "CNY", "renminbi": "CNY", "cny": "CNY", "pounds": "GBP", "pound": "GBP", "gbp": "GBP", "livres": "GBP",
    "percent": "%", "per cent": "%", "prozent": "%", "pour cent": "%", "por ciento": "%", "%": "%",
    "percentage points": "%", "pourcent": "%",
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY"}
_CJK_UNITS: dict[str, str] = {
    "米ドル": "USD", "ドル": "USD", "美元": "USD", "美金": "USD", "ユーロ": "EUR", "欧元": "EUR", "円": "JPY",
    "日元": "JPY", "日圆": "JPY", "人民元": "CNY", "人民币": "CNY", "元": "CNY", "ポンド": "GBP", "英镑": "GBP",
    "パーセント": "%", "%": "%",
}  # fmt: skip
_TIME_WORDS = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies)|yrs?"
    r"|sekunden?|minuten?|stunden?|tage?n?|wochen?|monate?n?|quartale?n?|jahre?n?|jahrzehnte?n?"
    r"|secondes?|heures?|jours?|semaines?|mois|trimestres?|ans|annees?|decennies?|siecles?"
    r"|segundos?|horas?|dias?|semanas?|meses|mes|anos?|decadas?|siglos?|o'clock|am|pm|th|st|nd|rd|er|e|eme)\b"
)
_CJK_TIME = r"(?:年|か月|ヶ月|个月|個月|月|日|週|周|星期|時間|小时|時|点|分|秒|世紀|世纪|代|歳|岁|号|番|位|次元)"
_CJK_COUNTERS = (
    r"(?:人|名|個|个|つ|件|社|台|本|倍|回|枚|冊|種|种|項|项|家|款|機|基|カ国|か国|ヵ国|国|億|亿|万|兆|千|百)"
)

_OTHER_WORDS = frozenset().union(*_LANGUAGE_WORDS.values())


def _words_of(language: str) -> str:
    """The regex alternation of ``language``'s number and vague words (English for CJK text)."""
    if language in _LANGUAGE_WORDS:
        words = set(_LANGUAGE_WORDS[language])
    else:
        words = {w for w in _WORDS if w not in _OTHER_WORDS} | {"six"}
    words |= {w for w in _VAGUE_WORDS if language != "en" or " " in w or w in ("several", "few")}
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LATIN_WORDS = _words_of("en")
_ALL_SCALES = "|".join(re.escape(w) for w in sorted({w for t in _SCALES.values() for w in t}, key=len, reverse=True))
_CURRENCY_ALT = "|".join(re.escape(w) for w in sorted(_CURRENCY_WORDS, key=len, reverse=True))
_THOUSANDS = {"en": ",'", "de": ".' ", "fr": ". ", "es": ". "}
"""The thousands separators each language writes (fr ``7 000``, de ``7.000``, en ``7,000``)."""


def _latin_pattern(separators: str, words: str) -> re.Pattern[str]:
    sep = re.escape(separators)
    return re.compile(
        rf"(?P<sign>us\$|[$€£¥])?\s?"
        rf"(?:(?P<digits>(?<![\w.,:/#-])\d+(?:[{sep}]\d{{3}}(?!\d))*(?:[.,]\d+)?)|\b(?P<word>{words})\b)"
        rf"(?P<scales>(?:\s?(?:{_ALL_SCALES})\b(?:(?<=mio|mrd)\.)?)*)"
        rf"(?:\s?(?:of|de|d'|von)?\s?(?P<unit>{_CURRENCY_ALT})(?![\w]))?"
    )


_LATIN = {language: _latin_pattern(separators, _words_of(language)) for language, separators in _THOUSANDS.items()}
_KANJI_DIGIT = "〇零一二两兩三四五六七八九"
_CJK = re.compile(
    r"(?P<pre>百分之)?"
    rf"(?P<num>(?<![\d.{_KANJI_DIGIT}十百千万億亿兆第数幾几何])(?:\d+(?:[.,]\d+)?|[{_KANJI_DIGIT}十百千]|数|幾|几|何|若干)"
    rf"(?:\d+(?:[.,]\d+)?|[{_KANJI_DIGIT}十百千万億亿兆数幾几])*)"
    rf"(?P<after>{_CJK_TIME}|(?:{_CJK_COUNTERS})?\s*(?P<unit>米ドル|ドル|美元|美金|ユーロ|欧元|円|日元|日圆|人民元|人民币|元|ポンド|英镑|パーセント|%)?)"
)
_NOT_AFTER_LATIN = re.compile(rf"\s?-?\s?{_TIME_WORDS}|[a-z]|-\w")
_YEAR = re.compile(r"^(?:1[89]|2[01])\d\d$")


def _digits(text: str, language: str) -> float | None:
    """A number written in digits, with the thousands and decimal marks of ``language``."""
    s = text.replace("'", "").replace(" ", "")
    if "," in s and "." in s:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif "," in s:
        groups = s.split(",")
        thousands = all(len(g) == 3 for g in groups[1:])
        s = s.replace(",", "") if thousands and (language == "en" or len(groups) > 2) else s.replace(",", ".")
    elif "." in s:
        groups = s.split(".")
        thousands = all(len(g) == 3 for g in groups[1:])
        if thousands and (language in ("de", "es", "fr") or len(groups) > 2):
            s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def _latin(folded: str, language: str) -> list[Quantity]:
    scales = _SCALES.get(language, _SCALES["en"])
    out: list[Quantity] = []
    for m in _LATIN.get(language, _LATIN["en"]).finditer(folded):
        digits, word, sign = m["digits"], m["word"], m["sign"]
        scale_words = [w.rstrip(".") for w in re.findall(rf"(?:{_ALL_SCALES})\b", m["scales"] or "")]
        scale = 1.0
        for w in scale_words:
            scale *= scales.get(w, scales.get(w + ".", 1.0))
        unit_word = m["unit"]
        unit = _CURRENCY_WORDS.get(unit_word) if unit_word else None
        if sign:
            unit = _CURRENCY_SIGNS.get(sign, unit)
        if digits is not None:
            value = _digits(digits, language)
            if value is None:
                continue
            low = high = value
            if (not scale_words and unit is None and not sign) and (
                _NOT_AFTER_LATIN.match(folded, m.end()) or _YEAR.match(digits)
            ):
                continue  # a time span, a date, a year or a name: not an amount
        else:
            assert word is not None
            if word in _VAGUE_WORDS:
                if not scale_words:
                    continue  # "several" alone is not an amount
                low, high = _VAGUE_WORDS[word]
            elif word in _ARTICLES and not scale_words:
                continue
            else:
                low = high = _WORDS[word]
                if not scale_words and unit is None and _NOT_AFTER_LATIN.match(folded, m.end()):
                    continue
        if low == high == 1.0 and scale == 1.0 and unit is None:
            continue
        out.append(Quantity(low * scale, high * scale, unit, m.start(), m.end()))
    out.extend(q for q in _plural_scales(folded, scales) if not any(q.start < o.end and o.start < q.end for o in out))
    return out


_PLURAL_SCALE = re.compile(
    r"\b(?:thousands|millions|billions|trillions|tausende|millionen|milliarden|milliers|millions|milliards"
    rf"|miles|millones)\s+(?:of|von|de|d')\s?(?P<unit>{_CURRENCY_ALT})?"
)


def _plural_scales(folded: str, scales: dict[str, float]) -> list[Quantity]:
    """ "billions of", "Milliarden von", "des millions de": 2..999 times the scale, when no number precedes."""
    out = []
    for m in _PLURAL_SCALE.finditer(folded):
        word = m.group(0).split()[0]
        scale = scales.get(word, scales.get(word.rstrip("s"), 1e3 if word in ("milliers", "miles", "tausende") else 1))
        unit = _CURRENCY_WORDS.get(m["unit"]) if m["unit"] else None
        out.append(Quantity(2 * scale, 999 * scale, unit, m.start(), m.end()))
    return out


_KANJI_VALUES = {ch: float(i) for i, ch in enumerate("〇一二三四五六七八九")}
_KANJI_VALUES.update({"零": 0.0, "两": 2.0, "兩": 2.0})
_SMALL = {"十": 10.0, "百": 100.0, "千": 1000.0}
_BIG = {"万": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12, "万亿": 1e12}
_VAGUE_CJK = frozenset("数幾几何")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|万亿|若干|.")


def _cjk_value(text: str, vague: float) -> float | None:
    """The value of a CJK number (``1兆2000億``, ``二十五``, ``数十億`` with 数 = ``vague``)."""
    total = section = 0.0
    current: float | None = None
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            current = (
                float(tok.replace(",", ""))
                if "," in tok and len(tok.split(",")[-1]) == 3
                else float(tok.replace(",", "."))
            )
        elif tok in _KANJI_VALUES:
            current = (
                (current * 10 + _KANJI_VALUES[tok]) if current is not None and current < 10 else _KANJI_VALUES[tok]
            )
        elif tok in _VAGUE_CJK or tok == "若干":
            current = vague
        elif tok in _SMALL:
            section += (1.0 if current is None else current) * _SMALL[tok]
            current = None
        elif tok in _BIG:
            section += current or 0.0
            total += (section or 1.0) * _BIG[tok]
            section, current = 0.0, None
        else:
            return None
    return total + section + (current or 0.0)


def _cjk(folded: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _CJK.finditer(folded):
        num, after = m["num"], m["after"] or ""
        if re.fullmatch(_CJK_TIME, after) or folded.startswith(_CJK_TIME_FOLLOWERS, m.end()):
            continue  # 10年, 2018年2月, 5時間: the horizon reader's business
        if m.start() > 0 and re.match(r"[a-z\-_/#:]", folded[m.start() - 1]):
            continue  # GPT-4, H100, #419
        if re.match(r"[a-z]", folded[m.end() : m.end() + 1]) and not m["unit"]:
            continue
        unit = "%" if m["pre"] else (_CJK_UNITS.get(m["unit"]) if m["unit"] else None)
        has_digit = any(ch.isdigit() for ch in num)
        if m["pre"]:
            pass
        elif not has_digit and len(num) == 1 and not after.strip():
            continue  # a lone kanji numeral (一部, 十分) is a word, not an amount
        elif not has_digit and not after.strip() and not any(ch in _BIG for ch in num):
            continue  # 三 in a name, 十中八九: no counter, no unit, no scale
        elif has_digit and _YEAR.match(num) and not after.strip():
            continue
        low, high = _cjk_value(num, 2.0), _cjk_value(num, 9.0)
        if low is None or high is None:
            continue
        if low == high == 1.0 and unit is None:
            continue  # 一人, 一つ: "one" is rarely an amount worth comparing
        out.append(Quantity(min(low, high), max(low, high), unit, m.start(), m.end()))
    return out


_CJK_TIME_FOLLOWERS = ("年", "か月", "个月", "月", "日", "時間", "小时", "週", "周", "世紀", "世纪", "代", "歳", "岁")


def quantities(folded: str, language: str) -> list[Quantity]:
    """The amounts stated in ``folded`` (a text folded by ``_text.fold``), in ``language``'s conventions."""
    if language in ("ja", "zh"):
        found = _cjk(folded)
        # Latin amounts inside CJK text ("$7 trillion" quoted in a Japanese article)
        found += [
            q
            for q in _latin(folded, "en")
            if re.search(r"[a-z$€£¥]", folded[q.start : q.end])  # a bare "5" before 年 is the CJK reader's
            and not any(q.start < f.end and f.start < q.end for f in found)
        ]
        return sorted(found, key=lambda q: q.start)
    return _latin(folded, language)


def same_amount(a: Quantity, b: Quantity, *, tolerance: float = 0.02) -> bool:
    """True when two amounts can be the same: their intervals overlap (within ``tolerance``) and units agree."""
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return False
    slack = tolerance * max(abs(a.high), abs(b.high))
    return a.low <= b.high + slack and b.low <= a.high + slack


def describe(q: Quantity) -> str:
    """A short reading of an amount: ``7e+12 USD``, ``2e+09..9e+09``, ``40 %``."""

    def num(x: float) -> str:
        return f"{int(x):,}" if x.is_integer() and abs(x) < 1e6 else f"{x:.3g}"

    value = num(q.low) if q.exact else f"{num(q.low)}..{num(q.high)}"
    return f"{value} {q.unit}" if q.unit else value
