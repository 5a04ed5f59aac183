"""Start in the tray at login: an XDG autostart entry, written only while the person wants it.

``$XDG_CONFIG_HOME/autostart/stretch-timer.desktop`` (``~/.config/autostart`` by default) is how every
freedesktop session (GNOME, KDE, Xfce, LXQt…) starts programs at login. It is written when the "Start in the
tray when I log in" setting is switched on and removed when it is switched off, and nothing else is ever
touched: the file carries a marker key, and a file at that name without it (one the person wrote themselves)
is neither overwritten nor removed. Both directions are idempotent.

The entry runs the ``stretch-timer`` found on PATH now (by its full path, since a login session's PATH may not
include a virtual environment), or else this Python with ``-m stretch_timer``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stretch_timer.core.atomic import write_atomic

if TYPE_CHECKING:  # only a type here: install-desktop uses this module without Qt
    from stretch_timer.app.settings import Settings

FILE_NAME = "stretch-timer.desktop"
MARKER = "X-Stretch-Timer-Autostart=true"
"""The line that makes a file at :data:`FILE_NAME` ours to replace or remove."""
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def autostart_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and os.path.isabs(config) else Path.home() / ".config"
    return base / "autostart"


def autostart_path() -> Path:
    return autostart_dir() / FILE_NAME


def command_line() -> list[str]:
    """What the login session runs: this install's ``stretch-timer --tray``."""
    found = shutil.which("stretch-timer")
    if found:
        return [os.path.abspath(found), "--tray"]
    return [sys.executable, "-m", "stretch_timer", "--tray"]


def _exec_arg(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry spec asks, then escaped as a string value is."""
    if arg and not (_RESERVED & set(arg)):
        quoted = arg
    else:
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(argv: Sequence[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Stretch Timer",
        "Comment=Guided stretches for leg cramps, waiting in the tray",
        "Exec=" + " ".join(_exec_arg(arg) for arg in argv),
        "Icon=stretch-timer",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        MARKER,
        "",
    ])


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False


def set_enabled(on: bool, path: Path | None = None, argv: Sequence[str] | None = None) -> str:
    """Write or remove our entry; "" when done, otherwise a sentence for the person (nothing raises)."""
    path = path or autostart_path()
    exists = path.exists() or path.is_symlink()
    if exists and not is_ours(path):
        return f"{path} was not written by Stretch Timer, so it was left as it is."
    try:
        if on:
            text = desktop_entry(argv or command_line())
            if not exists or path.read_text(encoding="utf-8") != text:
                write_atomic(path, text, keep_backup=False)
        elif exists:
            path.unlink()
    except OSError as error:
        doing = "written" if on else "removed"
        return f"The login entry {path} could not be {doing} ({error.strerror or error})."
    return ""


def follow(settings: Settings, tell: Callable[[str], object]) -> None:
    """Keep the entry in step with ``settings.autostart``, saying through ``tell`` when it cannot. Applied once
    now too: an entry deleted by hand comes back, and one left over while the setting is off goes."""

    def apply(name: str = "autostart") -> None:
        if name == "autostart":
            problem = set_enabled(settings.autostart)
            if problem:
                tell(problem)

    settings.changed.connect(apply)
    apply()
