"""Reading records from untrusted JSON into problems that name file, record and field."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from claimtrack.errors import InvalidRecordError
from claimtrack.model._base import SLUG_PATTERN
from claimtrack.model.languages import BCP47_PATTERN
from claimtrack.model.problem import Problem
from claimtrack.model.record import ClaimRecord
from claimtrack.model.urls import URL_PATTERN

__all__ = ["parse_record", "problems_from_validation", "read_record"]

_CODES = {
    "extra_forbidden": "unknown_field",
    "missing": "missing_field",
    "enum": "bad_value",
    "literal_error": "bad_value",
    "date_parsing": "bad_date",
    "date_from_datetime_parsing": "bad_date",
    "date_from_datetime_inexact": "bad_date",
    "date_type": "bad_date",
    "datetime_parsing": "bad_date",
    "datetime_from_date_parsing": "bad_date",
    "json_invalid": "invalid_json",
    "timezone_aware": "bad_date",
}

_PATTERNS = {
    URL_PATTERN: ("bad_url", "is not an absolute http(s) URL"),
    SLUG_PATTERN: ("bad_id", "is not an id: use lowercase letters, digits, '.', '_' and '-' (at most 200)"),
    # the code a language tag had when a Python validator checked it; kept so that reports read as before
    BCP47_PATTERN: ("value_error", "is not a BCP 47 language tag such as 'en' or 'ja-JP'"),
}
"""Pattern-checked fields, by their pattern: the code and wording a person should see."""


def problems_from_validation(
    exc: ValidationError, *, path: str | None = None, record: str | None = None
) -> tuple[Problem, ...]:
    """Turn a pydantic ValidationError into one Problem per failing field."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        problems.append(
            Problem(
                message=_message(err),
                path=path,
                record=record,
                field=loc or None,
                code=_code(err),
            )
        )
    return tuple(problems)


def _code(err: Any) -> str:
    if err["type"] == "string_pattern_mismatch":
        return _PATTERNS.get(err.get("ctx", {}).get("pattern"), ("bad_value", ""))[0]
    return _CODES.get(err["type"], str(err["type"]))


_SHOWN = 80
"""Characters of a refused value quoted in a problem's message: enough to find it, never the whole
of a megabyte-long field (or a 400-digit number) repeated into every report."""


def _shown(value: object) -> str:
    """``repr(value)`` cut to about :data:`_SHOWN` characters, saying how long the whole was."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return f"{value[:_SHOWN]!r}... ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return repr(value)


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") in _PATTERNS:
        return f"{_shown(err.get('input'))} {_PATTERNS[err['ctx']['pattern']][1]}"
    if err["type"] in ("extra_forbidden",):
        return "unknown field"
    given = err.get("input")
    if isinstance(given, str | int | float) and err["type"] != "missing":
        return f"{msg} (got {_shown(given)})"
    return msg


def _claim_id(data: Any) -> str | None:
    if isinstance(data, dict):
        claim = data.get("claim")
        claim_id = claim.get("id") if isinstance(claim, dict) else None
        if isinstance(claim_id, str):
            return claim_id
    return None


def parse_record(
    raw: bytes | str | dict[str, Any], *, path: str | None = None
) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
    """Parse one claim record, returning it or every problem found in it.

    Text is validated straight from JSON by pydantic-core (the fast path);
    only a record that fails is parsed again to find its claim id for the
    problem report.
    """
    if isinstance(raw, bytes | str):
        try:
            return ClaimRecord.model_validate_json(raw), ()
        except ValidationError:
            pass
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return None, (Problem(message=f"not valid JSON: {exc}", path=path, code="invalid_json"),)
    else:
        data = raw
    if not isinstance(data, dict):
        return None, (Problem(message="a claim record must be a JSON object", path=path, code="invalid_json"),)
    record_id = _claim_id(data)
    try:
        return ClaimRecord.model_validate(data), ()
    except ValidationError as exc:
        return None, problems_from_validation(exc, path=path, record=record_id)


def read_record(raw: bytes | str | dict[str, Any], *, path: str | None = None) -> ClaimRecord:
    """Parse one claim record or raise InvalidRecordError naming the first problem."""
    record, problems = parse_record(raw, path=path)
    if record is None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidRecordError(first.message + more, path=first.path, record=first.record, field=first.field)
    return record
