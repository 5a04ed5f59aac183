"""The history database's schema, as a list of migration steps numbered by ``PRAGMA user_version``.

Step ``n`` (``MIGRATIONS[n]``) takes a database at version ``n`` to ``n + 1``; a new, empty file is version 0,
so the first step creates the tables. A step is a tuple of SQL statements run one by one inside the caller's
transaction (never ``executescript``, which would commit half-way). A released step is never edited: a
change to the schema is a new step at the end, tested from the version before it (tests/core/history/
test_migrations.py), so every older file upgrades in order.

Times are stored twice over, as UTC text and the local offset at that moment: the UTC column is fixed-width
ISO 8601 (``2026-03-29T20:15:00.000000Z``), so text order is time order and "since" is a plain comparison
across timezones and DST changes; the offset (seconds east of UTC) gives back the local time it happened.

Later steps should only add (tables, nullable columns, indexes), so that an older app can still read a file
a newer one has upgraded; the store opens such a file read-only (see :mod:`.store`).
"""

from __future__ import annotations

Migration = tuple[str, ...]

_V1: Migration = (
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        source TEXT NOT NULL,
        started_utc TEXT NOT NULL,
        started_offset INTEGER NOT NULL,
        ended_utc TEXT NOT NULL,
        ended_offset INTEGER NOT NULL,
        completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
        planned_seconds REAL NOT NULL,
        active_seconds REAL NOT NULL,
        paused_seconds REAL NOT NULL,
        bedtime INTEGER NOT NULL CHECK (bedtime IN (0, 1)),
        relief INTEGER NOT NULL CHECK (relief IN (0, 1)),
        time_to_relief REAL,
        steps TEXT NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX sessions_by_time ON sessions (started_utc)",
    """CREATE TABLE cramps (
        id INTEGER PRIMARY KEY,
        at_utc TEXT NOT NULL,
        at_offset INTEGER NOT NULL,
        muscle TEXT NOT NULL,
        side TEXT CHECK (side IN ('left', 'right', 'both')),
        severity INTEGER CHECK (severity BETWEEN 0 AND 10),
        helped INTEGER CHECK (helped IN (0, 1)),
        note TEXT NOT NULL DEFAULT '',
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL
    )""",
    "CREATE INDEX cramps_by_time ON cramps (at_utc)",
    "CREATE INDEX cramps_by_session ON cramps (session_id)",
)

MIGRATIONS: tuple[Migration, ...] = (_V1,)
"""``MIGRATIONS[n]`` upgrades version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this app writes."""
