"""One hostile link or page never aborts a batch: each failure is a FetchError naming its URL.

The hostile inputs are served for real by the local server (a redirect to
``javascript:``, ``charset=undefined``, JSON-LD nested 5,000 deep...) or are
links a ledger can hold (``http://xn--/``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_server import LocalServer

from claimtrack.cli import main
from claimtrack.errors import FetchError
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimKind, Entity, Evidence, Source, SourceRole
from claimtrack.web import Fetcher, InvalidUrlError, RedirectError, read_html
from claimtrack.web.charset import decode_body

DEEP_JSONLD = b'<script type="application/ld+json">' + b"[" * 5000 + b"]" * 5000 + b"</script>"
ARTICLE = b"<html lang='en'><head><title>A fine page</title></head><body><p>Readable text.</p></body></html>"


def _hostile(server: LocalServer) -> dict[str, str]:
    """name -> URL of each hostile link, served by ``server`` where a server is needed."""
    server.routes["/js"] = lambda h: h.redirect("javascript:alert(1)")
    server.raw("/undefined", ARTICLE, "text/html; charset=undefined")
    server.raw("/deep", DEEP_JSONLD + ARTICLE, "text/html; charset=utf-8")
    server.raw("/retry", b"busy", "text/plain", status=503, **{"Retry-After": "\u00b2"})  # a digit to str.isdigit
    server.raw("/ok", ARTICLE, "text/html; charset=utf-8")
    return {
        "idna": "http://xn--/",
        "javascript": server.url("/js"),
        "undefined": server.url("/undefined"),
        "deep": server.url("/deep"),
        "retry": server.url("/retry"),
        "ok": server.url("/ok"),
    }


def test_evidence_many_reports_every_link(server: LocalServer, fetcher: Fetcher) -> None:
    links = _hostile(server)
    outcomes = fetcher.evidence_many(list(links.values()))
    by_name = dict(zip(links, outcomes))
    assert [o.url for o in outcomes] == list(links.values())
    assert isinstance(by_name["idna"].error, InvalidUrlError)
    assert isinstance(by_name["javascript"].error, RedirectError)
    assert isinstance(by_name["retry"].error, FetchError)
    for name in ("idna", "javascript", "retry"):
        error = by_name[name].error
        assert error is not None
        assert error.url == links[name]
    # a page with a charset no browser knows, or absurdly nested JSON-LD, is still a page
    for name in ("undefined", "deep", "ok"):
        assert by_name[name].ok, by_name[name].error
        assert by_name[name].value is not None
        assert by_name[name].value.evidence.title == "A fine page"


def test_fetch_many_reports_every_link(server: LocalServer, fetcher: Fetcher) -> None:
    links = _hostile(server)
    outcomes = fetcher.fetch_many(list(links.values()))
    assert [o.ok for o in outcomes] == [False, False, True, True, False, True]
    assert all(o.error is None or o.error.url == o.url for o in outcomes)


def test_claimtrack_fetch_reports_every_link(server: LocalServer, tmp_path: Path) -> None:
    links = _hostile(server)
    path = str(tmp_path / "claims")
    claim = Claim(
        id="hostile-links",
        text="A claim whose sources were written by someone hostile",
        language="en",
        speaker=Entity(name="Someone"),
        said_on=date(2024, 5, 14),
        kind=ClaimKind.ASSERTION,
        sources=(Source(url=links["idna"], role=SourceRole.SECONDARY),),
    )
    # ("retry" is left out: the CLI's Fetcher would really wait out its backoff)
    evidence = tuple(Evidence(url=links[name]) for name in ("javascript", "undefined", "deep", "ok"))
    with Ledger.open(path, create=True) as ledger:
        ledger.add(claim, evidence=evidence)
    result = CliRunner().invoke(main, ["fetch", "--ledger", path, "--allow-private"])
    assert result.exit_code == 0, result.output
    assert "2 failed, 3 updated" in result.output
    assert "Traceback" not in result.output
    with Ledger.open(path, create=False) as ledger:
        titles = {ev.url: ev.title for ev in ledger.evidence("hostile-links")}
    assert titles[links["ok"]] == titles[links["deep"]] == titles[links["undefined"]] == "A fine page"


@pytest.mark.parametrize(
    "label", ["undefined", "idna", "punycode", "unicode_escape", "zlib", "base64", "rot13", "x\0y"]
)
def test_charsets_that_are_no_web_encoding_are_ignored(label: str) -> None:
    text, codec = decode_body("<p>café</p>".encode(), label)
    assert (text, codec) == ("<p>café</p>", "utf-8")


def test_meta_charset_undefined_is_ignored_too() -> None:
    assert decode_body(b"<meta charset=undefined><p>x</p>")[1] == "utf-8"


def test_json_ld_deeper_than_the_parser_allows_is_skipped_not_raised() -> None:
    meta = read_html(DEEP_JSONLD.decode() + ARTICLE.decode(), "https://example.org/a")
    assert meta.title == "A fine page"
    assert meta.claim_reviews == ()


def test_json_ld_too_deep_to_be_real_is_skipped_but_the_rest_is_read() -> None:
    nested: object = {"@type": "ClaimReview", "claimReviewed": "deep"}
    for _ in range(200):
        nested = [nested]
    shallow = {"@type": "NewsArticle", "headline": "Shallow", "datePublished": "2024-06-19"}
    html = "".join(f'<script type="application/ld+json">{json.dumps(doc)}</script>' for doc in (nested, shallow))
    meta = read_html(html, "https://example.org/a")
    assert meta.claim_reviews == ()
    assert meta.title == "Shallow"
    assert meta.published_on is not None
    assert meta.published_on.start == date(2024, 6, 19)


def test_deeply_nested_markup_is_read() -> None:
    html = "<div>" * 50_000 + "<p>deep text</p>" + "</div>" * 50_000 + "<b>x" * 50_000
    meta = read_html(html, "https://example.org/a")
    assert meta.excerpt is not None
    assert meta.excerpt.startswith("deep text")


def test_a_redirect_to_a_malformed_host_is_a_redirect_error(server: LocalServer, fetcher: Fetcher) -> None:
    server.routes["/to-idna"] = lambda h: h.redirect("http://xn--/")
    (outcome,) = fetcher.fetch_many([server.url("/to-idna")])
    assert isinstance(outcome.error, RedirectError)
    assert outcome.error.url == server.url("/to-idna")
