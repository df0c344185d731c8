"""A ledger as a folder of JSON files: one human-readable file per claim, git-friendly.

Layout::

    <root>/ledger.json          {"format": "claimtrack-folder", "version": 1}
    <root>/claims/<claim-id>.json
    <root>/.locks/              per-claim lock files (ignored by git)

Every write goes to a temporary file in the same folder, is flushed to disk
and then renamed over the old file, so a crash leaves either the old or the
new file, never half of one. Writers take a per-claim file lock and re-read
the file under it, so concurrent processes appending to one claim never lose
an event.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock

from claimtrack.errors import (
    ClaimNotFoundError,
    DuplicateClaimError,
    SchemaVersionError,
    StoreCorruptedError,
    StoreError,
    StoreNotFoundError,
)
from claimtrack.ledger import RecordStore
from claimtrack.model import FORMAT_VERSION, ClaimRecord, Problem, read_record
from claimtrack.model.validation import parse_record

__all__ = ["FolderStore", "dumps_record"]

_MARKER = "ledger.json"
_FORMAT = "claimtrack-folder"


def dumps_record(record: ClaimRecord) -> str:
    """The canonical text of a claim file: stable key order, two-space indent, UTF-8 as is.

    Fields at their default are left out to keep files short, except the
    ``type`` tags of criteria and facts: they pick the union member when the
    file is read back, so they are always written.
    """
    data = _keep_tags(record.model_dump(mode="json", exclude_defaults=True), record.model_dump(mode="json"))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _keep_tags(compact: Any, full: Any) -> Any:
    """``compact`` with every ``type`` key of ``full`` put back (the two trees have the same shape)."""
    if isinstance(compact, dict) and isinstance(full, dict):
        out = {key: _keep_tags(value, full.get(key)) for key, value in compact.items()}
        if "type" in full and "type" not in out:
            out = {"type": full["type"], **out}
        return out
    if isinstance(compact, list) and isinstance(full, list):
        return [_keep_tags(c, f) for c, f in zip(compact, full)]
    return compact


class FolderStore(RecordStore):
    """A Store on a folder of JSON files (see the module docstring for the layout)."""

    def __init__(self, root: str | os.PathLike[str], *, create: bool = True) -> None:
        self.root = Path(root)
        self._claims = self.root / "claims"
        self._locks = self.root / ".locks"
        marker = self.root / _MARKER
        if marker.is_file():
            self._check_marker(marker)
        elif self.root.exists() and not self.root.is_dir():
            raise StoreCorruptedError("is a file, not a ledger folder or a known database", location=str(self.root))
        elif self.root.is_dir() and any(self.root.iterdir()):
            raise StoreCorruptedError(
                f"folder is not empty and has no {_MARKER}: not a claimtrack ledger", location=str(self.root)
            )
        elif not create:
            raise StoreNotFoundError("no ledger here (create=False)", location=str(self.root))
        else:
            self._initialise(marker)

    def _check_marker(self, marker: Path) -> None:
        try:
            meta = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreCorruptedError(f"unreadable {_MARKER}: {exc}", location=str(self.root)) from exc
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            raise StoreCorruptedError(f"{_MARKER} does not describe a claimtrack folder", location=str(self.root))
        version = meta.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise SchemaVersionError(
                f"written in format version {version}; this claimtrack reads up to {FORMAT_VERSION}: "
                "upgrade claimtrack",
                location=str(self.root),
            )

    def _initialise(self, marker: Path) -> None:
        try:
            self._claims.mkdir(parents=True, exist_ok=True)
            self._locks.mkdir(exist_ok=True)
            _atomic_write(self.root / ".gitignore", ".locks/\n")
            _atomic_write(marker, json.dumps({"format": _FORMAT, "version": FORMAT_VERSION}, indent=2) + "\n")
        except OSError as exc:
            raise StoreError(f"cannot create ledger: {exc}", location=str(self.root)) from exc

    @property
    def location(self) -> str:
        return str(self.root)

    def _path(self, claim_id: str) -> Path:
        if "/" in claim_id or claim_id.startswith(".") or not claim_id:
            raise ClaimNotFoundError(claim_id, self.location)
        return self._claims / f"{claim_id}.json"

    def _lock(self, claim_id: str) -> FileLock:
        self._locks.mkdir(exist_ok=True)
        return FileLock(str(self._locks / f"{claim_id}.lock"))

    def __contains__(self, claim_id: object) -> bool:
        return isinstance(claim_id, str) and "/" not in claim_id and (self._claims / f"{claim_id}.json").is_file()

    def __len__(self) -> int:
        return sum(1 for _ in self._files())

    def _names(self) -> list[str]:
        """The claim files' names, sorted (hidden and temporary files left out)."""
        try:
            with os.scandir(self._claims) as entries:
                names = [e.name for e in entries if e.name.endswith(".json") and not e.name.startswith(".")]
        except (FileNotFoundError, NotADirectoryError):
            return []
        names.sort()  # the order of the paths: one folder, so the order of the names
        return names

    def _files(self) -> Iterator[Path]:
        return (self._claims / name for name in self._names())

    def ids(self) -> Iterator[str]:
        return (name[: -len(".json")] for name in self._names())

    def get(self, claim_id: str) -> ClaimRecord:
        path = self._path(claim_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ClaimNotFoundError(claim_id, self.location) from None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc}", location=self.location) from exc
        return read_record(raw, path=str(path))

    def _read(self, path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:  # removed by a concurrent writer's rollback after listing
            return None

    def raw_records(self) -> Iterator[tuple[str, bytes]]:
        """Every claim file as stored, with the id its name gives, in id order (see RawRecordStore)."""
        folder = os.fspath(self._claims)
        for name in self._names():
            try:
                with open(os.path.join(folder, name), "rb") as fh:
                    raw = fh.read()
            except FileNotFoundError:  # removed by a concurrent writer's rollback after listing
                continue
            yield name[: -len(".json")], raw

    def records(self) -> Iterator[ClaimRecord]:
        for path in self._files():
            raw = self._read(path)
            if raw is None:
                continue
            record, problems = parse_record(raw, path=str(path))
            if record is not None and not problems and record.claim.id == path.stem:
                yield record

    def problems(self) -> Iterator[Problem]:
        for path in self._files():
            raw = self._read(path)
            if raw is None:
                continue
            record, problems = parse_record(raw, path=str(path))
            yield from problems
            if record is not None and record.claim.id != path.stem:
                yield Problem(
                    message=f"file name says {path.stem!r} but the record's id is {record.claim.id!r}",
                    path=str(path),
                    record=record.claim.id,
                    field="claim.id",
                    code="id_mismatch",
                )

    def create(self, record: ClaimRecord) -> None:
        claim_id = record.claim.id
        path = self._path(claim_id)
        with self._lock(claim_id):
            if path.exists():
                raise DuplicateClaimError(claim_id, self.location)
            self._write(path, record)

    def create_many(self, records: Iterable[ClaimRecord]) -> int:
        batch = list(records)
        seen: set[str] = set()
        for record in batch:
            claim_id = record.claim.id
            if claim_id in seen or claim_id in self:
                raise DuplicateClaimError(claim_id, self.location)
            seen.add(claim_id)
        # Bulk path: write every file to a temporary name, flush them all to disk with one
        # sync (not one fsync per file), then rename each into place under its lock and
        # fsync the folder once. A crash leaves whole files or ignored temporaries.
        staged: list[tuple[str, Path, str]] = []
        written: list[Path] = []
        try:
            for record in batch:
                path = self._path(record.claim.id)
                fd, tmp = tempfile.mkstemp(dir=self._claims, prefix=f".{path.name}.", suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(dumps_record(record))
                staged.append((record.claim.id, path, tmp))
            os.sync()
            for claim_id, path, tmp in staged:
                with self._lock(claim_id):
                    if path.exists():
                        raise DuplicateClaimError(claim_id, self.location)
                    os.replace(tmp, path)
                    written.append(path)
            _fsync_dir(self._claims)
        except BaseException as exc:
            for path in written:  # all or nothing: undo the files this call wrote
                with contextlib.suppress(OSError):
                    path.unlink()
            for _, _, tmp in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if isinstance(exc, OSError) and not isinstance(exc, StoreError):
                raise StoreError(f"cannot write claims: {exc}", location=self.location) from exc
            raise
        return len(batch)

    def _locked(self, claim_id: str) -> FileLock:
        self._path(claim_id)  # ClaimNotFoundError for an id that cannot name a file, before any lock file
        return self._lock(claim_id)

    def _put(self, record: ClaimRecord, current: ClaimRecord) -> None:
        self._write(self._path(record.claim.id), record)

    def _write(self, path: Path, record: ClaimRecord) -> None:
        try:
            _atomic_write(path, dumps_record(record))
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc}", location=self.location) from exc

    def close(self) -> None:
        return None


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make renames inside ``folder`` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
