"""The player page on a fake clock, driven by the real SessionDriver: what it shows at each moment, and what
each button and key does. Controls are found the way assistive technology finds them: by accessible name."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fakes import FakeCues
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Breathing, Facing, Relaxation, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import PhaseKind, Side
from stretch_timer.core.session import Session, SessionSummary, State
from stretch_timer.qt.pages.player_page import (
    EASE_OFF_TEXT,
    STOP_QUESTION,
    PlayerPage,
    mirror_for,
    picture_for,
    step_text,
)
from stretch_timer.qt.widgets.breathing_pacer import pacer_scale

pytestmark = pytest.mark.gui

T0 = 1000.0
SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">
<rect width="100" height="100" fill="#ff0000"/><rect x="100" width="100" height="100" fill="#0000ff"/></svg>"""

CALF = Stretch(
    id="calf", name="Calf stretch", instructions=("Step one foot back.", "Lean into the wall."),
    safety="Ease off if the cramp gets worse.", faces=Facing.RIGHT, sides=Sides.BOTH, hold=5,
)
BREATH = Stretch(id="breath", name="Slow breathing", instructions=("Breathe gently.",),
                 breathe=Breathing(inhale=2, hold=0, exhale=3, pause=0, cycles=2))
PMR = Stretch(id="pmr", name="Relax the legs", instructions=("Tense, then let go.",),
              pmr=Relaxation(tense=2, relax=2, groups=("calves",)))

# 0 prepare 0–2 | 1 hold R 2–7 | 2 switch 7–8 | 3 hold L 8–13 | 4 rest 13–15 | 5 inhale 15–17 | 6 exhale 17–20
# | 7 inhale 20–22 | 8 exhale 22–25 | 9 rest 25–27 | 10 tense 27–29 | 11 relax 29–31
ROUTINE = Routine(id="test", name="Test routine", prepare=2, rest=2, switch=1,
                  steps=(Step(CALF), Step(BREATH), Step(PMR)))

CONTROL_NAMES = ("Pause or resume", "Back", "Skip", "Restart step", "Ease off", "Stop", "Keep going",
                 "Confirm stop", "Resume after easing off")
LABEL_NAMES = ("phase", "stretch-name", "step-progress", "time-left", "instructions", "next-up", "announcement",
               "ease-off-message", "stop-question")
"""The labels' objectNames: they carry no accessible name, which a screen reader would read instead of the text."""


def find(widget: QWidget, name: str) -> QWidget:
    """The one child widget with this accessible name."""
    found = [w for w in widget.findChildren(QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def button(widget: QWidget, name: str) -> QPushButton:
    found = find(widget, name)
    assert isinstance(found, QPushButton)
    return found


def label_named(widget: QWidget, object_name: str) -> QLabel:
    """The one label with this objectName."""
    found = widget.findChildren(QLabel, object_name)
    assert len(found) == 1, f"{len(found)} labels named {object_name!r}"
    return found[0]


def text(widget: QWidget, object_name: str) -> str:
    """A label's text as a person reads it (rich text flattened)."""
    label = label_named(widget, object_name)
    if label.textFormat() == Qt.TextFormat.RichText:
        document = QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText().strip()
    return label.text()


@dataclass
class Player:
    page: PlayerPage
    driver: SessionDriver
    clock: FakeClock
    cues: FakeCues

    @property
    def session(self) -> Session:
        return self.driver.session

    def advance(self, seconds: float) -> None:
        """Let time pass: the clock moves, the driver polls (at least once a second), the display ticks."""
        left = seconds
        while left > 1e-9:
            step = min(0.5, left)
            self.clock.advance(step)
            self.driver.poll()
            left -= step
        self.driver.display_tick.emit()

    def advance_to(self, position: float) -> None:
        self.advance(position - self.session.position)

    def seconds(self) -> str:
        return self.page.ring.digits

    def press(self, qtbot, key: Qt.Key) -> None:
        """A key press where the keyboard focus is (the page, or one of its buttons after a click)."""
        focus = QApplication.focusWidget()
        assert focus is self.page or self.page.isAncestorOf(focus)
        qtbot.keyClick(focus, key)


def make_player(qtbot, routine: Routine = ROUTINE, *, size: tuple[int, int] = (1100, 760)) -> Player:
    clock = FakeClock(T0)
    cues = FakeCues(available=False, reason="test", backend="silent")
    driver = SessionDriver(Session.for_routine(routine, clock), cues, None)
    page = PlayerPage()
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.attach(driver, routine)
    return Player(page, driver, clock, cues)


@pytest.fixture
def player(qtbot):
    p = make_player(qtbot)
    yield p
    p.page.detach()
    p.driver.stop()


# --- what the page shows -------------------------------------------------------------------------------


def test_every_control_has_its_accessible_name_and_labels_are_read_by_their_text(player):
    for name in CONTROL_NAMES:
        button(player.page, name)
    for name in LABEL_NAMES:
        label = label_named(player.page, name)
        assert label.accessibleName() == "", f"{name}: a screen reader would say this instead of the text"
    for name in ("Countdown", "Stretch picture", "Breathing pacer"):
        find(player.page, name)


def test_walks_through_prepare_holds_switch_rest_and_breathing(player):
    page = player.page
    # Get ready (starts on attach).
    assert player.session.state is State.RUNNING
    assert text(page, "phase") == "Get ready"
    assert text(page, "stretch-name") == "Calf stretch"
    assert text(page, "step-progress") == "Step 1 of 3"
    assert text(page, "time-left") == "0:31 left"
    assert text(page, "next-up") == "Next: hold — right leg, 5 s"  # the header already names the stretch
    assert player.seconds() == "2"
    assert page.side_label.isVisible() and page.side_label.text() == "Right leg"
    assert page.visual.currentWidget() is page.pose_view
    assert "Step one foot back." in text(page, "instructions")
    assert "Ease off if the cramp gets worse." in text(page, "instructions")

    player.advance(2)  # hold, right
    assert text(page, "phase") == "Hold — right leg"
    assert "right leg" in page.phase_label.text()  # highlighted in the label itself
    assert not page.side_label.isVisible()
    assert player.seconds() == "5"
    assert page.ring.caption == "of 5 s"
    assert text(page, "next-up") == "Next: left leg"
    assert not page.pose_view.mirrored
    assert text(page, "announcement") == "Calf stretch, right leg, 5 seconds"

    player.advance(2.2)
    assert player.seconds() == "3"
    assert text(page, "time-left") == "0:27 left"

    player.advance_to(7)  # switch sides, towards the left
    assert text(page, "phase") == "Switch sides"
    assert page.side_label.isVisible() and page.side_label.text() == "Left leg"
    assert page.pose_view.mirrored
    assert player.seconds() == "1"

    player.advance_to(8.5)  # hold, left: picture mirrored
    assert text(page, "phase") == "Hold — left leg"
    assert page.pose_view.mirrored
    assert player.seconds() == "5"

    player.advance_to(13)  # rest before the breathing step
    assert text(page, "phase") == "Rest"
    assert text(page, "stretch-name") == "Slow breathing"
    assert text(page, "step-progress") == "Step 2 of 3"
    assert page.visual.currentWidget() is page.pose_view

    player.advance_to(16)  # breathe in, half way
    assert text(page, "phase") == "Breathe in"
    assert text(page, "step-progress") == "Step 2 of 3 · Breath 1 of 2"
    assert page.visual.currentWidget() is page.pacer
    assert page.pacer.label == "Breathe in"
    assert 0.5 < page.pacer.scale < 0.9
    player.advance_to(17)
    assert text(page, "phase") == "Breathe out"
    assert page.pacer.scale == pytest.approx(1.0)

    player.advance_to(28)  # tense
    assert text(page, "phase") == "Tense — calves"
    assert page.pacer.label == "Tense" and page.pacer.is_relaxation
    assert text(page, "step-progress") == "Step 3 of 3"


def test_announcement_follows_each_phase(player):
    player.advance(2)
    assert player.page.announcement_label.text() == player.session.phase.announcement
    player.advance_to(7)
    assert player.page.announcement_label.text() == "Switch sides"


# --- pause, skip, back, restart ----------------------------------------------------------------------


def test_space_pauses_and_freezes_the_seconds_then_resumes(player, qtbot):
    page = player.page
    player.advance(3)  # 1 s into the right hold
    assert player.seconds() == "4"
    player.press(qtbot, Qt.Key.Key_Space)
    assert player.session.state is State.PAUSED
    assert button(page, "Pause or resume").text() == "Resume"
    assert page.ring.caption == "Paused"
    player.advance(3)
    assert player.seconds() == "4"
    assert text(page, "time-left") == "0:28 left"
    player.press(qtbot, Qt.Key.Key_Space)
    assert player.session.state is State.RUNNING
    assert button(page, "Pause or resume").text() == "Pause"
    player.advance(1)
    assert player.seconds() == "3"


def test_space_on_a_focused_button_pauses_once_and_does_not_click_it(player, qtbot):
    page = player.page
    player.advance(3)
    for name in ("Skip", "Pause or resume"):
        button(page, name).setFocus()
        player.press(qtbot, Qt.Key.Key_Space)
        assert player.session.state is State.PAUSED
        assert text(page, "phase") == "Hold — right leg"
        player.press(qtbot, Qt.Key.Key_Space)
        assert player.session.state is State.RUNNING


def test_pause_button_pauses_and_resumes(player, qtbot):
    page = player.page
    player.advance(3)
    qtbot.mouseClick(button(page, "Pause or resume"), Qt.MouseButton.LeftButton)
    assert player.session.state is State.PAUSED
    shown = player.seconds()
    player.advance(4)
    assert player.seconds() == shown
    qtbot.mouseClick(button(page, "Pause or resume"), Qt.MouseButton.LeftButton)
    assert player.session.state is State.RUNNING


def test_skip_and_back_by_button_and_key(player, qtbot):
    page = player.page
    player.advance(1)
    qtbot.mouseClick(button(page, "Skip"), Qt.MouseButton.LeftButton)
    assert text(page, "phase") == "Hold — right leg"
    assert player.seconds() == "5"
    player.press(qtbot, Qt.Key.Key_Right)
    assert text(page, "phase") == "Switch sides"
    player.press(qtbot, Qt.Key.Key_Left)  # under 2 s in: the previous phase
    assert text(page, "phase") == "Hold — right leg"
    qtbot.mouseClick(button(page, "Back"), Qt.MouseButton.LeftButton)
    assert text(page, "phase") == "Get ready"


def test_skip_while_paused_shows_the_new_phase_at_once(player, qtbot):
    page = player.page
    player.press(qtbot, Qt.Key.Key_Space)
    assert player.session.state is State.PAUSED
    qtbot.mouseClick(button(page, "Skip"), Qt.MouseButton.LeftButton)
    assert player.session.state is State.PAUSED
    assert text(page, "phase") == "Hold — right leg"
    assert player.seconds() == "5"


def test_restart_step_by_button_and_key(player, qtbot):
    page = player.page
    player.advance_to(9)  # left hold
    qtbot.mouseClick(button(page, "Restart step"), Qt.MouseButton.LeftButton)
    assert text(page, "phase") == "Hold — right leg"
    assert player.seconds() == "5"
    player.advance(3)
    player.press(qtbot, Qt.Key.Key_R)
    assert player.seconds() == "5"


# --- easing off and stopping --------------------------------------------------------------------------


def test_ease_off_pauses_and_shows_the_gentle_panel(player, qtbot):
    page = player.page
    player.advance(3)
    qtbot.mouseClick(button(page, "Ease off"), Qt.MouseButton.LeftButton)
    assert player.session.state is State.PAUSED
    assert page.ease_panel.isVisible()
    assert text(page, "ease-off-message") == EASE_OFF_TEXT
    assert text(page, "announcement") == EASE_OFF_TEXT
    assert 0 in player.session.eased_steps
    shown = player.seconds()
    player.advance(5)
    assert player.seconds() == shown
    qtbot.mouseClick(button(page, "Resume after easing off"), Qt.MouseButton.LeftButton)
    assert player.session.state is State.RUNNING
    assert not page.ease_panel.isVisible()


def test_e_key_eases_off_and_space_resumes_and_hides_the_panel(player, qtbot):
    page = player.page
    player.advance(3)
    player.press(qtbot, Qt.Key.Key_E)
    assert page.ease_panel.isVisible()
    assert player.session.state is State.PAUSED
    player.press(qtbot, Qt.Key.Key_Space)
    assert player.session.state is State.RUNNING
    assert not page.ease_panel.isVisible()


def test_stop_asks_first_then_done_reports_stopped_early(player, qtbot):
    page = player.page
    player.advance(3)
    qtbot.mouseClick(button(page, "Stop"), Qt.MouseButton.LeftButton)
    assert page.confirm_bar.isVisible()
    assert text(page, "stop-question") == STOP_QUESTION
    assert player.session.state is State.RUNNING  # asking is not stopping
    qtbot.mouseClick(button(page, "Keep going"), Qt.MouseButton.LeftButton)
    assert not page.confirm_bar.isVisible()
    assert player.session.state is State.RUNNING

    player.press(qtbot, Qt.Key.Key_Escape)
    assert page.confirm_bar.isVisible()
    player.press(qtbot, Qt.Key.Key_Escape)  # Esc again: keep going
    assert not page.confirm_bar.isVisible()

    player.press(qtbot, Qt.Key.Key_Escape)
    with qtbot.waitSignal(page.done, timeout=1000) as blocker:
        qtbot.mouseClick(button(page, "Confirm stop"), Qt.MouseButton.LeftButton)
    summary = blocker.args[0]
    assert isinstance(summary, SessionSummary)
    assert summary.completed is False
    assert player.session.state is State.FINISHED
    assert not button(page, "Pause or resume").isEnabled()


def test_finishing_normally_reports_done_completed(player, qtbot):
    done: list[SessionSummary] = []
    player.page.done.connect(done.append)
    player.advance(31)
    assert len(done) == 1
    assert done[0].completed is True
    assert [s.skipped for s in done[0].steps] == [False, False, False]
    player.advance(1)
    assert len(done) == 1


def test_stop_before_start_still_leaves(qtbot):
    p = make_player(qtbot)
    p.page.detach()
    session = Session.for_routine(ROUTINE, p.clock)
    driver = SessionDriver(session, FakeCues(available=False, reason="test", backend="silent"), None)
    p.page.attach(driver, ROUTINE, autostart=False)
    assert button(p.page, "Pause or resume").text() == "Start"
    with qtbot.waitSignal(p.page.done, timeout=1000) as blocker:
        p.page.request_stop()
        p.page.confirm_stop()
    assert blocker.args[0].completed is False
    p.page.detach()
    driver.stop()
    p.driver.stop()


# --- pictures -----------------------------------------------------------------------------------------


def test_mirroring_rule():
    left_facing = replace(CALF, faces=Facing.LEFT)
    assert mirror_for(CALF, Side.LEFT) and not mirror_for(CALF, Side.RIGHT)
    assert mirror_for(left_facing, Side.RIGHT) and not mirror_for(left_facing, Side.LEFT)
    assert not mirror_for(replace(CALF, faces=Facing.NONE), Side.LEFT)
    assert not mirror_for(CALF, None)


def test_picture_is_shown_and_mirrored_for_the_left_side(qtbot, tmp_path: Path):
    svg = tmp_path / "calf.svg"
    svg.write_text(SVG)
    routine = replace(ROUTINE, steps=(Step(replace(CALF, image=svg)),))
    assert picture_for(routine.steps[0].stretch) == svg
    p = make_player(qtbot, routine)
    p.advance(2)
    assert p.page.pose_view.path == svg and p.page.pose_view.has_picture
    assert not p.page.pose_view.mirrored
    p.advance_to(8.5)
    assert p.session.phase.side is Side.LEFT
    assert p.page.pose_view.mirrored
    p.page.detach()
    p.driver.stop()


def test_missing_picture_shows_a_placeholder(qtbot, tmp_path: Path):
    routine = replace(ROUTINE, steps=(Step(replace(CALF, image=tmp_path / "gone.svg")),))
    p = make_player(qtbot, routine)
    p.advance(2)
    view = p.page.pose_view
    assert not view.has_picture
    assert "gone.svg" in view.problem
    assert not p.page.grab().isNull()
    p.page.detach()
    p.driver.stop()


# --- type size, timers --------------------------------------------------------------------------------


def test_large_type_makes_the_phase_bigger(player):
    page = player.page
    before = page.phase_label.font().pointSizeF()
    buttons_before = button(page, "Skip").height()
    page.set_large_type(True)
    assert page.large_type
    assert page.phase_label.font().pointSizeF() > before
    assert button(page, "Skip").height() > buttons_before
    page.set_large_type(False)
    assert page.phase_label.font().pointSizeF() == pytest.approx(before)


def test_buttons_are_big(player):
    for name in CONTROL_NAMES[:6]:
        assert button(player.page, name).height() >= 56


def test_no_timer_left_running_after_detach_and_stop(player):
    player.advance(3)
    assert player.driver.running_timers  # the display timer runs while the session runs
    player.page.detach()
    player.driver.stop()
    timers = [*player.page.findChildren(QTimer), *player.driver.findChildren(QTimer)]
    assert not [t for t in timers if t.isActive()]
    assert player.driver.running_timers == []
    # Detached: keys and buttons no longer reach the driver.
    player.page.toggle_pause()
    assert player.session.state is State.RUNNING


def test_the_pacer_moves_on_its_own_frames_only_while_breathing_runs(player, qtbot):
    """Shown and running: frames read the session; paused, behind the picture or let go of: no frames."""
    pacer = player.page.pacer
    player.advance_to(14)  # the rest before breathing: the picture is shown
    assert not pacer.isVisible() and not pacer.animating
    player.advance_to(15.5)  # breathing in
    assert pacer.isVisible() and pacer.animating
    before = pacer.scale
    player.clock.advance(0.5)  # time passes; no poll, no display tick: only a frame can show it
    qtbot.waitUntil(lambda: pacer.scale > before, timeout=2000)
    assert pacer.scale == pytest.approx(pacer_scale(PhaseKind.INHALE, 0.5))
    player.page.toggle_pause()
    assert player.session.state is State.PAUSED and not pacer.animating
    frames = pacer.frames
    qtbot.wait(150)
    assert pacer.frames == frames
    player.page.toggle_pause()
    assert pacer.animating
    player.advance_to(25.5)  # the rest after the breaths: the picture again
    assert not pacer.isVisible() and not pacer.animating


def test_step_text():
    from stretch_timer.core.plan import plan

    routine = replace(ROUTINE, steps=(Step(CALF, repeat=2),))
    phases = plan(routine).phases
    second_set = next(p for p in phases if p.kind is PhaseKind.HOLD and p.set_index == 2)
    assert step_text(second_set) == "Step 1 of 1 · Set 2 of 2"


def test_the_display_sleeps_until_the_screen_changes_and_while_the_pacer_breathes_its_frames_move_it(player):
    """In a hold the display wakes when the digits or arc change next; while breathing, not at all: the ring
    rides on the pacer's frames, so the GUI thread is not woken once for the pacer and again for the ring."""
    timer = player.driver._display_timer
    player.advance_to(2.1)  # 0.1 s into the 5 s right-leg hold: 4.9 s shown as "5", the arc steps each ⅓ s
    assert player.page.phase_text == "Hold — right leg"
    due = player.page.info.display_due(player.session)
    assert due == pytest.approx(0.9 - 2 / 3)  # the next arc step, at 4⅔ s left
    player.driver.poll()  # re-arms the display timer from the page's answer
    assert timer.isActive() and timer.interval() == 235
    assert not player.page.pacer.animating  # hidden behind the picture: no frames
    player.advance_to(15.5)  # breathing in, 0.5 s of 2: the ring's arc steps each ⅙ s, on the pacer's frames
    assert player.session.phase.kind is PhaseKind.INHALE
    assert player.page.pacer.animating
    assert player.page.info.display_due(player.session) == math.inf
    player.driver.poll()
    assert not timer.isActive()
    player.page.toggle_pause()  # paused: neither runs
    assert not timer.isActive() and not player.page.pacer.animating
    player.page.toggle_pause()
    assert player.page.pacer.animating and not timer.isActive()
    player.page.detach()
    assert not player.page.pacer.animating
    player.driver.poll()
    assert timer.interval() == 100  # a driver the page let go of no longer asks it



# --- the keyboard: Return and Enter -------------------------------------------------------------------


def test_after_esc_tab_to_stop_and_return_stops(player, qtbot):
    """Esc asks; Tab moves from "Keep going" to "Stop"; Return there stops (Space would only pause)."""
    page = player.page
    player.advance(3)
    player.press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is button(page, "Keep going")
    player.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button(page, "Confirm stop")
    with qtbot.waitSignal(page.done, timeout=1000) as blocker:
        player.press(qtbot, Qt.Key.Key_Return)
    assert blocker.args[0].completed is False
    assert player.session.state is State.FINISHED


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter], ids=["Return", "Enter"])
def test_return_and_enter_click_every_focused_button(player, qtbot, key):
    page = player.page
    player.advance(3)  # 1 s into the right hold
    button(page, "Skip").setFocus()
    player.press(qtbot, key)
    assert text(page, "phase") == "Switch sides"
    button(page, "Back").setFocus()
    player.press(qtbot, key)
    assert text(page, "phase") == "Hold — right leg"
    player.advance(2)
    button(page, "Restart step").setFocus()
    player.press(qtbot, key)
    assert player.seconds() == "5"
    button(page, "Pause or resume").setFocus()
    player.press(qtbot, key)
    assert player.session.state is State.PAUSED
    player.press(qtbot, key)
    assert player.session.state is State.RUNNING
    button(page, "Ease off").setFocus()
    player.press(qtbot, key)
    assert page.ease_panel.isVisible() and player.session.state is State.PAUSED
    assert QApplication.focusWidget() is button(page, "Resume after easing off")
    player.press(qtbot, key)
    assert not page.ease_panel.isVisible() and player.session.state is State.RUNNING
    button(page, "Stop").setFocus()
    player.press(qtbot, key)
    assert page.confirm_bar.isVisible()
    player.press(qtbot, key)  # on "Keep going"
    assert not page.confirm_bar.isVisible() and player.session.state is State.RUNNING
    assert QApplication.focusWidget() is button(page, "Stop")


# --- the two panels: one at a time, never over the picture ---------------------------------------------


def test_ease_off_and_the_stop_question_never_show_together(player, qtbot):
    page = player.page
    player.advance(3)
    QApplication.processEvents()
    picture = page.visual.size()
    player.press(qtbot, Qt.Key.Key_E)
    QApplication.processEvents()
    assert page.ease_panel.isVisible() and not page.instructions_label.isVisible()  # in the how-to's place
    assert page.visual.size() == picture
    player.press(qtbot, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert page.confirm_bar.isVisible() and not page.ease_panel.isVisible()
    assert page.instructions_label.isVisible()
    assert not button(page, "Skip").isVisible()  # the question stands in for the buttons
    assert page.visual.size() == picture
    page.ease_off()
    QApplication.processEvents()
    assert page.ease_panel.isVisible() and not page.confirm_bar.isVisible()
    assert button(page, "Skip").isVisible()
    assert page.visual.size() == picture


def test_the_pacer_keeps_its_size_while_easing_off_a_breath(player, qtbot):
    page = player.page
    player.advance_to(16)  # breathing in
    QApplication.processEvents()
    pacer = page.pacer.size()
    page.ease_off()
    QApplication.processEvents()
    assert page.pacer.size() == pacer
    page.request_stop()
    QApplication.processEvents()
    assert page.pacer.size() == pacer


# --- words ---------------------------------------------------------------------------------------------


def test_ease_off_words_fit_the_step(player, qtbot):
    page = player.page
    player.advance(3)  # a hold: back off the stretch
    page.ease_off()
    assert "Back off the stretch" in text(page, "ease-off-message")
    assert text(page, "announcement") == EASE_OFF_TEXT
    page._resume_after_ease()
    for position, kind in ((16, PhaseKind.INHALE), (28, PhaseKind.TENSE), (30, PhaseKind.RELAX)):
        player.advance_to(position)
        assert player.session.phase.kind is kind
        page.ease_off()
        words = text(page, "ease-off-message")
        assert "stretch" not in words.lower(), words
        assert text(page, "announcement") == words
        page._resume_after_ease()
    player.advance_to(28)


def test_a_rest_between_sets_is_not_the_next_set_yet(qtbot):
    routine = replace(ROUTINE, steps=(Step(replace(CALF, sides=Sides.RIGHT), repeat=2),), rest=2)
    p = make_player(qtbot, routine)
    p.advance(2.5)  # set 1
    assert text(p.page, "step-progress") == "Step 1 of 1 · Set 1 of 2"
    p.advance_to(8)  # the rest before set 2
    assert p.session.phase.kind is PhaseKind.REST
    assert text(p.page, "step-progress") == "Step 1 of 1"
    assert text(p.page, "next-up") == "Next: set 2 of 2, right leg"
    p.advance_to(10)
    assert text(p.page, "step-progress") == "Step 1 of 1 · Set 2 of 2"
    p.page.detach()
    p.driver.stop()


def test_get_ready_and_the_rest_before_a_step_say_what_it_starts_with(player):
    page = player.page
    assert text(page, "stretch-name") == "Calf stretch"
    assert text(page, "next-up") == "Next: hold — right leg, 5 s"
    player.advance_to(13.5)  # the rest before the breathing step
    assert text(page, "stretch-name") == "Slow breathing"
    assert text(page, "next-up") == "Next: 2 slow breaths"
    player.advance_to(25.5)  # the rest before relaxation
    assert text(page, "next-up") == "Next: tense — calves"
    player.advance_to(27.5)
    assert text(page, "next-up") != "Next: Relax the legs"


# --- muted ---------------------------------------------------------------------------------------------


def test_the_muted_badge_shows_only_while_muted(player):
    page = player.page
    assert not find(page, "Muted").isVisible()
    page.set_muted(True)
    badge = find(page, "Muted")
    assert badge.isVisible() and page.muted
    assert any(isinstance(w, QLabel) and w.text() == "Muted" and w.isVisible() for w in badge.findChildren(QLabel))
    page.set_muted(False)
    assert not badge.isVisible() and not page.muted


@pytest.mark.parametrize("large", [False, True])
def test_the_muted_badge_moves_nothing_when_it_comes_and_goes(player, large):
    """M shows the badge in the header: the phase, the picture and the ring must stay where they were."""
    page = player.page
    page.set_large_type(large)
    QApplication.processEvents()
    watched = [label_named(page, name) for name in ("phase", "stretch-name", "time-left")] + [page.ring]

    def where() -> list[tuple[int, int]]:
        QApplication.processEvents()
        return [(w.mapTo(page, w.rect().topLeft()).y(), w.height()) for w in watched]

    before = where()
    page.set_muted(True)
    assert where() == before
    page.set_muted(False)
    assert where() == before


def test_start_opens_the_player_before_the_library_and_the_library_follows(qtbot):
    """``stretch-timer start`` hands the window one routine (``open_one_routine``) and no library: the player
    runs it at once, and the routines load once the window is up, for the summary's way back."""
    from fakes import FakeInhibitor, FakeVoice

    from stretch_timer.app.context import AppContext
    from stretch_timer.app.settings import Settings
    from stretch_timer.app_data import open_one_routine
    from stretch_timer.qt.main_window import MainWindow

    found = open_one_routine("calf-cramp-relief")
    assert found.routine is not None
    settings = Settings()
    settings.disclaimer_seen = True
    clock = FakeClock(T0)
    context = AppContext(settings, library=None, clock=clock, cue_factory=lambda: FakeCues(),
                         voice_factory=lambda: FakeVoice(), inhibitor=FakeInhibitor())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    assert context.start(found.routine) and context.loaded_library is None
    window.show()
    assert window.pages.current_page() is window.pages.player_page
    qtbot.waitUntil(lambda: context.loaded_library is not None, timeout=3000)
    driver = context.runs.driver
    left = driver.session.total_remaining + 1
    while left > 0:
        clock.advance(1.0)
        driver.poll()
        left -= 1
    QApplication.processEvents()
    assert window.pages.current_page() is window.pages.summary_page
    window.pages.show_library()
    assert window.pages.current_page() is window.pages.library_page
    assert context.library.get("calf-cramp-relief") is not None
    window._closing_confirmed = True


def test_a_run_attached_before_the_page_shows_is_measured_once_it_shows(qtbot, monkeypatch):
    """``stretch-timer start`` attaches the run before the window is laid out (the page still 640×480):
    measuring there took a dozen layouts before the first paint, for a size the page never shows at. The page
    measures when it shows, and ends up as a refit at its real size would make it."""
    from stretch_timer.qt.pages.player_sizing import PlayerSizing

    measured: list[tuple[int, int]] = []
    real = PlayerSizing.misfits

    def misfits(self, **kwargs):
        measured.append((self._page.width(), self._page.height()))
        return real(self, **kwargs)

    monkeypatch.setattr(PlayerSizing, "misfits", misfits)
    page = PlayerPage()
    qtbot.addWidget(page)
    driver = SessionDriver(Session.for_routine(ROUTINE, FakeClock(T0)), FakeCues(available=False), None)
    page.attach(driver, ROUTINE, autostart=False)
    assert measured == []
    page.resize(1100, 682)
    page.show()
    qtbot.waitExposed(page)
    assert measured and set(measured) == {(1100, 682)}
    shown = (page.sizing.fit, page.sizing.how_to, page.controls.compact, page.instructions_label.font())
    page.sizing.refit()
    assert (page.sizing.fit, page.sizing.how_to, page.controls.compact, page.instructions_label.font()) == shown
    page.detach()


def test_a_second_ticking_by_repaints_the_ring_and_time_left_not_the_page_behind(player, qtbot):
    """The ring and the time left change every second: both paint their own background, so that repaint is
    theirs alone (the page, the stack and the window behind them are not painted again)."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                self.seen.append(watched.objectName() or type(watched).__name__)
            return False

    player.advance_to(3.0)  # in the first hold, right leg, "4" of 5 s
    qtbot.wait(50)
    paints = Paints()
    watched = (player.page, player.page.ring, label_named(player.page, "time-left"))
    for widget in watched:
        widget.installEventFilter(paints)
    player.advance(1.0)
    qtbot.waitUntil(lambda: "time-left" in paints.seen, timeout=2000)
    qtbot.wait(50)
    for widget in watched:
        widget.removeEventFilter(paints)
    assert sorted(set(paints.seen)) == ["CountdownRing", "time-left"]
