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
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from functools import partial
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar

import anyio
import anyio.lowlevel
import attrs
from anyio.from_thread import BlockingPortal

__all__ = ["STOP_GRACE_SECONDS", "LoopOwner", "LoopThread"]

T = TypeVar("T")
StateT = TypeVar("StateT")

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


async def _close_current(states: dict[object, Any], close_state: Callable[[Any], Awaitable[None]]) -> None:
    """Close the state ``states`` holds for the running event loop, if any (a free function: finalizers use it)."""
    state = states.pop(anyio.lowlevel.current_token(), None)
    if state is not None:
        await close_state(state)


def _stop_unclosed(loop: LoopThread, states: dict[object, Any], close_state: Callable[[Any], Awaitable[None]]) -> None:
    """Close what an unclosed owner left on its loop thread, then stop it; bounded, never hangs the exit."""
    loop.stop(partial(_close_current, states, close_state), cancel=True, grace=STOP_GRACE_SECONDS)


@attrs.define
class LoopOwner(Generic[StateT]):
    """The lifecycle of a client with a sync API: one private loop thread, one state per event loop.

    The Fetcher and the chat client share it. A subclass sets :attr:`loop_name` and
    :attr:`close_state` (a plain function, so the finalizer never keeps the owner
    alive) and keeps its per-loop state (connections, caches) in ``_states``, keyed
    by the running loop's token. ``with``/``async with``, :meth:`close`, :meth:`aclose`
    and :meth:`run` are the same for every owner. An owner that is never closed is
    closed by :func:`weakref.finalize` when collected or at exit, while threads
    still run, so a script that forgets ``close()`` still exits.
    """

    loop_name: ClassVar[str] = "claimtrack-loop"
    close_state: ClassVar[Callable[[Any], Awaitable[None]]]

    _states: dict[object, StateT] = attrs.field(factory=dict, init=False)
    _loop: LoopThread | None = attrs.field(default=None, init=False)
    _finalizer: weakref.finalize[..., Any] | None = attrs.field(default=None, init=False)
    _loop_lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def close(self) -> None:
        """Close the sync side: its state and background event loop (waiting for calls in flight)."""
        with self._loop_lock:
            loop, finalizer = self._loop, self._finalizer
            self._loop = self._finalizer = None
        if finalizer is not None:
            finalizer.detach()
        if loop is not None:
            loop.stop(self.aclose)

    async def aclose(self) -> None:
        """Close the state used from the current event loop."""
        await _close_current(self._states, type(self).close_state)

    def run(self, func: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run a coroutine function on this owner's loop thread and wait for it (the sync entry points use it)."""
        with self._loop_lock:
            if self._loop is None:
                self._loop = LoopThread(name=self.loop_name)
                self._finalizer = weakref.finalize(
                    self, _stop_unclosed, self._loop, self._states, type(self).close_state
                )
            loop = self._loop
        return loop.call(func, *args)

    def _state_here(self, make: Callable[[], StateT]) -> StateT:
        """The state of the running event loop, made by ``make`` on first use."""
        token = anyio.lowlevel.current_token()
        state = self._states.get(token)
        if state is None:
            state = self._states[token] = make()
        return state
