"""Log a cramp…: put a cramp in the diary in a few taps, from the History page, the tray or the menu.

Made for someone who may still be in pain: big muscle buttons first, then side and how bad as rows of buttons,
"Did it help?" only when it follows a run, an optional note. Choosing the muscle is enough to log it. The rows
are :mod:`stretch_timer.qt.widgets.cramp_inputs`, shared with the relief summary's quick question.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from stretch_timer.core.history.records import MAX_NOTE, CrampAnswer
from stretch_timer.qt.widgets.cramp_inputs import HelpedChoice, MuscleChoice, SeverityChoice, SideChoice
from stretch_timer.qt.widgets.labels import role_label

TITLE = "Log a cramp"


class LogCrampDialog(QDialog):
    """``answer()`` after it is accepted; ``with_run`` shows "Did it help?" (a routine was run for it)."""

    def __init__(self, parent: QWidget | None = None, *, with_run: bool = False, muscle: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setModal(True)
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 20, 24, 20)
        root.setSpacing(10)

        def heading(text: str) -> None:
            label = role_label(text, "heading", parent=self)
            label.setAccessibleName(text)
            root.addWidget(label)

        heading("Where was the cramp?")
        self.muscle = MuscleChoice(parent=self)
        self.muscle.allow_none = False
        root.addWidget(self.muscle)
        heading("Which side?")
        self.side = SideChoice(self)
        root.addWidget(self.side)
        heading("How bad was it? (0 barely, 10 the worst)")
        self.severity = SeverityChoice(self)
        root.addWidget(self.severity)
        self.helped_heading = role_label("Did it help?", "heading", parent=self)
        self.helped_heading.setAccessibleName("Did it help?")
        root.addWidget(self.helped_heading)
        self.helped = HelpedChoice(self)
        root.addWidget(self.helped)
        self.helped_heading.setVisible(with_run)
        self.helped.setVisible(with_run)
        self._with_run = with_run
        heading("Note (optional)")
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Anything you want to remember: what you were doing, what helped…")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(max(64, self.fontMetrics().lineSpacing() * 3 + 16))
        self.note.textChanged.connect(self._limit_note)
        root.addWidget(self.note)

        self.hint = role_label("Choose the muscle to log the cramp; the rest is up to you.", "muted", wrap=True,
                               parent=self)
        self.hint.setAccessibleName("Hint")
        root.addWidget(self.hint)
        box = QDialogButtonBox(self)
        self.ok_button = QPushButton("Log cramp", self)
        self.ok_button.setAccessibleName("Log cramp")
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel")
        box.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        root.addWidget(box)
        self.muscle.changed.connect(self._update)
        if muscle is not None:
            self.muscle.set_value(muscle)
        self._update()
        big = QFont(self.ok_button.font())
        self.ok_button.setMinimumHeight(52)
        self.ok_button.setFont(big)
        first = self.muscle.buttons()[0] if self.muscle.value() is None else self.ok_button
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update(self) -> None:
        self.ok_button.setEnabled(self.muscle.value() is not None)

    def _limit_note(self) -> None:
        text = self.note.toPlainText()
        if len(text) > MAX_NOTE:
            self.note.setPlainText(text[:MAX_NOTE])
            cursor = self.note.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.note.setTextCursor(cursor)

    def answer(self) -> CrampAnswer | None:
        """What was said, once the dialog was accepted with a muscle; None when cancelled."""
        muscle = self.muscle.value()
        if self.result() != QDialog.DialogCode.Accepted or muscle is None:
            return None
        return CrampAnswer(
            muscle=muscle,
            side=self.side.value(),
            severity=self.severity.value(),
            helped=self.helped.value() if self._with_run else None,
            note=self.note.toPlainText().strip(),
        )
