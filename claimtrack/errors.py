"""One exception tree for the whole library.

Problems found in *user data* (a bad record in a folder, an importer row that
cannot be read) are returned as :class:`claimtrack.Problem` values so that one
bad record never hides the rest. Exceptions are for API misuse, I/O failures
and refusals that must stop the caller. Every exception derives from
:class:`ClaimtrackError` and from the builtin a caller would naturally catch::

    ClaimtrackError
    ├── InvalidRecordError(ValueError)     a record failed validation (names file, record, field)
    │   └── ClaimFieldError                field values that cannot make or change a claim (.field, .code)
    ├── DateParseError(ValueError)         no date could be read from a text
    ├── HorizonError(ValueError)           no horizon could be read from a text
    ├── LedgerError
    │   ├── ClaimNotFoundError(KeyError)   .claim_id
    │   ├── DuplicateClaimError(ValueError).claim_id
    │   ├── EventError(ValueError)         an event that cannot be appended (.claim_id, .field)
    │   ├── EvidenceAmendError(ValueError) amending would overwrite evidence (.claim_id, .evidence_id, .field)
    │   └── ConflictError                  stale write of a versioned claim (.claim_id)
    ├── StoreError(OSError)
    │   ├── StoreNotFoundError(FileNotFoundError)
    │   ├── StoreCorruptedError            unreadable or foreign data (.location)
    │   │   └── DamagedRecordsError        a read met records it cannot read (.problems)
    │   └── SchemaVersionError             written by a newer claimtrack
    └── FetchError(OSError)                network failures; subclasses live in claimtrack.web

    DamagedRecordsWarning(UserWarning)     a read with ``skip_invalid=True`` left damaged records out (.problems)

Exception messages are one line and name the place: file, claim id, field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Problem = Any
"""A :class:`claimtrack.Problem` (the model layer sits above this module, so it is not imported here)."""

__all__ = [
    "ClaimFieldError",
    "ClaimNotFoundError",
    "ClaimtrackError",
    "ConflictError",
    "DamagedRecordsError",
    "DamagedRecordsWarning",
    "DateParseError",
    "DuplicateClaimError",
    "EventError",
    "EvidenceAmendError",
    "FetchError",
    "HorizonError",
    "InvalidRecordError",
    "LedgerError",
    "SchemaVersionError",
    "StoreCorruptedError",
    "StoreError",
    "StoreNotFoundError",
]


class ClaimtrackError(Exception):
    """Base of every exception claimtrack raises on purpose."""


class InvalidRecordError(ClaimtrackError, ValueError):
    """A record failed validation; the message names file, record and field."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.record = record
        self.field = field
        self.message = message
        super().__init__(_locate(message, path=path, record=record, field=field))


class ClaimFieldError(InvalidRecordError):
    """Values given for a claim's fields that cannot make (or change) the claim; nothing was built.

    ``field`` names the first field at fault as :class:`claimtrack.intake.claims.ClaimFields`
    names it (``said_on``, ``horizon``, ``source_url``), None when the claim as a whole was
    refused; ``fields`` names every field at fault. ``code`` says why:

    * ``missing``: required fields not given (``fields``: all of them);
    * ``bad_value``: a value that cannot be read (a date, a horizon, a credence, ``LANG=TEXT``);
    * ``needs_source``: a detail of a source (quote, locator, fidelity, role) without its URL;
    * ``given_and_cleared``: a value given and cleared in one edit;
    * ``stale_horizon``: a new ``said_on`` the horizon cannot be read again from (``value``: its text);
    * ``not_forward_looking``: a kind that has no horizon or credence, while the claim keeps
      them (``fields``: the ones to clear; ``value``: the kind);
    * ``invalid``: the claim model refused it (``claim_field``: the dotted path it refused;
      ``problems``: every problem it found).

    ``reason`` is what is wrong without the advice ``message`` adds, for a caller that words
    its own (a command line names its flags).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None,
        code: str,
        fields: tuple[str, ...] = (),
        reason: str | None = None,
        value: str | None = None,
        claim_field: str | None = None,
        problems: Sequence[Problem] = (),
        record: str | None = None,
    ) -> None:
        super().__init__(message, record=record, field=field or claim_field)
        self.field = field
        self.fields = fields or ((field,) if field else ())
        self.code = code
        self.reason = reason if reason is not None else message
        self.value = value
        self.claim_field = claim_field
        self.problems: tuple[Problem, ...] = tuple(problems)


class DateParseError(ClaimtrackError, ValueError):
    """No date or date range could be read from ``text``."""

    def __init__(self, text: str, reason: str = "no date found") -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read a date from {text!r}: {reason}")


class HorizonError(ClaimtrackError, ValueError):
    """No prediction horizon could be read from ``text``."""

    def __init__(self, text: str, reason: str = "no horizon found") -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read a horizon from {text!r}: {reason}")


class LedgerError(ClaimtrackError):
    """A ledger operation was refused."""


class ClaimNotFoundError(LedgerError, KeyError):
    """No claim with this id is in the ledger."""

    def __init__(self, claim_id: str, location: str | None = None) -> None:
        self.claim_id = claim_id
        self.location = location
        where = f" in {location}" if location else ""
        super().__init__(f"no claim {claim_id!r}{where}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class DuplicateClaimError(LedgerError, ValueError):
    """A claim with this id already exists."""

    def __init__(self, claim_id: str, location: str | None = None) -> None:
        self.claim_id = claim_id
        self.location = location
        where = f" in {location}" if location else ""
        super().__init__(f"claim {claim_id!r} already exists{where}")


class EventError(LedgerError, ValueError):
    """A status event that cannot be appended to a claim's history."""

    def __init__(self, message: str, *, claim_id: str, field: str | None = None) -> None:
        self.claim_id = claim_id
        self.field = field
        self.message = message
        super().__init__(_locate(message, record=claim_id, field=field))


class EvidenceAmendError(LedgerError, ValueError):
    """An evidence amendment that would change what is stored, not fill a gap.

    Evidence may be amended only from empty to a value (a new ``archived_url``,
    metadata read later); a field already set is never overwritten, and only
    evidence the claim holds can be amended. Nothing is written.
    """

    def __init__(self, message: str, *, claim_id: str, evidence_id: str, field: str | None = None) -> None:
        self.claim_id = claim_id
        self.evidence_id = evidence_id
        self.field = field
        self.message = message
        where = f"evidence {evidence_id!r}" + (f" field {field!r}" if field else "")
        super().__init__(_locate(f"{where}: {message}", record=claim_id))


class ConflictError(LedgerError):
    """A claim was changed by someone else since it was read (optimistic concurrency)."""

    def __init__(self, claim_id: str, *, expected: int, actual: int) -> None:
        self.claim_id = claim_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"claim {claim_id!r} was changed concurrently: expected version {expected}, "
            f"stored version is {actual}; reload and retry"
        )


class StoreError(ClaimtrackError, OSError):
    """Storage failed or refused; ``location`` names the store."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}" if location else message)

    def __str__(self) -> str:  # OSError would format (errno, strerror)
        return str(self.args[0])


class StoreNotFoundError(StoreError, FileNotFoundError):
    """The ledger does not exist and ``create=False`` was given."""


class StoreCorruptedError(StoreError):
    """The store holds data that is unreadable or not a claimtrack ledger."""


def _damage_summary(problems: Sequence[Problem], count: int | None) -> tuple[int, str]:
    if count is None:
        count = len({(p.path, p.record) for p in problems})
    first = str(problems[0]) if problems else "no details"
    return count, f"{count:,} damaged record{'s' if count != 1 else ''} (first: {first})"


class DamagedRecordsError(StoreCorruptedError):
    """A read would have left out records it cannot read, so it refused (``skip_invalid=False``).

    ``problems`` names each damaged record (file or row, claim, field); ``count`` is how many
    records they belong to. Fix them (``claimtrack validate`` lists them) or read with
    ``skip_invalid=True`` (``--skip-invalid``) to proceed without them.
    """

    def __init__(self, problems: Iterable[Problem], *, location: str | None = None, count: int | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.count, summary = _damage_summary(self.problems, count)
        super().__init__(
            f"{summary}; run `claimtrack validate`, or read with skip_invalid=True (--skip-invalid) to leave them out",
            location=location,
        )


class DamagedRecordsWarning(UserWarning):
    """A read with ``skip_invalid=True`` left out damaged records; ``problems`` names them."""

    def __init__(self, problems: Iterable[Problem], *, location: str | None = None, count: int | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.location = location
        self.count, summary = _damage_summary(self.problems, count)
        where = f"{location}: " if location else ""
        super().__init__(f"{where}left out {summary}; run `claimtrack validate` to list them")


class SchemaVersionError(StoreError):
    """The store was written by a newer claimtrack than this one."""


class FetchError(ClaimtrackError, OSError):
    """A network fetch failed; ``url`` names what was fetched."""

    def __init__(self, message: str, *, url: str) -> None:
        self.url = url
        self.message = message
        super().__init__(f"{url}: {message}")

    def __str__(self) -> str:
        return str(self.args[0])


def _locate(
    message: str,
    *,
    path: str | None = None,
    record: str | None = None,
    field: str | None = None,
) -> str:
    parts = []
    if path:
        parts.append(path)
    if record:
        parts.append(f"claim {record!r}")
    if field:
        parts.append(f"field {field!r}")
    parts.append(message)
    return ": ".join(parts)
