"""Text made safe to print on a terminal: control characters shown, never obeyed.

Claim text, quotes, notes and evidence titles come from people and pages the
reader does not control. Printed as they are, an ESC sequence in one of them
can clear the screen (CSI 2J), set the window title (OSC 0), write to the
clipboard (OSC 52) or hide the rest of a line; a lone carriage return can
overwrite what came before it, and bidirectional overrides can make a line
read differently from what it holds. Everything the library prints to a
terminal goes through :func:`terminal_safe`, which turns each such character
into a visible escape (``\\x1b``, ``\\u202e``) so the reader sees that it was
there and nothing acts on it.
"""

from __future__ import annotations

import re

__all__ = ["terminal_safe"]

# C0 controls except tab and newline, DEL, the C1 block (whose 0x9B is a one-byte CSI),
# and the bidirectional embedding, override and isolate marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character a terminal would act on written as a visible escape.

    Tab and newline are kept unless ``one_line`` is true, for values printed
    inside a single line (a list row), where a newline would forge the next row.
    Printable text of every script is left alone.
    """
    pattern = _UNSAFE_OR_NEWLINE if one_line else _UNSAFE
    return pattern.sub(_visible, text)
