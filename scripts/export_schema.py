"""Write the JSON Schema of every persisted model to docs/schema/ (a test checks it is current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.model import schema_documents  # noqa: E402


def main() -> int:
    out = ROOT / "docs" / "schema"
    out.mkdir(parents=True, exist_ok=True)
    docs = schema_documents()
    for name, schema in docs.items():
        (out / f"{name}.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    for stale in out.glob("*.schema.json"):
        if stale.name.removesuffix(".schema.json") not in docs:
            stale.unlink()
    print(f"wrote {len(docs)} schemas to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
