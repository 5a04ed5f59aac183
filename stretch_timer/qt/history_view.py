"""The history in the window: the History page shown and kept current, Log a cramp, the CSV export, deleting.

The rows come from the app layer's history service (read on its worker), so opening the page never waits on
the disk: the page shows what it had, and the rows arrive a moment later. Each write there (a run ended, a
cramp logged, an entry deleted) asks for the rows again while the page shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:
    from stretch_timer.app.context import AppContext
    from stretch_timer.core.history.records import CrampAnswer
    from stretch_timer.qt.navigator import Navigator


def _ask_folder(parent: QWidget) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, "Export the history as CSV into…", str(Path.home()))
    return Path(folder) if folder else None


class HistoryView(QObject):
    """Binds ``history.show`` and ``cramp.log`` for the window that shows ``pages``."""

    def __init__(self, window: QWidget, pages: Navigator, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._pages = pages
        self._context = context
        self.page: Any | None = None
        self.dialog: Any | None = None
        self.ask_folder = _ask_folder
        context.commands.bind("history.show", self.show, enabled=lambda: not context.running())
        context.commands.bind("cramp.log", self.log_cramp)

    def show(self) -> None:
        """The History page, with the rows as they are now (they arrive from the worker)."""
        if self._context.running():
            return
        page = self._ensure_page()
        self._pages.show_page(page)
        self._context.history.request()

    def _ensure_page(self) -> Any:
        if self.page is None:
            from stretch_timer.qt.pages.history_page import HistoryPage

            page = HistoryPage()
            history = self._context.history
            history.loaded.connect(self._loaded)
            history.changed.connect(self._changed)
            page.log_cramp_requested.connect(self.log_cramp)
            page.export_requested.connect(self._export)
            page.delete_session_requested.connect(history.delete_session)
            page.delete_cramp_requested.connect(history.delete_cramp)
            page.clear_requested.connect(history.clear)
            page.back_requested.connect(self._pages.show_library)
            self._pages.add_page(page)
            self.page = page
        return self.page

    def _showing(self) -> bool:
        return self.page is not None and self._pages.current_page() is self.page

    def _changed(self) -> None:
        if self._showing():
            self._context.history.request()

    def _loaded(self, sessions: Any, cramps: Any) -> None:
        if self.page is None:
            return
        from stretch_timer.app.reminder import local_zone

        zone = local_zone()  # with its DST rules: past rows land in the hour they happened
        today = self._context.wall_clock().astimezone(zone).date()
        self.page.show_history(sessions, cramps, today, zone)

    def log_cramp(self, answer: CrampAnswer | None = None) -> None:
        """Log a cramp without running anything: the quick dialog (window-modal), then the diary."""
        if answer is not None:
            self._context.history.log_cramp(answer, self._context.wall_clock())
            return
        from stretch_timer.qt.dialogs.log_cramp import LogCrampDialog

        if self._window.isHidden():
            self._window.show()  # from the tray: the dialog needs its window
        dialog = LogCrampDialog(self._window)
        dialog.setAccessibleName("Log a cramp")
        self.dialog = dialog

        def answered(_result: int) -> None:
            said = dialog.answer()
            self.dialog = None
            if said is not None:
                self._context.history.log_cramp(said, self._context.wall_clock())
                self._context.tell("Cramp logged in the diary.")
            dialog.deleteLater()

        dialog.finished.connect(answered)
        dialog.open()

    def _export(self) -> None:
        folder = self.ask_folder(self._window)
        if folder is not None:
            self._context.history.export_csv(folder)
