"""Rendering scorecards: Markdown, one self-contained HTML page, JSON and rich terminal tables.

Each renderer takes a :class:`claimtrack.Scorecard` and returns text; every
string that comes from a claim is escaped for its format. The ``render_fidelity_*``
renderers do the same for a :class:`claimtrack.FidelityCard`, and :func:`notebook_html`
writes the short HTML a notebook shows for claims, ledgers, cards and check results.
"""

from claimtrack.renderers._format import plural
from claimtrack.renderers.fidelity_html import render_fidelity_html
from claimtrack.renderers.fidelity_json import FIDELITY_SCHEMA, render_fidelity_json
from claimtrack.renderers.fidelity_markdown import render_fidelity_markdown
from claimtrack.renderers.fidelity_terminal import fidelity_renderable, render_fidelity_terminal
from claimtrack.renderers.html import DEFAULT_MAX_CLAIMS, render_html
from claimtrack.renderers.json import SCHEMA, render_json
from claimtrack.renderers.markdown import escape_markdown, render_markdown
from claimtrack.renderers.notebook import notebook_html
from claimtrack.renderers.safe import terminal_safe
from claimtrack.renderers.terminal import TERMINAL_MAX_CLAIMS, render_terminal, renderable

__all__ = [
    "DEFAULT_MAX_CLAIMS",
    "FIDELITY_SCHEMA",
    "SCHEMA",
    "TERMINAL_MAX_CLAIMS",
    "escape_markdown",
    "fidelity_renderable",
    "notebook_html",
    "plural",
    "render_fidelity_html",
    "render_fidelity_json",
    "render_fidelity_markdown",
    "render_fidelity_terminal",
    "render_html",
    "render_json",
    "render_markdown",
    "render_terminal",
    "renderable",
    "terminal_safe",
]
