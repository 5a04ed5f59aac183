"""The history service: writes and reads happen on its worker (never the GUI thread), a cramp answered after a
run is linked to it, and a damaged database is set aside with a notice while the app goes on."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from stretch_timer.app.history import History
from stretch_timer.core.history.records import CrampAnswer
from stretch_timer.core.history.store import HistoryStore
from stretch_timer.core.run_record import Outcome, RunRecord, StepRecord

START = dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def record() -> RunRecord:
    step = StepRecord(0, "Calf massage", 30.0, 30.0, Outcome.DONE)
    return RunRecord("calf-cramp-relief", "Calf cramp — now", "bundled", START, START + dt.timedelta(minutes=2),
                     True, 30.0, 30.0, 0.0, (step,))


def test_a_cramp_answered_after_a_run_is_stored_with_it(qtbot: Any, tmp_path: Path) -> None:
    history = History(lambda: tmp_path / "history.sqlite3")
    threads: list[str] = []
    history.changed.connect(lambda: threads.append(threading.current_thread().name))
    run = record()
    history.add_run(run, None)
    history.log_cramp(CrampAnswer("calf", side="left", severity=7, helped=True), START, for_run=run)
    assert history.wait_idle()
    qtbot.waitUntil(lambda: len(threads) == 2)
    assert threads == ["MainThread", "MainThread"], "results come back on the GUI thread"
    with qtbot.waitSignal(history.loaded) as loaded:
        history.request()
    sessions, cramps = loaded.args
    assert [row.routine_id for row in sessions] == ["calf-cramp-relief"]
    assert [(row.muscle, row.side, row.severity, row.helped, row.session_id) for row in cramps] == [
        ("calf", "left", 7, True, sessions[0].id)]
    history.shut_down()
    store, _notices = HistoryStore.open(tmp_path / "history.sqlite3")  # what another process would read
    assert store.counts() == (1, 1)
    store.close()


def test_a_damaged_history_is_set_aside_and_said_so(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    history = History(lambda: path)
    told: list[str] = []
    history.told.connect(told.append)
    history.add_run(record(), None)
    assert history.wait_idle()
    qtbot.waitUntil(lambda: bool(told))
    assert told[0].startswith("History could not be read") and "a new one was started" in told[0], told
    kept = [file for file in tmp_path.iterdir() if file.name.startswith("history.sqlite3.corrupt")]
    assert kept and kept[0].read_bytes().startswith(b"not a database"), "the damaged file is kept, not deleted"
    history.shut_down()


def test_a_history_that_cannot_be_opened_leaves_the_history_off(qtbot: Any, tmp_path: Path) -> None:
    def nowhere() -> Path:
        raise OSError("no data folder")

    history = History(nowhere)
    told: list[str] = []
    history.told.connect(told.append)
    history.add_run(record(), None)
    qtbot.waitUntil(lambda: bool(told))
    assert "could not be opened" in told[0]
    assert history.wait_idle(), "later work is dropped, never waited on"
    history.shut_down()
