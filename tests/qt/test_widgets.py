"""The player's widgets on their own: the countdown ring, the stretch picture, the breathing pacer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from stretch_timer.core.plan import PhaseKind
from stretch_timer.qt.widgets.breathing_pacer import LOOSE, SMALL, TIGHT, BreathingPacer, pacer_scale
from stretch_timer.qt.widgets.countdown_ring import (
    CountdownRing,
    arc_steps,
    digits_text,
    next_visible_change,
    seconds_words,
    whole_seconds_change_in,
)
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


def test_ring_moves_at_most_four_times_a_second(qtbot):
    """A 30 s hold ticked ten times a second repaints about four times a second, not ten."""
    ring = CountdownRing()
    qtbot.addWidget(ring)
    updates = []
    ring.update = lambda *args: updates.append(args)  # set_time asks for repaints through this
    for tick in range(101):  # 10 s of display ticks
        ring.set_time(30.0 - tick / 10, 30.0)
    assert 38 <= len(updates) <= 42
    assert ring.digits == "20"


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
