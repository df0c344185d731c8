"""Ask the Google Fact Check Tools API whether someone already checked a claim (``claims:search``).

``GET {base_url}/v1alpha1/claims:search`` with ``query``, ``languageCode``,
``reviewPublisherSiteFilter``, ``maxAgeDays``, ``pageSize``, ``pageToken`` and
``offset``; the API key comes from ``CLAIMTRACK_FACTCHECK_API_KEY`` (or
``GOOGLE_FACTCHECK_API_KEY``) and travels in the ``X-Goog-Api-Key`` header, so
it never appears in a URL, a log line or an error message. The response is
read into frozen pydantic models; unknown fields are ignored because the API
is a moving ``v1alpha1`` and new fields must not break old clients.

The search response has no numeric rating and no appearances: only the
textual rating (``ClaimReview.reviewRating.alternateName``) per review.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from claimtrack.errors import ClaimtrackError
from claimtrack.web.config import JSON_TYPES
from claimtrack.web.errors import BadContentError
from claimtrack.web.fetcher import Fetcher

__all__ = [
    "API_KEY_VARIABLES",
    "DEFAULT_BASE_URL",
    "FactCheckClaim",
    "FactCheckClient",
    "FactCheckPublisher",
    "FactCheckResults",
    "FactCheckReview",
    "MissingApiKeyError",
]

DEFAULT_BASE_URL = "https://factchecktools.googleapis.com"
API_KEY_VARIABLES = ("CLAIMTRACK_FACTCHECK_API_KEY", "GOOGLE_FACTCHECK_API_KEY")


class MissingApiKeyError(ClaimtrackError, LookupError):
    """No API key for the Fact Check Tools API was given or found in the environment."""

    def __init__(self) -> None:
        super().__init__(f"no Fact Check Tools API key: set {' or '.join(API_KEY_VARIABLES)}")

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0])


class _ApiModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", alias_generator=to_camel, populate_by_name=True)


class FactCheckPublisher(_ApiModel):
    """Who published a review; ``site`` is the host derived from the review URL."""

    name: str | None = None
    site: str | None = None


class FactCheckReview(_ApiModel):
    """One fact-checker's review of a claim."""

    publisher: FactCheckPublisher | None = None
    url: str | None = None
    title: str | None = None
    review_date: datetime | None = None
    textual_rating: str | None = None
    language_code: str | None = None


class FactCheckClaim(_ApiModel):
    """A claim as the API indexes it, with every review found for it."""

    text: str | None = None
    claimant: str | None = None
    claim_date: datetime | None = None
    claim_review: tuple[FactCheckReview, ...] = ()


class FactCheckResults(_ApiModel):
    """One page of ``claims:search`` results; ``next_page_token`` is None on the last page."""

    claims: tuple[FactCheckClaim, ...] = ()
    next_page_token: str | None = None


@attrs.define
class FactCheckClient:
    """A ``claims:search`` client that sends every request through a :class:`Fetcher`."""

    fetcher: Fetcher
    api_key: str = attrs.field(repr=False)
    base_url: str = DEFAULT_BASE_URL

    @classmethod
    def from_env(
        cls, fetcher: Fetcher, *, environ: Mapping[str, str] | None = None, base_url: str = DEFAULT_BASE_URL
    ) -> FactCheckClient:
        """A client with the API key from the environment; raises MissingApiKeyError without one."""
        env = os.environ if environ is None else environ
        key = next((env[name] for name in API_KEY_VARIABLES if env.get(name)), None)
        if not key:
            raise MissingApiKeyError()
        return cls(fetcher, key, base_url)

    async def asearch(
        self,
        query: str | None = None,
        *,
        language_code: str | None = None,
        review_publisher_site_filter: str | None = None,
        max_age_days: int | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
        offset: int | None = None,
    ) -> FactCheckResults:
        """One page of reviews matching ``query`` (required unless a publisher site filter is given)."""
        if not query and not review_publisher_site_filter:
            raise ValueError("claims:search needs a query or review_publisher_site_filter")
        candidates: dict[str, str | int | None] = {
            "query": query,
            "languageCode": language_code,
            "reviewPublisherSiteFilter": review_publisher_site_filter,
            "maxAgeDays": max_age_days,
            "pageSize": page_size,
            "pageToken": page_token,
            "offset": offset,
        }
        params = {k: v for k, v in candidates.items() if v is not None and v != ""}
        url = self.base_url.rstrip("/") + "/v1alpha1/claims:search"
        page = await self.fetcher.afetch(
            url, params=params, content_types=JSON_TYPES, headers={"X-Goog-Api-Key": self.api_key}
        )
        try:
            return FactCheckResults.model_validate_json(page.content)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(response)"
            message = f"unexpected claims:search response at {where}: {first['msg']}"
            raise BadContentError(message, url=page.url) from None

    async def asearch_all(self, query: str | None = None, *, max_pages: int = 5, **options: Any) -> FactCheckResults:
        """Follow ``nextPageToken`` for up to ``max_pages`` pages; returns all claims in one result."""
        claims: list[FactCheckClaim] = []
        token: str | None = None
        for _ in range(max_pages):
            results = await self.asearch(query, page_token=token, **options)
            claims.extend(results.claims)
            token = results.next_page_token
            if not token:
                break
        return FactCheckResults(claims=tuple(claims), next_page_token=token)

    def search(self, query: str | None = None, **options: Any) -> FactCheckResults:
        """Sync :meth:`asearch`."""

        async def call() -> FactCheckResults:
            return await self.asearch(query, **options)

        return self.fetcher.run(call)

    def search_all(self, query: str | None = None, *, max_pages: int = 5, **options: Any) -> FactCheckResults:
        """Sync :meth:`asearch_all`."""

        async def call() -> FactCheckResults:
            return await self.asearch_all(query, max_pages=max_pages, **options)

        return self.fetcher.run(call)
