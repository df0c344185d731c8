"""The lean read path: lines read from a record's JSON equal the lines of the validated record.

Every record the schema accepts must give the same claim line through the lean
reader as through full validation, and records the store writes must not need
full validation at all (else the path would be correct but no longer lean).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimtrack as ct
from claimtrack.ledger import ClaimFilter, GroupBy
from claimtrack.model import ClaimRecord
from claimtrack.scoring import scorecard
from claimtrack.scoring.lean import LeanReader
from claimtrack.scoring.lines import line_of_record
from claimtrack.scoring.types import ClaimLine
from claimtrack.stores import dumps_record

Build = Callable[..., ClaimRecord]


def _strategies() -> ModuleType:
    """tests/stores/strategies.py: hypothesis strategies for every field of the schema."""
    name = "stores_strategies"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "stores" / "strategies.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


def read(records: list[ClaimRecord], reader: LeanReader, *, canonical: bool = True) -> list[ClaimLine]:
    """The lean reader's lines for ``records`` written as a folder store writes them (or as full JSON)."""
    raw = [(r.claim.id, (dumps_record(r) if canonical else r.model_dump_json()).encode()) for r in records]
    return list(reader.lines(raw))


OPTIONS = st.fixed_dictionaries(
    {
        "by": st.sampled_from(list(GroupBy)),
        "as_of": st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1))),
        "known_at": st.one_of(
            st.none(),
            st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
        ),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_strategies().record_sets(), options=OPTIONS, canonical=st.booleans())
def test_lean_lines_equal_the_validated_ones(
    records: list[ClaimRecord], options: dict[str, Any], canonical: bool
) -> None:
    reader = LeanReader(**options)
    lines = read(records, reader, canonical=canonical)
    assert reader.validated == 0  # every record the store writes is read lean
    assert lines == [line_of_record(record, **options) for record in records]


def test_what_the_reader_cannot_vouch_for_is_validated_in_full(record: Build) -> None:
    base = json.loads(dumps_record(record("a", credence=0.7, deadline="2024-12-31", events=[("true", "2024-05-13")])))
    shorthand = json.loads(json.dumps(base))
    shorthand["claim"]["said_on"] = "2024-03-18"  # valid: a shorthand the schema reads
    shorthand["claim"]["credence"]["p"] = "0.7"  # valid: the schema coerces a numeric text
    unknown_key = json.loads(json.dumps(base))
    unknown_key["claim"]["horizn"] = {"text": "typo"}  # refused by the schema: unknown field
    no_speaker = json.loads(json.dumps(base))
    del no_speaker["claim"]["speaker"]
    wrong_file = json.loads(json.dumps(base))
    wrong_file["claim"]["id"] = "b"  # stored under another id: Store.records() skips it
    reader = LeanReader(by=GroupBy.SPEAKER, as_of=None, known_at=None)
    raw = [("a", json.dumps(data).encode()) for data in (base, shorthand, unknown_key, no_speaker, wrong_file)]
    raw.append(("a", b"{not json"))
    lines = list(reader.lines(raw))
    assert reader.validated == 5
    expected = line_of_record(ClaimRecord.model_validate(base), GroupBy.SPEAKER, None, None)
    assert lines == [expected, expected]


def test_a_rule_the_card_does_not_read_is_left_to_validate(record: Build, tmp_path: Path) -> None:
    """The documented trade-off: a URL the schema refuses does not keep a claim out of a folder card."""
    ledger = ct.Ledger.open(tmp_path / "folder")
    ledger.add_many([record("a"), record("b")])
    path = tmp_path / "folder" / "claims" / "b.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claim"]["sources"][0]["url"] = "not a url"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert [p.code for p in ledger.validate()] == ["bad_url"]
    assert [c.id for c in scorecard(ledger).claims] == ["a", "b"]
    assert [r.claim.id for r in ledger.records()] == ["a"]


@pytest.mark.parametrize(
    "options",
    [
        {"by": "speaker"},
        {"by": "source", "as_of": date(2025, 1, 1)},
        {"by": "topic", "where": ClaimFilter(faithful_only=True, exclude_early=True)},
        {"by": "horizon", "known_at": datetime(2024, 5, 14, tzinfo=UTC), "max_claims": 2},
    ],
)
def test_a_folder_card_is_read_lean_and_equals_the_memory_card(
    record: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    records = [
        record("a1", credence=0.9, deadline="2024-12-31", topics=["ai"], events=[("true", "2024-05-13")]),
        record("a2", credence=0.6, deadline="2024-12-31", fidelity=["verbatim"], events=[("false", "2025-01-02")]),
        record("b1", speaker="Lex Fridman", kind="opinion", fidelity=["distorted"], topics=["ai", "energy"]),
        record("b2", speaker="Lex Fridman", events=[("ambiguous", "2024-08-01", "garbled")]),
    ]
    folder = ct.Ledger.open(tmp_path / "folder")
    folder.add_many(records)

    def refuse() -> None:
        raise AssertionError("a folder card must not validate every record")

    monkeypatch.setattr(folder.store, "records", refuse)
    assert scorecard(folder, **options) == scorecard(records, **options)
