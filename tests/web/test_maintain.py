"""Ledger upkeep from Python: typed link kinds and statuses, and archiving on given Wayback endpoints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from web_server import Handler, LocalServer

from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimKind, Entity, Evidence, Source, SourceRole
from claimtrack.web import (
    Fetcher,
    LinkKind,
    LinkResult,
    LinkStatus,
    Wayback,
    aarchive_ledger,
    arefresh_ledger,
    ledger_links,
)


def _ledger(tmp_path: Path, server: LocalServer) -> Ledger:
    server.page("/bi", "bi-sutskever.html")
    server.page("/time", "time-ssi.html")
    claim = Claim(
        id="sutskever-leaves-openai",
        text="Ilya Sutskever announced that he is leaving OpenAI",
        language="en",
        speaker=Entity(name="Ilya Sutskever"),
        said_on=date(2024, 5, 14),
        kind=ClaimKind.ASSERTION,
        sources=(Source(url=server.url("/bi"), role=SourceRole.SECONDARY),),
    )
    ledger = Ledger.open(str(tmp_path / "claims"), create=True)
    ledger.add(claim, evidence=(Evidence(url=server.url("/time")),))
    return ledger


def test_links_and_refresh_results_are_typed(server: LocalServer, fetcher: Fetcher, tmp_path: Path) -> None:
    with _ledger(tmp_path, server) as ledger:
        assert [link.kind for link in ledger_links(ledger)] == [LinkKind.SOURCE, LinkKind.EVIDENCE]

        async def refresh() -> list[LinkResult]:
            return await arefresh_ledger(ledger, fetcher)

        results = fetcher.run(refresh)
    by_kind = {result.link.kind: result for result in results}
    assert by_kind[LinkKind.SOURCE].status is LinkStatus.UPDATED
    assert by_kind[LinkKind.SOURCE].detail == "meta:article:published_time"  # where the source's date came from
    assert by_kind[LinkKind.EVIDENCE].status is LinkStatus.UPDATED
    assert f"{by_kind[LinkKind.EVIDENCE].status}" == "updated"


def test_archive_ledger_uses_the_wayback_endpoints_it_is_given(
    server: LocalServer, fetcher: Fetcher, tmp_path: Path
) -> None:
    server.routes["/wayback/available"] = lambda h: h.send_body(200, b'{"archived_snapshots": {}}', "application/json")

    def save(h: Handler) -> None:
        h.redirect(f"/web/20261127090000/{h.path.removeprefix('/save/')}")

    server.routes["/save/" + server.url("/bi")] = save
    server.routes["/save/" + server.url("/time")] = save
    # a mirror inside the network of the (loopback) links it keeps: private links may be sent to it
    wayback = Wayback(api_url=server.url("/wayback/available"), save_url=server.url("/save/"), private_urls=True)
    with _ledger(tmp_path, server) as ledger:

        async def archive(save: bool) -> list[LinkResult]:
            return await aarchive_ledger(ledger, fetcher, save=save, wayback=wayback)

        looked_up = fetcher.run(archive, False)
        assert [r.status for r in looked_up] == [LinkStatus.FAILED, LinkStatus.FAILED]  # no snapshot, none asked for
        archived = fetcher.run(archive, True)
        again = fetcher.run(archive, True)
    assert sorted(r.status for r in archived) == [LinkStatus.ARCHIVED, LinkStatus.ARCHIVED]
    assert all(r.archived_url and "/web/20261127090000/" in r.archived_url for r in archived)
    assert [r.status for r in again] == [LinkStatus.SKIPPED, LinkStatus.SKIPPED]
    assert server.hits["/wayback/available"] == 4


def test_a_claim_removed_by_another_writer_fails_its_links_not_the_run(
    server: LocalServer, fetcher: Fetcher, tmp_path: Path
) -> None:
    # Another process deletes the claim's file from the shared folder while the run is under way.
    with _ledger(tmp_path, server) as ledger:
        files = [p for p in (tmp_path / "claims").rglob("*.json") if "sutskever-leaves-openai" in p.name]
        assert files

        def removed_by_someone_else(result: LinkResult) -> None:
            for path in files:
                path.unlink(missing_ok=True)

        async def refresh() -> list[LinkResult]:
            return await arefresh_ledger(ledger, fetcher, on_result=removed_by_someone_else)

        results = fetcher.run(refresh)
    assert len(results) == 2
    failed = [r for r in results if r.status is LinkStatus.FAILED]
    assert len(failed) == 1
    assert failed[0].detail is not None
    assert "sutskever-leaves-openai" in failed[0].detail
