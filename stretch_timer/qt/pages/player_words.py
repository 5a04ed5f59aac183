"""What the player says, as words: the step and set, what comes next, the side, and what easing off means for
the kind of step under way. Plain functions of a phase, so the wording is tested without a widget; the
player's widgets (:mod:`~stretch_timer.qt.pages.player_info`, :mod:`~stretch_timer.qt.pages.player_controls`)
only show it.
"""

from __future__ import annotations

from stretch_timer.core.durations import format_clock
from stretch_timer.core.model import Action, Facing, Stretch
from stretch_timer.core.plan import TRANSITION_KINDS, Phase, PhaseKind, Side

PACED_KINDS = frozenset({
    PhaseKind.INHALE, PhaseKind.BREATH_HOLD, PhaseKind.EXHALE, PhaseKind.PAUSE, PhaseKind.TENSE, PhaseKind.RELAX,
})
"""Phases that show the breathing pacer instead of the stretch picture."""


def mirror_for(stretch: Stretch | None, side: Side | None) -> bool:
    """Mirror a picture drawn facing one way when the other side is being worked."""
    if stretch is None or side is None:
        return False
    return (stretch.faces is Facing.RIGHT and side is Side.LEFT) or (
        stretch.faces is Facing.LEFT and side is Side.RIGHT
    )


def step_text(phase: Phase) -> str:
    """ "Step 3 of 7", with "· Set 2 of 2" for repeated holds and "· Breath 2 of 6" while breathing.

    Only a hold says its set: the rest or switch before set 2 is not set 2 yet ("Next: set 2 of 2" says it)."""
    parts = []
    if phase.step_count:
        parts.append(f"Step {(phase.step_index or 0) + 1} of {phase.step_count}")
    if phase.kind is PhaseKind.HOLD and phase.set_count and phase.set_count > 1 and phase.set_index:
        parts.append(f"Set {phase.set_index} of {phase.set_count}")
    if phase.cycle_count and phase.cycle and phase.kind in PACED_KINDS:
        parts.append(f"Breath {phase.cycle} of {phase.cycle_count}")
    return " · ".join(parts)


def next_text(phase: Phase, following: Phase | None) -> str:
    """The "Next: …" line. A get-ready or a rest that leads into a step would name that step's stretch, which
    the header already shows: it says what the step starts with instead ("Next: hold — right leg, 30 s")."""
    if (following is None or phase.kind not in TRANSITION_KINDS or not following.starts_step
            or following.stretch is None or following.stretch != phase.stretch):
        return phase.next_label
    if following.kind in (PhaseKind.INHALE, PhaseKind.BREATH_HOLD, PhaseKind.EXHALE) and following.cycle_count:
        what = f"{following.cycle_count} slow breath" + ("" if following.cycle_count == 1 else "s")
    else:
        what = following.label[:1].lower() + following.label[1:]
        if following.kind is PhaseKind.HOLD and following.duration > 0:
            seconds = round(following.duration)
            up_to = "up to " if following.open_ended else ""
            what += f", {up_to}{format_clock(seconds) if seconds >= 60 else f'{seconds} s'}"
    return f"Next: {what}"


def side_text(side: Side | None) -> str:
    return f"{side.value.capitalize()} leg" if side is not None else ""


def side_words(phase: Phase) -> str:
    """The words in the phase label that name the side ("right leg"), if it names one."""
    if phase.side is None:
        return ""
    words = side_text(phase.side).lower()
    return words if words in phase.label.lower() else ""


EASE_OFF_TEXT = (
    "Ease off. Back off the stretch a little, breathe slowly, and let the muscle soften. "
    "Resume when you are ready."
)
STOP_QUESTION = "Stop this routine?"
LET_GO_TEXT = "It let go"
"""The button that ends a hold held until the cramp lets go (and its accessible name)."""
LET_GO_TIP = "It let go: the cramp eased, go on to the next part (L)"


def let_go_words(seconds: float) -> str:
    """What the player says when the cramp let go: "It let go after 0:48"."""
    return f"It let go after {format_clock(max(0, round(seconds)))}"

_EASE_BREATHING = (
    "Ease off. Let your breath go back to its own pace; nothing needs to be held. "
    "Resume when you are ready."
)
_EASE_RELAXATION = (
    "Ease off. Stop tensing and let the muscles go soft, breathing slowly. "
    "Resume when you are ready."
)
_EASE_ACTION = {
    Action.MOVE: ("Ease off. Make the movement smaller and slower, or stand still for a moment, breathing slowly. "
                  "Resume when you are ready."),
    Action.MASSAGE: ("Ease off. Use a lighter touch, or rest your hands for a moment, breathing slowly. "
                     "Resume when you are ready."),
    Action.PRESS: ("Ease off. Press more lightly, or let go for a moment, breathing slowly. "
                   "Resume when you are ready."),
}
_BREATHING_KINDS = frozenset({PhaseKind.INHALE, PhaseKind.BREATH_HOLD, PhaseKind.EXHALE, PhaseKind.PAUSE})
_RELAXATION_KINDS = frozenset({PhaseKind.TENSE, PhaseKind.RELAX})


def ease_off_text(phase: Phase | None) -> str:
    """What the ease-off panel says for ``phase``: backing off a stretch only where there is one to back off
    (breathing and relaxation steps, moves, massage and pressing each get words of their own)."""
    if phase is None:
        return EASE_OFF_TEXT
    if phase.kind in _RELAXATION_KINDS:
        return _EASE_RELAXATION
    if phase.kind in _BREATHING_KINDS:
        return _EASE_BREATHING
    stretch: Stretch | None = phase.stretch
    if stretch is not None:
        if stretch.pmr is not None:
            return _EASE_RELAXATION
        if stretch.breathe is not None:
            return _EASE_BREATHING
        return _EASE_ACTION.get(stretch.action, EASE_OFF_TEXT)
    return EASE_OFF_TEXT
