"""The Routine menu carried out in the window: which routine a command means, and the questions it asks.

The operations are the app layer's (:class:`~stretch_timer.app.routine_files.RoutineFiles`); this module
binds the ``routine.*`` commands to them for the window: "the routine" is the one whose overview shows, or
the card with the focus in the library; import and export ask for a file; an import that would replace a
routine asks first; problems are shown as plain text, one line each, as ``stretch-timer validate`` prints
them. The file choosers are replaceable so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from stretch_timer.app.context import AppContext
    from stretch_timer.qt.navigator import Navigator

ROUTINE_FILES = "Routines (*.yaml *.zip)"
EXPORT_FILTERS = "Routine file (*.yaml);;Routine with its pictures (*.zip)"
MAX_PROBLEM_LINES = 12


def _ask_open(parent: QWidget) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, "Import a routine", str(Path.home()), ROUTINE_FILES)
    return Path(path) if path else None


def _ask_save(parent: QWidget, suggested: str) -> Path | None:
    path, chosen = QFileDialog.getSaveFileName(parent, "Export the routine", str(Path.home() / suggested),
                                               EXPORT_FILTERS)
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".yaml", ".zip"):
        target = target.with_suffix(".zip" if "zip" in chosen else ".yaml")
    return target


class RoutineCommands(QObject):
    """Binds the Routine menu of ``context`` to the window that shows ``pages``."""

    def __init__(self, window: QWidget, pages: Navigator, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._pages = pages
        self._context = context
        self.ask_open: Callable[[QWidget], Path | None] = _ask_open
        self.ask_save: Callable[[QWidget, str], Path | None] = _ask_save
        self.boxes: list[QMessageBox] = []
        idle = self._idle
        chosen = self._chosen_enabled
        commands = context.commands
        commands.bind("routine.new", pages.edit_new, enabled=idle)
        commands.bind("routine.edit", self._edit, enabled=chosen)
        commands.bind("routine.duplicate", self._duplicate, enabled=chosen)
        commands.bind("routine.delete", self._delete, enabled=lambda: self._can(self._files_can_delete))
        commands.bind("routine.undelete", self._undelete,
                      enabled=lambda: idle() and context.routine_files.can_undelete)
        commands.bind("routine.restore", self._restore, enabled=lambda: self._can(self._files_can_restore))
        commands.bind("routine.import", self._import, enabled=idle)
        commands.bind("routine.export", self._export, enabled=chosen)
        pages.page_changed.connect(commands.refresh)
        context.library_changed.connect(commands.refresh)

    # --- which routine ---------------------------------------------------------------------------------

    def _idle(self) -> bool:
        return not self._context.running() and self._context.loaded_library is not None

    def chosen(self) -> str | None:
        return self._pages.chosen_routine_id()

    def _chosen_enabled(self) -> bool:
        return self._idle() and self.chosen() is not None

    def _can(self, test: Callable[[str], bool]) -> bool:
        chosen = self.chosen()
        return self._idle() and chosen is not None and test(chosen)

    def _files_can_delete(self, routine_id: str) -> bool:
        return self._context.routine_files.can_delete(routine_id)

    def _files_can_restore(self, routine_id: str) -> bool:
        return self._context.routine_files.can_restore(routine_id)

    # --- the commands ----------------------------------------------------------------------------------

    def _edit(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self._pages.edit_routine(chosen)

    def _duplicate(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        try:
            new_id = self._context.routine_files.duplicate(chosen)
        except (OSError, ValueError, KeyError) as error:
            self.tell_problem("Could not duplicate the routine", str(error))
            return
        self._pages.show_overview(new_id)

    def _delete(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        try:
            self._context.routine_files.delete(chosen)
        except (OSError, ValueError, KeyError) as error:
            self.tell_problem("Could not delete the routine", str(error))
            return
        self._pages.show_library()

    def _undelete(self) -> None:
        try:
            self._context.routine_files.undelete()
        except (OSError, ValueError) as error:
            self.tell_problem("Could not bring the routine back", str(error))

    def _restore(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        try:
            self._context.routine_files.restore(chosen)
        except (OSError, ValueError, KeyError) as error:
            self.tell_problem("Could not restore the bundled routine", str(error))
            return
        self._pages.show_overview(chosen)

    def _export(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        target = self.ask_save(self._window, f"{chosen}.yaml")
        if target is None:
            return
        try:
            self._context.routine_files.export(chosen, target)
        except (OSError, ValueError, KeyError) as error:
            self.tell_problem("Could not export the routine", str(error))

    def _import(self) -> None:
        file = self.ask_open(self._window)
        if file is None:
            return
        files = self._context.routine_files
        try:
            plan = files.read_import(file)
        except (OSError, ValueError) as error:
            self.tell_problem(f"Could not import {file.name}", str(error))
            return
        if plan.problems:
            self.tell_problem(f"{file.name} was not imported", "\n".join(str(p) for p in plan.problems))
            return
        if plan.replaces:
            self._ask_replace(plan)
            return
        self._finish_import(plan)

    def _ask_replace(self, plan: object) -> None:
        from stretch_timer.core.share import ImportPlan

        assert isinstance(plan, ImportPlan)
        box = self._box(QMessageBox.Icon.Question, "Replace the routine?",
                        f"You already have a routine called {plan.routine_id}. Replace it with the one you are "
                        f"importing ({plan.name}), or keep both?", "Import would replace")
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        replace.setAccessibleName("Replace it")
        both = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
        both.setAccessibleName("Keep both")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(both)
        box.setEscapeButton(cancel)

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is replace:
                self._finish_import(plan, replace=True)
            elif clicked is both:
                self._finish_import(plan, routine_id=self._context.library.new_routine_id(plan.name))

        box.finished.connect(answered)
        box.open()

    def _finish_import(self, plan: object, *, replace: bool = False, routine_id: str | None = None) -> None:
        try:
            path = self._context.routine_files.apply_import(plan, replace=replace,  # type: ignore[arg-type]
                                                            routine_id=routine_id)
        except (OSError, ValueError) as error:
            self.tell_problem("Could not import the routine", str(error))
            return
        self._pages.show_overview(path.stem)

    # --- telling ---------------------------------------------------------------------------------------

    def _box(self, icon: QMessageBox.Icon, title: str, text: str, name: str) -> QMessageBox:
        box = QMessageBox(icon, title, "", QMessageBox.StandardButton.NoButton, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and messages come from shared files
        box.setText(text)
        box.setAccessibleName(name)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.boxes.append(box)
        box.finished.connect(lambda _r: self.boxes.remove(box) if box in self.boxes else None)
        return box

    def tell_problem(self, title: str, detail: str) -> QMessageBox:
        """A window-modal note with the problems, one line each (at most a screenful; the rest counted)."""
        from stretch_timer.core.problems import visible

        lines = [visible(line) for line in detail.splitlines() if line.strip()] or [visible(detail)]
        if len(lines) > MAX_PROBLEM_LINES:
            rest = len(lines) - MAX_PROBLEM_LINES
            lines = [*lines[:MAX_PROBLEM_LINES], f"… and {rest} more"]
        box = self._box(QMessageBox.Icon.Warning, title, "\n".join(lines), title)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.open()
        return box
