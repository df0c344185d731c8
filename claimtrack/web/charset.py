"""Decode a fetched body to text when servers lie about, or forget, the charset.

Order of trust, from a survey of how pages go wrong in practice:

1. a byte-order mark;
2. a header or ``<meta>`` that declares a single-byte Western charset
   (ISO-8859-1, windows-1252, ASCII) while the bytes are valid UTF-8 with
   non-ASCII characters: the page is UTF-8 (multi-byte UTF-8 sequences almost
   never occur by chance in Latin-1 text, while mislabelled UTF-8 is common);
3. the charset in the Content-Type header, when the bytes decode cleanly with it;
4. the charset in ``<meta charset>`` / ``http-equiv``, when the bytes decode cleanly;
5. strict UTF-8;
6. windows-1252 with replacement characters, which never fails.

Unknown charset labels are skipped rather than raised.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_body", "meta_charset"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SINGLE_BYTE_WESTERN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def meta_charset(content: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares in the first 4 KiB, if any."""
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _strict(content: bytes, codec: str) -> str | None:
    try:
        return content.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``content`` given the header's charset; returns (text, codec name used)."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, errors="replace"), codec
    header = _codec(declared)
    meta = _codec(meta_charset(content))
    declared_codecs = [c for c in (header, meta) if c]
    if any(c in _SINGLE_BYTE_WESTERN for c in declared_codecs) and not content.isascii():
        text = _strict(content, "utf-8")
        if text is not None:
            return text, "utf-8"
    for codec in declared_codecs:
        text = _strict(content, codec)
        if text is not None:
            return text, codec
    text = _strict(content, "utf-8")
    if text is not None:
        return text, "utf-8"
    return content.decode("cp1252", errors="replace"), "cp1252"
