"""Claims plus append-only events: replay as of any date, queries, problems, the Store port."""

from claimtrack.ledger.ledger import Clock, Ledger, MergeReport
from claimtrack.ledger.problems import record_problems
from claimtrack.ledger.replay import appended, check_event, ordered, replay, status_event
from claimtrack.ledger.store import MemoryStore, Store

__all__ = [
    "Clock",
    "Ledger",
    "MemoryStore",
    "MergeReport",
    "Store",
    "appended",
    "check_event",
    "ordered",
    "record_problems",
    "replay",
    "status_event",
]
