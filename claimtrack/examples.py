"""The example ledgers that ship with claimtrack, reached by name from any folder.

>>> import claimtrack as ct
>>> ct.examples.names()
('altman-lex-fridman-2024',)
>>> ledger = ct.examples.open("altman-lex-fridman-2024")
>>> ledger.status("amazing-model-2024").value
'true'

An example is opened **read-only**: it lives inside the installed package, shared by every user of
that Python, so any write (``record``, ``add``, ``merge`` into it, ``amend_evidence``) raises
:class:`~claimtrack.errors.StoreError` and changes nothing. To try changes, merge it into a scratch
ledger (``ct.open_ledger(":memory:").merge(ledger)``) or :func:`copy` it into a folder of your own.

In the wheel the examples sit in ``claimtrack/_examples/``; the build copies them there from the
source tree's ``fixtures/`` (``pyproject.toml``, ``force-include``), which stays their one source. In
a source checkout (an editable install) they are read from ``fixtures/`` directly.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from claimtrack.errors import StoreError, StoreNotFoundError
from claimtrack.ledger import Ledger, SpeakerAlias
from claimtrack.model import Claim, ClaimRecord, Evidence, Rejection, StatusEvent
from claimtrack.stores import FolderStore, open_store, system_clock

__all__ = ["EXAMPLES", "copy", "names", "open", "path", "title"]

EXAMPLES: tuple[str, ...] = ("altman-lex-fridman-2024",)
"""The names of the bundled example ledgers."""

_PACKAGE = Path(__file__).resolve().parent
_PLACES = (_PACKAGE / "_examples", _PACKAGE.parent / "fixtures")
"""Where an example is looked for: inside the installed package, then in a source checkout."""


def names() -> tuple[str, ...]:
    """The names of the bundled example ledgers, for :func:`open`, :func:`path` and :func:`copy`."""
    return EXAMPLES


def path(name: str) -> Path:
    """The folder the example ``name`` is installed in. Read it; never write to it (see :func:`copy`).

    Raises :class:`~claimtrack.errors.StoreNotFoundError` for a name that is not an example, or
    when the installed package lacks its files (a broken install).
    """
    if name not in EXAMPLES:
        raise StoreNotFoundError(f"no bundled example of that name; the examples are: {', '.join(EXAMPLES)}")
    for place in _PLACES:
        folder = place / name
        if (folder / "ledger.json").is_file():
            return folder
    raise StoreNotFoundError("the bundled example's files are missing from this installation", location=name)


def title(name: str) -> str:
    """The example's one-line description: the first heading of its README.md."""
    try:
        text = (path(name) / "README.md").read_text(encoding="utf-8")
    except OSError:
        return name
    heading = next((line for line in text.splitlines() if line.startswith("# ")), "")
    return heading[2:].strip() or name


def open(name: str) -> Ledger:
    """The bundled example ``name`` as a read-only ledger: every write raises StoreError."""
    return Ledger(_ReadOnlyFolder(path(name), name=name), clock=system_clock)


def copy(name: str, to: str | os.PathLike[str]) -> Ledger:
    """Copy the example ``name`` into the new folder ``to`` and open the copy, which is writable.

    ``to`` must not exist yet and its parent folder must (no parent folders are made).
    """
    source = path(name)
    target = Path(to)
    if target.exists():
        raise StoreError("already exists: copy the example into a new folder", location=str(target))
    if not target.parent.is_dir():
        raise StoreNotFoundError(
            f"the folder {target.parent} does not exist: create it first, or pick another place",
            location=str(target),
        )
    try:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".locks", ".staging"))
    except OSError as exc:
        raise StoreError(f"cannot copy the example: {exc}", location=str(target)) from exc
    return Ledger(open_store(target, create=False), clock=system_clock)


class _ReadOnlyFolder(FolderStore):
    """A folder store that reads as usual and refuses every write before touching a file."""

    def __init__(self, root: Path, *, name: str) -> None:
        super().__init__(root, create=False)
        self._name = name

    def _refuse(self) -> NoReturn:
        raise StoreError(
            f"the bundled example {self._name!r} is read-only: merge it into ct.open_ledger(':memory:'), "
            f"or copy it into a folder of your own with ct.examples.copy({self._name!r}, folder)",
            location=self.location,
        )

    def create(self, record: ClaimRecord) -> None:
        self._refuse()

    def create_many(self, records: Iterable[ClaimRecord]) -> int:
        self._refuse()

    def append(
        self,
        claim_id: str,
        events: Iterable[StatusEvent],
        evidence: Iterable[Evidence] = (),
        rejections: Iterable[Rejection] = (),
    ) -> ClaimRecord:
        self._refuse()

    def amend_evidence(self, claim_id: str, evidence: Iterable[Evidence]) -> ClaimRecord:
        self._refuse()

    def replace(self, claim: Claim, *, expected_version: int) -> ClaimRecord:
        self._refuse()

    def write_speaker_aliases(self, put: Iterable[SpeakerAlias] = (), remove: Iterable[str] = ()) -> None:
        self._refuse()
