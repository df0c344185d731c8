"""Drift detection: does a rendering (a summary, a translation) keep what the original said?

:func:`compare` reads the original and the rendering with the library's own
parsers and returns a :class:`DriftReport` of typed :class:`DriftFlag` s:

* ``horizon`` - the rendering names a deadline or period the original does not
  ("by the end of this decade" -> 「10年」: 2029-12-31 vs 2034-03-18);
* ``number`` - the rendering states an amount the original does not, after units,
  scales and number words are normalised ("$7 trillion" = 「7兆ドル」 is no flag);
* ``hedge`` - the credence moves two or more steps on the ICD 203 ladder: a hedged
  original stated flatly, or a flat one hedged ("I expect" -> 「する」);
* ``negation`` - polarity flipped: a word both texts share is negated in one and not
  the other (「重要ではない」 for "it is important that..."), or, for two short
  statements with no shared word, a negator is lost or added.

Omissions are not drift: a rendering that drops a number, a horizon or a hedge
is a shorter rendering, and is not flagged (a summary keeps part of a quote).
Everything the rendering *does* say is checked against everything the
original says, so a long original quote with many sentences is fine.

The proposed :class:`~claimtrack.model.Fidelity` follows one rule (docs/fidelity.md):
verbatim when both texts are the same after normalisation (same language);
faithful with no flags; partly_faithful when the only flags are hedge flags (the
claim survives with another strength); distorted when any horizon, number or
negation flag is raised (the claim itself changed). A fidelity a person recorded
is passed in as ``recorded`` and is never replaced: the report keeps both.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

import attrs

from claimtrack.dates import DayInput, as_date
from claimtrack.fidelity._text import SUPPORTED, language_of
from claimtrack.fidelity.numbers import describe, same_amount
from claimtrack.fidelity.readers import HedgeReading, Reading, horizons, level_name, read
from claimtrack.model import Fidelity, Horizon, html_repr

__all__ = ["DriftFlag", "DriftKind", "DriftReport", "compare", "propose_fidelity"]


class DriftKind(StrEnum):
    """What kind of meaning a rendering changed."""

    HORIZON = "horizon"
    NUMBER = "number"
    HEDGE = "hedge"
    NEGATION = "negation"


@attrs.frozen(kw_only=True)
class DriftFlag:
    """One disagreement between an original and its rendering.

    The spans are the words as written (transcript timestamps and speaker labels
    removed); a span is None when that side says nothing of the kind. The values
    are readings in words: a deadline (``2029-12-31``), an amount (``7e+12 USD``),
    a credence band (``likely (55-80%)``) or a polarity (``negated``).
    """

    kind: DriftKind
    original_span: str | None
    original_value: str | None
    rendering_span: str | None
    rendering_value: str | None
    explanation: str

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.explanation}"


@attrs.frozen(kw_only=True)
class DriftReport:
    """What :func:`compare` found: the flags, the fidelity it proposes, and the one a person recorded.

    ``supported`` is False (with ``reason``) when the pair cannot be read: an
    empty text, or a language outside en, ja, zh, de, fr, es. Such a report has
    no flags and proposes nothing; it never guesses.
    """

    supported: bool
    reason: str | None = None
    flags: tuple[DriftFlag, ...] = ()
    proposed: Fidelity | None = None
    """The automatic reading (None when unsupported)."""
    recorded: Fidelity | None = None
    """The fidelity a person recorded, passed in; never replaced."""
    original_language: str | None = None
    rendering_language: str | None = None
    said_on: date | None = None

    @property
    def fidelity(self) -> Fidelity | None:
        """The fidelity to use: the recorded one when there is one, else the proposal."""
        return self.recorded if self.recorded is not None else self.proposed

    @property
    def kinds(self) -> frozenset[DriftKind]:
        """The kinds of drift flagged."""
        return frozenset(flag.kind for flag in self.flags)

    @property
    def disagreement(self) -> str | None:
        """How the automatic reading contradicts the recorded fidelity, or None when it does not.

        Only two cases count: recorded verbatim or faithful but flags were found, and
        recorded distorted but nothing was flagged. Partly faithful, not-in-original
        and misattributed are judgements this reader cannot confirm or refute.
        """
        if not self.supported or self.recorded is None:
            return None
        if self.recorded.is_faithful and self.flags:
            kinds = ", ".join(sorted(k.value for k in self.kinds))
            return f"recorded {self.recorded.value} but {len(self.flags)} flag(s) found ({kinds})"
        if self.recorded is Fidelity.DISTORTED and not self.flags:
            return "recorded distorted but no drift flagged"
        return None

    def __repr__(self) -> str:
        if not self.supported:
            return f"DriftReport(supported=False, reason={self.reason!r})"
        fidelity = None if self.fidelity is None else self.fidelity.value
        kinds = [flag.kind.value for flag in self.flags]
        recorded = "" if self.recorded is None else f", recorded={self.recorded.value!r}"
        return f"DriftReport(fidelity={fidelity!r}{recorded}, flags={kinds})"

    def _repr_html_(self) -> str | None:
        """The fidelity and each flag's two spans side by side, for a notebook."""
        return html_repr(self)


def propose_fidelity(flags: tuple[DriftFlag, ...], *, identical: bool = False) -> Fidelity:
    """The documented rule: verbatim / faithful / partly_faithful (hedge only) / distorted."""
    if not flags:
        return Fidelity.VERBATIM if identical else Fidelity.FAITHFUL
    if all(flag.kind is DriftKind.HEDGE for flag in flags):
        return Fidelity.PARTLY_FAITHFUL
    return Fidelity.DISTORTED


# --- horizons ----------------------------------------------------------------------------------


def _describe_horizon(h: Horizon) -> str:
    if h.end is None:
        return "near future, no date" if h.rule == "soon" else "open-ended, no date"
    period = f"{h.start.isoformat()}..{h.end.isoformat()}"
    return f"{period} ({h.rule}{', vague' if h.vague else ''})"


def _distance(a: Horizon, b: Horizon) -> timedelta | None:
    """How far apart two horizons' ends (and starts) are; None when one is open and the other not."""
    if a.end is None or b.end is None:
        if a.end is None and b.end is None:
            return timedelta(0) if (a.rule == "soon") == (b.rule == "soon") else None
        return None
    return max(abs(a.end - b.end), abs(a.start - b.start))


def _agree(original: Horizon, rendering: Horizon, said_on: date) -> bool:
    gap = _distance(original, rendering)
    if gap is None:
        return False
    if original.end is None:
        return True
    span = max(original.end - said_on, timedelta(days=1))
    vague = original.vague or rendering.vague
    tolerance = max(timedelta(days=31 if vague else 7), span * (0.25 if vague else 0.1))
    return gap <= tolerance


_MAX_HORIZON_FLAGS = 20
"""Horizons of a rendering compared at most (a hostile text naming thousands gets the first 20)."""


def _horizon_flags(original: Reading, rendering: Reading, said_on: date) -> list[DriftFlag]:
    ours, theirs = horizons(original, said_on), horizons(rendering, said_on)
    flags: list[DriftFlag] = []
    for h in theirs[:_MAX_HORIZON_FLAGS]:
        if any(_agree(o, h, said_on) for o in ours):
            continue
        if not ours:
            flags.append(
                DriftFlag(
                    kind=DriftKind.HORIZON,
                    original_span=None,
                    original_value=None,
                    rendering_span=h.text,
                    rendering_value=_describe_horizon(h),
                    explanation=f"the rendering adds a horizon the original does not give: {h.text!r} "
                    f"({_describe_horizon(h)})",
                )
            )
            continue
        nearest = min(ours, key=lambda o: _distance(o, h) or timedelta.max)
        if nearest.end is not None and h.end is not None:
            detail = f"deadline {nearest.end.isoformat()} vs {h.end.isoformat()}"
        else:
            detail = f"{_describe_horizon(nearest)} vs {_describe_horizon(h)}"
        flags.append(
            DriftFlag(
                kind=DriftKind.HORIZON,
                original_span=nearest.text,
                original_value=_describe_horizon(nearest),
                rendering_span=h.text,
                rendering_value=_describe_horizon(h),
                explanation=f"{nearest.text!r} is rendered as {h.text!r}: {detail} (said on {said_on.isoformat()})",
            )
        )
    return flags


# --- numbers -----------------------------------------------------------------------------------


def _number_flags(original: Reading, rendering: Reading) -> list[DriftFlag]:
    flags: list[DriftFlag] = []
    seen: set[tuple[float, float, str | None]] = set()
    for q in rendering.quantities:
        if (q.low, q.high, q.unit) in seen:
            continue  # one flag per amount, however often it is repeated
        seen.add((q.low, q.high, q.unit))
        if any(same_amount(q, o) for o in original.quantities):
            continue
        r_span = rendering.span(q.start, q.end)
        same_unit = [o for o in original.quantities if o.unit == q.unit] or list(original.quantities)
        if not same_unit:
            flags.append(
                DriftFlag(
                    kind=DriftKind.NUMBER,
                    original_span=None,
                    original_value=None,
                    rendering_span=r_span,
                    rendering_value=describe(q),
                    explanation=f"the rendering states {r_span!r} ({describe(q)}); the original states no such amount",
                )
            )
            continue
        nearest = min(same_unit, key=lambda o: abs((o.low or 1e-9) - (q.low or 1e-9)) / max(abs(q.low), 1e-9))
        o_span = original.span(nearest.start, nearest.end)
        flags.append(
            DriftFlag(
                kind=DriftKind.NUMBER,
                original_span=o_span,
                original_value=describe(nearest),
                rendering_span=r_span,
                rendering_value=describe(q),
                explanation=f"{o_span!r} ({describe(nearest)}) is rendered as {r_span!r} ({describe(q)})",
            )
        )
    return flags


# --- hedges ------------------------------------------------------------------------------------


def _hedge_value(h: HedgeReading) -> str:
    if h.band == "conjecture":
        return f"{level_name(h.level)} (conjecture)"
    if h.band == "unhedged":
        return "stated flatly (unhedged)"
    return level_name(h.level)


def _hedge_flags(original: Reading, rendering: Reading) -> list[DriftFlag]:
    if not original.hedges or not rendering.hedges:
        return []
    ours = {h.level: h for h in reversed(original.hedges)}  # the first reading of each level
    theirs = {h.level: h for h in reversed(rendering.hedges)}
    pairs = [(abs(o.level - r.level), o, r) for o in ours.values() for r in theirs.values()]
    gap, o, r = min(pairs, key=lambda p: p[0])
    if gap < 2:
        return []
    if o.level == 6:
        what = "the original states it as certain but the rendering hedges it"
    elif r.level == 6:
        what = "a hedged original is rendered as certain"
    else:
        what = "the credence band changes"
    return [
        DriftFlag(
            kind=DriftKind.HEDGE,
            original_span=o.word or o.sentence,
            original_value=_hedge_value(o),
            rendering_span=r.word or r.sentence,
            rendering_value=_hedge_value(r),
            explanation=f"{what}: {o.word!r} ({_hedge_value(o)}) vs {r.word!r} ({_hedge_value(r)})",
        )
    ]


# --- negation ----------------------------------------------------------------------------------


def _polarity(negated: bool) -> str:
    return "negated" if negated else "affirmed"


def _negation_flags(original: Reading, rendering: Reading) -> list[DriftFlag]:
    flags: list[DriftFlag] = []
    shared = sorted({a.concept for a in original.anchors} & {a.concept for a in rendering.anchors})
    for concept in shared:
        o_list = [a for a in original.anchors if a.concept == concept]
        r_list = [a for a in rendering.anchors if a.concept == concept]
        o_pol, r_pol = {a.negated for a in o_list}, {a.negated for a in r_list}
        if len(o_pol) != 1 or len(r_pol) != 1 or o_pol == r_pol:
            continue  # mixed in one text, or the same in both: no flip to report
        o, r = o_list[0], r_list[0]
        o_span, r_span = original.clause(o.start, o.end), rendering.clause(r.start, r.end)
        flags.append(
            DriftFlag(
                kind=DriftKind.NEGATION,
                original_span=o_span,
                original_value=_polarity(o.negated),
                rendering_span=r_span,
                rendering_value=_polarity(r.negated),
                explanation=f"polarity flipped on {concept!r}: {_polarity(o.negated)} in the original "
                f"({o_span!r}), {_polarity(r.negated)} in the rendering ({r_span!r})",
            )
        )
    if shared or flags or not (original.short and rendering.short) or original.negated == rendering.negated:
        return flags
    lost = original.negated
    return [
        DriftFlag(
            kind=DriftKind.NEGATION,
            original_span=original.text,
            original_value=_polarity(original.negated),
            rendering_span=rendering.text,
            rendering_value=_polarity(rendering.negated),
            explanation="the original's negation is lost in the rendering"
            if lost
            else "the rendering adds a negation the original does not have",
        )
    ]


# --- compare -----------------------------------------------------------------------------------


def _unsupported(reason: str, *, recorded: Fidelity | None, said_on: date, o_lang: str, r_lang: str) -> DriftReport:
    return DriftReport(
        supported=False,
        reason=reason,
        recorded=recorded,
        original_language=o_lang,
        rendering_language=r_lang,
        said_on=said_on,
    )


def compare(
    original: str,
    rendering: str,
    *,
    said_on: DayInput,
    original_language: str,
    rendering_language: str,
    recorded: Fidelity | None = None,
) -> DriftReport:
    """Compare a rendering with its original and flag horizon, number, hedge and negation drift.

    ``said_on`` is the day the original was said: relative horizons ("this year",
    「10年」) are read from it in both texts. Languages are BCP 47 tags; en, ja,
    zh, de, fr and es are supported, anything else gives a report with
    ``supported=False`` and a reason. ``recorded`` is a fidelity a person
    recorded: the report carries it and never replaces it.

    Example:
        >>> r = compare("I expect that by the end of this decade we will have quite capable systems",
        ...             "非常に有能なシステムは10年で達成できるだろう", said_on=date(2024, 3, 18),
        ...             original_language="en", rendering_language="ja")
        >>> [f.kind.value for f in r.flags], r.proposed.value
        (['horizon'], 'distorted')
        >>> r.flags[0].original_value, r.flags[0].rendering_value
        ('2024-03-18..2029-12-31 (end-of-decade)', '2024-03-18..2034-03-18 (duration)')
    """
    day = as_date(said_on, name="said_on")
    o_lang, r_lang = language_of(original_language), language_of(rendering_language)
    supported = ", ".join(SUPPORTED)

    def unsupported(reason: str) -> DriftReport:
        return _unsupported(reason, recorded=recorded, said_on=day, o_lang=original_language, r_lang=rendering_language)

    if o_lang is None:
        return unsupported(f"original language {original_language!r} is not supported ({supported})")
    if r_lang is None:
        return unsupported(f"rendering language {rendering_language!r} is not supported ({supported})")
    if not original or not original.strip():
        return unsupported("the original text is empty")
    if not rendering or not rendering.strip():
        return unsupported("the rendering text is empty")
    o_reading, r_reading = read(original, o_lang), read(rendering, r_lang)
    if not o_reading.normalised or not r_reading.normalised:
        which = "original" if not o_reading.normalised else "rendering"
        return unsupported(f"the {which} has no words once transcript marks are removed")
    flags = (
        _horizon_flags(o_reading, r_reading, day)
        + _number_flags(o_reading, r_reading)
        + _hedge_flags(o_reading, r_reading)
        + _negation_flags(o_reading, r_reading)
    )
    identical = o_lang == r_lang and o_reading.normalised == r_reading.normalised
    return DriftReport(
        supported=True,
        flags=tuple(flags),
        proposed=propose_fidelity(tuple(flags), identical=identical),
        recorded=recorded,
        original_language=o_lang,
        rendering_language=r_lang,
        said_on=day,
    )
