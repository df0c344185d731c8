"""Headless Chromium for the HTML tests (the scorecard and the outlet fidelity card share it)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import attrs
import pytest

CHROMIUM = "/usr/bin/chromium"


@attrs.frozen
class Browser:
    """Runs headless Chromium on a file and returns the DOM after scripts ran and the console lines."""

    profile: Path

    def __call__(self, page: Path, *, screenshot: Path | None = None, size: str = "1280,2000") -> tuple[str, list[str]]:
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={self.profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={size}",
            "--virtual-time-budget=5000",
        ]
        args.append(f"--screenshot={screenshot}" if screenshot is not None else "--dump-dom")
        done = subprocess.run([*args, page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
        console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
        return done.stdout, console


def browser_in(folder: Path) -> Callable[..., tuple[str, list[str]]]:
    """A headless Chromium with a fresh profile in ``folder``; skips when Chromium is not installed."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip("headless Chromium is not installed (.ci/run installs Debian's chromium)")
    return Browser(folder / "profile")


def _pipe_to_fds_3_and_4(to_chromium: int, from_chromium: int) -> Callable[[], None]:
    """In the child: put the two pipe ends where ``--remote-debugging-pipe`` reads and writes (fds 3 and 4)."""

    def move() -> None:
        read_end, write_end = os.dup(to_chromium), os.dup(from_chromium)
        os.dup2(read_end, 3)
        os.dup2(write_end, 4)

    return move


@attrs.frozen
class Viewer:
    """Headless Chromium driven over the DevTools protocol (on a pipe), at an exact viewport width.

    ``--window-size`` cannot go below 500 px in headless Chromium, so a phone's width is set with
    ``Emulation.setDeviceMetricsOverride``. ``look`` loads a file, waits for its load event, and
    returns the DOM after its scripts ran, the console messages and errors, and optionally a PNG
    screenshot of the viewport.
    """

    profile: Path

    def look(
        self, page: Path, *, width: int, height: int = 1200, screenshot: Path | None = None
    ) -> tuple[str, list[str]]:
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={self.profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        proc = subprocess.Popen(  # a fixed local binary
            args,
            preexec_fn=_pipe_to_fds_3_and_4(to_read, from_write),  # the tests start no threads
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_read)
        os.close(from_write)
        session = _Session(os.fdopen(to_write, "wb"), os.fdopen(from_read, "rb"))
        try:
            target = session.call("Target.createTarget", url="about:blank")["targetId"]
            sid = session.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            session.call(
                "Emulation.setDeviceMetricsOverride", sid, width=width, height=height, deviceScaleFactor=1, mobile=False
            )
            for domain in ("Page", "Runtime", "Log"):
                session.call(f"{domain}.enable", sid)
            session.call("Page.navigate", sid, url=page.as_uri())
            session.wait("Page.loadEventFired")
            found = session.call("Runtime.evaluate", sid, expression="document.documentElement.outerHTML")
            dom = str(found["result"]["value"])
            if screenshot is not None:
                shot = session.call("Page.captureScreenshot", sid, format="png")
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            noted = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")
            console = [json.dumps(e["params"]) for e in session.events if e.get("method") in noted]
            with contextlib.suppress(OSError, RuntimeError):
                session.call("Browser.close")
        finally:
            session.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return dom, console


class _Session:
    """DevTools protocol messages over ``--remote-debugging-pipe``: JSON, each ended by a NUL byte."""

    def __init__(self, out: BinaryIO, inp: BinaryIO) -> None:
        self.out, self.inp = out, inp
        self.buffer = b""
        self.last = 0
        self.events: list[dict[str, Any]] = []

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = self.inp.read1(65536)  # type: ignore[attr-defined]
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        found: dict[str, Any] = json.loads(message)
        return found

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.last += 1
        message: dict[str, Any] = {"id": self.last, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self.out.write(json.dumps(message).encode("utf-8") + b"\0")
        self.out.flush()
        while True:
            answer = self._read()
            if answer.get("id") == self.last:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self.events.append(answer)

    def wait(self, method: str) -> None:
        if any(e.get("method") == method for e in self.events):
            return
        while True:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method:
                return

    def close(self) -> None:
        self.out.close()
        self.inp.close()


def viewer_in(folder: Path) -> Viewer:
    """Headless Chromium over the DevTools protocol with a fresh profile in ``folder``; skips without Chromium."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip("headless Chromium is not installed (.ci/run installs Debian's chromium)")
    return Viewer(folder / "viewer-profile")
