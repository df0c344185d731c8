"""Helpers of the web tests: a real HTTP/1.1 server on 127.0.0.1 serving the recorded pages in pages/.

It is threaded, keeps connections alive and sets TCP_NODELAY (without it a
keep-alive client stalls ~40 ms per request on Nagle + delayed ACK; see
shared/research/measurements.md section 4). Each route is a small function of
the request handler; ``server.hits`` counts requests per path so tests can
assert what reached the server and what the guard stopped before it did.

A server may listen on another loopback address (``127.0.0.2``, ``::1``) or
port, and speak TLS with the test certificate in tls/ (``tls_server_context``;
clients trust it through ``tls_client_context``). :func:`running` starts one
for a ``with`` block.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PAGES = Path(__file__).parent / "pages"
TLS = Path(__file__).parent / "tls"
FIXED_NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: LocalServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
            self.server.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.server.routes.get(path)
        if route is None:
            self.send_body(404, b"not found", "text/plain")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def send_body(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_body(status, b"", "text/plain", {"Location": location})


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)
        self.host = host
        self.scheme = "http"
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.state: dict[str, Any] = {}
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-body (the size-limit and timeout tests do so on purpose) are expected."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str) -> Callable[[Route], Route]:
        def register(func: Route) -> Route:
            self.routes[path] = func
            return func

        return register

    def page(self, path: str, filename: str, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        """Serve the recorded page ``pages/filename`` at ``path``."""
        body = (PAGES / filename).read_bytes()
        self.routes[path] = lambda h: h.send_body(200, body, content_type, headers)

    def raw(self, path: str, body: bytes, content_type: str, status: int = 200, **headers: str) -> None:
        self.routes[path] = lambda h: h.send_body(status, body, content_type, headers)


class RecordingSleep:
    """An injected ``sleep`` that records each wait and returns at once (keeps retry tests fast)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@contextlib.contextmanager
def running(server: LocalServer) -> Iterator[LocalServer]:
    """Serve ``server`` in a thread for the ``with`` block."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def tls_server_context(server_names: list[str] | None = None) -> ssl.SSLContext:
    """A server-side context with the test certificate; records each client's SNI in ``server_names``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "server.pem", TLS / "server-key.pem")
    if server_names is not None:

        def remember(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
            server_names.append(name or "")

        context.sni_callback = remember
    return context


def tls_client_context() -> ssl.SSLContext:
    """A client-side context that trusts the test CA only."""
    return ssl.create_default_context(cafile=str(TLS / "ca.pem"))


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
