"""``stretch-timer history`` and ``log-cramp`` as a person runs them: real processes sharing one history file,
the local time each entry happened, plain messages and exit codes, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stretch_timer.cli import main
from stretch_timer.core.history.csv_io import read_cramps_csv, read_sessions_csv
from stretch_timer.core.history.schema import SCHEMA_VERSION
from stretch_timer.core.history.store import HistoryStore
from stretch_timer.core.run_record import Outcome, RunRecord, StepRecord

REPO = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")


def run_cli(*args: str, home: Path, tz: str = "America/New_York") -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "STRETCH_TIMER"))}
    env.update(STRETCH_TIMER_HOME=str(home), PYTHONPATH=str(REPO), TZ=tz, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "stretch_timer", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=30, check=False)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def seed_run(home: Path) -> None:
    store, _ = HistoryStore.open(home / "history.sqlite3")
    with store:
        started = dt.datetime(2026, 3, 28, 22, 30, tzinfo=BERLIN)
        record = RunRecord("bedtime-legs", "Bedtime legs", "bundled", started, started + dt.timedelta(minutes=9),
                           False, 570.0, 200.0, 0.0,
                           (StepRecord(0, "Wall calf stretch", 30.0, 12.0, Outcome.EASED),))
        session_id = store.add_session(record, bedtime=True, relief=False)
        store.add_cramp(started + dt.timedelta(hours=4, minutes=40), "calf", side="both", severity=3,
                        helped=True, note="after the \x1b[31mrun\nsecond line", session_id=session_id)


def test_a_cramp_logged_in_one_process_shows_in_another(_isolated_user_home: Path) -> None:
    logged = run_cli("log-cramp", "thigh", "--side", "left", "--severity", "6", "--note", 'woke me, "sharp" — äöü',
                     home=_isolated_user_home)
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("Logged a front of thigh cramp (left, 6/10) at ")
    second = run_cli("log-cramp", "Calf", home=_isolated_user_home)
    assert second.returncode == 0, second.stderr
    shown = run_cli("history", home=_isolated_user_home)
    assert shown.returncode == 0 and shown.stderr == ""
    lines = shown.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("cramp  Calf")  # newest first
    assert lines[1].endswith('cramp  Front of thigh, left, 6/10 — woke me, "sharp" — äöü')
    assert "Traceback" not in shown.stderr + logged.stderr


def test_history_shows_the_local_time_each_entry_happened(_isolated_user_home: Path) -> None:
    seed_run(_isolated_user_home)
    shown = run_cli("history", home=_isolated_user_home, tz="America/New_York")  # the terminal is elsewhere now
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "2026-03-29 Sun 03:10  cramp  Calf, both legs, 3/10, it helped — after the \\e[31mrun\\nsecond line",
        "2026-03-28 Sat 22:30  run    Bedtime legs (stopped after 3:20 of 9:30, eased off)",
    ]


def test_history_with_nothing_says_so_and_makes_no_file(capsys: pytest.CaptureFixture[str],
                                                        _isolated_user_home: Path) -> None:
    code, out, err = run_main(capsys, "history")
    assert code == 0 and err == ""
    assert out.startswith("No runs or cramps in the history yet.")
    assert not _isolated_user_home.exists()
    store, _ = HistoryStore.open(_isolated_user_home / "history.sqlite3")
    store.close()
    code, out, _ = run_main(capsys, "history")  # a file with nothing in it says the same
    assert code == 0 and out.startswith("No runs or cramps in the history yet.")


def test_history_csv_writes_both_files_and_prints_their_paths(capsys: pytest.CaptureFixture[str],
                                                               _isolated_user_home: Path, tmp_path: Path) -> None:
    seed_run(_isolated_user_home)
    folder = tmp_path / "for the doctor"
    code, out, err = run_main(capsys, "history", "--csv", str(folder))
    assert code == 0, err
    assert out.splitlines() == [str(folder / "sessions.csv"), str(folder / "cramps.csv")]
    store, _ = HistoryStore.open(_isolated_user_home / "history.sqlite3")
    with store:
        assert read_sessions_csv(folder / "sessions.csv") == store.sessions()
        assert read_cramps_csv(folder / "cramps.csv") == store.cramps()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    code, _, err = run_main(capsys, "history", "--csv", str(blocked))
    assert code == 1 and err.startswith(f"stretch-timer: cannot write the CSV files to {blocked}")


def test_history_limits_the_lines_and_says_how_many_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(3):
        assert run_main(capsys, "log-cramp", "foot")[0] == 0
    code, out, _ = run_main(capsys, "history", "--limit", "2")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[-1].startswith("(the newest 2 of 0 runs and 3 cramps;")


@pytest.mark.parametrize(("args", "message"), [
    (("log-cramp", "elbow"), "stretch-timer: no muscle 'elbow'; choose one of calf, hamstring, foot, thigh"),
    (("log-cramp", "calf", "--severity", "11"), "how bad, as a whole number from 0 to 10"),
    (("log-cramp", "calf", "--side", "up"), "invalid choice: 'up'"),
    (("log-cramp", "calf", "--note", "x" * 1001), "the note is 1001 characters long; at most 1000 fit"),
    (("history", "--limit", "0"), "a number of lines, 1 or more"),
])
def test_wrong_arguments_exit_2_with_one_message(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                                 message: str, _isolated_user_home: Path) -> None:
    try:
        code, _, err = run_main(capsys, *args)
    except SystemExit as stop:  # argparse's own usage errors
        code, err = int(stop.code or 0), capsys.readouterr().err
    assert code == 2 and message in err
    assert not (_isolated_user_home / "history.sqlite3").exists()


def test_an_unreadable_history_is_set_aside_and_said(capsys: pytest.CaptureFixture[str],
                                                     _isolated_user_home: Path) -> None:
    _isolated_user_home.mkdir()
    (_isolated_user_home / "history.sqlite3").write_bytes(b"not a database at all" * 20)
    code, out, err = run_main(capsys, "log-cramp", "calf")
    assert code == 0 and out.startswith("Logged a calf cramp")
    assert err.startswith("stretch-timer: History could not be read (it is not a database); it is kept as ")
    assert len(list(_isolated_user_home.glob("history.sqlite3.corrupt-*"))) == 1


def test_a_newer_apps_history_is_shown_but_a_cramp_is_not_saved(capsys: pytest.CaptureFixture[str],
                                                                 _isolated_user_home: Path) -> None:
    seed_run(_isolated_user_home)
    path = _isolated_user_home / "history.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    code, out, err = run_main(capsys, "log-cramp", "calf")
    assert code == 1 and out == ""
    assert "newer Stretch Timer" in err and "the cramp was not saved" in err
    code, out, err = run_main(capsys, "history")
    assert code == 0 and len(out.splitlines()) == 2 and "newer Stretch Timer" in err


def test_history_and_log_cramp_do_not_import_qt(_isolated_user_home: Path) -> None:
    code = ("import sys; from stretch_timer.cli import main; main(['log-cramp', 'calf']); main(['history']); "
            "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')")
    env = {**os.environ, "STRETCH_TIMER_HOME": str(_isolated_user_home), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.stdout.splitlines()[-1] == "NOQT", proc.stderr
