"""Fetcher against a real local HTTP server: limits, retries, redirects, timeouts, charsets, cache."""

from __future__ import annotations

import random
import time
from datetime import timedelta
from pathlib import Path

import anyio
import attrs
import httpx
import pytest
from web_server import FIXED_NOW, PAGES, Handler, LocalServer, RecordingSleep, free_port, wait_for

from claimtrack.errors import ClaimtrackError, FetchError
from claimtrack.web import (
    DEFAULT_USER_AGENT,
    TEXT_TYPES,
    BadContentError,
    BadStatusError,
    ConnectionFailedError,
    Fetcher,
    FetchTimeoutError,
    HttpCache,
    InvalidUrlError,
    Limits,
    Politeness,
    RateLimitedError,
    RedirectError,
    RetryPolicy,
    Timeouts,
    TooLargeError,
)

FIFTY_MB = 50 * 1024 * 1024


def test_fetch_returns_page_with_final_url_headers_and_user_agent(server: LocalServer, fetcher: Fetcher) -> None:
    server.page("/time", "time-ssi.html")
    page = fetcher.fetch(server.url("/time"))
    assert page.status == 200
    assert page.content == (PAGES / "time-ssi.html").read_bytes()
    assert page.content_type == "text/html"
    assert page.retrieved_at == FIXED_NOW
    assert "Safe Superintelligence" in page.text
    sent = server.requests[-1][2]
    assert sent["user-agent"].startswith("claimtrack/")


def test_async_entry_point_shares_the_implementation(server: LocalServer) -> None:
    server.page("/time", "time-ssi.html")

    async def main() -> bytes:
        async with Fetcher(allow_private=True) as f:
            return (await f.afetch(server.url("/time"))).content

    assert anyio.run(main) == (PAGES / "time-ssi.html").read_bytes()


# -- size limit ------------------------------------------------------------------------------


def _stream_fifty_mb(h: Handler) -> None:
    """50 MB generated on the fly, chunked (no Content-Length), counting what was sent."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>"
    sent = 0
    try:
        while sent < FIFTY_MB:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
            h.server.state["sent"] = sent
        h.wfile.write(b"0\r\n\r\n")
        h.server.state["completed"] = True
    except OSError:
        h.server.state["aborted"] = True
        h.close_connection = True


def test_fifty_mb_body_is_refused_past_the_limit_without_reading_it_all(server: LocalServer, fetcher: Fetcher) -> None:
    server.routes["/big"] = _stream_fifty_mb
    with pytest.raises(TooLargeError) as caught:
        fetcher.fetch(server.url("/big"), max_bytes=1024 * 1024)
    assert caught.value.limit == 1024 * 1024
    assert caught.value.url == server.url("/big")
    assert wait_for(lambda: server.state.get("aborted", False))
    assert not server.state.get("completed")
    assert server.state["sent"] < FIFTY_MB // 2


def test_declared_content_length_over_the_limit_is_refused_before_reading(
    server: LocalServer, fetcher: Fetcher
) -> None:
    def declared(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(FIFTY_MB))
        h.end_headers()
        h.close_connection = True

    server.routes["/declared"] = declared
    with pytest.raises(TooLargeError, match="Content-Length 52428800"):
        fetcher.fetch(server.url("/declared"), max_bytes=1024 * 1024)


# -- timeouts --------------------------------------------------------------------------------


def _drip(h: Handler) -> None:
    """A byte every 100 ms: never trips a per-read timeout, only the total deadline."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    try:
        for _ in range(1000):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        h.close_connection = True


def test_slow_drip_response_hits_the_total_deadline(server: LocalServer, sleeps: RecordingSleep) -> None:
    server.routes["/drip"] = _drip
    with Fetcher(allow_private=True, timeouts=Timeouts(read=2, total=0.6), sleep=sleeps) as f:
        started = time.monotonic()
        with pytest.raises(FetchTimeoutError, match="total deadline") as caught:
            f.fetch(server.url("/drip"))
    assert time.monotonic() - started < 5
    assert isinstance(caught.value, TimeoutError)
    assert server.hits["/drip"] == 1  # a read timeout is not retried


def test_silent_server_trips_the_read_timeout(server: LocalServer, sleeps: RecordingSleep) -> None:
    def silent(h: Handler) -> None:
        time.sleep(1.5)
        h.send_body(200, b"late", "text/html")

    server.routes["/silent"] = silent
    with Fetcher(allow_private=True, timeouts=Timeouts(read=0.3), sleep=sleeps) as f, pytest.raises(FetchTimeoutError):
        f.fetch(server.url("/silent"))


# -- redirects -------------------------------------------------------------------------------


def test_redirects_are_followed_hop_by_hop(server: LocalServer, fetcher: Fetcher) -> None:
    server.page("/article/05/15/2024/openai-chief-scientist-ilya-sutskever-sam-altman-leaving", "semafor-url-date.html")
    server.routes["/short"] = lambda h: h.redirect("/moved", 301)
    server.routes["/moved"] = lambda h: h.redirect(
        "/article/05/15/2024/openai-chief-scientist-ilya-sutskever-sam-altman-leaving", 302
    )
    page = fetcher.fetch(server.url("/short"))
    assert page.url.endswith("/article/05/15/2024/openai-chief-scientist-ilya-sutskever-sam-altman-leaving")
    assert page.requested_url == server.url("/short")
    assert page.redirects == (server.url("/short"), server.url("/moved"))


def test_redirect_loop_is_refused(server: LocalServer, fetcher: Fetcher) -> None:
    server.routes["/loop/a"] = lambda h: h.redirect("/loop/b")
    server.routes["/loop/b"] = lambda h: h.redirect("/loop/a")
    with pytest.raises(RedirectError, match="loop"):
        fetcher.fetch(server.url("/loop/a"))
    assert server.hits["/loop/a"] == 1
    assert server.hits["/loop/b"] == 1


def test_redirect_limit(server: LocalServer, sleeps: RecordingSleep) -> None:
    for n in range(1, 10):
        server.routes[f"/chain/{n}"] = lambda h, n=n: h.redirect(f"/chain/{n + 1}")
    with (
        Fetcher(allow_private=True, limits=Limits(max_redirects=3), sleep=sleeps) as f,
        pytest.raises(RedirectError, match="more than 3 redirects"),
    ):
        f.fetch(server.url("/chain/1"))
    assert server.hits["/chain/4"] == 1
    assert server.hits["/chain/5"] == 0


# -- retries ---------------------------------------------------------------------------------


def _limited(status: int, retry_after: str, failures: int = 1):  # type: ignore[no-untyped-def]
    def route(h: Handler) -> None:
        if h.server.hits[h.path] <= failures:
            h.send_body(status, b"slow down", "text/plain", {"Retry-After": retry_after})
        else:
            h.send_body(200, b"<p>ok</p>", "text/html")

    return route


def test_429_with_retry_after_is_retried_after_the_asked_wait(
    server: LocalServer, fetcher: Fetcher, sleeps: RecordingSleep
) -> None:
    server.routes["/limited"] = _limited(429, "2")
    page = fetcher.fetch(server.url("/limited"))
    assert page.text == "<p>ok</p>"
    assert server.hits["/limited"] == 2
    assert sleeps.waits == [2.0]


def test_503_with_http_date_retry_after_uses_the_injected_clock(
    server: LocalServer, fetcher: Fetcher, sleeps: RecordingSleep
) -> None:
    when = (FIXED_NOW + timedelta(seconds=7)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    server.routes["/busy"] = _limited(503, when)
    assert fetcher.fetch(server.url("/busy")).status == 200
    assert sleeps.waits == [7.0]


def test_real_short_retry_after_is_waited(server: LocalServer) -> None:
    server.routes["/limited"] = _limited(429, "1")
    with Fetcher(allow_private=True, politeness=Politeness(per_host_rate=None)) as f:
        started = time.monotonic()
        assert f.fetch(server.url("/limited")).status == 200
    assert time.monotonic() - started >= 0.95


def test_retry_after_beyond_the_cap_fails_at_once(server: LocalServer, sleeps: RecordingSleep) -> None:
    server.routes["/limited"] = _limited(429, "3600")
    with (
        Fetcher(allow_private=True, retries=RetryPolicy(max_retry_after=60), sleep=sleeps) as f,
        pytest.raises(RateLimitedError) as caught,
    ):
        f.fetch(server.url("/limited"))
    assert caught.value.retry_after == 3600
    assert caught.value.status == 429
    assert sleeps.waits == []


def test_persistent_503_backs_off_exponentially_with_jitter_then_fails(
    server: LocalServer, sleeps: RecordingSleep
) -> None:
    server.raw("/down", b"down", "text/plain", status=503)
    with (
        Fetcher(allow_private=True, retries=RetryPolicy(max_retries=3, backoff_base=0.1), sleep=sleeps) as f,
        pytest.raises(BadStatusError) as caught,
    ):
        f.fetch(server.url("/down"))
    assert caught.value.status == 503
    assert server.hits["/down"] == 4
    assert len(sleeps.waits) == 3
    for attempt, wait in enumerate(sleeps.waits):
        ceiling = 0.1 * 2**attempt
        assert ceiling / 2 <= wait <= ceiling


def test_connection_dropped_without_answer_is_retried(
    server: LocalServer, fetcher: Fetcher, sleeps: RecordingSleep
) -> None:
    def flaky(h: Handler) -> None:
        if h.server.hits["/flaky"] == 1:
            h.close_connection = True
            return  # no response at all: the client sees the connection closed
        h.send_body(200, b"<p>second time lucky</p>", "text/html")

    server.routes["/flaky"] = flaky
    assert fetcher.fetch(server.url("/flaky")).text == "<p>second time lucky</p>"
    assert server.hits["/flaky"] == 2
    assert len(sleeps.waits) == 1


def test_refused_connection_is_retried_then_reported(sleeps: RecordingSleep) -> None:
    url = f"http://127.0.0.1:{free_port()}/nothing-here"
    with (
        Fetcher(allow_private=True, retries=RetryPolicy(max_retries=2), sleep=sleeps) as f,
        pytest.raises(ConnectionFailedError) as caught,
    ):
        f.fetch(url)
    assert caught.value.url == url
    assert isinstance(caught.value, ConnectionError)
    assert len(sleeps.waits) == 2


def test_404_is_a_bad_status_and_not_retried(server: LocalServer, fetcher: Fetcher, sleeps: RecordingSleep) -> None:
    with pytest.raises(BadStatusError) as caught:
        fetcher.fetch(server.url("/missing"))
    assert caught.value.status == 404
    assert sleeps.waits == []


# -- content types and charsets ---------------------------------------------------------------


def test_pdf_is_refused_by_content_type(server: LocalServer, fetcher: Fetcher) -> None:
    server.raw("/report.pdf", b"%PDF-1.7\n" + b"0" * 4096, "application/pdf")
    with pytest.raises(BadContentError) as caught:
        fetcher.evidence(server.url("/report.pdf"))
    assert caught.value.content_type == "application/pdf"


def _japanese_page() -> str:
    return (PAGES / "ads-ja.html").read_text("utf-8")


def test_utf8_body_mislabelled_latin1_is_read_as_utf8(server: LocalServer, fetcher: Fetcher) -> None:
    server.raw("/ja", _japanese_page().encode("utf-8"), "text/html; charset=iso-8859-1")
    page = fetcher.fetch(server.url("/ja"))
    assert page.encoding == "utf-8"
    assert "2026年1月16日" in page.text


def test_shift_jis_body_mislabelled_utf8_falls_back_to_meta_charset(server: LocalServer, fetcher: Fetcher) -> None:
    html = _japanese_page().replace('charset="utf-8"', 'charset="shift_jis"')
    server.raw("/sjis", html.encode("shift_jis"), "text/html; charset=utf-8")
    ev = fetcher.evidence(server.url("/sjis"))
    assert ev.title == "OpenAI、米国でChatGPTの広告テストを開始"
    assert ev.language == "ja"


def test_cp1252_without_any_charset_and_unknown_labels(server: LocalServer, fetcher: Fetcher) -> None:
    body = "<p>Altman: \u201cI\u2019m not totally against it\u201d</p>".encode("cp1252")
    server.raw("/cp1252", body, "text/html")
    server.raw("/bogus", b"<p>plain</p>", "text/html; charset=x-no-such-charset")
    assert "I\u2019m not totally against it" in fetcher.fetch(server.url("/cp1252")).text
    assert fetcher.fetch(server.url("/bogus")).text == "<p>plain</p>"


# -- cache -----------------------------------------------------------------------------------


def test_cache_revalidates_with_etag_and_serves_the_304_from_cache(server: LocalServer, tmp_path: Path) -> None:
    body = (PAGES / "techcrunch-board.html").read_bytes()

    def etagged(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("ETag", '"v1"')
            h.send_header("Content-Length", "0")
            h.end_headers()
            h.server.state["304"] = h.server.state.get("304", 0) + 1
            return
        h.send_body(200, body, "text/html; charset=utf-8", {"ETag": '"v1"', "Cache-Control": "no-cache"})

    server.routes["/etag"] = etagged
    with Fetcher(allow_private=True, cache=HttpCache(tmp_path / "http.sqlite")) as f:
        first = f.fetch(server.url("/etag"))
        second = f.fetch(server.url("/etag"))
    assert not first.from_cache
    assert second.from_cache
    assert second.revalidated
    assert second.content == body
    assert server.state["304"] == 1
    assert server.requests[-1][2].get("if-none-match") == '"v1"'


def test_cache_revalidates_with_last_modified(server: LocalServer, tmp_path: Path) -> None:
    body = (PAGES / "gzero-refiles.html").read_bytes()
    stamp = "Tue, 06 Aug 2024 12:00:00 GMT"

    def dated(h: Handler) -> None:
        if h.headers.get("If-Modified-Since") == stamp:
            h.send_response(304)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_body(200, body, "text/html", {"Last-Modified": stamp, "Cache-Control": "no-cache"})

    server.routes["/dated"] = dated
    with Fetcher(allow_private=True, cache=HttpCache(tmp_path / "http.sqlite")) as f:
        f.fetch(server.url("/dated"))
        again = f.fetch(server.url("/dated"))
    assert again.from_cache
    assert again.content == body
    assert server.hits["/dated"] == 2


# -- batches and error mapping ---------------------------------------------------------------


def test_fetch_many_keeps_order_and_never_aborts_for_one_bad_url(server: LocalServer, fetcher: Fetcher) -> None:
    server.page("/a", "time-ssi.html")
    server.page("/b", "bi-sutskever.html")
    server.raw("/pdf", b"%PDF-1.7", "application/pdf")
    urls = [server.url("/a"), server.url("/missing"), "ftp://example.org/x", server.url("/pdf"), server.url("/b")]
    outcomes = fetcher.fetch_many(urls, concurrency=2)
    assert [o.url for o in outcomes] == urls
    assert [o.ok for o in outcomes] == [True, False, False, False, True]
    assert isinstance(outcomes[1].error, BadStatusError)
    assert isinstance(outcomes[3].error, BadContentError)
    assert outcomes[4].value is not None
    assert b"Business Insider" in outcomes[4].value.content


def test_per_host_concurrency_cap_is_respected(server: LocalServer, sleeps: RecordingSleep) -> None:
    import threading

    active = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(h: Handler) -> None:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        time.sleep(0.05)
        with lock:
            active["now"] -= 1
        h.send_body(200, b"<p>ok</p>", "text/html")

    for i in range(12):
        server.routes[f"/slow/{i}"] = slow
    with Fetcher(
        allow_private=True, politeness=Politeness(per_host_concurrency=2, per_host_rate=None), sleep=sleeps
    ) as f:
        outcomes = f.fetch_many([server.url(f"/slow/{i}") for i in range(12)], concurrency=8)
    assert all(o.ok for o in outcomes)
    assert active["max"] == 2


def test_per_host_rate_limit_spaces_request_starts(server: LocalServer) -> None:
    for i in range(5):
        server.raw(f"/r/{i}", b"<p>ok</p>", "text/html")
    with Fetcher(allow_private=True, politeness=Politeness(per_host_rate=20)) as f:
        started = time.monotonic()
        outcomes = f.fetch_many([server.url(f"/r/{i}") for i in range(5)], concurrency=5)
        elapsed = time.monotonic() - started
    assert all(o.ok for o in outcomes)
    assert elapsed >= 4 / 20 * 0.9  # five starts, 50 ms apart


def test_httpx_errors_never_leak_from_an_injected_transport() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("boom", request=request)

    with (
        Fetcher(allow_private=True, transport=httpx.MockTransport(broken)) as f,
        pytest.raises(FetchTimeoutError) as caught,
    ):
        f.fetch("http://127.0.0.1/x")
    assert not isinstance(caught.value, httpx.HTTPError)
    assert isinstance(caught.value, ClaimtrackError)


def test_malformed_urls_are_invalid_url_errors(fetcher: Fetcher) -> None:
    with pytest.raises(InvalidUrlError):
        fetcher.fetch("http://")
    with pytest.raises(FetchError):
        fetcher.fetch("not a url at all")


def test_bad_configuration_is_refused_where_it_is_written() -> None:
    with pytest.raises(ValueError):
        Limits(max_bytes=0)
    with pytest.raises(ValueError):
        Limits(max_redirects=-1)
    with pytest.raises(ValueError):
        Timeouts(total=-1)
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        RetryPolicy(backoff_base=-0.5)
    for bad in ({"concurrency": 0}, {"per_host_concurrency": 0}, {"per_host_burst": 0}):
        with pytest.raises(ValueError):
            Politeness(**bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Fetcher(timeouts=30)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Fetcher(cache="http.sqlite")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Fetcher(total_timeout=30)  # type: ignore[call-arg]


def test_settings_are_frozen_values_with_the_documented_defaults() -> None:
    fetcher = Fetcher()
    assert fetcher.timeouts == Timeouts(connect=10, read=30, total=60)
    assert fetcher.limits == Limits(max_bytes=10 * 1024 * 1024, max_redirects=5)
    assert fetcher.limits.content_types == TEXT_TYPES
    assert fetcher.retries == RetryPolicy(max_retries=3, backoff_base=0.5, backoff_max=30, max_retry_after=120)
    assert fetcher.politeness == Politeness(per_host_rate=5, per_host_burst=1, per_host_concurrency=4, concurrency=16)
    assert fetcher.politeness.user_agent == DEFAULT_USER_AGENT
    assert fetcher.cache is None
    assert isinstance(fetcher.timeouts.total, float)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fetcher.timeouts.total = 1  # type: ignore[misc]
    assert Limits(content_types=["text/html"]).content_types == frozenset({"text/html"})
    assert HttpCache("cache/http.sqlite").path == Path("cache/http.sqlite")


def test_backoff_delay_stays_within_the_equal_jitter_band() -> None:
    policy = RetryPolicy(backoff_base=1, backoff_max=5)
    rng = random.Random(7)
    for attempt, ceiling in enumerate((1, 2, 4, 5, 5)):
        assert ceiling / 2 <= policy.backoff_delay(attempt, rng) <= ceiling
    assert Fetcher(retries=policy, rng=random.Random(7)).backoff_delay(0) == policy.backoff_delay(0, random.Random(7))


def test_per_call_limits_replace_the_fetchers(server: LocalServer, fetcher: Fetcher) -> None:
    server.raw("/plain", b"just text", "text/plain")
    assert fetcher.fetch(server.url("/plain")).text == "just text"
    with pytest.raises(BadContentError):
        fetcher.fetch(server.url("/plain"), content_types={"text/html"})
    strict = Fetcher(allow_private=True, limits=Limits(content_types={"text/html"}, max_bytes=4))
    with strict:
        with pytest.raises(BadContentError):
            strict.fetch(server.url("/plain"))
        with pytest.raises(TooLargeError):
            strict.fetch(server.url("/plain"), content_types={"text/plain"})
        assert strict.fetch(server.url("/plain"), content_types={"text/plain"}, max_bytes=100).content == b"just text"
