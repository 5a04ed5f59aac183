"""The stretch fields shared by catalog files and by inline/overriding routine steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .checker import Checker
from .images import ImageError, resolve_image
from .model import MUSCLES, POSITIONS, Action, Breathing, Facing, Relaxation, Sides
from .yamldoc import Path_

STRETCH_KEYS = (
    "name", "sanskrit", "muscles", "position", "props", "instructions", "safety", "image", "faces", "action"
)
BREATHE_KEYS = ("inhale", "hold", "exhale", "pause", "cycles")
PMR_KEYS = ("tense", "relax", "groups")


@dataclass
class StretchFields:
    """What a mapping said about a stretch; ``None`` for each field it did not give (or gave wrongly)."""

    name: str | None = None
    sanskrit: str | None = None
    muscles: tuple[str, ...] | None = None
    position: str | None = None
    props: tuple[str, ...] | None = None
    instructions: tuple[str, ...] | None = None
    safety: str | None = None
    image_ref: str | None = None
    image: Path | None = None
    faces: Facing | None = None
    action: Action | None = None


def read_stretch_fields(
    check: Checker, path: Path_, data: dict[str, object], folder: Path, image_dirs: Sequence[Path]
) -> StretchFields:
    fields = StretchFields()
    if "name" in data:
        fields.name = check.text((*path, "name"), data["name"], max_length=80)
    if "sanskrit" in data:
        fields.sanskrit = check.text((*path, "sanskrit"), data["sanskrit"], max_length=80, empty_ok=True)
    if "muscles" in data:
        fields.muscles = check.choice_list((*path, "muscles"), data["muscles"], MUSCLES)
    if "position" in data:
        fields.position = _position(check, (*path, "position"), data["position"])
    if "props" in data:
        fields.props = check.text_list((*path, "props"), data["props"], max_items=10)
    if "instructions" in data:
        fields.instructions = check.text_list(
            (*path, "instructions"), data["instructions"], max_items=8, max_length=400, min_items=1
        )
    if "safety" in data:
        fields.safety = check.text((*path, "safety"), data["safety"], empty_ok=True)
    if "image" in data:
        reference = check.text((*path, "image"), data["image"], max_length=200)
        if reference is not None:
            fields.image_ref = reference
            try:
                fields.image = resolve_image(reference, folder, image_dirs)
            except ImageError as error:
                check.problem((*path, "image"), str(error))
    if "faces" in data:
        fields.faces = check.enum((*path, "faces"), data["faces"], Facing)
    if "action" in data:
        fields.action = check.enum((*path, "action"), data["action"], Action)
    return fields


def _position(check: Checker, path: Path_, value: object) -> str | None:
    return check.word(path, value, POSITIONS)


def read_sides(check: Checker, path: Path_, value: object) -> Sides | None:
    return check.enum(path, value, Sides)


def read_breathing(
    check: Checker, path: Path_, value: object, base: Breathing | None = None
) -> tuple[Breathing | None, dict[str, float]]:
    """Breathing timing layered over ``base``; also returns exactly what was written, for saving."""
    data = check.mapping(path, value, BREATHE_KEYS)
    if data is None:
        return None, {}
    written: dict[str, float] = {}
    for key in ("inhale", "exhale"):
        if key in data:
            seconds = check.duration((*path, key), data[key], positive=True, maximum=60)
            if seconds is not None:
                written[key] = seconds
    for key in ("hold", "pause"):
        if key in data:
            seconds = check.duration((*path, key), data[key], positive=False, maximum=60)
            if seconds is not None:
                written[key] = seconds
    if "cycles" in data:
        cycles = check.integer((*path, "cycles"), data["cycles"], 1, 100)
        if cycles is not None:
            written["cycles"] = cycles
    start = base or Breathing()
    breathing = Breathing(
        inhale=written.get("inhale", start.inhale),
        hold=written.get("hold", start.hold),
        exhale=written.get("exhale", start.exhale),
        pause=written.get("pause", start.pause),
        cycles=int(written.get("cycles", start.cycles)),
    )
    return breathing, written


def read_relaxation(
    check: Checker, path: Path_, value: object, base: Relaxation | None = None
) -> tuple[Relaxation | None, dict[str, object]]:
    """Tense/relax timing layered over ``base``; also returns exactly what was written, for saving."""
    data = check.mapping(path, value, PMR_KEYS)
    if data is None:
        return None, {}
    written: dict[str, object] = {}
    for key in ("tense", "relax"):
        if key in data:
            seconds = check.duration((*path, key), data[key], positive=True, maximum=120)
            if seconds is not None:
                written[key] = seconds
    if "groups" in data:
        groups = check.text_list((*path, "groups"), data["groups"], max_items=20, max_length=40, min_items=1)
        if groups is not None:
            written["groups"] = groups
    start = base or Relaxation()
    tense = written.get("tense", start.tense)
    relax = written.get("relax", start.relax)
    groups_value = written.get("groups", start.groups)
    assert isinstance(tense, float) and isinstance(relax, float) and isinstance(groups_value, tuple)
    return Relaxation(tense=tense, relax=relax, groups=groups_value), written
