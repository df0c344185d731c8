"""Keep a copy: find the closest Wayback Machine snapshot of a URL, or ask for a new one.

Two public endpoints are used, named by a :class:`Wayback` value so tests (or
a private mirror) can stand in for them:

* the availability API (``Wayback.api_url``, default
  ``https://archive.org/wayback/available?url=...&timestamp=...``), which
  answers ``{"archived_snapshots": {"closest": {"available": true, "url": ...,
  "timestamp": "YYYYMMDDhhmmss", "status": "200"}}}`` or an empty
  ``archived_snapshots``;
* Save Page Now (``Wayback.save_url``, default ``https://web.archive.org/save/``
  + the URL), which answers with a redirect to the new snapshot (or names it in
  ``Content-Location``).

Every function takes the :class:`~claimtrack.web.fetcher.Fetcher` to send its
requests through, so the SSRF guard, timeouts, retries (429 from Save Page Now
is common) and rate limits apply here as well. The dependency points one way:
archiving uses the fetcher, the fetcher knows nothing of archiving. The sync
functions run the async ones on the fetcher's event loop (``Fetcher.run``).

The archive is a third party that keeps and publishes what it is sent, so a
URL is refused (:class:`~claimtrack.web.errors.ArchiveRefusedError`, before
any request) when

* its query carries a secret (``?token=``, ``key=``, ``api_key=``,
  ``password=``, ``sig=``, ``X-Amz-Signature=``...; see
  :func:`claimtrack.web.credentials.is_secret_param`) or it has a user name
  or password, always;
* its host is private: a non-public address (169.254.169.254, RFC 1918,
  loopback, ULA...), a special-use name (``localhost``, ``*.local``,
  ``*.internal``, ``*.home.arpa``, a name without a dot), or a name that
  resolves to a non-public address -- unless the :class:`Wayback` says
  ``private_urls=True`` (a mirror inside the same network). A name that does
  not resolve here is no internal host here and is sent: the archive may
  still hold a copy of a page whose domain has lapsed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import attrs

from claimtrack.model import Evidence
from claimtrack.web.config import JSON_TYPES
from claimtrack.web.credentials import redact_url, secret_params
from claimtrack.web.errors import ArchiveRefusedError, BadContentError, BlockedAddressError, ConnectionFailedError
from claimtrack.web.exchange import parse_url
from claimtrack.web.fetcher import Fetcher
from claimtrack.web.guard import ALLOWED_SCHEMES, AddressGuard

__all__ = [
    "DEFAULT_WAYBACK",
    "Snapshot",
    "Wayback",
    "aarchive",
    "aarchive_evidence",
    "aclosest_snapshot",
    "archive",
    "archive_evidence",
    "arefusal",
    "arequest_snapshot",
    "snapshot_from_url",
]

_WAYBACK_PATH = re.compile(r"/web/(\d{14})[^/]*/(.+)$")
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp", ".private")


@attrs.frozen
class Wayback:
    """Where the Wayback Machine's two endpoints are.

    Defaults: the availability API at ``https://archive.org/wayback/available``
    and Save Page Now at ``https://web.archive.org/save/`` (the URL to save is
    appended to it). ``private_urls=True`` lets links to private hosts through
    to this archive (a mirror inside the network those hosts are on); URLs with
    secrets are refused whatever it says.
    """

    api_url: str = "https://archive.org/wayback/available"
    save_url: str = "https://web.archive.org/save/"
    private_urls: bool = False


DEFAULT_WAYBACK = Wayback()
"""The public Wayback Machine."""


@attrs.frozen
class Snapshot:
    """An archived copy: its URL, when it was taken, and whether this call created it."""

    url: str
    taken_at: datetime | None = None
    created: bool = False


def _timestamp(text: str | None) -> datetime | None:
    if not text or not text.isdigit() or len(text) != 14:
        return None
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def snapshot_from_url(url: str, *, created: bool = False) -> Snapshot:
    """A :class:`Snapshot` for a Wayback URL, reading the time it was taken from its path."""
    found = _WAYBACK_PATH.search(url)
    return Snapshot(url=url, taken_at=_timestamp(found.group(1)) if found else None, created=created)


def _private_name(host: str) -> bool:
    name = host.rstrip(".").lower()
    return "." not in name or name == "localhost" or name.endswith(_PRIVATE_SUFFIXES)


async def arefusal(fetcher: Fetcher, url: str, *, wayback: Wayback = DEFAULT_WAYBACK) -> str | None:
    """Why ``url`` must not be sent to ``wayback`` (see the module docstring), or None when it may be.

    Names are resolved with the fetcher's resolver; a malformed URL is an
    :class:`~claimtrack.web.errors.InvalidUrlError`.
    """
    parsed = parse_url(url)
    if parsed.scheme not in ALLOWED_SCHEMES:
        return f"only http and https links are archived, not {parsed.scheme or '(none)'!r}"
    if parsed.userinfo:
        return "the URL carries a user name or password"
    secrets = secret_params(parsed)
    if secrets:
        return f"its query carries a secret ({', '.join(secrets)})"
    if wayback.private_urls:
        return None
    host = parsed.host
    guard = AddressGuard(resolver=fetcher.resolver)
    if guard.literal(host) is None and _private_name(host):
        return f"{host!r} is a private host name"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        await guard.check_host(url, host, port)
    except BlockedAddressError as exc:
        if guard.literal(host) is not None:
            return f"{host!r} is a non-public address"
        return f"host {host!r} resolves to the non-public address {exc.address}"
    except ConnectionFailedError:  # not resolvable here, so no internal host here (see the module docstring)
        return None
    return None


async def _refuse_private(fetcher: Fetcher, url: str, wayback: Wayback) -> None:
    reason = await arefusal(fetcher, url, wayback=wayback)
    if reason is not None:
        shown = redact_url(parse_url(url))
        raise ArchiveRefusedError(f"not sent to the archive: {reason}", url=shown, reason=reason)


async def aclosest_snapshot(
    fetcher: Fetcher, url: str, *, near: datetime | None = None, wayback: Wayback = DEFAULT_WAYBACK
) -> Snapshot | None:
    """The snapshot of ``url`` closest to ``near`` (default: the newest), or None when there is none.

    Raises :class:`~claimtrack.web.errors.ArchiveRefusedError` for a private URL (see :func:`arefusal`).
    """
    await _refuse_private(fetcher, url, wayback)
    return await _closest(fetcher, url, near, wayback)


async def _closest(fetcher: Fetcher, url: str, near: datetime | None, wayback: Wayback) -> Snapshot | None:
    params: dict[str, str | int] = {"url": url}
    if near is not None:
        params["timestamp"] = near.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    page = await fetcher.afetch(wayback.api_url, params=params, content_types=JSON_TYPES | {"text/plain"})
    try:
        data = json.loads(page.text)
    except ValueError:
        raise BadContentError("availability API answered with invalid JSON", url=page.url) from None
    closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return None
    return Snapshot(url=str(closest["url"]), taken_at=_timestamp(str(closest.get("timestamp") or "")))


async def arequest_snapshot(fetcher: Fetcher, url: str, *, wayback: Wayback = DEFAULT_WAYBACK) -> Snapshot:
    """Ask Save Page Now to archive ``url``; returns the new snapshot.

    Raises :class:`~claimtrack.web.errors.ArchiveRefusedError` for a private URL (see :func:`arefusal`).
    """
    await _refuse_private(fetcher, url, wayback)
    return await _request(fetcher, url, wayback)


async def _request(fetcher: Fetcher, url: str, wayback: Wayback) -> Snapshot:
    save_url = wayback.save_url + url
    location = await fetcher.afirst_hop(save_url)
    if location is None:
        raise BadContentError("Save Page Now did not name the new snapshot", url=save_url)
    return snapshot_from_url(location, created=True)


async def aarchive(
    fetcher: Fetcher, url: str, *, save: bool = True, wayback: Wayback = DEFAULT_WAYBACK
) -> Snapshot | None:
    """The closest existing snapshot of ``url``; failing that (and with ``save``), a new one.

    Raises :class:`~claimtrack.web.errors.ArchiveRefusedError`, before any
    request, for a URL that must not be sent to the archive (see :func:`arefusal`).
    """
    await _refuse_private(fetcher, url, wayback)
    found = await _closest(fetcher, url, None, wayback)
    if found is not None or not save:
        return found
    return await _request(fetcher, url, wayback)


async def aarchive_evidence(
    fetcher: Fetcher, evidence: Evidence, *, save: bool = True, wayback: Wayback = DEFAULT_WAYBACK
) -> Evidence:
    """``evidence`` with ``archived_url`` set (unchanged when it has one or has no URL)."""
    if evidence.archived_url or not evidence.url:
        return evidence
    snapshot = await aarchive(fetcher, evidence.url, save=save, wayback=wayback)
    if snapshot is None:
        return evidence
    return Evidence.model_validate({**evidence.model_dump(), "archived_url": snapshot.url})


def archive(fetcher: Fetcher, url: str, *, save: bool = True, wayback: Wayback = DEFAULT_WAYBACK) -> Snapshot | None:
    """Sync :func:`aarchive`."""

    async def call() -> Snapshot | None:
        return await aarchive(fetcher, url, save=save, wayback=wayback)

    return fetcher.run(call)


def archive_evidence(
    fetcher: Fetcher, evidence: Evidence, *, save: bool = True, wayback: Wayback = DEFAULT_WAYBACK
) -> Evidence:
    """Sync :func:`aarchive_evidence`."""

    async def call() -> Evidence:
        return await aarchive_evidence(fetcher, evidence, save=save, wayback=wayback)

    return fetcher.run(call)
