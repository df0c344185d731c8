"""Untrusted import files: one bad record is one problem, never the end of an import; memory stays bounded.

Each case here stopped a whole import before issue #12 (OverflowError, UnicodeEncodeError,
RecursionError, ``_csv.Error``) or took time or memory out of proportion to the input.
"""

from __future__ import annotations

import csv
import gc
import json
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.interop import averitec, claimreview, factcheck_api, tabular
from claimtrack.interop.results import PROBLEMS_KEPT
from claimtrack.interop.tabular import reading as csv_reading

Review = Callable[..., dict[str, Any]]


def codes(result: Any) -> list[tuple[str | None, str]]:
    return [(p.record, p.code) for p in result.problems]


def nested(depth: int) -> list[Any]:
    """A list nested ``depth`` deep, built without recursion."""
    outer: list[Any] = []
    inner = outer
    for _ in range(depth - 1):
        inner.append([])
        inner = inner[0]
    return outer


# -- one bad record, one problem ------------------------------------------------------------------


def test_a_400_digit_rating_value_is_one_problem_and_the_rest_is_read(review: Review) -> None:
    huge = review(1, reviewRating={"@type": "Rating", "ratingValue": 10**400, "alternateName": "False"})
    result = claimreview.read_jsonld([huge, review(2)])
    assert (result.records, result.imported) == (2, 2)
    (problem,) = [p for p in result.problems if p.code == "bad_rating"]
    assert problem.record == "[0]"
    assert "a number of about 401 digits" in problem.message
    alone = claimreview.read_jsonld(review(3, reviewRating={"ratingValue": -(10**5000), "bestRating": 10**400}))
    assert alone.imported == 1  # no text: the fallback verdict, and problems that say why


def test_a_lone_surrogate_is_replaced_and_the_record_can_be_stored(review: Review, tmp_path: Path) -> None:
    bad = review(1, claimReviewed="The moon \ud800 is cheese", headline="A \udfff headline")
    bad["itemReviewed"]["@id"] = "https://claims.example.org/\ud83d"
    bad["itemReviewed"]["author"] = {"@type": "Person", "name": "Ann \udc80"}
    bad["itemReviewed"]["appearance"] = ["https://news.example.com/\ud800"]
    result = claimreview.read_jsonld([bad, review(2)])
    assert (result.records, result.imported) == (2, 2)
    assert ("[0]", "bad_unicode") in codes(result)
    assert ("[0]", "bad_url") in codes(result)
    texts = sorted(c.text for c in result.ledger)
    assert texts[1] == "The moon \ufffd is cheese"
    stored = ct.open_ledger(str(tmp_path / "claims"), create=True)
    report = stored.merge(result.ledger)  # writes JSON files: a lone surrogate would not encode
    assert len(report.added) == 2


def test_json_nested_5000_deep_is_one_problem(review: Review, tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    path = tmp_path / "reviews.json"
    path.write_text(f"[{json.dumps(review(1))}, {deep}, {json.dumps(review(2))}]", encoding="utf-8")
    result = claimreview.read_file(path)
    assert (result.records, result.imported) == (3, 2)
    assert codes(result) == [("[1]", "too_deep")]
    lines = tmp_path / "reviews.jsonl"
    lines.write_text(f"{json.dumps(review(1))}\n{deep}\n{json.dumps(review(2))}\n", encoding="utf-8")
    result = claimreview.read_file(lines)
    assert (result.records, result.imported, codes(result)) == (3, 2, [("line 2", "too_deep")])
    whole = tmp_path / "deep.json"
    whole.write_text('{"@graph": ' + deep + "}", encoding="utf-8")
    result = claimreview.read_file(whole)
    assert [p.code for p in result.problems] == ["too_deep"]


def test_a_value_nested_deeper_than_the_walk_is_one_problem_in_memory_too(review: Review) -> None:
    result = claimreview.read_jsonld([review(1), nested(5000)])
    assert result.imported == 1
    assert [p.code for p in result.errors] == ["too_deep"]
    context = review(2)
    context["@context"] = nested(5000)
    context["reviewRating"]["ratingValue"] = nested(5000)
    result = claimreview.read_jsonld(context)
    assert result.imported == 1
    assert {"unknown_context", "bad_rating"} <= {p.code for p in result.problems}
    deep_pages = factcheck_api.read_response(nested(5000))
    assert [p.code for p in deep_pages.errors] == ["too_deep"]


def test_a_number_too_long_for_python_is_one_problem(review: Review, tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(f'[{{"ratingValue": 1{"0" * 5000}}}, {json.dumps(review(1))}]', encoding="utf-8")
    result = claimreview.read_file(path)
    assert (result.records, result.imported, codes(result)) == (2, 1, [("[0]", "bad_value")])


def test_a_syntax_error_after_the_records_still_reads_nothing(review: Review, tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(f"[{json.dumps(review(1))}, {{broken", encoding="utf-8")
    result = claimreview.read_file(path)
    assert (len(result.ledger), result.imported, [p.code for p in result.problems]) == (0, 0, ["invalid_json"])


def test_fact_check_api_and_averitec_survive_the_same_records(tmp_path: Path) -> None:
    claim = {
        "text": "The moon \ud800 is cheese",
        "claimDate": "2024-04-30",
        "claimReview": [
            {"url": "https://checks.example.org/1", "reviewDate": "2024-05-02", "textualRating": "False"},
            {"url": "https://checks.example.org/\udfff", "reviewDate": "2024-05-02", "textualRating": 10**400},
            nested(3000),
        ],
    }
    result = factcheck_api.read_response([{"claims": [claim]}, nested(5000)])
    assert result.imported == 2
    assert {"bad_unicode", "bad_url", "not_an_object", "too_deep"} <= {p.code for p in result.problems}
    items = [
        {"claim": "The moon \ud800 is cheese", "label": "Refuted", "claim_date": "9-10-2020", "speaker": 10**400},
        {"claim": "x", "label": "Refuted", "claim_date": "1-1-2020" + " x" * 20_000},
        nested(5000),
    ]
    result = averitec.read(items)
    assert (result.records, result.imported) == (3, 1)
    assert {p.code for p in result.errors} == {"bad_date", "not_an_object"}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(items[:2]).replace("]", "," + "[" * 5000 + "]" * 5000 + "]", 1)[:-1] + "]")
    from_file = averitec.read(path)
    assert from_file.records == 3
    assert "too_deep" in {p.code for p in from_file.errors}


# -- files ------------------------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_replaced_with_a_warning(review: Review, tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    raw = json.dumps([review(1, claimReviewed="The moon is cheese XX"), review(2)]).encode()
    path.write_bytes(raw.replace(b"XX", b"\xff\xfe"))
    result = claimreview.read_file(path)
    assert result.imported == 2
    assert [p.code for p in result.problems] == ["bad_encoding"]
    assert "The moon is cheese \ufffd\ufffd" in {c.text for c in result.ledger}
    table = tmp_path / "claims.csv"
    table.write_bytes(b"text,said_on\nok,2024-01-01\nbad \xff byte,2024-01-02\n")
    from_csv = tabular.read_csv(table)
    assert from_csv.imported == 2
    assert codes(from_csv) == [("row 3", "bad_encoding")]
    assert "bad \ufffd byte" in {c.text for c in from_csv.ledger}


def test_page_script_blocks_are_found_in_linear_time_outside_comments(review: Review, tmp_path: Path) -> None:
    block = json.dumps(review(1))
    page = (
        "<html><head><!-- <script type='application/ld+json'>{broken</script> -->"
        f'<SCRIPT type="application/ld+json; charset=utf-8">{block}</SCRIPT>'
        "<script>var x = '<script>';</script></head><body>"
    )
    path = tmp_path / "page.html"
    path.write_text(page + "</body></html>", encoding="utf-8")
    result = claimreview.read_file(path)
    assert (result.imported, result.problems) == (1, ())

    def read(filler: str) -> float:
        path.write_text(page + filler, encoding="utf-8")
        start = time.perf_counter()
        assert claimreview.read_file(path).imported == 1
        return time.perf_counter() - start

    # html.parser took 29 s for 50 KB of "<a " (quadratic); the scan must stay linear
    small, large = read("<a " * 3_000), read("<a " * 300_000)
    assert large / max(small, 1e-3) < 1_000


def test_a_file_of_non_records_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "nodes.json"
    path.write_text("[" + ",".join('{"name":"x"}' for _ in range(100_000)) + "]", encoding="utf-8")
    gc.collect()
    tracemalloc.start()
    try:
        result = claimreview.read_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.records, result.imported) == (100_000, 0)
    assert result.counts("error") == (("not_claimreview", 100_000),)
    assert len(result.problems) == PROBLEMS_KEPT
    assert result.omitted == 100_000 - PROBLEMS_KEPT
    # 1.3 MB of input; holding every node and every problem took over 150 MB
    assert peak < 20_000_000, f"peak {peak:,} bytes"


def test_ignored_node_types_are_counted_under_a_limit() -> None:
    nodes = [{"@type": f"Type{i}"} for i in range(150)] + [{"@type": "x" * 10_000}, {"@type": "\x1b[2J"}]
    result = claimreview.read_jsonld(nodes)
    assert len(result.ignored) == 101
    assert dict(result.ignored)["(other types)"] == 52
    assert all(len(name) < 200 and name.isprintable() for name, _ in result.ignored)


# -- ClaimReview: one record in linear time -------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda r, n: r(1, datePublished="2024" + " " * n + "x"), id="datePublished of spaces"),
        pytest.param(lambda r, n: r(1, claimReviewed="The moon " + "is cheese " * (n // 10)), id="claimReviewed"),
        pytest.param(lambda r, n: r(1, url="https://checks.example.org/" + "a" * n), id="url"),
        pytest.param(lambda r, n: r(1, inLanguage="e" * n), id="inLanguage"),
        pytest.param(
            lambda r, n: r(1, reviewRating={"alternateName": "Incorrect. " + " " * n + "x", "ratingValue": "1" * n}),
            id="reviewRating",
        ),
        pytest.param(lambda r, n: r(1, headline="<a " * (n // 3)), id="headline of unclosed tags"),
    ],
)
def test_one_record_imports_in_time_linear_in_its_size(review: Review, make: Callable[[Review, int], Any]) -> None:
    # a datePublished of 30 KB of spaces took 30 s to import
    def seconds(n: int, repeat: int) -> float:
        record = make(review, n)
        best = float("inf")
        for _ in range(repeat):
            ct.dates.clear_caches()
            start = time.perf_counter()
            claimreview.read_jsonld(record)
            best = min(best, time.perf_counter() - start)
        return best

    small = seconds(10_000, 5)
    assert seconds(100_000, 3) / small < 100
    assert seconds(1_000_000, 1) / small < 1_000


# -- CSV ----------------------------------------------------------------------------------------------


def test_a_csv_cell_over_128_kib_is_read() -> None:
    text = "x" * 200_000
    result = tabular.parse_csv(f"claim_id,text,said_on\nc1,{text},2024-01-01\nc2,short,2024-01-01\n")
    assert (result.imported, result.problems) == (2, ())
    assert result.ledger.get("c1").text == text


def test_a_row_the_csv_module_cannot_split_is_one_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    limit = csv.field_size_limit()
    monkeypatch.setattr(csv_reading, "FIELD_LIMIT", 1_000)
    csv.field_size_limit(1_000)
    try:
        result = tabular.parse_csv("text,said_on\n" + "x" * 2_000 + ",2024-01-01\nfine,2024-01-02\n")
    finally:
        csv.field_size_limit(limit)
    assert (result.records, result.imported) == (2, 1)
    assert codes(result) == [("row 2", "bad_row")]


AWKWARD = [
    "line one\nline two\r\nline three\rfour",
    "He said \"no\", then 'yes'",
    '=HYPERLINK("https://example.com/x")',
    "+1",
    "-5% growth",
    "@cmd",
    "\tindented",
    "'quoted",
    "'=1+1",
    "  padded  ",
    "ends with a newline\n",
    "emoji 😀 𝔘𝔫𝔦 and 𠀋",
    "x" * 200_000,
    "a, b; c",
]


@pytest.mark.parametrize("rows", ["claims", "events"])
def test_csv_export_reads_back_with_awkward_text(make_claim: Callable[..., ct.Claim], rows: str) -> None:
    ledger = ct.Ledger.in_memory(clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    for i, text in enumerate(AWKWARD):
        claim_id = f"awkward-{i}"
        ledger.add(
            make_claim(
                claim_id,
                text=text,
                note=text,
                speaker={"name": text, "role": text},
                topics=(text, "a;b", " spaced ", "[x]"),
            )
        )
        ledger.record(claim_id, "false", on=date(2024, 5, 2), note=text, by=text, rating=text)
    written = tabular.to_csv(ledger, rows=rows)  # type: ignore[arg-type]
    result = tabular.parse_csv(written)
    assert result.problems == ()
    for record in ledger.records():
        back = result.ledger.record_of(record.claim.id)
        assert back.claim == record.claim
        assert back.events == record.events
