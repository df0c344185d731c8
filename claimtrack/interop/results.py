"""What an import returns: the in-memory ledger and the problems met on the way."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from claimtrack.ledger import Ledger
from claimtrack.model import Problem

__all__ = ["PROBLEMS_KEPT", "ImportResult", "count_problems", "with_problems"]

PROBLEMS_KEPT = 1_000
"""How many problems of each code an import keeps in full; the rest are only counted.

A file of five million records that are all wrong would otherwise hold five million problems
(some 7 GB); the counts stay exact (:attr:`ImportResult.problem_counts`)."""

ProblemCounts = tuple[tuple[str, str, int], ...]
"""``(severity, code, count)`` triples, most frequent first."""


def count_problems(problems: Iterable[Problem]) -> ProblemCounts:
    """The ``(severity, code, count)`` triples of ``problems``, most frequent first."""
    counts = Counter((p.severity, p.code) for p in problems)
    return tuple((severity, code, n) for (severity, code), n in counts.most_common())


@attrs.frozen(kw_only=True)
class ImportResult:
    """What an importer produced: an in-memory ledger and the problems it met.

    ``problems`` holds warnings (the record was imported, something was
    repaired or assumed) and errors (the record was skipped). Each names the
    input ``path`` and the record's position (``[3]``, ``[0].@graph[2]``,
    ``row 5``), so one bad record never hides the rest. At most
    :data:`PROBLEMS_KEPT` problems of each code are kept in full;
    ``problem_counts`` counts every one met, kept or not.
    """

    ledger: Ledger
    problems: tuple[Problem, ...] = ()
    records: int = 0
    """How many input records (reviews, rows, dataset items) were read."""
    imported: int = 0
    """How many of them became a status event (or a claim, for rows without one)."""
    ignored: tuple[tuple[str, int], ...] = ()
    """Input nodes that are not records of this format (``WebPage``, ``Organization`` ...), by type."""
    unknown_ratings: tuple[tuple[str, int], ...] = ()
    """Rating texts the rating table does not know, with how many reviews used each, most frequent first.

    Each became the fallback verdict with its text kept; extend the table with them
    (``RatingTable.extended``, ``--ratings FILE``) and import again."""
    problem_counts: ProblemCounts = attrs.field(
        default=attrs.Factory(lambda self: count_problems(self.problems), takes_self=True)
    )
    """Every problem met, kept in ``problems`` or not, as ``(severity, code, count)``, most frequent first."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that made a record be skipped (those kept; see :meth:`counts` for all)."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that were repaired or assumed while the record was imported (those kept)."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def skipped(self) -> int:
        """How many input records were not imported."""
        return self.records - self.imported

    @property
    def omitted(self) -> int:
        """How many problems were counted but not kept (over :data:`PROBLEMS_KEPT` of their code)."""
        return sum(n for _, _, n in self.problem_counts) - len(self.problems)

    def counts(self, severity: str) -> tuple[tuple[str, int], ...]:
        """``(code, count)`` of every problem of this severity (``"error"`` or ``"warning"``), kept or not."""
        return tuple((code, n) for kind, code, n in self.problem_counts if kind == severity)


def with_problems(result: ImportResult, problems: tuple[Problem, ...]) -> ImportResult:
    """``result`` with input-level problems (unreadable lines or blocks) put first; errors count as skipped."""
    if not problems:
        return result
    errors = sum(1 for p in problems if p.severity == "error")
    counts: Counter[tuple[str, str]] = Counter({(s, c): n for s, c, n in result.problem_counts})
    counts.update((p.severity, p.code) for p in problems)
    return attrs.evolve(
        result,
        problems=problems + result.problems,
        records=result.records + errors,
        problem_counts=tuple((s, c, n) for (s, c), n in counts.most_common()),
    )
