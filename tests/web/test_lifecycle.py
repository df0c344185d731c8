"""A Fetcher never outlives the interpreter: scripts that forget close() still exit, and promptly.

The sync methods run on an event loop in a background thread. A Fetcher that
is never closed used to leave that loop's shutdown to interpreter finalisation,
after daemon threads are frozen, and the script hung at exit forever. Each
script below is run in a fresh interpreter and must finish within a deadline.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from web_server import LocalServer, free_port, wait_for

from claimtrack.web import Fetcher

REPO = Path(__file__).resolve().parents[2]
EXIT_DEADLINE = 30.0
"""Seconds a script gets to run and exit; a clean one takes about one (mostly imports)."""


def _run_script(body: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(body)],
            capture_output=True,
            text=True,
            timeout=EXIT_DEADLINE,
            env=env,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired as exc:  # the bug: the interpreter never finishes exiting
        pytest.fail(f"the script did not exit within {EXIT_DEADLINE:g} s; it printed {exc.stdout!r}")


SCRIPTS = {
    "after a successful fetch at module level": (
        """
        from claimtrack.web import Fetcher
        fetcher = Fetcher(allow_private=True)
        print(fetcher.fetch(URL).status)
        """,
        0,
        "200",
    ),
    "after a caught fetch error (file:// refused)": (
        """
        from claimtrack.web import Fetcher, FetchError
        fetcher = Fetcher()
        try:
            fetcher.fetch("file:///etc/passwd")
        except FetchError as exc:
            print(type(exc).__name__)
        """,
        0,
        "BlockedAddressError",
    ),
    "after an uncaught fetch error": (
        """
        from claimtrack.web import Fetcher
        print("fetching", flush=True)
        Fetcher().fetch("file:///etc/passwd")
        """,
        1,
        "fetching",
    ),
    "after evidence_many where every URL failed": (
        """
        from claimtrack.web import Fetcher, RetryPolicy
        fetcher = Fetcher(allow_private=True, retries=RetryPolicy(max_retries=0))
        outcomes = fetcher.evidence_many([URL + "missing", "file:///etc/passwd", DEAD])
        print(sum(not o.ok for o in outcomes), "failed")
        """,
        0,
        "3 failed",
    ),
    "after sys.exit(0)": (
        """
        import sys
        from claimtrack.web import Fetcher
        fetcher = Fetcher(allow_private=True)
        fetcher.fetch(URL)
        print("exiting", flush=True)
        sys.exit(0)
        """,
        0,
        "exiting",
    ),
    "after FactCheckClient.search() raised": (
        """
        from claimtrack.web import FactCheckClient, Fetcher, FetchError
        client = FactCheckClient(Fetcher(allow_private=True), "key", BASE)
        try:
            client.search("anything")
        except FetchError as exc:
            print(type(exc).__name__)
        """,
        0,
        "BadStatusError",
    ),
}


@pytest.mark.parametrize("case", list(SCRIPTS))
def test_a_script_that_never_closes_its_fetcher_exits(server: LocalServer, case: str) -> None:
    server.raw("/", b"<p>ok</p>", "text/html")
    body, exit_code, printed = SCRIPTS[case]
    prelude = f"URL = {server.url('/')!r}\nBASE = {server.base!r}\nDEAD = 'http://127.0.0.1:{free_port()}/'\n"
    done = _run_script(prelude + textwrap.dedent(body))
    assert done.returncode == exit_code, done.stderr
    assert printed in done.stdout
    assert "Exception ignored" not in done.stderr  # nothing went wrong while shutting the loop down


def _loop_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "claimtrack-web"]


def test_an_unclosed_fetcher_stops_its_loop_thread_when_collected(server: LocalServer) -> None:
    server.raw("/", b"<p>ok</p>", "text/html")
    before = set(_loop_threads())
    fetcher = Fetcher(allow_private=True)
    assert fetcher.fetch(server.url("/")).status == 200
    started = set(_loop_threads()) - before
    assert len(started) == 1
    del fetcher
    gc.collect()
    assert wait_for(lambda: not any(t.is_alive() for t in started))


def test_close_stops_the_loop_thread_and_a_closed_fetcher_can_be_used_again(server: LocalServer) -> None:
    server.raw("/", b"<p>ok</p>", "text/html")
    before = set(_loop_threads())
    fetcher = Fetcher(allow_private=True)
    fetcher.fetch(server.url("/"))
    first = set(_loop_threads()) - before
    fetcher.close()
    assert not any(t.is_alive() for t in first)
    fetcher.close()  # closing twice is harmless
    assert fetcher.fetch(server.url("/")).status == 200  # a new loop is started on demand
    second = set(_loop_threads()) - before
    assert len(second) == 1
    assert second.isdisjoint(first)
    fetcher.close()
    assert not any(t.is_alive() for t in second)
