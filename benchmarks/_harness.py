"""What every benchmark here shares: the conditions of the run, interleaved runs, and the median ratio.

A ratio to a baseline measured in the same run is what a benchmark reports:
absolute times move with the machine and its load. So that a ratio can be
trusted:

* each side runs once untimed first (imports, caches, the page cache are warm
  for every side alike), and the script says so;
* the sides then run in turn, ``runs`` rounds of A, B, C, A, B, C, ..., so a
  burst of load hits both sides of a ratio rather than one;
* the ratio reported is the median over rounds of the per-round ratio;
* the load average before and after, the CPU count and the Python version are
  printed beside the figures (:func:`conditions`).
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

__all__ = ["Timings", "conditions", "interleaved", "load_average"]


def load_average() -> str:
    """``1.23 / 0.98 / 0.75`` (1, 5 and 15 minutes)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def conditions(*, warm: bool = True) -> str:
    """One line on the run's conditions, to print beside the figures."""
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; Python {sys.version.split()[0]} "
        f"({platform.machine()}); load average {load_average()} (1/5/15 min); caches "
        + ("warm (each side ran once, untimed, before the timed rounds)" if warm else "cold")
    )


class Timings:
    """Seconds per side and round, from :func:`interleaved`."""

    def __init__(self, seconds: Mapping[str, list[float]], load_before: str, load_after: str) -> None:
        self.seconds = dict(seconds)
        self.load_before = load_before
        self.load_after = load_after

    def median(self, side: str) -> float:
        """The median seconds of ``side``."""
        return statistics.median(self.seconds[side])

    def ratio(self, side: str, baseline: str) -> float:
        """The median over rounds of ``side`` / ``baseline`` (paired by round)."""
        pairs = zip(self.seconds[side], self.seconds[baseline], strict=True)
        return statistics.median(a / b for a, b in pairs)

    def ratios(self, side: str, baseline: str) -> list[float]:
        """Every round's ratio, for the spread."""
        return [a / b for a, b in zip(self.seconds[side], self.seconds[baseline], strict=True)]

    def spread(self, side: str, baseline: str) -> str:
        """``1.31x (1.28-1.40x over 3 rounds)``."""
        each = self.ratios(side, baseline)
        return f"{self.ratio(side, baseline):.2f}x ({min(each):.2f}-{max(each):.2f}x over {len(each)} rounds)"


def interleaved(
    sides: Mapping[str, Callable[[], object]], *, runs: int = 3, warm: bool = True, gc_off: bool = False
) -> Timings:
    """Time every side ``runs`` times, in turn (A, B, C, A, B, C, ...), after one untimed run each.

    ``gc_off`` pauses the garbage collector around each timed call (for floors that are defined
    with it paused); results are dropped between calls.
    """
    runs = max(runs, 3)
    before = load_average()
    if warm:
        for fn in sides.values():
            fn()
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(runs):
        for name, fn in sides.items():
            gc.collect()
            if gc_off:
                gc.disable()
            try:
                start = time.perf_counter()
                result = fn()
                seconds[name].append(time.perf_counter() - start)
            finally:
                if gc_off:
                    gc.enable()
            del result
    return Timings(seconds, before, load_average())
