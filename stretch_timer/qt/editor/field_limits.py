"""The editor's labels, ranges and help for each field, in one place.

Once ``core/fields.py`` (the one description of the fields) is there, its table is the source; until then the
few numbers the editor's spin boxes need live here, so no widget hard-codes its own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from stretch_timer.core.model import DEFAULT_COUNTDOWN, DEFAULT_PREPARE, DEFAULT_REST, DEFAULT_SWITCH, MUSCLES

try:  # the field table (FIELDS helper); the fallback below keeps the editor working without it
    _fields: Any = importlib.import_module("stretch_timer.core.fields")
except ImportError:  # pragma: no cover - until core/fields.py lands
    _fields = None

DocPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Limit:
    """What a form needs to know about one field: its label, help and numeric range."""

    label: str
    help: str = ""
    minimum: float = 0
    maximum: float = 3600
    max_length: int | None = None


_FALLBACK: dict[str, Limit] = {
    "name": Limit("Name", "What the routine is called in the library.", max_length=80),
    "description": Limit("Description", "A sentence or two about the routine.", max_length=500),
    "tags": Limit("Tags", "Words to find the routine by, separated by commas."),
    "relieves": Limit("Relieves", "The muscles this routine is meant to ease when they cramp."),
    "prepare": Limit("Get ready", "Seconds to get into position before the first step.", 0, 600),
    "rest": Limit("Rest between steps", "Seconds of rest between steps, unless a step says otherwise.", 0, 600),
    "switch": Limit("Switch sides", "Seconds to change sides in a step done on both legs.", 0, 600),
    "countdown": Limit("Countdown beeps", "How many beeps count down the end of each phase.", 0, 10),
    "halfway": Limit("Halfway cue", "A cue halfway through each hold."),
    "hold": Limit("Hold", "Seconds to hold the stretch.", 0, 3600),
    "sides": Limit("Sides", "Which leg the step works; both runs right, then left."),
    "repeat": Limit("Repeat", "How many times the step is done.", 1, 20),
    "step_rest": Limit("Rest before next", "Seconds of rest after this step, instead of the routine's.", 0, 600),
    "say": Limit("Spoken text", "What the voice says when the step starts.", max_length=200),
    "note": Limit("Note", "A note for yourself, shown under the instructions during this step.", max_length=200),
    "inhale": Limit("Breathe in", "Seconds to breathe in.", 0, 60),
    "breath_hold": Limit("Hold breath", "Seconds to hold the breath after breathing in.", 0, 60),
    "exhale": Limit("Breathe out", "Seconds to breathe out.", 0, 60),
    "pause": Limit("Pause", "Seconds to rest after breathing out.", 0, 60),
    "cycles": Limit("Breaths", "How many breaths.", 1, 100),
    "tense": Limit("Tense", "Seconds to tense each muscle group.", 0, 60),
    "relax": Limit("Relax", "Seconds to let each muscle group go.", 0, 120),
    "groups": Limit("Muscle groups", "The groups to tense and relax, in order, separated by commas."),
    "step_name": Limit("Name", "What this step is called on screen.", max_length=80),
    "instructions": Limit("How to", "One line per instruction."),
}

_PATHS: dict[str, DocPath] = {
    "name": ("name",), "description": ("description",), "tags": ("tags",), "relieves": ("relieves",),
    "prepare": ("prepare",), "rest": ("rest",), "switch": ("switch",),
    "countdown": ("cues", "countdown"), "halfway": ("cues", "halfway"),
    "hold": ("steps", 0, "hold"), "sides": ("steps", 0, "sides"), "repeat": ("steps", 0, "repeat"),
    "step_rest": ("steps", 0, "rest"), "say": ("steps", 0, "say"), "note": ("steps", 0, "note"),
    "inhale": ("steps", 0, "breathe", "inhale"), "breath_hold": ("steps", 0, "breathe", "hold"),
    "exhale": ("steps", 0, "breathe", "exhale"), "pause": ("steps", 0, "breathe", "pause"),
    "cycles": ("steps", 0, "breathe", "cycles"),
    "tense": ("steps", 0, "pmr", "tense"), "relax": ("steps", 0, "pmr", "relax"),
    "groups": ("steps", 0, "pmr", "groups"),
    "step_name": ("steps", 0, "name"), "instructions": ("steps", 0, "instructions"),
}

DEFAULTS: dict[str, float] = {
    "prepare": DEFAULT_PREPARE, "rest": DEFAULT_REST, "switch": DEFAULT_SWITCH, "countdown": DEFAULT_COUNTDOWN,
}
MUSCLE_CHOICES: tuple[str, ...] = MUSCLES
SIDES_CHOICES: tuple[str, ...] = ("both", "right", "left", "none")


def limit(key: str) -> Limit:
    """The label, help and range of field ``key`` (the field table's when it is there)."""
    fallback = _FALLBACK[key]
    if _fields is None:
        return fallback
    spec = _fields.field_at(_PATHS[key])
    if spec is None:
        return fallback
    low = spec.minimum if spec.minimum is not None else fallback.minimum
    high = spec.maximum if spec.maximum is not None else fallback.maximum
    label = fallback.label if key in ("step_rest", "step_name", "prepare") else spec.label
    return Limit(label, spec.help or fallback.help, low, high, spec.max_length or fallback.max_length)
