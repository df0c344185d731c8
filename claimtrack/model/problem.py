"""Problems: errors in user data, returned as values so one bad record never hides the rest."""

from __future__ import annotations

from typing import Literal

from claimtrack.model._base import Record

__all__ = ["Problem"]


class Problem(Record):
    """One problem found in user data: where it is and what is wrong.

    Validation and import passes return every problem at once instead of
    raising on the first, so a fact-checker can fix a folder in one go.
    """

    message: str
    path: str | None = None
    """The file (or store location) the record came from."""
    record: str | None = None
    """The claim id, or the record's position when it has no readable id."""
    field: str | None = None
    """The dotted field path inside the record, e.g. ``claim.said_on.start``."""
    code: str = "invalid"
    """A stable snake_case code, e.g. ``invalid_json``, ``unknown_field``, ``duplicate_id``."""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        parts = [p for p in (self.path, f"claim {self.record!r}" if self.record else None) if p]
        if self.field:
            parts.append(f"field {self.field!r}")
        parts.append(f"{self.severity}: {self.message} [{self.code}]")
        return ": ".join(parts)
