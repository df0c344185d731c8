"""What an import returns: the in-memory ledger and every problem met on the way."""

from __future__ import annotations

import attrs

from claimtrack.ledger import Ledger
from claimtrack.model import Problem

__all__ = ["ImportResult", "with_problems"]


@attrs.frozen(kw_only=True)
class ImportResult:
    """What an importer produced: an in-memory ledger and every problem it met.

    ``problems`` holds warnings (the record was imported, something was
    repaired or assumed) and errors (the record was skipped). Each names the
    input ``path`` and the record's position (``[3]``, ``[0].@graph[2]``,
    ``row 5``), so one bad record never hides the rest.
    """

    ledger: Ledger
    problems: tuple[Problem, ...] = ()
    records: int = 0
    """How many input records (reviews, rows, dataset items) were read."""
    imported: int = 0
    """How many of them became a status event (or a claim, for rows without one)."""
    ignored: tuple[tuple[str, int], ...] = ()
    """Input nodes that are not records of this format (``WebPage``, ``Organization`` ...), by type."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that made a record be skipped."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that were repaired or assumed while the record was imported."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def skipped(self) -> int:
        """How many input records were not imported."""
        return self.records - self.imported


def with_problems(result: ImportResult, problems: tuple[Problem, ...]) -> ImportResult:
    """``result`` with input-level problems (unreadable lines or blocks) put first and counted as skipped."""
    if not problems:
        return result
    errors = sum(1 for p in problems if p.severity == "error")
    return attrs.evolve(result, problems=problems + result.problems, records=result.records + errors)
