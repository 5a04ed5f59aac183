"""A process that saves one routine from the editor's code path over and over, until it is killed.

The crash-safety test starts it through a fork server (fast, and single-threaded, unlike a Qt test process)
and kills it with SIGKILL at random moments, to prove a save is never torn.
"""

from __future__ import annotations

from multiprocessing.synchronize import Event
from pathlib import Path

from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import SetField
from stretch_timer.core.draft_save import save_draft
from stretch_timer.core.library import Library


def save_forever(bundled: str, user: str, ready: Event) -> None:
    library = Library(Path(bundled), Path(user))
    library.reload = lambda: library  # type: ignore[method-assign]  # nothing else to read between saves
    draft = RoutineDraft.open(Path(user) / "mine.yaml")
    ready.set()
    repeat = 2
    while True:
        repeat = 5 - repeat  # 2, 3, 2, 3...
        draft.history.push(SetField(("steps", 0, "repeat"), repeat))
        save_draft(library, draft)
