"""The strip under the routine editor: the problems no field shows, Undo and Redo, Try it, the total time and
the timeline preview, Save and Close, and the status line.

A widget of its own so the editor page only wires it: Undo and Redo follow the page's undo stack (enabled,
and their tooltips naming what they would undo or redo), and :meth:`EditorBar.show_check` shows what the
draft's last check says (the total, the timeline, whether Save and Try it can be pressed and, when not,
why). Every text here is plain.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.plan import Timeline
from stretch_timer.qt.editor.form_widgets import make_button
from stretch_timer.qt.editor.timeline_bar import TimelineBar
from stretch_timer.qt.widgets.labels import role_label


class EditorBar(QWidget):
    """The editor's bottom strip; the callables are what its buttons do."""

    def __init__(self, undo_stack: QUndoStack, try_it: Callable[[], object], save: Callable[[], object],
                 close: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.problems = role_label("", "problem", wrap=True)
        self.problems.setAccessibleName("Problems")
        self.problems.hide()
        outer.addWidget(self.problems)
        bar = QHBoxLayout()
        outer.addLayout(bar)
        self.undo_button = make_button("Undo", undo_stack.undo)
        self.redo_button = make_button("Redo", undo_stack.redo)
        self.try_button = make_button("Try it", try_it)
        self.save_button = make_button("Save", save)
        self.save_button.setProperty("role", "primary")
        self.close_button = make_button("Close", close)
        self.total = role_label("Total —")
        self.total.setAccessibleName("Total duration")
        self.timeline_bar = TimelineBar()
        for widget in (self.undo_button, self.redo_button, self.try_button):
            bar.addWidget(widget)
        bar.addWidget(self.total)
        bar.addWidget(self.timeline_bar, 1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)
        self.status = role_label("", "notice", wrap=True)
        self.status.setAccessibleName("Editor status")
        outer.addWidget(self.status)

        undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        undo_stack.undoTextChanged.connect(lambda text: self.undo_button.setToolTip(f"Undo {text}".strip()))
        undo_stack.redoTextChanged.connect(lambda text: self.redo_button.setToolTip(f"Redo {text}".strip()))
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)

    def show_timeline(self, timeline: Timeline | None) -> None:
        self.timeline_bar.set_timeline(timeline)
        self.total.setText(f"Total {format_clock(timeline.total)}" if timeline else "Total —")

    def show_problems(self, text: str) -> None:
        """The problems no field shows (plain text, one a line); hidden when there are none."""
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    def show_check(self, can_save: bool, reason: str) -> None:
        """Save and Try it can be pressed, or not and ``reason`` says why (Save's tooltip and description)."""
        save = self.save_button
        save.setEnabled(can_save)
        role = "primary" if save.isEnabled() else ""
        if save.property("role") != role:  # the primary look is for a Save that can be pressed
            save.setProperty("role", role)
            save.style().unpolish(save)
            save.style().polish(save)
        self.try_button.setEnabled(can_save)
        save.setToolTip(reason or "Save (Ctrl+S)")
        save.setAccessibleDescription(reason)

    def say(self, text: str) -> None:
        """A line on the status line (plain text)."""
        self.status.setText(text)
