"""mkdocs hook (mkdocs.yml: hooks): show the docstrings' Sphinx roles as plain code in the API reference.

The docstrings cite names with reST roles (:class:`Ledger`, :func:`scorecard`); mkdocstrings renders the
name as code but leaves the role's prefix in the text. This drops the prefix; the name stays code.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):(?=<code>)")


def on_page_content(html: str, **_: Any) -> str:
    """Remove the ``:class:``-style prefixes that come right before a code span."""
    return _ROLE.sub("", html)
