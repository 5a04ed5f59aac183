"""The speech service: the process behind :class:`~stretch_timer.media.voice_process.ProcessVoice`.

``python -m stretch_timer.media.voice_service [ENGINE] [--factory MODULE:NAME]`` runs a QCoreApplication with
``create_voice(ENGINE)`` (or, with ``--factory``, the voice that function makes: tests use an engine that never
returns) and answers the app's commands. It lives in its own process so that an engine call that blocks for good
(speech-dispatcher with no sound server) can only ever hold up this process, never the app's window.

The protocol, one JSON object per line: the app writes ``say``/``stop``/``volume``/``quit`` commands (``op``,
with an ``id``) to stdin; the service writes events to stdout: ``ready`` (``engine``, ``volume``) or
``unavailable`` (``reason``) once, then ``done`` (``id``) once each command's engine call returned,
``speaking`` (``value``) and ``failed`` (``reason``). The constants both sides share are defined here.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

SERVICE_MODULE = "stretch_timer.media.voice_service"
"""The module the app runs with ``python -m`` to start the service."""

PARENT_ENV = "STRETCH_TIMER_VOICE_PARENT"
"""The app's process id, for the service to check it was not orphaned before it asked to die with the app."""


def _die_with_parent() -> None:
    """Linux: the kernel ends the service when the app dies, even if it is stuck where it cannot read EOF."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        parent = os.environ.get(PARENT_ENV, "")
        if parent.isdigit() and os.getppid() != int(parent):  # the app was gone before prctl took effect
            os._exit(0)


def _emit(answer: dict[str, Any]) -> None:
    try:
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        os._exit(0)  # the app is gone


def main(argv: Sequence[str] | None = None) -> int:
    """Run the service until stdin ends or says ``quit``."""
    args = list(sys.argv[1:] if argv is None else argv)
    factory: str | None = None
    if "--factory" in args:
        at = args.index("--factory")
        factory = args[at + 1] if at + 1 < len(args) else None
        del args[at:at + 2]
    engine = args[0] if args else None
    _die_with_parent()
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the app; the service ends when the app does

    from PySide6.QtCore import QCoreApplication, Slot

    from .voice import create_voice

    app = QCoreApplication([sys.argv[0]])
    voice: Any
    if factory:
        import importlib

        module, _, name = factory.partition(":")
        voice = getattr(importlib.import_module(module), name)()
    else:
        voice = create_voice(engine)
    if not voice.available:
        _emit({"event": "unavailable", "reason": voice.reason})
        return 0

    class Commands(QObject):
        """Runs each command line on the main thread, where the engine lives."""

        line = Signal(str)

        @Slot(str)
        def run(self, raw: str) -> None:
            try:
                command = json.loads(raw)
            except ValueError:
                return
            op = command.get("op")
            if op == "say":
                voice.say(str(command.get("text", "")))
            elif op == "stop":
                voice.stop()
            elif op == "volume":
                with contextlib.suppress(TypeError, ValueError):
                    voice.set_volume(float(command.get("value", 1.0)))
            elif op == "quit":
                voice.stop()
                app.quit()
                return
            if not voice.available:
                _emit({"event": "failed", "reason": voice.reason})
            elif "id" in command:
                _emit({"event": "done", "id": command["id"]})

    commands = Commands()
    commands.line.connect(commands.run, Qt.ConnectionType.QueuedConnection)

    def read_stdin() -> None:
        """A plain thread: blocking reads release the GIL; each line is handed to the main thread."""
        with contextlib.suppress(RuntimeError):  # the main thread is done and took the receiver with it
            for raw in sys.stdin.buffer:
                commands.line.emit(raw.decode(errors="replace"))
            commands.line.emit('{"op": "quit"}')

    threading.Thread(target=read_stdin, name="voice-commands", daemon=True).start()
    voice.on_change(lambda: _emit({"event": "speaking", "value": voice.speaking}) if voice.available
                    else _emit({"event": "failed", "reason": voice.reason}))
    _emit({"event": "ready", "engine": voice.engine, "volume": voice.volume})
    app.exec()
    voice.close()
    return 0


def _exit_now(code: int) -> None:
    """End the process without Python's shutdown: the thread reading commands may still be waiting in a read
    on stdin (``quit`` came while the app kept it open), and finalising with it there is a fatal error
    ("could not acquire lock for <stdin>"), an abort that leaves a core dump behind. The voice is closed and
    every answer written by then; the kernel lets go of the rest."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main())
