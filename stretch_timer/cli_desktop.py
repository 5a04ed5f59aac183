"""``stretch-timer install-desktop`` and ``uninstall-desktop``: the launcher entry, icons and metainfo.

The work (and its trust rules: the user's XDG folders only, nothing of anyone else's touched) is
:mod:`stretch_timer.desktop_install`'s; this reads the "Start at login" setting, calls it, and says in a few
lines what was written or removed. Exit 0 when everything was done, 1 when something was left as it is.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from .launch import EXIT_OK, EXIT_PROBLEMS


def add_desktop_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser(
        "install-desktop", help="add Stretch Timer to the desktop's launcher (with cramp shortcuts) and icons",
        description="Write the launcher entry (right-click: Calf / Hamstring / Foot / Thigh cramp now, Bedtime "
                    "routine), the icons and the AppStream metainfo into your XDG data folder (~/.local/share), "
                    "and the login entry when \"Start in the tray when I log in\" is on. Running it again is "
                    "harmless; uninstall-desktop removes exactly what it wrote.",
    )
    commands.add_parser(
        "uninstall-desktop", help="remove what install-desktop wrote (files changed since are kept)",
        description="Remove the launcher entry, icons and metainfo install-desktop wrote, and the folders it "
                    "made if they are empty. Your routines, history and settings stay.",
    )


def _shown(path: os.PathLike[str] | str) -> str:
    """A path with the home folder as ``~``, through ``visible`` (a folder name may hold anything)."""
    from .core.problems import visible

    text = os.fspath(path)
    home = os.path.expanduser("~")
    if home not in ("", "/") and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home):]
    return visible(text)


def _autostart_wanted() -> bool:
    from .app.settings import Settings, settings_path

    if not settings_path().is_file():  # never set: off (and reading it must not make the settings folder)
        return False
    return bool(Settings().autostart)


def install_desktop_command(out: TextIO, err: TextIO) -> int:
    from . import desktop_install as desk
    from .app.autostart import _exec_arg

    argv = desk.launcher_command()
    report = desk.install(desk.data_home(), desk.config_home(), argv, autostart=_autostart_wanted())
    for problem in report.problems:
        print(f"stretch-timer: {_shown(problem)}", file=err)
    done = report.written + report.unchanged
    if not done:
        return EXIT_PROBLEMS
    fresh = "Stretch Timer is in your desktop's launcher" + (" (nothing changed)." if not report.written else ".")
    print(fresh, file=out)
    for kind in ("launcher", "icon", "metainfo", desk.LOGIN_ENTRY):
        items = [item for item in done if item.kind == kind]
        if len(items) == 1:
            print(f"  {kind + ':':<13}{_shown(items[0].path)}", file=out)
        elif items:
            common = os.path.commonpath([item.path for item in items])
            print(f"  {kind + 's:':<13}{_shown(common)}/… ({len(items)} files)", file=out)
    print(f"  {'it runs:':<13}{_shown(' '.join(_exec_arg(arg) for arg in argv))}", file=out)
    print("Right-click it for Cramp now and the bedtime routine. Undo with: stretch-timer uninstall-desktop", file=out)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def uninstall_desktop_command(out: TextIO, err: TextIO) -> int:
    from . import desktop_install as desk

    report = desk.uninstall(desk.data_home(), desk.config_home())
    for problem in report.problems:
        print(f"stretch-timer: {_shown(problem)}", file=err)
    if report.removed:
        print(f"Removed {len(report.removed)} file{'s' if len(report.removed) != 1 else ''} "
              "of Stretch Timer's launcher, icons and metainfo.", file=out)
    elif report.ok:
        print(f"Nothing to remove: no launcher of Stretch Timer's in {_shown(desk.data_home())}.", file=out)
    for note in report.notes:
        print(_shown(note), file=out)
    return EXIT_OK if report.ok else EXIT_PROBLEMS
