"""Claims plus append-only events: replay as of any date, queries, problems, speakers, the Store port."""

from claimtrack.ledger.aliases import SpeakerAlias, SpeakerAliasStore
from claimtrack.ledger.filters import ClaimFilter, GroupBy, resolved_early
from claimtrack.ledger.ledger import Clock, Doorways, Ledger, MergeReport, install_doorways
from claimtrack.ledger.names import clean_name, is_generic, speaker_key
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
from claimtrack.ledger.speakers import (
    SpeakerCensus,
    SpeakerCensusStore,
    SpeakerGroup,
    Speakers,
    SpeakerSuggestion,
    Spelling,
    census_of,
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
    "SpeakerAlias",
    "SpeakerAliasStore",
    "SpeakerCensus",
    "SpeakerCensusStore",
    "SpeakerGroup",
    "SpeakerSuggestion",
    "Speakers",
    "Spelling",
    "Store",
    "VerdictCount",
    "amended",
    "appended",
    "census_of",
    "check_event",
    "clean_name",
    "count_verdicts",
    "evidence_fill",
    "install_doorways",
    "is_generic",
    "ordered",
    "readable",
    "record_problems",
    "replay",
    "resolved_early",
    "revised",
    "scan",
    "speaker_key",
    "status_event",
]
