"""The editor's label, help and range for each field it shows, read from the one field table.

``core/fields.py`` describes every key once (label, help, range, which step kinds have it); the loader, the
writer and the schemas read it too, so the form's spin box ranges and tooltips cannot drift from what the
loader accepts. This module only names the document path of each form field.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretch_timer.core.fields import FieldSpec, field_at
from stretch_timer.core.model import MUSCLES, Sides

DocPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Limit:
    """What a form needs to know about one field: its label, help and numeric range."""

    label: str
    help: str = ""
    minimum: float = 0
    maximum: float = 3600
    max_length: int | None = None
    positive: bool = False


_PATHS: dict[str, DocPath] = {
    "name": ("name",), "description": ("description",), "tags": ("tags",), "relieves": ("relieves",),
    "prepare": ("prepare",), "rest": ("rest",), "switch": ("switch",),
    "countdown": ("cues", "countdown"), "halfway": ("cues", "halfway"),
    "hold": ("steps", 0, "hold"), "until": ("steps", 0, "until"), "sides": ("steps", 0, "sides"),
    "repeat": ("steps", 0, "repeat"),
    "step_rest": ("steps", 0, "rest"), "say": ("steps", 0, "say"), "note": ("steps", 0, "note"),
    "inhale": ("steps", 0, "breathe", "inhale"), "breath_hold": ("steps", 0, "breathe", "hold"),
    "exhale": ("steps", 0, "breathe", "exhale"), "pause": ("steps", 0, "breathe", "pause"),
    "cycles": ("steps", 0, "breathe", "cycles"),
    "tense": ("steps", 0, "pmr", "tense"), "relax": ("steps", 0, "pmr", "relax"),
    "groups": ("steps", 0, "pmr", "groups"),
    "step_name": ("steps", 0, "name"), "instructions": ("steps", 0, "instructions"),
}

MUSCLE_CHOICES: tuple[str, ...] = MUSCLES
SIDES_CHOICES: tuple[str, ...] = tuple(str(side.value) for side in Sides)


def spec(key: str) -> FieldSpec:
    found = field_at(_PATHS[key])
    if found is None:  # pragma: no cover - a form field the table lacks is a bug
        raise KeyError(key)
    return found


def limit(key: str) -> Limit:
    """The label, help and range of the form's field ``key``."""
    found = spec(key)
    return Limit(
        found.label, found.help,
        found.minimum if found.minimum is not None else 0,
        found.maximum if found.maximum is not None else 3600,
        found.max_length, found.positive,
    )
