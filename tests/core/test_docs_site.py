"""The docs site (mkdocs.yml) builds with --strict: a broken link, a missing anchor or a bad reference fails."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_docs_site_builds_strictly(tmp_path: Path) -> None:
    """`mkdocs build --strict` exits 0 and writes the home page, the tutorials and the API reference."""
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    assert (site / "index.html").is_file()
    assert (site / "tutorial-bundled" / "index.html").is_file()
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    # The reference is generated from the docstrings: a public class, a function and a subpackage are there.
    for name in (
        "claimtrack.ledger.Ledger",
        "claimtrack.scoring",
        "claimtrack.ledger.replay.replay",
        "claimtrack.interop.averitec",
    ):
        anchor = f'id="{name}"'
        assert anchor in api, anchor


def _console_blocks(page: str) -> list[tuple[str, str]]:
    """The ```console blocks of a page: (command after "$ ", the output printed under it)."""
    blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", page, re.S)
    return [(command, output.rstrip("\n")) for command, output in blocks]


def test_bundled_ledger_tutorial_shows_real_output(tmp_path: Path) -> None:
    """Every command of docs/tutorial-bundled.md prints what the page shows (the scorecard: its first lines)."""
    page = (REPO / "docs" / "tutorial-bundled.md").read_text(encoding="utf-8")
    blocks = _console_blocks(page)
    assert len(blocks) >= 6
    for command, shown in blocks:
        args = shlex.split(command)
        assert args[0] == "claimtrack", command
        # Commands reading the bundled ledger by name run from elsewhere; the rest from the repository's root.
        cwd = REPO if any(arg.startswith(("fixtures/", "docs/")) for arg in args) else tmp_path
        done = subprocess.run(
            [sys.executable, "-m", "claimtrack", *args[1:]],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        printed = (done.stdout + done.stderr).rstrip("\n")
        if args[1] == "scorecard":  # the page shows the card's first lines and says so
            printed = "\n".join(printed.splitlines()[: len(shown.splitlines())])
        assert printed == shown, command
    python = re.search(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", page, re.S)
    assert python is not None
    done = subprocess.run(
        [sys.executable, "-c", python.group(1)], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.rstrip("\n") == python.group(2).rstrip("\n")
