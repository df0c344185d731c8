"""Plain text out of foreign values: HTML entities unescaped and tags removed, with a warning."""

from __future__ import annotations

import html
import re

__all__ = ["clean_text"]

_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*|/[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")


def clean_text(value: object) -> tuple[str | None, str | None]:
    """Plain text from a JSON-LD value, and a warning when it held HTML entities or tags.

    ``&quot;`` and doubly escaped ``&amp;quot;`` are unescaped and tags are
    removed, because the schema says text and some publishers paste HTML.
    """
    if type(value) is str and "<" not in value and "&" not in value:  # the common case, fast
        return (value.strip() or None), None
    if value is None:
        return None, None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None, None
    text = value
    warning = None
    if "<" in text and _TAG.search(text):
        text = _TAG.sub("", text)
        warning = "HTML tags removed"
    if "&" in text:
        for _ in range(3):
            unescaped = html.unescape(text)
            if unescaped == text:
                break
            text = unescaped
            warning = "HTML entities unescaped" if warning is None else "HTML tags removed and entities unescaped"
    text = text.strip()
    return (text or None), warning
