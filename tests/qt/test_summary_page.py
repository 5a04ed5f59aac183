"""The summary after a routine: calm words, the time, each step with planned and done seconds and its marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Routine, Sides, Step, Stretch
from stretch_timer.core.session import Session, SessionSummary, StepSummary
from stretch_timer.qt.pages.summary_page import (
    COMPLETED_TITLE,
    EASED_CLOSING,
    STOPPED_TITLE,
    SummaryPage,
    seconds_text,
    step_mark,
)

pytestmark = pytest.mark.gui

CALF = Stretch(id="calf", name="Calf stretch", instructions=("Lean in.",), sides=Sides.BOTH, hold=5)
WALL = Stretch(id="wall", name="Wall stretch", instructions=("Lean in.",), hold=4)
ROUTINE = Routine(id="t", name="Test routine", prepare=1, rest=1, switch=1, steps=(Step(CALF), Step(WALL)))


def find(widget: QWidget, name: str) -> QWidget:
    found = [w for w in widget.findChildren(QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def label_text(widget: QWidget, name: str) -> str:
    label = find(widget, name)
    assert isinstance(label, QLabel)
    return label.text()


def run(*, stop_early: bool = False, ease: bool = False, skip_second: bool = False) -> SessionSummary:
    clock = FakeClock()
    session = Session.for_routine(ROUTINE, clock)
    session.start()
    for _ in range(4):
        clock.advance(1)
        session.tick()
    if ease:
        session.ease_off()
        clock.advance(3)
        session.resume()
    if stop_early:
        session.finish()
        return session.summary()
    while session.phase.step_index != 1 or not session.phase.is_active:
        clock.advance(0.5)
        session.tick()
    if skip_second:
        session.skip_step()
    while session.state.value != "finished":
        clock.advance(0.5)
        session.tick()
    return session.summary()


@pytest.fixture
def page(qtbot):
    page = SummaryPage()
    qtbot.addWidget(page)
    page.resize(900, 640)
    return page


def test_completed_run(page):
    summary = run()
    page.show_summary(ROUTINE, summary)
    assert summary.completed
    assert label_text(page, "Summary title") == COMPLETED_TITLE
    assert label_text(page, "Routine name") == "Test routine"
    assert label_text(page, "Total time") == "Time stretching: 0:17"
    assert label_text(page, "Step counts") == "2 of 2 steps done"
    rows = page.step_rows()
    assert rows == ["Step 1, Calf stretch: 11 s of 11 s, done", "Step 2, Wall stretch: 4 s of 4 s, done"]
    assert "Drink a little water" in label_text(page, "Closing line")
    assert not page.grab().isNull()


def test_stopped_early_with_ease_off(page):
    summary = run(stop_early=True, ease=True)
    page.show_summary(ROUTINE, summary)
    assert not summary.completed
    assert label_text(page, "Summary title") == STOPPED_TITLE
    assert "eased off 1 time" in label_text(page, "Step counts")
    rows = page.step_rows()
    assert rows[0].endswith("stopped here, eased off")
    assert rows[1] == "Step 2, Wall stretch: 0 s of 4 s, not reached"
    assert "skipped" not in label_text(page, "Step counts")  # stopping is not skipping
    assert label_text(page, "Closing line").startswith(EASED_CLOSING)
    marks = [w.text() for w in page.findChildren(QLabel) if w.property("column") == "mark"]
    assert marks == ["~ stopped here, eased off", "– not reached"]


def test_skipped_step_is_marked(page):
    page.show_summary(ROUTINE, run(skip_second=True))
    assert page.step_rows()[1].endswith("skipped")
    assert "1 skipped" in label_text(page, "Step counts")


def test_showing_again_replaces_the_rows(page):
    page.show_summary(ROUTINE, run())
    page.show_summary(ROUTINE, run(stop_early=True))
    assert len(page.step_rows()) == 2


def test_back_to_library(page, qtbot):
    page.show_summary(ROUTINE, run())
    back = find(page, "Back to library")
    assert isinstance(back, QPushButton)
    with qtbot.waitSignal(page.back_to_library, timeout=1000):
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)


def test_marks_and_times():
    step = StepSummary(step_index=0, name="x", planned_seconds=90, done_seconds=30.4, skipped=False, eased=False)
    assert step_mark(step) == "done"
    assert seconds_text(step.planned_seconds) == "1:30"
    assert seconds_text(step.done_seconds) == "30 s"


def test_a_restarted_step_says_it_was_repeated_instead_of_more_than_planned(page):
    """Restarting a step runs it longer than planned: "1:22, planned 1:00 · done, part repeated", not "1:22 of 1:00"."""
    clock = FakeClock()
    session = Session.for_routine(ROUTINE, clock)
    session.start()
    while session.phase.step_index != 0 or session.phase.kind.value != "hold" or session.remaining > 1:
        clock.advance(0.5)
        session.tick()
    session.restart_step()
    while session.state.value != "finished":
        clock.advance(0.5)
        session.tick()
    summary = session.summary()
    step = summary.steps[0]
    assert step.done_seconds > step.planned_seconds + 1
    page.show_summary(ROUTINE, summary)
    times = [w.text() for w in page.findChildren(QLabel) if w.property("column") == "time"]
    marks = [w.text() for w in page.findChildren(QLabel) if w.property("column") == "mark"]
    assert times[0] == f"{seconds_text(step.done_seconds)}, planned {seconds_text(step.planned_seconds)}"
    assert " of " not in times[0]
    assert marks[0] == "✓ done, part repeated"
    assert times[1] == "4 s of 4 s" and marks[1] == "✓ done"
    assert page.step_rows()[0].endswith(f"planned {seconds_text(step.planned_seconds)}, done, part repeated")
