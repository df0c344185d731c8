"""The typed failures of a fetch: every httpx exception is mapped to one of these.

Callers catch :class:`claimtrack.errors.FetchError` (an ``OSError``) or one of
the subclasses below; each carries the URL that failed, so a batch report can
say which link is dead and why. httpx exceptions never leave this package.
"""

from __future__ import annotations

from claimtrack.errors import FetchError

__all__ = [
    "ArchiveRefusedError",
    "BadContentError",
    "BadStatusError",
    "BlockedAddressError",
    "ConnectionFailedError",
    "FetchError",
    "FetchTimeoutError",
    "InvalidUrlError",
    "RateLimitedError",
    "RedirectError",
    "TooLargeError",
]


class FetchTimeoutError(FetchError, TimeoutError):
    """The server took longer than the connect, read or total deadline allows."""


class ConnectionFailedError(FetchError, ConnectionError):
    """No connection could be made or kept (refused, reset, DNS failure), even after retries."""


class TooLargeError(FetchError):
    """The body is larger than ``max_bytes``; reading stopped at the limit."""

    def __init__(self, message: str, *, url: str, limit: int) -> None:
        self.limit = limit
        super().__init__(message, url=url)


class BlockedAddressError(FetchError, PermissionError):
    """The SSRF guard refused the URL: a scheme other than http(s), or a private/loopback/... address."""

    def __init__(self, message: str, *, url: str, address: str | None = None) -> None:
        self.address = address
        super().__init__(message, url=url)


class BadStatusError(FetchError):
    """The server answered with an error status (4xx/5xx) or an unusable one."""

    def __init__(self, message: str, *, url: str, status: int) -> None:
        self.status = status
        super().__init__(message, url=url)


class RateLimitedError(BadStatusError):
    """429/503 that did not clear within the retries, or asked for a longer wait than allowed."""

    def __init__(self, message: str, *, url: str, status: int, retry_after: float | None) -> None:
        self.retry_after = retry_after
        super().__init__(message, url=url, status=status)


class RedirectError(FetchError):
    """Too many redirects, a redirect loop, or a redirect without a usable Location."""


class BadContentError(FetchError):
    """The body is of a refused content type or cannot be decoded."""

    def __init__(self, message: str, *, url: str, content_type: str | None = None) -> None:
        self.content_type = content_type
        super().__init__(message, url=url)


class InvalidUrlError(FetchError, ValueError):
    """The URL cannot be fetched at all (malformed, no host)."""


class ArchiveRefusedError(FetchError, PermissionError):
    """The URL is not sent to an archive: it names a private host, or its query carries a secret.

    ``reason`` says which, in words; the secret's value is never part of the message.
    """

    def __init__(self, message: str, *, url: str, reason: str) -> None:
        self.reason = reason
        super().__init__(message, url=url)
