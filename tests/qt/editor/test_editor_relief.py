"""The editor's "Hold until the cramp lets go": a hold step's open-ended relief hold, on and off, undoable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox

from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import AddStep
from stretch_timer.qt.editor.editor_page import EditorPage
from stretch_timer.qt.editor.undo_commands import OperationCommand

pytestmark = pytest.mark.gui
BOX = "Hold until the cramp lets go (It let go ends it; the hold is the longest)"


def test_a_hold_can_be_made_to_last_until_the_cramp_lets_go(page: EditorPage) -> None:
    page.open_draft(RoutineDraft.new("mine", "Mine"))
    assert page.draft is not None
    page.undo_stack.push(OperationCommand(page.draft, AddStep(0, {"stretch": "seated-toe-pull", "sides": "none"})))
    box = _box(page)
    assert not box.isChecked()
    box.click()
    assert "until: relief" in page.draft.to_yaml()
    assert page.check is not None and page.check.ok
    assert page.timeline is not None and page.timeline.open_ended
    page.undo_stack.undo()
    assert "until" not in page.draft.to_yaml() and not box.isChecked()


def test_it_is_offered_for_holds_only(page: EditorPage) -> None:
    page.open_draft(RoutineDraft.new("mine", "Mine"))
    assert page.draft is not None
    page.undo_stack.push(OperationCommand(page.draft, AddStep(0, {"stretch": "mindful-breathing"})))
    assert not _box(page).isVisible()


def _box(page: EditorPage) -> Any:
    """The checkbox, by the words on it (its accessible name is the field table's label, "Until")."""
    box = next(box for box in page.findChildren(QCheckBox) if box.text() == BOX)
    assert box.accessibleName() or box.text()
    return box
