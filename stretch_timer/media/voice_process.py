"""The app side of the voice in a process of its own: :class:`ProcessVoice`, so that no speech call can ever
hold up the window.

Why a process and not a thread: with speech-dispatcher installed but no sound server, ``QTextToSpeech("speechd")``
blocks for good inside libspeechd (``spd_open``, ``spd_list_synthesis_voices``), and so does ``say()`` once
the server's audio output failed. PySide6 keeps Python's GIL through those calls, so a QThread or a Python
thread owning the engine freezes the GUI thread just the same (seen with gdb: the worker in ``spd_open``, the
GUI thread in ``take_gil``). A separate process shares no lock with the app, can be given up on after a
bounded time, and can be killed.

Two halves, in two modules, one protocol (one JSON object per line):

* :class:`ProcessVoice`, in the app: the same surface as :class:`~stretch_timer.media.voice.Voice`
  (``say``, ``stop``, ``set_enabled``, ``set_volume``, ``available``, ``reason``, ``engine``, ``spoken``,
  ``speaking``, ``close``). Every call returns at once: commands go to the service's stdin through QProcess's
  write buffer; answers come back on its stdout through the event loop. ``pending`` while the service starts
  (``available`` stays true then: nothing is known to be wrong yet); ``changed`` is emitted when it is ready
  or when it is given up on.
* the service, :mod:`stretch_timer.media.voice_service` (``python -m stretch_timer.media.voice_service
  [ENGINE]``): a QCoreApplication, ``create_voice(ENGINE)``, then ``say``/``stop``/``volume`` commands, each
  answered ``done`` once the engine call returned; the protocol and its shared constants are defined there.

Bounded waits, measured on the event loop's timers: the service has ``start_timeout`` seconds to say whether
it has a voice, and each command ``answer_timeout`` seconds to be answered; past either, the voice turns off
("the speech service did not answer"), the service is killed and the routine goes on without it. An
announcement asked for while the service starts is said when it is ready if it is still fresh (``LATE_SAY_S``);
a newer one, or ``stop``, replaces it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from .. import diagnostics
from .late import LATE_SAY_S
from .voice import clamp_volume
from .voice_service import PARENT_ENV, SERVICE_MODULE

START_TIMEOUT_S = 6.0
"""How long the service may take to say whether it has a voice: Python and Qt start in a fraction of a
second, a first speech-dispatcher (autospawned, loading its espeak-ng module) in one or two; six leaves room
on a busy machine and is still short next to any routine."""

ANSWER_TIMEOUT_S = 3.0
"""How long one command may go unanswered: an engine call returns in milliseconds, or never."""

CLOSE_WAIT_MS = 500
"""At close, how long the service gets to stop speaking and exit by itself before it is killed."""

NO_ANSWER_REASON = "the speech service did not answer."
STOPPED_REASON = "the speech service stopped."


def service_command(engine: str | None = None, *, factory: str | None = None) -> list[str]:
    """The command line that starts the service with this Python (the app's own interpreter and packages)."""
    return [sys.executable, "-m", SERVICE_MODULE, *([engine] if engine else []),
            *(["--factory", factory] if factory else [])]


def _service_environment() -> QProcessEnvironment:
    """The app's environment, with this package importable however the app was started (a checkout too)."""
    env = QProcessEnvironment.systemEnvironment()
    root = str(Path(__file__).resolve().parents[2])
    current = env.value("PYTHONPATH", "")
    env.insert("PYTHONPATH", root + (os.pathsep + current if current else ""))
    env.insert("PYTHONUNBUFFERED", "1")
    env.insert(PARENT_ENV, str(os.getpid()))
    return env


class ProcessVoice(QObject):
    """The voice, spoken by a service process; nothing here blocks (see the module docstring).

    ``command`` replaces the service's command line (tests use stand-ins that never answer); ``now`` is the
    monotonic clock that dates announcements waiting for the service.
    """

    changed = Signal()
    """``available``/``reason``/``engine``/``pending`` changed: the service is ready, or the voice is off."""

    def __init__(
        self,
        engine: str | None = None,
        *,
        command: Sequence[str] | None = None,
        start_timeout: float = START_TIMEOUT_S,
        answer_timeout: float = ANSWER_TIMEOUT_S,
        now: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = ""
        self.available = True
        self.reason = ""
        self.enabled = True
        self.volume = 1.0
        self.spoken: list[str] = []
        self.pending = True
        self._speaking = False
        self._volume_set = False
        self._waiting: tuple[str, float] | None = None
        self._now = now
        self._answer_ms = max(1, round(answer_timeout * 1000))
        self._sent = 0
        self._answered = 0
        self._closed = False
        self._out = bytearray()
        self._err = bytearray()

        self._watchdog = QTimer(self)
        self._watchdog.setObjectName("voice_watchdog")
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._no_answer)

        self._process = QProcess(self)
        self._process.setProcessEnvironment(_service_environment())
        self._process.readyReadStandardOutput.connect(self._read_answers)
        self._process.readyReadStandardError.connect(self._pass_on_errors)
        self._process.finished.connect(self._service_ended)
        self._process.errorOccurred.connect(self._service_error)
        argv = list(command) if command is not None else service_command(engine)
        self._process.start(argv[0], argv[1:])
        self._watchdog.start(max(1, round(start_timeout * 1000)))

    # --- the Voice surface -----------------------------------------------------------------------------

    @property
    def speaking(self) -> bool:
        return self._speaking and self.available

    @property
    def process_id(self) -> int:
        """The service's process id while it runs, else 0 (for tests and diagnostics)."""
        return int(self._process.processId()) if self._process.state() != QProcess.ProcessState.NotRunning else 0

    def say(self, text: str) -> None:
        """Speak ``text`` now (cutting off anything still being said); returns at once, whatever the service."""
        if not (self.enabled and self.available and text):
            return
        self.spoken.append(text)
        if self.pending:
            self._waiting = (text, self._now())
            return
        self._speaking = True
        self._send({"op": "say", "text": text})

    def stop(self) -> None:
        self._waiting = None
        if self.available and not self.pending:
            self._speaking = False
            self._send({"op": "stop"})

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = bool(enabled)
        if not self.enabled:
            self.stop()

    def set_volume(self, volume: float) -> None:
        v = clamp_volume(volume)
        if v is None:
            return
        self.volume = v
        self._volume_set = True
        if self.available and not self.pending:
            self._send({"op": "volume", "value": self.volume})

    def close(self) -> None:
        """Stop speaking and end the service: asked first, killed after ``CLOSE_WAIT_MS`` (never waits longer)."""
        if self._closed:
            return
        self._closed = True
        self._watchdog.stop()
        self._waiting = None
        process = self._process
        if process.state() != QProcess.ProcessState.NotRunning:
            if self.available and not self.pending:
                self._write({"op": "quit"})
                process.closeWriteChannel()
                if not process.waitForFinished(CLOSE_WAIT_MS):
                    process.kill()
                    process.waitForFinished(CLOSE_WAIT_MS)
            else:  # still starting or stuck: nothing to be polite to
                process.kill()
                process.waitForFinished(CLOSE_WAIT_MS)
        self._turn_off("Voice closed.", notify=False)

    # --- the service -----------------------------------------------------------------------------------

    def _send(self, command: dict[str, Any]) -> None:
        if self._closed or self._process.state() == QProcess.ProcessState.NotRunning:
            return
        self._sent += 1
        self._write({**command, "id": self._sent})
        if not self._watchdog.isActive():
            self._watchdog.start(self._answer_ms)

    def _write(self, command: dict[str, Any]) -> None:
        self._process.write((json.dumps(command) + "\n").encode())

    def _read_answers(self) -> None:
        self._out += bytes(self._process.readAllStandardOutput().data())
        while b"\n" in self._out:
            raw, _, rest = self._out.partition(b"\n")
            self._out = bytearray(rest)
            try:
                answer = json.loads(raw)
            except ValueError:
                continue  # not ours (a library printing to stdout)
            if isinstance(answer, dict):
                self._answer(answer)

    def _answer(self, answer: dict[str, Any]) -> None:
        kind = answer.get("event")
        if self._closed or not self.available:
            return
        if kind == "ready" and self.pending:
            self._watchdog.stop()
            self.pending = False
            self.engine = str(answer.get("engine", ""))
            if not self._volume_set:
                with contextlib.suppress(TypeError, ValueError):
                    self.volume = float(answer.get("volume", self.volume))
            else:
                self._send({"op": "volume", "value": self.volume})
            waiting, self._waiting = self._waiting, None
            if waiting is not None and self.enabled and self._now() - waiting[1] <= LATE_SAY_S:
                self._speaking = True
                self._send({"op": "say", "text": waiting[0]})
            self.changed.emit()
        elif kind == "unavailable":
            self._turn_off(str(answer.get("reason") or "no speech engine."))
        elif kind == "failed":
            self._give_up(str(answer.get("reason") or "the speech engine failed."))
        elif kind == "done":
            with contextlib.suppress(TypeError, ValueError):
                self._answered = max(self._answered, int(answer.get("id", 0)))
            if self._answered >= self._sent:
                self._watchdog.stop()
            else:
                self._watchdog.start(self._answer_ms)  # the next one gets its full time
        elif kind == "speaking":
            self._speaking = bool(answer.get("value"))

    def _pass_on_errors(self) -> None:
        """The service's stderr, line by line, into :mod:`stretch_timer.diagnostics`: its Qt warnings (the speechd
        plug-in's) and whatever speech-dispatcher writes before it daemonizes, which the voice's ``reason``
        says better, are kept for ``--verbose`` and bug reports; other lines (a traceback) are still printed.
        Not inherited, so a speech-dispatcher the service starts never holds our stderr open after we exit."""
        self._err += bytes(self._process.readAllStandardError().data())
        *lines, rest = bytes(self._err).split(b"\n")
        self._err = bytearray(rest)
        if self._process.state() == QProcess.ProcessState.NotRunning and rest:
            lines.append(rest)  # the service ended without a last newline
            self._err = bytearray()
        for line in lines:
            if not line.strip():
                continue
            with contextlib.suppress(Exception):
                diagnostics.record(line.decode(errors="replace"), source="voice service")

    def _no_answer(self) -> None:
        self._give_up(NO_ANSWER_REASON)

    def _give_up(self, reason: str) -> None:
        """Voice off for good: the service is killed (it may be stuck in a call that never returns)."""
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
        self._turn_off(reason)

    def _service_ended(self, *_: object) -> None:
        self._read_answers()
        self._pass_on_errors()
        if not self._closed and self.available:
            self._turn_off(STOPPED_REASON)

    def _service_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._turn_off(f"the speech service could not start ({self._process.errorString()}).")

    def _turn_off(self, reason: str, *, notify: bool = True) -> None:
        self._watchdog.stop()
        was = (self.available, self.pending, self.reason)
        self.available = False
        self.pending = False
        self._speaking = False
        self._waiting = None
        self.reason = reason
        if notify and was != (self.available, self.pending, self.reason):
            self.changed.emit()

    def __repr__(self) -> str:
        if self.pending:
            return "<ProcessVoice starting>"
        state = f"engine {self.engine!r}" if self.available else f"unavailable: {self.reason}"
        return f"<ProcessVoice {state}>"
