"""Keep a copy: find the closest Wayback Machine snapshot of a URL, or ask for a new one.

Two public endpoints are used, both configurable on the :class:`Fetcher` so
tests (or a private mirror) can stand in for them:

* the availability API (``wayback_api_url``, default
  ``https://archive.org/wayback/available?url=...&timestamp=...``), which
  answers ``{"archived_snapshots": {"closest": {"available": true, "url": ...,
  "timestamp": "YYYYMMDDhhmmss", "status": "200"}}}`` or an empty
  ``archived_snapshots``;
* Save Page Now (``wayback_save_url``, default ``https://web.archive.org/save/``
  + the URL), which answers with a redirect to the new snapshot (or names it in
  ``Content-Location``).

Every request goes through the Fetcher, so the SSRF guard, timeouts, retries
(429 from Save Page Now is common) and rate limits apply here as well.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from claimtrack.model import Evidence
from claimtrack.web.errors import BadContentError
from claimtrack.web.fetcher import JSON_TYPES

if TYPE_CHECKING:
    from claimtrack.web.fetcher import Fetcher

__all__ = ["Snapshot", "aarchive", "aarchive_evidence", "aclosest_snapshot", "arequest_snapshot", "snapshot_from_url"]

_WAYBACK_PATH = re.compile(r"/web/(\d{14})[^/]*/(.+)$")


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


async def aclosest_snapshot(fetcher: Fetcher, url: str, *, near: datetime | None = None) -> Snapshot | None:
    """The snapshot of ``url`` closest to ``near`` (default: the newest), or None when there is none."""
    params: dict[str, str | int] = {"url": url}
    if near is not None:
        params["timestamp"] = near.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    page = await fetcher.afetch(fetcher.wayback_api_url, params=params, content_types=JSON_TYPES | {"text/plain"})
    try:
        data = json.loads(page.text)
    except ValueError:
        raise BadContentError("availability API answered with invalid JSON", url=page.url) from None
    closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return None
    return Snapshot(url=str(closest["url"]), taken_at=_timestamp(str(closest.get("timestamp") or "")))


async def arequest_snapshot(fetcher: Fetcher, url: str) -> Snapshot:
    """Ask Save Page Now to archive ``url``; returns the new snapshot."""
    save_url = fetcher.wayback_save_url + url
    location = await fetcher.afirst_hop(save_url)
    if location is None:
        raise BadContentError("Save Page Now did not name the new snapshot", url=save_url)
    return snapshot_from_url(location, created=True)


async def aarchive(fetcher: Fetcher, url: str, *, save: bool = True) -> Snapshot | None:
    """The closest existing snapshot of ``url``; failing that (and with ``save``), a new one."""
    found = await aclosest_snapshot(fetcher, url)
    if found is not None or not save:
        return found
    return await arequest_snapshot(fetcher, url)


async def aarchive_evidence(fetcher: Fetcher, evidence: Evidence, *, save: bool = True) -> Evidence:
    """``evidence`` with ``archived_url`` set (unchanged when it has one or has no URL)."""
    if evidence.archived_url or not evidence.url:
        return evidence
    snapshot = await aarchive(fetcher, evidence.url, save=save)
    if snapshot is None:
        return evidence
    return Evidence.model_validate({**evidence.model_dump(), "archived_url": snapshot.url})
