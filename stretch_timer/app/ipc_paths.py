"""Where the single-instance socket lives: a per-user private folder, checked so no other user can reach in.

Pure Python (no Qt), apart from :mod:`stretch_timer.app.ipc` so it can be typed strictly and tested without
sockets. The folder is ``$XDG_RUNTIME_DIR/stretch-timer`` (the XDG place for sockets: per user, 0700, emptied
at logout), else ``stretch-timer-UID`` in the temporary folder. Either way it must be a real folder (never a
symlink someone planted), owned by the user, and 0700; anything else is refused with a one-line reason
(:class:`IpcUnavailable`) rather than used.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Final

from ..paths import HOME_ENV

RUNTIME_DIR_ENV: Final = "STRETCH_TIMER_RUNTIME_DIR"
"""A folder to keep the socket in instead of ``$XDG_RUNTIME_DIR/stretch-timer`` (tests); checked the same way."""
_SUN_PATH_MAX: Final = 103  # sockaddr_un.sun_path: 108 bytes on Linux, 104 on macOS and the BSDs, NUL included


class IpcUnavailable(Exception):
    """The channel cannot be used (unsafe folder, socket path too long, cannot listen); ``str()`` says why.

    The app should still start, just without single-instance handling."""


# --- where the socket lives -------------------------------------------------------------------------------


def private_dir(path: Path) -> Path:
    """``path`` as a folder only this user can enter: created 0700, or checked (owner, not a symlink) and
    tightened to 0700. Raises :class:`IpcUnavailable` when it belongs to someone else or is not a real folder."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError as error:
        raise IpcUnavailable(f"cannot create {path}: {error.strerror}") from None
    try:
        info = os.lstat(path)
    except OSError as error:
        raise IpcUnavailable(f"cannot check {path}: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise IpcUnavailable(f"{path} is a symbolic link, not a private folder")
    if not stat.S_ISDIR(info.st_mode):
        raise IpcUnavailable(f"{path} is not a folder")
    # From here on through a descriptor opened without following links, so a swap after the lstat is harmless.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as error:
        raise IpcUnavailable(f"cannot open {path}: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid():
            raise IpcUnavailable(f"{path} belongs to another user (uid {info.st_uid})")
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.fchmod(fd, 0o700)
    except OSError as error:
        raise IpcUnavailable(f"cannot make {path} private: {error.strerror}") from None
    finally:
        os.close(fd)
    return path


def _usable_xdg_runtime_dir() -> Path | None:
    """``$XDG_RUNTIME_DIR`` if it is what the XDG spec promises (absolute, ours, writable by no one else)."""
    value = os.environ.get("XDG_RUNTIME_DIR", "")
    if not value or not os.path.isabs(value):
        return None
    try:
        info = os.stat(value)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return Path(value)


def runtime_dir() -> Path:
    """The private folder for the socket: ``$STRETCH_TIMER_RUNTIME_DIR``, else ``$XDG_RUNTIME_DIR/stretch-timer``,
    else ``stretch-timer-UID`` in the temporary folder. Created and checked by :func:`private_dir`."""
    override = os.environ.get(RUNTIME_DIR_ENV, "")
    if override:
        return private_dir(Path(os.path.abspath(override)))
    xdg = _usable_xdg_runtime_dir()
    if xdg is not None:
        return private_dir(xdg / "stretch-timer")
    return private_dir(Path(tempfile.gettempdir()) / f"stretch-timer-{os.getuid()}")


def _instance_key() -> str:
    """One app per ``STRETCH_TIMER_HOME``: a portable copy or a test keeps its own instance, beside the usual one."""
    home = os.environ.get(HOME_ENV, "")
    if not home:
        return ""
    import zlib  # not hashlib, which loads OpenSSL (3.5 MiB resident) for a name that needs no cryptography

    data = os.path.abspath(os.path.expanduser(home)).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def socket_name(directory: Path | None = None) -> str:
    """The name to give QLocalServer/QLocalSocket: a full path in :func:`runtime_dir` (or ``directory``, which is
    checked the same way) on Unix, a per-user pipe name on Windows. Raises :class:`IpcUnavailable`."""
    key = _instance_key()
    if sys.platform == "win32":  # a pipe name; UserAccessOption restricts it (no rename trick there)
        user = os.environ.get("USERNAME", "user")
        return "-".join(part for part in ("stretch-timer", user, key) if part)
    folder = private_dir(directory) if directory is not None else runtime_dir()
    name = str(folder / (f"ipc-{key}.sock" if key else "ipc.sock"))
    if len(os.fsencode(name)) > _SUN_PATH_MAX:
        raise IpcUnavailable(f"socket path {name} is longer than {_SUN_PATH_MAX} bytes")
    return name
