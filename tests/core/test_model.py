"""The persisted schema accepts what it should and names the field of what it refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

import claimtrack as ct
from claimtrack.model import parse_record


def _claim_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "c1",
        "text": "t",
        "language": "en",
        "speaker": {"name": "A"},
        "said_on": "2024-03-18",
        "kind": "assertion",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("shorthand", "start", "end", "granularity"),
    [
        ("2024-03-18", date(2024, 3, 18), date(2024, 3, 18), "day"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("2018", date(2018, 1, 1), date(2018, 12, 31), "year"),
        ("2024-03-11..2024-03-16", date(2024, 3, 11), date(2024, 3, 16), "range"),
        ("2024-03-11/2024-03-16", date(2024, 3, 11), date(2024, 3, 16), "range"),
    ],
)
def test_date_range_shorthands(shorthand: str, start: date, end: date, granularity: str) -> None:
    """Shorthand date strings become whole spans with their granularity."""
    r = ct.DateRange.model_validate(shorthand)
    assert (r.start, r.end, r.granularity.value) == (start, end, granularity)


@pytest.mark.parametrize("bad", ["2024-02-30", "2024-13", "2024-03-16..2024-03-11", "yesterday"])
def test_date_range_refuses_impossible_dates(bad: str) -> None:
    """Impossible days, months and reversed ranges are refused."""
    with pytest.raises(ValidationError):
        ct.DateRange.model_validate(bad)


def test_date_range_str_round_trips_through_shorthand() -> None:
    """str() of a day, month and year range reads back as the same range."""
    for text in ("2024-03-18", "2024-02", "2018", "2024-03-11..2024-03-16"):
        assert str(ct.DateRange.model_validate(text)) == text


def test_claim_is_frozen() -> None:
    """Claims cannot be edited in place."""
    claim = ct.Claim.model_validate(_claim_data())
    with pytest.raises(ValidationError):
        claim.text = "changed"  # type: ignore[misc]


def test_claim_uses_tuples() -> None:
    """Sequence fields are tuples even when given lists."""
    claim = ct.Claim.model_validate(_claim_data(topics=["a", "b"]))
    assert claim.topics == ("a", "b")


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"bogus": 1}, "claim.bogus", "unknown_field"),
        ({"kind": "guess"}, "claim.kind", "bad_value"),
        ({"said_on": "2024-02-30"}, "claim.said_on.start", "bad_date"),
        ({"id": "Has Spaces"}, "claim.id", "bad_id"),
        ({"language": "english!"}, "claim.language", "value_error"),
        ({"sources": [{"role": "primary", "url": "not a url"}]}, "claim.sources.0.url", "bad_url"),
        ({"sources": [{"role": "primary", "fidelity": "so-so"}]}, "claim.sources.0.fidelity", "bad_value"),
    ],
)
def test_bad_input_names_field_and_record(overrides: dict[str, object], field: str, code: str) -> None:
    """Every refusal names the claim id, the dotted field path and a stable code."""
    record, problems = parse_record({"claim": _claim_data(**overrides)}, path="x.json")
    assert record is None
    match = [p for p in problems if p.field == field]
    assert match, problems
    assert match[0].code == code
    assert match[0].path == "x.json"
    assert match[0].record == overrides.get("id", "c1")


def test_invalid_json_is_a_problem_not_an_exception() -> None:
    """Unparseable text is reported as an invalid_json problem."""
    record, problems = parse_record(b'{"claim": ', path="broken.json")
    assert record is None
    assert [p.code for p in problems] == ["invalid_json"]


def test_read_record_raises_with_location() -> None:
    """read_record raises InvalidRecordError whose message names file, claim and field."""
    with pytest.raises(ct.InvalidRecordError) as info:
        ct.model.read_record({"claim": _claim_data(kind="guess")}, path="claims/c1.json")
    message = str(info.value)
    assert "claims/c1.json" in message
    assert "'c1'" in message
    assert "claim.kind" in message
    assert isinstance(info.value, ValueError)


def test_horizon_only_on_forward_looking_claims() -> None:
    """Assertions cannot carry a horizon or a credence."""
    horizon = {"text": "this year", "start": "2024-03-18", "end": "2024-12-31"}
    with pytest.raises(ValidationError, match="no horizon"):
        ct.Claim.model_validate(_claim_data(horizon=horizon))
    claim = ct.Claim.model_validate(_claim_data(kind="commitment", horizon=horizon))
    assert claim.deadline == date(2024, 12, 31)


def test_horizon_cannot_start_before_the_claim() -> None:
    """A horizon starting before the claim was said is refused."""
    with pytest.raises(ValidationError, match="before the claim was said"):
        ct.Claim.model_validate(
            _claim_data(kind="prediction", horizon={"text": "x", "start": "2024-01-01", "end": "2024-12-31"})
        )


def test_credence_rules() -> None:
    """Unhedged credences carry no number; hedged ones keep p inside their band."""
    assert ct.Credence(p=None, basis="unhedged").p is None
    with pytest.raises(ValidationError):
        ct.Credence(p=0.5, basis="unhedged")
    with pytest.raises(ValidationError):
        ct.Credence(p=None, basis="hedge", word="probably")
    with pytest.raises(ValidationError, match="outside its band"):
        ct.Credence(p=0.9, low=0.55, high=0.8, basis="hedge", word="probably", scale="icd203")
    ok = ct.Credence(p=0.7, low=0.55, high=0.8, basis="hedge", word="probably", scale="icd203")
    assert (ok.low, ok.high) == (0.55, 0.8)


def test_event_needs_time_zone_and_derives_stable_id() -> None:
    """recorded_at must be aware; the same content gives the same id."""
    base = {"claim_id": "c1", "verdict": "true", "effective_on": "2024-05-13"}
    with pytest.raises(ValidationError, match="timezone"):
        ct.StatusEvent.model_validate({**base, "recorded_at": datetime(2026, 1, 1)})
    a = ct.StatusEvent.model_validate({**base, "recorded_at": datetime(2026, 1, 1, tzinfo=UTC)})
    b = ct.StatusEvent.model_validate({**base, "recorded_at": datetime(2026, 1, 1, tzinfo=UTC)})
    c = ct.StatusEvent.model_validate({**base, "recorded_at": datetime(2026, 1, 2, tzinfo=UTC)})
    assert a.id == b.id != c.id


def test_evidence_id_derives_from_url() -> None:
    """Evidence without an id gets one from its URL; the same URL gives the same id."""
    a = ct.Evidence(url="https://example.org/a")  # type: ignore[call-arg]
    b = ct.Evidence.model_validate({"url": "https://example.org/a", "title": "other"})
    c = ct.Evidence.model_validate({"url": "https://example.org/b"})
    assert a.id == b.id != c.id


def test_record_refuses_dangling_evidence_and_foreign_events() -> None:
    """A record's events must be its claim's and cite evidence it holds."""
    claim = ct.Claim.model_validate(_claim_data())
    event = ct.StatusEvent.model_validate(
        {
            "claim_id": "c1",
            "verdict": "true",
            "effective_on": "2024-05-13",
            "recorded_at": datetime(2026, 1, 1, tzinfo=UTC),
            "evidence": ["ev-missing"],
        }
    )
    with pytest.raises(ValidationError, match="does not hold"):
        ct.ClaimRecord(claim=claim, events=(event,))
    other = event.model_copy(update={"claim_id": "c2", "evidence": ()})
    with pytest.raises(ValidationError, match="belongs to claim"):
        ct.ClaimRecord(claim=claim, events=(other,))


def test_verdict_scoring_classes() -> None:
    """Exactly the five graded verdicts are scored; open is the only unresolved one."""
    assert {v for v in ct.Verdict if v.is_scored} == {
        ct.Verdict.TRUE,
        ct.Verdict.MOSTLY_TRUE,
        ct.Verdict.MIXED,
        ct.Verdict.MOSTLY_FALSE,
        ct.Verdict.FALSE,
    }
    assert [v for v in ct.Verdict if not v.is_resolved] == [ct.Verdict.OPEN]
    assert [v for v in ct.Verdict if v.is_attribution_failure] == [ct.Verdict.NOT_SAID]
    assert {v.value for v in ct.Verdict} == {
        "open",
        "true",
        "mostly_true",
        "mixed",
        "mostly_false",
        "false",
        "unverifiable",
        "ambiguous",
        "annulled",
        "not_checkable",
        "not_said",
    }


@pytest.mark.parametrize(
    "url",
    ["https://a.org/x?y#z", "http://localhost:8080", "HTTPS://EXAMPLE.ORG", "https://例え.jp/パス"],
)
def test_urls_accepted(url: str) -> None:
    """Absolute http(s) URLs are kept exactly as given."""
    assert ct.Source(role="primary", url=url).url == url


@pytest.mark.parametrize(
    "url",
    [
        "ftp://a.org",
        "https://",
        "https:///path",
        "https://a b.org",
        "https://a.org/\x1fx",
        "https://a.org/\u3000",
        "//a.org",
        "a.org/x",
    ],
)
def test_urls_refused_with_a_readable_problem(url: str) -> None:
    """Other schemes, missing hosts, white space and control characters are refused, in words."""
    _, problems = parse_record({"claim": _claim_data(sources=[{"role": "primary", "url": url}])})
    (problem,) = problems
    assert (problem.field, problem.code) == ("claim.sources.0.url", "bad_url")
    assert "is not an absolute http(s) URL" in problem.message
