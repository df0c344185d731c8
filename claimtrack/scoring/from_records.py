"""The Python path of a scorecard: replay every claim record and add the rows up claim by claim.

Taken for any iterable of records and for stores that cannot sum up in a
database (the folder, memory), and for the options a database cannot express
(see :func:`claimtrack.scoring.scorecard`). A store that hands out each
record's JSON (:class:`~claimtrack.ledger.queries.RawRecordStore`: the folder
store) is read through the lean reader (:mod:`claimtrack.scoring.lean`), which
reads the fields a card needs without building the models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime

from claimtrack.ledger import ClaimFilter, Damage, GroupBy, Ledger, readable
from claimtrack.ledger.queries import RawRecordStore, raw_judge
from claimtrack.model import ClaimRecord, Fidelity, Verdict
from claimtrack.scoring.grouping import TOTAL_KEY, row_order
from claimtrack.scoring.lean import LeanReader
from claimtrack.scoring.lines import line_of_record
from claimtrack.scoring.rows import LineTally, row_from_sums, timeline_of_lines
from claimtrack.scoring.types import ClaimLine, Exclusions, NotSaidClaim, Scorecard

__all__ = ["card_from_records", "claim_lines", "most_recent", "not_said_of_line"]


def claim_lines(
    source: Ledger | Iterable[ClaimRecord],
    by: GroupBy,
    as_of: date | None,
    known_at: datetime | None,
    damage: Damage | None = None,
) -> Iterator[ClaimLine]:
    """The line of every claim to score, read once: through the lean reader when the store hands out JSON.

    Records of a ledger that its store finds damaged are left out and go to ``damage``.
    """
    if isinstance(source, Ledger):
        store = source.store
        if damage is None:
            damage = Damage(location=store.location, skip_invalid=True)
        if isinstance(store, RawRecordStore):
            reader = LeanReader(by=by, as_of=as_of, known_at=known_at)
            return reader.lines(store.raw_records(), parse=raw_judge(store), damage=damage)
        source = readable(store, damage)
    return (line_of_record(record, by, as_of, known_at) for record in source)


def _fidelities(line: ClaimLine) -> Iterator[Fidelity | None]:
    return (None if s.fidelity is None else Fidelity(s.fidelity) for s in line.sources)


def not_said_of_line(line: ClaimLine) -> NotSaidClaim:
    """The attribution failure ``line`` records, naming the sources that made it.

    Those are the secondary sources whose rendering is not recorded as verbatim or
    faithful; when none is marked so, every secondary source (the error came from
    one of them, not from the primary record of what was said).
    """
    secondary = [s for s in line.sources if s.role == "secondary"]
    unfaithful = [s for s in secondary if s.fidelity not in ("verbatim", "faithful")]
    return NotSaidClaim(
        claim_id=line.id,
        speaker=line.speaker,
        said_on=line.said_on,
        text=line.text,
        reason=line.note,
        sources=tuple(unfaithful or secondary),
    )


def sorted_not_said(claims: Iterable[NotSaidClaim]) -> tuple[NotSaidClaim, ...]:
    """Attribution failures in the card's order: said_on, then id."""
    return tuple(sorted(claims, key=lambda c: (c.said_on, c.claim_id)))


def most_recent(lines: Sequence[ClaimLine], n: int) -> list[ClaimLine]:
    """The ``n`` claims said most recently (ties by id), as the HTML renderer's ``max_claims`` picks them."""
    return sorted(lines, key=lambda c: (-c.said_on.toordinal(), c.id))[: max(n, 0)]


def _bound_unscored(lines: Sequence[ClaimLine], tallies: Iterable[LineTally], limit: int | None) -> bool:
    """Keep the ``limit`` most recently said unscored claims in every tally; True when none was dropped.

    The same pick as the SQL path (``ScoreQuery.unscored_limit``): said_on descending, then id.
    """
    unscored = [line for line in lines if line.outcome is None and line.verdict is not Verdict.OPEN]
    if limit is None or len(unscored) <= limit:
        return True
    kept = {line.id for line in most_recent(unscored, limit)}
    for tally in tallies:
        tally.unscored = [u for u in tally.unscored if u.claim_id in kept]
    return False


def card_from_records(
    source: Ledger | Iterable[ClaimRecord],
    *,
    by: GroupBy,
    as_of: date | None,
    known_at: datetime | None,
    where: ClaimFilter,
    progress: Callable[[int], None] | None,
    max_claims: int | None,
    max_unscored: int | None,
    skip_invalid: bool = False,
) -> Scorecard:
    """The card of every claim of ``source``, replayed as of ``as_of``; ``max_claims`` None lists every claim.

    Damaged records of a ledger refuse the card once all were read (DamagedRecordsError), or
    with ``skip_invalid`` are left out, warned about and counted in ``skipped_invalid``.
    """
    damage = Damage(location=source.store.location if isinstance(source, Ledger) else None, skip_invalid=skip_invalid)
    tallies: dict[str, LineTally] = {}
    total = LineTally()
    lines: list[ClaimLine] = []
    not_said: list[NotSaidClaim] = []
    not_yet_said = filtered = unfaithful = early = 0
    seen = 0
    for line in claim_lines(source, by, as_of, known_at, damage):
        seen += 1
        if progress is not None and seen % 1000 == 0:
            progress(seen)
        if as_of is not None and line.said_on > as_of:
            not_yet_said += 1
            continue
        if not where.admits_fields(line.speaker, line.topics, line.kind, line.said_on):
            filtered += 1
            continue
        if where.verdict is not None and line.verdict is not where.verdict:
            filtered += 1
            continue
        if line.verdict.is_attribution_failure:  # words the speaker did not say: in no row, listed apart
            not_said.append(not_said_of_line(line))
            continue
        if where.faithful_only and not where.admits_fidelities(_fidelities(line)):
            unfaithful += 1
            continue
        if where.exclude_early and line.early:
            early += 1
            continue
        lines.append(line)
        total.add(line)
        for key in line.groups:
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = LineTally()
            tally.add(line)
    if progress is not None:
        progress(seen)
    skipped = damage.settle(stacklevel=4)  # the caller of scorecard()
    unscored_complete = _bound_unscored(lines, [total, *tallies.values()], max_unscored)
    with_overdue = as_of is not None
    order = row_order(by, {key: tally.total for key, tally in tallies.items()})
    rows = tuple(
        row_from_sums(key, tallies[key].sums(), tallies[key].unscored, with_overdue=with_overdue) for key in order
    )
    complete = True
    timeline = timeline_of_lines(lines)
    if max_claims is not None and len(lines) > max_claims:
        kept = {line.id for line in most_recent(lines, max_claims)}
        lines = [line for line in lines if line.id in kept]
        complete = False
    return Scorecard(
        by=by,
        as_of=as_of,
        known_at=known_at,
        faithful_only=where.faithful_only,
        exclude_early=where.exclude_early,
        rows=rows,
        total=row_from_sums(TOTAL_KEY, total.sums(), total.unscored, with_overdue=with_overdue),
        claims=tuple(lines),
        excluded=Exclusions(
            not_yet_said=not_yet_said, filtered=filtered, unfaithful=unfaithful, early=early, not_said=len(not_said)
        ),
        not_said=sorted_not_said(not_said),
        claims_complete=complete,
        timeline=timeline,
        unscored_complete=unscored_complete,
        skipped_invalid=skipped,
    )
