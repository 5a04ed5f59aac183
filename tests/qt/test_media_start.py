"""Nothing on the way to the first cue waits for sound or speech: a run starts from the clock before either
exists, they join it when made (after the first paint), a cue due before its player exists is late or
skipped without moving the session, and a voice whose service never answers is given up on while the window
keeps running. Fake clock and fake players; the one real service is the stuck fake of tests/fake_voices.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from stretch_timer.app.context import AppContext
from stretch_timer.app.run_controller import RunController
from stretch_timer.app.settings import Settings
from stretch_timer.app_data import open_library
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.events import Event, PhaseStarted
from stretch_timer.core.model import Routine
from stretch_timer.core.plan import PhaseKind
from stretch_timer.core.session import State
from stretch_timer.media.voice_process import NO_ANSWER_REASON, ProcessVoice, service_command
from stretch_timer.qt.main_window import MainWindow

from .conftest import FakeCues, FakeInhibitor, FakeVoice

pytestmark = pytest.mark.gui

ROUTINE = "calf-cramp-relief"
TESTS = Path(__file__).resolve().parents[1]


def routine() -> Routine:
    entry = open_library().get(ROUTINE)
    assert entry is not None and entry.routine is not None
    return entry.routine


class Made:
    """Factories that note when they are called, so a test can tell whether media existed at some moment."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.cues = FakeCues()
        self.voice = FakeVoice()

    def make_cues(self) -> FakeCues:
        self.calls.append("cues")
        return self.cues

    def make_voice(self) -> FakeVoice:
        self.calls.append("voice")
        return self.voice


def started_run(controller: RunController, routine: Routine) -> tuple[Any, list[Event]]:
    """Start ``routine`` the way the player page does (``starting`` → ``driver.start()``); its events."""
    events: list[Event] = []
    runs: list[Any] = []

    def starting(driver: Any, _routine: Routine) -> None:
        driver.events_emitted.connect(events.extend)
        runs.append(driver)
        driver.start()

    controller.starting.connect(starting)
    controller.start(routine)
    assert runs, "start() builds the run at once"
    return runs[0], events


def test_a_run_starts_before_sound_and_voice_exist(qtbot: Any) -> None:
    made = Made()
    controller = RunController(Settings(), clock=FakeClock(), cue_factory=made.make_cues,
                               voice_factory=made.make_voice, inhibitor=FakeInhibitor())
    driver, events = started_run(controller, routine())
    assert made.calls == [], "nothing made sound or voice on the way to the first event"
    assert isinstance(events[0], PhaseStarted) and events[0].phase.kind is PhaseKind.PREPARE
    assert driver.session.state is State.RUNNING
    assert controller.cues is None and controller.voice is None
    controller.ensure_media()  # the window does this after its first paint
    assert made.calls == ["cues", "voice"]
    assert made.voice.spoken and made.voice.spoken[0] == events[0].announcement  # said late: still fresh
    controller.end()


def test_a_cue_due_before_its_player_exists_is_played_late_and_the_session_keeps_time(qtbot: Any) -> None:
    made = Made()
    clock = FakeClock()
    controller = RunController(Settings(), clock=clock, cue_factory=made.make_cues,
                               voice_factory=made.make_voice, inhibitor=FakeInhibitor())
    driver, _events = started_run(controller, routine())
    cued: list[str] = []
    driver.cue_played.connect(lambda name, _at: cued.append(name))
    advanced = 0.0
    while not cued:  # through the get-ready, to its first countdown tick
        clock.advance(0.25)
        advanced += 0.25
        driver.poll()
        assert advanced < 60, "the get-ready has a countdown"
    assert driver.session.position == pytest.approx(advanced), "the session ran on the clock, cue or no cue"
    assert made.cues.plays == []
    controller.ensure_media()
    assert made.cues.plays == cued[-1:] and controller.late_cues.late == cued[-1:]
    clock.advance(0.25)
    driver.poll()
    assert driver.session.position == pytest.approx(advanced + 0.25)
    controller.end()


def test_a_cue_too_old_when_the_player_arrives_is_skipped(qtbot: Any) -> None:
    from stretch_timer.media.late import LateCuePlayer

    made = Made()
    clock = FakeClock()
    real_seconds = [0.0]
    controller = RunController(Settings(), clock=clock, cue_factory=made.make_cues,
                               voice_factory=made.make_voice, inhibitor=FakeInhibitor())
    controller.late_cues = LateCuePlayer(now=lambda: real_seconds[0])  # real time, moved by hand
    driver, _events = started_run(controller, routine())
    cued: list[str] = []
    driver.cue_played.connect(lambda name, _at: cued.append(name))
    while not cued:
        clock.advance(0.25)
        driver.poll()
    real_seconds[0] += 5.0  # the player took five seconds to come up: that tick is long gone
    controller.ensure_media()
    assert made.cues.plays == [] and controller.late_cues.skipped == cued[-1:]
    assert driver.session.state is State.RUNNING
    controller.end()


def test_start_before_the_window_is_shown_paints_first_then_makes_sound_and_voice(qtbot: Any) -> None:
    made = Made()
    settings = Settings()
    settings.disclaimer_seen = True
    window = MainWindow(AppContext(settings, library=open_library(), clock=FakeClock(), cue_factory=made.make_cues,
                                   voice_factory=made.make_voice, inhibitor=FakeInhibitor()))
    qtbot.addWidget(window)
    window.context.start(routine())  # as `stretch-timer start ROUTINE` does, before show()
    driver = window.context.runs.driver
    assert driver is not None and driver.session.state is State.RUNNING
    assert made.calls == [] and window.context.runs.cues is None
    window.show()
    qtbot.waitUntil(lambda: window.context.runs.cues is made.cues, timeout=5000)
    assert driver.cues.target is made.cues and driver.voice.target is made.voice
    assert made.voice.spoken, "the get-ready announcement, asked before the voice existed, is said late"
    window.pages.stop_run()
    window.close()


def test_a_voice_service_that_never_answers_is_given_up_and_the_window_keeps_running(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(TESTS))  # the service finds tests/fake_voices.py
    settings = Settings()
    settings.disclaimer_seen = True
    clock = FakeClock()
    voices: list[ProcessVoice] = []

    def stuck_voice() -> ProcessVoice:
        voices.append(ProcessVoice(command=service_command(factory="fake_voices:stuck_on_say"),
                                   answer_timeout=1.0))
        return voices[-1]

    window = MainWindow(AppContext(settings, library=open_library(), clock=clock, cue_factory=FakeCues,
                                   voice_factory=stuck_voice, inhibitor=FakeInhibitor()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(voices) and not voices[0].pending, timeout=30_000)
    voice = voices[0]
    assert voice.available, "the stuck engine starts fine; its first say never returns"
    beats = [0]
    heart = QTimer()
    heart.setInterval(20)
    heart.timeout.connect(lambda: beats.__setitem__(0, beats[0] + 1))
    heart.start()
    window.pages.start_routine(routine())  # the get-ready's announcement goes to the stuck engine
    driver = window.context.runs.driver
    assert driver is not None
    for _ in range(12):  # and more, as the routine goes on
        clock.advance(0.5)
        driver.poll()
    with qtbot.waitSignal(voice.changed, timeout=10_000):
        pass
    QApplication.processEvents()
    heart.stop()
    assert not voice.available and voice.reason == NO_ANSWER_REASON
    assert "Voice off: the speech service did not answer" in window.notice.text()
    assert driver.session.state is State.RUNNING and driver.session.position == pytest.approx(6.0)
    assert beats[0] >= 5, "the event loop turned while the speech service was stuck"
    window.pages.stop_run()
    window.close()  # ends the (killed) service; never waits on it
    assert voice.process_id == 0
