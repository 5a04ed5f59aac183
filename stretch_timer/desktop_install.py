"""Putting Stretch Timer into the desktop's launcher, and taking it out again, without touching anything else.

``stretch-timer install-desktop`` writes, inside the user's own XDG folders and nowhere else:

* ``$XDG_DATA_HOME/applications/stretch-timer.desktop``: the launcher entry, with the right-click actions
  (Calf / Hamstring / Foot / Thigh cramp now, Bedtime routine). Its id matches the app's
  ``setDesktopFileName("stretch-timer")``, so the desktop ties the window to it (icon, name, Wayland app id).
* ``$XDG_DATA_HOME/icons/hicolor/<N>x<N>/apps/stretch-timer.png`` for each bundled size, and
  ``…/hicolor/scalable/apps/stretch-timer.svg``.
* ``$XDG_DATA_HOME/metainfo/<component id>.metainfo.xml``: the AppStream description software centres show.
* the login entry ``$XDG_CONFIG_HOME/autostart/stretch-timer.desktop``, only when the person has switched on
  "Start in the tray when I log in" (:mod:`stretch_timer.app.autostart` writes it, with its own marker).

The bundled templates (``assets/desktop/``) say ``stretch-timer``; the copies written here run this install's
own command by its full path, because a desktop session's PATH often lacks a virtual environment or
``~/.local/bin`` (and ``TryExec`` then hides the entry once that install is gone, instead of leaving a
launcher that fails).

Trust rules: a manifest (``$XDG_DATA_HOME/stretch-timer/desktop-install.json``) records every file written with
its SHA-256, and every folder this created. Installing again writes the same bytes (nothing changes when nothing
needs to); a file at one of these paths that is neither recorded nor byte-for-byte ours (a person's own
launcher, a link) is left as it is and said. Uninstall removes a file only while it still has the content
recorded, then the folders it created if they are empty, then the manifest. The desktop's caches are refreshed
only where one exists already (``update-desktop-database``, ``gtk-update-icon-cache``, when installed): without a
cache, desktops read the folders directly, and creating one would leave a file behind after uninstall.

Pure Python, no Qt: the CLI (:mod:`stretch_timer.cli_desktop`) reads the setting and prints the report.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

DESKTOP_ID = "stretch-timer.desktop"
COMPONENT_ID = "io.github.stretchtimer.StretchTimer"
METAINFO_NAME = f"{COMPONENT_ID}.metainfo.xml"
ICON_NAME = "stretch-timer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MANIFEST_NAME = "desktop-install.json"
MANIFEST_FORMAT = 1
COMMAND = "stretch-timer"
"""The command the bundled templates run; replaced by :func:`launcher_command` in the installed copies."""

LOGIN_ENTRY = "login entry"
Runner = Callable[[Sequence[str]], object]


def templates_dir() -> Path:
    """The bundled desktop entry and metainfo (inside the wheel, or the checkout's ``assets/desktop``)."""
    return paths.bundled_assets_dir() / "desktop"


def _xdg_home(env: Mapping[str, str], name: str, default: str) -> Path:
    """``$name`` when it is an absolute path (the spec says to ignore a relative one), else ``~/default``."""
    value = env.get(name, "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / default


def data_home(env: Mapping[str, str] | None = None) -> Path:
    return _xdg_home(os.environ if env is None else env, "XDG_DATA_HOME", ".local/share")


def config_home(env: Mapping[str, str] | None = None) -> Path:
    return _xdg_home(os.environ if env is None else env, "XDG_CONFIG_HOME", ".config")


def manifest_path(data: Path) -> Path:
    return data / "stretch-timer" / MANIFEST_NAME


def launcher_command() -> list[str]:
    """What the launcher runs: this install's own ``stretch-timer`` script (beside this Python: a venv or pipx
    install), else the login entry's choice (the one on PATH, or this Python with ``-m stretch_timer``)."""
    own = Path(sys.executable).parent / COMMAND
    if own.is_file() and os.access(own, os.X_OK):
        return [os.path.abspath(own)]
    from .app.autostart import command_line

    return [arg for arg in command_line() if arg != "--tray"]


def _exec_line(argv: Sequence[str]) -> str:
    from .app.autostart import _exec_arg

    return " ".join(_exec_arg(arg) for arg in argv)


def desktop_entry(template: str, argv: Sequence[str]) -> str:
    """The bundled entry with each ``Exec=stretch-timer …`` running ``argv …`` and ``TryExec`` its program."""
    lines = []
    for line in template.splitlines():
        key, sep, value = line.partition("=")
        words = value.split()
        if sep and key == "Exec" and words[:1] == [COMMAND]:
            line = "Exec=" + _exec_line([*argv, *words[1:]])
        elif sep and key == "TryExec" and value == COMMAND:
            line = "TryExec=" + argv[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Planned:
    """One file install writes: where, its bytes, and what it is (for the report)."""

    path: Path
    content: bytes
    kind: str


def planned_files(data: Path, config: Path, argv: Sequence[str], *, autostart: bool) -> list[Planned]:
    """Every file install writes, in the order it writes them."""
    templates = templates_dir()
    icons = paths.bundled_assets_dir() / "icons"
    entry = desktop_entry((templates / DESKTOP_ID).read_text(encoding="utf-8"), argv)
    planned = [Planned(data / "applications" / DESKTOP_ID, entry.encode("utf-8"), "launcher")]
    for size in ICON_SIZES:
        planned.append(Planned(data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png",
                               (icons / f"{ICON_NAME}-{size}.png").read_bytes(), "icon"))
    planned.append(Planned(data / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg",
                           (icons / f"{ICON_NAME}.svg").read_bytes(), "icon"))
    planned.append(Planned(data / "metainfo" / METAINFO_NAME, (templates / METAINFO_NAME).read_bytes(), "metainfo"))
    if autostart:  # exactly what the app writes for the setting, so the two never undo each other
        from .app import autostart as login

        planned.append(Planned(login_path(config), login.desktop_entry(login.command_line()).encode("utf-8"),
                               LOGIN_ENTRY))
    return planned


def login_path(config: Path) -> Path:
    from .app import autostart as login

    return config / "autostart" / login.FILE_NAME


def _is_login_entry_of_ours(path: Path) -> bool:
    """The login entry carries :mod:`~stretch_timer.app.autostart`'s marker: that is what makes it ours (the
    app rewrites it when the install moves), not a recorded checksum."""
    from .app import autostart as login

    return not path.is_symlink() and login.is_ours(path)


# --- the manifest ------------------------------------------------------------------------------------------


@dataclass
class Manifest:
    """What install wrote: file path → SHA-256 of its content, and the folders it created."""

    files: dict[str, str] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)

    def to_bytes(self) -> bytes:
        data = {"format": MANIFEST_FORMAT, "files": dict(sorted(self.files.items())), "dirs": sorted(self.dirs)}
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(path: Path) -> Manifest:
    """The manifest at ``path``; an empty one when it is missing or unreadable (then nothing counts as ours
    but files with exactly the content install would write)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest()
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return Manifest()
    files, dirs = data.get("files"), data.get("dirs")
    manifest = Manifest()
    if isinstance(files, dict):
        manifest.files = {str(k): str(v) for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
    if isinstance(dirs, list):
        manifest.dirs = {str(d) for d in dirs if isinstance(d, str)}
    return manifest


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _file_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (not followed through a link), None when there is none."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return _digest(path.read_bytes())
    except OSError:
        return None


# --- install / uninstall -----------------------------------------------------------------------------------


@dataclass
class Report:
    """What happened: files written (or already in place), files removed, and sentences for the person."""

    written: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _make_dirs(folder: Path, created: set[str]) -> None:
    """``mkdir -p``, remembering each folder this made (uninstall removes those again, when empty)."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for parent in reversed(missing):
        parent.mkdir()
        created.add(str(parent))


def _write_bytes(path: Path, content: bytes) -> None:
    """Replace ``path`` (a regular file or nothing) with ``content`` atomically: a temp file, then a rename."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def install(data: Path, config: Path, argv: Sequence[str], *, autostart: bool,
            run: Runner | None = None) -> Report:
    """Write the launcher, icons, metainfo (and the login entry when ``autostart``); see the module's rules."""
    report = Report()
    where = manifest_path(data)
    manifest = read_manifest(where)
    try:
        planned = planned_files(data, config, argv, autostart=autostart)
    except OSError as error:
        report.problems.append(f"The bundled desktop files could not be read ({error.strerror or error}).")
        return report
    for item in planned:
        key = str(item.path)
        digest = _digest(item.content)
        current = _file_digest(item.path)
        exists = item.path.exists() or item.path.is_symlink()
        if current == digest:
            manifest.files[key] = digest
            report.unchanged.append(item)
            continue
        ours = manifest.files.get(key) == current or (item.kind == LOGIN_ENTRY and _is_login_entry_of_ours(item.path))
        if exists and (current is None or not ours):
            report.problems.append(f"{item.path} was not written by Stretch Timer, so it was left as it is.")
            continue
        try:
            _make_dirs(item.path.parent, manifest.dirs)
            _write_bytes(item.path, item.content)
        except OSError as error:
            report.problems.append(f"{item.path} could not be written ({error.strerror or error}).")
            continue
        manifest.files[key] = digest
        report.written.append(item)
    try:
        _make_dirs(where.parent, manifest.dirs)
        content = manifest.to_bytes()
        if _file_digest(where) != _digest(content):
            _write_bytes(where, content)
    except OSError as error:
        report.problems.append(f"The record of the install {where} could not be written ({error.strerror or error});"
                               " uninstall-desktop will remove only files with exactly the content written now.")
    refresh_caches(data, run)
    return report


def uninstall(data: Path, config: Path, argv: Sequence[str] | None = None, run: Runner | None = None) -> Report:
    """Remove what install wrote: each recorded file still holding its recorded content (and any file at an
    install path with exactly the content install would write now), then the folders install created, if empty,
    then the manifest. A file changed since is left and said."""
    report = Report()
    where = manifest_path(data)
    manifest = read_manifest(where)
    recorded = dict(manifest.files)
    with contextlib.suppress(OSError):  # without the templates, the manifest alone decides
        for item in planned_files(data, config, argv or launcher_command(), autostart=False):
            recorded.setdefault(str(item.path), _digest(item.content))
    login = login_path(config)
    gone: set[str] = set()
    for key, digest in sorted(recorded.items()):
        path = Path(key)
        current = _file_digest(path)
        if current is None and not path.is_symlink() and not path.exists():
            gone.add(key)  # removed by hand since: off the record too
            continue
        if current != digest and not (path == login and _is_login_entry_of_ours(path)):
            if key in manifest.files:
                report.problems.append(f"{path} has changed since it was installed, so it was left as it is.")
            continue
        try:
            path.unlink()
        except OSError as error:
            report.problems.append(f"{path} could not be removed ({error.strerror or error}).")
            continue
        report.removed.append(path)
    removed = gone | {str(path) for path in report.removed}
    manifest.files = {key: digest for key, digest in manifest.files.items() if key not in removed}
    try:
        if manifest.files:  # what was left (changed since) stays on record, for a later uninstall
            _write_bytes(where, manifest.to_bytes())
        else:
            with contextlib.suppress(FileNotFoundError):
                where.unlink()
    except OSError as error:
        report.problems.append(f"The record of the install {where} could not be updated ({error.strerror or error}).")
    for folder in sorted(manifest.dirs, key=lambda d: len(Path(d).parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty (someone else's files), or gone already
            Path(folder).rmdir()
    if login in report.removed:
        report.notes.append("Stretch Timer writes its login entry again when it next starts while \"Start in the "
                            "tray when I log in\" is on (Settings).")
    elif _is_login_entry_of_ours(login):
        report.notes.append(f"The login entry {login} stays while \"Start in the tray when I log in\" is on "
                            "(Settings); switch it off there to remove it.")
    refresh_caches(data, run)
    return report


def _run_quietly(argv: Sequence[str]) -> object:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=30, check=False)
    return None


def refresh_caches(data: Path, run: Runner | None = None) -> list[list[str]]:
    """Refresh the desktop's caches of ``data``'s launchers and icons where such a cache exists and its tool is
    installed; returns the commands run. Never raises: a missing or failing tool costs nothing but staleness."""
    run = run or _run_quietly
    commands = []
    applications = data / "applications"
    hicolor = data / "icons" / "hicolor"
    tool = shutil.which("update-desktop-database")
    if tool and (applications / "mimeinfo.cache").is_file():
        commands.append([tool, "-q", str(applications)])
    tool = shutil.which("gtk-update-icon-cache")
    if tool and (hicolor / "icon-theme.cache").is_file():
        commands.append([tool, "-q", "-t", "-f", str(hicolor)])
    for command in commands:
        with contextlib.suppress(Exception):
            run(command)
    return commands
