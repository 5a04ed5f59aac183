"""The breathing pacer's motion, free of Qt widgets: how big the circle (or ring) is at each point of a phase,
where it moves at all, and how long until its rim has next visibly moved.

The size follows an easing curve, slow at both ends like a breath; :func:`fraction_at_scale` inverts it, so
:func:`wait_ms` can arm the pacer's frame timer for the moment the rim will have moved ``STEP_PX`` pixels
(never sooner than ``FRAME_MS``) instead of waking at a fixed rate.

The same timer wakes whatever is shown beside the pacer and changes at known moments (the player's countdown
digits, once a second): :func:`next_wake_ms` picks one wake for both, so a breathing step does not wake the
GUI thread for the pacer and again, a moment later, for the digits.
"""

from __future__ import annotations

import math

from stretch_timer.core.plan import PhaseKind

SMALL = 0.38
"""Circle size (fraction of the largest) at the bottom of a breath."""
TIGHT = 0.46
"""Ring size while tensing."""
LOOSE = 0.92
"""Ring size at the end of relaxing."""
TENSE_SQUEEZE = 0.2
"""A tense squeezes in over this first fraction of the phase, then holds tight."""

STEP_PX = 4.0
"""The circle is redrawn each time its rim has moved this many (logical) pixels, and so it wakes only when it
has visibly moved: a frame rate that follows the breath, quick in its middle, slow at either end, none while
it holds. In a maximised window on a 1366×768 screen (largest radius 222 px, 200 in large type) a 4 s breath
in moves the rim at most 54 px a second: 13 frames a second at the quickest, about seven a second on average
over 4 s in and 6 s out. Each frame costs the GUI thread most of a millisecond on a busy machine, nearly all
of it fixed (the wake, Python, the repaint and sending the pixels to the display; a bigger circle costs
little more), so this sets what breathing costs. It was 3 px until the countdown rode on the frames (issue
9's lead decision allows a pixel more per frame, not more): 4 px takes a quarter of the frames away, and
frames timed evenly instead would need twice as many for the same largest step (12 a second for 4.5 px)."""
FRAME_MS = 40
"""Never more than 25 frames a second (a big window moves the rim faster): more is no smoother to the eye."""

PMR_KINDS = frozenset({PhaseKind.TENSE, PhaseKind.RELAX})
GROWING = frozenset({PhaseKind.INHALE, PhaseKind.RELAX})
SHRINKING = frozenset({PhaseKind.EXHALE, PhaseKind.TENSE})


def _ease(fraction: float) -> float:
    """Slow at both ends, like a breath."""
    f = min(1.0, max(0.0, fraction))
    return (1 - math.cos(math.pi * f)) / 2


def _unease(eased: float) -> float:
    """The fraction at which ``_ease`` reaches ``eased`` (0..1)."""
    return math.acos(1 - 2 * min(1.0, max(0.0, eased))) / math.pi


def pacer_scale(kind: PhaseKind | None, fraction: float) -> float:
    """Size of the circle (or ring) as a fraction of the largest, for a phase ``fraction`` elapsed."""
    if kind is PhaseKind.INHALE:
        return SMALL + (1 - SMALL) * _ease(fraction)
    if kind is PhaseKind.BREATH_HOLD:
        return 1.0
    if kind is PhaseKind.EXHALE:
        return 1.0 - (1 - SMALL) * _ease(fraction)
    if kind is PhaseKind.TENSE:
        # Squeeze in over the first fifth of the phase, then hold tight.
        return LOOSE - (LOOSE - TIGHT) * _ease(min(1.0, fraction / TENSE_SQUEEZE))
    if kind is PhaseKind.RELAX:
        return TIGHT + (LOOSE - TIGHT) * _ease(fraction)
    return SMALL


def fraction_at_scale(kind: PhaseKind | None, scale: float) -> float:
    """The fraction of the phase at which the circle reaches ``scale`` (the inverse of :func:`pacer_scale`
    while it moves); 1.0 for a kind that does not move, or a scale it does not reach."""
    if kind is PhaseKind.INHALE:
        return _unease((scale - SMALL) / (1 - SMALL))
    if kind is PhaseKind.EXHALE:
        return _unease((1 - scale) / (1 - SMALL))
    if kind is PhaseKind.RELAX:
        return _unease((scale - TIGHT) / (LOOSE - TIGHT))
    if kind is PhaseKind.TENSE:
        return TENSE_SQUEEZE * _unease((LOOSE - scale) / (LOOSE - TIGHT))
    return 1.0


def still_changing(kind: PhaseKind | None, fraction: float) -> bool:
    """Whether the circle still moves later in this phase (else no frame timer is needed until the next)."""
    if kind in GROWING or kind is PhaseKind.EXHALE:
        return fraction < 1.0
    if kind is PhaseKind.TENSE:
        return fraction < TENSE_SQUEEZE
    return False


RIDE_MIN_PX = 1.0
"""A wake the circle's own step did not time (for the digits riding on the frames, or the page's
``set_state``) repaints the circle too once its rim has moved this far since it was drawn: it costs a little
painting in a wake that happens anyway, and the circle's next frame is then a whole step on from there."""
RIDE_SLACK_MS = 25
"""A change riding on the frames (the digits) waits for the circle's own next frame when that comes at most
this long after it, instead of a wake of its own just before: the digits still turn within ~50 ms of their
second (timer latency included)."""


def wait_ms(kind: PhaseKind | None, drawn_radius: float, fraction: float, seconds: float, full: float) -> int:
    """Real milliseconds until the rim, drawn at ``drawn_radius`` (of a largest radius ``full``), has moved
    ``STEP_PX`` on from there, from ``fraction`` of a phase ``seconds`` long (or the phase ends), but at least
    ``FRAME_MS``."""
    target_radius = drawn_radius + (STEP_PX if kind in GROWING else -STEP_PX)
    target = fraction_at_scale(kind, target_radius / full)
    wait = max(0.0, target - fraction) * seconds
    return max(FRAME_MS, math.ceil(wait * 1000) + 1)


def next_wake_ms(own_ms: int, due: float | None) -> int:
    """One wake for the circle's own next frame (``own_ms`` from now) and for a change riding on the frames
    ``due`` real seconds from now (None: nothing rides): the change's moment, just past it, unless the
    circle's frame comes before it or within ``RIDE_SLACK_MS`` after it (that frame shows both)."""
    if due is None:
        return own_ms
    due_ms = max(1, math.ceil(max(0.0, due) * 1000) + 1)  # just past the change, so the frame finds it
    return own_ms if own_ms <= due_ms + RIDE_SLACK_MS else due_ms
