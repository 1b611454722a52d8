"""Saving a workbook file safely: the stamp of one version on disk, a folder lock between bot
processes, the lock files of Excel and LibreOffice, one rename with one backup, temp files of
killed saves cleaned up, the file's permissions and owner kept, and a failed write in words."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Phrase, SheetBusyError
from .files import backup_name

try:  # POSIX only: serialises saves of bot processes that share a folder
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class Stamp:
    """What identifies one version of the file on disk."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        """The stamp of a stat result."""
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


def temp_name(path: Path) -> Path:
    """The temp file this process writes a new version of path into, beside it."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def replace(tmp: Path, path: Path) -> None:
    """Keep the current file as the one backup, then rename tmp over it and sync the folder."""
    if path.exists():
        _backup(path)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _backup(path: Path) -> None:
    """Make name.bak.xlsx the current file: a hard link, else a copy; best effort.

    A backup that cannot be refreshed (say, someone opened it in Excel on Windows) does not
    stop the save: the save itself stays atomic without it.
    """
    backup = path.with_name(backup_name(path))
    try:
        with contextlib.suppress(FileNotFoundError):
            backup.unlink()
        os.link(path, backup)
    except OSError:
        spare = temp_name(backup)
        try:
            shutil.copy2(path, spare)
            os.replace(spare, backup)
        except OSError:
            with contextlib.suppress(OSError):
                spare.unlink()


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temp files left by bot processes that were killed while saving."""
    names = (path.name, backup_name(path))
    temps = [t for name in names for t in path.parent.glob(f".{glob.escape(name)}.tmp-*")]
    for tmp in temps:
        pid = tmp.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid() or not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    """Whether a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock on the folder so two bot processes never save at once."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        _acquire(fd, path)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, path: Path) -> None:
    """Wait a little for another bot process to finish its save, then give up busy."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise SheetBusyError("xlsx.saving_elsewhere", path=path) from None
            time.sleep(0.05)
        except OSError:
            return  # the folder's filesystem has no locks: go on without


def check_no_lock_file(path: Path) -> None:
    """Raise SheetBusyError when Excel or LibreOffice has the file open (its lock file)."""
    name = path.name
    candidates = [
        (f"~${name}", "Excel"),
        (f"~${name[1:]}", "Excel"),
        (f"~${name[2:]}", "Excel"),
        (f".~lock.{name}#", "LibreOffice"),
    ]
    for lock_name, app in candidates:
        lock = path.with_name(lock_name)
        if lock.exists():
            raise SheetBusyError(
                "xlsx.open_elsewhere", path=path, app=app, lock=lock_name, folder=path.parent,
            )


def write_error(path: Path, exc: OSError) -> SheetBusyError:
    """A failed write in words: usually the file is open elsewhere or the folder is read-only."""
    reason = exc.strerror or str(exc)
    full = exc.errno == errno.ENOSPC
    hint = Phrase("xlsx.disk_full") if full else Phrase("xlsx.no_write_perm")
    return SheetBusyError(
        "xlsx.write_failed", path=path, reason=reason, hint=hint, folder=path.parent
    )


def keep_identity(tmp: Path, target: Path) -> None:
    """Give the new file the old one's permissions and, where allowed, its owner and group."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if not hasattr(os, "chown"):
        return
    for uid in (st.st_uid, -1):  # a file of another user keeps at least its group
        try:
            os.chown(tmp, uid, st.st_gid)
            return
        except OSError:
            continue
