"""The ``stretch-timer`` command: list, validate and show routines; export and import them; open the app, start
a routine or a relief.

Everything a person can type here ends in a message and an exit code, never a Python traceback: the loader
turns bad files into problems, and :func:`main` turns anything unexpected into one line on stderr. Text that
comes from a file (names, ids, descriptions, file names) is printed through ``visible``, so a shared routine
cannot add lines to the output or send escape sequences to the terminal.

Each command imports what it needs when it runs: opening the app must not pay for the YAML loader before its
window is up, and ``list``/``validate``/``show``/``export``/``import``/``history``/``log-cramp`` never import
Qt. The sharing commands' bodies live in :mod:`stretch_timer.cli_share`, the history's in
:mod:`stretch_timer.cli_history`, the launcher's (``install-desktop``, ``uninstall-desktop``) in
:mod:`stretch_timer.cli_desktop`.

The commands that open the app (none, ``start``, ``cramp``, ``bedtime``) go through :mod:`stretch_timer.launch`, which
hands them to an app already running or becomes the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__

if TYPE_CHECKING:
    from .core.library import Library
    from .core.model import Routine

from .launch import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stretch-timer",
        description="Guided, timed stretches for leg cramps. With no command, opens the app; when it is open "
                    "already, brings it to the front (start, cramp and bedtime go to the open app too).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_gui_options(parser, default=False)
    parser.add_argument("--verbose", action="store_true",
                        help="print the messages of Qt and the sound and speech libraries as they come (kept "
                             "quiet otherwise: the app says in one line what is missing)")
    parser.add_argument("--tray", action="store_true",
                        help="start hidden in the system tray (the login entry does); shown as usual without a tray")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("list", help="list routines with their length and source, and broken files with errors")
    validate = commands.add_parser("validate", help="check routine or stretch files; exit 1 if any has problems")
    validate.add_argument("files", nargs="+", metavar="FILE", type=Path, help="a .yaml file or a folder of them")
    show = commands.add_parser("show", help="print a routine's steps and timeline with times")
    show.add_argument("routine", metavar="ROUTINE", help="a routine id (see 'list') or a path to a .yaml file")
    start = commands.add_parser(
        "start", help="open the player and start a routine at once",
        description="Open the player on ROUTINE and start it at once, with the routine's own get-ready time.",
    )
    start.add_argument("routine", metavar="ROUTINE", help="a routine id or a path to a .yaml file")
    _add_gui_options(start, default=argparse.SUPPRESS)
    _add_quit_when_done(start)
    cramp = commands.add_parser(
        "cramp", help="start a muscle's relief routine at once (without MUSCLE: choose the muscle)",
        description="Start the shortest relief routine for MUSCLE at once, replacing a routine that runs. "
                    "Without MUSCLE, opens the library with the muscle buttons focused.",
    )
    cramp.add_argument("muscle", nargs="?", default="", metavar="MUSCLE",
                       help="calf, hamstring, foot, thigh (quadriceps), shin or hip")
    _add_gui_options(cramp, default=argparse.SUPPRESS)
    _add_quit_when_done(cramp)
    bedtime = commands.add_parser(
        "bedtime", help="start the bedtime routine at once (the tray's \"Start bedtime routine\")",
        description="Start the bedtime routine: the one used last if it is a bedtime routine, else the shortest "
                    "routine tagged bedtime. When the app is open, it starts there (asking first while another "
                    "routine runs).",
    )
    _add_gui_options(bedtime, default=argparse.SUPPRESS)
    _add_quit_when_done(bedtime)
    from .cli_history import add_history_commands
    from .cli_share import add_share_commands

    add_share_commands(commands)
    add_history_commands(commands)
    from .cli_desktop import add_desktop_commands

    add_desktop_commands(commands)
    return parser


def _add_quit_when_done(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quit-when-done", action="store_true",
        help="close the app when the routine ends (exit code 0); for bedtime and desktop shortcuts. When the app "
             "is open already, the routine runs there and that app stays open",
    )


def _add_gui_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Options for the window, accepted before or after ``start`` (the subcommand's copy must not reset them)."""
    parser.add_argument("--mute", action="store_true", default=default, help="no cue sounds this time")
    parser.add_argument("--no-voice", action="store_true", default=default, help="no spoken announcements")
    parser.add_argument("--fullscreen", action="store_true", default=default, help="open full screen")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(build_parser().parse_args(argv))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the promise is "no traceback for any input"
        from .core.problems import visible

        print(f"stretch-timer: internal error: {type(error).__name__}: {visible(str(error))}", file=sys.stderr)
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    if args.command in ("list", "show", "export", "import"):
        from .app_data import open_library
    if args.command == "list":
        return list_routines(open_library(), sys.stdout)
    if args.command == "validate":
        return validate_files(args.files, sys.stdout, sys.stderr)
    if args.command == "show":
        return show_routine(open_library(), args.routine, sys.stdout, sys.stderr)
    if args.command == "export":
        from .cli_share import export_command

        return export_command(open_library(), args.routine, args.output, sys.stdout, sys.stderr)
    if args.command == "import":
        from .cli_share import import_command

        return import_command(open_library(), args.file, sys.stdout, sys.stderr, replace=args.replace,
                              as_id=args.as_id)
    if args.command in ("history", "log-cramp"):
        from . import cli_history, paths

        if args.command == "history":
            return cli_history.history_command(paths.history_path(), args.csv, args.limit, sys.stdout, sys.stderr)
        return cli_history.log_cramp_command(paths.history_path(), args.muscle, args.side, args.severity,
                                             args.note, sys.stdout, sys.stderr)
    if args.command in ("install-desktop", "uninstall-desktop"):
        from . import cli_desktop

        if args.command == "install-desktop":
            return cli_desktop.install_desktop_command(sys.stdout, sys.stderr)
        return cli_desktop.uninstall_desktop_command(sys.stdout, sys.stderr)
    if args.verbose:
        from . import diagnostics

        diagnostics.set_verbose(True)
    from .launch import open_app

    return open_app(args)


# --- list -----------------------------------------------------------------------------------------------


def list_routines(library: Library, out: TextIO) -> int:
    from .core.durations import format_clock
    from .core.plan import plan
    from .core.problems import visible

    rows = [("ID", "NAME", "TIME", "SOURCE")]
    for entry in library.entries.values():
        source = entry.source.value
        if entry.broken_copy is not None:
            source += ", your copy cannot load"
        if entry.routine is not None:
            total = format_clock(plan(entry.routine).total)
            rows.append((visible(entry.id), visible(entry.routine.name), total, source))
        else:
            rows.append((visible(entry.id), "(cannot load)", "-", source))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]), file=out)
    problems = library.problems
    if problems:
        print(f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} in routine or stretch files:", file=out)
        for problem in problems:
            print(f"  {problem}", file=out)
    return EXIT_OK


# --- validate -------------------------------------------------------------------------------------------


def _expand(files: Sequence[Path]) -> list[Path]:
    from .core.catalog import yaml_files

    expanded: list[Path] = []
    for file in files:
        if file.is_dir():
            expanded.extend(yaml_files(file))
            expanded.extend(yaml_files(file / "stretches"))
        else:
            expanded.append(file)
    return expanded


def _is_stretch_file(path: Path) -> bool:
    """Stretch files describe one stretch (``instructions``/``muscles``) and have no ``steps``."""
    if path.parent.name == "stretches":
        return True
    from .core.yamldoc import read_document

    document, _ = read_document(path)
    data = document.data if document is not None else None
    return isinstance(data, dict) and "steps" not in data and ("instructions" in data or "muscles" in data)


def validate_files(files: Sequence[Path], out: TextIO, err: TextIO) -> int:
    """Check each file as the app would load it; stretches named on the command line count as catalog."""
    from . import paths
    from .core.catalog import load_catalog
    from .core.loader import load_routine_file, load_stretch_file
    from .core.problems import Problem

    targets = _expand(files)
    stretch_files = [path for path in targets if _is_stretch_file(path)]
    routine_files = [path for path in targets if path not in stretch_files]
    image_dirs = (paths.bundled_images_dir(),)
    problems: list[Problem] = []
    folders = [paths.bundled_stretches_dir(), paths.user_stretches_dir()]
    folders += sorted({path.parent / "stretches" for path in routine_files} - set(folders))
    catalog = load_catalog(folders, image_dirs)
    for path in stretch_files:
        stretch, found = load_stretch_file(path, image_dirs, display=str(path))
        problems.extend(found)
        if stretch is not None:
            catalog.stretches[stretch.id] = stretch
            catalog.broken.pop(stretch.id, None)
        elif path.stem not in catalog.stretches:
            catalog.broken[path.stem] = path
    for path in routine_files:
        _, found = load_routine_file(
            path, catalog.stretches, image_dirs, display=str(path), broken_stretches=catalog.broken
        )
        problems.extend(found)
    for problem in problems:
        print(problem, file=err)
    bad = len({problem.path for problem in problems})
    if not targets:
        print("stretch-timer: no .yaml files found", file=err)
        return EXIT_PROBLEMS
    print(f"{len(targets) - bad} of {len(targets)} file{'s' if len(targets) != 1 else ''} valid", file=out)
    return EXIT_PROBLEMS if problems else EXIT_OK


# --- show -----------------------------------------------------------------------------------------------


def resolve_routine(library: Library, name: str, err: TextIO) -> Routine | None:
    """A routine by id, or by path when ``name`` names a file; problems and near-misses go to ``err``."""
    import difflib

    from .core.problems import visible

    path = Path(name)
    if name.endswith((".yaml", ".yml")) or path.is_file():
        routine, problems = library.load_file(path)
    else:
        entry = library.get(name)
        if entry is None:
            close = difflib.get_close_matches(name, list(library.entries), n=3)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            print(visible(f"stretch-timer: no routine {name!r}{hint} (see 'stretch-timer list')"), file=err)
            return None
        routine, problems = entry.routine, list(entry.problems)
    for problem in problems:
        print(problem, file=err)
    return routine


def show_routine(library: Library, name: str, out: TextIO, err: TextIO) -> int:
    from .core.durations import format_clock
    from .core.plan import plan
    from .core.problems import visible

    routine = resolve_routine(library, name, err)
    if routine is None:
        return EXIT_PROBLEMS
    timeline = plan(routine)
    print(f"{visible(routine.name)}  ({format_clock(timeline.total)})", file=out)
    if routine.description:
        print(visible(routine.description), file=out)
    if routine.props:
        print(f"Have ready: {visible(', '.join(routine.props))}", file=out)
    print(file=out)
    for phase in timeline.phases:
        step = ""
        if phase.step_index is not None:
            step = f"step {phase.step_index + 1}/{phase.step_count}"
        name_text = phase.stretch.name if phase.stretch is not None and phase.is_active else ""
        print(
            visible(
                f"{format_clock(phase.start):>6}  {format_clock(phase.duration):>5}  {step:<10}  {phase.label:<24}  "
                f"{name_text}".rstrip()
            ),
            file=out,
        )
    print(f"{format_clock(timeline.total):>6}         done", file=out)
    return EXIT_OK
