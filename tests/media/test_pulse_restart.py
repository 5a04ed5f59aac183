"""The sound server dies mid-routine (issue #9): the routine goes on, silent, and sound comes back with a server.

Before the fix, killing PulseAudio under a running routine aborted the app (``Assertion 'c' failed at
pulse/context.c:1087``, exit 134): Qt's engine frees its context when the server goes, and the next
``QAudioSink.start()`` hands libpulse a null context (see stretch_timer/media/pulse_engine.py).

Each test runs tests/media/server_loss_scenario.py (the real QtCuePlayer + SessionDriver + MonotonicClock) in a
child process that sees only a private server, and SIGKILLs that server once the routine has started. The
test holds the server's listening socket and hands it to ``pulseaudio`` (socket activation, LISTEN_FDS), as
systemd's pulseaudio.socket / pipewire-pulse.socket do on a desktop. So a new server can take over the same
socket path, and a client that connects in the gap waits for it instead of being refused, which is what
makes Qt's own reconnection (one try, 3 s after the loss) find the new server however long it takes to
start; without it, the outcome would hang on which comes first. The killed-only test closes the socket with
the server, so connections are refused, as with a server started by hand.

Skips only when the ``pulseaudio``, ``pactl`` or ``parec`` programs are missing (scripts/test installs them).
"""

from __future__ import annotations

import array
import contextlib
import json
import math
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from audio_recording import RATE, Recording
from pulse_server import PulseUnavailable, missing_programs, runtime_prefix, stop

from stretch_timer.media.cue_base import CUES
from stretch_timer.media.qt_cues import SERVER_LOST_REASON

pytestmark = [pytest.mark.audio, pytest.mark.slow]

SCENARIO = Path(__file__).with_name("server_loss_scenario.py")
KILL_AFTER_S = 2.2
"""Seconds into the routine at which the server is killed: just after "go", amid the countdown ticks."""

ACTIVATE = """
import os, sys
fd = int(sys.argv[1])
if fd != 3:
    os.dup2(fd, 3)
    os.close(fd)
os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))  # sd_listen_fds() checks it is meant for it
os.execvp(sys.argv[2], sys.argv[2:])
"""
"""Socket activation as systemd does it: the socket as fd 3, LISTEN_FDS and LISTEN_PID, then the server."""

SERVER_ARGS = ("pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
               "--load=module-null-sink sink_name=test", "--load=module-native-protocol-unix")


class ActivatedServer:
    """A private PulseAudio server on a listening socket this object holds (socket activation).

    Its own XDG_RUNTIME_DIR and HOME (a short temporary folder: a socket path must fit in 108 bytes). The
    socket outlives each ``pulseaudio`` started on it, so :meth:`kill` and :meth:`start` replace the server
    in place; :meth:`refuse` closes it (nothing listens on the path any more).
    """

    def __init__(self) -> None:
        self.runtime = Path(tempfile.mkdtemp(prefix=runtime_prefix()))
        self.runtime.chmod(0o700)
        (self.runtime / "pulse").mkdir(mode=0o700)
        self.socket_path = self.runtime / "pulse" / "native"
        self.env = dict(os.environ)
        self.env.update({
            "XDG_RUNTIME_DIR": str(self.runtime),
            "HOME": str(self.runtime),
            "PULSE_SERVER": f"unix:{self.socket_path}",
        })
        self.env.pop("PULSE_SINK", None)
        self.listener: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.socket_path))
        self.listener.listen(64)
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0
        self._logs: list[IO[bytes]] = []

    def start(self) -> None:
        """Start ``pulseaudio`` on the held socket (as fd 3) and wait until it answers."""
        assert self.listener is not None
        fd = self.listener.fileno()
        self.started += 1
        log = (self.runtime / f"pulseaudio-{self.started}.log").open("wb")
        self._logs.append(log)
        self.process = subprocess.Popen([sys.executable, "-c", ACTIVATE, str(fd), *SERVER_ARGS], env=self.env,
                                        pass_fds=(fd,), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(subprocess.TimeoutExpired):
                if subprocess.run(["pactl", "info"], env=self.env, capture_output=True, timeout=10).returncode == 0:
                    break
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise PulseUnavailable(f"pulseaudio did not start: {self.log_tail()}")
            time.sleep(0.1)
        subprocess.run(["pactl", "set-default-sink", "test"], env=self.env, check=True, timeout=10)

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to tell its clients anything."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def refuse(self) -> None:
        """Stop listening: from now on connecting to the socket path is refused."""
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return (self.runtime / f"pulseaudio-{self.started}.log").read_text(errors="replace")[-2000:]
        return ""

    def close(self) -> None:
        if self.process is not None:
            stop(self.process)
        self.refuse()
        for log in self._logs:
            log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)


@pytest.fixture
def server() -> Iterator[ActivatedServer]:
    missing = missing_programs()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils)")
    pulse = ActivatedServer()
    try:
        try:
            pulse.start()
        except PulseUnavailable as problem:
            pytest.fail(str(problem))
        yield pulse
    finally:
        pulse.close()


class Child:
    """The scenario in its own process; a thread hands over its stdout lines as they come."""

    def __init__(self, env: dict[str, str], steps: int, stderr: IO[bytes]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SCENARIO), str(steps)], env={**env, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE, stderr=stderr, text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, wanted: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"the scenario never said {wanted!r}; it said {self.seen}")
            if line is None:
                pytest.fail(f"the scenario ended before saying {wanted!r}; it said {self.seen}")
            self.seen.append(line)
            if line == wanted:
                return

    def finish(self, timeout: float) -> tuple[int, dict[str, Any]]:
        self.process.wait(timeout=timeout)
        self._thread.join(timeout=10)
        while (line := self.lines.get_nowait() if not self.lines.empty() else None) is not None:
            self.seen.append(line)
        result: dict[str, Any] = {}
        with contextlib.suppress(IndexError, json.JSONDecodeError):
            result = json.loads(self.seen[-1])
        return self.process.returncode, result

    def kill(self) -> None:
        stop(self.process)


def run_through(server: ActivatedServer, steps: int, tmp_path: Path, *, restart: bool,
                recorded: list[Recording]) -> dict[str, Any]:
    """Run the scenario, kill the server once the routine has started (and start a new one if ``restart``)."""
    err = tmp_path / "scenario.err"
    with err.open("wb") as stderr:
        child = Child(server.env, steps, stderr)
        try:
            child.wait_for("started", timeout=30)
            time.sleep(KILL_AFTER_S)
            server.kill()
            if restart:
                server.start()
                recording = Recording(server.env)
                recorded.append(recording)
                assert recording.wait_started(), "parec delivered no data from the new server"
            else:
                server.refuse()
            returncode, result = child.finish(timeout=120)
        finally:
            child.kill()
    tail = err.read_bytes()[-4000:].decode(errors="replace")
    aborted = " (aborted: 134 in a shell)" if returncode == -signal.SIGABRT else ""
    assert returncode == 0, f"scenario ended with {returncode}{aborted}\n{child.seen[-5:]}\n{tail}"
    assert result.get("ready"), result
    return result


def check_timeline(result: dict[str, Any]) -> None:
    """The routine ran to its end on its plan: every phase started at its planned time, nothing paused it."""
    assert result["finished"], result
    assert result["interruptions"] == [], result["interruptions"]
    started = [planned for _, planned in result["phases"]]
    assert started == result["planned_phases"], (started, result["planned_phases"])
    for stamped, planned in result["phases"]:
        assert math.isclose(stamped, planned, abs_tol=1e-6), result["phases"]
    assert math.isclose(result["ended_after"], result["total"], abs_tol=1e-6), result


def test_a_killed_server_leaves_the_routine_running_silent_and_says_why(server: ActivatedServer,
                                                                        tmp_path: Path) -> None:
    # One step (11 s) outlasts the loss at 2.2 s by 8 s: Qt's reconnection try 3 s after it, and cues after that.
    result = run_through(server, 1, tmp_path, restart=False, recorded=[])
    check_timeline(result)
    assert result["server_lost_at_end"], result
    assert not result["available_at_end"]
    assert result["reason_at_end"] == SERVER_LOST_REASON
    lost = [s for s in result["statuses"] if not s["available"]]
    assert lost and lost[0]["reason"] == SERVER_LOST_REASON, result["statuses"]
    # A player made afterwards (the process is alive to say so) is silent too, and says why.
    assert not result["second_player"]["available"], result["second_player"]
    assert "sound server stopped" in result["second_player"]["reason"], result["second_player"]


def onsets(samples: array.array[int], window: int = RATE // 200, on_dbfs: float = -40.0) -> list[float]:
    """Seconds into the recording where sound starts after at least 20 ms of silence (below −60 dBFS)."""
    on = (32768 * 10 ** (on_dbfs / 20)) ** 2
    silent = (32768 * 10 ** (-60 / 20)) ** 2
    found: list[float] = []
    quiet = 4
    for start in range(0, len(samples) - window, window):
        level = sum(s * s for s in samples[start:start + window]) / window
        if level > on:
            if quiet >= 4:
                found.append(start / RATE)
            quiet = 0
        elif level < silent:
            quiet += 1
    return found


@pytest.mark.realtime
def test_sound_comes_back_when_a_new_server_takes_the_socket(server: ActivatedServer, tmp_path: Path) -> None:
    recorded: list[Recording] = []
    try:
        # Two steps (22 s): the new streams are live about 5 s in, leaving some 15 cues to hear from the new server.
        result = run_through(server, 2, tmp_path, restart=True, recorded=recorded)
        time.sleep(0.3)
        samples = recorded[0].stop()
    finally:
        for recording in recorded:
            stop(recording.process)
    (tmp_path / "recording.s16le").write_bytes(samples.tobytes())  # 44.1 kHz mono, for a look after a failure
    check_timeline(result)
    statuses = result["statuses"]
    assert [s["available"] for s in statuses][:2] == [False, True], statuses
    assert statuses[0]["reason"] == SERVER_LOST_REASON
    assert result["available_at_end"] and not result["server_lost_at_end"], result
    live_again = result["live_again"]
    assert live_again is not None, "the reopened streams never came alive"

    # Every cue due once the new streams were live is heard from the new server, near its time. The
    # recording starts when parec's first bytes came (first_at); output latency is tens of milliseconds.
    first_at = recorded[0].first_at
    assert first_at is not None
    heard = onsets(samples)
    due = sorted({round(at, 3) for _, at, _ in result["played"] if at > live_again + 0.05})
    groups = [at for i, at in enumerate(due) if i == 0 or at - due[i - 1] > 0.03]
    assert len(groups) >= 3, f"too few cues after the new streams were live: {groups} (live at {live_again})"
    picture = f"due (s into recording) {[round(at - first_at, 3) for at in groups]}\nheard {heard}"
    for at in groups:
        expected = at - first_at
        assert any(-0.1 <= o - expected <= 0.3 for o in heard), f"cue due at {expected:.3f} s not heard\n{picture}"
    assert len([o for o in heard if o > live_again - first_at - 0.1]) == len(groups), picture


IDLE_SCENARIO = Path(__file__).with_name("idle_scenario.py")


def test_a_player_with_working_sound_runs_no_timer_and_the_next_cue_finds_a_lost_server(
        server: ActivatedServer) -> None:
    """Idle on the library nothing may tick (issue #9: idle CPU 0), so the server's loss is found by the next cue."""
    child = subprocess.Popen([sys.executable, str(IDLE_SCENARIO)], env={**server.env, "QT_QPA_PLATFORM": "offscreen"},
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdin is not None
        line = child.stdout.readline()
        assert line.startswith("idle "), (line, child.stderr.read() if child.poll() is not None else "")
        idle = json.loads(line.removeprefix("idle "))
        assert idle["ready"] and sorted(idle["suspended"]) == sorted(CUES), idle
        assert idle["timer_events"] == 0, idle
        server.kill()
        server.refuse()
        child.stdin.write("go on\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=30)
    finally:
        stop(child)  # type: ignore[arg-type]
    assert child.returncode == 0, err[-3000:]
    after = json.loads(out.strip().splitlines()[-1])
    assert after == {"available": False, "reason": SERVER_LOST_REASON, "server_lost": True}, after
