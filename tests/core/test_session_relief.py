"""The open-ended relief hold ("until: relief"), from the file to the record, stepped by hand on a fake clock.

It counts up, ends when the person says the cramp let go (the time to relief is kept, pauses left out) or at its
upper bound (the run goes on as planned), keeps Ease off, and has no countdown before its unknown end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent

import pytest

from stretch_timer.core.clock import FakeClock
from stretch_timer.core.events import (
    CountdownTick,
    EasedOff,
    Event,
    Halfway,
    LetGo,
    PhaseEnded,
    PhaseStarted,
    RoutineComplete,
    StepFinished,
)
from stretch_timer.core.loader import load_routine_text
from stretch_timer.core.model import (
    DEFAULT_RELIEF_HOLD,
    UNTIL_RELIEF,
    Action,
    Breathing,
    Cues,
    Routine,
    Sides,
    Step,
    Stretch,
)
from stretch_timer.core.plan import PhaseKind, plan
from stretch_timer.core.run_record import Outcome, run_record
from stretch_timer.core.session import Session, State
from stretch_timer.core.writer import routine_to_yaml

T0 = 1000.0
TOE_PULL = Stretch(id="seated-toe-pull", name="Seated toe pull", instructions=("Pull the toes back.",),
                   muscles=("calf",), hold=30.0, sides=Sides.BOTH)
RUB = Stretch(id="calf-massage", name="Calf massage", instructions=("Rub.",), action=Action.MASSAGE, hold=10.0)
BREATHE = Stretch(id="mindful-breathing", name="Mindful breathing", instructions=("Breathe.",),
                  breathe=Breathing(inhale=2, exhale=3, cycles=2))
CATALOG = {s.id: s for s in (TOE_PULL, RUB, BREATHE)}


def open_hold(bound: float | None = 60) -> Step:
    return Step(TOE_PULL, hold_override=bound, sides_override=Sides.NONE, until=UNTIL_RELIEF)


def relief(*steps: Step, countdown: int = 3, halfway: bool = True) -> Routine:
    """Prepare 3 | open hold 3–63 | rest 5 | massage 10 | …"""
    steps = steps or (open_hold(), Step(RUB), Step(BREATHE))
    return Routine(id="calf-cramp-relief", name="Calf cramp", steps=steps, prepare=3, rest=5, switch=5,
                   tags=("relief",), relieves=("calf",), cues=Cues(countdown=countdown, halfway=halfway))


def start(r: Routine | None = None, max_gap: float | None = 10.0) -> tuple[Session, FakeClock]:
    clock = FakeClock(T0)
    s = Session.for_routine(r or relief(), clock, max_gap=max_gap)
    s.start()
    return s, clock


def walk(s: Session, clock: FakeClock, seconds: float, step: float = 0.5) -> list[Event]:
    out: list[Event] = []
    while seconds > 1e-9:
        d = min(step, seconds)
        clock.advance(d)
        seconds -= d
        out += s.tick()
    return out


# --- the planner ---------------------------------------------------------------------------------------


def test_the_open_hold_is_one_phase_at_its_upper_bound_with_words_of_its_own() -> None:
    tl = plan(relief())
    hold = tl.phases[1]
    assert (hold.kind, hold.duration, hold.open_ended, hold.side) == (PhaseKind.HOLD, 60, True, None)
    assert hold.label == "Hold until it lets go"
    assert hold.announcement == "Seated toe pull, hold until it lets go, up to 1 minute"
    assert tl.phases[0].next_label == "Next: Seated toe pull"
    assert tl.open_ended and not any(p.open_ended for p in tl.phases[2:])
    assert tl.total == 3 + 60 + 5 + 10 + 5 + 10  # the bound counts: "up to" this long


def test_without_a_hold_the_bound_is_two_minutes_not_the_stretchs_own_hold() -> None:
    step = open_hold(bound=None)
    assert step.hold == DEFAULT_RELIEF_HOLD == 120 and step.open_ended
    assert plan(relief(step)).phases[1].duration == 120


def test_no_countdown_and_no_halfway_before_an_unknown_end() -> None:
    s, clock = start()
    events = walk(s, clock, 62.9)
    in_hold = [e for e in events if e.phase.index == 1]
    assert not [e for e in in_hold if isinstance(e, CountdownTick | Halfway)]
    # ... but the get-ready before it still counts down into it
    assert [e.seconds_left for e in events if isinstance(e, CountdownTick) and e.phase.index == 0] == [2, 1]


# --- the session ---------------------------------------------------------------------------------------


def test_it_counts_up_and_let_go_ends_it_keeps_the_time_and_moves_on() -> None:
    s, clock = start()
    walk(s, clock, 3)  # the get-ready
    assert s.phase.open_ended and s.in_open_hold
    walk(s, clock, 48)
    assert s.elapsed_in_phase == pytest.approx(48)
    events = s.let_go()
    assert [type(e) for e in events] == [LetGo, StepFinished, PhaseStarted]
    let_go = events[0]
    assert isinstance(let_go, LetGo)
    assert (let_go.seconds, let_go.step_index, let_go.planned_at) == (pytest.approx(48), 0, clock.now())
    assert events[2].phase.kind is PhaseKind.REST and events[2].planned_at == clock.now()
    assert s.time_to_relief == pytest.approx(48) and not s.in_open_hold
    assert s.state is State.RUNNING and s.elapsed_in_phase == 0
    walk(s, clock, 5)
    assert s.phase.stretch is RUB  # the gentle follow-up, on time from the let-go
    assert s.let_go() == []  # nothing to let go of outside an open hold
    walk(s, clock, s.total_remaining + 1)
    summary = s.summary()
    assert summary.completed and summary.time_to_relief == pytest.approx(48)
    first = summary.steps[0]
    assert (first.skipped, first.done_seconds, first.planned_seconds) == (False, pytest.approx(48), 60)
    assert summary.total_seconds == pytest.approx(3 + 48 + 5 + 10 + 5 + 10)


def test_reaching_the_upper_bound_ends_it_as_planned_without_a_time_to_relief() -> None:
    s, clock = start()
    events = walk(s, clock, 63.5)
    ended = [e for e in events if isinstance(e, PhaseEnded) and e.phase.index == 1]
    assert len(ended) == 1 and ended[0].planned_at == T0 + 63
    assert s.phase.kind is PhaseKind.REST and not [e for e in events if isinstance(e, LetGo)]
    assert s.time_to_relief is None
    walk(s, clock, s.total_remaining + 1)
    summary = s.summary()
    assert summary.completed and summary.time_to_relief is None and not summary.steps[0].skipped


def test_a_pause_inside_does_not_count_towards_the_time_to_relief() -> None:
    s, clock = start()
    walk(s, clock, 3 + 20)
    s.pause()
    clock.advance(300)  # a long pause: not running time
    s.resume()
    walk(s, clock, 10)
    assert s.elapsed_in_phase == pytest.approx(30)
    (let_go, *_) = s.let_go()
    assert isinstance(let_go, LetGo) and let_go.seconds == pytest.approx(30)


def test_ease_off_stays_and_let_go_while_eased_off_keeps_it_paused() -> None:
    s, clock = start()
    walk(s, clock, 3 + 15)
    events = s.ease_off()
    assert isinstance(events[-1], EasedOff) and s.state is State.PAUSED
    clock.advance(40)  # eased off: the cramp lets go while paused
    events = s.let_go()
    assert isinstance(events[0], LetGo) and events[0].seconds == pytest.approx(15)
    assert s.state is State.PAUSED and s.phase.kind is PhaseKind.REST
    s.resume()
    walk(s, clock, s.total_remaining + 1)
    summary = s.summary()
    assert summary.steps[0].eased and summary.time_to_relief == pytest.approx(15)
    assert summary.paused_seconds == pytest.approx(40)


def test_only_the_first_let_go_is_the_time_to_relief() -> None:
    s, clock = start(relief(open_hold(), Step(RUB), open_hold(30)))
    walk(s, clock, 3 + 12)
    s.let_go()
    walk(s, clock, s.timeline.phases[5].start - s.position)  # past the rest, the rub and the rest again
    assert s.in_open_hold
    walk(s, clock, 7)
    (second, *_) = s.let_go()
    assert isinstance(second, LetGo) and second.seconds == pytest.approx(7)
    assert s.time_to_relief == pytest.approx(12)


def test_let_go_in_a_last_open_hold_completes_the_run() -> None:
    s, clock = start(relief(open_hold()))
    walk(s, clock, 3 + 9)
    events = s.let_go()
    assert [type(e) for e in events] == [LetGo, StepFinished, RoutineComplete]
    assert s.state is State.FINISHED and s.summary().completed and s.summary().time_to_relief == pytest.approx(9)


def test_skipping_the_open_hold_records_no_time_to_relief() -> None:
    s, clock = start()
    walk(s, clock, 3 + 5)
    s.skip()
    assert s.time_to_relief is None and s.phase.kind is PhaseKind.REST


def test_the_record_keeps_the_time_to_relief() -> None:
    s, clock = start()
    walk(s, clock, 3 + 48)
    s.let_go()
    walk(s, clock, s.total_remaining + 1)
    when = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
    record = run_record(s.summary(), routine_id="calf-cramp-relief", routine_name="Calf cramp", source="bundled",
                        started=when, ended=when + dt.timedelta(minutes=2))
    assert record.time_to_relief == pytest.approx(48)
    assert record.steps[0].outcome is Outcome.DONE


# --- the file ------------------------------------------------------------------------------------------


def load(text: str) -> tuple[Routine | None, list[str]]:
    routine, problems = load_routine_text(dedent(text), Path("routines/r.yaml"), CATALOG, display="r.yaml")
    return routine, [str(p) for p in problems]


HEAD = """\
    format: 1
    name: Calf cramp
    tags: [relief]
    relieves: [calf]
    steps:
"""


def test_until_relief_loads_and_writes_back() -> None:
    routine, problems = load(HEAD + """\
      - stretch: seated-toe-pull
        hold: 90
        until: relief
        sides: none
      - stretch: calf-massage
    """)
    assert problems == [] and routine is not None
    step = routine.steps[0]
    assert (step.until, step.hold, step.open_ended) == ("relief", 90, True)
    text = routine_to_yaml(routine)
    assert "    hold: 1m30s\n    until: relief\n    sides: none\n" in text
    again, problems = load_routine_text(text, Path("routines/r.yaml"), CATALOG)
    assert problems == [] and again is not None and again.steps == routine.steps


@pytest.mark.parametrize(("step", "message"), [
    ("  - stretch: seated-toe-pull\n    until: relief\n",
     "r.yaml:7: steps[0].until: an open hold ('until: relief') works only the cramped side; "
     "write 'sides: none' (got both)"),
    ("  - stretch: seated-toe-pull\n    until: relief\n    sides: left\n",
     "r.yaml:8: steps[0].sides: an open hold ('until: relief') works only the cramped side; "
     "write 'sides: none' (got left)"),
    ("  - stretch: seated-toe-pull\n    until: relief\n    sides: none\n    repeat: 2\n",
     "r.yaml:9: steps[0].repeat: an open hold ('until: relief') ends when the cramp lets go, so it has one set; "
     "leave 'repeat' out"),
    ("  - stretch: seated-toe-pull\n    until: relief\n    sides: none\n    hold: 11m\n",
     "r.yaml:9: steps[0].hold: an open hold ('until: relief') lasts at most 10 minutes; this one says 660 s"),
    ("  - stretch: mindful-breathing\n    until: relief\n",
     "r.yaml:7: steps[0].until: does not apply to a breathing step; set its numbers under 'breathe'"),
    ("  - stretch: seated-toe-pull\n    until: cramp\n    sides: none\n",
     "r.yaml:7: steps[0].until"),
])
def test_until_relief_problems(step: str, message: str) -> None:
    routine, problems = load(dedent(HEAD) + step)
    assert routine is None
    assert any(problem.startswith(message) for problem in problems), problems
