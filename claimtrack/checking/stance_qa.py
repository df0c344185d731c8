"""A no-model stance for question-answer evidence (AVeriTeC): it reads the claim, the question and the answer.

:func:`qa_reading` says how one answer bears on the claim, which rule decided
and how sure it is; :func:`qa_stance` is the :class:`~claimtrack.checking.stance.StanceFunction`
that returns the reading's stance when its confidence reaches
:data:`QA_THRESHOLD` and abstains (None) otherwise. The rules, first match wins:

1. ``unanswerable`` ("No answer could be found.") -> context, never a refutation.
2. A yes/no answer (a ``boolean`` answer, a short answer, or one that opens
   with "Yes,"/"No,") read against the question's polarity: "Did X happen?"
   + "No" refutes a claim that X happened; a negated question ("Is it false
   that X?", "Didn't X...?") inverts the answer, and so does a negated claim
   ("X has not ...", a negation inside quotation marks does not count). The
   rule's name says whether the question is on the claim (half its content
   words or more are the claim's), on a part of it (a support from a
   question that covers less than half of the claim: the claim needs all
   its parts, while one false part refutes it) or beside it, and which
   stance it gave; each has its own confidence ("yes" to a question on a
   part of the claim or beside it is seldom support, and abstains).
3. "No evidence found" in the answer ("there is no evidence / record /
   report that ...") -> refutes: someone looked and found nothing.
4. A question that traces the claim's origin ("where did the photo come
   from", "who first posted it") with an answer -> refutes (provenance).
5. Numbers: when the question asks for a number or a date ("how many",
   "what percentage", "amount", "when") and is about the claim, numbers of
   one kind (years, percentages, other quantities) are compared: one equal
   to the claim's (within 5%) supports, all different refutes.
6. Explicit contradiction ("false", "fake", "hoax", "fabricated", "satire",
   "misleading", "denied", "none of", "was not", ...) -> refutes; explicit
   confirmation ("confirmed", "is true", "is accurate") -> supports.
7. Dates: an answer naming only years well before the claim, for a claim
   that names no year, refutes it (old news recirculated).

Anything else abstains. ``qa_stance.explain`` gives the stance with its
rationale, which names the rule, says why and, when it abstains on a stance
below the threshold, what it would have said. Each rule's confidence (:data:`QA_CONFIDENCE`) is
its precision measured on the even-index half of the AVeriTeC dev split --
(answers whose claim's label agrees with the stance + 1) / (answers it
decided + 2), a smoothed share -- printed by
``benchmarks/eval_stance_averitec.py --fit``; :data:`QA_THRESHOLD` was chosen
by the sweep there, on the even half too. The odd half is never used for
tuning. The cues are English. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from claimtrack.checking.stance import StanceReading, explained_by
from claimtrack.model import Claim, ClaimKind, Evidence, Stance

__all__ = ["QA_CONFIDENCE", "QA_THRESHOLD", "QaReading", "qa_reading", "qa_stance"]


# Measured precision of each rule on the even half (benchmarks/eval_stance_averitec.py --fit).
QA_CONFIDENCE: Mapping[str, float] = {
    # rule: (agreeing + 1) / (decided + 2) on the even half; the counts follow each value
    "unanswerable": 1.0,  # context by definition: nothing was found
    "no_on_claim_refutes": 0.95,  # 58/60
    "provenance": 0.94,  # 16/16
    "yes_on_claim_refutes": 0.83,  # 4/4
    "no_on_part_supports": 0.80,  # 3/3
    "no_on_claim_supports": 0.77,  # 9/11
    "number_agrees": 0.75,  # 11/14
    "contradiction": 0.73,  # 47/64
    "no_on_background_refutes": 0.72,  # 22/30
    "no_evidence": 0.67,  # 7/10
    "yes_on_claim_supports": 0.65,  # 10/15
    "old_date": 0.63,  # 30/47
    "negated_question_supports": 0.50,  # 0/0
    "no_on_background_supports": 0.50,  # 1/2
    "confirmation": 0.50,  # 2/4
    "number_disagrees": 0.44,  # 10/23
    "negated_question_refutes": 0.33,  # 0/1
    "yes_on_part_supports": 0.26,  # 6/25
    "yes_on_background_supports": 0.18,  # 4/26
    "none": 0.0,
}
"""Calibrated confidence per rule: the precision measured on the even half of the AVeriTeC dev split."""

QA_THRESHOLD = 0.5
"""Below this confidence :func:`qa_stance` abstains: it answers only when more likely right than wrong."""


@attrs.frozen(kw_only=True)
class QaReading:
    """How one answer bears on a claim: the stance (None: cannot tell), the rule that decided, its confidence."""

    stance: Stance | None
    rule: str
    confidence: float
    why: str


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    re.findall(
        r"\S+",
        """a an the of to in on at by for from with and or but is are was were be been being has have had do does did
        it its this that these those there their they them he she his her him we our you your i me my as if than then
        so such not no yes any all some can could will would should may might must shall about into over under after
        before what which who whom whose when where why how much many claim claimed said says say true false
        s t also just only very more most other""",
    )
)
_NEGATIONS = frozenset(
    re.findall(
        r"\S+",
        """not no never nor isn't aren't wasn't weren't don't doesn't didn't hasn't haven't hadn't won't can't
        cannot couldn't shouldn't wouldn't""",
    )
)
_INVERTED_QUESTION = re.compile(
    r"^\s*(is|was|are|were)\s+it\s+(false|untrue|a\s+(myth|hoax|lie))\b|"
    r"^\s*(isn't|wasn't|aren't|weren't|don't|doesn't|didn't|hasn't|haven't|hadn't|won't|can't)\b|"
    r"\b(did|does|do|is|was|are|were|has|have|had|will|can)\s+\w+(\s+\w+)?\s+(not|never)\b|"
    r"(?<![-\w])(fake|faked|false|fabricated|doctored|satir\w*|hoax|untrue|misattributed|edited|photoshopped)\b",
    re.IGNORECASE,
)
_FALSITY = re.compile(
    r"(?<![-\w])(fake|faked|false|fabricated|doctored|satir\w*|hoax|untrue|misattributed|edited|photoshopped)\b",
    re.IGNORECASE,
)
_NOTHING_FOUND = re.compile(r"^\s*no\s+answer\s+could\s+be\s+found", re.IGNORECASE)
_PROVENANCE = re.compile(
    r"\b(origin\w*|first\s+(published|posted|appeared|shared|reported|surfaced)|source\s+of|come\s+from|"
    r"where\s+(did|does|was|is|were)\b.*\b(from|taken|originate|posted|filmed)|who\s+(created|made|posted|wrote|"
    r"published|shared)|(was|were)\s+\w+\s+taken)\b",
    re.IGNORECASE,
)
_YES_NO_LEAD = re.compile(r"^\s*(yes|no)\s*[,.;:!-]", re.IGNORECASE)
_YES = re.compile(r"^\s*(yes|yeah|correct|true|indeed)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(no|not|false|incorrect|never)\b(?!\s+answer\s+could)", re.IGNORECASE)
_NO_EVIDENCE = re.compile(
    r"\b(no|not\s+any|never\s+found\s+any|cannot\s+find\s+any|could\s+not\s+find\s+any|found\s+no)\s+"
    r"(\w+\s+){0,2}(evidence|record|records|report|reports|proof|mention|trace|indication|data)\b|"
    r"\bno\s+answer\s+could\s+be\s+found\b|\bthere\s+is\s+nothing\b",
    re.IGNORECASE,
)
_CONTRADICTION = re.compile(
    r"\b(false|fake|hoax|fabricated|doctored|photoshopped|manipulated|satir(e|ical)|parody|misleading|"
    r"debunked|untrue|not\s+true|never\s+(said|happened|stated|made)|did\s+not\s+(say|happen|occur)|"
    r"misattributed|no\s+such|incorrect|inaccurate|baseless|unfounded|denied|fact[- ]check(ed)?|"
    r"wrongly|was\s+not|were\s+not|is\s+not|are\s+not|does\s+not|do\s+not|has\s+not|have\s+not|had\s+not|"
    r"none\s+of|no\s+\w+\s+(occurred|happened|was|were|had|has|have)|den(y|ies|ying)|recommends?\s+against|"
    r"myth|fallacy|conspiracy\s+theor\w*|unsupported|no\s+convincing|not\s+linked)\b",
    re.IGNORECASE,
)
_CONFIRMATION = re.compile(
    r"\b(confirmed|is\s+true|is\s+accurate|is\s+correct|was\s+true|accurately|did\s+say|indeed)\b",
    re.IGNORECASE,
)
_ASKS_NUMBER = re.compile(
    r"\b(amount|how\s+(many|much|long|old|often)|what\s+(percentage|percent|proportion|share|number|rate|year|date|"
    r"was\s+the\s+(number|amount|rate|percentage|total))|when)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(?<![^\W\d_]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(%|percent|per\s+cent))?")
"""A number; not the digits of a name such as COVID-19 or GPT-4 (a letter and a hyphen before them)."""
_MULTIPLIER = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("’", "'"))


def _content(text: str) -> set[str]:
    return {w[:6] for w in _words(text) if w not in _STOP and len(w) > 2}


_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


def _negated(text: str) -> bool:
    """A negation outside quotation marks (a quoted denial is what someone said, not the claim's polarity)."""
    return any(w in _NEGATIONS for w in _words(_QUOTED.sub(" ", text)))


def _overlap(question: str, claim: str) -> float:
    """The share of the question's content words (6-letter stems) that the claim also has."""
    asked = _content(question)
    if not asked:
        return 0.0
    return len(asked & _content(claim)) / len(asked)


def _coverage(question: str, claim: str) -> float:
    """The share of the claim's content words that the question asks about."""
    stated = _content(claim)
    if not stated:
        return 0.0
    return len(stated & _content(question)) / len(stated)


def _numbers(text: str) -> set[tuple[str, float]]:
    """The numbers of ``text`` with their kind: ``year`` (1900-2099 written alone), ``percent`` or ``quantity``."""
    out: set[tuple[str, float]] = set()
    for m in _NUMBER.finditer(text):
        try:
            value = float(m[1].replace(",", ""))
        except ValueError:
            continue
        if m[3]:
            out.add(("percent", value))
            continue
        following = text[m.end() : m.end() + 12].casefold().split()
        if following and following[0] in _MULTIPLIER:
            out.add(("quantity", value * _MULTIPLIER[following[0]]))
        elif re.fullmatch(r"(19|20)\d\d", m[1]):
            out.add(("year", value))
        else:
            out.add(("quantity", value))
    return out


def _agrees(a: float, b: float) -> bool:
    return abs(a - b) <= 0.05 * max(abs(a), abs(b), 1e-9)


def _reading(stance: Stance | None, rule: str, why: str) -> QaReading:
    return QaReading(stance=stance, rule=rule, confidence=QA_CONFIDENCE.get(rule, 0.0), why=why)


def qa_reading(claim: Claim, evidence: Evidence) -> QaReading:
    """How ``evidence`` (an answer to a question about ``claim``) bears on it, with the rule and its confidence."""
    answer = (evidence.excerpt or "").strip()
    question = (evidence.question or "").strip()
    if evidence.answer_type == "unanswerable" or _NOTHING_FOUND.match(answer):
        return _reading(Stance.CONTEXT, "unanswerable", "no answer was found: context, never a refutation")
    if not answer or claim.kind in (ClaimKind.OPINION, ClaimKind.UNCERTAINTY):
        return _reading(None, "none", "nothing to read")
    claim_text = claim.text_in("en") or claim.text
    claim_negated = claim.kind is ClaimKind.DENIAL or _negated(claim_text)
    said_yes = _YES.match(answer) is not None
    said_no = _NO.match(answer) is not None
    plain = evidence.answer_type == "boolean" or len(_words(answer)) <= 12 or _YES_NO_LEAD.match(answer)
    if question and (said_yes or said_no) and plain:
        return _yes_no(claim_text, claim_negated, question, said_yes)
    text = f"{answer} {evidence.explanation or ''}".strip()
    found = _NO_EVIDENCE.search(text)
    if found:
        return _reading(Stance.REFUTES, "no_evidence", f"the answer found no evidence for it ({_cue(found)})")
    traced = _PROVENANCE.search(question) if question else None
    if traced:
        return _reading(Stance.REFUTES, "provenance", f"the question traces where it really came from ({_cue(traced)})")
    if question and _ASKS_NUMBER.search(question) and _overlap(question, claim_text) >= 0.3:
        numbers = _compare_numbers(claim_text, answer)
        if numbers is not None:
            return numbers
    contradicted = _CONTRADICTION.search(text)
    if contradicted and not claim_negated:
        return _reading(Stance.REFUTES, "contradiction", f"the answer contradicts it ({_cue(contradicted)})")
    confirmed = _CONFIRMATION.search(text)
    if confirmed and not claim_negated:
        return _reading(Stance.SUPPORTS, "confirmation", f"the answer confirms it ({_cue(confirmed)})")
    old = _old_years(claim, claim_text, answer)
    if old is not None:
        return old
    return _reading(None, "none", "no cue: cannot tell")


def _cue(found: re.Match[str]) -> str:
    """The words a cue matched, quoted for a rationale."""
    return f'"{" ".join(found.group(0).split())}"'


def _shown_numbers(values: set[float]) -> str:
    shown = sorted(values)[:3]
    return ", ".join(f"{v:g}" for v in shown) + (", ..." if len(values) > 3 else "")


def _yes_no(claim_text: str, claim_negated: bool, question: str, said_yes: bool) -> QaReading:
    """A yes/no answer against the question's polarity and the claim's."""
    inverted = _INVERTED_QUESTION.search(question) is not None
    if inverted and _FALSITY.search(question) and _FALSITY.search(claim_text):
        inverted = False  # "Did he fake it?" on a claim that he faked it: the question restates the claim
    holds = said_yes != inverted  # the question's proposition holds
    on_claim = _overlap(question, claim_text) >= 0.5
    stance = Stance.SUPPORTS if holds != claim_negated else Stance.REFUTES
    why = (
        f"answer {'yes' if said_yes else 'no'} to a {'negated ' if inverted else ''}question "
        f"{'on' if on_claim else 'beside'} the claim{' (a negated claim)' if claim_negated else ''}"
    )
    where = "claim" if on_claim else "background"
    if on_claim and stance is Stance.SUPPORTS and _coverage(question, claim_text) < 0.5:
        where = "part"  # it confirms a part of the claim; the claim needs all of its parts
    if inverted:
        return _reading(stance, f"negated_question_{stance.value}", why)
    return _reading(stance, f"{'yes' if said_yes else 'no'}_on_{where}_{stance.value}", why)


def _compare_numbers(claim_text: str, answer: str) -> QaReading | None:
    """Numbers of one kind (years, percentages, other quantities) in both: equal supports, all different refutes."""
    claimed = _numbers(claim_text)
    given = _numbers(answer)
    differing: list[str] = []
    for kind in ("year", "percent", "quantity"):
        mine = {v for k, v in claimed if k == kind}
        theirs = {v for k, v in given if k == kind}
        if not mine or not theirs:
            continue
        agreeing = next(((a, b) for a in sorted(mine) for b in sorted(theirs) if _agrees(a, b)), None)
        if agreeing is not None:
            return _reading(
                Stance.SUPPORTS,
                "number_agrees",
                f"a {kind} of the answer ({agreeing[1]:g}) equals the claim's ({agreeing[0]:g})",
            )
        differing.append(f"{kind}: the answer's {_shown_numbers(theirs)}, the claim's {_shown_numbers(mine)}")
    if differing:
        why = f"the answer's numbers differ from the claim's ({'; '.join(differing)})"
        return _reading(Stance.REFUTES, "number_disagrees", why)
    return None


def _old_years(claim: Claim, claim_text: str, answer: str) -> QaReading | None:
    """An answer that names only years well before the claim, for a claim that names none: old news."""
    if any(k == "year" for k, _ in _numbers(claim_text)):
        return None
    years = [v for k, v in _numbers(answer) if k == "year"]
    if years and max(years) < claim.said_on.start.year - 1:
        return _reading(
            Stance.REFUTES,
            "old_date",
            f"the answer dates it years before the claim was made ({_shown_numbers(set(years))}, "
            f"said in {claim.said_on.start.year})",
        )
    return None


def _explain(claim: Claim, evidence: Evidence) -> StanceReading:
    """:func:`qa_reading` as what :func:`qa_stance` answers: the stance when sure enough, the rule in the rationale."""
    reading = qa_reading(claim, evidence)
    sure = reading.confidence >= QA_THRESHOLD
    rationale = f"rule {reading.rule}: {reading.why}"
    if not sure and reading.stance is not None:
        rationale += (
            f" (it would read {reading.stance.value}, at confidence {reading.confidence:.2f}, "
            f"below the threshold {QA_THRESHOLD}: abstains)"
        )
    return StanceReading(
        stance=reading.stance if sure else None,
        rationale=rationale,
        confidence=reading.confidence,
    )


@explained_by(_explain)
def qa_stance(claim: Claim, evidence: Evidence) -> Stance | None:
    """A no-model stance for question-answer evidence: :func:`qa_reading`'s stance when sure enough, else None.

    ``qa_stance.explain(claim, evidence)`` gives the same stance as a
    :class:`~claimtrack.checking.stance.StanceReading` whose rationale names the rule.
    """
    return _explain(claim, evidence).stance
