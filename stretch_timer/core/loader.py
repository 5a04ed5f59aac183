"""YAML → :class:`Stretch` and :class:`Routine`, reporting every problem with its line.

A loader never raises for bad input: it returns ``(None, problems)`` so one broken file cannot stop a library
from loading the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .checker import Checker, suggest
from .datadoc import document_from_data
from .fields import (
    CUE_FIELDS,
    CUE_KEYS,
    MAX_REPEAT,
    MAX_STEPS,
    MAX_TRANSITION,
    ROUTINE_FIELDS,
    ROUTINE_KEYS,
    STEP_FIELDS,
    STEP_KEYS,
    STRETCH_FIELDS,
    STRETCH_FILE_KEYS,
    STRETCH_HOLD,
    STRETCH_SIDES,
    spec_for,
)
from .model import (
    FORMAT_VERSION,
    MAX_RELIEF_HOLD,
    STEP_ATTRIBUTES,
    UNTIL_RELIEF,
    Cues,
    Routine,
    Sides,
    Step,
    StepKind,
    Stretch,
)
from .problems import Problem
from .stretch_fields import apply_overrides, read_breathing, read_field, read_relaxation, read_stretch_fields
from .yamldoc import Document, parse_text, read_document

__all__ = ["CUE_KEYS", "MAX_REPEAT", "MAX_STEPS", "MAX_TRANSITION", "ROUTINE_KEYS", "STEP_KEYS", "STRETCH_FILE_KEYS",
           "file_id", "load_routine_data", "load_routine_file", "load_routine_text", "load_stretch_file",
           "load_stretch_text"]

_STRETCH_REQUIRED = tuple(spec.key for spec in STRETCH_FIELDS if spec.required)
_ROUTINE_REQUIRED = (*(spec.key for spec in ROUTINE_FIELDS if spec.required), "steps")


def file_id(path: Path) -> str:
    """A routine's or stretch's id is its file name without ``.yaml``: stable, visible, editable."""
    return path.stem


def _check_format(check: Checker, data: object) -> bool:
    """True when the rest of the file is worth reading: a newer format may have keys we cannot know."""
    if not isinstance(data, dict):
        return True
    if "format" not in data:
        check.problem((), f"missing required key 'format' (write 'format: {FORMAT_VERSION}' at the top)")
        return True
    value = data["format"]
    if isinstance(value, int) and not isinstance(value, bool) and value > FORMAT_VERSION:
        check.problem(
            ("format",),
            f"made by a newer Stretch Timer (format {value}); this version reads format {FORMAT_VERSION}",
        )
        return False
    if value != FORMAT_VERSION or isinstance(value, bool):
        check.problem(("format",), f"must be {FORMAT_VERSION}, got {check.document.raw.get(('format',), value)!r}")
    return True


# --- stretches ------------------------------------------------------------------------------------------


def load_stretch_text(
    text: str, path: Path, image_dirs: Sequence[Path] = (), display: str | None = None
) -> tuple[Stretch | None, list[Problem]]:
    document, problems = parse_text(text, display or str(path))
    return _stretch_from(document, problems, path, image_dirs)


def load_stretch_file(
    path: Path, image_dirs: Sequence[Path] = (), display: str | None = None
) -> tuple[Stretch | None, list[Problem]]:
    document, problems = read_document(path, display)
    return _stretch_from(document, problems, path, image_dirs)


def _stretch_from(
    document: Document | None, problems: list[Problem], path: Path, image_dirs: Sequence[Path]
) -> tuple[Stretch | None, list[Problem]]:
    if document is None:
        return None, problems
    check = Checker(document)
    check.problems.extend(problems)
    if not _check_format(check, document.data):
        return None, sorted(check.problems)
    data = check.mapping((), document.data, STRETCH_FILE_KEYS, required=_STRETCH_REQUIRED)
    if data is None:
        return None, sorted(check.problems)
    fields, image = read_stretch_fields(check, (), data, path.parent, image_dirs)
    stretch = apply_overrides(Stretch(id=file_id(path), name="", instructions=(), source=path), fields, image)
    for spec in (STRETCH_HOLD, STRETCH_SIDES):
        if spec.key in data:
            value = read_field(check, (spec.key,), spec, data[spec.key])
            if value is not None:
                stretch = replace(stretch, **{spec.key: value})  # type: ignore[arg-type]
    if "breathe" in data and "pmr" in data:
        check.problem(("pmr",), "a stretch is either paced breathing ('breathe') or relaxation ('pmr'), not both")
    elif "breathe" in data:
        stretch = replace(stretch, breathe=read_breathing(check, ("breathe",), data["breathe"])[0])
    elif "pmr" in data:
        stretch = replace(stretch, pmr=read_relaxation(check, ("pmr",), data["pmr"])[0])
    if check.problems:
        return None, sorted(check.problems)
    return stretch, []


# --- routines -------------------------------------------------------------------------------------------


def load_routine_text(
    text: str,
    path: Path,
    catalog: Mapping[str, Stretch],
    image_dirs: Sequence[Path] = (),
    display: str | None = None,
    broken_stretches: Mapping[str, Path] | None = None,
) -> tuple[Routine | None, list[Problem]]:
    document, problems = parse_text(text, display or str(path))
    return _RoutineReader(path, catalog, image_dirs, broken_stretches).read(document, problems)


def load_routine_file(
    path: Path,
    catalog: Mapping[str, Stretch],
    image_dirs: Sequence[Path] = (),
    display: str | None = None,
    broken_stretches: Mapping[str, Path] | None = None,
) -> tuple[Routine | None, list[Problem]]:
    document, problems = read_document(path, display)
    return _RoutineReader(path, catalog, image_dirs, broken_stretches).read(document, problems)


def load_routine_data(
    data: object,
    path: Path,
    catalog: Mapping[str, Stretch],
    image_dirs: Sequence[Path] = (),
    display: str | None = None,
    broken_stretches: Mapping[str, Path] | None = None,
    lines: Mapping[tuple[str | int, ...], int] | None = None,
) -> tuple[Routine | None, list[Problem]]:
    """The same checks and messages as load_routine_text, for data already in memory (a draft).

    ``data`` is what a YAML reader gives (plain dicts, lists and scalars, or ruamel.yaml's round-trip subclasses of
    them); ``path`` is the file it will be saved as (pictures resolve next to it); ``lines`` the line of each
    document path, when known (:func:`.datadoc.ruamel_lines`), else every problem is on line 1.
    """
    document, problems = document_from_data(data, display or str(path), lines)
    return _RoutineReader(path, catalog, image_dirs, broken_stretches).read(document, problems)


class _RoutineReader:
    """One routine file's worth of checking; holds what every step needs to resolve its stretch."""

    def __init__(
        self,
        path: Path,
        catalog: Mapping[str, Stretch],
        image_dirs: Sequence[Path],
        broken_stretches: Mapping[str, Path] | None,
    ) -> None:
        self.path = path
        self.catalog = catalog
        self.image_dirs = image_dirs
        # "is None", not "or": a lazy catalog's mapping would load every stretch to answer whether it is empty
        self.broken: Mapping[str, Path] = {} if broken_stretches is None else broken_stretches

    def read(self, document: Document | None, problems: list[Problem]) -> tuple[Routine | None, list[Problem]]:
        if document is None:
            return None, problems
        check = Checker(document)
        check.problems.extend(problems)
        if not _check_format(check, document.data):
            return None, sorted(check.problems)
        data = check.mapping((), document.data, ROUTINE_KEYS, required=_ROUTINE_REQUIRED)
        if data is None:
            return None, sorted(check.problems)
        routine = self._routine(check, data)
        if check.problems or routine is None:
            return None, sorted(check.problems)
        return routine, []

    def _routine(self, check: Checker, data: dict[str, object]) -> Routine | None:
        values: dict[str, Any] = {}
        for spec in ROUTINE_FIELDS:
            if spec.key in data:
                value = read_field(check, (spec.key,), spec, data[spec.key])
                if value is not None:
                    values[spec.key] = value
        if "tags" in values:
            values["tags"] = tuple(tag.lower() for tag in values["tags"])
        cues = self._cues(check, data["cues"]) if "cues" in data else Cues()
        steps = self._steps(check, data.get("steps"))
        if "name" not in values or steps is None:
            return None
        return Routine(id=file_id(self.path), steps=steps, cues=cues, source=self.path, **values)

    def _cues(self, check: Checker, value: object) -> Cues:
        data = check.mapping(("cues",), value, CUE_KEYS)
        if data is None:
            return Cues()
        values: dict[str, Any] = {}
        for spec in CUE_FIELDS:
            if spec.key in data:
                checked = read_field(check, ("cues", spec.key), spec, data[spec.key])
                if checked is not None:
                    values[spec.key] = checked
        return Cues(**values)

    def _steps(self, check: Checker, value: object) -> tuple[Step, ...] | None:
        if value is None and "steps" not in (check.document.data or {}):  # type: ignore[operator]
            return None
        if not isinstance(value, list):
            check.problem(("steps",), f"must be a list of steps (lines starting with '- '), got {_kind(value)}")
            return None
        if not value:
            check.problem(("steps",), "needs at least one step")
            return None
        if len(value) > MAX_STEPS:
            check.problem(("steps",), f"has {len(value)} steps; a routine may have at most {MAX_STEPS}")
            return None
        steps = [self._step(check, ("steps", index), item) for index, item in enumerate(value)]
        if any(step is None for step in steps):
            return None
        return tuple(step for step in steps if step is not None)

    def _step(self, check: Checker, path: tuple[str | int, ...], value: object) -> Step | None:
        data = check.mapping(path, value, STEP_KEYS)
        if data is None:
            return None
        count_before = len(check.problems)
        base, stretch_id = self._base_stretch(check, path, data)
        fields, image = read_stretch_fields(check, path, data, self.path.parent, self.image_dirs)
        if base is None:
            return None
        timing = self._timing(check, path, data, apply_overrides(base, fields, image))
        if len(check.problems) > count_before:
            return None
        return Step(stretch_id=stretch_id, overrides=fields, line=check.document.line(path), **timing)

    def _base_stretch(
        self, check: Checker, path: tuple[str | int, ...], data: dict[str, object]
    ) -> tuple[Stretch | None, str | None]:
        """The catalog stretch the step names (and its id), or a blank one for an inline stretch."""
        if "stretch" in data:
            stretch_id = check.field((*path, "stretch"), _STRETCH_ID, data["stretch"])
            if not isinstance(stretch_id, str):
                return None, None
            found = self.catalog.get(stretch_id)
            if found is not None:
                return found, stretch_id
            if stretch_id in self.broken:
                check.problem((*path, "stretch"), f"stretch {stretch_id!r} has errors in {self.broken[stretch_id]}")
            else:
                check.problem((*path, "stretch"), f"unknown stretch {stretch_id!r}{suggest(stretch_id, self.catalog)}")
            return None, None
        if "name" not in data:
            check.problem(path, "needs 'stretch' (an id from the catalog) or 'name' (a stretch written here)")
            return None, None
        return Stretch(id="", name="", instructions=(), source=self.path), None

    def _timing(
        self, check: Checker, path: tuple[str | int, ...], data: dict[str, object], stretch: Stretch
    ) -> dict[str, Any]:
        """The step's timing keys as :class:`Step` arguments, checked against its kind."""
        values: dict[str, Any] = {}
        if "breathe" in data and "pmr" in data:
            check.problem((*path, "pmr"), "a step is either breathing ('breathe') or relaxation ('pmr'), not both")
        elif "breathe" in data:
            if stretch.pmr is not None:
                check.problem((*path, "breathe"), f"{stretch.name!r} is a relaxation step; use 'pmr' here")
            breathing, written = read_breathing(check, (*path, "breathe"), data["breathe"], stretch.breathe)
            stretch = replace(stretch, breathe=breathing)
            values["breathe_override"] = written
        elif "pmr" in data:
            if stretch.breathe is not None:
                check.problem((*path, "pmr"), f"{stretch.name!r} is a breathing step; use 'breathe' here")
            relaxation, written_pmr = read_relaxation(check, (*path, "pmr"), data["pmr"], stretch.pmr)
            stretch = replace(stretch, pmr=relaxation)
            values["pmr_override"] = written_pmr
        values["stretch"] = stretch
        kind = StepKind.HOLD
        if stretch.breathe is not None or stretch.pmr is not None:
            kind = StepKind.BREATHING if stretch.breathe is not None else StepKind.RELAXATION
        what, block = ("breathing", "breathe") if stretch.breathe is not None else ("relaxation", "pmr")
        for spec in STEP_FIELDS:
            if spec.key not in data or spec is _STRETCH_ID:
                continue
            if kind not in spec.kinds:
                check.problem(
                    (*path, spec.key), f"does not apply to a {what} step; set its numbers under '{block}'"
                )
                continue
            value = read_field(check, (*path, spec.key), spec, data[spec.key])
            if spec.key == "repeat":
                values["repeat"] = value or 1
            else:
                values[STEP_ATTRIBUTES.get(spec.key, spec.key)] = value
        if values.get("until") == UNTIL_RELIEF and kind is StepKind.HOLD:
            self._check_open_hold(check, path, data, values, stretch)
        return values

    @staticmethod
    def _check_open_hold(
        check: Checker, path: tuple[str | int, ...], data: dict[str, object], values: dict[str, Any],
        stretch: Stretch,
    ) -> None:
        """``until: relief`` holds the cramped side once, for at most ``MAX_RELIEF_HOLD`` seconds."""
        hold = values.get("hold_override")
        if isinstance(hold, int | float) and hold > MAX_RELIEF_HOLD:
            check.problem((*path, "hold"), f"an open hold ('until: {UNTIL_RELIEF}') lasts at most "
                                           f"{MAX_RELIEF_HOLD / 60:.0f} minutes; this one says {hold:g} s")
        sides = values.get("sides_override") or stretch.sides
        if sides is not Sides.NONE:
            where = (*path, "sides") if "sides" in data else (*path, "until")
            check.problem(where, f"an open hold ('until: {UNTIL_RELIEF}') works only the cramped side; "
                                 f"write 'sides: none' (got {sides.value})")
        if values.get("repeat", 1) > 1:
            check.problem((*path, "repeat"), f"an open hold ('until: {UNTIL_RELIEF}') ends when the cramp lets go, "
                                             "so it has one set; leave 'repeat' out")


_STRETCH_ID = spec_for(STEP_FIELDS, "stretch")


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)
