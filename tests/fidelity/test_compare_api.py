"""``ct.compare``: its result types, bad input, the proposal rule, and the recorded fidelity."""

from __future__ import annotations

import time
from datetime import date

import attrs
import pytest

import claimtrack as ct
from claimtrack.fidelity import DriftKind, DriftReport, propose_fidelity, quantities
from claimtrack.fidelity._text import fold

SAID_ON = date(2024, 3, 18)


def _compare(original: str, rendering: str, o: str = "en", r: str = "ja", **kw: object) -> DriftReport:
    return ct.compare(original, rendering, said_on=SAID_ON, original_language=o, rendering_language=r, **kw)  # type: ignore[arg-type]


def test_kinds_are_str_enum_values() -> None:
    assert [k.value for k in DriftKind] == ["horizon", "number", "hedge", "negation"]
    assert DriftKind("hedge") is DriftKind.HEDGE


def test_results_are_frozen() -> None:
    report = _compare("by the end of this decade", "10年")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.supported = False  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.flags[0].explanation = ""  # type: ignore[misc]


@pytest.mark.parametrize(
    ("original", "rendering", "o", "r", "reason"),
    [
        ("", "テスト", "en", "ja", "the original text is empty"),
        ("We will ship it", "   ", "en", "ja", "the rendering text is empty"),
        ("We will ship it", "출시할 것이다", "en", "ko", "rendering language 'ko' is not supported"),
        ("Vamos enviar", "We will ship it", "pt-BR", "en", "original language 'pt-BR' is not supported"),
        ("We will ship it", "出荷する", "en", "", "rendering language '' is not supported"),
        ("[01:02:03]", "出荷する", "en", "ja", "the original has no words"),
    ],
)
def test_unsupported_input_never_guesses(original: str, rendering: str, o: str, r: str, reason: str) -> None:
    report = _compare(original, rendering, o, r)
    assert report.supported is False
    assert report.reason is not None
    assert reason in report.reason
    assert report.flags == ()
    assert report.proposed is None


def test_region_subtags_are_accepted() -> None:
    assert _compare("We will ship it this year", "今年出荷する", "en-US", "ja-JP").supported


def test_verbatim_faithful_and_the_rule() -> None:
    assert _compare("We will ship it this year.", "we will ship it this year", "en", "en").proposed is (
        ct.Fidelity.VERBATIM
    )
    assert _compare("We will ship it this year", "今年出荷する").proposed is ct.Fidelity.FAITHFUL
    hedge_only = _compare("GPT-5 will probably ship this year", "GPT-5は今年必ずリリースされる")
    assert hedge_only.kinds == {DriftKind.HEDGE}
    assert hedge_only.proposed is ct.Fidelity.PARTLY_FAITHFUL
    assert propose_fidelity(()) is ct.Fidelity.FAITHFUL


def test_recorded_fidelity_is_kept_and_compared() -> None:
    report = _compare("by the end of this decade", "10年", recorded=ct.Fidelity.FAITHFUL)
    assert report.recorded is ct.Fidelity.FAITHFUL
    assert report.proposed is ct.Fidelity.DISTORTED
    assert report.fidelity is ct.Fidelity.FAITHFUL  # the person's record wins
    assert report.disagreement is not None
    assert "recorded faithful" in report.disagreement
    quiet = _compare(
        "by the end of this decade", "bis Ende dieses Jahrzehnts", "en", "de", recorded=ct.Fidelity.DISTORTED
    )
    assert quiet.disagreement == "recorded distorted but no drift flagged"


def test_flag_carries_spans_values_and_explanation() -> None:
    report = _compare("You tweeted about needing $7 trillion", "7000億ドルが必要だ")
    (flag,) = report.flags
    assert flag.kind is DriftKind.NUMBER
    assert flag.original_span == "$7 trillion"
    assert flag.rendering_span == "7000億ドル"
    assert flag.original_value == "7e+12 USD"
    assert flag.rendering_value == "7e+11 USD"
    assert "7000億ドル" in flag.explanation
    assert str(flag).startswith("number: ")


def test_transcript_marks_are_not_read() -> None:
    """Timestamps and speaker labels are furniture: [01:33:04] is no number, "Lex:" no word."""
    report = _compare('Lex [01:09:36]: "Is it ready?" Altman [01:09:40]: "It is not ready."', "まだ準備ができていない")
    assert report.flags == ()


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("$7 trillion", "en", 7e12),
        ("7兆ドル", "ja", 7e12),
        ("7万亿美元", "zh", 7e12),
        ("7 Billionen Dollar", "de", 7e12),
        ("7 Milliarden Dollar", "de", 7e9),
        ("7 000 milliards de dollars", "fr", 7e12),
        ("mil millones", "es", 1e9),
        ("siete mil millones de dólares", "es", 7e9),
        ("70亿美元", "zh", 7e9),
        ("1兆2000億円", "ja", 1.2e12),
        ("1.000 Menschen", "de", 1000),
        ("1,000 people", "en", 1000),
        ("百分之四十", "zh", 40),
    ],
)
def test_amounts_normalise(text: str, language: str, value: float) -> None:
    (q,) = quantities(fold(text), language)
    assert q.low == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "language"),
    [("GPT-4 in 2024, five-second tasks, 10 years", "en"), ("2018年2月末、10年で", "ja"), ("一部の人は十分だ", "ja")],
)
def test_not_amounts(text: str, language: str) -> None:
    assert quantities(fold(text), language) == []


@pytest.mark.parametrize(
    "text",
    [
        "数" * 50_000 + "不重要" * 20_000 + "7 " * 50_000,
        "We will not ship it within 3 years. It is important. " * 4_000,
        "今年は重要ではない。5年以内に7兆ドル。" * 5_000,
    ],
    ids=["cjk-runs", "en-sentences", "ja-sentences"],
)
def test_long_hostile_text_is_read_in_bounded_time(text: str) -> None:
    """A rendering or an original of 100-200 KB is read (uncached) in seconds, as either side of a pair."""
    started = time.perf_counter()
    assert _compare("We will ship it within five years", text, "en", "ja").supported
    assert _compare(text, "5年以内に出荷する", "ja", "ja").supported
    assert time.perf_counter() - started < 30
