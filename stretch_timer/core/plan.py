"""Routine → timeline: every phase of a run laid out in advance, with its offset, words and context.

Planning once up front means the session only has to compare a measured position against fixed offsets; it
never decides "what comes next" while the clock is running, and the shell can show the whole run before it
starts.

Step ownership: every phase belongs to at most one step (``Phase.step_index``). The initial prepare belongs to
none. A rest *between* steps belongs to the step that FOLLOWS it (its "lead-in"), so "skip step" simply moves
to the next step's first phase (its lead-in rest, if any), and the rest before a step is never orphaned when
the previous step is skipped. A step's planned seconds leave its lead-in out. Rests between sets and
side switches belong to their own step. Transitions carry the stretch, side and set of the phase they lead
into, so the screen can already show what is coming.

A step whose phases are all zero-length is empty: it gets no phases and no rests around it.

An open-ended relief hold (``until: relief``) is one phase marked ``open_ended``, laid out at its upper bound: the
session ends it early when the person says the cramp let go (``Session.let_go``), and otherwise it runs to that
bound like any hold. Its words say so ("Hold until it lets go"); the planned length counts the bound.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, fields
from enum import Enum, StrEnum
from typing import Any

from stretch_timer.core import spoken
from stretch_timer.core.model import Routine, Sides, Step, Stretch


class PhaseKind(Enum):
    PREPARE = "prepare"
    HOLD = "hold"
    SWITCH = "switch"
    REST = "rest"
    INHALE = "inhale"
    BREATH_HOLD = "breath_hold"
    EXHALE = "exhale"
    PAUSE = "pause"
    TENSE = "tense"
    RELAX = "relax"


TRANSITION_KINDS = frozenset({PhaseKind.PREPARE, PhaseKind.SWITCH, PhaseKind.REST})
ACTIVE_KINDS = frozenset(set(PhaseKind) - TRANSITION_KINDS)


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


_SIDE_ORDER: dict[Sides, tuple[Side | None, ...]] = {
    Sides.BOTH: (Side.RIGHT, Side.LEFT),
    Sides.RIGHT: (Side.RIGHT,),
    Sides.LEFT: (Side.LEFT,),
    Sides.NONE: (None,),
}


@dataclass(frozen=True, kw_only=True)
class PhaseContext:
    """What a phase is and where it sits: its step, stretch, side, set, breath or muscle group.

    Shared by the planner's drafts and the finished :class:`Phase`; ``None`` fields do not apply to this kind.
    """

    kind: PhaseKind
    duration: float
    step_index: int | None
    stretch: Stretch | None
    side: Side | None = None
    set_index: int | None = None
    set_count: int | None = None
    cycle: int | None = None
    cycle_count: int | None = None
    group: str | None = None
    group_index: int | None = None
    group_count: int | None = None
    open_ended: bool = False
    """A relief hold that lasts until the cramp lets go, ``duration`` at most (counts up on screen)."""


OPEN_HOLD_LABEL = "until it lets go"
"""Follows the verb in an open hold's label: "Hold until it lets go"."""
LET_GO_SAY = "It let go. Well done."
"""What the voice says when the person presses It let go."""


@dataclass(frozen=True, kw_only=True)
class Phase(PhaseContext):
    """One stretch of time with a single instruction on screen.

    ``start`` is the offset from the routine's start. ``starts_step`` marks a step's first active phase,
    ``ends_step`` its last phase (StepFinished fires at its end), ``ends_routine`` the final phase; the cue plan
    needs them to pick sounds from one event alone.
    """

    index: int
    start: float
    step_count: int
    label: str = ""
    announcement: str = ""
    next_label: str = ""
    starts_step: bool = False
    ends_step: bool = False
    ends_routine: bool = False
    next_kind: PhaseKind | None = None
    """The kind of the phase that follows (``None`` for the last), so a sound can give way to the next one's."""

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def is_active(self) -> bool:
        """Holds, breathing and PMR phases are the work; prepare, switch and rest are transitions."""
        return self.kind in ACTIVE_KINDS


@dataclass(frozen=True)
class StepSpan:
    """Phase indices of one step: ``first..body`` is its lead-in rest, ``body..end`` its own phases."""

    first: int
    body: int
    end: int


@dataclass(frozen=True)
class Timeline:
    phases: tuple[Phase, ...]
    total: float
    step_names: tuple[str, ...]
    spans: tuple[StepSpan, ...]

    @property
    def step_count(self) -> int:
        return len(self.step_names)

    def phase_at(self, position: float) -> int:
        """Index of the phase containing ``position`` (a phase owns its start, not its end); clamped."""
        i = bisect.bisect_right(self.phases, position, key=lambda p: p.start) - 1
        return min(max(i, 0), len(self.phases) - 1)

    def step_start(self, step_index: int) -> int:
        """First phase a step owns (its lead-in rest, if any); ``len(phases)`` past the last one."""
        return self.spans[step_index].first

    def step_phases(self, step_index: int) -> range:
        span = self.spans[step_index]
        return range(span.first, span.end)

    def step_body(self, step_index: int) -> range:
        """The step's own phases, without its lead-in rest; starts with an active phase when not empty."""
        span = self.spans[step_index]
        return range(span.body, span.end)

    def planned_step_seconds(self, step_index: int) -> float:
        return sum((self.phases[i].duration for i in self.step_body(step_index)), 0.0)

    def next_phase(self, index: int) -> Phase | None:
        return self.phases[index + 1] if index + 1 < len(self.phases) else None

    @property
    def open_ended(self) -> bool:
        """Some hold lasts until the cramp lets go: ``total`` is then the longest the run can take ("up to")."""
        return any(phase.open_ended for phase in self.phases)


@dataclass(frozen=True, kw_only=True)
class _Draft(PhaseContext):
    """A phase before its offset, index and words are known."""

    say: str | None = None
    opens_step: bool = False
    """A transition that leads into a new step (the prepare, or the rest before a step)."""


def _lead_in(
    kind: PhaseKind, duration: float, into: _Draft, step_index: int | None, *, opens_step: bool = False
) -> _Draft:
    return _Draft(
        kind=kind, duration=duration, step_index=step_index, stretch=into.stretch, side=into.side,
        set_index=into.set_index, set_count=into.set_count, opens_step=opens_step,
    )


def _hold_phases(routine: Routine, k: int, step: Step) -> list[_Draft]:
    """Per set, per side a hold; a switch where the side changes, the step's rest between same-side holds."""
    out: list[_Draft] = []
    if step.hold <= 0:
        return out
    last: _Draft | None = None
    for n in range(1, step.repeat + 1):
        for side in _SIDE_ORDER[step.sides]:
            hold = _Draft(kind=PhaseKind.HOLD, duration=step.hold, step_index=k, stretch=step.stretch,
                          side=side, set_index=n, set_count=step.repeat, say=step.say, open_ended=step.open_ended)
            if last is not None:
                switching = side != last.side
                gap = routine.switch if switching else routine.rest_after(step)
                if gap > 0:
                    out.append(_lead_in(PhaseKind.SWITCH if switching else PhaseKind.REST, gap, hold, k))
            out.append(hold)
            last = hold
    return out


def _breathing_phases(k: int, step: Step) -> list[_Draft]:
    b = step.breathing
    assert b is not None
    parts = ((PhaseKind.INHALE, b.inhale), (PhaseKind.BREATH_HOLD, b.hold), (PhaseKind.EXHALE, b.exhale),
             (PhaseKind.PAUSE, b.pause))
    return [
        _Draft(kind=kind, duration=seconds, step_index=k, stretch=step.stretch, cycle=c, cycle_count=b.cycles,
               say=step.say)
        for c in range(1, b.cycles + 1)
        for kind, seconds in parts
        if seconds > 0
    ]


def _relaxation_phases(k: int, step: Step) -> list[_Draft]:
    r = step.relaxation
    assert r is not None
    return [
        _Draft(kind=kind, duration=seconds, step_index=k, stretch=step.stretch, group=name, group_index=g,
               group_count=len(r.groups), say=step.say)
        for g, name in enumerate(r.groups, 1)
        for kind, seconds in ((PhaseKind.TENSE, r.tense), (PhaseKind.RELAX, r.relax))
        if seconds > 0
    ]


def _step_phases(routine: Routine, k: int, step: Step) -> list[_Draft]:
    if step.breathing is not None:
        return _breathing_phases(k, step)
    if step.relaxation is not None:
        return _relaxation_phases(k, step)
    return _hold_phases(routine, k, step)


_FIXED_LABELS = {
    PhaseKind.PREPARE: spoken.PREPARE_LABEL,
    PhaseKind.SWITCH: spoken.SWITCH_LABEL,
    PhaseKind.REST: spoken.REST_LABEL,
    PhaseKind.INHALE: spoken.INHALE_LABEL,
    PhaseKind.BREATH_HOLD: spoken.BREATH_HOLD_LABEL,
    PhaseKind.EXHALE: spoken.EXHALE_LABEL,
    PhaseKind.PAUSE: spoken.PAUSE_LABEL,
}

_FIXED_SAYINGS = {
    PhaseKind.SWITCH: spoken.SWITCH_SAY,
    PhaseKind.REST: spoken.REST_SAY,
    PhaseKind.INHALE: spoken.INHALE_LABEL,
    PhaseKind.BREATH_HOLD: spoken.BREATH_HOLD_SAY,
    PhaseKind.EXHALE: spoken.EXHALE_LABEL,
    PhaseKind.PAUSE: spoken.PAUSE_SAY,
}


def _name(d: _Draft) -> str:
    return d.stretch.name if d.stretch is not None else ""


def _limb(d: _Draft) -> str:
    """Sides of a foot-only stretch (acupressure, arch) are feet; everything else works a leg."""
    muscles = d.stretch.muscles if d.stretch is not None else ()
    return "foot" if muscles and set(muscles) <= {"foot"} else "leg"


def _props(d: _Draft) -> tuple[str, ...]:
    return d.stretch.props if d.stretch is not None else ()


def _verb(d: _Draft) -> str:
    return d.stretch.action.verb if d.stretch is not None else "Hold"


def _label(d: _Draft) -> str:
    if d.kind is PhaseKind.HOLD and d.open_ended:
        return f"{_verb(d)} {OPEN_HOLD_LABEL}"
    if d.kind is PhaseKind.HOLD:
        return spoken.hold_label(d.side, d.stretch.action.verb if d.stretch is not None else "Hold", _limb(d))
    if d.kind is PhaseKind.TENSE:
        return spoken.tense_label(d.group or "")
    if d.kind is PhaseKind.RELAX:
        return spoken.relax_label(d.group or "")
    return _FIXED_LABELS[d.kind]


def _announcement(d: _Draft, starts_step: bool, new_set: bool) -> str:
    if starts_step and d.say:
        return d.say
    if d.kind is PhaseKind.PREPARE:
        return spoken.prepare_say(_name(d), _props(d))
    if d.kind is PhaseKind.REST and d.opens_step:
        return spoken.rest_before_say(_name(d), _props(d))
    if d.kind is PhaseKind.HOLD and d.open_ended:
        words = f"{_verb(d).lower()} {OPEN_HOLD_LABEL}, up to {spoken.duration_words(d.duration)}"
        return spoken.join_words(_name(d), words) if starts_step else spoken.join_words(words)
    if d.kind is PhaseKind.HOLD:
        side = d.side.value if d.side else None
        seconds = spoken.duration_words(d.duration)
        if starts_step:
            return spoken.join_words(_name(d), spoken.side_words(side, _limb(d)), seconds)
        words = spoken.hold_words(side, d.set_index or 1, d.set_count or 1, new_set=new_set, limb=_limb(d))
        return spoken.join_words(words, seconds)
    if d.kind is PhaseKind.TENSE:
        text = spoken.tense_say(d.group or "")
    elif d.kind is PhaseKind.RELAX:
        text = spoken.relax_say(d.group or "")
    else:
        text = _FIXED_SAYINGS[d.kind]
    return f"{_name(d)}. {text}" if starts_step else text


def _preview(d: _Draft, starts_step: bool, new_set: bool) -> str:
    """How the phase is named in the previous phase's "Next: …" line."""
    if starts_step:
        return spoken.next_label(_name(d))
    if d.kind is PhaseKind.HOLD and d.open_ended:
        return spoken.next_label(_label(d).lower())
    if d.kind is PhaseKind.HOLD:
        side = d.side.value if d.side else None
        words = spoken.hold_words(side, d.set_index or 1, d.set_count or 1, new_set=new_set, limb=_limb(d))
        return spoken.next_label(words or "hold")
    return spoken.next_label(_label(d))


def plan(routine: Routine) -> Timeline:
    """Expand a routine into its phases; raises ValueError when nothing in it takes any time."""
    drafts: list[_Draft] = []
    ranges: list[tuple[int, int, int]] = []
    previous: Step | None = None
    for k, step in enumerate(routine.steps):
        body = _step_phases(routine, k, step)
        first = len(drafts)
        if body and previous is not None:
            rest = routine.rest_after(previous)
            if rest > 0:
                drafts.append(_lead_in(PhaseKind.REST, rest, body[0], k, opens_step=True))
        body_at = len(drafts)
        drafts.extend(body)
        ranges.append((first, body_at, len(drafts)))
        if body:
            previous = step
    if not drafts:
        raise ValueError(f"routine {routine.id!r} has nothing to time: every step is empty")
    shift = 0
    if routine.prepare > 0:
        drafts.insert(0, _lead_in(PhaseKind.PREPARE, routine.prepare, drafts[0], None, opens_step=True))
        shift = 1
    spans = tuple(StepSpan(a + shift, b + shift, c + shift) for a, b, c in ranges)
    phases = _finish(drafts, spans, len(routine.steps))
    return Timeline(phases, phases[-1].end, tuple(s.stretch.name for s in routine.steps), spans)


_CONTEXT_FIELDS = tuple(f.name for f in fields(PhaseContext))


def _context_of(draft: _Draft) -> dict[str, Any]:
    return {name: getattr(draft, name) for name in _CONTEXT_FIELDS}


def _finish(drafts: list[_Draft], spans: tuple[StepSpan, ...], step_count: int) -> tuple[Phase, ...]:
    starts_step = {s.body for s in spans if s.end > s.body}
    ends_step = {s.end - 1 for s in spans if s.end > s.body}
    new_set: list[bool] = []
    last_hold: _Draft | None = None
    for d in drafts:
        if d.kind is PhaseKind.HOLD:
            same_step = last_hold is not None and last_hold.step_index == d.step_index
            new_set.append(not same_step or (last_hold is not None and last_hold.set_index != d.set_index))
            last_hold = d
        else:
            new_set.append(False)
    previews = [_preview(d, i in starts_step, new_set[i]) for i, d in enumerate(drafts)]
    phases: list[Phase] = []
    position = 0.0
    following = spoken.FINISH_PREVIEW
    next_active: list[str] = [""] * len(drafts)
    for i in range(len(drafts) - 1, -1, -1):
        next_active[i] = following
        if drafts[i].kind in ACTIVE_KINDS:
            following = previews[i]
    for i, d in enumerate(drafts):
        phases.append(Phase(
            **_context_of(d), index=i, start=position, step_count=step_count, label=_label(d),
            announcement=_announcement(d, i in starts_step, new_set[i]), next_label=next_active[i],
            starts_step=i in starts_step, ends_step=i in ends_step, ends_routine=i == len(drafts) - 1,
            next_kind=drafts[i + 1].kind if i + 1 < len(drafts) else None,
        ))
        position = position + d.duration
    return tuple(phases)
