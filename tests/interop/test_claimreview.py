"""ClaimReview JSON-LD in and out: shapes, bad input, idempotence, Google's fields, the round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimtrack as ct
from claimtrack import Verdict
from claimtrack.interop import claimreview
from claimtrack.interop.claimreview import ClaimReviewWarning, export_jsonld, from_jsonld, read_jsonld, to_jsonld
from claimtrack.interop.ratings import EXPORT_LABELS

Review = Callable[..., dict[str, Any]]


def codes(result: Any) -> list[str]:
    return [p.code for p in result.problems]


def only_record(ledger: ct.Ledger) -> ct.ClaimRecord:
    records = list(ledger.records())
    assert len(records) == 1
    return records[0]


def test_a_review_becomes_a_claim_with_a_dated_event_and_the_article_as_evidence(review: Review) -> None:
    result = read_jsonld(review())
    assert result.problems == ()
    record = only_record(result.ledger)
    claim, (event,), (article,) = record.claim, record.events, record.evidence
    assert claim.text == "The moon is made of cheese (1)"
    assert claim.speaker == ct.Entity(name="Ann Example", role="Blogger")
    assert claim.said_on == ct.DateRange.day(date(2024, 4, 30))
    assert claim.kind is ct.ClaimKind.ASSERTION
    assert claim.language == "en"
    assert [(s.url, s.role.value) for s in claim.sources] == [
        ("https://social.example.com/post/1", "primary"),
        ("https://news.example.com/story/1", "secondary"),
        ("https://video.example.com/v/2", "secondary"),
    ]
    assert claim.sources[2].title == "A video"
    assert event.verdict is Verdict.FALSE
    assert event.effective_on == date(2024, 5, 2)
    assert event.recorded_at == datetime(2024, 5, 2, tzinfo=UTC)
    assert event.rating == "False"
    assert event.by == "Example Checks"
    assert event.origin == "claimreview:https://checks.example.org/fact-check/moon-cheese-1"
    assert event.evidence == (article.id,)
    assert article.url == "https://checks.example.org/fact-check/moon-cheese-1"
    assert article.title == "No, the moon is not made of cheese"
    assert article.stance is ct.Stance.REFUTES
    assert result.ledger.status(claim.id, as_of=date(2024, 5, 1)) is Verdict.OPEN
    assert result.ledger.status(claim.id, as_of=date(2024, 5, 2)) is Verdict.FALSE


def test_claim_ids_are_readable_and_stable(review: Review) -> None:
    first = only_record(from_jsonld(review())).claim.id
    again = only_record(from_jsonld(review())).claim.id
    other = only_record(from_jsonld(review(2))).claim.id
    assert first == again
    assert first != other
    assert first.startswith("checks-example-org-moon-cheese-1-")


def test_importing_the_same_file_twice_changes_nothing(review: Review, folder_ledger: ct.Ledger) -> None:
    data = [review(1), review(2)]
    first = folder_ledger.merge(from_jsonld(data))
    assert len(first.added) == 2
    before = list(folder_ledger.records())
    second = folder_ledger.merge(from_jsonld(data))
    assert (second.added, second.merged, second.conflicts) == ((), (), ())
    assert len(second.unchanged) == 2
    assert list(folder_ledger.records()) == before


def test_a_later_review_of_the_same_claim_adds_an_event(review: Review, memory_ledger: ct.Ledger) -> None:
    memory_ledger.merge(from_jsonld(review()))
    updated = review(datePublished="2024-06-10", reviewRating={"@type": "Rating", "alternateName": "Mostly False"})
    report = memory_ledger.merge(from_jsonld(updated))
    (claim_id,) = report.merged
    assert [e.verdict for e in memory_ledger.history(claim_id)] == [Verdict.FALSE, Verdict.MOSTLY_FALSE]
    assert memory_ledger.status(claim_id, as_of=date(2024, 6, 1)) is Verdict.FALSE


@pytest.mark.parametrize(
    "wrap",
    [
        lambda r: r,
        lambda r: [r],
        lambda r: {"@context": "https://schema.org", "@graph": [{k: v for k, v in r.items() if k != "@context"}]},
        lambda r: [
            {"@context": "https://schema.org", "@type": "WebPage", "name": "A page"},
            {"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "Example Checks"}, r]},
        ],
    ],
    ids=["object", "list", "graph", "page-blocks"],
)
def test_every_container_shape_is_read(review: Review, wrap: Callable[[Any], Any]) -> None:
    data = review()
    result = read_jsonld(wrap(data))
    record = only_record(result.ledger)
    assert record.claim.text == data["claimReviewed"]
    assert "missing_context" not in codes(result)


def test_other_json_ld_types_are_ignored_and_counted(review: Review) -> None:
    page = [{"@context": "https://schema.org", "@type": "BreadcrumbList"}, review()]
    result = read_jsonld(page)
    assert result.ignored == (("BreadcrumbList", 1),)
    assert (result.records, result.imported, result.skipped) == (1, 1, 0)


@pytest.mark.parametrize(
    ("author", "speaker"),
    [
        ("Ann Example", ct.Entity(name="Ann Example")),
        ({"@type": "Organization", "name": "Example Party"}, ct.Entity(name="Example Party")),
        (
            {
                "@type": "Person",
                "name": "Ann Example",
                "sameAs": ["https://www.example.org/ann", "not a url"],
                "worksFor": {"@type": "Organization", "name": "Example Inc"},
            },
            ct.Entity(name="Ann Example", organisation="Example Inc", same_as=("https://www.example.org/ann",)),
        ),
        (None, ct.Entity(name="unknown")),
    ],
)
def test_claim_authors_in_every_shape(review: Review, author: object, speaker: ct.Entity) -> None:
    data = review()
    if author is None:
        del data["itemReviewed"]["author"]
    else:
        data["itemReviewed"]["author"] = author
    assert only_record(from_jsonld(data)).claim.speaker == speaker


def test_bad_records_are_reported_by_position_and_the_rest_imported(review: Review) -> None:
    broken = review(2, claimReviewed=None)
    result = read_jsonld([review(1), broken, "junk", review(3)])
    assert len(result.ledger) == 2
    errors = [(p.record, p.code) for p in result.errors]
    assert errors == [("[1]", "missing_claim"), ("[2]", "not_an_object")]
    assert (result.records, result.imported, result.skipped) == (4, 2, 2)


def test_missing_context_and_odd_types_are_imported_with_warnings(review: Review) -> None:
    no_context = review(1, **{"@context": None})
    odd_type = review(2, **{"@type": "FactCheck"})
    no_type = review(3, **{"@type": None})
    foreign = review(4, **{"@context": "https://vocab.example.org/"})
    prefixed = review(5, **{"@type": ["http://schema.org/ClaimReview"]})
    result = read_jsonld([no_context, odd_type, no_type, foreign, prefixed])
    assert len(result.ledger) == 5
    assert [(p.record, p.code) for p in result.problems] == [
        ("[0]", "missing_context"),
        ("[1]", "unknown_type"),
        ("[2]", "missing_type"),
        ("[3]", "unknown_context"),
    ]


def test_html_escaped_text_is_cleaned_with_a_warning(review: Review) -> None:
    data = review(claimReviewed="Ann said &amp;quot;the moon is <b>cheese</b>&amp;quot; &#8212; twice")
    result = read_jsonld(data)
    assert only_record(result.ledger).claim.text == 'Ann said "the moon is cheese" — twice'
    assert codes(result) == ["html_text"]


@pytest.mark.parametrize(
    ("published", "effective", "code"),
    [
        ("2024-05-02T23:30:00-07:00", date(2024, 5, 2), None),  # the date as written, not UTC's 3 May
        ("2024-05-02T01:00:00+09:00", date(2024, 5, 2), None),
        ("2024-05-02 10:00:00", date(2024, 5, 2), None),
        ("May 2, 2024", date(2024, 5, 2), "odd_date"),
        ("2 May 2024", date(2024, 5, 2), "odd_date"),
        ("2024/05/02", date(2024, 5, 2), "odd_date"),
        ("2024年5月2日", date(2024, 5, 2), "odd_date"),
        ("2024-05-02 10:00 EST", date(2024, 5, 2), "odd_date"),
        ("2024-05", date(2024, 5, 31), "imprecise_date"),
        ("2024-04-01", date(2024, 4, 30), "review_before_claim"),
        ("last Tuesday", date(2024, 4, 30), "bad_date"),
    ],
)
def test_review_dates_in_odd_formats_and_time_zones(
    review: Review, published: str, effective: date, code: str | None
) -> None:
    result = read_jsonld(review(datePublished=published))
    (event,) = only_record(result.ledger).events
    assert event.effective_on == effective
    assert event.recorded_at.date() >= event.effective_on
    found = [c for c in codes(result) if c != "missing_review_date"]
    assert found == ([code] if code else [])


def test_a_claim_without_a_date_takes_the_review_date_and_says_so(review: Review) -> None:
    data = review()
    del data["itemReviewed"]["datePublished"]
    del data["itemReviewed"]["firstAppearance"]
    claim = only_record(from_jsonld(data)).claim
    assert claim.said_on == ct.DateRange.day(date(2024, 5, 2))
    assert claim.note is not None
    assert "not given by the source" in claim.note
    (item,) = to_jsonld(from_jsonld(data))
    assert "datePublished" not in item["itemReviewed"]  # the export does not invent a claim date


def test_a_record_with_no_date_at_all_is_skipped(review: Review) -> None:
    data = review(datePublished=None)
    del data["itemReviewed"]["datePublished"]
    result = read_jsonld([data, review(2)])
    assert [(p.record, p.code) for p in result.errors] == [("[0]", "missing_date")]
    assert len(result.ledger) == 1


def test_duplicate_reviews_are_merged_and_conflicting_ones_reported(review: Review) -> None:
    same = read_jsonld([review(), review()])
    assert len(only_record(same.ledger).events) == 1
    assert codes(same) == ["duplicate_review"]
    clash = review(reviewRating={"@type": "Rating", "alternateName": "True"})
    both = read_jsonld([review(), clash])
    assert {e.verdict for e in only_record(both.ledger).events} == {Verdict.FALSE, Verdict.TRUE}
    assert codes(both) == ["conflicting_reviews"]


def test_reviews_sharing_a_claim_id_group_under_one_claim(review: Review) -> None:
    first = review(1)
    second = review(2, author={"@type": "Organization", "name": "Other Checks"})
    for item in (first, second):
        item["itemReviewed"]["@id"] = "https://claims.example.org/moon"
    second["claimReviewed"] = first["claimReviewed"]
    result = read_jsonld([first, second])
    record = only_record(result.ledger)
    assert sorted(e.by or "" for e in record.events) == ["Example Checks", "Other Checks"]


def test_ratings_outside_their_range_are_warned_about(review: Review) -> None:
    # a number alone counts only on a scale known for the publisher; none is known for Example Checks
    data = review(reviewRating={"@type": "Rating", "ratingValue": 9, "bestRating": 5, "worstRating": 1})
    result = read_jsonld(data)
    (event,) = only_record(result.ledger).events
    assert event.verdict is Verdict.UNVERIFIABLE
    assert event.rating is None
    assert codes(result) == ["rating_out_of_range", "unused_rating_value"]


def test_an_explicit_recorded_at_stamps_every_event_and_refuses_naive_times(review: Review) -> None:
    stamp = datetime(2025, 1, 1, 9, tzinfo=UTC)
    (event,) = only_record(from_jsonld(review(), recorded_at=stamp)).events
    assert event.recorded_at == stamp
    with pytest.raises(ct.InvalidRecordError, match="time zone"):
        from_jsonld(review(), recorded_at=datetime(2025, 1, 1))
    early = read_jsonld(review(), recorded_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert codes(early) == ["recorded_before_review"]
    assert len(early.ledger) == 0


# -- export ---------------------------------------------------------------------------------------


def test_export_carries_googles_required_and_recommended_fields(review: Review) -> None:
    (item,) = to_jsonld(from_jsonld(review()))
    assert item["@context"] == "https://schema.org"
    assert item["@type"] == "ClaimReview"
    for field in ("claimReviewed", "reviewRating", "url", "author", "itemReviewed", "datePublished"):
        assert item[field], field
    rating = item["reviewRating"]
    assert rating["alternateName"] == "False"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (1, 5, 1)
    claim = item["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["name"] == "Ann Example"
    assert claim["datePublished"] == "2024-04-30"
    assert claim["firstAppearance"]["url"] == "https://social.example.com/post/1"
    assert [a["url"] for a in claim["appearance"]] == [
        "https://news.example.com/story/1",
        "https://video.example.com/v/2",
    ]
    json.dumps(item)  # plain JSON


def test_long_claims_are_warned_about_never_truncated(review: Review) -> None:
    text = "The moon is made of cheese, and the cheese is made of smaller moons, all the way down."
    ledger = from_jsonld(review(claimReviewed=text))
    with pytest.warns(ClaimReviewWarning, match="86 characters"):
        (item,) = to_jsonld(ledger)
    assert item["claimReviewed"] == text
    result = export_jsonld(ledger)
    assert [p.code for p in result.problems] == ["long_claim_reviewed"]


def test_native_claims_export_with_a_base_url_and_reviewer(
    make_claim: Callable[..., ct.Claim], memory_ledger: ct.Ledger
) -> None:
    claim = make_claim()
    memory_ledger.add(claim)
    memory_ledger.record(claim.id, "true", on=date(2024, 5, 13), note="shipped a new model")
    bare = export_jsonld(memory_ledger)
    assert {p.code for p in bare.problems} >= {"missing_url", "missing_author"}
    (item,) = export_jsonld(memory_ledger, base_url="https://claims.example.org/", reviewer="Example Desk").items
    assert item["url"] == "https://claims.example.org/gpt5-this-year"
    assert item["author"]["name"] == "Example Desk"
    assert item["reviewRating"]["alternateName"] == "True"
    assert item["itemReviewed"]["@id"] == "urn:claimtrack:claim:gpt5-this-year"
    back = only_record(from_jsonld(item))
    assert back.claim.id == claim.id  # the id survives the trip through ClaimReview
    assert back.claim.text == claim.text
    assert back.events[0].verdict is Verdict.TRUE


def test_read_file_takes_json_lines_and_html_pages(review: Review, tmp_path: Path) -> None:
    lines = tmp_path / "reviews.jsonl"
    lines.write_text(json.dumps(review(1)) + "\n{broken\n" + json.dumps(review(2)) + "\n", encoding="utf-8")
    result = claimreview.read_file(lines)
    assert len(result.ledger) == 2
    assert [(p.record, p.code) for p in result.errors] == [("line 2", "invalid_json")]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@context": "https://schema.org", "@type": "WebSite", "name": "x"})
        + '</script><script type="application/ld+json">'
        + json.dumps(review(3))
        + "</script><script>var x = 1;</script></head></html>",
        encoding="utf-8",
    )
    from_page = claimreview.read_file(page)
    assert only_record(from_page.ledger).claim.text == "The moon is made of cheese (3)"
    assert from_page.ignored == (("WebSite", 1),)


# -- the round trip -------------------------------------------------------------------------------

_words = st.text(alphabet=st.characters(categories=("L", "N", "Zs", "Po")), min_size=1, max_size=90)
_days = st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 1))
_day_texts = _days.flatmap(
    lambda d: st.sampled_from(
        [
            d.isoformat(),
            f"{d.isoformat()}T23:30:00-05:00",
            f"{d.isoformat()}T01:00:00+09:00",
            f"{d:%B} {d.day}, {d.year}",
        ]
    )
)
_urls = st.integers(0, 50).map(lambda n: f"https://checks.example.org/fc/{n}")
_works = st.one_of(
    _urls,
    st.builds(
        lambda u, h, d: {
            "@type": "CreativeWork",
            "url": u,
            **({"headline": h} if h else {}),
            **({"datePublished": d} if d else {}),
        },
        _urls,
        st.none() | _words,
        st.none() | _days.map(date.isoformat),
    ),
)
_people = st.one_of(
    _words,
    st.builds(lambda n: {"@type": "Organization", "name": n}, _words),
    st.builds(
        lambda n, j, s: {"@type": "Person", "name": n, **({"jobTitle": j} if j else {}), "sameAs": s},
        _words,
        st.none() | _words,
        st.lists(_urls, max_size=2, unique=True),
    ),
)
_ratings = st.fixed_dictionaries(
    {"@type": st.just("Rating")},
    optional={
        "alternateName": st.sampled_from(
            ["False", "Pants on Fire", "Half True", "誤り", "ミスリード", "Spicy", "Verified"]
        ),
        "ratingValue": st.integers(-1, 7),
        "bestRating": st.just(5),
        "worstRating": st.just(1),
        "ratingExplanation": _words,
    },
)


@st.composite
def _claim_reviews(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    for key, strategy in (
        ("author", _people),
        ("datePublished", _day_texts),
        ("firstAppearance", _works),
        ("appearance", st.lists(_works, max_size=3)),
        ("inLanguage", st.sampled_from(["en", "ja", "es-MX"])),
    ):
        if draw(st.booleans()):
            item[key] = draw(strategy)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": draw(_urls),
        "claimReviewed": draw(_words),
        "itemReviewed": item,
        "reviewRating": draw(_ratings),
    }
    for key, strategy in (
        ("datePublished", _day_texts),
        ("author", _people),
        ("inLanguage", st.sampled_from(["en", "ja"])),
        ("headline", _words),
    ):
        if draw(st.booleans()):
            review[key] = draw(strategy)
    return review


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_claim_reviews(), min_size=1, max_size=4, unique_by=lambda r: r["url"]), st.booleans())
def test_from_to_from_loses_nothing_both_sides_express(reviews: list[dict[str, Any]], repeat: bool) -> None:
    # Exact repeats are merged and must survive; two *different* records of one claim are reported as
    # differing_duplicate and only the first version is kept, which is lossy by design, so they are
    # left out here (see test_duplicate_reviews_are_merged_and_conflicting_ones_reported).
    if repeat:
        reviews = [*reviews, reviews[0]]
    first = from_jsonld(reviews)
    exported = export_jsonld(first).items  # to_jsonld would add a warning for missing recommended fields
    second = from_jsonld(list(exported))
    ids = [r.claim.id for r in first.records()]
    assert ids == [r.claim.id for r in second.records()]
    for before, after in zip(first.records(), second.records()):
        assert after.claim == before.claim
        assert after.evidence == before.evidence
        # a rating without text gets the verdict's label as its text; nothing else changes
        expected = tuple(
            e if e.rating is not None else e.model_copy(update={"rating": EXPORT_LABELS[e.verdict]})
            for e in before.events
        )
        assert after.events == expected
    # and from there on the trip is exact
    assert export_jsonld(second).items == exported
