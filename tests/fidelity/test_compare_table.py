"""A table of original/rendering pairs in en, ja, zh, de, fr and es, each with the drift it must (not) raise.

Every drift kind has faithful controls: a pair that says the same thing in other
words, units, scales or scripts, and must raise nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

import claimtrack as ct
from claimtrack.fidelity import DriftKind

SAID_ON = date(2024, 3, 18)
H, N, C, NEG = DriftKind.HORIZON, DriftKind.NUMBER, DriftKind.HEDGE, DriftKind.NEGATION

# (original, original language, rendering, rendering language, expected kinds)
TABLE: list[tuple[str, str, str, str, frozenset[DriftKind]]] = [
    # --- horizon drift -------------------------------------------------------------------------
    ("I expect that by the end of this decade we will have quite capable systems", "en",
     "非常に有能なシステムは10年、場合によっては更に早く達成できるだろう", "ja", frozenset({H})),
    ("We will release it by 2025", "en", "Lo lanzaremos antes de 2030", "es", frozenset({H})),
    ("We will release it soon", "en", "Wir werden es irgendwann veröffentlichen", "de", frozenset({H})),
    ("Il sera disponible d'ici la fin de l'année", "fr", "It will be available within three years", "en",
     frozenset({H})),
    ("明年发布新模型", "zh", "We will ship the new model within five years", "en", frozenset({H})),
    ("Das Modell kommt nächstes Jahr", "de", "La modelo llegará dentro de diez años", "es", frozenset({H})),
    # horizon controls
    ("We will release an amazing model this year", "en", "今年、素晴らしいモデルをリリースする", "ja", frozenset()),
    ("in the next few years", "en", "数年以内に", "ja", frozenset()),
    ("We'll release many different things in the coming months", "en",
     "今後数か月以内に様々なものをリリースする予定だ", "ja", frozenset()),
    ("by the end of this decade", "en", "bis Ende dieses Jahrzehnts", "de", frozenset()),
    ("within five years", "en", "5年以内に", "ja", frozenset()),
    ("within five years", "en", "dans les cinq ans", "fr", frozenset()),
    ("by 2030", "en", "2030年までに", "zh", frozenset()),
    ("eventually", "en", "いずれ", "ja", frozenset()),
    ("next year", "en", "el próximo año", "es", frozenset()),
    # --- number drift --------------------------------------------------------------------------
    ("You tweeted about needing $7 trillion", "en", "7000億ドルが必要だとツイートした", "ja", frozenset({N})),
    ("OpenAI wants to raise $7 billion", "en", "OpenAI quiere recaudar 7 billones de dólares", "es", frozenset({N})),
    ("Die Firma hat 3 Milliarden Euro verloren", "de", "The company lost 3 million euros", "en", frozenset({N})),
    ("该公司有500名员工", "zh", "The company has 5,000 employees", "en", frozenset({N})),
    ("Le marché atteindra 40 pour cent", "fr", "市場は60%に達する", "ja", frozenset({N})),
    ("context length of several billion", "en", "数百万ものコンテキスト", "ja", frozenset({N})),
    # number controls
    ("You tweeted about needing $7 trillion", "en", "7兆ドルが必要だとツイートした", "ja", frozenset()),
    ("OpenAI wants to raise $7 trillion", "en", "OpenAI想筹集7万亿美元", "zh", frozenset()),
    ("OpenAI wants to raise $7 trillion", "en", "OpenAI veut lever 7 000 milliards de dollars", "fr", frozenset()),
    ("OpenAI wants to raise $7 trillion", "en", "OpenAI will 7 Billionen Dollar aufbringen", "de", frozenset()),
    ("OpenAI wants to raise $7 billion", "en", "OpenAI quiere recaudar 7 mil millones de dólares", "es", frozenset()),
    ("Die Firma hat 3 Milliarden Euro verloren", "de", "该公司损失了30亿欧元", "zh", frozenset()),
    ("context length of several billion", "en", "数十億ものコンテキスト", "ja", frozenset()),
    ("Le marché atteindra 40 pour cent", "fr", "El mercado alcanzará el 40 por ciento", "es", frozenset()),
    ("We have 100 million weekly users", "en", "週に1億人のユーザーがいる", "ja", frozenset()),
    # --- hedge drift ---------------------------------------------------------------------------
    ("GPT-5 will probably ship this year", "en", "GPT-5は今年必ずリリースされる", "ja", frozenset({C})),
    ("It might happen within five years", "en", "Cela arrivera certainement d'ici cinq ans", "fr", frozenset({C})),
    ("Das wird sicher passieren", "de", "Quizás suceda", "es", frozenset({C})),
    ("我们肯定会成功", "zh", "We might succeed", "en", frozenset({C})),
    # hedge controls
    ("Maybe we will get there", "en", "たぶんそこに到達するかもしれない", "ja", frozenset()),
    ("I think it will get better", "en", "Je pense que ça va s'améliorer, probablement", "fr", frozenset()),
    ("We will return to robots at some point", "en", "いずれロボットに戻る事になるだろう", "ja", frozenset()),
    ("Es wird wahrscheinlich klappen", "de", "Probablemente funcionará", "es", frozenset()),
    # --- negation drift ------------------------------------------------------------------------
    ("It is important that no one person has total control", "en",
     "私や他の誰か一人の人間が完全に支配することは重要ではない", "ja", frozenset({NEG})),
    ("Das ist nicht wichtig", "de", "This is important", "en", frozenset({NEG})),
    ("Ce n'est pas important", "fr", "Es importante", "es", frozenset({NEG})),
    ("这不重要", "zh", "C'est très important", "fr", frozenset({NEG})),
    ("We are not ready to talk about that", "en", "我们已经准备好谈论这个", "zh", frozenset({NEG})),
    ("We will never sell ads", "en", "Wir werden Werbung verkaufen", "de", frozenset({NEG})),
    ("Nunca lo dijimos", "es", "We said it", "en", frozenset({NEG})),
    # negation controls
    ("We are not ready to talk about that", "en", "我々はまだそれについては話す準備ができていない", "ja", frozenset()),
    ("We are not ready to talk about that", "en", "我们还没有准备好谈论这个", "zh", frozenset()),
    ("I did not tweet about that", "en", "私はそのツイートは一切してない", "ja", frozenset()),
    ("No company should make these decisions", "en", "Aucune entreprise ne devrait prendre ces décisions", "fr",
     frozenset()),
    ("We don't run ads on our free version", "en", "Wir schalten keine Werbung in der kostenlosen Version", "de",
     frozenset()),
    ("It is not important", "en", "No es importante", "es", frozenset()),
    ("We will certainly return", "en", "間違いなく戻る", "ja", frozenset()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("original", "o_lang", "rendering", "r_lang", "expected"),
    TABLE,
    ids=[f"{i:02d}-{o_lang}-{r_lang}-{'+'.join(sorted(k.value for k in exp)) or 'faithful'}"
         for i, (_, o_lang, _, r_lang, exp) in enumerate(TABLE)],
)  # fmt: skip
def test_pair(original: str, o_lang: str, rendering: str, r_lang: str, expected: frozenset[DriftKind]) -> None:
    report = ct.compare(original, rendering, said_on=SAID_ON, original_language=o_lang, rendering_language=r_lang)
    assert report.supported
    assert report.kinds == expected, [str(f) for f in report.flags]
    if expected:
        assert report.proposed in (ct.Fidelity.DISTORTED, ct.Fidelity.PARTLY_FAITHFUL)
        for flag in report.flags:
            assert flag.explanation
            assert flag.rendering_span or flag.original_span
    else:
        assert report.proposed is ct.Fidelity.FAITHFUL


def test_table_size_and_languages() -> None:
    """At least 40 pairs, every language on both sides, and faithful controls for every kind."""
    assert len(TABLE) >= 40
    langs = {row[1] for row in TABLE} | {row[3] for row in TABLE}
    assert langs == {"en", "ja", "zh", "de", "fr", "es"}
    assert sum(1 for row in TABLE if not row[4]) >= 20
