"""qa_stance: a no-model stance that reads the claim, the question and the answer of question-answer evidence.

The claims, questions and answers are synthetic, in AVeriTeC's shape.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claimtrack.checking import StanceFunction, check, qa_reading, qa_stance
from claimtrack.checking.stance_qa import QA_CONFIDENCE, QA_THRESHOLD
from claimtrack.model import Claim, Entity, Evidence, Stance, Verdict


def claim(text: str, **extra: Any) -> Claim:
    return Claim(
        id="c",
        text=text,
        language="en",
        speaker=Entity(name="Someone"),
        said_on="2020-10-09",
        kind="assertion",
        **extra,
    )


def answer(question: str, text: str, answer_type: str | None = None, **extra: Any) -> Evidence:
    return Evidence(
        id="qa-1", question=question, excerpt=text, answer_type=answer_type, published_on="2020-11-03", **extra
    )


CLOSED = "The city council closed the central library in 2020."


def test_it_is_a_stance_function() -> None:
    assert isinstance(qa_stance, StanceFunction)


@pytest.mark.parametrize(
    ("claim_text", "question", "said", "stance"),
    [
        (CLOSED, "Did the city council close the central library?", "No", Stance.REFUTES),
        (CLOSED, "Did the city council close the central library?", "Yes", Stance.SUPPORTS),
        (CLOSED, "Did the city council close the central library?", "No, it is still open.", Stance.REFUTES),
        # a negated claim: "No" to "did it happen" supports "it did not happen"
        (
            "The city council has not closed the central library.",
            "Did the council close the library?",
            "No",
            Stance.SUPPORTS,
        ),
    ],
)
def test_yes_and_no_read_against_the_question(claim_text: str, question: str, said: str, stance: Stance) -> None:
    assert qa_stance(claim(claim_text), answer(question, said, "boolean")) is stance


@pytest.mark.parametrize(("said", "stance"), [("Yes", Stance.REFUTES), ("No", Stance.SUPPORTS)])
def test_a_negated_question_inverts_the_answer(said: str, stance: Stance) -> None:
    question = "Is it false that the city council closed the central library?"
    reading = qa_reading(claim(CLOSED), answer(question, said, "boolean"))
    assert reading.stance is stance
    assert "negated question" in reading.why


def test_a_question_that_restates_a_claim_of_fakery_is_not_inverted() -> None:
    faked = claim("The mayor faked his vaccination photo.")
    assert qa_stance(faked, answer("Did the mayor fake his vaccination photo?", "No", "boolean")) is Stance.REFUTES


@pytest.mark.parametrize(
    ("evidence"),
    [
        answer("Did the council close the library?", "No answer could be found.", "unanswerable"),
        answer("Did the council close the library?", "No answer could be found."),  # no type: the text says it
    ],
)
def test_an_unanswerable_answer_is_context_never_a_refutation(evidence: Evidence) -> None:
    assert qa_stance(claim(CLOSED), evidence) is Stance.CONTEXT
    assessment = check(claim(CLOSED), [evidence], as_of=date(2021, 1, 1), stance=qa_stance)
    assert assessment.verdict is Verdict.OPEN
    assert [f.stance for f in assessment.findings] == [Stance.CONTEXT]


def test_numbers_that_disagree_refute_and_numbers_that_agree_support() -> None:
    poverty = claim("49 percent of the country's people live in extreme poverty.")
    question = "What percentage of the country's people live in extreme poverty?"
    assert qa_reading(poverty, answer(question, "33%", "extractive")).stance is Stance.REFUTES
    assert qa_reading(poverty, answer(question, "About 49% of them.", "extractive")).stance is Stance.SUPPORTS
    # numbers of another kind are not compared: a year is not a percentage
    assert qa_reading(poverty, answer(question, "It was measured in 2019.", "extractive")).stance is None


def test_no_evidence_found_refutes() -> None:
    reading = qa_reading(
        claim(CLOSED),
        answer("Was the closure reported?", "There is no evidence that the library was closed.", "abstractive"),
    )
    assert (reading.stance, reading.rule) == (Stance.REFUTES, "no_evidence")


def test_explicit_contradiction_refutes() -> None:
    reading = qa_reading(
        claim(CLOSED), answer("What did the council say?", "The council called the post fake.", "extractive")
    )
    assert (reading.stance, reading.rule) == (Stance.REFUTES, "contradiction")


def test_it_abstains_when_it_cannot_tell() -> None:
    reading = qa_reading(claim(CLOSED), answer("Who runs the library?", "The library board.", "extractive"))
    assert (reading.stance, reading.rule, reading.confidence) == (None, "none", 0.0)
    assert qa_stance(claim(CLOSED), answer("Who runs the library?", "The library board.", "extractive")) is None
    assert qa_stance(claim(CLOSED), Evidence(id="ev-1", published_on="2020-11-03")) is None


def test_a_reading_below_the_threshold_abstains() -> None:
    """A "yes" to a question beside the claim reads as support, but it is seldom right: it abstains."""
    evidence = answer("Does the mayor also run a museum downtown?", "Yes", "boolean")
    reading = qa_reading(claim(CLOSED), evidence)
    assert (reading.stance, reading.rule) == (Stance.SUPPORTS, "yes_on_background_supports")
    assert reading.confidence < QA_THRESHOLD
    assert qa_stance(claim(CLOSED), evidence) is None


def test_confidences_are_probabilities_and_every_rule_has_one() -> None:
    assert all(0.0 <= c <= 1.0 for c in QA_CONFIDENCE.values())
    assert 0.0 < QA_THRESHOLD < 1.0
    rules = {
        qa_reading(claim(CLOSED), answer(q, a, t)).rule
        for q, a, t in [
            ("Did the city council close the central library?", "No", "boolean"),
            ("Did the city council close the central library?", "Yes", "boolean"),
            ("Where did the photo originally come from?", "A 2015 post.", "extractive"),
        ]
    }
    assert rules <= set(QA_CONFIDENCE)


def test_a_yes_to_a_part_of_the_claim_is_not_support() -> None:
    """The claim needs all of its parts: "yes" to one of them abstains, "no" to one of them refutes."""
    closed_and_sold = claim("The city council closed the central library and sold the building to a hotel chain.")
    part = "Did the city council close the central library?"
    reading = qa_reading(closed_and_sold, answer(part, "Yes", "boolean"))
    assert (reading.stance, reading.rule) == (Stance.SUPPORTS, "yes_on_part_supports")
    assert qa_stance(closed_and_sold, answer(part, "Yes", "boolean")) is None
    assert qa_stance(closed_and_sold, answer(part, "No", "boolean")) is Stance.REFUTES


def test_a_negation_inside_quotation_marks_does_not_negate_the_claim() -> None:
    quoted = claim('The mayor said "we will not close the central library" at the council meeting.')
    question = 'Did the mayor say "we will not close the central library" at the council meeting?'
    assert qa_stance(quoted, answer(question, "No", "boolean")) is Stance.REFUTES
