"""Problems quote a refused value briefly; caches keyed on text hold only short keys."""

from __future__ import annotations

import importlib
import json

from claimtrack.model.validation import parse_record

tokens_module = importlib.import_module("claimtrack.checking.tokens")


def _record(**claim: object) -> dict[str, object]:
    base = {
        "id": "c1",
        "text": "We will ship it this year",
        "language": "en",
        "speaker": {"name": "Sam Altman"},
        "said_on": "2024-03-18",
        "kind": "prediction",
    }
    base.update(claim)
    return {"claim": base, "events": []}


def test_a_megabyte_field_is_quoted_briefly_in_its_problem() -> None:
    huge = "x" * 1_000_000
    record, problems = parse_record(json.dumps(_record(kind=huge)), path="claims/c1.json")
    assert record is None
    assert problems
    message = problems[0].message
    assert len(message) < 400
    assert "1,000,000 characters" in message
    assert problems[0].path == "claims/c1.json"
    assert problems[0].field


def test_a_huge_integer_is_described_not_printed() -> None:
    record, problems = parse_record(_record(text=10**5000), path="claims/c1.json")
    assert record is None
    assert problems
    assert all(len(p.message) < 400 for p in problems)
    assert any("digits" in p.message for p in problems)


def test_the_token_cache_keeps_only_short_pieces() -> None:
    tokens_module._cached_piece_tokens.cache_clear()
    long_word = "a" * 10_000
    assert tokens_module.tokens(long_word) == tokens_module.tokens(long_word)
    assert tokens_module.tokens("gpt-4o models") == ("gpt4o", "model")
    info = tokens_module._cached_piece_tokens.cache_info()
    assert info.currsize >= 1  # the short pieces are cached
    cached_keys_total = info.currsize
    tokens_module.tokens(" ".join(f"{'b' * 500}{i}" for i in range(50)))
    assert tokens_module._cached_piece_tokens.cache_info().currsize == cached_keys_total
