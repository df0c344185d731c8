"""A review queue that can be judged: each finding keeps the rationale and the backend of its stance.

check() asks a stance function that explains itself once, keeps its rationale, confidence and quoted
span on the finding, and says why it abstained; a proposal and the ``check`` / ``review`` commands
show, per piece of evidence the verdict rests on, which backend decided it and why, cut to a bounded
length and with terminal escapes made visible. The claims and answers are synthetic, in AVeriTeC's shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.checking import (
    ExplainingStance,
    StanceFunction,
    StanceReading,
    check,
    explained_by,
    keyword_reading,
    keyword_stance,
    propose,
    qa_reading,
    qa_stance,
)
from claimtrack.checking.stance_qa import QA_CONFIDENCE, QA_THRESHOLD
from claimtrack.cli import checking_cmds, main
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimRecord, Entity, Evidence, Stance, Verdict

AS_OF = date(2021, 6, 1)
DEAD = Claim(
    id="dead-claim",
    text="The mayor of Springfield has died.",
    language="en",
    speaker=Entity(name="A viral post"),
    said_on="2020-10-25",
    kind="assertion",
)
ALIVE = Evidence(
    id="qa-alive",
    question="Is the mayor of Springfield dead?",
    excerpt="No",
    answer_type="boolean",
    explanation="He is still alive.",
    published_on="2020-11-03",
)
SHRUG = Evidence(
    id="qa-shrug",
    question="Where does the mayor live?",
    excerpt="In a house near the river.",
    answer_type="abstractive",
    published_on="2020-11-03",
)
HINT = Evidence(
    id="qa-hint",
    question="Was there a funeral in town last week?",
    excerpt="Yes",
    answer_type="boolean",
    published_on="2020-11-03",
)


class Counting:
    """An explaining stance that counts how often it is called and asked to explain."""

    name = "counting/1"

    def __init__(self, reading: StanceReading) -> None:
        self.answer = reading
        self.calls = 0
        self.explains = 0

    def __call__(self, claim: Claim, evidence: Evidence) -> Stance | None:
        self.calls += 1
        return self.answer.stance

    def explain(self, claim: Claim, evidence: Evidence) -> StanceReading:
        self.explains += 1
        return self.answer


# -- check() --------------------------------------------------------------------------------------


def test_qa_stance_leaves_a_rationale_naming_the_rule() -> None:
    assessment = check(DEAD, [ALIVE], as_of=AS_OF, stance=qa_stance)
    assert assessment.verdict is Verdict.FALSE
    (finding,) = assessment.findings
    rule = qa_reading(DEAD, ALIVE).rule
    assert rule == "no_on_claim_refutes"
    assert (finding.stance, finding.stance_from) == (Stance.REFUTES, "qa_stance")
    assert finding.rationale.startswith(f"rule {rule}: answer no to a question on the claim")
    assert finding.confidence == QA_CONFIDENCE[rule]
    assert finding.quoted_span is None


def test_qa_stance_explains_what_it_answers() -> None:
    assert isinstance(qa_stance, ExplainingStance)
    assert qa_stance.__name__ == "qa_stance"  # still a plain function to callers
    for ev in (ALIVE, SHRUG, HINT):
        reading = qa_stance.explain(DEAD, ev)
        assert reading.stance is qa_stance(DEAD, ev), ev.id
        assert reading.rationale.startswith(f"rule {qa_reading(DEAD, ev).rule}: ")


def test_an_abstention_says_why_on_the_ignored_item() -> None:
    below = qa_reading(DEAD, HINT)
    assert below.stance is Stance.SUPPORTS
    assert below.confidence < QA_THRESHOLD  # a "yes" to a question beside the claim: too weak to count
    assessment = check(DEAD, [SHRUG, HINT], as_of=AS_OF, stance=qa_stance)
    assert assessment.verdict is Verdict.OPEN
    reasons = {i.item: i.reason for i in assessment.ignored}
    assert "qa_stance abstained: rule none: no cue: cannot tell" in reasons["qa-shrug"]
    assert f"rule {below.rule}:" in reasons["qa-hint"]
    assert "it would read supports" in reasons["qa-hint"]
    assert "below the threshold" in reasons["qa-hint"]


def test_an_explaining_stance_is_asked_once_and_never_called() -> None:
    stance = Counting(StanceReading(stance=Stance.REFUTES, rationale="it says so", confidence=0.8, quoted_span="No"))
    assessment = check(DEAD, [ALIVE, SHRUG], as_of=AS_OF, stance=stance)
    assert (stance.explains, stance.calls) == (2, 0)
    assert [(f.stance_from, f.rationale, f.confidence, f.quoted_span) for f in assessment.findings] == [
        ("counting/1", "it says so", 0.8, "No"),
        ("counting/1", "it says so", 0.8, "No"),
    ]


def test_a_plain_stance_function_behaves_as_before() -> None:
    asked: list[str] = []

    def plain(claim: Claim, evidence: Evidence) -> Stance | None:
        asked.append(evidence.id)
        return Stance.REFUTES if evidence.id == "qa-alive" else None

    assert not isinstance(plain, ExplainingStance)
    assessment = check(DEAD, [ALIVE, SHRUG], as_of=AS_OF, stance=plain)
    assert asked == ["qa-alive", "qa-shrug"]
    (finding,) = assessment.findings
    assert (finding.stance_from, finding.rationale, finding.confidence) == ("plain", "", None)
    (ignored,) = assessment.ignored
    assert ignored.reason == "no stance given and no fact matches a structured criterion"


def test_a_stance_on_the_evidence_needs_no_rationale() -> None:
    stance = Counting(StanceReading(stance=Stance.SUPPORTS, rationale="never asked"))
    given = ALIVE.model_copy(update={"stance": Stance.REFUTES})
    (finding,) = check(DEAD, [given], as_of=AS_OF, stance=stance).findings
    assert (finding.stance_from, finding.rationale, stance.explains) == ("evidence", "", 0)
    assert finding.explain() == "qa-alive refutes (stance given on the evidence)"


def test_explain_must_return_a_stance_reading() -> None:
    class Wrong:
        def __call__(self, claim: Claim, evidence: Evidence) -> Stance | None:
            return None

        def explain(self, claim: Claim, evidence: Evidence) -> object:
            return Stance.SUPPORTS

    with pytest.raises(TypeError, match="expected a StanceReading"):
        check(DEAD, [ALIVE], as_of=AS_OF, stance=Wrong())


def test_keyword_stance_says_which_cue_words_fired(
    claim: Callable[..., Claim], report: Callable[..., Evidence]
) -> None:
    model = claim("amazing-model-2024")
    launched = report("gpt-4o")
    reading = keyword_reading(model, launched)
    assert reading.stance is Stance.SUPPORTS is keyword_stance(model, launched)
    assert reading.rationale == "it happened cue words: announced"
    assert keyword_stance.explain is keyword_reading
    leaving = keyword_reading(claim("ilya-work-together"), report("ilya-leaving"))
    assert leaving.stance is Stance.REFUTES
    assert leaving.rationale == "it did not happen cue words: failed, leaving"
    both = keyword_reading(model, report("gpt-4o", excerpt="Launched, then delayed in Europe"))
    assert both.stance is None
    assert both.rationale == "cues pull both ways (happened: launched, announced; did not: delayed)"
    denial = keyword_reading(claim("ilya-did-not-see-agi"), report("agi-not-declared", excerpt="AGI was not declared"))
    assert denial.stance is Stance.SUPPORTS
    assert denial.rationale == "it did not happen cue words: not; the claim is negated"
    (finding,) = check(model, [launched], as_of=date(2026, 11, 27), stance=keyword_stance).findings
    assert (finding.stance_from, finding.rationale) == ("keyword_stance", "it happened cue words: announced")


def test_explained_by_keeps_a_function_a_function() -> None:
    def why(claim: Claim, evidence: Evidence) -> StanceReading:
        return StanceReading(stance=Stance.CONTEXT, rationale="background only")

    @explained_by(why)
    def background(claim: Claim, evidence: Evidence) -> Stance | None:
        return why(claim, evidence).stance

    assert isinstance(background, StanceFunction)
    assert isinstance(background, ExplainingStance)
    assert background(DEAD, ALIVE) is Stance.CONTEXT
    (finding,) = check(DEAD, [ALIVE], as_of=AS_OF, stance=background).findings
    assert (finding.stance_from, finding.rationale) == ("background", "background only")


# -- proposals -------------------------------------------------------------------------------------


def _named(ev: Evidence, claim_id: str = DEAD.id) -> dict[str, Any]:
    return {**ev.model_dump(mode="json", exclude_none=True), "claims": [claim_id]}


def test_a_proposal_shows_backend_and_rationale_per_finding() -> None:
    (proposal,) = propose([ClaimRecord(claim=DEAD)], [_named(ALIVE), _named(SHRUG)], as_of=AS_OF, stance=qa_stance)
    assert proposal.verdict is Verdict.FALSE
    assert [(f.evidence.id, f.stance_from) for f in proposal.findings] == [("qa-alive", "qa_stance")]
    assert proposal.backends == ("qa_stance",)
    assert proposal.summary().endswith(f"{proposal.id} (stance from qa_stance)")
    head, line = proposal.explain().splitlines()
    assert head == proposal.summary()
    assert line == (
        "  - qa-alive refutes (stance from qa_stance, confidence 0.95): "
        "rule no_on_claim_refutes: answer no to a question on the claim"
    )


def test_long_rationales_are_cut_with_an_ellipsis() -> None:
    rambling = "The model thinks so because " + "it really does " * 100
    stance = Counting(StanceReading(stance=Stance.REFUTES, rationale=rambling, quoted_span="No\n" * 200))
    (proposal,) = propose([ClaimRecord(claim=DEAD)], [_named(ALIVE)], as_of=AS_OF, stance=stance)
    (line,) = proposal.explain(limit=80).splitlines()[1:]
    assert "\n" not in line
    assert "The model thinks so because it really does" in line
    assert line.count("\u2026") == 2  # the rationale and the quoted span, each cut
    assert len(line) < 80 * 2 + 80
    assert proposal.findings[0].rationale == rambling  # the finding keeps it whole
    assert rambling.split()[-1] in proposal.explain(limit=0)


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture
def queue(tmp_path: Path) -> tuple[Path, Path]:
    ledger_path = tmp_path / "ledger"
    ledger = Ledger.open(ledger_path)
    ledger.add(DEAD)
    ledger.close()
    evidence = tmp_path / "answers.json"
    evidence.write_text(json.dumps([_named(ALIVE), _named(SHRUG)]), encoding="utf-8")
    return ledger_path, evidence


def _args(command: str, queue: tuple[Path, Path], *extra: str) -> list[str]:
    ledger_path, evidence = queue
    return [command, "--evidence", str(evidence), "--ledger", str(ledger_path), "--as-of", "2021-06-01", *extra]


def test_the_review_queue_shows_rationale_and_backend(queue: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, _args("review", queue, "--stance", "qa", "--yes"))
    assert result.exit_code == 0, result.output
    assert "dead-claim: open -> false on 2020-10-25" in result.output
    assert "(stance from qa_stance)" in result.output
    assert (
        "    rests on qa-alive refutes (stance from qa_stance, confidence 0.95): "
        "rule no_on_claim_refutes: answer no to a question on the claim\n"
    ) in result.output
    assert "accepted 1, rejected 0, skipped 0" in result.output
    ledger = Ledger.open(queue[0], create=False)
    assert ledger.status(DEAD.id) is Verdict.FALSE
    (event,) = ledger.history(DEAD.id)
    assert event.note is not None
    assert event.note.splitlines()[-1] == (  # the accepted event remembers why
        "qa-alive refutes (stance from qa_stance, confidence 0.95): "
        "rule no_on_claim_refutes: answer no to a question on the claim"
    )


def test_the_review_queue_without_a_stance_function_says_nothing_decided(queue: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, _args("check", queue))
    assert "rests on" not in result.output
    assert "dead-claim: open -> open" in result.output


def test_check_json_gives_each_finding_with_backend_and_rationale(queue: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, _args("check", queue, "--stance", "qa", "--json"))
    assert result.exit_code == 0, result.output
    (proposal,) = json.loads(result.output)["proposals"]
    assert proposal["findings"] == [
        {
            "evidence": "qa-alive",
            "stance": "refutes",
            "stance_from": "qa_stance",
            "confidence": 0.95,
            "rationale": "rule no_on_claim_refutes: answer no to a question on the claim",
            "quoted_span": None,
        }
    ]
    ignored = {i["item"]: i["reason"] for i in proposal["ignored"]}
    assert "qa_stance abstained: rule none" in ignored["qa-shrug"]


def test_the_queue_cuts_long_rationales_and_shows_escapes(
    queue: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "\x1b[2J\x1b]0;owned\x07 the answer says no. " + "and more " * 300
    stance = Counting(StanceReading(stance=Stance.REFUTES, rationale=hostile, confidence=0.9, quoted_span="No"))
    monkeypatch.setitem(checking_cmds._STANCES, "keyword", stance)
    text = CliRunner().invoke(main, _args("check", queue, "--stance", "keyword"))
    line = next(x for x in text.output.splitlines() if x.startswith("    rests on qa-alive"))
    assert "\x1b" not in text.output
    assert "\x07" not in text.output
    assert "\\x1b[2J" in line  # shown, not obeyed
    assert line.endswith('\u2026 [quoting "No"]')
    assert len(line) < 300
    as_json = CliRunner().invoke(main, _args("check", queue, "--stance", "keyword", "--json"))
    assert "\x1b" not in as_json.output
    finding = json.loads(as_json.output)["proposals"][0]["findings"][0]
    assert finding["rationale"].startswith("\x1b[2J")  # the JSON escape parses back to the same text
    assert finding["rationale"].endswith("\u2026")
    assert len(finding["rationale"]) == checking_cmds.JSON_RATIONALE_LIMIT
