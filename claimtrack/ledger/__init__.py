"""Claims plus append-only events: replay as of any date, queries, problems, the Store port."""

from claimtrack.ledger.filters import ClaimFilter, GroupBy, resolved_early
from claimtrack.ledger.ledger import Clock, Doorways, Ledger, MergeReport, install_doorways
from claimtrack.ledger.problems import record_problems
from claimtrack.ledger.queries import QueryStore, RawRecordStore, VerdictCount, count_verdicts
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
from claimtrack.ledger.store import Damage, MemoryStore, RecordStore, ScanStore, Store, readable, scan

__all__ = [
    "ClaimFilter",
    "Clock",
    "Damage",
    "Doorways",
    "GroupBy",
    "Ledger",
    "MemoryStore",
    "MergeReport",
    "QueryStore",
    "RawRecordStore",
    "RecordStore",
    "ScanStore",
    "Store",
    "VerdictCount",
    "amended",
    "appended",
    "check_event",
    "count_verdicts",
    "evidence_fill",
    "install_doorways",
    "ordered",
    "readable",
    "record_problems",
    "replay",
    "resolved_early",
    "revised",
    "scan",
    "status_event",
]
