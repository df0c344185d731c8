"""Claim extraction speed: claimtrack's extract over a two-hour transcript vs dateparser's search_dates.

The transcript is built here from tests/intake/data/interview-en.txt (fictional Host and
Guest): the interview is repeated with its timestamps shifted to fill two hours and its
numbers varied on every copy (years, counts, percentages), so no two copies share a
sentence and no cache answers for a sentence seen before, until it holds about 25,000
words. Then, in the same run and with empty caches:

* ``extract``: the whole pipeline (reading the turns, sentences, cues, horizons and credences);
* ``search_dates``: ``dateparser.search.search_dates(sentence, languages=["en"])`` over every
  sentence extract read (all speakers), the date search alone.

The ratio is dateparser's time over extract's. The machine's load (``os.getloadavg``) is
printed before and after.

    python benchmarks/bench_extract.py             # ~25,000 words
    python benchmarks/bench_extract.py --words 5000
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import time
import warnings
from datetime import date
from pathlib import Path

from claimtrack.dates import clear_caches, credence_from_text, parse_horizon
from claimtrack.errors import HorizonError
from claimtrack.intake.extraction import extract
from claimtrack.intake.kinds import classify
from claimtrack.intake.sentences import split_sentences
from claimtrack.intake.transcript import parse_transcript

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "intake" / "data" / "interview-en.txt"
SAID_ON = date(2025, 6, 2)
TWO_HOURS = 2 * 3600
_STAMP = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\]")
_NUMBER = re.compile(r"\b\d[\d,]*\b")


_NOUNS = (
    "robots",
    "drones",
    "sensors",
    "arms",
    "grippers",
    "carts",
    "forklifts",
    "scanners",
    "batteries",
    "motors",
    "cameras",
    "chips",
    "servers",
    "lockers",
    "pallets",
    "conveyors",
    "trucks",
    "vans",
    "buses",
    "taxis",
    "ferries",
    "tractors",
    "scooters",
    "bikes",
    "trains",
    "cranes",
    "pumps",
    "valves",
    "looms",
    "printers",
    "kiosks",
    "tablets",
    "phones",
    "routers",
    "modems",
    "lamps",
    "heaters",
    "fridges",
    "ovens",
    "washers",
    "dryers",
    "vacuums",
    "mowers",
    "locks",
    "doors",
    "windows",
    "roofs",
    "bridges",
    "tunnels",
    "roads",
    "ports",
    "depots",
    "hangars",
    "mills",
    "farms",
    "mines",
    "docks",
    "yards",
    "plants",
)
_SLOTS = re.compile(
    r"\b(?:robots?|prices?|regulators|trucks|competitors|data|video|rules|workers|warehouse|automation|deliveries"
    r"|engineers|employees|office|models|market|battery|prototype|staff|company|industry)\b"
)


def _vary(text: str, copy: int) -> str:
    """The copy's own words: nouns from a list of 64, years within 2026..2034, other numbers scaled."""
    if copy == 0:
        return text

    def number(match: re.Match[str]) -> str:
        value = int(match.group().replace(",", ""))
        if 2000 <= value <= 2100:
            return str(2026 + (value + copy) % 9)
        return f"{value + copy * 7:,}" if value >= 1000 else str(value + copy)

    slot = iter(range(100))
    text = _SLOTS.sub(lambda m: _NOUNS[(copy * 7 + next(slot) * 13) % len(_NOUNS)], text)
    return _NUMBER.sub(number, text)


def build_transcript(words: int = 25_000) -> str:
    """The fixture repeated (timestamps shifted, numbers varied) to about ``words`` words over two hours."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    per_copy = sum(len(line.split()) for line in lines)
    copies = max(1, round(words / per_copy))
    step = TWO_HOURS // copies
    out: list[str] = []
    for copy in range(copies):
        for line in lines:
            stamp = _STAMP.match(line)
            if stamp is None:
                out.append(_vary(line, copy))
                continue
            seconds = int(stamp.group(1)) * 3600 + int(stamp.group(2)) * 60 + int(stamp.group(3)) + copy * step
            hours, rest = divmod(seconds, 3600)
            shifted = f"[{hours:02d}:{rest // 60:02d}:{rest % 60:02d}]"
            out.append(shifted + _vary(line[stamp.end() :], copy))
    return "\n".join(out) + "\n"


def _stages(text: str) -> list[tuple[str, float, int]]:
    """Each stage of extract timed alone, over the same input: (name, seconds, items)."""
    clear_caches()
    out = []
    started = time.perf_counter()
    turns = parse_transcript(text).turns
    out.append(("read turns (parse_transcript)", time.perf_counter() - started, len(turns)))
    started = time.perf_counter()
    sentences = [s.text for turn in turns for s in split_sentences(turn.text, "en")]
    out.append(("split sentences (sentencex + repairs)", time.perf_counter() - started, len(sentences)))
    started = time.perf_counter()
    decisions = [classify(s, "en") for s in sentences]
    out.append(("classify (cue tables)", time.perf_counter() - started, len(sentences)))
    forward = [s for s, d in zip(sentences, decisions) if d.kind is not None and d.kind.is_forward_looking]
    started = time.perf_counter()
    for sentence in forward:
        with contextlib.suppress(HorizonError):
            parse_horizon(sentence, SAID_ON, languages=["en"])
    out.append(("parse_horizon (forward-looking only)", time.perf_counter() - started, len(forward)))
    started = time.perf_counter()
    for sentence in forward:
        credence_from_text(sentence, language="en")
    out.append(("credence_from_text (forward-looking only)", time.perf_counter() - started, len(forward)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=25_000, help="about how many words (default 25,000)")
    args = parser.parse_args()

    from dateparser.search import search_dates

    text = build_transcript(args.words)
    words = len(text.split())
    turns = parse_transcript(text).turns
    sentences = [s.text for turn in turns for s in split_sentences(turn.text, "en")]
    load_before = os.getloadavg()

    clear_caches()
    gc.collect()
    started = time.perf_counter()
    result = extract(text, said_on=SAID_ON)
    ours = time.perf_counter() - started

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search_dates("warm up on 3 March 2025", languages=["en"])  # dateparser's one-off loading is not timed
        clear_caches()
        gc.collect()
        started = time.perf_counter()
        found = sum(1 for s in sentences if search_dates(s, languages=["en"]))
        theirs = time.perf_counter() - started
    load_after = os.getloadavg()

    print(f"transcript: {words:,} words, {len(turns):,} turns, {len(sentences):,} sentences, two hours")
    print(f"extract:      {ours:7.3f} s  ({len(result.drafts):,} drafts, {len(result.problems)} problems)")
    print(f"search_dates: {theirs:7.3f} s  ({found:,} sentences with a date found)")
    print(f"ratio:        {theirs / ours:7.1f}x  (search_dates time / extract time)")
    before, after = f"{load_before[0]:.2f} {load_before[1]:.2f}", f"{load_after[0]:.2f} {load_after[1]:.2f}"
    print(f"load average (1, 5 min): before {before}, after {after}")
    print(f"cpus: {os.cpu_count()}")
    print("stages of extract, each timed alone (all speakers' turns; extract skips the host's):")
    for name, seconds, items in _stages(text):
        print(f"  {name:<42} {seconds:6.3f} s  ({items:,})")


if __name__ == "__main__":
    main()
