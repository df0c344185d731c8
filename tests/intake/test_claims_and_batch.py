"""Claims from field values (draft_claim, edit_claim) and batch files (read_batch), without a CLI or a ledger."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from claimtrack.errors import ClaimFieldError, EventError
from claimtrack.intake.batch import batch_summary, problem_line, read_batch
from claimtrack.intake.claims import BuiltClaim, ClaimFields, Note, Origin, draft_claim, edit_claim
from claimtrack.model import ClaimKind, ClaimRecord, CredenceBasis, StatusEvent, Verdict

SAID = "2025-02-12"
TEXT = "GPT-5 will ship by the end of 2025"


def _fields(**overrides: Any) -> ClaimFields:
    values: dict[str, Any] = {
        "id": "gpt5",
        "text": TEXT,
        "speaker": "Sam Altman",
        "said_on": SAID,
        "kind": "prediction",
    }
    values.update(overrides)
    return ClaimFields(**values)


def _judged(built: BuiltClaim, on: str = "2025-08-07") -> ClaimRecord:
    """The built claim with one verdict that took effect ``on``."""
    event = StatusEvent.model_validate(
        {
            "claim_id": built.claim.id,
            "verdict": Verdict.TRUE,
            "effective_on": on,
            "recorded_at": datetime(2025, 8, 8, tzinfo=UTC),
        }
    )
    return ClaimRecord(claim=built.claim, events=(event,))


# -- draft_claim ---------------------------------------------------------------------------------


def test_draft_reads_the_horizon_from_the_text_and_records_the_phrase() -> None:
    built = draft_claim(_fields())
    horizon = built.claim.horizon
    assert horizon is not None
    assert (horizon.text, horizon.start, horizon.end) == ("by the end of 2025", date(2025, 2, 12), date(2025, 12, 31))
    assert built.horizon_from is Origin.TEXT
    assert built.claim.deadline == date(2025, 12, 31)
    assert built.notes == ()


def test_draft_reads_a_credence_word_given_or_in_the_text() -> None:
    given = draft_claim(_fields(text="GPT-5 ships", credence="probably", horizon="within two years"))
    assert given.claim.credence is not None
    assert (given.claim.credence.word, given.claim.credence.p, given.claim.credence.basis) == (
        "probably",
        0.675,
        CredenceBasis.HEDGE,
    )
    assert (given.credence_from, given.horizon_from) == (Origin.GIVEN, Origin.GIVEN)
    read = draft_claim(_fields(text="GPT-5 will probably ship this year"))
    assert read.claim.credence is not None
    assert (read.claim.credence.word, read.credence_from) == ("probably", Origin.TEXT)
    assigned = draft_claim(_fields(credence="70%"))
    assert assigned.claim.credence is not None
    assert (assigned.claim.credence.p, assigned.claim.credence.basis) == (0.7, CredenceBasis.ASSIGNED)


def test_draft_without_a_horizon_in_the_text_says_so() -> None:
    built = draft_claim(_fields(text="GPT-6 will ship"))
    assert built.claim.horizon is None
    assert built.horizon_from is None
    assert built.notes == (Note.NO_HORIZON_FOUND,)
    assert "never fall due" in built.messages[0]


def test_a_horizon_on_an_opinion_is_refused_naming_the_field() -> None:
    with pytest.raises(ClaimFieldError) as refused:
        draft_claim(_fields(kind="opinion", horizon="by 2026"))
    assert refused.value.field == "horizon"
    assert refused.value.code == "invalid"
    assert "field 'horizon'" in str(refused.value)
    assert "no horizon" in refused.value.message


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"said_on": "2025-02-30"}, "said_on", "bad_value"),
        ({"credence": "1.5"}, "credence", "bad_value"),
        ({"credence": "perhaps-ish"}, "credence", "bad_value"),
        ({"horizon": "soonish"}, "horizon", "bad_value"),
        ({"translations": ("ja",)}, "translations", "bad_value"),
        ({"translations": ("not_a_tag=x",)}, "translations", "invalid"),
        ({"quote": "words"}, "quote", "needs_source"),
        ({"source_url": "not a url"}, "source_url", "invalid"),
        ({"kind": "guess"}, "kind", "bad_value"),
        ({"text": None, "speaker": ""}, "text", "missing"),
    ],
)
def test_draft_errors_name_the_field(overrides: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(ClaimFieldError) as refused:
        draft_claim(_fields(**overrides))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert f"field {field!r}" in str(refused.value) or refused.value.claim_field in str(refused.value)


def test_missing_fields_are_all_named() -> None:
    with pytest.raises(ClaimFieldError) as refused:
        draft_claim(ClaimFields(text="x", kind="opinion"))
    assert refused.value.fields == ("id", "speaker", "said_on")


# -- edit_claim ----------------------------------------------------------------------------------


def test_edit_changes_only_the_fields_given() -> None:
    current = draft_claim(_fields(topics=("gpt-5",))).claim
    built = edit_claim(current, ClaimFields(text="GPT-5 will ship by mid-2026", horizon="by mid-2026"))
    assert built.claim.text == "GPT-5 will ship by mid-2026"
    assert built.claim.horizon is not None
    assert built.claim.horizon.text == "by mid-2026"
    assert built.horizon_from is Origin.GIVEN
    assert (built.claim.topics, built.claim.speaker.name) == (("gpt-5",), "Sam Altman")


def test_edit_reads_a_parsed_horizon_again_from_a_new_said_on() -> None:
    current = draft_claim(_fields(text="GPT-5 will ship this year")).claim
    built = edit_claim(current, ClaimFields(said_on="2026-03-01"))
    assert built.claim.horizon is not None
    assert built.claim.horizon.end == date(2026, 12, 31)
    assert built.horizon_from is Origin.NEW_SAID_ON
    with pytest.raises(ClaimFieldError) as stale:
        edit_claim(draft_claim(_fields()).claim, ClaimFields(said_on="2026-03-01"))
    assert (stale.value.field, stale.value.code, stale.value.value) == (
        "said_on",
        "stale_horizon",
        "by the end of 2025",
    )


def test_edit_refuses_said_on_after_the_first_event() -> None:
    record = _judged(draft_claim(_fields()))
    with pytest.raises(EventError) as refused:
        edit_claim(record, ClaimFields(said_on="2025-09-01"))
    assert refused.value.field == "said_on"
    assert "2025-08-07" in str(refused.value)
    assert edit_claim(record, ClaimFields(said_on="2025-08-07")).claim.said_on.start == date(2025, 8, 7)


def test_edit_refuses_an_id_change() -> None:
    built = draft_claim(_fields())
    for current in (built.claim, _judged(built)):
        with pytest.raises(EventError) as refused:
            edit_claim(current, ClaimFields(id="gpt5-renamed"))
        assert refused.value.field == "id"
        assert "never changes" in str(refused.value)
    assert edit_claim(built.claim, ClaimFields(id="gpt5")).claim == built.claim  # the same id is no change


def test_edit_allows_prediction_to_commitment_with_events() -> None:
    record = _judged(draft_claim(_fields()))
    built = edit_claim(record, ClaimFields(kind="commitment"))
    assert built.claim.kind is ClaimKind.COMMITMENT
    back = edit_claim(ClaimRecord(claim=built.claim, events=record.events), ClaimFields(kind="prediction"))
    assert back.claim.kind is ClaimKind.PREDICTION


def test_edit_refuses_crossing_the_forward_looking_boundary_when_events_exist() -> None:
    built = draft_claim(_fields())
    with pytest.raises(EventError) as refused:
        edit_claim(_judged(built), ClaimFields(kind="opinion"), clear_horizon=True, clear_credence=True)
    assert refused.value.field == "kind"
    assert "as a prediction (checked against its horizon)" in str(refused.value)
    without_events = edit_claim(built.claim, ClaimFields(kind="opinion"), clear_horizon=True, clear_credence=True)
    assert without_events.claim.kind is ClaimKind.OPINION


def test_edit_to_a_kind_without_horizon_names_what_to_clear() -> None:
    current = draft_claim(_fields()).claim
    with pytest.raises(ClaimFieldError) as refused:
        edit_claim(current, ClaimFields(kind="assertion"), clear_horizon=True)
    assert (refused.value.code, refused.value.field, refused.value.fields) == (
        "not_forward_looking",
        "kind",
        ("credence",),
    )
    with pytest.raises(ClaimFieldError) as both:
        edit_claim(current, ClaimFields(horizon="by 2027"), clear_horizon=True)
    assert (both.value.code, both.value.field) == ("given_and_cleared", "horizon")


# -- read_batch ----------------------------------------------------------------------------------


def _claim(claim_id: str, **overrides: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": claim_id,
        "text": "We will open-source a model",
        "language": "en",
        "speaker": {"name": "Sam Altman"},
        "said_on": SAID,
        "kind": "commitment",
    }
    data.update(overrides)
    return data


def _draft(claim_id: str, **overrides: object) -> dict[str, Any]:
    reasons = [{"part": "kind", "phrase": "will", "rule": "future-will"}]
    return {"claim": _claim(claim_id, **overrides), "reasons": reasons, "extractor": "rules/1"}


def _lines(*objects: object, raw: str = "") -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects) + raw


def test_read_batch_accepts_drafts_records_and_bare_claims() -> None:
    text = _lines(
        _draft("d-1"), {"claim": _claim("r-2", kind="prediction"), "events": []}, _claim("c-3", kind="opinion")
    )
    batch = read_batch(text, path="drafts.jsonl")
    assert batch.problems == ()
    assert [r.claim.id for r in batch.records] == ["d-1", "r-2", "c-3"]
    assert batch.lines == (1, 2, 3)
    assert batch_summary(batch.records) == "1 commitment, 1 opinion, 1 prediction"


def test_read_batch_names_the_line_of_bad_json() -> None:
    batch = read_batch(_lines(_draft("d-1"), raw='{"id": "d-2", \n'), path="drafts.jsonl")
    (problem,) = batch.problems
    assert (problem.path, problem.code) == ("drafts.jsonl:2", "invalid_json")
    assert problem_line(problem).startswith("drafts.jsonl:2: not valid JSON")
    assert [r.claim.id for r in batch.records] == ["d-1"]


def test_read_batch_names_the_line_of_a_duplicate_id_and_of_a_known_one() -> None:
    text = _lines(_draft("d-1"), _draft("d-2"), _draft("d-1", text="Another"))
    (duplicate,) = read_batch(text, path="drafts.jsonl").problems
    assert (duplicate.path, duplicate.record, duplicate.field, duplicate.code) == (
        "drafts.jsonl:3",
        "d-1",
        "claim.id",
        "duplicate_id",
    )
    assert "also on line 1" in duplicate.message
    (known,) = read_batch(_lines(_draft("d-1"), _draft("d-2")), path="f", known={"d-2"}.__contains__).problems
    assert (known.path, known.code) == ("f:2", "duplicate_id")


def test_read_batch_names_the_field_of_a_bad_draft_and_gives_speakers() -> None:
    unknown = {"name": "(unknown speaker)"}
    text = _lines(_draft("d-1", kind="guess"), _draft("d-2", speaker=unknown))
    problems = read_batch(text, path="f").problems
    assert [(p.path, p.field, p.code) for p in problems] == [
        ("f:1", "claim.kind", "bad_value"),
        ("f:2", "claim.speaker", "needs_speaker"),
    ]
    named = read_batch(_lines(_draft("d-2", speaker=unknown)), path="f", speaker="Greg Brockman")
    assert (named.named, named.records[0].claim.speaker.name) == (1, "Greg Brockman")


def test_read_batch_reads_bytes_and_one_document_over_several_lines() -> None:
    whole = read_batch(b"\xef\xbb\xbf" + json.dumps(_claim("w-1"), indent=2).encode(), path="w.json")
    assert ([r.claim.id for r in whole.records], whole.lines) == (["w-1"], (1,))
    (latin1,) = read_batch(b'{"id": "\xe9"}\n', path="l.jsonl").problems
    assert (latin1.path, latin1.code) == ("l.jsonl", "invalid_json")
    assert "not UTF-8" in latin1.message
