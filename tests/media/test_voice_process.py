"""The voice in its service process: Qt's mock engine through the real service, and engines that never return.

What matters is what the GUI thread sees: ``say``, ``stop`` and ``close`` return at once whatever the service
does, a service that does not answer is given up on after its bounded time ("the speech service did not
answer"), and the event loop keeps turning meanwhile. That last point is measured with a QTimer heartbeat as a
count of beats while the service is stuck, never as a speed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QProcess, QTimer

from stretch_timer.media.voice_process import NO_ANSWER_REASON, STOPPED_REASON, ProcessVoice, service_command

pytestmark = pytest.mark.gui

TESTS = Path(__file__).resolve().parents[1]
START = 30_000
"""How long a test waits for a service to come up (a fresh Python and Qt on a busy machine): generous."""


@pytest.fixture
def fakes_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service finds tests/fake_voices.py (it adds the package root to PYTHONPATH itself)."""
    monkeypatch.setenv("PYTHONPATH", str(TESTS))


@pytest.fixture
def voices() -> Iterator[list[ProcessVoice]]:
    """Every voice a test makes is closed afterwards, its service ended."""
    made: list[ProcessVoice] = []
    yield made
    for voice in made:
        voice.close()


class Heartbeat:
    """Counts the event loop's turns: a QTimer that beats every ``interval_ms`` while the loop runs."""

    def __init__(self, interval_ms: int = 20) -> None:
        self.beats = 0
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        self.beats += 1

    def stop(self) -> None:
        self.timer.stop()


def test_the_mock_engine_speaks_through_the_service(qapp: object, qtbot: Any, voices: list[ProcessVoice]) -> None:
    voice = ProcessVoice("mock")
    voices.append(voice)
    assert voice.pending and voice.available and voice.reason == ""  # starting: nothing known to be wrong
    with qtbot.waitSignal(voice.changed, timeout=START):
        pass
    assert not voice.pending and voice.available and voice.engine == "mock"
    voice.set_volume(0.3)
    voice.say("Calf stretch, right leg")
    assert voice.spoken == ["Calf stretch, right leg"]
    qtbot.waitUntil(lambda: voice._answered == voice._sent, timeout=5000)  # the service answered each command
    voice.stop()
    qtbot.waitUntil(lambda: not voice.speaking and voice._answered == voice._sent, timeout=5000)
    assert voice.volume == pytest.approx(0.3)
    pid = voice.process_id
    assert pid > 0
    voice.close()
    assert voice.process_id == 0 and not voice.available and voice.reason == "Voice closed."


def test_an_announcement_made_while_the_service_starts_is_said_when_it_is_ready(
        qapp: object, qtbot: Any, voices: list[ProcessVoice]) -> None:
    voice = ProcessVoice("mock")
    voices.append(voice)
    voice.say("Get ready")  # before the service has answered: kept, not sent
    assert voice._sent == 0
    qtbot.waitUntil(lambda: not voice.pending, timeout=START)
    assert voice._sent >= 1 and voice.spoken == ["Get ready"]
    qtbot.waitUntil(lambda: voice._answered == voice._sent, timeout=5000)


def test_a_stale_announcement_is_dropped_when_the_service_comes_up(
        qapp: object, qtbot: Any, voices: list[ProcessVoice]) -> None:
    clock = [0.0]
    voice = ProcessVoice("mock", now=lambda: clock[0])
    voices.append(voice)
    voice.say("Get ready")
    clock[0] = 60.0  # a minute later by the voice's clock: that get-ready is long over
    qtbot.waitUntil(lambda: not voice.pending, timeout=START)
    assert voice._sent == 0


def test_no_engine_in_the_service_turns_the_voice_off_with_its_reason(
        qapp: object, qtbot: Any, voices: list[ProcessVoice]) -> None:
    voice = ProcessVoice("festival")
    voices.append(voice)
    qtbot.waitUntil(lambda: not voice.pending, timeout=START)
    assert not voice.available and voice.reason == "No speech engine called 'festival'."
    voice.say("ignored")
    assert voice.spoken == []


def test_a_service_stuck_at_start_is_given_up_on_and_the_loop_keeps_turning(
        qapp: object, qtbot: Any, voices: list[ProcessVoice], fakes_importable: None) -> None:
    voice = ProcessVoice(command=service_command(factory="fake_voices:stuck_at_start"), start_timeout=1.5)
    voices.append(voice)
    heart = Heartbeat()
    for _ in range(50):
        voice.say("Get ready")  # kept for later; never waits
        voice.set_volume(0.4)
        voice.stop()
    with qtbot.waitSignal(voice.changed, timeout=START):
        pass
    heart.stop()
    assert not voice.available and not voice.pending and voice.reason == NO_ANSWER_REASON
    assert heart.beats >= 5, "the event loop turned while the service was stuck"
    qtbot.waitUntil(lambda: voice.process_id == 0, timeout=5000)  # killed, not left behind


def test_say_and_close_never_wait_for_an_engine_stuck_in_say(
        qapp: object, qtbot: Any, voices: list[ProcessVoice], fakes_importable: None) -> None:
    voice = ProcessVoice(command=service_command(factory="fake_voices:stuck_on_say"), answer_timeout=1.0)
    voices.append(voice)
    qtbot.waitUntil(lambda: not voice.pending, timeout=START)
    assert voice.available and voice.engine == "stuck"
    heart = Heartbeat()
    for index in range(50):
        voice.say(f"announcement {index}")  # the first never returns in the service; these only queue
    assert len(voice.spoken) == 50
    with qtbot.waitSignal(voice.changed, timeout=10_000):
        pass
    heart.stop()
    assert not voice.available and voice.reason == NO_ANSWER_REASON
    assert heart.beats >= 5, "the event loop turned while the engine was stuck"
    voice.close()  # the service is stuck in say(): killed, not waited for
    assert voice.process_id == 0


def test_closing_while_the_service_is_stuck_at_start_ends_it(
        qapp: object, qtbot: Any, fakes_importable: None) -> None:
    voice = ProcessVoice(command=service_command(factory="fake_voices:stuck_at_start"))
    qtbot.waitUntil(lambda: voice._process.state() == QProcess.ProcessState.Running, timeout=START)
    voice.close()
    assert voice.process_id == 0 and not voice._watchdog.isActive()


def test_a_service_that_dies_turns_the_voice_off(qapp: object, qtbot: Any, voices: list[ProcessVoice]) -> None:
    voice = ProcessVoice("mock")
    voices.append(voice)
    qtbot.waitUntil(lambda: not voice.pending, timeout=START)
    voice._process.kill()
    with qtbot.waitSignal(voice.changed, timeout=10_000):
        pass
    assert not voice.available and voice.reason == STOPPED_REASON


def test_a_service_that_cannot_start_turns_the_voice_off(qapp: object, qtbot: Any) -> None:
    voice = ProcessVoice(command=["/nonexistent/python"])
    qtbot.waitUntil(lambda: not voice.available, timeout=10_000)
    assert voice.reason.startswith("the speech service could not start")
    voice.close()


def test_the_service_ends_cleanly_when_told_to_quit_with_its_input_still_open() -> None:
    """``quit`` arrives while the reading thread waits for the next line: exit 0, not Python's fatal error at
    shutdown ("could not acquire lock for <stdin>"), which aborts (134) and leaves a core dump on a desktop."""
    import os
    import subprocess

    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root, "QT_QPA_PLATFORM": "offscreen"}
    service = subprocess.Popen(service_command("mock"), env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert service.stdout is not None and service.stdin is not None
        assert '"ready"' in service.stdout.readline()
        service.stdin.write('{"op": "quit"}\n')
        service.stdin.flush()
        code = service.wait(timeout=20)
        stderr = service.stderr.read() if service.stderr else ""
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
        for stream in (service.stdin, service.stdout, service.stderr):
            if stream is not None:
                stream.close()
    assert code == 0, stderr[-2000:]
    assert "Fatal Python error" not in stderr
