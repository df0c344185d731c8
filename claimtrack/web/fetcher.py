"""One configured HTTP client for every network call claimtrack makes.

:class:`Fetcher` wraps an ``httpx.AsyncClient`` with the politeness and safety
that fetching links out of untrusted claim data needs: timeouts (connect, read
and a total deadline that also stops slow-drip servers), retries with
exponential backoff and jitter on connection errors, 429 and 503 (honouring
``Retry-After``), a per-host rate limit and concurrency cap, a maximum body
size enforced while streaming, a content-type allow-list, redirects followed
one hop at a time so the SSRF guard sees every hop, a descriptive User-Agent,
and an optional RFC 9111 cache (ETag / Last-Modified revalidation, via hishel).

The implementation is async. The sync methods (``fetch``, ``evidence``,
``fetch_many``...) run the same coroutines on a private event loop in a
background thread (an anyio blocking portal), so both entry points share one
code path. Use a Fetcher from one side at a time and close it when done
(``with Fetcher() as f`` / ``async with Fetcher() as f``).
"""

from __future__ import annotations

import email.utils
import random
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractContextManager, asynccontextmanager
from datetime import UTC, datetime
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import anyio
import anyio.from_thread
import attrs
import httpx

from claimtrack.errors import FetchError
from claimtrack.model import Evidence
from claimtrack.web.charset import decode_body
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
from claimtrack.web.extract import PageMeta, read_html
from claimtrack.web.guard import AddressGuard, Resolver, system_resolver

if TYPE_CHECKING:
    from claimtrack.web.archive import Snapshot

__all__ = [
    "DEFAULT_USER_AGENT",
    "HTML_TYPES",
    "JSON_TYPES",
    "TEXT_TYPES",
    "FetchOutcome",
    "Fetcher",
    "Page",
    "PageEvidence",
    "evidence_from_page",
]

T = TypeVar("T")


def _user_agent() -> str:
    try:
        own = version("claimtrack")
    except PackageNotFoundError:  # running from a source tree
        own = "0"
    return f"claimtrack/{own} (claim and evidence tracker; python-httpx/{httpx.__version__})"


DEFAULT_USER_AGENT = _user_agent()
"""Says who is asking and with what, so site operators can tell claimtrack's requests apart."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
JSON_TYPES = frozenset({"application/json", "application/ld+json"})
TEXT_TYPES = HTML_TYPES | JSON_TYPES | frozenset({"text/plain", "application/xml", "text/xml"})

_RETRY_STATUSES = frozenset({429, 503})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _utc_now() -> datetime:
    return datetime.now(UTC)


@attrs.frozen
class Page:
    """A fetched response body with where it finally came from and how.

    ``content`` is the raw body (at most ``max_bytes``); ``text`` decodes it
    with the charset rules of :func:`claimtrack.web.charset.decode_body`.
    ``redirects`` lists the URLs passed through before ``url``.
    """

    url: str
    requested_url: str
    status: int
    content_type: str | None
    charset: str | None
    headers: tuple[tuple[str, str], ...]
    content: bytes = attrs.field(repr=lambda c: f"<{len(c)} bytes>")
    retrieved_at: datetime
    redirects: tuple[str, ...] = ()
    from_cache: bool = False
    revalidated: bool = False

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @cached_property
    def decoded(self) -> tuple[str, str]:
        """(text, codec used)."""
        return decode_body(self.content, self.charset)

    @property
    def text(self) -> str:
        """The body as text."""
        return self.decoded[0]

    @property
    def encoding(self) -> str:
        """The codec the body was decoded with."""
        return self.decoded[1]


@attrs.frozen
class PageEvidence:
    """A page read as evidence: the :class:`Evidence`, where its date came from, and any ClaimReviews.

    ``claim_reviews`` are the raw schema.org ClaimReview dicts found in the
    page's JSON-LD; :mod:`claimtrack.interop.claimreview` converts them.
    """

    evidence: Evidence
    date_source: str | None
    claim_reviews: tuple[dict[str, Any], ...]
    page: Page
    meta: PageMeta


def evidence_from_page(page: Page) -> PageEvidence:
    """Read :class:`PageEvidence` from a fetched HTML page (no network)."""
    meta = read_html(page.text, page.url, {k.lower(): v for k, v in page.headers})
    note = f"published_on from {meta.date_source}" if meta.date_source else "no publication date found"
    evidence = Evidence.model_validate(
        {
            "url": page.url,
            "title": meta.title,
            "publisher": meta.publisher,
            "published_on": meta.published_on,
            "language": meta.language,
            "excerpt": meta.excerpt,
            "content_hash": meta.text_hash,
            "retrieved_at": page.retrieved_at,
            "note": note,
        }
    )
    return PageEvidence(evidence, meta.date_source, meta.claim_reviews, page, meta)


@attrs.frozen
class FetchOutcome(Generic[T]):
    """One item of a batch: the ``value`` fetched, or the typed ``error`` that stopped it."""

    url: str
    value: T | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.error is None


class _Retry(Exception):
    """A failed attempt that may be retried; ``error`` is raised when retries run out."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


@attrs.frozen
class _Hop:
    """The result of one request: a redirect target or a finished page."""

    location: str | None
    page: Page | None


class _LoopState:
    """What a Fetcher keeps per event loop: the client and the per-host gates."""

    def __init__(self, client: httpx.AsyncClient, owns_client: bool, storage: Any) -> None:
        self.client = client
        self.owns_client = owns_client
        self.storage = storage
        self.host_slots: dict[str, anyio.Semaphore] = {}
        self.host_tat: dict[str, float] = {}


def _float_seconds(value: float) -> float:
    if value < 0:
        raise ValueError(f"must be >= 0, got {value}")
    return float(value)


@attrs.define
class Fetcher:
    """The configured client; see the module docstring for what each safety does.

    Every option has a safe default. Tests and embedders inject ``transport``
    (an ``httpx.AsyncBaseTransport``, e.g. ``httpx.MockTransport``) or a whole
    ``client``, a ``clock`` for ``retrieved_at``, a ``sleep`` for retry waits,
    an ``rng`` for jitter and a ``resolver`` for DNS.

    Example:
        >>> with Fetcher(max_bytes=2_000_000) as fetcher:  # doctest: +SKIP
        ...     ev = fetcher.evidence("https://time.com/6990076/safe-superintelligence-inc-announced")
    """

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = attrs.field(default=10.0, converter=_float_seconds)
    read_timeout: float = attrs.field(default=30.0, converter=_float_seconds)
    total_timeout: float = attrs.field(default=60.0, converter=_float_seconds)
    """Deadline for one request including its whole body: stops servers that drip bytes."""
    max_retries: int = 3
    backoff_base: float = attrs.field(default=0.5, converter=_float_seconds)
    backoff_max: float = attrs.field(default=30.0, converter=_float_seconds)
    max_retry_after: float = attrs.field(default=120.0, converter=_float_seconds)
    """A Retry-After longer than this fails at once with RateLimitedError instead of waiting."""
    per_host_concurrency: int = 4
    per_host_rate: float | None = 5.0
    """Requests started per second per host (None: unlimited)."""
    per_host_burst: int = 1
    concurrency: int = 16
    """Default number of items ``fetch_many`` works on at once."""
    max_bytes: int = 10 * 1024 * 1024
    allowed_content_types: frozenset[str] = TEXT_TYPES
    max_redirects: int = 5
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()
    cache_path: str | Path | None = None
    """SQLite file for the HTTP cache (hishel, RFC 9111); None: no cache."""
    transport: httpx.AsyncBaseTransport | None = None
    client: httpx.AsyncClient | None = None
    trust_env: bool = False
    clock: Callable[[], datetime] = _utc_now
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    rng: random.Random = attrs.field(factory=random.Random)
    resolver: Resolver = system_resolver
    wayback_api_url: str = "https://archive.org/wayback/available"
    wayback_save_url: str = "https://web.archive.org/save/"

    _guard: AddressGuard = attrs.field(init=False)
    _states: dict[object, _LoopState] = attrs.field(factory=dict, init=False)
    _portal: anyio.from_thread.BlockingPortal | None = attrs.field(default=None, init=False)
    _portal_cm: AbstractContextManager[anyio.from_thread.BlockingPortal] | None = attrs.field(default=None, init=False)
    _portal_lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0 or self.max_redirects < 0:
            raise ValueError("max_retries and max_redirects must be >= 0")
        if self.per_host_concurrency < 1 or self.concurrency < 1 or self.per_host_burst < 1:
            raise ValueError("concurrency limits must be >= 1")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be >= 1")
        self._guard = AddressGuard(
            allow_private=self.allow_private,
            allowed_networks=self.allowed_networks,
            resolver=self.resolver,
        )

    # -- lifecycle -----------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def close(self) -> None:
        """Close the sync side: its client, cache and background event loop."""
        with self._portal_lock:
            portal, portal_cm = self._portal, self._portal_cm
            self._portal = self._portal_cm = None
        if portal is not None and portal_cm is not None:
            try:
                portal.call(self.aclose)
            finally:
                portal_cm.__exit__(None, None, None)

    async def aclose(self) -> None:
        """Close the client and cache used from the current event loop."""
        state = self._states.pop(anyio.lowlevel.current_token(), None)
        if state is None:
            return
        if state.owns_client:
            await state.client.aclose()
        if state.storage is not None:
            await state.storage.close()

    def _run(self, func: Callable[..., Awaitable[T]], *args: Any) -> T:
        with self._portal_lock:
            if self._portal is None:
                self._portal_cm = anyio.from_thread.start_blocking_portal()
                self._portal = self._portal_cm.__enter__()
            portal = self._portal
        return portal.call(func, *args)

    def _state(self) -> _LoopState:
        token = anyio.lowlevel.current_token()
        state = self._states.get(token)
        if state is None:
            state = self._new_state()
            self._states[token] = state
        return state

    def _new_state(self) -> _LoopState:
        if self.client is not None:
            return _LoopState(self.client, owns_client=False, storage=None)
        limit = max(self.concurrency, self.per_host_concurrency, 10)
        transport: httpx.AsyncBaseTransport = self.transport or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit),
            trust_env=self.trust_env,
        )
        storage = None
        if self.cache_path is not None:
            import hishel
            from hishel.httpx import AsyncCacheTransport

            Path(self.cache_path).parent.mkdir(parents=True, exist_ok=True)
            storage = hishel.AsyncSqliteStorage(database_path=Path(self.cache_path))
            transport = AsyncCacheTransport(transport, storage=storage, rfc=hishel.CacheOptions(shared=False))
        client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.read_timeout, connect=self.connect_timeout, pool=self.total_timeout),
            follow_redirects=False,
            trust_env=self.trust_env,
        )
        return _LoopState(client, owns_client=True, storage=storage)

    # -- public entry points (async) -----------------------------------------------------

    async def afetch(
        self,
        url: str,
        *,
        content_types: Iterable[str] | None = None,
        max_bytes: int | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str | int] | None = None,
    ) -> Page:
        """GET ``url`` with every safety on; returns the final :class:`Page` or raises a FetchError."""
        allowed = frozenset(content_types) if content_types is not None else self.allowed_content_types
        if params:
            try:
                url = str(httpx.URL(url, params=params))
            except (httpx.InvalidURL, TypeError) as exc:
                raise InvalidUrlError(f"invalid URL: {exc}", url=url) from None
        return await self._follow(url, allowed, max_bytes or self.max_bytes, headers or {})

    async def apage_evidence(self, url: str) -> PageEvidence:
        """Fetch an HTML page and read it as evidence (title, publisher, date, language, excerpt...)."""
        page = await self.afetch(url, content_types=HTML_TYPES)
        return evidence_from_page(page)

    async def aevidence(self, url: str) -> Evidence:
        """Fetch ``url`` and return it as an :class:`Evidence` (final URL, dated, hashed, timestamped)."""
        return (await self.apage_evidence(url)).evidence

    async def aevidence_many(
        self, urls: Iterable[str], *, concurrency: int | None = None
    ) -> list[FetchOutcome[PageEvidence]]:
        """:meth:`apage_evidence` for many URLs, one outcome each, never aborting the batch."""
        return await self.amap(self.apage_evidence, urls, concurrency=concurrency)

    async def afirst_hop(self, url: str) -> str | None:
        """GET ``url`` without following redirects: the Location (or Content-Location) it names, if any."""
        hop = await self._with_retries(url, frozenset(), self.max_bytes, {})
        if hop.location is not None:
            return hop.location
        assert hop.page is not None
        named = hop.page.header("content-location")
        if named:
            return str(httpx.URL(hop.page.url).join(named))
        return None

    async def aarchive(self, url: str, *, save: bool = True) -> Snapshot | None:
        """The closest Wayback snapshot of ``url``, or a new one (see :mod:`claimtrack.web.archive`)."""
        from claimtrack.web.archive import aarchive

        return await aarchive(self, url, save=save)

    async def aarchive_evidence(self, evidence: Evidence, *, save: bool = True) -> Evidence:
        """``evidence`` with ``archived_url`` set from the closest or a new snapshot."""
        from claimtrack.web.archive import aarchive_evidence

        return await aarchive_evidence(self, evidence, save=save)

    async def afetch_many(
        self, urls: Iterable[str], *, concurrency: int | None = None, **options: Any
    ) -> list[FetchOutcome[Page]]:
        """Fetch every URL with at most ``concurrency`` at once; one outcome per URL, in order."""

        async def one(url: str) -> Page:
            return await self.afetch(url, **options)

        return await self.amap(one, urls, concurrency=concurrency)

    async def amap(
        self, func: Callable[[str], Awaitable[T]], urls: Iterable[str], *, concurrency: int | None = None
    ) -> list[FetchOutcome[T]]:
        """Run ``func(url)`` for each URL with bounded concurrency; FetchErrors become outcomes."""
        items = list(urls)
        results: list[FetchOutcome[T] | None] = [None] * len(items)
        gate = anyio.Semaphore(concurrency or self.concurrency)

        async def run(index: int, url: str) -> None:
            async with gate:
                try:
                    results[index] = FetchOutcome(url, value=await func(url))
                except FetchError as exc:
                    results[index] = FetchOutcome(url, error=exc)

        async with anyio.create_task_group() as group:
            for index, url in enumerate(items):
                group.start_soon(run, index, url)
        return [r for r in results if r is not None]

    # -- public entry points (sync) ------------------------------------------------------

    def fetch(self, url: str, **options: Any) -> Page:
        """Sync :meth:`afetch`."""

        async def call() -> Page:
            return await self.afetch(url, **options)

        return self._run(call)

    def fetch_many(
        self, urls: Iterable[str], *, concurrency: int | None = None, **options: Any
    ) -> list[FetchOutcome[Page]]:
        """Sync :meth:`afetch_many`."""

        async def call() -> list[FetchOutcome[Page]]:
            return await self.afetch_many(urls, concurrency=concurrency, **options)

        return self._run(call)

    def page_evidence(self, url: str) -> PageEvidence:
        """Sync :meth:`apage_evidence`."""
        return self._run(self.apage_evidence, url)

    def evidence(self, url: str) -> Evidence:
        """Sync :meth:`aevidence`."""
        return self._run(self.aevidence, url)

    def evidence_many(self, urls: Iterable[str], *, concurrency: int | None = None) -> list[FetchOutcome[PageEvidence]]:
        """Sync :meth:`aevidence_many`."""

        async def call() -> list[FetchOutcome[PageEvidence]]:
            return await self.aevidence_many(urls, concurrency=concurrency)

        return self._run(call)

    def archive(self, url: str, *, save: bool = True) -> Snapshot | None:
        """Sync :meth:`aarchive`."""

        async def call() -> Snapshot | None:
            return await self.aarchive(url, save=save)

        return self._run(call)

    def archive_evidence(self, evidence: Evidence, *, save: bool = True) -> Evidence:
        """Sync :meth:`aarchive_evidence`."""

        async def call() -> Evidence:
            return await self.aarchive_evidence(evidence, save=save)

        return self._run(call)

    def run(self, func: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run an async function of this fetcher (or any coroutine function) from sync code."""
        return self._run(func, *args)

    # -- the one implementation ----------------------------------------------------------

    async def _follow(self, url: str, allowed: frozenset[str], max_bytes: int, headers: dict[str, str]) -> Page:
        visited: list[str] = []
        current = url
        while True:
            hop = await self._with_retries(current, allowed, max_bytes, headers)
            if hop.page is not None:
                if not visited:
                    return hop.page
                return attrs.evolve(hop.page, requested_url=url, redirects=tuple(visited))
            assert hop.location is not None
            visited.append(current)
            if hop.location in visited or hop.location == current:
                raise RedirectError(f"redirect loop back to {hop.location}", url=url)
            if len(visited) > self.max_redirects:
                raise RedirectError(f"more than {self.max_redirects} redirects", url=url)
            current = hop.location

    async def _with_retries(self, url: str, allowed: frozenset[str], max_bytes: int, headers: dict[str, str]) -> _Hop:
        attempt = 0
        while True:
            try:
                return await self._attempt(url, allowed, max_bytes, headers)
            except _Retry as retry:
                if attempt >= self.max_retries:
                    raise retry.error from None
                if retry.retry_after is not None:
                    if retry.retry_after > self.max_retry_after:
                        raise retry.error from None
                    delay = retry.retry_after
                else:
                    delay = self.backoff_delay(attempt)
                attempt += 1
                await self.sleep(delay)

    def backoff_delay(self, attempt: int) -> float:
        """Wait before retry ``attempt + 1``: exponential, capped, with "equal jitter" (half fixed, half random)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2**attempt))
        return float(ceiling / 2 + self.rng.uniform(0, ceiling / 2))

    async def _attempt(self, url: str, allowed: frozenset[str], max_bytes: int, headers: dict[str, str]) -> _Hop:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise InvalidUrlError(f"invalid URL: {exc}", url=url) from None
        self._guard.check_scheme(url, parsed.scheme, parsed.host)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        await self._guard.check_host(url, parsed.host, port)
        state = self._state()
        async with self._host_gate(state, parsed.host):
            try:
                with anyio.fail_after(self.total_timeout):
                    return await self._exchange(state.client, url, parsed, allowed, max_bytes, headers)
            except (FetchError, _Retry):
                raise
            except TimeoutError:
                raise FetchTimeoutError(
                    f"no complete response within the total deadline of {self.total_timeout:g} s", url=url
                ) from None

    @asynccontextmanager
    async def _host_gate(self, state: _LoopState, host: str) -> AsyncIterator[None]:
        if self.per_host_rate:
            interval = 1.0 / self.per_host_rate
            now = anyio.current_time()
            tat = max(state.host_tat.get(host, now), now)
            state.host_tat[host] = tat + interval
            wait = tat - now - (self.per_host_burst - 1) * interval
            if wait > 0:
                await anyio.sleep(wait)
        slot = state.host_slots.get(host)
        if slot is None:
            slot = state.host_slots[host] = anyio.Semaphore(self.per_host_concurrency)
        async with slot:
            yield

    async def _exchange(
        self,
        client: httpx.AsyncClient,
        url: str,
        parsed: httpx.URL,
        allowed: frozenset[str],
        max_bytes: int,
        headers: dict[str, str],
    ) -> _Hop:
        try:
            request = client.build_request("GET", parsed, headers=headers)
            response = await client.send(request, stream=True, follow_redirects=False)
        except httpx.HTTPError as exc:
            raise _mapped(exc, url) from None
        try:
            return await self._read(response, url, allowed, max_bytes)
        except httpx.HTTPError as exc:
            error = _mapped(exc, url)
            if isinstance(error, _Retry):
                raise error.error from None  # the body broke off mid-way: not safe to assume idempotent reads
            raise error from None
        finally:
            with anyio.CancelScope(shield=True):
                await response.aclose()

    async def _read(self, response: httpx.Response, url: str, allowed: frozenset[str], max_bytes: int) -> _Hop:
        stream = response.extensions.get("network_stream")
        if stream is not None:
            server = stream.get_extra_info("server_addr")
            self._guard.check_peer(url, str(server[0]) if server else None)
        status = response.status_code
        if status in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise RedirectError(f"HTTP {status} without a Location header", url=url)
            try:
                target = str(response.request.url.join(location))
            except httpx.InvalidURL as exc:
                raise RedirectError(f"redirect to an invalid URL {location!r}: {exc}", url=url) from None
            return _Hop(location=target, page=None)
        if status in _RETRY_STATUSES:
            retry_after = _retry_after(response.headers.get("retry-after"), self.clock())
            wait = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
            raise _Retry(
                RateLimitedError(f"HTTP {status}{wait}", url=url, status=status, retry_after=retry_after),
                retry_after,
            )
        if status >= 400 or status < 200 or status in (204, 205):
            raise BadStatusError(f"HTTP {status} {response.reason_phrase}".rstrip(), url=url, status=status)
        if 300 <= status < 400:
            raise BadStatusError(f"HTTP {status} is not a usable answer", url=url, status=status)
        media_type, charset = _content_type(response.headers.get("content-type"))
        if allowed and (media_type or "") not in allowed:
            raise BadContentError(
                f"content type {media_type or '(none)'} is not one of {', '.join(sorted(allowed))}",
                url=url,
                content_type=media_type,
            )
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
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
        return _Hop(
            location=None,
            page=Page(
                url=str(response.request.url),
                requested_url=url,
                status=status,
                content_type=media_type,
                charset=charset,
                headers=tuple(response.headers.items()),
                content=b"".join(chunks),
                retrieved_at=self.clock(),
                from_cache=bool(caching.get("from_cache")),
                revalidated=bool(caching.get("revalidated")),
            ),
        )


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, _, rest = value.partition(";")
    charset = None
    for param in rest.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def _retry_after(value: str | None, now: datetime) -> float | None:
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


def _mapped(exc: httpx.HTTPError, url: str) -> FetchError | _Retry:
    """The claimtrack error for an httpx exception; connection-level failures are retryable."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return _Retry(FetchTimeoutError(f"connect timed out: {detail}", url=url))
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeoutError(f"timed out ({type(exc).__name__}): {detail}", url=url)
    if isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return _Retry(ConnectionFailedError(f"{type(exc).__name__}: {detail}", url=url))
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidUrlError(str(exc), url=url)
    if isinstance(exc, httpx.DecodingError):
        return BadContentError(f"cannot decode the body: {exc}", url=url)
    if isinstance(exc, httpx.TransportError):
        return ConnectionFailedError(f"{type(exc).__name__}: {exc}", url=url)
    return FetchError(f"{type(exc).__name__}: {exc}", url=url)


def outcomes_ok(outcomes: Sequence[FetchOutcome[T]]) -> list[T]:
    """The values of the successful outcomes, in order."""
    return [o.value for o in outcomes if o.value is not None]
