"""The outlet fidelity card on small hand-built ledgers: counts, rate, interval, unrated, as_of, groupings."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import attrs
import pytest

import claimtrack as ct
from claimtrack.model import ClaimRecord, Fidelity
from claimtrack.scoring import FidelityCard, FidelityGroupBy, FidelityRow, fidelity_card
from tests.fidelity_card.conftest import Rendering, build, secondary

Z95 = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    """The Wilson 95% score interval, written out here apart from the library's."""
    p = k / n
    denom = 1 + Z95 * Z95 / n
    centre = (p + Z95 * Z95 / (2 * n)) / denom
    half = Z95 / denom * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def counts(row: FidelityRow) -> dict[str, int]:
    return {f.value: n for f, n in row.counts.items() if n}


def test_counts_rate_and_distortions_by_publisher(records: list[ClaimRecord]) -> None:
    """Counted by hand from small_ledger's docstring."""
    card = fidelity_card(records)
    assert card.by is FidelityGroupBy.PUBLISHER
    assert [r.key for r in card.rows] == ["Daily", "Weekly", "Blog"]  # most renderings first

    daily = card.row("Daily")
    assert (daily.renderings, daily.rated, daily.unrated, daily.faithful) == (6, 5, 1, 4)
    assert counts(daily) == {"verbatim": 1, "faithful": 3, "distorted": 1}
    assert set(daily.counts) == set(Fidelity)  # every rating present, zeros included
    assert daily.faithful_rate == pytest.approx(0.8)
    assert daily.faithful_rate_ci == pytest.approx(wilson(4, 5))
    assert daily.faithful_rate_ci == pytest.approx((0.3755, 0.9638), abs=1e-4)
    assert [(d.claim_id, d.fidelity) for d in daily.distortions] == [("d", Fidelity.DISTORTED)]
    assert daily.claims == 6
    assert daily.speakers == ("Lex Fridman", "Sam Altman")
    assert daily.publishers == ("Daily",)

    weekly = card.row("Weekly")
    assert (weekly.renderings, weekly.rated, weekly.unrated, weekly.faithful) == (3, 3, 0, 1)
    assert weekly.faithful_rate == pytest.approx(1 / 3)
    assert weekly.faithful_rate_ci == pytest.approx(wilson(1, 3))
    assert [(d.claim_id, d.fidelity) for d in weekly.distortions] == [
        ("a", Fidelity.PARTLY_FAITHFUL),
        ("b", Fidelity.MISATTRIBUTED),
    ]

    blog = card.row("Blog")
    assert (blog.rated, blog.faithful, blog.faithful_rate) == (1, 0, 0.0)
    assert blog.faithful_rate_ci == pytest.approx((0.0, wilson(0, 1)[1]))
    assert blog.distortions[0].fidelity is Fidelity.NOT_IN_ORIGINAL

    total = card.total
    assert (total.renderings, total.rated, total.unrated, total.faithful, total.distorted) == (10, 9, 1, 5, 4)
    assert total.faithful_rate == pytest.approx(5 / 9)
    assert total.faithful_rate_ci == pytest.approx(wilson(5, 9))
    # ordered by the end of the said-on span, then claim id: d was said 2024-03-11..16
    assert [d.claim_id for d in card.distortions] == ["d", "a", "b", "c"]
    assert (card.claims, card.not_yet_said, card.without_renderings) == (7, 0, 1)


def test_interval_bounds_hold_the_rate(records: list[ClaimRecord]) -> None:
    for row in (*fidelity_card(records).rows, fidelity_card(records).total):
        assert row.faithful_rate is not None
        assert row.faithful_rate_ci is not None
        low, high = row.faithful_rate_ci
        assert 0.0 <= low <= row.faithful_rate <= high <= 1.0


def test_distortion_shows_original_and_rendering_side_by_side(records: list[ClaimRecord]) -> None:
    d = fidelity_card(records).row("Weekly").distortions[1]
    assert d.claim_id == "b"
    assert (d.original, d.original_language, d.original_source, d.original_locator) == (
        "the words as said",
        "en",
        "The Podcast",
        "00:01:02",
    )
    assert (d.rendering, d.rendering_language, d.publisher) == ("someone else's words", "ja", "Weekly")
    assert (d.claim_text, d.claim_language, d.speaker, d.said_on) == ("claim b", "en", "Lex Fridman", date(2024, 3, 18))


def test_fidelity_note_is_carried() -> None:
    record = build("n", [secondary("Daily", "distorted", "x", note="changed the deadline")])
    assert fidelity_card([record]).distortions[0].note == "changed the deadline"


def test_unrated_renderings_are_counted_apart() -> None:
    card = fidelity_card([build("u", [("Daily", None), ("Daily", None)])])
    row = card.row("Daily")
    assert (row.renderings, row.rated, row.unrated, row.faithful) == (2, 0, 2, 0)
    assert row.faithful_rate is None
    assert row.faithful_rate_ci is None
    assert row.distortions == ()


def test_as_of_uses_the_end_of_the_said_on_span(records: list[ClaimRecord]) -> None:
    card = fidelity_card(records, as_of=date(2024, 12, 31))
    assert card.as_of == date(2024, 12, 31)
    assert (card.claims, card.not_yet_said) == (6, 1)  # f was said in 2025
    daily = card.row("Daily")
    assert (daily.renderings, daily.rated, daily.faithful) == (5, 4, 3)
    assert daily.faithful_rate_ci == pytest.approx(wilson(3, 4))

    only_d = fidelity_card(records, as_of=date(2024, 3, 17))  # d's span ended 2024-03-16
    assert (only_d.claims, only_d.not_yet_said) == (1, 6)
    assert counts(only_d.row("Daily")) == {"distorted": 1}
    assert counts(only_d.row("Weekly")) == {"faithful": 1}

    none = fidelity_card(records, as_of=date(2024, 3, 15))  # d's span had not ended
    assert (none.claims, none.rows, none.total.renderings) == (0, (), 0)
    assert none.total.faithful_rate is None


def test_by_speaker_reports_how_each_speaker_is_rendered(records: list[ClaimRecord]) -> None:
    card = fidelity_card(records, by="speaker")
    assert card.by is FidelityGroupBy.SPEAKER
    assert [r.key for r in card.rows] == ["Sam Altman", "Lex Fridman"]
    altman = card.row("Sam Altman")
    assert (altman.renderings, altman.rated, altman.faithful) == (7, 7, 4)
    assert altman.faithful_rate_ci == pytest.approx(wilson(4, 7))
    assert [d.claim_id for d in altman.distortions] == ["d", "a", "c"]
    assert altman.publishers == ("Blog", "Daily", "Weekly")
    lex = card.row("Lex Fridman")
    assert (lex.renderings, lex.rated, lex.unrated, lex.faithful, lex.faithful_rate) == (3, 2, 1, 1, 0.5)
    assert card.total == fidelity_card(records, by="publisher").total


def test_by_source_tells_two_articles_of_one_outlet_apart() -> None:
    one = secondary("Daily", "faithful", title="Morning", url="https://daily.example/morning")
    two = secondary("Daily", "distorted", title="Evening", url="https://daily.example/evening")
    bare = secondary("", "faithful", title=None, url="https://blog.example/post")
    records = [build("x", [one, two]), build("y", [dict(one), bare])]
    by_source = fidelity_card(records, by=FidelityGroupBy.SOURCE)
    assert [r.key for r in by_source.rows] == [
        "Daily — Morning <https://daily.example/morning>",
        "blog.example <https://blog.example/post>",
        "Daily — Evening <https://daily.example/evening>",
    ]
    assert by_source.rows[0].renderings == 2
    by_publisher = fidelity_card(records)
    assert [(r.key, r.renderings) for r in by_publisher.rows] == [("Daily", 3), ("blog.example", 1)]
    assert by_publisher.distortions[0].source_url == "https://daily.example/evening"


def test_by_accepts_the_strings_and_refuses_others(records: list[ClaimRecord]) -> None:
    for name in ("publisher", "source", "speaker"):
        assert fidelity_card(records, by=name).by == name
    with pytest.raises(ValueError, match="topic"):
        fidelity_card(records, by="topic")


def test_primary_sources_are_not_renderings() -> None:
    """The speaker's own outlet is where the claim was made: its rating is not counted."""
    record = ClaimRecord.model_validate(
        {
            "claim": {
                "id": "own",
                "text": "the author's own statement",
                "language": "ja",
                "speaker": {"name": "psymen"},
                "said_on": "2024-03-18",
                "kind": "assertion",
                "sources": [{"role": "primary", "publisher": "note.com", "fidelity": "distorted"}],
            }
        }
    )
    card = fidelity_card([record])
    assert card.rows == ()
    assert card.without_renderings == 1


def test_verdicts_play_no_part() -> None:
    """A speaker is never scored here: the same renderings give the same card whatever came true."""
    renderings: list[Rendering] = [("Daily", "faithful"), ("Daily", "distorted", "x")]
    plain = fidelity_card([build("v", renderings)])
    judged = fidelity_card([build("v", renderings, verdict="false")])
    assert plain == judged


def test_no_primary_quote_lists_the_rendering_with_no_original() -> None:
    """Bad input never crashes: a missing original is None (the renderers say "not recorded")."""
    records = [
        build("no-quote", [("Daily", "not_in_original", "added")], original=None),
        build("no-primary", [("Daily", "distorted", "twisted")], primary=False),
        build("no-rendering", [("Daily", "misattributed", None)]),
    ]
    card = fidelity_card(records)
    by_id = {d.claim_id: d for d in card.distortions}
    assert by_id["no-quote"].original is None
    assert by_id["no-quote"].original_language is None
    assert by_id["no-quote"].original_source == "The Podcast"
    assert by_id["no-primary"].original is None
    assert by_id["no-primary"].original_source is None
    assert by_id["no-rendering"].rendering is None
    assert by_id["no-rendering"].original == "the words as said"
    assert card.total.distorted == 3


def test_reads_a_ledger_claims_and_records_alike(records: list[ClaimRecord]) -> None:
    ledger = ct.Ledger.in_memory(clock=lambda: datetime(2026, 11, 27, tzinfo=UTC))
    ledger.add_many(records)
    from_ledger = fidelity_card(ledger)
    assert from_ledger == fidelity_card(records) == fidelity_card([r.claim for r in records])
    assert ct.fidelity_card is fidelity_card


def test_empty_input() -> None:
    card = fidelity_card([])
    assert (card.rows, card.claims, card.total.rated, card.total.faithful_rate) == ((), 0, 0, None)
    assert card.distortions == ()


def test_results_are_frozen(records: list[ClaimRecord]) -> None:
    card = fidelity_card(records)
    assert isinstance(card, FidelityCard)
    assert isinstance(card, ct.FidelityCard)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.claims = 0  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.total.rated = 0  # type: ignore[misc]


def test_row_names_the_keys_it_has(records: list[ClaimRecord]) -> None:
    with pytest.raises(KeyError, match="Daily"):
        fidelity_card(records).row("Nope")
