"""Properties of the engine over random routines and random tick schedules.

The contract: events are planned from the timeline, never from when ticks happen to arrive. So whatever the
tick schedule, every phase starts at exactly ``t0 + phase.start`` (shifted by exactly the paused time).
"""

from __future__ import annotations

from itertools import cycle, pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stretch_timer.core.clock import FakeClock
from stretch_timer.core.cue_plan import cue_for
from stretch_timer.core.events import Event, PhaseEnded, PhaseStarted, RoutineComplete
from stretch_timer.core.model import Breathing, Cues, Relaxation, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import Timeline, plan
from stretch_timer.core.session import Session, State

T0 = 1000.0
FAST = settings(max_examples=200, deadline=None)


def seconds(top: int = 20) -> st.SearchStrategy[float]:
    return st.integers(0, top).map(float)


@st.composite
def steps(draw: st.DrawFn, k: int) -> Step:
    kind = draw(st.sampled_from(["hold", "hold", "hold", "breathing", "pmr"]))
    if kind == "breathing":
        breathe = Breathing(inhale=draw(seconds(5)), hold=draw(seconds(3)), exhale=draw(seconds(6)),
                            pause=draw(seconds(2)), cycles=draw(st.integers(1, 3)))
        return Step(Stretch(id=f"b{k}", name=f"Breathing {k}", instructions=("x",), breathe=breathe))
    if kind == "pmr":
        groups = ("feet", "calves", "thighs")[: draw(st.integers(1, 3))]
        pmr = Relaxation(tense=draw(seconds(5)), relax=draw(seconds(8)), groups=groups)
        return Step(Stretch(id=f"p{k}", name=f"Relax {k}", instructions=("x",), pmr=pmr))
    return Step(
        Stretch(id=f"s{k}", name=f"Stretch {k}", instructions=("x",)),
        hold_override=draw(seconds()),
        sides_override=draw(st.sampled_from(list(Sides))),
        repeat=draw(st.integers(1, 3)),
        rest_override=draw(st.none() | seconds()),
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    count = draw(st.integers(1, 5))
    return Routine(
        id="r", name="R", steps=tuple(draw(steps(k)) for k in range(count)),
        prepare=draw(seconds()), rest=draw(seconds()), switch=draw(seconds()),
        cues=Cues(countdown=draw(st.integers(0, 5)), halfway=draw(st.booleans())),
    )


def timeline_of(r: Routine) -> Timeline:
    try:
        return plan(r)
    except ValueError:
        assume(False)
        raise


def new_session(r: Routine, tl: Timeline, max_gap: float | None = None) -> tuple[Session, FakeClock]:
    clock = FakeClock(T0)
    return Session(tl, clock, countdown=r.cues.countdown, halfway=r.cues.halfway, max_gap=max_gap), clock


def key(events: list[Event]) -> list[tuple[str, int, float]]:
    return [(type(e).__name__, e.phase.index, e.planned_at) for e in events]


def run_to_end(session: Session, clock: FakeClock, increments: list[float]) -> list[Event]:
    events = session.start()
    for inc in cycle(increments):
        if session.state is State.FINISHED:
            break
        clock.advance(inc)
        events += session.tick()
    return events


@FAST
@given(routines(), st.lists(st.floats(min_value=0.001, max_value=1.0), min_size=1, max_size=30))
def test_any_tick_schedule_plans_every_boundary_exactly(r: Routine, weights: list[float]) -> None:
    tl = timeline_of(r)
    scale = (tl.total + 1) / sum(weights)  # a bounded number of ticks of random float sizes
    session, clock = new_session(r, tl)
    events = run_to_end(session, clock, [w * scale for w in weights])

    started = [e for e in events if isinstance(e, PhaseStarted)]
    assert [e.phase for e in started] == list(tl.phases)
    assert all(e.planned_at == T0 + e.phase.start for e in started)
    ended = [e for e in events if isinstance(e, PhaseEnded)]
    assert [e.phase for e in ended] == list(tl.phases)
    assert all(e.planned_at == T0 + e.phase.end for e in ended)
    order = [(type(e), e.phase.index) for e in events if isinstance(e, PhaseStarted | PhaseEnded)]
    assert order == [(kind, i) for i in range(len(tl.phases)) for kind in (PhaseStarted, PhaseEnded)]
    assert all(a.planned_at <= b.planned_at for a, b in pairwise(events))
    assert isinstance(events[-1], RoutineComplete) and events[-1].completed
    assert events[-1].planned_at == T0 + tl.total

    summary = session.summary()
    assert summary.completed and summary.total_seconds == tl.total and summary.paused_seconds == 0
    for st_ in summary.steps:
        assert not st_.skipped and abs(st_.done_seconds - st_.planned_seconds) < 1e-6

    # One tick at the very end reports the same events at the same planned times.
    single, single_clock = new_session(r, tl)
    assert key(run_to_end(single, single_clock, [tl.total + 1])) == key(events)


dyadic = st.integers(1, 64 * 6).map(lambda k: k / 64)  # exact in binary, so shifts compare exactly


@FAST
@given(routines(), st.lists(st.tuples(dyadic, st.none() | dyadic), min_size=1, max_size=25))
def test_pauses_shift_later_boundaries_by_exactly_the_paused_time(
    r: Routine, schedule: list[tuple[float, float | None]]
) -> None:
    tl = timeline_of(r)
    session, clock = new_session(r, tl)
    events = session.start()
    pauses: list[tuple[float, float]] = []  # (position paused at, seconds paused)
    for inc, pause in schedule:
        clock.advance(inc)
        events += session.tick()
        if pause is not None and session.state is State.RUNNING:
            events += session.pause()
            pauses.append((session.position, pause))
            clock.advance(pause)
            assert session.tick() == []
            events += session.resume()
    while session.state is not State.FINISHED:
        clock.advance(tl.total + 1)
        events += session.tick()

    def shift(boundary: float) -> float:
        return sum(seconds for at, seconds in pauses if at < boundary)

    started = [e for e in events if isinstance(e, PhaseStarted)]
    assert [e.phase for e in started] == list(tl.phases)
    for e in started:
        assert e.planned_at == T0 + e.phase.start + shift(e.phase.start)
    complete = events[-1]
    assert isinstance(complete, RoutineComplete) and complete.planned_at == T0 + tl.total + shift(tl.total)
    summary = session.summary()
    assert summary.total_seconds == tl.total
    assert summary.paused_seconds == sum(seconds for _, seconds in pauses)
    assert all(not s.skipped for s in summary.steps)


INTENTS = ["tick", "tick", "tick", "pause", "resume", "skip", "skip_step", "back", "restart_step", "jump",
           "ease_off", "toggle_pause"]


@FAST
@given(
    routines(),
    st.lists(st.tuples(st.floats(min_value=0, max_value=15), st.sampled_from(INTENTS), st.integers(0, 4)),
             max_size=25),
    st.none() | st.just(10.0),
)
def test_random_intents_keep_the_books_consistent(
    r: Routine, script: list[tuple[float, str, int]], max_gap: float | None
) -> None:
    tl = timeline_of(r)
    session, clock = new_session(r, tl, max_gap)
    events = session.start()
    for inc, intent, arg in script:
        clock.advance(inc)
        if intent == "jump":
            events += session.jump_to_step(arg % tl.step_count)
        else:
            events += getattr(session, intent)()
        assert 0 <= session.position <= tl.total
        assert session.remaining >= 0
    if session.state is not State.FINISHED:
        events += session.finish()
    assert session.state is State.FINISHED
    assert isinstance(events[-1], RoutineComplete)
    assert all(a.planned_at <= b.planned_at + 1e-9 for a, b in pairwise(events))
    summary = session.summary()
    assert summary.started_at is not None and summary.ended_at is not None
    wall = summary.ended_at - summary.started_at
    assert abs(summary.total_seconds + summary.paused_seconds - wall) < 1e-6
    assert sum(s.done_seconds for s in summary.steps) <= summary.total_seconds + 1e-6
    for s in summary.steps:
        assert s.done_seconds >= 0


@FAST
@given(routines(), st.booleans())
def test_two_cues_never_start_at_the_same_moment(r: Routine, voice: bool) -> None:
    """With or without the breath cues that stand in for a voice, one sound at a time."""
    tl = timeline_of(r)
    session, clock = new_session(r, tl)
    events = run_to_end(session, clock, [tl.total + 1])
    moments = [e.planned_at for e in events if cue_for(e, voice=voice) is not None]
    assert len(moments) == len(set(moments))
