"""Rejections and fill-only evidence amendments: one contract, every store (memory, folder, SQLite, PostgreSQL).

GPT-4o was announced on 2024-05-13 (openai.com/index/hello-gpt-4o); the Wayback address below is the
"closest snapshot in 2024" form of the archive's URL scheme, not a particular snapshot.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import ClaimNotFoundError, EventError, EvidenceAmendError
from claimtrack.ledger import amended, appended
from claimtrack.model import Rejection
from claimtrack.stores.jsonl import dump_jsonl, read_jsonl

CID = "new-model-this-year"
GPT4O = ct.Evidence(
    url="https://openai.com/index/hello-gpt-4o/",
    title="Hello GPT-4o",
    publisher="OpenAI",
    published_on="2024-05-13",
    stance="supports",
)
TIME_SSI = ct.Evidence(url="https://time.com/6990076/safe-superintelligence-inc-announced")
COPY = "https://web.archive.org/web/2024/https://openai.com/index/hello-gpt-4o/"
REJECTED_AT = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _rejection(pid: str, **extra: Any) -> Rejection:
    return Rejection.model_validate(
        {
            "id": pid,
            "claim_id": CID,
            "verdict": "false",
            "evidence_ids": (GPT4O.id, "ev-never-stored"),
            "rejected_at": REJECTED_AT,
            "by": "reviewer",
            "reason": "the report is about another model",
            **extra,
        }
    )


@pytest.fixture
def ledger(target: Any, clock: Any, make_claim: Any) -> ct.Ledger:
    led: ct.Ledger = target.open(clock)
    led.add(make_claim(CID, topics=("gpt-5", "releases")), evidence=(GPT4O, TIME_SSI))
    led.record(CID, "true", on=date(2024, 5, 13), evidence=[GPT4O.id], by="checker")
    return led


# -- rejections ---------------------------------------------------------------------------


def test_rejections_are_stored_in_order_and_repeats_ignored(ledger: ct.Ledger) -> None:
    before = ledger.record_of(CID)
    first, second = _rejection("prop-0000000000000001"), _rejection("prop-0000000000000002", by=None, reason="")
    after = ledger.store.append(CID, (), (), (first,))
    assert after.rejections == (first,)
    assert ledger.store.append(CID, (), (), (first, second)).rejections == (first, second)
    assert ledger.store.append(CID, (), (), (_rejection("prop-0000000000000001", by="someone else"),)).rejections == (
        first,
        second,
    )
    stored = ledger.record_of(CID)
    assert stored.rejections == (first, second)
    assert stored.rejections[0].evidence_ids == (GPT4O.id, "ev-never-stored")  # cited, not stored
    assert stored.evidence == before.evidence  # no fake evidence
    assert stored.events == before.events
    assert stored.version == before.version
    assert ledger.rejections(CID) == (first, second)
    assert ledger.status(CID) is ct.Verdict.TRUE  # a rejection never changes the status
    assert ledger.validate() == ()


def test_old_append_signature_still_works(ledger: ct.Ledger) -> None:
    record = ledger.record_of(CID)
    assert ledger.store.append(CID, record.events, record.evidence) == record
    assert ledger.store.append(CID, (), evidence=()) == record


def test_rejection_for_another_claim_is_refused(ledger: ct.Ledger, make_claim: Any) -> None:
    ledger.add(make_claim("gpt5-date-unknown", kind="uncertainty", horizon=None))
    before = ledger.record_of("gpt5-date-unknown")
    with pytest.raises(EventError, match="rejection 'prop-x' is for claim 'new-model-this-year'"):
        ledger.store.append("gpt5-date-unknown", (), (), (_rejection("prop-x"),))
    assert ledger.record_of("gpt5-date-unknown") == before
    with pytest.raises(ClaimNotFoundError):
        ledger.store.append("nope", (), (), (_rejection("prop-y"),))


def test_claim_edit_keeps_rejections(ledger: ct.Ledger) -> None:
    rejection = _rejection("prop-0000000000000003")
    ledger.store.append(CID, (), (), (rejection,))
    record = ledger.record_of(CID)
    updated = ledger.update(record.claim.model_copy(update={"note": "said at 00:41:40"}), expected_version=1)
    assert updated.rejections == (rejection,)
    assert ledger.record_of(CID) == updated


def test_merge_and_jsonl_carry_rejections(ledger: ct.Ledger, clock: Any, make_claim: Any) -> None:
    other = ct.Ledger.in_memory(clock=clock)
    other.add(make_claim(CID, topics=("gpt-5", "releases")), evidence=(GPT4O, TIME_SSI))
    other.store.append(CID, (), (), (_rejection("prop-0000000000000004"),))
    other.add(make_claim("brand-new"))
    other.store.append("brand-new", (), (), (_rejection("prop-0000000000000005", claim_id="brand-new"),))
    report = ledger.merge(other)
    assert report.ok
    assert report.added == ("brand-new",)
    assert report.merged == (CID,)
    assert [r.id for r in ledger.rejections(CID)] == ["prop-0000000000000004"]
    assert [r.id for r in ledger.rejections("brand-new")] == ["prop-0000000000000005"]
    assert ledger.merge(other).merged == ()  # merging twice changes nothing
    # JSON Lines export and import keep them
    out = io.StringIO()
    dump_jsonl(ledger.records(), out)
    back = list(read_jsonl(out.getvalue().splitlines()))
    assert back == list(ledger.records())
    assert back[1].rejections == ledger.rejections(CID)
    copy = ct.Ledger.in_memory(clock=clock)
    copy.add_many(back)
    assert copy.rejections(CID) == ledger.rejections(CID)


# -- amendments ---------------------------------------------------------------------------


def test_amend_fills_empty_fields_only(ledger: ct.Ledger) -> None:
    before = ledger.record_of(CID)
    retrieved = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    after = ledger.amend_evidence(
        CID, [ct.Evidence(id=GPT4O.id, archived_url=COPY, language="en", retrieved_at=retrieved)]
    )
    held = {ev.id: ev for ev in after.evidence}
    filled = {"archived_url": COPY, "language": "en", "retrieved_at": retrieved}
    assert held[GPT4O.id] == GPT4O.model_copy(update=filled)
    assert held[TIME_SSI.id] == TIME_SSI
    assert [ev.id for ev in after.evidence] == [ev.id for ev in before.evidence]  # order kept
    assert after.events == before.events
    assert after.version == before.version  # evidence is not the claim: no version bump
    assert ledger.record_of(CID) == after
    # repeating a fill, or sending a value equal to the stored one, changes nothing
    assert ledger.amend_evidence(CID, [ct.Evidence(id=GPT4O.id, archived_url=COPY, title="Hello GPT-4o")]) == after
    assert ledger.status(CID) is ct.Verdict.TRUE
    assert ledger.validate() == ()


def test_amend_never_overwrites_and_writes_nothing_on_refusal(ledger: ct.Ledger) -> None:
    before = ledger.record_of(CID)
    with pytest.raises(EvidenceAmendError, match="title") as info:
        ledger.amend_evidence(
            CID,
            [
                ct.Evidence(id=TIME_SSI.id, title="Former OpenAI Chief Scientist Announces New Safety-Focused Company"),
                ct.Evidence(id=GPT4O.id, title="GPT-4o", archived_url=COPY),
            ],
        )
    error = info.value
    assert (error.claim_id, error.evidence_id, error.field) == (CID, GPT4O.id, "title")
    assert isinstance(error, ValueError)
    assert CID in str(error)
    assert GPT4O.id in str(error)
    assert ledger.record_of(CID) == before  # the valid fill in the same call was not written either
    with pytest.raises(EvidenceAmendError, match="holds no evidence") as unknown:
        ledger.amend_evidence(CID, [ct.Evidence(id="ev-not-held", title="x")])
    assert unknown.value.evidence_id == "ev-not-held"
    with pytest.raises(ClaimNotFoundError):
        ledger.amend_evidence("nope", [ct.Evidence(id=GPT4O.id, archived_url=COPY)])
    assert ledger.record_of(CID) == before


def test_merge_fills_evidence_and_reports_clashes(ledger: ct.Ledger, clock: Any, make_claim: Any) -> None:
    other = ct.Ledger.in_memory(clock=clock)
    other.add(make_claim(CID, topics=("gpt-5", "releases")), evidence=(GPT4O, TIME_SSI))
    other.amend_evidence(CID, [ct.Evidence(id=GPT4O.id, archived_url=COPY), ct.Evidence(id=TIME_SSI.id, language="en")])
    report = ledger.merge(other)
    assert report.ok
    assert report.merged == (CID,)
    held = {ev.id: ev for ev in ledger.evidence(CID)}
    assert held[GPT4O.id].archived_url == COPY
    assert held[TIME_SSI.id].language == "en"
    assert ledger.merge(other).unchanged == (CID,)
    third = ct.Ledger.in_memory(clock=clock)
    third.add(
        make_claim(CID, topics=("gpt-5", "releases")),
        evidence=(GPT4O.model_copy(update={"language": "en"}), TIME_SSI.model_copy(update={"language": "ja"})),
    )
    clash = ledger.merge(third)
    assert [(p.code, p.record, p.field) for p in clash.conflicts] == [
        ("evidence_conflict", CID, f"evidence.{TIME_SSI.id}.language")
    ]
    held = {ev.id: ev for ev in ledger.evidence(CID)}
    assert held[TIME_SSI.id].language == "en"  # this ledger's value is kept
    assert held[GPT4O.id].language == "en"  # while the other's fill of an empty field is taken


def test_pure_rules_return_the_record_itself_when_nothing_changes(ledger: ct.Ledger) -> None:
    record = ledger.record_of(CID)
    assert appended(record, record.events, record.evidence, record.rejections) is record
    assert amended(record, [ct.Evidence(id=GPT4O.id, title="Hello GPT-4o")]) is record
    assert amended(record, []) is record
