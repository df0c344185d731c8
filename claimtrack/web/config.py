"""The settings of a :class:`~claimtrack.web.fetcher.Fetcher`, grouped into frozen values.

Each group is an immutable attrs value with safe defaults, the way httpx has
``Timeout`` and ``Limits``: build one, pass it to ``Fetcher(...)``, and reuse
it across fetchers. Changing one setting keeps the others at their defaults::

    Fetcher(timeouts=Timeouts(total=20), politeness=Politeness(per_host_rate=1))

Values are checked when built, so a bad setting fails where it is written
(``ValueError``), not at the first request.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import attrs
import httpx

__all__ = [
    "DEFAULT_USER_AGENT",
    "HTML_TYPES",
    "JSON_TYPES",
    "TEXT_TYPES",
    "HttpCache",
    "Limits",
    "Politeness",
    "RetryPolicy",
    "Timeouts",
]


def _user_agent() -> str:
    try:
        own = version("claimtrack")
    except PackageNotFoundError:  # running from a source tree
        own = "0"
    return f"claimtrack/{own} (claim and evidence tracker; python-httpx/{httpx.__version__})"


DEFAULT_USER_AGENT = _user_agent()
"""Says who is asking and with what, so site operators can tell claimtrack's requests apart."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Media types read as HTML pages (evidence is only read from these)."""
JSON_TYPES = frozenset({"application/json", "application/ld+json"})
"""Media types of the JSON APIs claimtrack calls (Wayback availability, Fact Check Tools)."""
TEXT_TYPES = HTML_TYPES | JSON_TYPES | frozenset({"text/plain", "application/xml", "text/xml"})
"""The default allow-list: textual answers only, so a PDF or a video is refused before its body is read."""


def _seconds(value: float) -> float:
    """A duration in seconds as a float; negative durations are refused."""
    if value < 0:
        raise ValueError(f"must be >= 0, got {value}")
    return float(value)


def _media_types(values: Iterable[str]) -> frozenset[str]:
    """Any iterable of media types as a frozenset, so the value stays immutable and hashable."""
    return frozenset(values)


_at_least_0 = attrs.validators.ge(0)
_at_least_1 = attrs.validators.ge(1)


@attrs.frozen
class Timeouts:
    """How long one request may take.

    ``connect`` and ``read`` bound each connect and each read of the socket;
    ``total`` bounds the whole request including its body, which is what stops
    a server that drips one byte at a time and so never trips a read timeout.

    Defaults: connect 10 s, read 30 s, total 60 s.
    """

    connect: float = attrs.field(default=10.0, converter=_seconds)
    read: float = attrs.field(default=30.0, converter=_seconds)
    total: float = attrs.field(default=60.0, converter=_seconds)


@attrs.frozen
class Limits:
    """What one response may be: its size, its media type, and how many redirects lead to it.

    ``max_bytes`` is checked against ``Content-Length`` and again while the
    body streams, so reading stops at the limit. ``content_types`` is the
    allow-list of media types (anything else is refused before the body is
    read); a call may narrow it with ``afetch(..., content_types=...)``.
    Redirects are followed one hop at a time, at most ``max_redirects``.

    Defaults: 10 MiB, :data:`TEXT_TYPES` (HTML, JSON, plain text, XML), 5 redirects.
    """

    max_bytes: int = attrs.field(default=10 * 1024 * 1024, validator=_at_least_1)
    content_types: frozenset[str] = attrs.field(default=TEXT_TYPES, converter=_media_types)
    max_redirects: int = attrs.field(default=5, validator=_at_least_0)


@attrs.frozen
class RetryPolicy:
    """When and how long to wait before trying again.

    Connection failures, 429 and 503 are retried up to ``max_retries`` times.
    The wait is the server's ``Retry-After`` when it sends one (seconds or an
    HTTP date), up to ``max_retry_after``: a longer one fails at once with
    ``RateLimitedError`` rather than stalling a batch. Otherwise the wait is an
    exponential backoff from ``backoff_base`` capped at ``backoff_max``, with
    "equal jitter" so that many clients do not retry in step.

    Defaults: 3 retries, backoff 0.5 s doubling up to 30 s, Retry-After honoured up to 120 s.
    """

    max_retries: int = attrs.field(default=3, validator=_at_least_0)
    backoff_base: float = attrs.field(default=0.5, converter=_seconds)
    backoff_max: float = attrs.field(default=30.0, converter=_seconds)
    max_retry_after: float = attrs.field(default=120.0, converter=_seconds)

    def backoff_delay(self, attempt: int, rng: random.Random) -> float:
        """Wait before retry ``attempt + 1``: exponential, capped, half fixed and half random."""
        ceiling = min(self.backoff_max, self.backoff_base * (2**attempt))
        return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


@attrs.frozen
class Politeness:
    """How hard claimtrack leans on the servers it reads, and how it names itself to them.

    ``per_host_rate`` spaces request starts to a host (requests per second;
    None or 0: unlimited), allowing ``per_host_burst`` back to back;
    ``per_host_concurrency`` caps the requests in flight to one host;
    ``concurrency`` is how many items ``fetch_many`` and friends work on at
    once when the call does not say. ``user_agent`` tells site operators who
    is asking.

    Defaults: 5 requests/s per host with a burst of 1, 4 in flight per host,
    16 items at once, :data:`DEFAULT_USER_AGENT`.
    """

    per_host_rate: float | None = 5.0
    per_host_burst: int = attrs.field(default=1, validator=_at_least_1)
    per_host_concurrency: int = attrs.field(default=4, validator=_at_least_1)
    concurrency: int = attrs.field(default=16, validator=_at_least_1)
    user_agent: str = DEFAULT_USER_AGENT


@attrs.frozen
class HttpCache:
    """An RFC 9111 HTTP cache in a SQLite file (hishel): ETag / Last-Modified revalidation.

    A page fetched again is revalidated with ``If-None-Match`` /
    ``If-Modified-Since`` and a 304 is served from the cache. The cache is
    private to this user (``shared=False`` in RFC 9111 terms). Off unless a
    Fetcher is given one; the file and its folder are created on first use.
    """

    path: Path = attrs.field(converter=Path)
