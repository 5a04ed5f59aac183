"""The CSV export: what is written reads back equal (commas, quotes, newlines, non-ASCII, offsets), cells a
spreadsheet would run as formulas are written as text, and a file that is not ours is refused clearly."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretch_timer.core.history.csv_io import (
    CRAMP_COLUMNS,
    SESSION_COLUMNS,
    CsvError,
    guard,
    read_cramps_csv,
    read_sessions_csv,
    unguard,
    write_cramps_csv,
    write_csv,
    write_sessions_csv,
)
from stretch_timer.core.history.records import SIDES, CrampRow, SessionRow
from stretch_timer.core.history.store import HistoryStore
from stretch_timer.core.model import MUSCLES
from stretch_timer.core.run_record import Outcome, RunRecord, StepRecord

NASTY_NOTES = [
    'Left calf, "sharp", woke me at 3',
    "line one\nline two\r\nline three\rend",
    "=HYPERLINK(\"http://example.com\",\"click\")",
    "+1 hour", "-2", "@SUM(A1)", "\tindented", "'quoted already", "''two", "Größe: 42 — 痛い 😖",
    "", " ", ",", '"', "\x00nul",
]

# The store gives back fixed offsets (the offset it happened at), so that is what the export sees.
OFFSETS = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5)),
                           dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=14))])
MOMENTS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=OFFSETS)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
SECONDS = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
STEPS = st.lists(st.builds(StepRecord, st.integers(0, 50), TEXT, SECONDS, SECONDS, st.sampled_from(Outcome)),
                 max_size=4).map(tuple)
SESSIONS = st.builds(
    SessionRow, id=st.integers(1, 10**9), routine_id=TEXT, routine_name=TEXT, source=TEXT, started=MOMENTS,
    ended=MOMENTS, completed=st.booleans(), planned_seconds=SECONDS, active_seconds=SECONDS,
    paused_seconds=SECONDS, bedtime=st.booleans(), relief=st.booleans(), time_to_relief=st.none() | SECONDS,
    steps=STEPS,
)
CRAMPS = st.builds(
    CrampRow, id=st.integers(1, 10**9), at=MOMENTS, muscle=st.sampled_from(MUSCLES),
    side=st.none() | st.sampled_from(SIDES), severity=st.none() | st.integers(0, 10),
    helped=st.none() | st.booleans(), note=TEXT | st.sampled_from(NASTY_NOTES),
    session_id=st.none() | st.integers(1, 10**9),
)


def offsets(moments: list[dt.datetime]) -> list[dt.timedelta | None]:
    return [moment.utcoffset() for moment in moments]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(CRAMPS, max_size=6))
def test_cramps_read_back_equal(tmp_path_factory: pytest.TempPathFactory, rows: list[CrampRow]) -> None:
    path = tmp_path_factory.mktemp("csv") / "cramps.csv"
    write_cramps_csv(path, rows)
    back = read_cramps_csv(path)
    expected = sorted(rows, key=lambda row: (row.at, row.id))
    assert back == expected
    assert offsets([row.at for row in back]) == offsets([row.at for row in expected])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(SESSIONS, max_size=4))
def test_sessions_read_back_equal(tmp_path_factory: pytest.TempPathFactory, rows: list[SessionRow]) -> None:
    path = tmp_path_factory.mktemp("csv") / "sessions.csv"
    write_sessions_csv(path, rows)
    back = read_sessions_csv(path)
    expected = sorted(rows, key=lambda row: (row.started, row.id))
    assert back == expected
    assert offsets([row.ended for row in back]) == offsets([row.ended for row in expected])


@given(TEXT | st.sampled_from(NASTY_NOTES))
def test_the_formula_guard_is_undone_exactly(text: str) -> None:
    cell = guard(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard(cell) == text


def test_the_store_exports_both_files_oldest_first_with_a_header(
    tmp_path: Path, store: HistoryStore, make_record: Callable[..., RunRecord]
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    first = store.add_session(make_record(dt.datetime(2026, 3, 28, 22, 0, tzinfo=berlin)), bedtime=True,
                              relief=False)
    store.add_session(make_record(dt.datetime(2026, 3, 29, 22, 0, tzinfo=berlin), routine_id="calf",
                                  name="=Calf, \"quick\""), bedtime=False, relief=True, time_to_relief=35.5)
    for index, note in enumerate(NASTY_NOTES):
        store.add_cramp(dt.datetime(2026, 3, 29, 3, index, tzinfo=berlin), MUSCLES[index % len(MUSCLES)],
                        side=SIDES[index % 3], severity=index % 11, note=note,
                        session_id=first if index == 0 else None)
    sessions_csv, cramps_csv = write_csv(tmp_path / "export" / "for the doctor", store)
    assert (sessions_csv.name, cramps_csv.name) == ("sessions.csv", "cramps.csv")
    assert read_sessions_csv(sessions_csv) == store.sessions()[::-1]
    assert read_cramps_csv(cramps_csv) == store.cramps()[::-1]

    raw = cramps_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with the mark spreadsheets need to see it as UTF-8
    with cramps_csv.open(encoding="utf-8-sig", newline="") as file:
        table = list(csv.reader(file))
    assert tuple(table[0]) == CRAMP_COLUMNS
    assert table[1][CRAMP_COLUMNS.index("at")] == "2026-03-29T03:00:00+02:00"  # summer time had begun
    notes = [row[CRAMP_COLUMNS.index("note")] for row in table[1:]]
    assert "'=HYPERLINK(\"http://example.com\",\"click\")" in notes and "'@SUM(A1)" in notes
    assert "'''two" in notes and "Größe: 42 — 痛い 😖" in notes
    assert not any(note.startswith(("=", "+", "-", "@")) for note in notes)
    with sessions_csv.open(encoding="utf-8-sig", newline="") as file:
        sessions_table = list(csv.reader(file))
    assert tuple(sessions_table[0]) == SESSION_COLUMNS
    assert sessions_table[1][SESSION_COLUMNS.index("started")] == "2026-03-28T22:00:00+01:00"
    assert sessions_table[2][SESSION_COLUMNS.index("routine_name")] == "'=Calf, \"quick\""
    assert sessions_table[2][SESSION_COLUMNS.index("relief")] == "yes"


def test_a_file_without_the_mark_reads_too(tmp_path: Path) -> None:
    path = tmp_path / "cramps.csv"
    path.write_text("id,at,muscle,side,severity,helped,note,session_id\r\n"
                    "3,2026-01-02T03:04:05+01:00,foot,,,no,\"a, b\",\r\n", encoding="utf-8")
    assert read_cramps_csv(path) == [
        CrampRow(3, dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))), "foot", None,
                 None, False, "a, b", None)
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("id,at,muscle\r\n1,2026-01-02T03:04:05+01:00,foot\r\n", "no column side"),
    ("id,at,muscle,side,severity,helped,note,session_id\r\n1,2026-01-02T03:04:05,foot,,,,,\r\n",
     ":2: a time without its offset"),
    ("id,at,muscle,side,severity,helped,note,session_id\r\n1,2026-01-02T03:04:05Z,foot,,,maybe,,\r\n",
     ":2: expected yes, no"),
    ("id,at,muscle,side,severity,helped,note,session_id\r\n1,2026-01-02T03:04:05Z,foot\r\n", "too few cells"),
])
def test_a_file_that_is_not_ours_is_refused_with_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "cramps.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CsvError, match=message):
        read_cramps_csv(path)
