"""web: fetch, date, archive and search evidence over HTTP -- the only package that imports httpx."""

from claimtrack.web.archive import DEFAULT_WAYBACK, Snapshot, Wayback
from claimtrack.web.config import (
    DEFAULT_USER_AGENT,
    HTML_TYPES,
    JSON_TYPES,
    TEXT_TYPES,
    HttpCache,
    Limits,
    Politeness,
    RetryPolicy,
    Timeouts,
)
from claimtrack.web.datesource import DateSource
from claimtrack.web.errors import (
    ArchiveRefusedError,
    BadContentError,
    BadStatusError,
    BlockedAddressError,
    ConnectionFailedError,
    FetchError,
    FetchTimeoutError,
    InvalidUrlError,
    RateLimitedError,
    RedirectError,
    TooLargeError,
)
from claimtrack.web.extract import PageMeta, read_html
from claimtrack.web.factcheck import (
    FactCheckClaim,
    FactCheckClient,
    FactCheckPublisher,
    FactCheckResults,
    FactCheckReview,
    MissingApiKeyError,
)
from claimtrack.web.fetcher import Fetcher
from claimtrack.web.guard import AddressGuard, is_public_address
from claimtrack.web.maintain import (
    Link,
    LinkKind,
    LinkResult,
    LinkStatus,
    aarchive_ledger,
    arefresh_ledger,
    ledger_links,
)
from claimtrack.web.page import FetchOutcome, Page, PageEvidence, evidence_from_page

__all__ = [
    "DEFAULT_USER_AGENT",
    "DEFAULT_WAYBACK",
    "HTML_TYPES",
    "JSON_TYPES",
    "TEXT_TYPES",
    "AddressGuard",
    "ArchiveRefusedError",
    "BadContentError",
    "BadStatusError",
    "BlockedAddressError",
    "ConnectionFailedError",
    "DateSource",
    "FactCheckClaim",
    "FactCheckClient",
    "FactCheckPublisher",
    "FactCheckResults",
    "FactCheckReview",
    "FetchError",
    "FetchOutcome",
    "FetchTimeoutError",
    "Fetcher",
    "HttpCache",
    "InvalidUrlError",
    "Limits",
    "Link",
    "LinkKind",
    "LinkResult",
    "LinkStatus",
    "MissingApiKeyError",
    "Page",
    "PageEvidence",
    "PageMeta",
    "Politeness",
    "RateLimitedError",
    "RedirectError",
    "RetryPolicy",
    "Snapshot",
    "Timeouts",
    "TooLargeError",
    "Wayback",
    "aarchive_ledger",
    "arefresh_ledger",
    "evidence_from_page",
    "is_public_address",
    "ledger_links",
    "read_html",
]
