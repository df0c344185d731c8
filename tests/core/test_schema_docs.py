"""docs/schema/ holds the current JSON Schema of every persisted model."""

from __future__ import annotations

import json

from claimtrack.model import schema_documents
from tests.conftest import REPO


def test_schema_files_are_current() -> None:
    """Each model's schema on disk equals the one the code generates (run scripts/export_schema.py)."""
    folder = REPO / "docs" / "schema"
    documents = schema_documents()
    on_disk = {p.name.removesuffix(".schema.json") for p in folder.glob("*.schema.json")}
    assert on_disk == set(documents)
    for name, schema in documents.items():
        stored = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert stored == schema, f"docs/schema/{name}.schema.json is stale: run python scripts/export_schema.py"
