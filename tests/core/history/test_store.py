"""The history store: rows come back as stored, in time order across timezones; bad files are set aside, never
lost; a newer app's file is left alone; two processes writing at once lose nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stretch_timer import paths
from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.core.history.schema import SCHEMA_VERSION
from stretch_timer.core.history.store import HistoryReadOnly, HistoryStore
from stretch_timer.core.run_record import RunRecord

REPO = Path(__file__).resolve().parents[3]
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
FIXED_NOW = dt.datetime(2026, 3, 29, 20, 15, 7, tzinfo=dt.UTC)

MakeRecord = Callable[..., RunRecord]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_history_lives_in_the_user_data_dir(_isolated_user_home: Path) -> None:
    assert paths.history_path() == _isolated_user_home / "history.sqlite3"


def test_a_new_store_is_a_wal_file_at_the_current_schema_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "history.sqlite3"
    store, notices = HistoryStore.open(path)
    with store:
        assert notices == [] and store.writable and path.is_file()
        assert store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"sessions_by_time", "cramps_by_time"} <= indexes
        foreign = raw.execute("PRAGMA foreign_key_list(cramps)").fetchall()
        assert [(row[2], row[3], row[6]) for row in foreign] == [("sessions", "session_id", "SET NULL")]


def test_a_session_comes_back_as_it_was_stored_with_its_local_offset(
    store: HistoryStore, make_record: MakeRecord
) -> None:
    started = dt.datetime(2026, 3, 28, 22, 30, 15, 250000, tzinfo=BERLIN)
    record = make_record(started)
    session_id = store.add_session(record, bedtime=True, relief=False, time_to_relief=41.5)
    [row] = store.sessions()
    assert row == SessionRow(
        id=session_id, routine_id=record.routine_id, routine_name=record.routine_name, source=record.source,
        started=record.started, ended=record.ended, completed=True, planned_seconds=record.planned_seconds,
        active_seconds=record.active_seconds, paused_seconds=record.paused_seconds, bedtime=True, relief=False,
        time_to_relief=41.5, steps=record.steps,
    )
    assert row.started.utcoffset() == dt.timedelta(hours=1)  # the winter time it happened at
    assert row.started.strftime("%H:%M") == "22:30"
    assert store.session(session_id) == row and store.session(999) is None


def test_rows_are_newest_first_by_the_instant_not_the_local_clock(
    store: HistoryStore, make_record: MakeRecord
) -> None:
    new_york_evening = dt.datetime(2026, 7, 1, 22, 0, tzinfo=NEW_YORK)     # 02:00 UTC on the 2nd
    berlin_small_hours = dt.datetime(2026, 7, 2, 3, 0, tzinfo=BERLIN)     # 01:00 UTC on the 2nd
    berlin_later = dt.datetime(2026, 7, 2, 5, 0, tzinfo=BERLIN)           # 03:00 UTC on the 2nd
    for moment in (berlin_small_hours, new_york_evening, berlin_later):
        store.add_session(make_record(moment), bedtime=False, relief=False)
        store.add_cramp(moment, "calf")
    expected = [berlin_later, new_york_evening, berlin_small_hours]
    assert [row.started for row in store.sessions()] == expected
    assert [row.at for row in store.cramps()] == expected
    assert [row.at.utcoffset() for row in store.cramps()] == [moment.utcoffset() for moment in expected]
    assert [row.at for row in store.cramps(limit=2)] == expected[:2]
    since = dt.datetime(2026, 7, 1, 21, 30, tzinfo=NEW_YORK)                # 01:30 UTC
    assert [row.at for row in store.cramps(since=since)] == expected[:2]
    assert [row.started for row in store.sessions(since=since, until=berlin_later)] == [new_york_evening]


def test_since_works_across_a_dst_change(store: HistoryStore) -> None:
    # Berlin's clocks went back at 03:00 CEST on 2026-10-25: 02:30 happened twice.
    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)   # 00:30 UTC
    second = dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)  # 01:30 UTC
    store.add_cramp(second, "calf", note="second")
    store.add_cramp(first, "foot", note="first")
    assert [row.note for row in store.cramps()] == ["second", "first"]
    assert [row.note for row in store.cramps(since=dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC))] == ["second"]
    assert [row.at.utcoffset() for row in store.cramps()] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]


def test_a_cramp_comes_back_with_its_note_and_can_be_changed(store: HistoryStore) -> None:
    at = dt.datetime(2026, 1, 5, 3, 10, tzinfo=BERLIN)
    note = 'Woke me up, "sharp", left calf;\nbetter after 2 min — Wade, Größe 😖'
    cramp_id = store.add_cramp(at, "calf", side="left", severity=7, note=note)
    assert store.cramps() == [CrampRow(cramp_id, at, "calf", "left", 7, None, note, None)]
    store.update_cramp(cramp_id, helped=True, severity=4, side=None)
    assert store.cramp(cramp_id) == CrampRow(cramp_id, at, "calf", None, 4, True, note, None)
    with pytest.raises(KeyError):
        store.update_cramp(cramp_id + 1, helped=False)
    with pytest.raises(ValueError, match="no field"):
        store.update_cramp(cramp_id, colour="red")


@pytest.mark.parametrize(("fields", "message"), [
    ({"muscle": "elbow"}, "unknown muscle"),
    ({"side": "up"}, "side must be"),
    ({"severity": 11}, "severity"),
    ({"severity": -1}, "severity"),
    ({"helped": "yes"}, "helped"),
    ({"note": "x" * 1001}, "at most 1000"),
    ({"at": dt.datetime(2026, 1, 1, 3, 0)}, "timezone-aware"),
    ({"session_id": 42}, "no session 42"),
])
def test_a_cramp_the_diary_cannot_hold_is_refused(store: HistoryStore, fields: dict[str, object],
                                                  message: str) -> None:
    values: dict[str, object] = {"at": FIXED_NOW, "muscle": "calf", **fields}
    with pytest.raises(ValueError, match=message):
        store.add_cramp(**values)  # type: ignore[arg-type]
    assert store.cramps() == []


def test_deleting_a_run_keeps_its_cramps_unlinked_and_clear_removes_everything(
    store: HistoryStore, make_record: MakeRecord
) -> None:
    session_id = store.add_session(make_record(FIXED_NOW), bedtime=False, relief=True)
    other = store.add_session(make_record(FIXED_NOW + dt.timedelta(days=1)), bedtime=False, relief=True)
    cramp_id = store.add_cramp(FIXED_NOW, "hamstring", session_id=session_id)
    store.delete_session(session_id)
    assert [row.id for row in store.sessions()] == [other]
    assert store.cramp(cramp_id) is not None and store.cramp(cramp_id).session_id is None  # type: ignore[union-attr]
    store.delete_cramp(cramp_id)
    store.delete_cramp(cramp_id)  # gone already: nothing happens
    assert store.cramps() == []
    store.add_cramp(FIXED_NOW, "calf", session_id=other)
    store.clear()
    assert store.sessions() == [] and store.cramps() == []


def _garbage(path: Path) -> None:
    path.write_bytes(b"This is not a database, just some bytes \x00\xff" * 50)


def _truncated(path: Path) -> None:
    store, _ = HistoryStore.open(path)
    for index in range(400):
        store.add_cramp(FIXED_NOW + dt.timedelta(hours=index), "calf", note="n" * 300)
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "something.txt").write_text("kept")


def _no_permission(path: Path) -> None:
    HistoryStore.open(path)[0].close()
    path.chmod(0)


@pytest.mark.parametrize("spoil", [
    _garbage,
    _truncated,
    _folder,
    pytest.param(_no_permission, marks=pytest.mark.skipif(
        hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")),
])
def test_an_unreadable_history_is_kept_aside_and_a_new_one_started(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    path = tmp_path / "history.sqlite3"
    spoil(path)
    before = sorted(p.name for p in path.iterdir()) if path.is_dir() else sha(path)
    store, notices = HistoryStore.open(path, now=lambda: FIXED_NOW)
    aside = tmp_path / "history.sqlite3.corrupt-20260329T201507Z"
    with store:
        assert len(notices) == 1 and "could not be read" in notices[0] and str(aside) in notices[0]
        assert store.writable and store.cramps() == []
        store.add_cramp(FIXED_NOW, "foot")
        assert len(store.cramps()) == 1
    after = sorted(p.name for p in aside.iterdir()) if aside.is_dir() else sha(aside)
    assert after == before  # kept as it was
    reopened, notices = HistoryStore.open(path)
    with reopened:
        assert notices == [] and len(reopened.cramps()) == 1


def test_a_file_this_user_may_not_read_is_kept_aside_even_when_tests_run_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path)[0].close()
    before = sha(path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda target, mode: False if Path(target) == path else real_access(target, mode))
    store, notices = HistoryStore.open(path, now=lambda: FIXED_NOW)
    store.close()
    assert "no permission to read and write it" in notices[0]
    assert sha(tmp_path / "history.sqlite3.corrupt-20260329T201507Z") == before


def test_a_damaged_file_takes_its_wal_along_and_a_second_one_gets_its_own_name(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _garbage(path)
    path.with_name("history.sqlite3-wal").write_bytes(b"old wal")
    HistoryStore.open(path, now=lambda: FIXED_NOW)[0].close()
    assert (tmp_path / "history.sqlite3.corrupt-20260329T201507Z-wal").read_bytes() == b"old wal"
    _garbage(path)
    store, notices = HistoryStore.open(path, now=lambda: FIXED_NOW)
    store.close()
    assert "history.sqlite3.corrupt-20260329T201507Z-2" in notices[0]
    assert (tmp_path / "history.sqlite3.corrupt-20260329T201507Z").is_file()


def test_a_history_from_a_newer_app_is_read_but_never_written(tmp_path: Path, make_record: MakeRecord) -> None:
    path = tmp_path / "history.sqlite3"
    store, _ = HistoryStore.open(path)
    store.add_cramp(FIXED_NOW, "calf", note="from the future")
    store.close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        raw.execute("ALTER TABLE cramps ADD COLUMN pain_map TEXT")  # what a newer app might add
    raw.close()
    before = sha(path)
    newer, notices = HistoryStore.open(path)
    with newer:
        assert not newer.writable
        assert len(notices) == 1 and "newer Stretch Timer" in notices[0] and "nothing new is saved" in notices[0]
        assert [row.note for row in newer.cramps()] == ["from the future"]
        with pytest.raises(HistoryReadOnly):
            newer.add_cramp(FIXED_NOW, "foot")
        with pytest.raises(HistoryReadOnly):
            newer.add_session(make_record(FIXED_NOW), bedtime=False, relief=False)
        with pytest.raises(HistoryReadOnly):
            newer.clear()
    assert sha(path) == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_newer_history_this_app_cannot_read_is_left_alone_and_nothing_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE journal (id INTEGER PRIMARY KEY, entry TEXT)")
        raw.execute("PRAGMA user_version = 99")
    raw.close()
    before = sha(path)
    store, notices = HistoryStore.open(path)
    with store:
        assert not store.writable and store.cramps() == []
        assert "cannot read" in notices[0] and str(path) in notices[0]
    assert sha(path) == before


def test_when_no_file_can_be_made_the_history_lives_in_memory_and_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store, notices = HistoryStore.open(blocker / "history.sqlite3")
    with store:
        assert len(notices) == 1 and "cannot be saved" in notices[0]
        store.add_cramp(FIXED_NOW, "calf")
        assert len(store.cramps()) == 1
    assert blocker.read_text() == "a file where the data folder should be"


WRITER = textwrap.dedent("""
    import datetime as dt, sys, time
    from pathlib import Path
    from stretch_timer.core.history.store import HistoryStore
    from stretch_timer.core.run_record import RunRecord
    path, go, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    store, notices = HistoryStore.open(path)
    assert notices == [], notices
    while not go.exists():
        time.sleep(0.002)
    at = dt.datetime(2026, 3, 29, 22, 0, tzinfo=dt.UTC)
    for index in range(120):
        store.add_cramp(at + dt.timedelta(minutes=index), "calf", note=f"{name} {index}")
        if index % 3 == 0:
            record = RunRecord(name, name, "user", at, at, True, 1.0, 1.0, 0.0, ())
            store.add_session(record, bedtime=False, relief=False)
    store.close()
""")


def test_two_processes_writing_at_once_lose_no_row(tmp_path: Path) -> None:
    path, go = tmp_path / "history.sqlite3", tmp_path / "go"
    HistoryStore.open(path)[0].close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(go), name], env=env,
                                stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    time.sleep(0.3)  # both are open and waiting (not a speed check: a late one only overlaps less)
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    store, notices = HistoryStore.open(path)
    with store:
        assert notices == []
        notes = [row.note for row in store.cramps()]
        assert sorted(notes) == sorted(f"{name} {index}" for name in "ab" for index in range(120))
        assert len({row.id for row in store.cramps()}) == 240
        assert sorted(row.routine_id for row in store.sessions()) == ["a"] * 40 + ["b"] * 40
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def test_rows_without_steps_for_the_figures_are_the_same_rows_with_no_steps(
    store: HistoryStore, make_record: MakeRecord
) -> None:
    store.add_session(make_record(FIXED_NOW), bedtime=True, relief=False)
    [full] = store.sessions()
    [light] = store.sessions(with_steps=False)
    assert full.steps and light.steps == ()
    assert light == SessionRow(**{**full.__dict__, "steps": ()})


def test_the_benchmarks_page_loader_runs_on_a_small_history(tmp_path: Path, make_record: MakeRecord) -> None:
    """Only that it runs and sees the rows (the figure itself comes from benchmarks/history_store.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("history_store_benchmark", REPO / "benchmarks" / "history_store.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "history.sqlite3"
    store, _ = HistoryStore.open(path)
    with store:
        night = dt.datetime.combine(module.TODAY, dt.time(22, 0), module.TZ)
        store.add_session(make_record(night), bedtime=True, relief=False)
        store.add_cramp(night, "calf")
    page = module.load_page(path)
    assert page["streak"] == 1 and page["cramps_listed"] == 1
    assert page["most_used"] == [("bedtime-legs", "Bedtime legs", 1)]
