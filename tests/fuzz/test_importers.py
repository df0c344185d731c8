"""Fuzzing the importers: no input, however malformed, makes one raise anything but a ClaimtrackError.

Inputs are JSON-like values shaped like each format (known keys, any values: huge and negative
numbers, NaN, lone surrogates, control characters, deep nesting), CSV text around the real header,
and raw bytes written to files of each suffix. Each test runs a bounded number of examples so that
CI stays fast; run with ``--hypothesis-seed`` or more examples to look further.

A record that trips the importers' last-resort guard (``unreadable_record``: an exception no rule
foresaw) fails the test too: that guard keeps one bad record from stopping an import, but every
case it catches is a bug to fix where it starts.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.errors import ClaimtrackError
from claimtrack.interop import ImportResult, averitec, claimreview, factcheck_api, tabular
from claimtrack.interop.tabular import COLUMNS

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None, categories=("Cs", "Cc", "Zs", "Lo", "Nd")), max_size=20),
    st.sampled_from(
        [
            "2024-05-02",
            "2024-05-02T10:00:00+09:00",
            "May 2, 2024 EST",
            "9-10-2020",
            "2024年5月2日",
            "https://checks.example.org/a",
            "https://web.archive.org/web/20201103120000/https://checks.example.org/moon/",
            "False",
            "Pants on Fire!",
            "誤り",
            "en",
            "English",
            "<b>bold</b> &amp;quot;",
            "urn:claimtrack:claim:moon-1",
            "=SUM(A1)",
            " " * 300,
        ]
    ),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    _texts,
)

_CLAIMREVIEW_KEYS = [
    "@context", "@type", "@id", "@graph", "url", "claimReviewed", "datePublished", "author", "publisher",
    "inLanguage", "headline", "name", "reviewBody", "itemReviewed", "reviewRating", "text", "appearance",
    "firstAppearance", "sameAs", "jobTitle", "worksFor", "ratingValue", "bestRating", "worstRating",
    "alternateName", "ratingExplanation", "@value",
]  # fmt: skip
_API_KEYS = [
    "claims", "text", "claimant", "claimDate", "claimReview", "publisher", "name", "site", "url", "title",
    "reviewDate", "textualRating", "languageCode",
]  # fmt: skip
_AVERITEC_KEYS = [
    "claim", "label", "justification", "claim_date", "speaker", "original_claim_url", "cached_original_claim_url",
    "fact_checking_article", "reporting_source", "questions", "question", "answers", "answer", "answer_type",
    "source_url", "source_medium", "cached_source_url", "boolean_explanation",
]  # fmt: skip


def _values(keys: list[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        _scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=5)), inner, max_size=6),
        ),
        max_leaves=25,
    )


def _deep(depth: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(depth - 1):
        inner.append([])
        inner = inner[0]
    return outer


def check(result: ImportResult) -> None:
    unforeseen = [str(p) for p in result.problems if p.code == "unreadable_record"]
    assert not unforeseen, unforeseen
    assert 0 <= result.imported <= result.records
    assert sum(n for _, _, n in result.problem_counts) >= len(result.problems)


def read_safely(read: Any, value: object) -> None:
    try:
        result = read(value)
    except ClaimtrackError:
        return
    check(result)


@FUZZ
@given(_values(_CLAIMREVIEW_KEYS), st.sampled_from([None, 1, 300, 5000]))
def test_claimreview_json_ld(value: Any, depth: int | None) -> None:
    if depth is not None:
        value = [value, _deep(depth)]
    read_safely(claimreview.read_jsonld, value)


@FUZZ
@given(_values(_API_KEYS))
def test_fact_check_api_results(value: Any) -> None:
    read_safely(factcheck_api.read_response, value)


@FUZZ
@given(st.lists(_values(_AVERITEC_KEYS), max_size=4))
def test_averitec_items(items: list[Any]) -> None:
    read_safely(averitec.read, items)


_cells = st.one_of(_texts, st.text(alphabet="\"',\r\n;= -'\t", max_size=8))


@FUZZ
@given(
    st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=12, unique=True),
    st.lists(st.lists(_cells, max_size=14), max_size=5),
)
def test_csv_rows(header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    read_safely(tabular.parse_csv, buffer.getvalue())


@FUZZ
@given(st.text(max_size=200))
def test_csv_text(text: str) -> None:
    read_safely(tabular.parse_csv, text)


@FUZZ
@given(
    st.sampled_from([".json", ".jsonl", ".html", ".csv"]),
    st.one_of(
        st.binary(max_size=200),
        _values(_CLAIMREVIEW_KEYS).map(lambda v: json.dumps(v).encode()),
        _values(_CLAIMREVIEW_KEYS).map(
            lambda v: json.dumps([v, v], ensure_ascii=False).encode("utf-8", "surrogatepass")
        ),
        st.sampled_from(
            [
                b"[" * 3000 + b"]" * 3000,
                b"[1" + b"0" * 5000 + b"]",
                b"<script type=application/ld+json>[[[",
                b"\xef\xbb\xbf[]",
            ]
        ),
    ),
)
def test_files_of_any_bytes(suffix: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        readers = (
            [tabular.read_csv] if suffix == ".csv" else [claimreview.read_file, factcheck_api.read_file, averitec.read]
        )
        for read in readers:
            read_safely(read, path)
