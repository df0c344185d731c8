"""Write docs/benchmarks.md from the per-area sections in docs/benchmarks.d/ (a test checks it is current)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = (
    "dates",
    "checking",
    "matching",
    "scoring",
    "scoring-sql",
    "stores",
    "web",
    "interop",
    "fidelity",
    "intake",
    "stance",
)

INTRO = """# Benchmarks

Speed is measured by scripts in `benchmarks/`, never by timed unit tests. Each script compares
claimtrack with the obvious baseline *in the same run* (dateparser, orjson, raw SQL, a bare httpx
loop, bare pydantic validation), so the ratio is what to read: the absolute numbers move with the
machine and its load.

Machine: 2 vCPUs (AMD EPYC), 24 GiB RAM, no GPU, Python 3.11.7, SQLite 3.40.1, PostgreSQL 15
(Debian). The machine is shared with other work, so each figure carries its own conditions (date,
load average before and after, warm caches) as the benchmark printed them; since 2026-12-04 every
speed benchmark runs each side at least three times interleaved after an untimed run and reports the
median of the per-round ratios (`benchmarks/_harness.py`). A figure older than the code it measures
says so in its section.

| area | target | measured | section |
|---|---|---|---|
{summary}

This page is put together from `docs/benchmarks.d/*.md` by `python scripts/gen_benchmarks_doc.py`.
"""

SUMMARY_FILE = ROOT / "docs" / "benchmarks.d" / "summary.tsv"


def render() -> str:
    folder = ROOT / "docs" / "benchmarks.d"
    rows = []
    if SUMMARY_FILE.exists():
        for line in SUMMARY_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                area, target, measured, section = line.split("\t")
                rows.append(f"| {area} | {target} | {measured} | [{section}](#{section}) |")
    parts = [INTRO.format(summary="\n".join(rows))]
    names = [n for n in ORDER if (folder / f"{n}.md").exists()]
    names += sorted(p.stem for p in folder.glob("*.md") if p.stem not in ORDER)
    for name in names:
        text = (folder / f"{name}.md").read_text(encoding="utf-8").strip()
        parts.append(f'<a id="{name}"></a>\n\n{text}\n')
    return "\n".join(parts)


def main() -> int:
    target = ROOT / "docs" / "benchmarks.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
