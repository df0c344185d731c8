"""Stable ids for imported records: the same input gives the same ids on every import.

A claim id is a readable slug (from the review URL, else the claim text) plus
a hash of what identifies the claim; evidence without a URL of its own gets a
short hash. Stable ids are what lets ``Ledger.merge`` tell a re-import (all
unchanged) from new data.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import unquote

__all__ = ["CLAIM_ID_PREFIX", "is_claim_id", "short_hash", "stable_claim_id"]

CLAIM_ID_PREFIX = "urn:claimtrack:claim:"
"""How exported ClaimReview names a claim in ``itemReviewed["@id"]``, so that a re-import keeps its id."""

_CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_URL_PARTS = re.compile(r"https?://(?:[^/?#@]*@)?(?:www\.)?([^/?#:]*)[^/?#]*([^?#]*)")


def is_claim_id(text: str) -> bool:
    """True when ``text`` can be used as a claim id as it is (lowercase slug, at most 200 characters)."""
    return _CLAIM_ID.fullmatch(text) is not None


def _slug(text: str, limit: int) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-")


def _host_slug(host: str) -> str:
    """The slug of a URL's host (``www.politifact.com`` -> ``politifact-com``); cached, hosts repeat."""
    if len(host) > 253:  # longer than any DNS name: not worth a place in the cache
        return _slug(host.lower().replace(".", "-"), 30)
    return _cached_host_slug(host)


@functools.lru_cache(maxsize=1024)
def _cached_host_slug(host: str) -> str:
    return _slug(host.lower().replace(".", "-"), 30)


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8 for hashing; a lone surrogate (from a JSON ``\\ud800`` escape) is hashed as it is."""
    return text.encode("utf-8", "surrogatepass")


def stable_claim_id(basis: str, *, url: str | None = None, text: str | None = None) -> str:
    """A claim id that is the same on every import: a readable slug plus a hash of ``basis``.

    The slug comes from the review URL (host and last path segment) or, when
    there is none, from the text; the hash makes it unique and stable.
    """
    slug = ""
    parts = _URL_PARTS.match(url) if url else None
    if parts is not None:
        path = parts[2]
        segment = (unquote(path) if "%" in path else path).rstrip("/").rpartition("/")[2]  # the last one
        last = _slug(segment, 60) if segment else ""
        host_slug = _host_slug(parts[1])
        slug = f"{host_slug}-{last}" if last else host_slug
    elif text:
        slug = _slug(text, 60)
    digest = hashlib.sha256(_utf8(basis)).hexdigest()[:12]
    slug = slug.strip("-")
    return f"{slug}-{digest}" if slug else f"claim-{digest}"


def short_hash(*parts: str) -> str:
    """A 16-hex-digit hash of ``parts`` (for ids of evidence without a URL of its own)."""
    return hashlib.sha256(_utf8("\x1f".join(parts))).hexdigest()[:16]
