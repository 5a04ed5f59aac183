"""The routine library: bundled routines (read-only) plus the user's own, which may shadow them.

Loading never stops at a broken file: each entry carries either a routine or the problems that kept it from
loading, so the app and the CLI can list broken files with their errors instead of hiding them.

This module finds, loads and saves. The editor's library actions (new id, duplicate, delete to a trash folder
and back) live in :mod:`.library_files`; :class:`Library` keeps thin methods for them, since that is how the
app and the tests call them.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import move_to_backup, remove_stale_temp_files, write_atomic
from .catalog import Catalog, LazyCatalog, load_catalog, yaml_files
from .loader import file_id, load_routine_file, load_routine_text
from .model import Routine
from .problems import Problem
from .writer import routine_to_yaml

if TYPE_CHECKING:
    from .library_files import TrashedRoutine

ROUTINE_SCHEMA = "schema.json"
TRASH_FOLDER = ".trash"


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
        """See :func:`.library_files.new_routine_id`: a file-safe id no routine file has yet."""
        from .library_files import new_routine_id

        return new_routine_id(self, name)

    def duplicate(self, routine_id: str, name: str | None = None) -> tuple[str, Path]:
        """See :func:`.library_files.duplicate`: copy a routine under a new id and name."""
        from .library_files import duplicate

        return duplicate(self, routine_id, name)

    def delete(self, routine_id: str) -> TrashedRoutine:
        """See :func:`.library_files.delete`: move the user's file into :attr:`trash_folder`."""
        from .library_files import delete

        return delete(self, routine_id)

    def undelete(self, trashed: TrashedRoutine) -> Path:
        """See :func:`.library_files.undelete`: put a deleted routine back where it was."""
        from .library_files import undelete

        return undelete(self, trashed)

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
