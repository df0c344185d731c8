"""Ledger upkeep over the web: archive every link that lacks a copy; refresh what pages say about themselves.

Everything found is written back to the ledger as soon as its URL is done, so
an interrupted run keeps what it finished and a re-run skips it:

* sources live on the claim, so their ``archived_url`` and missing metadata
  are written with ``Ledger.update`` (optimistic concurrency, retried);
* evidence is append-only, but its empty fields may be filled:
  ``Ledger.amend_evidence`` stores a new ``archived_url`` and metadata read
  from the page, and never overwrites a value already set.

The ledger itself records progress: a link whose copy is stored is skipped on
the next run, so no side journal is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import partial
from typing import Any

import attrs

from claimtrack.errors import ConflictError, EvidenceAmendError, FetchError, LedgerError
from claimtrack.ledger import Ledger
from claimtrack.model import Evidence, Source
from claimtrack.web.archive import DEFAULT_WAYBACK, Wayback, aarchive
from claimtrack.web.fetcher import Fetcher
from claimtrack.web.page import PageEvidence

__all__ = [
    "EVIDENCE_FILLS",
    "Link",
    "LinkKind",
    "LinkResult",
    "LinkStatus",
    "aarchive_ledger",
    "arefresh_ledger",
    "ledger_links",
]


class LinkKind(StrEnum):
    """Where the ledger holds a link: on a claim's sources or in its evidence."""

    SOURCE = "source"
    EVIDENCE = "evidence"


class LinkStatus(StrEnum):
    """What upkeep did with one link; the text is what ``claimtrack fetch`` and ``archive`` print."""

    ARCHIVED = "archived"
    """A copy was found or made and stored as the link's ``archived_url``."""
    SKIPPED = "skipped"
    """The link already had a copy (before the run, or set by another writer meanwhile)."""
    UPDATED = "updated"
    """Missing metadata was filled from the page."""
    UNCHANGED = "unchanged"
    """The page was read and matches what is stored; nothing to fill."""
    CHANGED = "changed"
    """The page text differs from the evidence's stored content hash; nothing was filled."""
    READ = "read"
    """The page was read, nothing to fill, and there was no stored hash to compare with."""
    FAILED = "failed"
    """The link could not be fetched or archived, or the write was refused; ``detail`` says why."""


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
    """What happened to one link (see :class:`LinkStatus`), with a detail such as the reason for a failure."""

    link: Link
    status: LinkStatus
    detail: str | None = None
    archived_url: str | None = None
    evidence: Evidence | None = None


def _one_link(link: Link, step: Callable[[], LinkResult]) -> LinkResult:
    """Run the ledger write of one link; a write the ledger refuses fails that link, not the run.

    A value the schema rejects (``ValueError``) or a claim another process
    removed meanwhile (``LedgerError``) is reported as FAILED with the reason.
    """
    try:
        return step()
    except (LedgerError, ValueError) as exc:
        return LinkResult(link, LinkStatus.FAILED, f"not written to the ledger: {exc}")


def ledger_links(ledger: Ledger) -> list[Link]:
    """Every source and evidence URL of every claim, in claim order."""
    out: list[Link] = []
    for record in ledger.records():
        for source in record.claim.sources:
            if source.url:
                out.append(Link(record.claim.id, LinkKind.SOURCE, source.url, source.archived_url))
        for ev in record.evidence:
            if ev.url:
                out.append(Link(record.claim.id, LinkKind.EVIDENCE, ev.url, ev.archived_url, ev))
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


def _held(ledger: Ledger, link: Link) -> Evidence | None:
    """The evidence of ``link`` as the ledger holds it now (another process may have changed it)."""
    assert link.evidence is not None
    return next((ev for ev in ledger.record_of(link.claim_id).evidence if ev.id == link.evidence.id), None)


def _store_copy(ledger: Ledger, link: Link, copy: str, detail: str | None = None) -> LinkResult:
    """Write ``copy`` as the archived_url of the link's source or evidence."""
    if link.kind == LinkKind.SOURCE:
        _update_sources(ledger, link.claim_id, _set_copy(link.url, copy))
        return LinkResult(link, LinkStatus.ARCHIVED, detail, copy)
    held = _held(ledger, link)
    if held is None:
        return LinkResult(link, LinkStatus.FAILED, "the evidence is no longer held by the claim")
    if held.archived_url:
        return LinkResult(link, LinkStatus.SKIPPED, "archived meanwhile", held.archived_url, held)
    try:
        record = ledger.amend_evidence(link.claim_id, (Evidence(id=held.id, archived_url=copy),))
    except EvidenceAmendError as exc:  # another writer set a different copy between the read and the write
        return LinkResult(link, LinkStatus.FAILED, str(exc))
    stored = next(ev for ev in record.evidence if ev.id == held.id)
    return LinkResult(link, LinkStatus.ARCHIVED, detail, copy, stored)


async def aarchive_ledger(
    ledger: Ledger,
    fetcher: Fetcher,
    *,
    save: bool = True,
    on_result: Callable[[LinkResult], None] | None = None,
    wayback: Wayback = DEFAULT_WAYBACK,
) -> list[LinkResult]:
    """Archive every source and evidence link without a copy, storing each copy in the ledger at once.

    Resumable through the ledger itself: links that already have an
    ``archived_url`` are skipped; a link whose URL already has a copy on
    another source or evidence item gets that copy without a network call.
    ``wayback`` names the archive's endpoints (see :mod:`claimtrack.web.archive`).
    """
    results: list[LinkResult] = []

    def report(result: LinkResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    links = ledger_links(ledger)
    known = {link.url: link.archived_url for link in links if link.archived_url}
    pending: dict[str, list[Link]] = {}
    for link in links:
        if link.archived_url:
            report(LinkResult(link, LinkStatus.SKIPPED, "already archived", link.archived_url))
        elif link.url in known:
            held_copy = partial(_store_copy, ledger, link, known[link.url], "copy already held by another link")
            report(_one_link(link, held_copy))
        else:
            pending.setdefault(link.url, []).append(link)

    async def archive_url(url: str) -> None:
        try:
            snapshot = await aarchive(fetcher, url, save=save, wayback=wayback)
        except FetchError as exc:
            for link in pending[url]:
                report(LinkResult(link, LinkStatus.FAILED, str(exc)))
            return
        for link in pending[url]:
            if snapshot is None:
                report(LinkResult(link, LinkStatus.FAILED, "no snapshot exists and saving was not asked for"))
            else:
                report(_one_link(link, partial(_store_copy, ledger, link, snapshot.url)))

    await fetcher.amap(archive_url, list(pending))
    return results


async def arefresh_ledger(
    ledger: Ledger,
    fetcher: Fetcher,
    *,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Re-read every linked page and fill what the ledger is missing; never overwrite a value.

    A source missing a title, publisher, date or language gets it from the
    page (``Ledger.update``). Evidence is compared with its stored content
    hash; unless the page changed, its empty fields (title, publisher,
    published_on, language, excerpt, and content_hash with retrieved_at when
    it has neither) are filled with ``Ledger.amend_evidence``.
    """
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
                report(LinkResult(link, LinkStatus.FAILED, str(exc)))
            return
        for link in by_url[url]:
            step = _refresh_source if link.kind == LinkKind.SOURCE else _refresh_evidence
            report(_one_link(link, partial(step, ledger, link, read)))

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
    return LinkResult(link, LinkStatus.UPDATED if changed else LinkStatus.UNCHANGED, read.date_source, evidence=fresh)


EVIDENCE_FILLS = ("title", "publisher", "published_on", "language", "excerpt")
"""Evidence fields ``arefresh_ledger`` fills from the page when empty."""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def _refresh_evidence(ledger: Ledger, link: Link, read: PageEvidence) -> LinkResult:
    fresh = read.evidence
    stored = _held(ledger, link)
    if stored is None:
        return LinkResult(link, LinkStatus.FAILED, "the evidence is no longer held by the claim", evidence=fresh)
    if stored.content_hash is not None and stored.content_hash != fresh.content_hash:
        return LinkResult(
            link,
            LinkStatus.CHANGED,
            "the page text differs from the stored content hash; nothing filled",
            evidence=fresh,
        )
    fill = {
        name: getattr(fresh, name)
        for name in EVIDENCE_FILLS
        if _empty(getattr(stored, name)) and not _empty(getattr(fresh, name))
    }
    if stored.content_hash is None and stored.retrieved_at is None and fresh.content_hash is not None:
        fill["content_hash"] = fresh.content_hash  # the pair says what was read when
        fill["retrieved_at"] = fresh.retrieved_at
    if not fill:
        return LinkResult(
            link, LinkStatus.UNCHANGED if stored.content_hash is not None else LinkStatus.READ, None, evidence=fresh
        )
    try:
        ledger.amend_evidence(link.claim_id, (Evidence.model_validate({"id": stored.id, **fill}),))
    except EvidenceAmendError as exc:  # another writer filled a field differently in between
        return LinkResult(link, LinkStatus.FAILED, str(exc), evidence=fresh)
    detail = "filled " + ", ".join(fill) + (f" (date from {read.date_source})" if "published_on" in fill else "")
    return LinkResult(link, LinkStatus.UPDATED, detail, evidence=fresh)
