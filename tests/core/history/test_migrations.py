"""The schema's migration steps: each is tested from the version before it, and the machinery (one
transaction per step, a failed step rolled back, an older file upgraded on open) with a made-up later step."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from stretch_timer.core.history.opening import migrate
from stretch_timer.core.history.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from stretch_timer.core.history.store import HistoryStore

AT = dt.datetime(2026, 2, 1, 3, 0, tzinfo=dt.UTC)
LATER_STEP: Migration = ("ALTER TABLE cramps ADD COLUMN woke_me INTEGER",
                         "CREATE INDEX cramps_by_muscle ON cramps (muscle)")
BROKEN_STEP: Migration = ("CREATE TABLE half_done (id INTEGER)", "THIS IS NOT SQL")


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def test_the_schema_version_is_the_number_of_steps() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) == 1


def test_step_1_makes_the_tables_from_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")  # version 0: a file with nothing in it
    with connect(path) as connection:
        assert version(connection) == 0
        assert migrate(connection, MIGRATIONS[:1]) == 1
        assert tables(connection) == {"sessions", "cramps"}
        assert "time_to_relief" in columns(connection, "sessions")
        assert columns(connection, "cramps") == ["id", "at_utc", "at_offset", "muscle", "side", "severity",
                                                 "helped", "note", "session_id"]
    connection.close()


def test_an_empty_file_opens_as_a_store_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    store, notices = HistoryStore.open(path)
    with store:
        assert notices == [] and store.schema_version() == SCHEMA_VERSION
        store.add_cramp(AT, "calf")


@pytest.mark.parametrize("start", range(len(MIGRATIONS)))
def test_each_step_runs_from_the_version_before_it(tmp_path: Path, start: int) -> None:
    path = tmp_path / "history.sqlite3"
    with connect(path) as connection:
        migrate(connection, MIGRATIONS[:start])
        assert version(connection) == start
        assert migrate(connection, MIGRATIONS[: start + 1]) == start + 1
        assert migrate(connection, MIGRATIONS[: start + 1]) == start + 1  # nothing left to do: no error
    connection.close()
    store, notices = HistoryStore.open(path)  # and the rest of the way on opening
    with store:
        assert notices == [] and store.schema_version() == SCHEMA_VERSION


def test_a_later_step_upgrades_an_older_file_on_open_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store, _ = HistoryStore.open(path)
    cramp_id = store.add_cramp(AT, "foot", note="kept")
    store.close()
    upgraded, notices = HistoryStore.open(path, migrations=(*MIGRATIONS, LATER_STEP))
    with upgraded:
        assert notices == [] and upgraded.schema_version() == SCHEMA_VERSION + 1
        assert [(row.id, row.note) for row in upgraded.cramps()] == [(cramp_id, "kept")]
        upgraded.add_cramp(AT, "calf")
    with connect(path) as connection:
        assert "woke_me" in columns(connection, "cramps")
    connection.close()
    # This app, older than that step, now reads the file but does not write it.
    older, notices = HistoryStore.open(path)
    with older:
        assert not older.writable and len(older.cramps()) == 2 and "newer" in notices[0]


def test_a_step_that_fails_is_rolled_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with connect(path) as connection:
        migrate(connection)
        with pytest.raises(sqlite3.OperationalError):
            migrate(connection, (*MIGRATIONS, BROKEN_STEP))
        assert version(connection) == SCHEMA_VERSION
        assert "half_done" not in tables(connection)
    connection.close()


def test_a_history_whose_upgrade_fails_is_kept_unchanged_and_read_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store, _ = HistoryStore.open(path)
    store.add_cramp(AT, "calf", note="before the upgrade")
    store.close()
    broken, notices = HistoryStore.open(path, migrations=(*MIGRATIONS, BROKEN_STEP))
    with broken:
        assert not broken.writable and "could not be brought up to date" in notices[0]
        assert [row.note for row in broken.cramps()] == ["before the upgrade"]
    assert not list(tmp_path.glob("*.corrupt-*"))
    with connect(path) as connection:
        assert version(connection) == SCHEMA_VERSION and "half_done" not in tables(connection)
    connection.close()
