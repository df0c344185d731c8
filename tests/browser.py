"""Headless Chromium for the HTML tests (the scorecard and the outlet fidelity card share it)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

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
