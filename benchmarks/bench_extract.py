"""Claim extraction speed: claimtrack's extract over a two-hour transcript vs dateparser's search_dates.

The transcript is built here from tests/intake/data/interview-en.txt (fictional Host and
Guest): the interview is repeated with its timestamps shifted to fill two hours and its
numbers varied on every copy (years, counts, percentages), so no two copies share a
sentence and no cache answers for a sentence seen before, until it holds about 25,000
words. Then, in the same run, claimtrack's caches cleared before each pass:

* ``extract``: the whole pipeline (reading the turns, sentences, cues, horizons and credences);
* ``search_dates``: ``dateparser.search.search_dates(sentence, languages=["en"])`` over every
  sentence extract read (all speakers), the date search alone.

Both sides run once untimed (imports, dateparser's language data), then ``--runs`` rounds
interleaved (benchmarks/_harness.py). The ratio is the median over rounds of dateparser's
time over extract's, printed with its spread and the run's conditions (load average, warm
caches). The stages of extract are timed the same way, each alone on the same input.

    python benchmarks/bench_extract.py             # ~25,000 words, 5 rounds
    python benchmarks/bench_extract.py --words 5000
"""

from __future__ import annotations

import argparse
import contextlib
import re
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from _harness import conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

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


def _stages(text: str, runs: int) -> list[tuple[str, float, str, int]]:
    """Each stage of extract timed alone over the same input, interleaved: (name, median s, min-max, items)."""
    turns = parse_transcript(text).turns
    sentences = [s.text for turn in turns for s in split_sentences(turn.text, "en")]
    decisions = [classify(s, "en") for s in sentences]
    forward = [s for s, d in zip(sentences, decisions) if d.kind is not None and d.kind.is_forward_looking]

    def horizons() -> None:
        for sentence in forward:
            with contextlib.suppress(HorizonError):
                parse_horizon(sentence, SAID_ON, languages=["en"])

    def credences() -> None:
        for sentence in forward:
            credence_from_text(sentence, language="en")

    stages: list[tuple[str, Callable[[], object], int]] = [
        ("read turns (parse_transcript)", lambda: parse_transcript(text), len(turns)),
        (
            "split sentences (sentencex + repairs)",
            lambda: [s.text for turn in turns for s in split_sentences(turn.text, "en")],
            len(sentences),
        ),
        ("classify (cue tables)", lambda: [classify(s, "en") for s in sentences], len(sentences)),
        ("parse_horizon (forward-looking only)", horizons, len(forward)),
        ("credence_from_text (forward-looking only)", credences, len(forward)),
    ]

    def emptied(fn: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            clear_caches()
            return fn()

        return run

    timings = interleaved({name: emptied(fn) for name, fn, _ in stages}, runs=runs)
    out = []
    for name, _, items in stages:
        each = timings.seconds[name]
        out.append((name, timings.median(name), f"{min(each):.3f}-{max(each):.3f}", items))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=25_000, help="about how many words (default 25,000)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved timed rounds per side (default 5, at least 3)")
    args = parser.parse_args()

    from dateparser.search import search_dates

    print(f"conditions: {conditions()}")
    text = build_transcript(args.words)
    words = len(text.split())
    turns = parse_transcript(text).turns
    sentences = [s.text for turn in turns for s in split_sentences(turn.text, "en")]
    outcome: dict[str, Any] = {}

    def ours() -> None:
        clear_caches()
        outcome["extract"] = extract(text, said_on=SAID_ON)

    def theirs() -> None:
        clear_caches()
        outcome["found"] = sum(1 for s in sentences if search_dates(s, languages=["en"]))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        timings = interleaved({"extract": ours, "search_dates": theirs}, runs=args.runs)
    result, found = outcome["extract"], outcome["found"]
    rounds = len(timings.seconds["extract"])
    spans = {side: f"{min(each):.3f}-{max(each):.3f} s" for side, each in timings.seconds.items()}

    print(f"transcript: {words:,} words, {len(turns):,} turns, {len(sentences):,} sentences, two hours")
    print(f"{rounds} interleaved rounds after one untimed run of each; medians (min-max over rounds)")
    print(
        f"extract:      {timings.median('extract'):7.3f} s  ({spans['extract']}; "
        f"{len(result.drafts):,} drafts, {len(result.problems)} problems)"
    )
    print(
        f"search_dates: {timings.median('search_dates'):7.3f} s  ({spans['search_dates']}; "
        f"{found:,} sentences with a date found)"
    )
    print(f"ratio:        {timings.spread('search_dates', 'extract')}  (search_dates time / extract time)")
    print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}")
    print("stages of extract, each timed alone (all speakers' turns; extract skips the host's), medians:")
    stages = _stages(text, args.runs)
    for name, seconds, span, items in stages:
        print(f"  {name:<42} {seconds:6.3f} s  ({span} s; {items:,})")


if __name__ == "__main__":
    main()
