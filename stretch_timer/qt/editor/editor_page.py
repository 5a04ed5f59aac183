"""The routine editor: a routine's fields, its steps and the selected step's details, with undo, live
validation, a timeline preview, Try it and Save.

Every edit is a core operation pushed on :attr:`EditorPage.undo_stack`; after each one the draft is checked
with the loader (a few milliseconds), so the fields show the very messages ``stretch-timer validate`` prints
and Save is refused while the routine would not load. Work is never lost without asking: leaving with unsaved
changes asks Save / Discard / Cancel, and a file changed on disk while it has unsaved edits asks keep mine /
take theirs / save mine as a copy.

This module is the page's layout and wiring, and the draft's life in it (open, push, check, save, leave). Its
parts are modules of their own: the routine's fields (:mod:`.routine_fields`), the step list with its actions
(:mod:`.steps_panel`), the selected step (:mod:`.step_form`), the bar under it all (:mod:`.editor_bar`), the
problems' words (:mod:`.editor_problems`), the questions asked (:mod:`.editor_questions`) and what a change
on disk does (:mod:`.disk_changes`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from stretch_timer.app.commands import COMMANDS, Where
from stretch_timer.app.context import AppContext
from stretch_timer.core.draft import Change, DraftCheck, RoutineDraft
from stretch_timer.core.draft_ops import Operation
from stretch_timer.core.library import Library, SaveError
from stretch_timer.core.model import Stretch
from stretch_timer.core.plan import Timeline, plan
from stretch_timer.qt.editor import disk_changes
from stretch_timer.qt.editor.editor_bar import EditorBar
from stretch_timer.qt.editor.editor_problems import invalid_reason, listed_problems, problem_text
from stretch_timer.qt.editor.editor_questions import Leave, ask_drop_comments, ask_leave, copy_id
from stretch_timer.qt.editor.form_widgets import claims, scrolled
from stretch_timer.qt.editor.pane_fit import NoTallerThanItsContent, RowsOfRoom
from stretch_timer.qt.editor.routine_fields import RoutineFields
from stretch_timer.qt.editor.step_form import StepForm
from stretch_timer.qt.editor.step_list_model import StepListModel
from stretch_timer.qt.editor.steps_panel import StepsPanel, pick_from_catalog, selection_after
from stretch_timer.qt.editor.undo_commands import OperationCommand
from stretch_timer.qt.widgets.labels import window_title


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
        self.pick_stretches: Callable[[], list[str]] = lambda: pick_from_catalog(self.library.catalog, self)
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
        self.routine_fields = RoutineFields(self._push, self._seal)
        self.fields = self.routine_fields.fields
        self.name_field = self.routine_fields.name_field
        fields_area = scrolled(self.routine_fields, "Routine fields")
        left.addWidget(fields_area)
        self._fit = NoTallerThanItsContent(fields_area, self.routine_fields)

        self.steps = StepsPanel(self.undo_stack, self._push, self._count, lambda: self.pick_stretches(),
                                self._can_start, self.start_from)
        self.step_list = self.steps.view
        left.addWidget(self.steps)
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)  # the steps get what the routine's fields do not need
        self._steps_room = RowsOfRoom(self.step_list, 3)

        # --- right: the selected step --------------------------------------------------------------------
        self.step_form = StepForm(self._push, self._seal, self._stretches, self._picture_folder, self._add_picture)
        self.step_form.change_stretch_requested.connect(self.steps.change_stretch)
        splitter.addWidget(scrolled(self.step_form, "Step details area"))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 1000])  # halves, whatever the width (the form must not be cut off)
        self.splitter = splitter

        # --- below: problems, the bar, the status line -----------------------------------------------------
        self.bar = EditorBar(self.undo_stack, self.try_it, self.save, self.close_editor)
        self.save_button, self.try_button = self.bar.save_button, self.bar.try_button
        outer.addWidget(self.bar)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.model: StepListModel | None = None
        self._set_enabled(False)
        self._add_shortcuts()

    def _add_shortcuts(self) -> None:
        """The editor's keys from the command table (the help overlay lists them): while the editor shows."""
        methods: dict[str, Callable[[], object]] = {
            "editor.undo": self.undo_stack.undo, "editor.redo": self.undo_stack.redo, "editor.save": self.save,
            "editor.step_up": lambda: self.steps.move_selected(-1),
            "editor.step_down": lambda: self.steps.move_selected(1),
            "editor.step_duplicate": self.steps.duplicate_selected,
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

    def _set_enabled(self, on: bool) -> None:
        self.routine_fields.set_fields_enabled(on)
        self.steps.set_actions_enabled(on)
        self.try_button.setEnabled(on)
        self.save_button.setEnabled(on)

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
            self.model = StepListModel(draft, lambda op: self._push(op, False), self._stretches, self,
                                       picture_folder=self._picture_folder)
            self.step_list.setModel(self.model)
            self.step_list.selectionModel().currentChanged.connect(lambda *_: self._show_step())
        else:
            self.model.set_draft(draft)
        draft.listeners.append(self._draft_changed)
        self.undo_stack.setClean()
        self._set_enabled(True)
        self._update_title()
        self.select_step(0 if draft.step_count() else -1)
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

    def _draft_changed(self, change: Change) -> None:
        row = selection_after(change, self._count())
        if row is not None:
            self.select_step(row)
        self._refresh()

    def _count(self) -> int:
        return self.draft.step_count() if self.draft is not None else 0

    # --- showing it -------------------------------------------------------------------------------------

    def selected_step(self) -> int:
        index = self.step_list.currentIndex()
        return index.row() if index.isValid() else -1

    def select_step(self, row: int) -> None:
        """Select step ``row`` (none when it is not there) and show it in the form."""
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
        self.routine_fields.load(draft)
        self.step_form.load(draft, self.selected_step())
        self.check = draft.check(self.library)
        self.timeline = None
        if self.check.routine is not None:
            try:
                self.timeline = plan(self.check.routine)
            except ValueError:
                self.timeline = None
        self.bar.show_timeline(self.timeline)
        timeline = self.timeline
        if self.model is not None:
            self.model.set_planned(() if timeline is None else tuple(
                timeline.planned_step_seconds(k) for k in range(timeline.step_count)))
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
        self.bar.show_problems(listed_problems(rest))
        ok = check is not None and check.ok and self.timeline is not None
        self.bar.show_check(self.draft is not None and ok, "" if ok else self.invalid_reason())

    def invalid_reason(self) -> str:
        """Why the draft cannot be saved yet, in one line ("" when it can)."""
        return invalid_reason(self.check, self.timeline)

    def _update_title(self) -> None:
        name = self.draft.name if self.draft is not None else ""
        self.setWindowTitle(window_title(f"Edit {name or 'routine'}") + "[*]")
        self.setWindowModified(self.has_unsaved_changes())

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)
        self.modified_changed.emit(not clean)

    def say(self, text: str) -> None:
        """A line on the editor's status line (plain text)."""
        self.bar.say(text)

    # --- steps ------------------------------------------------------------------------------------------

    def _can_start(self) -> bool:
        return self.check is not None and self.check.ok

    def start_from(self, step_index: int) -> None:
        """Run the draft from ``step_index`` without saving (when it is valid)."""
        self._run(lambda routine: self.start_from_step.emit(routine, step_index))

    def _run(self, start: Callable[[object], object]) -> None:
        """Finish the edit in progress, then ``start`` the draft's routine, or say why it cannot run."""
        self._flush_edits()
        if self.check is not None and self.check.routine is not None and self.timeline is not None:
            start(self.check.routine)
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
        """Run the draft in the player without saving (when it is valid)."""
        self._run(self.try_requested.emit)

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
            if not ask_drop_comments(self):
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

    def confirm_leave(self) -> bool:
        """True when the editor may close: nothing unsaved, or saved, or the person chose to discard."""
        if self.draft is None:
            return True
        self._flush_edits()
        if not self.has_unsaved_changes():
            return True
        answer = ask_leave(self, self.draft.name or self.draft.routine_id)
        if answer is Leave.SAVE:
            return self.save()
        if answer is Leave.DISCARD:
            self.undo_stack.setClean()  # the person chose to let them go
            self.say("Changes discarded.")
            return True
        return False

    # --- the file changed on disk -------------------------------------------------------------------------

    def copy_id(self) -> str:
        """A free id for "save mine as a copy": ``<id>-copy``, ``<id>-copy-2``, …"""
        assert self.draft is not None
        return copy_id(self.library, self.draft.routine_id)

    def file_changed_on_disk(self, path: Path) -> None:
        """The routine file ``path`` changed: reload a clean draft; ask when there are unsaved edits."""
        disk_changes.file_changed(self, self, path)


def save_draft_to(library: Library, draft: RoutineDraft, routine_id: str | None) -> Path:
    from stretch_timer.core.draft_save import save_draft

    return save_draft(library, draft, routine_id)

