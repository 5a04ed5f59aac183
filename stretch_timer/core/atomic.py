"""Saving without ever leaving a half-written file, and without losing the version before.

Write to a temporary file in the same folder, flush it to disk, keep the old file as ``NAME.bak``, then
rename over the original: a crash at any point leaves either the old or the new file, never a torn one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def write_atomic(path: Path, text: str, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``text`` atomically; the previous contents, if any, go to ``NAME.bak``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _copy_atomic(path, backup_path(path))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


def move_to_backup(path: Path) -> Path:
    """Set a file aside as its backup (used when restoring a bundled routine over a customised one)."""
    target = backup_path(path)
    os.replace(path, target)
    _fsync_folder(path.parent)
    return target


def _copy_atomic(source: Path, target: Path) -> None:
    temp = target.with_name(f".{target.name}.tmp")
    try:
        shutil.copy2(source, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


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
