"""The Python path of a scorecard: replay every claim record and add the rows up claim by claim.

Taken for any iterable of records and for stores that cannot sum up in a
database (the folder, memory), and for the options a database cannot express
(see :func:`claimtrack.scoring.scorecard`). A store that hands out each
record's JSON (:class:`~claimtrack.ledger.queries.RawRecordStore`: the folder
store) is read through the lean reader (:mod:`claimtrack.scoring.lean`), which
reads the fields a card needs without building the models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from enum import Enum

import attrs

from claimtrack.ledger import ClaimFilter, Damage, GroupBy, Ledger, SpeakerAlias, SpeakerCensus, Speakers, readable
from claimtrack.ledger.queries import RawRecordStore, raw_judge
from claimtrack.model import ClaimRecord, Fidelity, Verdict
from claimtrack.scoring.grouping import TOTAL_KEY, row_order
from claimtrack.scoring.lean import LeanReader
from claimtrack.scoring.lines import in_row, line_of_record
from claimtrack.scoring.rows import LineTally, row_from_sums, timeline_of_lines
from claimtrack.scoring.types import ClaimLine, Exclusions, NotSaidClaim, Scorecard

__all__ = ["card_from_records", "claim_lines", "left_out_speakers", "most_recent", "not_said_of_line"]


def claim_lines(
    source: Ledger | Iterable[ClaimRecord],
    by: GroupBy,
    as_of: date | None,
    known_at: datetime | None,
    damage: Damage | None = None,
    census: SpeakerCensus | None = None,
) -> Iterator[ClaimLine]:
    """The line of every claim to score, read once: through the lean reader when the store hands out JSON.

    Records of a ledger that its store finds damaged are left out and go to ``damage``. The speaker
    of every line read (and its ``same_as`` links) is counted in ``census``.
    """
    if isinstance(source, Ledger):
        store = source.store
        if damage is None:
            damage = Damage(location=store.location, skip_invalid=True)
        if isinstance(store, RawRecordStore):
            reader = LeanReader(by=by, as_of=as_of, known_at=known_at)
            return reader.lines(store.raw_records(), parse=raw_judge(store), damage=damage, census=census)
        source = readable(store, damage)
    if census is None:
        return (line_of_record(record, by, as_of, known_at) for record in source)
    return _counted(source, by, as_of, known_at, census)


def _counted(
    records: Iterable[ClaimRecord], by: GroupBy, as_of: date | None, known_at: datetime | None, census: SpeakerCensus
) -> Iterator[ClaimLine]:
    claims = census.claims
    for record in records:
        speaker = record.claim.speaker
        claims[speaker.name] = claims.get(speaker.name, 0) + 1
        if speaker.same_as:
            census.link(speaker.name, speaker.same_as)
        yield line_of_record(record, by, as_of, known_at)


def left_out_speakers(speakers: Speakers | None, by: GroupBy, person: str | None, include_generic: bool) -> set[str]:
    """The spellings whose claims a card leaves out as not a person: by speaker, unless asked to keep them
    or unless the card is about one of them (``where.speaker`` names a generic claimant)."""
    if speakers is None or by is not GroupBy.SPEAKER or include_generic:
        return set()
    if person is not None and not speakers.is_person(person):
        return set()
    return set(speakers.not_persons())


def not_a_person(counts: Iterable[tuple[str, int]], speakers: Speakers) -> tuple[tuple[str, int], ...]:
    """Claims left out per generic claimant (rows' names), most first, from claims per spelling."""
    rows: Counter[str] = Counter()
    for name, claims in counts:
        rows[speakers.row(name)] += claims
    return tuple(sorted(rows.items(), key=lambda kv: (-kv[1], kv[0])))


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


class _Fate(Enum):
    """Where a claim that passes the filter's fields and verdict goes, but for its speaker."""

    COUNTED = 0
    NOT_SAID = 1
    UNFAITHFUL = 2
    EARLY = 3


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
    aliases: Iterable[SpeakerAlias] = (),
    include_generic: bool = False,
) -> Scorecard:
    """The card of every claim of ``source``, replayed as of ``as_of``; ``max_claims`` None lists every claim.

    Damaged records of a ledger refuse the card once all were read (DamagedRecordsError), or
    with ``skip_invalid`` are left out, warned about and counted in ``skipped_invalid``.

    Speakers are grouped once every claim was read (:class:`~claimtrack.ledger.Speakers`: a
    merge can hang on a spelling read last), so the claims that pass every condition but the
    speaker's are held until then; the SQL path asks the store for the spellings first instead.
    """
    damage = Damage(location=source.store.location if isinstance(source, Ledger) else None, skip_invalid=skip_invalid)
    person = where.speaker
    fields = attrs.evolve(where, speaker=None) if person is not None else where
    census = SpeakerCensus() if by is GroupBy.SPEAKER or person is not None else None
    held: list[tuple[ClaimLine, _Fate]] = []
    not_yet_said = filtered = 0
    seen = 0
    for line in claim_lines(source, by, as_of, known_at, damage, census):
        seen += 1
        if progress is not None and seen % 1000 == 0:
            progress(seen)
        if as_of is not None and line.said_on > as_of:
            not_yet_said += 1
            continue
        if not fields.admits_fields(line.speaker, line.topics, line.kind, line.said_on):
            filtered += 1
            continue
        if where.verdict is not None and line.verdict is not where.verdict:
            filtered += 1
            continue
        if line.verdict.is_attribution_failure:  # words the speaker did not say: in no row, listed apart
            held.append((line, _Fate.NOT_SAID))
        elif where.faithful_only and not where.admits_fidelities(_fidelities(line)):
            held.append((line, _Fate.UNFAITHFUL))
        elif where.exclude_early and line.early:
            held.append((line, _Fate.EARLY))
        else:
            held.append((line, _Fate.COUNTED))
    if progress is not None:
        progress(seen)
    skipped = damage.settle(stacklevel=4)  # the caller of scorecard()
    speakers = Speakers(census, aliases) if census is not None else None
    wanted = set(speakers.spellings_of(person)) if speakers is not None and person is not None else None
    left_out = left_out_speakers(speakers, by, person, include_generic)
    generic: Counter[str] = Counter()
    lines: list[ClaimLine] = []
    not_said: list[NotSaidClaim] = []
    unfaithful = early = 0
    for line, fate in held:
        if wanted is not None and line.speaker not in wanted:
            filtered += 1
        elif line.speaker in left_out:
            generic[line.speaker] += 1
        elif fate is _Fate.NOT_SAID:
            not_said.append(not_said_of_line(line))
        elif fate is _Fate.UNFAITHFUL:
            unfaithful += 1
        elif fate is _Fate.EARLY:
            early += 1
        else:
            lines.append(
                in_row(line, speakers.row(line.speaker)) if speakers is not None and by is GroupBy.SPEAKER else line
            )
    del held
    tallies: dict[str, LineTally] = {}
    total = LineTally()
    for line in lines:
        total.add(line)
        for key in line.groups:
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = LineTally()
            tally.add(line)
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
            not_yet_said=not_yet_said,
            filtered=filtered,
            unfaithful=unfaithful,
            early=early,
            not_said=len(not_said),
            not_a_person=sum(generic.values()),
        ),
        not_said=sorted_not_said(not_said),
        claims_complete=complete,
        timeline=timeline,
        unscored_complete=unscored_complete,
        skipped_invalid=skipped,
        not_a_person=not_a_person(generic.items(), speakers) if speakers is not None else (),
    )
