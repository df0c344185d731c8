"""Interop import speed beside a bare pydantic validation of the same records.

Run: ``python benchmarks/bench_interop.py`` (100,000 synthetic ClaimReview
records plus the AVeriTeC dev split when /work/shared/data/averitec/dev.json
exists). ``--records N`` changes the size, ``--repeat N`` the repetitions
(the median is reported). ``--hostile N`` instead reads a file of N objects that are
not ClaimReview, in a fresh process each, and prints the time and peak memory.

The floor is what any typed reader of these records must pay: pydantic
models mirroring the *input* shape (ClaimReview, Claim, Rating, Person /
Organization, CreativeWork; AVeriTeC's item, question, answer), validated
from the same Python objects. claimtrack's importers do more: read dates and
ratings, clean text, derive stable ids, build and validate seven claimtrack
models per record and put them in a ledger. The target is a ratio within 2x.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import conditions, interleaved  # benchmarks/_harness.py (run as a script)
from pydantic import BaseModel, ConfigDict, Field

from claimtrack.interop import averitec, builder, claimreview, jsonld
from claimtrack.interop.claimreview import reading
from claimtrack.interop.ratings import RatingTable
from claimtrack.model import ClaimRecord

AVERITEC_DEV = Path(os.environ.get("CLAIMTRACK_SHARED", "/work/shared")) / "data" / "averitec" / "dev.json"

# -- the floor: the input shapes as plain pydantic models ----------------------------------------


class _In(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Thing(_In):
    type: str | list[str] | None = Field(None, alias="@type")
    name: str | None = None
    same_as: str | list[str] | None = Field(None, alias="sameAs")
    job_title: str | None = Field(None, alias="jobTitle")


class CreativeWork(_In):
    type: str | None = Field(None, alias="@type")
    url: str | None = None
    headline: str | None = None
    date_published: str | None = Field(None, alias="datePublished")


class ClaimIn(_In):
    type: str | None = Field(None, alias="@type")
    author: Thing | str | list[Thing | str] | None = None
    date_published: str | None = Field(None, alias="datePublished")
    appearance: list[CreativeWork | str] | CreativeWork | str | None = None
    first_appearance: CreativeWork | str | None = Field(None, alias="firstAppearance")


class RatingIn(_In):
    type: str | None = Field(None, alias="@type")
    rating_value: float | str | None = Field(None, alias="ratingValue")
    best_rating: float | str | None = Field(None, alias="bestRating")
    worst_rating: float | str | None = Field(None, alias="worstRating")
    alternate_name: str | None = Field(None, alias="alternateName")


class ClaimReviewIn(_In):
    context: Any = Field(None, alias="@context")
    type: str | list[str] | None = Field(None, alias="@type")
    url: str | None = None
    claim_reviewed: str | None = Field(None, alias="claimReviewed")
    date_published: str | None = Field(None, alias="datePublished")
    author: Thing | str | list[Thing | str] | None = None
    in_language: str | None = Field(None, alias="inLanguage")
    item_reviewed: ClaimIn | None = Field(None, alias="itemReviewed")
    review_rating: RatingIn | None = Field(None, alias="reviewRating")


class AnswerIn(_In):
    answer: str | None = None
    answer_type: str | None = None
    source_url: str | None = None
    source_medium: str | None = None
    cached_source_url: str | None = None
    boolean_explanation: str | None = None


class QuestionIn(_In):
    question: str | None = None
    answers: list[AnswerIn] = []


class AveritecIn(_In):
    claim: str
    label: str | None = None
    justification: str | None = None
    claim_date: str | None = None
    speaker: str | None = None
    original_claim_url: str | None = None
    cached_original_claim_url: str | None = None
    fact_checking_article: str | None = None
    reporting_source: str | None = None
    questions: list[QuestionIn] = []


# -- synthetic ClaimReview records ---------------------------------------------------------------

_RATINGS = [
    {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
    {"@type": "Rating", "alternateName": "Pants on Fire!"},
    {"@type": "Rating", "alternateName": "Mostly True", "ratingValue": "4", "bestRating": "5", "worstRating": "1"},
    {"@type": "Rating", "alternateName": "誤り"},
    {"@type": "Rating", "alternateName": "ミスリード", "ratingValue": 2},
    {"@type": "Rating", "ratingValue": 3, "bestRating": 6, "worstRating": 0},
    {"@type": "Rating", "alternateName": "Incorrect. The figure is lower.", "name": "Incorrect"},
    {"@type": "Rating", "alternateName": "A rating nobody maps"},
    {"@type": "Rating", "alternateName": "Mixture", "ratingValue": 9, "bestRating": 5, "worstRating": 1},
]
_DATES = ["2023-{m:02d}-{d:02d}", "2023-{m:02d}-{d:02d}T10:15:00Z", "2023-{m:02d}-{d:02d}T23:30:00-05:00"]


def synthetic_reviews(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` ClaimReview records in the shapes seen in the wild (all on example.org domains)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        claim_day = f"2023-{m:02d}-{max(1, d - rng.randint(0, 3)):02d}"
        shape = i % 6
        item: dict[str, Any] = {"@type": "Claim"}
        if shape == 0:
            item["author"] = {
                "@type": "Person",
                "name": f"Speaker {i % 997}",
                "jobTitle": "Senator",
                "sameAs": [f"https://people.example.org/{i % 997}"],
            }
        elif shape == 1:
            item["author"] = f"Speaker {i % 997}"
        elif shape == 2:
            item["author"] = {"@type": "Organization", "name": f"Party {i % 31}"}
        if shape != 3:
            item["datePublished"] = claim_day
        if shape in (0, 4):
            item["appearance"] = [
                f"https://social.example.com/post/{i}",
                {"@type": "CreativeWork", "url": f"https://news.example.com/{i}", "headline": "A story"},
            ]
        if shape == 5:
            item["firstAppearance"] = {
                "@type": "CreativeWork",
                "url": f"https://video.example.com/{i}",
                "datePublished": claim_day,
            }
        text = f"Claim number {i} says the figure rose by {i % 100}% in {2000 + i % 23}"
        if shape == 4:
            text = f"&quot;{text}&quot; &amp; more"
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://checks.example.org/{2023}/{m:02d}/fact-check-{i}",
            "claimReviewed": text,
            "datePublished": rng.choice(_DATES).format(m=m, d=d),
            "author": {"@type": "Organization", "name": f"Checker {i % 40}"},
            "inLanguage": "ja" if i % 9 == 3 else "en",
            "itemReviewed": item,
            "reviewRating": dict(_RATINGS[i % len(_RATINGS)]),
        }
        if shape == 3:
            del review["@context"]
        out.append(review)
    return out


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs (GC left on, as in real use; results dropped between runs)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
    return statistics.median(times)


_CHILD = """
import resource, sys, time
from claimtrack.interop import claimreview
start = time.perf_counter()
result = claimreview.read_file(sys.argv[1])
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, result.records, len(result.problems))
"""


def hostile(n: int) -> None:
    """Read a JSON array of ``n`` objects that are not ClaimReview, each in a fresh process: time, peak memory.

    The shape of issue #12's report (5,000,000 objects, 69 MB: 55 s and 7.0 GB before), scaled by ``n``.
    """
    print(f"{'objects':>10} {'file':>9} {'seconds':>8} {'peak RSS':>9}  shape")
    with tempfile.TemporaryDirectory() as folder:
        for label, node in (
            ("no @type (each one a problem)", '{"name":"x"}'),
            ("a @type (ignored)", '{"@type":"X"}'),
        ):
            path = Path(folder) / "nodes.json"
            path.write_text("[" + ",".join([node] * n) + "]", encoding="utf-8")
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
            ).stdout.split()
            seconds, peak_kb = float(out[0]), int(out[1])
            print(f"{n:>10,} {path.stat().st_size / 1e6:>7.1f}MB {seconds:>8.2f} {peak_kb / 1024:>7.0f}MB  {label}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="synthetic ClaimReview records (100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median is shown (3)")
    parser.add_argument("--hostile", type=int, metavar="N", help="instead: read N objects that are not records")
    args = parser.parse_args(argv)
    if args.hostile:
        hostile(args.hostile)
        return 0

    rows: list[tuple[str, int, float, float, float, float, float]] = []
    # AVeriTeC first, while the heap holds nothing else: the synthetic ClaimReview records (millions of
    # objects) would slow every collection of floor (a), which runs with the collector on, and flatter
    # the import, which pauses it
    averitec_row = None
    if AVERITEC_DEV.exists():
        items = json.loads(AVERITEC_DEV.read_text(encoding="utf-8"))
        measured = _measure(items, AveritecIn, averitec.read, _averitec_payloads, max(args.repeat, 15))
        averitec_row = ("AVeriTeC dev split", len(items), *measured)
        del items
        gc.collect()

    reviews = synthetic_reviews(args.records)
    measured = _measure(reviews, ClaimReviewIn, claimreview.read_jsonld, _claimreview_payloads, args.repeat)
    rows.append(("ClaimReview (synthetic)", len(reviews), *measured))
    result = claimreview.read_jsonld(reviews)
    check = f"{len(result.ledger)} claims, {len(result.warnings)} warnings, {len(result.errors)} errors"
    del result
    if averitec_row is not None:
        rows.append(averitec_row)
        _RATIOS.append(_RATIOS.pop(0))  # in the order of the rows

    print(f"conditions: {conditions()}")
    print(
        f"median of {args.repeat} runs (AVeriTeC: at least 15, one read of the file each, measured first in a"
        " clean heap); import and floor (a) interleaved"
    )
    print(f"synthetic import: {check}")
    print()
    print("Floors in records/s: (a) the input shape validated by pydantic, GC on; (b) the same with GC")
    print("paused, as the importers pause it; (c) claimtrack's own ClaimRecord validation of the records")
    print("the import produced, from plain dicts, GC paused. Ratio = import time / floor time.")
    print("(d) is not a floor but a part of the import: its one-call validation of the claim records it")
    print("built (GC paused); 'vs (a)' beside it is the share of the 2x budget that validation alone takes.")
    print()
    print(
        "| input | records | (a) input, GC on | (b) input, GC paused | (c) ClaimRecord | import "
        "| vs (a) | vs (b) | vs (c) | (d) import's validation | (d) vs (a) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, a, b, c, ours, d in rows:
        print(
            f"| {name} | {n:,} | {n / a:,.0f} | {n / b:,.0f} | {n / c:,.0f} | {n / ours:,.0f} "
            f"| {ours / a:.2f}x | {ours / b:.2f}x | {ours / c:.2f}x | {n / d:,.0f} | {d / a:.2f}x |"
        )
    print()
    for (name, *_), (spread, before, after) in zip(rows, _RATIOS, strict=True):
        print(f"{name}: import vs (a), median of per-round ratios: {spread}; load {before} -> {after}")
    return 0


def _claimreview_payloads(records: list[Any]) -> list[dict[str, Any]]:
    """What ``claimreview.read_jsonld`` hands to its final validation (its reading steps, by hand)."""
    records_builder = builder.RecordBuilder(path=None)
    table = RatingTable.default()
    for position, node, context in jsonld.nodes(records, "", None):
        reading._read_node(records_builder, table, position, node, context, None)
    return records_builder.payloads()


def _averitec_payloads(records: list[Any]) -> list[dict[str, Any]]:
    """What ``averitec.read`` hands to its final validation (its reading steps, by hand)."""
    records_builder = builder.RecordBuilder(path=None)
    table = RatingTable.default()
    for i, item in enumerate(records):
        averitec._read_item(records_builder, table, f"[{i}]", item, None)
    return records_builder.payloads()


def _measure(
    records: list[Any],
    shape: type[BaseModel],
    importer: Callable[[Any], Any],
    payloads_of: Callable[[list[Any]], list[dict[str, Any]]],
    repeat: int,
) -> tuple[float, float, float, float, float]:
    """Seconds for the three floors, the import and its validation step, each the median of ``repeat`` runs.

    The import and floor (a), whose ratio is the target, run interleaved (a, import, a, import, ...)
    after an untimed run each; their ratio is the median of the per-round ratios (``_RATIOS``).
    """
    paired = interleaved(
        {"floor": lambda: [shape.model_validate(r) for r in records], "import": lambda: importer(records)},
        runs=repeat,
    )
    _RATIOS.append((paired.spread("import", "floor"), paired.load_before, paired.load_after))
    floor_on = paired.median("floor")
    gc.disable()
    try:
        floor_off = timed(lambda: [shape.model_validate(r) for r in records], repeat)
        produced = [r.model_dump() for r in importer(records).ledger.records()]
        floor_model = timed(lambda: [ClaimRecord.model_validate(r) for r in produced], repeat)
        payloads = payloads_of(records)
        adapter = builder._records_adapter()
        validation = timed(lambda: adapter.validate_python(payloads), repeat)
    finally:
        gc.enable()
    floor_model *= len(records) / max(1, len(produced))  # per input record
    ours = paired.median("import")
    return floor_on, floor_off, floor_model, ours, validation


_RATIOS: list[tuple[str, str, str]] = []
"""(import vs floor (a) as median and spread, load before, load after) per measured input, in order."""


if __name__ == "__main__":
    raise SystemExit(main())
