"""Read what httpx hands back: responses, URLs, the Content-Type and Retry-After headers, and its exceptions.

:func:`read_response` turns one response into a :class:`Hop` (a redirect's
target or a :class:`~claimtrack.web.page.Page`), enforcing the content-type
and size limits while streaming and checking the address the connection
reached.
The :class:`~claimtrack.web.fetcher.Fetcher` turns every httpx exception into
one of the typed :mod:`claimtrack.web.errors` through
:func:`map_httpx_error`, which also says which failures are worth another
attempt (connection-level ones) by wrapping them in :class:`Retryable`.
:func:`parse_url` reads a URL from untrusted data into an
:class:`~claimtrack.web.errors.InvalidUrlError` rather than httpx's or idna's
own exceptions, and :func:`unexpected_error` is the last resort that keeps
any other failure of one URL a FetchError.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import httpx

from claimtrack.errors import FetchError
from claimtrack.web.errors import (
    BadContentError,
    BadStatusError,
    ConnectionFailedError,
    FetchTimeoutError,
    InvalidUrlError,
    RateLimitedError,
    RedirectError,
    TooLargeError,
)
from claimtrack.web.guard import AddressGuard
from claimtrack.web.page import Page

__all__ = [
    "Hop",
    "Retryable",
    "map_httpx_error",
    "parse_content_type",
    "parse_url",
    "read_response",
    "retry_after_seconds",
    "shown_url",
    "unexpected_error",
]


RETRY_STATUSES = frozenset({429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@attrs.frozen
class Hop:
    """The result of one request: a redirect target or a finished page."""

    location: str | None
    page: Page | None


class Retryable(Exception):
    """A failed attempt that may be retried; ``error`` is raised when retries run out.

    ``retry_after`` is the wait the server asked for (seconds), if it asked.
    """

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def parse_url(url: str) -> httpx.URL:
    """``url`` parsed, host included (an IDNA label such as ``xn--`` must decode); InvalidUrlError otherwise."""
    try:
        parsed = httpx.URL(url)
        parsed.host  # noqa: B018 -- decodes the IDNA host, which raises for a malformed one
    except (httpx.InvalidURL, TypeError, ValueError) as exc:  # idna.IDNAError is a ValueError
        raise InvalidUrlError(f"invalid URL: {exc}", url=str(url)) from None
    return parsed


def shown_url(location: str) -> str:
    """A URL from a server for a message: at most 200 characters of it."""
    return repr(location if len(location) <= 200 else location[:200] + "...")


def unexpected_error(exc: Exception, url: str) -> FetchError:
    """A FetchError for a failure no typed error covers, so that one URL never aborts a batch."""
    return FetchError(f"unexpected {type(exc).__name__}: {exc}", url=url)


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
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
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


async def read_response(
    response: httpx.Response,
    url: str,
    allowed: frozenset[str],
    max_bytes: int,
    guard: AddressGuard,
    clock: Callable[[], datetime],
) -> Hop:
    """Read one response of ``url``: a redirect's target, a retryable 429/503, or the page within the limits.

    ``allowed`` content types (empty: any) and ``max_bytes`` are the limits;
    ``guard`` checks the address the connection reached; ``clock`` dates the page.
    """
    stream = response.extensions.get("network_stream")
    if stream is not None:
        server = stream.get_extra_info("server_addr")
        guard.check_peer(url, str(server[0]) if server else None)
    status = response.status_code
    if status in REDIRECT_STATUSES:
        location = response.headers.get("location")
        if not location:
            raise RedirectError(f"HTTP {status} without a Location header", url=url)
        try:
            target = str(response.request.url.join(location))
        except (httpx.InvalidURL, ValueError) as exc:
            raise RedirectError(f"redirect to an invalid URL {shown_url(location)}: {exc}", url=url) from None
        return Hop(location=target, page=None)
    if status in RETRY_STATUSES:
        retry_after = retry_after_seconds(response.headers.get("retry-after"), clock())
        wait = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
        raise Retryable(
            RateLimitedError(f"HTTP {status}{wait}", url=url, status=status, retry_after=retry_after),
            retry_after,
        )
    if status >= 400 or status < 200 or status in (204, 205):
        raise BadStatusError(f"HTTP {status} {response.reason_phrase}".rstrip(), url=url, status=status)
    if 300 <= status < 400:
        raise BadStatusError(f"HTTP {status} is not a usable answer", url=url, status=status)
    media_type, charset = parse_content_type(response.headers.get("content-type"))
    if allowed and (media_type or "") not in allowed:
        raise BadContentError(
            f"content type {media_type or '(none)'} is not one of {', '.join(sorted(allowed))}",
            url=url,
            content_type=media_type,
        )
    declared = response.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(
            f"Content-Length {int(declared)} exceeds the limit of {max_bytes} bytes", url=url, limit=max_bytes
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise TooLargeError(f"body exceeds the limit of {max_bytes} bytes", url=url, limit=max_bytes)
        chunks.append(chunk)
    caching = response.extensions.get("caching")
    if not isinstance(caching, dict):
        caching = {}
    return Hop(
        location=None,
        page=Page(
            url=str(response.request.url),
            requested_url=url,
            status=status,
            content_type=media_type,
            charset=charset,
            headers=tuple(response.headers.items()),
            content=b"".join(chunks),
            retrieved_at=clock(),
            from_cache=bool(caching.get("from_cache")),
            revalidated=bool(caching.get("revalidated")),
        ),
    )
