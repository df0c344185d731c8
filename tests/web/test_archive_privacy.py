"""Archiving never sends private URLs to the archive: private hosts, and URLs carrying secrets.

The local server stands in for the Wayback endpoints and counts what reaches
it; every refusal must happen before any request does.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_server import Handler, LocalServer, RecordingSleep

from claimtrack.cli import main
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimKind, Entity, Evidence, Source, SourceRole
from claimtrack.web import ArchiveRefusedError, Fetcher, Politeness, Wayback
from claimtrack.web.archive import aclosest_snapshot, archive, arequest_snapshot

PUBLIC = "93.184.216.34"
INTERNAL_NAMES = {"wiki.corp-dns.example": "10.20.30.40", "printer.example": "fd12:3456::1"}


async def dns(host: str, port: int) -> list[str]:
    """Public addresses, except for the two names an internal DNS serves."""
    return [INTERNAL_NAMES.get(host, PUBLIC)]


def _wayback(server: LocalServer, *, private_urls: bool = False) -> Wayback:
    return Wayback(api_url=server.url("/wayback/available"), save_url=server.url("/save/"), private_urls=private_urls)


def _fetcher(sleeps: RecordingSleep) -> Fetcher:
    # allow_private lets the fetcher reach the stand-in archive on 127.0.0.1; what it may send there is the test
    return Fetcher(allow_private=True, sleep=sleeps, politeness=Politeness(per_host_rate=None), resolver=dns)


def _empty_archive(server: LocalServer) -> None:
    server.routes["/wayback/available"] = lambda h: h.send_body(200, b'{"archived_snapshots": {}}', "application/json")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "'169.254.169.254' is a non-public"),
        ("http://10.1.2.3/report", "non-public"),
        ("http://192.168.0.1/", "non-public"),
        ("http://127.0.0.1:8080/admin", "non-public"),
        ("http://[::1]/", "non-public"),
        ("http://[fec0::1]/", "non-public"),
        ("http://localhost/", "private host name"),
        ("http://build.internal/job/1", "private host name"),
        ("http://nas.local/share", "private host name"),
        ("http://intranet/", "private host name"),
        ("http://wiki.corp-dns.example/page", "resolves to the non-public address 10.20.30.40"),
        ("http://printer.example/", "resolves to the non-public address fd12:3456::1"),
        ("https://news.example/a?token=abc123", "secret (token)"),
        ("https://news.example/a?id=1&key=AIzaSy", "secret (key)"),
        ("https://news.example/a?api_key=1", "secret (api_key)"),
        ("https://news.example/a?password=hunter2", "secret (password)"),
        ("https://news.example/a?secret=x", "secret (secret)"),
        ("https://news.example/a?sig=x&X-Amz-Signature=y", "secret (sig, X-Amz-Signature)"),
        ("https://news.example/a?access_token=x", "secret (access_token)"),
        ("https://user:pw@news.example/a", "user name or password"),
    ],
)
def test_private_urls_are_refused_before_any_request(
    server: LocalServer, sleeps: RecordingSleep, url: str, reason: str
) -> None:
    _empty_archive(server)
    with _fetcher(sleeps) as f, pytest.raises(ArchiveRefusedError) as caught:
        archive(f, url, wayback=_wayback(server))
    assert reason in caught.value.reason
    assert isinstance(caught.value, PermissionError)
    assert server.requests == []


def test_the_refusal_never_repeats_the_secret(server: LocalServer, sleeps: RecordingSleep) -> None:
    with _fetcher(sleeps) as f, pytest.raises(ArchiveRefusedError) as caught:
        archive(f, "https://user:hunter2@news.example/a?token=abc123&page=2", wayback=_wayback(server))
    assert "abc123" not in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert "page=2" in str(caught.value)


def test_each_step_refuses_on_its_own(server: LocalServer, sleeps: RecordingSleep) -> None:
    url = "http://169.254.169.254/latest/meta-data/"
    with _fetcher(sleeps) as f:
        for step in (aclosest_snapshot, arequest_snapshot):

            async def call(step=step) -> object:  # type: ignore[no-untyped-def]
                return await step(f, url, wayback=_wayback(server))

            with pytest.raises(ArchiveRefusedError):
                f.run(call)
    assert server.requests == []


def test_public_urls_are_archived(server: LocalServer, sleeps: RecordingSleep) -> None:
    _empty_archive(server)
    url = "https://news.example/2024/06/19/story?page=2&utm_source=x"
    server.routes["/save/" + url.split("?")[0]] = lambda h: h.redirect(f"/web/20261127090000/{url}")
    with _fetcher(sleeps) as f:
        snapshot = archive(f, url, wayback=_wayback(server))
    assert snapshot is not None
    assert snapshot.created
    assert server.requests[-1][1] == "/save/" + url


def test_a_name_that_does_not_resolve_is_looked_up(server: LocalServer, sleeps: RecordingSleep) -> None:
    # A lapsed domain is no internal host here, and the archive may still hold its pages.
    async def nxdomain(host: str, port: int) -> list[str]:
        raise OSError(f"no such host {host}")

    _empty_archive(server)
    with Fetcher(allow_private=True, sleep=sleeps, resolver=nxdomain) as f:
        assert archive(f, "https://lapsed.example/page", save=False, wayback=_wayback(server)) is None
    assert server.hits["/wayback/available"] == 1


def test_a_mirror_inside_the_network_may_keep_private_hosts_but_never_secrets(
    server: LocalServer, sleeps: RecordingSleep
) -> None:
    _empty_archive(server)
    mirror = _wayback(server, private_urls=True)
    with _fetcher(sleeps) as f:
        assert archive(f, "http://10.1.2.3/report", save=False, wayback=mirror) is None
        with pytest.raises(ArchiveRefusedError, match="secret"):
            archive(f, "http://10.1.2.3/report?token=abc", save=False, wayback=mirror)
    assert server.hits["/wayback/available"] == 1


def test_claimtrack_archive_reports_refused_links_as_failed(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _empty_archive(server)

    def save(h: Handler) -> None:
        h.redirect(f"/web/20261127090000/{h.path.removeprefix('/save/')}")

    secret = "https://news.example/story?token=abc123"
    metadata = "http://169.254.169.254/latest/meta-data/"
    server.routes["/save/" + metadata] = save
    path = str(tmp_path / "claims")
    claim = Claim(
        id="leaky-links",
        text="A claim whose links must not be published",
        language="en",
        speaker=Entity(name="Someone"),
        said_on=date(2024, 5, 14),
        kind=ClaimKind.ASSERTION,
        sources=(Source(url=secret, role=SourceRole.SECONDARY),),
    )
    with Ledger.open(path, create=True) as ledger:
        ledger.add(claim, evidence=(Evidence(url=metadata),))
    monkeypatch.setenv("CLAIMTRACK_WAYBACK_API_URL", server.url("/wayback/available"))
    monkeypatch.setenv("CLAIMTRACK_WAYBACK_SAVE_URL", server.url("/save/"))
    # --allow-private with a mirror named in the environment: private hosts may go to it, secrets never
    result = CliRunner().invoke(main, ["archive", "--ledger", path, "--allow-private"])
    assert result.exit_code == 0, result.output
    assert "1 archived, 1 failed" in result.output
    assert "its query carries a secret (token)" in result.output
    assert all("abc123" not in request[1] for request in server.requests)
    assert json.dumps(server.requests).count("169.254.169.254") == 2  # looked up, then saved, on the mirror
