"""Ledger upkeep over the web: archive every link that lacks a copy; refresh what pages say about themselves.

Sources live on the claim, so their ``archived_url`` and missing metadata are
written back with ``Ledger.update`` (one claim at a time, as soon as its URL is
done, so an interrupted run keeps what it finished). Evidence is append-only in
the ledger and cannot be amended in place; its new copies and refreshed
metadata are reported (and, for ``archive``, written to a JSON Lines journal),
which is also what makes a re-run skip the links already done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import attrs

from claimtrack.errors import ConflictError, FetchError
from claimtrack.ledger import Ledger
from claimtrack.model import Evidence, Source
from claimtrack.web.fetcher import Fetcher, PageEvidence

__all__ = ["Link", "LinkResult", "aarchive_ledger", "arefresh_ledger", "ledger_links"]

LinkKind = Literal["source", "evidence"]


@attrs.frozen
class Link:
    """A URL the ledger holds: in a claim's sources or in its evidence."""

    claim_id: str
    kind: LinkKind
    url: str
    archived_url: str | None
    evidence: Evidence | None = None


@attrs.frozen
class LinkResult:
    """What happened to one link: ``status`` is archived, skipped, updated, unchanged, changed, read or failed."""

    link: Link
    status: str
    detail: str | None = None
    archived_url: str | None = None
    evidence: Evidence | None = None


def ledger_links(ledger: Ledger) -> list[Link]:
    """Every source and evidence URL of every claim, in claim order."""
    out: list[Link] = []
    for record in ledger.records():
        for source in record.claim.sources:
            if source.url:
                out.append(Link(record.claim.id, "source", source.url, source.archived_url))
        for ev in record.evidence:
            if ev.url:
                out.append(Link(record.claim.id, "evidence", ev.url, ev.archived_url, ev))
    return out


def _update_sources(ledger: Ledger, claim_id: str, change: Callable[[Source], Source]) -> bool:
    for _ in range(3):
        record = ledger.record_of(claim_id)
        sources = tuple(change(s) for s in record.claim.sources)
        if sources == record.claim.sources:
            return False
        claim = record.claim.model_validate({**record.claim.model_dump(), "sources": sources})
        try:
            ledger.update(claim, expected_version=record.version)
            return True
        except ConflictError:
            continue
    return False


def _set_copy(url: str, copy: str) -> Callable[[Source], Source]:
    def change(source: Source) -> Source:
        if source.url == url and not source.archived_url:
            return source.model_copy(update={"archived_url": copy})
        return source

    return change


def _read_journal(path: Path | None) -> dict[str, str]:
    done: dict[str, str] = {}
    if path is None or not path.exists():
        return done
    for line in path.read_text("utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # a line cut short by an interrupted run
        if isinstance(row, dict) and row.get("url") and row.get("archived_url"):
            done[str(row["url"])] = str(row["archived_url"])
    return done


async def aarchive_ledger(
    ledger: Ledger,
    fetcher: Fetcher,
    *,
    journal: Path | None = None,
    save: bool = True,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Archive every link without a copy; resumable through the sources themselves and the ``journal``."""
    done = _read_journal(journal)
    results: list[LinkResult] = []

    def report(result: LinkResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    pending: dict[str, list[Link]] = {}
    for link in ledger_links(ledger):
        if link.archived_url:
            report(LinkResult(link, "skipped", "already archived", link.archived_url))
        elif link.url in done:
            report(LinkResult(link, "skipped", "archived in an earlier run (journal)", done[link.url]))
        else:
            pending.setdefault(link.url, []).append(link)

    async def archive_url(url: str) -> None:
        try:
            snapshot = await fetcher.aarchive(url, save=save)
        except FetchError as exc:
            for link in pending[url]:
                report(LinkResult(link, "failed", str(exc)))
            return
        copy = snapshot.url if snapshot else None
        for link in pending[url]:
            if copy is None:
                report(LinkResult(link, "failed", "no snapshot exists and saving was not asked for"))
                continue
            if link.kind == "source":
                _update_sources(ledger, link.claim_id, _set_copy(url, copy))
            if journal is not None:
                row = {"url": url, "archived_url": copy, "claim_id": link.claim_id, "kind": link.kind}
                with journal.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            evidence = link.evidence.model_copy(update={"archived_url": copy}) if link.evidence else None
            report(LinkResult(link, "archived", None, copy, evidence))

    await fetcher.amap(archive_url, list(pending))
    return results


async def arefresh_ledger(
    ledger: Ledger,
    fetcher: Fetcher,
    *,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Re-read every linked page: fill a source's missing title/publisher/date/language; compare evidence."""
    links = ledger_links(ledger)
    by_url: dict[str, list[Link]] = {}
    for link in links:
        by_url.setdefault(link.url, []).append(link)
    results: list[LinkResult] = []

    def report(result: LinkResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    async def refresh(url: str) -> None:
        try:
            read = await fetcher.apage_evidence(url)
        except FetchError as exc:
            for link in by_url[url]:
                report(LinkResult(link, "failed", str(exc)))
            return
        for link in by_url[url]:
            if link.kind == "source":
                report(_refresh_source(ledger, link, read))
            else:
                report(_compare_evidence(link, read))

    await fetcher.amap(refresh, list(by_url))
    return results


def _refresh_source(ledger: Ledger, link: Link, read: PageEvidence) -> LinkResult:
    fresh = read.evidence

    def fill(source: Source) -> Source:
        if source.url != link.url:
            return source
        update = {
            key: value
            for key, value in (
                ("title", fresh.title),
                ("publisher", fresh.publisher),
                ("published_on", fresh.published_on),
                ("language", fresh.language),
            )
            if value is not None and getattr(source, key) is None
        }
        return source.model_copy(update=update) if update else source

    changed = _update_sources(ledger, link.claim_id, fill)
    return LinkResult(link, "updated" if changed else "unchanged", read.date_source, evidence=fresh)


def _compare_evidence(link: Link, read: PageEvidence) -> LinkResult:
    stored = link.evidence
    fresh = read.evidence
    if stored is None or stored.content_hash is None:
        return LinkResult(link, "read", read.date_source, evidence=fresh)
    if stored.content_hash == fresh.content_hash:
        return LinkResult(link, "unchanged", None, evidence=fresh)
    return LinkResult(link, "changed", "the page text differs from the stored content hash", evidence=fresh)
