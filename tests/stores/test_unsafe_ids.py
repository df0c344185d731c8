"""Ids that cannot name a file (issue #12): the folder store refuses them with claimtrack errors.

Before, ``record_of("a\\x00b")`` raised the OS's raw ValueError, a 300-character id an
OSError (name too long), and ``_path`` refused only ``/`` and a leading dot, so on Windows
``a\\b``, ``C:x`` and ``..\\x`` would leave the ``claims/`` folder and ``con`` would open
the console. A lookup of such an id is a ClaimNotFoundError (it cannot exist); adding one
is an InvalidRecordError naming the id and the reason, and writes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import ClaimNotFoundError, InvalidRecordError
from claimtrack.stores._files import unsafe_name

# Ids no claim can have in a folder store; most are not valid ClaimIds either, and are refused
# before any file is touched.
UNSAFE = {
    "nul-char": "a\x00b",
    "newline": "a\nb",
    "tab": "a\tb",
    "del": "a\x7fb",
    "c1-control": "a\x85b",
    "too-long": "a" * 300,
    "too-long-utf8": "é" * 101,  # 101 characters, 202 bytes
    "slash": "a/b",
    "parent": "../x",
    "backslash": "a\\b",
    "parent-backslash": "..\\x",
    "drive": "C:x",
    "colon": "a:b",
    "star": "a*b",
    "question": "a?b",
    "pipe": "a|b",
    "lt-gt": "a<b>",
    "quote": 'a"b',
    "leading-dot": ".hidden",
    "dot": ".",
    "dotdot": "..",
    "trailing-space": "abc ",
    "con": "con",
    "nul": "NUL",
    "com1": "com1",
    "lpt9-ext": "lpt9.txt",
    "aux-ext": "aux.notes.x",
    "prn-space": "prn .x",
    "com-superscript": "com¹",
    "lone-surrogate": "a\udc80b",
    "empty": "",
}

# Ids the model's ClaimId accepts (``^[a-z0-9][a-z0-9._-]{0,199}$``) that still cannot be one
# safe file name everywhere: the folder store must refuse them itself.
MODEL_VALID_UNSAFE = ["con", "nul", "aux", "prn", "com1", "lpt3", "nul.x", "con.notes.2024"]


@pytest.fixture
def ledger(tmp_path: Path, make_claim: Any, clock: Any) -> ct.Ledger:
    ledger = ct.Ledger.open(tmp_path / "ledger", clock=clock)
    ledger.add(make_claim("kept"))
    return ledger


def _claim_files(ledger: ct.Ledger) -> list[str]:
    root = Path(ledger.store.location)
    return sorted(p.name for p in (root / "claims").iterdir())


@pytest.mark.parametrize("claim_id", UNSAFE.values(), ids=UNSAFE.keys())
def test_unsafe_name_gives_a_reason(claim_id: str) -> None:
    assert unsafe_name(claim_id)


@pytest.mark.parametrize(
    "claim_id", ["a", "gpt5-this-year", "a" * 200, "é" * 100, "con-x", "nullable", "com10", "a.b", "abc."]
)
def test_safe_names_pass(claim_id: str) -> None:
    assert unsafe_name(claim_id) is None


@pytest.mark.parametrize("claim_id", UNSAFE.values(), ids=UNSAFE.keys())
def test_lookups_of_an_unsafe_id_are_not_found(ledger: ct.Ledger, claim_id: str) -> None:
    assert claim_id not in ledger
    assert claim_id not in ledger.store
    with pytest.raises(ClaimNotFoundError):
        ledger.record_of(claim_id)
    with pytest.raises(ClaimNotFoundError):
        ledger.get(claim_id)
    with pytest.raises(ClaimNotFoundError):
        ledger.history(claim_id)
    with pytest.raises(ClaimNotFoundError):
        ledger.status(claim_id)
    with pytest.raises(ClaimNotFoundError):
        ledger.record(claim_id, "true", on=date(2024, 5, 13))
    with pytest.raises(ClaimNotFoundError):
        ledger.store.append(claim_id, ())
    assert _claim_files(ledger) == ["kept.json"]
    locks = Path(ledger.store.location) / ".locks"
    assert {p.name for p in locks.iterdir()} <= {"kept.lock"}  # no lock file made for it either


def test_the_model_refuses_what_it_can(make_claim: Any) -> None:
    """The model's ClaimId already refuses most unsafe ids (upper case, separators, controls, length)."""
    for claim_id in ("a\x00b", "a\\b", "C:x", "..\\x", "a" * 300, ".hidden", "A"):
        with pytest.raises(ValueError):
            make_claim(claim_id)
    for claim_id in MODEL_VALID_UNSAFE:
        assert make_claim(claim_id).id == claim_id  # these pass the model: the folder store must refuse them


@pytest.mark.parametrize("claim_id", MODEL_VALID_UNSAFE)
def test_adding_a_model_valid_but_unsafe_id_is_refused_and_writes_nothing(
    ledger: ct.Ledger, make_claim: Any, claim_id: str
) -> None:
    with pytest.raises(InvalidRecordError) as refused:
        ledger.add(make_claim(claim_id))
    assert repr(claim_id) in str(refused.value)
    assert "cannot keep this id" in str(refused.value)
    assert refused.value.record == claim_id
    assert refused.value.field == "claim.id"
    with pytest.raises(InvalidRecordError):
        ledger.add_many([ct.ClaimRecord(claim=make_claim("fine-1")), ct.ClaimRecord(claim=make_claim(claim_id))])
    assert _claim_files(ledger) == ["kept.json"]
    assert len(ledger) == 1
    assert not (Path(ledger.store.location) / ".staging").exists() or not any(
        (Path(ledger.store.location) / ".staging").iterdir()
    )


@pytest.mark.parametrize(
    ("claim_id", "reason"),
    [
        ("a\x00b", "control character"),
        ("a\\b", "'\\\\'"),
        ("c:x", "':'"),
        ("..\\x", "'\\\\'"),
        ("a" * 300, "300 bytes"),
        ("é" * 101, "202 bytes"),
        ("con", "reserved device name"),
        ("abc ", "ends with a space"),
        (".x", "starts with a dot"),
    ],
    ids=["nul", "backslash", "drive", "parent-backslash", "300", "utf8-202", "con", "space", "leading-dot"],
)
def test_a_record_built_past_the_model_is_refused_with_the_reason(
    ledger: ct.Ledger, make_claim: Any, claim_id: str, reason: str
) -> None:
    """A record made without validation (model_copy, model_construct) cannot slip an unsafe id in."""
    record = ct.ClaimRecord(claim=make_claim("placeholder").model_copy(update={"id": claim_id}))
    with pytest.raises(InvalidRecordError, match="cannot keep this id") as refused:
        ledger.store.create(record)
    assert reason in str(refused.value)
    with pytest.raises(InvalidRecordError, match="cannot keep this id"):
        ledger.store.create_many([ct.ClaimRecord(claim=make_claim("fine-1")), record])
    assert isinstance(refused.value, ValueError)
    assert _claim_files(ledger) == ["kept.json"]


def test_a_trailing_dot_is_kept_the_suffix_follows_it(ledger: ct.Ledger, make_claim: Any) -> None:
    """``abc.`` is a valid ClaimId and ``abc..json`` a valid file name everywhere (Windows drops only a final dot)."""
    ledger.add_many([ct.ClaimRecord(claim=make_claim("abc.")), ct.ClaimRecord(claim=make_claim("abc.."))])
    ledger.record("abc.", "true", on=date(2024, 5, 13))
    assert ledger.status("abc.") is ct.Verdict.TRUE
    assert _claim_files(ledger) == ["abc...json", "abc..json", "kept.json"]


def test_the_longest_safe_id_round_trips(ledger: ct.Ledger, make_claim: Any) -> None:
    claim_id = "a" * 200
    ledger.add(make_claim(claim_id))
    ledger.record(claim_id, "true", on=date(2024, 5, 13))
    assert ledger.status(claim_id) is ct.Verdict.TRUE
    assert claim_id in ledger
