"""Scorecards: how a speaker's (or topic's, or year's) claims turned out, as of any date.

:func:`scorecard` is the entry point: it settles the options and takes one of
two paths that give the same numbers. A store that sums up in its database
(SQLite, PostgreSQL) gives the rows from SQL sums
(:mod:`claimtrack.scoring.from_sums`); otherwise every record is replayed in
Python (:mod:`claimtrack.scoring.from_records`). Both build their rows with
:func:`claimtrack.scoring.rows.row_from_sums`. The result is plain data
(:mod:`claimtrack.scoring.types`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from enum import StrEnum

from claimtrack.dates import DayInput, as_date
from claimtrack.ledger import ClaimFilter, GroupBy, Ledger, SpeakerAlias, SpeakerCensusStore, Speakers
from claimtrack.model import ClaimRecord
from claimtrack.scoring.from_records import card_from_records
from claimtrack.scoring.from_sums import card_from_sums, sum_store
from claimtrack.scoring.types import Scorecard

__all__ = ["SQL_CLAIMS_DEFAULT", "UNSCORED_DEFAULT", "MaxClaims", "scorecard"]

SQL_CLAIMS_DEFAULT = 1_000
"""Claims a card built from database sums lists by default: the most recently said ones."""

UNSCORED_DEFAULT = 500
"""Unscored claims a card lists with their reasons by default (the most recently said): the HTML report's cap."""


class MaxClaims(StrEnum):
    """The default of ``scorecard(max_claims=...)``: as many claims as the path reads anyway."""

    AUTO = "auto"
    """Every claim on the Python path (it replays them all); the :data:`SQL_CLAIMS_DEFAULT` most recently
    said from database sums."""


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while a card makes many long-lived objects (3-4x faster; measurements.md).

    A card holds a line per claim (and a record per claim table entry): the
    collector would walk them all again and again, finding no garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def scorecard(
    ledger_or_claims: Ledger | Iterable[ClaimRecord],
    *,
    by: GroupBy | str = GroupBy.SPEAKER,
    as_of: DayInput | None = None,
    known_at: datetime | None = None,
    where: ClaimFilter | None = None,
    progress: Callable[[int], None] | None = None,
    max_claims: int | MaxClaims | None = MaxClaims.AUTO,
    max_unscored: int | None = UNSCORED_DEFAULT,
    skip_invalid: bool = False,
    include_generic: bool = False,
    aliases: Iterable[SpeakerAlias] | None = None,
) -> Scorecard:
    """The scorecard of a ledger (or of claim records), one row per ``by`` group.

    ``as_of`` (a date or a ``YYYY-MM-DD`` string) replays every claim's events to that date (the latest when None)
    and leaves out claims not yet said then; ``known_at`` further ignores
    events recorded after that moment. Overdue claims are counted only with an
    ``as_of`` date (pure code never reads the clock).

    ``where`` (a :class:`~claimtrack.ledger.ClaimFilter`) picks the claims:
    speaker (case-insensitive), topic, kind, said between, verdict (as of
    ``as_of``); ``faithful_only`` keeps claims with at least one verbatim or
    faithful source, so a distorted summary cannot flatter or damn a speaker;
    ``exclude_early`` leaves out forward-looking claims resolved before their
    deadline. ``progress`` is called with the number of records read so far,
    every 1,000 records and at the end.

    Two paths, the same numbers. On a ledger whose store sums up in its
    database (SQLite, PostgreSQL: :class:`~claimtrack.ledger.queries.ScoreStore`)
    the rows come from SQL aggregates, and ``claims`` (the card's claim table)
    holds only the ``max_claims`` most recently said claims (``MaxClaims.AUTO``:
    1,000), so a card of a million claims never loads a million records. The
    Python path replays every record; it is taken for other stores and
    iterables, for ``by="source"`` and ``faithful_only`` (both need the
    sources inside each claim), for a naive ``known_at``, and when
    ``max_claims`` is None (every claim listed). There ``MaxClaims.AUTO`` lists
    every claim and an int keeps the most recently said ones (0 lists none: the counts
    still cover every claim). ``max_claims`` means the same in every renderer and in
    ``claimtrack scorecard --max-claims`` (``all`` there for None).
    ``claims_complete`` says whether ``claims`` lists every counted claim.

    ``max_unscored`` bounds the unscored claims listed with their reasons
    (``Row.unscored_claims``), on both paths alike: only the ``max_unscored``
    most recently said of them (ties by id) are listed, in every row they
    belong to; None lists them all. The counts (``Row.unscored``,
    ``Row.counts``) always cover every claim, and ``unscored_complete`` says
    whether the list is whole.

    Damaged records (a file or row the store cannot read) would silently drop out
    of every count, so by default a ledger holding any refuses the card with
    :class:`~claimtrack.errors.DamagedRecordsError`, which names each of them
    (``claimtrack validate`` lists them too). With ``skip_invalid=True`` they are
    left out, a :class:`~claimtrack.errors.DamagedRecordsWarning` says how many, and
    ``Scorecard.skipped_invalid`` carries the count, which every renderer shows. On
    the database path the store checks the columns it sums and the records it reads
    whole; when it finds damage and ``skip_invalid`` is given, the card is made on
    the Python path, which reads every record.

    Speakers are people, not spellings. By speaker, every spelling of one person is one row
    (titles, case, accents and whitespace aside, the ledger's aliases and shared ``same_as``
    links: :class:`~claimtrack.ledger.Speakers`), named after the person; ``where.speaker``
    picks every spelling of the person it names. Generic claimants ("unknown", "social media
    users", "Varias fuentes") are not a person: a card by speaker leaves their claims out,
    counts them in ``excluded.not_a_person`` and names them in ``not_a_person``, unless
    ``include_generic=True``. ``aliases`` replaces the alias table (by default the ledger's;
    none for bare records).

    Example:
        >>> card = scorecard([], by="speaker")
        >>> card.total.graded, card.total.hit_rate
        (0, None)
    """
    group_by = GroupBy(by)
    as_of = as_date(as_of, name="as_of") if as_of is not None else None
    where = where if where is not None else ClaimFilter()
    if isinstance(max_claims, str):
        max_claims = MaxClaims(max_claims)  # "auto" from a script
    store = sum_store(ledger_or_claims, group_by, where, known_at) if max_claims is not None else None
    if aliases is None:
        aliases = ledger_or_claims.speaker_aliases() if isinstance(ledger_or_claims, Ledger) else ()
    aliases = tuple(aliases)
    speakers = None
    if isinstance(store, SpeakerCensusStore) and (group_by is GroupBy.SPEAKER or where.speaker is not None):
        speakers = Speakers(store.speaker_census(), aliases)
    with _gc_paused():
        if store is not None:
            card = card_from_sums(
                store,
                by=group_by,
                as_of=as_of,
                known_at=known_at,
                where=where,
                progress=progress,
                recent=SQL_CLAIMS_DEFAULT if max_claims is MaxClaims.AUTO or max_claims is None else max_claims,
                max_unscored=max_unscored,
                skip_invalid=skip_invalid,
                speakers=speakers,
                include_generic=include_generic,
            )
            if card is not None:
                return card
            # the store met damaged records and skip_invalid was given: read every record instead
        return card_from_records(
            ledger_or_claims,
            by=group_by,
            as_of=as_of,
            known_at=known_at,
            where=where,
            progress=progress,
            max_claims=None if max_claims is MaxClaims.AUTO else max_claims,
            max_unscored=max_unscored,
            skip_invalid=skip_invalid,
            aliases=aliases,
            include_generic=include_generic,
        )
