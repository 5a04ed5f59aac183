"""A run as the history keeps it: wall-clock times, and one outcome per step (done, skipped, eased, stopped)."""

from __future__ import annotations

import datetime as dt

from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Routine, Step, Stretch
from stretch_timer.core.run_record import Outcome, run_record, step_outcomes
from stretch_timer.core.session import Session

A = Stretch(id="a", name="A", instructions=("Hold.",), hold=10)
B = Stretch(id="b", name="B", instructions=("Hold.",), hold=10)
C = Stretch(id="c", name="C", instructions=("Hold.",), hold=10)
ROUTINE = Routine(id="three", name="Three", prepare=0, rest=0, steps=(Step(A), Step(B), Step(C)))
START = dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.UTC)


def _session() -> tuple[Session, FakeClock]:
    clock = FakeClock(100.0)
    session = Session.for_routine(ROUTINE, clock)
    session.start()
    return session, clock


def _run_for(session: Session, clock: FakeClock, seconds: float) -> None:
    for _ in range(int(seconds)):
        clock.advance(1.0)
        session.tick()


def test_a_completed_run_is_done_step_by_step_with_its_wall_clock_times() -> None:
    session, clock = _session()
    _run_for(session, clock, 31)
    ended = START + dt.timedelta(seconds=30)
    record = run_record(session.summary(), routine_id="three", routine_name="Three", source="bundled",
                        started=START, ended=ended)
    assert record.completed and record.outcome is Outcome.DONE
    assert [step.outcome for step in record.steps] == [Outcome.DONE] * 3
    assert (record.started, record.ended) == (START, ended)
    assert record.planned_seconds == 30 and record.active_seconds == 30
    assert [step.name for step in record.steps] == ["A", "B", "C"]


def test_skipped_eased_and_stopped_steps_are_told_apart() -> None:
    session, clock = _session()
    _run_for(session, clock, 3)
    session.skip_step()  # A skipped after 3 s
    _run_for(session, clock, 2)
    session.ease_off()  # B eased: it hurt
    session.resume()
    _run_for(session, clock, 2)
    session.finish()  # stopped in B; C never reached
    outcomes = step_outcomes(session.summary())
    assert outcomes == (Outcome.SKIPPED, Outcome.EASED, Outcome.STOPPED)
    record = run_record(session.summary(), routine_id="three", routine_name="Three", source="user",
                        started=START, ended=START)
    assert not record.completed and record.outcome is Outcome.STOPPED and record.eased


def test_a_run_stopped_in_its_first_step_is_stopped_there_and_after() -> None:
    session, clock = _session()
    _run_for(session, clock, 4)
    session.finish()
    assert step_outcomes(session.summary()) == (Outcome.STOPPED,) * 3
