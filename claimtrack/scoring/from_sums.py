"""The database path of a scorecard: rows from sums a store adds up in SQL, and only a few records read.

A store that sums up in its database (:class:`~claimtrack.ledger.queries.ScoreStore`:
SQLite, PostgreSQL) answers a :class:`~claimtrack.ledger.queries.ScoreQuery` with
cells of counts and sums per (group, verdict, calibration bin); the rows are
built from them by the same :func:`~claimtrack.scoring.rows.row_from_sums` as
on the Python path. Only the most recently said claims are read, for the card's
claim table, so a card of a million claims never loads a million records; and
they are read lean (:class:`~claimtrack.scoring.lean.LeanReader`: the dozen
fields a line needs, checked by pydantic-core, no models built), since the
store validated every record when it wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

import attrs

from claimtrack.errors import DamagedRecordsError
from claimtrack.ledger import ClaimFilter, Damage, GroupBy, Ledger, SpeakerCensusStore, Speakers
from claimtrack.ledger.queries import SCORE_GROUPS, ScoreCell, ScoreQuery, ScoreStore
from claimtrack.model import ClaimRecord, Verdict
from claimtrack.scoring.from_records import left_out_speakers, not_a_person, not_said_of_line, sorted_not_said
from claimtrack.scoring.grouping import HORIZON_LIMITS, TOTAL_KEY, row_key, row_order
from claimtrack.scoring.lean import LeanReader
from claimtrack.scoring.lines import in_row
from claimtrack.scoring.metrics import CALIBRATION_EDGES, HIT_WEIGHTS, LOG_CLAMP
from claimtrack.scoring.rows import row_from_sums, sums_of_cells, timeline_of_counts
from claimtrack.scoring.types import Exclusions, Scorecard, UnscoredClaim

__all__ = ["BIN_FLOORS", "card_from_sums", "sum_store"]

BIN_FLOORS: tuple[float, ...] = tuple(edge - 1e-9 for edge in CALIBRATION_EDGES[:-1])
"""The lowest credence of each calibration bin, with :func:`~claimtrack.scoring.bin_index`'s tolerance."""


def sum_store(
    source: Ledger | Iterable[ClaimRecord], by: GroupBy, where: ClaimFilter, known_at: datetime | None
) -> ScoreStore | None:
    """The store to sum up in, when there is one and the card's options can be expressed as sums."""
    if not isinstance(source, Ledger):
        return None
    store = source.store
    if not isinstance(store, ScoreStore):
        return None
    if by not in SCORE_GROUPS or where.faithful_only:
        return None  # source labels and fidelity live inside each claim's JSON
    if known_at is not None and known_at.utcoffset() is None:
        return None  # the Python path decides what a naive moment means
    if (by is GroupBy.SPEAKER or where.speaker is not None) and not isinstance(store, SpeakerCensusStore):
        return None  # grouping speakers needs their spellings before the sums
    return store


def card_from_sums(
    store: ScoreStore,
    *,
    by: GroupBy,
    as_of: date | None,
    known_at: datetime | None,
    where: ClaimFilter,
    progress: Callable[[int], None] | None,
    recent: int,
    max_unscored: int | None,
    skip_invalid: bool = False,
    speakers: Speakers | None = None,
    include_generic: bool = False,
) -> Scorecard | None:
    """The card from the store's sums: the same rows as the Python path, and the ``recent`` newest claims.

    When the store met damaged records the sums cannot be used: DamagedRecordsError, or with
    ``skip_invalid`` None (the caller makes the card on the Python path, which leaves them out).

    ``speakers`` (needed by speaker and with a speaker filter) groups the spellings: the store
    sums per spelling, counts only the spellings of the person ``where.speaker`` names and leaves
    out the generic claimants' (by speaker, unless ``include_generic``); the cells of one
    person's spellings make one row.
    """
    person = where.speaker
    spellings = speakers.spellings_of(person) if speakers is not None and person is not None else None
    query = ScoreQuery(
        by=by,
        as_of=as_of,
        known_at=known_at,
        where=attrs.evolve(where, speaker=None) if spellings is not None else where,
        speakers=spellings,
        left_out=tuple(sorted(left_out_speakers(speakers, by, person, include_generic))),
        graded=tuple(HIT_WEIGHTS),
        bin_floors=BIN_FLOORS,
        log_clamp=LOG_CLAMP,
        horizon_limits=HORIZON_LIMITS,
        recent=max(recent, 0),
        unscored_limit=None if max_unscored is None else max(max_unscored, 0),
        timeline=True,
        apart=tuple(v for v in Verdict if v.is_attribution_failure),
    )
    sums = store.score_aggregates(query)
    damaged = list(sums.damaged)
    if not damaged:  # the listed claims, read lean; a record the store finds damaged stops the card as above
        damage = Damage(location=None, skip_invalid=True)
        reader = LeanReader(by=by, as_of=as_of, known_at=known_at)
        lines = tuple(reader.lines(sums.recent, parse=store.parse_raw, damage=damage))
        apart = tuple(reader.lines(sums.apart, parse=store.parse_raw, damage=damage))
        damaged = damage.groups
    if damaged:
        if skip_invalid:
            return None
        location = getattr(store, "location", None)
        raise DamagedRecordsError(
            [p for group in damaged for p in group],
            location=location if isinstance(location, str) else None,
            count=len(damaged),
        )
    # a claim counts once in the total: by topic it may sit in several rows, so the store sums the total apart
    totals = sums.total_cells if sums.total_cells is not None else sums.cells
    rows_of = speakers if by is GroupBy.SPEAKER else None

    names: dict[str | None, str] = {}  # a group's cells share its key: name each key once

    def name(stored: str | None) -> str:
        found = names.get(stored)
        if found is None:
            found = names[stored] = rows_of.row(stored or "") if rows_of is not None else row_key(by, stored)
        return found

    groups: dict[str, list[ScoreCell]] = {}
    for cell in sums.cells:
        if not cell.early:
            groups.setdefault(name(cell.key), []).append(cell)
    listed: dict[str, list[UnscoredClaim]] = {}
    made: dict[str, UnscoredClaim] = {}  # one object per claim, shared by its rows and the total
    for entry in sums.unscored:
        unscored = made.get(entry.claim_id)
        if unscored is None:
            unscored = made[entry.claim_id] = UnscoredClaim(
                claim_id=entry.claim_id, verdict=entry.verdict, reason=entry.note, text=entry.text
            )
        listed.setdefault(name(entry.key), []).append(unscored)
    with_overdue = as_of is not None
    sizes = {key: sum(cell.claims for cell in cells) for key, cells in groups.items()}
    rows = tuple(
        row_from_sums(key, sums_of_cells(groups[key]), listed.get(key, ()), with_overdue=with_overdue)
        for key in row_order(by, sizes)
    )
    total = row_from_sums(
        TOTAL_KEY, sums_of_cells(c for c in totals if not c.early), made.values(), with_overdue=with_overdue
    )
    matched = sum(cell.claims for cell in totals)
    early = sum(cell.claims for cell in totals if cell.early)
    if rows_of is not None:
        lines = tuple(in_row(line, rows_of.row(line.speaker)) for line in lines)
    left_out = sum(n for _, n in sums.left_out)
    not_said = sorted_not_said(not_said_of_line(line) for line in apart)
    if progress is not None:
        progress(sums.considered + sums.not_yet_said)
    return Scorecard(
        by=by,
        as_of=as_of,
        known_at=known_at,
        faithful_only=False,
        exclude_early=where.exclude_early,
        rows=rows,
        total=total,
        claims=lines,
        excluded=Exclusions(
            not_yet_said=sums.not_yet_said,
            filtered=sums.considered - matched - len(not_said) - left_out,
            unfaithful=0,
            early=early,
            not_said=len(not_said),
            not_a_person=left_out,
        ),
        not_said=not_said,
        claims_complete=len(lines) == total.total,
        timeline=timeline_of_counts(sums.timeline),
        unscored_complete=len(made) == total.unscored,
        not_a_person=not_a_person(sums.left_out, speakers) if speakers is not None else (),
    )
