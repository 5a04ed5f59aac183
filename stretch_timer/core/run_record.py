"""What one run of a routine was, as the history keeps it: which routine, when by the wall clock, and per step
what was planned and what was done.

The session measures time on a monotonic clock, which is right for timing and meaningless a day later; a
record carries the wall-clock start and end (timezone-aware) that the caller read when the run began and
ended. Each step gets one outcome a person would use to describe it: done, skipped, eased (they eased off
because it hurt) or stopped (the run ended before or during it). A relief routine's open-ended hold adds the time
to relief: how long the cramp took to let go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from stretch_timer.core.session_summary import SessionSummary, StepSummary


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    EASED = "eased"
    STOPPED = "stopped"


@dataclass(frozen=True)
class StepRecord:
    index: int
    name: str
    planned_seconds: float
    done_seconds: float
    outcome: Outcome


@dataclass(frozen=True)
class RunRecord:
    """One run. ``source`` is where the routine came from ("bundled", "user", "customised" or "file")."""

    routine_id: str
    routine_name: str
    source: str
    started: dt.datetime
    ended: dt.datetime
    completed: bool
    planned_seconds: float
    active_seconds: float
    paused_seconds: float
    steps: tuple[StepRecord, ...]
    time_to_relief: float | None = None
    """Running seconds from the start of an open-ended relief hold to "It let go" (the run's first let-go);
    None when the routine has no open hold, or the cramp did not let go within it."""

    @property
    def outcome(self) -> Outcome:
        """DONE for a run that reached its end, STOPPED for one ended early."""
        return Outcome.DONE if self.completed else Outcome.STOPPED

    @property
    def eased(self) -> bool:
        return any(step.outcome is Outcome.EASED for step in self.steps)


def _last_reached(steps: tuple[StepSummary, ...]) -> int:
    """Index of the last step the run got into (−1 when it ended before the first)."""
    reached = [step.step_index for step in steps if step.done_seconds > 0 or step.eased]
    return max(reached, default=-1)


def step_outcomes(summary: SessionSummary) -> tuple[Outcome, ...]:
    """One outcome per step of ``summary``.

    The session calls a step "skipped" when one of its active phases never ended, which is also true of every
    step a stopped run never reached; those are STOPPED here, as is the step the run was in when it ended.
    """
    last = _last_reached(summary.steps)
    outcomes: list[Outcome] = []
    for step in summary.steps:
        if step.eased:
            outcomes.append(Outcome.EASED)
        elif not summary.completed and step.step_index >= last and step.skipped:
            outcomes.append(Outcome.STOPPED)
        elif step.skipped:
            outcomes.append(Outcome.SKIPPED)
        else:
            outcomes.append(Outcome.DONE)
    return tuple(outcomes)


def run_record(summary: SessionSummary, *, routine_id: str, routine_name: str, source: str,
               started: dt.datetime, ended: dt.datetime) -> RunRecord:
    """The record of a run from its session summary and the wall-clock times the caller read."""
    outcomes = step_outcomes(summary)
    steps = tuple(
        StepRecord(step.step_index, step.name, step.planned_seconds, step.done_seconds, outcome)
        for step, outcome in zip(summary.steps, outcomes, strict=True)
    )
    return RunRecord(
        routine_id=routine_id,
        routine_name=routine_name,
        source=source,
        started=started,
        ended=ended,
        completed=summary.completed,
        planned_seconds=sum(step.planned_seconds for step in summary.steps),
        active_seconds=summary.total_seconds,
        paused_seconds=summary.paused_seconds,
        steps=steps,
        time_to_relief=summary.time_to_relief,
    )
