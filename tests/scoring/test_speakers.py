"""Speaker names: matching keys, generic claimants, grouping, suggestions, on real names.

The names are speakers as the AVeriTeC dev split writes them (names only, no claim text) and
the bundled ledger's; the whole dev split is used when it is available.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack as ct
from claimtrack.cli import main
from claimtrack.ledger import SpeakerAlias, SpeakerCensus, Speakers, is_generic, speaker_key
from claimtrack.ledger.names import clean_name, parse_name, same_as_key
from tests.conftest import BUNDLED, SHARED

DEV = SHARED / "data" / "averitec" / "dev.json"

# speakers of the AVeriTeC dev split, with their claim counts there
AVERITEC = {
    "Muhammadu Buhari": 18,
    "President of Nigeria Muhammadu Buhari": 6,
    "President Muhammadu Buhari ": 5,
    "President Buhari": 4,
    "Donald Trump": 23,
    "Donald Trump ": 1,
    "US President Donald Trump": 1,
    "Donald Trump Jnr": 1,
    "Mike Pence": 8,
    "Mike Pence ": 2,
    "Vice president Pence": 1,
    "Kamala Haris": 3,
    "Kamala Harris ": 1,
    "Freya Ferdinand II": 3,
    "Freya  Ferdnand II": 1,
    "Pooja Chaudhuri": 1,
    " POOJA CHAUDHURI": 1,
    "James Snapp": 1,
    "James Snapp.": 1,
    "Charlie Kirk": 1,
    "Charlie Kirk of the conservative student organization Turning Point USA": 1,
    "Boris Johnson": 1,
    "The UK Prime Minister, Boris Johnson": 1,
    "Paresh Rawal \u200f": 1,
    "Zimbabwe Social Media News": 1,
    "Various": 1,
    "unknown": 118,
}


def census(names: dict[str, int]) -> SpeakerCensus:
    made = SpeakerCensus()
    for name, n in names.items():
        made.add(name, claims=n)
    return made


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("President Muhammadu Buhari ", "muhammadu buhari"),
        ("President of Nigeria Muhammadu Buhari", "muhammadu buhari"),
        ("US President Donald Trump", "donald trump"),
        ("Donald Trump Jnr", "donald trump jr"),
        ("Donald Trump Jr.", "donald trump jr"),
        ("Vice president of brazil Gen. Hamilton Mourao", "hamilton mourao"),
        ("BJP MP Shobha Karandlaje", "shobha karandlaje"),
        ("US Rep. Chris Jacobs", "chris jacobs"),
        (" Sen. Van Wanggaard", "van wanggaard"),
        ("Dr.Sean Dooley", "sean dooley"),
        ("Colleen Huber NMD", "colleen huber"),
        ("Edo State governor, Godwin Obaseki", "godwin obaseki"),
        ("The UK Prime Minister, Boris Johnson", "boris johnson"),
        ("Becket Adams, a commentary writer for the Washington Examiner.", "becket adams"),
        ("Meena Harris @meenaharris", "meena harris"),
        ("Sambit Patra (@sambitswaraj)", "sambit patra"),
        ("Twitter user @RealThackeray", "@realthackeray"),
        ("Paresh Rawal \u200f", "paresh rawal"),
        (" POOJA CHAUDHURI", "pooja chaudhuri"),
        ("Étienne Lolkek", "etienne lolkek"),
        ("Presidente Luiz Inácio Lula da Silva", "luiz inacio lula da silva"),
        ("Président Emmanuel Macron", "emmanuel macron"),
        ("Bundeskanzlerin Angela Merkel", "angela merkel"),
        ("Präsident Frank-Walter Steinmeier", "frank walter steinmeier"),
        ("Sr. Andrés Manuel López Obrador", "andres manuel lopez obrador"),
        ("Lech Wałęsa", "lech walesa"),
        ("श्री नरेंद्र मोदी", "नरेंद्र मोदी"),
        ("Президент Владимир Путин", "владимир путин"),
        ("安倍首相", "安倍"),
    ],
)
def test_titles_whitespace_case_and_accents_leave_the_name(spelling: str, key: str) -> None:
    assert speaker_key(spelling) == key


@pytest.mark.parametrize(
    "name",
    ["John Major", "General Motors", "Don Larkin", "Justice League", "Stephen King", "Lady Gaga", "Premier League"],
)
def test_words_that_are_also_names_stay(name: str) -> None:
    assert speaker_key(name) == name.casefold()
    assert not parse_name(name).titled


def test_the_display_name_is_only_tidied() -> None:
    assert clean_name("  President   Muhammadu\u200b Buhari ") == "President Muhammadu Buhari"
    assert parse_name("Kamala Harris ").clean == "Kamala Harris"
    # other scripts keep their marks: they are letters there
    assert speaker_key("සතුට යනු කතොලිකයකු වීමයි") == "සතුට යනු කතොලිකයකු වීමයි"
    assert speaker_key("Йорданова") == "йорданова"


@pytest.mark.parametrize(
    "name",
    [
        "unknown",
        "Various",
        "social media users",
        "Social media posts",
        "Facebook posts",
        "viral image",
        "Viral WhatsApp message",
        "multiple sources",
        "Varias fuentes",
        "Publicaciones en redes sociales",
        "Usuários nas redes sociais",
        "internautes",
        "Soziale Medien",
        "utenti dei social",
        "warganet",
        "Пользователи соцсетей",
        "مستخدمو مواقع التواصل الاجتماعي",
        "सोशल मीडिया यूजर्स",
        "网友",
    ],
)
def test_generic_claimants_are_not_persons(name: str) -> None:
    assert is_generic(name)


@pytest.mark.parametrize(
    "name",
    [
        "Sam Altman",
        "Facebook",
        "Zimbabwe Social Media News",
        "Bikers for Trump",
        "Twitter user @RealThackeray",
        "psymen",
    ],
)
def test_people_and_named_organisations_are_not_generic(name: str) -> None:
    assert not is_generic(name)


def test_same_as_links_name_one_entity_in_any_spelling() -> None:
    assert same_as_key("https://www.wikidata.org/wiki/Q10853588") == "wikidata:Q10853588"
    assert same_as_key("http://wikidata.org/entity/Q10853588") == "wikidata:Q10853588"
    assert same_as_key("https://en.m.wikipedia.org/wiki/Kamala_Harris") == "wikipedia:en:Kamala Harris"
    assert same_as_key("https://en.wikipedia.org/wiki/Kamala%20Harris#Career") == "wikipedia:en:Kamala Harris"
    assert same_as_key("https://WWW.Example.org/people/kh/") == "url:example.org/people/kh"


def test_averitec_speakers_group_by_person() -> None:
    speakers = Speakers(census(AVERITEC))
    buhari = speakers.group("President Buhari")
    assert buhari is not None
    assert buhari.name == "Muhammadu Buhari"
    assert buhari.claims == 33
    assert [s.name for s in buhari.spellings] == [
        "Muhammadu Buhari",
        "President of Nigeria Muhammadu Buhari",
        "President Muhammadu Buhari",
        "President Buhari",
    ]
    assert buhari.merged_by == ("spelling", "surname")
    assert speakers.row("Vice president Pence") == "Mike Pence"
    assert speakers.row("US President Donald Trump") == "Donald Trump"
    assert speakers.row("Donald Trump Jnr") == "Donald Trump Jnr"  # a son is another person
    assert speakers.row(" POOJA CHAUDHURI") == "Pooja Chaudhuri"
    assert speakers.row("The UK Prime Minister, Boris Johnson") == "Boris Johnson"
    # a typo and a longer form are two speakers until someone says otherwise
    assert speakers.row("Kamala Haris") != speakers.row("Kamala Harris ")
    assert speakers.row("Freya  Ferdnand II") != speakers.row("Freya Ferdinand II")
    assert speakers.not_persons() == ("Various", "unknown")
    assert set(speakers.spellings_of("buhari")) == {name for name in AVERITEC if "Buhari" in name}


def test_near_duplicates_are_suggested_not_merged() -> None:
    speakers = Speakers(census(AVERITEC))
    pairs = {(s.name, s.to): s for s in speakers.suggestions()}
    assert pairs["Kamala Harris", "Kamala Haris"].reason == "similar spelling"
    assert pairs["Kamala Harris", "Kamala Haris"].claims == (1, 3)
    assert pairs["Freya Ferdnand II", "Freya Ferdinand II"].score >= 95
    long_kirk = "Charlie Kirk of the conservative student organization Turning Point USA"
    assert pairs["Charlie Kirk", long_kirk].reason == "one name begins with the other"
    assert not any("Trump" in a and "Trump" in b for a, b in pairs)  # Jr is not a typo
    assert not any(s.name in ("unknown", "Various") for s in pairs.values())  # generic: never suggested
    accepted = Speakers(census(AVERITEC), [SpeakerAlias(name="Kamala Haris", to="Kamala Harris")])
    harris = accepted.group("Kamala Haris")
    assert harris is not None
    assert (harris.name, harris.claims, harris.merged_by) == ("Kamala Harris", 4, ("alias",))
    assert ("Kamala Harris", "Kamala Haris") not in {(s.name, s.to) for s in accepted.suggestions()}


def test_aliases_chains_loops_and_person_marks() -> None:
    names = {"A Person": 2, "A Persson": 1, "Person, A.": 1, "Anonymous": 3, "unknown": 5, "President Persson": 1}
    speakers = Speakers(
        census(names),
        [
            SpeakerAlias(name="Person, A.", to="A Persson"),
            SpeakerAlias(name="A Persson", to="A Person"),  # a chain: Person, A. -> A Persson -> A Person
            SpeakerAlias(name="X Y", to="Z W"),
            SpeakerAlias(name="Z W", to="X Y"),  # a loop stops where it closes
            SpeakerAlias(name="Anonymous", person=True),
            SpeakerAlias(name="President Persson", to="President Persson"),  # kept apart
        ],
    )
    group = speakers.group("Person, A.")
    assert group is not None
    assert (group.name, group.claims) == ("A Person", 4)
    assert speakers.is_person("Anonymous")
    assert not speakers.is_person("unknown")
    assert speakers.row("President Persson") == "President Persson"
    looped = Speakers(
        census({"X Y": 2, "Z W": 1}), [SpeakerAlias(name="X Y", to="Z W"), SpeakerAlias(name="Z W", to="X Y")]
    )
    assert looped.row("X Y") == looped.row("Z W") == "X Y"  # one person: named by the spelling with more claims
    assert [(g.name, g.claims) for g in looped.groups] == [("X Y", 3)]
    marked = Speakers(census(names), [SpeakerAlias(name="A Person", person=False)])
    assert not marked.is_person("A Person")


def test_a_title_and_surname_merge_only_when_one_person_has_that_surname() -> None:
    one = Speakers(census({"Joe Biden": 3, "President Biden": 1}))
    assert one.row("President Biden") == "Joe Biden"
    two = Speakers(census({"Joe Biden": 3, "Jill Biden": 1, "President Biden": 1}))
    assert two.row("President Biden") == "President Biden"
    untitled = Speakers(census({"Joe Biden": 3, "Biden": 1}))  # no title: a handle, a word, not a reference
    assert untitled.row("Biden") == "Biden"


def test_shared_same_as_links_merge_speakers() -> None:
    made = SpeakerCensus()
    made.add("Kamala D. Harris", ["https://www.wikidata.org/wiki/Q10853588"], claims=2)
    made.add("Senator Harris", ["http://www.wikidata.org/entity/Q10853588"])
    made.add("Kamala Haris")
    speakers = Speakers(made)
    group = speakers.group("Senator Harris")
    assert group is not None
    assert (group.name, group.claims, group.merged_by) == ("Kamala D. Harris", 3, ("same_as",))
    assert speakers.row("Kamala Haris") == "Kamala Haris"


# -- the AVeriTeC dev split and the bundled ledger ---------------------------------------------------


@pytest.mark.skipif(not DEV.exists(), reason="the AVeriTeC dev split is not available here")
def test_the_averitec_scorecard_has_one_row_for_buhari(tmp_path: Path) -> None:
    runner = CliRunner()
    ledger = str(tmp_path / "averitec.sqlite")
    assert runner.invoke(main, ["init", "--ledger", ledger]).exit_code == 0
    done = runner.invoke(main, ["import", "averitec", str(DEV), "--ledger", ledger])
    assert done.exit_code == 0, done.output
    out = runner.invoke(main, ["scorecard", "--ledger", ledger, "--by", "speaker", "--format", "json"])
    assert out.exit_code == 0, out.output
    card = json.loads(out.output)
    keys = [row["key"] for row in card["rows"]]
    assert [k for k in keys if "Buhari" in k] == ["Muhammadu Buhari"]
    assert "unknown" not in keys
    assert "Various" not in keys
    with ct.open_ledger(ledger) as opened:
        unknown = sum(1 for claim in opened if claim.speaker.name == "unknown")
        spelled = Counter(claim.speaker.name for claim in opened if "Buhari" in claim.speaker.name)
    assert len(spelled) == 4
    buhari = next(row for row in card["rows"] if row["key"] == "Muhammadu Buhari")
    assert buhari["total"] == sum(spelled.values())
    assert unknown >= 100
    assert card["excluded"]["not_a_person"] == unknown + 1  # and "Various"
    assert card["not_a_person"][0] == {"speaker": "unknown", "claims": unknown}
    md = runner.invoke(main, ["scorecard", "--ledger", ledger, "--format", "md"]).output
    assert f"{unknown + 1} by claimants that are not a person: unknown ({unknown}), Various (1)" in md
    kept = runner.invoke(main, ["scorecard", "--ledger", ledger, "--include-generic", "--format", "json"])
    assert "unknown" in [row["key"] for row in json.loads(kept.output)["rows"]]
    suggest = runner.invoke(main, ["speakers", "suggest", "--ledger", ledger])
    assert "Kamala Harris (1) ~ Kamala Haris (3): similar spelling" in suggest.output
    assert (
        runner.invoke(main, ["speakers", "alias", "--ledger", ledger, "Kamala Haris", "Kamala Harris"]).exit_code == 0
    )
    again = json.loads(runner.invoke(main, ["scorecard", "--ledger", ledger, "--format", "json"]).output)
    harris = [row for row in again["rows"] if "Haris" in row["key"] or "Harris" in row["key"]]
    assert [(row["key"], row["total"]) for row in harris if row["key"].startswith("Kamala")] == [("Kamala Harris", 4)]


def test_the_bundled_ledger_by_person(tmp_path: Path) -> None:
    copy = tmp_path / "ledger"
    shutil.copytree(BUNDLED, copy)
    with ct.open_ledger(copy) as ledger:
        speakers = ledger.speakers()
        assert [(g.name, g.claims, g.person) for g in speakers.groups] == [
            ("Sam Altman", 53, True),
            ("psymen", 11, True),
        ]
        assert speakers.suggestions() == ()
        before = ct.scorecard(ledger, as_of=date(2026, 11, 27))
        assert [row.key for row in before.rows] == ["Sam Altman", "psymen"]
        assert before.excluded.not_a_person == 0
        ledger.alias_speaker("psymen", person=False)  # a reader's summary, say: not a speaker to score
    runner = CliRunner()
    listed = runner.invoke(main, ["speakers", "aliases", "--ledger", str(copy)])
    assert listed.output == "psymen  [not a person]\n"
    with ct.open_ledger(copy) as ledger:
        after = ct.scorecard(ledger, as_of=date(2026, 11, 27))
        assert [row.key for row in after.rows] == ["Sam Altman"]
        assert after.row("Sam Altman") == before.row("Sam Altman")
        assert after.excluded.not_a_person == 11
        assert after.not_a_person == (("psymen", 11),)
        assert ledger.unalias_speaker("psymen")
    assert runner.invoke(main, ["speakers", "unalias", "--ledger", str(copy), "psymen"]).exit_code == 1
    shown = runner.invoke(main, ["speakers", "list", "--example", "altman-lex-fridman-2024", "--json"])
    assert [g["name"] for g in json.loads(shown.output)] == ["Sam Altman", "psymen"]
    with ct.examples.open("altman-lex-fridman-2024") as example, pytest.raises(ct.StoreError, match="read-only"):
        example.alias_speaker("psymen", person=False)  # the installed example is never written
    assert not (BUNDLED / "speakers.json").exists()
