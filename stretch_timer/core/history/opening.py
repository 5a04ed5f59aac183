"""Opening the history file without ever failing or throwing a person's data away.

:func:`open_connection` is what :meth:`.store.HistoryStore.open` stands on: it creates a missing file at the
current schema, migrates an older one (:func:`migrate`, a transaction per step), sets aside a file it cannot
read (moved with its ``-wal``/``-shm`` files to ``….corrupt-<UTC time>``, never deleted), opens a newer app's
file (or one a migration step failed on) read-only and unchanged, and falls back to a store in memory when no
file can be made at all. Each of these comes back with a plain sentence for the person.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from .rows import CRAMP_COLUMNS, SESSION_COLUMNS
from .schema import MIGRATIONS, Migration

__all__ = ["BUSY_TIMEOUT_SECONDS", "migrate", "open_connection", "utc_now"]

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another process's transaction before giving up."""

_COMPANIONS = ("-wal", "-shm", "-journal")


class _Unreadable(Exception):
    """The file is there but is no database this app can use; the message says why, for the notice."""


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring ``connection``'s database up to ``len(migrations)``, one step per transaction; the new version.

    Each step reads the version again inside its own ``BEGIN IMMEDIATE``, so two processes opening an old file
    at once never run a step twice. A step that fails is rolled back and leaves the version before it.
    """
    target = len(migrations)
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version >= target:
                connection.execute("COMMIT")
                return version
            for statement in migrations[version]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        target, uri = path.resolve().as_uri() + "?mode=ro", True
    else:
        target, uri = str(path), False
    connection = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                 check_same_thread=False)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _can_read_our_columns(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute(f"SELECT {SESSION_COLUMNS} FROM sessions LIMIT 0").fetchall()
        connection.execute(f"SELECT {CRAMP_COLUMNS} FROM cramps LIMIT 0").fetchall()
    except sqlite3.DatabaseError:
        return False
    return True


_HEADER = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that is no SQLite database before SQLite touches it: closing a connection to
    one makes SQLite delete a ``-wal`` file beside it, which may hold the last rows of the real history."""
    try:
        with path.open("rb") as file:
            start = file.read(len(_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise _Unreadable(error.strerror or str(error)) from error
    if start and start != _HEADER:
        raise _Unreadable("it is not a database")


def _open_file(path: Path, migrations: Sequence[Migration]) -> tuple[sqlite3.Connection, bool, list[str]]:
    """The connection, whether it may be written, and notices; raises _Unreadable for a file to set aside."""
    if path.exists() and not path.is_file():
        raise _Unreadable("there is a folder or other non-file in its place")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise _Unreadable("no permission to read and write it")
    _check_header(path)
    try:
        connection = _connect(path)
    except sqlite3.DatabaseError as error:
        raise _Unreadable(str(error)) from error
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > len(migrations):
            connection.close()
            return _open_newer(path, version)
        if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
            raise _Unreadable("it could not be switched to WAL mode")
        connection.execute("PRAGMA synchronous = NORMAL")
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Unreadable(f"it is damaged ({check})")
        try:
            migrate(connection, migrations)
        except sqlite3.DatabaseError as error:  # a sound file that a step could not upgrade: keep it as it is
            connection.close()
            return _open_unchanged(
                path,
                f"History could not be brought up to date ({error}); it is shown here as it is, but nothing new "
                "is saved.",
                f"History could not be brought up to date ({error}); it is kept unchanged at {path}, and "
                "nothing new is saved.",
            )
        if not _can_read_our_columns(connection):
            raise _Unreadable("its tables are not the history's")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise _Unreadable(str(error)) from error
    except _Unreadable:
        connection.close()
        raise
    return connection, True, []


def _open_newer(path: Path, version: int) -> tuple[sqlite3.Connection, bool, list[str]]:
    """A file from a newer app: read-only and untouched."""
    return _open_unchanged(
        path,
        f"History was saved by a newer Stretch Timer (version {version} of its format); it is shown here as it "
        "is, but nothing new is saved until you update Stretch Timer.",
        f"History was saved by a newer Stretch Timer (version {version} of its format) that this version "
        f"cannot read; it is kept unchanged at {path}. Update Stretch Timer to see it; until then nothing new "
        "is saved.",
    )


def _open_unchanged(path: Path, readable: str, unreadable: str) -> tuple[sqlite3.Connection, bool, list[str]]:
    """``path`` read-only with the notice ``readable``; an empty, read-only store in memory with ``unreadable``
    when even its rows are not in a shape this version knows."""
    try:
        connection = _connect(path, read_only=True)
        if connection.execute("PRAGMA quick_check").fetchone()[0] == "ok" and _can_read_our_columns(connection):
            return connection, False, [readable]
        connection.close()
    except sqlite3.DatabaseError:
        pass
    memory = _connect(Path(":memory:"))
    migrate(memory)
    return memory, False, [unreadable]


def _aside_name(path: Path, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 1
    while aside.exists() or aside.is_symlink():
        count += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    return aside


def _set_aside(path: Path, now: dt.datetime) -> Path:
    """Move ``path`` and its companion files to one ``.corrupt-…`` name; nothing is deleted."""
    aside = _aside_name(path, now)
    os.replace(path, aside)
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists() or companion.is_symlink():
            with suppress(OSError):
                os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def open_connection(path: Path, now: Callable[[], dt.datetime] = utc_now,
                    migrations: Sequence[Migration] = MIGRATIONS) -> tuple[sqlite3.Connection, Path, bool, list[str]]:
    """The connection for ``path``, where it really lives (``:memory:`` as the last resort), whether it may be
    written, and notices for the person; never raises for a bad file. ``now`` stamps a set-aside file's name."""
    notices: list[str] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection, writable, found = _open_file(path, migrations)
        except _Unreadable as error:
            aside = _set_aside(path, now())
            notices.append(f"History could not be read ({error}); it is kept as {aside} and a new one "
                           "was started.")
            connection, writable, found = _open_file(path, migrations)
    except (OSError, _Unreadable, sqlite3.DatabaseError) as error:
        memory = _connect(Path(":memory:"))
        migrate(memory, migrations)
        notices.append(f"History cannot be saved at {path} ({error}); what happens now is kept only until "
                       "Stretch Timer closes.")
        return memory, Path(":memory:"), True, notices
    return connection, path, writable, notices + found
