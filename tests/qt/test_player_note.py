from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fakes import FakeCues
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from stretch_timer import paths
from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.catalog import load_catalog
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Breathing, Facing, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import PhaseKind
from stretch_timer.core.session import Session, State
from stretch_timer.qt import theme as themes
from stretch_timer.qt.pages.player_page import PlayerPage
from stretch_timer.qt.pages.player_sizing import PICTURE_SHARE, button_misfit, label_misfit

pytestmark = pytest.mark.gui

NOTE = "Left knee: go gently <b>not</b> & stop at 80%"
CALF = Stretch(id="calf", name="Calf stretch", instructions=("Step one foot back.", "Lean into the wall."),
               safety="Ease off if the cramp gets worse.", faces=Facing.RIGHT, sides=Sides.BOTH, hold=5)
BREATH = Stretch(id="breath", name="Slow breathing", instructions=("Breathe gently.",),
                 breathe=Breathing(inhale=2, hold=0, exhale=3, pause=0, cycles=2))
ROUTINE = Routine(id="notes", name="Notes", prepare=2, rest=2, switch=1,
                  steps=(Step(CALF, note=NOTE), Step(BREATH)))


class Run:
    """A player page in a window, running ``routine`` on a fake clock."""

    def __init__(self, qtbot, routine: Routine, size: tuple[int, int], *, large: bool = False) -> None:
        self.page = PlayerPage()
        qtbot.addWidget(self.page)
        self.page.set_large_type(large)
        self.page.resize(*size)
        self.page.show()
        qtbot.waitExposed(self.page)
        self.clock = FakeClock(1000.0)
        cues = FakeCues(available=False, reason="test", backend="silent")
        self.driver = SessionDriver(Session.for_routine(routine, self.clock), cues, None)
        self.page.attach(self.driver, routine)
        QApplication.processEvents()

    def to(self, position: float) -> None:
        session = self.driver.session
        while session.position < position - 1e-6 and session.state is not State.FINISHED:
            self.clock.advance(min(0.5, position - session.position))
            self.driver.poll()
        self.driver.display_tick.emit()
        QApplication.processEvents()

    def close(self) -> None:
        self.page.detach()
        self.driver.stop()


@pytest.fixture
def themed(request: pytest.FixtureRequest) -> Iterator[bool]:
    """The app's light theme, large type or not, on an 11 pt system font; the application as it was after."""
    large = bool(request.param)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, sheet = QFont(app.font()), QPalette(app.palette()), app.styleSheet()
    system = QFont(font)
    system.setPointSizeF(11.0)
    themes.apply_theme(app, themes.LIGHT, appearance=themes.Appearance(base_font=system), large_type=large)
    yield large
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)
    app.setProperty(themes.PICTURE_TINT_PROPERTY, "")


def note_label(page: QWidget) -> QLabel:
    found = page.findChildren(QLabel, "step-note")
    assert len(found) == 1
    return found[0]


def resume_button(page: QWidget) -> QPushButton:
    found = [w for w in page.findChildren(QPushButton) if w.accessibleName() == "Resume after easing off"]
    assert len(found) == 1
    return found[0]


def test_note_shows_during_its_step_as_plain_text(qtbot) -> None:
    run = Run(qtbot, ROUTINE, (1100, 760))
    page, note = run.page, note_label(run.page)
    try:
        assert note.isVisible() and note.text() == NOTE  # get ready for step 1
        assert note.textFormat() == Qt.TextFormat.PlainText
        assert note.accessibleName() == ""  # read by its text, like the other labels
        run.to(2.5)
        assert run.driver.session.phase.kind is PhaseKind.HOLD
        assert note.isVisible() and note.text() == NOTE
        # under the how-to, in the same column, in smaller type
        how_to = page.instructions_label.geometry()
        assert note.geometry().top() >= how_to.bottom()
        assert note.geometry().left() == how_to.left()
        assert QFontInfo(note.font()).pixelSize() < QFontInfo(page.instructions_label.font()).pixelSize()
        page.ease_off()
        QApplication.processEvents()
        assert page.ease_panel.isVisible() and not note.isVisible()
        qtbot.mouseClick(resume_button(page), Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        assert not page.ease_panel.isVisible() and note.isVisible()
        breathing = next(p for p in run.driver.session.timeline.phases if p.kind is PhaseKind.INHALE)
        run.to(breathing.start + 0.5)  # the breathing step has no note
        assert run.driver.session.phase.kind is PhaseKind.INHALE
        assert note.text() == "" and not note.isVisible()
    finally:
        run.close()


@pytest.mark.parametrize("themed", [False, True], ids=["normal", "large"], indirect=True)
@pytest.mark.parametrize("size", [(1366, 768 - 64), (1280, 720), (900, 700)], ids=["1366", "1280-full", "narrow"])
def test_the_longest_note_fits_beside_the_longest_how_to(qtbot, themed: bool, size: tuple[int, int]) -> None:
    catalog = load_catalog((paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),))
    holds = [s for s in catalog.stretches.values() if s.breathe is None and s.pmr is None]
    wordiest = max(holds, key=lambda s: sum(map(len, s.instructions)) + len(s.safety or ""))
    note = ("A note of the longest kind a step may have, which wraps over a few lines. " * 3)[:200]
    routine = Routine(id="long", name="Long", steps=(Step(replace(wordiest, sides=Sides.BOTH), note=note),))
    run = Run(qtbot, routine, size, large=themed)
    try:
        hold = next(p for p in run.driver.session.timeline.phases if p.kind is PhaseKind.HOLD)
        run.to(hold.start + 1)
        label = note_label(run.page)
        assert label.isVisible() and label.text() == note
        problems = [problem for w in run.page.findChildren(QLabel)
                    if w.isVisible() and w.height() > 1 and (problem := label_misfit(w))]
        problems += [problem for b in run.page.findChildren(QPushButton)
                     if b.isVisible() and (problem := button_misfit(b))]
        visual = run.page.visual.geometry()
        if visual.width() * visual.height() < PICTURE_SHARE * run.page.width() * run.page.height():
            problems.append(f"the picture is {visual.width()}x{visual.height()}")
        assert not problems, "\n".join(problems)
    finally:
        run.close()
