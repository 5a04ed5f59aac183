"""Saving without ever leaving a half-written file, and without losing the version before.

Write to a temporary file in the same folder, flush it to disk, keep the old file as ``NAME.bak``, then
rename over the original: a crash at any point leaves either the old or the new file, never a torn one.

Every temp file has its own name, ``.NAME.saving-<16 hex digits>.tmp`` (the ``.bak`` copy too, as
``.NAME.bak.saving-….tmp``), so two windows or processes saving the same routine at once never write into
one shared temp. While a temp is being written its writer holds an exclusive ``flock`` on it; that is how
:func:`remove_stale_temp_files` tells the leftovers of a killed save from a save still running elsewhere.

Saving keeps the existing file's permission bits, and saving through a symbolic link writes the file the
link points to (temp and ``.bak`` beside that file) so the link stays a link.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
from pathlib import Path
from types import TracebackType

from .readfile import entry_kind

if sys.platform != "win32":
    import fcntl

__all__ = [
    "FRESH_TEMP_SECONDS",
    "UNLOCKABLE_TEMP_SECONDS",
    "SaveTargetError",
    "backup_path",
    "move_to_backup",
    "remove_stale_temp_files",
    "write_atomic",
]

FRESH_TEMP_SECONDS = 2.0
"""A temp younger than this may belong to a writer that has created it but not locked it yet: never removed."""

UNLOCKABLE_TEMP_SECONDS = 3600.0
"""Where a temp cannot be lock-tested (no ``fcntl`` on Windows, a file system without locks), only age tells:
no save takes an hour, so a temp this old is a leftover."""

_TEMP_MARK = ".saving-"
_TOKEN_HEX_DIGITS = 16
_TEMP_NAME = re.compile(rf"\..+{re.escape(_TEMP_MARK)}[0-9a-f]{{{_TOKEN_HEX_DIGITS}}}\.tmp", re.DOTALL)
_O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate newlines in the raw writes


class SaveTargetError(OSError):
    """The path to save to exists but is not a file we may replace: a dangling link, a folder, a device….

    An ``OSError`` so every caller that already reports disk trouble reports this too; the message is written
    for the person who will read it in an error dialog or on the command line.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def write_atomic(path: Path, text: str, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``text`` atomically; the previous contents, if any, go to ``NAME.bak``.

    The new file gets the old one's permission bits (a new file the usual ``0666`` less the umask). If ``path``
    is a symbolic link, the file it points to is replaced instead, with its ``.bak`` beside it; a link that
    leads nowhere, or to something that is not a regular file, raises :class:`SaveTargetError` and nothing
    is written.
    """
    target, existing = _save_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = None if existing is None else stat.S_IMODE(existing.st_mode)
    with _LockedTemp(target, mode) as temp:
        temp.write(text.encode("utf-8"))
        if keep_backup and existing is not None:
            _copy_atomic(target, backup_path(target))
        temp.commit()
    _fsync_folder(target.parent)


def move_to_backup(path: Path) -> Path:
    """Set a file aside as its backup (used when restoring a bundled routine over a customised one).

    A rename keeps the permission bits and needs no temp file. A symbolic link is moved as the link itself:
    the file it points to is the user's own (a dotfiles checkout, say) and stays where it is, untouched.
    """
    target = backup_path(path)
    os.replace(path, target)
    _fsync_folder(path.parent)
    return target


def remove_stale_temp_files(folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete the temp files that interrupted saves (a crash, ``kill -9``) left in ``folder``; return them.

    Meant to run whenever a folder of routines is loaded. Only names :func:`write_atomic` makes are touched
    (``.NAME.saving-<16 hex digits>.tmp``), and never one that a save in another process is still writing:
    on POSIX a temp goes only if nobody holds its lock (writers lock it for the whole write) and it is older
    than :data:`FRESH_TEMP_SECONDS` (which covers the instant between creating and locking it). Where locks
    cannot be tested, only temps older than :data:`UNLOCKABLE_TEMP_SECONDS` go. Age counts from the later of
    the last write and the last inode change, because the ``.bak`` temp is given the old file's timestamps.
    Cleaning is best effort: a file that cannot be examined or removed is left alone, never raised about.
    ``now`` (seconds since the epoch) lets a test see the folder as it will look later without waiting.
    """
    moment = time.time() if now is None else now
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / name for name in names if _TEMP_NAME.fullmatch(name) and _remove_if_stale(folder / name, moment)]


class _LockedTemp:
    """A new, uniquely named temp file beside ``final``, locked for as long as it is being written.

    Leaving the ``with`` block without :meth:`commit` removes the temp (while still holding the lock, so the
    cleaner never finds it unlocked and half-written); after :meth:`commit` it has become ``final``.
    """

    def __init__(self, final: Path, mode: int | None) -> None:
        self.final = final
        self.committed = False
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY
        while True:  # 64 random bits: a clash is all but impossible, but O_EXCL makes sure
            # os.urandom, as secrets.token_hex uses, without importing secrets: it imports hmac and so OpenSSL,
            # about 3 MiB resident in the app for this one name.
            self.path = final.with_name(f".{final.name}{_TEMP_MARK}{os.urandom(_TOKEN_HEX_DIGITS // 2).hex()}.tmp")
            try:
                self.fd = os.open(self.path, flags, 0o666 if mode is None else mode)
            except FileExistsError:
                continue
            break
        try:
            _lock(self.fd)
            if mode is not None:
                _chmod(self.fd, self.path, mode)  # os.open applied the umask; the old file's bits win
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> _LockedTemp:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def commit(self) -> None:
        """Flush to disk and rename over ``final``; the lock is held through the rename."""
        os.fsync(self.fd)
        if sys.platform == "win32":  # Windows cannot rename a file that is still open
            os.close(self.fd)
            self.fd = -1
        os.replace(self.path, self.final)
        self.committed = True

    def close(self) -> None:
        # POSIX: unlink before closing, i.e. while still locked. Windows: an open file cannot be unlinked.
        if sys.platform == "win32" and self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if not self.committed:
            with contextlib.suppress(OSError):
                self.path.unlink()
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a temp of its own, with the source's mode and timestamps.

    ``source`` is only ever replaced by a rename, never rewritten, so whatever version is opened here is read
    whole even while another process saves over it. If it vanished meanwhile (another window restored the
    bundled routine), there is nothing to keep.
    """
    try:
        reader = open(source, "rb")  # noqa: SIM115  (closed by the with below; the open alone may fail)
    except FileNotFoundError:
        return
    with reader:
        before = os.fstat(reader.fileno())
        with _LockedTemp(target, stat.S_IMODE(before.st_mode)) as temp:
            while chunk := reader.read(1 << 16):
                temp.write(chunk)
            os.utime(temp.path, ns=(before.st_atime_ns, before.st_mtime_ns))
            temp.commit()


def _save_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a save to ``path`` really replaces (a link's target), and its status (``None``: a new file)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return path, None
    target = path
    if stat.S_ISLNK(found.st_mode):
        target = Path(os.path.realpath(path))
        try:
            found = os.stat(target)
        except FileNotFoundError:
            raise SaveTargetError(
                f"Cannot save {path}: it is a link to {os.readlink(path)}, which does not exist. "
                "Restore that file, or remove the link to save a new file in its place.",
                path,
            ) from None
        except OSError as error:
            raise SaveTargetError(
                f"Cannot save {path}: it is a link that cannot be followed ({error.strerror}). "
                "Fix or remove the link, then save again.",
                path,
            ) from error
    if not stat.S_ISREG(found.st_mode):
        what = "it is" if target == path else f"it links to {target}, which is"
        raise SaveTargetError(
            f"Cannot save {path}: {what} {entry_kind(found.st_mode)}, not a file. "
            "Move it aside or save under another name.",
            path,
        )
    return target, found


def _lock(fd: int) -> None:
    """Hold an exclusive lock on the temp for the whole write, so the cleaner knows it is in use.

    Blocking, because the only other taker is the cleaner, which holds it for a moment and never waits. A file
    system without locks just gets no lock; the cleaner then falls back to the age rule.
    """
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)


def _chmod(fd: int, path: Path, mode: int) -> None:
    if sys.platform != "win32":
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def _remove_if_stale(temp: Path, now: float) -> bool:
    try:
        found = os.lstat(temp)
    except OSError:
        return False
    if not stat.S_ISREG(found.st_mode):
        return False  # write_atomic only ever makes regular files
    age = now - max(found.st_mtime, found.st_ctime)
    if age < FRESH_TEMP_SECONDS:
        return False
    if sys.platform == "win32":  # an open file cannot be deleted there anyway
        return age >= UNLOCKABLE_TEMP_SECONDS and _unlink_if_same(temp, found)
    try:
        fd = os.open(temp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return age >= UNLOCKABLE_TEMP_SECONDS and _unlink_if_same(temp, found)
    try:
        if not os.path.samestat(os.fstat(fd), found):
            return False  # replaced since we looked: look again next time
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live writer holds it
        except OSError:
            return age >= UNLOCKABLE_TEMP_SECONDS and _unlink_if_same(temp, found)
        return _unlink_if_same(temp, found)  # while holding the lock: no writer can be mid-way
    finally:
        os.close(fd)


def _unlink_if_same(temp: Path, found: os.stat_result) -> bool:
    """Remove ``temp`` only if the name still means the file examined (a writer may have renamed it away)."""
    try:
        if not os.path.samestat(os.lstat(temp), found):
            return False
        temp.unlink()
    except OSError:
        return False
    return True


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be opened, so failure is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
