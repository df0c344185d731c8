"""A ledger as a folder of JSON files: one human-readable file per claim, git-friendly.

Layout::

    <root>/ledger.json          {"format": "claimtrack-folder", "version": 1}
    <root>/claims/<claim-id>.json
    <root>/speakers.json        the speaker alias table (only once an alias is added)
    <root>/.locks/              per-claim lock files (ignored by git)
    <root>/.staging/            bulk imports in progress (ignored by git; empty when none runs)

Every write goes to a temporary file in the same folder, is flushed to disk
and then renamed over the old file, so a crash leaves either the old or the
new file, never half of one. Writers take a per-claim file lock and re-read
the file under it, so concurrent processes appending to one claim never lose
an event. New files get ``0o666 & ~umask``; a rewrite keeps the file's mode.

A bulk import (:meth:`FolderStore.create_many`) is one transaction: the
records stream into ``.staging/<txid>/`` (never seen by readers) while the
journal ``.staging/<txid>.journal`` lists their ids; after one sync a
``commit`` line makes the transaction committed, and the files are renamed
into ``claims/``. Opening the store finishes a transaction whose process
died: before ``commit`` it is rolled back (the staging folder is removed;
nothing was visible), after it rolled forward (the rest of the files are
renamed in), because claims already renamed in may have been read or
appended to by then and taking them back would lose that. See
docs/storage.md, "Crash safety and file modes".
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from filelock import FileLock, Timeout

from claimtrack.errors import (
    ClaimNotFoundError,
    DuplicateClaimError,
    InvalidRecordError,
    SchemaVersionError,
    StoreCorruptedError,
    StoreError,
    StoreNotFoundError,
)
from claimtrack.ledger import RecordStore, SpeakerAlias
from claimtrack.model import FORMAT_VERSION, ClaimRecord, Problem, read_record
from claimtrack.model.validation import parse_record
from claimtrack.stores._files import (
    atomic_write,
    clean_orphan_temps,
    create_new,
    fsync_dir,
    unsafe_name,
)
from claimtrack.stores._speakers import SPEAKERS_FILE, read_alias_file, write_alias_file

__all__ = ["FolderStore", "dumps_record"]

_MARKER = "ledger.json"
_FORMAT = "claimtrack-folder"
_STAGING = ".staging"
_JOURNAL = "claimtrack-folder-import 1"
_TXID = re.compile(r"(?P<tx>[0-9a-f]{16}-[0-9a-f]{8})(?P<ext>\.journal|\.lock)?")
_STALE = 2.0  # seconds: a lock or journal without a header younger than this may belong to an import starting now

_crash_point: Callable[[str, int], None] | None = None
"""Test hook: called at each step of a bulk import with ("staged", n), ("committed", n),
("moved", n) or ("unmoved", n), so a test can SIGKILL the process at an exact point."""


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
            self._recover()
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
            atomic_write(self.root / ".gitignore", f".locks/\n{_STAGING}/\n")
            atomic_write(marker, json.dumps({"format": _FORMAT, "version": FORMAT_VERSION}, indent=2) + "\n")
        except OSError as exc:
            raise StoreError(f"cannot create ledger: {exc}", location=str(self.root)) from exc

    def _recover(self) -> None:
        """Finish the bulk imports whose process died, and remove the temporary files killed writes left."""
        try:
            for txid in _dead_imports(self.root / _STAGING):
                _Import(self, txid).recover()
            clean_orphan_temps(self._claims, ".json")
            clean_orphan_temps(self.root, _MARKER)
            clean_orphan_temps(self.root, SPEAKERS_FILE)
        except OSError as exc:
            raise StoreError(f"cannot recover an interrupted import: {exc}", location=str(self.root)) from exc

    @property
    def location(self) -> str:
        return str(self.root)

    def _path(self, claim_id: str) -> Path:
        """The file of ``claim_id``; ClaimNotFoundError for an id that cannot name a file (so cannot exist)."""
        if unsafe_name(claim_id) is not None:
            raise ClaimNotFoundError(claim_id, self.location)
        return self._claims / f"{claim_id}.json"

    def _new_path(self, claim_id: str) -> Path:
        """The file a new claim ``claim_id`` goes to; InvalidRecordError when the id cannot name a file."""
        reason = unsafe_name(claim_id)
        if reason is not None:
            raise InvalidRecordError(
                f"the folder store cannot keep this id: it {reason}", record=claim_id, field="claim.id"
            )
        return self._claims / f"{claim_id}.json"

    def _lock(self, claim_id: str) -> FileLock:
        self._locks.mkdir(exist_ok=True)
        return FileLock(str(self._locks / f"{claim_id}.lock"))

    def __contains__(self, claim_id: object) -> bool:
        return (
            isinstance(claim_id, str)
            and unsafe_name(claim_id) is None
            and (self._claims / f"{claim_id}.json").is_file()
        )

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
        return (record for record, _ in self.scan() if record is not None)

    def problems(self) -> Iterator[Problem]:
        for _, problems in self.scan():
            yield from problems

    def create(self, record: ClaimRecord) -> None:
        claim_id = record.claim.id
        path = self._new_path(claim_id)
        with self._lock(claim_id):
            if path.exists():
                raise DuplicateClaimError(claim_id, self.location)
            self._write(path, record)

    def create_many(self, records: Iterable[ClaimRecord]) -> int:
        """Add every record or none, streamed: memory holds the ids, never the batch.

        Each record is checked (a safe file name, not in the ledger, not twice in the
        batch) and written to the staging folder as it comes, so nothing is visible
        until every record was read and checked. Then one sync, the journal's
        ``commit`` line, and the renames into ``claims/`` (see the module docstring).
        """
        tx = _Import(self)
        seen: set[str] = set()
        try:
            for record in records:
                claim_id = record.claim.id
                path = self._new_path(claim_id)
                if claim_id in seen or path.exists():
                    raise DuplicateClaimError(claim_id, self.location)
                if not seen:
                    tx.begin()  # not before the first record: an empty batch touches nothing
                seen.add(claim_id)
                tx.stage(claim_id, dumps_record(record))
            if not seen:
                return 0
            tx.commit()
        except BaseException as exc:
            tx.discard()
            if isinstance(exc, OSError) and not isinstance(exc, StoreError):
                raise StoreError(f"cannot write claims: {exc}", location=self.location) from exc
            raise
        try:
            tx.move_in(seen)
        except BaseException as exc:
            tx.abort()  # all or nothing: a claim created meanwhile by another writer, a failed rename
            if isinstance(exc, OSError) and not isinstance(exc, StoreError):
                raise StoreError(f"cannot write claims: {exc}", location=self.location) from exc
            raise
        tx.finish()
        return len(seen)

    def _locked(self, claim_id: str) -> FileLock:
        self._path(claim_id)  # ClaimNotFoundError for an id that cannot name a file, before any lock file
        return self._lock(claim_id)

    def _put(self, record: ClaimRecord, current: ClaimRecord) -> None:
        self._write(self._path(record.claim.id), record)

    def _write(self, path: Path, record: ClaimRecord) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, dumps_record(record))
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc}", location=self.location) from exc

    def close(self) -> None:
        return None

    def speaker_aliases(self) -> tuple[SpeakerAlias, ...]:
        """The speaker alias table kept in ``speakers.json``, in key order."""
        return read_alias_file(self.root / SPEAKERS_FILE)

    def write_speaker_aliases(self, put: Iterable[SpeakerAlias] = (), remove: Iterable[str] = ()) -> None:
        """Change ``speakers.json`` under its lock (``.locks/.speakers.lock``, no claim's), rewritten atomically."""
        write_alias_file(self.root / SPEAKERS_FILE, self._locks / ".speakers.lock", put, remove)

    def scan(self) -> Iterator[tuple[ClaimRecord | None, tuple[Problem, ...]]]:
        """Every claim file read once, as :meth:`parse_raw` judges it (see ScanStore)."""
        for stored_id, raw in self.raw_records():
            yield self.parse_raw(stored_id, raw)

    def parse_raw(self, stored_id: str, raw: bytes) -> tuple[ClaimRecord | None, tuple[Problem, ...]]:
        """The one judgement of a claim file: its record, or None with every problem that makes it damaged.

        :meth:`records`, :meth:`problems`, :meth:`scan` and the scorecard's lean reader
        (through RawRecordStore) all read a file through here.
        """
        path = str(self._claims / f"{stored_id}.json")
        record, problems = parse_record(raw, path=path)
        if record is None or problems:
            return None, problems
        if record.claim.id != stored_id:
            return None, (
                Problem(
                    message=f"file name says {stored_id!r} but the record's id is {record.claim.id!r}",
                    path=path,
                    record=record.claim.id,
                    field="claim.id",
                    code="id_mismatch",
                ),
            )
        return record, ()


def _hook(step: str, n: int) -> None:
    if _crash_point is not None:
        _crash_point(step, n)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _dead_imports(base: Path) -> list[str]:
    """The transaction ids with anything left under ``.staging/`` (live ones too: recover() tells them apart)."""
    try:
        names = os.listdir(base)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted({match["tx"] for name in names if (match := _TXID.fullmatch(name))})


class _Import:
    """One bulk import into a folder store: a transaction with a journal.

    ``.staging/<txid>/`` holds the new claim files; ``.staging/<txid>.journal`` holds a
    header line, one ``+ <id>`` line per staged file, then ``commit`` once every staged
    file is on disk (after one sync), and ``abort`` if a committed import had to be
    taken back (a claim of the batch created meanwhile by another writer, a failed
    rename). ``.staging/<txid>.lock`` is held by the importing process for the whole
    import: the OS releases it when the process dies, which is how another process
    opening the store knows the import is dead and may finish it (:meth:`recover`).
    """

    def __init__(self, store: FolderStore, txid: str | None = None) -> None:
        self.store = store
        self.txid = txid or f"{time.time_ns():016x}-{secrets.token_hex(4)}"
        self.base = store.root / _STAGING
        self.folder = self.base / self.txid
        self.journal_path = self.base / f"{self.txid}.journal"
        self.lock_path = self.base / f"{self.txid}.lock"
        self.lock = FileLock(str(self.lock_path))
        self.journal: IO[str] | None = None
        self.staged = 0
        self.sync_each = not hasattr(os, "sync")  # Windows: fsync file by file instead of one sync

    # -- the importing process ------------------------------------------------------------

    def begin(self) -> None:
        self.base.mkdir(exist_ok=True)
        self.lock.acquire()
        self.journal = open(self.journal_path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 - kept open
        self.journal.write(f"{_JOURNAL} {self.txid} pid={os.getpid()}\n")
        self.journal.flush()
        self.folder.mkdir()

    def stage(self, claim_id: str, text: str) -> None:
        assert self.journal is not None
        fd = create_new(self.folder / f"{claim_id}.json")
        try:
            _write_all(fd, text.encode("utf-8"))
            if self.sync_each:
                os.fsync(fd)
        finally:
            os.close(fd)
        self.journal.write(f"+ {claim_id}\n")
        self.staged += 1
        _hook("staged", self.staged)

    def commit(self) -> None:
        """Make every staged file durable, then the ``commit`` line: from here on the import rolls forward."""
        assert self.journal is not None
        self.journal.flush()
        if self.sync_each:
            os.fsync(self.journal.fileno())
            fsync_dir(self.folder)
        else:
            os.sync()  # every staged file and the journal in one call, not one fsync per file
        self.journal.write("commit\n")
        self.journal.flush()
        os.fsync(self.journal.fileno())
        _hook("committed", self.staged)

    def move_in(self, ids: Iterable[str]) -> None:
        """Rename each staged file into ``claims/`` under the claim's lock, refusing one that appeared meanwhile."""
        claims = self.store._claims
        for moved, claim_id in enumerate(ids, 1):
            target = claims / f"{claim_id}.json"
            with self.store._lock(claim_id):
                if target.exists():
                    raise DuplicateClaimError(claim_id, self.store.location)
                os.rename(self.folder / f"{claim_id}.json", target)
            _hook("moved", moved)
        fsync_dir(claims)

    def finish(self) -> None:
        """The import is complete: remove its staging folder, journal and lock."""
        self._remove_leftovers()
        self._unlock(remove=True)

    def discard(self) -> None:
        """Before ``commit``: nothing is visible; remove what was staged."""
        with contextlib.suppress(OSError):
            self._remove_leftovers()
        self._unlock(remove=True)

    def abort(self) -> None:
        """After ``commit``, in the importing process: take back the files already moved in.

        If this fails too, the journal says ``abort`` and the next open of the store finishes it.
        """
        with contextlib.suppress(OSError):
            self._mark_aborted()
            self._take_back(self._read_journal()[3])
            self._remove_leftovers()
        self._unlock(remove=True)

    # -- any process opening the store ------------------------------------------------------

    def recover(self) -> None:
        """Finish this import if its process died: roll back before ``commit``, forward after."""
        try:
            self.lock.acquire(blocking=False)
        except Timeout:
            return  # the importing process is alive
        remove_lock = True
        try:
            head, committed, aborted, ids = self._read_journal()
            if not head and self._young():
                remove_lock = False  # an import starting right now, between creating its lock and locking it
                return
            if head and committed and not aborted:
                try:
                    self.move_in(claim_id for claim_id in ids if (self.folder / f"{claim_id}.json").exists())
                except DuplicateClaimError:  # created meanwhile by another writer: all or nothing, so take back
                    self._mark_aborted()
                    aborted = True
            if head and aborted:
                self._take_back(ids)
            self._remove_leftovers()
        finally:
            self._unlock(remove=remove_lock)

    # -- helpers --------------------------------------------------------------------------------

    def _read_journal(self) -> tuple[bool, bool, bool, list[str]]:
        """(has a header, committed, aborted, ids) from the journal's complete lines."""
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return False, False, False, []
        lines = raw.split(b"\n")[:-1]  # the last piece is empty, or a line cut short by the kill
        if not lines or not lines[0].startswith(_JOURNAL.encode()):
            return False, False, False, []
        committed = aborted = False
        ids: list[str] = []
        for line in lines[1:]:
            if line.startswith(b"+ "):
                claim_id = line[2:].decode("utf-8", errors="replace")
                if unsafe_name(claim_id) is None:
                    ids.append(claim_id)
            elif line == b"commit":
                committed = True
            elif line == b"abort":
                aborted = True
        return True, committed, aborted, ids

    def _mark_aborted(self) -> None:
        with open(self.journal_path, "a", encoding="utf-8", newline="\n") as fh:
            fh.write("abort\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _take_back(self, ids: Iterable[str]) -> None:
        """Move the claims this import moved in (staged file gone, claim file there) back to staging."""
        claims = self.store._claims
        back = 0
        for claim_id in ids:
            staged = self.folder / f"{claim_id}.json"
            target = claims / f"{claim_id}.json"
            if staged.exists():
                continue  # never moved in: the claim file, if any, is another writer's
            with self.store._lock(claim_id):
                if target.exists() and not staged.exists():
                    os.rename(target, staged)
                    back += 1
                    _hook("unmoved", back)
        fsync_dir(claims)

    def _young(self) -> bool:
        limit = time.time() - _STALE
        for path in (self.lock_path, self.journal_path, self.folder):
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime > limit:
                    return True
        return False

    def _remove_leftovers(self) -> None:
        """Staging folder first, journal last: while the journal is there, the import can still be finished."""
        if self.journal is not None:
            self.journal.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            self.journal_path.unlink()

    def _unlock(self, *, remove: bool) -> None:
        if self.journal is not None:
            with contextlib.suppress(OSError):
                self.journal.close()
        if self.lock.is_locked:
            if remove:
                with contextlib.suppress(OSError):
                    self.lock_path.unlink()
            self.lock.release()
