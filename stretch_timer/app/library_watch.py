"""Noticing routine files changed on disk by someone else: a text editor, a sync tool, another copy of the app.

People edit routines in a text editor while the app runs; the library should follow without an F5, and an
editor page holding unsaved edits of the same file must be told, so the person can choose what to keep.
``QFileSystemWatcher`` reports a changed folder (a new, removed or renamed file: atomic saves rename) and a
changed file; both are gathered for a moment (an editor's save is several events) and compared with what the
files looked like before, so only real changes count. The app's own saves call :meth:`LibraryWatch.resync`
first, so they are not reported back as someone else's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 250
"""How long the events of one save are gathered before the folder is looked at."""

Snapshot = dict[Path, tuple[int, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Each routine file in ``folder`` with its modification time, size and inode (a rename changes it)."""
    found: Snapshot = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if not entry.name.endswith(".yaml") or entry.name.startswith((".", "#")):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        found[Path(entry.path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return found


def changed_files(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or changed between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


class LibraryWatch(QObject):
    """Watches the user's routines folder; ``files_changed(list[Path])`` after a change settles."""

    files_changed = Signal(list)

    def __init__(self, folder: Path, parent: QObject | None = None,
                 make_watcher: Callable[[], QFileSystemWatcher] = QFileSystemWatcher) -> None:
        super().__init__(parent)
        self.folder = folder
        self._watcher = make_watcher()
        self._watcher.setParent(self)
        self._watcher.directoryChanged.connect(self._poke)
        self._watcher.fileChanged.connect(self._poke)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check_now)
        self._known: Snapshot = {}
        self.resync()

    def resync(self) -> None:
        """Take the folder as it is now as known (after the app's own save, delete or import)."""
        self._known = snapshot(self.folder)
        self._watch()

    def _watched_folder(self) -> Path | None:
        """The folder itself, or while it does not exist yet, the nearest folder above it that does (so
        the first routine someone puts there is noticed)."""
        for folder in (self.folder, *self.folder.parents):
            if folder.is_dir():
                return folder
        return None

    def _watch(self) -> None:
        folder = self._watched_folder()
        wanted = [str(folder)] if folder is not None else []
        wanted += [str(path) for path in self._known]
        stale = set(self._watcher.files()) | set(self._watcher.directories())
        gone = [path for path in stale if path not in wanted]
        if gone:
            self._watcher.removePaths(gone)
        new = [path for path in wanted if path not in stale]
        if new:
            self._watcher.addPaths(new)

    def _poke(self, _path: str) -> None:
        self._settle.start()

    def check_now(self) -> list[Path]:
        """Compare the folder with what was known; report and return what changed."""
        now = snapshot(self.folder)
        changed = changed_files(self._known, now)
        self._known = now
        self._watch()  # a renamed-over file is a new inode: watch it again
        if changed:
            self.files_changed.emit(changed)
        return changed
