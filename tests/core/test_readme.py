"""The README's library example runs as written, and its first command's ledger exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_exactly_two_commands() -> None:
    """The first code block holds the two Quickstart commands: run the scorecard, run the suite."""
    first = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first is not None
    commands = [line for line in first.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "claimtrack scorecard --ledger fixtures/altman-lex-fridman-2024" in commands[0]
    assert commands[1].startswith("./scripts/test")
    assert (REPO / ".ci" / "run").read_text().count("./scripts/test") == 1


def test_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The Python example prints what its comments say, run from a folder that is not the repository's."""
    monkeypatch.chdir(tmp_path)
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    exec(compile(code.group(1), str(Path("README.md")), "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("今年、素晴らしいモデルをリリースする")
    assert out[1] == "this year 2024-12-31"
    assert out[2:5] == ["true", "open", "()"]
    assert out[5] == "# Scorecard by kind"
    assert list(tmp_path.iterdir()) == []  # it opened the bundled ledger by name and created nothing here
