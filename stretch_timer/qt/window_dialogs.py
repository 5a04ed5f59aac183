"""What opens over the main window: the settings dialog, the keyboard-shortcuts overlay and the message boxes.

Each is built on first use (the settings dialog and the overlay import lazily), there is at most one of each,
and all of them close with the window. The keyboard-shortcuts overlay pauses a running routine while it is
open (reading a list of keys is not stretching) and resumes it if it paused it. The safety note is window-
modal: it is read before anything else is done, and it is never shown over a running routine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from stretch_timer import __version__, paths
from stretch_timer.disclaimer import DISCLAIMER_TEXT, DISCLAIMER_TITLE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from stretch_timer.app.context import AppContext

class WindowDialogs(QObject):
    """The window's dialogs and overlay; ``help_closed()`` calls back the window (to put the focus back)."""

    def __init__(self, window: QWidget, overlay_host: QWidget, context: AppContext, *, app_title: str,
                 help_closed: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._overlay_host = overlay_host
        self._context = context
        self._settings = context.settings
        self._app_title = app_title
        self._help_closed = help_closed
        self._paused_for_help = False
        self.settings_dialog: Any | None = None
        self._help_overlay: Any | None = None  # built on the first "?"
        self.message_boxes: list[QMessageBox] = []

    # --- keyboard shortcuts ----------------------------------------------------------------------------

    @property
    def help_overlay(self) -> Any:
        if self._help_overlay is None:
            from stretch_timer.qt.widgets.help_overlay import HelpOverlay

            self._help_overlay = HelpOverlay(self._overlay_host)
            self._help_overlay.opened.connect(self._pause_for_help)
            self._help_overlay.closed.connect(self._after_help)
        return self._help_overlay

    def _pause_for_help(self) -> None:
        driver = self._context.runs.driver
        from stretch_timer.core.session import State

        if driver is not None and driver.session.state is State.RUNNING:
            driver.pause()
            self._paused_for_help = True

    def _after_help(self) -> None:
        driver = self._context.runs.driver
        if self._paused_for_help and driver is not None:
            from stretch_timer.core.session import State

            if driver.session.state is State.PAUSED:
                driver.resume()
        self._paused_for_help = False
        self._help_closed()

    # --- settings --------------------------------------------------------------------------------------

    def show_settings(self) -> None:
        from stretch_timer.qt.pages.settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            runs = self._context.runs
            dialog = SettingsDialog(self._settings, cues=runs.cues, voice=runs.voice,
                                    voice_disabled_by_option=self._context.options.no_voice, parent=self._window)
            dialog.finished.connect(self._settings_closed)
            self._context.media_changed.connect(self._media_changed)
            self.settings_dialog = dialog
        self.settings_dialog.open()

    def _media_changed(self) -> None:
        """Sound and voice were just made or changed: an open settings dialog says what they can do."""
        if self.settings_dialog is not None:
            self.settings_dialog.set_media(self._context.runs.cues, self._context.runs.voice)

    def _settings_closed(self, _result: int) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
            self.settings_dialog = None
        self._settings.sync()

    # --- message boxes ---------------------------------------------------------------------------------

    def _message(self, title: str, text: str, name: str, on_done: Callable[[], None] | None = None,
                 modality: Qt.WindowModality = Qt.WindowModality.NonModal) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox  # its enums are built on first use: not before the first paint

        box = QMessageBox(QMessageBox.Icon.NoIcon, title, "", QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # never markup, whatever the text grows to quote
        box.setText(text)
        box.setAccessibleName(name)
        box.setWindowModality(modality)
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

    def ask(self, title: str, text: str, name: str, *, yes: tuple[str, str], no: tuple[str, str],
            on_yes: Callable[[], None]) -> QMessageBox:
        """A yes/no question (window-modal, never a nested event loop, so a running routine goes on); ``yes``
        and ``no`` are (button text, accessible name); "no" is the default, and Esc answers it. At most one
        question with the same ``name`` is up at a time."""
        from PySide6.QtWidgets import QMessageBox

        for box in self.message_boxes:
            if box.accessibleName() == name:
                return box
        box = QMessageBox(QMessageBox.Icon.Question, title, "", QMessageBox.StandardButton.NoButton, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setAccessibleName(name)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes_button = box.addButton(yes[0], QMessageBox.ButtonRole.AcceptRole)
        yes_button.setAccessibleName(yes[1])
        no_button = box.addButton(no[0], QMessageBox.ButtonRole.RejectRole)
        no_button.setAccessibleName(no[1])
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)

        def answered(_result: int) -> None:
            if box in self.message_boxes:
                self.message_boxes.remove(box)
            if box.clickedButton() is yes_button:
                on_yes()

        box.finished.connect(answered)
        self.message_boxes.append(box)
        box.open()
        return box

    def show_disclaimer(self) -> QMessageBox:
        """The safety note (first run, once, never over a running routine): window-modal, so it is read before
        anything starts; "seen" once it is dismissed, which a later launch remembers."""
        for box in self.message_boxes:
            if box.accessibleName() == "Disclaimer":
                return box

        def seen() -> None:
            self._settings.disclaimer_seen = True
            self._settings.sync()

        return self._message(DISCLAIMER_TITLE, DISCLAIMER_TEXT, "Disclaimer", seen, Qt.WindowModality.WindowModal)

    def show_about(self) -> QMessageBox:
        text = (f"Stretch Timer {__version__}\n\nGuided, timed stretches for leg cramps.\n\n"
                f"Your routines are kept in:\n{paths.user_routines_dir()}\n"
                f"(Stretch Timer → Open routines folder opens it.)\n\n"
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
