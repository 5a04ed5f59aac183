"""Building a routine in the editor, by its controls: steps added, timed, reordered, undone and saved.

The saved file must be exactly the expected YAML, and the library must load it back as a routine that plans
to the expected timeline (the same planner the player runs).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from stretch_timer import paths
from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import (
    MISSING,
    AddStep,
    ChangeStepKind,
    DuplicateStep,
    MoveStep,
    Operation,
    RemoveStep,
    Rename,
    SetField,
)
from stretch_timer.core.library import Library
from stretch_timer.core.model import StepKind
from stretch_timer.core.plan import PhaseKind, plan
from stretch_timer.qt.editor.editor_page import EditorPage
from stretch_timer.qt.editor.step_list_model import ROW_TEXT_ROLE
from stretch_timer.qt.editor.undo_commands import OperationCommand

from .conftest import click, find

pytestmark = pytest.mark.gui

CALF = paths.bundled_routines_dir() / "calf-cramp-relief.yaml"


def type_into(qtbot: Any, widget: QLineEdit | QSpinBox, text: str) -> None:
    """Select what the field holds, type ``text`` and press Enter, as a person would."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def rows(page: EditorPage) -> list[str]:
    model = page.step_list.model()
    return [model.data(model.index(row, 0), ROW_TEXT_ROLE) for row in range(model.rowCount())]


EXPECTED_YAML = """\
# yaml-language-server: $schema=schema.json
format: 1
name: Night calves
steps:
  - stretch: heel-raises
    hold: 40
  - name: Slow breathing
    breathe:
      inhale: 4
      exhale: 6
      cycles: 3
  - stretch: ankle-circles
    repeat: 2
prepare: 8
"""


def test_a_routine_built_from_scratch_saves_as_the_expected_file_and_plans_as_expected(
        qtbot: Any, page: EditorPage, library: Library) -> None:
    page.open_draft(RoutineDraft.new("night-calves", "Untitled"))
    assert "at least one step" in find(page, "Problems").text() or find(page, "Steps problem", ).text()
    assert not find(page, "Save").isEnabled()

    type_into(qtbot, find(page, "Name", QLineEdit), "Night calves")
    picks = iter([["heel-raises"], ["ankle-circles"]])
    page.pick_stretches = lambda: next(picks)
    click(qtbot, page, "Add stretches…")
    type_into(qtbot, find(page, "Hold", QSpinBox), "40")
    click(qtbot, page, "Add breathing")
    type_into(qtbot, find(page, "Breaths", QSpinBox), "3")
    click(qtbot, page, "Add stretches…")
    type_into(qtbot, find(page, "Repeat", QSpinBox), "2")
    type_into(qtbot, find(page, "Prepare", QSpinBox), "8")
    assert rows(page) == ["1. Heel raises — stretch, 0:40", "2. Slow breathing — breathing, 0:30",
                          "3. Ankle circles — stretch, 1:35"]  # as the overview counts it: with its 3 switches
    # get ready 8, hold 40, rest 10, 3 breaths of 10, rest 10, 2 sets × both sides of 20 with 3 switches of 5
    assert find(page, "Total duration").text() == "Total 3:13"

    assert find(page, "Save").isEnabled()
    click(qtbot, page, "Save")
    saved = library.user_routines / "night-calves.yaml"
    assert saved.read_text(encoding="utf-8") == EXPECTED_YAML
    assert not page.has_unsaved_changes()
    assert "Saved" in find(page, "Editor status").text()

    library.reload()
    entry = library.get("night-calves")
    assert entry is not None and entry.routine is not None
    timeline = plan(entry.routine)
    kinds = [(phase.kind, phase.duration) for phase in timeline.phases]
    breath = [(PhaseKind.INHALE, 4.0), (PhaseKind.EXHALE, 6.0)] * 3
    circles = [(PhaseKind.HOLD, 20.0), (PhaseKind.SWITCH, 5.0)] * 3 + [(PhaseKind.HOLD, 20.0)]
    assert kinds == [(PhaseKind.PREPARE, 8.0), (PhaseKind.HOLD, 40.0), (PhaseKind.REST, 10.0), *breath,
                     (PhaseKind.REST, 10.0), *circles]
    assert timeline.total == 193


def test_steps_reorder_by_drag_and_by_alt_arrows_with_the_selection_following(
        qtbot: Any, page: EditorPage) -> None:
    page.open_draft(RoutineDraft.open(CALF))
    first, second, third = (row.split(". ", 1)[1] for row in rows(page))
    model = page.step_list.model()
    # A drag onto the end of the list: what QListView's InternalMove drop does (moveRow before row 3).
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 3)
    assert [r.split(". ", 1)[1] for r in rows(page)] == [second, third, first]
    assert page.selected_step() == 2
    # The same through the drop path with the model's own mime data.
    mime = model.mimeData([model.index(2, 0)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [r.split(". ", 1)[1] for r in rows(page)] == [first, second, third]
    assert page.selected_step() == 0

    page.step_list.setFocus()
    qtbot.keyClick(page.step_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [r.split(". ", 1)[1] for r in rows(page)] == [second, first, third]
    assert page.selected_step() == 1
    qtbot.keyClick(page.step_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.step_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # already last: no move
    assert [r.split(". ", 1)[1] for r in rows(page)] == [second, third, first]
    qtbot.keyClick(page.step_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [r.split(". ", 1)[1] for r in rows(page)] == [second, first, third]
    assert page.selected_step() == 1
    assert page.undo_stack.count() == 5 and page.undo_stack.undoText() == "Move step"

    qtbot.keyClick(page.step_list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(rows(page)) == 4 and page.selected_step() == 2
    qtbot.keyClick(page.step_list, Qt.Key.Key_Delete)
    assert len(rows(page)) == 3

    while page.undo_stack.canUndo():
        click(qtbot, page, "Undo")
    assert [r.split(". ", 1)[1] for r in rows(page)] == [first, second, third]
    assert page.draft is not None and not page.draft.modified and not page.has_unsaved_changes()


def operations() -> list[Operation]:
    return [
        Rename("Calf, gently"),
        SetField(("steps", 0, "hold"), 45),
        SetField(("steps", 0, "until"), MISSING),  # a timed hold again: it may take the stretch's own sides
        SetField(("steps", 0, "sides"), MISSING),
        SetField(("cues", "halfway"), True),
        SetField(("tags",), ["relief", "night"]),
        AddStep(1, {"stretch": "heel-raises", "hold": 20}),
        RemoveStep(1),
        MoveStep(0, 2),
        DuplicateStep(2),
        ChangeStepKind(0, StepKind.BREATHING, "Slow breaths"),
        ChangeStepKind(1, StepKind.RELAXATION, "Let go"),
        ChangeStepKind(2, StepKind.HOLD, "Hold it"),
    ]


def test_every_operation_undoes_and_redoes_through_the_undo_stack_with_the_list_in_step(
        page: EditorPage) -> None:
    draft = RoutineDraft.open(CALF)
    page.open_draft(draft)
    original = draft.to_yaml()
    texts = [original]
    for op in operations():
        page.undo_stack.push(OperationCommand(draft, op))
        texts.append(draft.to_yaml())
        assert len(rows(page)) == draft.step_count()
    assert page.has_unsaved_changes()
    for expected in reversed(texts[:-1]):
        page.undo_stack.undo()
        assert draft.to_yaml() == expected
        assert len(rows(page)) == draft.step_count()
    assert not page.has_unsaved_changes()
    for expected in texts[1:]:
        page.undo_stack.redo()
        assert draft.to_yaml() == expected
    assert rows(page) == [f"{n + 1}. {text}" for n, text in enumerate(r.split(". ", 1)[1] for r in rows(page))]


def test_arrow_clicks_on_a_field_are_one_undo_step_until_the_edit_is_finished(
        qtbot: Any, page: EditorPage) -> None:
    draft = RoutineDraft.open(CALF)
    page.open_draft(draft)
    spin = find(page, "Prepare", QSpinBox)
    before = spin.value()
    spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == before + 3 and page.undo_stack.count() == 1
    spin.editingFinished.emit()  # focus leaves: the edit is finished
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert page.undo_stack.count() == 2
    page.undo_stack.undo()
    assert spin.value() == before + 3
    page.undo_stack.undo()
    assert spin.value() == before and not draft.modified


def test_a_kind_change_shows_that_kinds_fields_and_undo_brings_the_old_ones_back(
        qtbot: Any, page: EditorPage) -> None:
    page.open_draft(RoutineDraft.open(CALF))
    assert find(page, "Hold", QSpinBox)
    kind = find(page, "Step kind")
    kind.setCurrentIndex(2)
    kind.activated.emit(2)
    assert find(page, "Tense", QSpinBox).value() == 5
    with pytest.raises(LookupError):
        find(page, "Hold", QSpinBox)
    assert page.undo_stack.undoText() == "Change step kind"
    click(qtbot, page, "Undo")
    assert find(page, "Hold", QSpinBox)
    QApplication.processEvents()


def test_try_it_and_start_from_this_step_hand_over_the_unsaved_routine(page: EditorPage) -> None:
    page.open_draft(RoutineDraft.open(CALF))
    page._push(Rename("Tried, not saved"))
    tried: list[object] = []
    started: list[tuple[object, int]] = []
    page.try_requested.connect(tried.append)
    page.start_from_step.connect(lambda routine, step: started.append((routine, step)))
    find(page, "Try it").click()
    page.start_from(2)
    assert [getattr(r, "name", None) for r in tried] == ["Tried, not saved"]
    assert [(getattr(r, "name", None), step) for r, step in started] == [("Tried, not saved", 2)]
    assert page.has_unsaved_changes()


def test_an_own_stretch_with_its_own_picture_saves_the_picture_beside_the_routine(
        qtbot: Any, page: EditorPage, library: Library, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QFileDialog, QPlainTextEdit

    picture = tmp_path / "My Wall Stretch.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(picture))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kw: (str(picture), "")))

    page.open_draft(RoutineDraft.new("wall", "Wall"))
    click(qtbot, page, "Add own stretch")
    custom = page.step_form.custom
    type_into(qtbot, find(custom, "Name", QLineEdit), "Wall calf stretch")
    how = find(custom, "Instructions", QPlainTextEdit)
    how.setFocus()
    how.setPlainText("Hands on the wall.\nStep one foot back.")
    find(page, "Hold", QSpinBox).setFocus()  # leaving the how-to finishes that edit
    QApplication.processEvents()  # the form lays out its new fields
    find(page, "Step details area").ensureWidgetVisible(find(page, "Choose picture"))  # as scrolling there
    click(qtbot, page, "Choose picture")
    assert page.save(), find(page, "Editor status").text()

    text = (library.user_routines / "wall.yaml").read_text(encoding="utf-8")
    assert "  - name: Wall calf stretch\n" in text
    reference = next(line.split(": ", 1)[1] for line in text.splitlines() if line.strip().startswith("image:"))
    assert reference.startswith("pictures/") and reference.endswith("-my-wall-stretch.png")
    assert (library.user_routines / reference).read_bytes() == picture.read_bytes()
    library.reload()
    entry = library.get("wall")
    assert entry is not None and entry.routine is not None
    step = entry.routine.steps[0]
    assert step.stretch.name == "Wall calf stretch" and step.stretch.image == library.user_routines / reference
    assert step.stretch.instructions == ("Hands on the wall.", "Step one foot back.")
