"""``claimtrack import ...`` and ``claimtrack export ...``: summaries, idempotence, files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from claimtrack.cli import main


def run(*args: str, status: int = 0) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == status, result.output
    return result


def test_import_twice_then_export(review: Callable[..., dict[str, Any]], tmp_path: Path) -> None:
    ledger = str(tmp_path / "claims")
    run("init", "--ledger", ledger)
    source = tmp_path / "reviews.json"
    reviews = [review(1), review(2), {"@type": "WebPage"}, review(3, claimReviewed=None)]
    source.write_text(json.dumps(reviews))
    first = run("import", "claimreview", str(source), "--ledger", ledger, status=2)  # one record skipped
    assert "read 3 record(s); imported 2 into 2 claim(s); skipped 1" in first.output
    assert "skipped: 1 missing_claim" in first.output
    assert "ignored (not records of this format): 1 WebPage" in first.output
    assert "2 added, 0 merged (new events), 0 unchanged, 0 conflict(s)" in first.output
    second = run("import", "claimreview", str(source), "--ledger", ledger, status=2)
    assert "0 added, 0 merged (new events), 2 unchanged, 0 conflict(s)" in second.output

    out = tmp_path / "out.json"
    run("export", "jsonld", "--ledger", ledger, "-o", str(out))
    items = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(i["claimReviewed"] for i in items) == [
        "The moon is made of cheese (1)",
        "The moon is made of cheese (2)",
    ]
    again = run("import", "claimreview", str(out), "--ledger", ledger)
    assert "0 added, 0 merged (new events), 2 unchanged" in again.output

    csv_path = tmp_path / "out.csv"
    run("export", "csv", "--ledger", ledger, "--rows", "events", "--bom", "-o", str(csv_path))
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    from_csv = run("import", "csv", str(csv_path), "--ledger", ledger)
    assert "0 added, 0 merged (new events), 2 unchanged, 0 conflict(s)" in from_csv.output


def test_dry_run_and_user_ratings(review: Callable[..., dict[str, Any]], tmp_path: Path) -> None:
    ledger = str(tmp_path / "claims")
    run("init", "--ledger", ledger)
    source = tmp_path / "r.json"
    source.write_text(json.dumps(review(reviewRating={"@type": "Rating", "alternateName": "Spicy"})))
    dry = run("import", "claimreview", str(source), "--ledger", ledger, "--dry-run")
    assert "dry run" in dry.output
    assert "warnings: 1 unknown_rating" in dry.output
    assert json.loads(run("export", "jsonld", "--ledger", ledger).output) == []
    table = tmp_path / "mine.json"
    table.write_text(json.dumps({"Spicy": "mostly_false"}))
    done = run("import", "claimreview", str(source), "--ledger", ledger, "--ratings", str(table))
    assert "unknown_rating" not in done.output
    (item,) = json.loads(run("export", "jsonld", "--ledger", ledger).output)
    assert item["reviewRating"]["ratingValue"] == 2  # mostly_false on the 1..5 scale


def test_factcheck_api_and_averitec_files(tmp_path: Path) -> None:
    ledger = str(tmp_path / "claims")
    run("init", "--ledger", ledger)
    api = tmp_path / "search.json"
    api.write_text(
        json.dumps(
            {
                "claims": [
                    {
                        "text": "The moon is made of cheese",
                        "claimReview": [
                            {
                                "url": "https://checks.example.org/a",
                                "reviewDate": "2024-05-02",
                                "textualRating": "False",
                            }
                        ],
                    }
                ]
            }
        )
    )
    assert "1 added" in run("import", "factcheck-api", str(api), "--ledger", ledger).output
    dataset = tmp_path / "mini.json"
    dataset.write_text(json.dumps([{"claim": "Cheese moon", "label": "Refuted", "claim_date": "01-05-2024"}]))
    assert "1 added" in run("import", "averitec", str(dataset), "--ledger", ledger).output


def test_a_missing_ledger_is_created_and_said_so_before_reading(tmp_path: Path) -> None:
    """As by every import command: the ledger is created first, then the file is read (here: nothing in it)."""
    source = tmp_path / "r.json"
    source.write_text("[]")
    result = CliRunner().invoke(main, ["import", "claimreview", str(source), "--ledger", str(tmp_path / "nope")])
    assert result.exit_code == 2  # nothing was imported
    assert result.output.splitlines()[0] == f"no ledger at {tmp_path / 'nope'}: created an empty one"
    assert "Traceback" not in result.output
    assert (tmp_path / "nope").is_dir()
