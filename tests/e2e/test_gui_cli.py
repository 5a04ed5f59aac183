"""The GUI commands as a person (or a desktop shortcut) runs them: a real process, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def run_cli(*args: str, env: dict[str, str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretch_timer", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


@pytest.fixture
def gui_env(_isolated_user_home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "STRETCH_TIMER"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        STRETCH_TIMER_HOME=str(_isolated_user_home),
        STRETCH_TIMER_CLOCK_SCALE="50",  # the 2:18 routine runs in about 3 s
        STRETCH_TIMER_TRACE="1",
        PYTHONPATH=str(REPO),
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def test_start_quit_when_done_runs_the_routine_and_exits_0(gui_env: dict[str, str]) -> None:
    proc = run_cli("start", "calf-cramp-relief", "--quit-when-done", "--mute", "--no-voice", env=gui_env, timeout=20)
    assert proc.returncode == 0, proc.stderr
    trace = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("stretch-timer-trace:")]
    assert trace.index("run-started") < trace.index("first-event") < trace.index("run-finished")
    assert "run-finished" in trace and "exit" in trace
    assert "completed=True" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_start_by_path_to_a_yaml_file(gui_env: dict[str, str], tmp_path: Path) -> None:
    routine = tmp_path / "quick.yaml"
    routine.write_text("format: 1\nname: Quick\nprepare: 1\nsteps:\n  - stretch: wall-calf-stretch\n"
                       "    hold: 5\n    sides: none\n", encoding="utf-8")
    proc = run_cli("start", str(routine), "--quit-when-done", "--no-voice", env=gui_env, timeout=20)
    assert proc.returncode == 0, proc.stderr
    assert "completed=True" in proc.stderr


def test_start_an_unknown_routine_exits_1_with_a_message(gui_env: dict[str, str]) -> None:
    proc = run_cli("start", "calf-cramp-releif", env=gui_env)
    assert proc.returncode == 1
    assert "no routine 'calf-cramp-releif'" in proc.stderr and "calf-cramp-relief" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_display_gives_one_clear_line_and_exit_2(gui_env: dict[str, str]) -> None:
    env = {k: v for k, v in gui_env.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    for args in ((), ("start", "calf-cramp-relief")):
        proc = run_cli(*args, env=env)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert lines == [
            "stretch-timer: no display found (neither WAYLAND_DISPLAY nor DISPLAY is set); run it on a desktop, "
            "or set QT_QPA_PLATFORM=offscreen for a headless check"
        ]


def test_list_does_not_import_qt(gui_env: dict[str, str]) -> None:
    code = ("import sys; from stretch_timer.cli import main; main(['list']); "
            "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=gui_env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.stdout.strip().endswith("NOQT")


def test_window_options_go_before_or_after_start() -> None:
    from stretch_timer.cli import build_parser

    parser = build_parser()
    before = parser.parse_args(["--mute", "--fullscreen", "start", "calf-cramp-relief"])
    after = parser.parse_args(["start", "calf-cramp-relief", "--no-voice", "--quit-when-done"])
    assert (before.mute, before.fullscreen, before.no_voice, before.quit_when_done) == (True, True, False, False)
    assert (after.mute, after.no_voice, after.quit_when_done) == (False, True, True)


BLOCK_QT_MULTIMEDIA = (
    "import sys; sys.modules['PySide6.QtMultimedia'] = None; "  # import now fails, as without libpulse.so.0
    "from stretch_timer.cli import main; sys.exit(main(sys.argv[1:]))"
)


def sound_backend(stderr: str) -> str:
    line = next(line for line in stderr.splitlines() if line.startswith("stretch-timer-trace: sound "))
    return line.split("backend=")[1].split()[0]


def test_a_routine_runs_to_the_end_when_qt_multimedia_cannot_load(gui_env: dict[str, str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_MULTIMEDIA, "start", "calf-cramp-relief", "--quit-when-done", "--no-voice"],
        cwd=REPO, env=gui_env, capture_output=True, text=True, timeout=30, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sound_backend(proc.stderr) in ("playsound3", "silent")
    assert "completed=True" in proc.stderr and "Traceback" not in proc.stderr


def test_a_routine_runs_to_the_end_with_no_audio_device(gui_env: dict[str, str], tmp_path: Path) -> None:
    env = dict(gui_env, PULSE_SERVER=f"unix:{tmp_path / 'no-such-server'}", XDG_RUNTIME_DIR=str(tmp_path))
    proc = run_cli("start", "calf-cramp-relief", "--quit-when-done", "--no-voice", env=env, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert sound_backend(proc.stderr) in ("playsound3", "silent")
    assert "completed=True" in proc.stderr and "Traceback" not in proc.stderr


def test_a_run_is_in_the_history_that_another_process_reads(gui_env: dict[str, str]) -> None:
    proc = run_cli("start", "calf-cramp-relief", "--quit-when-done", "--mute", "--no-voice", env=gui_env, timeout=20)
    assert proc.returncode == 0, proc.stderr
    history = run_cli("history", env=gui_env)
    assert history.returncode == 0, history.stderr
    assert "Calf cramp — now" in history.stdout
    logged = run_cli("log-cramp", "calf", "--side", "left", "--severity", "6", env=gui_env)
    assert logged.returncode == 0, logged.stderr
    again = run_cli("history", env=gui_env)
    assert "calf" in again.stdout.lower() and "6" in again.stdout
