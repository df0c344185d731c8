"""claimtrack fetch / archive / factcheck search, end to end against the local server and a folder ledger."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_server import Handler, LocalServer

from claimtrack.cli import main
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimKind, Entity, Evidence, Source, SourceRole


def _ledger(tmp_path: Path, server: LocalServer) -> str:
    server.page("/bi", "bi-sutskever.html")
    server.page("/time", "time-ssi.html")
    path = str(tmp_path / "claims")
    claim = Claim(
        id="sutskever-leaves-openai",
        text="Ilya Sutskever announced that he is leaving OpenAI",
        language="en",
        speaker=Entity(name="Ilya Sutskever"),
        said_on=date(2024, 5, 14),
        kind=ClaimKind.ASSERTION,
        sources=(Source(url=server.url("/bi"), role=SourceRole.SECONDARY),),
    )
    with Ledger.open(path, create=True) as ledger:
        ledger.add(claim, evidence=(Evidence(url=server.url("/time"), content_hash="sha256:stale"),))
    return path


def test_fetch_fills_missing_source_metadata_and_flags_changed_evidence(server: LocalServer, tmp_path: Path) -> None:
    path = _ledger(tmp_path, server)
    with Ledger.open(path, create=False) as ledger:
        evidence_before = ledger.evidence("sutskever-leaves-openai")
    out = tmp_path / "fresh.jsonl"
    result = CliRunner().invoke(main, ["fetch", "--ledger", path, "--allow-private", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 changed, 1 updated" in result.output
    with Ledger.open(path, create=False) as ledger:
        source = ledger.get("sutskever-leaves-openai").sources[0]
        # the evidence page changed since its hash was stored: nothing of the new page is filled in
        assert ledger.evidence("sutskever-leaves-openai") == evidence_before
    assert source.publisher == "Business Insider"
    assert source.published_on is not None
    assert source.published_on.start == date(2024, 5, 14)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {row["url"] for row in rows} == {server.url("/bi"), server.url("/time")}


def test_fetch_fills_missing_evidence_metadata_and_never_overwrites(server: LocalServer, tmp_path: Path) -> None:
    server.page("/time", "time-ssi.html")
    path = str(tmp_path / "claims")
    claim = Claim(
        id="sutskever-starts-ssi",
        text="Ilya Sutskever announced Safe Superintelligence Inc.",
        language="en",
        speaker=Entity(name="Ilya Sutskever"),
        said_on=date(2024, 6, 19),
        kind=ClaimKind.ASSERTION,
    )
    given_title = "Former OpenAI Chief Scientist Starts New AI Company"  # set by a person: must survive
    with Ledger.open(path, create=True) as ledger:
        ledger.add(claim, evidence=(Evidence(url=server.url("/time"), title=given_title),))
    args = ["fetch", "--ledger", path, "--allow-private"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "1 updated" in first.output
    with Ledger.open(path, create=False) as ledger:
        (ev,) = ledger.evidence("sutskever-starts-ssi")
    assert ev.title == given_title
    assert ev.publisher is not None
    assert ev.published_on is not None
    assert ev.published_on.start == date(2024, 6, 19)
    assert ev.content_hash is not None
    assert ev.retrieved_at is not None
    assert "published_on" in first.output
    second = CliRunner().invoke(main, args)  # same page, same hash: nothing left to fill
    assert second.exit_code == 0, second.output
    assert "1 unchanged" in second.output
    with Ledger.open(path, create=False) as ledger:
        assert ledger.evidence("sutskever-starts-ssi") == (ev,)


def test_fetch_refuses_the_local_server_without_allow_private(server: LocalServer, tmp_path: Path) -> None:
    path = _ledger(tmp_path, server)
    result = CliRunner().invoke(main, ["fetch", "--ledger", path])
    assert result.exit_code == 0
    assert "2 failed" in result.output
    assert "SSRF guard" in result.output
    assert server.hits["/bi"] == 0


def test_archive_stores_copies_in_the_ledger_and_resumes(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _ledger(tmp_path, server)
    server.routes["/wayback/available"] = lambda h: h.send_body(200, b'{"archived_snapshots": {}}', "application/json")

    def save(h: Handler) -> None:
        target = h.path.removeprefix("/save/")
        h.redirect(f"/web/20261127090000/{target}")

    server.routes["/save/" + server.url("/bi")] = save
    server.routes["/save/" + server.url("/time")] = save
    monkeypatch.setenv("CLAIMTRACK_WAYBACK_API_URL", server.url("/wayback/available"))
    monkeypatch.setenv("CLAIMTRACK_WAYBACK_SAVE_URL", server.url("/save/"))
    args = ["archive", "--ledger", path, "--allow-private"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "2 archived" in first.output
    with Ledger.open(path, create=False) as ledger:
        archived = ledger.get("sutskever-leaves-openai").sources[0].archived_url
        (evidence,) = ledger.evidence("sutskever-leaves-openai")
    assert archived == server.url(f"/web/20261127090000/{server.url('/bi')}")
    assert evidence.archived_url == server.url(f"/web/20261127090000/{server.url('/time')}")
    assert evidence.content_hash == "sha256:stale"  # amended, not replaced: the other fields are as stored
    assert not list(tmp_path.glob("*.jsonl"))  # no side journal: the ledger records progress
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "2 skipped" in second.output
    assert server.hits["/save/" + server.url("/bi")] == 1
    assert server.hits["/save/" + server.url("/time")] == 1


def test_factcheck_search_command(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {
        "claims": [
            {
                "text": "OpenAI will ship its Media Manager opt-out tool by 2025",
                "claimant": "OpenAI",
                "claimReview": [
                    {
                        "publisher": {"name": "TechCrunch", "site": "techcrunch.com"},
                        "url": "https://techcrunch.com/2025/01/01/openai-failed-to-deliver-the-opt-out-tool-it-promised-by-2025",
                        "reviewDate": "2025-01-01T00:00:00Z",
                        "textualRating": "Not delivered",
                    }
                ],
            }
        ]
    }
    server.raw("/v1alpha1/claims:search", json.dumps(body).encode(), "application/json")
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_API_KEY", "test-key")
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_BASE_URL", server.base)
    result = CliRunner().invoke(main, ["factcheck", "search", "Media Manager", "--allow-private", "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "OpenAI: OpenAI will ship its Media Manager opt-out tool by 2025" in result.output
    assert "Not delivered -- TechCrunch (2025-01-01)" in result.output
    assert server.requests[-1][2]["x-goog-api-key"] == "test-key"
    monkeypatch.delenv("CLAIMTRACK_FACTCHECK_API_KEY")
    missing = CliRunner().invoke(main, ["factcheck", "search", "x"])
    assert missing.exit_code == 1
    assert "CLAIMTRACK_FACTCHECK_API_KEY" in missing.output


def test_archive_reuses_a_copy_the_ledger_already_holds(server: LocalServer, tmp_path: Path) -> None:
    server.page("/bi", "bi-sutskever.html")
    copy = server.url(f"/web/20261127090000/{server.url('/bi')}")
    path = str(tmp_path / "claims")
    claim = Claim(
        id="sutskever-leaves-openai",
        text="Ilya Sutskever announced that he is leaving OpenAI",
        language="en",
        speaker=Entity(name="Ilya Sutskever"),
        said_on=date(2024, 5, 14),
        kind=ClaimKind.ASSERTION,
        sources=(Source(url=server.url("/bi"), role=SourceRole.SECONDARY, archived_url=copy),),
    )
    with Ledger.open(path, create=True) as ledger:
        ledger.add(claim, evidence=(Evidence(url=server.url("/bi"), title="Ilya Sutskever is leaving OpenAI"),))
    # no Wayback routes and the SSRF guard on: any network call would fail the link
    result = CliRunner().invoke(main, ["archive", "--ledger", path])
    assert result.exit_code == 0, result.output
    assert "1 archived, 1 skipped" in result.output
    with Ledger.open(path, create=False) as ledger:
        (ev,) = ledger.evidence("sutskever-leaves-openai")
    assert ev.archived_url == copy
    assert ev.title == "Ilya Sutskever is leaving OpenAI"
    assert server.requests == []
