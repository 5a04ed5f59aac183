"""The editor inside the main window: opened from the library's Edit, its keys from the command table work
from any field (not only the step list), and Try it runs the unsaved routine."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from stretch_timer.qt.editor.editor_page import EditorPage

pytestmark = pytest.mark.gui


def test_the_editors_keys_work_in_the_window_and_try_it_runs_the_draft(rig: Any) -> None:
    rig.window.pages.edit_routine("calf-cramp-relief")
    page = rig.window.pages.editor_page
    assert isinstance(page, EditorPage) and page.isVisible()
    page.step_list.setFocus()
    rig.qtbot.keyClick(page.step_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert page.selected_step() == 1 and page.undo_stack.count() == 1
    say = page.step_form.say.editor
    say.setFocus()
    rig.qtbot.keyClick(say, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # the window's command, not the list
    assert page.selected_step() == 0 and page.undo_stack.count() == 2
    rig.qtbot.keyClick(page.step_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.undo_stack.index() == 1
    page.try_it()
    assert rig.context.running()
    page.undo_stack.setClean()


def test_a_new_routine_from_the_library_saves_into_the_library_and_its_card(rig: Any) -> None:
    from stretch_timer.core.draft_ops import AddStep, Rename

    rig.click("New routine")
    page = rig.window.pages.editor_page
    assert rig.window.pages.current_page() is page and page.draft is not None
    assert "Editing" in rig.window.windowTitle()
    assert page.invalid_reason(), "an empty routine cannot be saved yet"
    page.undo_stack.push(page_command(page, Rename("Evening calves")))
    page.undo_stack.push(page_command(page, AddStep(0, {"stretch": "calf-massage"})))
    assert page.save()
    routine_id = page.draft.routine_id
    assert routine_id in rig.window.pages.library_page.cards, "a save updates the library at once"
    assert rig.context.library.get(routine_id).routine.name == "Evening calves"


def test_after_try_it_the_summary_leads_back_to_the_editor(rig: Any) -> None:
    rig.window.pages.edit_routine("calf-cramp-relief")
    page = rig.window.pages.editor_page
    page.try_it()
    rig.run_to_end()
    assert rig.window.pages.current_page() is rig.window.pages.summary_page
    rig.click("Back to the editor")
    assert rig.window.pages.current_page() is page


def test_quitting_with_edits_left_in_the_editor_asks_even_from_another_page(rig: Any) -> None:
    from stretch_timer.core.draft_ops import Rename

    from .conftest import answer_next_question

    rig.window.pages.edit_routine("calf-cramp-relief")
    page = rig.window.pages.editor_page
    page.undo_stack.push(page_command(page, Rename("Mine")))
    rig.trigger("library")
    assert rig.window.pages.current_page() is rig.window.pages.library_page
    seen: list[str] = []
    answer_next_question("Cancel", seen)
    rig.window.close()
    assert rig.window.isVisible(), "Cancel keeps the app open"
    assert seen and "Save the changes" in seen[0]
    assert rig.window.pages.current_page() is page, "the editor comes back to ask"
    assert page.has_unsaved_changes()
    page.undo_stack.setClean()


def page_command(page: EditorPage, op: Any) -> Any:
    from stretch_timer.qt.editor.undo_commands import OperationCommand

    assert page.draft is not None
    return OperationCommand(page.draft, op)
