"""Real-shaped fact-checks in 15 languages on 19 publishers' scales: verdicts, dates, languages, unknown ratings.

The fixtures in data/multilingual/ were written for these tests (no article text; /claimtrack-test/ URLs).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack import Verdict
from claimtrack.cli import main
from claimtrack.interop import claimreview, factcheck_api, files
from claimtrack.interop.results import ImportResult

DATA = Path(__file__).parent / "data" / "multilingual"


def by_url(result: ImportResult) -> dict[str, tuple[str, Verdict | None, date | None, str]]:
    """review url -> (claim language, verdict, effective_on, article note)."""
    out = {}
    for record in result.ledger.records():
        article = record.evidence[0]
        event = record.events[0] if record.events else None
        out[article.url or ""] = (
            record.claim.language,
            event.verdict if event else None,
            event.effective_on if event else None,
            article.note or "",
        )
    return out


EXPECTED = {  # url number -> (language, verdict)
    1: ("pt-BR", Verdict.FALSE),  # Lupa "Falso" at 4 of 6: the text decides, the number is not read by position
    2: ("pt", Verdict.MIXED),  # Aos Fatos "NÃO É BEM ASSIM: ..." at 5 of 6
    3: ("pt", Verdict.FALSE),  # "FALSO: <sentence>"
    4: ("es", Verdict.MOSTLY_FALSE),
    5: ("es", Verdict.MOSTLY_TRUE),
    6: ("fr", Verdict.FALSE),
    7: ("de", Verdict.FALSE),  # no inLanguage: detected
    8: ("de", Verdict.MIXED),
    9: ("it", Verdict.MOSTLY_TRUE),
    10: ("it", Verdict.FALSE),
    11: ("ar", Verdict.FALSE),
    12: ("ar", Verdict.MOSTLY_FALSE),
    13: ("ko", Verdict.MOSTLY_FALSE),  # detected (hangul)
    14: ("id", Verdict.MOSTLY_FALSE),  # "Sesat - <sentence>"
    15: ("tr", Verdict.FALSE),
    16: ("pl", Verdict.MOSTLY_FALSE),  # detected
    17: ("pl", Verdict.TRUE),  # "Prawda. <sentence>"
    18: ("hi", Verdict.MOSTLY_FALSE),
    19: ("bn", Verdict.FALSE),
    20: ("ru", Verdict.FALSE),
    21: ("uk", Verdict.MOSTLY_FALSE),
    22: ("en", Verdict.FALSE),
    24: ("en", Verdict.UNVERIFIABLE),  # unknown rating
    25: ("en", Verdict.UNVERIFIABLE),  # unknown rating; its number is not used
    26: ("ja", Verdict.MOSTLY_FALSE),
    27: ("zh-Hant", Verdict.FALSE),
    28: ("zh", Verdict.FALSE),  # Simplified 错误, language detected (Han script)
}


def test_verdicts_and_languages_across_publishers_and_languages() -> None:
    result = claimreview.read_file(DATA / "claimreviews.json")
    assert (result.records, result.imported, result.skipped) == (28, 28, 0)
    found = {int(url.rstrip("/").rsplit("/", 1)[-1]): v for url, v in by_url(result).items() if url[-1].isdigit()}
    got = {n: (found[n][0], found[n][1]) for n in EXPECTED}
    assert got == EXPECTED
    languages = {lang.split("-")[0] for lang, _ in EXPECTED.values()}
    assert len(languages) >= 15
    publishers = {record.events[0].by for record in result.ledger.records()}
    assert len(publishers) >= 18


def test_where_the_language_came_from_is_recorded() -> None:
    notes = {url: v[3] for url, v in by_url(claimreview.read_file(DATA / "claimreviews.json")).items()}
    assert "claim language: detected from the claim text" in notes["https://correctiv.org/claimtrack-test/07"]
    assert "claim language: stated by the source" in notes["https://correctiv.org/claimtrack-test/08"]


def test_the_unknown_rating_report_counts_each_text() -> None:
    result = claimreview.read_file(DATA / "claimreviews.json")
    assert result.unknown_ratings == (("really_false", 2), ("Spicy take", 1))
    assert dict(result.counts("warning"))["unused_rating_value"] == 1


def test_dates_from_the_review_its_url_or_the_claim() -> None:
    found = by_url(claimreview.read_file(DATA / "claimreviews.json"))
    lupa = found["https://lupa.uol.com.br/claimtrack-test/01"]
    assert lupa[2] == date(2024, 3, 18)  # the date as written (-03:00), not UTC
    assert "dated by the review's own date" in lupa[3]
    in_url = found["https://www.politifact.com/claimtrack-test/2024/03/19/unemployment-decade/"]
    assert (in_url[2], in_url[0]) == (date(2024, 3, 19), "en")
    assert "dated by the date in the review's URL" in in_url[3]
    unreadable = found["https://www.aosfatos.org/claimtrack-test/03"]  # "18/03/2024" cannot be read
    assert unreadable[2] == date(2024, 3, 10)
    assert "dated by the claim's date" in unreadable[3]


def test_a_page_with_mixed_blocks_dates_and_languages_its_review() -> None:
    result = claimreview.read_file(DATA / "page_tfc.html")
    (record,) = result.ledger.records()
    assert record.events[0].verdict is Verdict.UNVERIFIABLE  # 證據不足
    assert record.events[0].effective_on == date(2024, 4, 2)
    assert record.claim.language == "zh-Hant"
    assert "dated by the page's NewsArticle datePublished" in (record.evidence[0].note or "")
    assert "claim language: the page's lang attribute" in (record.evidence[0].note or "")
    assert dict(result.ignored) == {"BreadcrumbList": 1, "NewsArticle": 1}
    meta = claimreview.read_file(DATA / "page_meta.html")
    (record,) = meta.ledger.records()
    assert (record.events[0].effective_on, record.claim.language) == (date(2024, 5, 6), "es")
    assert "article:published_time" in (record.evidence[0].note or "")
    assert [p.code for p in meta.problems] == ["dated_from_page"]


def test_a_datafeed_is_read_item_by_item_and_a_bad_item_named() -> None:
    result = claimreview.read_file(DATA / "datafeed.json")
    assert (result.records, result.imported) == (3, 2)
    verdicts = sorted(r.events[0].verdict.value for r in result.ledger.records())
    assert verdicts == ["false", "mostly_false"]
    (error,) = result.errors
    assert (error.path, error.record, error.field, error.code) == (
        str(DATA / "datafeed.json"),
        "dataFeedElement[2].item[0]",
        "claimReviewed",
        "missing_claim",
    )
    same = claimreview.read_jsonld(json.loads((DATA / "datafeed.json").read_text(encoding="utf-8")))
    assert [r.claim.id for r in same.ledger.records()] == [r.claim.id for r in result.ledger.records()]


def test_api_reviews_without_a_review_date_are_never_dated_by_the_claim() -> None:
    result = factcheck_api.read_file(DATA / "factcheck_api.json")
    found = by_url(result)
    afp = found["https://factuel.afp.com/claimtrack-test/2024/03/12/vaccin-adn"]
    assert afp[1:3] == (Verdict.FALSE, date(2024, 3, 12))  # from the URL, not the claim's 2024-03-01
    undated = found["https://correctiv.org/claimtrack-test/ueberschwemmung-foto"]
    assert undated[1] is None  # claim and article kept, no verdict event
    assert "'Falscher Kontext' was not recorded" in undated[3]
    (error,) = result.errors
    assert (error.record, error.field, error.code) == ("claims[1].claimReview[0]", "reviewDate", "undated_review")
    fetched = datetime(2024, 4, 1, 12, tzinfo=UTC)
    dated = by_url(factcheck_api.read_file(DATA / "factcheck_api.json", recorded_at=fetched))
    later = dated["https://correctiv.org/claimtrack-test/ueberschwemmung-foto"]
    assert later[1:3] == (Verdict.MOSTLY_FALSE, date(2024, 4, 1))
    assert "dated by recorded_at" in later[3]
    # the same response read by the ClaimReview importer gives the same records
    via_claimreview = by_url(claimreview.read_file(DATA / "factcheck_api.json"))
    assert via_claimreview == found


def test_the_cli_lists_unknown_ratings_with_counts(tmp_path: Path) -> None:
    run = CliRunner().invoke(
        main, ["import", "claimreview", str(DATA / "claimreviews.json"), "--ledger", str(tmp_path / "l"), "--dry-run"]
    )
    assert run.exit_code == 0, run.output
    assert "unknown ratings (3 review(s)" in run.output
    assert '2  "really_false"' in run.output
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"really_false": "false", "Spicy take": "mostly_false"}), encoding="utf-8")
    again = CliRunner().invoke(
        main,
        ["import", "claimreview", str(DATA / "claimreviews.json"), "--ledger", str(tmp_path / "l"), "--ratings",
         str(extra), "--dry-run"],
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "unknown ratings" not in again.output


def test_a_large_top_level_object_is_streamed_or_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = json.loads((DATA / "datafeed.json").read_text(encoding="utf-8"))
    elements = feed.pop("dataFeedElement")
    big = tmp_path / "feed.json"
    filler = [{"@type": "WebPage", "name": "x" * 100} for _ in range(2_000)]
    big.write_text(json.dumps({**feed, "dataFeedElement": filler + elements, "after": [1, 2]}), encoding="utf-8")
    monkeypatch.setattr(files, "MAX_OBJECT_CHARS", 10_000)
    result = claimreview.read_file(big)
    assert (result.imported, dict(result.ignored)) == (2, {"WebPage": 2_000})
    junk = tmp_path / "junk.json"
    junk.write_text(json.dumps({"@type": "Thing", "list": filler}), encoding="utf-8")
    refused = claimreview.read_file(junk)
    assert [(p.code, p.record) for p in refused.errors] == [("too_large", "[0]")]
    assert "DataFeed" in refused.errors[0].message
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**feed, "dataFeedElement": elements})[:-1], encoding="utf-8")
    assert [p.code for p in claimreview.read_file(broken).errors] == ["invalid_json"]
