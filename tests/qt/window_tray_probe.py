"""Run inside an X server with a system tray (tests/qt/test_window_tray.py starts Xvfb and trayer): opens the
real app as ``stretch-timer --tray`` does, closes its window into the tray, and quits from the tray's Quit;
prints what it saw as one JSON line."""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from stretch_timer.app.context import AppContext, LaunchOptions
from stretch_timer.app.settings import Settings
from stretch_timer.qt.main_window import MainWindow


def wait(app: QApplication, seconds: float, until: object = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (callable(until) and until()):
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    app = QApplication(sys.argv[:1])
    wait(app, 5, QSystemTrayIcon.isSystemTrayAvailable)
    settings = Settings()
    settings.disclaimer_seen = True
    context = AppContext(settings, options=LaunchOptions(mute=True, no_voice=True, tray=True))
    window = MainWindow(context, app=app)
    found: dict[str, object] = {"hidden_at_start": window.start_in_tray() and not window.isVisible()}
    desktop = window.desktop
    assert desktop is not None
    wait(app, 5, lambda: desktop.tray.present)
    found["tray_present"] = desktop.tray.present
    context.commands.trigger("window.show")
    wait(app, 2, window.isVisible)
    found["shown_from_tray"] = window.isVisible()
    window.close()
    wait(app, 0.5)
    found["closed_into_tray"] = not window.isVisible()
    found["hint_said_once"] = settings.close_hint_shown
    context.commands.trigger("cramp.calf")  # Cramp now from the tray while the window is hidden
    wait(app, 2, window.isVisible)
    running = context.running_routine
    found["cramp_from_tray"] = window.isVisible() and running is not None and running.id == "calf-cramp-relief"
    window.pages.stop_run()
    QTimer.singleShot(0, lambda: context.commands.trigger("quit"))
    QTimer.singleShot(5000, lambda: app.exit(3))  # Quit did not end the app
    found["quit_code"] = app.exec()
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
