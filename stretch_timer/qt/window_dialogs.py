"""What opens over the main window: the settings dialog, the keyboard-shortcuts overlay and the message boxes.

Split from the main window so the window deals with pages and runs, and this deals with the things shown on top
of them: each is built on first use (the settings dialog and the overlay import lazily), there is at most one of
each, and all of them close with the window. None is modal, so nothing ever blocks a running routine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from stretch_timer import __version__
from stretch_timer.disclaimer import DISCLAIMER_TEXT, DISCLAIMER_TITLE
from stretch_timer.qt.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

class WindowDialogs(QObject):
    """The window's dialogs and overlay; ``setting_changed(key)`` and ``help_closed()`` call back the window."""

    def __init__(self, window: QWidget, overlay_host: QWidget, settings: Settings, *, app_title: str,
                 voice_disabled_by_option: bool, setting_changed: Callable[[str], None],
                 help_closed: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._overlay_host = overlay_host
        self._settings = settings
        self._app_title = app_title
        self._voice_disabled_by_option = voice_disabled_by_option
        self._setting_changed = setting_changed
        self._help_closed = help_closed
        self.settings_dialog: Any | None = None
        self._help_overlay: Any | None = None  # built on the first "?"
        self.message_boxes: list[QMessageBox] = []

    # --- keyboard shortcuts ----------------------------------------------------------------------------

    @property
    def help_overlay(self) -> Any:
        if self._help_overlay is None:
            from stretch_timer.qt.widgets.help_overlay import HelpOverlay

            self._help_overlay = HelpOverlay(self._overlay_host)
            self._help_overlay.closed.connect(self._help_closed)
        return self._help_overlay

    # --- settings --------------------------------------------------------------------------------------

    def show_settings(self, cues: Any | None, voice: Any | None) -> None:
        from stretch_timer.qt.pages.settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            dialog = SettingsDialog(self._settings, cues=cues, voice=voice,
                                    voice_disabled_by_option=self._voice_disabled_by_option, parent=self._window)
            dialog.changed.connect(self._setting_changed)
            dialog.finished.connect(self._settings_closed)
            self.settings_dialog = dialog
        self.settings_dialog.open()

    def set_media(self, cues: Any, voice: Any) -> None:
        """Sound and voice were just made: an open settings dialog says what they can do."""
        if self.settings_dialog is not None:
            self.settings_dialog.set_media(cues, voice)

    def _settings_closed(self, _result: int) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
            self.settings_dialog = None
        self._settings.sync()

    # --- message boxes ---------------------------------------------------------------------------------

    def _message(self, title: str, text: str, name: str, on_done: Callable[[], None] | None = None) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox  # its enums are built on first use: not before the first paint

        box = QMessageBox(QMessageBox.Icon.NoIcon, title, "", QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # never markup, whatever the text grows to quote
        box.setText(text)
        box.setAccessibleName(name)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ok = box.button(QMessageBox.StandardButton.Ok)
        ok.setAccessibleName("OK")

        def finished(_result: int) -> None:
            if box in self.message_boxes:
                self.message_boxes.remove(box)
            if on_done is not None:
                on_done()

        box.finished.connect(finished)
        self.message_boxes.append(box)
        box.show()
        return box

    def show_disclaimer(self) -> QMessageBox:
        """The safety note (first run, once): non-modal, so nothing blocks; "seen" once it is dismissed."""
        for box in self.message_boxes:
            if box.accessibleName() == "Disclaimer":
                return box

        def seen() -> None:
            self._settings.disclaimer_seen = True
            self._settings.sync()

        return self._message(DISCLAIMER_TITLE, DISCLAIMER_TEXT, "Disclaimer", seen)

    def show_about(self) -> QMessageBox:
        text = (f"Stretch Timer {__version__}\n\nGuided, timed stretches for leg cramps.\n\n"
                f"{DISCLAIMER_TITLE}\n{DISCLAIMER_TEXT}")
        return self._message(f"About {self._app_title}", text, "About Stretch Timer")

    def close_all(self) -> None:
        """The window is closing: close every message box, the settings dialog and the overlay."""
        for box in self.message_boxes:
            box.close()
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        if self._help_overlay is not None:
            self._help_overlay.dismiss()
