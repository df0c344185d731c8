"""Generated documentation pages are current."""

from __future__ import annotations

import sys

from tests.conftest import REPO


def test_benchmarks_page_is_current() -> None:
    """docs/benchmarks.md is what scripts/gen_benchmarks_doc.py puts together from docs/benchmarks.d/."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import gen_benchmarks_doc
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8") == gen_benchmarks_doc.render(), (
        "docs/benchmarks.md is stale: run python scripts/gen_benchmarks_doc.py"
    )


def test_every_docs_page_linked_from_the_index_exists() -> None:
    """The front page links only to pages that exist."""
    import re

    index = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", index):
        assert (REPO / "docs" / target).exists(), target
