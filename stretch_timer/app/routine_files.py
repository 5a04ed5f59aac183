"""What a person does to routine files from the app: new, edit, duplicate, delete (undoably), restore the
bundled version, import and export; and following files others change on disk.

Each is one call into the core (:mod:`~stretch_timer.core.library`, :mod:`~stretch_timer.core.share`,
:mod:`~stretch_timer.core.draft_save`) followed by one broadcast, ``library_changed``, so the library page,
Cramp now and (soon) the tray update together, as Anki broadcasts after each operation. A deleted routine
goes to a trash folder, never ``unlink``; "Undo delete" brings back what this session deleted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from stretch_timer.app.library_watch import LibraryWatch

if TYPE_CHECKING:
    from stretch_timer.app.context import AppContext
    from stretch_timer.core.draft import RoutineDraft
    from stretch_timer.core.library import Library
    from stretch_timer.core.library_files import TrashedRoutine
    from stretch_timer.core.share import ImportPlan


class RoutineFiles(QObject):
    """The routine-file operations of one app context."""

    file_changed = Signal(object)
    """A routine file (a Path) was changed on disk by someone else: an editor holding it may ask what to keep."""
    deleted = Signal(str, str)
    """A routine was deleted (id, name): the window offers Undo delete."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._trashed: list[tuple[TrashedRoutine, str]] = []
        self._watch: LibraryWatch | None = None

    @property
    def library(self) -> Library:
        return self._context.ensure_library()

    # --- watching --------------------------------------------------------------------------------------

    def watch(self) -> LibraryWatch:
        """Start following the user's routines folder (after the first paint: it reads the folder)."""
        if self._watch is None:
            self._watch = LibraryWatch(self.library.user_routines, self)
            self._watch.files_changed.connect(self._changed_on_disk)
        return self._watch

    def _changed_on_disk(self, paths: list[Path]) -> None:
        self.library.reload()
        self._context.library_changed.emit()
        for path in paths:
            self.file_changed.emit(path)

    def changed(self) -> None:
        """The app itself changed the files (a save, delete, import): tell everyone, not as a change on disk."""
        if self._watch is not None:
            self._watch.resync()
        self._context.library_changed.emit()

    # --- drafts ----------------------------------------------------------------------------------------

    def new_draft(self, name: str = "New routine") -> RoutineDraft:
        from stretch_timer.core.draft import RoutineDraft

        return RoutineDraft.new(self.library.new_routine_id(name), name)

    def draft_for(self, routine_id: str) -> RoutineDraft:
        """The routine's file as a draft: the user's copy if there is one (a broken one too: the editor shows
        what is wrong with it), else the bundled file, which saving turns into the user's customised copy."""
        from stretch_timer.core.draft import RoutineDraft

        entry = self.library.get(routine_id)
        if entry is None:
            raise KeyError(routine_id)
        return RoutineDraft.open(entry.broken_copy or entry.path, routine_id)

    def save(self, draft: RoutineDraft, routine_id: str | None = None) -> Path:
        """Save through the core (atomic, old version kept); raises ``SaveError`` with the loader's problems."""
        from stretch_timer.core.draft_save import save_draft

        path = save_draft(self.library, draft, routine_id)
        self.changed()
        return path

    # --- whole routines --------------------------------------------------------------------------------

    def duplicate(self, routine_id: str) -> str:
        entry = self.library.get(routine_id)
        name = f"{entry.name} (copy)" if entry is not None else None
        new_id, _path = self.library.duplicate(routine_id, name)
        self.changed()
        self._context.tell(f"Made a copy: {name}.")
        return new_id

    def can_delete(self, routine_id: str) -> bool:
        from stretch_timer.core.library import Source

        entry = self.library.get(routine_id)
        return entry is not None and entry.source is Source.USER

    def delete(self, routine_id: str) -> None:
        entry = self.library.get(routine_id)
        name = entry.name if entry is not None else routine_id
        trashed = self.library.delete(routine_id)
        self._trashed.append((trashed, name))
        self.changed()
        self._context.tell(f"Deleted {name}. Undo delete is in the Routine menu.")
        self.deleted.emit(routine_id, name)

    @property
    def can_undelete(self) -> bool:
        return bool(self._trashed)

    def undelete(self) -> None:
        """Bring back the routine deleted last this session."""
        if not self._trashed:
            return
        trashed, name = self._trashed.pop()
        self.library.undelete(trashed)
        self.changed()
        self._context.tell(f"Brought back {name}.")

    def can_restore(self, routine_id: str) -> bool:
        from stretch_timer.core.library import Source

        entry = self.library.get(routine_id)
        return entry is not None and (entry.source is Source.CUSTOMISED or entry.broken_copy is not None)

    def restore(self, routine_id: str) -> None:
        """Set the person's customised copy aside (kept as .bak) so the bundled routine shows again."""
        self.library.restore_bundled(routine_id)
        self.changed()
        entry = self.library.get(routine_id)
        self._context.tell(f"Restored the bundled {entry.name if entry else routine_id}; your copy is kept as "
                           f"{routine_id}.yaml.bak.")

    # --- sharing ---------------------------------------------------------------------------------------

    def export(self, routine_id: str, target: Path) -> Path:
        from stretch_timer.core.share import export_routine

        written = export_routine(self.library, routine_id, target)
        self._context.tell(f"Exported to {written}.")
        return written

    def read_import(self, file: Path) -> ImportPlan:
        from stretch_timer.core.share import read_import

        return read_import(self.library, file)

    def apply_import(self, plan: ImportPlan, *, replace: bool = False, routine_id: str | None = None) -> Path:
        from stretch_timer.core.share import apply_import

        path = apply_import(self.library, plan, replace=replace, routine_id=routine_id)
        self.library.reload()
        self.changed()
        self._context.tell(f"Imported {path.stem}.")
        return path
