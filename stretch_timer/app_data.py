"""The library as the app and the CLI see it: bundled folders plus the user's, from :mod:`stretch_timer.paths`.

:func:`open_one_routine` is the quick way in for ``stretch-timer start``: it reads one routine file and the
stretches it names instead of the whole library, so the player paints sooner; the app loads the rest after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .core.library import Library, RoutineEntry
from .core.model import Routine
from .core.problems import Problem


def library_folders() -> Library:
    """The library's folders, nothing loaded yet."""
    return Library(
        bundled_routines=paths.bundled_routines_dir(),
        user_routines=paths.user_routines_dir(),
        stretch_folders=(paths.bundled_stretches_dir(), paths.user_stretches_dir()),
        image_dirs=(paths.bundled_images_dir(),),
    )


def open_library() -> Library:
    """Load the bundled and user routines and stretches (user ones shadow bundled ones with the same id)."""
    return library_folders().reload()


@dataclass(frozen=True)
class OneRoutine:
    """What :func:`open_one_routine` found: as ``resolve_routine`` would, from the whole library."""

    routine: Routine | None
    """The routine to start, or None (nothing by that name, or it has problems)."""
    problems: tuple[Problem, ...] = ()
    """What is wrong with the file; with a routine too when a broken user copy left the bundled one in charge."""
    entry: RoutineEntry | None = None
    """For a name that is an id: the library's entry for it (None when there is no such routine)."""
    is_path: bool = False
    """The name was taken as a file path (``.yaml``/``.yml``, or an existing file), not an id."""
    known_ids: tuple[str, ...] = field(default=())
    """For an id with no routine: every routine id there is (for a did-you-mean); empty otherwise."""

    @property
    def missing(self) -> bool:
        """An id the library does not have (the CLI says "no routine …" with near-misses from known_ids)."""
        return not self.is_path and self.entry is None


def open_one_routine(name: str) -> OneRoutine:
    """The routine ``name`` (an id or a path) names, loading only its file and the stretches it uses.

    The same decision as the library's: the user's file shadows a bundled one, a broken user copy falls back
    to the bundled routine (with the copy's problems), and a path is loaded against the same catalog.
    """
    library = library_folders()
    path = Path(name)
    if name.endswith((".yaml", ".yml")) or path.is_file():
        routine, problems = library.load_file_alone(path)
        return OneRoutine(routine, tuple(problems), is_path=True)
    entry = library.load_entry(name)
    if entry is None:
        return OneRoutine(None, known_ids=tuple(library.routine_ids()))
    return OneRoutine(entry.routine, entry.problems, entry=entry)
