"""One configured HTTP client for every network call claimtrack makes.

:class:`Fetcher` wraps an ``httpx.AsyncClient`` with the politeness and safety
that fetching links out of untrusted claim data needs: timeouts (connect, read
and a total deadline that also stops slow-drip servers), retries with
exponential backoff and jitter on connection errors, 429 and 503 (honouring
``Retry-After``), a per-host rate limit and concurrency cap, a maximum body
size enforced while streaming, a content-type allow-list, redirects followed
one hop at a time so the SSRF guard sees every hop, connections pinned to the
addresses the guard approved (:mod:`claimtrack.web.pinning`), the caller's
headers kept with the origin they were given for
(:mod:`claimtrack.web.credentials`), a descriptive User-Agent, and an optional
RFC 9111 cache (ETag / Last-Modified revalidation, via hishel).
The settings come in frozen groups from :mod:`claimtrack.web.config`
(:class:`Timeouts`, :class:`Limits`, :class:`RetryPolicy`, :class:`Politeness`,
:class:`HttpCache`).

The implementation is async. The sync methods (``fetch``, ``evidence``,
``fetch_many``...) run the same coroutines on a private event loop in a
background thread (:class:`claimtrack.web.portal.LoopThread`), so both entry
points share one code path. Use a Fetcher from one side at a time and close it
when done (``with Fetcher() as f`` / ``async with Fetcher() as f``); one that
is never closed is closed when it is collected or at interpreter exit.

Every failure while fetching one URL is a :class:`~claimtrack.errors.FetchError`
carrying that URL -- a malformed or hostile link, redirect or page included --
so a batch (``fetch_many``, ``evidence_many``, ``amap``) always reports every
other link.

The Fetcher knows nothing about what it fetches for: archiving
(:mod:`claimtrack.web.archive`), fact-check search
(:mod:`claimtrack.web.factcheck`) and ledger upkeep
(:mod:`claimtrack.web.maintain`) take a Fetcher and call it.
"""

from __future__ import annotations

import random
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import anyio
import anyio.lowlevel
import anyio.to_thread
import attrs
import httpx

from claimtrack.errors import FetchError
from claimtrack.model import Evidence
from claimtrack.web.config import HTML_TYPES, HttpCache, Limits, Politeness, RetryPolicy, Timeouts
from claimtrack.web.credentials import CredentialScope
from claimtrack.web.errors import (
    BadContentError,
    BlockedAddressError,
    ConnectionFailedError,
    FetchTimeoutError,
    InvalidUrlError,
    RedirectError,
)
from claimtrack.web.exchange import (
    Hop,
    Retryable,
    map_httpx_error,
    parse_url,
    read_response,
    shown_url,
    unexpected_error,
)
from claimtrack.web.guard import AddressGuard, Resolver, system_resolver
from claimtrack.web.page import FetchOutcome, Page, PageEvidence, evidence_from_page
from claimtrack.web.pinning import PinnedTransport
from claimtrack.web.portal import LoopOwner

__all__ = ["Fetcher"]

T = TypeVar("T")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _LoopState:
    """What a Fetcher keeps per event loop: the client and the per-host gates."""

    def __init__(self, client: httpx.AsyncClient, owns_client: bool, storage: Any) -> None:
        self.client = client
        self.owns_client = owns_client
        self.storage = storage
        self.host_slots: dict[str, anyio.Semaphore] = {}
        self.host_tat: dict[str, float] = {}


async def _close_state(state: _LoopState) -> None:
    """Close the client (when the Fetcher made it) and the cache of one event loop's state."""
    if state.owns_client:
        await state.client.aclose()
    if state.storage is not None:
        await state.storage.close()


@attrs.define
class Fetcher(LoopOwner[_LoopState]):
    """The configured client; see the module docstring for what each safety does.

    Every setting has a safe default and lives in a frozen group:
    ``timeouts``, ``limits``, ``retries``, ``politeness`` and ``cache`` (None:
    no HTTP cache). ``allow_private`` and ``allowed_networks`` configure the
    SSRF guard (:class:`~claimtrack.web.guard.AddressGuard`); ``trust_env``
    lets httpx read proxy settings from the environment.

    ``ssl_context`` verifies https servers (default: certifi's CA bundle, or
    ``$SSL_CERT_FILE`` with ``trust_env``); pass one for a private CA.

    Tests and embedders inject ``transport`` (an ``httpx.AsyncBaseTransport``,
    e.g. ``httpx.MockTransport``) or a whole ``client``, a ``clock`` for
    ``retrieved_at``, a ``sleep`` for retry waits, an ``rng`` for jitter and a
    ``resolver`` for DNS. An injected transport or client makes its own
    connections, so they are not pinned to the checked address; the guard
    still checks every hop and the address each connection reached.

    Example:
        >>> with Fetcher(limits=Limits(max_bytes=2_000_000)) as fetcher:  # doctest: +SKIP
        ...     ev = fetcher.evidence("https://time.com/6990076/safe-superintelligence-inc-announced")
    """

    timeouts: Timeouts = attrs.field(factory=Timeouts, validator=attrs.validators.instance_of(Timeouts))
    limits: Limits = attrs.field(factory=Limits, validator=attrs.validators.instance_of(Limits))
    retries: RetryPolicy = attrs.field(factory=RetryPolicy, validator=attrs.validators.instance_of(RetryPolicy))
    politeness: Politeness = attrs.field(factory=Politeness, validator=attrs.validators.instance_of(Politeness))
    cache: HttpCache | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(HttpCache))
    )
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()
    trust_env: bool = False
    ssl_context: ssl.SSLContext | None = None
    transport: httpx.AsyncBaseTransport | None = None
    client: httpx.AsyncClient | None = None
    clock: Callable[[], datetime] = _utc_now
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    rng: random.Random = attrs.field(factory=random.Random)
    resolver: Resolver = system_resolver

    _guard: AddressGuard = attrs.field(init=False)

    loop_name: ClassVar[str] = "claimtrack-web"
    close_state: ClassVar[Callable[[_LoopState], Awaitable[None]]] = staticmethod(_close_state)

    def __attrs_post_init__(self) -> None:
        self._guard = AddressGuard(
            allow_private=self.allow_private,
            allowed_networks=self.allowed_networks,
            resolver=self.resolver,
        )

    def _state(self) -> _LoopState:
        return self._state_here(self._new_state)

    def _new_state(self) -> _LoopState:
        if self.client is not None:
            return _LoopState(self.client, owns_client=False, storage=None)
        politeness = self.politeness
        limit = max(politeness.concurrency, politeness.per_host_concurrency, 10)
        transport: httpx.AsyncBaseTransport = self.transport or PinnedTransport(
            self._guard,
            ssl_context=self.ssl_context or httpx.create_ssl_context(trust_env=self.trust_env),
            limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit),
        )
        storage = None
        if self.cache is not None:
            import hishel
            from hishel.httpx import AsyncCacheTransport

            path = self.cache.path
            path.parent.mkdir(parents=True, exist_ok=True)
            storage = hishel.AsyncSqliteStorage(database_path=path)
            transport = AsyncCacheTransport(transport, storage=storage, rfc=hishel.CacheOptions(shared=False))
        timeouts = self.timeouts
        client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect, pool=timeouts.total),
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
        """GET ``url`` with every safety on; returns the final :class:`Page` or raises a FetchError.

        ``content_types`` and ``max_bytes`` replace the :attr:`limits` for this call.
        """
        allowed = frozenset(content_types) if content_types is not None else self.limits.content_types
        try:
            if params:
                try:
                    url = str(httpx.URL(url, params=params))
                except (httpx.InvalidURL, TypeError, ValueError) as exc:
                    raise InvalidUrlError(f"invalid URL: {exc}", url=str(url)) from None
            return await self._follow(url, allowed, max_bytes or self.limits.max_bytes, headers or {})
        except FetchError:
            raise
        except Exception as exc:
            raise unexpected_error(exc, str(url)) from exc

    async def apage_evidence(self, url: str) -> PageEvidence:
        """Fetch an HTML page and read it as evidence (title, publisher, date, language, excerpt...).

        The page is read in a worker thread, so a large page does not hold up
        the other fetches of a batch; a page that cannot be read is a
        :class:`BadContentError`.
        """
        page = await self.afetch(url, content_types=HTML_TYPES)
        try:
            return await anyio.to_thread.run_sync(evidence_from_page, page)
        except Exception as exc:  # hostile markup must not escape as anything but a FetchError
            raise BadContentError(
                f"cannot read the page: {type(exc).__name__}: {exc}", url=url, content_type=page.content_type
            ) from exc

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
        try:
            hop = await self._with_retries(url, frozenset(), self.limits.max_bytes, {})
            if hop.location is not None:
                return hop.location
            assert hop.page is not None
            named = hop.page.header("content-location")
            if not named:
                return None
            try:
                return str(httpx.URL(hop.page.url).join(named))
            except (httpx.InvalidURL, ValueError) as exc:
                raise BadContentError(f"invalid Content-Location {shown_url(named)}: {exc}", url=url) from None
        except FetchError:
            raise
        except Exception as exc:
            raise unexpected_error(exc, url) from exc

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
        """Run ``func(url)`` for each URL with bounded concurrency; FetchErrors become outcomes.

        ``concurrency`` defaults to ``politeness.concurrency``.
        """
        items = list(urls)
        results: list[FetchOutcome[T] | None] = [None] * len(items)
        gate = anyio.Semaphore(concurrency or self.politeness.concurrency)

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

        return self.run(call)

    def fetch_many(
        self, urls: Iterable[str], *, concurrency: int | None = None, **options: Any
    ) -> list[FetchOutcome[Page]]:
        """Sync :meth:`afetch_many`."""

        async def call() -> list[FetchOutcome[Page]]:
            return await self.afetch_many(urls, concurrency=concurrency, **options)

        return self.run(call)

    def page_evidence(self, url: str) -> PageEvidence:
        """Sync :meth:`apage_evidence`."""
        return self.run(self.apage_evidence, url)

    def evidence(self, url: str) -> Evidence:
        """Sync :meth:`aevidence`."""
        return self.run(self.aevidence, url)

    def evidence_many(self, urls: Iterable[str], *, concurrency: int | None = None) -> list[FetchOutcome[PageEvidence]]:
        """Sync :meth:`aevidence_many`."""

        async def call() -> list[FetchOutcome[PageEvidence]]:
            return await self.aevidence_many(urls, concurrency=concurrency)

        return self.run(call)

    # -- the one implementation ----------------------------------------------------------

    async def _follow(self, url: str, allowed: frozenset[str], max_bytes: int, headers: dict[str, str]) -> Page:
        visited: list[str] = []
        current = url
        scope = CredentialScope.of(parse_url(url), headers)
        while True:
            hop = await self._with_retries(current, allowed, max_bytes, scope.request_headers())
            if hop.page is not None:
                if not visited:
                    return hop.page
                return attrs.evolve(hop.page, requested_url=url, redirects=tuple(visited))
            assert hop.location is not None
            visited.append(current)
            # The caller's headers and secrets stay with the origin they were given for (credentials.py).
            try:
                scope, target = scope.follow(parse_url(hop.location))
            except InvalidUrlError as exc:
                raise RedirectError(f"redirect to an invalid URL: {exc.message}", url=current) from None
            location = str(target)
            if location in visited:
                raise RedirectError(f"redirect loop back to {location}", url=url)
            if len(visited) > self.limits.max_redirects:
                raise RedirectError(f"more than {self.limits.max_redirects} redirects", url=url)
            current = location

    async def _with_retries(self, url: str, allowed: frozenset[str], max_bytes: int, headers: dict[str, str]) -> Hop:
        attempt = 0
        while True:
            try:
                return await self._attempt(url, allowed, max_bytes, headers)
            except Retryable as retry:
                if attempt >= self.retries.max_retries:
                    raise retry.error from None
                if retry.retry_after is not None:
                    if retry.retry_after > self.retries.max_retry_after:
                        raise retry.error from None
                    delay = retry.retry_after
                else:
                    delay = self.backoff_delay(attempt)
                attempt += 1
                await self.sleep(delay)

    def backoff_delay(self, attempt: int) -> float:
        """Wait before retry ``attempt + 1`` under :attr:`retries`, drawing the jitter from :attr:`rng`."""
        return self.retries.backoff_delay(attempt, self.rng)

    async def _attempt(self, url: str, allowed: frozenset[str], max_bytes: int, headers: dict[str, str]) -> Hop:
        parsed = parse_url(url)
        self._guard.check_scheme(url, parsed.scheme, parsed.host)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        await self._guard.check_host(url, parsed.host, port)
        state = self._state()
        async with self._host_gate(state, parsed.host):
            try:
                with anyio.fail_after(self.timeouts.total):
                    return await self._exchange(state.client, url, parsed, allowed, max_bytes, headers)
            except (FetchError, Retryable):
                raise
            except TimeoutError:
                raise FetchTimeoutError(
                    f"no complete response within the total deadline of {self.timeouts.total:g} s", url=url
                ) from None

    @asynccontextmanager
    async def _host_gate(self, state: _LoopState, host: str) -> AsyncIterator[None]:
        politeness = self.politeness
        if politeness.per_host_rate:
            interval = 1.0 / politeness.per_host_rate
            now = anyio.current_time()
            tat = max(state.host_tat.get(host, now), now)
            state.host_tat[host] = tat + interval
            wait = tat - now - (politeness.per_host_burst - 1) * interval
            if wait > 0:
                await anyio.sleep(wait)
        slot = state.host_slots.get(host)
        if slot is None:
            slot = state.host_slots[host] = anyio.Semaphore(politeness.per_host_concurrency)
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
    ) -> Hop:
        try:
            request = client.build_request("GET", parsed, headers=headers)
        except (httpx.InvalidURL, UnicodeError) as exc:  # a header value that is not Latin-1, say
            raise InvalidUrlError(f"cannot build the request: {exc}", url=url) from None
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except httpx.HTTPError as exc:
            raise map_httpx_error(exc, url) from None
        except BlockedAddressError as exc:  # the pinned connection refused an address (see pinning.py)
            raise BlockedAddressError(exc.message, url=url, address=exc.address) from None
        except ConnectionFailedError as exc:
            raise ConnectionFailedError(exc.message, url=url) from None
        except InvalidUrlError as exc:
            raise InvalidUrlError(exc.message, url=url) from None
        except (httpx.InvalidURL, UnicodeError) as exc:  # httpx reads the Location of a redirect as it arrives
            raise RedirectError(f"redirect to an invalid URL: {exc}", url=url) from None
        try:
            return await read_response(response, url, allowed, max_bytes, self._guard, self.clock)
        except httpx.HTTPError as exc:
            error = map_httpx_error(exc, url)
            if isinstance(error, Retryable):
                raise error.error from None  # the body broke off mid-way: not safe to assume idempotent reads
            raise error from None
        finally:
            with anyio.CancelScope(shield=True):
                await response.aclose()
