"""Rendering scorecards: Markdown, one self-contained HTML page, JSON and rich terminal tables.

Each renderer takes a :class:`claimtrack.Scorecard` and returns text; every
string that comes from a claim is escaped for its format.
"""

from claimtrack.render.html import render_html
from claimtrack.render.json import SCHEMA, render_json
from claimtrack.render.markdown import escape_markdown, render_markdown
from claimtrack.render.terminal import render_terminal

__all__ = ["SCHEMA", "escape_markdown", "render_html", "render_json", "render_markdown", "render_terminal"]
