"""Benchmark: Fetcher.afetch_many against a bare httpx.AsyncClient loop, same concurrency, same run.

A local HTTP/1.1 keep-alive server (TCP_NODELAY, threaded) runs in a separate
process and adds 50 ms of latency to every response, standing in for a remote
site. Both clients fetch the same N pages with the same concurrency limit and
the same connection-pool size. Each runs once untimed, then ``--rounds`` rounds
interleaved (benchmarks/_harness.py); the ratio is the median over rounds of
the per-round ratio, printed with its spread and the run's conditions (load
average, warm caches).

The Fetcher runs with its safety features on: the SSRF guard checks every URL
(loopback is exempted through ``allowed_networks`` so the guard still runs, and
every connection is pinned to the address it approved), per-host concurrency
cap and rate limiter active (set above the achievable rate), body size limit,
content-type check, retries, manual redirects, credential scoping and the
total deadline. The HTTP cache is off (it is opt-in).

``--markup`` instead times reading hostile markup (50,000 unclosed nested
elements and the like) at 100 KB and 1 MB, the two sizes interleaved: reading
must grow linearly, about 10x for 10x the input, not 100x.

    python benchmarks/bench_web.py              # 2,000 pages, concurrency 50, 3 rounds
    python benchmarks/bench_web.py --pages 500  # quicker
    python benchmarks/bench_web.py --markup     # hostile markup, 100 KB vs 1 MB
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from _harness import conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

BODY = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>page</title></head><body>"
    + b"<p>"
    + b"lorem ipsum " * 90
    + b"</p></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    latency = 0.05

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.latency)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def serve(latency: float) -> None:
    _Handler.latency = latency
    server = _Server(("127.0.0.1", 0), _Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


async def bare_httpx(urls: list[str], concurrency: int) -> int:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    gate = asyncio.Semaphore(concurrency)
    ok = 0
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one(url: str) -> None:
            nonlocal ok
            async with gate:
                response = await client.get(url)
                if response.status_code == 200 and response.content:
                    ok += 1

        await asyncio.gather(*(one(u) for u in urls))
    return ok


async def with_fetcher(urls: list[str], concurrency: int) -> int:
    from claimtrack.web import Fetcher, Politeness, Timeouts

    async with Fetcher(
        allowed_networks=("127.0.0.1/32",),
        politeness=Politeness(
            concurrency=concurrency,
            per_host_concurrency=concurrency,
            per_host_rate=100_000,
            per_host_burst=concurrency,
        ),
        timeouts=Timeouts(total=30),
    ) as fetcher:
        outcomes = await fetcher.afetch_many(urls, concurrency=concurrency)
    return sum(1 for o in outcomes if o.ok)


HOSTILE_MARKUP = {
    "nested <b>": "<b>x",
    "unmatched end tags": "<i></q>",
    "paragraphs in deep divs": "<div><p>x",
}


def markup(rounds: int) -> None:
    """Time read_html on hostile markup at 100 KB and 1 MB, interleaved; print the median ratio per shape."""
    from claimtrack.web import read_html

    def reading(html: str) -> Callable[[], object]:
        return lambda: read_html(html, "https://example.org/")

    print("| markup | 100 KB (s) | 1 MB (s) | ratio (median of rounds, spread) |\n|---|---|---|---|")
    for name, unit in HOSTILE_MARKUP.items():
        sides = {
            label: reading(unit * (size // len(unit))) for label, size in (("100 KB", 100_000), ("1 MB", 1_000_000))
        }
        timings = interleaved(sides, runs=rounds)
        print(
            f"| {name} | {timings.median('100 KB'):.3f} | {timings.median('1 MB'):.3f} "
            f"| {timings.spread('1 MB', '100 KB')} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timed rounds per side (at least 3)")
    parser.add_argument("--markup", action="store_true", help="time reading hostile markup instead")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.latency)
        return
    print(f"conditions: {conditions()}", flush=True)
    if args.markup:
        markup(args.rounds)
        return
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--latency", str(args.latency)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        urls = [f"http://127.0.0.1:{port}/page/{i}" for i in range(args.pages)]

        def client(name: str, func: Callable[[list[str], int], Coroutine[Any, Any, int]]) -> Callable[[], None]:
            def fetch_all() -> None:
                ok = asyncio.run(func(urls, args.concurrency))
                if ok != len(urls):
                    raise SystemExit(f"{name}: only {ok} of {len(urls)} pages fetched")

            return fetch_all

        timings = interleaved(
            {
                "bare": client("bare httpx.AsyncClient", bare_httpx),
                "fetcher": client("Fetcher.afetch_many", with_fetcher),
            },
            runs=args.rounds,
        )
    finally:
        proc.terminate()
        proc.wait(5)
    rounds = len(timings.seconds["bare"])
    print(
        f"{args.pages} pages, concurrency {args.concurrency}, {args.latency * 1000:.0f} ms added latency, "
        f"{rounds} interleaved rounds after one untimed run of each, medians"
    )
    print("| client | pages/s (median) | runs |\n|---|---|---|")
    for name, side in (("bare httpx.AsyncClient", "bare"), ("Fetcher.afetch_many", "fetcher")):
        runs = ", ".join(f"{args.pages / t:.0f}" for t in timings.seconds[side])
        print(f"| {name} | {args.pages / timings.median(side):.0f} | {runs} |")
    # pages/s of the Fetcher over bare httpx's = bare's time over the Fetcher's, round by round
    print(f"ratio Fetcher / bare httpx (pages/s): {timings.spread('bare', 'fetcher')} (target >= 0.80x)")
    print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}")


if __name__ == "__main__":
    main()
