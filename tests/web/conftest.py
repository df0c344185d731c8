"""Fixtures of the web tests: the local server, a Fetcher that may reach it, recorded sleeps."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make web_server importable by the tests

from web_server import FIXED_NOW, LocalServer, RecordingSleep, running

from claimtrack.web import Fetcher, Politeness, RetryPolicy, Timeouts


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running(LocalServer()) as srv:
        yield srv


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def fetcher(sleeps: RecordingSleep) -> Iterator[Fetcher]:
    """A Fetcher that may reach the local server (guard opted out), with a fixed clock and no real waits."""
    with Fetcher(
        allow_private=True,
        clock=lambda: FIXED_NOW,
        sleep=sleeps,
        politeness=Politeness(per_host_rate=None),
        retries=RetryPolicy(backoff_base=0.01),
        timeouts=Timeouts(total=5),
    ) as f:
        yield f
