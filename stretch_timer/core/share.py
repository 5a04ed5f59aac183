"""Sharing routines: export one as a ``.yaml`` (the file as it is) or a ``.zip`` (with its own pictures), and
import one back, checked first.

An archive comes from someone else, so it is read as hostile: :mod:`.share_zip` refuses unsafe names, kinds and
sizes before anything of it reaches disk. Here an import is further refused when the archive holds no routine
or more than one, or pictures that break the app's picture rules (:mod:`.images`). Its pictures are checked by
the same code that shows them, and the routine by the loader, in a private temporary folder, so the problems
read exactly as ``stretch-timer validate`` prints them (``archive.zip/routine.yaml:12: steps[2].hold: …``).

:func:`read_import` never writes to the library; :func:`apply_import` copies the pictures (temp + rename) and
writes the routine atomically, and never replaces an existing routine or a different picture of the same name
unless asked to.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .atomic import backup_path, write_atomic
from .images import IMAGE_SUFFIXES, ImageError, read_picture_bytes
from .library import Library
from .library_files import is_safe_id, own_pictures, routine_slug, write_bytes_atomic
from .loader import load_routine_text
from .model import Routine
from .problems import FILE_FIELD, Problem, visible
from .readfile import ReadError, check_regular, read_regular_file
from .share_zip import (
    MAX_ARCHIVE_BYTES,
    MAX_ENTRIES,
    MAX_UNPACKED_BYTES,
    Refused,
    declared_entries,
    read_entries,
    screen_entries,
    write_zip,
)
from .svg_refs import MiB
from .yamldoc import MAX_FILE_BYTES, parse_bytes

__all__ = [
    "ImportPicture",
    "ImportPlan",
    "PictureConflictError",
    "RoutineExistsError",
    "ShareError",
    "apply_import",
    "export_routine",
    "read_import",
]

ROUTINE_SUFFIXES = (".yaml", ".yml")
ARCHIVE_SUFFIX = ".zip"


class ShareError(ValueError):
    """An export or import that cannot go ahead; one line per problem, ``file:line: field: message``."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


class RoutineExistsError(ShareError):
    """The library has a routine with this id already; import with ``replace=True`` or another id."""

    def __init__(self, problems: Sequence[Problem], routine_id: str) -> None:
        super().__init__(problems)
        self.routine_id = routine_id


class PictureConflictError(ShareError):
    """A different picture with the same name is in the user's folder; ``replace=True`` keeps it as ``.bak``."""


@dataclass(frozen=True)
class ImportPicture:
    """One picture the routine keeps beside its file, with the bytes already read and checked."""

    reference: str
    """The path relative to the routine's folder, ``/``-separated: where it goes in the user's folder."""
    data: bytes = field(repr=False)
    same_there: bool = False
    """An identical file is there already: nothing to copy."""
    conflict: bool = False
    """A different file of that name is there: copying would change it (only with ``replace``)."""


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``source`` would do; :func:`read_import` makes it and writes nothing.

    With ``problems`` the import cannot go ahead (the lines say why); the other fields are then as far as
    they could be found (``routine`` is None, ``name`` may be empty).
    """

    source: Path
    routine_id: str
    name: str = ""
    routine: Routine | None = None
    text: str = field(default="", repr=False)
    """The routine file's text, as it will be written (exactly the bytes it had, less a UTF-8 BOM)."""
    replaces: bool = False
    """The library has a routine with ``routine_id`` already (the person's own, or a bundled one)."""
    pictures: tuple[ImportPicture, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and self.routine is not None

    @property
    def to_copy(self) -> tuple[ImportPicture, ...]:
        """The pictures that are not in the user's folder yet (or are there with other bytes)."""
        return tuple(picture for picture in self.pictures if not picture.same_there)

    @property
    def conflicts(self) -> tuple[ImportPicture, ...]:
        return tuple(picture for picture in self.pictures if picture.conflict)


# --- export ---------------------------------------------------------------------------------------------


def export_routine(library: Library, routine_id: str, target: Path) -> Path:
    """Write the routine to ``target``: a ``.yaml`` is its file exactly as it is; a ``.zip`` holds that file as
    ``ID.yaml`` and the pictures it keeps beside it, at the paths it names them by. Returns ``target``."""
    entry = library.get(routine_id)
    if entry is None:
        raise ShareError([Problem(str(target), 1, FILE_FIELD, f"no routine {routine_id!r} to export")])
    if entry.routine is None:
        raise ShareError(entry.problems)
    suffix = target.suffix.lower()
    if suffix not in (*ROUTINE_SUFFIXES, ARCHIVE_SUFFIX):
        raise ShareError([Problem(str(target), 1, FILE_FIELD, "export to a .yaml file or a .zip archive")])
    try:
        data = read_regular_file(entry.path, MAX_FILE_BYTES)
    except ReadError as error:
        raise ShareError([Problem(str(entry.path), 1, FILE_FIELD, str(error))]) from None
    if suffix in ROUTINE_SUFFIXES:
        write_atomic(target, data.decode("utf-8"), keep_backup=False)
        return target
    members: list[tuple[str, bytes]] = [(f"{entry.id}.yaml", data)]
    for reference, picture in own_pictures(entry.routine, entry.path.parent):
        try:
            members.append((reference, read_picture_bytes(picture)))
        except ImageError as error:
            raise ShareError([Problem(str(picture), 1, FILE_FIELD, f"cannot be exported: it {error}")]) from None
    size = sum(len(content) for _, content in members)
    if len(members) > MAX_ENTRIES or size > MAX_UNPACKED_BYTES:
        raise ShareError([Problem(str(target), 1, FILE_FIELD, (
            f"the routine and its pictures are {len(members)} files, {size / MiB:.1f} MiB; an archive others can "
            f"import holds at most {MAX_ENTRIES} files and {MAX_UNPACKED_BYTES // MiB} MiB"))])
    write_zip(target, members)
    return target


# --- import: reading and checking -----------------------------------------------------------------------


def read_import(library: Library, file: Path) -> ImportPlan:
    """Check ``file`` (a routine ``.yaml`` or a ``.zip`` archive) against the library; write nothing."""
    if file.suffix.lower() == ARCHIVE_SUFFIX:
        return _read_archive(library, file)
    if file.suffix.lower() in ROUTINE_SUFFIXES:
        return _read_routine_file(library, file)
    return ImportPlan(file, routine_slug(file.stem), problems=(
        _problem(file, "import a routine .yaml file or a .zip archive exported from Stretch Timer"),))


def _problem(file: Path | str, message: str) -> Problem:
    return Problem(str(file), 1, FILE_FIELD, message)


def _import_id(stem: str) -> str:
    return stem if is_safe_id(stem) else routine_slug(stem)


def _read_routine_file(library: Library, file: Path) -> ImportPlan:
    routine_id = _import_id(file.stem)
    try:
        data = read_regular_file(file, MAX_FILE_BYTES)
    except ReadError as error:
        return ImportPlan(file, routine_id, problems=(_problem(file, str(error)),))
    return _plan(library, file, routine_id, data, display=str(file), folder=file.parent, pictures={})


def _plan(
    library: Library, source: Path, routine_id: str, data: bytes, *, display: str, folder: Path,
    pictures: dict[Path, bytes],
) -> ImportPlan:
    """Load the routine ``data`` as if it were ``folder/ID.yaml`` and list the pictures it keeps in ``folder``.

    ``pictures`` holds the bytes already read for files in ``folder`` (an archive's); others are read here.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportPlan(source, routine_id, problems=tuple(parse_bytes(data, display)[1]))
    routine, problems = load_routine_text(
        text, folder / f"{routine_id}.yaml", library.catalog.stretches, library.image_dirs, display=display,
        broken_stretches=library.catalog.broken,
    )
    if routine is None:
        return ImportPlan(source, routine_id, text=text, problems=tuple(problems))
    found: list[ImportPicture] = []
    found_problems: list[Problem] = []
    for reference, path in own_pictures(routine, folder):
        content = pictures.get(path)
        if content is None:
            try:
                content = read_picture_bytes(path)
            except ImageError as error:
                found_problems.append(_problem(path, f"cannot be imported: it {error}"))
                continue
        found.append(_against_library(library, reference, content, found_problems))
    return ImportPlan(
        source, routine_id, routine.name, routine, text, routine_id in library.routine_ids(), tuple(found),
        tuple(found_problems),
    )


def _against_library(library: Library, reference: str, data: bytes, problems: list[Problem]) -> ImportPicture:
    """The picture as the user's folder stands: new, there already, or a different file of that name."""
    target = library.user_routines / reference
    if not (target.exists() or target.is_symlink()):
        return ImportPicture(reference, data)
    if not target.is_file() or target.is_symlink():
        problems.append(_problem(target, "is in the way of an imported picture and is not a plain file"))
        return ImportPicture(reference, data, conflict=True)
    try:
        same = target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        same = False
    return ImportPicture(reference, data, same_there=same, conflict=not same)


# --- import: archives -------------------------------------------------------------------------------------


def _read_archive(library: Library, file: Path) -> ImportPlan:
    routine_id = _import_id(file.stem)

    def refused(*messages: str) -> ImportPlan:
        return ImportPlan(file, routine_id, problems=tuple(_problem(file, message) for message in messages))

    try:
        check_regular(file)
        size = file.stat().st_size
    except (ReadError, OSError) as error:
        return refused(str(error))
    if size > MAX_ARCHIVE_BYTES:
        return refused(f"the archive is {size / MiB:.1f} MiB; an archive may unpack to at most "
                       f"{MAX_UNPACKED_BYTES // MiB} MiB")
    try:
        with open(file, "rb") as stream:
            declared = declared_entries(stream)
            if declared is not None and declared > MAX_ENTRIES:
                return refused(f"the archive has {declared} entries; it may have at most {MAX_ENTRIES}")
            with zipfile.ZipFile(stream) as archive:
                return _read_open_archive(library, file, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, struct.error, ValueError) as error:
        return refused(f"not a readable zip archive ({visible(str(error))})")
    except OSError as error:
        return refused(f"cannot read the archive: {error.strerror or error}")


def _read_open_archive(library: Library, file: Path, archive: zipfile.ZipFile) -> ImportPlan:
    routine_id = _import_id(file.stem)
    members, problems = screen_entries(file, archive.infolist())
    routines = [member for member in members if PurePosixPath(member.name).suffix.lower() in ROUTINE_SUFFIXES]
    if not routines and not problems:
        problems.append(_problem(file, "the archive holds no routine (.yaml file)"))
    if len(routines) > 1:
        names = ", ".join(repr(member.name) for member in routines[:5])
        problems.append(_problem(file, f"the archive holds {len(routines)} routines ({visible(names)}); "
                                       "import one routine per archive"))
    if problems:
        return ImportPlan(file, routine_id, problems=tuple(problems))
    routine_member = routines[0]
    routine_id = _import_id(PurePosixPath(routine_member.name).stem)
    pictures = [member for member in members if PurePosixPath(member.name).suffix.lower() in IMAGE_SUFFIXES]
    try:
        routine_data, contents = read_entries(archive, routine_member, pictures)
    except Refused as refusal:
        return ImportPlan(file, routine_id, problems=(_problem(file, refusal.message),))
    display = f"{file}/{routine_member.name}"
    if len(routine_data) > MAX_FILE_BYTES:
        return ImportPlan(file, routine_id, problems=(_problem(display, (
            f"file is {len(routine_data) / 1024:.0f} KiB; routine files may be at most 256 KiB")),))
    with tempfile.TemporaryDirectory(prefix="stretch-timer-import-") as temporary:
        root = Path(temporary).resolve()
        folder = (root / routine_member.name).parent
        by_path: dict[Path, bytes] = {}
        picture_problems: list[Problem] = []
        for member, content in contents:
            path = root / member.name
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(path, content)
                read_picture_bytes(path)  # the app's picture rules: size, real format, a self-contained SVG
            except ImageError as error:
                picture_problems.append(_problem(f"{file}/{member.name}", f"this picture {error}"))
                continue
            except OSError as error:
                picture_problems.append(_problem(file, f"entry {visible(member.name)!r} cannot be unpacked "
                                                       f"({error.strerror or error})"))
                continue
            by_path[path] = content
        if picture_problems:
            return ImportPlan(file, routine_id, problems=tuple(picture_problems))
        return _plan(library, file, routine_id, routine_data, display=display, folder=folder, pictures=by_path)


# --- import: writing --------------------------------------------------------------------------------------


def apply_import(library: Library, plan: ImportPlan, *, replace: bool = False, routine_id: str | None = None) -> Path:
    """Copy the plan's pictures into the user's routines folder and write its routine there, as ``routine_id``
    (default: the plan's). Returns the routine's file.

    Refuses with :class:`ShareError` while the plan has problems; with :class:`RoutineExistsError` when a routine
    with that id exists (unless ``replace``: the previous file is kept as ``.bak``); with
    :class:`PictureConflictError` when a different picture of the same name is there (unless ``replace``: the
    previous picture is kept as ``.bak``). The library is reloaded after.
    """
    if not plan.ok:
        raise ShareError(plan.problems or (_problem(plan.source, "has nothing to import"),))
    target_id = routine_id if routine_id is not None else plan.routine_id
    if not is_safe_id(target_id):
        raise ShareError([_problem(plan.source, (
            f"{visible(target_id)!r} cannot be a routine id: use lower-case letters, digits, '-' and '_' "
            f"(at most 60), for instance {routine_slug(target_id)!r}"))])
    target = library.user_routines / f"{target_id}.yaml"
    if target_id in library.routine_ids() and not replace:
        raise RoutineExistsError([_problem(plan.source, (
            f"a routine {target_id!r} is in the library already; replace it or import it under another id"))],
            target_id)
    fresh = [_against_library(library, picture.reference, picture.data, []) for picture in plan.pictures]
    conflicts = [picture for picture in fresh if picture.conflict]
    if conflicts and not replace:
        raise PictureConflictError([_problem(library.user_routines / picture.reference, (
            "a different picture of this name is in your routines folder; replacing would change the routines "
            "that show it")) for picture in conflicts])
    for picture in fresh:
        if picture.same_there:
            continue
        destination = library.user_routines / picture.reference
        if picture.conflict:
            if not destination.is_file() or destination.is_symlink():
                raise ShareError([_problem(destination, "is in the way of an imported picture; move it aside")])
            os.replace(destination, backup_path(destination))
        write_bytes_atomic(destination, picture.data)
    routine, problems = load_routine_text(
        plan.text, target, library.catalog.stretches, library.image_dirs, broken_stretches=library.catalog.broken
    )
    if routine is None:
        raise ShareError(problems)
    library.install_schema()
    write_atomic(target, plan.text)
    library.reload()
    return target
