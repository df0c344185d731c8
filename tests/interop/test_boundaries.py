"""The boundary checks the importers share with the schema: one URL rule, one language rule, one date text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from claimtrack import DateRange, Granularity
from claimtrack.cli import main
from claimtrack.interop import claimreview, tabular
from claimtrack.interop.conventions import Origin
from claimtrack.interop.ratings import RatingMethod, RatingTable
from claimtrack.model import BCP47, Url
from claimtrack.model.languages import language_tag, normalise_tag
from claimtrack.model.urls import URL_PATTERN, http_url, url_problem

URL_PATTERN_RE = re.compile(URL_PATTERN)

EDGE_URLS = [
    "https://checks.example.org/fact-check/1",
    "HTTP://CHECKS.EXAMPLE.ORG/A",
    "https://例え.jp/パス?q=1#f",
    "https://checks.example.org/a\x01b",
    "https://checks.example.org/a b",
    "https://checks.example.org/a\n",
    "ftp://checks.example.org/a",
    "https:///no-host",
    "https://",
    "checks.example.org/a",
    "http://?q",
    "https://#f",
    "hTTpS://x",
    "http://a\x7f",
    "http:/a",
    "httpx://a",
    "http://a\tb",
]


def _schema_accepts(url: str) -> bool:
    try:
        TypeAdapter(Url).validate_python(url)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("url", EDGE_URLS)
def test_an_importer_keeps_exactly_the_links_the_schema_accepts(url: str) -> None:
    """Before, the importers had a rule of their own: a link they kept could still sink its whole record."""
    kept = http_url(url)  # trimmed first: the trimmed link is the one stored
    assert (kept is not None) is _schema_accepts(url.strip())
    assert kept is None or _schema_accepts(kept)
    assert (url_problem(url) is None) is _schema_accepts(url)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from("hHtTpPsS:/?#a. \t\n\x00\x01\x1f\x7f~%"), max_size=14))
def test_the_ascii_fast_path_is_the_pattern(text: str) -> None:
    """http_url checks ASCII links without the regex engine: it must say exactly what the pattern says."""
    for candidate in (text, "http://" + text, "https://" + text, "HTTPS://" + text):
        stripped = candidate.strip()
        assert (http_url(candidate) is not None) is (URL_PATTERN_RE.fullmatch(stripped) is not None), candidate


def test_surrounding_white_space_is_trimmed_for_import_but_not_for_checking() -> None:
    assert http_url("  https://checks.example.org/a  ") == "https://checks.example.org/a"
    assert http_url(42) is None
    assert url_problem("  https://checks.example.org/a") is not None
    assert url_problem(None) is None


def test_a_link_with_a_control_character_is_dropped_and_its_claim_kept(review: Callable[..., dict[str, Any]]) -> None:
    item = review(1)
    item["itemReviewed"]["firstAppearance"] = "https://social.example.com/post/1\x01"
    result = claimreview.read_jsonld(item)
    (claim,) = result.ledger
    assert claim.primary_source is None
    assert [(p.code, p.severity) for p in result.problems] == [("bad_url", "warning")]


def test_language_tags_the_importers_read_are_tags_the_schema_accepts() -> None:
    adapter = TypeAdapter(BCP47)
    for value in ("en", " en_GB ", "ja-JP", "Japanese", "日本語", {"name": "Deutsch"}, ["fr"]):
        tag, warning = language_tag(value)
        assert tag is not None
        assert warning is None
        assert adapter.validate_python(tag) == tag
    tag, warning = language_tag("Klingon!")
    assert tag is None
    assert warning == "'Klingon!' is not a BCP 47 language tag; the language is left undetermined"
    assert language_tag("") == (None, None)
    assert normalise_tag(" pt_BR ") == "pt-BR"
    assert normalise_tag("English") is None  # a name is read only where data writes names (language_tag)


def test_date_ranges_are_written_by_one_function() -> None:
    """str(), the CSV cells and JSON-LD datePublished differ only in how two days are joined."""
    spans = {
        DateRange.day(date(2024, 3, 18)): ("2024-03-18", "2024-03-18"),
        DateRange.month(2024, 2): ("2024-02", "2024-02"),
        DateRange.year(2024): ("2024", "2024"),
        DateRange(start=date(2024, 3, 11), end=date(2024, 3, 16), granularity=Granularity.RANGE): (
            "2024-03-11..2024-03-16",
            "2024-03-11/2024-03-16",
        ),
    }
    for span, (plain, iso) in spans.items():
        assert str(span) == span.as_text() == plain
        assert span.as_text("/") == iso
        assert DateRange.model_validate(iso) == DateRange.model_validate(plain)


def test_closed_vocabularies_print_as_the_strings_they_replace() -> None:
    assert Origin.CLAIMREVIEW.of("https://checks.example.org/a") == "claimreview:https://checks.example.org/a"
    assert Origin.AVERITEC.of(None) == "averitec"
    assert type(Origin.FACTCHECK_API.of(None)) is str  # stored as a plain string, not an enum member
    match = RatingTable.default().normalise(text="Pants on Fire!")
    assert match.method is RatingMethod.TABLE
    assert f"({match.method})" == "(table)"
    assert tabular.Rows("events") is tabular.Rows.EVENTS


def test_the_import_commands_share_one_implementation(review: Callable[..., dict[str, Any]], tmp_path: Path) -> None:
    """``--recorded-at`` reaches each reader that has review dates; CSV has its own recorded_at column."""
    ledger = str(tmp_path / "claims")
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--ledger", ledger]).exit_code == 0
    reviews = tmp_path / "reviews.json"
    reviews.write_text(json.dumps(review(1)))
    api = tmp_path / "api.json"
    api.write_text(
        json.dumps(
            {
                "claims": [
                    {
                        "text": "The moon is made of cheese (api)",
                        "claimReview": [
                            {
                                "url": "https://checks.example.org/b",
                                "reviewDate": "2024-05-02",
                                "textualRating": "False",
                            }
                        ],
                    }
                ]
            }
        )
    )
    dataset = tmp_path / "mini.json"
    dataset.write_text(json.dumps([{"claim": "Cheese moon", "label": "Refuted", "claim_date": "01-05-2024"}]))
    stamp = "2024-06-01T12:00:00+00:00"
    for command, path in (("claimreview", reviews), ("factcheck-api", api), ("averitec", dataset)):
        result = runner.invoke(main, ["import", command, str(path), "--ledger", ledger, "--recorded-at", stamp])
        assert result.exit_code == 0, result.output
        assert "1 added" in result.output
    exported = runner.invoke(main, ["export", "csv", "--ledger", ledger, "--rows", "events"])
    rows = tabular.parse_csv(exported.output).ledger.records()
    assert sorted(e.recorded_at.isoformat() for r in rows for e in r.events) == [stamp] * 3
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text(exported.output)
    refused = runner.invoke(main, ["import", "csv", str(csv_file), "--ledger", ledger, "--recorded-at", stamp])
    assert refused.exit_code == 2
    assert "No such option '--recorded-at'" in refused.output
