"""Store benchmark: bulk import, status lookups, single-event records and the scorecard aggregate.

    python benchmarks/bench_stores.py            # 100,000 claims (folder: 10,000), about 8 minutes
    python benchmarks/bench_stores.py --full     # 1,000,000 claims in SQLite/PostgreSQL, 100,000 in the folder

Each store is measured beside a hand-written baseline on the same engine in
the same run: raw ``executemany`` of the same pre-serialised rows into the
same tables and indexes (import), and one raw ``GROUP BY`` (scorecard).
PostgreSQL runs when $CLAIMTRACK_TEST_POSTGRES is set (``eval "$(scripts/pg-start)"``).
The SQLite store runs with journal_mode=WAL, synchronous=NORMAL; PostgreSQL
with the server defaults (fsync on, synchronous_commit on). Peak memory of
the scorecard is measured in a fresh process (VmHWM).

Every timing goes through benchmarks/_harness.py: each side runs once untimed,
then ``--runs`` rounds interleaved (imports: each call into a fresh, empty
ledger opened beforehand; the millisecond aggregates: at least 10 rounds); a
figure is the median of the rounds and a ratio the median of the per-round
ratios, printed with its spread. The run's conditions (load average, warm
caches) are printed first, and the load average around each phase.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from _harness import Timings, conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

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
    """``fn`` with the cyclic GC frozen and disabled.

    No ``gc.collect()`` in here: with 100,000 records alive a full collection takes seconds, which
    would be timed on both sides of a ratio (the harness collects before each timed call, untimed).
    """

    def run() -> Any:
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


AGGREGATE_ROUNDS = 10
"""Rounds for the aggregates, which take milliseconds (the imports take ``--runs``)."""


class Fresh:
    """Empty ledgers on one engine, opened before the timed rounds; dropped when done with."""

    def __init__(self, new_url: Callable[[str], str], drop: Callable[[str], None]) -> None:
        self.new_url = new_url
        self.drop = drop
        self.count = itertools.count()

    def open(self, k: int) -> list[tuple[str, ct.Ledger]]:
        out = []
        for _ in range(k):
            url = self.new_url(f"l{next(self.count)}")
            out.append((url, ct.Ledger.open(url, clock=lambda: NOW)))
        return out

    def discard(self, ledgers: list[tuple[str, ct.Ledger]]) -> None:
        for url, ledger in ledgers:
            ledger.close()
            self.drop(url)


def spans(t: Timings, side: str, scale: float = 1.0, digits: int = 1) -> str:
    """``min-max`` of one side's rounds."""
    each = t.seconds[side]
    return f"{min(each) * scale:.{digits}f}-{max(each) * scale:.{digits}f}"


def load(t: Timings) -> str:
    return f"{t.load_before} -> {t.load_after}"


def bench_sql(name: str, fresh: Fresh, records: list[ct.ClaimRecord], rows: Any, runs: int) -> dict[str, Any]:
    n = len(records)
    k = max(runs, 3) + 1  # the untimed run and the timed rounds, each into an empty ledger
    result: dict[str, Any] = {"store": name, "claims": n}
    stores, raws = fresh.open(k), fresh.open(k)
    next_store, next_raw = iter(stores), iter(raws)
    imports = interleaved(
        {
            "create_many": gc_paused(lambda: next(next_store)[1].store.create_many(records)),
            "raw": gc_paused(lambda: raw_import(next(next_raw)[1].store, rows)),
        },
        runs=runs,
    )
    result["import"] = imports
    url, ledger = stores[0]
    fresh.discard(stores[1:] + raws)
    try:
        rng = random.Random(1)
        ids = [records[rng.randrange(n)].claim.id for _ in range(3000)]
        result["status"] = interleaved({"status": lambda: [ledger.status(i) for i in ids]}, runs=runs)
        k_rec = 500
        rounds = itertools.count()

        def recording() -> None:
            r = next(rounds)
            for j in range(k_rec):
                ledger.record(ids[j], "false", on=NOW.date(), note=f"bench {r}.{j}")

        result["record"] = interleaved({"record": recording}, runs=runs)
        result["status_per_s"] = len(ids) / result["status"].median("status")
        result["record_per_s"] = k_rec / result["record"].median("record")
        store: Any = ledger.store
        result["aggregate"] = interleaved(
            {
                "verdict_counts": lambda: ledger.verdict_counts(by="speaker"),
                "raw": lambda: store._execute(RAW_GROUP_BY),
            },
            runs=max(runs, AGGREGATE_ROUNDS),
        )
    finally:
        ledger.close()
    result["import_mb"], result["scorecard_peak_mb"] = peak_scorecard_mb(url)
    fresh.drop(url)
    return result


def bench_gc_effect(records: list[ct.ClaimRecord], fresh: Fresh, runs: int) -> Timings:
    """SQLite import time with the cyclic GC on vs frozen and disabled (each call into a fresh file)."""
    subset = records[: min(len(records), 100_000)]
    k = max(runs, 3) + 1
    on, off = fresh.open(k), fresh.open(k)
    next_on, next_off = iter(on), iter(off)
    timings = interleaved(
        {
            "GC on": lambda: next(next_on)[1].store.create_many(subset),
            "GC paused": gc_paused(lambda: next(next_off)[1].store.create_many(subset)),
        },
        runs=runs,
    )
    fresh.discard(on + off)
    return timings


def bench_folder(records: list[ct.ClaimRecord], tmp: Path, runs: int) -> tuple[Timings, Timings]:
    """Folder store bulk import (each call into a fresh folder), then its verdict counts beside SQLite's."""
    k = max(runs, 3) + 1
    folders = [ct.Ledger.open(tmp / f"folder-{i}", clock=lambda: NOW) for i in range(k)]
    next_folder = iter(folders)
    imports = interleaved({"folder import": gc_paused(lambda: next(next_folder).store.create_many(records))}, runs=runs)
    for i, ledger in enumerate(folders[1:], 1):
        ledger.close()
        shutil.rmtree(tmp / f"folder-{i}")
    folder = folders[0]
    with ct.Ledger.open(tmp / "cmp.sqlite", clock=lambda: NOW) as small:
        small.store.create_many(records)
        counts = interleaved(
            {
                "folder": lambda: folder.verdict_counts(by="speaker"),
                "sqlite": lambda: small.verdict_counts(by="speaker"),
            },
            runs=runs,
        )
    folder.close()
    return imports, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000,000 claims (folder: 100,000)")
    parser.add_argument("--claims", type=int, default=None, help="claims for SQLite/PostgreSQL")
    parser.add_argument("--folder-claims", type=int, default=None, help="claims for the folder comparison")
    parser.add_argument("--runs", type=int, default=3, help="interleaved timed rounds per side (at least 3)")
    args = parser.parse_args()
    n = args.claims or (1_000_000 if args.full else 100_000)
    n_folder = args.folder_claims or (100_000 if args.full else 10_000)

    print(f"conditions: {conditions()}")
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"SQLite {__import__('sqlite3').sqlite_version}",
        flush=True,
    )
    t, records = timed(gc_paused(lambda: list(synthetic(n))))
    print(f"generated {n:,} synthetic claim records in {t:.1f} s", flush=True)
    rows = raw_rows(records)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-stores-") as tmpdir:
        tmp = Path(tmpdir)

        def drop_file(url: str) -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)

        sqlite = Fresh(lambda tag: str(tmp / f"{tag}.sqlite"), drop_file)
        results.append(bench_sql("sqlite", sqlite, records, rows, args.runs))
        print(f"sqlite done; load average {load(results[-1]['aggregate'])}", flush=True)
        pg = os.environ.get("CLAIMTRACK_TEST_POSTGRES")
        if pg:
            import psycopg

            schemas: dict[str, str] = {}
            sep = "&" if "?" in pg else "?"

            def new_schema(tag: str) -> str:
                schema = f"bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(pg, autocommit=True) as conn:
                    conn.execute(f"CREATE SCHEMA {schema}")
                url = f"{pg}{sep}options=-csearch_path%3D{schema}"
                schemas[url] = schema
                return url

            def drop_schema(url: str) -> None:
                with psycopg.connect(pg, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schemas.pop(url)} CASCADE")

            try:
                results.append(bench_sql("postgres", Fresh(new_schema, drop_schema), records, rows, args.runs))
                print(f"postgres done; load average {load(results[-1]['aggregate'])}", flush=True)
            finally:
                for url in list(schemas):
                    drop_schema(url)
        gc_effect = bench_gc_effect(records, sqlite, args.runs)
        folder_import, counts = bench_folder(records[:n_folder], tmp, args.runs)

    print()
    print(
        "| store | claims | import s | raw executemany s | ratio | status/s | record/s "
        "| scorecard ms | raw GROUP BY ms | ratio | scorecard peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        imp, agg = r["import"], r["aggregate"]
        print(
            f"| {r['store']} | {r['claims']:,} | {imp.median('create_many'):.1f} ({spans(imp, 'create_many')}) | "
            f"{imp.median('raw'):.1f} ({spans(imp, 'raw')}) | {imp.spread('create_many', 'raw')} | "
            f"{r['status_per_s']:,.0f} | {r['record_per_s']:,.0f} | "
            f"{agg.median('verdict_counts') * 1000:.0f} ({spans(agg, 'verdict_counts', 1000, 0)}) | "
            f"{agg.median('raw') * 1000:.0f} ({spans(agg, 'raw', 1000, 0)}) | "
            f"{agg.spread('verdict_counts', 'raw')} | {r['scorecard_peak_mb']:.0f} "
            f"(import alone {r['import_mb']:.0f}) |"
        )
    print()
    for r in results:
        print(
            f"load average, {r['store']}: imports {load(r['import'])}, status {load(r['status'])}, "
            f"record {load(r['record'])}, aggregates {load(r['aggregate'])}"
        )
    print(
        f"verdict_counts(by=speaker) on {n_folder:,} claims: folder {counts.median('folder'):.2f} s, "
        f"SQLite {counts.median('sqlite') * 1000:.1f} ms: SQLite is {counts.spread('folder', 'sqlite')} faster "
        f"(load average {load(counts)})"
    )
    print(
        f"folder store bulk import of {n_folder:,} claims: {folder_import.median('folder import'):.1f} s "
        f"({spans(folder_import, 'folder import')} s; load average {load(folder_import)})"
    )
    print(
        f"SQLite import of {min(n, 100_000):,} claims: GC on {gc_effect.median('GC on'):.1f} s "
        f"({spans(gc_effect, 'GC on')}), GC frozen+disabled {gc_effect.median('GC paused'):.1f} s "
        f"({spans(gc_effect, 'GC paused')}): {gc_effect.spread('GC on', 'GC paused')} "
        f"(load average {load(gc_effect)})"
    )
    print(f"this process's peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
