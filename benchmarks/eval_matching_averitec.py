"""Matching quality on the AVeriTeC dev split: does the matcher rank a claim's own evidence first?

Run::

    python benchmarks/eval_matching_averitec.py [PATH/dev.json]   # default ../shared/data/averitec/dev.json
    python benchmarks/eval_matching_averitec.py --rerank          # + the optional embedding rerank (wordllama)

Each of the 500 items is imported with ``claimtrack.interop.averitec``;
its answers (unanswerable ones left out: "No answer could be found." says
nothing about which claim it is) are the evidence. Fixed split: items with
an even index are the tuning half, items with an odd index the report half;
each half is matched within itself (its claims against its answers).

Two tasks, as in the issue that asked for this:

* **answers** -- the evidence is the answer text alone;
* **questions and answers** -- the question is given too (``Evidence.question``).

Two measures of top-1:

* **per claim** (the headline, the issue's measure): for each claim, the
  piece of evidence the matcher scores highest for it is one of its own
  answers; this is how ``propose`` reads the scores (the best evidence per
  claim);
* **per evidence**: for each answer, the claim ranked first is its own.

Methods, all in the same run: the claimtrack matcher (retrieval with bm25s,
then the calibrated features of ``claimtrack.checking.matching``), the same
with the optional embedding rerank, BM25 alone (bm25s over the same tokens),
a plain TF-IDF cosine over lower-cased words (the trivial baseline), and a
random ranking (its expected top-1, exactly).
tests/checking/test_matching_averitec.py uses this module's functions.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.checking import ClaimIndex, ClaimRetriever  # noqa: E402
from claimtrack.checking.matching import calibrated  # noqa: E402
from claimtrack.checking.tokens import evidence_tokens  # noqa: E402
from claimtrack.interop import averitec  # noqa: E402
from claimtrack.model import Claim, Evidence  # noqa: E402

DEV = Path(os.environ.get("CLAIMTRACK_SHARED", ROOT.parent / "shared")) / "data" / "averitec" / "dev.json"
UNANSWERABLE = "unanswerable"
TASKS = ("answers", "questions and answers")


@dataclass(frozen=True)
class Half:
    """One half of the split: its claims, and its answers with the index of the claim each belongs to."""

    name: str
    claims: list[Claim]
    evidence: list[Evidence]
    owner: list[int]


def load_halves(path: Path = DEV) -> dict[str, Half]:
    """The even and odd halves (items imported one by one, so item ``i`` is one claim)."""
    items = json.loads(path.read_text(encoding="utf-8"))
    halves: dict[str, Half] = {}
    for name, parity in (("even", 0), ("odd", 1)):
        claims: list[Claim] = []
        evidence: list[Evidence] = []
        owner: list[int] = []
        for index, item in enumerate(items):
            if index % 2 != parity:
                continue
            ledger = averitec.read([item]).ledger
            (record,) = list(ledger.records())
            claims.append(record.claim.model_copy(update={"id": f"item-{index}"}))
            for ev in record.evidence:
                if ev.question is None or ev.answer_type == UNANSWERABLE or not ev.excerpt:
                    continue  # the fact-check article itself, or "No answer could be found."
                evidence.append(ev)
                owner.append(len(claims) - 1)
        halves[name] = Half(name, claims, evidence, owner)
    return halves


def as_task(ev: Evidence, task: str) -> Evidence:
    """The evidence as a task sees it: the answer alone (no question, no URL), or the question too."""
    question = ev.question if task == "questions and answers" else None
    return Evidence(id=ev.id, url="https://example.org/", excerpt=ev.excerpt, question=question)


def _text(ev: Evidence) -> str:
    return " ".join(t for t in (ev.question, ev.excerpt) if t)


Scorer = Callable[[Half, str], np.ndarray]
"""Scores of every (evidence, claim) pair of a half for a task: a matrix, evidence by claim."""


def claimtrack_scores(half: Half, task: str, *, rerank: Any = None, weight: float = 0.0) -> np.ndarray:
    """The matcher: candidates from the retrieval index, scored by the calibrated features (0 elsewhere)."""
    retriever = ClaimRetriever.build(half.claims)
    position = {c.id: i for i, c in enumerate(half.claims)}
    by_id = {c.id: c for c in half.claims}
    queries = [as_task(ev, task) for ev in half.evidence]
    wanted: dict[str, None] = {}
    for ev in queries:
        wanted.update(dict.fromkeys(i for i, _ in retriever.candidates(evidence_tokens(ev))))
    index = ClaimIndex([by_id[i] for i in wanted], frequencies=retriever.frequencies())
    scores = np.zeros((len(queries), len(half.claims)))
    for row, ev in enumerate(queries):
        candidates = {i for i, _ in retriever.candidates(evidence_tokens(ev))}
        for entry, features in index.features(ev):
            if entry.claim.id in candidates:
                scores[row, position[entry.claim.id]] = calibrated(features)
    if rerank is not None and weight:
        scores = scores + weight * rerank(half, task) * (scores > 0)
    return scores


def bm25_scores(half: Half, task: str) -> np.ndarray:
    """BM25 alone over the same tokens (bm25s), every claim scored."""
    retriever = ClaimRetriever.build(half.claims)
    position = {c.id: i for i, c in enumerate(half.claims)}
    scores = np.zeros((len(half.evidence), len(half.claims)))
    for row, ev in enumerate(half.evidence):
        for claim_id, score in retriever.candidates(evidence_tokens(as_task(ev, task)), limit=len(half.claims)):
            scores[row, position[claim_id]] = score
    return scores


_WORD = re.compile(r"\w+")


def tfidf_scores(half: Half, task: str) -> np.ndarray:
    """The trivial baseline: cosine of TF-IDF vectors of lower-cased words, claims as the documents."""
    docs = [[w.lower() for w in _WORD.findall(c.text)] for c in half.claims]
    df = Counter(w for doc in docs for w in set(doc))
    n = len(docs)

    def vector(words: list[str]) -> dict[str, float]:
        counts = Counter(words)
        v = {w: k * (math.log(n / df[w]) + 1.0 if w in df else math.log(n) + 1.0) for w, k in counts.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    claim_vectors = [vector(doc) for doc in docs]
    scores = np.zeros((len(half.evidence), len(half.claims)))
    for row, ev in enumerate(half.evidence):
        q = vector([w.lower() for w in _WORD.findall(_text(as_task(ev, task)))])
        for col, cv in enumerate(claim_vectors):
            scores[row, col] = sum(x * cv.get(w, 0.0) for w, x in q.items())
    return scores


def top1(half: Half, scores: np.ndarray) -> tuple[float, float]:
    """(per claim, per evidence) top-1: ties broken against the method (a tie with a wrong one is a miss)."""
    owner = np.asarray(half.owner)
    per_claim = 0
    for col in range(len(half.claims)):
        column = scores[:, col]
        best = column.max()
        winners = np.flatnonzero(column == best)
        per_claim += int(best > 0 and all(owner[w] == col for w in winners))
    per_evidence = 0
    for row in range(len(half.evidence)):
        line = scores[row]
        best = line.max()
        winners = np.flatnonzero(line == best)
        per_evidence += int(best > 0 and all(w == owner[row] for w in winners))
    return per_claim / len(half.claims), per_evidence / len(half.evidence)


def random_top1(half: Half) -> tuple[float, float]:
    """The expected top-1 of a random ranking: a claim's share of the answers; one claim in all."""
    counts = Counter(half.owner)
    per_claim = sum(counts[c] / len(half.evidence) for c in range(len(half.claims))) / len(half.claims)
    return per_claim, 1.0 / len(half.claims)


def report(halves: dict[str, Half], *, rerank: Any = None, weight: float = 0.0) -> dict[str, Any]:
    """Top-1 of every method on both halves and both tasks."""
    methods: dict[str, Scorer] = {
        "claimtrack": claimtrack_scores,
        "bm25s alone": bm25_scores,
        "tf-idf (baseline)": tfidf_scores,
    }
    if rerank is not None:
        methods["claimtrack + rerank"] = lambda h, t: claimtrack_scores(h, t, rerank=rerank, weight=weight)
    out: dict[str, Any] = {}
    for half in halves.values():
        for task in TASKS:
            row: dict[str, Any] = {}
            for name, scorer in methods.items():
                started = time.perf_counter()
                row[name] = top1(half, scorer(half, task))
                row[name + " seconds"] = round(time.perf_counter() - started, 2)
            row["random (expected)"] = random_top1(half)
            out[f"{half.name} / {task}"] = row
    return out


def wordllama_rerank() -> Callable[[Half, str], np.ndarray]:
    """Cosine similarity of wordllama embeddings of evidence and claim (loaded offline)."""
    from claimtrack.web import WordLlamaReranker

    model = WordLlamaReranker()._model

    def similarity(half: Half, task: str) -> np.ndarray:
        claims = model.embed([c.translations.get("en", c.text) for c in half.claims], norm=True)
        evidence = model.embed([_text(as_task(ev, task)) for ev in half.evidence], norm=True)
        return np.asarray(evidence @ claims.T, dtype=np.float64)

    return similarity


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEV)
    parser.add_argument("--rerank", action="store_true", help="also the wordllama rerank (tuned on the even half)")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"no AVeriTeC dev split at {args.path}", file=sys.stderr)
        return 2
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    halves = load_halves(args.path)
    rerank = None
    weight = 0.0
    if args.rerank:
        rerank = wordllama_rerank()
        best = (-1.0, 0.0)
        for w in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8):  # tuned on the even half only
            even = halves["even"]
            score = sum(top1(even, claimtrack_scores(even, t, rerank=rerank, weight=w))[0] for t in TASKS)
            best = max(best, (score, w))
        weight = best[1]
        print(f"rerank weight chosen on the even half: {weight}")
    for key, row in report(halves, rerank=rerank, weight=weight).items():
        print(f"\n{key}  (per claim / per evidence top-1)")
        for name, value in row.items():
            if name.endswith("seconds"):
                continue
            print(f"  {name:24} {value[0]:.3f} / {value[1]:.3f}   {row.get(name + ' seconds', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
