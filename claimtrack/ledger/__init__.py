"""Claims plus append-only events: replay as of any date, queries, problems, the Store port."""

from claimtrack.ledger.ledger import Clock, Doorways, Ledger, MergeReport, install_doorways
from claimtrack.ledger.problems import record_problems
from claimtrack.ledger.queries import GROUPINGS, Grouping, QueryStore, VerdictCount, count_verdicts
from claimtrack.ledger.replay import (
    amended,
    appended,
    check_event,
    evidence_fill,
    ordered,
    replay,
    revised,
    status_event,
)
from claimtrack.ledger.store import MemoryStore, Store

__all__ = [
    "GROUPINGS",
    "Clock",
    "Doorways",
    "Grouping",
    "Ledger",
    "MemoryStore",
    "MergeReport",
    "QueryStore",
    "Store",
    "VerdictCount",
    "amended",
    "appended",
    "check_event",
    "count_verdicts",
    "evidence_fill",
    "install_doorways",
    "ordered",
    "record_problems",
    "replay",
    "revised",
    "status_event",
]
