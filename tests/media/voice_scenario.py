"""The real-voice scenario behind test_voice_e2e.py, run in its own process (a fresh QApplication that sees only
the private PulseAudio server and speech-dispatcher the test started).

Three calibration ticks line the recording up with the clock; then, for each volume setting given: the cue and
voice volumes set from it as the app sets them (``set_voice_volume``), a lone "go" as the loudness reference,
and a short routine through the real QtCuePlayer + SessionDriver + the real Voice from ``create_voice()``, the
announcements spoken by speechd → espeak-ng. Prints one JSON object on stdout; exit status 0 when it ran, 3
when there was no real player or voice (the JSON says why).

``python tests/media/voice_scenario.py '[{"name": "day", "volume": 80, "factor": 1.0}]'``.
Not a test module (no ``test_`` prefix).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from stretch_timer import paths
from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.clock import MonotonicClock
from stretch_timer.core.events import PhaseStarted
from stretch_timer.core.model import Cues, Routine, Sides, Step, Stretch
from stretch_timer.core.session import Session, State
from stretch_timer.media.cues import QtCuePlayer, create_cue_player
from stretch_timer.media.loudness import voice_volume
from stretch_timer.media.voice import Voice, create_voice

CALF = Stretch(id="calf", name="Calf stretch", instructions=("Lean in.",))
# prepare 0–6 ("Get ready: Calf stretch", about 2 s; ticks at 3, 4, 5) | hold 6–10 ("Calf stretch, 4 seconds"
# with the go at 6; ticks at 7, 8, 9) | complete at 10
ROUTINE = Routine(
    id="voice-e2e", name="Voice check", prepare=6, rest=2, switch=2, cues=Cues(countdown=3, halfway=False),
    steps=(Step(CALF, hold_override=4, sides_override=Sides.NONE),),
)
CALIBRATION_AT = (0.4, 0.9, 1.4)
"""Seconds after start-up at which a lone "tick" is played to line the recording up."""
FIRST_RUN_AT = 2.0
REFERENCE_LEAD = 1.2
"""A run's lone "go" sounds this long before its routine starts (the "go" lasts 0.55 s)."""
RING_OUT = 1.8
"""After a routine ends: let "complete" (1.4 s) ring out before the next run."""


def set_voice_volume(voice: Voice, cue_volume: float) -> bool:
    """Give the voice the cue volume, as the app does; True when the voice mapped it onto its engine
    (``loudness.voice_volume``) so that it sounds as loud as the cues."""
    voice.set_volume(cue_volume)
    mapped = voice_volume(cue_volume, voice.engine)
    return voice._tts is not None and abs(float(voice._tts.volume()) - mapped) <= 0.01


def at(seconds: float, action: Any) -> QTimer:
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(action)
    timer.start(max(0, round(seconds * 1000)))
    return timer


def main(argv: list[str]) -> int:
    settings: list[dict[str, Any]] = json.loads(argv[0]) if argv else [{"name": "day", "volume": 80, "factor": 1.0}]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    player = create_cue_player(paths.bundled_sounds_dir(), prefer="qt")
    if not isinstance(player, QtCuePlayer):
        print(json.dumps({"error": f"no Qt player: {player.reason}"}))
        return 3
    player.wait_ready(5.0)
    started = time.monotonic()
    voice = create_voice()
    voice_ready_after = time.monotonic() - started
    if not voice.available:
        print(json.dumps({"error": f"no voice: {voice.reason}", "engine": voice.engine}))
        return 3
    said: list[tuple[str, float]] = []
    real_say = voice.say

    def say(text: str) -> None:
        said.append((text, time.monotonic()))
        real_say(text)

    voice.say = say  # type: ignore[method-assign]
    clock = MonotonicClock()
    calibration: list[float] = []
    runs: list[dict[str, Any]] = []
    timers: list[QTimer] = []
    loop = QEventLoop()
    drivers: list[SessionDriver] = []

    def calibrate() -> None:
        calibration.append(time.monotonic())
        player.play("tick")

    def begin(index: int) -> None:
        if index >= len(settings):
            loop.quit()
            return
        setting = settings[index]
        cue_volume = setting["volume"] / 100 * setting["factor"]
        player.set_volume(cue_volume)
        maps_itself = set_voice_volume(voice, cue_volume)
        engine_volume = float(voice._tts.volume()) if voice._tts is not None else None
        run: dict[str, Any] = {**setting, "cue_volume": cue_volume, "voice_volume": engine_volume,
                               "voice_maps_volume": maps_itself, "planned": [], "phases": [], "said": []}
        runs.append(run)
        run["reference_at"] = time.monotonic()
        player.play("go")
        timers.append(at(REFERENCE_LEAD, lambda: start_routine(index, run)))

    def start_routine(index: int, run: dict[str, Any]) -> None:
        session = Session.for_routine(ROUTINE, clock)
        driver = SessionDriver(session, player, voice)
        drivers.append(driver)
        driver.cue_played.connect(lambda cue, planned_at: run["planned"].append((cue, planned_at)))
        driver.events_emitted.connect(lambda events: run["phases"].extend(
            (e.phase.index, e.planned_at, e.announcement) for e in events if isinstance(e, PhaseStarted)))
        first_said = len(said)

        def finished(_summary: object) -> None:
            run["said"] = said[first_said:]
            run["finished"] = session.state is State.FINISHED
            timers.append(at(RING_OUT, lambda: begin(index + 1)))

        driver.finished.connect(finished)
        driver.start()

    timers += [at(t, calibrate) for t in CALIBRATION_AT]
    timers.append(at(FIRST_RUN_AT, lambda: begin(0)))
    guard = at(30 + 15 * len(settings), loop.quit)
    loop.exec()
    guard.stop()
    for driver in drivers:
        driver.stop()
    voice.close()
    player.close()
    print(json.dumps({
        "engine": voice.engine,
        "voice_ready_after": voice_ready_after,
        "calibration": calibration,
        "runs": runs,
    }))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
