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
