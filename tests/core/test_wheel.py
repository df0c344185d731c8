"""The wheel carries the bundled ledger, and a plain install reads it by name from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

from tests.conftest import BUNDLED, REPO

NAME = "altman-lex-fridman-2024"
INSIDE = f"claimtrack/_examples/{NAME}/"


def _wheel(directory: Path) -> Path:
    """The wheel the project's build configuration makes (hatchling, in process: a fraction of a second)."""
    built = list(WheelBuilder(str(REPO)).build(directory=str(directory), versions=["standard"]))
    assert len(built) == 1
    return Path(built[0])


def test_the_wheel_holds_every_file_of_the_bundled_ledger_as_it_is(tmp_path: Path) -> None:
    with zipfile.ZipFile(_wheel(tmp_path)) as wheel:
        shipped = {name[len(INSIDE) :]: wheel.read(name) for name in wheel.namelist() if name.startswith(INSIDE)}
        assert "claimtrack/examples.py" in wheel.namelist()
    wanted = {"ledger.json", "README.md"} | {f"claims/{p.name}" for p in (BUNDLED / "claims").glob("*.json")}
    assert set(shipped) == wanted  # the ledger's files, and no lock or staging folder
    for relative, data in shipped.items():
        assert data == (BUNDLED / relative).read_bytes(), relative


@pytest.mark.slow
def test_a_plain_install_scores_the_example_from_any_folder(tmp_path: Path) -> None:
    """``pip install`` of the wheel into a fresh environment, then the CLI and the library outside the repository.

    The environment sees the test run's packages (``--system-site-packages``) for the dependencies, but its
    own claimtrack, from the wheel, comes first on its path: the test checks which one it imported.
    """
    wheel = _wheel(tmp_path / "dist")
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CLAIMTRACK_LEDGER")}
    card = subprocess.run(
        [str(env_dir / "bin" / "claimtrack"), "scorecard", "--example", NAME, "--as-of", "2026-11-27"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert card.startswith("# Scorecard by speaker")
    assert "| **All claims** | 60 |" in card
    code = (
        f"import claimtrack as ct; l = ct.examples.open({NAME!r}); "
        "print(ct.__file__); print(l.store.location); print(l.status('amazing-model-2024').value)"
    )
    out = subprocess.run(
        [str(python), "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    site = env_dir.resolve()
    assert Path(out[0]).resolve().is_relative_to(site)  # the wheel's claimtrack, not the repository's
    assert Path(out[1]).resolve().is_relative_to(site)  # and its copy of the ledger
    assert out[2] == "true"
    assert list(elsewhere.iterdir()) == []
