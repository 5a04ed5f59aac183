"""Reading a file that someone else may have put there: only a regular file, never a hang, never too much.

Routine folders are shared and hand-edited, so an entry named ``x.yaml`` may be a folder, a broken link, a
named pipe (opening one for reading blocks until a writer appears) or a link to a device such as
``/dev/zero`` (which never ends). Each becomes a :class:`ReadError` whose message says what the entry is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class ReadError(OSError):
    """The entry cannot be read as a file; the message is written for the person who owns the folder."""


class TooBigError(ReadError):
    """The file is larger than the caller's limit; ``size`` lets the caller word its own limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file is {size / 1024:.0f} KiB; files may be at most {limit // 1024} KiB")
        self.size = size


def entry_kind(mode: int) -> str:
    """What an entry with ``st_mode`` ``mode`` is, in words: "a file", "a folder", "a named pipe", …"""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "an unusual entry"


def _kind(mode: int) -> str | None:
    """Why a non-regular entry cannot be read, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return f"is {entry_kind(mode)}, not a file"


def check_regular(path: Path) -> None:
    """Raise :class:`ReadError` unless ``path`` is (or links to) a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise ReadError(f"is a link to {os.readlink(path)!r}, which does not exist") from None
        raise ReadError("cannot read the file: No such file or directory") from None
    except OSError as error:
        raise ReadError(f"cannot read the file: {error.strerror or error}") from None
    kind = _kind(mode)
    if kind is not None:
        raise ReadError(kind)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; :class:`ReadError` otherwise."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise ReadError(f"cannot read the file: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)  # what was opened, not what was there a moment ago
        kind = _kind(info.st_mode)
        if kind is not None:
            raise ReadError(kind)
        if info.st_size > limit:
            raise TooBigError(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while being read
            raise TooBigError(size, limit)
        return b"".join(chunks)
    except ReadError:
        raise
    except OSError as error:
        raise ReadError(f"cannot read the file: {error.strerror or error}") from None
    finally:
        os.close(fd)
