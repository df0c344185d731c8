"""Foreign formats in and out: schema.org ClaimReview, the Google Fact Check Tools API, AVeriTeC, CSV.

Every importer is a pure conversion into an in-memory :class:`~claimtrack.Ledger`
(no network, no clock): ``ledger.merge(imported)`` then adds it to any store
and reports what was new, merged or conflicting. Each has two forms: one that
returns the ledger (``claimreview.from_jsonld``, ``averitec.load``...) and a
``read_*`` sibling that returns an :class:`ImportResult` with the ledger and
every :class:`~claimtrack.Problem` met. See docs/interop.md.
"""

from claimtrack.interop import averitec, claimreview, factcheck_api, ratings, tabular
from claimtrack.interop.attribution import AttributionChange, mark_attribution_failures
from claimtrack.interop.ratings import RatingTable
from claimtrack.interop.results import ImportResult

__all__ = [
    "AttributionChange",
    "ImportResult",
    "RatingTable",
    "averitec",
    "claimreview",
    "factcheck_api",
    "mark_attribution_failures",
    "ratings",
    "tabular",
]
