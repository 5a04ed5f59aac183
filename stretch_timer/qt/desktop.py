"""The app on the desktop beyond its window: the tray icon, the bedtime reminder shown, and the tray's commands.

Made by the window just after its first paint (nothing here may delay it). Where the desktop has a system tray,
the icon offers Open, Cramp now ▸ per muscle, Start bedtime routine, Log a cramp… and Quit (the command table's
``tray`` entries), closing the window keeps the app there, and the reminder falls back to the icon's balloon
where no notification service runs. Without a tray, the app behaves as it always did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from stretch_timer.core.muscles import CRAMP_MUSCLES
from stretch_timer.qt.tray import Tray, offer_reminders

if TYPE_CHECKING:
    from stretch_timer.app.context import AppContext
    from stretch_timer.qt.main_window import MainWindow


class DesktopPresence(QObject):
    """The tray icon and the reminder's way to the person, for one window."""

    def __init__(self, window: MainWindow, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        commands = context.commands
        commands.bind("window.show", window.bring_to_front)
        for muscle in CRAMP_MUSCLES:
            commands.bind(f"cramp.{muscle}", lambda m=muscle: self.cramp_now(m))
        # Enabled while the routines are loaded: the menus ask on every state change, so no planning here;
        # start_bedtime says so when there is no bedtime routine.
        commands.bind("bedtime.start", self.start_bedtime, enabled=lambda: context.loaded_library is not None)
        self.tray = Tray(commands, context.settings, parent=self)
        if self.tray.icon is not None:
            from PySide6.QtWidgets import QApplication

            QApplication.setQuitOnLastWindowClosed(False)  # the window hides into the tray; Quit ends the app
        context.start_background()
        self._reminders_offered = False
        self._offer_reminders()
        context.settings_changed.connect(self._setting_changed)

    def _setting_changed(self, name: str) -> None:
        if name == "reminder_enabled":
            self._offer_reminders()

    def _offer_reminders(self) -> None:
        """Connect the reminder to a notification, the balloon or the status line, once it is switched on."""
        context = self._context
        if self._reminders_offered or context.reminder is None or not context.settings.reminder_enabled:
            return
        self._reminders_offered = True
        offer_reminders(context.reminder, context.ensure_notifier(), self.tray, context.commands, context.tell)

    def keeps_running(self) -> bool:
        """Closing the window only hides it (there is a tray icon to come back from)."""
        return self.tray.keeps_running()

    def cramp_now(self, muscle: str) -> None:
        """Cramp now from the tray: the window comes up with that muscle's relief routine running, taking over
        from any routine under way (as ``stretch-timer cramp MUSCLE`` does)."""
        context = self._context
        self._window.bring_to_front()
        routine = context.relief_for(muscle)
        if routine is None:
            context.tell(f"No relief routine for that muscle ({muscle}).")
            return
        if context.running():
            context.replace_run(routine)
        else:
            self._window.pages.start_routine(routine)

    def start_bedtime(self) -> None:
        context = self._context
        routine = context.bedtime_routine()
        self._window.bring_to_front()
        if routine is None:
            context.tell("There is no routine tagged bedtime to start.")
            return
        if context.running():
            return
        self._window.pages.start_routine(routine)

    def remove(self) -> None:
        self.tray.remove()
