"""What one launch leaves for the next, checked across two real processes (a fresh QSettings reads the file
as a new launch does): the safety note once seen stays seen; mute does not carry over to the next launch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

LAUNCH = r'''
import json, sys
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from stretch_timer.app.context import AppContext
from stretch_timer.app.settings import Settings
from stretch_timer.qt.main_window import MainWindow
from stretch_timer.core.clock import FakeClock
from fakes import FakeCues, FakeInhibitor, FakeVoice

action = sys.argv[1]
context = AppContext(Settings(), clock=FakeClock(), cue_factory=FakeCues, voice_factory=FakeVoice,
                     inhibitor=FakeInhibitor())
window = MainWindow(context, open_url=lambda _url: None)
window.show()

def disclaimer():
    return next((w for w in app.topLevelWidgets() if isinstance(w, QMessageBox)
                 and w.accessibleName() == "Disclaimer" and w.isVisible()), None)

from PySide6.QtCore import QElapsedTimer
timer = QElapsedTimer(); timer.start()
while timer.elapsed() < 1500 and (context.loaded_library is None or context.runs.cues is None
                                   or (action == "dismiss" and disclaimer() is None)):
    app.processEvents()
for _ in range(20):
    app.processEvents()
seen_box = disclaimer() is not None
if action == "dismiss" and seen_box:
    disclaimer().buttons()[0].click()
if action == "mute":
    context.commands.trigger("mute")
result = {"disclaimer_shown": seen_box, "muted": context.muted}
window.close()
print(json.dumps(result))
'''


def _launch(home: Path, action: str) -> dict[str, bool]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRETCH_TIMER_HOME": str(home),
           "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    proc = subprocess.run([sys.executable, "-c", LAUNCH, action], env=env, capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_safety_note_seen_once_is_not_shown_by_the_next_launch(tmp_path: Path) -> None:
    first = _launch(tmp_path, "dismiss")
    assert first["disclaimer_shown"], "the first launch shows the safety note"
    second = _launch(tmp_path, "look")
    assert not second["disclaimer_shown"], "a new process remembers it was seen"


@pytest.mark.slow
def test_mute_lasts_for_the_run_not_for_the_next_launch(tmp_path: Path) -> None:
    _launch(tmp_path, "dismiss")
    assert _launch(tmp_path, "mute")["muted"]
    assert not _launch(tmp_path, "look")["muted"], "the next launch has sound"
