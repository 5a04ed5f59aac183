"""A step as the editor's list says it: its name, its kind in a word, and roughly how long it takes, read from
the step's document (the catalog fills in what a step leaves to its stretch). Plain Python (no Qt).
"""

from __future__ import annotations

from collections.abc import Mapping

from stretch_timer.core.durations import DurationError, format_clock, parse_duration
from stretch_timer.core.model import DEFAULT_HOLD, Breathing, Relaxation, StepKind, Stretch


def _seconds(value: object, default: float) -> float:
    try:
        return parse_duration(value) if value is not None else default
    except DurationError:
        return default


def step_kind(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> StepKind:
    """What kind of step the document describes (a catalog stretch can itself be breathing or relaxation)."""
    stretch_id = step.get("stretch")
    stretch = stretches.get(stretch_id) if isinstance(stretch_id, str) else None
    if isinstance(step.get("breathe"), Mapping) or (stretch is not None and stretch.breathe is not None):
        return StepKind.BREATHING
    if isinstance(step.get("pmr"), Mapping) or (stretch is not None and stretch.pmr is not None):
        return StepKind.RELAXATION
    return StepKind.HOLD


def step_kind_word(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> str:
    kind = step_kind(step, stretches)
    if kind is not StepKind.HOLD:
        return kind.value
    return "stretch" if "stretch" in step else "own stretch"


def step_name(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> str:
    name = step.get("name")
    if isinstance(name, str) and name.strip():
        return name
    stretch_id = step.get("stretch")
    if isinstance(stretch_id, str):
        stretch = stretches.get(stretch_id)
        return stretch.name if stretch is not None else stretch_id
    return "(no name)"


def step_seconds(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> float:
    """Roughly how long the step's own phases take (no rests): what the list shows beside it."""
    breathe = step.get("breathe")
    if isinstance(breathe, Mapping):
        b = Breathing()
        cycles = breathe.get("cycles", b.cycles)
        count = cycles if isinstance(cycles, int) and not isinstance(cycles, bool) else b.cycles
        one = sum(_seconds(breathe.get(key), getattr(b, key)) for key in ("inhale", "hold", "exhale", "pause"))
        return one * count
    pmr = step.get("pmr")
    if isinstance(pmr, Mapping):
        r = Relaxation()
        groups = pmr.get("groups", list(r.groups))
        count = len(groups) if isinstance(groups, list) else len(r.groups)
        return (_seconds(pmr.get("tense"), r.tense) + _seconds(pmr.get("relax"), r.relax)) * count
    stretch_id = step.get("stretch")
    stretch = stretches.get(stretch_id) if isinstance(stretch_id, str) else None
    hold = _seconds(step.get("hold"), stretch.hold if stretch is not None else DEFAULT_HOLD)
    sides = step.get("sides", stretch.sides.value if stretch is not None else "none")
    repeat = step.get("repeat", 1)
    times = repeat if isinstance(repeat, int) and not isinstance(repeat, bool) and repeat > 0 else 1
    return hold * times * (2 if sides == "both" else 1)


def step_text(step: Mapping[str, object], stretches: Mapping[str, Stretch], planned: float | None = None) -> str:
    """Name, kind and length: ``planned`` is the planner's figure (as the overview shows it, switching sides
    included) when the routine plans; else the estimate from the document."""
    seconds = format_clock(planned if planned is not None else step_seconds(step, stretches))
    return f"{step_name(step, stretches)} — {step_kind_word(step, stretches)}, {seconds}"
