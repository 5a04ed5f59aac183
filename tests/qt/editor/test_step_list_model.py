"""The step list model keeps Qt's model rules through every step edit and its undo: rows are announced as about
to be inserted, removed or moved while the draft is still as it was, and as done once it holds the change.

Qt's own QAbstractItemModelTester watches the model (its failures come as warnings, turned into test failures
here), so a notification sent after the fact, or a row count that disagrees with it, fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from stretch_timer import paths
from stretch_timer.core.catalog import Catalog, load_catalog
from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import (
    AddStep,
    ChangeStepKind,
    DuplicateStep,
    MoveStep,
    Operation,
    RemoveStep,
    Rename,
    SetField,
)
from stretch_timer.core.model import StepKind
from stretch_timer.qt.editor import step_list_model
from stretch_timer.qt.editor.editor_page import EditorPage
from stretch_timer.qt.editor.step_list_model import ROW_TEXT_ROLE, RowChange, StepListModel, shifted

pytestmark = pytest.mark.gui

CALF = paths.bundled_routines_dir() / "calf-cramp-relief.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog((paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),))


def failures_of(qtlog: Any) -> list[str]:
    return [record.message for record in qtlog.records if "FAIL" in record.message]


@pytest.fixture
def watched(qtbot: Any, qtlog: Any, catalog: Catalog) -> Iterator[tuple[RoutineDraft, StepListModel]]:
    """A draft, its step list model shown in a list view, and Qt's model tester watching the model."""
    draft = RoutineDraft.open(CALF)
    model = StepListModel(draft, draft.history.push, lambda: catalog.stretches)
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    model.set_problem_rows(frozenset({1}))  # a marked row: its mark must move with it
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    yield draft, model
    del tester
    assert failures_of(qtlog) == []


def texts(model: StepListModel) -> list[str]:
    return [model.index(row).data() for row in range(model.rowCount())]


STEP_OPERATIONS: list[Operation] = [
    AddStep(0, {"stretch": "calf-massage"}),
    AddStep(3, {"stretch": "calf-massage"}),  # at the end (the routine has three steps)
    RemoveStep(0),
    RemoveStep(2),
    MoveStep(0, 2),
    MoveStep(2, 0),
    MoveStep(1, 2),
    MoveStep(1, 1),  # onto itself: no row moves
    DuplicateStep(0),
    DuplicateStep(2),
    ChangeStepKind(1, StepKind.BREATHING, "Slow breaths"),
    SetField(("steps", 0, "hold"), 50),
    Rename("Calf, gently"),
]


@pytest.mark.parametrize("op", STEP_OPERATIONS, ids=lambda op: f"{op.text} {vars(op)}")
def test_every_step_operation_and_its_undo_keeps_the_model_rules(
        qtlog: Any, watched: tuple[RoutineDraft, StepListModel], op: Operation) -> None:
    draft, model = watched
    assert draft.step_count() == 3
    before = texts(model)
    assert before[1].startswith("⚠ ") and not before[0].startswith("⚠ ")
    draft.history.push(op)
    assert model.rowCount() == draft.step_count()
    after = texts(model)
    draft.history.undo()
    assert texts(model) == before
    draft.history.redo()
    assert texts(model) == after
    assert failures_of(qtlog) == []


def test_a_drop_is_a_move_that_keeps_the_model_rules(qtlog: Any,
                                                     watched: tuple[RoutineDraft, StepListModel]) -> None:
    draft, model = watched
    first = texts(model)[0]
    assert model.moveRows(model.index(0).parent(), 0, 1, model.index(0).parent(), 3)  # to the end
    assert texts(model)[2] == first
    assert model.index(2).data(ROW_TEXT_ROLE) == f"3. {first}"  # the number is the row's place
    draft.history.undo()
    assert texts(model)[0] == first
    assert failures_of(qtlog) == []


def test_the_editors_own_edits_keep_the_model_rules(qtlog: Any, page: EditorPage) -> None:
    page.open_draft(RoutineDraft.open(CALF))
    assert page.model is not None
    tester = QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Warning)
    page.steps.add_steps(["calf-massage", "ankle-circles"])  # one macro, two inserts
    page.steps.move_selected(-1)
    page.steps.duplicate_selected()
    page.steps.remove_selected()
    page.steps.add_kind(StepKind.BREATHING)
    for _ in range(page.undo_stack.count()):
        page.undo_stack.undo()
    assert page.model.rowCount() == 3
    for _ in range(page.undo_stack.count()):
        page.undo_stack.redo()
    assert page.model.rowCount() == page.draft.step_count() == 6  # type: ignore[union-attr]
    del tester
    assert failures_of(qtlog) == []


def test_problem_marks_follow_their_rows() -> None:
    marks = frozenset({1})
    assert shifted(marks, RowChange("insert", 0), 4) == {2}
    assert shifted(marks, RowChange("insert", 2), 4) == {1}
    assert shifted(marks, RowChange("remove", 1), 2) == set()
    assert shifted(marks, RowChange("remove", 0), 2) == {0}
    assert shifted(marks, RowChange("move", 1, 2), 3) == {2}
    assert shifted(marks, RowChange("move", 0, 2), 3) == {0}
    assert shifted(marks, RowChange("reset", -1), 3) == set()


def test_step_pictures_are_looked_up_only_for_rows_painted(qtbot: Any, page: EditorPage,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = step_list_model.picture_for

    def counting(stretch: Any) -> Any:
        asked.append(stretch.id if stretch is not None else "")
        return real(stretch)

    monkeypatch.setattr(step_list_model, "picture_for", counting)
    draft = RoutineDraft.new("many", "Many")
    ids = sorted(page.library.catalog.stretches)
    for number, stretch_id in enumerate(ids + ids):
        draft.history.push(AddStep(number, {"stretch": stretch_id}))
    page.open_draft(draft)
    page.step_list.scrollToTop()
    qtbot.waitUntil(lambda: bool(asked))
    painted = len(asked)
    assert painted < len(ids)  # the rows on screen only, not the whole list
    assert len(set(asked)) == painted  # and each stretch once
    page.step_list.viewport().repaint()
    assert len(asked) == painted  # painting again asks nothing new
    option = QStyleOptionViewItem()
    option.initFrom(page.step_list)
    delegate = page.step_list.itemDelegate()
    delegate.initStyleOption(option, page.step_list.model().index(1, 0))
    assert option.text.startswith("2. ")  # the row's number, painted in front of its words
