"""Opening the app from the command line (``stretch-timer``, ``start ROUTINE``, ``cramp [MUSCLE]``, ``bedtime``).

Single instance: the request first goes to an app that is running already (:mod:`stretch_timer.app.ipc`), and
this launch exits 0 when it took it, before reading any routine file and without importing a widget (QtCore
and QtNetwork only): that app raises its window, starts the routine, or starts the muscle's relief (see
:mod:`stretch_timer.app.requests`). Only when no app runs does this launch read the routine, check the
argument and become the app. Everything here imports lazily: ``cli`` loads this module for every command.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .app.ipc_messages import Request
    from .core.library import Library
    from .core.model import Routine

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

MUSCLE_WORDS: dict[str, str] = {
    "thigh": "quadriceps", "quad": "quadriceps", "quads": "quadriceps", "calves": "calf",
    "hamstrings": "hamstring", "feet": "foot", "shins": "shin", "hips": "hip",
}
"""Other words for the muscles of ``core.muscles`` (what ``relieves:`` names): ``cramp thigh`` is ``quadriceps``."""



def cramp_muscle(word: str) -> str | None:
    """The muscle ``word`` names (``Calf``, ``thigh``, ``front of thigh``, ``hamstrings``…), or None when it is
    none a routine can relieve. Reads the muscles' list only, no routine."""
    from .core.muscles import MUSCLE_NAMES

    word = " ".join(word.lower().replace("-", " ").split())
    by_name = {name.lower(): muscle for muscle, name in MUSCLE_NAMES.items()}
    muscle = MUSCLE_WORDS.get(word) or by_name.get(word, word)
    return muscle if muscle in MUSCLE_NAMES else None


def known_muscles() -> str:
    """The muscles ``cramp`` takes, as its error lists them: the ones Cramp now always offers first."""
    from .core.muscles import CRAMP_MUSCLES, MUSCLE_NAMES

    ordered = [*CRAMP_MUSCLES, *(muscle for muscle in MUSCLE_NAMES if muscle not in CRAMP_MUSCLES)]
    return ", ".join("thigh (quadriceps)" if muscle == "quadriceps" else muscle for muscle in ordered)


def start_argument(name: str) -> str:
    """``start``'s argument as the running app needs it: a routine id as typed, a file as an absolute path
    (the running app has its own working folder). A file is told from an id as ``cli.resolve_routine`` does."""
    if name.endswith((".yaml", ".yml")) or Path(name).is_file():
        return os.path.abspath(name)
    return name


def app_request(args: argparse.Namespace) -> Request:
    """What this launch asks of the app (raises MessageError for an argument the channel cannot carry)."""
    from .app.ipc_messages import Request

    options = {"mute": args.mute, "no_voice": args.no_voice, "fullscreen": args.fullscreen,
               "quit_when_done": getattr(args, "quit_when_done", False)}
    if args.command == "start":
        return Request("start", start_argument(args.routine), options)
    if args.command == "cramp":
        return Request("cramp", args.muscle, options)
    if args.command == "bedtime":
        return Request("bedtime", "", options)
    return Request("show", "", options)


def hand_over(request: Request, err: TextIO) -> int | None:
    """Give ``request`` to a running app: the exit code when it took it or refused it, None when no app runs
    (or it does not answer: then this launch opens an app of its own)."""
    from .app.ipc_paths import IpcUnavailable, socket_name

    try:
        name = socket_name()
    except IpcUnavailable:
        return None  # the app opens without the channel, and says why
    if sys.platform != "win32" and not os.path.exists(name):
        return None  # no app ever listened here: Qt need not load before this launch's window does
    from .app.ipc import Outcome, send_request
    from .core.problems import visible

    sent = send_request(request, name=name)
    if sent:
        return EXIT_OK
    if sent.outcome is Outcome.REFUSED:
        print(visible(f"stretch-timer: the running Stretch Timer refused the request: {sent.reason}"), file=err)
        return EXIT_PROBLEMS
    return None


def open_app(args: argparse.Namespace) -> int:
    """Hand the request to the running app, or become the app: read the routines, check the argument, open."""
    from .app.ipc_messages import MessageError
    from .core.problems import visible

    if args.command == "cramp" and args.muscle:
        muscle = cramp_muscle(args.muscle)
        if muscle is None:
            print(visible(f"stretch-timer: no muscle {args.muscle!r}; choose one of {known_muscles()}"),
                  file=sys.stderr)
            return EXIT_USAGE
        args.muscle = muscle
    try:
        request = app_request(args)
    except MessageError as error:
        print(visible(f"stretch-timer: {error}"), file=sys.stderr)
        return EXIT_USAGE
    code = hand_over(request, sys.stderr)
    if code is not None:
        return code
    routine: Routine | None = None
    library: Library | None = None
    if args.command == "start":
        routine = resolve_one_routine(args.routine, sys.stderr)  # the library loads after the first paint
        if routine is None:
            return EXIT_PROBLEMS
    elif args.command == "cramp" and args.muscle:
        from .app_data import open_library

        library = open_library()
        routine = library.shortest_relief(args.muscle)
        if routine is None:
            print(f"stretch-timer: no relief routine for {args.muscle} yet (see 'stretch-timer list')",
                  file=sys.stderr)
            return EXIT_PROBLEMS
    elif args.command == "bedtime":
        library, routine = bedtime_routine()
        if routine is None:
            print("stretch-timer: no bedtime routine yet: tag a routine 'bedtime' to have one "
                  "(see 'stretch-timer list')", file=sys.stderr)
            return EXIT_PROBLEMS
    # Widgets only now: list, validate and show never import Qt, a hand-over only QtCore and QtNetwork.
    from .qt.app import run_gui

    return run_gui(
        routine,
        library=library,
        mute=args.mute,
        no_voice=args.no_voice,
        quit_when_done=getattr(args, "quit_when_done", False),
        fullscreen=args.fullscreen,
        cramp_choice=args.command == "cramp" and not args.muscle,
        tray=getattr(args, "tray", False),
        single_instance=request,
    )


def bedtime_routine() -> tuple[Library, Routine | None]:
    """The routine "Start bedtime routine" would start (the last used if it is a bedtime one, else the shortest
    bedtime routine), read as the app will read it: the library and the settings' last routine."""
    from .app.requests import bedtime_choice
    from .app.settings import Settings
    from .app_data import open_library

    library = open_library()
    return library, bedtime_choice(library, Settings().last_routine)


def resolve_one_routine(name: str, err: TextIO) -> Routine | None:
    """``cli.resolve_routine`` without loading the library: only the routine's file and its stretches, so a
    routine started from the command line (a cramp) is on screen before the other files are read."""
    from .app_data import open_one_routine
    from .core.problems import visible

    found = open_one_routine(name)
    if found.missing:
        import difflib  # only for a mistyped name: not on the way to a cramp's first paint

        close = difflib.get_close_matches(name, list(found.known_ids), n=3)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        print(visible(f"stretch-timer: no routine {name!r}{hint} (see 'stretch-timer list')"), file=err)
        return None
    for problem in found.problems:
        print(problem, file=err)
    return found.routine
