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

This module holds the queries and writes; opening the file (the cases above) is :mod:`.opening`, and turning
rows into SQL columns and back is :mod:`.rows`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from stretch_timer.core.run_record import RunRecord

from .opening import open_connection, utc_now
from .records import CrampRow, SessionRow
from .rows import (
    CRAMP_COLUMNS,
    SESSION_COLUMNS,
    cramp_columns,
    cramp_row,
    offset_seconds,
    session_row,
    steps_json,
    utc_text,
)
from .schema import MIGRATIONS, Migration

__all__ = ["HistoryReadOnly", "HistoryStore"]


class HistoryReadOnly(Exception):
    """A write to a history that is read-only (written by a newer Stretch Timer)."""


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
    def open(cls, path: Path, *, now: Callable[[], dt.datetime] = utc_now,
             migrations: Sequence[Migration] = MIGRATIONS) -> tuple[HistoryStore, list[str]]:
        """The store at ``path`` (created when missing) and notices for the person; never raises for a bad file.

        ``now`` stamps the name of a file set aside; ``migrations`` is for the migration tests.
        """
        connection, where, writable, notices = open_connection(path, now, migrations)
        return cls(connection, where, writable=writable), notices

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
            utc_text(record.started), offset_seconds(record.started),
            utc_text(record.ended), offset_seconds(record.ended),
            int(record.completed), float(record.planned_seconds), float(record.active_seconds),
            float(record.paused_seconds), int(bool(bedtime)), int(bool(relief)),
            None if time_to_relief is None else float(time_to_relief), steps_json(record.steps),
        )
        with self._transaction() as connection:
            cursor = connection.execute(
                f"INSERT INTO sessions ({SESSION_COLUMNS.removeprefix('id, ')}) "
                f"VALUES ({', '.join('?' * len(values))})", values,
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def add_cramp(self, at: dt.datetime, muscle: str, side: str | None = None, severity: int | None = None,
                  helped: bool | None = None, note: str = "", session_id: int | None = None) -> int:
        """Log one cramp; its id. Raises ValueError for a value the diary cannot hold (an unknown muscle…)."""
        columns = cramp_columns({"at": at, "muscle": muscle, "side": side, "severity": severity,
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
        columns = cramp_columns(fields)
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
        return [session_row(row, with_steps) for row in
                self._select(SESSION_COLUMNS, "sessions", "started_utc", since, until, limit)]

    def cramps(self, since: dt.datetime | None = None, limit: int | None = None, *,
               until: dt.datetime | None = None) -> list[CrampRow]:
        """Cramps logged at or after ``since`` and before ``until`` (aware times), newest first."""
        return [cramp_row(row) for row in self._select(CRAMP_COLUMNS, "cramps", "at_utc", since, until, limit)]

    def session(self, session_id: int) -> SessionRow | None:
        with self._lock:
            row = self._connection.execute(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?",
                                           (session_id,)).fetchone()
        return None if row is None else session_row(row)

    def cramp(self, cramp_id: int) -> CrampRow | None:
        with self._lock:
            row = self._connection.execute(f"SELECT {CRAMP_COLUMNS} FROM cramps WHERE id = ?",
                                           (cramp_id,)).fetchone()
        return None if row is None else cramp_row(row)

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
