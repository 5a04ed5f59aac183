"""The player lays out on the small screens people really have, with nothing clipped.

At 1366×768 and 1280×720, in normal and large type, in a maximised window (title bar, panel, menu bar and
status line taken off) and full screen (the whole screen, no menu bar), the player is walked through the
phases where room runs out first: get ready, a hold with the longest how-to of any bundled stretch, a rest,
breathing, relaxation, easing off, the stop question, a muted run, and then the summary. In each, every shown
label's words fit its rectangle (a wrapped label its height for its width, a one-line label the text's advance,
unless cut with "…" on purpose with the whole text in the tooltip), every button's face fits the button, and
the picture (or the breathing pacer) keeps ``PICTURE_SHARE`` of the page's area and ``PICTURE_SIDE`` of its
height. The theme is the app's own (its stylesheet pads the buttons), on an 11 pt system font, the common
desktop default and larger than the offscreen platform's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from fakes import FakeCues
from PySide6.QtGui import QFont, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QStackedWidget, QWidget

from stretch_timer import paths
from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.catalog import load_catalog
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Routine, Step, Stretch
from stretch_timer.core.plan import Phase, PhaseKind
from stretch_timer.core.session import Session, State
from stretch_timer.qt import theme as themes
from stretch_timer.qt.pages.player_page import PlayerPage
from stretch_timer.qt.pages.player_sizing import PICTURE_SHARE, PICTURE_SIDE, button_misfit, label_misfit
from stretch_timer.qt.pages.summary_page import SummaryPage

pytestmark = pytest.mark.gui

SCREENS = ((1366, 768), (1280, 720))
WINDOW_DECOR = 64
"""What a maximised window loses to its title bar (~30 px) and the desktop's panel (~34 px)."""
SYSTEM_POINTS = 11.0


def how_to_length(stretch: Stretch) -> int:
    return sum(map(len, stretch.instructions)) + len(stretch.safety or "")


def longest(stretches: list[Stretch]) -> Stretch:
    return max(stretches, key=how_to_length)


@pytest.fixture(scope="module")
def routine() -> Routine:
    """The bundled stretch with the longest how-to, then the wordiest breathing and relaxation ones."""
    catalog = load_catalog((paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),))
    stretches = list(catalog.stretches.values())
    holds = [s for s in stretches if s.breathe is None and s.pmr is None and s.hold > 0]
    steps = (longest(holds), longest([s for s in stretches if s.breathe is not None]),
             longest([s for s in stretches if s.pmr is not None]))
    return Routine(id="layout", name="Layout", prepare=10, rest=10, switch=5, steps=tuple(Step(s) for s in steps))


@dataclass
class Host:
    window: QMainWindow
    stack: QStackedWidget
    page: PlayerPage
    summary: SummaryPage
    driver: SessionDriver
    clock: FakeClock

    def at(self, phase: Phase) -> None:
        self.to(phase.start + min(phase.duration * 0.35, 3.0))

    def to(self, target: float) -> None:
        session = self.driver.session
        while session.position < target - 1e-6 and session.state is not State.FINISHED:
            self.clock.advance(min(1.0, target - session.position))
            self.driver.poll()
        self.driver.display_tick.emit()
        QApplication.processEvents()


@pytest.fixture
def themed(request: pytest.FixtureRequest) -> Iterator[bool]:
    """The app's light theme on an 11 pt system font, large type or not; the application as it was after."""
    large = bool(request.param)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, sheet = QFont(app.font()), QPalette(app.palette()), app.styleSheet()
    system = QFont(font)
    system.setPointSizeF(SYSTEM_POINTS)
    themes.apply_theme(app, themes.LIGHT, appearance=themes.Appearance(base_font=system), large_type=large)
    yield large
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)
    app.setProperty(themes.PICTURE_TINT_PROPERTY, "")


def make_host(qtbot, routine: Routine, size: tuple[int, int], *, large: bool, full: bool) -> Host:
    """The page in a main window like the app's: menus and a status line in a window; no menus full screen."""
    window = QMainWindow()
    qtbot.addWidget(window)
    for title in ("&Stretch Timer", "&View", "&Help"):
        window.menuBar().addMenu(title)
    window.statusBar().showMessage("Voice off: No speech engine")
    window.menuBar().setVisible(not full)
    stack = QStackedWidget(window)
    window.setCentralWidget(stack)
    page = PlayerPage()
    summary = SummaryPage()
    stack.addWidget(page)
    stack.addWidget(summary)
    page.set_large_type(large)
    width, height = size
    window.resize(width, height if full else height - WINDOW_DECOR)
    window.show()
    qtbot.waitExposed(window)
    clock = FakeClock(1000.0)
    cues = FakeCues(available=False, reason="test", backend="silent")
    driver = SessionDriver(Session.for_routine(routine, clock), cues, None)
    page.attach(driver, routine)
    QApplication.processEvents()
    return Host(window, stack, page, summary, driver, clock)


def misfits(root: QWidget, where: str) -> list[str]:
    """Every shown label and button under ``root`` whose words do not fit it."""
    problems = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.height() > 1 and (problem := label_misfit(label)):  # 1 px: the live region
            problems.append(f"{where}: {problem}")
    for button in root.findChildren(QPushButton):
        if button.isVisible() and (problem := button_misfit(button)):
            problems.append(f"{where}: {problem}")
    return problems


def picture_misfits(page: PlayerPage, where: str) -> list[str]:
    visual = page.visual.geometry()
    area = page.width() * page.height()
    problems = []
    if visual.width() * visual.height() < PICTURE_SHARE * area:
        problems.append(f"{where}: the picture is {visual.width()}x{visual.height()}, under {PICTURE_SHARE:.0%} "
                        f"of the {page.width()}x{page.height()} page")
    if min(visual.width(), visual.height()) < PICTURE_SIDE * page.height():
        problems.append(f"{where}: the picture is {visual.width()}x{visual.height()}, thinner than "
                        f"{PICTURE_SIDE:.0%} of the page's height")
    return problems


@pytest.mark.parametrize("full", [False, True], ids=["window", "full-screen"])
@pytest.mark.parametrize("themed", [False, True], ids=["normal", "large"], indirect=True)
@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_nothing_is_clipped_and_the_picture_keeps_its_share(qtbot, routine, size, themed, full):
    host = make_host(qtbot, routine, size, large=themed, full=full)
    page, session = host.page, host.driver.session
    phases = session.timeline.phases
    hold = next(p for p in phases if p.kind is PhaseKind.HOLD)
    stops = [
        ("get ready", phases[0]),
        ("hold with the longest how-to", hold),
        ("rest", next(p for p in phases if p.kind is PhaseKind.REST)),
        ("breathing", next(p for p in phases if p.kind is PhaseKind.INHALE)),
        ("relaxation", next(p for p in phases if p.kind is PhaseKind.TENSE)),
    ]
    stops.sort(key=lambda stop: stop[1].start)
    problems: list[str] = []
    assert page.sizing.large is themed
    for where, phase in stops:
        host.at(phase)
        assert session.phase.index == phase.index
        problems += misfits(page, where) + picture_misfits(page, where)
        if phase.kind is PhaseKind.INHALE:  # the word in the circle reads at least as well as the how-to
            how_to = QFontInfo(page.instructions_label.font()).pixelSize()
            if page.pacer.word_pixel_size < how_to:
                problems.append(f"breathing: the pacer's word is {page.pacer.word_pixel_size} px, the how-to {how_to}")
        if phase is hold:
            assert "".join(phase.stretch.instructions[-1].split()[-2:]) in "".join(
                page.instructions_label.text().split())
            page.set_muted(True)
            problems += misfits(page, "muted") + picture_misfits(page, "muted")
            page.ease_off()
            QApplication.processEvents()
            assert page.ease_panel.isVisible()
            problems += misfits(page, "easing off") + picture_misfits(page, "easing off")
            page.request_stop()
            QApplication.processEvents()
            assert page.confirm_bar.isVisible()
            if page.ease_panel.isVisible():
                problems.append("stop question: the ease-off panel is still shown under it")
            problems += misfits(page, "stop question") + picture_misfits(page, "stop question")
            page.cancel_stop()
            page.toggle_pause()
            page.set_muted(False)
            assert session.state is State.RUNNING
    host.to(session.timeline.total + 1)
    assert session.state is State.FINISHED
    host.summary.show_summary(page._routine, session.summary())
    host.stack.setCurrentWidget(host.summary)
    QApplication.processEvents()
    problems += misfits(host.summary, "summary")
    page.detach()
    host.driver.stop()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("themed", [True], ids=["large"], indirect=True)
def test_full_screen_and_back_keeps_the_whole_how_to(qtbot, routine, themed):
    """Going full screen and back: the last how-to line and the safety line are still there, unclipped."""
    host = make_host(qtbot, routine, (1366, 768), large=themed, full=False)
    page = host.page
    hold = next(p for p in host.driver.session.timeline.phases if p.kind is PhaseKind.HOLD)
    host.at(hold)
    before = page.instructions_label.text()
    for full in (True, False):
        host.window.menuBar().setVisible(not full)
        host.window.resize(1366, 768 if full else 768 - WINDOW_DECOR)
        QApplication.processEvents()
        assert page.instructions_label.text() == before
        problems = misfits(page, "full screen" if full else "back in a window")
        assert not problems, "\n".join(problems)
    page.detach()
    host.driver.stop()


@pytest.mark.parametrize("themed", [True], ids=["large"], indirect=True)
def test_a_long_name_is_cut_with_its_whole_text_in_the_tooltip(qtbot, routine, themed):
    long_name = "A stretch with a very long name that goes on " * 4
    steps = (Step(replace(routine.steps[0].stretch, name=long_name)),)
    host = make_host(qtbot, Routine(id="long", name="Long", prepare=3, steps=steps), (1280, 720), large=themed,
                     full=False)
    label = host.page.name_label
    assert label.text().endswith("…") and label.text() != long_name
    assert long_name.strip() in label.toolTip()
    assert not misfits(host.page, "long name")
    assert host.page.step_label.isVisible() and not label_misfit(host.page.step_label)
    host.page.detach()
    host.driver.stop()

