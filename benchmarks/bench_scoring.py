"""Scorecard benchmark: scorecard(by="speaker") and to_html() against the orjson parse floor.

Builds a folder ledger of synthetic claims of realistic size (one JSON file
per claim, ~1 KB: text, a translation half of the time, two sources, 0-2
events with evidence), then times, each as the median of several runs:

- floor: read every claim file and ``orjson.loads`` it (what any reader must do);
- ``scorecard(ledger, by="speaker")`` on the FolderStore (read + validate + score);
- ``Ledger.records()`` alone (read + validate, no scoring), to show where time goes;
- scorecard over records already in memory (the scoring itself);
- ``card.to_html()`` and ``card.to_markdown()``.

Run: ``python benchmarks/bench_scoring.py`` (20,000 claims) or ``--full`` (100,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from claimtrack.ledger import Ledger
from claimtrack.model import ClaimRecord
from claimtrack.scoring import scorecard
from claimtrack.stores import FolderStore, dumps_record

VERDICTS = ["true", "true", "mostly_true", "mixed", "mostly_false", "false", "false", "unverifiable", "ambiguous"]
WORDS = [
    "model",
    "release",
    "compute",
    "energy",
    "safety",
    "board",
    "robots",
    "search",
    "memory",
    "video",
    "open",
    "source",
    "chips",
    "policy",
]


def synthetic(i: int, rng: random.Random) -> ClaimRecord:
    """One claim record of realistic size and shape."""
    said = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
    kind = rng.choice(["prediction", "prediction", "commitment", "assertion", "opinion"])
    claim_id = f"c{i:07d}"
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(10, 30))).capitalize() + "."
    claim: dict[str, Any] = {
        "id": claim_id,
        "text": text,
        "language": "en",
        "speaker": {"name": f"Speaker {rng.randrange(500):03d}", "role": "CEO"},
        "said_on": said.isoformat(),
        "kind": kind,
        "topics": rng.sample(WORDS, rng.randrange(0, 3)),
        "sources": [
            {
                "role": "primary",
                "url": f"https://example.org/interviews/{claim_id}",
                "publisher": f"Outlet {rng.randrange(40)}",
                "fidelity": "verbatim",
                "locator": f"00:{rng.randrange(60):02d}:{rng.randrange(60):02d}",
            },
            {
                "role": "secondary",
                "url": f"https://news.example.com/{claim_id}",
                "publisher": "Summary Site",
                "fidelity": rng.choice(["faithful", "partly_faithful", "distorted"]),
            },
        ],
    }
    if rng.random() < 0.5:
        claim["language"] = "ja"
        claim["translations"] = {"en": text}
        claim["text"] = "今年、素晴らしいモデルをリリースする予定です。" * rng.randrange(1, 3)
    if kind in ("prediction", "commitment"):
        end = said + timedelta(days=rng.randrange(30, 3000))
        claim["horizon"] = {"text": "within a few years", "start": said.isoformat(), "end": end.isoformat()}
        if rng.random() < 0.6:
            claim["credence"] = {"p": round(rng.random(), 2), "basis": "hedge", "word": "probably", "scale": "icd203"}
    events = []
    evidence = []
    for n in range(rng.choice([0, 1, 1, 2])):
        on = said + timedelta(days=rng.randrange(1, 1500) * (n + 1))
        ev_id = f"ev-{claim_id}-{n}"
        evidence.append(
            {
                "id": ev_id,
                "url": f"https://reports.example.net/{claim_id}/{n}",
                "title": "A report on whether it happened",
                "published_on": on.isoformat(),
                "stance": "supports",
            }
        )
        recorded = datetime(on.year, on.month, on.day, tzinfo=UTC) + timedelta(days=1)
        events.append(
            {
                "claim_id": claim_id,
                "verdict": rng.choice(VERDICTS),
                "effective_on": on.isoformat(),
                "recorded_at": recorded.isoformat(),
                "evidence": [ev_id],
                "note": "checked against the report",
            }
        )
    return ClaimRecord.model_validate({"claim": claim, "events": events, "evidence": evidence})


def build(root: Path, n: int) -> list[ClaimRecord]:
    """Write ``n`` synthetic claim files into a folder ledger (no fsync: this is set-up, not measured)."""
    FolderStore(root)  # creates the marker and layout
    rng = random.Random(5)
    records = [synthetic(i, rng) for i in range(n)]
    claims = root / "claims"
    for record in records:
        (claims / f"{record.claim.id}.json").write_text(dumps_record(record), encoding="utf-8")
    return records


def timed(func: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` calls, and the last result."""
    times = []
    result: object = None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def floor(root: Path, *, gc_off: bool) -> list[Any]:
    """Read and orjson-parse every claim file, keeping the results (the parse floor)."""
    was = gc.isenabled()
    if gc_off:
        gc.disable()
    try:
        return [orjson.loads(p.read_bytes()) for p in sorted((root / "claims").iterdir()) if p.suffix == ".json"]
    finally:
        if was:
            gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="100,000 claims (default 20,000)")
    parser.add_argument("-n", type=int, help="number of claims")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    n = args.n or (100_000 if args.full else 20_000)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ledger"
        t0 = time.perf_counter()
        records = build(root, n)
        size = sum(p.stat().st_size for p in (root / "claims").iterdir())
        print(f"built {n:,} claims in {time.perf_counter() - t0:.1f} s; {size / n:,.0f} bytes of JSON per claim")
        ledger = Ledger.open(root, create=False)
        rows: list[tuple[str, float]] = []
        t_floor_on, _ = timed(lambda: floor(root, gc_off=False), args.runs)
        rows.append(("floor: read + orjson.loads, GC on", t_floor_on))
        t_floor, _ = timed(lambda: floor(root, gc_off=True), args.runs)
        rows.append(("floor: read + orjson.loads, GC paused", t_floor))
        t_records, _ = timed(lambda: sum(1 for _ in ledger.records()), args.runs)
        rows.append(("Ledger.records() alone (read + json + pydantic)", t_records))
        t_card, card = timed(lambda: scorecard(ledger, by="speaker"), args.runs)
        rows.append(('scorecard(ledger, by="speaker") on the folder', t_card))
        t_mem, _ = timed(lambda: scorecard(records, by="speaker"), args.runs)
        rows.append(("scorecard(records in memory) — scoring only", t_mem))
        assert hasattr(card, "to_html")
        t_html, page = timed(card.to_html, args.runs)  # type: ignore[attr-defined]
        rows.append(("card.to_html()", t_html))
        t_md, _ = timed(card.to_markdown, args.runs)  # type: ignore[attr-defined]
        rows.append(("card.to_markdown() (200 claims listed)", t_md))
        print(f"\n{'operation':<52} {'seconds':>8} {'claims/s':>10} {'x floor':>8}")
        for name, seconds in rows:
            print(f"{name:<52} {seconds:8.2f} {n / seconds:10,.0f} {seconds / t_floor:8.2f}")
        html_mb = len(str(page).encode("utf-8")) / 1e6
        print(
            f"\nHTML page: {html_mb:.1f} MB; scorecard / floor (GC paused) = {t_card / t_floor:.2f}x; "
            f"scorecard / floor (GC on) = {t_card / t_floor_on:.2f}x"
        )
        if args.json:
            args.json.write_text(json.dumps({"n": n, "rows": rows, "html_mb": html_mb}, indent=2))


if __name__ == "__main__":
    main()
