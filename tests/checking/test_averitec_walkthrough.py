"""The AVeriTeC walkthrough of docs/checking.md runs as written and prints what the page shows.

Each output block of the walkthrough is marked ``<!-- walkthrough:NAME -->``; this test repeats the
steps (pick the claims, import, make the queue with the page's own script, check, review, compare,
score) in a temporary folder and compares every block with what the commands print now. It needs the
AVeriTeC dev split (not shipped) and is skipped without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from tests.conftest import REPO, SHARED

DEV = SHARED / "data" / "averitec" / "dev.json"
PAGE = (REPO / "docs" / "checking.md").read_text(encoding="utf-8")
QUEUE = ["--evidence", "answers.json", "--ledger", "averitec-queue", "--as-of", "2021-06-01", "--stance", "qa"]
REJECTED_BECAUSE = "the claim says zero deaths, so a yes to deaths under 20 refutes it"
HUNTER_BIDEN = "averitec-leadstories-com-fact-check-no-evidence-that-hunter-biden-is-dead-html-d5effd0af88b"

pytestmark = pytest.mark.skipif(
    not DEV.exists(), reason=f"the AVeriTeC dev split is not at {DEV} (set CLAIMTRACK_SHARED to the shared folder)"
)


def block(name: str) -> str:
    """The fenced block that follows ``<!-- walkthrough:NAME -->`` on the page."""
    found = re.search(rf"<!-- walkthrough:{name} -->\n```\w*\n(.*?)```", PAGE, re.S)
    assert found is not None, f"no walkthrough block {name!r} in docs/checking.md"
    return found.group(1)


def run(*args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_walkthrough_prints_what_the_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    picked = re.search(r"jq '\[\.\[([\d, ]+)\]\]' dev\.json > sample\.json", PAGE)
    assert picked is not None
    indices = [int(i) for i in picked.group(1).split(",")]
    items = json.loads(DEV.read_text(encoding="utf-8"))
    sample = [items[i] for i in indices]
    Path("sample.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    assert block("labels") == "".join(f"{it['label']}: {it['claim']}\n" for it in sample)

    imported = run("init", "--ledger", "averitec-gold") + run(
        "import", "averitec", "sample.json", "--ledger", "averitec-gold"
    )
    assert imported == block("import")

    script = block("make_queue")
    Path("make_queue.py").write_text(script, encoding="utf-8")
    printed: list[str] = []
    exec(compile(script, "make_queue.py", "exec"), {"print": lambda *a: printed.append(" ".join(map(str, a)))})
    assert "\n".join(printed) + "\n" == block("make_queue_output")

    assert run("check", *QUEUE) == block("check")

    answers = f"a\na\na\nr\n{REJECTED_BECAUSE}\n"
    reviewed = run("review", *QUEUE, "--by", "walkthrough", input=answers)
    shown = [line for line in block("review").splitlines() if not line.startswith("accept, reject or skip?")]
    for line in shown:
        if line.startswith("  recorded evt-"):
            assert "  recorded evt-" in reviewed
        elif line.startswith("reason (optional): "):  # the prompt shows the reason typed, which the run echoes
            assert REJECTED_BECAUSE in line
            assert REJECTED_BECAUSE in reviewed
        else:
            assert line in reviewed.splitlines(), line

    history = run("history", HUNTER_BIDEN, "--ledger", "averitec-queue")
    again = run("check", *QUEUE).splitlines()[-2:]
    assert history + "\n".join(again) + "\n" == block("after_review")

    assert run("list", "--ledger", "averitec-queue", "--as-of", "2021-06-01") == block("list_queue")
    assert run("list", "--ledger", "averitec-gold", "--as-of", "2021-06-01") == block("list_gold")
    card = run("scorecard", "--ledger", "averitec-queue", "--as-of", "2021-06-01")
    assert card.startswith(block("scorecard"))
