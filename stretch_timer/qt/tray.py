"""The tray icon: the app within reach while its window is closed, for a cramp at night or the bedtime routine.

Only where the desktop has a system tray (``QSystemTrayIcon.isSystemTrayAvailable()``); without one there is
no icon, :meth:`Tray.keeps_running` is False and the app behaves as it always did (closing the window quits).
The menu comes from the command table (the commands marked ``tray``: Open, Cramp now ▸ one entry per muscle,
Start bedtime routine, Log a cramp…, Quit), so its entries, their names and whether they can be used now are
the window's. A click on the icon opens the window.

With the icon present, closing the window only hides it; the first time, a balloon says so (once ever: a
setting remembers it was said). The balloon is also the reminder's fallback where no notification service is
on the bus; a click on it is :attr:`Tray.message_clicked`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from stretch_timer import paths
from stretch_timer.app.commands import Commands
from stretch_timer.app.settings import Settings
from stretch_timer.qt.menus import tray_menu_actions

TOOLTIP = "Stretch Timer"
REMINDER_TITLE = "Bedtime stretches"
REMINDER_TEXT = "Time for the bedtime routine: a few minutes of gentle stretches before sleep."
CLOSE_HINT = ("Stretch Timer is still here", "It keeps running in the tray for a cramp at night or the bedtime "
              "reminder. Quit from the tray menu to close it.")


def app_icon() -> QIcon:
    """The app's icon in every size it is drawn in (the tray picks the one that fits)."""
    icons = paths.bundled_assets_dir() / "icons"
    icon = QIcon()
    for file in sorted(icons.glob("stretch-timer*.png")) or sorted(icons.glob("stretch-timer.svg")):
        icon.addFile(str(file))
    return icon


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class Tray(QObject):
    """The icon and its menu. ``icon`` is None where there is no tray (the menu is built all the same)."""

    message_clicked = Signal()
    """The balloon was clicked (the reminder's fallback: start the bedtime routine)."""

    def __init__(self, commands: Commands, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._commands = commands
        self._settings = settings
        self.menu = QMenu()
        self.menu.setAccessibleName("Stretch Timer tray menu")
        self.actions = tray_menu_actions(commands, self.menu)
        self.icon: QSystemTrayIcon | None = None
        self.last_message = ""
        """The title of the balloon shown last (a click on it means what that balloon offered)."""
        if tray_available():
            self.icon = QSystemTrayIcon(app_icon(), self)
            self.icon.setToolTip(TOOLTIP)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self.message_clicked)
            self.icon.show()
        self.destroyed.connect(self.menu.deleteLater)

    @property
    def present(self) -> bool:
        return self.icon is not None and self.icon.isVisible()

    def keeps_running(self) -> bool:
        """Closing the window hides it and the app stays in the tray (for the window's ``closeEvent``)."""
        return self.present

    def say_once(self, title: str = CLOSE_HINT[0], text: str = CLOSE_HINT[1]) -> bool:
        """The first time the window is closed into the tray, say so; never again after (True if said now)."""
        if not self.present or self._settings.close_hint_shown:
            return False
        self._settings.close_hint_shown = True
        return self.show_message(title, text)

    def show_message(self, title: str, text: str, msecs: int = 10_000) -> bool:
        """A balloon from the icon; False where there is no tray or it cannot show balloons."""
        if self.icon is None or not self.present or not QSystemTrayIcon.supportsMessages():
            return False
        self.last_message = title
        self.icon.showMessage(title, text, app_icon(), msecs)
        return True

    def set_tooltip(self, text: str) -> None:
        if self.icon is not None:
            self.icon.setToolTip(text)

    def remove(self) -> None:
        """Take the icon away (before quitting, so no stale icon lingers in some trays)."""
        if self.icon is not None:
            self.icon.hide()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self._commands.trigger("window.show")


def offer_reminders(reminder: Any, notifier: Any, tray: Tray, commands: Commands,
                    tell: Callable[[str], object] | None = None) -> None:
    """Connect the reminder (``app.reminder.Reminder``) to what shows it: the desktop notification with its
    three answers where there is a notification service, else the tray's balloon (a click starts the bedtime
    routine), else ``tell`` (the window's status line)."""

    def due() -> None:
        if notifier.available and notifier.show_reminder(REMINDER_TITLE, REMINDER_TEXT):
            return
        fallback()

    def fallback() -> None:
        if not tray.show_message(REMINDER_TITLE, REMINDER_TEXT + " Click here to start it.") and tell is not None:
            tell(f"{REMINDER_TITLE}: {REMINDER_TEXT}")

    def answered(key: str) -> None:
        if key == "start":
            commands.trigger("bedtime.start")
        elif key == "snooze":
            reminder.snooze(10)
        elif key == "not-tonight":
            reminder.not_tonight()

    def balloon_clicked() -> None:
        if tray.last_message == REMINDER_TITLE:
            commands.trigger("bedtime.start")

    reminder.due.connect(due)
    notifier.action_invoked.connect(answered)
    notifier.failed.connect(fallback)
    tray.message_clicked.connect(balloon_clicked)
