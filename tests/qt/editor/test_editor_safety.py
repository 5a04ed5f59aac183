"""Work is never lost and nothing invalid is written: refused saves say why next to the field, leaving asks,
and a file changed on disk while it is open is reloaded, or the person chooses what happens to their edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QSpinBox

from stretch_timer import paths
from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import Rename, SetField
from stretch_timer.core.library import Library
from stretch_timer.qt.editor.editor_page import EditorPage
from stretch_timer.qt.editor.step_list_model import ROW_TEXT_ROLE

from .conftest import answer_next_question, find

pytestmark = pytest.mark.gui

CALF = paths.bundled_routines_dir() / "calf-cramp-relief.yaml"


@pytest.fixture
def mine(library: Library) -> Path:
    """A routine of the person's own in their folder (a copy of the bundled calf routine)."""
    library.user_routines.mkdir(parents=True, exist_ok=True)
    path = library.user_routines / "mine.yaml"
    path.write_bytes(CALF.read_bytes())
    return path


def type_into(qtbot: Any, widget: QLineEdit | QSpinBox, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def refused(page: EditorPage, path: Path, before: bytes) -> None:
    """Save is off and, pressed anyway, writes nothing and says why."""
    assert not find(page, "Save").isEnabled()
    assert find(page, "Save").toolTip().startswith("Cannot save yet")
    assert not page.save()
    assert find(page, "Editor status").text().startswith("Not saved. Cannot save yet")
    assert path.read_bytes() == before


@pytest.mark.parametrize("case", ["zero hold", "empty name", "2000-character name", "missing picture"])
def test_invalid_input_is_refused_with_a_visible_message_and_the_file_untouched(
        qtbot: Any, page: EditorPage, mine: Path, case: str) -> None:
    before = mine.read_bytes()
    page.open_draft(RoutineDraft.open(mine))
    if case == "zero hold":
        type_into(qtbot, find(page, "Hold", QSpinBox), "0")
        message = find(page, "Hold problem")
        assert "positive" in message.text()
        assert find(page, "Hold", QSpinBox).accessibleDescription() == message.text()
    elif case == "empty name":
        type_into(qtbot, find(page, "Name", QLineEdit), "")
        assert "empty" in find(page, "Name problem").text()
    elif case == "2000-character name":
        edit = find(page, "Name", QLineEdit)
        edit.setText("x" * 2000)
        edit.editingFinished.emit()
        assert "long" in find(page, "Name problem").text() or "at most" in find(page, "Name problem").text()
    else:
        page._push(SetField(("steps", 0, "image"), "pictures/not-there.png"))
        listed = find(page, "Problems").text()  # the picture has no field of its own on this form
        assert listed.startswith("Step 1, image:") and "not-there.png" in listed
        model = page.step_list.model()
        assert model.data(model.index(0, 0), ROW_TEXT_ROLE).startswith("⚠ 1. ")  # the step is marked in the list too
    refused(page, mine, before)
    page.undo_stack.undo()
    assert find(page, "Save").isEnabled()
    with pytest.raises(LookupError):
        find(page, "Problems")


@pytest.mark.parametrize("choice", ["Cancel", "Discard", "Save"])
def test_leaving_with_unsaved_changes_asks_save_discard_or_cancel(
        page: EditorPage, mine: Path, choice: str) -> None:
    before = mine.read_bytes()
    page.open_draft(RoutineDraft.open(mine))
    page._push(Rename("Renamed before leaving"))
    closed: list[bool] = []
    page.closed.connect(lambda: closed.append(True))
    seen: list[str] = []
    answer_next_question(choice, seen)
    find(page, "Close").click()
    assert seen and "Renamed before leaving" in seen[0]
    assert closed == ([] if choice == "Cancel" else [True])
    if choice == "Save":
        assert "name: Renamed before leaving" in mine.read_text(encoding="utf-8")
        assert not page.has_unsaved_changes()
    else:
        assert mine.read_bytes() == before
        assert page.has_unsaved_changes() == (choice == "Cancel")


def test_saving_on_leave_is_refused_while_invalid_and_the_editor_stays(page: EditorPage, mine: Path) -> None:
    before = mine.read_bytes()
    page.open_draft(RoutineDraft.open(mine))
    page._push(Rename(""))
    answer_next_question("Save")
    assert not page.confirm_leave()
    assert "Not saved" in find(page, "Editor status").text()
    assert mine.read_bytes() == before and page.has_unsaved_changes()


def theirs(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("name: Calf cramp — now", "name: Changed elsewhere", 1)
    assert "Changed elsewhere" in text
    path.write_text(text, encoding="utf-8")
    return text


def test_a_file_changed_on_disk_reloads_quietly_when_nothing_is_unsaved(page: EditorPage, mine: Path) -> None:
    page.open_draft(RoutineDraft.open(mine))
    theirs(mine)
    page.file_changed_on_disk(mine)
    assert find(page, "Name", QLineEdit).text() == "Changed elsewhere"
    assert find(page, "Editor status").text() == "Reloaded: changed on disk"
    assert not page.has_unsaved_changes()


def test_our_own_save_is_not_taken_for_a_change_on_disk(page: EditorPage, mine: Path) -> None:
    page.open_draft(RoutineDraft.open(mine))
    page._push(Rename("Saved here"))
    assert page.save()
    boxes: list[str] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                boxes.append(widget.text())
                widget.reject()

    QTimer.singleShot(0, look)
    page.file_changed_on_disk(mine)
    QApplication.processEvents()
    assert boxes == []
    assert find(page, "Name", QLineEdit).text() == "Saved here"
    assert find(page, "Editor status").text().startswith("Saved to")  # not "Reloaded"


@pytest.mark.parametrize("choice", ["Keep mine", "Take theirs", "Save mine as a copy"])
def test_a_file_changed_on_disk_with_unsaved_edits_asks_and_loses_nothing(
        page: EditorPage, mine: Path, library: Library, choice: str) -> None:
    page.open_draft(RoutineDraft.open(mine))
    page._push(Rename("My version"))
    their_text = theirs(mine)
    seen: list[str] = []
    answer_next_question(choice, seen)
    page.file_changed_on_disk(mine)
    assert seen and "unsaved" in seen[0]
    name = find(page, "Name", QLineEdit).text()
    if choice == "Keep mine":
        assert name == "My version" and page.has_unsaved_changes()
        assert page.save()  # replaces theirs, as chosen, without asking again
        assert "name: My version" in mine.read_text(encoding="utf-8")
    elif choice == "Take theirs":
        assert name == "Changed elsewhere" and not page.has_unsaved_changes()
        assert "Reloaded" in find(page, "Editor status").text()
    else:
        copy = library.user_routines / "mine-copy.yaml"
        assert "name: My version" in copy.read_text(encoding="utf-8")
        assert mine.read_text(encoding="utf-8") == their_text
        assert page.draft is not None and page.draft.routine_id == "mine-copy"
        assert name == "My version" and not page.has_unsaved_changes()
        assert "mine-copy" in find(page, "Editor status").text()
        page.open_draft(RoutineDraft.open(mine))
        assert page.copy_id() == "mine-copy-2"  # the next copy of the same routine does not overwrite it


def test_a_file_whose_comments_cannot_be_kept_says_so_before_the_first_save(
        page: EditorPage, library: Library) -> None:
    library.user_routines.mkdir(parents=True, exist_ok=True)
    path = library.user_routines / "odd.yaml"
    # A duplicate key: the app's reader takes it (the last wins), the round trip cannot.
    path.write_text("# my notes\nformat: 1\nname: Odd\nname: Odd\nsteps:\n  - stretch: heel-raises\n",
                    encoding="utf-8")
    try:
        draft = RoutineDraft.open(path)
    except ValueError:
        pytest.skip("the loader refuses duplicate keys, so no such file can be opened")
    if not draft.drops_comments:
        pytest.skip("this file's comments can be kept")
    page.open_draft(draft)
    assert "comments" in find(page, "Editor status").text()
    page._push(Rename("Odd one"))
    seen: list[str] = []
    answer_next_question("Save without comments", seen)
    assert page.save()
    assert seen and "comments" in seen[0]
    page._push(Rename("Odd two"))
    assert page.save()  # asked once only
    assert len(seen) == 1
