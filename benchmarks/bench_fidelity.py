"""Drift detection: claimtrack.compare vs parse_horizon alone, on the same synthetic claim pairs, in one run.

The pairs are built from the bundled ledger's (original quote, article rendering)
pairs: pair i takes bundled pair i mod k, moves ``said_on`` by i mod 3650 days
from 2015-01-01, and appends a marker ``(#i)`` to both texts so that every text
is new (no reader's cache can answer it; the marker is read as nothing). Each
side clears the caches at the start of each of its passes:

* **baseline**: ``parse_horizon`` of the original and of the rendering (the cost
  of reading the horizons once, with no comparison), HorizonError caught;
* **compare**: ``claimtrack.compare`` of the pair (horizons sentence by sentence,
  amounts, hedges and polarity on both sides, and the comparison).

    python benchmarks/bench_fidelity.py              # 100,000 pairs (default), 3 rounds: ~20 minutes
    python benchmarks/bench_fidelity.py --n 5000     # a quick run

Both sides run once untimed, then ``--runs`` rounds interleaved (benchmarks/_harness.py).
Prints the run's conditions (load average, warm caches), n, both median times, the
per-pair cost, the ratio compare/baseline (median of the per-round ratios, with its
spread) and the flag counts.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from _harness import conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

import claimtrack as ct
from claimtrack.dates import clear_caches
from claimtrack.errors import ClaimtrackError
from claimtrack.fidelity import clear_caches as clear_fidelity_caches
from claimtrack.fidelity.claims import original_of

BUNDLED = Path(__file__).resolve().parent.parent / "fixtures" / "altman-lex-fridman-2024"
BASE = date(2015, 1, 1)


def bundled_pairs() -> list[tuple[str, str, str, str]]:
    """(original, original language, rendering, rendering language) of every bundled claim with both."""
    pairs = []
    with ct.Ledger.open(BUNDLED, create=False) as ledger:
        for claim in ledger.claims():
            original = original_of(claim)
            if original is None:
                continue
            for source in claim.sources:
                if source.role is ct.SourceRole.SECONDARY and source.quote:
                    pairs.append((original[0], original[1], source.quote, source.language or claim.language))
    return pairs


def synthetic(pairs: list[tuple[str, str, str, str]], n: int) -> list[tuple[str, str, str, str, date]]:
    out = []
    for i in range(n):
        o, o_lang, r, r_lang = pairs[i % len(pairs)]
        out.append((f"{o} (#{i})", o_lang, f"{r} (#{i})", r_lang, BASE + timedelta(days=i % 3650)))
    return out


def baseline(items: list[tuple[str, str, str, str, date]]) -> None:
    clear_caches()
    for o, o_lang, r, r_lang, said_on in items:
        for text, lang in ((o, o_lang), (r, r_lang)):
            try:  # noqa: SIM105 (the plainest form, as in bench_dates)
                ct.parse_horizon(text, said_on, languages=[lang])
            except (ClaimtrackError, ValueError):
                pass


def comparing(items: list[tuple[str, str, str, str, date]]) -> Counter[str]:
    clear_caches()
    clear_fidelity_caches()
    kinds: Counter[str] = Counter()
    for o, o_lang, r, r_lang, said_on in items:
        report = ct.compare(o, r, said_on=said_on, original_language=o_lang, rendering_language=r_lang)
        for flag in report.flags:
            kinds[flag.kind.value] += 1
        kinds["flagged pairs" if report.flags else "clean pairs"] += 1
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of synthetic pairs (default 100,000)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved timed rounds per side (at least 3)")
    args = parser.parse_args()
    print(f"conditions: {conditions()}")
    pairs = bundled_pairs()
    items = synthetic(pairs, args.n)
    print(f"bundled pairs: {len(pairs)}; synthetic pairs: n={len(items):,}", flush=True)
    found: list[Counter[str]] = []
    timings = interleaved(
        {"baseline": lambda: baseline(items), "compare": lambda: found.append(comparing(items))}, runs=args.runs
    )
    base, took = timings.median("baseline"), timings.median("compare")
    spans = {side: f"{min(each):.2f}-{max(each):.2f} s" for side, each in timings.seconds.items()}
    print(f"{len(timings.seconds['compare'])} interleaved rounds after one untimed run of each; medians (min-max)")
    print(f"parse_horizon x2 (baseline): {base:8.2f} s  {base / len(items) * 1e6:8.1f} us/pair  ({spans['baseline']})")
    print(f"compare:                     {took:8.2f} s  {took / len(items) * 1e6:8.1f} us/pair  ({spans['compare']})")
    print(f"ratio compare / baseline:    {timings.spread('compare', 'baseline')}")
    print("flags: " + ", ".join(f"{k}={v:,}" for k, v in sorted(found[-1].items())))
    print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}")


if __name__ == "__main__":
    main()
