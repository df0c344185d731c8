"""Read what httpx hands back: the Content-Type and Retry-After headers, and its exceptions.

The :class:`~claimtrack.web.fetcher.Fetcher` turns every httpx exception into
one of the typed :mod:`claimtrack.web.errors` through
:func:`map_httpx_error`, which also says which failures are worth another
attempt (connection-level ones) by wrapping them in :class:`Retryable`.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

import httpx

from claimtrack.errors import FetchError
from claimtrack.web.errors import BadContentError, ConnectionFailedError, FetchTimeoutError, InvalidUrlError

__all__ = ["Retryable", "map_httpx_error", "parse_content_type", "retry_after_seconds"]


class Retryable(Exception):
    """A failed attempt that may be retried; ``error`` is raised when retries run out.

    ``retry_after`` is the wait the server asked for (seconds), if it asked.
    """

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type in lower case, charset) from a Content-Type header; None for what is missing."""
    if not value:
        return None, None
    media, _, rest = value.partition(";")
    charset = None
    for param in rest.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def map_httpx_error(exc: httpx.HTTPError, url: str) -> FetchError | Retryable:
    """The claimtrack error for an httpx exception; connection-level failures are retryable."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return Retryable(FetchTimeoutError(f"connect timed out: {detail}", url=url))
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeoutError(f"timed out ({type(exc).__name__}): {detail}", url=url)
    if isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return Retryable(ConnectionFailedError(f"{type(exc).__name__}: {detail}", url=url))
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidUrlError(str(exc), url=url)
    if isinstance(exc, httpx.DecodingError):
        return BadContentError(f"cannot decode the body: {exc}", url=url)
    if isinstance(exc, httpx.TransportError):
        return ConnectionFailedError(f"{type(exc).__name__}: {exc}", url=url)
    return FetchError(f"{type(exc).__name__}: {exc}", url=url)
