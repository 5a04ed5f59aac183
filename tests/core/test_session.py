"""The session engine, stepped by hand on a fake clock: no event loop, no sleeping."""

from __future__ import annotations

import dataclasses

import pytest

from stretch_timer.core.clock import FakeClock, MonotonicClock
from stretch_timer.core.cue_plan import BREATH_CUES, cue_for
from stretch_timer.core.events import (
    AutoPaused,
    CountdownTick,
    EasedOff,
    Event,
    Halfway,
    Jumped,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    RoutineComplete,
    SideSwitch,
    StepFinished,
)
from stretch_timer.core.model import Breathing, Cues, Relaxation, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import PhaseKind, Side, plan
from stretch_timer.core.session import Session, State

T0 = 1000.0
CALF = Stretch(id="towel-calf", name="Towel calf stretch", instructions=("Pull gently.",))
WALL = Stretch(id="wall-calf", name="Wall calf stretch", instructions=("Lean in.",))
BREATHE = Stretch(id="breathe", name="Slow breathing", instructions=("Breathe.",),
                  breathe=Breathing(inhale=2, hold=1, exhale=2, pause=0, cycles=2))
PMR = Stretch(id="pmr", name="Muscle relaxation", instructions=("Tense, relax.",),
              pmr=Relaxation(tense=2, relax=3, groups=("feet", "calves")))


def routine(*steps: Step, prepare: float = 2, rest: float = 2, switch: float = 1, countdown: int = 3,
            halfway: bool = False) -> Routine:
    return Routine(id="r", name="R", steps=steps, prepare=prepare, rest=rest, switch=switch,
                   cues=Cues(countdown=countdown, halfway=halfway))


def hold(stretch: Stretch = CALF, seconds: float = 3, sides: Sides = Sides.NONE, repeat: int = 1) -> Step:
    return Step(stretch, hold_override=seconds, sides_override=sides, repeat=repeat)


# Phases: 0 prepare 0–2 | 1 hold R 2–5 | 2 switch 5–6 | 3 hold L 6–9 | 4 rest 9–11 |
#         5 in 11–13 | 6 hold 13–14 | 7 out 14–16 | 8 in 16–18 | 9 hold 18–19 | 10 out 19–21
TINY = routine(hold(sides=Sides.BOTH), Step(BREATHE))


def session(r: Routine = TINY, max_gap: float | None = None) -> tuple[Session, FakeClock]:
    clock = FakeClock(T0)
    return Session.for_routine(r, clock, max_gap=max_gap), clock


def brief(events: list[Event]) -> list[tuple[str, int, float, object]]:
    """(type, phase index, planned offset from T0, detail) — enough to compare whole runs at a glance."""
    out = []
    for e in events:
        detail: object = None
        if isinstance(e, CountdownTick):
            detail = e.seconds_left
        elif isinstance(e, SideSwitch):
            detail = e.side
        elif isinstance(e, StepFinished):
            detail = e.step_index
        elif isinstance(e, RoutineComplete):
            detail = e.completed
        elif isinstance(e, Jumped):
            detail = (e.from_phase.index, e.reason)
        out.append((type(e).__name__, e.phase.index, round(e.planned_at - T0, 9), detail))
    return out


TINY_RUN = [
    ("PhaseStarted", 0, 0, None), ("CountdownTick", 0, 1, 1), ("PhaseEnded", 0, 2, None),
    ("PhaseStarted", 1, 2, None), ("CountdownTick", 1, 3, 2), ("CountdownTick", 1, 4, 1),
    ("PhaseEnded", 1, 5, None), ("PhaseStarted", 2, 5, None), ("SideSwitch", 2, 5, Side.LEFT),
    ("PhaseEnded", 2, 6, None), ("PhaseStarted", 3, 6, None), ("CountdownTick", 3, 7, 2),
    ("CountdownTick", 3, 8, 1), ("PhaseEnded", 3, 9, None), ("StepFinished", 3, 9, 0),
    ("PhaseStarted", 4, 9, None), ("CountdownTick", 4, 10, 1), ("PhaseEnded", 4, 11, None),
    ("PhaseStarted", 5, 11, None), ("PhaseEnded", 5, 13, None), ("PhaseStarted", 6, 13, None),
    ("PhaseEnded", 6, 14, None), ("PhaseStarted", 7, 14, None), ("PhaseEnded", 7, 16, None),
    ("PhaseStarted", 8, 16, None), ("PhaseEnded", 8, 18, None), ("PhaseStarted", 9, 18, None),
    ("PhaseEnded", 9, 19, None), ("PhaseStarted", 10, 19, None), ("PhaseEnded", 10, 21, None),
    ("StepFinished", 10, 21, 1), ("RoutineComplete", 10, 21, True),
]


# --- plain runs --------------------------------------------------------------------------------------------

def test_plain_run_exact_event_sequence_with_one_late_tick() -> None:
    s, clock = session()
    assert s.state is State.READY and s.tick() == []
    events = s.start()
    assert brief(events) == TINY_RUN[:1] and s.state is State.RUNNING
    assert isinstance(events[0], PhaseStarted) and events[0].announcement == "Get ready: Towel calf stretch"
    clock.advance(100)
    events += s.tick()
    assert brief(events) == TINY_RUN
    assert s.state is State.FINISHED and s.position == 21 and s.remaining == 0 and s.total_remaining == 0
    assert s.tick() == [] and s.pause() == [] and s.skip() == []


@pytest.mark.parametrize("step", [0.001, 0.1, 0.3, 0.7, 1.0, 2.5])
def test_any_tick_rate_gives_the_same_events_and_planned_times(step: float) -> None:
    s, clock = session()
    events = s.start()
    while s.state is not State.FINISHED:
        clock.advance(step)
        events += s.tick()
    assert brief(events) == TINY_RUN
    assert [e.planned_at for e in events] == [T0 + at for _, _, at, _ in TINY_RUN]  # exact, not rounded


def test_ticks_report_each_event_once_at_or_after_its_time() -> None:
    s, clock = session()
    s.start()
    clock.advance(1.999)
    assert brief(s.tick()) == [("CountdownTick", 0, 1, 1)]
    assert s.tick() == []
    clock.advance(0.001)
    assert brief(s.tick()) == [("PhaseEnded", 0, 2, None), ("PhaseStarted", 1, 2, None)]
    assert s.phase_index == 1 and s.remaining == pytest.approx(3)


def test_reading_state_follows_the_clock_between_ticks() -> None:
    s, clock = session()
    s.start()
    clock.advance(3.25)  # no tick: properties are measured, not counted
    assert s.position == pytest.approx(3.25)
    assert s.phase.kind is PhaseKind.HOLD and s.remaining == pytest.approx(1.75)
    assert s.total_remaining == pytest.approx(17.75) and s.elapsed_active == pytest.approx(3.25)


# --- pause / resume ----------------------------------------------------------------------------------------

def test_pause_banks_time_and_resume_shifts_what_follows() -> None:
    s, clock = session()
    s.start()
    clock.advance(3.5)
    events = s.pause()
    assert brief(events) == [("CountdownTick", 0, 1, 1), ("PhaseEnded", 0, 2, None),
                             ("PhaseStarted", 1, 2, None),
                             ("CountdownTick", 1, 3, 2), ("Paused", 1, 3.5, None)]
    assert s.state is State.PAUSED
    remaining = s.remaining
    clock.advance(60)
    assert s.tick() == [] and s.remaining == remaining == 1.5 and s.position == 3.5
    assert s.paused_seconds == 60 and s.elapsed_active == 3.5
    assert brief(s.resume()) == [("Resumed", 1, 63.5, None)]
    clock.advance(2)
    assert brief(s.tick()) == [("CountdownTick", 1, 64, 1), ("PhaseEnded", 1, 65, None),
                               ("PhaseStarted", 2, 65, None), ("SideSwitch", 2, 65, Side.LEFT)]


def test_toggle_pause_starts_pauses_and_resumes() -> None:
    s, _ = session()
    assert isinstance(s.toggle_pause()[0], PhaseStarted) and s.state is State.RUNNING
    assert isinstance(s.toggle_pause()[-1], Paused) and s.state is State.PAUSED
    assert isinstance(s.toggle_pause()[-1], Resumed) and s.state is State.RUNNING
    assert s.resume() == [] and s.start() == []


# --- long gaps ---------------------------------------------------------------------------------------------

def test_long_gap_auto_pauses_at_the_previous_ticks_position() -> None:
    s, clock = session(max_gap=10)
    s.start()
    clock.advance(3)
    s.tick()
    clock.advance(600)  # laptop lid closed
    assert s.position == 3  # even before the tick notices, the gap does not count
    events = s.tick()
    assert len(events) == 1 and isinstance(events[0], AutoPaused)
    assert events[0].reason == "gap" and events[0].gap_seconds == 600 and events[0].phase.index == 1
    assert s.state is State.PAUSED and s.position == 3 and s.remaining == 2
    assert s.paused_seconds == 600 and s.elapsed_active == 3
    clock.advance(5)
    s.resume()
    clock.advance(2)
    assert brief(s.tick()) == [("CountdownTick", 1, 609, 1), ("PhaseEnded", 1, 610, None),
                               ("PhaseStarted", 2, 610, None), ("SideSwitch", 2, 610, Side.LEFT)]


def test_gap_within_the_limit_catches_up_normally() -> None:
    s, clock = session(max_gap=10)
    s.start()
    clock.advance(10)
    assert not any(isinstance(e, AutoPaused) for e in s.tick())
    assert s.position == 10


class RatedClock(FakeClock):
    """A fake clock running ``rate`` times faster than real time, as the shell's scaled clock says it does."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate = rate


def test_the_max_gap_is_real_time_on_a_clock_that_runs_faster() -> None:
    """At 200x real speed, 12 clock seconds between catch-ups is 60 real ms (the GUI thread busy as sound comes
    up): it used to auto-pause the run for good; 11 real seconds (2200 clock seconds) still does."""
    clock = RatedClock(200)
    s = Session.for_routine(TINY, clock, max_gap=10)
    s.start()
    clock.advance(12)
    assert s.position == 12
    assert not any(isinstance(e, AutoPaused) for e in s.tick()) and s.state is State.RUNNING and s.position == 12
    clock = RatedClock(200)
    s = Session.for_routine(TINY, clock, max_gap=10)
    s.start()
    clock.advance(11 * 200)
    assert s.position == 0
    assert [type(e) for e in s.tick()] == [AutoPaused] and s.state is State.PAUSED


def test_an_intent_after_a_long_gap_sees_the_auto_pause_first() -> None:
    s, clock = session(max_gap=10)
    s.start()
    clock.advance(30)
    events = s.pause()
    assert [type(e) for e in events] == [AutoPaused] and s.state is State.PAUSED and s.position == 0


# --- jumps -------------------------------------------------------------------------------------------------

def test_skip_ends_the_phase_now_without_a_phase_ended() -> None:
    s, clock = session()
    s.start()
    clock.advance(2.5)
    events = s.skip()
    assert brief(events) == [("CountdownTick", 0, 1, 1), ("PhaseEnded", 0, 2, None),
                             ("PhaseStarted", 1, 2, None),
                             ("Jumped", 2, 2.5, (1, "skip")), ("PhaseStarted", 2, 2.5, None),
                             ("SideSwitch", 2, 2.5, Side.LEFT)]
    assert s.position == 5 and s.phase_index == 2 and s.remaining == 1
    clock.advance(1)
    assert brief(s.tick()) == [("PhaseEnded", 2, 3.5, None), ("PhaseStarted", 3, 3.5, None)]


def test_skip_on_the_last_phase_completes_the_routine() -> None:
    s, clock = session()
    s.start()
    s.jump_to_step(1)
    while s.phase_index < 10:
        s.skip()
    clock.advance(0.5)
    events = s.skip()
    assert brief(events) == [("RoutineComplete", 10, 0.5, True)]
    assert s.state is State.FINISHED and s.summary().completed


def test_skip_step_goes_to_the_next_steps_lead_in_rest() -> None:
    r = routine(hold(sides=Sides.BOTH), hold(WALL), hold(CALF))
    # 0 prepare | 1 R 2 switch 3 L | 4 rest 5 hold (step 1) | 6 rest 7 hold (step 2)
    s, _ = session(r)
    s.start()
    assert s.skip_step()[-1].phase.index == 1  # from the prepare: step 0
    assert s.skip_step()[-1].phase.index == 4  # from step 0: the rest before step 1
    assert s.skip_step()[-1].phase.index == 6  # the rest belongs to step 1, so step 2 is next
    events = s.skip_step()
    assert isinstance(events[-1], RoutineComplete) and events[-1].completed
    assert [st.skipped for st in s.summary().steps] == [True, True, True]


def test_back_restarts_after_two_seconds_else_goes_to_the_previous_phase() -> None:
    s, clock = session()
    s.start()
    assert brief(s.back()) == [("Jumped", 0, 0, (0, "back")), ("PhaseStarted", 0, 0, None)]
    clock.advance(4.5)  # 2.5 s into the right hold
    s.tick()
    assert brief(s.back()) == [("Jumped", 1, 4.5, (1, "back")), ("PhaseStarted", 1, 4.5, None)]
    assert s.position == 2 and s.remaining == 3
    clock.advance(2)  # exactly 2 s in: not "more than 2"
    events = s.back()
    assert brief(events)[-2:] == [("Jumped", 0, 6.5, (1, "back")), ("PhaseStarted", 0, 6.5, None)]


def test_restart_step_goes_to_the_first_active_phase_of_the_current_step() -> None:
    s, clock = session()
    s.start()
    assert s.restart_step()[-1].phase.index == 0  # the prepare has no step: it restarts itself
    s.jump_to_step(1)
    assert s.phase_index == 4  # the lead-in rest
    assert s.restart_step()[-1].phase.index == 5  # forwards to the first breath
    s.jump_to_step(0)
    clock.advance(4.5)  # 1 s into the left hold... via right 3 + switch 1
    s.tick()
    assert s.phase_index == 3
    events = s.restart_step()
    assert brief(events)[-2:] == [("Jumped", 1, 4.5, (3, "restart_step")), ("PhaseStarted", 1, 4.5, None)]


def test_jumps_keep_the_paused_state() -> None:
    s, clock = session()
    s.start()
    clock.advance(1)
    s.pause()
    clock.advance(5)
    events = s.jump_to_step(1)
    assert brief(events) == [("Jumped", 4, 6, (0, "jump")), ("PhaseStarted", 4, 6, None)]
    assert s.state is State.PAUSED and s.position == 9 and s.remaining == 2
    clock.advance(5)
    assert s.tick() == [] and s.position == 9
    s.resume()
    clock.advance(2)
    assert brief(s.tick())[-2:] == [("PhaseEnded", 4, 13, None), ("PhaseStarted", 5, 13, None)]


def test_jump_before_start_sets_where_start_begins() -> None:
    s, _ = session()
    assert s.jump_to_step(1) == []
    assert s.state is State.READY
    assert brief(s.start()) == [("PhaseStarted", 4, 0, None)]
    with pytest.raises(IndexError):
        s.jump_to_step(2)


# --- ease off / finish -------------------------------------------------------------------------------------

def test_ease_off_pauses_and_marks_the_step() -> None:
    s, clock = session()
    s.start()
    clock.advance(3)
    events = s.ease_off()
    assert isinstance(events[-1], EasedOff) and events[-1].step_index == 0
    assert not any(isinstance(e, Paused) for e in events)
    assert s.state is State.PAUSED and s.eased_steps == {0}
    again = s.ease_off()  # already paused: still reported, still paused
    assert [type(e) for e in again] == [EasedOff] and s.state is State.PAUSED
    assert [st.eased for st in s.summary().steps] == [True, False]


def test_ease_off_in_the_prepare_marks_no_step() -> None:
    s, _ = session()
    s.start()
    events = s.ease_off()
    assert isinstance(events[-1], EasedOff) and events[-1].step_index is None and s.eased_steps == set()


def test_finish_ends_early_and_everything_after_is_a_no_op() -> None:
    s, clock = session()
    assert s.finish() == []  # not started
    s.start()
    clock.advance(4)
    events = s.finish()
    assert brief(events)[-1] == ("RoutineComplete", 1, 4, False)
    assert s.state is State.FINISHED
    clock.advance(50)
    assert s.tick() == [] and s.resume() == [] and s.ease_off() == [] and s.back() == [] and s.finish() == []
    summary = s.summary()
    assert not summary.completed and summary.ended_at == T0 + 4 and summary.total_seconds == 4
    assert [st.skipped for st in summary.steps] == [True, True]
    assert [st.done_seconds for st in summary.steps] == [2, 0]


def test_finish_while_paused_counts_the_pause() -> None:
    s, clock = session()
    s.start()
    clock.advance(1)
    s.pause()
    clock.advance(9)
    s.finish()
    summary = s.summary()
    assert summary.paused_seconds == 9 and summary.total_seconds == 1 and summary.ended_at == T0 + 10


# --- countdown and halfway ---------------------------------------------------------------------------------

def ticks(r: Routine) -> list[tuple[int, float, int]]:
    s, clock = session(r)
    events = s.start()
    clock.advance(1000)
    events += s.tick()
    return [(e.phase.index, e.planned_at - T0, e.seconds_left)
            for e in events if isinstance(e, CountdownTick)]


def test_countdown_ticks_only_inside_the_phase() -> None:
    assert ticks(routine(hold(seconds=2), prepare=0)) == [(0, 1, 1)]  # hold shorter than the countdown
    assert ticks(routine(hold(seconds=3), prepare=0)) == [(0, 1, 2), (0, 2, 1)]  # 3 would collide with "go"
    assert ticks(routine(hold(seconds=2.5), prepare=0)) == [(0, 0.5, 2), (0, 1.5, 1)]
    assert ticks(routine(hold(seconds=10), prepare=5, countdown=5)) == [
        (0, 1, 4), (0, 2, 3), (0, 3, 2), (0, 4, 1),
        (1, 10, 5), (1, 11, 4), (1, 12, 3), (1, 13, 2), (1, 14, 1),
    ]


def test_countdown_zero_is_off() -> None:
    assert ticks(routine(hold(seconds=10, sides=Sides.BOTH), prepare=5, countdown=0)) == []


def test_no_countdown_inside_breathing_or_relaxation() -> None:
    assert ticks(routine(Step(BREATHE), Step(PMR), prepare=0, rest=0)) == []


def test_halfway_only_when_enabled_and_the_hold_is_long() -> None:
    def halfway(r: Routine) -> list[tuple[int, float]]:
        s, clock = session(r)
        s.start()
        clock.advance(1000)
        return [(e.phase.index, e.planned_at - T0) for e in s.tick() if isinstance(e, Halfway)]

    assert halfway(routine(hold(seconds=20), hold(seconds=19), prepare=2, halfway=True)) == [(1, 12)]
    assert halfway(routine(hold(seconds=30), prepare=2, halfway=False)) == []
    both = routine(hold(seconds=25, sides=Sides.BOTH), prepare=0, halfway=True)
    assert halfway(both) == [(0, 12.5), (2, 38.5)]


def test_side_switch_without_a_switch_phase_fires_at_the_new_sides_hold() -> None:
    s, clock = session(routine(hold(sides=Sides.BOTH), prepare=0, switch=0))
    events = s.start()
    clock.advance(10)
    events += s.tick()
    switches = [e for e in events if isinstance(e, SideSwitch)]
    assert [(e.phase.index, e.phase.kind, e.side, e.planned_at - T0) for e in switches] == [
        (1, PhaseKind.HOLD, Side.LEFT, 3)]


# --- summary -----------------------------------------------------------------------------------------------

def test_summary_of_a_full_run_with_a_pause() -> None:
    s, clock = session()
    s.start()
    clock.advance(7)
    s.pause()
    clock.advance(30)
    s.resume()
    clock.advance(100)
    s.tick()
    summary = s.summary()
    assert summary.completed and summary.started_at == T0 and summary.ended_at == T0 + 51
    assert summary.total_seconds == 21 and summary.paused_seconds == 30
    assert [(st.step_index, st.name, st.planned_seconds, st.done_seconds, st.skipped, st.eased)
            for st in summary.steps] == [
        (0, "Towel calf stretch", 7, 7, False, False), (1, "Slow breathing", 10, 10, False, False)]


def test_summary_counts_running_time_not_jumps() -> None:
    s, clock = session()
    s.start()
    clock.advance(4.5)  # 2.5 s into the right hold
    s.back()  # restart it: no credit for the jump itself
    clock.advance(3)  # the whole right hold
    s.tick()
    s.skip()  # the switch
    s.skip()  # the left hold: left by a jump before its end
    clock.advance(12)
    s.tick()
    summary = s.summary()
    assert summary.completed and summary.total_seconds == 19.5
    step0, step1 = summary.steps
    assert step0.done_seconds == 5.5 and step0.skipped  # 2.5 + 3 s of holds; the left hold was skipped
    assert step1.done_seconds == 10 and not step1.skipped
    assert sum(st.done_seconds for st in summary.steps) + 2 + 2 == summary.total_seconds  # + prepare, rest


def test_summary_before_start() -> None:
    s, _ = session()
    summary = s.summary()
    assert summary.started_at is None and summary.total_seconds == 0 and not summary.completed
    assert all(st.skipped and st.done_seconds == 0 for st in summary.steps)


# --- cue plan ----------------------------------------------------------------------------------------------

def cues(r: Routine, *, voice: bool = True) -> list[tuple[str, int, float]]:
    s, clock = session(r)
    events = s.start()
    clock.advance(1000)
    events += s.tick()
    return [(c, e.phase.index, e.planned_at - T0) for e in events if (c := cue_for(e, voice=voice)) is not None]


def test_cue_plan_for_the_tiny_routine() -> None:
    assert cues(TINY) == [
        ("tick", 0, 1), ("go", 1, 2), ("tick", 1, 3), ("tick", 1, 4), ("switch", 2, 5),  # no "stop" under "switch"
        ("go", 3, 6), ("tick", 3, 7), ("tick", 3, 8), ("stop", 3, 9), ("tick", 4, 10), ("go", 5, 11),
        ("complete", 10, 21),  # the breathing step's last "stop" is replaced by "complete"
    ]


def test_without_a_voice_each_breath_in_and_out_has_its_own_soft_cue() -> None:
    """Phases 5 in, 6 hold, 7 out, 8 in, 9 hold, 10 out: the first inhale keeps the step's "go"."""
    assert cues(TINY, voice=False) == [
        ("tick", 0, 1), ("go", 1, 2), ("tick", 1, 3), ("tick", 1, 4), ("switch", 2, 5),
        ("go", 3, 6), ("tick", 3, 7), ("tick", 3, 8), ("stop", 3, 9), ("tick", 4, 10), ("go", 5, 11),
        ("breath-out", 7, 14), ("breath-in", 8, 16), ("breath-out", 10, 19), ("complete", 10, 21),
    ]


def test_breath_cues_stay_quiet_where_a_voice_speaks() -> None:
    s, clock = session()
    events = s.start()
    clock.advance(1000)
    events += s.tick()
    breathing = [e for e in events if isinstance(e, PhaseStarted) and e.phase.kind in (
        PhaseKind.INHALE, PhaseKind.EXHALE)]
    assert len(breathing) == 4
    assert {cue_for(e, voice=True) for e in breathing} == {"go", None}
    assert [cue_for(e) for e in breathing] == ["go", "breath-out", "breath-in", "breath-out"]  # default: no voice
    assert {"breath-in", "breath-out"} == BREATH_CUES


def test_a_jump_into_the_middle_of_breathing_gives_the_breath_its_cue() -> None:
    s, clock = session()
    s.start()
    clock.advance(16.5)  # in phase 8, breathing in
    s.tick()
    clock.advance(0.5)
    events = s.back()  # only 1 s in: back to phase 7, breathing out
    assert [cue_for(e) for e in events if isinstance(e, PhaseStarted)] == ["breath-out"]


def test_a_breath_hold_and_a_pause_have_no_breath_cue() -> None:
    box = Stretch(id="box", name="Box breathing", instructions=("Breathe.",),
                  breathe=Breathing(inhale=2, hold=2, exhale=2, pause=2, cycles=2))
    assert cues(routine(Step(box), prepare=0, countdown=0), voice=False) == [
        ("go", 0, 0), ("breath-out", 2, 4), ("breath-in", 4, 8), ("breath-out", 6, 12), ("complete", 7, 16)]


def test_two_sounds_never_start_together() -> None:
    assert cues(routine(Step(BREATHE), hold(seconds=5), prepare=0, rest=0, countdown=0)) == [
        ("go", 0, 0), ("go", 6, 10), ("complete", 6, 15)]  # no "stop" under the next step's "go"
    assert cues(routine(Step(BREATHE), hold(seconds=5), prepare=0, rest=0, countdown=0), voice=False) == [
        ("go", 0, 0), ("breath-out", 2, 3), ("breath-in", 3, 5), ("breath-out", 5, 8), ("go", 6, 10),
        ("complete", 6, 15)]


def test_relaxation_cues_go_on_each_tense() -> None:
    assert cues(routine(Step(PMR), hold(seconds=1), prepare=0, rest=0, countdown=0)) == [
        ("go", 0, 0), ("go", 2, 5), ("go", 4, 10), ("complete", 4, 11)]


def test_intents_and_early_finish_have_no_cue() -> None:
    s, clock = session()
    s.start()
    clock.advance(3)
    events = s.pause() + s.resume() + s.ease_off() + s.skip() + s.finish()
    assert [cue_for(e) for e in events if not isinstance(e, PhaseStarted | PhaseEnded | CountdownTick)] == [
        None] * 6


# --- clocks ------------------------------------------------------------------------------------------------

def test_fake_clock_only_goes_forwards() -> None:
    clock = FakeClock()
    assert clock.now() == 1000.0
    clock.advance(1.5)
    clock.set(2000)
    assert clock.now() == 2000
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(1999)


def test_monotonic_clock_is_monotonic() -> None:
    clock = MonotonicClock()
    a = clock.now()
    assert clock.now() >= a


def test_session_for_routine_uses_the_routines_cues() -> None:
    r = routine(hold(seconds=30), prepare=0, countdown=0, halfway=True)
    s = Session.for_routine(r, FakeClock(), max_gap=None)
    assert s.timeline == plan(r)
    s.start()
    s.clock.advance(40)  # type: ignore[attr-defined]
    kinds = [type(e) for e in s.tick()]
    assert Halfway in kinds and CountdownTick not in kinds


def test_next_due_names_the_clock_time_of_the_next_event_so_the_shell_can_wake_exactly_then() -> None:
    s, clock = session()
    assert s.next_due() is None  # not started
    s.start()
    assert s.next_due() == T0 + 1  # the "1" tick of the 2-s prepare (a "2" tick would clash with its start)
    while (due := s.next_due()) is not None:
        clock.set(due)
        events = s.tick()
        assert events and all(e.planned_at == due for e in events)
    assert s.state is State.FINISHED


def test_next_due_follows_a_pause() -> None:
    s, clock = session()
    s.start()
    s.tick()
    first = s.next_due()
    assert first is not None and first > T0
    clock.advance(0.5)
    s.pause()
    assert s.next_due() is None
    clock.advance(10)
    s.resume()
    assert s.next_due() == first + 10


def test_a_hold_followed_by_a_rest_still_says_stop() -> None:
    assert cues(routine(hold(seconds=5), hold(WALL, seconds=5), prepare=0, rest=3, countdown=0)) == [
        ("go", 0, 0), ("stop", 0, 5), ("go", 2, 8), ("complete", 2, 13)]


def test_upcoming_previews_what_tick_will_report_without_reporting_it() -> None:
    """A shell may write a cue into its audio stream ahead of time: the preview must say exactly what the
    later tick reports, with the same planned times, and must not use the events up."""
    s, clock = session()
    assert s.upcoming(5.0) == []  # not running yet
    s.start()
    clock.advance(1.5)
    ahead = s.upcoming(1.0)  # up to 2.5 s in, with what is due but not yet reported (the tick at 1 s)
    assert ahead and all(e.planned_at <= T0 + 2.5 for e in ahead)
    assert any(e.planned_at == T0 + 2.0 for e in ahead)  # the hold starts at 2 s
    assert s.upcoming(1.0) == ahead  # previewing twice changes nothing
    clock.advance(1.0)
    assert s.tick() == ahead
    s.pause()
    assert s.upcoming(10.0) == []


def test_upcoming_follows_a_pause_and_a_jump() -> None:
    s, clock = session()
    s.start()
    clock.advance(0.5)
    before = s.upcoming(3.0)
    s.pause()
    clock.advance(4.0)
    s.resume()
    after = s.upcoming(3.0)
    assert [type(e) for e in after] == [type(e) for e in before]
    assert all(b.planned_at + 4.0 == a.planned_at for a, b in zip(after, before, strict=True))
    s.skip()
    assert all(e.planned_at >= clock.now() for e in s.upcoming(3.0))
    assert s.upcoming(0.0) == [] or all(e.planned_at == clock.now() for e in s.upcoming(0.0))


def test_upcoming_never_looks_past_the_end() -> None:
    s, clock = session()
    s.start()
    everything = s.upcoming(10_000.0)
    assert everything[-1] == dataclasses.replace(everything[-1])
    assert type(everything[-1]).__name__ == "RoutineComplete"
    clock.advance(s.timeline.total + 5)
    assert s.tick()[-1] == everything[-1]
    assert s.upcoming(10.0) == []
