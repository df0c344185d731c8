"""Pages read as Evidence: the date from each kind of markup, with its source; ClaimReview dicts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from web_server import FIXED_NOW, PAGES, LocalServer

from claimtrack.model import Evidence
from claimtrack.web import DateSource, Fetcher, read_html

SEMAFOR = "/article/05/15/2024/openai-chief-scientist-ilya-sutskever-sam-altman-leaving"
TECHCRUNCH_OPTOUT = "/2025/01/01/openai-failed-to-deliver-the-opt-out-tool-it-promised-by-2025"


@pytest.mark.parametrize(
    ("path", "page", "published", "source", "publisher", "language"),
    [
        ("/time", "time-ssi.html", date(2024, 6, 19), "json-ld:datePublished", "TIME", "en-US"),
        ("/bi", "bi-sutskever.html", date(2024, 5, 14), "meta:article:published_time", "Business Insider", "en-US"),
        ("/tc", "techcrunch-board.html", date(2024, 3, 8), "time", None, "en"),
        ("/gzero", "gzero-refiles.html", date(2024, 8, 6), "meta:datepublished", None, "en"),
        ("/engadget", "engadget-court.html", date(2024, 8, 5), "meta:date", "Engadget", "en-US"),
        (SEMAFOR, "semafor-url-date.html", date(2024, 5, 15), "url", "Semafor", "en"),
        (TECHCRUNCH_OPTOUT, "techcrunch-optout.html", date(2025, 1, 1), "url", None, "en"),
    ],
)
def test_news_articles_are_dated_from_their_markup(
    server: LocalServer,
    fetcher: Fetcher,
    path: str,
    page: str,
    published: date,
    source: str,
    publisher: str | None,
    language: str,
) -> None:
    server.page(path, page)
    read = fetcher.page_evidence(server.url(path))
    ev = read.evidence
    assert isinstance(ev, Evidence)
    assert ev.published_on is not None
    assert ev.published_on.start == published
    assert ev.published_on.end == published
    assert read.date_source == source
    assert ev.note == f"published_on from {source}"
    assert ev.publisher == publisher
    assert ev.language == language
    assert ev.url == server.url(path)
    assert ev.retrieved_at == FIXED_NOW
    assert ev.content_hash is not None
    assert ev.content_hash.startswith("sha256:")
    assert read.claim_reviews == ()


def test_title_excerpt_and_boilerplate(server: LocalServer, fetcher: Fetcher) -> None:
    server.page("/time", "time-ssi.html")
    ev = fetcher.evidence(server.url("/time"))
    assert ev.title == "Former OpenAI Chief Scientist Announces New Safety-Focused Company"
    assert ev.excerpt is not None
    assert ev.excerpt.startswith("Ilya Sutskever, OpenAI's former chief scientist")
    assert "Daniel Gross and Daniel Levy" in ev.excerpt
    assert "newsletter" not in ev.excerpt  # footer paragraphs are not the article


def test_evidence_url_is_the_final_url_after_redirects(server: LocalServer, fetcher: Fetcher) -> None:
    server.page(SEMAFOR, "semafor-url-date.html")
    server.routes["/s"] = lambda h: h.redirect(SEMAFOR, 301)
    read = fetcher.page_evidence(server.url("/s"))
    assert read.evidence.url == server.url(SEMAFOR)
    assert read.date_source == "url"  # read from the final URL, not the short one


def test_fact_check_page_yields_the_raw_claim_review(server: LocalServer, fetcher: Fetcher) -> None:
    server.page("/factcheck/media-manager", "factcheck-media-manager.html")
    read = fetcher.page_evidence(server.url("/factcheck/media-manager"))
    assert len(read.claim_reviews) == 1
    review = read.claim_reviews[0]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "OpenAI will ship its Media Manager opt-out tool by 2025"
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["itemReviewed"]["author"]["name"] == "OpenAI"
    assert read.evidence.published_on is not None
    assert read.evidence.published_on.start == date(2025, 1, 1)
    assert read.evidence.publisher == "claimtrack test fixtures"


def test_content_hash_follows_the_text_not_the_bytes() -> None:
    html = (PAGES / "techcrunch-board.html").read_text("utf-8")
    same = read_html(html.replace("<p>", "<p>\n   "), "https://techcrunch.com/x")
    base = read_html(html, "https://techcrunch.com/x")
    changed = read_html(html.replace("Fidji Simo", "someone else"), "https://techcrunch.com/x")
    assert same.text_hash == base.text_hash
    assert changed.text_hash != base.text_hash


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<meta property="article:published_time" content="2024-06-19T23:30:00-04:00">', date(2024, 6, 19)),
        ('<meta name="pubdate" content="20240619">', date(2024, 6, 19)),
        ('<meta name="date" content="Wed, 19 Jun 2024 10:00:00 GMT">', date(2024, 6, 19)),
        ('<meta name="date" content="19 June 2024">', date(2024, 6, 19)),
        ('<time datetime="2024-02-30">bad</time><time datetime="2024-06-19" pubdate>', date(2024, 6, 19)),
        ('<script type="application/ld+json">{"@graph": [{"datePublished": "2024-06"}]}</script>', None),
    ],
)
def test_date_formats(markup: str, expected: date | None) -> None:
    meta = read_html(f"<html><head>{markup}</head><body></body></html>", "https://example.org/story")
    if expected is None:
        assert meta.published_on is not None
        assert meta.published_on.start == date(2024, 6, 1)
        assert meta.published_on.end == date(2024, 6, 30)
    else:
        assert meta.published_on is not None
        assert meta.published_on.start == expected


def test_modified_dates_are_never_used_and_broken_json_ld_is_skipped() -> None:
    html = (
        '<script type="application/ld+json">{not json</script>'
        '<meta property="article:modified_time" content="2024-07-01">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2024-07-01"}</script>'
    )
    meta = read_html(html, "https://example.org/story")
    assert meta.published_on is None
    assert meta.date_source is None


# -- the date-source vocabulary --------------------------------------------------------------


@pytest.mark.parametrize("source", [s for s in DateSource if s.meta_name is not None])
def test_every_meta_date_source_is_read_from_its_tag(source: DateSource) -> None:
    html = f'<html><head><meta name="{source.meta_name}" content="2024-06-19"></head><body></body></html>'
    meta = read_html(html, "https://example.org/story")
    assert meta.date_source is source
    assert meta.published_on is not None
    assert meta.published_on.start == date(2024, 6, 19)


def test_the_date_sources_name_every_meta_tag_the_reader_looks_at() -> None:
    """A meta name read by extract.py but missing from DateSource would fail on the first page carrying it."""
    from claimtrack.web import extract

    assert [DateSource(f"meta:{key}") for key in extract._DATE_META_KEYS] == [
        s for s in DateSource if s.meta_name is not None
    ]


def test_date_sources_print_and_serialise_as_their_text(server: LocalServer, fetcher: Fetcher) -> None:
    server.page("/time", "time-ssi.html")
    read = fetcher.page_evidence(server.url("/time"))
    assert read.date_source is DateSource.JSON_LD
    assert f"{read.date_source}" == str(read.date_source) == "json-ld:datePublished"
    assert json.dumps({"dated_by": read.date_source}) == '{"dated_by": "json-ld:datePublished"}'
    assert read.evidence.note == "published_on from json-ld:datePublished"
    assert [s.meta_name for s in (DateSource.TIME, DateSource.URL, DateSource.JSON_LD)] == [None, None, None]
    assert DateSource.META_ARTICLE_PUBLISHED_TIME.meta_name == "article:published_time"
