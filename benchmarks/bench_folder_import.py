"""Folder-store bulk import: peak memory and time of ``claimtrack import jsonl`` (issue #12).

    python benchmarks/bench_folder_import.py                     # 100,000 claims, this checkout
    python benchmarks/bench_folder_import.py --before HEAD       # and the code of a git revision (~15 min)
    python benchmarks/bench_folder_import.py -n 20000 --sqlite   # fewer claims; SQLite beside, for reference

Each import runs in a fresh process (the real CLI command, into a new ledger) and reports
its own peak resident memory (``ru_maxrss``) and wall time, so nothing of the generator
or of an earlier run is counted. ``--before REV`` exports ``claimtrack/`` of that revision
with ``git archive`` into a temporary folder and runs it from there: the working tree is
not touched.

Every variant runs once untimed (the source file and the code in the page cache), then
``--runs`` rounds interleaved (benchmarks/_harness.py); each figure is the median of the
rounds, and each ratio (the working tree's folder import time over the variant's) the median
of the per-round ratios, with its spread. The run's conditions (load average, warm caches) are printed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _harness import Timings, conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import resource, sys, time
import claimtrack
from claimtrack.cli import main
assert claimtrack.__file__.startswith(sys.argv[3]), claimtrack.__file__
source, ledger = sys.argv[1:3]
sys.argv = ["claimtrack", "import", "jsonl", source, "--ledger", ledger, "-q"]
started = time.perf_counter()
try:
    main()
except SystemExit as done:
    if done.code:
        raise
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(f"RESULT {peak} {seconds:.2f}")
"""


def write_source(path: Path, n: int) -> None:
    """``n`` claim records as JSON Lines: varied speakers, topics and texts, one event in three."""
    rng = random.Random(12)
    words = ["we", "will", "ship", "a", "model", "this", "year"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            record: dict[str, object] = {
                "claim": {
                    "id": f"claim-{i:06d}",
                    "text": " ".join(rng.choice(words) for _ in range(12)),
                    "language": "en",
                    "speaker": {"name": f"Speaker {rng.randrange(500):03d}"},
                    "said_on": f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    "kind": "prediction",
                    "topics": [rng.choice(["ai", "economy", "energy", "space"])],
                }
            }
            if i % 3 == 0:
                record["events"] = [
                    {
                        "claim_id": f"claim-{i:06d}",
                        "verdict": "false",
                        "effective_on": "2025-01-02",
                        "recorded_at": "2025-01-02T12:00:00Z",
                    }
                ]
            out.write(json.dumps(record) + "\n")


def run(code: Path, source: Path, ledger: Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of one import in a fresh process running the package in ``code``."""
    ledger.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(source), str(ledger), str(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"import failed ({code}):\n{done.stderr[-2000:]}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    _, peak_kib, seconds = line.split()
    return int(peak_kib) / 1024, float(seconds)


def export_revision(rev: str, into: Path) -> Path:
    """``claimtrack/`` of git revision ``rev`` in a folder of its own (the working tree is left alone)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "claimtrack"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="claims to import (default 100,000)")
    parser.add_argument("--before", metavar="REV", help="also run the code of this git revision, e.g. HEAD")
    parser.add_argument("--sqlite", action="store_true", help="also import into SQLite, for reference")
    parser.add_argument("--runs", type=int, default=3, help="interleaved timed rounds per variant (at least 3)")
    args = parser.parse_args()

    print(f"conditions: {conditions()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-folder-import-") as tmp:
        work = Path(tmp)
        source = work / "claims.jsonl"
        write_source(source, args.n)
        print(f"n = {args.n:,} claims, {source.stat().st_size / 1e6:.1f} MB of JSON Lines")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
        now = "folder, working tree"
        runs: list[tuple[str, Path, str]] = []
        if args.before:
            runs.append((f"folder, {args.before}", export_revision(args.before, work / "before"), "folder"))
        runs.append((now, REPO, "folder"))
        if args.sqlite:
            runs.append(("sqlite, working tree", REPO, "ledger.sqlite"))
        peaks: dict[str, list[float]] = {label: [] for label, _, _ in runs}
        seconds: dict[str, list[float]] = {label: [] for label, _, _ in runs}
        counter = itertools.count()

        def importing(label: str, code: Path, target: str) -> Callable[[], None]:
            def one() -> None:
                into = work / f"run-{next(counter)}"
                peak, took = run(code, source, into / target)
                peaks[label].append(peak)
                seconds[label].append(took)
                shutil.rmtree(into)

            return one

        outer = interleaved({label: importing(label, code, target) for label, code, target in runs}, runs=args.runs)
        # the figures are what each child process measured of itself (the warm run dropped), not the
        # outer wall time, which would add the interpreter's start-up and the removal of the ledger
        timings = Timings({k: v[1:] for k, v in seconds.items()}, outer.load_before, outer.load_after)
        rounds = len(timings.seconds[now])
        print(f"{rounds} interleaved rounds after one untimed run of each; medians (min-max over rounds)")
        print(f"{'store, code':<28} {'peak RSS':>10} {'time':>9} {'time min-max':>14}  time of {now} / this")
        for label, _, _ in runs:
            each = timings.seconds[label]
            ratio = timings.spread(now, label) if label != now else "-"
            print(
                f"{label:<28} {statistics.median(peaks[label][1:]):>7.0f} MB {timings.median(label):>7.1f} s "
                f"{f'{min(each):.1f}-{max(each):.1f} s':>14}  {ratio}",
                flush=True,
            )
        print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}")


if __name__ == "__main__":
    main()
