"""The editor's steps panel: the step list and what can be done to the steps: add catalog stretches (through
the picker), add an own stretch, a breathing or a relaxation step, move, remove and duplicate the selected
step (buttons, keys and the list's context menu), and where the selection goes after each change.

A module of its own so the editor page is its layout and wiring: every action here only reads the selection
and pushes one core operation (several stretches added at once are one undo step), so the step list and the
document change together, through the undo stack, whichever way the person asked. The list's rows are the
step list model's (:mod:`~stretch_timer.qt.editor.step_list_model`); dragging a row is a move like the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QVBoxLayout, QWidget

from stretch_timer.core.draft import Change
from stretch_timer.core.draft_ops import AddStep, DuplicateStep, MoveStep, Operation, RemoveStep, SetField, step_of_kind
from stretch_timer.core.model import StepKind
from stretch_timer.qt.editor.form_widgets import field_label, make_button, row
from stretch_timer.qt.editor.step_delegate import StepDelegate
from stretch_timer.qt.editor.stretch_picker import StretchPicker

if TYPE_CHECKING:
    from stretch_timer.core.catalog import Catalog

NEW_STEP_NAMES = {StepKind.HOLD: "My stretch", StepKind.BREATHING: "Slow breathing",
                  StepKind.RELAXATION: "Tense and let go"}
"""The name a step added by kind starts with (the person renames it)."""


def pick_from_catalog(catalog: Catalog, parent: QWidget) -> list[str]:
    """The catalog ids the person picks in the stretch picker (searchable, with pictures and filters)."""
    picker = StretchPicker(catalog, parent)
    try:
        return list(picker.chosen_ids()) if picker.exec() else []
    finally:
        picker.deleteLater()


def selection_after(change: Change, count: int) -> int | None:
    """The step to select once ``change`` is done (or undone), with ``count`` steps now; None: keep it."""
    op, undone = change.op, change.undone
    if isinstance(op, AddStep):
        return op.index if not undone else min(op.index, count - 1)
    if isinstance(op, DuplicateStep):
        return op.index + 1 if not undone else op.index
    if isinstance(op, RemoveStep):
        return op.index if undone else min(op.index, count - 1)
    if isinstance(op, MoveStep):
        return op.source if undone else op.target
    return None


class StepsPanel(QWidget):
    """The step list and its buttons; the callables are the editor's (read when an action runs)."""

    def __init__(self, undo_stack: QUndoStack, push: Callable[[Operation], None], count: Callable[[], int],
                 pick: Callable[[], list[str]], can_start: Callable[[], bool], start_from: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo_stack = undo_stack
        self._push = push
        self._count = count
        self._pick = pick
        self._can_start = can_start
        self._start_from = start_from
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 8, 0)
        layout.addWidget(field_label("Steps"))
        view = self.view = QListView()
        view.setAccessibleName("Steps")
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setWordWrap(True)
        view.setItemDelegate(StepDelegate(view))  # a small picture, the number and the words
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.step_menu)
        view.installEventFilter(_StepKeys(self, view))
        layout.addWidget(view, 1)
        self.add_stretches = make_button("Add stretches…", self.add_chosen)
        self.add_own = make_button("Add own stretch", lambda: self.add_kind(StepKind.HOLD))
        self.add_breathing = make_button("Add breathing", lambda: self.add_kind(StepKind.BREATHING))
        self.add_relaxation = make_button("Add relaxation", lambda: self.add_kind(StepKind.RELAXATION))
        self.move_up = make_button("Move up", lambda: self.move_selected(-1))
        self.move_up.setToolTip("Alt+Up")
        self.move_down = make_button("Move down", lambda: self.move_selected(1))
        self.move_down.setToolTip("Alt+Down")
        self.duplicate = make_button("Duplicate", self.duplicate_selected)
        self.duplicate.setToolTip("Ctrl+D")
        self.remove = make_button("Remove", self.remove_selected)
        self.remove.setToolTip("Delete")
        layout.addWidget(row(self.add_stretches, self.add_own, self.add_breathing, self.add_relaxation))
        layout.addWidget(row(self.move_up, self.move_down, self.duplicate, self.remove))

    def set_actions_enabled(self, on: bool) -> None:
        for widget in (self.view, self.add_stretches, self.add_own, self.add_breathing, self.add_relaxation,
                       self.move_up, self.move_down, self.duplicate, self.remove):
            widget.setEnabled(on)

    def selected(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def _insert_at(self) -> int:
        selected = self.selected()
        return selected + 1 if selected >= 0 else self._count()

    def add_steps(self, stretch_ids: list[str]) -> None:
        """Add catalog stretches after the selected step, as one undo step."""
        if not stretch_ids:
            return
        at = self._insert_at()
        if len(stretch_ids) > 1:
            self._undo_stack.beginMacro("Add stretches")
        for offset, stretch_id in enumerate(stretch_ids):
            self._push(AddStep(at + offset, {"stretch": stretch_id}))
        if len(stretch_ids) > 1:
            self._undo_stack.endMacro()

    def add_chosen(self) -> None:
        """Add the stretches the person picks."""
        self.add_steps(self._pick())

    def change_stretch(self) -> None:
        """The selected step uses another catalog stretch (the first one picked)."""
        index = self.selected()
        chosen = self._pick()
        if index >= 0 and chosen:
            self._push(SetField(("steps", index, "stretch"), chosen[0], text="Change stretch"))

    def add_kind(self, kind: StepKind) -> None:
        step = step_of_kind(kind, NEW_STEP_NAMES[kind])
        if kind is StepKind.HOLD:
            step["instructions"] = ["Describe how to do this stretch."]
            step["hold"] = 30
        self._push(AddStep(self._insert_at(), step))

    def move_selected(self, delta: int) -> None:
        """Move the selected step up (-1) or down (+1); the selection follows it."""
        index = self.selected()
        target = index + delta
        if index >= 0 and 0 <= target < self._count():
            self._push(MoveStep(index, target))

    def remove_selected(self) -> None:
        index = self.selected()
        if index >= 0:
            self._push(RemoveStep(index))

    def duplicate_selected(self) -> None:
        index = self.selected()
        if index >= 0:
            self._push(DuplicateStep(index))

    def step_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self.view)
        start = menu.addAction("Start from this step")
        start.setEnabled(self._can_start())
        start.triggered.connect(lambda: self._start_from(index.row()))
        menu.addAction("Duplicate", self.duplicate_selected).setShortcut(QKeySequence("Ctrl+D"))
        menu.addAction("Remove", self.remove_selected).setShortcut(QKeySequence.StandardKey.Delete)
        menu.popup(self.view.viewport().mapToGlobal(position))


class _StepKeys(QObject):
    """Alt+Up / Alt+Down, Delete and Ctrl+D on the step list, claimed before any window shortcut."""

    def __init__(self, actions: StepsPanel, parent: QObject) -> None:
        super().__init__(parent)
        self._actions = actions

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        actions = self._actions
        if mods == Qt.KeyboardModifier.AltModifier and key == Qt.Key.Key_Up:
            return lambda: actions.move_selected(-1)
        if mods == Qt.KeyboardModifier.AltModifier and key == Qt.Key.Key_Down:
            return lambda: actions.move_selected(1)
        if mods == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Delete:
            return actions.remove_selected
        if mods == Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_D:
            return actions.duplicate_selected
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shortcut = event.type() == QEvent.Type.ShortcutOverride
        if shortcut and isinstance(event, QKeyEvent) and self._action(event) is not None:
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            action = self._action(event)
            if action is not None:
                action()
                return True
        return False

