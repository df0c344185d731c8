"""Benchmark of claimtrack.checking: propose() speed and matching quality.

Run::

    python benchmarks/bench_checking.py            # 10,000 claims x 1,000 evidence items + quality
    python benchmarks/bench_checking.py --claims 2000 --evidence 200   # smaller

Speed: a synthetic in-memory ledger of N claims (pseudo-words from a seeded
generator, a few speakers, topics, horizons) and M evidence items whose
titles reuse words of random claims, so that matching has real work. The
cost per pair is the propose() time divided by N x M. ``ClaimIndex`` alone
and ``propose`` each run once untimed, then ``--runs`` rounds interleaved
(benchmarks/_harness.py); the medians are reported with their spread, with
propose / ClaimIndex (what matching adds to building the index) as the ratio,
and the run's conditions (load average, warm caches) are printed.

Quality: a labelled set built from the bundled ledger
(fixtures/altman-lex-fridman-2024): every evidence item it holds, labelled
with the claims that hold it, split into a development half and a held-out
half by a hash of the evidence id. Each item is matched against all claims;
precision and recall are counted over (evidence, claim) pairs at the
suggested and confirmed thresholds, with top-1/top-3 accuracy, for each half.

    python benchmarks/bench_checking.py --skip-speed --fit

refits the score's calibration and chooses the thresholds on the development
half only, and prints them (to paste into claimtrack/checking/matching.py).
tests/checking/test_matching_quality.py uses this module's functions.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs

from claimtrack.checking import ClaimIndex, Thresholds, matching, propose
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimRecord, Evidence

BUNDLED = Path(__file__).resolve().parent.parent / "fixtures" / "altman-lex-fridman-2024"
AS_OF = date(2026, 11, 27)
CONFIRMED_PRECISION = 0.9
"""Precision the confirmed threshold is chosen for on the dev half."""
SUGGESTED_RECALL = 0.6


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


def bench_speed(n_claims: int, n_evidence: int, runs: int = 3) -> None:
    # benchmarks/_harness.py; imported here, not at the top: the tests load this module by path
    from _harness import interleaved

    t0 = time.perf_counter()
    ledger, evidence = synthetic(n_claims, n_evidence)
    t_build = time.perf_counter() - t0
    results = []

    def proposing() -> None:
        results.append(propose(ledger.records(), evidence, as_of=AS_OF))

    timings = interleaved({"index": lambda: ClaimIndex(ledger), "propose": proposing}, runs=runs)
    result = results[-1]
    t_index, t_propose = timings.median("index"), timings.median("propose")
    spans = {side: f"{min(each):.2f}-{max(each):.2f}" for side, each in timings.seconds.items()}
    rounds = len(timings.seconds["propose"])
    pairs = n_claims * n_evidence
    print(f"\n## propose speed: {n_claims:,} claims x {n_evidence:,} evidence = {pairs:,} pairs\n")
    print(f"{rounds} interleaved rounds after one untimed run of each; medians (min-max over rounds)\n")
    print("| step | seconds | note |")
    print("|---|---|---|")
    print(f"| build synthetic ledger | {t_build:.2f} (once) | pydantic validation of the claims |")
    print(f"| ClaimIndex alone | {t_index:.2f} ({spans['index']}) | tokenise, IDF, inverted index |")
    print(
        f"| propose (index + match + check) | {t_propose:.2f} ({spans['propose']}) | {len(result)} proposals, "
        f"{len(result.actionable())} actionable |"
    )
    print(f"| per evidence item | {t_propose / n_evidence * 1e3:.2f} ms | |")
    print(f"| per (claim, evidence) pair | {t_propose / pairs * 1e9:.0f} ns | |")
    print(f"\npropose / ClaimIndex alone: {timings.spread('propose', 'index')}")
    print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}")


@attrs.frozen
class LabelledSet:
    """Claims of the bundled ledger, its evidence items and, for each item, the claims that hold it."""

    claims: tuple[Claim, ...]
    items: dict[str, Evidence]
    labels: dict[str, frozenset[str]]

    def half(self, name: str) -> dict[str, Evidence]:
        """The items of one half: ``dev``, ``held-out``, or ``all``."""
        if name == "all":
            return dict(self.items)
        return {ev_id: ev for ev_id, ev in self.items.items() if split_of(ev_id) == name}


def split_of(evidence_id: str) -> str:
    """``dev`` or ``held-out``, from the first byte of the SHA-256 of the evidence id (stable, label-blind)."""
    return "dev" if hashlib.sha256(evidence_id.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def labelled_set(path: Path = BUNDLED) -> LabelledSet:
    """The labelled set: every evidence item the ledger at ``path`` holds -> the claims holding it."""
    ledger = Ledger.open(path, create=False)
    records = list(ledger.records())
    labels: dict[str, set[str]] = defaultdict(set)
    items: dict[str, Evidence] = {}
    for record in records:
        for ev in record.evidence:
            labels[ev.id].add(record.claim.id)
            items[ev.id] = ev
    return LabelledSet(
        claims=tuple(r.claim for r in records),
        items=items,
        labels={k: frozenset(v) for k, v in labels.items()},
    )


@attrs.frozen
class Quality:
    """Matching quality over a set of evidence items (pairs counted over (evidence, claim))."""

    items: int
    pairs: int
    suggested_precision: float
    suggested_recall: float
    confirmed_precision: float
    confirmed_recall: float
    top1: float
    """Share of items whose best-ranked claim is a right one."""
    top3: float
    """Share of items with a right claim among the three best-ranked."""
    recall_top3: float
    """Share of labelled pairs ranked in the top three of their item at or above suggested."""
    counts: dict[str, tuple[int, int, int]]
    """Per level: true positives, false positives, missed."""


def evaluate(
    index: ClaimIndex, data: LabelledSet, items: dict[str, Evidence], thresholds: Thresholds | None = None
) -> Quality:
    """Precision and recall at both thresholds, top-1/top-3 accuracy over ``items``."""
    t = thresholds or Thresholds()
    everything = Thresholds(0.0, 0.0)
    ranked = {ev_id: index.match(ev, thresholds=everything) for ev_id, ev in items.items()}
    counts: dict[str, tuple[int, int, int]] = {}
    for name, threshold in (("suggested", t.suggested), ("confirmed", t.confirmed)):
        tp = fp = fn = 0
        for ev_id, matches in ranked.items():
            got = {m.claim.id for m in matches if m.score >= threshold}
            tp += len(got & data.labels[ev_id])
            fp += len(got - data.labels[ev_id])
            fn += len(data.labels[ev_id] - got)
        counts[name] = (tp, fp, fn)

    def precision(level: str) -> float:
        tp, fp, _ = counts[level]
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(level: str) -> float:
        tp, _, fn = counts[level]
        return tp / (tp + fn) if tp + fn else 1.0

    pairs = sum(len(data.labels[ev_id]) for ev_id in items)
    top1 = sum(1 for ev_id, m in ranked.items() if m and m[0].claim.id in data.labels[ev_id])
    top3 = sum(1 for ev_id, m in ranked.items() if {x.claim.id for x in m[:3]} & data.labels[ev_id])
    in_top3 = sum(
        len({x.claim.id for x in m[:3] if x.score >= t.suggested} & data.labels[ev_id]) for ev_id, m in ranked.items()
    )
    n = max(len(items), 1)
    return Quality(
        items=len(items),
        pairs=pairs,
        suggested_precision=precision("suggested"),
        suggested_recall=recall("suggested"),
        confirmed_precision=precision("confirmed"),
        confirmed_recall=recall("confirmed"),
        top1=top1 / n,
        top3=top3 / n,
        recall_top3=in_top3 / max(pairs, 1),
        counts=counts,
    )


def _logistic(
    rows: list[tuple[list[float], int]], k: int, *, l2: float, offsets: list[float]
) -> tuple[list[float], float]:
    """Logistic regression by Newton's method with an L2 penalty (not on the intercept); stdlib only."""
    beta = [0.0] * (k + 1)  # intercept last
    for _ in range(50):
        grad = [0.0] * (k + 1)
        hess = [[0.0] * (k + 1) for _ in range(k + 1)]
        for (x, y), offset in zip(rows, offsets, strict=True):
            xs = [*x, 1.0]
            z = offset + sum(b * v for b, v in zip(beta, xs, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            w = p * (1.0 - p)
            for i in range(k + 1):
                grad[i] += (p - y) * xs[i]
                for j in range(k + 1):
                    hess[i][j] += w * xs[i] * xs[j]
        for i in range(k):
            grad[i] += l2 * beta[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return beta[:k], beta[k]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve ``a x = b`` by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def fit(index: ClaimIndex, data: LabelledSet, items: dict[str, Evidence], *, l2: float = 1.0) -> None:
    """Fit the logistic calibration on ``items`` (the dev half) and choose the thresholds there; print them.

    Plain batch gradient descent with an L2 penalty over every candidate
    pair (pairs sharing no token score 0 anyway). Paste the printed values
    into claimtrack/checking/matching.py.
    """
    rows: list[tuple[list[float], int]] = []
    names = [k for k in matching.COEFFICIENTS if k not in matching.FIXED]
    offsets: list[float] = []
    for ev_id, ev in items.items():
        for entry, features in index.features(ev):
            values = features.as_dict()
            rows.append(([values[k] for k in names], int(entry.claim.id in data.labels[ev_id])))
            offsets.append(sum(matching.COEFFICIENTS[k] * values[k] for k in matching.FIXED))
    weights, bias = _logistic(rows, len(names), l2=l2, offsets=offsets)
    print(f"fitted on {len(items)} dev items, {len(rows)} candidate pairs, {sum(y for _, y in rows)} positive")
    print(f"INTERCEPT = {bias:.2f}")
    fitted = dict(zip(names, weights, strict=True))
    print(
        "COEFFICIENTS = {" + ", ".join(f'"{k}": {fitted.get(k, v):.2f}' for k, v in matching.COEFFICIENTS.items()) + "}"
    )
    matching.INTERCEPT = bias
    matching.COEFFICIENTS.update(dict(zip(names, weights, strict=True)))
    scores: list[tuple[float, int]] = []
    for ev_id, ev in items.items():
        for entry, features in index.features(ev):
            scores.append((matching.calibrated(features), int(entry.claim.id in data.labels[ev_id])))
    total = sum(len(data.labels[ev_id]) for ev_id in items)
    scores.sort(reverse=True)
    tp = 0
    confirmed_at = suggested_at = None
    for rank, (_score, y) in enumerate(scores, 1):
        tp += y
        if tp / rank >= CONFIRMED_PRECISION:
            confirmed_at = rank  # the deepest cut that still has the wanted precision
        if suggested_at is None and tp / total >= SUGGESTED_RECALL:
            suggested_at = rank

    def between(rank: int | None) -> float | None:
        """A threshold half-way between the score at ``rank`` and the next one down."""
        if rank is None:
            return None
        low = scores[rank][0] if rank < len(scores) else 0.0
        return round((scores[rank - 1][0] + low) / 2, 3)

    print(
        f"dev thresholds: suggested {between(suggested_at)} (recall {SUGGESTED_RECALL}), "
        f"confirmed {between(confirmed_at)} (precision {CONFIRMED_PRECISION})"
    )


def bench_quality(*, do_fit: bool = False) -> None:
    data = labelled_set()
    index = ClaimIndex(data.claims)
    if do_fit:
        fit(index, data, data.half("dev"))
    t = Thresholds()
    print(
        f"\n## matching quality: bundled ledger, {len(data.claims)} claims, {len(data.items)} evidence items, "
        f"{sum(len(v) for v in data.labels.values())} labelled pairs\n"
    )
    print(f"thresholds: suggested {t.suggested}, confirmed {t.confirmed}\n")
    print(
        "| half | items | pairs | suggested P | suggested R | confirmed P | confirmed R | top-1 | top-3 "
        "| recall in top-3 | confirmed tp/fp/missed |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for half in ("dev", "held-out", "all"):
        q = evaluate(index, data, data.half(half), t)
        tp, fp, fn = q.counts["confirmed"]
        print(
            f"| {half} | {q.items} | {q.pairs} | {q.suggested_precision:.2f} | {q.suggested_recall:.2f} "
            f"| {q.confirmed_precision:.2f} | {q.confirmed_recall:.2f} | {q.top1:.0%} | {q.top3:.0%} "
            f"| {q.recall_top3:.2f} | {tp}/{fp}/{fn} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=1_000)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="interleaved timed rounds per side (at least 3)")
    parser.add_argument(
        "--fit", action="store_true", help="refit the score's calibration and thresholds on the dev half, print them"
    )
    args = parser.parse_args()
    from _harness import conditions  # benchmarks/_harness.py (run as a script from any folder)

    print(f"conditions: {conditions()}")
    if not args.skip_speed:
        bench_speed(args.claims, args.evidence, args.runs)
    if not args.skip_quality:
        bench_quality(do_fit=args.fit)


if __name__ == "__main__":
    main()
