"""What a fetch returns: the :class:`Page`, the page read as evidence, and one outcome of a batch.

These are plain values with no network behind them, so code that only reads
fetched pages (tests, the archive and fact-check clients, ledger upkeep)
depends on them without depending on the client that fetched them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cached_property
from typing import Any, Generic, TypeVar

import attrs

from claimtrack.errors import FetchError
from claimtrack.model import Evidence
from claimtrack.web.charset import decode_body
from claimtrack.web.datesource import DateSource
from claimtrack.web.extract import PageMeta, read_html

__all__ = ["FetchOutcome", "Page", "PageEvidence", "evidence_from_page", "outcomes_ok"]

T = TypeVar("T")


@attrs.frozen
class Page:
    """A fetched response body with where it finally came from and how.

    ``content`` is the raw body (at most the fetcher's ``Limits.max_bytes``);
    ``text`` decodes it with the charset rules of
    :func:`claimtrack.web.charset.decode_body`. ``redirects`` lists the URLs
    passed through before ``url``.
    """

    url: str
    requested_url: str
    status: int
    content_type: str | None
    charset: str | None
    headers: tuple[tuple[str, str], ...]
    content: bytes = attrs.field(repr=lambda c: f"<{len(c)} bytes>")
    retrieved_at: datetime
    redirects: tuple[str, ...] = ()
    from_cache: bool = False
    revalidated: bool = False

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @cached_property
    def decoded(self) -> tuple[str, str]:
        """(text, codec used)."""
        return decode_body(self.content, self.charset)

    @property
    def text(self) -> str:
        """The body as text."""
        return self.decoded[0]

    @property
    def encoding(self) -> str:
        """The codec the body was decoded with."""
        return self.decoded[1]


@attrs.frozen
class PageEvidence:
    """A page read as evidence: the :class:`Evidence`, where its date came from, and any ClaimReviews.

    ``claim_reviews`` are the raw schema.org ClaimReview dicts found in the
    page's JSON-LD; :mod:`claimtrack.interop.claimreview` converts them.
    """

    evidence: Evidence
    date_source: DateSource | None
    claim_reviews: tuple[dict[str, Any], ...]
    page: Page
    meta: PageMeta


def evidence_from_page(page: Page) -> PageEvidence:
    """Read :class:`PageEvidence` from a fetched HTML page (no network)."""
    meta = read_html(page.text, page.url, {k.lower(): v for k, v in page.headers})
    note = f"published_on from {meta.date_source}" if meta.date_source else "no publication date found"
    evidence = Evidence.model_validate(
        {
            "url": page.url,
            "title": meta.title,
            "publisher": meta.publisher,
            "published_on": meta.published_on,
            "language": meta.language,
            "excerpt": meta.excerpt,
            "content_hash": meta.text_hash,
            "retrieved_at": page.retrieved_at,
            "note": note,
        }
    )
    return PageEvidence(evidence, meta.date_source, meta.claim_reviews, page, meta)


@attrs.frozen
class FetchOutcome(Generic[T]):
    """One item of a batch: the ``value`` fetched, or the typed ``error`` that stopped it."""

    url: str
    value: T | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.error is None


def outcomes_ok(outcomes: Sequence[FetchOutcome[T]]) -> list[T]:
    """The values of the successful outcomes, in order."""
    return [o.value for o in outcomes if o.value is not None]
