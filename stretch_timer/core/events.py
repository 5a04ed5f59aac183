"""What a session reports, and where on the timeline each time-driven report falls.

Every event carries ``planned_at``, the monotonic time it was due, not when a tick noticed it: a shell that
ticks late can drop cues that are too stale to play, and two shells ticking at different rates see identical
events. Events caused by an intent (pause, skip, …) are planned at the moment of the intent.

The session is paused after exactly one of ``Paused``, ``AutoPaused`` or ``EasedOff``; running again after
``Resumed``. A jump reports ``Jumped`` then the target's ``PhaseStarted``; the phase it left gets no
``PhaseEnded`` (nothing ended, so no "stop" cue), and a step left by a jump gets no ``StepFinished``.

An open-ended relief hold has no halfway and no countdown before its end (its end is not known). When the cramp
lets go, ``LetGo`` stands for its ``PhaseEnded``: the step's ``StepFinished`` (and ``RoutineComplete``, when it
was the last phase) follow, then the next phase's ``PhaseStarted``. Reaching its upper bound ends it as any hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from stretch_timer.core.plan import Phase, PhaseKind, Side, Timeline

HALFWAY_MIN_HOLD = 20.0
"""Shorter holds get no halfway announcement: it would crowd the countdown."""

JumpReason = Literal["skip", "skip_step", "back", "restart_step", "jump"]


@dataclass(frozen=True, kw_only=True)
class Event:
    planned_at: float
    phase: Phase


@dataclass(frozen=True, kw_only=True)
class PhaseStarted(Event):
    @property
    def announcement(self) -> str:
        return self.phase.announcement


@dataclass(frozen=True, kw_only=True)
class PhaseEnded(Event):
    """The phase ran to its end (a hold's "stop" moment)."""


@dataclass(frozen=True, kw_only=True)
class CountdownTick(Event):
    """``seconds_left`` seconds before ``phase`` (a hold, or a transition into active work) ends."""

    seconds_left: int


@dataclass(frozen=True, kw_only=True)
class Halfway(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class SideSwitch(Event):
    """The side changes: at a switch phase's start, or at the new side's hold when the switch is 0 s."""

    side: Side


@dataclass(frozen=True, kw_only=True)
class StepFinished(Event):
    step_index: int


@dataclass(frozen=True, kw_only=True)
class RoutineComplete(Event):
    """``completed`` is False only when the user ended the routine early with ``finish()``."""

    completed: bool


@dataclass(frozen=True, kw_only=True)
class Paused(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class Resumed(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class EasedOff(Event):
    """The user eased off (pain, cramp): the session is paused and the step marked in the summary."""

    step_index: int | None


@dataclass(frozen=True, kw_only=True)
class LetGo(Event):
    """The person said the cramp let go ("It let go") in an open-ended hold (``phase``), which ends now.

    ``seconds`` is the time to relief: running seconds since the hold began (pauses left out), on the session's
    clock."""

    step_index: int | None
    seconds: float


@dataclass(frozen=True, kw_only=True)
class AutoPaused(Event):
    """The session paused itself, e.g. after the machine slept, instead of racing through missed phases."""

    reason: str
    gap_seconds: float


@dataclass(frozen=True, kw_only=True)
class Jumped(Event):
    """The user moved to ``phase`` (from ``from_phase``); its PhaseStarted follows."""

    from_phase: Phase
    reason: JumpReason


class Scheduled(NamedTuple):
    position: float
    event: Event


def _starts_side_switch(phase: Phase, before: Phase | None) -> bool:
    if phase.kind is PhaseKind.SWITCH:
        return True
    return (
        phase.kind is PhaseKind.HOLD and before is not None and before.kind is PhaseKind.HOLD
        and before.step_index == phase.step_index and before.side != phase.side
    )


def _countdown_at(phase: Phase, following: Phase | None, countdown: int) -> list[Scheduled]:
    """Ticks before a hold ends, and before a transition hands over to active work; only inside the phase."""
    if phase.open_ended:
        return []  # its end is not known: it ends when the cramp lets go
    counts_down = phase.kind is PhaseKind.HOLD or (
        not phase.is_active and following is not None and following.is_active
    )
    if not counts_down:
        return []
    out = []
    for n in range(countdown, 0, -1):
        at = phase.end - n
        if at > phase.start:
            out.append(Scheduled(at, CountdownTick(planned_at=0.0, phase=phase, seconds_left=n)))
    return out


def schedule(timeline: Timeline, *, countdown: int, halfway: bool) -> tuple[Scheduled, ...]:
    """Every time-driven event of a run at its timeline position, in emission order.

    Events at the same position keep this order: the previous phase's PhaseEnded, StepFinished (and
    RoutineComplete), then the next PhaseStarted and SideSwitch. The session fills ``planned_at``.
    """
    out: list[Scheduled] = []
    phases = timeline.phases
    for i, phase in enumerate(phases):
        before = phases[i - 1] if i else None
        following = timeline.next_phase(i)
        out.append(Scheduled(phase.start, PhaseStarted(planned_at=0.0, phase=phase)))
        if _starts_side_switch(phase, before) and phase.side is not None:
            out.append(Scheduled(phase.start, SideSwitch(planned_at=0.0, phase=phase, side=phase.side)))
        if halfway and phase.kind is PhaseKind.HOLD and phase.duration >= HALFWAY_MIN_HOLD and not phase.open_ended:
            out.append(Scheduled(phase.start + phase.duration / 2, Halfway(planned_at=0.0, phase=phase)))
        out.extend(_countdown_at(phase, following, countdown))
        out.append(Scheduled(phase.end, PhaseEnded(planned_at=0.0, phase=phase)))
        if phase.ends_step and phase.step_index is not None:
            finished = StepFinished(planned_at=0.0, phase=phase, step_index=phase.step_index)
            out.append(Scheduled(phase.end, finished))
        if following is None:
            out.append(Scheduled(phase.end, RoutineComplete(planned_at=0.0, phase=phase, completed=True)))
    out.sort(key=lambda s: s.position)  # stable: same-position events keep the order above
    return tuple(out)
