"""The routine editor: a routine's fields, its steps and the selected step's details, with undo, live
validation, a timeline preview, Try it and Save.

Every edit is a core operation pushed on :attr:`EditorPage.undo_stack`; after each one the draft is checked
with the loader (a few milliseconds), so the fields show the very messages ``stretch-timer validate`` prints
and Save is refused while the routine would not load. Work is never lost without asking: leaving with unsaved
changes asks Save / Discard / Cancel, and a file changed on disk while it has unsaved edits asks keep mine /
take theirs / save mine as a copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.app.commands import COMMANDS, Where
from stretch_timer.app.context import AppContext
from stretch_timer.core.draft import Change, DraftCheck, RoutineDraft
from stretch_timer.core.draft_ops import (
    AddStep,
    DuplicateStep,
    MoveStep,
    Operation,
    RemoveStep,
    SetField,
    step_of_kind,
)
from stretch_timer.core.durations import format_clock
from stretch_timer.core.library import Library, SaveError
from stretch_timer.core.model import StepKind, Stretch
from stretch_timer.core.muscles import muscle_name
from stretch_timer.core.plan import Timeline, plan
from stretch_timer.core.problems import Problem
from stretch_timer.qt.editor.field_limits import MUSCLE_CHOICES, limit
from stretch_timer.qt.editor.form_widgets import (
    BoolField,
    ChoicesField,
    DocPath,
    Field,
    ListField,
    NumberField,
    ParagraphField,
    TextField,
    claims,
    field_label,
    row,
)
from stretch_timer.qt.editor.step_form import StepForm
from stretch_timer.qt.editor.step_list_model import StepListModel
from stretch_timer.qt.editor.stretch_picker import StretchPicker
from stretch_timer.qt.editor.timeline_bar import TimelineBar
from stretch_timer.qt.editor.undo_commands import OperationCommand
from stretch_timer.qt.widgets.labels import button_text, role_label, window_title

MAX_LISTED_PROBLEMS = 6
"""Problems without a field on screen listed above the bar; the rest are counted."""


_STEP_FIELD = re.compile(r"^steps\[(\d+)\]\.?")


def problem_text(problem: Problem) -> str:
    """A problem for the person: the field and the loader's message (the file and line mean nothing here);
    ``steps[2].hold`` reads "Step 3, hold"."""
    where = _STEP_FIELD.sub(lambda m: f"Step {int(m.group(1)) + 1}, " if m.end() > m.end(1) + 1
                            else f"Step {int(m.group(1)) + 1}", problem.field)
    return f"{where}: {problem.message}" if where else problem.message


class _StepKeys(QObject):
    """Alt+Up / Alt+Down, Delete and Ctrl+D on the step list, claimed before any window shortcut."""

    def __init__(self, page: EditorPage) -> None:
        super().__init__(page)
        self._page = page

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        page = self._page
        if mods == Qt.KeyboardModifier.AltModifier and key == Qt.Key.Key_Up:
            return lambda: page.move_selected_step(-1)
        if mods == Qt.KeyboardModifier.AltModifier and key == Qt.Key.Key_Down:
            return lambda: page.move_selected_step(1)
        if mods == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Delete:
            return page.remove_selected_step
        if mods == Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_D:
            return page.duplicate_selected_step
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


class EditorPage(QWidget):
    """Edits one :class:`RoutineDraft`; the window shows it as a page and wires the signals."""

    saved = Signal(str)
    """The routine id just written to the user's folder."""
    closed = Signal()
    """The person left the editor (after any unsaved-changes question)."""
    try_requested = Signal(object)
    """A Routine to run in the player without saving."""
    start_from_step = Signal(object, int)
    """Run the draft's routine from step ``int`` (the step list's "Start from this step")."""
    modified_changed = Signal(bool)
    """There are (or are no longer) unsaved changes: for the window title's mark."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine editor")
        self.context = context
        self.undo_stack = QUndoStack(self)
        self.draft: RoutineDraft | None = None
        self.check: DraftCheck | None = None
        self.timeline: Timeline | None = None
        self._warned_comments = False
        self._loading = False
        self.pick_stretches: Callable[[], list[str]] = self._pick_stretches
        """Asks which catalog stretches to add (the picker); tests put their own answer here."""

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 4)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        # --- left: the routine's fields, then the steps ---------------------------------------------------
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        splitter.addWidget(left)
        routine_box = QWidget()
        routine_layout = QVBoxLayout(routine_box)
        routine_layout.setContentsMargins(0, 0, 8, 0)
        routine_layout.addWidget(field_label("Routine"))
        c = self._commit
        seal = self._seal
        self.fields: dict[DocPath, Field] = {}

        def add(field: Field) -> Field:
            self.fields[field.key] = field
            return field

        self.name_field = add(TextField(("name",), limit("name"), c, optional=False))
        self.description = add(ParagraphField(("description",), limit("description"), c, lines=2))
        self.tags = add(ListField(("tags",), limit("tags"), c))
        self.relieves = add(ChoicesField(("relieves",), limit("relieves"), c,
                                         {m: muscle_name(m) for m in MUSCLE_CHOICES}))
        self.prepare = add(NumberField(("prepare",), limit("prepare"), c, on_finished=seal))
        self.rest = add(NumberField(("rest",), limit("rest"), c, on_finished=seal))
        self.switch = add(NumberField(("switch",), limit("switch"), c, on_finished=seal))
        self.countdown = add(NumberField(("cues", "countdown"), limit("countdown"), c, seconds=False,
                                         on_finished=seal))
        self.halfway = add(BoolField(("cues", "halfway"), limit("halfway"), c))
        for widget in (self.name_field, self.description, self.tags, self.relieves,
                       row(self.prepare, self.rest, self.switch), row(self.countdown, self.halfway)):
            routine_layout.addWidget(widget)
        routine_layout.addStretch(1)
        left.addWidget(self._scrolled(routine_box, "Routine fields"))

        steps_box = QWidget()
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.setContentsMargins(0, 4, 8, 0)
        steps_layout.addWidget(field_label("Steps"))
        self.step_list = QListView()
        self.step_list.setAccessibleName("Steps")
        self.step_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.step_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.step_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.step_list.setDragEnabled(True)
        self.step_list.setAcceptDrops(True)
        self.step_list.setDropIndicatorShown(True)
        self.step_list.setWordWrap(True)
        self.step_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.step_list.customContextMenuRequested.connect(self._step_menu)
        self.step_list.installEventFilter(_StepKeys(self))
        steps_layout.addWidget(self.step_list, 1)
        self.add_stretches = self._button("Add stretches…", self._add_stretches)
        self.add_own = self._button("Add own stretch", lambda: self._add_kind(StepKind.HOLD))
        self.add_breathing = self._button("Add breathing", lambda: self._add_kind(StepKind.BREATHING))
        self.add_relaxation = self._button("Add relaxation", lambda: self._add_kind(StepKind.RELAXATION))
        self.move_up = self._button("Move up", lambda: self.move_selected_step(-1))
        self.move_up.setToolTip("Alt+Up")
        self.move_down = self._button("Move down", lambda: self.move_selected_step(1))
        self.move_down.setToolTip("Alt+Down")
        self.duplicate = self._button("Duplicate", self.duplicate_selected_step)
        self.duplicate.setToolTip("Ctrl+D")
        self.remove = self._button("Remove", self.remove_selected_step)
        self.remove.setToolTip("Delete")
        steps_layout.addWidget(row(self.add_stretches, self.add_own, self.add_breathing, self.add_relaxation))
        steps_layout.addWidget(row(self.move_up, self.move_down, self.duplicate, self.remove))
        left.addWidget(steps_box)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)
        left.setSizes([1000, 1000])  # the routine's fields scroll; the steps keep room for several rows

        # --- right: the selected step --------------------------------------------------------------------
        self.step_form = StepForm(self._push, self._seal, self._stretches, self._picture_folder, self._add_picture)
        self.step_form.change_stretch_requested.connect(self._change_stretch)
        splitter.addWidget(self._scrolled(self.step_form, "Step details area"))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 1000])  # halves, whatever the width (the form must not be cut off)
        self.splitter = splitter

        # --- below: problems, the bar, the status line -----------------------------------------------------
        self.problems = role_label("", "problem", wrap=True)
        self.problems.setAccessibleName("Problems")
        self.problems.hide()
        outer.addWidget(self.problems)
        bar = QHBoxLayout()
        outer.addLayout(bar)
        self.undo_button = self._button("Undo", self.undo_stack.undo)
        self.redo_button = self._button("Redo", self.undo_stack.redo)
        self.try_button = self._button("Try it", self.try_it)
        self.save_button = self._button("Save", self.save)
        self.save_button.setProperty("role", "primary")
        self.close_button = self._button("Close", self.close_editor)
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

        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda text: self.undo_button.setToolTip(f"Undo {text}".strip()))
        self.undo_stack.redoTextChanged.connect(lambda text: self.redo_button.setToolTip(f"Redo {text}".strip()))
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.model: StepListModel | None = None
        self._set_enabled(False)
        self._add_shortcuts()

    def _add_shortcuts(self) -> None:
        """The editor's keys from the command table (the help overlay lists them): while the editor shows."""
        methods: dict[str, Callable[[], object]] = {
            "editor.undo": self.undo_stack.undo, "editor.redo": self.undo_stack.redo, "editor.save": self.save,
            "editor.step_up": lambda: self.move_selected_step(-1),
            "editor.step_down": lambda: self.move_selected_step(1),
            "editor.step_duplicate": self.duplicate_selected_step,
        }
        self.shortcuts: list[QShortcut] = []
        for command in COMMANDS:
            if command.where is not Where.EDITOR or command.id not in methods:
                continue
            slot = methods[command.id]
            for key in command.keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda slot=slot: slot())
                self.shortcuts.append(shortcut)

    def focus_default(self) -> None:
        """Where the keyboard starts: the name of a new routine, else the step list."""
        if self.draft is None or not self.draft.step_count():
            self.name_field.editor.setFocus()
        else:
            self.step_list.setFocus()

    # --- building ---------------------------------------------------------------------------------------

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(button_text(text))
        button.setAccessibleName(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    @staticmethod
    def _scrolled(widget: QWidget, name: str) -> QScrollArea:
        area = QScrollArea()
        area.setAccessibleName(name)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(widget)
        return area

    def _set_enabled(self, on: bool) -> None:
        for widget in (*self.fields.values(), self.step_list, self.add_stretches, self.add_own,
                       self.add_breathing, self.add_relaxation, self.move_up, self.move_down, self.duplicate,
                       self.remove, self.try_button, self.save_button):
            widget.setEnabled(on)

    # --- the library and the draft -----------------------------------------------------------------------

    @property
    def library(self) -> Library:
        return self.context.ensure_library()

    def _stretches(self) -> Mapping[str, Stretch]:
        return self.library.catalog.stretches

    def _picture_folder(self) -> Path:
        """Where the draft's own picture references are found: beside its file (the user's folder if new)."""
        if self.draft is not None and self.draft.source is not None:
            return self.draft.source.parent
        return self.library.user_routines

    def _add_picture(self, picture: Path) -> str:
        """Copy a picture the person chose beside their routines; ValueError with a message if it cannot be."""
        if self.draft is None:
            raise ValueError("no routine is open")
        return self.draft.add_picture(self.library, picture)

    def open_draft(self, draft: RoutineDraft) -> None:
        """Edit ``draft`` from now on (its undo history starts empty and clean)."""
        if self.draft is not None and self._draft_changed in self.draft.listeners:
            self.draft.listeners.remove(self._draft_changed)
        self.undo_stack.clear()
        self.draft = draft
        self._warned_comments = False
        if self.model is None:
            self.model = StepListModel(draft, lambda op: self._push(op, False), self._stretches, self)
            self.step_list.setModel(self.model)
            self.step_list.selectionModel().currentChanged.connect(lambda *_: self._show_step())
        else:
            self.model.set_draft(draft)
        draft.listeners.append(self._draft_changed)
        self.undo_stack.setClean()
        self._set_enabled(True)
        self._update_title()
        self._select(0 if draft.step_count() else -1)
        self._refresh()
        if draft.drops_comments:
            self.say("This file's comments cannot be kept: saving from the editor will drop them.")
        else:
            self.say("")

    def has_unsaved_changes(self) -> bool:
        return self.draft is not None and not self.undo_stack.isClean()

    def _push(self, op: Operation, mergeable: bool = False) -> None:
        if self.draft is None:
            return
        self.undo_stack.push(OperationCommand(self.draft, op, mergeable=mergeable))

    def _seal(self) -> None:
        """A field's edit is finished: its next change is a new undo step."""
        if self.undo_stack.count() and self.undo_stack.index() == self.undo_stack.count():
            top = self.undo_stack.command(self.undo_stack.count() - 1)
            if isinstance(top, OperationCommand):
                top.seal()

    def _commit(self, key: DocPath, value: object, mergeable: bool) -> None:
        text = "Rename" if key == ("name",) else f"Set {self.fields[key].limit.label.lower()}"
        self._push(SetField(key, value, text=text), mergeable)

    def _draft_changed(self, change: Change) -> None:
        op, undone = change.op, change.undone
        if isinstance(op, AddStep):
            self._select(op.index if not undone else min(op.index, self._count() - 1))
        elif isinstance(op, DuplicateStep):
            self._select(op.index + 1 if not undone else op.index)
        elif isinstance(op, RemoveStep):
            self._select(op.index if undone else min(op.index, self._count() - 1))
        elif isinstance(op, MoveStep):
            self._select(op.source if undone else op.target)
        self._refresh()

    def _count(self) -> int:
        return self.draft.step_count() if self.draft is not None else 0

    # --- showing it -------------------------------------------------------------------------------------

    def selected_step(self) -> int:
        index = self.step_list.currentIndex()
        return index.row() if index.isValid() else -1

    def _select(self, row: int) -> None:
        if self.model is None:
            return
        selection = self.step_list.selectionModel()
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.clear()
        self._show_step()

    def _show_step(self) -> None:
        self.step_form.load(self.draft, self.selected_step())
        self._mark_problems()

    def _refresh(self) -> None:
        """Read every field back from the document, check the draft and show what the check says."""
        draft = self.draft
        if draft is None:
            return
        for key, field in self.fields.items():
            field.load(draft.get_at(key))
        self.step_form.load(draft, self.selected_step())
        self.check = draft.check(self.library)
        self.timeline = None
        if self.check.routine is not None:
            try:
                self.timeline = plan(self.check.routine)
            except ValueError:
                self.timeline = None
        self.timeline_bar.set_timeline(self.timeline)
        self.total.setText(f"Total {format_clock(self.timeline.total)}" if self.timeline else "Total —")
        self._mark_problems()
        self._update_title()

    def _mark_problems(self) -> None:
        check = self.check
        problems = check.problems if check is not None else ()
        shown = {**self.fields, **self.step_form.visible_fields()}
        claimed: set[int] = set()
        for path, field in shown.items():
            mine = [p for p in problems if claims(path, p)]
            claimed.update(id(p) for p in mine)
            field.set_problems([p.message for p in mine])
        claimed.update(self.step_form.mark_custom(problems))
        rest = [p for p in problems if id(p) not in claimed]
        if self.model is not None:
            self.model.set_problem_rows(frozenset(
                row for row in range(self._count()) if any(claims(("steps", row), p) for p in problems)))
        lines = [problem_text(p) for p in rest[:MAX_LISTED_PROBLEMS]]
        if len(rest) > MAX_LISTED_PROBLEMS:
            lines.append(f"… and {len(rest) - MAX_LISTED_PROBLEMS} more")
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        ok = check is not None and check.ok and self.timeline is not None
        reason = "" if ok else self.invalid_reason()
        self.save_button.setEnabled(self.draft is not None and ok)
        role = "primary" if self.save_button.isEnabled() else ""
        if self.save_button.property("role") != role:  # the primary look is for a Save that can be pressed
            self.save_button.setProperty("role", role)
            self.save_button.style().unpolish(self.save_button)
            self.save_button.style().polish(self.save_button)
        self.try_button.setEnabled(self.draft is not None and ok)
        self.save_button.setToolTip(reason or "Save (Ctrl+S)")
        self.save_button.setAccessibleDescription(reason)

    def invalid_reason(self) -> str:
        """Why the draft cannot be saved yet, in one line ("" when it can)."""
        check = self.check
        if check is None:
            return "Nothing to save."
        if check.problems:
            count = len(check.problems)
            first = problem_text(check.problems[0])
            return f"Cannot save yet: {first}" + (f" (and {count - 1} more)" if count > 1 else "")
        if check.routine is None or self.timeline is None:
            return "Cannot save yet: nothing in the routine takes any time."
        return ""

    def _update_title(self) -> None:
        name = self.draft.name if self.draft is not None else ""
        self.setWindowTitle(window_title(f"Edit {name or 'routine'}") + "[*]")
        self.setWindowModified(self.has_unsaved_changes())

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)
        self.modified_changed.emit(not clean)

    def say(self, text: str) -> None:
        """A line on the editor's status line (plain text)."""
        self.status.setText(text)

    # --- steps ------------------------------------------------------------------------------------------

    def _insert_at(self) -> int:
        selected = self.selected_step()
        return selected + 1 if selected >= 0 else self._count()

    def add_steps(self, stretch_ids: list[str]) -> None:
        """Add catalog stretches after the selected step, as one undo step."""
        if self.draft is None or not stretch_ids:
            return
        at = self._insert_at()
        if len(stretch_ids) > 1:
            self.undo_stack.beginMacro("Add stretches")
        for offset, stretch_id in enumerate(stretch_ids):
            self._push(AddStep(at + offset, {"stretch": stretch_id}))
        if len(stretch_ids) > 1:
            self.undo_stack.endMacro()

    def _add_stretches(self) -> None:
        self.add_steps(self.pick_stretches())

    def _pick_stretches(self) -> list[str]:
        """The catalog ids the person picks in the stretch picker (searchable, with pictures and filters)."""
        picker = StretchPicker(self.library.catalog, self)
        try:
            return list(picker.chosen_ids()) if picker.exec() else []
        finally:
            picker.deleteLater()

    def _change_stretch(self) -> None:
        index = self.selected_step()
        chosen = self.pick_stretches()
        if index >= 0 and chosen:
            self._push(SetField(("steps", index, "stretch"), chosen[0], text="Change stretch"))

    def _add_kind(self, kind: StepKind) -> None:
        names = {StepKind.HOLD: "My stretch", StepKind.BREATHING: "Slow breathing",
                 StepKind.RELAXATION: "Tense and let go"}
        step = step_of_kind(kind, names[kind])
        if kind is StepKind.HOLD:
            step["instructions"] = ["Describe how to do this stretch."]
            step["hold"] = 30
        self._push(AddStep(self._insert_at(), step))

    def move_selected_step(self, delta: int) -> None:
        """Move the selected step up (-1) or down (+1); the selection follows it."""
        index = self.selected_step()
        target = index + delta
        if index >= 0 and 0 <= target < self._count():
            self._push(MoveStep(index, target))

    def remove_selected_step(self) -> None:
        index = self.selected_step()
        if index >= 0:
            self._push(RemoveStep(index))

    def duplicate_selected_step(self) -> None:
        index = self.selected_step()
        if index >= 0:
            self._push(DuplicateStep(index))

    def _step_menu(self, position: QPoint) -> None:
        index = self.step_list.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self)
        start = menu.addAction("Start from this step")
        start.setEnabled(self.check is not None and self.check.ok)
        start.triggered.connect(lambda: self.start_from(index.row()))
        menu.addAction("Duplicate", self.duplicate_selected_step).setShortcut(QKeySequence("Ctrl+D"))
        menu.addAction("Remove", self.remove_selected_step).setShortcut(QKeySequence.StandardKey.Delete)
        menu.popup(self.step_list.viewport().mapToGlobal(position))

    def start_from(self, step_index: int) -> None:
        """Run the draft from ``step_index`` without saving (when it is valid)."""
        self._flush_edits()
        if self.check is not None and self.check.routine is not None and self.timeline is not None:
            self.start_from_step.emit(self.check.routine, step_index)
        else:
            self.say(self.invalid_reason())

    # --- try, save, leave ----------------------------------------------------------------------------------

    def _flush_edits(self) -> None:
        """Finish the edit in the focused field, so what is typed counts before saving or leaving."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
            focused.setFocus()
        self._seal()

    def try_it(self) -> None:
        self._flush_edits()
        if self.check is not None and self.check.routine is not None and self.timeline is not None:
            self.try_requested.emit(self.check.routine)
        else:
            self.say(self.invalid_reason())

    def save(self, routine_id: str | None = None) -> bool:
        """Save the draft (as ``routine_id`` for a copy); False, with the reason on the status line, if not."""
        draft = self.draft
        if draft is None:
            return False
        self._flush_edits()
        self._refresh()
        reason = self.invalid_reason()
        if reason:
            self.say(f"Not saved. {reason}")
            return False
        if draft.drops_comments and not self._warned_comments:
            self._warned_comments = True
            answer = self._ask(
                "Comments will be dropped",
                "This file has comments the editor cannot keep. Saving writes the routine without them.",
                [("Save without comments", QMessageBox.ButtonRole.AcceptRole),
                 ("Cancel", QMessageBox.ButtonRole.RejectRole)], default=0)
            if answer != 0:
                self.say("Not saved.")
                return False
        try:
            path = save_draft_to(self.library, draft, routine_id)
        except SaveError as error:
            self.say("Not saved. " + "; ".join(problem_text(p) for p in error.problems[:3]))
            return False
        except OSError as error:
            self.say(f"Not saved: {error.strerror or error}")
            return False
        if routine_id is None or routine_id == draft.routine_id:
            self.undo_stack.setClean()
        self.say(f"Saved to {path}")
        self._update_title()
        self.saved.emit(path.stem)
        return True

    def close_editor(self) -> None:
        """The Close button: ask about unsaved changes, then say the editor is done."""
        if self.confirm_leave():
            self.closed.emit()

    def _ask(self, title: str, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole]],
             default: int) -> int:
        """A window-modal question; the number of the button chosen (-1 when closed otherwise)."""
        box = QMessageBox(self.window())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        made = [box.addButton(label, role) for label, role in buttons]
        box.setDefaultButton(made[default])
        box.exec()
        clicked = box.clickedButton()
        return made.index(clicked) if clicked in made else -1

    def confirm_leave(self) -> bool:
        """True when the editor may close: nothing unsaved, or saved, or the person chose to discard."""
        if self.draft is None:
            return True
        self._flush_edits()
        if not self.has_unsaved_changes():
            return True
        name = self.draft.name or self.draft.routine_id
        answer = self._ask(
            "Unsaved changes", f"Save the changes to “{name}” before leaving the editor?",
            [("Save", QMessageBox.ButtonRole.AcceptRole), ("Discard", QMessageBox.ButtonRole.DestructiveRole),
             ("Cancel", QMessageBox.ButtonRole.RejectRole)], default=0)
        if answer == 0:
            return self.save()
        if answer == 1:
            self.undo_stack.setClean()  # the person chose to let them go
            self.say("Changes discarded.")
            return True
        return False

    # --- the file changed on disk -------------------------------------------------------------------------

    def copy_id(self) -> str:
        """A free id for "save mine as a copy": ``<id>-copy``, ``<id>-copy-2``, …"""
        assert self.draft is not None
        library = self.library
        base = f"{self.draft.routine_id}-copy"
        candidate, number = base, 1
        while library.get(candidate) is not None or (library.user_routines / f"{candidate}.yaml").exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def file_changed_on_disk(self, path: Path) -> None:
        """The routine file ``path`` changed: reload a clean draft; ask when there are unsaved edits."""
        draft = self.draft
        if draft is None or draft.source is None or not _same_file(path, draft.source):
            return
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError:
            self.say("The routine's file went away on disk; saving writes it again.")
            return
        if text == draft.saved_text:
            return  # our own save, or nothing that matters
        if not self.has_unsaved_changes():
            self._take_theirs(path, "Reloaded: changed on disk")
            return
        answer = self._ask(
            "Changed on disk",
            f"“{draft.name or draft.routine_id}” was changed outside the editor, and you have unsaved changes.",
            [("Keep mine", QMessageBox.ButtonRole.RejectRole), ("Take theirs", QMessageBox.ButtonRole.AcceptRole),
             ("Save mine as a copy", QMessageBox.ButtonRole.ActionRole)], default=0)
        if answer == 1:
            self._take_theirs(path, "Reloaded: changed on disk; your changes were dropped")
        elif answer == 2:
            copy = self.copy_id()
            if self.save(copy):
                self.open_draft(RoutineDraft.open(self.library.user_routines / f"{copy}.yaml"))
                self.say(f"Your version is saved as “{copy}”; the changed file is left as it is.")
            # when it cannot be saved, the status line says why and the edits stay
        else:
            draft.saved_text = text  # saving now replaces their version, knowingly; no second question
            self.say("Kept your changes; saving will replace the version changed on disk.")

    def _take_theirs(self, path: Path, message: str) -> None:
        assert self.draft is not None
        selected = self.selected_step()
        try:
            fresh = RoutineDraft.open(path, self.draft.routine_id)
        except ValueError as error:
            self.say(f"Could not reload: {error}")
            return
        self.open_draft(fresh)
        self._select(min(selected, fresh.step_count() - 1))
        self.say(message)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def save_draft_to(library: Library, draft: RoutineDraft, routine_id: str | None) -> Path:
    from stretch_timer.core.draft_save import save_draft

    return save_draft(library, draft, routine_id)
