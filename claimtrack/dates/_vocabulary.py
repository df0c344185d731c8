"""The words of the period grammar (``ranges``), in folded form (see ``_text.fold``).

Each table maps a wording to what it means: relative periods to their offset
from the base date ("next year" -> 1), parts of a period to ``early``/``mid``/
``late`` (or a half or season), season words to the season, and ordinals to
their number. Kept apart from the grammar so that adding a language's words
does not touch the patterns.
"""

from __future__ import annotations

__all__ = [
    "CJK_PARTS",
    "ORDINALS",
    "PARTS",
    "REL_CENTURY",
    "REL_DAY",
    "REL_DECADE",
    "REL_MONTH",
    "REL_QUARTER",
    "REL_WEEK",
    "REL_YEAR",
    "SEASONS",
]


REL_YEAR: dict[str, int] = {
    "this year": 0, "the year": 0, "the current year": 0, "next year": 1, "last year": -1, "the next year": 1,
    "dieses jahr": 0, "dieses jahres": 0, "diesem jahr": 0, "des jahres": 0, "nachstes jahr": 1,
    "nachsten jahres": 1, "des nachsten jahres": 1, "nachsten jahr": 1, "letztes jahr": -1, "letzten jahres": -1,
    "cette annee": 0, "l'annee": 0, "l'annee prochaine": 1, "l'an prochain": 1, "l'annee derniere": -1,
    "l'an dernier": -1, "annee prochaine": 1,
    "este ano": 0, "el ano": 0, "ano": 0, "el proximo ano": 1, "el ano que viene": 1, "el ano proximo": 1,
    "proximo ano": 1, "ano que viene": 1, "el ano pasado": -1, "ano pasado": -1,
    "今年": 0, "本年": 0, "来年": 1, "翌年": 1, "去年": -1, "昨年": -1, "再来年": 2, "明年": 1, "后年": 2,
    "前年": -1, "今年度": 0,
}  # fmt: skip
REL_MONTH: dict[str, int] = {
    "this month": 0, "next month": 1, "last month": -1, "the month": 0,
    "diesen monat": 0, "diesem monat": 0, "nachsten monat": 1, "nachster monat": 1, "letzten monat": -1,
    "ce mois-ci": 0, "ce mois": 0, "le mois prochain": 1, "le mois dernier": -1,
    "este mes": 0, "el proximo mes": 1, "el mes que viene": 1, "el mes pasado": -1, "el mes proximo": 1,
    "今月": 0, "来月": 1, "先月": -1, "本月": 0, "下个月": 1, "下月": 1, "上个月": -1, "这个月": 0, "再来月": 2,
}  # fmt: skip
REL_WEEK: dict[str, int] = {
    "this week": 0, "next week": 1, "last week": -1, "diese woche": 0, "nachste woche": 1, "nachsten woche": 1,
    "cette semaine": 0, "la semaine prochaine": 1, "esta semana": 0, "la proxima semana": 1,
    "la semana que viene": 1, "今週": 0, "来週": 1, "先週": -1, "本周": 0, "下周": 1, "这周": 0, "下星期": 1,
    "上周": -1,
}  # fmt: skip
REL_QUARTER: dict[str, int] = {
    "this quarter": 0, "next quarter": 1, "last quarter": -1, "dieses quartal": 0, "nachstes quartal": 1,
    "ce trimestre": 0, "le trimestre prochain": 1, "le prochain trimestre": 1, "este trimestre": 0,
    "el proximo trimestre": 1, "今四半期": 0, "来四半期": 1, "本季度": 0, "下季度": 1, "下个季度": 1,
}  # fmt: skip
REL_DAY: dict[str, int] = {
    "today": 0, "tomorrow": 1, "yesterday": -1, "heute": 0, "morgen": 1, "gestern": -1,
    "aujourd'hui": 0, "demain": 1, "hoy": 0, "manana": 1, "ayer": -1,
    "今日": 0, "明日": 1, "昨日": -1, "きょう": 0, "あした": 1, "今天": 0, "明天": 1, "昨天": -1,
}  # fmt: skip
REL_DECADE: dict[str, int] = {
    "this decade": 0, "the decade": 0, "the current decade": 0, "next decade": 1, "the next decade": 1,
    "dieses jahrzehnts": 0, "diesem jahrzehnt": 0, "dieses jahrzehnt": 0, "des jahrzehnts": 0,
    "cette decennie": 0, "la decennie": 0, "la decennie actuelle": 0, "esta decada": 0, "la decada": 0,
    "この10年": 0,
}  # fmt: skip
REL_CENTURY: dict[str, int] = {
    "this century": 0, "the century": 0, "dieses jahrhunderts": 0, "diesem jahrhundert": 0, "ce siecle": 0,
    "du siecle": 0, "este siglo": 0, "del siglo": 0, "今世紀": 0, "本世纪": 0, "这个世纪": 0,
}  # fmt: skip

PARTS: dict[str, str] = {
    "early": "early", "the early part of": "early", "beginning of": "early", "the beginning of": "early",
    "start of": "early", "the start of": "early", "mid": "mid", "middle of": "mid", "the middle of": "mid",
    "the middle part of": "mid", "late": "late", "the latter part of": "late", "end of": "late",
    "the end of": "late", "the close of": "late",
    "anfang": "early", "beginn": "early", "zu beginn": "early", "mitte": "mid", "ende": "late",
    "debut": "early", "au debut de": "early", "mi": "mid", "milieu de": "mid", "fin": "late",
    "la fin de": "late", "a la fin de": "late", "fin de": "late",
    "principios de": "early", "comienzos de": "early", "inicios de": "early", "mediados de": "mid",
    "finales de": "late", "fines de": "late", "final de": "late",
}  # fmt: skip
CJK_PARTS: dict[str, str] = {
    "上旬": "early", "初旬": "early", "初め": "early", "はじめ": "early", "始め": "early", "初頭": "early",
    "頭": "early", "中旬": "mid", "半ば": "mid", "なかば": "mid", "中頃": "mid", "中ごろ": "mid", "下旬": "late",
    "末": "late", "終わり": "late", "おわり": "late", "終盤": "late", "前半": "h1", "後半": "h2",
    "上半期": "h1", "下半期": "h2", "上半年": "h1", "下半年": "h2", "年初": "early", "初": "early",
    "月初": "early", "月中": "mid", "月底": "late", "月末": "late", "年底": "late", "年末": "late", "底": "late",
    "春": "spring", "夏": "summer", "秋": "autumn", "冬": "winter", "春天": "spring", "夏天": "summer",
    "秋天": "autumn", "冬天": "winter", "春季": "spring", "夏季": "summer", "秋季": "autumn", "冬季": "winter",
}  # fmt: skip
SEASONS: dict[str, str] = {
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
    "fruhling": "spring", "fruhjahr": "spring", "sommer": "summer", "herbst": "autumn",
    "printemps": "spring", "ete": "summer", "automne": "autumn", "hiver": "winter",
    "primavera": "spring", "verano": "summer", "otono": "autumn", "invierno": "winter",
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4,
    "erste": 1, "ersten": 1, "erstes": 1, "zweite": 2, "zweiten": 2, "zweites": 2, "dritte": 3, "dritten": 3,
    "drittes": 3, "vierte": 4, "vierten": 4, "viertes": 4, "letzte": 4, "letzten": 4,
    "premier": 1, "1er": 1, "deuxieme": 2, "2e": 2, "troisieme": 3, "3e": 3, "quatrieme": 4, "4e": 4,
    "dernier": 4, "primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
}  # fmt: skip
