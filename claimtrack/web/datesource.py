"""Where a page's publication date was read from: the closed vocabulary of ``PageMeta.date_source``.

:func:`claimtrack.web.extract.read_html` takes the date from the first source
that has one, most reliable first: schema.org JSON-LD, then one of a fixed
list of ``<meta>`` names, then a ``<time>`` element, then the URL path. Each
value names one of those places; its text is what appears in
``Evidence.note`` ("published_on from meta:article:published_time"), so the
members are :class:`enum.StrEnum` and print exactly as the strings did.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DateSource"]


class DateSource(StrEnum):
    """How a page's ``published_on`` was found; ``meta:<name>`` members name the ``<meta>`` tag."""

    JSON_LD = "json-ld:datePublished"
    """A ``datePublished`` in any schema.org JSON-LD node (``@graph`` and nested nodes included)."""
    META_ARTICLE_PUBLISHED_TIME = "meta:article:published_time"
    META_OG_ARTICLE_PUBLISHED_TIME = "meta:og:article:published_time"
    META_OG_PUBLISHED_TIME = "meta:og:published_time"
    META_DATEPUBLISHED = "meta:datepublished"
    """Microdata ``itemprop=datePublished`` on a ``<meta>`` tag (names are compared in lower case)."""
    META_PUBLISH_DATE = "meta:publish-date"
    META_PUBLISHDATE = "meta:publishdate"
    META_PUBDATE = "meta:pubdate"
    META_PARSELY_PUB_DATE = "meta:parsely-pub-date"
    META_SAILTHRU_DATE = "meta:sailthru.date"
    META_DC_DATE_ISSUED = "meta:dc.date.issued"
    META_DCTERMS_ISSUED = "meta:dcterms.issued"
    META_DC_DATE = "meta:dc.date"
    META_DCTERMS_DATE = "meta:dcterms.date"
    META_DCTERMS_CREATED = "meta:dcterms.created"
    META_CITATION_PUBLICATION_DATE = "meta:citation_publication_date"
    META_CITATION_DATE = "meta:citation_date"
    META_DATE = "meta:date"
    TIME = "time"
    """A ``<time datetime>`` element (one marked ``pubdate`` or ``itemprop=datePublished`` first)."""
    URL = "url"
    """A date in the URL path (``/2024/06/19/``, ``/05/15/2024/``, ``/2024-06-19``, or a month ``/2024/06/``)."""

    @property
    def meta_name(self) -> str | None:
        """The ``<meta>`` name or property this date was read from, or None for the other sources."""
        return self.value.removeprefix("meta:") if self.value.startswith("meta:") else None
