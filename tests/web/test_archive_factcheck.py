"""Wayback snapshots and the Fact Check Tools API, each against a local server speaking its documented shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import anyio
import pytest
from web_server import Handler, LocalServer, RecordingSleep

from claimtrack.model import Evidence
from claimtrack.web import (
    BadContentError,
    BadStatusError,
    FactCheckClient,
    Fetcher,
    MissingApiKeyError,
    Politeness,
    Wayback,
)
from claimtrack.web.archive import aarchive, archive, archive_evidence

TIME_URL = "https://time.com/6990076/safe-superintelligence-inc-announced"


async def public_dns(host: str, port: int) -> list[str]:
    """time.com is on a public address (the test plays DNS, so archiving's privacy check is deterministic)."""
    return ["93.184.216.34"]


def _fetcher(sleeps: RecordingSleep) -> Fetcher:
    return Fetcher(allow_private=True, sleep=sleeps, politeness=Politeness(per_host_rate=None), resolver=public_dns)


def _wayback(server: LocalServer) -> Wayback:
    """The local server standing in for both Wayback endpoints."""
    return Wayback(api_url=server.url("/wayback/available"), save_url=server.url("/save/"))


def _availability(snapshots: dict[str, object]):  # type: ignore[no-untyped-def]
    def route(h: Handler) -> None:
        body = json.dumps({"url": TIME_URL, "archived_snapshots": snapshots}).encode()
        h.send_body(200, body, "application/json")

    return route


def test_closest_snapshot_is_used_when_there_is_one(server: LocalServer, sleeps: RecordingSleep) -> None:
    snapshot = f"http://web.archive.org/web/20240619120000/{TIME_URL}"
    server.routes["/wayback/available"] = _availability(
        {"closest": {"available": True, "url": snapshot, "timestamp": "20240619120000", "status": "200"}}
    )
    wayback = _wayback(server)
    with _fetcher(sleeps) as f:
        found = archive(f, TIME_URL, wayback=wayback)
        ev = archive_evidence(f, Evidence(url=TIME_URL, title="Former OpenAI Chief Scientist"), wayback=wayback)
    assert found is not None
    assert found.url == snapshot
    assert found.taken_at == datetime(2024, 6, 19, 12, 0, tzinfo=UTC)
    assert not found.created
    assert ev.archived_url == snapshot
    assert ev.title == "Former OpenAI Chief Scientist"
    assert server.hits["/save/" + TIME_URL] == 0
    assert "url=https" in server.requests[0][1]


def test_without_a_snapshot_a_new_one_is_requested(server: LocalServer, sleeps: RecordingSleep) -> None:
    server.routes["/wayback/available"] = _availability({})
    created = f"/web/20261127090000/{TIME_URL}"
    server.routes["/save/" + TIME_URL] = lambda h: h.redirect(created)
    wayback = _wayback(server)
    with _fetcher(sleeps) as f:
        found = archive(f, TIME_URL, wayback=wayback)
        assert archive(f, TIME_URL, save=False, wayback=wayback) is None
    assert found is not None
    assert found.created
    assert found.url == server.url(created)
    assert found.taken_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert server.hits[f"/web/20261127090000/{TIME_URL}"] == 0  # the snapshot itself is not downloaded


def test_save_page_now_rate_limit_is_retried(server: LocalServer, sleeps: RecordingSleep) -> None:
    server.routes["/wayback/available"] = _availability({})

    def save(h: Handler) -> None:
        if h.server.hits[h.path] == 1:
            h.send_body(429, b"too many", "text/plain", {"Retry-After": "5"})
        else:
            h.send_body(200, b"saved", "text/html", {"Content-Location": f"/web/20261127090000/{TIME_URL}"})

    server.routes["/save/" + TIME_URL] = save
    with _fetcher(sleeps) as f:
        found = archive(f, TIME_URL, wayback=_wayback(server))
    assert found is not None
    assert found.url.endswith(f"/web/20261127090000/{TIME_URL}")
    assert sleeps.waits == [5.0]


def test_archiving_from_async_code_uses_the_same_fetcher(server: LocalServer, sleeps: RecordingSleep) -> None:
    snapshot = f"http://web.archive.org/web/20240619120000/{TIME_URL}"
    server.routes["/wayback/available"] = _availability(
        {"closest": {"available": True, "url": snapshot, "timestamp": "20240619120000", "status": "200"}}
    )

    async def main() -> str | None:
        async with _fetcher(sleeps) as f:
            found = await aarchive(f, TIME_URL, wayback=_wayback(server))
        return found.url if found else None

    assert anyio.run(main) == snapshot


def test_the_fetcher_does_not_know_about_archiving() -> None:
    """The dependency points one way: archive.py uses the fetcher, the fetcher never imports archive."""
    import ast
    import inspect

    import claimtrack.web.fetcher as fetcher_module

    tree = ast.parse(inspect.getsource(fetcher_module))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name and name.startswith("claimtrack.web.archive")}
    assert not hasattr(Fetcher, "archive")
    assert not hasattr(Fetcher, "aarchive_evidence")


def test_evidence_that_has_a_copy_is_left_alone(server: LocalServer, sleeps: RecordingSleep) -> None:
    ev = Evidence(url=TIME_URL, archived_url=f"http://web.archive.org/web/20240619120000/{TIME_URL}")
    with _fetcher(sleeps) as f:
        assert archive_evidence(f, ev, wayback=_wayback(server)) is ev
        assert archive_evidence(f, Evidence(title="no URL")).archived_url is None
    assert server.requests == []


# -- Fact Check Tools ------------------------------------------------------------------------

# The documented claims:search response shape (factcheck-anchors.md section 2), filled with a real
# review: TechCrunch's 2025-01-01 report that the Media Manager opt-out tool promised by 2025 was not delivered.
SEARCH_PAGE_1 = {
    "claims": [
        {
            "text": "OpenAI will ship its Media Manager opt-out tool by 2025",
            "claimant": "OpenAI",
            "claimReview": [
                {
                    "publisher": {"name": "TechCrunch", "site": "techcrunch.com"},
                    "url": "https://techcrunch.com/2025/01/01/openai-failed-to-deliver-the-opt-out-tool-it-promised-by-2025",
                    "title": "OpenAI failed to deliver the opt-out tool it promised by 2025",
                    "reviewDate": "2025-01-01T00:00:00Z",
                    "textualRating": "Not delivered",
                    "languageCode": "en",
                    "someFutureField": True,
                }
            ],
        }
    ],
    "nextPageToken": "page-2",
}
SEARCH_PAGE_2 = {"claims": []}


def _search_api(h: Handler) -> None:
    if h.headers.get("X-Goog-Api-Key") != "test-key":
        h.send_body(403, b'{"error": {"code": 403}}', "application/json")
        return
    page = SEARCH_PAGE_2 if "pageToken=page-2" in h.path else SEARCH_PAGE_1
    h.send_body(200, json.dumps(page).encode(), "application/json; charset=UTF-8")


def test_claims_search_returns_typed_results(server: LocalServer, fetcher: Fetcher) -> None:
    server.routes["/v1alpha1/claims:search"] = _search_api
    client = FactCheckClient.from_env(
        fetcher, environ={"CLAIMTRACK_FACTCHECK_API_KEY": "test-key"}, base_url=server.base
    )
    results = client.search(
        "Media Manager",
        language_code="en",
        review_publisher_site_filter="techcrunch.com",
        max_age_days=900,
        page_size=5,
    )
    assert results.next_page_token == "page-2"
    claim = results.claims[0]
    assert claim.claimant == "OpenAI"
    assert claim.claim_date is None
    review = claim.claim_review[0]
    assert review.publisher is not None
    assert review.publisher.site == "techcrunch.com"
    assert review.textual_rating == "Not delivered"
    assert review.review_date == datetime(2025, 1, 1, tzinfo=UTC)
    query = server.requests[-1][1]
    for part in (
        "query=Media+Manager",
        "languageCode=en",
        "reviewPublisherSiteFilter=techcrunch.com",
        "maxAgeDays=900",
    ):
        assert part in query
    assert "pageSize=5" in query
    assert "test-key" not in query  # the key travels in a header, never in the URL


def test_claims_search_all_follows_page_tokens(server: LocalServer, fetcher: Fetcher) -> None:
    server.routes["/v1alpha1/claims:search"] = _search_api
    client = FactCheckClient(fetcher, "test-key", server.base)
    results = client.search_all("Media Manager")
    assert len(results.claims) == 1
    assert results.next_page_token is None
    assert server.hits["/v1alpha1/claims:search"] == 2


def test_claims_search_errors(server: LocalServer, fetcher: Fetcher) -> None:
    server.routes["/v1alpha1/claims:search"] = _search_api
    with pytest.raises(BadStatusError) as caught:
        FactCheckClient(fetcher, "wrong-key", server.base).search("x")
    assert caught.value.status == 403
    assert "wrong-key" not in str(caught.value)
    server.raw("/v1alpha1/claims:search", b'{"claims": "not a list"}', "application/json")
    with pytest.raises(BadContentError, match="claims"):
        FactCheckClient(fetcher, "k", server.base).search("x")
    with pytest.raises(MissingApiKeyError, match="CLAIMTRACK_FACTCHECK_API_KEY"):
        FactCheckClient.from_env(fetcher, environ={})
    with pytest.raises(ValueError, match="needs a query"):
        FactCheckClient(fetcher, "k", server.base).search()
