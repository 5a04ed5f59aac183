"""The person's library actions behind the editor: a new id, duplicate, delete to a trash folder and back.

Split from :mod:`.library`, which finds, loads and saves routines; these act on a :class:`~.library.Library`
(its thin methods call in here). Nothing the person made is ever unlinked: deleting moves the file into
``.trash`` inside their routines folder, which the library never lists (it is a hidden folder, and only files
directly in the routines folder are routines). The file-safe id rules and the picture helpers that sharing uses
live here too.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .atomic import backup_path, write_atomic
from .images import ImageError, read_picture_bytes
from .library import Library, SaveError, Source
from .loader import load_routine_text
from .model import Routine
from .problems import FILE_FIELD, Problem
from .readfile import ReadError, read_regular_file
from .writer import routine_to_data, routine_to_yaml
from .yamldoc import MAX_FILE_BYTES

MAX_NAME_LENGTH = 80  # the loader's limit for a routine's name
MAX_ID_LENGTH = 60
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


class BundledRoutineError(ValueError):
    """A bundled routine cannot be deleted: it ships with the app (only a customised copy can go)."""


@dataclass(frozen=True)
class TrashedRoutine:
    """A deleted routine file, moved into the trash folder: what :func:`undelete` needs to put it back."""

    routine_id: str
    name: str
    """The routine's name when it was deleted (for "Undo delete 'Calf relief'")."""
    original: Path
    """Where the file was, and where undelete puts it."""
    trashed: Path
    """Where it is now, inside :attr:`Library.trash_folder`."""
    trashed_backup: Path | None = None
    """Its previous version (``NAME.bak``), moved along so a new routine of the same id does not inherit it."""


def routine_slug(text: str) -> str:
    """A file-safe id from any text: ``"Calf 2"`` → ``"calf-2"``, ``"Étirement du mollet"`` → ``"etirement-du-mollet"``.

    Lower-case ASCII letters, digits and hyphens only, so the file name means the same on every system and in
    a shell; a name with nothing of those (all punctuation, another script) becomes ``routine``.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:MAX_ID_LENGTH].strip("-")
    return slug or "routine"


def is_safe_id(routine_id: str) -> bool:
    """True for an id :func:`routine_slug` could give (or one like it with ``_``): safe as a file name anywhere."""
    return len(routine_id) <= MAX_ID_LENGTH and _SAFE_ID.fullmatch(routine_id) is not None


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a picture through a temp file and a rename, so a crash never leaves a torn picture behind.

    The temp (``.NAME.copying-<hex>.tmp``) is not one :func:`.atomic.remove_stale_temp_files` would take for a
    leftover of its own, so a reload in another process never removes it mid-write.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.copying-{os.urandom(8).hex()}.tmp")
    try:
        with open(temp, "xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def own_pictures(routine: Routine, folder: Path) -> list[tuple[str, Path]]:
    """The pictures ``routine`` names that live in ``folder`` (beside its file), as ``(relative path, file)``.

    These are the ones that must travel with the routine; bundled picture names resolve among the app's own
    images and need not. The relative path is in ``/`` form, as a routine file and a zip archive write it.
    """
    root = folder.resolve()
    found: dict[str, Path] = {}
    for step in routine.steps:
        image = step.stretch.image
        if step.overrides.image is None or image is None or not image.is_relative_to(root):
            continue
        relative = PurePosixPath(*image.relative_to(root).parts).as_posix()
        found.setdefault(relative, image)
    return list(found.items())


def _renamed_text(text: str, name: str) -> str | None:
    """``text`` with its top-level ``name:`` value replaced by ``name`` and every other byte left as it was
    (comments, key order, quoting); ``None`` when the value cannot be found to replace."""
    import json

    import yaml

    from .yaml12 import Loader

    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "name" and isinstance(value, yaml.ScalarNode):
            start, end = value.start_mark.index, value.end_mark.index
            # a block scalar (``|``/``>``) runs to the next line: keep the line break it ends with
            ending = "\n" if text[start:end].endswith(("\n", "\r")) else ""
            return f"{text[:start]}{json.dumps(name, ensure_ascii=False)}{ending}{text[end:]}"
    return None


def _copy_name(name: str) -> str:
    suffix = " (copy)"
    return name[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix


def new_routine_id(library: Library, name: str) -> str:
    """A file-safe id for a new routine called ``name`` that no routine file has yet: ``"Calf 2"`` →
    ``"calf-2"``, or ``"calf-2-2"`` when that is taken."""
    base = routine_slug(name)
    taken = set(library.routine_ids())
    candidate, number = base, 2
    while candidate in taken:
        tail = f"-{number}"
        candidate = base[: MAX_ID_LENGTH - len(tail)].rstrip("-") + tail
        number += 1
    return candidate


def duplicate(library: Library, routine_id: str, name: str | None = None) -> tuple[str, Path]:
    """Copy a routine into the user's folder under a new id and ``name`` (default: "NAME (copy)").

    The file's text is copied as it is, comments and all, with only the name changed; the pictures it
    keeps beside its file come along. Returns the new id and file. Raises ``KeyError`` for an unknown id
    and :class:`SaveError` when the routine cannot load (there is nothing sound to copy).
    """
    entry = library.entries.get(routine_id)
    if entry is None:
        raise KeyError(f"no routine {routine_id!r}")
    if entry.routine is None:
        raise SaveError(entry.problems)
    routine = entry.routine
    new_name = name if name is not None else _copy_name(routine.name)
    new_id = new_routine_id(library, new_name)
    target = library.user_routines / f"{new_id}.yaml"
    try:
        text = read_regular_file(entry.path, MAX_FILE_BYTES).decode("utf-8")
    except (ReadError, UnicodeDecodeError) as error:
        raise SaveError([Problem(str(entry.path), 1, FILE_FIELD, f"cannot be copied: {error}")]) from None
    _bring_pictures(library, routine, entry.path.parent)
    expected = routine_to_data(replace(routine, name=new_name))
    renamed = _renamed_text(text, new_name)
    candidates = [renamed] if renamed is not None else []
    candidates.append(routine_to_yaml(replace(routine, name=new_name)))  # loses comments: only if need be
    problems: list[Problem] = []
    for candidate in candidates:
        loaded, problems = load_routine_text(
            candidate, target, library.catalog.stretches, library.image_dirs, broken_stretches=library.catalog.broken
        )
        if loaded is not None and routine_to_data(loaded) == expected:
            library.install_schema()
            write_atomic(target, candidate, keep_backup=False)
            library.reload()
            return new_id, target
    raise SaveError(problems or [Problem(str(target), 1, FILE_FIELD, "the copy would not load as the routine")])


def delete(library: Library, routine_id: str) -> TrashedRoutine:
    """Move the user's file for ``routine_id`` (and its ``.bak``) into :attr:`Library.trash_folder`; never unlink.

    A user routine goes; a customised bundled routine loses the person's copy and the bundled one shows
    again. A bundled routine cannot be deleted (:class:`BundledRoutineError`); an unknown id is a ``KeyError``.
    """
    entry = library.entries.get(routine_id)
    if entry is None:
        raise KeyError(f"no routine {routine_id!r}")
    original = entry.broken_copy or (entry.path if entry.source is not Source.BUNDLED else None)
    if original is None:
        raise BundledRoutineError(
            f"{entry.name!r} comes with the app and cannot be deleted; duplicate it to make your own version"
        )
    library.trash_folder.mkdir(parents=True, exist_ok=True)
    trashed = _free_trash_name(library, original.name)
    backup = backup_path(original)
    trashed_backup = backup_path(trashed) if backup.is_file() and not backup.is_symlink() else None
    os.replace(original, trashed)  # a link moves as the link: the file it points to is left alone
    if trashed_backup is not None:
        with contextlib.suppress(OSError):  # the routine is in the trash; its old version is a nicety
            os.replace(backup, trashed_backup)
    library.reload()
    return TrashedRoutine(routine_id, entry.name, original, trashed,
                          trashed_backup if trashed_backup is not None and trashed_backup.exists() else None)


def undelete(library: Library, trashed: TrashedRoutine) -> Path:
    """Put a deleted routine back where it was; refuses (``FileExistsError``) when a file is there now."""
    original = trashed.original
    if original.exists() or original.is_symlink():
        raise FileExistsError(
            f"cannot put {trashed.name!r} back: {original} exists now; move that file aside first "
            f"(the deleted one is still at {trashed.trashed})"
        )
    if not (trashed.trashed.exists() or trashed.trashed.is_symlink()):
        raise FileNotFoundError(f"cannot put {trashed.name!r} back: {trashed.trashed} is gone from the trash")
    original.parent.mkdir(parents=True, exist_ok=True)
    os.replace(trashed.trashed, original)
    backup = backup_path(original)
    if trashed.trashed_backup is not None and trashed.trashed_backup.is_file() and not backup.exists():
        with contextlib.suppress(OSError):
            os.replace(trashed.trashed_backup, backup)
    library.reload()
    return original


def _free_trash_name(library: Library, name: str) -> Path:
    """``.trash/NAME``, or ``.trash/STEM-2.yaml``… when an earlier deletion of that id is still there."""
    stem, suffix = name.removesuffix(".yaml"), ".yaml" if name.endswith(".yaml") else ""
    candidate, number = library.trash_folder / name, 2
    while any(path.exists() or path.is_symlink() for path in (candidate, backup_path(candidate))):
        candidate = library.trash_folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _bring_pictures(library: Library, routine: Routine, folder: Path) -> None:
    """Copy the pictures ``routine`` keeps in ``folder`` into the user's folder (same relative paths).

    A picture already there with the same bytes is left; one with other bytes would change another routine's
    picture, so it is a :class:`SaveError` and nothing is copied.
    """
    if folder.resolve() == library.user_routines.resolve():
        return
    copies: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for relative, source in own_pictures(routine, folder):
        target = library.user_routines / relative
        try:
            data = read_picture_bytes(source)
        except ImageError as error:
            problems.append(Problem(str(source), 1, FILE_FIELD, f"cannot be copied: it {error}"))
            continue
        if target.exists() or target.is_symlink():
            if not target.is_file() or target.read_bytes() != data:
                problems.append(Problem(str(target), 1, FILE_FIELD,
                                        f"a different picture {relative!r} is there already; not replacing it"))
            continue
        copies.append((target, data))
    if problems:
        raise SaveError(problems)
    for target, data in copies:
        write_bytes_atomic(target, data)
