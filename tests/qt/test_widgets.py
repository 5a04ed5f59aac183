"""The player's widgets on their own: the countdown ring, the stretch picture, the breathing pacer."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

from stretch_timer.core.plan import PhaseKind
from stretch_timer.qt.widgets.breathing_pacer import (
    EDGE_MARGIN,
    FRAME_MS,
    LOOSE,
    RIDE_SLACK_MS,
    SMALL,
    STEP_PX,
    TENSE_SQUEEZE,
    TIGHT,
    Breath,
    BreathingPacer,
    fraction_at_scale,
    pacer_scale,
)
from stretch_timer.qt.widgets.countdown_ring import (
    CountdownRing,
    arc_steps,
    arc_steps_per_turn,
    digits_text,
    next_visible_change,
    seconds_words,
    whole_seconds_change_in,
)
from stretch_timer.qt.widgets.pacer_frames import next_wake_ms
from stretch_timer.qt.widgets.pose_view import PoseView

pytestmark = pytest.mark.gui

ARROW_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">
<rect x="0" y="0" width="100" height="100" fill="#ff0000"/>
<rect x="100" y="0" width="100" height="100" fill="#0000ff"/>
</svg>"""


class PaintCounter(QObject):
    """Counts paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(20)
    QApplication.processEvents()


# --- countdown ring ------------------------------------------------------------------------------------


def test_digits_plain_below_a_minute_and_clock_from_a_minute():
    assert digits_text(12.0) == "12"
    assert digits_text(11.2) == "12"  # rounds up: 0 only when the time is up
    assert digits_text(0.0) == "0"
    assert digits_text(59.5) == "1:00"
    assert digits_text(75) == "1:15"
    assert seconds_words(12) == "12 seconds left"
    assert seconds_words(0.5) == "1 second left"
    assert seconds_words(65) == "1 minute 5 seconds left"


def test_ring_shows_seconds_fraction_and_caption(qtbot):
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.set_time(12.0, 30.0)
    assert ring.digits == "12"
    assert ring.caption == "of 30 s"
    assert ring.fraction == pytest.approx(0.4, abs=0.001)
    assert ring.accessibleName() == "Countdown"
    assert ring.accessibleDescription() == "12 seconds left"
    ring.set_time(80.0, 90.0)
    assert ring.digits == "1:20"
    assert ring.caption == "of 1:30"
    ring.set_paused(True)
    assert ring.caption == "Paused"
    ring.set_paused(False)
    assert ring.caption == "of 1:30"


def test_ring_repaints_only_when_the_display_changes(qtbot):
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(200, 200)
    ring.show()
    qtbot.waitExposed(ring)
    ring.set_time(10.0, 10.0)
    settle(qtbot)
    counter = PaintCounter(ring)

    ring.set_time(10.0, 10.0)  # nothing changed
    ring.set_time(10.0 - 1e-5, 10.0)  # far less than a visible step of the arc
    settle(qtbot)
    assert counter.count == 0

    ring.set_time(9.0, 10.0)  # new seconds, arc moved
    settle(qtbot)
    assert counter.count == 1

    ring.set_paused(True)
    settle(qtbot)
    assert counter.count == 2
    ring.set_paused(True)
    settle(qtbot)
    assert counter.count == 2


def test_ring_moves_once_a_second_in_a_hold_and_with_the_digits(qtbot):
    """A 30 s hold ticked ten times a second repaints once a second, when the digits change, not ten times."""
    ring = CountdownRing()
    qtbot.addWidget(ring)
    updates = []
    ring.update = lambda *args: updates.append(args)  # set_time asks for repaints through this
    ring.set_time(30.0, 30.0)
    updates.clear()
    for tick in range(1, 101):  # 10 s of display ticks
        ring.set_time(30.0 - tick / 10, 30.0)
    assert len(updates) == 10
    assert ring.digits == "20"
    assert arc_steps_per_turn(30) == 30 and arc_steps_per_turn(4) == 12 and arc_steps_per_turn(5) == 15


def test_a_short_phase_steps_the_arc_alone_and_repaints_only_round_its_end(qtbot):
    """A 4 s breath steps its arc every ⅓ s; the steps between the digits repaint a small box, not the ring."""
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(300, 300)
    updates = []
    ring.update = lambda *args: updates.append(args)
    ring.set_time(3.6, 4.0)  # the arc leaves the full turn
    updates.clear()
    ring.set_time(3.3, 4.0)  # "4" still, one arc step
    [(box,)] = updates
    assert box.width() * box.height() < 300 * 300 / 6
    assert not box.intersects(ring.rect().adjusted(100, 100, -100, -100))  # the digits' middle is left alone
    updates.clear()
    ring.set_time(2.95, 4.0)  # "3": the digits too, never painted yet, so the whole ring
    assert updates == [()]


def test_new_digits_repaint_the_digits_and_the_arc_end_not_the_whole_ring(qtbot):
    """Once a second in a hold the digits change: one box round the old and new digits (and the arc's end)."""
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(277, 431)
    ring.show()
    qtbot.waitExposed(ring)
    ring.set_time(12.0, 30.0)
    settle(qtbot)
    updates = []
    ring.update = lambda *args: updates.append(args)
    ring.set_time(10.9, 30.0)  # "11": digits and an arc step
    [(box,)] = updates
    assert box.width() * box.height() < 277 * 431 / 3
    assert box.contains(ring.rect().center())
    updates.clear()
    ring.set_time(10.9, 20.0)  # another phase ("of 20 s"): the whole ring
    assert updates == [()]

def test_ring_paints_with_palette_colours(qtbot):
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(160, 160)
    palette = ring.palette()
    palette.setColor(palette.ColorRole.Highlight, QColor("#00ff00"))
    palette.setColor(palette.ColorRole.Mid, QColor("#ff00ff"))
    palette.setColor(palette.ColorRole.Window, QColor("#000000"))
    ring.setPalette(palette)
    ring.setAutoFillBackground(True)
    ring.set_time(5.0, 20.0)  # a quarter left: the arc from 12 to 3 o'clock
    image = ring.grab().toImage()
    rect = ring.ring_rect()
    top_right = image.pixelColor(int(rect.center().x() + rect.width() / 2 * 0.7071),
                                 int(rect.center().y() - rect.height() / 2 * 0.7071))
    bottom_left = image.pixelColor(int(rect.center().x() - rect.width() / 2 * 0.7071),
                                   int(rect.center().y() + rect.height() / 2 * 0.7071))
    assert top_right.green() > 200 and top_right.red() < 60
    assert bottom_left.red() > 200 and bottom_left.blue() > 200


# --- pose view -----------------------------------------------------------------------------------------


def _pixel(view: PoseView, x_fraction: float) -> QColor:
    image = view.grab().toImage()
    rect = view.picture_rect()
    return image.pixelColor(int(rect.left() + rect.width() * x_fraction), int(rect.center().y()))


def test_pose_view_draws_svg_scaled_and_mirrored(qtbot, tmp_path: Path):
    svg = tmp_path / "pose.svg"
    svg.write_text(ARROW_SVG)
    view = PoseView()
    qtbot.addWidget(view)
    view.resize(400, 400)
    view.set_image(svg, False, name="Wall calf stretch")
    assert view.has_picture and view.problem == ""
    rect = view.picture_rect()
    assert rect.width() == pytest.approx(400) and rect.height() == pytest.approx(200)  # aspect kept
    assert _pixel(view, 0.25).red() > 200
    assert _pixel(view, 0.75).blue() > 200
    view.set_image(svg, True)
    assert view.mirrored
    assert _pixel(view, 0.25).blue() > 200
    assert _pixel(view, 0.75).red() > 200
    assert view.accessibleName() == "Stretch picture"


def test_pose_view_draws_bitmaps(qtbot, tmp_path: Path):
    png = tmp_path / "pose.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#0000ff"))
    painter = QPainter(image)
    painter.fillRect(0, 0, 20, 20, QColor("#ff0000"))
    painter.end()
    assert image.save(str(png))
    view = PoseView()
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.set_image(png, True)
    assert view.has_picture
    assert _pixel(view, 0.2).blue() > 200
    assert _pixel(view, 0.8).red() > 200


def test_pose_view_caches_the_rendered_picture_per_size(qtbot, tmp_path: Path):
    svg = tmp_path / "pose.svg"
    svg.write_text(ARROW_SVG)
    view = PoseView()
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.set_image(svg, False)
    first = view.rendered()
    assert view.rendered() is first
    assert view.render_count == 1
    view.set_image(svg, False)  # same picture: nothing to do
    assert view.rendered() is first
    view.resize(200, 300)
    view.rendered()
    assert view.render_count == 2
    view.set_image(svg, True)
    view.rendered()
    assert view.render_count == 3


@pytest.mark.parametrize("content", [None, b"not an svg at all", b"\x89PNG broken"])
def test_pose_view_missing_or_broken_picture_shows_placeholder(qtbot, tmp_path: Path, content):
    path = tmp_path / ("pose.svg" if content != b"\x89PNG broken" else "pose.png")
    if content is not None:
        path.write_bytes(content)
    view = PoseView()
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.set_image(path, True, name="Towel calf stretch")
    assert not view.has_picture
    assert "pose" in view.problem
    assert view.grab().width() == 300  # paints the placeholder without raising
    assert "Towel calf stretch" in view.accessibleDescription()


def test_pose_view_without_a_picture_is_calm(qtbot):
    view = PoseView()
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.set_image(None, False, name="Mindful breathing")
    assert not view.has_picture
    assert view.problem == ""
    assert not view.grab().isNull()


# --- breathing pacer -----------------------------------------------------------------------------------


def test_pacer_sizes_for_each_kind():
    assert pacer_scale(PhaseKind.INHALE, 0.0) == pytest.approx(SMALL)
    assert pacer_scale(PhaseKind.INHALE, 0.5) == pytest.approx((SMALL + 1) / 2)
    assert pacer_scale(PhaseKind.INHALE, 1.0) == pytest.approx(1.0)
    assert pacer_scale(PhaseKind.BREATH_HOLD, 0.0) == pacer_scale(PhaseKind.BREATH_HOLD, 0.7) == 1.0
    assert pacer_scale(PhaseKind.EXHALE, 0.0) == pytest.approx(1.0)
    assert pacer_scale(PhaseKind.EXHALE, 1.0) == pytest.approx(SMALL)
    assert pacer_scale(PhaseKind.PAUSE, 0.0) == pacer_scale(PhaseKind.PAUSE, 0.9) == SMALL
    assert pacer_scale(PhaseKind.TENSE, 0.5) == pytest.approx(TIGHT)
    assert pacer_scale(PhaseKind.RELAX, 0.0) == pytest.approx(TIGHT)
    assert pacer_scale(PhaseKind.RELAX, 1.0) == pytest.approx(LOOSE)
    inhale = [pacer_scale(PhaseKind.INHALE, f / 10) for f in range(11)]
    assert inhale == sorted(inhale)
    exhale = [pacer_scale(PhaseKind.EXHALE, f / 10) for f in range(11)]
    assert exhale == sorted(exhale, reverse=True)


@pytest.mark.parametrize(
    ("kind", "word", "pmr"),
    [
        (PhaseKind.INHALE, "Breathe in", False),
        (PhaseKind.BREATH_HOLD, "Hold", False),
        (PhaseKind.EXHALE, "Breathe out", False),
        (PhaseKind.PAUSE, "Pause", False),
        (PhaseKind.TENSE, "Tense", True),
        (PhaseKind.RELAX, "Relax", True),
    ],
)
def test_pacer_words_and_looks(qtbot, kind, word, pmr):
    pacer = BreathingPacer()
    qtbot.addWidget(pacer)
    pacer.resize(240, 240)
    pacer.set_state(kind, 0.5)
    assert pacer.label == word
    assert pacer.accessibleDescription() == word
    assert pacer.is_relaxation is pmr
    assert pacer.scale == pytest.approx(pacer_scale(kind, 0.5))
    assert not pacer.grab().isNull()
    assert pacer.accessibleName() == "Breathing pacer"


def test_pacer_repaints_only_on_visible_change(qtbot):
    pacer = BreathingPacer()
    qtbot.addWidget(pacer)
    pacer.resize(200, 200)
    pacer.show()
    qtbot.waitExposed(pacer)
    pacer.set_state(PhaseKind.PAUSE, 0.0)
    settle(qtbot)
    counter = PaintCounter(pacer)
    for f in (0.1, 0.5, 0.9):  # a pause stays small
        pacer.set_state(PhaseKind.PAUSE, f)
    settle(qtbot)
    assert counter.count == 0
    pacer.set_state(PhaseKind.INHALE, 0.5)
    settle(qtbot)
    assert counter.count == 1
    assert pacer.isVisible() and pacer.testAttribute(Qt.WidgetAttribute.WA_WState_Visible)


class PaintRects(QObject):
    """The rectangle of every paint event a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(QRect(event.rect()))
        return False


class FakeBreath:
    """Stands in for the session the pacer follows: the test sets where the breath is (no clock runs)."""

    def __init__(self, kind: PhaseKind, fraction: float = 0.0, seconds: float = 4.0) -> None:
        self.kind, self.fraction, self.seconds = kind, fraction, seconds
        self.reads = 0

    def __call__(self) -> Breath:
        self.reads += 1
        return Breath(self.kind, self.fraction, self.seconds)


def shown_pacer(qtbot, size: tuple[int, int] = (300, 300)) -> BreathingPacer:
    pacer = BreathingPacer()
    qtbot.addWidget(pacer)
    pacer.resize(*size)
    pacer.show()
    qtbot.waitExposed(pacer)
    settle(qtbot)
    return pacer


def on_screen(widget: QWidget) -> QImage:
    """What the window shows now (its backing store, after the pending repaints), not a fresh paint."""
    QApplication.processEvents()
    return widget.screen().grabWindow(widget.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)


def fresh(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_pacer_frames_only_while_following_a_running_session_shown_and_moving(qtbot):
    """No timer wakes the app for a pacer that is hidden, paused, holding still, or whose step has ended."""
    pacer = shown_pacer(qtbot)
    breath = FakeBreath(PhaseKind.INHALE, 0.3)
    pacer.set_state(PhaseKind.INHALE, 0.3, 4.0)
    assert not pacer.animating  # following nothing: the page's ticks alone move it
    pacer.follow(breath)
    assert not pacer.animating  # the session is not running
    pacer.set_running(True)
    assert pacer.animating
    pacer.set_running(False)  # paused
    assert not pacer.animating
    pacer.set_running(True)
    pacer.hide()  # the stretch picture in front, or the window closed
    assert not pacer.animating
    frames = pacer.frames
    qtbot.wait(3 * FRAME_MS)
    assert pacer.frames == frames
    pacer.show()
    qtbot.waitUntil(lambda: pacer.animating, timeout=2000)  # once it is on screen again
    breath.kind = PhaseKind.BREATH_HOLD  # the circle holds still: the frame that sees it stops the timer
    qtbot.waitUntil(lambda: not pacer.animating, timeout=2000)
    assert pacer.kind is PhaseKind.BREATH_HOLD and pacer.scale == 1.0
    pacer.set_state(PhaseKind.EXHALE, 0.9, 6.0)  # the page shows the next phase: frames again
    assert pacer.animating
    breath.kind, breath.fraction = PhaseKind.EXHALE, 1.0  # the step ended
    qtbot.waitUntil(lambda: not pacer.animating, timeout=2000)
    pacer.set_state(PhaseKind.TENSE, 0.5, 5.0)  # a tense after its squeeze holds still
    assert not pacer.animating
    pacer.set_state(PhaseKind.INHALE, 0.1, 4.0)
    assert pacer.animating
    pacer.follow(None)  # the page let go of the run
    assert not pacer.animating


def test_the_next_frame_comes_when_the_rim_will_have_moved_a_step(qtbot):
    """Frames are timed from the easing curve: close together mid-breath, far apart where it slows."""
    pacer = shown_pacer(qtbot)
    pacer.follow(FakeBreath(PhaseKind.INHALE, 0.5))
    pacer.set_running(True)
    pacer.set_state(PhaseKind.INHALE, 0.5, 4.0)
    mid = pacer.frame_interval_ms
    pacer.set_state(PhaseKind.INHALE, 0.97, 4.0)
    late = pacer.frame_interval_ms
    pacer.set_state(PhaseKind.INHALE, 0.5, 40.0)
    slow = pacer.frame_interval_ms
    pacer.follow(None)
    assert mid is not None and late is not None and slow is not None
    assert FRAME_MS <= mid < late and mid < slow
    full = 300 / 2 - 4
    speed = (1 - SMALL) * full * math.pi / 2 / 4.0  # px per second at the middle of a 4 s breath in
    assert mid == pytest.approx(1000 * STEP_PX / speed, rel=0.6)  # one step, from wherever it is drawn in it


class FakeDue(FakeBreath):
    """A breath that says when the digits riding on the frames next change (real seconds from now)."""

    def __init__(self, kind: PhaseKind, fraction: float, seconds: float, due: float | None) -> None:
        super().__init__(kind, fraction, seconds)
        self.due = due

    def __call__(self) -> Breath:
        self.reads += 1
        return Breath(self.kind, self.fraction, self.seconds, self.due)


def test_what_rides_on_the_frames_moves_on_each_and_a_frame_comes_by_its_due_time(qtbot):
    """The player's ring rides on the pacer's frames: each frame moves it first, and when the digits change
    before the circle would next move, the frame comes then (just past the change), not later."""
    pacer = shown_pacer(qtbot)
    rides: list[int] = []
    said: list[bool] = []
    pacer.animating_changed.connect(said.append)
    breath = FakeDue(PhaseKind.INHALE, 0.02, 40.0, None)  # a slow breath: the next step is far off
    pacer.follow(breath, lambda: rides.append(pacer.frames))
    pacer.set_running(True)
    pacer.set_state(PhaseKind.INHALE, 0.02, 40.0)
    own = pacer.frame_interval_ms
    assert own is not None and own > 300 and pacer.rides
    breath.due = 0.1  # the digits change in 100 ms
    pacer.set_state(PhaseKind.INHALE, 0.02, 40.0)
    assert pacer.frame_interval_ms == 101
    breath.due = (own - RIDE_SLACK_MS + 5) / 1000  # the circle's own frame comes within the slack after it
    pacer.set_state(PhaseKind.INHALE, 0.02, 40.0)
    assert pacer.frame_interval_ms == own  # one wake for both
    breath.due = 0.05
    pacer.set_state(PhaseKind.INHALE, 0.02, 40.0)
    qtbot.waitUntil(lambda: bool(rides), timeout=2000)
    assert rides == [1] and said == [True]  # moved on that frame; the timer ran on between frames
    pacer.set_running(False)
    assert said == [True, False] and not pacer.rides
    pacer.follow(breath)  # following with nothing riding: the due time does not matter
    pacer.set_running(True)
    assert pacer.frame_interval_ms is not None and pacer.frame_interval_ms > 300 and not pacer.rides
    pacer.follow(None)


def test_a_wake_for_the_digits_moves_the_circle_too_once_it_has_moved_a_pixel(qtbot):
    """The digits' wake repaints the circle when its rim has visibly moved (one repaint for both), so the
    circle's own next frame is a whole step on from there; less than a pixel, and it is left alone."""
    pacer = shown_pacer(qtbot, (400, 400))
    full = 400 / 2 - 4
    travel = (1 - SMALL) * full
    breath = FakeDue(PhaseKind.INHALE, 0.5, 4.0, 0.5)
    pacer.follow(breath, lambda: None)
    pacer.set_running(True)
    pacer.set_state(PhaseKind.INHALE, 0.5, 4.0)
    settle(qtbot)
    paints = PaintRects(pacer)
    drawn = pacer.scale
    breath.fraction = 0.5 + 0.5 / travel / (math.pi / 2)  # the rim half a pixel on (mid-breath)
    pacer._frame()
    settle(qtbot)
    assert paints.rects == [] and pacer.scale > drawn
    breath.fraction = 0.5 + 1.5 / travel / (math.pi / 2)  # a pixel and a half: below a step, but visible
    pacer._frame()
    settle(qtbot)
    assert len(paints.rects) == 1
    pacer.follow(None)


def test_one_wake_for_the_circle_and_the_digits():
    assert next_wake_ms(200, None) == 200
    assert next_wake_ms(200, 0.5) == 200  # the circle first
    assert next_wake_ms(200, 0.1) == 101  # the digits first, just past their change
    assert next_wake_ms(110, 0.1) == 110  # the circle's frame 9 ms after the change: it shows both
    assert next_wake_ms(101 + RIDE_SLACK_MS + 1, 0.1) == 101
    assert next_wake_ms(40, -0.5) == 1  # a change already due: now


@given(kind=st.sampled_from([PhaseKind.INHALE, PhaseKind.EXHALE, PhaseKind.RELAX, PhaseKind.TENSE]),
       fraction=st.floats(min_value=0.0, max_value=1.0))
def test_fraction_at_scale_undoes_pacer_scale(kind: PhaseKind, fraction: float) -> None:
    if kind is PhaseKind.TENSE:
        fraction *= TENSE_SQUEEZE  # it moves in its squeeze only
    assert fraction_at_scale(kind, pacer_scale(kind, fraction)) == pytest.approx(fraction, abs=1e-6)


def test_a_breath_repaints_the_square_of_the_larger_circle_only(qtbot):
    """Not the pacer, not the square of the largest circle: the square around the circle before or after."""
    pacer = shown_pacer(qtbot, (400, 300))
    pacer.set_state(PhaseKind.INHALE, 0.2)
    settle(qtbot)
    paints = PaintRects(pacer)
    pacer.set_state(PhaseKind.INHALE, 0.3)
    settle(qtbot)
    [rect] = paints.rects
    full = 300 / 2 - 4
    radius = full * pacer_scale(PhaseKind.INHALE, 0.3)
    assert rect.center().x() == pytest.approx(200, abs=1) and rect.center().y() == pytest.approx(150, abs=1)
    assert 2 * radius <= rect.width() <= 2 * radius + 2 * EDGE_MARGIN + 2
    assert rect.width() < 2 * full * 0.8
    paints.rects.clear()
    pacer.set_state(PhaseKind.INHALE, 0.3001)  # less than a step: nothing
    settle(qtbot)
    assert paints.rects == []
    pacer.set_state(PhaseKind.EXHALE, 0.0)  # new words: the whole pacer
    settle(qtbot)
    assert paints.rects == [pacer.rect()]


def test_what_is_on_screen_after_many_small_repaints_is_a_whole_fresh_paint(qtbot):
    """Repainting only the moving circle's square leaves nothing stale behind: pixel for pixel."""
    pacer = shown_pacer(qtbot, (330, 250))
    for kind, fractions in (
        (PhaseKind.INHALE, [i / 25 for i in range(26)]),
        (PhaseKind.EXHALE, [i / 25 for i in range(26)]),
        (PhaseKind.TENSE, [i / 50 for i in range(12)]),
        (PhaseKind.RELAX, [i / 20 for i in range(21)]),
    ):
        for fraction in fractions:
            pacer.set_state(kind, fraction)
            assert on_screen(pacer) == fresh(pacer), (kind, fraction)


def _reference_pacer(size: tuple[int, int], palette: QPalette, font: QFont, kind: PhaseKind,
                     fraction: float) -> QImage:
    """The pacer as it was drawn before frames were made cheap: every shape, every frame, by plain QPainter."""
    from stretch_timer.qt.widgets.breathing_pacer import WORDS, _mix
    from stretch_timer.qt.widgets.pacer_drawing import inner_amount

    image = QImage(*size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    window = palette.color(QPalette.ColorRole.Window)
    accent = palette.color(QPalette.ColorRole.Highlight)
    painter.fillRect(image.rect(), window)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    centre = QPointF(size[0] / 2, size[1] / 2)
    full = max(10.0, min(size) / 2 - 4)
    radius = full * pacer_scale(kind, fraction)
    relax = kind in (PhaseKind.TENSE, PhaseKind.RELAX)
    painter.setPen(QPen(_mix(palette.color(QPalette.ColorRole.Mid), window, 0.5), max(1.0, full * 0.012),
                        Qt.PenStyle.DashLine if relax else Qt.PenStyle.SolidLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, full, full)
    if relax:
        tense = kind is PhaseKind.TENSE
        width = full * (0.16 if tense else 0.045)
        painter.setPen(QPen(_mix(accent, window, 0.95 if tense else 0.7), width))
        painter.setBrush(_mix(accent, window, 0.18 if tense else 0.08))
        r = max(1.0, radius - width / 2)
        painter.drawEllipse(centre, r, r)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_mix(accent, window, 0.25))
        painter.drawEllipse(centre, radius, radius)
        inner = inner_amount(accent, window, palette.color(QPalette.ColorRole.WindowText))
        painter.setBrush(_mix(accent, window, inner))
        painter.drawEllipse(centre, radius * 0.72, radius * 0.72)
    word = WORDS[kind]
    font = QFont(font)
    font.setPixelSize(max(12, int(full * 0.16)))
    font.setBold(True)
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(word) > full * 1.7:
        font.setPixelSize(max(10, int(font.pixelSize() * full * 1.7 / metrics.horizontalAdvance(word))))
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
    painter.drawText(QRectF(centre.x() - full, centre.y() - full, 2 * full, 2 * full),
                     Qt.AlignmentFlag.AlignCenter, word)
    painter.end()
    return image


@pytest.mark.parametrize("dark", [False, True])
def test_the_pacer_looks_as_it_always_did(qtbot, dark):
    """The cached backdrop, pens and laid-out words change nothing on screen: the same pixels as drawing it all."""
    pacer = shown_pacer(qtbot, (610, 334))
    if dark:
        palette = pacer.palette()
        for role, colour in ((QPalette.ColorRole.Window, "#17120e"), (QPalette.ColorRole.Highlight, "#b5652e"),
                             (QPalette.ColorRole.WindowText, "#e8c9a6"), (QPalette.ColorRole.Mid, "#3a2d22")):
            palette.setColor(role, QColor(colour))
        pacer.setPalette(palette)
    for kind in (PhaseKind.INHALE, PhaseKind.EXHALE, PhaseKind.BREATH_HOLD, PhaseKind.PAUSE, PhaseKind.TENSE,
                 PhaseKind.RELAX):
        for fraction in (0.0, 0.13, 0.5, 0.77, 1.0):
            pacer.set_state(kind, fraction)
            expected = _reference_pacer((610, 334), pacer.palette(), pacer.font(), kind, fraction)
            assert fresh(pacer) == expected, (kind, fraction)
            assert on_screen(pacer) == expected, (kind, fraction)


def test_the_ring_on_screen_after_its_small_repaints_is_a_whole_fresh_paint(qtbot):
    """The ring repaints only round its arc's end between the digits: nothing stale is left on screen."""
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(260, 300)
    ring.show()
    qtbot.waitExposed(ring)
    for duration, remaining in [(4.0, 4.0 - i * 0.11) for i in range(37)] + [(30.0, 30.0 - i * 0.7) for i in range(43)]:
        ring.set_time(max(0.0, remaining), duration)
        assert on_screen(ring) == fresh(ring), (duration, remaining)


def _ring_look(remaining: float, duration: float) -> tuple[str, int]:
    return digits_text(remaining), arc_steps(remaining, duration)[0]


@given(duration=st.floats(min_value=0.5, max_value=3600), share=st.floats(min_value=0.001, max_value=1.0))
def test_next_visible_change_is_exactly_when_the_ring_would_look_different(duration: float, share: float) -> None:
    """The display sleeps until then: nothing visible changes before, something does just after."""
    remaining = duration * share
    wait = next_visible_change(remaining, duration)
    assert 0 < wait <= 1.0 + 1e-9
    look = _ring_look(remaining, duration)
    assert _ring_look(remaining - wait * 0.98, duration) == look
    assert _ring_look(remaining - wait - 0.001, duration) != look


def test_whole_seconds_change_in() -> None:
    assert whole_seconds_change_in(481.0) == pytest.approx(1.0)  # "8:01" shows "8:00" once 481 s have shrunk
    assert whole_seconds_change_in(480.4) == pytest.approx(0.4)
    assert whole_seconds_change_in(0.0) == 0.0
