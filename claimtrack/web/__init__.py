"""web: fetch, date, archive and search evidence over HTTP -- the only package that imports httpx."""

from claimtrack.web.archive import Snapshot
from claimtrack.web.errors import (
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
from claimtrack.web.fetcher import (
    DEFAULT_USER_AGENT,
    HTML_TYPES,
    JSON_TYPES,
    TEXT_TYPES,
    Fetcher,
    FetchOutcome,
    Page,
    PageEvidence,
    evidence_from_page,
)
from claimtrack.web.guard import AddressGuard, is_public_address

__all__ = [
    "DEFAULT_USER_AGENT",
    "HTML_TYPES",
    "JSON_TYPES",
    "TEXT_TYPES",
    "AddressGuard",
    "BadContentError",
    "BadStatusError",
    "BlockedAddressError",
    "ConnectionFailedError",
    "FactCheckClaim",
    "FactCheckClient",
    "FactCheckPublisher",
    "FactCheckResults",
    "FactCheckReview",
    "FetchError",
    "FetchOutcome",
    "FetchTimeoutError",
    "Fetcher",
    "InvalidUrlError",
    "MissingApiKeyError",
    "Page",
    "PageEvidence",
    "PageMeta",
    "RateLimitedError",
    "RedirectError",
    "Snapshot",
    "TooLargeError",
    "evidence_from_page",
    "is_public_address",
    "read_html",
]
