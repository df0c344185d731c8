"""Stance: how a piece of evidence bears on a claim, given or computed by a pluggable function.

The checker never guesses a stance. It takes the one written on the evidence
(``Evidence.stance``) or, when that is None, asks a stance function that the
caller passed in explicitly. A stance function is any callable
``(claim, evidence) -> Stance | None`` (see :class:`StanceFunction`); None
means "cannot tell", and the evidence is then reported as unused.

:func:`keyword_stance` is the shipped baseline: a small list of cue words for
"it happened" and "it did not happen" in English and Japanese, with the
claim's own negation taken into account. It is deliberately timid: whenever
the cues are absent or pull both ways it answers None. A model-based stance
(an NLI model, an LLM) plugs in through the same protocol without becoming a
dependency of claimtrack. A stance function with a string ``name`` attribute is
recorded under that name (``Finding.stance_from``, the reasons), so a model stance
can say which model and prompt version gave it (:func:`stance_name`).

A stance function may also explain itself: an ``explain(claim, evidence)``
method returning a :class:`StanceReading` (the stance, a confidence, a
rationale in words and, where there is one, the evidence's words it rests on)
makes it an :class:`ExplainingStance`. ``check()`` then asks ``explain`` once
instead of calling the function, and keeps the rationale on the finding so a
reviewer can judge it. The shipped stances all explain themselves;
:func:`explained_by` attaches an ``explain`` to a plain function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol, cast, runtime_checkable

import attrs

from claimtrack.model import Claim, ClaimKind, Evidence, Stance

__all__ = [
    "ExplainingStance",
    "StanceFunction",
    "StanceReading",
    "clip",
    "explained_by",
    "keyword_reading",
    "keyword_stance",
    "read_stance",
    "stance_name",
]


@runtime_checkable
class StanceFunction(Protocol):
    """Decides how ``evidence`` bears on ``claim``; returns None when it cannot tell.

    The stance is always relative to the claim *as stated*: for a denial
    ("we did not build AGI"), evidence that AGI was not built *supports* it.

    Example of a model-based implementation (the model is the caller's)::

        class NliStance:
            def __init__(self, pipeline): self.pipeline = pipeline
            def __call__(self, claim, evidence):
                label = self.pipeline(premise=evidence.excerpt or evidence.title, hypothesis=claim.text)
                return {"entailment": Stance.SUPPORTS, "contradiction": Stance.REFUTES}.get(label)
    """

    def __call__(self, claim: Claim, evidence: Evidence) -> Stance | None: ...


@attrs.frozen(kw_only=True)
class StanceReading:
    """What a stance function answered for one (claim, evidence) pair, and why.

    ``stance`` is what the function answers (None: it abstains). ``rationale``
    says why in words (the rule that fired, the cue words, a model's reasoning);
    empty when the function gave none. ``confidence`` is how sure the function
    is (0 to 1; None when it does not say). ``quoted_span`` is the evidence's
    words the stance rests on, when the function names them.
    """

    stance: Stance | None
    rationale: str = ""
    confidence: float | None = None
    quoted_span: str | None = None


@runtime_checkable
class ExplainingStance(StanceFunction, Protocol):
    """A stance function that can also say why: ``explain`` gives the stance with its rationale.

    ``explain(claim, evidence).stance`` must be what calling the function gives;
    :func:`~claimtrack.checking.check` asks ``explain`` (once per pair) instead of
    calling it, and keeps the rationale, confidence and quoted span on the finding.
    """

    def explain(self, claim: Claim, evidence: Evidence) -> StanceReading: ...


def explained_by(
    explain: Callable[[Claim, Evidence], StanceReading],
) -> Callable[[Callable[[Claim, Evidence], Stance | None]], ExplainingStance]:
    """A decorator that gives a plain stance function an ``explain`` method (it stays a function).

    Example:
        >>> def why(claim, evidence):
        ...     return StanceReading(stance=Stance.CONTEXT, rationale="it is only background")
        >>> @explained_by(why)
        ... def background(claim, evidence):
        ...     return why(claim, evidence).stance
        >>> isinstance(background, ExplainingStance), background.__name__
        (True, 'background')
    """

    def attach(function: Callable[[Claim, Evidence], Stance | None]) -> ExplainingStance:
        function.explain = explain  # type: ignore[attr-defined]
        return cast(ExplainingStance, function)

    return attach


def read_stance(function: StanceFunction, claim: Claim, evidence: Evidence) -> StanceReading:
    """Ask ``function`` once: its ``explain`` when it has one, else its plain answer with no rationale."""
    explain = getattr(function, "explain", None)
    if callable(explain):
        reading = explain(claim, evidence)
        if not isinstance(reading, StanceReading):
            raise TypeError(
                f"{stance_name(function)}.explain returned {type(reading).__name__}, expected a StanceReading"
            )
        return reading
    return StanceReading(stance=function(claim, evidence))


def clip(text: str, limit: int) -> str:
    """``text`` on one line (white space squeezed), cut to at most ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if limit <= 0 or len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 0)].rstrip() + "\u2026"


def stance_name(function: object) -> str:
    """A short human name of a stance function, used in reasons ("stance from keyword_stance").

    A non-empty string ``name`` attribute wins (a model stance's ``chat/<model>/<prompt version>``),
    then ``__name__``, then the type's name.
    """
    named = getattr(function, "name", None)
    if isinstance(named, str) and named:
        return named
    name = getattr(function, "__name__", None) or type(function).__name__
    return str(name)


# Cue words. Positive: the thing happened / is so. Negative: it did not, was stopped, was denied.
_POSITIVE_EN = (
    "released",
    "releases",
    "launched",
    "launches",
    "ships",
    "shipped",
    "rolled out",
    "rolls out",
    "rolling out",
    "introduced",
    "introduces",
    "unveiled",
    "unveils",
    "announced",
    "announces",
    "available",
    "completed",
    "completes",
    "confirmed",
    "confirms",
    "began",
    "begins",
    "started",
    "starts",
    "opened",
    "hired",
    "joined",
    "relaunch",
    "relaunches",
)
_NEGATIVE_EN = (
    "not",
    "no",
    "never",
    "delayed",
    "delays",
    "postponed",
    "postpones",
    "cancelled",
    "canceled",
    "scrapped",
    "abandoned",
    "failed",
    "fails",
    "missed",
    "denied",
    "denies",
    "withdrawn",
    "withdrew",
    "halted",
    "paused",
    "shelved",
    "leaving",
    "left",
    "leaves",
    "won't",
    "didn't",
    "hasn't",
    "isn't",
    "wasn't",
    "without",
)
_POSITIVE_JA = ("リリース", "発表", "公開", "開始", "発売", "提供", "導入", "完了", "実現", "達成")
_NEGATIVE_JA = ("延期", "中止", "撤回", "否定", "失敗", "見送", "されず", "しない", "ない", "ません", "退社", "辞任")
_CLAIM_NEGATION_EN = ("not", "no", "never", "won't", "don't", "didn't", "isn't", "wasn't", "haven't", "hasn't", "nor")
_CLAIM_NEGATION_JA = ("ない", "ません", "ず", "否定")


def _words(text: str) -> set[str]:
    text = text.casefold().replace("’", "'")
    words = set(re.findall(r"[a-z0-9']+", text))
    for phrase in ("rolled out", "rolls out", "rolling out"):
        if phrase in text:
            words.add(phrase)
    return words


def _cues(words: set[str], text: str, english: tuple[str, ...], japanese: tuple[str, ...]) -> list[str]:
    return [cue for cue in english if cue in words] + [cue for cue in japanese if cue in text]


def keyword_reading(claim: Claim, evidence: Evidence) -> StanceReading:
    """:func:`keyword_stance` with its reason: which cue words fired, and whether the claim's negation flipped them."""
    if claim.kind in (ClaimKind.OPINION, ClaimKind.UNCERTAINTY):
        return StanceReading(stance=None, rationale=f"a {claim.kind.value} is not about whether something happened")
    text = " ".join(t for t in (evidence.title, evidence.excerpt) if t)
    if not text.strip():
        return StanceReading(stance=None, rationale="no title or excerpt to read")
    words = _words(text)
    positive = _cues(words, text, _POSITIVE_EN, _POSITIVE_JA)
    negative = _cues(words, text, _NEGATIVE_EN, _NEGATIVE_JA)
    if not positive and not negative:
        return StanceReading(stance=None, rationale="no cue word: cannot tell")
    if positive and negative:
        return StanceReading(
            stance=None,
            rationale=f"cues pull both ways (happened: {', '.join(positive)}; did not: {', '.join(negative)})",
        )
    happened = bool(positive)
    claim_text = claim.text_in("en") or claim.text
    claim_words = _words(claim_text)
    claim_negated = claim.kind is ClaimKind.DENIAL or any(w in claim_words for w in _CLAIM_NEGATION_EN)
    if claim.language.startswith("ja") and claim.text_in("en") is None:
        claim_negated = claim_negated or any(cue in claim_text for cue in _CLAIM_NEGATION_JA)
    stance = Stance.SUPPORTS if happened != claim_negated else Stance.REFUTES
    fired = f"{'it happened' if happened else 'it did not happen'} cue words: {', '.join(positive or negative)}"
    return StanceReading(stance=stance, rationale=fired + ("; the claim is negated" if claim_negated else ""))


@explained_by(keyword_reading)
def keyword_stance(claim: Claim, evidence: Evidence) -> Stance | None:
    """A cue-word baseline: SUPPORTS or REFUTES when the cues are clear, else None.

    The evidence's title and excerpt are read for "it happened" cues
    (released, launched, 発表, 公開...) and "it did not happen" cues (delayed,
    cancelled, not, 延期, 中止...). Exactly one kind of cue must be present;
    the answer is then flipped when the claim itself is negated (a denial, or
    "will not..."). Opinions and uncertainty statements get None: their truth
    is not about whether an event happened. ``keyword_stance.explain`` (that is,
    :func:`keyword_reading`) also says which cue words fired.
    """
    return keyword_reading(claim, evidence).stance
