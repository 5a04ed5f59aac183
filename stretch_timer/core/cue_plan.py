"""Which sound an event deserves, decided from the event alone.

One table for every shell (sound, vibration, screen flash) so they agree. Two sounds never start at the same
moment: the final phase's end gets no "stop" (the "complete" sound stands in for it), and a hold that ends
straight into a side switch or into the next piece of work gives way to that phase's "switch" or "go".

Paced breathing turns in and out at each inhale and exhale phase's start. A voice says so ("Breathe in"); without
one, a soft rising "breath-in" and falling "breath-out" let the pacer be followed with eyes closed. The plan
cannot know whether a voice speaks, so the shell says it with ``voice``. A step's first inhale keeps its "go",
and nothing else sounds at an inhale's or exhale's start (the phase before gives way to it, ticks fall only in
holds and transitions), so a breath cue never starts together with another sound.
"""

from __future__ import annotations

from typing import Literal

from stretch_timer.core.events import CountdownTick, Event, PhaseEnded, PhaseStarted, RoutineComplete
from stretch_timer.core.plan import ACTIVE_KINDS, Phase, PhaseKind

Cue = Literal["go", "tick", "stop", "switch", "complete", "breath-in", "breath-out"]

BREATH_CUES: frozenset[Cue] = frozenset({"breath-in", "breath-out"})
"""Stand-ins for the spoken "Breathe in" / "Breathe out": :func:`cue_for` gives them only when ``voice`` is False."""

_BREATH_CUE: dict[PhaseKind, Cue] = {PhaseKind.INHALE: "breath-in", PhaseKind.EXHALE: "breath-out"}


def _is_work_start(phase: Phase) -> bool:
    """Holds and tensing start work; a breathing or PMR step starts with its first phase."""
    return phase.kind in (PhaseKind.HOLD, PhaseKind.TENSE) or (phase.is_active and phase.starts_step)


def _is_work_end(phase: Phase) -> bool:
    return phase.kind is PhaseKind.HOLD or (phase.is_active and phase.ends_step)


def cue_for(event: Event, *, voice: bool = False) -> Cue | None:
    """The sound ``event`` deserves; ``voice``: a voice will speak the phase's announcement (no breath cues)."""
    if isinstance(event, CountdownTick):
        return "tick"
    if isinstance(event, RoutineComplete):
        return "complete" if event.completed else None
    if isinstance(event, PhaseStarted):
        if event.phase.kind is PhaseKind.SWITCH:
            return "switch"
        if _is_work_start(event.phase):
            return "go"
        return None if voice else _BREATH_CUE.get(event.phase.kind)
    if isinstance(event, PhaseEnded):
        if event.phase.ends_routine:
            return None  # RoutineComplete follows at the same moment and plays "complete" instead
        if event.phase.next_kind is PhaseKind.SWITCH or event.phase.next_kind in ACTIVE_KINDS:
            return None  # the next phase starts now with its own "switch" or "go"
        return "stop" if _is_work_end(event.phase) else None
    return None
