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
from .model import (
    DEFAULT_PREPARE,
    DEFAULT_REST,
    DEFAULT_SWITCH,
    FORMAT_VERSION,
    MUSCLES,
    Cues,
    Routine,
    Step,
    Stretch,
    StretchOverrides,
)
from .problems import Problem
from .stretch_fields import (
    STRETCH_KEYS,
    StretchFields,
    read_breathing,
    read_relaxation,
    read_sides,
    read_stretch_fields,
)
from .yamldoc import Document, parse_text, read_document

MAX_STEPS = 200
MAX_REPEAT = 20
MAX_TRANSITION = 600.0

STRETCH_FILE_KEYS = ("format", *STRETCH_KEYS, "hold", "sides", "breathe", "pmr")
ROUTINE_KEYS = ("format", "name", "description", "tags", "relieves", "prepare", "rest", "switch", "cues", "steps")
STEP_KEYS = ("stretch", "hold", "sides", "repeat", "rest", "breathe", "pmr", "say", *STRETCH_KEYS)
CUE_KEYS = ("countdown", "halfway")


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
    data = check.mapping((), document.data, STRETCH_FILE_KEYS, required=("name", "muscles", "instructions"))
    if data is None:
        return None, sorted(check.problems)
    fields = read_stretch_fields(check, (), data, path.parent, image_dirs)
    stretch = Stretch(
        id=file_id(path),
        name=fields.name or "",
        instructions=fields.instructions or (),
        source=path,
    )
    stretch = _apply_fields(stretch, fields)
    if "hold" in data:
        hold = check.duration(("hold",), data["hold"], positive=True)
        if hold is not None:
            stretch = replace(stretch, hold=hold)
    if "sides" in data:
        sides = read_sides(check, ("sides",), data["sides"])
        if sides is not None:
            stretch = replace(stretch, sides=sides)
    if "breathe" in data and "pmr" in data:
        check.problem(("pmr",), "a stretch is either paced breathing ('breathe') or relaxation ('pmr'), not both")
    elif "breathe" in data:
        stretch = replace(stretch, breathe=read_breathing(check, ("breathe",), data["breathe"])[0])
    elif "pmr" in data:
        stretch = replace(stretch, pmr=read_relaxation(check, ("pmr",), data["pmr"])[0])
    if check.problems:
        return None, sorted(check.problems)
    return stretch, []


def _apply_fields(stretch: Stretch, fields: StretchFields) -> Stretch:
    """Layer the fields a mapping gave over ``stretch``."""
    changes: dict[str, object] = {}
    for name in ("name", "sanskrit", "muscles", "position", "props", "instructions", "safety", "faces", "action"):
        value = getattr(fields, name)
        if value is not None:
            changes[name] = value
    if fields.image is not None:
        changes["image"] = fields.image
        changes["image_ref"] = fields.image_ref or ""
    return replace(stretch, **changes) if changes else stretch  # type: ignore[arg-type]


def _overrides(fields: StretchFields) -> StretchOverrides:
    return StretchOverrides(
        name=fields.name,
        instructions=fields.instructions,
        muscles=fields.muscles,
        sanskrit=fields.sanskrit,
        position=fields.position,
        props=fields.props,
        safety=fields.safety,
        image=fields.image_ref,
        faces=fields.faces,
        action=fields.action,
    )


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
        data = check.mapping((), document.data, ROUTINE_KEYS, required=("name", "steps"))
        if data is None:
            return None, sorted(check.problems)
        routine = self._routine(check, data)
        if check.problems or routine is None:
            return None, sorted(check.problems)
        return routine, []

    def _routine(self, check: Checker, data: dict[str, object]) -> Routine | None:
        name = check.text(("name",), data["name"], max_length=80) if "name" in data else None
        description = ""
        if "description" in data:
            description = check.text(("description",), data["description"], max_length=500, empty_ok=True) or ""
        tags: tuple[str, ...] = ()
        if "tags" in data:
            tags = tuple(t.lower() for t in check.text_list(("tags",), data["tags"], max_length=30) or ())
        relieves: tuple[str, ...] = ()
        if "relieves" in data:
            relieves = check.choice_list(("relieves",), data["relieves"], MUSCLES) or ()
        timings = {"prepare": DEFAULT_PREPARE, "rest": DEFAULT_REST, "switch": DEFAULT_SWITCH}
        for key in timings:
            if key in data:
                seconds = check.duration((key,), data[key], positive=False, maximum=MAX_TRANSITION)
                if seconds is not None:
                    timings[key] = seconds
        cues = self._cues(check, data["cues"]) if "cues" in data else Cues()
        steps = self._steps(check, data.get("steps"))
        if name is None or steps is None:
            return None
        return Routine(
            id=file_id(self.path),
            name=name,
            steps=steps,
            description=description,
            tags=tags,
            relieves=relieves,
            prepare=timings["prepare"],
            rest=timings["rest"],
            switch=timings["switch"],
            cues=cues,
            source=self.path,
        )

    def _cues(self, check: Checker, value: object) -> Cues:
        data = check.mapping(("cues",), value, CUE_KEYS)
        if data is None:
            return Cues()
        cues = Cues()
        if "countdown" in data:
            countdown = check.integer(("cues", "countdown"), data["countdown"], 0, 10)
            if countdown is not None:
                cues = replace(cues, countdown=countdown)
        if "halfway" in data:
            halfway = check.boolean(("cues", "halfway"), data["halfway"])
            if halfway is not None:
                cues = replace(cues, halfway=halfway)
        return cues

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
        fields = read_stretch_fields(check, path, data, self.path.parent, self.image_dirs)
        if base is None:
            return None
        timing = self._timing(check, path, data, _apply_fields(base, fields))
        if len(check.problems) > count_before:
            return None
        return Step(
            stretch_id=stretch_id, overrides=_overrides(fields), line=check.document.line(path), **timing
        )

    def _base_stretch(
        self, check: Checker, path: tuple[str | int, ...], data: dict[str, object]
    ) -> tuple[Stretch | None, str | None]:
        """The catalog stretch the step names (and its id), or a blank one for an inline stretch."""
        if "stretch" in data:
            stretch_id = check.text((*path, "stretch"), data["stretch"], max_length=80)
            if stretch_id is None:
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
        if stretch.breathe is not None or stretch.pmr is not None:
            what, block = ("breathing", "breathe") if stretch.breathe is not None else ("relaxation", "pmr")
            for key in ("hold", "sides", "repeat"):
                if key in data:
                    check.problem((*path, key), f"does not apply to a {what} step; set its numbers under '{block}'")
        else:
            if "hold" in data:
                values["hold_override"] = check.duration((*path, "hold"), data["hold"], positive=True)
            if "sides" in data:
                values["sides_override"] = read_sides(check, (*path, "sides"), data["sides"])
            if "repeat" in data:
                values["repeat"] = check.integer((*path, "repeat"), data["repeat"], 1, MAX_REPEAT) or 1
        if "rest" in data:
            values["rest_override"] = check.duration(
                (*path, "rest"), data["rest"], positive=False, maximum=MAX_TRANSITION
            )
        if "say" in data:
            values["say"] = check.text((*path, "say"), data["say"], max_length=300)
        return values


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)
