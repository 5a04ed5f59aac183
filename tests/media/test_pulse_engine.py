"""The engine watch (Qt's PulseAudio engine threads, read from /proc) and the players' status_changed signal.

The watch is tried on real threads of this process named as Qt names its engines, so it sees exactly what it
sees in the app; the end-to-end behaviour with Qt and a real server is in test_pulse_restart.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from stretch_timer.media import pulse_engine
from stretch_timer.media.cue_base import SilentCuePlayer, _Player
from stretch_timer.media.qt_cues import SERVER_LOST_REASON
from stretch_timer.media.status import sound_status

PR_SET_NAME = 15

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/task")


class NamedThread:
    """A thread named like Qt's engine thread that runs until :meth:`end`."""

    def __init__(self, name: str = pulse_engine.ENGINE_THREAD_NAME) -> None:
        self._name = name
        self._named = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._named.wait(5)

    def _run(self) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_NAME, ctypes.c_char_p(self._name.encode()), 0, 0, 0)
        self._named.set()
        self._stop.wait(30)

    def end(self) -> None:
        self._stop.set()
        self._thread.join(5)


def wait_until(test: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not test() and time.monotonic() < deadline:
        time.sleep(0.001)
    return test()


@pytest.fixture
def engines() -> Iterator[list[NamedThread]]:
    made: list[NamedThread] = []
    yield made
    for thread in made:
        thread.end()


@linux_only
def test_the_watch_follows_the_engine_threads(engines: list[NamedThread]) -> None:
    before = len(pulse_engine.engine_threads())  # Qt's own, if an earlier test made a player here
    engines += [NamedThread(), NamedThread(), NamedThread("SomethingElse")]
    assert len(pulse_engine.engine_threads()) == before + 2
    watch = pulse_engine.EngineWatch()
    assert watch.watching and watch.expected == before + 2
    assert watch.connected()

    engines[0].end()  # one engine let go of its context (its main loop thread ends)
    # Python's join returns a moment before the thread's last instructions run; Qt's pthread_join does not.
    assert wait_until(lambda: not watch.connected())
    engines.append(NamedThread())  # … and connected again: a new thread, a new id
    assert watch.connected()
    assert watch.connected()  # and stays so, following the new thread


def test_without_engine_threads_there_is_nothing_to_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another audio backend, no /proc, a Qt that names its thread otherwise: connected, as before the watch."""
    monkeypatch.setattr(pulse_engine, "_TASKS", "/nonexistent/task")
    watch = pulse_engine.EngineWatch()
    assert not watch.watching
    assert watch.connected()


def test_status_changed_is_emitted_on_every_change_and_only_then() -> None:
    player = _Player()
    heard: list[tuple[bool, str]] = []
    player.status_changed.connect(lambda: heard.append((player.available, player.reason)))

    def broken() -> None:
        raise RuntimeError("a listener's bug must not stop the others, nor the player")

    player.status_changed.connect(broken)
    player._recover()
    player._recover()
    player._fail(SERVER_LOST_REASON, "sound server stopped")
    player._fail(SERVER_LOST_REASON, "sound server stopped")
    player._fail("The audio output stopped working.", "audio output failed")
    player.status_changed.disconnect(broken)
    player._recover()
    assert heard == [(True, ""), (False, SERVER_LOST_REASON), (False, "The audio output stopped working."),
                     (True, "")]


def test_the_server_reason_reads_as_the_status_line_on_its_own() -> None:
    assert sound_status(SilentCuePlayer(SERVER_LOST_REASON)) == SERVER_LOST_REASON
    assert sound_status(SilentCuePlayer("No audio output device found.")) == (
        "Sound unavailable: No audio output device found.")
