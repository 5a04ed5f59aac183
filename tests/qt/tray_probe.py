"""Run inside an X server with a system tray (tests/qt/test_tray.py starts Xvfb and trayer): builds the tray
as the app does, prints what it finds as one JSON line, and with ``--shots DIR`` saves the screen (the icon
docked) and the open menu with Cramp now ▸ unfolded."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from stretch_timer.app.commands import Commands
from stretch_timer.app.settings import Settings
from stretch_timer.qt.tray import Tray


def wait(app: QApplication, seconds: float, until: object = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (callable(until) and until()):
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    wait(app, 5, QSystemTrayIcon.isSystemTrayAvailable)
    commands = Commands()
    opened: list[str] = []
    for command in commands.in_tray():  # as the app binds them (the screenshot shows them usable)
        commands.bind(command.id, lambda c=command.id: opened.append(c))
    settings = Settings()
    tray = Tray(commands, settings)
    wait(app, 5, lambda: tray.icon is not None and not tray.icon.geometry().isEmpty())
    found = {
        "available": QSystemTrayIcon.isSystemTrayAvailable(),
        "present": tray.present,
        "keeps_running": tray.keeps_running(),
        "geometry": tray.icon.geometry().getRect() if tray.icon is not None else None,
        "first_close_said": tray.say_once(),
        "second_close_said": tray.say_once(),
        "hint_remembered": Settings().close_hint_shown,
    }
    if tray.icon is not None:
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    found["click_opened"] = opened == ["window.show"]
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
        wait(app, 0.5)
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(args.shots / "tray-docked.png"))  # the icon, and the close hint's balloon
        for widget in app.topLevelWidgets():
            if widget.metaObject().className() == "QBalloonTip":
                widget.hide()
        tray.menu.popup(QPoint(900, 60))
        wait(app, 0.5)
        cramp = next(a for a in tray.menu.actions() if a.menu() is not None)
        tray.menu.setActiveAction(cramp)
        cramp.menu().popup(tray.menu.geometry().topRight() + QPoint(0, tray.menu.actionGeometry(cramp).top()))
        wait(app, 0.5)
        screen.grabWindow(0).save(str(args.shots / "tray-menu.png"))
    print(json.dumps(found), flush=True)
    tray.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
