"""``stretch-timer history`` and ``stretch-timer log-cramp``: the history and the cramp diary from a terminal.

Both open the same file the app writes (``paths.history_path()``), so a cramp logged here shows on the
History page, and the app's runs show here; the store takes care of two processes writing at once. Reading
never creates the file: ``history`` on a machine with no history says so and leaves nothing behind.
Every line shows the local time the run or cramp happened, and text from the diary goes through
``visible``, so a note cannot add lines or send escape sequences to the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

from .core.history.records import MAX_NOTE, MAX_SEVERITY, SIDES, CrampRow, SessionRow
from .launch import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

DEFAULT_LIMIT = 20


def _severity(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEVERITY:
        raise argparse.ArgumentTypeError(f"how bad, as a whole number from 0 to {MAX_SEVERITY}, not {text!r}")
    return value


def _limit(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a number of lines, 1 or more, not {text!r}")
    return int(text)


def add_history_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser(
        "history", help="show recent runs and cramps, newest first (--csv DIR writes them all to CSV files)",
        description="Show the most recent runs and logged cramps, one line each, newest first, at the local "
                    "time they happened. With --csv, write the whole history to DIR/sessions.csv and "
                    "DIR/cramps.csv instead (for a spreadsheet or a doctor's visit).",
    )
    history.add_argument("--csv", metavar="DIR", type=Path, default=None,
                         help="write sessions.csv and cramps.csv into DIR (made if missing)")
    history.add_argument("--limit", metavar="N", type=_limit, default=DEFAULT_LIMIT,
                         help=f"show the newest N entries (default {DEFAULT_LIMIT})")
    log = commands.add_parser(
        "log-cramp", help="write a cramp in the diary, without running a routine",
        description="Write a cramp in the diary, at the time now. It shows on the History page and in "
                    "'stretch-timer history'.",
    )
    log.add_argument("muscle", metavar="MUSCLE", help="calf, hamstring, foot, thigh (quadriceps), shin or hip")
    log.add_argument("--side", choices=SIDES, default=None, help="which leg")
    log.add_argument("--severity", metavar="N", type=_severity, default=None,
                     help=f"how bad, from 0 (barely) to {MAX_SEVERITY} (the worst)")
    log.add_argument("--note", metavar="TEXT", default="", help=f"a note, up to {MAX_NOTE} characters")


# --- history ------------------------------------------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %a %H:%M")


def session_line(row: SessionRow) -> str:
    from .core.durations import format_clock
    from .core.problems import visible

    if row.completed:
        how = f"done, {format_clock(row.active_seconds)}"
    else:
        how = f"stopped after {format_clock(row.active_seconds)} of {format_clock(row.planned_seconds)}"
    if any(step.outcome.value == "eased" for step in row.steps):
        how += ", eased off"
    if row.time_to_relief is not None:
        how += f", let go after {format_clock(row.time_to_relief)}"
    return visible(f"{_when(row.started)}  run    {row.routine_name} ({how})")


def cramp_line(row: CrampRow) -> str:
    from .core.muscles import muscle_name
    from .core.problems import visible

    parts = [muscle_name(row.muscle)]
    if row.side is not None:
        parts.append(row.side if row.side != "both" else "both legs")
    if row.severity is not None:
        parts.append(f"{row.severity}/{MAX_SEVERITY}")
    if row.helped is not None:
        parts.append("it helped" if row.helped else "it did not help")
    text = f"{_when(row.at)}  cramp  {', '.join(parts)}"
    if row.note:
        text += f" — {row.note}"
    return visible(text)


def history_command(path: Path, csv_dir: Path | None, limit: int, out: TextIO, err: TextIO) -> int:
    from .core.history.csv_io import write_csv
    from .core.history.store import HistoryStore

    if not path.exists() and csv_dir is None:
        print("No runs or cramps in the history yet. Log a cramp with: stretch-timer log-cramp calf "
              "--side left --severity 6", file=out)
        return EXIT_OK
    if not path.exists():
        path = Path(":memory:")  # an export of nothing: both files with their header rows, no history made
    store, notices = HistoryStore.open(path)
    with store:
        for notice in notices:
            print(f"stretch-timer: {notice}", file=err)
        if csv_dir is not None:
            try:
                written = write_csv(csv_dir, store)
            except OSError as error:
                print(f"stretch-timer: cannot write the CSV files to {csv_dir}: {error.strerror or error}",
                      file=err)
                return EXIT_PROBLEMS
            for file in written:
                print(file, file=out)
            return EXIT_OK
        sessions, cramps = store.sessions(limit=limit), store.cramps(limit=limit)
        runs, logged = store.counts()
    entries: list[tuple[dt.datetime, int, str]] = [(row.started, 1, session_line(row)) for row in sessions]
    entries += [(row.at, 0, cramp_line(row)) for row in cramps]
    if not entries:
        print("No runs or cramps in the history yet. Log a cramp with: stretch-timer log-cramp calf "
              "--side left --severity 6", file=out)
        return EXIT_OK
    entries.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    for _, _, line in entries[:limit]:
        print(line, file=out)
    if runs + logged > limit:
        print(f"(the newest {limit} of {runs} run{'s' if runs != 1 else ''} and {logged} "
              f"cramp{'s' if logged != 1 else ''}; --limit N shows more, --csv DIR writes them all)", file=out)
    return EXIT_OK


# --- log-cramp ----------------------------------------------------------------------------------------------


def log_cramp_command(path: Path, word: str, side: str | None, severity: int | None, note: str,
                      out: TextIO, err: TextIO, *, now: dt.datetime | None = None) -> int:
    from .core.history.store import HistoryReadOnly, HistoryStore
    from .core.muscles import muscle_name
    from .core.problems import visible
    from .launch import cramp_muscle, known_muscles

    muscle = cramp_muscle(word)
    if muscle is None:
        print(visible(f"stretch-timer: no muscle {word!r}; choose one of {known_muscles()}"), file=err)
        return EXIT_USAGE
    if len(note) > MAX_NOTE:
        print(f"stretch-timer: the note is {len(note)} characters long; at most {MAX_NOTE} fit", file=err)
        return EXIT_USAGE
    at = now if now is not None else dt.datetime.now().astimezone().replace(microsecond=0)
    store, notices = HistoryStore.open(path)
    with store:
        for notice in notices:
            print(f"stretch-timer: {notice}", file=err)
        if store.path != path:
            print("stretch-timer: the cramp was not saved (see above)", file=err)
            return EXIT_PROBLEMS
        try:
            store.add_cramp(at, muscle, side=side, severity=severity, note=note)
        except HistoryReadOnly:
            print("stretch-timer: the cramp was not saved: the history is read-only here (see above)", file=err)
            return EXIT_PROBLEMS
    details = [part for part in (side, None if severity is None else f"{severity}/{MAX_SEVERITY}") if part]
    said = f" ({', '.join(details)})" if details else ""
    print(f"Logged a {muscle_name(muscle).lower()} cramp{said} at {at:%H:%M} on {at:%a %d %b %Y}.", file=out)
    return EXIT_OK
