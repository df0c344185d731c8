"""The caller's credentials stay with their origin: stripped on a cross-origin redirect and on https -> http.

Two (or three) real servers on different origins: 127.0.0.1 and [::1] or
localhost on another port, and an https server with the test certificate.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from web_server import LocalServer, running, tls_client_context, tls_server_context

from claimtrack.web import FactCheckClient, Fetcher, Politeness
from claimtrack.web.credentials import CredentialScope, is_secret_param

KEY = "AIzaTestKey-0123456789"
SEARCH = "/v1alpha1/claims:search"
EMPTY = json.dumps({"claims": []}).encode()


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.fixture(params=["127.0.0.1", "::1", "localhost"])
def other(request: pytest.FixtureRequest) -> Iterator[LocalServer]:
    """A second server on another origin: another port on 127.0.0.1, [::1], or the name localhost."""
    host = str(request.param)
    if host == "::1" and not _ipv6_loopback():
        pytest.skip("no IPv6 loopback here")
    srv = LocalServer("127.0.0.1" if host == "localhost" else host)
    if host == "localhost":
        srv.host = "localhost"  # same socket, reached by name: another origin than 127.0.0.1
    with running(srv):
        srv.raw(SEARCH, EMPTY, "application/json")
        srv.raw("/page", b"<p>elsewhere</p>", "text/html")
        yield srv


def _fetcher() -> Fetcher:
    return Fetcher(allow_private=True, politeness=Politeness(per_host_rate=None), ssl_context=tls_client_context())


def _query(request: tuple[str, str, dict[str, str]]) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request[1]).query)


def test_fact_check_key_is_not_sent_to_another_origin(server: LocalServer, other: LocalServer) -> None:
    server.routes[SEARCH] = lambda h: h.redirect(other.url(h.path))  # keeps path and query, like $request_uri
    with _fetcher() as f:
        FactCheckClient(f, KEY, base_url=server.base).search("Media Manager")
    assert server.requests[0][2]["x-goog-api-key"] == KEY
    (arrived,) = other.requests
    assert "x-goog-api-key" not in arrived[2]
    assert KEY not in json.dumps(arrived)
    assert _query(arrived)["query"] == ["Media Manager"]  # the rest of the request goes on


def test_a_same_origin_redirect_keeps_the_key(server: LocalServer) -> None:
    server.routes["/old" + SEARCH] = lambda h: h.redirect(SEARCH)
    server.raw(SEARCH, EMPTY, "application/json")
    with _fetcher() as f:
        FactCheckClient(f, KEY, base_url=server.url("/old")).search("Media Manager")
    assert [r[2].get("x-goog-api-key") for r in server.requests] == [KEY, KEY]


def test_authorization_and_secret_query_parameters_stay_home(server: LocalServer, other: LocalServer) -> None:
    server.routes["/page"] = lambda h: h.redirect(other.url(h.path))
    url = server.url(f"/page?key={KEY}&api_key=s3cret-value&q=sutskever")
    headers = {"Authorization": "Bearer tok-123456", "Accept-Language": "en", "X-Api-Token": "tok-999999"}
    with _fetcher() as f:
        page = f.fetch(url, headers=headers)
    assert page.status == 200
    (arrived,) = other.requests
    assert "authorization" not in arrived[2]
    assert "x-api-token" not in arrived[2]
    assert arrived[2]["accept-language"] == "en"  # harmless headers follow
    assert _query(arrived) == {"q": ["sutskever"]}
    assert server.requests[0][2]["authorization"] == "Bearer tok-123456"


def test_credentials_are_not_restored_when_the_chain_comes_back(server: LocalServer, other: LocalServer) -> None:
    server.routes["/start"] = lambda h: h.redirect(other.url("/bounce"))
    other.routes["/bounce"] = lambda h: h.redirect(server.url("/page"))
    server.raw("/page", b"<p>home</p>", "text/html")
    with _fetcher() as f:
        f.fetch(server.url("/start"), headers={"X-Goog-Api-Key": KEY})
    assert [r[1] for r in server.requests] == ["/start", "/page"]
    assert server.requests[0][2]["x-goog-api-key"] == KEY
    assert "x-goog-api-key" not in other.requests[0][2]
    assert "x-goog-api-key" not in server.requests[1][2]


def test_no_key_after_an_https_to_http_downgrade(server: LocalServer) -> None:
    server.raw(SEARCH, EMPTY, "application/json")
    with running(LocalServer("127.0.0.1", tls=tls_server_context())) as secure:
        secure.routes[SEARCH] = lambda h: h.redirect(server.url(h.path))  # to plain http
        with _fetcher() as f:
            FactCheckClient(f, KEY, base_url=secure.base).search("Media Manager")
    assert secure.base.startswith("https://")
    assert secure.requests[0][2]["x-goog-api-key"] == KEY
    (arrived,) = server.requests
    assert "x-goog-api-key" not in arrived[2]


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("key", True),
        ("api_key", True),
        ("apiKey", True),
        ("access_token", True),
        ("X-Amz-Signature", True),
        ("sig", True),
        ("password", True),
        ("client_secret", True),
        ("PHPSESSID", True),
        ("q", False),
        ("keyword", False),
        ("page", False),
        ("author", False),
    ],
)
def test_secret_parameter_names(name: str, secret: bool) -> None:
    assert is_secret_param(name) is secret


def test_scope_drops_user_info_and_keeps_unrelated_parameters() -> None:
    scope = CredentialScope.of(httpx.URL("https://api.example/x?key=K1234&page=2"), {"X-Goog-Api-Key": KEY})
    away, target = scope.follow(httpx.URL(f"https://user:pw@other.example/y?key=K1234&page=2&k={KEY}&ref=a"))
    assert away.left
    assert str(target) == "https://other.example/y?page=2&ref=a"
    assert away.request_headers() == {}
    home, same = scope.follow(httpx.URL("https://api.example:443/z?key=K1234"))
    assert not home.left
    assert str(same) == "https://api.example/z?key=K1234"
    assert home.request_headers() == {"X-Goog-Api-Key": KEY}
