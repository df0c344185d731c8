"""DNS rebinding: the connection goes to the address the guard checked, never to a later DNS answer.

The internal host is a real server on 127.0.0.1. The "public" host is a real
server on 127.0.0.2 on the same port, admitted through ``allowed_networks``
so the guard stays on and treats it as approved. The resolver is the test's
own: it answers 127.0.0.2 first and 127.0.0.1 afterwards, as a rebinding DNS
server would. Nothing is mocked below the resolver.
"""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import httpx
import pytest
from web_server import LocalServer, running, tls_client_context, tls_server_context

from claimtrack.web import AddressGuard, BlockedAddressError, Fetcher, Politeness
from claimtrack.web.pinning import PinnedTransport

APPROVED = "127.0.0.2"  # stands in for a public address: allowed by allowed_networks below
INTERNAL = "127.0.0.1"


class RebindingDns:
    """Answers ``first`` to the first lookup and ``then`` to every later one; counts lookups."""

    def __init__(self, first: str, then: str) -> None:
        self.answers = [first]
        self.then = then
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        return [self.answers.pop(0) if self.answers else self.then]


@pytest.fixture
def internal() -> Iterator[LocalServer]:
    with running(LocalServer(INTERNAL)) as srv:
        srv.raw("/admin", b"<p>internal secrets</p>", "text/html")
        yield srv


@pytest.fixture
def approved(internal: LocalServer) -> Iterator[LocalServer]:
    try:
        srv = LocalServer(APPROVED, internal.port)
    except OSError:  # pragma: no cover - only Linux routes all of 127.0.0.0/8 to loopback
        pytest.skip("cannot listen on 127.0.0.2 here")
    with running(srv):
        srv.raw("/admin", b"<title>public page</title><p>public</p>", "text/html")
        yield srv


def test_a_rebinding_answer_never_reaches_the_internal_host(internal: LocalServer, approved: LocalServer) -> None:
    # Before the fix the guard checked 127.0.0.2, httpx resolved "localhost" again and connected to
    # 127.0.0.1: the internal server logged the request (path and query) before check_peer refused it.
    dns = RebindingDns(first=APPROVED, then=INTERNAL)
    url = f"http://localhost:{internal.port}/admin?token=abc"
    with Fetcher(resolver=dns, allowed_networks=(f"{APPROVED}/32",), politeness=Politeness(per_host_rate=None)) as f:
        page = f.fetch(url)
        again = f.fetch(url)  # a second request on the same host stays on the pinned address
    assert internal.requests == []
    assert approved.hits["/admin"] == 2
    assert "public" in page.text
    assert again.status == 200
    assert approved.requests[0][2]["host"] == f"localhost:{internal.port}"  # the Host header keeps the name
    assert page.url == url  # and so does the URL


def test_a_second_lookup_at_connect_time_is_checked_before_connecting(
    internal: LocalServer, approved: LocalServer
) -> None:
    # When the remembered answer has expired, the connection resolves again and checks that answer too.
    dns = RebindingDns(first=APPROVED, then=INTERNAL)
    guard = AddressGuard(resolver=dns, allowed_networks=(f"{APPROVED}/32",), cache_seconds=0)

    async def main() -> None:
        assert await guard.check_host("pre-check", "localhost", internal.port) == (APPROVED,)
        transport = PinnedTransport(guard, ssl_context=tls_client_context(), limits=httpx.Limits())
        async with httpx.AsyncClient(transport=transport) as client:
            with pytest.raises(BlockedAddressError) as caught:
                await client.get(f"http://localhost:{internal.port}/admin")
        assert caught.value.address == INTERNAL

    anyio.run(main)
    assert dns.lookups == ["localhost", "localhost"]
    assert internal.requests == []
    assert approved.requests == []


def test_https_to_a_pinned_address_keeps_the_host_name_for_sni_and_the_certificate() -> None:
    # "pinned.example" exists in no DNS: the request can only arrive through the pinned address, and the
    # TLS handshake only succeeds if the server name sent (SNI) and verified is the URL's host name.
    names: list[str] = []
    with running(LocalServer(INTERNAL, tls=tls_server_context(names))) as srv:
        srv.raw("/story", b"<title>pinned</title>", "text/html")

        async def dns(host: str, port: int) -> list[str]:
            assert host == "pinned.example"
            return [INTERNAL]

        with Fetcher(
            resolver=dns,
            allowed_networks=(f"{INTERNAL}/32",),
            ssl_context=tls_client_context(),
            politeness=Politeness(per_host_rate=None),
        ) as f:
            page = f.fetch(f"https://pinned.example:{srv.port}/story")
    assert page.status == 200
    assert names == ["pinned.example"]
    assert srv.requests[0][2]["host"] == f"pinned.example:{srv.port}"


def test_a_host_answering_several_addresses_is_connected_on_one_that_was_checked(internal: LocalServer) -> None:
    # The first approved address refuses connections; the next approved one is tried, never a fresh lookup.
    port = internal.port

    async def dns(host: str, p: int) -> list[str]:
        return ["127.0.0.3", INTERNAL]

    with Fetcher(resolver=dns, allowed_networks=("127.0.0.0/8",), politeness=Politeness(per_host_rate=None)) as f:
        page = f.fetch(f"http://multi.example:{port}/admin")
    assert page.status == 200
    assert internal.requests[0][2]["host"] == f"multi.example:{port}"
