"""``stretch-timer export`` and ``stretch-timer import``: sharing a routine from the command line.

The work is :mod:`stretch_timer.core.share`'s, the same code the app's Import and Export menu items use; this
module only turns its outcomes into messages and exit codes. An import that would replace a routine (or a
different picture of the same name) stops and says how to go on: ``--replace``, or ``--as ID``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .launch import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

if TYPE_CHECKING:
    from .core.library import Library


def add_share_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export", help="write a routine to a .yaml file, or a .zip archive with its own pictures",
        description="Write ROUTINE to FILE to share it: a .yaml is the routine file as it is; a .zip holds the "
                    "routine and the pictures it keeps beside it.",
    )
    export.add_argument("routine", metavar="ROUTINE", help="a routine id (see 'list')")
    export.add_argument("-o", "--output", required=True, metavar="FILE", type=Path,
                        help="the file to write, ending in .yaml or .zip")
    imported = commands.add_parser(
        "import", help="check a shared routine (.yaml or .zip) and add it to your routines",
        description="Check FILE as the app would load it, then copy the routine and its pictures into your "
                    "routines folder. Nothing is written when the file has problems; an existing routine is "
                    "replaced only with --replace (its previous version is kept as .bak).",
    )
    imported.add_argument("file", metavar="FILE", type=Path, help="a routine .yaml file or a .zip archive")
    imported.add_argument("--replace", action="store_true",
                          help="replace a routine with the same id (and pictures with the same names)")
    imported.add_argument("--as", dest="as_id", metavar="ID", default=None,
                          help="import under this id instead of the file's own name")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def export_command(library: Library, routine_id: str, target: Path, out: TextIO, err: TextIO) -> int:
    import difflib

    from .core.library_files import own_pictures
    from .core.problems import visible
    from .core.share import ARCHIVE_SUFFIX, ROUTINE_SUFFIXES, ShareError, export_routine

    suffix = target.suffix.lower()
    if suffix not in (*ROUTINE_SUFFIXES, ARCHIVE_SUFFIX):
        print(visible(f"stretch-timer: export to a file ending in .yaml or .zip, not {target.name!r}"), file=err)
        return EXIT_USAGE
    entry = library.get(routine_id)
    if entry is None:
        close = difflib.get_close_matches(routine_id, list(library.entries), n=3)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        print(visible(f"stretch-timer: no routine {routine_id!r}{hint} (see 'stretch-timer list')"), file=err)
        return EXIT_PROBLEMS
    try:
        export_routine(library, routine_id, target)
    except ShareError as error:
        for problem in error.problems:
            print(problem, file=err)
        print(visible(f"stretch-timer: {routine_id!r} was not exported"), file=err)
        return EXIT_PROBLEMS
    except OSError as error:
        print(visible(f"stretch-timer: cannot write {target}: {error.strerror or error}"), file=err)
        return EXIT_PROBLEMS
    pictures = own_pictures(entry.routine, entry.path.parent) if entry.routine is not None else []
    if suffix == ARCHIVE_SUFFIX:
        own = f"with {_plural(len(pictures), 'picture')} of its own" if pictures else "no pictures of its own"
        print(visible(f"Exported {entry.name!r} to {target} ({own})"), file=out)
    else:
        print(visible(f"Exported {entry.name!r} to {target}"), file=out)
        if pictures:
            print(f"stretch-timer: note: its own {_plural(len(pictures), 'picture')} are not in a .yaml file; "
                  "export to a .zip to share them too", file=err)
    return EXIT_OK


def import_command(
    library: Library, file: Path, out: TextIO, err: TextIO, *, replace: bool = False, as_id: str | None = None
) -> int:
    from .core.library_files import is_safe_id, routine_slug
    from .core.problems import visible
    from .core.share import PictureConflictError, RoutineExistsError, ShareError, apply_import, read_import

    if as_id is not None and not is_safe_id(as_id):
        print(visible(f"stretch-timer: {as_id!r} cannot be a routine id: use lower-case letters, digits, '-' and "
                      f"'_' (at most 60), for instance {routine_slug(as_id)!r}"), file=err)
        return EXIT_USAGE
    plan = read_import(library, file)
    if not plan.ok:
        for problem in plan.problems:
            print(problem, file=err)
        print(visible(f"stretch-timer: nothing imported from {file}"), file=err)
        return EXIT_PROBLEMS
    target_id = as_id or plan.routine_id
    existing = library.get(target_id)
    had_file = (library.user_routines / f"{target_id}.yaml").exists()
    try:
        path = apply_import(library, plan, replace=replace, routine_id=as_id)
    except RoutineExistsError:
        what = "a routine of yours" if had_file or existing is None else (
            f"the bundled routine {existing.name!r} (replacing it makes your own copy; restoring brings it back)")
        print(visible(f"stretch-timer: the id {target_id!r} is taken by {what}; use --replace to replace it, "
                      "or --as ID to import it under another id"), file=err)
        return EXIT_PROBLEMS
    except PictureConflictError as error:
        for problem in error.problems:
            print(problem, file=err)
        print("stretch-timer: nothing imported; use --replace to replace those pictures (the old ones are kept "
              "as .bak), or rename them in the archive", file=err)
        return EXIT_PROBLEMS
    except ShareError as error:
        for problem in error.problems:
            print(problem, file=err)
        print(visible(f"stretch-timer: nothing imported from {file}"), file=err)
        return EXIT_PROBLEMS
    except OSError as error:
        print(visible(f"stretch-timer: cannot write to {library.user_routines}: {error.strerror or error}"),
              file=err)
        return EXIT_PROBLEMS
    copied = f" with {_plural(len(plan.to_copy), 'picture')}" if plan.to_copy else ""
    print(visible(f"Imported {plan.name!r} as {target_id!r}{copied}: {path}"), file=out)
    if had_file:
        print(visible(f"The previous version is kept as {path.name}.bak"), file=out)
    return EXIT_OK
