"""The session's max-gap rule ("no poll for this long: the machine slept, pause the run") on a clock that runs
faster than real time (``STRETCH_TIMER_CLOCK_SCALE``, used by the end-to-end tests, the benchmarks and demos).

The rule measures how long the app was not looking, which is real time: at 200 times real speed a 10 clock
second gap is 50 real milliseconds, a normal stall of the GUI thread while sound comes up after the first
paint, and the run paused itself for good (``--quit-when-done`` never quit). Here through the run controller,
as the app builds its sessions; fake clocks that say their ``rate`` stand in for the scaled one, so no test
here depends on how fast the machine is.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakes import FakeCues, FakeInhibitor, FakeVoice

from stretch_timer.app.run_controller import DEFAULT_MAX_GAP, RunController
from stretch_timer.app.settings import Settings
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.events import AutoPaused, Event
from stretch_timer.core.model import Routine, Step, Stretch
from stretch_timer.core.session import State
from stretch_timer.qt.app import ScaledClock, clock_from_env

HOLD = Stretch(id="hold", name="Long hold", instructions=("Hold it.",), hold=600)
LONG = Routine(id="long", name="Long", prepare=5, steps=(Step(HOLD),))


class RatedClock(FakeClock):
    """A fake clock that says it runs ``rate`` times faster than real time, as ``ScaledClock`` does."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate = rate


def started(clock: FakeClock) -> tuple[RunController, Any, list[Event]]:
    controller = RunController(Settings(), clock=clock, cue_factory=FakeCues, voice_factory=FakeVoice,
                               inhibitor=FakeInhibitor())
    controller.ensure_media()
    controller.start(LONG)
    driver = controller.driver
    events: list[Event] = []
    driver.events_emitted.connect(events.extend)
    driver.start()
    return controller, driver, events


def test_a_gui_stall_on_a_fast_clock_does_not_pause_the_run(qapp: Any) -> None:
    """60 real ms at 200x: 12 clock seconds between two polls, more than the max gap in clock seconds."""
    controller, driver, events = started(clock := RatedClock(200))
    clock.advance(12.0)
    driver.poll()
    assert not [e for e in events if isinstance(e, AutoPaused)], "a 60 ms stall is not a sleeping machine"
    assert driver.session.state is State.RUNNING
    assert driver.session.position == pytest.approx(12.0)
    controller.end()


def test_a_real_sleep_still_pauses_a_fast_clock(qapp: Any) -> None:
    controller, driver, events = started(clock := RatedClock(200))
    clock.advance((DEFAULT_MAX_GAP + 1) * 200)  # 11 real seconds without a poll
    driver.poll()
    assert isinstance(events[-1], AutoPaused) and driver.session.state is State.PAUSED
    controller.end()


def test_at_real_speed_the_max_gap_is_unchanged(qapp: Any) -> None:
    for clock in (FakeClock(), RatedClock(1)):
        controller, driver, events = started(clock)
        clock.advance(DEFAULT_MAX_GAP - 0.5)
        driver.poll()
        assert driver.session.state is State.RUNNING
        clock.advance(DEFAULT_MAX_GAP + 0.5)
        driver.poll()
        assert isinstance(events[-1], AutoPaused), "a longer gap at real speed is the machine having slept"
        controller.end()


def test_the_scaled_clock_from_the_environment_says_its_rate() -> None:
    clock = clock_from_env({"STRETCH_TIMER_CLOCK_SCALE": "200"})
    assert isinstance(clock, ScaledClock) and clock.rate == 200
    assert getattr(clock_from_env({}), "rate", 1.0) == 1.0
