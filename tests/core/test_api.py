"""The API layer at the package root: open_ledger, propose/apply/reject, render, and the kept aliases."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

import claimtrack as ct
from claimtrack.ledger import MemoryStore
from claimtrack.stores import FolderStore
from tests.conftest import BUNDLED as BUNDLED_LEDGER


def test_open_ledger_picks_the_store_from_the_target(tmp_path: Path) -> None:
    """Folder, SQLite file, memory and a Store instance each open as the one Ledger class."""
    folder = ct.open_ledger(tmp_path / "folder")
    assert isinstance(folder, ct.Ledger)
    assert isinstance(folder.store, FolderStore)
    with ct.open_ledger(tmp_path / "claims.sqlite") as db:
        assert type(db.store).__name__ == "SQLiteStore"
    assert isinstance(ct.open_ledger(":memory:").store, MemoryStore)
    store = MemoryStore()
    assert ct.open_ledger(store).store is store
    with pytest.raises(ct.StoreNotFoundError):
        ct.open_ledger(tmp_path / "missing", create=False)


def test_ledger_open_is_the_same_door_without_a_warning(tmp_path: Path) -> None:
    """Ledger.open stays public API: same result as open_ledger, no deprecation."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ledger = ct.Ledger.open(BUNDLED_LEDGER)
    assert type(ledger) is ct.Ledger
    assert sorted(c.id for c in ledger) == sorted(c.id for c in ct.open_ledger(BUNDLED_LEDGER))


def test_deprecated_review_methods_warn_and_still_work(make_claim: object, clock: object) -> None:
    """Ledger.propose/apply/reject/check warn, naming the function to use, and give the same results."""
    ledger = ct.open_ledger(":memory:", clock=clock)  # type: ignore[arg-type]
    ledger.add(make_claim("amazing-model-2024", kind="prediction"))  # type: ignore[operator]
    report = {
        "id": "gpt-4o",
        "title": "Hello GPT-4o",
        "url": "https://openai.com/index/hello-gpt-4o/",
        "published_on": "2024-05-13",
        "stance": "supports",
        "claims": ["amazing-model-2024"],
    }
    as_of = date(2026, 11, 27)
    with pytest.warns(DeprecationWarning, match=r"claimtrack\.propose"):
        old = ledger.propose([report], as_of=as_of)
    new = ct.propose(ledger, [report], as_of=as_of)
    assert [p.id for p in old] == [p.id for p in new]
    with pytest.warns(DeprecationWarning, match=r"claimtrack\.reject"):
        rejection = ledger.reject(new[0], by="someone", reason="test")
    assert ledger.rejections("amazing-model-2024") == (rejection,)
    assert len(ct.propose(ledger, [report], as_of=as_of)) == 0  # rejected proposals are not offered again


def test_apply_records_once_and_reject_is_idempotent(make_claim: object, clock: object) -> None:
    """ct.apply writes one event stamped with the proposal; ct.reject keeps one rejection."""
    ledger = ct.open_ledger(":memory:", clock=clock)  # type: ignore[arg-type]
    ledger.add(make_claim("amazing-model-2024", kind="prediction"))  # type: ignore[operator]
    report = {
        "id": "gpt-4o",
        "title": "Hello GPT-4o",
        "url": "https://openai.com/index/hello-gpt-4o/",
        "published_on": "2024-05-13",
        "stance": "supports",
        "claims": ["amazing-model-2024"],
    }
    (proposal,) = ct.propose(ledger, [report], as_of=date(2026, 11, 27))
    assert ledger.history("amazing-model-2024") == ()  # proposing wrote nothing
    event = ct.apply(ledger, proposal, by="me")
    assert event is not None
    assert event.origin == proposal.origin == f"proposal:{proposal.id}"
    assert ct.apply(ledger, proposal, by="me") == event
    assert len(ledger.history("amazing-model-2024")) == 1
    first = ct.reject(ledger, proposal, by="me", reason="changed my mind")
    assert ct.reject(ledger, proposal, by="someone else") == first
    assert len(ledger.rejections("amazing-model-2024")) == 1


def test_render_every_format_and_refuse_unknown_ones() -> None:
    """ct.render gives the same text as the card's own methods; an unknown format names the choices."""
    card = ct.scorecard(ct.open_ledger(BUNDLED_LEDGER), by="kind", as_of=date(2026, 11, 27))
    assert ct.render(card, "md") == card.to_markdown()
    assert ct.render(card, ct.RenderFormat.JSON) == card.to_json()
    assert ct.render(card, "html").lstrip().lower().startswith("<!doctype html")
    assert "prediction" in ct.render(card, "term")
    with pytest.raises(ValueError, match="'md', 'html', 'json', 'term'"):
        ct.render(card, "pdf")


def test_render_stays_a_function_after_the_renderers_load() -> None:
    """Loading the renderer modules does not replace ct.render (a subpackage of the same name would)."""
    card = ct.scorecard(ct.open_ledger(BUNDLED_LEDGER), by="kind", as_of=date(2026, 11, 27))
    ct.render(card, "html")
    assert callable(ct.render)
    assert ct.render is ct.api.render
