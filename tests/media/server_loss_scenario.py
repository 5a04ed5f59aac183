"""The child process behind test_pulse_restart.py: a routine through the real QtCuePlayer + SessionDriver +
MonotonicClock while the test kills (and maybe restarts) the PulseAudio server under it.

Not a test module (no ``test_`` prefix): ``python tests/media/server_loss_scenario.py STEPS``. A routine of
STEPS two-sided 4 s holds; when it starts, one line ``started`` on stdout (the test kills the server then);
every change of the player's status one line ``status {json}``; at the end one JSON object. If the server is
still gone then, a second player is made (as a later run would), which must not abort either. Exit status 0
when the routine ran to its end, whatever happened to the sound.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from stretch_timer import paths
from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.clock import MonotonicClock
from stretch_timer.core.events import AutoPaused, Paused, PhaseStarted
from stretch_timer.core.model import Cues, Routine, Sides, Step, Stretch
from stretch_timer.core.session import Session, State
from stretch_timer.media.cues import QtCuePlayer, create_cue_player

CALF = Stretch(id="calf", name="Calf stretch", instructions=("Lean in.",))


def routine(steps: int) -> Routine:
    # prepare 0–2 | hold R 4 | switch 1 | hold L 4 | rest 2 | …: 2 + 11 s per step − 2
    return Routine(
        id="server-loss", name="Server loss", prepare=2, rest=2, switch=1, cues=Cues(countdown=3),
        steps=tuple(Step(CALF, hold_override=4, sides_override=Sides.BOTH) for _ in range(steps)),
    )


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    player = create_cue_player(paths.bundled_sounds_dir(), prefer="qt")
    if not isinstance(player, QtCuePlayer):
        say(json.dumps({"error": f"no Qt player: {player.reason}"}))
        return 3
    ready = player.wait_ready(5.0)
    statuses: list[dict[str, object]] = []

    def status_changed() -> None:
        entry = {"at": time.monotonic(), "available": player.available, "reason": player.reason,
                 "server_lost": player.server_lost}
        statuses.append(entry)
        say("status " + json.dumps(entry))

    player.status_changed.connect(status_changed)
    # When the reopened streams are live again (a cue played now sounds): the test listens for cues after it.
    live_again: list[float] = []

    def look_live() -> None:
        if not live_again and statuses and player.available and player.ready:
            live_again.append(time.monotonic())

    live_poll = QTimer()
    live_poll.setInterval(20)
    live_poll.timeout.connect(look_live)
    live_poll.start()

    clock = MonotonicClock()
    session = Session.for_routine(routine(steps), clock)
    driver = SessionDriver(session, player, None)
    played: list[tuple[str, float, float]] = []  # cue, clock time it was due, monotonic time it was played
    driver.cue_played.connect(lambda cue, at: played.append((cue, at, time.monotonic())))
    events: list[object] = []
    driver.events_emitted.connect(events.extend)
    loop = QEventLoop()
    driver.finished.connect(lambda _summary: QTimer.singleShot(1500, loop.quit))  # let "complete" ring out

    def begin() -> None:
        driver.start()
        say("started")

    QTimer.singleShot(300, begin)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(round((session.timeline.total + 60) * 1000))
    loop.exec()
    guard.stop()
    live_poll.stop()
    driver.stop()
    summary = session.summary()
    origin = summary.started_at or 0.0
    # Each phase's start as the session stamped it (clock time since the start) beside the plan's.
    phases = [(e.planned_at - origin, e.phase.start) for e in events if isinstance(e, PhaseStarted)]
    result = {
        "ready": ready,
        "finished": session.state is State.FINISHED and summary.completed,
        "total": session.timeline.total,
        "ended_after": (summary.ended_at or 0.0) - origin,
        "phases": phases,
        "planned_phases": [p.start for p in session.timeline.phases],
        "interruptions": [type(e).__name__ for e in events if isinstance(e, (Paused, AutoPaused))],
        "statuses": statuses,
        "live_again": live_again[0] if live_again else None,
        "played": played,
        "available_at_end": player.available,
        "reason_at_end": player.reason,
        "server_lost_at_end": player.server_lost,
    }
    player.close()
    if result["server_lost_at_end"]:
        # A player made while the server is gone: Qt still lists the old outputs, so it would open streams.
        second = create_cue_player(paths.bundled_sounds_dir(), prefer="qt", load_timeout=0)
        result["second_player"] = {"available": second.available, "reason": second.reason}
        second.close()
    say(json.dumps(result))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
