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

Unknown charset labels are skipped rather than raised, and so are labels of
Python codecs that are no web text encoding: ``undefined`` (which raises on
every input), ``idna``/``punycode`` (slow, and no page encoding), the
``unicode_escape`` family and the bytes-to-bytes codecs (``zlib``,
``base64``). Only the encodings of the WHATWG Encoding Standard that Python
has (:data:`WEB_CODECS`) are honoured, as a browser would. Decoding never
raises: the last resort decodes with replacement characters.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["WEB_CODECS", "decode_body", "meta_charset"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SINGLE_BYTE_WESTERN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

WEB_CODECS = frozenset(
    codecs.lookup(label).name
    for label in (
        "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1",
        "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8",
        "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16",
        "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
        "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "tis-620",
        "shift_jis", "cp932", "euc-jp", "iso-2022-jp", "euc-kr", "cp949", "gbk", "gb2312", "gb18030",
        "big5", "big5hkscs",
    )
)  # fmt: skip
"""Python codec names of the web's text encodings (the WHATWG Encoding Standard's, as far as Python has them)."""


def meta_charset(content: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares in the first 4 KiB, if any."""
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    return name if name in WEB_CODECS else None


def _strict(content: bytes, codec: str) -> str | None:
    try:
        return content.decode(codec)
    except (UnicodeError, LookupError):
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
