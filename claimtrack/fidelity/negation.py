"""Polarity in six languages: is a statement, or a word in it, negated?

Two readings, both on folded text (``_text.fold``):

**Anchored polarity.** A small lexicon of *anchors* (concepts summaries keep and
that carry a claim's point: important, possible, ready, need, want, know, true,
control, better, worse, release, solved, final, conflict, tweet, say, happy)
names each concept's words in every language. :func:`anchors` finds them and says,
for each occurrence, whether it is negated, by the scope rules of its language:

* en, es: a negator (not, n't, never, no, no one, nothing, without; no, nunca, nadie,
  nada, ningún, sin) up to five words before the anchor, in the same clause;
* de: nicht, kein-, nie, niemand, nichts, ohne up to five words before *or after* it
  (German puts ``nicht`` after the verb: "Wir veröffentlichen es nicht");
* fr: ``ne``/``n'`` up to five words before it, or pas/jamais/aucun/rien/sans up to three
  words before it (``ce n'est pas important``);
* ja: a negating ending (ない, ません, ず, なく, ではない, じゃない) up to eight characters
  after it, with no other anchor in between (「支配することは重要ではない」 negates 重要, not 支配);
* zh: 不/没/没有/别/未/无/非 up to three characters before it (「不是很重要」);
* ja, zh: a negating prefix glued to it (不可能, 未解決, 無理).

Words that contain a negator but do not negate are skipped: 必ず, 少ない, 間違いなく, かもしれない, はず,
いずれ; 不久, 不断, 不过, 非常, 未来, 无论; "not only".

**Whole-text polarity.** :func:`negated` says whether a text contains any
negator at all, for the short one-sentence pairs where no anchor is shared.
"""

from __future__ import annotations

import bisect
import re

import attrs

from claimtrack.fidelity._text import clauses

__all__ = ["Anchor", "anchors", "negated", "negators"]


@attrs.frozen
class Anchor:
    """One occurrence of a concept in a folded text, and whether it is negated there."""

    concept: str
    start: int
    end: int
    negated: bool


# concept -> language -> pattern (folded text). A pattern group named "neg" marks a word that is
# negative in itself ("impossible", "unmöglich"): the anchor is negated unless a negator flips it back.
_LEXICON: dict[str, dict[str, str]] = {
    "important": {"en": r"\bimportan(?:t|ce)\b|\bmatters?\b", "ja": r"重要|大切|大事", "zh": r"重要",
                  "de": r"\bwichtig\w*", "fr": r"\bimportante?s?\b", "es": r"\bimportantes?\b"},
    "possible": {"en": r"\bpossible\b|\bfeasible\b|(?P<neg>\bimpossible\b)", "ja": r"可能(?!性)|でき(?:る|ます)",
                 "zh": r"可能(?!性)|能够", "de": r"\bmoglich\w*|(?P<neg>\bunmoglich\w*)",
                 "fr": r"\bpossibles?\b|(?P<neg>\bimpossibles?\b)", "es": r"\bposibles?\b|(?P<neg>\bimposibles?\b)"},
    "ready": {"en": r"\bready\b|\bprepared\b", "ja": r"準備|用意", "zh": r"准备", "de": r"\bbereit\b",
              "fr": r"\bprete?s?\b", "es": r"\blist[oa]s?\b|\bpreparad[oa]s?\b"},
    "need": {"en": r"\bneeds?\b|\bnecessary\b|\bhave\s+to\b|\bmust\b", "ja": r"必要", "zh": r"需要|必须",
             "de": r"\bbrauch\w*|\bnotig\w*|\bnotwendig\w*|\bmuss\w*", "fr": r"\bbesoin\b|\bnecessaires?\b|\bfaut\b",
             "es": r"\bnecesit\w*|\bnecesari[oa]s?\b"},
    "want": {"en": r"\bwant(?:s|ed)?\b", "ja": r"望|欲し|したい", "zh": r"想要|希望",
             "de": r"\bwoll\w*|\bwill\b|\bmochte\w*", "fr": r"\bveu[xt]\b|\bvoul\w*", "es": r"\bquier\w*|\bquer\w*"},
    "know": {"en": r"\bknow(?:s|n)?\b", "ja": r"知[っらりる]|わか[っらりる]|分か[っらりる]", "zh": r"知道",
             "de": r"\bweiss\b|\bwissen\b", "fr": r"\bsai[st]\b|\bsavons\b|\bsavoir\b",
             "es": r"\bsabe\w*|\bsabemos\b|\bsaber\b"},
    "true": {"en": r"\btrue\b|\bcorrect\b|\baccurate\b|(?P<neg>\bfalse\b|\buntrue\b)", "ja": r"本当|正し|事実",
             "zh": r"真的|正确|事实", "de": r"\bwahr\b|\brichtig\w*|\bstimmt\b|(?P<neg>\bfalsch\w*)",
             "fr": r"\bvraie?s?\b|\bexacte?s?\b|(?P<neg>\bfausse?s?\b)",
             "es": r"\bverdad\w*|\bciert[oa]s?\b|\bcorrect[oa]s?\b|(?P<neg>\bfals[oa]s?\b)"},
    "control": {"en": r"\bcontrol\w*", "ja": r"支配|コントロール", "zh": r"控制", "de": r"\bkontroll\w*",
                "fr": r"\bcontrol\w*", "es": r"\bcontrol\w*"},
    "better": {"en": r"\bbetter\b|\bimprov\w*|\bprogress\w*", "ja": r"良くな|改善|進歩|向上", "zh": r"更好|改善|进步",
               "de": r"\bbesser\w*|\bverbesser\w*|\bfortschritt\w*", "fr": r"\bmeilleure?s?\b|\bmieux\b|\bamelior\w*",
               "es": r"\bmejor\w*"},
    "worse": {"en": r"\bworse\b", "ja": r"悪化|悪くな", "zh": r"更糟|恶化|更坏",
              "de": r"\bschlechter\w*|\bschlimmer\w*", "fr": r"\bpire\b", "es": r"\bpeor\w*"},
    "release": {"en": r"\brelease\w*|\bship(?:s|ped|ping)?\b|\blaunch\w*",
                "ja": r"リリース|発表|公開|発売", "zh": r"发布|推出|上线", "de": r"\bveroffentlich\w*|\bherausbring\w*",
                "fr": r"\bpubli\w*|\blanc\w*", "es": r"\blanz\w*|\bpublic\w*"},
    "solved": {"en": r"\bsolv\w*|\bcrack\w*|\bfix(?:ed)?\b", "ja": r"解決|解明", "zh": r"解决",
               "de": r"\bgelost\b|\blos(?:en|t)\b", "fr": r"\bresol\w*", "es": r"\bresuel\w*|\bresolv\w*"},
    "final": {"en": r"\bfinal\b|\bcomplete[d]?\b|\bfinished\b|\bin\s+place\b", "ja": r"完成|完了|整[っうい]|最終",
              "zh": r"完成|最终|到位", "de": r"\bendgultig\w*|\bfertig\w*|\babgeschlossen\w*",
              "fr": r"\bdefinitif\w*|\btermine\w*|\bcomplet\w*", "es": r"\bdefinitiv\w*|\bterminad\w*|\bcomplet\w*"},
    "conflict": {"en": r"\bwars?\b|\bstruggles?\b|\bconflicts?\b|\bflare-ups?\b|\bfights?\b",
                 "ja": r"闘争|争い|対立|戦争", "zh": r"斗争|冲突|战争", "de": r"\bkrieg\w*|\bkonflikt\w*|\bstreit\w*",
                 "fr": r"\bguerres?\b|\bconflits?\b|\bluttes?\b", "es": r"\bguerras?\b|\bconflictos?\b|\bluchas?\b"},
    "tweet": {"en": r"\btweet\w*", "ja": r"ツイート", "zh": r"推文|发推", "de": r"\btweet\w*|\bgetwittert\b",
              "fr": r"\btweet\w*", "es": r"\btuit\w*|\btweet\w*"},
    "happy": {"en": r"\bhappy\b|\bglad\b", "ja": r"嬉し|うれし", "zh": r"高兴|开心", "de": r"\bfroh\b|\bglucklich\b",
              "fr": r"\bcontente?s?\b|\bheureu\w*", "es": r"\bcontent[oa]s?\b|\bfeli(?:z|ces)\b"},
    "safe": {"en": r"\bsafe\b|(?P<neg>\bunsafe\b)", "ja": r"安全", "zh": r"安全", "de": r"\bungefahrlich\b",
             "fr": r"\bsans\s+danger\b", "es": r"\bsegur[oa]s?\b(?!\s+que)"},
    "free": {"en": r"\bfor\s+free\b|\bfree\s+(?:of\s+charge|version|tier)\b", "ja": r"無料", "zh": r"免费",
             "de": r"\bkostenlos\w*|\bgratis\b", "fr": r"\bgratuit\w*", "es": r"\bgratis\b|\bgratuit\w*"},
}  # fmt: skip
_COMPILED = {
    lang: [(concept, re.compile(table[lang])) for concept, table in _LEXICON.items() if lang in table]
    for lang in ("en", "ja", "zh", "de", "fr", "es")
}

_WORD = re.compile(r"[\w'-]+")
_NEG_WORDS = {
    "en": frozenset({"not", "never", "no", "nobody", "nothing", "none", "neither", "nor", "without", "cannot",
                     "noone", "nowhere"}),
    "de": frozenset({"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "niemand",
                     "nichts", "weder", "ohne"}),
    "fr": frozenset({"ne", "pas", "jamais", "aucun", "aucune", "rien", "sans", "ni"}),
    "es": frozenset({"no", "nunca", "jamas", "nadie", "nada", "ningun", "ninguno", "ninguna", "ni", "sin", "tampoco"}),
}  # fmt: skip
_NOT_NEGATING_EN = re.compile(r"\bnot\s+only\b|\bno\s+doubt\b|\bno\s+matter\b|\bnot\s+just\b")
_NOT_NEGATING_LATIN = re.compile(
    r"\bnicht\s+nur\b|\bnon\s+seulement\b|\bno\s+solo\b|\bno\s+solamente\b|\bsans\s+doute\b|\bsin\s+duda\b"
)
_JA_NEG = re.compile(
    r"(?<![少危幼汚切])(?:ない|なかっ|なく(?!て?も))|ません|(?<![必まわいはみすゆ])ず(?![っつれかとつ])|ぬ(?![けぐ])|無い"
)
_JA_NOT_NEGATING = re.compile(
    r"かもしれな[いく]|かもしれません|に違いな[いく]|にちがいない|しかな[いく]|ほかな[いく]|間違いなく|限りなく|程なく|ほどなく|まもなく|間もなく|仕方なく|なくてはならない"
    r"|ないと(?:いけ|なら)"
)
_ZH_NEG = re.compile(r"没有|不|没|别|未|无|非|勿|莫")
_ZH_NOT_NEGATING = re.compile(
    r"不久|不断|不过|不仅|不但|不少|不错|不管|差不多|非常|无论|未来|别人|别的|莫非|并非常|不得不|无数|不同"
)
_CJK_PREFIX = re.compile(r"[不未無无非]$")


def _latin_tokens(folded: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(folded)]


def _is_neg_token(token: str, language: str) -> bool:
    if token in _NEG_WORDS.get(language, frozenset()):
        return True
    if language == "en":
        return token.endswith("n't") or token == "no-one"
    if language == "fr":
        return token.startswith("n'")
    return False


def _masked(folded: str, language: str) -> str:
    """``folded`` with the words that look negative but are not blanked out (same length)."""
    pattern = {
        "en": _NOT_NEGATING_EN, "ja": _JA_NOT_NEGATING, "zh": _ZH_NOT_NEGATING,
    }.get(language, _NOT_NEGATING_LATIN)  # fmt: skip
    return pattern.sub(lambda m: "_" * len(m.group(0)), folded)


def negators(folded: str, language: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the negating words of a folded text."""
    text = _masked(folded, language)
    if language == "ja":
        return [(m.start(), m.end()) for m in _JA_NEG.finditer(text)]
    if language == "zh":
        return [(m.start(), m.end()) for m in _ZH_NEG.finditer(text)]
    return [(s, e) for s, e, tok in _latin_tokens(text) if _is_neg_token(tok, language)]


def negated(folded: str, language: str) -> bool:
    """True when the text contains a negator at all (whole-text polarity of a short statement)."""
    return bool(negators(folded, language))


def _clause_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, (pos, 1 << 62)) - 1
    if i >= 0 and bounds[i][0] <= pos < bounds[i][1]:
        return bounds[i]
    return pos, pos


def _latin_scope(
    tokens: list[tuple[int, int, str]], starts: list[int], language: str, start: int, end: int, clause: tuple[int, int]
) -> bool:
    """Whether a negator of the anchor's clause is close enough to it (see the module docstring)."""
    first = bisect.bisect_left(starts, start)  # the first token at or after the anchor
    before = [t for t in tokens[max(0, first - 5) : first] if t[0] >= clause[0] and t[1] <= start]
    last = bisect.bisect_left(starts, end)
    after = [t for t in tokens[last : last + 5] if t[1] <= clause[1]]
    if language == "de":
        return any(_is_neg_token(t[2], language) for t in (*before, *after))
    if language == "fr":
        if any(t[2] in ("ne",) or t[2].startswith("n'") for t in before):
            return True
        return any(_is_neg_token(t[2], language) for t in before[-3:])
    return any(_is_neg_token(t[2], language) for t in before)


def anchors(folded: str, language: str) -> list[Anchor]:
    """Every anchor of ``language``'s lexicon in ``folded``, with its polarity (see the module docstring)."""
    found: list[tuple[str, int, int, bool]] = []
    for concept, pattern in _COMPILED.get(language, ()):
        for m in pattern.finditer(folded):
            inherent = bool(m.groupdict().get("neg"))
            found.append((concept, m.start(), m.end(), inherent))
    found.sort(key=lambda f: f[1])
    text = _masked(folded, language)
    bounds = clauses(text)
    out: list[Anchor] = []
    if language == "ja":
        negs = [m.start() for m in _JA_NEG.finditer(text)]
    elif language == "zh":
        negs = [m.end() for m in _ZH_NEG.finditer(text)]
    else:
        negs = []
    tokens = _latin_tokens(text) if language not in ("ja", "zh") else []
    starts = [t[0] for t in tokens]

    def negator_in(low: int, high: int) -> bool:
        """A negator offset n with low <= n < high."""
        i = bisect.bisect_left(negs, low)
        return i < len(negs) and negs[i] < high

    for i, (concept, start, end, inherent) in enumerate(found):
        clause = _clause_of(bounds, start)
        if language == "ja":
            limit = min(end + 8, clause[1])
            if i + 1 < len(found) and found[i + 1][1] >= end:
                limit = min(limit, found[i + 1][1])
            neg = negator_in(end, limit) or bool(_CJK_PREFIX.search(text[max(0, start - 1) : start]))
        elif language == "zh":
            neg = negator_in(max(clause[0], start - 3), start + 1)
        else:
            neg = _latin_scope(tokens, starts, language, start, end, clause)
        out.append(Anchor(concept, start, end, neg != inherent))
    return out
