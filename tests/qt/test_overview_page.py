"""The overview page: what a routine asks for before it starts, step by step, with Start and Back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from stretch_timer.app_data import open_library
from stretch_timer.core.durations import format_clock
from stretch_timer.core.model import Breathing, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import plan
from stretch_timer.qt.pages.overview_page import OverviewPage, step_detail

from .conftest import find

pytestmark = pytest.mark.gui


def make_page(qtbot, routine: Routine) -> OverviewPage:  # type: ignore[no-untyped-def]
    page = OverviewPage()
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show_routine(routine)
    page.show()
    QApplication.processEvents()
    return page


def test_shows_name_time_props_and_each_step_with_its_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    routine = open_library().get("bedtime-legs").routine
    assert routine is not None
    page = make_page(qtbot, routine)
    timeline = plan(routine)
    assert page.title.text() == routine.name
    assert format_clock(timeline.total) in page.meta.text()
    assert page.props.text() == "Have ready: " + ", ".join(routine.props)
    assert len(page.step_rows) == len(routine.steps)
    for k, (row, step) in enumerate(zip(page.step_rows, routine.steps, strict=True)):
        assert row.accessibleName().startswith(f"Step {k + 1}: {step.stretch.name}")
    texts = [label.text() for label in page.findChildren(type(page.title))]
    for k in range(len(routine.steps)):
        assert format_clock(timeline.planned_step_seconds(k)) in texts


def test_start_and_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, open_library().get("calf-cramp-relief").routine)
    with qtbot.waitSignal(page.start_requested):
        qtbot.mouseClick(find(page, "Start"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.back_requested):
        qtbot.mouseClick(find(page, "Back to library"), Qt.MouseButton.LeftButton)
    assert all(b.accessibleName() for b in page.findChildren(QAbstractButton))


def test_showing_another_routine_replaces_the_steps(qtbot) -> None:  # type: ignore[no-untyped-def]
    library = open_library()
    page = make_page(qtbot, library.get("bedtime-legs").routine)
    calf = library.get("calf-cramp-relief").routine
    page.show_routine(calf)
    QApplication.processEvents()
    assert page.title.text() == calf.name and page.title.isVisible()
    assert len(page.step_rows) == len(calf.steps)


def test_a_routine_without_props_needs_nothing_ready(qtbot) -> None:  # type: ignore[no-untyped-def]
    stretch = Stretch(id="stand", name="Stand", instructions=("Stand.",), hold=10)
    page = make_page(qtbot, Routine(id="r", name="R", steps=(Step(stretch=stretch),)))
    assert page.props.text() == "Nothing to have ready"
    assert "get ready" not in page.props.text()  # the lead-in ("10 s to get ready") is another thing


def test_step_detail_words() -> None:
    stretch = Stretch(id="s", name="S", instructions=("x",), hold=30, sides=Sides.BOTH)
    assert step_detail(Step(stretch=stretch)) == "Hold 30 s each side"
    assert step_detail(Step(stretch=stretch, repeat=2, sides_override=Sides.NONE)) == "Hold 2 × 30 s"
    assert step_detail(Step(stretch=stretch, sides_override=Sides.LEFT, hold_override=75)) == "Hold 1:15, left leg"
    breathe = Stretch(id="b", name="B", instructions=("x",), breathe=Breathing(inhale=4, exhale=6, cycles=3))
    assert step_detail(Step(stretch=breathe)) == "3 slow breaths (in 4 s, out 6 s)"
