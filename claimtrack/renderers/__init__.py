"""Rendering scorecards: Markdown, one self-contained HTML page, JSON and rich terminal tables.

Each renderer takes a :class:`claimtrack.Scorecard` and returns text; every
string that comes from a claim is escaped for its format.
"""

from claimtrack.renderers.html import DEFAULT_MAX_CLAIMS, render_html
from claimtrack.renderers.json import SCHEMA, render_json
from claimtrack.renderers.markdown import escape_markdown, render_markdown
from claimtrack.renderers.safe import terminal_safe
from claimtrack.renderers.terminal import render_terminal, renderable

__all__ = [
    "DEFAULT_MAX_CLAIMS",
    "SCHEMA",
    "escape_markdown",
    "render_html",
    "render_json",
    "render_markdown",
    "render_terminal",
    "renderable",
    "terminal_safe",
]
