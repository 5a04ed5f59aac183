"""The child process behind test_pulse_restart.py's idle test: a QtCuePlayer with working sound, left alone.

Not a test module (no ``test_`` prefix): ``python tests/media/idle_scenario.py``. Makes the real player on the
server the environment names, waits until its streams are live and suspended, then counts every timer event
delivered on the GUI thread for ``IDLE_S`` seconds (an application-wide event filter sees them all, Qt's own
included) and prints one line ``idle {json}``. Then it reads one line from stdin (the test kills the server
in between), plays one cue and prints the player's state as one JSON object: the loss must be found by that
cue, with no timer to find it. Exit status 0 when it ran.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer

from stretch_timer import paths
from stretch_timer.media.cue_base import CUES
from stretch_timer.media.cues import QtCuePlayer, create_cue_player

IDLE_S = 2.5
"""More than twice the old once-a-second server check."""


class TimerCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer:
            self.count += 1
        return False


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def main() -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    player = create_cue_player(paths.bundled_sounds_dir(), prefer="qt")
    if not isinstance(player, QtCuePlayer):
        print(json.dumps({"error": f"no Qt player: {player.reason}"}), flush=True)
        return 3
    ready = player.wait_ready(5.0)
    deadline = time.monotonic() + 5
    while len(player.suspended) < len(CUES) and time.monotonic() < deadline:  # the priming has played
        spin(0.05)
    counter = TimerCounter()
    app.installEventFilter(counter)
    spin(IDLE_S)
    app.removeEventFilter(counter)
    # The spin's own single-shot timer is one event.
    print("idle " + json.dumps({"ready": ready, "suspended": player.suspended, "timer_events": counter.count - 1}),
          flush=True)
    sys.stdin.readline()  # the test killed the server meanwhile
    spin(0.5)
    player.play("tick")
    result = {"available": player.available, "reason": player.reason, "server_lost": player.server_lost}
    player.close()
    print(json.dumps(result), flush=True)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
