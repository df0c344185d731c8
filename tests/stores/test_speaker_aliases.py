"""The speaker alias table on every store, schema 6 (speaker_same_as), and cards by person on every path.

The alias table persists with the ledger (memory: the store object; folder: speakers.json; SQLite
and PostgreSQL: ct_meta rows), a change is atomic, and a card by speaker built from SQL sums equals
the one replayed in Python whatever the spellings, aliases, links and generic claimants.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.errors import StoreCorruptedError
from claimtrack.ledger import ClaimFilter, SpeakerAlias, speaker_key
from claimtrack.ledger.queries import ScoreStore
from claimtrack.scoring import scorecard
from claimtrack.stores import FolderStore
from claimtrack.stores import postgres as pg_module
from claimtrack.stores import sqlite as sqlite_module
from claimtrack.stores._schema import SCHEMA_VERSION
from tests.conftest import same

Target = Any

WIKIDATA_HARRIS = "https://www.wikidata.org/wiki/Q10853588"


def record(
    claim_id: str, speaker: str, verdict: str | None = None, *, same_as: tuple[str, ...] = (), **claim: Any
) -> Any:
    """A claim by ``speaker`` (names and links as AVeriTeC and ClaimReview write them), with one verdict."""
    data: dict[str, Any] = {
        "id": claim_id,
        "text": f"claim {claim_id}",
        "language": "en",
        "speaker": {"name": speaker, "same_as": list(same_as)},
        "said_on": claim.pop("said_on", "2020-06-01"),
        "kind": claim.pop("kind", "assertion"),
        **claim,
    }
    events = []
    if verdict is not None:
        on = date.fromisoformat(data["said_on"]) + timedelta(days=30)
        events.append(
            {
                "claim_id": claim_id,
                "verdict": verdict,
                "effective_on": on.isoformat(),
                "recorded_at": datetime(on.year, on.month, on.day, tzinfo=UTC).isoformat(),
                "note": "checked" if verdict in ("unverifiable", "not_said") else "",
            }
        )
    return ct.ClaimRecord.model_validate({"claim": data, "events": events})


@pytest.fixture
def spelled() -> list[Any]:
    """One person under several spellings, a typo, a shared Wikidata link, generic claimants (in id order,
    as every store hands records out)."""
    return sorted(
        [
            record("b1", "Muhammadu Buhari", "true"),
            record("b2", "President Muhammadu Buhari ", "false", said_on="2020-08-01"),
            record("b3", "President of Nigeria Muhammadu Buhari", "mostly_true"),
            record("b4", "President Buhari", "unverifiable"),
            record("b5", "muhammadu  BUHARI", None, said_on="2021-02-01"),
            record("k1", "Kamala Harris ", "false", same_as=(WIKIDATA_HARRIS,)),
            record("k2", "Kamala Haris", "true"),
            record("k3", "Kamala Haris", "mixed", said_on="2020-09-01"),
            record("k4", "K. Harris", "true", same_as=("http://www.wikidata.org/entity/Q10853588",)),
            record("p1", "Mike Pence", "false"),
            record("p2", "Vice president Pence", "not_said"),
            record("u1", "unknown", "false"),
            record("u2", "unknown", "true", said_on="2021-03-01"),
            record("u3", "Varias fuentes", "mostly_false"),
            record("u4", "social media users", "not_said"),
            record("t1", "Donald Trump", "false"),
            record("t2", "Donald Trump Jnr", "true"),
            record("t3", "President Trump", "false"),
        ],
        key=lambda r: r.claim.id,
    )


CASES: list[dict[str, Any]] = [
    {"by": "speaker"},
    {"by": "speaker", "include_generic": True},
    {"by": "speaker", "as_of": date(2020, 7, 15)},
    {"by": "speaker", "where": ClaimFilter(verdict="false")},
    {"by": "speaker", "where": ClaimFilter(speaker="Buhari")},
    {"by": "speaker", "where": ClaimFilter(speaker="kamala harris")},
    {"by": "speaker", "where": ClaimFilter(speaker="UNKNOWN")},
    {"by": "kind", "where": ClaimFilter(speaker="President Muhammadu Buhari")},
    {"by": "year"},
    {"by": "speaker", "max_unscored": 0, "as_of": date(2021, 12, 31)},
    {"by": "speaker", "known_at": datetime(2020, 7, 2, tzinfo=UTC)},
    {"by": "speaker", "as_of": date(2020, 7, 15), "where": ClaimFilter(verdict="false", exclude_early=True)},
    {"by": "topic", "where": ClaimFilter(speaker="Kamala Haris", said_between=(date(2020, 6, 1), None))},
]


def test_aliases_persist_across_reopening_on_every_store(target: Target) -> None:
    ledger = target.open()
    assert ledger.speaker_aliases() == ()
    ledger.alias_speaker("Kamala Haris", "Kamala Harris")
    ledger.alias_speaker("Varias fuentes", person=False)
    ledger.alias_speaker("Anonymous", "Anonymous", person=True)  # a person's handle that looks generic
    ledger.alias_speaker("kamala  HARIS", "Kamala D. Harris")  # the same key: replaces the entry
    again = target.open()
    assert again.speaker_aliases() == (
        SpeakerAlias(name="Anonymous", to="Anonymous", person=True),
        SpeakerAlias(name="kamala  HARIS", to="Kamala D. Harris"),
        SpeakerAlias(name="Varias fuentes", person=False),
    )
    assert again.unalias_speaker("KAMALA HARIS")
    assert not again.unalias_speaker("Nobody")
    assert [a.name for a in target.open().speaker_aliases()] == ["Anonymous", "Varias fuentes"]


def test_one_change_writes_every_entry_or_none(target: Target) -> None:
    ledger = target.open()
    ledger.alias_speaker("A B", "C D")
    store = ledger.store
    store.write_speaker_aliases(put=[SpeakerAlias(name="E F", to="G H")], remove=["a  b"])
    assert [a.name for a in target.open().speaker_aliases()] == ["E F"]

    def broken() -> Any:
        yield SpeakerAlias(name="I J", to="K L")
        raise RuntimeError("the caller failed half-way")

    with pytest.raises(RuntimeError):
        store.write_speaker_aliases(put=broken(), remove=["E F"])
    assert [a.name for a in target.open().speaker_aliases()] == ["E F"]


def test_concurrent_writers_keep_every_alias(persistent: Target) -> None:
    persistent.open()  # created before the writers start
    errors: list[BaseException] = []

    def add(prefix: str) -> None:
        try:
            with ct.Ledger.open(persistent.url) as ledger:  # a connection (or folder handle) of its own
                for i in range(15):
                    ledger.alias_speaker(f"{prefix} {i}", f"{prefix} person")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(prefix,)) for prefix in ("alpha", "beta")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(persistent.open().speaker_aliases()) == 30


def test_a_damaged_alias_file_is_reported(tmp_path: Path) -> None:
    ledger = ct.Ledger.open(tmp_path / "ledger")
    ledger.alias_speaker("Kamala Haris", "Kamala Harris")
    path = tmp_path / "ledger" / "speakers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "format": "claimtrack-speakers",
        "version": 1,
        "aliases": [{"name": "Kamala Haris", "to": "Kamala Harris"}],
    }
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreCorruptedError, match=r"speakers\.json"):
        FolderStore(tmp_path / "ledger").speaker_aliases()
    assert [r.claim.id for r in ct.Ledger.open(tmp_path / "ledger").records()] == []  # claims still read


@pytest.mark.parametrize("aliased", [False, True])
def test_cards_by_person_are_the_same_on_every_store(target: Target, spelled: list[Any], aliased: bool) -> None:
    ledger = target.open()
    ledger.add_many(spelled)
    aliases: tuple[SpeakerAlias, ...] = ()
    if aliased:
        ledger.alias_speaker("Kamala Haris", "Kamala Harris")
        ledger.alias_speaker("Varias fuentes", person=True)  # a user's call: count it as someone
        ledger.alias_speaker("President Trump", "President Trump")  # kept apart
        aliases = target.open().speaker_aliases()  # read back from the store
    if target.kind in ("sqlite", "postgres"):
        assert isinstance(ledger.store, ScoreStore)
    for case in CASES:
        expected = scorecard(spelled, aliases=aliases, **case)
        try:
            same(scorecard(ledger, **case), expected)
        except AssertionError as exc:
            raise AssertionError(f"{target.kind} {case}: {exc}") from None


def test_what_a_card_by_person_shows(spelled: list[Any]) -> None:
    card = scorecard(spelled, by="speaker")
    rows = {row.key: row.total for row in card.rows}
    # four spellings of Buhari (titles, case, whitespace, the titled surname) are one row; the shared
    # Wikidata item joins "K. Harris" to "Kamala Harris "; the typo "Kamala Haris" is only suggested
    # "Vice president Pence" did not say it (not_said): listed apart; "President Trump" stays apart from
    # "Donald Trump" and "Donald Trump Jnr" (two Trumps: the surname is ambiguous); no generic claimant
    assert rows == {
        "Muhammadu Buhari": 5,
        "Kamala Haris": 2,
        "Kamala Harris": 2,
        "Donald Trump": 1,
        "Donald Trump Jnr": 1,
        "Mike Pence": 1,
        "President Trump": 1,
    }
    assert card.excluded.not_a_person == 4
    assert card.not_a_person == (("unknown", 2), ("Varias fuentes", 1), ("social media users", 1))
    assert [c.claim_id for c in card.not_said] == ["p2"]
    assert "4 by claimants that are not a person: unknown (2)" in card.to_markdown()
    assert json.loads(card.to_json())["excluded"]["not_a_person"] == 4
    kept = scorecard(spelled, by="speaker", include_generic=True)
    assert kept.excluded.not_a_person == 0
    assert {"unknown", "Varias fuentes"} <= {row.key for row in kept.rows}
    assert kept.total.total == card.total.total + 3  # the fourth is not_said, listed apart either way
    by_kind = scorecard(spelled, by="kind")  # only a card by speaker leaves them out
    assert by_kind.excluded.not_a_person == 0
    assert by_kind.total.total == kept.total.total
    line = next(c for c in card.claims if c.id == "b4")
    assert (line.speaker, line.groups) == ("President Buhari", ("Muhammadu Buhari",))  # as written, row by person


def _old_sqlite(path: Path, records: list[Any]) -> None:
    old = sqlite_module.SQLiteStore(path, schema_version=5)
    assert old.schema_version == 5
    old.create_many(records)
    old.close()


def test_sqlite_schema_6_backfills_the_links(tmp_path: Path, spelled: list[Any]) -> None:
    path = tmp_path / "old.sqlite"
    _old_sqlite(path, spelled)
    con = sqlite3.connect(path)
    columns = {name for (_, name, *_) in con.execute("PRAGMA table_info(ct_claims)")}
    con.close()
    assert "speaker_same_as" not in columns
    with ct.Ledger.open(path) as ledger:
        assert ledger.store.schema_version == SCHEMA_VERSION == 6
        census = ledger.store.speaker_census()
        assert census.links == {
            "Kamala Harris ": {WIKIDATA_HARRIS},
            "K. Harris": {"http://www.wikidata.org/entity/Q10853588"},
        }
        same(scorecard(ledger, by="speaker"), scorecard(spelled, by="speaker"))
        # a replace keeps the column in step with the body
        current = ledger.record_of("k2")
        speaker = current.claim.speaker.model_copy(update={"same_as": (WIKIDATA_HARRIS,)})
        ledger.update(current.claim.model_copy(update={"speaker": speaker}), expected_version=current.version)
        assert ledger.speakers().row("Kamala Haris") == ledger.speakers().row("Kamala Harris ")
        same(scorecard(ledger, by="speaker"), scorecard(list(ledger.records()), by="speaker"))
    con = sqlite3.connect(path)
    rows = dict(con.execute("SELECT id, speaker_same_as FROM ct_claims WHERE speaker_same_as IS NOT NULL"))
    indexes = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert rows == {"k1": WIKIDATA_HARRIS, "k2": WIKIDATA_HARRIS, "k4": "http://www.wikidata.org/entity/Q10853588"}
    assert "ct_claims_speaker_same_as" in indexes


def test_an_older_schema_opened_on_purpose_reads_links_from_the_bodies(tmp_path: Path, spelled: list[Any]) -> None:
    path = tmp_path / "old.sqlite"
    _old_sqlite(path, spelled)
    old = sqlite_module.SQLiteStore(path, schema_version=5)
    assert set(old.speaker_census().links) == {"Kamala Harris ", "K. Harris"}
    with ct.Ledger(old, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC)) as ledger:
        same(scorecard(ledger, by="speaker"), scorecard(spelled, by="speaker"))


def test_postgres_schema_6_backfills_the_links(postgres_schema: str, spelled: list[Any]) -> None:
    old = pg_module.PostgresStore(postgres_schema, schema_version=5)
    old.create_many(spelled)
    old.write_speaker_aliases(put=[SpeakerAlias(name="Kamala Haris", to="Kamala Harris")])  # ct_meta: any schema
    old.close()
    with ct.Ledger.open(postgres_schema) as ledger:
        assert ledger.store.schema_version == 6
        assert ledger.store.speaker_census().links["K. Harris"] == {"http://www.wikidata.org/entity/Q10853588"}
        assert ledger.speaker_aliases() == (SpeakerAlias(name="Kamala Haris", to="Kamala Harris"),)
        card = scorecard(ledger, by="speaker")
        assert card.row("Kamala Harris").total == 4  # the typo by alias, "K. Harris" by the shared link
        same(card, scorecard(spelled, by="speaker", aliases=ledger.speaker_aliases()))


def test_alias_rows_are_keyed_by_the_spelling(tmp_path: Path) -> None:
    ledger = ct.Ledger.open(tmp_path / "ledger.sqlite")
    ledger.alias_speaker(" Dr. Étienne  Lolkek", "Etienne Lolkek")
    con = sqlite3.connect(tmp_path / "ledger.sqlite")
    keys = [k for (k,) in con.execute("SELECT key FROM ct_meta WHERE key LIKE 'speaker-alias:%'")]
    con.close()
    assert keys == ["speaker-alias:" + speaker_key("Etienne Lolkek")] == ["speaker-alias:etienne lolkek"]
    ledger.close()


def test_a_store_without_an_alias_table_says_so(make_claim: Callable[..., ct.Claim]) -> None:
    class Bare:
        location = "bare"

        def records(self) -> Any:
            return iter(())

    ledger = ct.Ledger(Bare(), clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]
    assert ledger.speaker_aliases() == ()
    with pytest.raises(ct.StoreError, match="keeps no speaker aliases"):
        ledger.alias_speaker("A", "B")
    assert ledger.speakers().groups == ()
