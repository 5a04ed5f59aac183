"""Whether Qt Multimedia's PulseAudio engines hold a connection to the sound server, seen from outside.

Why this exists: with Qt 6.11's PulseAudio backend (Qt's default on Linux, PipeWire desktops included, through
pipewire-pulse) an application gets no sign at all that the sound server went away. No sink changes state or
reports an error, ``QMediaDevices`` keeps listing the old outputs and emits nothing. Inside Qt, the engine's
context fails, the engine frees it (``QPulseAudioContextManager::onContextFailed``: ``release()``, then
``prepare()`` again 3 s later; an attempt that fails at once, because nothing listens on the socket, ends the
retries for the life of the process). While the context is freed, anything that makes a stream, first of all
``QAudioSink.start()``, calls ``pa_context_get_state(NULL)`` and libpulse aborts the process::

    Assertion 'c' failed at ../src/pulse/context.c:1087, function pa_context_get_state(). Aborting.

(``QAudioSink::start`` → ``QPulseAudioSink::validatePulseaudio`` → ``pa_context_get_state``.) Calls on streams
that already exist (write, suspend, resume, stop, delete) stay safe: they fail inside libpulse with an error
code, and the engine's lock is a no-op without a main loop.

The one outward sign of an engine's state is its thread: each engine runs a ``pa_threaded_mainloop`` named
"QPulseAudioEngi" (one for the device list, one for the streams), created with the context and joined when it
is freed. And an engine connects and lets go on the GUI thread, so between two calls the GUI thread makes,
what it sees is settled: every engine thread there ⇒ every engine holds a context, ``start()`` is safe (if the
server died a moment ago, ``start()`` fails with ``FatalError`` instead of aborting). Reading two
``/proc/self/task/*/stat`` files costs some microseconds, cheap enough to look before every ``start()`` and
once a second.

Qt-version specific by nature; where the sign is missing (no /proc, another audio backend chosen with
``QT_AUDIO_BACKEND``, a Qt that names the thread otherwise) :class:`EngineWatch` says so (``watching`` is
False) and reports connected, which is how the player behaved before it watched.
"""

from __future__ import annotations

import os

ENGINE_THREAD_NAME = "QPulseAudioEngi"
"""The name Qt gives its PulseAudio main-loop threads ("QPulseAudioEngine", cut to Linux's 15 characters)."""

_TASKS = "/proc/self/task"


PF_EXITING = 0x4
"""The kernel's per-task flag for a thread in ``do_exit`` (``/proc/…/stat`` field 9)."""


def _thread_name(tid: str) -> str:
    """The thread's name, or "" once it has ended or is ending.

    Why the flag: a joined thread stays listed for a few microseconds (glibc's ``pthread_join`` returns when the
    kernel clears the thread id, in ``exit_mm``, before the task is released), but ``PF_EXITING`` is set at the
    start of ``do_exit``, so a thread that Qt has joined never reads as running here.
    """
    try:
        with open(f"{_TASKS}/{tid}/stat", encoding="utf-8", errors="replace") as f:
            stat = f.read()
    except OSError:  # the thread has ended
        return ""
    name, paren, rest = stat.partition(" (")[2].rpartition(") ")  # "tid (name) state ppid … flags …"
    fields = rest.split()
    if not paren or len(fields) < 7 or int(fields[6]) & PF_EXITING:
        return ""
    return name


def engine_threads() -> list[str]:
    """The ids of this process's threads that are Qt PulseAudio engines; empty where /proc is not readable."""
    try:
        tids = os.listdir(_TASKS)
    except OSError:
        return []
    return [tid for tid in tids if _thread_name(tid) == ENGINE_THREAD_NAME]


class EngineWatch:
    """Follows the engines that exist when made (make it once streams are open, so both engines exist)."""

    def __init__(self) -> None:
        self._tids = engine_threads()
        self.expected = len(self._tids)
        """How many engines there were while sound worked; all of them must be back to count as connected."""

    @property
    def watching(self) -> bool:
        """Qt's PulseAudio engines were found; if not, :meth:`connected` can only say True."""
        return self.expected > 0

    def connected(self) -> bool:
        """Every engine holds a context now, so a stream may be started (True when not ``watching``)."""
        if not self.watching:
            return True
        if all(_thread_name(tid) == ENGINE_THREAD_NAME for tid in self._tids):
            return True
        tids = engine_threads()  # an engine that reconnected runs a new thread
        if len(tids) >= self.expected:
            self._tids = tids
            return True
        return False


_shared: EngineWatch | None = None


def shared_watch() -> EngineWatch:
    """The process's one watch (Qt's engines belong to the process, not to a player), made on the first call:
    make that call once streams are open, so that every engine exists to be counted."""
    global _shared
    if _shared is None:
        _shared = EngineWatch()
    return _shared


def streams_safe() -> bool:
    """Whether ``QAudioSink.start()`` may be called now without aborting the process: True until a watch was
    made (nothing has been seen to lose), then whether every engine it counted holds a context."""
    return _shared is None or _shared.connected()
