"""The rating table: shipped vocabularies, numeric positions, fallback and user extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack import InvalidRecordError, Verdict
from claimtrack.interop.ratings import RatingTable, rating_key


@pytest.fixture
def table() -> RatingTable:
    return RatingTable.default()


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("TRUE", Verdict.TRUE),
        ("Mostly True", Verdict.MOSTLY_TRUE),
        ("Half True", Verdict.MIXED),
        ("half-true", Verdict.MIXED),
        ("Barely True", Verdict.MOSTLY_FALSE),
        ("Pants on Fire!", Verdict.FALSE),
        ("pants-fire", Verdict.FALSE),
        ("Promise Kept", Verdict.TRUE),
        ("In the Works", Verdict.OPEN),
        ("Supported", Verdict.TRUE),
        ("Refuted", Verdict.FALSE),
        ("Conflicting Evidence/Cherrypicking", Verdict.MIXED),
        ("Not Enough Evidence", Verdict.UNVERIFIABLE),
        ("Mixture", Verdict.MIXED),
        ("Labeled Satire", Verdict.NOT_CHECKABLE),
        ("Missing context", Verdict.MIXED),
        ("Four Pinocchios", Verdict.FALSE),
        ("正確", Verdict.TRUE),
        ("ほぼ正確", Verdict.MOSTLY_TRUE),
        ("ミスリード", Verdict.MOSTLY_FALSE),
        ("不正確", Verdict.MIXED),
        ("誤り", Verdict.FALSE),
        ("根拠不明", Verdict.UNVERIFIABLE),
        ("「誤り」", Verdict.FALSE),
        ("ＭＩＸＴＵＲＥ", Verdict.MIXED),
    ],
)
def test_textual_ratings_map_through_the_table(table: RatingTable, text: str, verdict: Verdict) -> None:
    match = table.normalise(text=text)
    assert match.verdict is verdict
    assert match.text == text
    assert match.method == "table"
    assert match.warnings == ()


def test_every_verdict_reads_back_as_itself(table: RatingTable) -> None:
    for verdict in Verdict:
        assert table.normalise(text=verdict.value).verdict is verdict


def test_a_sentence_is_matched_by_its_first_clause(table: RatingTable) -> None:
    match = table.normalise(text="Incorrect. The figure was 3%, not 30%.")
    assert (match.verdict, match.method) == (Verdict.FALSE, "first_clause")
    # a clause cut by a comma is not a verdict: "Correct, but ..." must not become true
    assert table.normalise(text="Correct, but that is not the whole story").method == "fallback"


@pytest.mark.parametrize(
    ("value", "best", "worst"),
    [(1, 5, 1), (4, 5, 1), (5, 5, 1), ("0.5", "1", "0"), (1, 1, 5), (9, 10, 0), (4, 6, 1), (4, None, None)],
)
def test_a_number_on_no_known_scale_is_never_read_by_position(value: object, best: object, worst: object) -> None:
    # Lupa's "Falso" was 4 of 6 and Aos Fatos' "not quite so" 5 of 6: a position says nothing about the verdict
    match = RatingTable.default().normalise(value=value, best=best, worst=worst, publisher="Example Checks")
    assert (match.verdict, match.method) == (Verdict.UNVERIFIABLE, "fallback")
    assert [code for code, _ in match.warnings] == ["unused_rating_value"]
    assert "not used" in match.warnings[0][1]


def test_a_publishers_documented_scale_maps_its_numbers(table: RatingTable) -> None:
    scale = {
        "name": "example-6",
        "publishers": ["Example Checks", "checks.example.org"],
        "worst": 1,
        "best": 6,
        "values": {"1": "true", "4": "false", "6": "mostly_false"},
    }  # deliberately not in order
    extended = table.extended({"scales": [scale]})
    by_name = extended.normalise(value=4, best=6, worst=1, publisher="EXAMPLE CHECKS")
    assert (by_name.verdict, by_name.method, by_name.scheme) == (Verdict.FALSE, "numeric", "example-6")
    by_host = extended.normalise(value="6", site="www.checks.example.org")
    assert by_host.verdict is Verdict.MOSTLY_FALSE
    off_scale = extended.normalise(value=2, publisher="Example Checks")
    assert off_scale.verdict is Verdict.UNVERIFIABLE
    assert [code for code, _ in off_scale.warnings] == ["unused_rating_value"]
    other = extended.normalise(value=4, publisher="Someone Else")
    assert other.method == "fallback"
    # text still decides first, even on a known scale
    assert extended.normalise(text="Verdadeiro", value=4, publisher="Example Checks").verdict is Verdict.TRUE
    with pytest.raises(InvalidRecordError, match="publishers"):
        table.extended({"scales": [{"values": {"1": "true"}}]})


def test_text_wins_over_a_number_but_range_problems_are_still_reported(table: RatingTable) -> None:
    match = table.normalise(text="False", value=7, best=5, worst=1)
    assert match.verdict is Verdict.FALSE
    assert [code for code, _ in match.warnings] == ["rating_out_of_range"]


def test_out_of_range_numbers_are_reported_and_not_used(table: RatingTable) -> None:
    match = table.normalise(value=-1, best=5, worst=1)
    assert match.verdict is Verdict.UNVERIFIABLE
    assert match.position == 0.0
    assert [code for code, _ in match.warnings] == ["rating_out_of_range", "unused_rating_value"]


def test_degenerate_scale_and_junk_numbers_fall_back(table: RatingTable) -> None:
    assert table.normalise(value=3, best=3, worst=3).verdict is Verdict.UNVERIFIABLE
    junk = table.normalise(value="n/a", text="Verified")
    assert junk.verdict is Verdict.TRUE
    assert [code for code, _ in junk.warnings] == ["bad_rating"]


def test_unknown_text_keeps_its_wording_and_is_unverifiable(table: RatingTable) -> None:
    match = table.normalise(text="Spicy take")
    assert (match.verdict, match.text, match.method) == (Verdict.UNVERIFIABLE, "Spicy take", "fallback")
    assert [code for code, _ in match.warnings] == ["unknown_rating"]


def test_users_extend_the_table_from_a_flat_file(table: RatingTable, tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"Spicy take": "mostly_false", "Pants on Fire": "mixed"}), encoding="utf-8")
    extended = table.extended(extra)
    assert extended.normalise(text="spicy TAKE").verdict is Verdict.MOSTLY_FALSE
    assert extended.normalise(text="Pants on Fire").verdict is Verdict.MIXED  # the user's entry wins
    assert table.normalise(text="Pants on Fire").verdict is Verdict.FALSE  # the default is untouched
    assert extended.version.startswith(table.version + "+")


def test_users_extend_the_table_with_the_full_format(table: RatingTable) -> None:
    extended = table.extended({"version": "7", "schemes": [{"name": "mine", "ratings": {"Nope": "false"}}]})
    match = extended.normalise(text="nope")
    assert (match.verdict, match.scheme) == (Verdict.FALSE, "mine")


def test_bad_extension_files_name_the_field(table: RatingTable, tmp_path: Path) -> None:
    with pytest.raises(InvalidRecordError, match="not a verdict"):
        table.extended({"Nope": "very false"})
    clash = {"schemes": [{"name": "a", "ratings": {"x": "true"}}, {"name": "b", "ratings": {"X!": "false"}}]}
    with pytest.raises(InvalidRecordError, match="maps to false here but to true"):
        table.extended(clash)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidRecordError, match=r"broken\.json"):
        table.extended(broken)


def test_the_shipped_file_is_versioned_and_self_consistent() -> None:
    data = json.loads((Path(__file__).parents[2] / "claimtrack/interop/ratings.json").read_text(encoding="utf-8"))
    assert data["version"]
    assert data["fallback"] == "unverifiable"
    keys: dict[str, str] = {}
    for scheme in data["schemes"]:
        assert scheme["source"], scheme["name"]
        for text, verdict in scheme["ratings"].items():
            Verdict(verdict)
            assert keys.setdefault(rating_key(text), verdict) == verdict, text
