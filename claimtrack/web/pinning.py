"""Connect to the address the SSRF guard approved, not to whatever DNS answers a moment later.

The guard resolves a host and checks every address. If httpx then resolved
the name again to connect, a DNS server answering differently the second
time (DNS rebinding) would steer the connection to an internal host after
the check had passed. :class:`PinnedTransport` is httpx's own transport with
one change: its connection pool opens TCP connections through
:class:`PinnedBackend`, which asks the guard for the host's approved addresses
(the same resolution the check used: the guard remembers it) and connects to
one of those IP addresses. Everything else keeps the host name: the URL, the
``Host`` header, the TLS server name (SNI) and the certificate check. The pool
keys its connections by host name, so a connection is only ever reused for the
host it was opened for.

When the guard is off (``allow_private=True``) there is nothing to pin and
the name is connected to as usual.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from claimtrack.web.guard import AddressGuard

__all__ = ["PinnedBackend", "PinnedTransport"]


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses the guard approved for the host."""

    def __init__(self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner: httpcore.AsyncNetworkBackend = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve and check ``host`` through the guard, then connect to an approved address (in order)."""
        # The guard's errors name host:port; the Fetcher puts the URL that was fetched in their place.
        addresses = await self._guard.check_host(f"{host}:{port}", host, port)
        if not addresses:  # the guard is off: nothing to pin
            return await self._inner.connect_tcp(
                host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
            )
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None  # check_host never returns an empty tuple with the guard on
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets have no address to check; refused (the Fetcher never asks for one)."""
        raise httpcore.ConnectError("unix sockets are not used by the pinned backend")

    async def sleep(self, seconds: float) -> None:
        """Sleep the way the inner backend does."""
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` whose connections go to guard-approved addresses (see the module docstring)."""

    def __init__(self, guard: AddressGuard, *, ssl_context: ssl.SSLContext, limits: httpx.Limits) -> None:
        super().__init__(verify=ssl_context, limits=limits)
        # httpx has no argument for the network backend, so the pool it made is replaced by the same pool
        # with the pinned backend (httpx's transport uses nothing but this pool).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(guard),
        )
