"""The routine library: bundled routines (read-only) plus the user's own, which may shadow them.

Loading never stops at a broken file: each entry carries either a routine or the problems that kept it from
loading, so the app and the CLI can list broken files with their errors instead of hiding them.

The editor's library actions live here too (new id, duplicate, delete to a trash folder and back): nothing the
person made is ever unlinked. Deleting moves the file into ``.trash`` inside their routines folder, which the
library never lists (it is a hidden folder, and only files directly in the routines folder are routines).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath

from .atomic import backup_path, move_to_backup, remove_stale_temp_files, write_atomic
from .catalog import Catalog, LazyCatalog, load_catalog, yaml_files
from .images import ImageError, read_picture_bytes
from .loader import file_id, load_routine_file, load_routine_text
from .model import Routine
from .problems import FILE_FIELD, Problem
from .readfile import ReadError, read_regular_file
from .writer import routine_to_data, routine_to_yaml
from .yamldoc import MAX_FILE_BYTES

ROUTINE_SCHEMA = "schema.json"
TRASH_FOLDER = ".trash"
MAX_NAME_LENGTH = 80  # the loader's limit for a routine's name
MAX_ID_LENGTH = 60
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _load_routine(
    path: Path, catalog: Catalog | LazyCatalog, image_dirs: Sequence[Path]
) -> tuple[Routine | None, list[Problem]]:
    stretches = catalog.stretches if isinstance(catalog, Catalog) else catalog
    return load_routine_file(path, stretches, image_dirs, broken_stretches=catalog.broken)


class Source(StrEnum):
    BUNDLED = "bundled"
    USER = "user"
    CUSTOMISED = "customised"


@dataclass(frozen=True)
class RoutineEntry:
    """One routine file as the library sees it: loaded, or broken with reasons."""

    id: str
    path: Path
    source: Source
    routine: Routine | None
    problems: tuple[Problem, ...] = ()
    bundled_path: Path | None = None
    """For a customised routine, the bundled file it shadows (what "restore" brings back)."""
    broken_copy: Path | None = None
    """The user's copy of a bundled routine that could not be loaded. The bundled routine stands in for it
    (someone mid-cramp must still get their relief routine), and ``problems`` say what is wrong with the copy."""

    @property
    def ok(self) -> bool:
        return self.routine is not None

    @property
    def name(self) -> str:
        return self.routine.name if self.routine is not None else self.id


class SaveError(ValueError):
    """A routine that would not load back; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


class BundledRoutineError(ValueError):
    """A bundled routine cannot be deleted: it ships with the app (only a customised copy can go)."""


@dataclass(frozen=True)
class TrashedRoutine:
    """A deleted routine file, moved into the trash folder: what :meth:`Library.undelete` needs to put it back."""

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


@dataclass
class Library:
    """Finds, loads and saves routines; call :meth:`reload` after files change on disk."""

    bundled_routines: Path
    user_routines: Path
    stretch_folders: Sequence[Path] = ()
    image_dirs: Sequence[Path] = ()
    catalog: Catalog = field(default_factory=Catalog)
    entries: dict[str, RoutineEntry] = field(default_factory=dict)

    def reload(self) -> Library:
        remove_stale_temp_files(self.user_routines)  # what a killed save left behind
        self.catalog = load_catalog(self.stretch_folders, self.image_dirs)
        entries: dict[str, RoutineEntry] = {}
        for path in yaml_files(self.bundled_routines):
            entries[file_id(path)] = self._load(path, Source.BUNDLED, self.catalog)
        for path in yaml_files(self.user_routines):
            entry = self._user_entry(path, entries.get(file_id(path)), self.catalog)
            entries[entry.id] = entry
        self.entries = dict(sorted(entries.items(), key=lambda item: (item[1].name.lower(), item[0])))
        return self

    def _user_entry(self, path: Path, shadowed: RoutineEntry | None, catalog: Catalog | LazyCatalog) -> RoutineEntry:
        """The user's file as an entry: customising ``shadowed`` (a bundled entry), or standing in for it when
        it is broken and the bundled one is not."""
        entry = self._load(path, Source.CUSTOMISED if shadowed is not None else Source.USER, catalog)
        if shadowed is not None and shadowed.routine is not None and entry.routine is None:
            return replace(shadowed, problems=entry.problems, broken_copy=entry.path)
        if shadowed is not None:
            return replace(entry, bundled_path=shadowed.path)
        return entry

    def _load(self, path: Path, source: Source, catalog: Catalog | LazyCatalog) -> RoutineEntry:
        routine, problems = _load_routine(path, catalog, self.image_dirs)
        return RoutineEntry(file_id(path), path, source, routine, tuple(problems))

    def load_file(self, path: Path) -> tuple[Routine | None, list[Problem]]:
        """Load any routine file against this library's catalog (also files outside the library)."""
        return _load_routine(path, self.catalog, self.image_dirs)

    # --- one routine without the rest ------------------------------------------------------------------

    def lazy_catalog(self) -> LazyCatalog:
        """The catalog :meth:`reload` would load, reading each stretch only when a routine names it."""
        return LazyCatalog(self.stretch_folders, self.image_dirs)

    def load_entry(self, routine_id: str, catalog: LazyCatalog | None = None) -> RoutineEntry | None:
        """The entry :meth:`reload` would give ``routine_id``, reading only its files and the stretches they name.

        For starting one routine at once (``stretch-timer start ID``): the library itself is left as it is.
        The same folders, the same file rules and the same shadowing as :meth:`reload`, so the outcome is the
        same, problems and messages included.
        """
        catalog = catalog if catalog is not None else self.lazy_catalog()
        name = f"{routine_id}.yaml"
        bundled = self.bundled_routines / name
        user = self.user_routines / name
        entry = None
        if bundled in yaml_files(self.bundled_routines):
            entry = self._load(bundled, Source.BUNDLED, catalog)
        if user in yaml_files(self.user_routines):
            entry = self._user_entry(user, entry, catalog)
        return entry

    def load_file_alone(self, path: Path, catalog: LazyCatalog | None = None) -> tuple[Routine | None, list[Problem]]:
        """:meth:`load_file` without loading the catalog first: only the stretches ``path`` names are read."""
        return _load_routine(path, catalog if catalog is not None else self.lazy_catalog(), self.image_dirs)

    def routine_ids(self) -> list[str]:
        """The ids :meth:`reload` would list, without reading a file (for a did-you-mean)."""
        ids = {file_id(path) for folder in (self.bundled_routines, self.user_routines) for path in yaml_files(folder)}
        return sorted(ids)

    @property
    def problems(self) -> list[Problem]:
        """Every problem in the library: broken stretches first, then broken routines."""
        found = list(self.catalog.problems)
        for entry in self.entries.values():
            found.extend(entry.problems)
        return found

    def get(self, routine_id: str) -> RoutineEntry | None:
        return self.entries.get(routine_id)

    def broken(self) -> list[RoutineEntry]:
        """Entries with problems: files that could not load, and broken copies a bundled routine stands in for."""
        return [entry for entry in self.entries.values() if entry.problems]

    def routines(self) -> list[Routine]:
        return [entry.routine for entry in self.entries.values() if entry.routine is not None]

    def relief_routines(self, muscle: str | None = None) -> list[Routine]:
        """Routines for the cramp-now screen: tagged ``relief`` and, if given, relieving ``muscle``."""
        return [
            routine
            for routine in self.routines()
            if "relief" in routine.tags and (muscle is None or muscle in routine.relieves)
        ]

    def shortest_relief(self, muscle: str) -> Routine | None:
        """The relief routine for ``muscle`` that Cramp now and ``cramp MUSCLE`` start: the shortest."""
        from stretch_timer.core.plan import plan

        return min(self.relief_routines(muscle), key=lambda routine: plan(routine).total, default=None)

    def save(self, routine: Routine, routine_id: str | None = None) -> Path:
        """Write ``routine`` to the user's folder atomically, keeping the previous version as ``.bak``.

        The text is loaded back before anything touches the disk, so a save can never produce a file the app
        would refuse; pictures the routine names beside its old file are copied along.
        """
        target_id = routine_id or routine.id
        target = self.user_routines / f"{target_id}.yaml"
        text = routine_to_yaml(routine)
        self._copy_pictures(routine, target.parent)
        reloaded, problems = load_routine_text(
            text, target, self.catalog.stretches, self.image_dirs, broken_stretches=self.catalog.broken
        )
        if reloaded is None:
            raise SaveError(problems)
        self.install_schema()
        write_atomic(target, text)
        self.reload()
        return target

    def restore_bundled(self, routine_id: str) -> Path:
        """Drop the user's customised copy (kept as ``.bak``) so the bundled routine shows again."""
        entry = self.entries.get(routine_id)
        if entry is None or (entry.source is not Source.CUSTOMISED and entry.broken_copy is None):
            raise KeyError(f"{routine_id!r} is not a customised bundled routine")
        backup = move_to_backup(entry.broken_copy or entry.path)
        self.reload()
        return backup

    # --- the editor's library actions --------------------------------------------------------------------

    @property
    def trash_folder(self) -> Path:
        """Where deleted routine files go (inside the user's routines folder, hidden, never listed)."""
        return self.user_routines / TRASH_FOLDER

    def new_routine_id(self, name: str) -> str:
        """A file-safe id for a new routine called ``name`` that no routine file has yet: ``"Calf 2"`` →
        ``"calf-2"``, or ``"calf-2-2"`` when that is taken."""
        base = routine_slug(name)
        taken = set(self.routine_ids())
        candidate, number = base, 2
        while candidate in taken:
            tail = f"-{number}"
            candidate = base[: MAX_ID_LENGTH - len(tail)].rstrip("-") + tail
            number += 1
        return candidate

    def duplicate(self, routine_id: str, name: str | None = None) -> tuple[str, Path]:
        """Copy a routine into the user's folder under a new id and ``name`` (default: "NAME (copy)").

        The file's text is copied as it is, comments and all, with only the name changed; the pictures it
        keeps beside its file come along. Returns the new id and file. Raises ``KeyError`` for an unknown id
        and :class:`SaveError` when the routine cannot load (there is nothing sound to copy).
        """
        entry = self.entries.get(routine_id)
        if entry is None:
            raise KeyError(f"no routine {routine_id!r}")
        if entry.routine is None:
            raise SaveError(entry.problems)
        routine = entry.routine
        new_name = name if name is not None else _copy_name(routine.name)
        new_id = self.new_routine_id(new_name)
        target = self.user_routines / f"{new_id}.yaml"
        try:
            text = read_regular_file(entry.path, MAX_FILE_BYTES).decode("utf-8")
        except (ReadError, UnicodeDecodeError) as error:
            raise SaveError([Problem(str(entry.path), 1, FILE_FIELD, f"cannot be copied: {error}")]) from None
        self._bring_pictures(routine, entry.path.parent)
        expected = routine_to_data(replace(routine, name=new_name))
        renamed = _renamed_text(text, new_name)
        candidates = [renamed] if renamed is not None else []
        candidates.append(routine_to_yaml(replace(routine, name=new_name)))  # loses comments: only if need be
        problems: list[Problem] = []
        for candidate in candidates:
            loaded, problems = load_routine_text(
                candidate, target, self.catalog.stretches, self.image_dirs, broken_stretches=self.catalog.broken
            )
            if loaded is not None and routine_to_data(loaded) == expected:
                self.install_schema()
                write_atomic(target, candidate, keep_backup=False)
                self.reload()
                return new_id, target
        raise SaveError(problems or [Problem(str(target), 1, FILE_FIELD, "the copy would not load as the routine")])

    def delete(self, routine_id: str) -> TrashedRoutine:
        """Move the user's file for ``routine_id`` (and its ``.bak``) into :attr:`trash_folder`; never unlink.

        A user routine goes; a customised bundled routine loses the person's copy and the bundled one shows
        again. A bundled routine cannot be deleted (:class:`BundledRoutineError`); an unknown id is a ``KeyError``.
        """
        entry = self.entries.get(routine_id)
        if entry is None:
            raise KeyError(f"no routine {routine_id!r}")
        original = entry.broken_copy or (entry.path if entry.source is not Source.BUNDLED else None)
        if original is None:
            raise BundledRoutineError(
                f"{entry.name!r} comes with the app and cannot be deleted; duplicate it to make your own version"
            )
        self.trash_folder.mkdir(parents=True, exist_ok=True)
        trashed = self._free_trash_name(original.name)
        backup = backup_path(original)
        trashed_backup = backup_path(trashed) if backup.is_file() and not backup.is_symlink() else None
        os.replace(original, trashed)  # a link moves as the link: the file it points to is left alone
        if trashed_backup is not None:
            with contextlib.suppress(OSError):  # the routine is in the trash; its old version is a nicety
                os.replace(backup, trashed_backup)
        self.reload()
        return TrashedRoutine(routine_id, entry.name, original, trashed,
                              trashed_backup if trashed_backup is not None and trashed_backup.exists() else None)

    def undelete(self, trashed: TrashedRoutine) -> Path:
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
        self.reload()
        return original

    def _free_trash_name(self, name: str) -> Path:
        """``.trash/NAME``, or ``.trash/STEM-2.yaml``… when an earlier deletion of that id is still there."""
        stem, suffix = name.removesuffix(".yaml"), ".yaml" if name.endswith(".yaml") else ""
        candidate, number = self.trash_folder / name, 2
        while any(path.exists() or path.is_symlink() for path in (candidate, backup_path(candidate))):
            candidate = self.trash_folder / f"{stem}-{number}{suffix}"
            number += 1
        return candidate

    def _bring_pictures(self, routine: Routine, folder: Path) -> None:
        """Copy the pictures ``routine`` keeps in ``folder`` into the user's folder (same relative paths).

        A picture already there with the same bytes is left; one with other bytes would change another routine's
        picture, so it is a :class:`SaveError` and nothing is copied.
        """
        if folder.resolve() == self.user_routines.resolve():
            return
        copies: list[tuple[Path, bytes]] = []
        problems: list[Problem] = []
        for relative, source in own_pictures(routine, folder):
            target = self.user_routines / relative
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

    def _copy_pictures(self, routine: Routine, folder: Path) -> None:
        for step in routine.steps:
            reference, image = step.overrides.image, step.stretch.image
            if reference is None or image is None:
                continue
            target = folder / reference
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(image, target)

    def install_schema(self) -> None:
        """Put the schema beside the user's routines so the ``$schema`` line works in their editor too.

        Like any save it keeps the file's mode and writes through a link to the file the link points to. But
        where the user has put something that is not a file (a folder, a dangling link), it is theirs and is
        left alone: the schema only helps editors, which is no reason to refuse saving their routine.
        """
        source = self.bundled_routines / ROUTINE_SCHEMA
        target = self.user_routines / ROUTINE_SCHEMA
        if (target.exists() or target.is_symlink()) and not target.is_file():
            return
        if source.is_file() and (not target.is_file() or target.read_bytes() != source.read_bytes()):
            self.user_routines.mkdir(parents=True, exist_ok=True)
            write_atomic(target, source.read_text(encoding="utf-8"), keep_backup=False)
