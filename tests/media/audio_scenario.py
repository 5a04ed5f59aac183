"""The real-audio scenario behind test_audio_e2e.py, run in its own process (a fresh QApplication that sees the
private PulseAudio server the test started): calibration ticks, then a 14 s routine through the real
QtCuePlayer + SessionDriver + MonotonicClock. Prints one JSON object on stdout; exit status 0 when it ran.

Not a test module (no ``test_`` prefix): ``python tests/media/audio_scenario.py [--stall]``. ``--stall`` keeps
the GUI thread busy during the routine, 150 ms out of every 200 ms (the drift benchmark's load): cues are
written into their streams ahead of time, so they must still sound on their planned samples.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from stretch_timer import paths
from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.clock import MonotonicClock
from stretch_timer.core.model import Cues, Routine, Sides, Step, Stretch
from stretch_timer.core.session import Session, State
from stretch_timer.media.audio_only import loaded_backend_plugins
from stretch_timer.media.cues import QtCuePlayer, create_cue_player

CALF = Stretch(id="calf", name="Calf stretch", instructions=("Lean in.",))
HAMSTRING = Stretch(id="hamstring", name="Hamstring stretch", instructions=("Reach.",))

# prepare 0–2 | hold R 2–5 | switch 5–6 | hold L 6–9 | rest 9–11 | hold 11–14: every kind of cue ("go", the
# countdown's "tick"s, "switch", "stop" before the rest, "complete") in as little time as that takes.
ROUTINE = Routine(
    id="audio-e2e", name="Audio check", prepare=2, rest=2, switch=1, cues=Cues(countdown=3),
    steps=(Step(CALF, hold_override=3, sides_override=Sides.BOTH),
           Step(HAMSTRING, hold_override=3, sides_override=Sides.NONE)),
)
STALL_EVERY_S, STALL_FOR_S, STALL_BEFORE_S = 0.2, 0.15, 0.01
"""The load: the GUI thread is busy 150 ms out of every 200 ms, each stall starting 10 ms before a whole
second of the routine's clock (where its cues fall), so a cue played only when due would be ~140 ms late."""
CALIBRATION_AT = (0.4, 0.9, 1.4)
"""Seconds after the player is ready at which a lone "tick" is played to line the recording up."""
ROUTINE_AT = 2.0


class Recorder:
    """Wraps the real player and notes when each play() call happened (monotonic seconds)."""

    def __init__(self, player: QtCuePlayer) -> None:
        self.player = player
        self.calls: list[tuple[str, float]] = []
        self.backend = player.backend
        self.available = player.available
        self.reason = player.reason
        self.volume = player.volume
        self.muted = player.muted

    def play(self, cue: str) -> None:
        self.calls.append((cue, time.monotonic()))
        self.player.play(cue)

    def schedule(self, cue: str, delay: float) -> bool:
        taken = self.player.schedule(cue, delay)
        if taken:
            self.calls.append((cue, time.monotonic() + delay))
        return taken

    def cancel_scheduled(self) -> None:
        self.player.cancel_scheduled()

    def set_volume(self, volume: float) -> None:
        self.player.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self.player.set_muted(muted)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    started = time.monotonic()
    player = create_cue_player(paths.bundled_sounds_dir(), prefer="qt")
    if not isinstance(player, QtCuePlayer):
        print(json.dumps({"error": f"no Qt player: {player.reason}", "skipped": getattr(player, "skipped", {})}))
        return 3
    ready = player.wait_ready(5.0)
    ready_after = time.monotonic() - started
    recorder = Recorder(player)
    clock = MonotonicClock()
    session = Session.for_routine(ROUTINE, clock)
    driver = SessionDriver(session, recorder, None)  # type: ignore[arg-type]
    planned: list[tuple[str, float]] = []
    driver.cue_played.connect(lambda cue, at: planned.append((cue, at)))
    calibration: list[float] = []

    def calibrate() -> None:
        calibration.append(time.monotonic())
        player.play("tick")

    timers = []
    for at in CALIBRATION_AT:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(calibrate)
        timer.start(round(at * 1000))
        timers.append(timer)
    loop = QEventLoop()
    go = QTimer()
    go.setSingleShot(True)
    go.setTimerType(Qt.TimerType.PreciseTimer)
    go.timeout.connect(driver.start)
    go.start(round(ROUTINE_AT * 1000))
    stalls_seen = [0]
    origin = [0.0]

    def stall() -> None:
        """Busy until the end of the stall window we are in, if we are in one (windows follow the clock)."""
        into = (time.monotonic() - origin[0] + STALL_BEFORE_S) % STALL_EVERY_S
        if into < STALL_FOR_S:
            stalls_seen[0] += 1
            time.sleep(STALL_FOR_S - into)

    stalls = QTimer()
    stalls.setTimerType(Qt.TimerType.PreciseTimer)
    stalls.setInterval(5)
    stalls.timeout.connect(stall)
    if "--stall" in sys.argv[1:]:
        go.timeout.connect(lambda: origin.__setitem__(0, time.monotonic()))
        go.timeout.connect(stalls.start)
        driver.finished.connect(lambda _summary: stalls.stop())
    driver.finished.connect(lambda _summary: QTimer.singleShot(2500, loop.quit))  # let "complete" ring out
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(40_000)
    loop.exec()
    guard.stop()
    driver.stop()
    finished = session.state is State.FINISHED
    suspended = player.suspended
    player.close()
    print(json.dumps({
        "backend": player.backend,
        "backend_plugins": loaded_backend_plugins(),
        "suspended_at_end": suspended,
        "ready": ready,
        "ready_after": ready_after,
        "finished": finished,
        "calibration": calibration,
        "planned": planned,
        "calls": recorder.calls,
        "total": session.timeline.total,
        "stalls": stalls_seen[0],
    }))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
