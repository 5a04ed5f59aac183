"""The session engine: a position on a planned timeline, measured on an injected clock.

Time is measured, never counted. While running, ``position = anchor_pos + (now − anchor_time)``; pausing banks
the position and resuming re-anchors it at the resume time. Ticks only *report*: each returns the scheduled
events whose positions were passed since the last one, stamped with the time they were due, so a tick every
millisecond and a single late tick produce the same events with the same ``planned_at``.

Intents (pause, skip, …) first catch up to now, then act, and return every event they caused. Jumps keep the
running/paused state. Which phase a step owns is decided by the planner (see ``plan``): "skip step" goes to
the next step's first phase, i.e. the rest before it when there is one.

An open-ended relief hold runs on the timeline at its upper bound; ``let_go`` ends it at the position reached
(so the run goes on from the next phase at once), and the first let-go of the run is its time to relief.

What each step got (done seconds, skipped, eased) is tallied in :mod:`.session_summary`, which also holds the
summary types; they are imported here too, as the shells have always found them here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum

from stretch_timer.core.clock import Clock
from stretch_timer.core.events import (
    AutoPaused,
    EasedOff,
    Event,
    Jumped,
    JumpReason,
    LetGo,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    RoutineComplete,
    schedule,
)
from stretch_timer.core.model import DEFAULT_COUNTDOWN, Routine
from stretch_timer.core.plan import Phase, Timeline, plan
from stretch_timer.core.session_summary import SessionSummary, StepSummary, StepTally

__all__ = ["BACK_RESTARTS_AFTER", "DEFAULT_MAX_GAP", "Session", "SessionSummary", "State", "StepSummary"]

BACK_RESTARTS_AFTER = 2.0
"""``back()`` later than this into a phase restarts it; earlier, it goes to the previous phase."""

DEFAULT_MAX_GAP = 10.0
"""Real seconds without a catch-up after which a running session pauses itself (the app was not looking: the
process was stopped, the machine or the GUI thread stalled), rather than reporting all it missed at once."""


class State(Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Session:
    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        *,
        countdown: int = DEFAULT_COUNTDOWN,
        halfway: bool = False,
        max_gap: float | None = DEFAULT_MAX_GAP,
    ) -> None:
        self.timeline = timeline
        self.clock = clock
        self.max_gap = max_gap
        # The gap is real time, the clock's differences are clock seconds: a clock running ``rate`` times faster
        # than real time (the shell's STRETCH_TIMER_CLOCK_SCALE, benchmarks) gets a gap ``rate`` times longer.
        # Unscaled, 10 s at 200x was 50 real ms, a normal GUI stall, and the run paused itself for good.
        rate = float(getattr(clock, "rate", 1.0)) or 1.0
        self._gap_limit = None if max_gap is None else max_gap * rate
        self._marks = schedule(timeline, countdown=countdown, halfway=halfway)
        self._start_mark = self._index_starts()
        self._end_mark = self._index_ends()
        self._state = State.READY
        self._cursor = 0  # next scheduled event to report
        self._pos = 0.0  # position as of the last catch-up (the banked position while paused)
        self._anchor_time = 0.0
        self._anchor_pos = 0.0
        self._last_tick = 0.0
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._paused_since = 0.0
        self._paused_seconds = 0.0
        self._completed = False
        self._tally = StepTally(timeline)  # what each step got, for the summary
        self._time_to_relief: float | None = None

    @classmethod
    def for_routine(
        cls, routine: Routine, clock: Clock, *, max_gap: float | None = DEFAULT_MAX_GAP
    ) -> Session:
        return cls(plan(routine), clock, countdown=routine.cues.countdown, halfway=routine.cues.halfway,
                   max_gap=max_gap)

    def _index_starts(self) -> tuple[int, ...]:
        starts = [0] * len(self.timeline.phases)
        for i, (_, event) in reversed(list(enumerate(self._marks))):
            if isinstance(event, PhaseStarted):
                starts[event.phase.index] = i
        return tuple(starts)

    def _index_ends(self) -> tuple[int, ...]:
        """Per phase, the index of its PhaseEnded among the scheduled events."""
        ends = [0] * len(self.timeline.phases)
        for i, (_, event) in enumerate(self._marks):
            if isinstance(event, PhaseEnded):
                ends[event.phase.index] = i
        return tuple(ends)

    # --- reading the clock ---------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def position(self) -> float:
        """Seconds into the timeline now; a gap that will auto-pause the session does not count."""
        if self._state is not State.RUNNING:
            return self._pos
        now = self.clock.now()
        if self._gap_limit is not None and now - self._last_tick > self._gap_limit:
            return self._pos
        return min(self.timeline.total, max(self._pos, self._anchor_pos + (now - self._anchor_time)))

    @property
    def phase_index(self) -> int:
        return self.timeline.phase_at(self.position)

    @property
    def phase(self) -> Phase:
        return self.timeline.phases[self.phase_index]

    @property
    def remaining(self) -> float:
        """Seconds left in the current phase."""
        position = self.position
        return max(0.0, self.timeline.phases[self.timeline.phase_at(position)].end - position)

    @property
    def elapsed_in_phase(self) -> float:
        """Running seconds since the current phase began (what an open-ended hold shows, counting up)."""
        position = self.position
        return max(0.0, position - self.timeline.phases[self.timeline.phase_at(position)].start)

    @property
    def in_open_hold(self) -> bool:
        """The run is in an open-ended relief hold, so ``let_go`` would end it."""
        return self._state in (State.RUNNING, State.PAUSED) and self.phase.open_ended

    @property
    def time_to_relief(self) -> float | None:
        """Seconds from the start of an open-ended hold to the run's first "It let go"; None before (or never)."""
        return self._time_to_relief

    @property
    def total_remaining(self) -> float:
        return self.timeline.total - self.position

    @property
    def paused_seconds(self) -> float:
        extra = self.clock.now() - self._paused_since if self._state is State.PAUSED else 0.0
        return self._paused_seconds + extra

    @property
    def elapsed_active(self) -> float:
        """Running (not paused) time since start."""
        if self._started_at is None:
            return 0.0
        end = self._ended_at if self._ended_at is not None else self.clock.now()
        return end - self._started_at - self.paused_seconds

    def next_due(self) -> float | None:
        """Clock time at which the next scheduled event falls, while running: the shell arms a precise timer
        for it, so cues sound on time however seldom the display is repainted."""
        if self._state is not State.RUNNING or self._cursor >= len(self._marks):
            return None
        return self._anchor_time + (self._marks[self._cursor].position - self._anchor_pos)

    def upcoming(self, horizon: float) -> list[Event]:
        """The scheduled events due within ``horizon`` clock seconds from now, stamped with the times they are
        planned for, without reporting them (a later :meth:`tick` still does, with the same ``planned_at``).

        For shells that must prepare ahead: a cue written into an audio stream early, with silence before it,
        sounds on its planned sample however busy the event loop is when it falls due. Empty unless running;
        an intent before then (pause, skip, …) may cancel them, and the shell must drop what it prepared.
        """
        if self._state is not State.RUNNING:
            return []
        limit = min(self.timeline.total, self._anchor_pos + (self.clock.now() + horizon - self._anchor_time))
        found: list[Event] = []
        for at, event in self._marks[self._cursor:]:
            if at > limit:
                break
            found.append(dataclasses.replace(event, planned_at=self._anchor_time + (at - self._anchor_pos)))
        return found

    @property
    def eased_steps(self) -> frozenset[int]:
        return frozenset(self._tally.eased)

    # --- time passing ----------------------------------------------------------------------------------

    def tick(self) -> list[Event]:
        """Catch up to the clock; every event passed since the last catch-up, in order."""
        return self._catch_up(self.clock.now())

    def _catch_up(self, now: float) -> list[Event]:
        if self._state is not State.RUNNING:
            return []
        gap = now - self._last_tick
        if self._gap_limit is not None and gap > self._gap_limit:
            self._state = State.PAUSED
            self._paused_since = self._last_tick  # the gap is not running time
            return [AutoPaused(planned_at=now, phase=self._current(), reason="gap", gap_seconds=gap)]
        target = min(self.timeline.total, max(self._pos, self._anchor_pos + (now - self._anchor_time)))
        self._tally.count_done(self._pos, target)
        self._pos = target
        self._last_tick = now
        return self._report_through(target, now)

    def _report_through(self, position: float, now: float) -> list[Event]:
        """Report scheduled events up to ``position``, planned from the anchor (at ``now`` if not running)."""
        out: list[Event] = []
        while self._cursor < len(self._marks) and self._marks[self._cursor].position <= position:
            at, event = self._marks[self._cursor]
            self._cursor += 1
            planned = self._anchor_time + (at - self._anchor_pos) if self._state is State.RUNNING else now
            out.append(dataclasses.replace(event, planned_at=planned))
            if isinstance(event, PhaseEnded):
                self._tally.ended_phases.add(event.phase.index)
            elif isinstance(event, RoutineComplete):
                self._end(planned, completed=True)
        return out

    def _end(self, at: float, *, completed: bool) -> None:
        if self._state is State.PAUSED:
            self._paused_seconds += at - self._paused_since
        self._state = State.FINISHED
        self._ended_at = at
        self._completed = completed

    def _current(self) -> Phase:
        return self.timeline.phases[self.timeline.phase_at(self._pos)]

    # --- intents ---------------------------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self._state is not State.READY:
            return []
        now = self.clock.now()
        self._started_at = self._anchor_time = self._last_tick = now
        self._anchor_pos = self._pos
        self._state = State.RUNNING
        return self._report_through(self._pos, now)

    def pause(self) -> list[Event]:
        now = self.clock.now()
        events = self._catch_up(now)
        if self._state is State.RUNNING:
            self._state = State.PAUSED
            self._paused_since = now
            events.append(Paused(planned_at=now, phase=self._current()))
        return events

    def resume(self) -> list[Event]:
        if self._state is not State.PAUSED:
            return []
        now = self.clock.now()
        self._paused_seconds += now - self._paused_since
        self._anchor_time = self._last_tick = now
        self._anchor_pos = self._pos
        self._state = State.RUNNING
        return [Resumed(planned_at=now, phase=self._current())]

    def toggle_pause(self) -> list[Event]:
        """One key for everything: start when ready, pause when running, resume when paused."""
        if self._state is State.READY:
            return self.start()
        return self.resume() if self._state is State.PAUSED else self.pause()

    def ease_off(self) -> list[Event]:
        """Pause and remember that the current step hurt; reported as EasedOff (not Paused)."""
        now = self.clock.now()
        events = self._catch_up(now)
        if self._state in (State.READY, State.FINISHED):
            return events
        if self._state is State.RUNNING:
            self._state = State.PAUSED
            self._paused_since = now
        step = self._current().step_index
        if step is not None:
            self._tally.eased.add(step)
        events.append(EasedOff(planned_at=now, phase=self._current(), step_index=step))
        return events

    def let_go(self) -> list[Event]:
        """The cramp let go: end the open-ended hold now, keep the time to relief, and go on to the next phase.

        Reported as LetGo (in place of the hold's PhaseEnded), then what the hold's end brings (StepFinished, and
        RoutineComplete after the last phase) and the next phase's PhaseStarted. It keeps the running or paused
        state, as jumps do (the person may have eased off first). Outside an open-ended hold it does nothing.
        """
        now = self.clock.now()
        events = self._catch_up(now)
        if self._state not in (State.RUNNING, State.PAUSED):
            return events
        current = self._current()
        if not current.open_ended:
            return events
        seconds = self._pos - current.start
        if self._time_to_relief is None:
            self._time_to_relief = seconds
        self._tally.ended_phases.add(current.index)  # it ended as it should: the step is done, not skipped
        self._pos = current.end
        self._cursor = self._end_mark[current.index] + 1  # past its PhaseEnded: LetGo stands for it
        if self._state is State.RUNNING:
            self._anchor_time = self._last_tick = now
            self._anchor_pos = self._pos
        events.append(LetGo(planned_at=now, phase=current, step_index=current.step_index, seconds=seconds))
        events.extend(self._report_through(self._pos, now))
        return events

    def finish(self) -> list[Event]:
        """End early: RoutineComplete(completed=False)."""
        now = self.clock.now()
        events = self._catch_up(now)
        if self._state in (State.RUNNING, State.PAUSED):
            self._end(now, completed=False)
            events.append(RoutineComplete(planned_at=now, phase=self._current(), completed=False))
        return events

    def skip(self) -> list[Event]:
        """End the current phase now and go to the next; past the last phase the routine is complete."""
        return self._move(lambda i: i + 1, "skip")

    def skip_step(self) -> list[Event]:
        """Go to the next step's first phase (its lead-in rest, if any); from the prepare, to step 0."""
        def target(i: int) -> int:
            step = self.timeline.phases[i].step_index
            nxt = 0 if step is None else step + 1
            if nxt >= self.timeline.step_count:
                return len(self.timeline.phases)
            return self.timeline.step_start(nxt)
        return self._move(target, "skip_step")

    def back(self) -> list[Event]:
        """Restart the phase if more than 2 s in, else go to the previous phase's start."""
        def target(i: int) -> int:
            into = self._pos - self.timeline.phases[i].start
            return i if into > BACK_RESTARTS_AFTER else max(i - 1, 0)
        return self._move(target, "back")

    def restart_step(self) -> list[Event]:
        """Go to the current step's first active phase (from a lead-in rest that is forwards; the prepare
        has no step, so it restarts itself)."""
        def target(i: int) -> int:
            step = self.timeline.phases[i].step_index
            return i if step is None else self.timeline.step_body(step).start
        return self._move(target, "restart_step")

    def jump_to_step(self, step_index: int) -> list[Event]:
        """Go to a step's first phase (its lead-in rest, if any). Before start, sets where start() begins."""
        if not 0 <= step_index < self.timeline.step_count:
            raise IndexError(f"no step {step_index} in a routine of {self.timeline.step_count}")
        return self._move(lambda _: self.timeline.step_start(step_index), "jump")

    def _move(self, target_of: Callable[[int], int], reason: JumpReason) -> list[Event]:
        now = self.clock.now()
        events = self._catch_up(now)
        if self._state is State.FINISHED:
            return events
        current = self._current()
        target = target_of(current.index)
        if target >= len(self.timeline.phases):
            if self._state is State.READY:
                return events
            self._pos = self.timeline.total
            self._cursor = len(self._marks)
            self._end(now, completed=True)
            events.append(RoutineComplete(planned_at=now, phase=current, completed=True))
            return events
        self._pos = self.timeline.phases[target].start
        self._cursor = self._start_mark[target]
        if self._state is State.READY:
            return events
        self._anchor_time = self._last_tick = now
        self._anchor_pos = self._pos
        events.append(Jumped(planned_at=now, phase=self.timeline.phases[target], from_phase=current,
                             reason=reason))
        events.extend(self._report_through(self._pos, now))
        return events

    # --- summary ---------------------------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        return SessionSummary(
            steps=self._tally.steps(),
            total_seconds=self.elapsed_active,
            paused_seconds=self.paused_seconds,
            completed=self._completed,
            started_at=self._started_at,
            ended_at=self._ended_at,
            time_to_relief=self._time_to_relief,
        )
