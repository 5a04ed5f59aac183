"""Single instance as a person meets it: real ``stretch-timer`` processes on an Xvfb server of their own.

The app runs on the library; a second ``stretch-timer start calf-cramp-relief`` hands its request over and exits
0 without loading a widget or a routine file, and the app's trace shows that routine started; ``cramp foot`` and
``cramp calf`` while a routine runs replace it at once (relief never asks). After a ``kill -9`` the socket the
app left is recovered by the next launch, which becomes the app (and removes the socket when it quits). Also
here: the CLI's own checks for ``cramp`` and the two fallbacks of ``run_gui`` (another launch won the race; the
socket folder is unsafe). No timing is asserted: the speed is benchmarks/second_launch.py's.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from private_display import private_xvfb

from stretch_timer.cli import main

REPO = Path(__file__).resolve().parents[2]
PEER = REPO / "tests" / "app" / "ipc_peer.py"
TRACE = "stretch-timer-trace:"

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private X server; -displayfd picks a free display, -noreset keeps it up between the apps."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: xvfb)")
    with private_xvfb() as number:
        yield number


@pytest.fixture
def env(display: str, tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    result = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "STRETCH_TIMER"))}
    result.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", STRETCH_TIMER_HOME=str(tmp_path / "home"),
                  STRETCH_TIMER_RUNTIME_DIR=str(runtime), STRETCH_TIMER_TRACE="1", PYTHONPATH=str(REPO),
                  PULSE_SERVER=f"unix:{tmp_path / 'no-such-server'}", XDG_RUNTIME_DIR=str(tmp_path))
    result.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return result


class App:
    """A running ``stretch-timer`` whose stderr trace lines are read as they come."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "stretch_timer", "--mute", "--no-voice", *args],
                                     cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._queue.put(line)
        self._queue.put(None)

    def trace(self) -> list[str]:
        """The trace so far, one "name detail" per milestone."""
        return [line.split(maxsplit=1)[1].split(" ", 1)[0] + _detail(line) for line in self.lines
                if line.startswith(TRACE)]

    def wait_for(self, wanted: str, timeout: float = 20.0) -> None:
        """Until a trace line reads ``wanted`` ("run-started calf-cramp-relief"), counting only new lines."""
        start = len(self.lines)
        deadline = time.monotonic() + timeout
        while wanted not in self.trace()[self._traced_before(start):]:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no {wanted!r} within {timeout} s; stderr:\n" + "".join(self.lines[-30:]))
            if line is None:
                pytest.fail(f"the app ended before {wanted!r}; stderr:\n" + "".join(self.lines[-30:]))
            self.lines.append(line)

    def _traced_before(self, line_count: int) -> int:
        return sum(1 for line in self.lines[:line_count] if line.startswith(TRACE))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def _detail(line: str) -> str:
    """A trace line's detail after its time ("calf-cramp-relief", "completed=False"), with a leading space."""
    parts = line.split(maxsplit=3)
    return f" {parts[3].strip()}" if len(parts) > 3 else ""


def launch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """A second launch, with Python's import log on stderr (``-X importtime``)."""
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "stretch_timer", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=20, check=False)


def imported(proc: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


def test_a_second_launch_hands_over_and_relief_replaces_the_run(env: dict[str, str]) -> None:
    app = App(env)
    try:
        app.wait_for("listening")
        second = launch(env, "start", "calf-cramp-relief")
        assert second.returncode == 0, second.stderr
        app.wait_for("run-started calf-cramp-relief")
        assert "request start calf-cramp-relief" in app.trace()
        modules = imported(second)
        assert "PySide6.QtNetwork" in modules, "it went through the channel"
        assert not {"PySide6.QtWidgets", "PySide6.QtGui"} & modules, "a second launch loads no widgets"
        assert not {"stretch_timer.core.library", "stretch_timer.core.loader"} & modules, "nor any routine"
        assert [line for line in second.stderr.splitlines() if not line.startswith("import time:")] == []

        for muscle, routine in (("foot", "foot-cramp-relief"), ("calf", "calf-cramp-relief")):
            relief = launch(env, "cramp", muscle)
            assert relief.returncode == 0, relief.stderr
            app.wait_for(f"run-started {routine}")
        trace = app.trace()
        assert trace.count("run-finished completed=False") == 2, "each replaced run was recorded as stopped"
        assert app.proc.poll() is None, "the first app runs on"
    finally:
        app.stop()


def test_a_killed_apps_socket_is_recovered_and_a_quitting_app_removes_its_own(env: dict[str, str]) -> None:
    runtime = Path(env["STRETCH_TIMER_RUNTIME_DIR"])
    crashed = App(env)
    try:
        crashed.wait_for("listening")  # just after the first paint
        [socket] = runtime.glob("*.sock")
        assert (runtime.stat().st_mode & 0o777) == 0o700, "the socket folder is private"
    finally:
        crashed.proc.send_signal(signal.SIGKILL)
        crashed.stop()
    assert socket.exists(), "a killed app leaves its socket behind"

    quick = dict(env, STRETCH_TIMER_CLOCK_SCALE="50")  # the 2:18 routine ends in about 3 s
    app = App(quick, "start", "calf-cramp-relief", "--quit-when-done")
    try:
        app.wait_for("listening")  # the run started before the first paint; the app listens just after it
        shown = launch(env, "--fullscreen")  # no command: bring the running app to the front
        assert shown.returncode == 0, shown.stderr
        app.wait_for("request show")
        assert app.proc.wait(timeout=20) == 0
    finally:
        app.stop()
    assert not socket.exists(), "the app that quit removed its socket"


def test_cramp_checks_the_muscle_before_anything_else(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cramp", "elbow"]) == 2
    err = capsys.readouterr().err
    assert err == ("stretch-timer: no muscle 'elbow'; choose one of calf, hamstring, foot, thigh (quadriceps), "
                   "shin, hip\n")


def test_cramp_for_a_muscle_without_relief_says_so_when_no_app_runs(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCH_TIMER_RUNTIME_DIR", str(tmp_path / "run"))
    assert main(["cramp", "shin"]) == 1
    assert "no relief routine for shin yet" in capsys.readouterr().err


def test_a_launch_that_lost_the_race_hands_its_request_to_the_winner(
        qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stretch_timer.app.ipc import socket_name
    from stretch_timer.app.ipc_messages import Request
    from stretch_timer.qt.app import _become_the_instance

    monkeypatch.setenv("STRETCH_TIMER_RUNTIME_DIR", str(tmp_path / "run"))
    name = socket_name()
    winner = subprocess.Popen([sys.executable, str(PEER), "serve", name, "--quit-after", "1"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert winner.stdout is not None and winner.stdout.readline().strip() == "listening"
        assert _become_the_instance(Request("start", "calf-cramp-relief")) == (None, True)
        assert winner.stdout.readline().startswith("received start calf-cramp-relief")
    finally:
        winner.kill()
        winner.wait()


def test_an_unsafe_socket_folder_means_running_without_the_channel(
        qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from stretch_timer.app.ipc_messages import Request
    from stretch_timer.qt.app import _become_the_instance

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "run").symlink_to(tmp_path / "elsewhere")
    monkeypatch.setenv("STRETCH_TIMER_RUNTIME_DIR", str(tmp_path / "run"))
    assert _become_the_instance(Request("show")) == (None, False)
    assert "opening without single-instance handling" in capsys.readouterr().err
