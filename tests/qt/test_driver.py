"""The session driver on a fake clock: cues at their planned times, stale ones dropped, timers only while running."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator

import pytest
from fakes import FakeCues
from PySide6.QtCore import QTimer

from stretch_timer.app.driver import HEARTBEAT_S, SessionDriver
from stretch_timer.core.clock import FakeClock, MonotonicClock
from stretch_timer.core.events import AutoPaused, Event, Jumped, PhaseStarted, RoutineComplete
from stretch_timer.core.model import Breathing, Cues, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import PhaseKind
from stretch_timer.core.session import Session, SessionSummary, State
from stretch_timer.media.voice import Voice, create_voice

pytestmark = pytest.mark.gui

T0 = 1000.0
CALF = Stretch(id="towel-calf", name="Towel calf stretch", instructions=("Pull gently.",))
WALL = Stretch(id="wall-calf", name="Wall calf stretch", instructions=("Lean in.",))

# Phases: 0 prepare 0–2 | 1 hold R 2–5 | 2 switch 5–6 | 3 hold L 6–9 | 4 rest 9–11 | 5 hold 11–14
ROUTINE = Routine(
    id="r", name="R", prepare=2, rest=2, switch=1, cues=Cues(countdown=3),
    steps=(Step(CALF, hold_override=3, sides_override=Sides.BOTH), Step(WALL, hold_override=3)),
)
EXPECTED_CUES = [
    ("tick", 1.0), ("go", 2.0), ("tick", 3.0), ("tick", 4.0), ("switch", 5.0), ("go", 6.0),
    ("tick", 7.0), ("tick", 8.0), ("stop", 9.0), ("tick", 10.0), ("go", 11.0), ("tick", 12.0), ("tick", 13.0),
    ("complete", 14.0),
]


class Rig:
    def __init__(self, driver: SessionDriver, clock: FakeClock, cues: FakeCues, voice: Voice) -> None:
        self.driver, self.clock, self.cues, self.voice = driver, clock, cues, voice
        self.session = driver.session
        self.batches: list[list[Event]] = []
        self.phases: list[int] = []
        self.states: list[State] = []
        self.summaries: list[SessionSummary] = []
        self.display_ticks = 0
        self.flashes: list[tuple[str, float]] = []
        driver.events_emitted.connect(self.batches.append)
        driver.phase_changed.connect(lambda p: self.phases.append(p.index))
        driver.state_changed.connect(self.states.append)
        driver.finished.connect(self.summaries.append)
        driver.display_tick.connect(self._tick)
        driver.cue_played.connect(lambda cue, at: self.flashes.append((cue, at)))

    def _tick(self) -> None:
        self.display_ticks += 1

    def run_to(self, offset: float) -> list[Event]:
        """Advance the fake clock to ``T0 + offset`` in steps no longer than 1 s, polling after each."""
        events: list[Event] = []
        while self.clock.now() < T0 + offset - 1e-9:
            self.clock.set(min(T0 + offset, self.clock.now() + 1.0))
            events += self.driver.poll()
        return events

    def run_by_timer_schedule(self) -> None:
        """Jump the clock to exactly each armed due time, as a perfect event loop would, and poll."""
        while self.session.state is State.RUNNING:
            due = self.session.next_due()
            assert due is not None
            self.clock.set(due)
            self.driver.poll()

    def active_timers(self) -> list[QTimer]:
        return [t for t in self.driver.findChildren(QTimer) if t.isActive()]


@pytest.fixture
def voice(qapp: object) -> Iterator[Voice]:
    v = create_voice("mock")
    assert v.available, v.reason
    yield v
    v.close()


@pytest.fixture
def make_rig(qapp: object, voice: Voice) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(routine: Routine = ROUTINE, *, max_gap: float | None = 10.0, **kwargs: object) -> Rig:
        clock = FakeClock(T0)
        session = Session.for_routine(routine, clock, max_gap=max_gap)
        cues = FakeCues(clock=clock.now)
        driver = SessionDriver(session, cues, voice, **kwargs)  # type: ignore[arg-type]
        rig = Rig(driver, clock, cues, voice)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        left = [t.objectName() for t in rig.active_timers()]
        rig.driver.stop()
        assert rig.active_timers() == []
        assert left == [], f"test left timers running: {left}"
        rig.driver.deleteLater()


# --- a whole run ----------------------------------------------------------------------------------------------

def test_full_run_plays_every_cue_in_order_at_its_planned_time(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.driver.start()
    assert rig.cues.played == []  # the prepare phase has no sound of its own
    rig.run_by_timer_schedule()
    assert rig.cues.offsets(T0) == EXPECTED_CUES
    assert [(c, round(at - T0, 6)) for c, at in rig.flashes] == EXPECTED_CUES
    assert rig.session.state is State.FINISHED
    assert rig.states == [State.RUNNING, State.FINISHED]
    assert len(rig.summaries) == 1 and rig.summaries[0].completed
    assert rig.phases == [0, 1, 2, 3, 4, 5]
    assert rig.active_timers() == []


def test_every_event_is_emitted_once_in_order(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.driver.start()
    rig.run_to(20)
    events = [e for batch in rig.batches for e in batch]
    assert all(batch for batch in rig.batches)
    assert [e.planned_at for e in events] == sorted(e.planned_at for e in events)
    assert isinstance(events[0], PhaseStarted) and isinstance(events[-1], RoutineComplete)
    assert sum(isinstance(e, RoutineComplete) for e in events) == 1
    assert rig.cues.offsets(T0) == EXPECTED_CUES  # polled once a second: still on time


def test_announcements_are_spoken_in_order(make_rig: Callable[..., Rig], voice: Voice) -> None:
    rig = make_rig()
    rig.driver.start()
    rig.run_by_timer_schedule()
    phases = rig.session.timeline.phases
    assert voice.spoken == [p.announcement for p in phases]
    assert voice.spoken[0] == "Get ready: Towel calf stretch"


def test_disabled_voice_says_nothing_but_cues_still_play(make_rig: Callable[..., Rig], voice: Voice) -> None:
    voice.set_enabled(False)
    rig = make_rig()
    rig.driver.start()
    rig.run_by_timer_schedule()
    assert voice.spoken == []
    assert rig.cues.offsets(T0) == EXPECTED_CUES


def test_driver_runs_without_a_voice(qapp: object) -> None:
    clock = FakeClock(T0)
    session = Session.for_routine(ROUTINE, clock)
    cues = FakeCues(clock=clock.now)
    driver = SessionDriver(session, cues, None)
    driver.start()
    while session.state is State.RUNNING:
        clock.advance(0.5)
        driver.poll()
    assert [c for c, _ in cues.played] == [c for c, _ in EXPECTED_CUES]
    assert driver.running_timers == []


# --- arming the precise timer ------------------------------------------------------------------------------

def test_cue_timer_is_precise_and_armed_for_the_next_due_event(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.driver.start()
    timer = rig.driver.findChild(QTimer, "cue_timer")
    assert timer is not None and timer.isActive() and timer.isSingleShot()
    assert timer.timerType().name == "PreciseTimer"
    assert timer.interval() == 1000  # the tick at 1 s
    rig.clock.set(T0 + 0.2503)
    rig.driver.poll()
    assert timer.interval() == math.ceil((1.0 - 0.2503) * 1000)  # rounded up: never fires early
    rig.clock.set(T0 + 1.0)
    rig.driver.poll()
    assert rig.cues.offsets(T0) == [("tick", 1.0)]
    assert timer.interval() == 1000  # "go" at 2 s
    rig.driver.stop()


def test_a_long_hold_is_still_polled_every_second(make_rig: Callable[..., Rig]) -> None:
    """The session auto-pauses after a 10 s gap between polls; a 30 s hold has no event for 27 s."""
    long = Routine(id="l", name="L", prepare=0, steps=(Step(CALF, hold_override=30),), cues=Cues(countdown=3))
    rig = make_rig(long)
    rig.driver.start()
    assert rig.cues.offsets(T0) == [("go", 0.0)]
    timer = rig.driver.findChild(QTimer, "cue_timer")
    assert timer is not None and timer.interval() == round(HEARTBEAT_S * 1000)
    for _ in range(27):  # what the heartbeat would do
        rig.clock.advance(HEARTBEAT_S)
        rig.driver.poll()
    assert rig.session.state is State.RUNNING
    assert rig.cues.offsets(T0) == [("go", 0.0), ("tick", 27.0)]
    rig.driver.stop()


class FastClock(FakeClock):
    rate = 60.0


def test_a_fast_clock_arms_the_timer_in_real_milliseconds(qapp: object) -> None:
    clock = FastClock(T0)
    session = Session.for_routine(ROUTINE, clock)
    driver = SessionDriver(session, FakeCues(clock=clock.now), None)
    driver.start()
    timer = driver.findChild(QTimer, "cue_timer")
    assert timer is not None and timer.interval() == math.ceil(1000 / 60)
    driver.stop()
    assert driver.running_timers == []


def test_cues_sound_on_time_in_a_real_event_loop(qtbot, qapp: object) -> None:  # type: ignore[no-untyped-def]
    """The timer path for real: short phases on the monotonic clock, cues played within a few ms of plan."""
    quick = Routine(id="q", name="Q", prepare=0.3, rest=0.3, switch=0.2, cues=Cues(countdown=0),
                    steps=(Step(CALF, hold_override=0.3, sides_override=Sides.BOTH), Step(WALL, hold_override=0.3)))
    clock = MonotonicClock()
    session = Session.for_routine(quick, clock)
    cues = FakeCues(clock=clock.now)
    driver = SessionDriver(session, cues, None)
    planned: list[tuple[str, float]] = []
    driver.cue_played.connect(lambda cue, at: planned.append((cue, at)))
    with qtbot.waitSignal(driver.finished, timeout=5000):
        driver.start()
    assert [c for c, _ in cues.played] == ["go", "switch", "go", "stop", "go", "complete"]
    lateness = sorted(played - due for (_, played), (_, due) in zip(cues.played, planned, strict=True))
    assert lateness[0] >= 0  # a precise timer never fires early: it is armed rounded up to the millisecond
    assert lateness[len(lateness) // 2] < 0.010, lateness  # typically ~1 ms
    assert lateness[-1] < 0.100, lateness  # generous for a loaded CI machine; a display-tick poll would be ~100
    assert driver.running_timers == []


# --- stale cues after a freeze ------------------------------------------------------------------------------

def test_cues_too_late_after_a_freeze_are_dropped_but_events_still_reported(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.driver.start()
    rig.run_to(2.0)
    assert rig.cues.offsets(T0) == [("tick", 1.0), ("go", 2.0)]
    rig.clock.set(T0 + 4.5)  # the event loop froze for 2.5 s: ticks at 3 and 4 are stale
    events = rig.driver.poll()
    assert [e.planned_at - T0 for e in events] == [3.0, 4.0]
    assert rig.batches[-1] == events
    assert rig.cues.offsets(T0) == [("tick", 1.0), ("go", 2.0)]
    rig.clock.set(T0 + 5.2)  # 0.2 s late: still fresh enough to play
    rig.driver.poll()
    assert rig.cues.offsets(T0)[-2:] == [("go", 2.0), ("switch", 5.2)]
    rig.run_to(13.0)
    rig.clock.set(T0 + 16.0)  # frozen over the end: "complete" plays however late
    rig.driver.poll()
    assert rig.cues.played[-1] == ("complete", T0 + 16.0)
    assert rig.summaries and rig.active_timers() == []


def test_stale_threshold_is_configurable(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(stale_after=0.0)
    rig.driver.start()
    rig.clock.set(T0 + 1.001)
    rig.driver.poll()
    assert rig.cues.played == []
    rig.driver.stop()


def test_an_announcement_more_than_two_seconds_late_is_not_said(make_rig: Callable[..., Rig], voice: Voice) -> None:
    rig = make_rig()
    rig.driver.start()
    rig.clock.set(T0 + 1.0)
    rig.driver.poll()
    assert voice.spoken == ["Get ready: Towel calf stretch"]
    rig.clock.set(T0 + 4.5)  # the hold started at 2: 2.5 s late
    rig.driver.poll()
    assert voice.spoken == ["Get ready: Towel calf stretch"]
    rig.clock.set(T0 + 6.5)  # the left hold started at 6: 0.5 s late, said
    rig.driver.poll()
    assert voice.spoken[-1] == rig.session.timeline.phases[3].announcement
    assert len(voice.spoken) == 2  # the switch (at 5, 1.5 s late) was superseded by the hold in the same batch
    rig.driver.stop()


# --- timers follow the state --------------------------------------------------------------------------------

def test_display_timer_runs_only_while_running(make_rig: Callable[..., Rig], qtbot) -> None:  # type: ignore[no-untyped-def]
    rig = make_rig(display_interval_ms=20)
    assert rig.active_timers() == []  # READY: nothing runs
    rig.driver.start()
    assert sorted(rig.driver.running_timers) == ["cue_timer", "display_timer"]
    qtbot.waitUntil(lambda: rig.display_ticks >= 3, timeout=2000)

    rig.driver.pause()
    assert rig.states == [State.RUNNING, State.PAUSED]
    assert rig.active_timers() == []
    ticks = rig.display_ticks
    qtbot.wait(100)
    assert rig.display_ticks == ticks

    rig.driver.resume()
    assert sorted(rig.driver.running_timers) == ["cue_timer", "display_timer"]
    rig.run_by_timer_schedule()
    assert rig.states == [State.RUNNING, State.PAUSED, State.RUNNING, State.FINISHED]
    assert rig.active_timers() == []
    ticks = rig.display_ticks
    qtbot.wait(100)
    assert rig.display_ticks == ticks


def test_display_tick_is_about_ten_a_second(make_rig: Callable[..., Rig], qtbot) -> None:  # type: ignore[no-untyped-def]
    rig = make_rig()
    rig.driver.start()
    started = time.monotonic()
    qtbot.waitUntil(lambda: rig.display_ticks >= 5, timeout=3000)
    assert 0.35 <= time.monotonic() - started < 2.0
    rig.driver.stop()
    assert rig.active_timers() == []


def test_stop_leaves_no_timer_running(make_rig: Callable[..., Rig], voice: Voice) -> None:
    rig = make_rig()
    rig.driver.start()
    assert rig.active_timers()
    rig.driver.stop()
    assert rig.active_timers() == [] and rig.driver.running_timers == []
    assert not voice.speaking


def test_a_long_gap_auto_pauses_and_stops_the_timers(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.driver.start()
    rig.clock.advance(30)  # the machine slept
    events = rig.driver.poll()
    assert isinstance(events[-1], AutoPaused)
    assert rig.states == [State.RUNNING, State.PAUSED]
    assert rig.cues.played == [] and rig.active_timers() == []


# --- intents ---------------------------------------------------------------------------------------------

def test_intents_forward_to_the_session_and_process_their_events(make_rig: Callable[..., Rig],
                                                                  voice: Voice) -> None:
    rig = make_rig()
    rig.driver.start()
    rig.clock.advance(0.5)
    events = rig.driver.skip()  # prepare → hold right: "go" now
    assert any(isinstance(e, Jumped) for e in events)
    assert rig.cues.offsets(T0) == [("go", 0.5)] and rig.phases[-1] == 1
    assert voice.spoken[-1] == rig.session.timeline.phases[1].announcement
    rig.clock.advance(0.5)
    rig.driver.ease_off()
    assert rig.session.state is State.PAUSED and rig.active_timers() == []
    assert not voice.speaking
    rig.driver.toggle_pause()
    assert rig.session.state is State.RUNNING and rig.active_timers()
    rig.driver.skip_step()  # → the rest before the wall stretch
    assert rig.session.phase.kind is PhaseKind.REST
    rig.driver.back()
    rig.driver.restart_step()
    rig.driver.jump_to_step(1)
    assert rig.session.phase.index == 4
    rig.driver.finish()
    assert rig.session.state is State.FINISHED and rig.active_timers() == []
    assert len(rig.summaries) == 1 and not rig.summaries[0].completed
    assert rig.cues.played[-1][0] != "complete"  # ended early: no fanfare
    assert rig.driver.finish() == [] and len(rig.summaries) == 1


def test_jump_before_start_reports_the_new_phase(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    assert rig.driver.jump_to_step(1) == []
    assert rig.phases == [4]
    assert rig.active_timers() == [] and rig.states == []


def test_a_cue_player_that_raises_does_not_stop_the_session(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()

    def broken(cue: str) -> None:
        raise RuntimeError("device gone")

    rig.cues.play = broken  # type: ignore[method-assign]
    rig.driver.start()
    rig.run_by_timer_schedule()
    assert rig.session.state is State.FINISHED and len(rig.summaries) == 1


def test_the_display_wakes_when_the_screen_says_it_next_changes(make_rig: Callable[..., Rig], qtbot) -> None:  # type: ignore[no-untyped-def]
    rig = make_rig(display_interval_ms=100)
    asked: list[float] = []

    def due(session: object) -> float:
        asked.append(rig.clock.now())
        return 0.25

    rig.driver.set_display_due(due)
    rig.driver.start()
    timer = rig.driver._display_timer
    assert timer.isActive() and timer.interval() == 251  # just past the change (1 ms), not the 100 ms interval
    qtbot.waitUntil(lambda: rig.display_ticks >= 2, timeout=2000)
    assert len(asked) >= 3  # asked again after each tick

    rig.driver.set_display_due(lambda session: None)  # e.g. an animation: back to the interval
    assert timer.interval() == 100

    def broken(session: object) -> float:
        raise ValueError("a display bug")

    rig.driver.set_display_due(broken)  # must not stop the session: the interval again
    assert timer.interval() == 100 and rig.session.state is State.RUNNING
    rig.driver.set_display_due(None)
    rig.driver.pause()
    assert not timer.isActive()
    rig.driver.stop()


def test_frequent_polls_do_not_put_the_interval_ticks_off(make_rig: Callable[..., Rig], qtbot) -> None:  # type: ignore[no-untyped-def]
    """Many cues close together (or a sped-up clock) poll far more often than the display interval."""
    rig = make_rig(display_interval_ms=50)
    rig.driver.start()
    poller = QTimer()
    poller.setInterval(5)
    poller.timeout.connect(rig.driver.poll)
    poller.start()
    try:
        qtbot.waitUntil(lambda: rig.display_ticks >= 3, timeout=2000)
    finally:
        poller.stop()
        rig.driver.stop()


# --- cues written ahead into the player's streams ------------------------------------------------------------


class TimedSchedulingCues(FakeCues):
    """A player that can schedule, like the Qt streams: remembers when each cue will sound (session clock)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__(clock=clock)
        self.scheduled: list[tuple[str, float]] = []
        self.cancelled = 0

    def schedule(self, cue: str, delay: float) -> bool:
        self.scheduled.append((cue, self._now() + delay))
        return True

    def cancel_scheduled(self) -> None:
        self.cancelled += 1
        now = self._now()
        self.scheduled = [(cue, at) for cue, at in self.scheduled if at <= now]

    def _now(self) -> float:
        assert self.clock is not None
        return self.clock()

    def heard(self, t0: float = T0) -> list[tuple[str, float]]:
        return sorted([(cue, round(at - t0, 6)) for cue, at in self.scheduled + self.played], key=lambda c: c[1])


def scheduling_rig(make_rig: Callable[..., Rig]) -> tuple[Rig, TimedSchedulingCues]:
    rig = make_rig()
    cues = TimedSchedulingCues(rig.clock.now)
    rig.driver._cues = cues  # the rig's driver, given a player that can schedule
    return rig, cues


def follow_cue_timer(rig: Rig, until: float | None = None) -> None:
    """Advance the fake clock to each moment the driver's cue timer is armed for, as the event loop would."""
    timer = next(t for t in rig.driver.findChildren(QTimer) if t.objectName() == "cue_timer")
    while rig.session.state is State.RUNNING and (until is None or rig.clock.now() < T0 + until - 1e-9):
        assert timer.isActive()
        step = max(timer.interval(), 1) / 1000
        if until is not None:
            step = min(step, T0 + until - rig.clock.now())  # stop at ``until``, as a person pressing a key would
        rig.clock.advance(step)
        rig.driver.poll()


def test_a_player_that_can_schedule_gets_every_cue_ahead_and_plays_none_late(make_rig: Callable[..., Rig]) -> None:
    rig, cues = scheduling_rig(make_rig)
    rig.driver.start()
    follow_cue_timer(rig)
    assert cues.played == []  # nothing waited for its due time
    assert cues.heard() == EXPECTED_CUES
    assert [(c, round(at - T0, 6)) for c, at in rig.flashes] == EXPECTED_CUES  # the screen still flashes on time


def test_cues_are_handed_over_early_enough_to_outlast_a_stall(make_rig: Callable[..., Rig]) -> None:
    """Each cue is scheduled at least 0.3 s before it is due: a GUI thread stalled for less cannot make it late."""
    rig, cues = scheduling_rig(make_rig)
    handed: list[float] = []
    original = cues.schedule

    def schedule(cue: str, delay: float) -> bool:
        handed.append(delay)
        return original(cue, delay)

    cues.schedule = schedule  # type: ignore[method-assign]
    rig.driver.start()
    follow_cue_timer(rig)
    assert len(handed) == len(EXPECTED_CUES)
    assert min(handed) >= 0.3 and max(handed) <= 0.35 + 1e-6, handed


def test_a_pause_drops_what_was_scheduled_and_the_cue_comes_after_resuming(make_rig: Callable[..., Rig]) -> None:
    rig, cues = scheduling_rig(make_rig)
    rig.driver.start()
    follow_cue_timer(rig, until=0.8)  # the tick at 1.0 is written ahead now
    assert cues.scheduled == [("tick", T0 + 1.0)]
    rig.driver.pause()
    assert cues.cancelled == 1 and cues.scheduled == []
    rig.clock.advance(5.0)
    rig.driver.resume()
    follow_cue_timer(rig)
    assert cues.heard()[0] == ("tick", 6.0)  # 0.8 s in when paused, resumed 5 s later
    assert [c for c, _ in cues.heard()] == [c for c, _ in EXPECTED_CUES]


def test_a_skip_drops_what_was_scheduled(make_rig: Callable[..., Rig]) -> None:
    rig, cues = scheduling_rig(make_rig)
    rig.driver.start()
    follow_cue_timer(rig, until=1.8)  # "go" at 2.0 is written ahead
    assert cues.scheduled[-1] == ("go", T0 + 2.0)
    rig.driver.skip()  # into the hold now: its "go" plays at once, the scheduled one must not sound too
    assert cues.cancelled == 1
    assert ("go", T0 + 2.0) not in cues.scheduled
    assert cues.played == [("go", rig.clock.now())]
    rig.driver.finish()


# --- breath cues: only when no voice says "breathe in" ------------------------------------------------------

BREATHE = Stretch(id="slow-breathing", name="Slow breathing", instructions=("Breathe slowly.",),
                  breathe=Breathing(inhale=2, hold=0, exhale=3, pause=0, cycles=2))
BREATHING_ROUTINE = Routine(id="b", name="B", prepare=1, steps=(Step(BREATHE),))


def _breath_cues(voice: Voice | None, *, enabled: bool = True) -> list[str]:
    clock = FakeClock(T0)
    session = Session.for_routine(BREATHING_ROUTINE, clock)
    cues = FakeCues(clock=clock.now)
    if voice is not None:
        voice.set_enabled(enabled)
    driver = SessionDriver(session, cues, voice)
    driver.start()
    while session.state is State.RUNNING:
        clock.advance(0.5)
        driver.poll()
    driver.stop()
    return [cue for cue, _ in cues.played if cue.startswith("breath-")]


def test_without_a_voice_each_breath_change_has_its_soft_cue(qapp: object) -> None:
    # The step's first inhale keeps its "go"; then out, in, out.
    assert _breath_cues(None) == ["breath-out", "breath-in", "breath-out"]


def test_a_voice_that_speaks_replaces_the_breath_cues(voice: Voice) -> None:
    assert _breath_cues(voice) == []


def test_a_voice_turned_off_brings_the_breath_cues_back(voice: Voice) -> None:
    assert _breath_cues(voice, enabled=False) == ["breath-out", "breath-in", "breath-out"]


# --- "It let go" ----------------------------------------------------------------------------------------------

# Phases: 0 prepare 0–2 | 1 open hold 2–32 | 2 rest 32–34 | 3 hold 34–37
OPEN = Routine(
    id="relief", name="Relief", prepare=2, rest=2, cues=Cues(countdown=3),
    steps=(Step(CALF, hold_override=30, sides_override=Sides.NONE, until="relief"), Step(WALL, hold_override=3)),
)


def test_let_go_sounds_a_soft_cue_says_so_and_drops_what_was_scheduled(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(OPEN)
    rig.driver.start()
    rig.run_to(12)
    events = rig.driver.let_go()
    assert [type(e).__name__ for e in events] == ["LetGo", "StepFinished", "PhaseStarted"]
    assert rig.cues.offsets(T0)[-1] == ("breath-out", 12.0)  # the rest after it has no sound of its own
    assert rig.flashes[-1] == ("breath-out", T0 + 12)
    rig.run_by_timer_schedule()  # the run goes on from the let-go, not from the hold's planned end
    assert [c for c in rig.cues.offsets(T0) if c[1] > 12] == [("tick", 13.0), ("go", 14.0), ("tick", 15.0),
                                                              ("tick", 16.0), ("complete", 17.0)]


def test_let_go_gives_way_to_a_go_at_the_same_moment(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(Routine(id="r", name="R", prepare=2, rest=0, cues=Cues(countdown=3), steps=OPEN.steps))
    rig.driver.start()
    rig.run_to(12)
    rig.driver.let_go()
    assert rig.cues.offsets(T0)[-1] == ("go", 12.0), "two sounds never start together"
    assert "breath-out" not in rig.cues.plays
    rig.run_by_timer_schedule()


def test_a_poll_just_past_a_change_keeps_the_tick_that_shows_it(make_rig: Callable[..., Rig]) -> None:
    """The heartbeat and the display's tick both fall on the seconds (counted from a phase's start), the tick
    1 ms past each: a poll landing in between must not move that tick on to the next change, which left the
    digits a whole second behind in a hold."""
    rig = make_rig()
    clock = rig.clock

    def next_second(session: object) -> float:
        return T0 + math.floor(clock.now() - T0 + 1e-9) + 1 - clock.now()

    rig.driver.set_display_due(next_second)
    rig.driver.start()
    clock.set(T0 + 0.5)
    rig.driver.poll()
    assert rig.driver.display_tick_at == pytest.approx(T0 + 1.0, abs=0.002)
    clock.set(T0 + 1.0)  # the change; its tick is 1 ms away, and a poll comes first
    rig.driver.poll()
    assert rig.driver.display_tick_at == pytest.approx(T0 + 1.0, abs=0.002)  # still the one that shows it
    assert rig.driver._display_timer.isActive()
    rig.driver._display_timer.timeout.emit()  # it fires: the next is asked for from there
    assert rig.driver.display_tick_at == pytest.approx(T0 + 2.0, abs=0.002)
    rig.driver.stop()
