"""Stance quality on the AVeriTeC dev split: ``check()`` with a stance function over each claim's answers.

Run::

    python benchmarks/eval_stance_averitec.py [PATH/dev.json]     # default /work/shared/data/averitec/dev.json
    python benchmarks/eval_stance_averitec.py --fit               # + per-rule precision on the even half

Each of the 500 items is imported alone (``claimtrack.interop.averitec``), so
item ``i`` is one claim with its dated answers; ``check(claim,
ledger.evidence(claim.id), as_of=..., stance=...)`` runs with ``as_of`` the
latest publication date among those answers (every answer is known). The
verdict maps to AVeriTeC's labels as the importer maps them the other way:
true -> Supported, false -> Refuted, mixed -> Conflicting
Evidence/Cherrypicking, and open (nothing supports or refutes; also
unverifiable) -> Not Enough Evidence.

Fixed split: items with an even index are the tuning half (the rule
confidences in claimtrack/checking/stance_qa.py were measured there, with
``--fit``); items with an odd index are the report half, never tuned on.
For each half the script prints accuracy, macro-F1 and the confusion matrix
of ``qa_stance`` and of the older ``keyword_stance``, and in the same run two
baselines: the majority class of the even half (always that label), and a
guess at random with the even half's class frequencies (its expected
accuracy and macro-F1, computed exactly, plus a seeded simulation).
tests/checking/test_stance_averitec.py uses this module's functions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import claimtrack as ct  # noqa: E402
from claimtrack.checking import check, keyword_stance  # noqa: E402
from claimtrack.checking.stance_qa import QA_CONFIDENCE, qa_reading, qa_stance  # noqa: E402
from claimtrack.interop import averitec  # noqa: E402
from claimtrack.model import Claim, Evidence, Stance, Verdict  # noqa: E402

DEV = Path(os.environ.get("CLAIMTRACK_SHARED", ROOT.parent / "shared")) / "data" / "averitec" / "dev.json"

SUPPORTED = "Supported"
REFUTED = "Refuted"
NEE = "Not Enough Evidence"
CONFLICTING = "Conflicting Evidence/Cherrypicking"
LABELS = (SUPPORTED, REFUTED, NEE, CONFLICTING)
VERDICT_LABEL = {
    Verdict.TRUE: SUPPORTED,
    Verdict.FALSE: REFUTED,
    Verdict.MIXED: CONFLICTING,
    Verdict.OPEN: NEE,
    Verdict.UNVERIFIABLE: NEE,
}

StanceFn = Callable[[Claim, Evidence], Stance | None]


@dataclass(frozen=True)
class Item:
    """One dev item: its index, gold label, the imported claim and its dated evidence."""

    index: int
    label: str
    claim: Claim
    evidence: tuple[Evidence, ...]

    @property
    def as_of(self) -> date:
        """The latest publication date among the evidence: every item is known by then."""
        days = [ev.published_on.end for ev in self.evidence if ev.published_on is not None]
        return max(days, default=self.claim.said_on.end)


def load_items(path: Path = DEV) -> list[Item]:
    """Every dev item imported on its own (so index i is one claim and its answers)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for i, record in enumerate(raw):
        ledger = averitec.read([record]).ledger
        (claim_record,) = ledger.records()
        claim = claim_record.claim
        items.append(Item(index=i, label=record["label"], claim=claim, evidence=tuple(ledger.evidence(claim.id))))
    return items


def half(items: Sequence[Item], which: str) -> list[Item]:
    """The even (tuning) or odd (report) half, by dataset index."""
    parity = 0 if which == "even" else 1
    return [it for it in items if it.index % 2 == parity]


def predict(item: Item, stance: StanceFn) -> str:
    """The label ``check()`` implies for the item's claim with ``stance``."""
    assessment = check(item.claim, item.evidence, as_of=item.as_of, stance=stance)
    return VERDICT_LABEL.get(assessment.verdict, NEE)


@dataclass
class Scores:
    """Accuracy, macro-F1 (over the four labels) and the confusion matrix (gold -> predicted -> count)."""

    accuracy: float
    macro_f1: float
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    n: int = 0


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    confusion: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    n = len(gold)
    correct = sum(confusion[label][label] for label in LABELS)
    f1s = []
    for label in LABELS:
        tp = confusion[label][label]
        predicted_n = sum(confusion[g][label] for g in LABELS)
        gold_n = sum(confusion[label].values())
        f1s.append(2 * tp / (predicted_n + gold_n) if predicted_n + gold_n else 0.0)
    return Scores(accuracy=correct / n if n else 0.0, macro_f1=sum(f1s) / len(LABELS), confusion=confusion, n=n)


def majority_label(items: Sequence[Item]) -> str:
    """The most frequent label (ties by LABELS order)."""
    counts = Counter(it.label for it in items)
    return max(LABELS, key=lambda label: (counts[label], -LABELS.index(label)))


def frequency_guess(train: Sequence[Item], test: Sequence[Item]) -> tuple[float, float]:
    """Expected accuracy and macro-F1 of guessing at random with ``train``'s class frequencies.

    Exact expectation of accuracy; macro-F1 uses the expected counts
    (tp = n_gold * q, predicted = n * q per class), which is what the seeded
    simulation converges to.
    """
    counts = Counter(it.label for it in train)
    total = sum(counts.values())
    q = {label: counts[label] / total for label in LABELS}
    gold = Counter(it.label for it in test)
    n = len(test)
    accuracy = sum(gold[label] * q[label] for label in LABELS) / n
    f1s = []
    for label in LABELS:
        tp = gold[label] * q[label]
        denominator = n * q[label] + gold[label]
        f1s.append(2 * tp / denominator if denominator else 0.0)
    return accuracy, sum(f1s) / len(LABELS)


def simulated_guess(train: Sequence[Item], test: Sequence[Item], *, runs: int = 200, seed: int = 0) -> Scores:
    """The mean accuracy and macro-F1 of ``runs`` seeded random guesses with ``train``'s class frequencies."""
    counts = Counter(it.label for it in train)
    rng = random.Random(seed)
    gold = [it.label for it in test]
    weights = [counts[label] for label in LABELS]
    results = [score(gold, rng.choices(LABELS, weights=weights, k=len(gold))) for _ in range(runs)]
    return Scores(
        accuracy=sum(r.accuracy for r in results) / runs, macro_f1=sum(r.macro_f1 for r in results) / runs, n=len(gold)
    )


def evaluate(items: Sequence[Item], stance: StanceFn) -> Scores:
    return score([it.label for it in items], [predict(it, stance) for it in items])


def at_threshold(threshold: float) -> StanceFn:
    """qa_stance with another confidence threshold (for the sweep of ``--fit``)."""

    def stance(claim: Claim, evidence: Evidence) -> Stance | None:
        reading = qa_reading(claim, evidence)
        return reading.stance if reading.confidence >= threshold else None

    return stance


def fit(items: Sequence[Item]) -> dict[str, tuple[int, int]]:
    """Per rule of qa_reading: (answers where its stance agrees with the claim's label, answers it decided).

    Agrees: supports on a Supported claim, refutes on a Refuted claim (context
    never agrees: it is shown for its count only).
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for it in items:
        for ev in it.evidence:
            if ev.stance is not None and ev.stance is not Stance.CONTEXT:
                continue
            reading = qa_reading(it.claim, ev)
            if reading.stance is None:
                continue
            agree = (reading.stance is Stance.SUPPORTS and it.label == SUPPORTED) or (
                reading.stance is Stance.REFUTES and it.label == REFUTED
            )
            counts[reading.rule][0] += agree
            counts[reading.rule][1] += 1
    return {rule: (a, n) for rule, (a, n) in sorted(counts.items())}


def _matrix(s: Scores) -> str:
    short = {SUPPORTED: "Sup", REFUTED: "Ref", NEE: "NEE", CONFLICTING: "Conf"}
    lines = ["      gold\\pred " + " ".join(f"{short[p]:>5}" for p in LABELS)]
    for g in LABELS:
        lines.append(f"      {short[g]:>9} " + " ".join(f"{s.confusion[g][p]:>5}" for p in LABELS))
    return "\n".join(lines)


def report(items: Sequence[Item]) -> dict[str, Any]:
    """All numbers for both halves, as printed (the test uses the odd half's)."""
    even = half(items, "even")
    out: dict[str, Any] = {"majority": majority_label(even)}
    for which in ("even", "odd"):
        part = half(items, which)
        gold = [it.label for it in part]
        out[which] = {
            "qa_stance": evaluate(part, qa_stance),
            "keyword_stance": evaluate(part, keyword_stance),
            "majority": score(gold, [out["majority"]] * len(gold)),
            "frequency_expected": frequency_guess(even, part),
            "frequency_simulated": simulated_guess(even, part),
            "labels": Counter(gold),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEV)
    parser.add_argument("--fit", action="store_true", help="print each rule's precision on the even half")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"{args.path} not found: the AVeriTeC dev split is not available here", file=sys.stderr)
        return 2
    started = time.perf_counter()
    items = load_items(args.path)
    numbers = report(items)
    elapsed = time.perf_counter() - started
    print(f"claimtrack {ct.__version__}; {len(items)} items from {args.path}")
    print(f"load average {os.getloadavg()}, {elapsed:.1f} s")
    print(f"majority class of the even half: {numbers['majority']}")
    for which in ("even", "odd"):
        part = numbers[which]
        print(
            f"\n== {which} half ({'tuning' if which == 'even' else 'report, never tuned on'}), n={part['qa_stance'].n}"
        )
        print("   labels: " + ", ".join(f"{label} {part['labels'][label]}" for label in LABELS))
        for name in ("qa_stance", "keyword_stance", "majority"):
            s = part[name]
            print(f"  {name:<15} accuracy {s.accuracy:.3f}  macro-F1 {s.macro_f1:.3f}")
            if name != "majority":
                print(_matrix(s))
        acc, f1 = part["frequency_expected"]
        sim = part["frequency_simulated"]
        print(f"  class-frequency guess: expected accuracy {acc:.3f} macro-F1 {f1:.3f}; ", end="")
        print(f"seeded simulation (200 runs) accuracy {sim.accuracy:.3f} macro-F1 {sim.macro_f1:.3f}")
    if args.fit:
        even = half(items, "even")
        print("\nper-rule precision on the even half (agreeing answers / answers decided):")
        for rule, (agree, n) in fit(even).items():
            print(f"  {rule:<28} {agree:>4} / {n:<4} = {agree / n:.2f}")
        print("\nthreshold sweep on the even half:")
        for threshold in sorted({*QA_CONFIDENCE.values(), 0.5}):
            s = evaluate(even, at_threshold(threshold))
            print(f"  threshold {threshold:.2f}: accuracy {s.accuracy:.3f} macro-F1 {s.macro_f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
