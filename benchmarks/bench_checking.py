"""Benchmark of claimtrack.checking: propose() speed and matching quality.

Run::

    python benchmarks/bench_checking.py            # 10,000 claims x 1,000 evidence items + quality
    python benchmarks/bench_checking.py --claims 2000 --evidence 200   # smaller

Speed: a synthetic in-memory ledger of N claims (pseudo-words from a seeded
generator, a few speakers, topics, horizons) and M evidence items whose
titles reuse words of random claims, so that matching has real work. The
cost per pair is the propose() time divided by N x M.

Quality: a labelled set built from the bundled ledger
(fixtures/altman-lex-fridman-2024): every evidence item it holds, labelled
with the claims that hold it. Each item is matched against all claims;
precision and recall are counted over (evidence, claim) pairs at the
suggested and confirmed thresholds.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from claimtrack.checking import ClaimIndex, Thresholds, propose
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimRecord, Evidence

BUNDLED = Path(__file__).resolve().parent.parent / "fixtures" / "altman-lex-fridman-2024"
AS_OF = date(2026, 11, 27)


def _words(rng: random.Random, n: int) -> list[str]:
    syllables = ["ka", "to", "ri", "mon", "sel", "ver", "an", "dra", "lo", "pix", "qu", "ne", "sta", "gor", "ul"]
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(out)


def synthetic(n_claims: int, n_evidence: int, seed: int = 7) -> tuple[Ledger, list[Evidence]]:
    """A ledger of ``n_claims`` synthetic claims and ``n_evidence`` synthetic evidence items."""
    rng = random.Random(seed)
    vocab = _words(rng, 5000)
    speakers = [f"Speaker {w.title()}" for w in vocab[:50]]
    topics = vocab[50:250]
    records = []
    texts = []
    for i in range(n_claims):
        words = rng.sample(vocab, rng.randint(6, 14))
        said = date(2020, 1, 1) + timedelta(days=rng.randint(0, 1500))
        kind = rng.choice(["prediction", "prediction", "commitment", "assertion", "denial"])
        data: dict[str, object] = {
            "id": f"c{i:06d}",
            "text": " ".join(words),
            "language": "en",
            "speaker": {"name": rng.choice(speakers)},
            "said_on": said.isoformat(),
            "kind": kind,
            "topics": rng.sample(topics, 2),
        }
        if kind in ("prediction", "commitment"):
            data["horizon"] = {"text": "in two years", "start": said, "end": said + timedelta(days=730)}
        records.append(ClaimRecord(claim=Claim.model_validate(data)))
        texts.append(words)
    ledger = Ledger.in_memory(clock=lambda: datetime(2026, 11, 27, tzinfo=UTC))
    ledger.add_many(records)
    evidence = []
    for j in range(n_evidence):
        source = texts[rng.randrange(n_claims)]
        words = rng.sample(source, min(len(source), rng.randint(3, 6))) + rng.sample(vocab, rng.randint(3, 8))
        rng.shuffle(words)
        published = date(2021, 1, 1) + timedelta(days=rng.randint(0, 2000))
        evidence.append(
            Evidence(
                url=f"https://news.example/{j}",
                title=" ".join(words),
                published_on=published.isoformat(),
                stance=rng.choice(["supports", "refutes", "context", None]),
            )
        )
    return ledger, evidence


def bench_speed(n_claims: int, n_evidence: int) -> None:
    t0 = time.perf_counter()
    ledger, evidence = synthetic(n_claims, n_evidence)
    t1 = time.perf_counter()
    ClaimIndex(ledger)
    t2 = time.perf_counter()
    result = propose(ledger, evidence, as_of=AS_OF)
    t3 = time.perf_counter()
    pairs = n_claims * n_evidence
    print(f"\n## propose speed: {n_claims:,} claims x {n_evidence:,} evidence = {pairs:,} pairs\n")
    print("| step | seconds | note |")
    print("|---|---|---|")
    print(f"| build synthetic ledger | {t1 - t0:.2f} | pydantic validation of the claims |")
    print(f"| ClaimIndex alone | {t2 - t1:.2f} | tokenise, IDF, inverted index |")
    print(
        f"| propose (index + match + check) | {t3 - t2:.2f} | {len(result)} proposals, "
        f"{len(result.actionable())} actionable |"
    )
    print(f"| per evidence item | {(t3 - t2) / n_evidence * 1e3:.2f} ms | |")
    print(f"| per (claim, evidence) pair | {(t3 - t2) / pairs * 1e9:.0f} ns | |")


def bench_quality() -> None:
    ledger = Ledger.open(BUNDLED, create=False)
    records = list(ledger.records())
    labels: dict[str, set[str]] = defaultdict(set)
    items: dict[str, Evidence] = {}
    for record in records:
        for ev in record.evidence:
            labels[ev.id].add(record.claim.id)
            items[ev.id] = ev
    index = ClaimIndex(r.claim for r in records)
    everything = Thresholds(0.0, 1.0)
    scored = {ev_id: index.match(ev, thresholds=everything) for ev_id, ev in items.items()}
    t = Thresholds()
    print(
        f"\n## matching quality: bundled ledger, {len(records)} claims, {len(items)} evidence items, "
        f"{sum(len(v) for v in labels.values())} labelled pairs\n"
    )
    print("| level | threshold | precision | recall | true pos. | false pos. | missed |")
    print("|---|---|---|---|---|---|---|")
    for name, threshold in (("suggested", t.suggested), ("confirmed", t.confirmed)):
        tp = fp = fn = 0
        for ev_id, matches in scored.items():
            got = {m.claim.id for m in matches if m.score >= threshold}
            tp += len(got & labels[ev_id])
            fp += len(got - labels[ev_id])
            fn += len(labels[ev_id] - got)
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"| {name} | {threshold:.2f} | {precision:.2f} | {tp / (tp + fn):.2f} | {tp} | {fp} | {fn} |")
    top1 = sum(1 for ev_id, m in scored.items() if m and m[0].claim.id in labels[ev_id])
    print(f"\nbest-ranked claim is a right one for {top1} of {len(items)} evidence items ({top1 / len(items):.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=1_000)
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    bench_speed(args.claims, args.evidence)
    if not args.skip_quality:
        bench_quality()


if __name__ == "__main__":
    main()
