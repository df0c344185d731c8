"""Names a subpackage exports stay exported: scripts import them from there.

``subpackage_api.json`` records each subpackage's ``__all__``. A name may be
added freely; removing or renaming one breaks scripts, so it fails here
until the change is deliberate (keep an alias, or edit the file and say so in
the CHANGELOG).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import pytest

import claimtrack

PINNED: dict[str, list[str]] = json.loads((Path(__file__).with_name("subpackage_api.json")).read_text("utf-8"))


def _public_subpackages() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(claimtrack.__path__, "claimtrack.")
        if info.ispkg and not any(part.startswith("_") for part in info.name.split(".")[1:])
    )


def test_every_public_subpackage_is_pinned() -> None:
    assert set(_public_subpackages()) <= set(PINNED), "pin the new subpackage's __all__ in subpackage_api.json"


@pytest.mark.parametrize("package", sorted(PINNED))
def test_pinned_names_are_still_exported(package: str) -> None:
    module = importlib.import_module(package)
    exported = set(getattr(module, "__all__", ()))
    assert not set(PINNED[package]) - exported, f"{package} stopped exporting these names"
    for name in PINNED[package]:
        assert hasattr(module, name), f"{package}.__all__ names {name!r} but the module has no such attribute"
