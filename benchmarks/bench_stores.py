"""Store benchmark: bulk import, status lookups, single-event records and the scorecard aggregate.

    python benchmarks/bench_stores.py            # 100,000 claims (folder: 10,000), about 3 minutes
    python benchmarks/bench_stores.py --full     # 1,000,000 claims in SQLite/PostgreSQL, 100,000 in the folder

Each store is measured beside a hand-written baseline on the same engine in
the same run: raw ``executemany`` of the same pre-serialised rows into the
same tables and indexes (import), and one raw ``GROUP BY`` (scorecard).
PostgreSQL runs when $CLAIMTRACK_TEST_POSTGRES is set (``eval "$(scripts/pg-start)"``).
The SQLite store runs with journal_mode=WAL, synchronous=NORMAL; PostgreSQL
with the server defaults (fsync on, synchronous_commit on). Peak memory of
the scorecard is measured in a fresh process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import claimtrack as ct
from claimtrack.ledger import replay
from claimtrack.stores._sql import claim_row, event_row, evidence_row

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
SPEAKERS = [f"Speaker {i:03d}" for i in range(500)]
TOPICS = ["ai", "economy", "energy", "health", "elections", "space", "climate", "housing"]
WORDS = [
    "we",
    "will",
    "ship",
    "a",
    "new",
    "model",
    "before",
    "the",
    "end",
    "of",
    "next",
    "year",
    "and",
    "it",
    "will",
    "be",
    "much",
    "better",
    "than",
    "the",
    "last",
    "one",
]
VERDICTS = ["true", "mostly_true", "mixed", "mostly_false", "false", "unverifiable"]


def synthetic(n: int, seed: int = 7) -> Iterator[ct.ClaimRecord]:
    """Realistic-sized synthetic claim records (about 0.6 KB of JSON each)."""
    rng = random.Random(seed)
    for i in range(n):
        said = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        kind = rng.choice(["prediction", "prediction", "commitment", "assertion"])
        claim: dict[str, Any] = {
            "id": f"claim-{i:07d}",
            "text": " ".join(rng.choices(WORDS, k=rng.randrange(8, 24))),
            "language": "en",
            "speaker": {"name": rng.choice(SPEAKERS)},
            "said_on": said,
            "kind": kind,
            "topics": tuple(rng.sample(TOPICS, rng.randrange(0, 3))),
            "sources": ({"url": f"https://news.example.org/{i}", "role": "primary", "fidelity": "verbatim"},),
        }
        if kind != "assertion":
            claim["horizon"] = {"text": "within 2 years", "start": said, "end": said + timedelta(days=730)}
            if rng.random() < 0.6:
                p = round(rng.random(), 2)
                claim["credence"] = {"p": p, "basis": "assigned"}
        events, evidence = [], []
        if rng.random() < 0.6:
            ev = ct.Evidence(url=f"https://evidence.example.org/{i}", title="report", published_on=said)
            evidence.append(ev)
            on = said + timedelta(days=rng.randrange(1, 900))
            events.append(
                ct.StatusEvent(
                    claim_id=claim["id"],
                    verdict=rng.choice(VERDICTS),
                    effective_on=min(on, NOW.date()),
                    recorded_at=NOW,
                    evidence=(ev.id,),
                    note="",
                    id="",
                )
            )
        yield ct.ClaimRecord(claim=ct.Claim.model_validate(claim), events=tuple(events), evidence=tuple(evidence))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def gc_paused(fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()
            gc.unfreeze()

    return run


def raw_rows(records: list[ct.ClaimRecord]) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    claims, topics, events, evidence = [], [], [], []
    for r in records:
        claims.append(claim_row(r.claim, r.version, replay(r.events)))
        topics.extend((r.claim.id, t) for t in dict.fromkeys(r.claim.topics))
        events.extend(event_row(e) for e in r.events)
        evidence.extend(evidence_row(r.claim.id, ev) for ev in r.evidence)
    return claims, topics, events, evidence


def raw_import(store: Any, rows: tuple[list[Any], ...]) -> None:
    """The hand-written baseline: executemany of ready rows into the same tables, one transaction."""
    claims, topics, events, evidence = rows
    cols = "id, version, speaker, speaker_key, kind, said_on, deadline, credence, status, body"
    with store._write():
        for sql, batch in (
            (f"INSERT INTO ct_claims ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claims),
            ("INSERT INTO ct_topics (claim_id, topic) VALUES (?, ?)", topics),
            ("INSERT INTO ct_evidence (claim_id, id, body) VALUES (?, ?, ?)", evidence),
            (
                "INSERT INTO ct_events (claim_id, id, effective_on, recorded_at, verdict, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                events,
            ),
        ):
            for i in range(0, len(batch), 2000):
                store._executemany(sql, batch[i : i + 2000])


RAW_GROUP_BY = (
    "SELECT speaker, status, count(*), count(credence), sum(credence), sum(credence * credence) "
    "FROM ct_claims GROUP BY speaker, status"
)


def peak_scorecard_mb(url: str) -> tuple[float, float]:
    """Peak RSS (MB) of a fresh process after ``import claimtrack`` and after opening + the scorecard aggregate.

    Read from /proc/self/status VmHWM: ru_maxrss would include the parent's RSS inherited at fork.
    """
    code = (
        "import claimtrack as ct\n"
        "def hwm():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024\n"
        "base = hwm()\n"
        f"l = ct.Ledger.open({url!r}, create=False)\n"
        "l.verdict_counts(by='speaker'); l.close()\n"
        "print(base, hwm())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    base, peak = (float(x) for x in out.stdout.split())
    return base, peak


def bench_sql(name: str, url: str, baseline_url: str, records: list[ct.ClaimRecord], rows: Any) -> dict[str, Any]:
    n = len(records)
    result: dict[str, Any] = {"store": name, "claims": n}
    with ct.Ledger.open(url, clock=lambda: NOW) as ledger:
        result["import_s"], _ = timed(gc_paused(lambda: ledger.store.create_many(records)))
    with ct.Ledger.open(baseline_url, clock=lambda: NOW) as raw:
        result["raw_import_s"], _ = timed(gc_paused(lambda: raw_import(raw.store, rows)))
    with ct.Ledger.open(url, clock=lambda: NOW) as ledger:
        rng = random.Random(1)
        ids = [records[rng.randrange(n)].claim.id for _ in range(3000)]
        t, _ = timed(lambda: [ledger.status(i) for i in ids])
        result["status_per_s"] = len(ids) / t
        k = 500
        t, _ = timed(lambda: [ledger.record(ids[j], "false", on=NOW.date(), note=f"bench {j}") for j in range(k)])
        result["record_per_s"] = k / t
        result["scorecard_s"] = min(timed(lambda: ledger.verdict_counts(by="speaker"))[0] for _ in range(3))
        store: Any = ledger.store
        result["raw_group_by_s"] = min(timed(lambda: store._execute(RAW_GROUP_BY))[0] for _ in range(3))
    result["import_mb"], result["scorecard_peak_mb"] = peak_scorecard_mb(url)
    return result


def bench_gc_effect(records: list[ct.ClaimRecord], tmp: Path) -> tuple[float, float]:
    """SQLite import time with the cyclic GC on vs frozen and disabled (separate fresh files)."""
    subset = records[: min(len(records), 100_000)]
    with ct.Ledger.open(tmp / "gc-on.sqlite") as ledger:
        on, _ = timed(lambda: ledger.store.create_many(subset))
    with ct.Ledger.open(tmp / "gc-off.sqlite") as ledger:
        off, _ = timed(gc_paused(lambda: ledger.store.create_many(subset)))
    return on, off


def bench_folder(records: list[ct.ClaimRecord], tmp: Path) -> dict[str, Any]:
    with ct.Ledger.open(tmp / "folder", clock=lambda: NOW) as ledger:
        import_s, _ = timed(gc_paused(lambda: ledger.store.create_many(records)))
        scorecard_s, _ = timed(lambda: ledger.verdict_counts(by="speaker"))
    return {"import_s": import_s, "scorecard_s": scorecard_s, "claims": len(records)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000,000 claims (folder: 100,000)")
    parser.add_argument("--claims", type=int, default=None, help="claims for SQLite/PostgreSQL")
    parser.add_argument("--folder-claims", type=int, default=None, help="claims for the folder comparison")
    args = parser.parse_args()
    n = args.claims or (1_000_000 if args.full else 100_000)
    n_folder = args.folder_claims or (100_000 if args.full else 10_000)

    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"SQLite {__import__('sqlite3').sqlite_version}"
    )
    t, records = timed(gc_paused(lambda: list(synthetic(n))))
    print(f"generated {n:,} synthetic claim records in {t:.1f} s")
    rows = raw_rows(records)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-stores-") as tmpdir:
        tmp = Path(tmpdir)
        results.append(bench_sql("sqlite", str(tmp / "store.sqlite"), str(tmp / "raw.sqlite"), records, rows))
        pg = os.environ.get("CLAIMTRACK_TEST_POSTGRES")
        if pg:
            import psycopg

            schemas = [f"bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
            with psycopg.connect(pg, autocommit=True) as conn:
                for schema in schemas:
                    conn.execute(f"CREATE SCHEMA {schema}")
            sep = "&" if "?" in pg else "?"
            urls = [f"{pg}{sep}options=-csearch_path%3D{schema}" for schema in schemas]
            try:
                results.append(bench_sql("postgres", urls[0], urls[1], records, rows))
            finally:
                with psycopg.connect(pg, autocommit=True) as conn:
                    for schema in schemas:
                        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        gc_on, gc_off = bench_gc_effect(records, tmp)
        folder_records = records[:n_folder]
        folder = bench_folder(folder_records, tmp)
        with ct.Ledger.open(tmp / "cmp.sqlite") as small:
            small.store.create_many(folder_records)
            sqlite_small = min(timed(lambda: small.verdict_counts(by="speaker"))[0] for _ in range(3))

    print()
    print(
        "| store | claims | import s | raw executemany s | ratio | status/s | record/s "
        "| scorecard ms | raw GROUP BY ms | ratio | scorecard peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['store']} | {r['claims']:,} | {r['import_s']:.1f} | {r['raw_import_s']:.1f} | "
            f"{r['import_s'] / r['raw_import_s']:.2f}x | {r['status_per_s']:,.0f} | {r['record_per_s']:,.0f} | "
            f"{r['scorecard_s'] * 1000:.0f} | {r['raw_group_by_s'] * 1000:.0f} | "
            f"{r['scorecard_s'] / r['raw_group_by_s']:.2f}x | {r['scorecard_peak_mb']:.0f} "
            f"(import alone {r['import_mb']:.0f}) |"
        )
    print()
    print(
        f"scorecard(by=speaker) on {folder['claims']:,} claims: folder {folder['scorecard_s']:.2f} s, "
        f"SQLite {sqlite_small * 1000:.1f} ms: SQLite is {folder['scorecard_s'] / sqlite_small:,.0f}x faster"
    )
    print(f"folder store bulk import of {folder['claims']:,} claims: {folder['import_s']:.1f} s")
    print(
        f"SQLite import of {min(n, 100_000):,} claims: GC on {gc_on:.1f} s, GC frozen+disabled {gc_off:.1f} s "
        f"({gc_on / gc_off:.2f}x)"
    )
    print(f"this process's peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
