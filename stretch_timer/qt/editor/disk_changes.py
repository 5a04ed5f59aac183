"""What the editor does when the routine's file changes on disk while it is open.

A clean draft is simply reloaded (keeping the selected step). With unsaved edits the person is asked (see
:func:`~stretch_timer.qt.editor.editor_questions.ask_changed_on_disk`): keep mine (saving then knowingly
replaces their version), take theirs (the edits are dropped), or save mine as a copy (the changed file is
left as it is, and the copy is edited from then on). Our own saves, and changes that leave the text as it
was, are not changes. A module of its own so the editor page keeps its layout and wiring, and this flow
reads in one place; it acts through the few editor methods :class:`Editing` names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.library import Library
from stretch_timer.qt.editor.editor_questions import OnDisk, ask_changed_on_disk, same_file


class Editing(Protocol):
    """The editor as this flow uses it (the editor page is one)."""

    draft: RoutineDraft | None

    @property
    def library(self) -> Library: ...

    def has_unsaved_changes(self) -> bool: ...
    def save(self, routine_id: str | None = None) -> bool: ...
    def copy_id(self) -> str: ...
    def open_draft(self, draft: RoutineDraft) -> None: ...
    def selected_step(self) -> int: ...
    def select_step(self, row: int) -> None: ...
    def say(self, text: str) -> None: ...


def file_changed(editor: Editing, parent: QWidget, path: Path) -> None:
    """The routine file ``path`` changed: reload a clean draft; ask (over ``parent``) when there are unsaved
    edits."""
    draft = editor.draft
    if draft is None or draft.source is None or not same_file(path, draft.source):
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        editor.say("The routine's file went away on disk; saving writes it again.")
        return
    if text == draft.saved_text:
        return  # our own save, or nothing that matters
    if not editor.has_unsaved_changes():
        take_theirs(editor, path, "Reloaded: changed on disk")
        return
    answer = ask_changed_on_disk(parent, draft.name or draft.routine_id)
    if answer is OnDisk.TAKE_THEIRS:
        take_theirs(editor, path, "Reloaded: changed on disk; your changes were dropped")
    elif answer is OnDisk.SAVE_COPY:
        copy = editor.copy_id()
        if editor.save(copy):
            editor.open_draft(RoutineDraft.open(editor.library.user_routines / f"{copy}.yaml"))
            editor.say(f"Your version is saved as “{copy}”; the changed file is left as it is.")
        # when it cannot be saved, the status line says why and the edits stay
    else:
        draft.saved_text = text  # saving now replaces their version, knowingly; no second question
        editor.say("Kept your changes; saving will replace the version changed on disk.")


def take_theirs(editor: Editing, path: Path, message: str) -> None:
    """Reload the draft from ``path`` (the same step stays selected when it is still there)."""
    assert editor.draft is not None
    selected = editor.selected_step()
    try:
        fresh = RoutineDraft.open(path, editor.draft.routine_id)
    except ValueError as error:
        editor.say(f"Could not reload: {error}")
        return
    editor.open_draft(fresh)
    editor.select_step(min(selected, fresh.step_count() - 1))
    editor.say(message)
