"""Files the stores write: one atomic-write helper, file modes, safe names, orphan clean-up.

Every file a store writes goes through :func:`atomic_file` (or :func:`atomic_write`):
the text goes to a temporary file beside the target, is flushed and fsynced, and is
renamed over the target, so a crash leaves the old file or the new one, never half.

File modes: the temporary file is created with ``os.open(..., O_CREAT | O_EXCL, 0o666)``
under a random name, so the kernel applies the process umask itself (no
``os.umask`` toggling, which is process-global and not thread-safe): a new file is
``0o666 & ~umask`` (0644 under umask 022, 0640 under 027). A rewrite keeps the mode
of the file it replaces, so a group-writable 0664 claim file stays 0664.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "MAX_NAME_BYTES",
    "PROCESS_STARTED",
    "atomic_file",
    "atomic_write",
    "clean_orphan_temps",
    "create_new",
    "fsync_dir",
    "temp_name",
    "unsafe_name",
]

MAX_NAME_BYTES = 200
"""Longest name (UTF-8 bytes) of a stored item; with its ``.json`` suffix and the temporary
file's decorations it stays under the 255-byte limit of every common file system."""

PROCESS_STARTED = time.time()
"""When this process loaded the stores (about when it started): a temporary file last
written before that cannot belong to a write this process is making."""

_TEMP_GRACE = 2.0
"""Seconds before :data:`PROCESS_STARTED` a temporary file must be older than to count as an
orphan, so a write another process began just before this one started is left alone."""

_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation below Python's own
    | getattr(os, "O_NOINHERIT", 0)
    | getattr(os, "O_CLOEXEC", 0)
)

_WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*')
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"]
    + [f"{port}{n}" for port in ("com", "lpt") for n in "0123456789¹²³"]
)


def unsafe_name(name: str) -> str | None:
    """Why ``name`` cannot be one safe file name on every OS, or None when it can.

    ``name`` is a stem: the stores always add a suffix (``<id>.json``, ``<id>.lock``).
    Refused: the empty name, NUL and other control characters, ``/``, ``\\`` and the
    other characters Windows forbids (``< > : " | ? *``), a leading dot (hidden and
    temporary files), a trailing space, Windows device names (``CON``, ``NUL``,
    ``COM1``, ... with or without an extension: ``con.json`` is the console too) and
    names over :data:`MAX_NAME_BYTES` bytes of UTF-8. A trailing dot is kept: the
    suffix follows it (``abc..json``), so Windows has nothing to drop, and the
    model's ClaimId allows it.
    """
    if not name:
        return "is empty"
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        return "is not valid Unicode (a lone surrogate)"
    for char in name:
        if unicodedata.category(char) == "Cc":
            return f"holds the control character {char!r}"
        if char in _WINDOWS_FORBIDDEN:
            return f"holds {char!r}, which a file name cannot hold on every system"
    if size > MAX_NAME_BYTES:
        return f"is {size} bytes long in UTF-8; at most {MAX_NAME_BYTES} can name a file"
    if name.startswith("."):
        return "starts with a dot (hidden and temporary files)"
    if name[-1] == " ":
        return "ends with a space"
    if name.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_DEVICES:
        return "is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)"
    return None


def temp_name(path: Path) -> Path:
    """A fresh temporary name beside ``path``: ``.<name>.<random>.tmp`` (see :func:`clean_orphan_temps`)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")


def create_new(path: Path) -> int:
    """Create ``path``, which must not exist, for writing; the kernel applies the umask (0o666 & ~umask)."""
    return os.open(path, _FLAGS, 0o666)


@contextlib.contextmanager
def atomic_file(path: Path, *, durable: bool = True) -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` atomically when the block ends without an error.

    The new file has the mode of the file it replaces, or ``0o666 & ~umask`` when
    there is none. On an error the temporary file is removed and ``path`` is
    untouched. ``durable`` fsyncs the file and its folder.
    """
    tmp = temp_name(path)
    fd = create_new(tmp)
    try:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            pass
        else:
            _chmod(fd, tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one (see :func:`atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(text)


def _chmod(fd: int, path: Path, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows: only the read-only bit exists
        os.chmod(path, mode)


def fsync_dir(folder: Path) -> None:
    """Make renames inside ``folder`` durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except (PermissionError, IsADirectoryError):  # pragma: no cover - Windows
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


_TEMP = re.compile(r"\.(?P<target>.+)\.[A-Za-z0-9_]{6,32}\.tmp")


def clean_orphan_temps(folder: Path, suffix: str) -> int:
    """Remove the temporary files a killed :func:`atomic_file` left in ``folder``; returns how many.

    Only names of the pattern ``.<name><suffix>.<random>.tmp`` are touched, and only
    when last written before this process started (:data:`PROCESS_STARTED`, less a
    grace of a few seconds), so a write in progress in another process is left alone.
    """
    removed = 0
    cutoff = PROCESS_STARTED - _TEMP_GRACE
    try:
        with os.scandir(folder) as scan:
            found = [
                entry
                for entry in scan
                if entry.name.startswith(".")
                and (match := _TEMP.fullmatch(entry.name)) is not None
                and match["target"].endswith(suffix)
            ]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for entry in found:
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            os.unlink(entry.path)
        except OSError:  # another process cleaned it first, or a read-only ledger: leave it (readers ignore it)
            continue
        removed += 1
    return removed
