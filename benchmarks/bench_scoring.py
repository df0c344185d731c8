"""Scorecard benchmark: scorecard(by="speaker") and to_html() against the orjson parse floor.

Builds a folder ledger of synthetic claims of realistic size (one JSON file
per claim, ~1 KB: text, a translation half of the time, two sources, 0-2
events with evidence), then times, each side once untimed and then ``--runs``
rounds interleaved (benchmarks/_harness.py), medians:

- floor: read every claim file and ``orjson.loads`` it (what any reader must do);
- ``scorecard(ledger, by="speaker")`` on the FolderStore (the lean read path:
  read + parse the JSON + build the claim lines + score, no models built);
- ``Ledger.records()`` alone (read + validate into models, no scoring), to show
  what the lean path saves;
- scorecard over records already in memory (the scoring itself);
- ``render_html(card)`` and ``render_markdown(card)`` (``card.to_html()``, ``card.to_markdown()``).

Run: ``python benchmarks/bench_scoring.py`` (20,000 claims) or ``--full`` (100,000).
The run's conditions (load average, warm caches) are printed first, the load
average before and after the timed rounds with the figures, and each ratio to the
floor as the median of the per-round ratios with its spread: state them beside the
figures, as docs/benchmarks.md does.

With ``--sql`` it measures the scorecard summed up in the database instead
(docs/benchmarks.d/scoring-sql.md): ``scorecard(ledger, by="speaker")`` on
SQLite and PostgreSQL (when $CLAIMTRACK_TEST_POSTGRES is set) beside one raw
``GROUP BY`` on the same connection in the same run, SQLite against the folder
store on the same claims, and the peak memory of a fresh process making the
card::

    python benchmarks/bench_scoring.py --sql            # 100,000 claims everywhere, a few minutes
    python benchmarks/bench_scoring.py --sql --full     # 1,000,000 in SQLite/PostgreSQL, folder 100,000
    python benchmarks/bench_scoring.py --sql --claims 1000000 --keep /tmp/b --no-postgres --no-folder
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from _harness import conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

from claimtrack.ledger import Ledger
from claimtrack.model import ClaimRecord
from claimtrack.renderers import render_html, render_markdown
from claimtrack.scoring import Scorecard, scorecard
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


# -- the SQL scorecard ------------------------------------------------------------------------

RAW_GROUP_BY = (
    "SELECT speaker, status, count(*), count(credence), sum(credence), sum(credence * credence) "
    "FROM ct_claims GROUP BY speaker, status"
)
"""The baseline of docs/benchmarks.d/stores.md: verdict counts and credence sums per speaker."""


def raw_same_sums(sqlite: bool, *, status_on: bool = False) -> str:
    """A hand-written GROUP BY that sums what the card needs (bins, logs, lead time, lateness), no fence.

    ``status_on``: take the latest status's date from the schema-4 column instead of seeking the event.
    """
    days = (
        (lambda a, b: f"CAST(julianday({a}) - julianday({b}) AS INTEGER)")
        if sqlite
        else (lambda a, b: f"(CAST({a} AS date) - CAST({b} AS date))")
    )
    graded = "('true', 'mostly_true', 'mixed', 'mostly_false', 'false')"
    latest = (
        "status_on"
        if status_on
        else (
            "(SELECT e.effective_on FROM ct_events e WHERE e.claim_id = c.id "
            "ORDER BY e.effective_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1)"
        )
    )
    q = "min(max(credence, 0.001), 0.999)" if sqlite else "least(greatest(credence, 0.001), 0.999)"
    b = "min(CAST(credence * 10 AS INTEGER), 9)" if sqlite else "least(CAST(floor(credence * 10) AS INTEGER), 9)"
    return (
        f"SELECT speaker, status, CASE WHEN credence IS NULL THEN NULL ELSE {b} END"
        f" AS b, count(*), count(credence), sum(credence), sum(credence * credence), sum(ln({q})), sum(ln(1 - {q})), "
        f"sum(CASE WHEN status IN {graded} THEN {days(latest, 'said_on')} END), "
        f"sum(CASE WHEN status IN {graded} AND deadline IS NOT NULL THEN {days(latest, 'deadline')} END) "
        "FROM ct_claims c GROUP BY speaker, status, b"
    )


def vmhwm_of_card(url: str) -> tuple[float, float]:
    """Peak RSS (MB) of a fresh process: after ``import claimtrack``, and after making the card.

    Read from /proc/self/status VmHWM (ru_maxrss would include the parent's RSS inherited at fork).
    """
    code = (
        "import claimtrack as ct\n"
        "def hwm():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024\n"
        "base = hwm()\n"
        f"l = ct.Ledger.open({url!r}, create=False)\n"
        "card = ct.scorecard(l, by='speaker'); l.close()\n"
        "print(base, hwm(), card.total.total, len(card.claims))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    base, peak, _, _ = (float(x) for x in out.stdout.split())
    return base, peak


def best(func: Callable[[], object], runs: int) -> tuple[float, object]:
    """The best wall time of ``runs`` calls (the same statistic for the card and its baselines)."""
    times = []
    result: object = None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def fill(ledger: Ledger, n: int, *, seed: int = 5) -> float:
    """Stream ``n`` synthetic records into a ledger's store in chunks (bounded memory); seconds taken."""
    rng = random.Random(seed)
    start = time.perf_counter()
    chunk: list[ClaimRecord] = []
    for i in range(n):
        chunk.append(synthetic(i, rng))
        if len(chunk) == 20_000 or i == n - 1:
            ledger.store.create_many(chunk)
            chunk = []
    return time.perf_counter() - start


def sql_row(name: str, url: str, n: int, runs: int, *, python_path: bool) -> dict[str, Any]:
    """Time the card and its baselines on one SQL ledger, interleaved (medians); peak memory in a fresh process."""
    with Ledger.open(url, create=False) as ledger:
        store: Any = ledger.store
        sqlite = name == "sqlite"
        timings = interleaved(
            {
                "card": lambda: scorecard(ledger, by="speaker"),
                "bare": lambda: scorecard(ledger, by="speaker", max_claims=0),
                "raw": lambda: store._execute(RAW_GROUP_BY),
                "same": lambda: store._execute(raw_same_sums(sqlite)),
                "same4": lambda: store._execute(raw_same_sums(sqlite, status_on=True)),
            },
            runs=runs,
        )
        card = scorecard(ledger, by="speaker")
        t_python = best(lambda: scorecard(ledger, by="speaker", max_claims=None), 1)[0] if python_path else None
    base, peak = vmhwm_of_card(url)
    assert isinstance(card, Scorecard)
    return {
        "store": name,
        "claims": n,
        "card_s": timings.median("card"),
        "bare_s": timings.median("bare"),
        "raw_s": timings.median("raw"),
        "same_s": timings.median("same"),
        "same4_s": timings.median("same4"),
        "ratio_raw": timings.ratio("card", "raw"),
        "ratio_same": timings.spread("card", "same"),
        "ratio_same4": timings.spread("card", "same4"),
        "python_s": t_python,
        "rows": len(card.rows),
        "base_mb": base,
        "peak_mb": peak,
        "load": f"{timings.load_before} -> {timings.load_after}",
    }


def postgres_url(base: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main_sql(args: argparse.Namespace) -> None:
    n = args.claims or (1_000_000 if args.full else 100_000)
    n_folder = args.folder_claims or 100_000
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    print(f"conditions: {conditions()}; {args.runs} interleaved rounds per side, medians")
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-scoring-sql-") as tmpdir:
        keep = Path(args.keep) if args.keep else Path(tmpdir)
        keep.mkdir(parents=True, exist_ok=True)
        path = keep / f"card-{n}.sqlite"
        if not path.exists():
            with Ledger.open(path) as ledger:
                print(f"SQLite: stored {n:,} claims in {fill(ledger, n):.0f} s", flush=True)
        else:
            print(f"SQLite: reusing {path}", flush=True)
        results.append(sql_row("sqlite", str(path), n, args.runs, python_path=n <= 100_000))
        print(results[-1], flush=True)
        pg = os.environ.get("CLAIMTRACK_TEST_POSTGRES")
        if pg and not args.no_postgres:
            url, schema = postgres_url(pg)
            try:
                with Ledger.open(url) as ledger:
                    print(f"PostgreSQL: stored {n:,} claims in {fill(ledger, n):.0f} s", flush=True)
                    ledger.store._conn.execute("ANALYZE")  # type: ignore[attr-defined]
                results.append(sql_row("postgres", url, n, args.runs, python_path=n <= 100_000))
                print(results[-1], flush=True)
            finally:
                drop_schema(pg, schema)
        folder_line = ""
        if not args.no_folder:
            root = Path(tmpdir) / "folder"
            build(root, n_folder)
            folder = Ledger.open(root, create=False)
            t_folder, _ = best(lambda: scorecard(folder, by="speaker"), 1)
            small = keep / f"card-{n_folder}.sqlite"
            if not small.exists():
                with Ledger.open(small) as ledger:
                    fill(ledger, n_folder)
            with Ledger.open(small, create=False) as ledger:
                t_small, _ = best(lambda: scorecard(ledger, by="speaker"), args.runs)
            folder_line = (
                f"scorecard(by='speaker') on the same {n_folder:,} claims: folder {t_folder:.2f} s, "
                f"SQLite {t_small * 1000:.0f} ms: SQLite is {t_folder / t_small:,.1f}x faster"
            )
    print()
    print(
        "| store | claims | rows | scorecard ms | without claim table ms | raw GROUP BY ms | ratio "
        "| same-sums GROUP BY ms | ratio | same sums from status_on ms | ratio | Python path ms "
        "| peak MB (import alone) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        python = f"{r['python_s'] * 1000:,.0f}" if r["python_s"] is not None else "n/a"
        print(
            f"| {r['store']} | {r['claims']:,} | {r['rows']} | {r['card_s'] * 1000:,.0f} | "
            f"{r['bare_s'] * 1000:,.0f} | {r['raw_s'] * 1000:,.0f} | "
            f"{r['ratio_raw']:.2f}x | {r['same_s'] * 1000:,.0f} | {r['ratio_same']} | "
            f"{r['same4_s'] * 1000:,.0f} | {r['ratio_same4']} | "
            f"{python} | {r['peak_mb']:.0f} ({r['base_mb']:.0f}) |"
        )
        print(f"  load average during the {r['store']} rounds: {r['load']}")
    if folder_line:
        print()
        print(folder_line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="100,000 claims (default 20,000); --sql: 1,000,000")
    parser.add_argument("-n", type=int, help="number of claims")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--sql", action="store_true", help="the scorecard summed up in SQLite/PostgreSQL")
    parser.add_argument("--claims", type=int, help="--sql: claims in SQLite/PostgreSQL (default 100,000)")
    parser.add_argument("--folder-claims", type=int, help="--sql: claims for the folder comparison (100,000)")
    parser.add_argument("--keep", help="--sql: keep (and reuse) the SQLite files in this folder")
    parser.add_argument("--no-postgres", action="store_true", help="--sql: skip PostgreSQL")
    parser.add_argument("--no-folder", action="store_true", help="--sql: skip the folder comparison")
    args = parser.parse_args()
    if args.sql:
        main_sql(args)
        return
    n = args.n or (100_000 if args.full else 20_000)
    print(f"conditions: {conditions()}; {max(args.runs, 3)} interleaved rounds per side, medians", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ledger"
        t0 = time.perf_counter()
        records = build(root, n)
        size = sum(p.stat().st_size for p in (root / "claims").iterdir())
        print(f"built {n:,} claims in {time.perf_counter() - t0:.1f} s; {size / n:,.0f} bytes of JSON per claim")
        ledger = Ledger(FolderStore(root, create=False), clock=lambda: datetime.now(UTC))
        print(
            "page cache warm: the files were just written, and each side ran once before the timed rounds", flush=True
        )
        card = scorecard(ledger, by="speaker")
        assert isinstance(card, Scorecard)
        sides: dict[str, Callable[[], object]] = {
            "floor: read + orjson.loads, GC on": lambda: floor(root, gc_off=False),
            "floor: read + orjson.loads, GC paused": lambda: floor(root, gc_off=True),
            "Ledger.records() alone (read + json + pydantic)": lambda: sum(1 for _ in ledger.records()),
            'scorecard(ledger, by="speaker") on the folder': lambda: scorecard(ledger, by="speaker"),
            "scorecard(records in memory) — scoring only": lambda: scorecard(records, by="speaker"),
            "card.to_html()": lambda: render_html(card),
            "card.to_markdown() (200 claims listed)": lambda: render_markdown(card),
        }
        timings = interleaved(sides, runs=args.runs)
        floor_off, floor_on = "floor: read + orjson.loads, GC paused", "floor: read + orjson.loads, GC on"
        card_side = 'scorecard(ledger, by="speaker") on the folder'
        print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}", flush=True)
        print(f"\n{'operation':<52} {'seconds':>8} {'min-max':>13} {'claims/s':>10} {'x floor':>8}")
        rows: list[tuple[str, float]] = []
        for name, each in timings.seconds.items():
            seconds = timings.median(name)
            rows.append((name, seconds))
            print(
                f"{name:<52} {seconds:8.2f} {min(each):6.2f}-{max(each):<6.2f} {n / seconds:10,.0f} "
                f"{timings.ratio(name, floor_off):8.2f}"
            )
        html_mb = len(str(render_html(card)).encode("utf-8")) / 1e6
        print(
            f"\nHTML page: {html_mb:.1f} MB; scorecard / floor (GC paused) = {timings.spread(card_side, floor_off)}; "
            f"scorecard / floor (GC on) = {timings.spread(card_side, floor_on)}"
        )
        if args.json:
            args.json.write_text(json.dumps({"n": n, "rows": rows, "html_mb": html_mb}, indent=2))


if __name__ == "__main__":
    main()
