"""The real app with speech-dispatcher installed: it paints, runs and exits whether or not there is a sound server.

With no sound server, speech-dispatcher cannot open its audio output, and libspeechd's calls (the engine's
creation, then ``say``) block for good: the app used to hang before its first paint, ignoring SIGTERM. Each
test gives the app a private ``XDG_RUNTIME_DIR``, so the speech-dispatcher it autospawns is its own, and ends
it afterwards (tests/speech_leftovers.py). The timeouts are generous and only there to turn a hang into a
failure; nothing is timed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from speech_leftovers import end_speech_processes

REPO = Path(__file__).resolve().parents[2]
HANG = 120
"""Seconds after which the app is taken to hang (the routine itself takes about 3 s at 50× speed)."""

pytestmark = [
    pytest.mark.gui,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("speech-dispatcher") is None, reason="speech-dispatcher is not installed"),
]


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR; the speech processes started in it are ended afterwards."""
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"st-e2e-{os.getpid()}-{tmp_path.name[-8:]}"
    folder.mkdir(mode=0o700)  # short: speech-dispatcher's socket path must fit in 108 bytes
    try:
        yield folder
    finally:
        end_speech_processes(folder)
        shutil.rmtree(folder, ignore_errors=True)


def app_env(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "STRETCH_TIMER", "PULSE_"))}
    env.update(QT_QPA_PLATFORM="offscreen", STRETCH_TIMER_HOME=str(home), STRETCH_TIMER_CLOCK_SCALE="50",
               STRETCH_TIMER_TRACE="1", PYTHONPATH=str(REPO), **extra)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def run_app(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([sys.executable, "-m", "stretch_timer", "start", "calf-cramp-relief", "--quit-when-done"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=HANG, check=False)
    except subprocess.TimeoutExpired as hang:
        stderr = hang.stderr.decode(errors="replace") if isinstance(hang.stderr, bytes) else (hang.stderr or "")
        pytest.fail(f"the app hung (no exit within {HANG} s); stderr:\n{stderr[-3000:]}")


def milestones(stderr: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in stderr.splitlines():
        if line.startswith("stretch-timer-trace: "):
            parts = line.split(maxsplit=3)
            found.setdefault(parts[1], parts[3] if len(parts) > 3 else "")
    return found


def test_with_speech_dispatcher_and_no_sound_server_the_routine_runs_and_the_app_exits(
        tmp_path: Path, runtime: Path) -> None:
    env = app_env(tmp_path / "home", XDG_RUNTIME_DIR=str(runtime), PULSE_SERVER=f"unix:{runtime}/no-such-server")
    proc = run_app(env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    marks = milestones(proc.stderr)
    assert {"first-paint", "run-started", "first-event", "run-finished", "exit"} <= marks.keys(), proc.stderr
    assert marks["run-finished"] == "completed=True"
    assert "Traceback" not in proc.stderr


def test_with_a_sound_server_the_voice_joins_the_run_and_stays(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from pulse_server import PulseUnavailable, missing_programs, private_pulse_server

    if missing_programs():
        pytest.skip(f"needs {', '.join(missing_programs())}")
    try:
        with private_pulse_server() as pulse:
            runtime = Path(pulse["XDG_RUNTIME_DIR"])
            env = app_env(tmp_path / "home", XDG_RUNTIME_DIR=str(runtime), PULSE_SERVER=pulse["PULSE_SERVER"])
            try:
                proc = run_app(env)
            finally:
                end_speech_processes(runtime)
    except PulseUnavailable as problem:
        pytest.skip(str(problem))
    assert proc.returncode == 0, proc.stderr[-3000:]
    marks = milestones(proc.stderr)
    assert marks.get("voice") == "engine=speechd", proc.stderr[-3000:]
    assert "voice-off" not in marks, marks["voice-off"]  # every announcement was answered in time
    assert marks["run-finished"] == "completed=True"
