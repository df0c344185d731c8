"""Which rows a claim counts in, what the rows are called, and their order.

One place for the keys of every :class:`~claimtrack.ledger.GroupBy` grouping, so
that a card replayed in Python and a card summed up in a database name and
order their rows alike (the stores return horizon lengths as indexes and years
as text; :func:`row_key` turns those into the keys below).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlsplit

from claimtrack.dates import DayInput, as_date
from claimtrack.ledger import GroupBy
from claimtrack.model import ClaimKind

__all__ = [
    "HORIZON_BUCKETS",
    "HORIZON_LIMITS",
    "NO_SOURCE",
    "NO_TOPIC",
    "TOTAL_KEY",
    "UNNAMED_SOURCE",
    "group_keys",
    "horizon_bucket",
    "row_key",
    "row_order",
    "source_label",
]

TOTAL_KEY = "All claims"
"""The key of the card's total row."""
NO_TOPIC = "(no topic)"
UNNAMED_SOURCE = "(unnamed source)"
NO_SOURCE = "(no source)"

HORIZON_LIMITS: tuple[int, int, int] = (92, 366, 5 * 366)
"""Days from said to deadline that end the first three horizon-length groups."""

HORIZON_BUCKETS: tuple[str, ...] = (
    "up to 3 months",
    "3 to 12 months",
    "1 to 5 years",
    "over 5 years",
    "open-ended",
    "not forward-looking",
)
"""The horizon-length groups, in display order (length = deadline minus the day said)."""

_KIND_ORDER = [k.value for k in ClaimKind]


def horizon_bucket(kind: ClaimKind, said_on: DayInput, deadline: DayInput | None) -> str:
    """The horizon-length group of a claim (one of :data:`HORIZON_BUCKETS`); days as dates or ISO strings."""
    said = as_date(said_on, name="said_on")
    if not kind.is_forward_looking:
        return HORIZON_BUCKETS[5]
    if deadline is None:
        return HORIZON_BUCKETS[4]
    days = (as_date(deadline, name="deadline") - said).days
    if days <= HORIZON_LIMITS[0]:
        return HORIZON_BUCKETS[0]
    if days <= HORIZON_LIMITS[1]:
        return HORIZON_BUCKETS[1]
    if days <= HORIZON_LIMITS[2]:
        return HORIZON_BUCKETS[2]
    return HORIZON_BUCKETS[3]


def source_label(publisher: str | None, title: str | None, url: str | None) -> str:
    """How a source is named in a card: its publisher, else its title, else its URL's host."""
    if publisher:
        return publisher
    if title:
        return title
    if url:
        return urlsplit(url).netloc or UNNAMED_SOURCE
    return UNNAMED_SOURCE


def group_keys(
    by: GroupBy,
    *,
    speaker: str,
    topics: Iterable[str],
    kind: ClaimKind,
    said_on: date,
    deadline: date | None,
    source_labels: Iterable[str],
) -> tuple[str, ...]:
    """The keys of the rows a claim counts in: one, except by topic and by source (each of them, once)."""
    if by is GroupBy.SPEAKER:
        return (speaker,)
    if by is GroupBy.TOPIC:
        return tuple(dict.fromkeys(topics)) or (NO_TOPIC,)
    if by is GroupBy.KIND:
        return (kind.value,)
    if by is GroupBy.YEAR:
        return (str(said_on.year),)
    if by is GroupBy.HORIZON:
        return (horizon_bucket(kind, said_on, deadline),)
    return tuple(dict.fromkeys(source_labels)) or (NO_SOURCE,)


def row_key(by: GroupBy, stored: str | None) -> str:
    """The row key of a group as a store names it (a topic or None, a year's text, a horizon index)."""
    if by is GroupBy.TOPIC:
        return NO_TOPIC if stored is None else stored
    if by is GroupBy.YEAR:
        return str(int(stored or "0"))
    if by is GroupBy.HORIZON:
        return HORIZON_BUCKETS[int(stored or "5")]
    return stored or ""


def row_order(by: GroupBy, sizes: Mapping[str, int]) -> list[str]:
    """Row order: years, horizon lengths and kinds in their natural order, others by size then name."""
    keys = list(sizes)
    if by is GroupBy.YEAR:
        return sorted(keys)
    if by is GroupBy.HORIZON:
        return sorted(keys, key=HORIZON_BUCKETS.index)
    if by is GroupBy.KIND:
        return sorted(keys, key=_KIND_ORDER.index)
    return sorted(keys, key=lambda k: (-sizes[k], k.casefold(), k))
