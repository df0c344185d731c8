"""Hedges -> credence, on documented verbal-probability scales.

The bands come from ``/work/shared/research/prediction-anchors.md`` §10:

* **ICD 203** (US ODNI Analytic Standards, 2015), scale name ``icd203``:
  almost no chance 1-5 %, very unlikely 5-20 %, unlikely 20-45 %, roughly
  even chance 45-55 %, likely/probable 55-80 %, very likely 80-95 %, almost
  certain 95-99 %.
* **Sherman Kent**, "Words of Estimative Probability" (1964), scale name
  ``kent``: probably not 30 % (20-40) and almost certainly not 7 % (2-12), the
  negated words ICD 203 has no row for.

``p`` is the middle of the band (Kent: his stated value). Words of certainty
("definitely", 間違いなく) are capped at ICD 203's top band so log scores stay
finite. Modal hedges ("maybe", "might", かもしれない) take ICD 203's "roughly
even chance"; opinion markers ("I think", "I believe", "I expect", と思う) lean
towards the claim and take "likely", as the bundled ledger records them.
A stated number ("70% chance", 70%の確率) is kept as ``stated``. A
flat "will" with no hedge gives ``basis=unhedged`` and no number; text with
neither gives None.

``p`` is the probability of the event the sentence names: "probably not" and
"unlikely" are low numbers for that event, not high numbers for its negation.
"""

from __future__ import annotations

import functools
import re

from claimtrack.dates._text import CACHED_TEXT, CJK, fold
from claimtrack.model import Credence, CredenceBasis
from claimtrack.model.languages import primary_subtag

__all__ = ["BANDS", "credence_from_text"]

# band name -> (scale, low, high, p)
BANDS: dict[str, tuple[str, float, float, float]] = {
    "almost no chance": ("icd203", 0.01, 0.05, 0.03),
    "very unlikely": ("icd203", 0.05, 0.20, 0.125),
    "unlikely": ("icd203", 0.20, 0.45, 0.325),
    "roughly even chance": ("icd203", 0.45, 0.55, 0.50),
    "likely": ("icd203", 0.55, 0.80, 0.675),
    "very likely": ("icd203", 0.80, 0.95, 0.875),
    "almost certain": ("icd203", 0.95, 0.99, 0.97),
    "almost certainly not": ("kent", 0.02, 0.12, 0.07),
    "probably not": ("kent", 0.20, 0.40, 0.30),
}

# (regex on folded text, band). Longer, more specific phrases come first; the first match wins.
_EN: list[tuple[str, str]] = [
    (r"almost\s+certainly\s+(?:not|won't|will\s+not)|almost\s+certainly\s+\w+\s+not\b", "almost certainly not"),
    (r"(?:almost|virtually|practically)\s+no\s+chance|\bremote(?:\s+chance)?\b|\bno\s+chance\b", "almost no chance"),
    (r"\b(?:very|highly|extremely)\s+(?:unlikely|improbable)\b", "very unlikely"),
    (r"\bprobably\s+(?:not|won't|will\s+not|isn't|aren't|doesn't|can't)\b|\bprobably\s+\w+\s+not\b", "probably not"),
    (r"\b(?:unlikely|improbable|improbably|doubtful|i\s+doubt)\b", "unlikely"),
    (r"\b(?:almost|nearly|virtually)\s+certain(?:ly)?\b|\bcertainly\b|\bdefinitely\b|\bwithout\s+(?:a\s+)?doubt\b"
     r"|\bfor\s+sure\b|\bi'?m\s+(?:sure|certain|confident)\b|\bguaranteed\b", "almost certain"),
    (r"\b(?:very|highly|extremely)\s+(?:likely|probable|probably)\b|\bmost\s+likely\b|\bin\s+all\s+likelihood\b",
     "very likely"),
    (r"\b(?:roughly|about)\s+(?:an?\s+)?even\s+(?:chance|odds)\b|\bcoin[\s-]?(?:flip|toss)\b|\b50[\s/-]50\b"
     r"|\bfifty[\s-]fifty\b|\bchances\s+(?:are\s+)?about\s+even\b", "roughly even chance"),
    (r"\b(?:likely|probably|probable|chances\s+are|odds\s+are|i\s+expect|expected\s+to|i\s+think|i\s+believe"
     r"|that's\s+what\s+i\s+believe|(?:it\s+)?looks\s+(?:to\s+me\s+)?like|i\s+suspect)\b", "likely"),
    (r"\b(?:maybe|perhaps|possibly|might|may|could|possible|potentially)\b", "roughly even chance"),
]  # fmt: skip
_JA: list[tuple[str, str]] = [
    (r"(?:ほぼ|まず)\s*(?:確実に|間違いなく)?\s*(?:ない|ありえない|あり得ない)|可能性は(?:ほぼ)?(?:ゼロ|皆無)|まずありえない",
     "almost no chance"),
    (r"可能性は(?:極めて|非常に|ごく|かなり)低い|(?:ほとんど|ほぼ)(?:ない|あり得ない)", "very unlikely"),
    (r"(?:おそらく|恐らく|たぶん|多分).{0,30}?(?:ない|ません)(?:だろう|でしょう|と思う)", "probably not"),
    (r"可能性は低い|可能性が低い|見込みは(?:薄い|低い)|しそうにない|なさそう|考えにくい", "unlikely"),
    (r"間違いなく|ほぼ確実|確実に|必ず|絶対(?:に)?|きっと|疑いなく|確実だ", "almost certain"),
    (r"可能性[がは](?:非常に|極めて|かなり)高い|十中八九|まず間違いない", "very likely"),
    (r"五分五分|半々|フィフティフィフティ", "roughly even chance"),
    (r"おそらく|恐らく|たぶん|多分|可能性が高い|可能性は高い|見込みだ|見込み|はずだ|はず"
     r"|と思う|と思います|と考える|と考えています", "likely"),
    (r"かもしれない|かもしれません|かも|可能性がある|可能性もある|ありうる|あり得る|ありえる", "roughly even chance"),
]  # fmt: skip
_ZH: list[tuple[str, str]] = [
    (r"几乎不可能|绝无可能", "almost no chance"),
    (r"非常不可能|极不可能|极不太可能", "very unlikely"),
    (r"不太可能|不大可能|未必", "unlikely"),
    (r"几乎肯定|肯定|一定|必然|毫无疑问", "almost certain"),
    (r"很可能|极有可能|非常可能", "very likely"),
    (r"五五开|一半一半", "roughly even chance"),
    (r"可能会|大概|或许会|应该会|估计", "likely"),
    (r"也许|或许|可能", "roughly even chance"),
]  # fmt: skip
_DE: list[tuple[str, str]] = [
    (r"\bfast\s+sicher\s+nicht\b", "almost certainly not"),
    (r"\bwahrscheinlich\s+nicht\b", "probably not"),
    (r"\bsehr\s+unwahrscheinlich\b", "very unlikely"),
    (r"\bunwahrscheinlich\b", "unlikely"),
    (r"\b(?:fast|nahezu)\s+sicher\b|\bganz\s+sicher\b|\bbestimmt\b|\bdefinitiv\b", "almost certain"),
    (r"\bsehr\s+wahrscheinlich\b|\bhochstwahrscheinlich\b", "very likely"),
    (r"\bwahrscheinlich\b|\bvermutlich\b|\bvoraussichtlich\b", "likely"),
    (r"\bvielleicht\b|\bmoglicherweise\b|\bkonnte\b|\beventuell\b", "roughly even chance"),
]  # fmt: skip
_FR: list[tuple[str, str]] = [
    (r"\bprobablement\s+pas\b", "probably not"),
    (r"\btres\s+peu\s+probable\b|\btres\s+improbable\b", "very unlikely"),
    (r"\bpeu\s+probable\b|\bimprobable\b", "unlikely"),
    (r"\bpresque\s+certain(?:ement)?\b|\bcertainement\b|\bsans\s+aucun\s+doute\b", "almost certain"),
    (r"\btres\s+probable(?:ment)?\b", "very likely"),
    (r"\bprobable(?:ment)?\b|\bsans\s+doute\b", "likely"),
    (r"\bpeut-etre\b|\bpourrait\b|\beventuellement\b", "roughly even chance"),
]  # fmt: skip
_ES: list[tuple[str, str]] = [
    (r"\bprobablemente\s+no\b", "probably not"),
    (r"\bmuy\s+improbable\b|\bmuy\s+poco\s+probable\b", "very unlikely"),
    (r"\bpoco\s+probable\b|\bimprobable\b", "unlikely"),
    (r"\bcasi\s+(?:seguro|seguramente|con\s+certeza)\b|\bsin\s+duda\b|\bseguramente\b|\bdefinitivamente\b",
     "almost certain"),
    (r"\bmuy\s+probable(?:mente)?\b", "very likely"),
    (r"\bprobable(?:mente)?\b", "likely"),
    (r"\bquizas?\b|\btal\s+vez\b|\ba\s+lo\s+mejor\b|\bpodria\b|\bposiblemente\b", "roughly even chance"),
]  # fmt: skip

_TABLES = {
    lang: [(re.compile(pattern), band) for pattern, band in table]
    for lang, table in {"en": _EN, "ja": _JA, "zh": _ZH, "de": _DE, "fr": _FR, "es": _ES}.items()
}
_STATED = re.compile(
    r"(?P<n>\d{1,3}(?:[.,]\d+)?)\s*(?:%|percent|per\s+cent|パーセント|％|pour\s+cent|por\s+ciento|prozent)"
    r"(?:\s*(?:の)?\s*(?:chance|probability|likelihood|odds|確率|可能性|概率|wahrscheinlichkeit|de\s+chances?|probabilidad))?"
)
_STATED_CONTEXT = re.compile(r"chance|probab|likel|odds|確率|可能性|概率|wahrscheinlich|confident")
_UNHEDGED = {
    "en": re.compile(r"\b(?:will|won't|shall|'ll|is\s+going\s+to|are\s+going\s+to|am\s+going\s+to|gonna)\b|\w'll\b"),
    "ja": re.compile(r"予定|します|する(?:$|[。、])|になる|なります|される|できる|出す|リリースする|ません"),
    "zh": re.compile(r"将|会|要"),
    "de": re.compile(r"\b(?:wird|werden|werde|wirst)\b"),
    # \b before \w+: searched for, a bare \w+ would rescan a long word from each of its letters (quadratic)
    "fr": re.compile(r"\b(?:va|vont|allons|sera|seront|aura|auront)\b|\b\w+(?:era|eront|ira|iront)\b"),
    "es": re.compile(r"\b(?:va\s+a|van\s+a|vamos\s+a|sera|seran|habra)\b|\b\w+(?:ara|eran|ira|iran|ran)\b"),
}


def _language(folded: str, language: str | None) -> tuple[str, ...]:
    if language is not None:
        return (primary_subtag(language),)
    if CJK.search(folded):
        return ("ja", "zh") if re.search(r"[\u3040-\u30ff]", folded) else ("zh", "ja")
    return ("en", "de", "fr", "es")


def _credence(text: str, language: str | None) -> Credence | None:
    folded = fold(text)
    stated = _STATED.search(folded)
    if stated is not None and (stated.end() - stated.start() > len(stated["n"]) + 2 or _STATED_CONTEXT.search(folded)):
        value = float(stated["n"].replace(",", ".")) / 100
        if 0.0 <= value <= 1.0:
            return Credence(p=value, low=value, high=value, basis=CredenceBasis.STATED, word=stated.group(0).strip())
    langs = _language(folded, language)
    found: list[tuple[int, int, re.Match[str], str]] = []  # the first band of each language's table that matches
    for rank, lang in enumerate(langs):
        for pattern, band in _TABLES.get(lang, ()):
            if m := pattern.search(folded):
                found.append((m.end() - m.start(), -rank, m, band))
                break
    if found:
        _, _, m, band = max(found, key=lambda f: (f[0], f[1]))  # the longest wording wins: "peu probable"
        scale, low, high, p = BANDS[band]
        word = text[m.start() : m.end()] if len(text) == len(folded) else m.group(0)
        return Credence(p=p, low=low, high=high, basis=CredenceBasis.HEDGE, word=word, scale=scale, band=band)
    for lang in langs:
        unhedged = _UNHEDGED.get(lang)
        if unhedged is not None and (m := unhedged.search(folded)):
            return Credence(p=None, basis=CredenceBasis.UNHEDGED, word=m.group(0).strip())
    return None


def credence_from_text(text: str, *, language: str | None = None) -> Credence | None:
    """The credence a sentence expresses: a hedge on a documented scale, a stated number, or unhedged.

    ``scale`` names the scale (``icd203``, ``kent``) and ``band`` the band on
    it (``likely``, ``probably not``); ``word`` is the hedge as written. Returns None
    when the text neither hedges nor asserts a future ("will").

    Example:
        >>> c = credence_from_text("GPT-5 will probably ship this year")
        >>> (c.p, c.low, c.high, c.word, c.scale, c.band)
        (0.675, 0.55, 0.8, 'probably', 'icd203', 'likely')
        >>> credence_from_text("We will release an amazing model this year").basis.value
        'unhedged'
    """
    if len(text) > CACHED_TEXT:  # read every time: the cache holds no long texts
        return _credence(text, language)
    return _cached_credence(text, language)


_cached_credence = functools.lru_cache(maxsize=4096)(_credence)
""":func:`_credence` of texts up to ``CACHED_TEXT`` characters, cached."""


def clear_cache() -> None:
    """Forget cached credences."""
    _cached_credence.cache_clear()
