"""The history on disk: one SQLite file (the standard library's ``sqlite3``) with the runs and the cramp diary.

Why SQLite: the app, a second window's process and ``stretch-timer log-cramp`` may all write at once, and a
person's years of notes must survive a crash mid-write. Every write is one small transaction (``BEGIN
IMMEDIATE``); the file is in WAL mode, and a writer that finds the file locked waits (``busy_timeout``)
instead of failing, so two processes writing together neither corrupt the file nor lose a row.

Opening never fails and never throws a person's data away. :meth:`HistoryStore.open` returns the store and
a list of notices (plain sentences for the person):

- an empty or missing file is created at the current schema (:mod:`.schema`, ``PRAGMA user_version``);
- an older file is migrated step by step, each step in its own transaction;
- a file that cannot be read (not a database, damaged, truncated, a folder in its place, no permission) is
  moved aside as ``history.sqlite3.corrupt-<UTC time>`` together with its ``-wal``/``-shm`` files, never
  deleted, and a new one is started;
- a file written by a newer app (a ``user_version`` above ours) is opened read-only and left as it is: its
  rows are shown but nothing is written (:attr:`HistoryStore.writable` is False and writes raise
  :class:`HistoryReadOnly`), so the newer app finds it unchanged; the same for a sound file a migration
  step failed on (a bug of ours must not cost the person their history);
- when no file can be made at all (a read-only folder), the store lives in memory for this run and says so.

The store is safe to call from one thread at a time in any thread (the app opens it on a worker thread); a lock
serialises calls that overlap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

from stretch_timer.core.model import MUSCLES
from stretch_timer.core.run_record import Outcome, RunRecord, StepRecord

from .records import MAX_NOTE, MAX_SEVERITY, SIDES, CrampRow, SessionRow
from .schema import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = ["BUSY_TIMEOUT_SECONDS", "SCHEMA_VERSION", "HistoryReadOnly", "HistoryStore", "migrate", "moment_from_db",
           "utc_text"]

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another process's transaction before giving up."""

_COMPANIONS = ("-wal", "-shm", "-journal")
_SESSION_COLUMNS = (
    "id, routine_id, routine_name, source, started_utc, started_offset, ended_utc, ended_offset, completed, "
    "planned_seconds, active_seconds, paused_seconds, bedtime, relief, time_to_relief, steps"
)
_CRAMP_COLUMNS = "id, at_utc, at_offset, muscle, side, severity, helped, note, session_id"
_CRAMP_FIELDS = frozenset({"at", "muscle", "side", "severity", "helped", "note", "session_id"})


class HistoryReadOnly(Exception):
    """A write to a history that is read-only (written by a newer Stretch Timer)."""


class _Unreadable(Exception):
    """The file is there but is no database this app can use; the message says why, for the notice."""


# --- times ------------------------------------------------------------------------------------------------

_OFFSETS: dict[int, dt.timezone] = {}


def _require_aware(moment: dt.datetime) -> dt.timedelta:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"a history time must be timezone-aware, got {moment!r}")
    return offset


def utc_text(moment: dt.datetime) -> str:
    """``moment`` as the database's UTC text: fixed width, so text order is time order."""
    _require_aware(moment)
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _offset_seconds(moment: dt.datetime) -> int:
    return round(_require_aware(moment).total_seconds())


def moment_from_db(utc: str, offset: int) -> dt.datetime:
    """The stored moment back, in the fixed offset it happened at (equal to the one stored)."""
    zone = _OFFSETS.get(offset)
    if zone is None:
        zone = _OFFSETS.setdefault(offset, dt.timezone(dt.timedelta(seconds=offset)))
    return dt.datetime.fromisoformat(utc).astimezone(zone)


# --- rows ---------------------------------------------------------------------------------------------------


def _steps_json(steps: Sequence[StepRecord]) -> str:
    return json.dumps(
        [[step.index, step.name, step.planned_seconds, step.done_seconds, step.outcome.value] for step in steps],
        ensure_ascii=False, separators=(",", ":"),
    )


_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def _steps_from_json(text: str) -> tuple[StepRecord, ...]:
    if text == "[]":
        return ()
    return tuple([
        StepRecord(index, name, float(planned), float(done), _OUTCOMES[outcome])
        for index, name, planned, done, outcome in json.loads(text)
    ])


def _session_row(row: Sequence[Any], with_steps: bool = True) -> SessionRow:
    return SessionRow(
        id=row[0], routine_id=row[1], routine_name=row[2], source=row[3],
        started=moment_from_db(row[4], row[5]), ended=moment_from_db(row[6], row[7]),
        completed=bool(row[8]), planned_seconds=row[9], active_seconds=row[10], paused_seconds=row[11],
        bedtime=bool(row[12]), relief=bool(row[13]), time_to_relief=row[14],
        steps=_steps_from_json(row[15]) if with_steps else (),
    )


def _cramp_row(row: Sequence[Any]) -> CrampRow:
    return CrampRow(
        id=row[0], at=moment_from_db(row[1], row[2]), muscle=row[3], side=row[4], severity=row[5],
        helped=None if row[6] is None else bool(row[6]), note=row[7], session_id=row[8],
    )


def _check_cramp_field(name: str, value: object) -> None:
    """Raise ValueError for a value the diary cannot hold (the database's CHECKs would, less clearly)."""
    if name == "at":
        if not isinstance(value, dt.datetime):
            raise ValueError("a cramp's time must be a datetime")
        _require_aware(value)
    elif name == "muscle":
        if value not in MUSCLES:
            raise ValueError(f"unknown muscle {value!r}; one of {', '.join(MUSCLES)}")
    elif name == "side":
        if value is not None and value not in SIDES:
            raise ValueError(f"side must be one of {', '.join(SIDES)} or None, not {value!r}")
    elif name == "severity":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= MAX_SEVERITY):
            raise ValueError(f"severity must be a whole number from 0 to {MAX_SEVERITY} or None, not {value!r}")
    elif name == "helped":
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"helped must be True, False or None, not {value!r}")
    elif name == "note":
        if not isinstance(value, str):
            raise ValueError("a note must be text")
        if len(value) > MAX_NOTE:
            raise ValueError(f"a note may be at most {MAX_NOTE} characters (this one has {len(value)})")
    elif name == "session_id":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"session_id must be a session's id or None, not {value!r}")
    else:
        raise ValueError(f"a cramp has no field {name!r}; it has {', '.join(sorted(_CRAMP_FIELDS))}")


def _cramp_columns(fields: dict[str, object]) -> dict[str, object]:
    """Field values as database columns (``at`` is two columns, ``helped`` 0/1)."""
    columns: dict[str, object] = {}
    for name, value in fields.items():
        _check_cramp_field(name, value)
        if name == "at":
            assert isinstance(value, dt.datetime)
            columns["at_utc"] = utc_text(value)
            columns["at_offset"] = _offset_seconds(value)
        elif name == "helped":
            columns["helped"] = None if value is None else int(bool(value))
        else:
            columns[name] = value
    return columns


# --- opening ------------------------------------------------------------------------------------------------


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
        connection.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions LIMIT 0").fetchall()
        connection.execute(f"SELECT {_CRAMP_COLUMNS} FROM cramps LIMIT 0").fetchall()
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


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the store ----------------------------------------------------------------------------------------------


class HistoryStore:
    """The runs and cramps of one history file. Get one with :meth:`open`; rows come newest first."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, writable: bool) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self.path = path
        """Where the history lives (``:memory:`` when no file could be made)."""
        self.writable = writable
        """False for a newer app's file: reads work, writes raise :class:`HistoryReadOnly`."""

    @classmethod
    def open(cls, path: Path, *, now: Callable[[], dt.datetime] = _utc_now,
             migrations: Sequence[Migration] = MIGRATIONS) -> tuple[HistoryStore, list[str]]:
        """The store at ``path`` (created when missing) and notices for the person; never raises for a bad file.

        ``now`` stamps the name of a file set aside; ``migrations`` is for the migration tests.
        """
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
            return cls(memory, Path(":memory:"), writable=True), notices
        return cls(connection, path, writable=writable), notices + found

    # --- writing ---

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if not self.writable:
            raise HistoryReadOnly("this history was saved by a newer Stretch Timer and is read-only here")
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def add_session(self, record: RunRecord, *, bedtime: bool, relief: bool,
                    time_to_relief: float | None = None) -> int:
        """Store one run; its id. ``time_to_relief`` defaults to the record's own."""
        if time_to_relief is None:
            time_to_relief = record.time_to_relief
        values = (
            record.routine_id, record.routine_name, record.source,
            utc_text(record.started), _offset_seconds(record.started),
            utc_text(record.ended), _offset_seconds(record.ended),
            int(record.completed), float(record.planned_seconds), float(record.active_seconds),
            float(record.paused_seconds), int(bool(bedtime)), int(bool(relief)),
            None if time_to_relief is None else float(time_to_relief), _steps_json(record.steps),
        )
        with self._transaction() as connection:
            cursor = connection.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS.removeprefix('id, ')}) "
                f"VALUES ({', '.join('?' * len(values))})", values,
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def add_cramp(self, at: dt.datetime, muscle: str, side: str | None = None, severity: int | None = None,
                  helped: bool | None = None, note: str = "", session_id: int | None = None) -> int:
        """Log one cramp; its id. Raises ValueError for a value the diary cannot hold (an unknown muscle…)."""
        columns = _cramp_columns({"at": at, "muscle": muscle, "side": side, "severity": severity,
                                  "helped": helped, "note": note, "session_id": session_id})
        with self._transaction() as connection:
            try:
                cursor = connection.execute(
                    f"INSERT INTO cramps ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    tuple(columns.values()),
                )
            except sqlite3.IntegrityError as error:
                raise ValueError(f"no session {session_id} to link the cramp to") from error
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def update_cramp(self, cramp_id: int, **fields: object) -> None:
        """Change some of a cramp's fields (``at``, ``muscle``, ``side``, ``severity``, ``helped``, ``note``,
        ``session_id``); KeyError when there is no such cramp, ValueError for a bad value."""
        if not fields:
            return
        columns = _cramp_columns(fields)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._transaction() as connection:
            try:
                cursor = connection.execute(f"UPDATE cramps SET {assignments} WHERE id = ?",
                                            (*columns.values(), cramp_id))
            except sqlite3.IntegrityError as error:
                raise ValueError(f"no session {fields.get('session_id')} to link the cramp to") from error
            if cursor.rowcount == 0:
                raise KeyError(cramp_id)

    def delete_session(self, session_id: int) -> None:
        """Remove one run; cramps logged with it stay, unlinked. Nothing happens for an unknown id."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def delete_cramp(self, cramp_id: int) -> None:
        """Remove one cramp. Nothing happens for an unknown id."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM cramps WHERE id = ?", (cramp_id,))

    def clear(self) -> None:
        """Remove every run and cramp, in one transaction."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM cramps")
            connection.execute("DELETE FROM sessions")

    # --- reading ---

    def _select(self, columns: str, table: str, time_column: str, since: dt.datetime | None,
                until: dt.datetime | None, limit: int | None) -> list[tuple[Any, ...]]:
        where: list[str] = []
        params: list[object] = []
        if since is not None:
            where.append(f"{time_column} >= ?")
            params.append(utc_text(since))
        if until is not None:
            where.append(f"{time_column} < ?")
            params.append(utc_text(until))
        sql = f"SELECT {columns} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {time_column} DESC, id DESC LIMIT ?"
        params.append(-1 if limit is None else max(0, limit))
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    def sessions(self, since: dt.datetime | None = None, limit: int | None = None, *,
                 until: dt.datetime | None = None, with_steps: bool = True) -> list[SessionRow]:
        """Runs started at or after ``since`` and before ``until`` (aware times), newest first.

        ``with_steps=False`` leaves every row's ``steps`` empty: for figures that never look at steps (the
        streak, the charts, the most-used routines), reading ten years of runs takes a fraction of the time.
        """
        return [_session_row(row, with_steps) for row in
                self._select(_SESSION_COLUMNS, "sessions", "started_utc", since, until, limit)]

    def cramps(self, since: dt.datetime | None = None, limit: int | None = None, *,
               until: dt.datetime | None = None) -> list[CrampRow]:
        """Cramps logged at or after ``since`` and before ``until`` (aware times), newest first."""
        return [_cramp_row(row) for row in self._select(_CRAMP_COLUMNS, "cramps", "at_utc", since, until, limit)]

    def session(self, session_id: int) -> SessionRow | None:
        with self._lock:
            row = self._connection.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?",
                                           (session_id,)).fetchone()
        return None if row is None else _session_row(row)

    def cramp(self, cramp_id: int) -> CrampRow | None:
        with self._lock:
            row = self._connection.execute(f"SELECT {_CRAMP_COLUMNS} FROM cramps WHERE id = ?",
                                           (cramp_id,)).fetchone()
        return None if row is None else _cramp_row(row)

    def counts(self) -> tuple[int, int]:
        """(runs, cramps) in the whole history."""
        with self._lock:
            sessions = self._connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            cramps = self._connection.execute("SELECT COUNT(*) FROM cramps").fetchone()[0]
        return int(sessions), int(cramps)

    def schema_version(self) -> int:
        with self._lock:
            return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    # --- closing ---

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

