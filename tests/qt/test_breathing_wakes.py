"""A breathing step on the fake clock, wake by wake: the pacer's frame timer is the one timer that moves the
screen (the ring's digits and arc and the time left ride on its frames, the display tick is not armed), each
wake repaints at most once per widget, and the digits still turn on time.

The driver's and the pacer's timers are run in virtual time: each ``start`` is noted as a deadline on the
fake clock (the real timer is held far off so it never fires on its own), and the loop fires whichever is
due first, moving the clock there. So the test sees exactly the wakes the app would have, and how late each
change of the digits shows, without waiting for any of them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from fakes import FakeCues
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Breathing, Routine, Step, Stretch
from stretch_timer.core.session import Session
from stretch_timer.qt.pages.player_page import PlayerPage
from stretch_timer.qt.widgets.countdown_ring import digits_text
from stretch_timer.qt.widgets.pacer_frames import SMALL, STEP_PX

pytestmark = pytest.mark.gui

BREATH = Stretch(id="breath", name="Slow breathing", instructions=("Breathe gently.",),
                 breathe=Breathing(inhale=4, hold=2, exhale=6, pause=0, cycles=2))
ROUTINE = Routine(id="calm", name="Calm", prepare=3, rest=0, switch=0, steps=(Step(BREATH),))
"""Get ready 0–3, then two breaths of 4 s in, 2 s held and 6 s out (the bundled bedtime routine breathes 4 in,
6 out): in 3–7, hold 7–9, out 9–15, in 15–19, hold 19–21, out 21–27."""
MOVING = ((3, 7), (9, 15), (15, 19), (21, 27))
HOLDS = ((7, 9), (19, 21))
SIZE = (1366, 704)
"""The player in a maximised window on a 1366×768 screen."""


class Paints(QObject):
    """Counts paint events per widget, with their rectangles."""

    def __init__(self, widgets: dict[str, QWidget]) -> None:
        super().__init__()
        self.seen: list[tuple[str, tuple[int, int, int, int]]] = []
        self._names = {id(w): name for name, w in widgets.items()}
        for widget in widgets.values():
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen.append((self._names.get(id(watched), "?"), event.rect().getRect()))
        return False


@dataclass
class Wake:
    at: float
    timer: str
    paints: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    digits: str = ""
    radius: float | None = None
    """The pacer's circle as drawn after this wake."""


class VirtualTimers:
    """Runs the named QTimers on the fake clock: ``start(ms)`` notes a deadline instead of arming for real."""

    def __init__(self, clock: FakeClock, timers: dict[str, QTimer]) -> None:
        self.clock = clock
        self.timers = timers
        self.deadlines: dict[str, float] = {}
        for name, timer in timers.items():
            self._hook(name, timer)

    def _hook(self, name: str, timer: QTimer) -> None:
        start, stop = timer.start, timer.stop

        def virtual_start(ms: int | None = None) -> None:
            self.deadlines[name] = self.clock.now() + (timer.interval() if ms is None else ms) / 1000
            start(10**8)  # active (what the app asks of it), but never firing on its own

        def virtual_stop() -> None:
            self.deadlines.pop(name, None)
            stop()

        timer.start = virtual_start  # type: ignore[method-assign]
        timer.stop = virtual_stop  # type: ignore[method-assign]
        self.deadlines.pop(name, None)
        if timer.isActive():  # armed before the hook: from now
            self.deadlines[name] = self.clock.now() + timer.interval() / 1000
            start(10**8)

    def fire_next(self) -> tuple[str, float]:
        name, at = min(self.deadlines.items(), key=lambda item: item[1])
        self.clock.set(max(self.clock.now(), at))
        del self.deadlines[name]
        timer = self.timers[name]
        QTimer.stop(timer)
        timer.timeout.emit()
        return name, at


def shown_at(session: Session, position: float) -> str:
    """The digits the ring should show at ``position`` of the run."""
    phase = session.timeline.phases[session.timeline.phase_at(position)]
    return digits_text(phase.end - position)


def run(until: float, size: tuple[int, int] = SIZE, *,
        large: bool = False) -> tuple[PlayerPage, Session, list[Wake]]:
    """The player's first ``until`` seconds of ``ROUTINE``, wake by wake, in virtual time."""
    clock = FakeClock(1000.0)
    driver = SessionDriver(Session.for_routine(ROUTINE, clock), FakeCues(available=False), None)
    page = PlayerPage()
    page.set_large_type(large)
    page.resize(*size)
    page.show()
    QTest.qWaitForWindowExposed(page)
    page.attach(driver, ROUTINE, autostart=False)
    timers = VirtualTimers(clock, {"cue": driver._cue_timer, "display": driver._display_timer,
                                   "pacer": page.pacer._frame_timer})
    driver.start()
    QApplication.processEvents()
    paints = Paints({"pacer": page.pacer, "ring": page.ring, "time-left": page.info.total_label, "page": page})
    session = driver.session
    wakes: list[Wake] = []
    t0 = clock.now()
    while clock.now() - t0 < until:
        name, at = timers.fire_next()
        paints.seen.clear()
        QApplication.processEvents()
        wakes.append(Wake(at - t0, name, list(paints.seen), page.ring.digits, page.pacer.drawn_radius))
    page.detach()
    driver.stop()
    page.hide()
    return page, session, wakes


def during(wakes: list[Wake], spans: tuple[tuple[float, float], ...], edge: float = 0.05) -> list[Wake]:
    """The wakes inside ``spans`` (clear of their ends by ``edge``: a phase's start repaints its words)."""
    return [w for w in wakes if any(a + edge < w.at < b - edge for a, b in spans)]


@pytest.fixture(scope="module")
def breathing(qapp) -> tuple[PlayerPage, Session, list[Wake]]:
    return run(27.0)


@pytest.fixture(scope="module")
def breathing_large(qapp) -> tuple[PlayerPage, Session, list[Wake]]:
    return run(27.0, large=True)


@pytest.mark.parametrize("large", [False, True], ids=["normal type", "large type"])
def test_the_rim_moves_smoothly_at_most_a_pixel_more_a_frame_than_it_did(request, large: bool):
    """4 s in and 6 s out at 1366×768: the rim moves at most ``STEP_PX`` (4 px, a pixel more than the 3 it
    moved before the ring rode on the frames) from one repaint to the next, however fast it breathes there."""
    _, _, wakes = request.getfixturevalue("breathing_large" if large else "breathing")
    assert STEP_PX <= 3 + 1
    for a, b in MOVING:
        radii = [w.radius for w in during(wakes, ((a, b),), edge=0.0)
                 if w.radius is not None and any(name == "pacer" for name, _ in w.paints)]
        steps = [abs(r1 - r0) for r0, r1 in itertools.pairwise(radii)]
        assert steps and max(steps) <= STEP_PX + 0.25, (a, b, max(steps))


def test_while_the_pacer_moves_its_frames_alone_wake_the_screen(breathing):
    """No display tick while the circle moves: the ring and the time left ride on the pacer's frames."""
    _, _, wakes = breathing
    moving = during(wakes, MOVING)
    assert {w.timer for w in moving} <= {"pacer", "cue"}, "the display tick is not armed while the pacer runs"
    assert [w for w in moving if w.timer == "pacer" and any(name == "ring" for name, _ in w.paints)]


def test_in_a_breath_hold_the_display_tick_moves_the_ring_as_in_any_hold(breathing):
    _, _, wakes = breathing
    held = during(wakes, HOLDS)
    assert {w.timer for w in held} <= {"display", "cue"}
    assert len([w for w in held if w.timer == "display"]) >= 2 * 2  # each second at least, in each hold


def test_each_second_shows_within_50_ms_of_its_boundary_and_every_wake_shows_the_right_one(breathing):
    _, session, wakes = breathing
    for second in range(4, 27):  # each second of the breaths, and the end of each phase
        new = shown_at(session, second + 1e-6)
        shows = next(w for w in wakes if w.at >= second - 1e-9 and w.digits == new)
        assert shows.at - second <= 0.05, (second, shows)
    for wake in during(wakes, ((3, 27),), edge=0.0):
        # Right for its moment, or for one at most 50 ms before (a digit waiting for the pacer's next frame).
        assert wake.digits in {shown_at(session, wake.at - late) for late in (0.0, 0.05)}, wake


def test_each_wake_repaints_the_pacer_and_the_ring_once_at_most_and_never_the_page(breathing):
    """One repaint a wake, of what changed: the circle's square and the arc's end or the digits."""
    page, _, wakes = breathing
    for wake in during(wakes, MOVING):
        names = [name for name, _ in wake.paints]
        assert names.count("pacer") <= 1 and names.count("ring") <= 1, wake
        assert "page" not in names, wake
    pacer_area = page.pacer.width() * page.pacer.height()
    squares = [w * h for wake in during(wakes, MOVING) for name, (_, _, w, h) in wake.paints if name == "pacer"]
    assert sorted(squares)[len(squares) // 2] < pacer_area  # mostly the circle's square, not the whole pacer


def test_a_breathing_step_repaints_about_as_often_as_its_rim_moves_a_step(breathing):
    """The wakes that paint: one per ``STEP_PX`` of the rim's travel, and the digits' seconds between them."""
    page, _, wakes = breathing
    full = min(page.pacer.width(), page.pacer.height()) / 2 - 4
    seconds = sum(b - a for a, b in MOVING)
    steps = len(MOVING) * (1 - SMALL) * full / STEP_PX
    painting = [w for w in during(wakes, MOVING, edge=0.0) if w.paints]
    assert len(painting) <= steps + seconds + len(MOVING)
    assert len(painting) / seconds <= 9  # at the 1366×768 screen's size (12 with 3 px steps and the ring's ticks)
