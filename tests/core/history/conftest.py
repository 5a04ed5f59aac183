"""Rows and records for the history tests: runs and cramps at given wall-clock times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.core.history.store import HistoryStore
from stretch_timer.core.run_record import Outcome, RunRecord, StepRecord

STEPS = (StepRecord(0, "Wall calf stretch", 30.0, 30.0, Outcome.DONE),
         StepRecord(1, "Seated hamstring", 45.0, 12.5, Outcome.EASED))


def record(started: dt.datetime, *, routine_id: str = "bedtime-legs", name: str = "Bedtime legs",
           minutes: float = 9.5, completed: bool = True) -> RunRecord:
    return RunRecord(routine_id=routine_id, routine_name=name, source="bundled", started=started,
                     ended=started + dt.timedelta(minutes=minutes), completed=completed,
                     planned_seconds=minutes * 60, active_seconds=minutes * 60 - 3.25, paused_seconds=3.25,
                     steps=STEPS)


def session_row(started: dt.datetime, *, row_id: int = 1, bedtime: bool = True, completed: bool = True,
                routine_id: str = "bedtime-legs", name: str = "Bedtime legs", relief: bool = False,
                time_to_relief: float | None = None) -> SessionRow:
    return SessionRow(id=row_id, routine_id=routine_id, routine_name=name, source="bundled", started=started,
                      ended=started + dt.timedelta(minutes=10), completed=completed, planned_seconds=600.0,
                      active_seconds=600.0, paused_seconds=0.0, bedtime=bedtime, relief=relief,
                      time_to_relief=time_to_relief, steps=STEPS)


def cramp_row(at: dt.datetime, *, row_id: int = 1, muscle: str = "calf", note: str = "") -> CrampRow:
    return CrampRow(id=row_id, at=at, muscle=muscle, side="left", severity=5, helped=True, note=note,
                    session_id=None)


@pytest.fixture
def make_record() -> Callable[..., RunRecord]:
    return record


@pytest.fixture
def make_session() -> Callable[..., SessionRow]:
    return session_row


@pytest.fixture
def make_cramp() -> Callable[..., CrampRow]:
    return cramp_row


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened, notices = HistoryStore.open(tmp_path / "history.sqlite3")
    assert notices == []
    yield opened
    opened.close()
