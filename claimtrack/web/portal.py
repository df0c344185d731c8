"""Run coroutines from synchronous code on a private event-loop thread that never outlives the interpreter.

The sync methods of :class:`~claimtrack.web.fetcher.Fetcher` call the same
coroutines as the async ones, on an event loop running in a daemon thread and
reached through an anyio :class:`~anyio.from_thread.BlockingPortal`.

Why not ``anyio.from_thread.start_blocking_portal()``: it is a generator
context manager, and a Fetcher that is never closed keeps it open until the
interpreter exits. The generator is then finalised during shutdown, after
daemon threads are frozen, and its ``portal.call(portal.stop)`` waits forever
for a thread that will never run again: the script hangs at exit. Here the
thread is started and stopped by hand, so nothing blocks when the object is
collected, and the owner registers :meth:`LoopThread.stop` with
:func:`weakref.finalize` (which also runs at exit, before threads freeze) so an
unclosed Fetcher is closed cleanly while that is still possible.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import anyio
from anyio.from_thread import BlockingPortal

__all__ = ["STOP_GRACE_SECONDS", "LoopThread"]

T = TypeVar("T")

STOP_GRACE_SECONDS = 5.0
"""How long a stop at exit or on collection lets the closing coroutine run before cancelling it."""


class LoopThread:
    """An anyio event loop in a daemon thread; :meth:`call` runs a coroutine function on it and waits.

    Safe to call from several threads at once. After :meth:`stop` the object
    is spent: :meth:`call` raises ``RuntimeError``.
    """

    def __init__(self, name: str = "claimtrack-web") -> None:
        ready: Future[BlockingPortal] = Future()

        async def serve() -> None:
            async with BlockingPortal() as portal:
                ready.set_result(portal)
                await portal.sleep_until_stopped()

        def run() -> None:
            try:
                anyio.run(serve)
            except BaseException as exc:  # reported to the starting thread, which re-raises it
                if not ready.done():
                    ready.set_exception(exc)

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()
        self._portal = ready.result()
        self._stopped = False
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """True until :meth:`stop` has been called."""
        return not self._stopped

    def call(self, func: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run ``func(*args)`` on the loop and return its result (or raise its exception)."""
        return self._portal.call(func, *args)

    def stop(
        self,
        cleanup: Callable[[], Awaitable[None]] | None = None,
        *,
        cancel: bool = False,
        grace: float | None = None,
    ) -> None:
        """Run ``cleanup`` on the loop, stop the loop and wait for its thread; later calls do nothing.

        ``cancel`` cancels tasks still running on the loop instead of waiting
        for them. ``grace`` bounds ``cleanup`` and the wait for the thread
        (None: no bound). While the interpreter is finalising nothing is
        waited for: the loop thread may already be frozen, and waiting on it
        would hang the exit.
        """
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        if sys.is_finalizing():
            return
        if threading.current_thread() is self._thread:  # collected on the loop itself: it cannot wait for itself
            threading.Thread(target=self._shut, args=(cleanup, cancel, grace), daemon=True).start()
            return
        self._shut(cleanup, cancel, grace)

    def _shut(self, cleanup: Callable[[], Awaitable[None]] | None, cancel: bool, grace: float | None) -> None:
        try:
            if cleanup is not None:
                if grace is None:
                    self._portal.call(cleanup)
                else:
                    self._portal.call(_bounded, cleanup, grace)
        finally:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._portal.call(self._portal.stop, cancel)
            self._thread.join(grace)


async def _bounded(func: Callable[[], Awaitable[None]], seconds: float) -> None:
    with anyio.move_on_after(seconds):
        await func()
