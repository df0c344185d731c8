"""docs/tour.ipynb runs top to bottom in a fresh kernel, from a folder that is not the repository's."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests.conftest import REPO

TOUR = REPO / "docs" / "tour.ipynb"


def _shown(cell: nbformat.NotebookNode, mime: str) -> str:
    return "".join(str(o.get("data", {}).get(mime, "")) for o in cell.outputs if o.output_type == "execute_result")


def test_the_tour_is_stored_without_outputs() -> None:
    """Outputs come from running it (here, and in CI), never from a stale copy in the file."""
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) > 10
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


def test_the_tour_runs_and_shows_each_object(tmp_path: Path) -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when any cell fails
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    by_source = {cell.source.splitlines()[-1]: cell for cell in code}
    assert "<strong>Ledger</strong>" in _shown(by_source["ledger"], "text/html")
    assert "64 claims" in _shown(by_source["ledger"], "text/html")
    assert "<strong>Claim</strong> <code>capable-systems-end-of-decade</code>" in _shown(
        by_source["claim"], "text/html"
    )
    card = by_source["card"]
    assert "<strong>Scorecard</strong> by kind" in _shown(card, "text/html")
    assert _shown(card, "text/plain").startswith("Scorecard(by='kind', as_of=2026-11-27, claims=60,")
    frame = next(cell for cell in code if cell.source.startswith("card.to_pandas()"))
    assert "hit_rate_low" in _shown(frame, "text/html")
    drift = next(cell for cell in code if cell.source.startswith("primary, secondary"))
    assert "<td>10年</td>" in _shown(drift, "text/html")
    refused = next(cell for cell in code if cell.source.startswith("try:"))
    assert "is read-only" in "".join(o.get("text", "") for o in refused.outputs if o.output_type == "stream")
    assert _shown(code[-1], "text/plain") == "('false', 'open')"
    assert list(tmp_path.iterdir()) == []  # it wrote nothing where it ran
