"""Web commands: fetch (refresh link metadata), archive (Wayback copies), factcheck search."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from claimtrack.cli._common import cli_errors, echo, echo_json, format_option, ledger_option, open_ledger
from claimtrack.web import (
    DEFAULT_WAYBACK,
    FactCheckClient,
    Fetcher,
    HttpCache,
    LinkResult,
    LinkStatus,
    Politeness,
    Wayback,
    aarchive_ledger,
    arefresh_ledger,
    ledger_links,
)

__all__ = ["register"]

CACHE_ENV = "CLAIMTRACK_HTTP_CACHE"


def register(main: click.Group) -> None:
    """Add the web commands to the ``claimtrack`` group."""
    main.add_command(fetch)
    main.add_command(archive)
    main.add_command(factcheck)


def _fetcher(concurrency: int, cache: str | None, allow_private: bool) -> Fetcher:
    return Fetcher(
        politeness=Politeness(concurrency=concurrency),
        cache=HttpCache(cache) if cache else None,
        allow_private=allow_private,
    )


def _wayback(allow_private: bool) -> Wayback:
    """The Wayback endpoints, overridable through the environment (tests and private mirrors use this).

    Links to private hosts go only to an archive named in the environment, and
    only with ``--allow-private``: never to the public Wayback Machine.
    """
    api_url = os.environ.get("CLAIMTRACK_WAYBACK_API_URL")
    save_url = os.environ.get("CLAIMTRACK_WAYBACK_SAVE_URL")
    return Wayback(
        api_url=api_url or DEFAULT_WAYBACK.api_url,
        save_url=save_url or DEFAULT_WAYBACK.save_url,
        private_urls=allow_private and bool(api_url or save_url),
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _common_web_options(func: Any) -> Any:
    func = click.option(
        "--allow-private",
        is_flag=True,
        help="Fetch hosts on private/loopback networks too (the SSRF guard is on by default).",
    )(func)
    func = click.option(
        "--cache",
        envvar=CACHE_ENV,
        metavar="FILE",
        help=f"SQLite file for the HTTP cache (ETag/Last-Modified revalidation); also ${CACHE_ENV}.",
    )(func)
    return click.option("--concurrency", default=8, show_default=True, help="Links fetched at once.")(func)


@click.command()
@ledger_option
@_common_web_options
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write the freshly read evidence as JSON Lines to this file."
)
@cli_errors
def fetch(ledger_path: str, concurrency: int, cache: str | None, allow_private: bool, out: str | None) -> None:
    """Re-read every source and evidence link: fill missing metadata, spot changed pages.

    Sources missing a title, publisher, publication date or language get them
    from the page. Evidence is compared with its stored content hash; unless
    the page changed, its empty fields (title, publisher, publication date,
    language, excerpt, content hash) are filled in the ledger. A value
    already stored is never overwritten.

    Example:

    \b
        claimtrack fetch --ledger claims/ --out refreshed.jsonl
    """
    with open_ledger(ledger_path) as ledger, _fetcher(concurrency, cache, allow_private) as fetcher:
        links = ledger_links(ledger)
        with _progress() as progress:
            task = progress.add_task("fetching", total=len(links))

            def advance(result: LinkResult) -> None:
                progress.advance(task)

            async def run() -> list[LinkResult]:
                return await arefresh_ledger(ledger, fetcher, on_result=advance)

            results = fetcher.run(run)
    _summarise(results)
    if out:
        with Path(out).open("w", encoding="utf-8") as fh:
            for result in results:
                if result.evidence is not None:
                    fh.write(result.evidence.model_dump_json() + "\n")


@click.command()
@ledger_option
@_common_web_options
@click.option("--no-save", is_flag=True, help="Only look up existing snapshots; never ask for a new one.")
@cli_errors
def archive(ledger_path: str, concurrency: int, cache: str | None, allow_private: bool, no_save: bool) -> None:
    """Give every source and evidence link a Wayback Machine copy (resumable).

    Each copy is stored as the link's ``archived_url`` in the ledger as soon
    as it is made, on sources and on evidence alike. Re-running skips links
    that already have a copy, so an interrupted run resumes where it stopped.

    Links whose query carries a secret (token=, key=, password=...) are never
    sent to the archive, nor are links to private hosts (169.254.169.254,
    10.x, localhost...) unless the archive is a mirror named by
    $CLAIMTRACK_WAYBACK_API_URL / $CLAIMTRACK_WAYBACK_SAVE_URL and
    --allow-private is given; each refused link is reported as failed.

    Example:

    \b
        claimtrack archive --ledger claims/
    """
    wayback = _wayback(allow_private)
    with open_ledger(ledger_path) as ledger, _fetcher(concurrency, cache, allow_private) as fetcher:
        total = len(ledger_links(ledger))
        with _progress() as progress:
            task = progress.add_task("archiving", total=total)

            def advance(result: LinkResult) -> None:
                progress.advance(task)

            async def run() -> list[LinkResult]:
                return await aarchive_ledger(ledger, fetcher, save=not no_save, on_result=advance, wayback=wayback)

            results = fetcher.run(run)
    _summarise(results)


def _summarise(results: list[LinkResult]) -> None:
    counts: dict[LinkStatus, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == LinkStatus.FAILED:
            echo(f"failed  {result.link.claim_id}  {result.link.url}: {result.detail}", err=True)
        elif result.status in {LinkStatus.ARCHIVED, LinkStatus.CHANGED, LinkStatus.UPDATED}:
            detail = result.archived_url or result.detail or ""
            echo(f"{result.status:<8} {result.link.claim_id}  {result.link.url}  {detail}".rstrip())
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no links"
    echo(summary)


@click.group()
def factcheck() -> None:
    """Search existing fact-checks (Google Fact Check Tools API)."""


@factcheck.command(name="search")
@click.argument("query")
@click.option("--language", help="BCP 47 language code, e.g. en or ja.")
@click.option("--site", help="Only reviews by this publisher site, e.g. politifact.com.")
@click.option("--max-age-days", type=int, help="Only claims or reviews newer than this many days.")
@click.option("--page-size", type=int, default=10, show_default=True)
@click.option("--pages", type=int, default=1, show_default=True, help="Follow nextPageToken up to this many pages.")
@format_option("the results")
@click.option("--base-url", envvar="CLAIMTRACK_FACTCHECK_BASE_URL", hidden=True)
@click.option("--allow-private", is_flag=True, hidden=True)
@cli_errors
def search(
    query: str,
    language: str | None,
    site: str | None,
    max_age_days: int | None,
    page_size: int,
    pages: int,
    as_json: bool,
    base_url: str | None,
    allow_private: bool,
) -> None:
    """Find published reviews of claims matching QUERY. Needs $CLAIMTRACK_FACTCHECK_API_KEY.

    Example:

    \b
        claimtrack factcheck search "Media Manager opt-out" --language en
    """
    with Fetcher(allow_private=allow_private) as fetcher:
        options: dict[str, Any] = {} if not base_url else {"base_url": base_url}
        client = FactCheckClient.from_env(fetcher, **options)
        results = client.search_all(
            query,
            max_pages=pages,
            language_code=language,
            review_publisher_site_filter=site,
            max_age_days=max_age_days,
            page_size=page_size,
        )
    if as_json:
        echo_json(json.dumps(results.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False))
        return
    if not results.claims:
        echo("no fact-checks found")
        return
    for claim in results.claims:
        who = f"{claim.claimant}: " if claim.claimant else ""
        echo(f"{who}{claim.text or '(no text)'}")
        for review in claim.claim_review:
            publisher = review.publisher.name or review.publisher.site if review.publisher else None
            when = review.review_date.date().isoformat() if review.review_date else "undated"
            echo(f"  {review.textual_rating or '?'} -- {publisher or 'unknown'} ({when}) {review.url or ''}")
