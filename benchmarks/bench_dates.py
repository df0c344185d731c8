"""Horizon parsing: claimtrack.parse_horizon vs dateparser.parse (auto-detect) on one mixed corpus.

The corpus (generated here, seeded) mixes horizon and date phrases in en, ja, zh,
de, fr and es, each with the answer the conventions of docs/horizons.md give,
computed here with plain calendar arithmetic. Each parser reads the whole
corpus once per round; claimtrack's caches are cleared at the start of each of
its passes (a first pass, no cache hits). Both sides run once untimed (imports,
dateparser's language data), then ``--runs`` rounds interleaved; the ratio is the
median over rounds of dateparser's time / claimtrack's, with its spread, and the
run's conditions (load average, warm caches) are printed (benchmarks/_harness.py).

A claimtrack answer is correct when its (start, end) equals the expected one; a
dateparser answer (a single datetime) is counted correct when it equals the
expected deadline, or, for date phrases, lies inside the expected range.

    python benchmarks/bench_dates.py            # 2,400 phrases (default), 3 rounds
    python benchmarks/bench_dates.py --full     # 12,000 phrases
    python benchmarks/bench_dates.py --hostile  # time on 10 KB .. 1 MB of untrusted text (linear: 100x)
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import random
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from _harness import conditions, interleaved  # benchmarks/_harness.py (run as a script from any folder)

import claimtrack
from claimtrack.dates import clear_caches

EN_MONTHS = list(calendar.month_name)[1:]
DE_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
EN_NUM = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
DE_NUM = ["null", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]
FR_NUM = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"]
ES_NUM = ["cero", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce"]
KANJI = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


@dataclass(frozen=True)
class Phrase:
    text: str
    language: str
    said_on: date
    start: date
    end: date
    is_date: bool = False


def plus(day: date, years: int = 0, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + years * 12 + months
    y, m = divmod(index, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def corpus(size: int, seed: int = 419) -> list[Phrase]:
    rng = random.Random(seed)
    out: list[Phrase] = []
    while len(out) < size:
        s = rng.choice([date(2024, 3, 18), date(2023, 7, 1), date(2025, 11, 5), date(2021, 1, 31)])
        n = rng.randint(2, 12)
        y = s.year + rng.randint(1, 9)
        mo = rng.randint(1, 12)
        q = rng.randint(1, 4)
        lang = rng.choice(["en", "ja", "zh", "de", "fr", "es"])
        w = plus(s, years=n)
        six = plus(s, months=6)
        this, nxt = date(s.year, 12, 31), date(s.year + 1, 12, 31)
        by_y, before_y, by_m = date(y, 12, 31), date(y - 1, 12, 31), month_end(y, mo)
        late = (date(y, mo, 21), month_end(y, mo))
        qr = (date(y, 3 * q - 2, 1), month_end(y, 3 * q))
        d = rng.choice([str(n), EN_NUM[n] if lang == "en" else None]) or str(n)
        options: dict[str, list[tuple[str, date, date, bool]]] = {
            "en": [
                (f"within {d} years", s, w, False), (f"in {n} years", s, w, False),
                (f"in the next {EN_NUM[n]} years", s, w, False), (f"by {y}", s, by_y, False),
                (f"by the end of {y}", s, by_y, False), (f"by {EN_MONTHS[mo - 1]} {y}", s, by_m, False),
                (f"before {y}", s, before_y, False), ("this year", s, this, False),
                ("next year", date(s.year + 1, 1, 1), nxt, False), ("in the coming months", s, six, False),
                (f"We will ship it within {EN_NUM[n]} years", s, w, False),
                (f"late {EN_MONTHS[mo - 1]} {y}", *late, True), (f"Q{q} {y}", *qr, True),
            ],
            "ja": [
                (f"{n}年以内", s, w, False), (f"今後{n}年", s, w, False), (f"{KANJI[n]}年後", s, w, False),
                (f"{y}年までに", s, by_y, False), (f"{y}年{mo}月末までに", s, by_m, False),
                ("今年中", s, this, False), ("来年", date(s.year + 1, 1, 1), nxt, False),
                ("今後数か月", s, six, False), (f"今後{n}年以内にAIが普及する", s, w, False),
                (f"{y}年{mo}月下旬", *late, True), (f"{y}年第{q}四半期", *qr, True),
            ],
            "zh": [
                (f"{n}年内", s, w, False), (f"未来{KANJI[n]}年", s, w, False), (f"{n}年后", s, w, False),
                (f"到{y}年", s, by_y, False), ("今年", s, this, False), ("明年", date(s.year + 1, 1, 1), nxt, False),
                ("未来几个月", s, six, False), (f"{y}年{mo}月下旬", *late, True), (f"{y}年第{KANJI[q]}季度", *qr, True),
            ],
            "de": [
                (f"innerhalb von {DE_NUM[n] if n > 1 else n} Jahren", s, w, False), (f"in {n} Jahren", s, w, False),
                (f"bis {y}", s, by_y, False), (f"bis Ende {y}", s, by_y, False), (f"vor {y}", s, before_y, False),
                ("dieses Jahr", s, this, False), ("nächstes Jahr", date(s.year + 1, 1, 1), nxt, False),
                ("in den kommenden Monaten", s, six, False), (f"Ende {DE_MONTHS[mo - 1]} {y}", *late, True),
            ],
            "fr": [
                (f"d'ici {FR_NUM[n]} ans", s, w, False), (f"dans {n} ans", s, w, False), (f"d'ici {y}", s, by_y, False),
                (f"d'ici la fin de {y}", s, by_y, False), (f"avant {y}", s, before_y, False),
                ("cette année", s, this, False), ("l'année prochaine", date(s.year + 1, 1, 1), nxt, False),
                ("dans les mois à venir", s, six, False), (f"fin {FR_MONTHS[mo - 1]} {y}", *late, True),
            ],
            "es": [
                (f"en los próximos {ES_NUM[n]} años", s, w, False), (f"dentro de {n} años", s, w, False),
                (f"para {y}", s, by_y, False), (f"antes de {y}", s, before_y, False), ("este año", s, this, False),
                ("el año que viene", date(s.year + 1, 1, 1), nxt, False), ("en los próximos meses", s, six, False),
                (f"finales de {ES_MONTHS[mo - 1]} de {y}", *late, True),
            ],
        }  # fmt: skip
        text, start, end, is_date = rng.choice(options[lang])
        if is_date:
            out.append(Phrase(text, lang, s, start, end, True))
        else:
            out.append(Phrase(text, lang, s, start, end))
    return out


def ours_correct(p: Phrase) -> bool:
    try:
        if p.is_date:
            r = claimtrack.parse_date_range(p.text, base=p.said_on)
            return (r.start, r.end) == (p.start, p.end)
        h = claimtrack.parse_horizon(p.text, p.said_on)
    except ValueError:
        return False
    return (h.start, h.end) == (p.start, p.end)


def run(phrases: list[Phrase], runs: int) -> None:
    import dateparser  # imported before timing: its import is not throughput

    warnings.simplefilter("ignore")
    answers: dict[str, list[object]] = {}

    def ours() -> None:
        clear_caches()  # a first pass every time: no answer comes from claimtrack's caches
        answers["claimtrack"] = [ours_correct(p) for p in phrases]

    def theirs() -> None:
        got = []
        for p in phrases:
            base = datetime(p.said_on.year, p.said_on.month, p.said_on.day)
            got.append(dateparser.parse(p.text, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}))
        answers["dateparser"] = got

    timings = interleaved({"claimtrack": ours, "dateparser": theirs}, runs=runs)
    ours_ok = [bool(x) for x in answers["claimtrack"]]
    dp = []
    for p, got in zip(phrases, answers["dateparser"]):
        day = got.date() if isinstance(got, datetime) else None
        dp.append(day is not None and (p.start <= day <= p.end if p.is_date else day == p.end))

    n = len(phrases)
    rounds = len(timings.seconds["claimtrack"])
    print(f"corpus: {n} phrases, languages: {sorted({p.language for p in phrases})}")
    print(f"{rounds} interleaved rounds after one untimed run of each; claimtrack's caches cleared before each pass")
    print(f"{'parser':<36} {'phrases/s':>10} {'s (median)':>11} {'s (min-max)':>13} {'correct':>14}")
    for label, side, ok in (
        ("claimtrack.parse_horizon/_date_range", "claimtrack", ours_ok),
        ("dateparser.parse (auto-detect)", "dateparser", dp),
    ):
        each = timings.seconds[side]
        print(
            f"{label:<36} {n / timings.median(side):>10,.0f} {timings.median(side):>11.3f} "
            f"{min(each):>6.3f}-{max(each):<6.3f} {sum(ok):>7}/{n} ({sum(ok) / n:.0%})"
        )
    print(
        "speed ratio (dateparser time / claimtrack time, median of per-round ratios): "
        + timings.spread("dateparser", "claimtrack")
    )
    print(f"load average during the rounds: {timings.load_before} -> {timings.load_after}")
    print("correct by language (claimtrack / dateparser):")
    for lang in ("en", "ja", "zh", "de", "fr", "es"):
        idx = [i for i, p in enumerate(phrases) if p.language == lang]
        print(f"  {lang}: {sum(ours_ok[i] for i in idx)}/{len(idx)}  vs  {sum(dp[i] for i in idx)}/{len(idx)}")
    misses = [p.text for p, ok in zip(phrases, ours_ok) if not ok]
    if misses:
        print("claimtrack misses (first 10):", sorted(set(misses))[:10])


HOSTILE: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("parse_stamp: a year, spaces, x", claimtrack.dates.parse_stamp, lambda n: "2024" + " " * n + "x"),
    ("parse_published: June, spaces", claimtrack.dates.parse_published, lambda n: "June" + " " * n + "19, 2024"),
    ("parse_date_range: ' .' after a year", claimtrack.parse_date_range, lambda n: "2024" + " ." * (n // 2) + "x"),
    ("parse_horizon: kanji numerals", lambda t: claimtrack.parse_horizon(t, date(2024, 3, 18)),
     lambda n: "今後" + "十" * n),
    ("parse_horizon: digits among CJK", lambda t: claimtrack.parse_horizon(t, date(2024, 3, 18)),
     lambda n: "年" + "1" * n + "後"),
    ("credence_from_text: a long word (fr)", lambda t: claimtrack.credence_from_text(t, language="fr"),
     lambda n: "a" * n),
    ("credence_from_text: digits", claimtrack.credence_from_text, lambda n: "1" * n),
]  # fmt: skip
"""Untrusted inputs that took quadratic time before issue #12, by reader: (label, reader, text of length n)."""


def hostile(runs: int) -> None:
    """Time each reader on 10 KB, 100 KB and 1 MB of its hostile input (interleaved medians; linear: 10x and 100x)."""
    sizes = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000}
    print(f"{'reader: input':<40} {'10 KB':>10} {'100 KB':>10} {'1 MB':>10}  1 MB / 10 KB (median of rounds, spread)")
    for label, read, shape in HOSTILE:

        def side(text: str, read: Callable[[str], object] = read) -> Callable[[], None]:
            def one() -> None:
                clear_caches()
                with contextlib.suppress(ValueError):
                    read(text)

            return one

        timings = interleaved({name: side(shape(n)) for name, n in sizes.items()}, runs=runs)
        cells = " ".join(f"{timings.median(name) * 1000:>8.3f}ms" for name in sizes)
        print(f"{label:<40} {cells}  {timings.spread('1 MB', '10 KB')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="12,000 phrases instead of 2,400")
    parser.add_argument("--hostile", action="store_true", help="time 10 KB / 100 KB / 1 MB hostile inputs instead")
    parser.add_argument("--runs", type=int, default=3, help="interleaved timed rounds per side (at least 3)")
    args = parser.parse_args()
    print(f"conditions: {conditions()}")
    if args.hostile:
        hostile(args.runs)
        return
    run(corpus(12_000 if args.full else 2_400), args.runs)


if __name__ == "__main__":
    main()
