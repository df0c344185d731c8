"""URLs: the one definition of the absolute http(s) URL that claimtrack stores.

The schema (``Url`` fields) checks it in pydantic-core; the importers call
:func:`http_url` to drop a bad link with a warning instead of losing the whole
record to the schema; checking calls :func:`url_problem` on evidence that may
have been built around validation. All three use :data:`URL_PATTERN`, so a
link an importer keeps is a link the schema accepts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["URL_PATTERN", "http_url", "url_problem"]

URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x20\x7f/?#]+(?:[/?#][^\s\x00-\x20\x7f]*)?$"
"""An absolute http(s) URL with a host and no white space or control characters.

Checked by pydantic-core's regex engine in the schema rather than a Python
validator: URLs are the most frequent field of imported records, so this is
worth the speed.
"""

_URL = re.compile(URL_PATTERN)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def http_url(value: object) -> str | None:
    """``value`` without surrounding white space when it is an absolute http(s) URL, else None.

    For untrusted input: anything that is not a string is None, and so is a
    text with a lone surrogate, which no file or database can store.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isascii():
        return text if _ascii_url(text) else None
    if _SURROGATE.search(text):
        return None  # a lone surrogate (from a JSON \ud800 escape) cannot be stored or sent
    return text if _URL.fullmatch(text) else None


def _ascii_url(text: str) -> bool:
    """:data:`URL_PATTERN` for ASCII text, without the regex engine (links are most of what imports read).

    In ASCII, the pattern's characters (anything but white space and controls)
    are exactly the printable ones but the space; after ``http://`` or
    ``https://`` (scheme in any case) the host must not start with ``/``, ``?``
    or ``#``. tests/interop/test_boundaries.py holds it to the pattern.
    """
    if not text.isprintable() or " " in text:
        return False
    scheme = text[:8].lower()
    if scheme == "https://":
        rest = text[8:9]
    elif scheme[:7] == "http://":
        rest = text[7:8]
    else:
        return False
    return rest != "" and rest not in "/?#"


def url_problem(url: str | None) -> str | None:
    """Why ``url`` is not an absolute http(s) URL, or None when it is fine (or absent).

    Beyond :data:`URL_PATTERN`, the URL must split into parts: a host in
    brackets that is not an IPv6 address, for one, passes the pattern but
    cannot be fetched.
    """
    if url is None:
        return None
    try:
        urlsplit(url)
    except ValueError as exc:
        return f"malformed URL {url!r}: {exc}"
    if not _URL.fullmatch(url):
        return f"malformed URL {url!r}: not an absolute http(s) URL"
    return None
