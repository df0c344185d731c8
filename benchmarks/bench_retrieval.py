"""propose() cost per piece of evidence as the ledger grows: retrieval keeps it flat, all pairs do not.

Run::

    python benchmarks/bench_retrieval.py                       # 10k, 100k and 1M claims, 3 interleaved runs
    python benchmarks/bench_retrieval.py --sizes 10000 100000  # smaller

Claims are synthetic: 6-14 words drawn from a 20,000-word vocabulary with
Zipf-distributed frequencies (s = 1.05), so common words sit in a large share
of the claims as they do in real text; each claim has a speaker and two topics.
Evidence: 200 items, each 3-6 words of one claim mixed with 3-8 other words.
Claims are not kept in memory: the index is built from their tokens, and the
lookup rebuilds a claim's record from its id (deterministic), as a store reads
the few records the index names.

For each size the script times ``propose(Retrieval(...), evidence, as_of=...)``
three times, interleaved with the other sizes, and reports the median time per
evidence item and the ratio to the smallest size. The all-pairs path
(``propose(records, ...)``) is timed at the sizes up to 100k for comparison.
It prints the load average before and after.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.checking import ClaimRetriever, Retrieval, propose  # noqa: E402
from claimtrack.checking.retrieval import claim_tokens  # noqa: E402
from claimtrack.model import Claim, ClaimRecord, Evidence  # noqa: E402

AS_OF = date(2026, 11, 27)
EVIDENCE = 200
_SYLLABLES = ["ka", "to", "ri", "mon", "sel", "ver", "an", "dra", "lo", "pix", "qu", "ne", "sta", "gor", "ul", "be"]


def vocabulary(n: int = 20_000, seed: int = 7) -> tuple[list[str], list[float]]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(n)]
    return ordered, weights


VOCAB, WEIGHTS = vocabulary()
CUMULATIVE = list(itertools.accumulate(WEIGHTS))
SPEAKERS = [f"Speaker {w.title()}" for w in VOCAB[1000:1050]]
TOPICS = VOCAB[2000:2200]


def words_of(i: int) -> list[str]:
    rng = random.Random(i)
    return rng.choices(VOCAB, cum_weights=CUMULATIVE, k=rng.randint(6, 14))


def claim_of(i: int) -> Claim:
    rng = random.Random(-i - 1)
    said = date(2020, 1, 1) + timedelta(days=rng.randint(0, 1500))
    return Claim.model_validate(
        {
            "id": f"c{i:07d}",
            "text": " ".join(words_of(i)),
            "language": "en",
            "speaker": {"name": rng.choice(SPEAKERS)},
            "said_on": said.isoformat(),
            "kind": "prediction",
            "topics": rng.sample(TOPICS, 2),
            "horizon": {"text": "in two years", "start": said, "end": said + timedelta(days=730)},
        }
    )


def evidence(n_claims: int, n: int = EVIDENCE, seed: int = 11) -> list[Evidence]:
    rng = random.Random(seed)
    out = []
    for j in range(n):
        source = words_of(rng.randrange(n_claims))
        words = rng.sample(source, min(len(source), rng.randint(3, 6))) + rng.choices(VOCAB, k=rng.randint(3, 8))
        rng.shuffle(words)
        out.append(
            Evidence(
                url=f"https://news.example/{j}",
                title=" ".join(words),
                published_on=(date(2021, 1, 1) + timedelta(days=rng.randint(0, 2000))).isoformat(),
            )
        )
    return out


def retriever_of(n: int) -> ClaimRetriever:
    ids = [f"c{i:07d}" for i in range(n)]
    gc.disable()
    try:
        documents = [claim_tokens(claim_of(i)) for i in range(n)]
        return ClaimRetriever.from_tokens(ids, documents)
    finally:
        gc.enable()


def lookup(ids: Sequence[str]) -> list[ClaimRecord]:
    return [ClaimRecord(claim=claim_of(int(claim_id[1:]))) for claim_id in ids]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} / {five:.2f} (1 / 5 min), {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--all-pairs-up-to", type=int, default=100_000)
    args = parser.parse_args(argv)
    print(f"load before: {_load()}")
    built: dict[int, ClaimRetriever] = {}
    batches: dict[int, list[Evidence]] = {}
    for n in args.sizes:
        started = time.perf_counter()
        built[n] = retriever_of(n)
        batches[n] = evidence(n)
        print(f"index of {n:,} claims built in {time.perf_counter() - started:.1f} s ({built[n].segments} segment)")
    for n in args.sizes:  # warm: first call pays imports and caches
        propose(Retrieval(built[n], lookup), batches[n][:5], as_of=AS_OF)
    timings: dict[int, list[float]] = {n: [] for n in args.sizes}
    proposals: dict[int, int] = {}
    for _ in range(args.runs):
        for n in args.sizes:
            started = time.perf_counter()
            result = propose(Retrieval(built[n], lookup), batches[n], as_of=AS_OF)
            timings[n].append((time.perf_counter() - started) / len(batches[n]))
            proposals[n] = len(result)
    all_pairs: dict[int, float] = {}
    for n in args.sizes:
        if n > args.all_pairs_up_to:
            continue
        records = lookup([f"c{i:07d}" for i in range(n)])
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            propose(records, batches[n], as_of=AS_OF)
            runs.append((time.perf_counter() - started) / len(batches[n]))
        all_pairs[n] = statistics.median(runs)
    base = statistics.median(timings[args.sizes[0]])
    print(
        f"\n| claims | retrieval: ms per evidence (median of {args.runs}) | ratio to {args.sizes[0]:,} | "
        "proposals | all pairs: ms per evidence |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        median = statistics.median(timings[n])
        pairs = f"{all_pairs[n] * 1e3:.1f}" if n in all_pairs else "not run"
        print(f"| {n:,} | {median * 1e3:.2f} | {median / base:.2f}x | {proposals[n]} | {pairs} |")
    print(f"\nload after: {_load()}; finished {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    return 0


if __name__ == "__main__":
    sys.exit(main())
