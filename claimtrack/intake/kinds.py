"""What kind of claim a sentence makes, read from cue words: tables per language, and the rule that picks.

Each language (en, ja, zh, de, fr, es) has a table of cues :data:`CUES`: a kind
(prediction, commitment, denial, uncertainty, opinion, assertion), a rule name, a
tier and a pattern. :func:`classify` finds the first match of every cue in a
sentence and keeps the best one: the highest tier, then, on a tie, the cue nearest
the main clause (the first in en, de, fr, es; the last in ja and zh, whose main
predicate ends the sentence). The winning cue's words and rule name are the reason
the draft gives for its kind.

Tiers: 3 is an explicit cue ("I don't know", "we plan to", だろう, 予定, "I never");
2 a grammatical one (will, 'll, going to, ようになる, していない); 1 a weak one
(opinion words, and a checkable number, date or named event, which makes an
assertion). A sentence with no cue is not drafted. Before any cue is looked at,
questions, greetings and fillers (``SKIPS``) and fragments of one or two words are
dropped, and the words inside a quotation (「…」, "…") are hidden from the cues: a
reported quote is not the speaker's own cue (unless the quote is the whole sentence).

The tables are data: add a row to teach a cue. Every pattern is bounded (no
unbounded repetition that could rescan a run), so classifying is linear in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from claimtrack.model import ClaimKind

__all__ = ["CUES", "SKIPS", "Cue", "Decision", "classify", "is_question"]

_P, _C, _D, _U, _O, _A = (
    ClaimKind.PREDICTION,
    ClaimKind.COMMITMENT,
    ClaimKind.DENIAL,
    ClaimKind.UNCERTAINTY,
    ClaimKind.OPINION,
    ClaimKind.ASSERTION,
)

_WE_WILL = (
    r"\b(?:I|we)(?:'ll|\s+will|\s+shall|'re\s+going\s+to|\s+are\s+going\s+to|'m\s+going\s+to|\s+am\s+going\s+to"
    r"|'re\s+gonna|\s+are\s+gonna|'m\s+gonna|\s+won't|\s+will\s+not"
    r"|(?:'re|\s+are|'m|\s+am)\s+not\s+going\s+to)\b"
)
_EN_TALK = (
    r"(?!\s+(?:tell|say|be\s+honest|admit|give\s+you|put\s+it|answer|explain|mention|leave\s+it|see|know|find\s+out))"
)
_MONTHS = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)

# (kind, rule, tier, pattern). Latin tables are matched case-insensitively; (?-i:...) keeps case where it matters.
_EN: tuple[tuple[ClaimKind, str, int, str], ...] = (
    (_U, "dont-know", 3, r"\bI\s+(?:really\s+|honestly\s+|just\s+|genuinely\s+)?(?:don't|do\s+not)\s+know\b"
                        r"|\b(?:I'm|I\s+am|we're|we\s+are)\s+not\s+(?:sure|certain)\b|\b(?:I|we)\s+have\s+no\s+idea\b"
                        r"|\bno\s*(?:one|body)\s+knows\b|\bhard\s+to\s+(?:say|know|predict|tell)\b|\bwho\s+knows\b"
                        r"|\bI\s+can't\s+(?:say|tell|predict)\b|\bremains\s+to\s+be\s+seen\b|\bwe'll\s+see\b"
                        r"|\b(?:haven't|have\s+not|hasn't|has\s+not|not\s+yet)\s+(?:decided|figured\s+out)\b"
                        r"|\b(?:it's|it\s+is)\s+(?:unclear|uncertain|an\s+open\s+question)\b"),
    (_D, "never-did", 3, r"\b(?:I|we)\s+(?:have\s+)?never\s+(?:said|tweeted|claimed|promised|told|wrote|did|had|asked"
                        r"|sold|shared|raised|agreed)\b|\b(?:I|we)\s+(?:did\s+not|didn't)\s+(?:say|tweet|claim|promise"
                        r"|tell|write|sell|share|raise|agree|do\s+that|train)\b"
                        r"|\b(?:that|this|it)(?:'s|\s+is|\s+was)\s+(?:just\s+|simply\s+)?(?:not|n't)\s+true\b"
                        r"|\bthat's\s+(?:false|untrue|a\s+myth|wrong)\b|\bthat\s+is\s+(?:false|untrue)\b|\bI\s+deny\b"
                        r"|\b(?:is|was)\s+not\s+the\s+case\b|\b(?:isn't|wasn't)\s+the\s+case\b|\bno\s+truth\s+to\b"
                        r"|\bnever\s+happened\b"),
    (_P, "belief-will", 3, r"\b(?:I\s+(?:think|believe|expect|bet|suspect|guess|predict)|probably"
                           r"|likely)\b[^.?!]{0,40}?"
                          + _WE_WILL),
    (_P, "chance-will", 3, r"\b(?:chance|odds|likelihood|probability)\b[^.?!]{0,60}?(?:\bwill\b|'ll\b|\bgoing\s+to\b)"),
    (_P, "predict", 3, r"\bI\s+(?:predict|expect|bet|forecast|anticipate)\b"
                      r"|\bmy\s+(?:prediction|forecast|bet|guess)\s+is\b"
                      r"|\b(?:is|are)\s+(?:likely|unlikely|expected|bound|set|poised|on\s+track)\s+to\b"
                      r"|\bthere(?:'ll|\s+will|\s+is\s+going\s+to|'s\s+going\s+to)\s+be\b"
                      r"|\bin\s+the\s+(?:coming|next)\s+"
                      r"(?:\w+\s+)?(?:years?|months?|decades?)\b"),
    (_C, "we-plan", 3, r"\b(?:I|we)(?:\s+(?:really|definitely|certainly|absolutely|fully|still))?\s+(?:plan|intend|aim"
                      r"|promise|pledge|commit|want|hope|mean)\s+to\b|\b(?:I|we)(?:'re|\s+are|'m|\s+am)\s+(?:committed"
                      r"|determined|planning|aiming|hoping|going\s+to\s+keep)\s+to\b|\b(?:I|we)(?:'d|\s+would)\s+"
                      r"(?:like|love)\s+to\b|\bour\s+(?:plan|goal|aim|commitment)\s+is\s+to\b"),
    (_C, "we-will", 2, _WE_WILL + _EN_TALK),
    (_P, "will", 2, r"\b(?:will|won't|shall|gonna)\b|\w'll\b"
                   r"|\bgoing\s+to\s+(?!(?:the|a|an|my|your|our|their|his|her|this|that|school|work|bed|church)\b)\w"),
    (_P, "might", 2, r"\b(?-i:might|may)\s+(?:well\s+|not\s+|even\s+)?(?:be|become|happen|take|see|get|reach"
                     r"|arrive|come"
                    r"|ship|launch|end|lead|replace|change|grow|fall|rise|double|need|have|turn|cost)\b"),
    (_D, "did-not", 2, r"\b(?:didn't|did\s+not|wasn't|was\s+not|weren't|were\s+not|haven't|have\s+not|hasn't|has\s+not"
                      r"|never)\b"),
    (_O, "think", 1, r"\bI\s+(?:think|believe|feel|love|like|hate|prefer|find)\b|\bin\s+my\s+(?:opinion|view)\b"
                    r"|\bpersonally\b|\bshould(?:n't)?\b|\bought\s+to\b"),
    (_O, "value", 1, r"\b(?:great|amazing|terrible|awful|wonderful|beautiful|important|fascinating|wrong|better"
                    r"|worse|best|worst|overrated|underrated|sad|exciting|good|bad|dangerous|ridiculous"
                    r"|incredible|impressive"
                    r"|silly|crazy|healthy|unhealthy|fair|unfair)\b"),
    (_A, "number", 1, r"\d|%|[$€£¥]|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
                     r"|forty|fifty|hundred|thousand|million|billion|trillion|dozen|percent)\b"),
    (_A, "date", 1, _MONTHS + r"|\b(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    (_A, "named", 1, r"(?-i:(?<=[a-z,;] )(?:[A-Z][a-z]+[A-Z0-9]\w*|[A-Z][a-z]{2,}|[A-Z]{2,}\d*))"),
)  # fmt: skip

_JA_NONPAST = r"(?<![てで]い)(?<!あ)(?:する|[うくぐすつぬぶむる])"
_JA: tuple[tuple[ClaimKind, str, int, str], ...] = (
    (_U, "dont-know", 3, r"(?:わから|分から|判ら)(?:ない|ず|ません)|知らない|不明|定かでない|見当がつかない"),
    (_D, "never-did", 3, r"一切[^。]{0,20}?(?:ない|ません|なかった)|決して[^。]{0,20}?(?:ない|ません)"
                        r"|わけ(?:では|じゃ)(?:ない|ありません)|事実(?:では|じゃ)(?:ない|ありません)|否定(?:する|します|した)"),
    (_P, "conjecture", 3, r"(?:だろう|であろう|でしょう)(?!か)"),
    (_P, "expect", 3, r"予想(?:され|して|する|だ|です)|見込み|見通し|はずだ|はずです|可能性[がは][^。、]{0,8}?高い"
                     r"|公算が大きい"),
    (_P, "future-time", 3, r"(?:今年|来年|再来年|今後|将来|いずれ|やがて|年内|来月|来週|次期|近々|まもなく|間もなく"
                          r"|近いうちに|そのうち|これから|いつか|(?:\d{1,4}|[一二三四五六七八九十数]{1,3})"
                          r"(?:年|か月|ヶ月|カ月|週間)(?:後|以内|までに))[^。]{0,60}?" + _JA_NONPAST
                          + r"(?=[がけ、。]|$)"),
    (_C, "plan", 3, r"予定(?:だ|です|である|している|しています)?|計画(?:している|しています)|つもり"),
    (_C, "want-to", 3, r"(?<!知り)(?<!聞き)(?<!聞いてみ)(?<!信じ)(?<!言い)(?<!見)たい(?=と思|です|。|$|し|が|、|けど)"),
    (_C, "aim", 2, r"(?:目指(?:す|して(?:いる|います)|します)|約束(?:する|します)"
                  r"|取り組(?:む|んでいる|んでいます|んでいく)|努め(?:る|ます)|期待して(?:いる|います)|願って(?:いる|います))(?=[。、がけし]|と思|$)"),
    (_C, "need-to", 2, r"必要が(?:ある|あります)"),
    (_C, "will-do", 2, r"(?:し|いた)ます(?=[。！!]|$)"),
    (_P, "become", 2, r"(?:よう|こと|事)?に(?:なる|なります)(?=[。、がけ]|と(?:思|考)|$)"),
    (_P, "possible", 2, r"可能性が(?:ある|あります)"),
    (_P, "think-future", 2, _JA_NONPAST + r"(?:と|とは)(?:思う|思います|思っている|考えている|考えています|考える"
                           r"|信じている|予想している|確信している)"),
    (_U, "maybe", 2, r"かもしれ(?:ない|ません)|かも(?=[。、]|$)|決まって(?:い)?ない|未定"),
    (_D, "have-not", 2, r"(?:して|され|て)(?:い)?ない(?=[しが、。]|$)"),
    (_O, "think", 1, r"と(?:思う|思います|思っている|考えている|考えています|感じる|感じている)|べき"),
    (_O, "value", 1, r"素晴らしい|重要(?:だ|な|です)|大切|好き|嫌い|悲しい|嬉しい|面白い|興味深い|誇り|残念|ひどい"
                    r"|最高|最悪|ディストピア|感謝"),
    (_A, "number", 1, r"[0-9０-９]|[%％]|[一二三四五六七八九十百千]+(?:兆|億|万)|[兆億万](?:ドル|円|人)"),
    (_A, "named", 1, r"[A-Za-z]{2,}"),
)  # fmt: skip

_ZH: tuple[tuple[ClaimKind, str, int, str], ...] = (
    (_U, "dont-know", 3, r"不知道|不确定|说不准|很难说|不清楚|没有把握"),
    (_D, "never-did", 3, r"从来没有|从未|没有说过|不是真的|否认|并非如此|不是事实|纯属谣言"),
    (_C, "we-will", 3, r"我们(?:将|会|要|计划|打算|准备|承诺|致力于)|我(?:将|会|要|计划|打算|承诺)"),
    (_C, "plan", 3, r"计划|打算|承诺|保证|致力于"),
    (_P, "predict", 3, r"预计|预测|估计|有望|很可能|大概率|势必"),
    (_P, "will", 2, r"将(?:会|要)?|(?<![社机大学开宴聚协工年约])会(?![议社员长计话场谈见面])|即将"),
    (_U, "maybe", 2, r"也许|或许|可能"),
    (_D, "did-not", 2, r"没有|没(?=[说做])"),
    (_O, "think", 1, r"我(?:认为|觉得|相信)|应该|好|重要|糟糕|精彩"),
    (_A, "number", 1, r"[0-9０-９]|[%％]|[一二三四五六七八九十百千]+(?:万亿|亿|万)"),
    (_A, "named", 1, r"[A-Za-z]{2,}"),
)  # fmt: skip

_DE: tuple[tuple[ClaimKind, str, int, str], ...] = (
    (_U, "dont-know", 3, r"\bich\s+weiß\s+(?:es\s+)?nicht\b|\bweiß\s+ich\s+nicht\b|\bnicht\s+sicher\b"
                         r"|\bkeine\s+Ahnung\b"
                        r"|\bschwer\s+zu\s+sagen\b|\bwer\s+weiß\b"),
    (_D, "never-did", 3, r"\b(?:ich|wir)\s+(?:habe|haben)\s+(?:das\s+)?(?:nie|niemals)\b|\bdas\s+stimmt\s+nicht\b"
                        r"|\bnicht\s+wahr\b|\bdas\s+ist\s+falsch\b|\bnie\s+gesagt\b"),
    (_C, "wir-planen", 3, r"\b(?:wir|ich)\s+(?:planen|plane|wollen|will|versprechen|verspreche"
                          r"|haben\s+vor|habe\s+vor)\b"),
    (_C, "wir-werden", 2, r"\b(?:wir\s+werden|ich\s+werde|werden\s+wir|werde\s+ich)\b"),
    (_P, "predict", 3, r"\bvoraussichtlich\b|\bich\s+(?:erwarte|prognostiziere|wette)\b|\bwird\s+wohl\b"),
    (_P, "werden", 2, r"\b(?:wird|werden|wirst)\b"),
    (_D, "nicht", 2, r"\b(?:nie|niemals|nicht)\b"),
    (_O, "meine", 1, r"\bich\s+(?:finde|glaube|denke|meine)\b|\bmeiner\s+Meinung\s+nach\b|\bsollten?\b"
                    r"|\b(?:gut|schlecht|wichtig|toll|großartig|schrecklich)\b"),
    (_A, "number", 1, r"\d|%|[$€£¥]|\b(?:Millionen?|Milliarden?|Prozent)\b"),
    (_A, "named", 1, r"(?-i:\b[A-Z][a-z]*[A-Z]\w*|\b[A-Z]{2,}\d*)"),
)  # fmt: skip

_FR: tuple[tuple[ClaimKind, str, int, str], ...] = (
    (_U, "dont-know", 3, r"\bje\s+(?:ne\s+)?sais\s+pas\b|\bpas\s+sûr\b|\baucune\s+idée\b|\bdifficile\s+à\s+dire\b"
                        r"|\bon\s+verra\b|\bqui\s+sait\b"),
    (_D, "never-did", 3, r"\b(?:je|nous)\s+n'(?:ai|avons)\s+jamais\b|\bc'est\s+faux\b|\bce\s+n'est\s+pas\s+vrai\b"
                        r"|\bje\s+démens\b"),
    (_C, "nous-prevoyons", 3, r"\bnous\s+(?:prévoyons|comptons|voulons|nous\s+engageons|promettons)\b"
                             r"|\bje\s+(?:promets|m'engage|veux|compte)\b"),
    (_C, "nous-allons", 2, r"\bnous\s+(?:allons|\w{2,}rons)\b|\bje\s+(?:vais|\w{2,}rai)\b|\bj'\w{2,}rai\b"),
    (_P, "predict", 3, r"\bje\s+(?:prédis|parie|m'attends)\b|\bprobablement\b|\bdevrait\s+\w+"),
    (_P, "futur", 2, r"\b(?:va|vont)\s+\w+|\b(?:sera|seront|aura|auront|fera|feront)\b|\b\w{2,}(?:era|ira|dra"
                     r"|rra|vra)\b"
                    r"|\b\w{2,}(?:eront|iront|dront|rront|vront)\b"),
    (_D, "ne-pas", 2, r"\bn'(?:ai|avons|a|est)\s+pas\b|\bjamais\b"),
    (_O, "pense", 1, r"\bje\s+(?:pense|crois|trouve)\b|\bà\s+mon\s+avis\b|\bselon\s+moi\b|\bil\s+faut\b"),
    (_A, "number", 1, r"\d|%|[$€£¥]|\b(?:millions?|milliards?|pour\s+cent)\b"),
    (_A, "named", 1, r"(?-i:(?<=[a-zé,;] )[A-Z][a-zé]{2,})"),
)  # fmt: skip

_ES: tuple[tuple[ClaimKind, str, int, str], ...] = (
    (_U, "dont-know", 3, r"\bno\s+(?:lo\s+)?sé\b|\bno\s+estoy\s+segur[oa]\b|\bni\s+idea\b|\bdifícil\s+de\s+decir\b"
                        r"|\bya\s+veremos\b|\bquién\s+sabe\b"),
    (_D, "never-did", 3, r"\bnunca\s+(?:dije|he\s+dicho|hice|hicimos)\b|\bno\s+es\s+(?:cierto|verdad)\b|\bes\s+falso\b"
                        r"|\bniego\b"),
    (_C, "planeamos", 3, r"\b(?:planeamos|pensamos|queremos|prometo|prometemos|nos\s+comprometemos)\b"),
    (_C, "vamos-a", 2, r"\b(?:vamos|voy)\s+a\b|\b\w{2,}(?:aremos|eremos|iremos)\b|\b\w{2,}(?:aré|eré|iré)\b"),
    (_P, "predict", 3, r"\b(?:predigo|apuesto|espero\s+que)\b|\bprobablemente\b"),
    (_P, "futuro", 2, r"\b(?:va|van)\s+a\b|\b\w{2,}(?:ará|erá|irá|arán|erán|irán)\b|\b(?:será|serán|habrá|habrán)\b"),
    (_D, "no", 2, r"\bnunca\b|\bno\s+(?:lo\s+)?(?:dije|hice|hicimos)\b"),
    (_O, "creo", 1, r"\b(?:creo|pienso|opino)\b|\ben\s+mi\s+opinión\b|\bdebería\b|\bhay\s+que\b"),
    (_A, "number", 1, r"\d|%|[$€£¥]|\b(?:millones?|mil\s+millones|por\s+ciento)\b"),
    (_A, "named", 1, r"(?-i:(?<=[a-zñ,;] )[A-Z][a-zñá-ú]{2,})"),
)  # fmt: skip

_SKIP_EN = (
    ("greeting", r"^(?:hi|hello|hey|welcome|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|great\s+to\s+"
                 r"(?:be|have)|nice\s+to\s+(?:meet|see|be)|it's\s+(?:great|good|a\s+pleasure)\s+to\s+(?:be|have)"
                 r"|pleasure|bye|goodbye|cheers|glad\s+to\s+be)\b"),
    ("filler", r"^(?:yes|yeah|yep|no|nope|right|sure|okay|ok|exactly|absolutely|totally|uh|um|hmm|well|so|true|indeed"
               r"|of\s+course|fair\s+enough|got\s+it|i\s+see|interesting|wow|great|cool|mm|uh-huh|definitely)"
               r"(?:[\s,]+(?:yes|yeah|right|sure|okay|so|well|exactly|absolutely|totally))*[.!,…\s]*$"),
)  # fmt: skip
SKIPS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "en": _SKIP_EN,
    "ja": (
        ("greeting", r"^(?:こんにちは|こんばんは|おはよう|ありがとう|よろしくお願い|お招き|はじめまして|どうも)"),
        ("filler", r"^(?:はい|ええ|うん|そうですね|なるほど|確かに|いいえ)[。、！!…\s]*$"),
    ),
    "zh": (
        ("greeting", r"^(?:你好|您好|大家好|谢谢|欢迎|早上好|晚上好)"),
        ("filler", r"^(?:是的|对|嗯|好的|没错)[。，！\s]*$"),
    ),
    "de": (
        ("greeting", r"^(?:hallo|guten\s+(?:tag|morgen|abend)|danke|vielen\s+dank|willkommen|tschüss)\b"),
        ("filler", r"^(?:ja|nein|genau|richtig|gut|okay|also|naja)[.!,\s]*$"),
    ),
    "fr": (
        ("greeting", r"^(?:bonjour|bonsoir|salut|merci|bienvenue|au\s+revoir)\b"),
        ("filler", r"^(?:oui|non|exactement|d'accord|voilà|bon|bien\s+sûr)[.!,\s]*$"),
    ),
    "es": (
        ("greeting", r"^(?:hola|buenos\s+días|buenas\s+(?:tardes|noches)|gracias|bienvenid[oa]s?|adiós)\b"),
        ("filler", r"^(?:sí|no|claro|exacto|vale|bueno|pues)[.!,\s]*$"),
    ),
}
"""Sentences never drafted, per language: (reason, pattern) matched at the start of the sentence."""

_TABLES = {"en": _EN, "ja": _JA, "zh": _ZH, "de": _DE, "fr": _FR, "es": _ES}


@attrs.frozen
class Cue:
    """One row of a cue table: the kind it decides, its rule name, its tier and its compiled pattern."""

    kind: ClaimKind
    rule: str
    tier: int
    pattern: re.Pattern[str]


def _compile(language: str, rows: tuple[tuple[ClaimKind, str, int, str], ...]) -> tuple[Cue, ...]:
    flags = 0 if language in ("ja", "zh") else re.IGNORECASE
    cues = [Cue(kind, f"{language}:{kind.value}/{rule}", tier, re.compile(p, flags)) for kind, rule, tier, p in rows]
    return tuple(sorted(cues, key=lambda cue: -cue.tier))  # stable: table order within a tier


CUES: Mapping[str, tuple[Cue, ...]] = {lang: _compile(lang, rows) for lang, rows in _TABLES.items()}
"""The cue tables, per language, highest tier first: each :class:`Cue` with its rule name ``<lang>:<kind>/<rule>``."""

_SKIP_RES = {
    lang: tuple((reason, re.compile(p, 0 if lang in ("ja", "zh") else re.IGNORECASE)) for reason, p in rows)
    for lang, rows in SKIPS.items()
}
_QUESTION_END = {
    "ja": re.compile(r"(?:か|かな|かね|の|でしょうか|ですか|ますか)[。]?$"),
    "zh": re.compile(r"(?:吗|呢|么|吧)[。]?$"),
}
_DISCOURSE = re.compile(
    r"\bI(?:'ll|\s+will)\s+(?:be\s+(?:honest|frank|blunt)|tell\s+you|say\s+this|say|give\s+you\s+an\s+example|admit)\b"
    r"|\blet\s+me\s+(?:be\s+honest|say|tell\s+you|put\s+it)\b",
    re.IGNORECASE,
)
"""Turns of talk ("I'll be honest", "let me say") that announce what follows and are no cue themselves."""
_QUOTED = re.compile(r"「[^「」]{0,400}」|『[^『』]{0,400}』|“[^“”]{0,400}”|\"[^\"]{0,400}\"|«[^«»]{0,400}»")
_TRAILING = " \t\u3000」』）)”\"'»"


@attrs.frozen
class Decision:
    """What :func:`classify` decided: a kind and the cue that decided it, or why the sentence is not drafted.

    ``kind`` is None when the sentence is skipped; ``rule`` then names why (``question``,
    ``greeting``, ``filler``, ``fragment``, ``no-cue``). ``phrase`` is the cue's words as
    written in the sentence, ``start`` where they begin.
    """

    kind: ClaimKind | None
    rule: str
    phrase: str = ""
    start: int = 0
    tier: int = 0


def is_question(text: str, language: str) -> bool:
    """Whether a sentence is a question: it ends in ? or ？ (or か, 吗 ...), or starts with ¿."""
    stripped = text.rstrip(_TRAILING)
    if stripped.endswith(("?", "？")) or text.lstrip().startswith("¿"):
        return True
    pattern = _QUESTION_END.get(language)
    return pattern is not None and pattern.search(stripped) is not None


def _masked(text: str, language: str) -> str:
    """``text`` with quotations blanked inside (same length; kept when one quotation is all of it) and turns of talk."""
    masked = text
    if _QUOTED.fullmatch(text.strip()) is None:
        blank = "\u3000" if language in ("ja", "zh") else " "
        masked = _QUOTED.sub(lambda m: m.group()[0] + blank * (len(m.group()) - 2) + m.group()[-1], text)
    if language == "en":
        masked = _DISCOURSE.sub(lambda m: " " * len(m.group()), masked)
    return masked


def _fragment(text: str, language: str) -> bool:
    if language in ("ja", "zh"):
        return len(text.strip()) < 5
    return len(text.split()) < 3


def classify(text: str, language: str) -> Decision:
    """The kind of claim ``text`` (one sentence) makes, and the cue that decided it; see the module docstring.

    Example:
        >>> d = classify("I think AI will get caught up in left versus right wars.", "en")
        >>> (d.kind.value, d.phrase, d.rule)
        ('prediction', 'will', 'en:prediction/will')
        >>> classify("So what do you expect next year?", "en").rule
        'question'
    """
    cues = CUES.get(language)
    if cues is None:
        raise ValueError(f"no cue table for language {language!r}; known: {', '.join(CUES)}")
    if is_question(text, language):
        return Decision(kind=None, rule="question")
    head = text.strip()
    for reason, pattern in _SKIP_RES.get(language, ()):
        if pattern.search(head) and (reason != "greeting" or _short(head, language)):
            return Decision(kind=None, rule=reason)
    if _fragment(text, language):
        return Decision(kind=None, rule="fragment")
    masked = _masked(text, language)
    last_wins = language in ("ja", "zh")
    best: tuple[int, int, Cue, re.Match[str]] | None = None
    for cue in cues:  # highest tier first: once a tier has matched, lower tiers cannot win
        if best is not None and cue.tier < best[0]:
            break
        found = cue.pattern.search(masked)
        if found is None:
            continue
        key = (cue.tier, found.end() if last_wins else -found.start())
        if best is None or key > best[:2]:
            best = (key[0], key[1], cue, found)
    if best is None:
        return Decision(kind=None, rule="no-cue")
    _, _, cue, found = best
    phrase = text[found.start() : found.end()]
    return Decision(kind=cue.kind, rule=cue.rule, phrase=phrase, start=found.start(), tier=cue.tier)


def _short(text: str, language: str) -> bool:
    """A greeting is dropped only when the sentence is short (a long one goes on to say something)."""
    return len(text) <= 40 if language in ("ja", "zh") else len(text.split()) <= 12
