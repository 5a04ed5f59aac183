"""The stretch fields shared by catalog files and by inline/overriding routine steps, read by the field table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from .checker import Checker
from .fields import (
    BREATHE_FIELDS,
    BREATHE_KEYS,
    PMR_FIELDS,
    PMR_KEYS,
    STRETCH_FIELDS,
    FieldSpec,
    FieldType,
    keys,
)
from .images import ImageError, resolve_image
from .model import Action, Breathing, Facing, Relaxation, Sides, Stretch, StretchOverrides
from .yamldoc import Path_

STRETCH_KEYS = keys(STRETCH_FIELDS)
__all__ = ["BREATHE_KEYS", "PMR_KEYS", "STRETCH_KEYS", "apply_overrides", "read_breathing", "read_field",
           "read_relaxation", "read_stretch_fields"]

# The model's type for each word of a closed list that it keeps as an enum (position stays a plain word).
_ENUMS: dict[str, type[StrEnum]] = {"faces": Facing, "action": Action, "sides": Sides}


def read_field(check: Checker, path: Path_, spec: FieldSpec, value: object) -> object | None:
    """``value`` checked by ``spec`` and turned into the model's type (an enum for faces, action and sides)."""
    checked = check.field(path, spec, value)
    if checked is not None and spec.type is FieldType.CHOICE and spec.key in _ENUMS:
        return _ENUMS[spec.key](str(checked))
    return checked


def read_stretch_fields(
    check: Checker, path: Path_, data: dict[str, object], folder: Path, image_dirs: Sequence[Path]
) -> tuple[StretchOverrides, Path | None]:
    """What a mapping said about a stretch (``None`` for each field it did not give, or gave wrongly), and the
    picture its ``image`` names, resolved."""
    written: dict[str, object] = {}
    image: Path | None = None
    for spec in STRETCH_FIELDS:
        if spec.key not in data:
            continue
        value = read_field(check, (*path, spec.key), spec, data[spec.key])
        if value is None:
            continue
        written[spec.key] = value
        if spec.type is FieldType.PICTURE:
            assert isinstance(value, str)
            try:
                image = resolve_image(value, folder, image_dirs)
            except ImageError as error:
                check.problem((*path, spec.key), str(error))
    return StretchOverrides(**written), image  # type: ignore[arg-type]


def apply_overrides(stretch: Stretch, fields: StretchOverrides, image: Path | None) -> Stretch:
    """Layer the fields a mapping gave over ``stretch``."""
    changes: dict[str, object] = {}
    for key in STRETCH_KEYS:
        value = getattr(fields, key)
        if value is not None and key != "image":
            changes[key] = value
    if image is not None:
        changes["image"] = image
        changes["image_ref"] = fields.image or ""
    return replace(stretch, **changes) if changes else stretch  # type: ignore[arg-type]


def read_sides(check: Checker, path: Path_, value: object) -> Sides | None:
    return check.enum(path, value, Sides)


def _block(check: Checker, path: Path_, value: object, fields: tuple[FieldSpec, ...]) -> dict[str, object] | None:
    data = check.mapping(path, value, keys(fields))
    if data is None:
        return None
    written: dict[str, object] = {}
    for spec in fields:
        if spec.key in data:
            checked = check.field((*path, spec.key), spec, data[spec.key])
            if checked is not None:
                written[spec.key] = checked
    return written


def read_breathing(
    check: Checker, path: Path_, value: object, base: Breathing | None = None
) -> tuple[Breathing | None, dict[str, float]]:
    """Breathing timing layered over ``base``; also returns exactly what was written, for saving."""
    written = _block(check, path, value, BREATHE_FIELDS)
    if written is None:
        return None, {}
    numbers = {key: float(number) for key, number in written.items() if isinstance(number, int | float)}
    if "cycles" in numbers:
        numbers["cycles"] = int(numbers["cycles"])
    return replace(base or Breathing(), **numbers), numbers  # type: ignore[arg-type]


def read_relaxation(
    check: Checker, path: Path_, value: object, base: Relaxation | None = None
) -> tuple[Relaxation | None, dict[str, object]]:
    """Tense/relax timing layered over ``base``; also returns exactly what was written, for saving."""
    written = _block(check, path, value, PMR_FIELDS)
    if written is None:
        return None, {}
    return replace(base or Relaxation(), **written), written  # type: ignore[arg-type]
