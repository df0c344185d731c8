"""The SSRF guard, with the guard ON: private targets are refused before any request reaches them."""

from __future__ import annotations

import httpx
import pytest
from web_server import LocalServer, RecordingSleep

from claimtrack.web import BlockedAddressError, Fetcher, Politeness, is_public_address

PUBLIC = "93.184.216.34"  # any global unicast address will do; no connection is ever made to it


async def public_dns(host: str, port: int) -> list[str]:
    """A resolver that says every name is on a public address (the test plays DNS)."""
    return [PUBLIC]


def test_loopback_server_is_refused_with_the_guard_on(server: LocalServer) -> None:
    server.page("/time", "time-ssi.html")
    with Fetcher() as f, pytest.raises(BlockedAddressError) as caught:
        f.fetch(server.url("/time"))
    assert caught.value.address == "127.0.0.1"
    assert isinstance(caught.value, PermissionError)
    assert server.hits["/time"] == 0


def test_localhost_name_is_resolved_then_refused(server: LocalServer) -> None:
    server.page("/time", "time-ssi.html")
    port = server.server_address[1]
    with Fetcher() as f, pytest.raises(BlockedAddressError, match="resolves to non-public"):
        f.fetch(f"http://localhost:{port}/time")
    assert server.hits["/time"] == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/"])
def test_only_http_and_https_schemes(url: str) -> None:
    with Fetcher() as f, pytest.raises(BlockedAddressError, match="only http and https"):
        f.fetch(url)


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{port}/time", "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/time"]
)
def test_redirect_from_a_public_host_to_a_private_address_is_refused(
    server: LocalServer, sleeps: RecordingSleep, target: str
) -> None:
    # A server cannot pose as a public host, so the public first hop is a MockTransport; the
    # redirect points at the real local server (or the cloud metadata address), which must never be hit.
    server.page("/time", "time-ssi.html")
    location = target.format(port=server.server_address[1])
    seen: list[str] = []

    def public_site(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": location})

    with (
        Fetcher(transport=httpx.MockTransport(public_site), resolver=public_dns, sleep=sleeps) as f,
        pytest.raises(BlockedAddressError) as caught,
    ):
        f.fetch("http://news.example/story")
    assert seen == ["http://news.example/story"]
    assert caught.value.address in {"127.0.0.1", "169.254.169.254", "::1"}
    assert server.hits["/time"] == 0


def test_dns_rebinding_is_caught_on_the_connected_address(server: LocalServer) -> None:
    # DNS said "public" at check time, but the connection lands on 127.0.0.1: refused before the body is read.
    server.page("/time", "time-ssi.html")
    port = server.server_address[1]

    class Rebinding(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            request.url = request.url.copy_with(host="127.0.0.1", port=port)
            return await super().handle_async_request(request)

    with (
        Fetcher(transport=Rebinding(), resolver=public_dns) as f,
        pytest.raises(BlockedAddressError, match=r"connection reached non-public address 127\.0\.0\.1"),
    ):
        f.fetch("http://rebind.example/time")


def test_allowed_networks_exempt_only_what_they_name(server: LocalServer) -> None:
    server.page("/time", "time-ssi.html")
    with Fetcher(allowed_networks=("127.0.0.0/8",), politeness=Politeness(per_host_rate=None)) as f:
        assert f.fetch(server.url("/time")).status == 200
    with Fetcher(allowed_networks=("10.0.0.0/8",)) as f, pytest.raises(BlockedAddressError):
        f.fetch(server.url("/time"))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fec0::1", False),  # site-local (deprecated, still routed on some networks)
        ("feff:ffff::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
    ],
)
def test_address_classes(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_a_name_on_a_site_local_address_is_refused(sleeps: RecordingSleep) -> None:
    async def site_local_dns(host: str, port: int) -> list[str]:
        return ["fec0::10"]

    with (
        Fetcher(resolver=site_local_dns, sleep=sleeps) as f,
        pytest.raises(BlockedAddressError, match="non-public address fec0::10") as caught,
    ):
        f.fetch("http://old-intranet.example/")
    assert caught.value.address == "fec0::10"
