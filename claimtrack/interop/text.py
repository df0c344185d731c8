"""Plain text out of foreign values, and foreign values shown safely in problem messages.

:func:`clean_text` unescapes HTML entities, removes tags and replaces lone
surrogates (which JSON's ``\\ud800`` escapes can produce, and which no file
or database can store) with U+FFFD, with a warning. :func:`shown` is how a
problem message quotes an untrusted value: short, one level deep, and never
raising (a 5,000-digit integer cannot even be printed by ``repr``).
"""

from __future__ import annotations

import html
import re

__all__ = ["BAD_UNICODE", "clean_text", "shown", "text_problem_code", "without_surrogates"]

_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*|/[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

BAD_UNICODE = "lone surrogates replaced with U+FFFD"
"""The warning :func:`clean_text` gives for text that cannot be encoded as UTF-8."""


def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (the text unchanged when it has none)."""
    if text.isascii():
        return text
    return _SURROGATE.sub("\ufffd", text)


def text_problem_code(warning: str) -> str:
    """The problem code of a :func:`clean_text` warning: ``bad_unicode`` or ``html_text``."""
    return "bad_unicode" if BAD_UNICODE in warning else "html_text"


def clean_text(value: object) -> tuple[str | None, str | None]:
    """Plain text from a JSON-LD value, and a warning when it held HTML, entities or lone surrogates.

    ``&quot;`` and doubly escaped ``&amp;quot;`` are unescaped and tags are
    removed, because the schema says text and some publishers paste HTML.
    """
    if type(value) is str and "<" not in value and "&" not in value:  # the common case, fast
        text = value.strip()
        if text.isascii() or not _SURROGATE.search(text):
            return (text or None), None
        return (_SURROGATE.sub("\ufffd", text) or None), BAD_UNICODE
    if value is None:
        return None, None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            value = str(value)
        except ValueError:  # an integer over sys.get_int_max_str_digits() digits
            return None, None
    if not isinstance(value, str):
        return None, None
    text = value
    tags = entities = False
    if "<" in text and _TAG.search(text):
        text = _TAG.sub("", text)
        tags = True
    if "&" in text:
        for _ in range(3):
            unescaped = html.unescape(text)
            if unescaped == text:
                break
            text, entities = unescaped, True
    warning = _HTML_WARNINGS[tags, entities]
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        warning = BAD_UNICODE if warning is None else f"{warning}; {BAD_UNICODE}"
    text = text.strip()
    return (text or None), warning


_HTML_WARNINGS = {
    (False, False): None,
    (True, False): "HTML tags removed",
    (False, True): "HTML entities unescaped",
    (True, True): "HTML tags removed and entities unescaped",
}

_SHOWN_TEXT = 80
"""How many characters of a text a problem message quotes."""


def shown(value: object, *, depth: int = 0) -> str:
    """A short ``repr`` of an untrusted value for a message: texts cut, containers one level deep, never raising."""
    if isinstance(value, str):
        if len(value) <= _SHOWN_TEXT:
            return repr(value)
        return f"{value[:_SHOWN_TEXT]!r}... ({len(value):,} characters)"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() <= 128:
            return repr(value)
        return f"<a number of about {int(value.bit_length() * 0.30103) + 1:,} digits>"
    if isinstance(value, list | tuple):
        if depth or len(value) > 3:
            return f"<a list of {len(value):,} items>"
        return "[" + ", ".join(shown(v, depth=1) for v in value) + "]"
    if isinstance(value, dict):
        if depth or len(value) > 3:
            return f"<an object with {len(value):,} keys>"
        return "{" + ", ".join(f"{shown(k, depth=1)}: {shown(v, depth=1)}" for k, v in value.items()) + "}"
    return f"<{type(value).__name__}>"
