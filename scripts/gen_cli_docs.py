"""Write docs/cli.md from the commands' own --help text (a test checks it is current)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import click  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from claimtrack.cli import main  # noqa: E402

INTRO = """# Command line

`claimtrack` (or `python -m claimtrack`) wraps the library: each command calls the public API and
prints. Every command takes `--ledger PATH` (or the `CLAIMTRACK_LEDGER` environment variable): a folder
of JSON files, a `.sqlite`/`.db` file, or a `postgresql://` URL. A new ledger is only ever created inside
a folder that exists. Commands that only read a ledger also take `--example NAME` instead: a bundled
example ledger, opened read-only (`claimtrack examples` lists them), so after `pip install claimtrack`
`claimtrack scorecard --example altman-lex-fridman-2024` works from any folder. Errors print one line
starting with `Error:` and exit with status 1 (2 for usage errors); a command that fails writes nothing. Output piped
into a reader that stops early (`claimtrack list | head`) ends quietly with status 141, as other Unix
tools do. Text from the ledger is printed with control characters shown as escapes (`\\x1b`), so a
claim cannot drive the terminal.

This page is generated from the commands' `--help` by `python scripts/gen_cli_docs.py`; a test fails
when it is out of date.
"""


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = (*prefix, name)
        if isinstance(command, click.Group):
            out.extend(commands(command, path))
        else:
            out.append(path)
    return out


def render() -> str:
    parts = [INTRO]
    runner = CliRunner()
    for path in commands(main):
        result = runner.invoke(main, [*path, "--help"], prog_name="claimtrack", terminal_width=100)
        text = result.output.replace("Usage: claimtrack", "Usage: claimtrack", 1).rstrip()
        parts.append(f"## claimtrack {' '.join(path)}\n\n```text\n{text}\n```\n")
    return "\n".join(parts)


def main_() -> int:
    target = ROOT / "docs" / "cli.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
