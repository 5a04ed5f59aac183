"""What ``stretch-timer start ROUTINE`` has imported when the player first paints.

Someone mid-cramp waits for that paint, and every module imported before it is paid for in that wait (the
benchmark ``start_to_first_cue.py`` measures it against a bare window). Sound, voice, the single-instance
channel and the did-you-mean matcher come after the paint; these checks keep them there. The app runs for real
(offscreen), and a hook on its ``first-paint`` milestone lists ``sys.modules`` at that moment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.gui]

AT_FIRST_PAINT = """
import json, os, sys
import stretch_timer.qt.app as qt_app
traced = qt_app.trace
def trace(name, detail=""):
    if name == "first-paint":
        print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
        os._exit(0)
    traced(name, detail)
qt_app.trace = trace
from stretch_timer.cli import main
sys.exit(main(sys.argv[1:]))
"""

NOT_BEFORE_THE_FIRST_PAINT = (
    "PySide6.QtMultimedia",  # the cue streams are made after the paint
    "PySide6.QtTextToSpeech",
    "PySide6.QtNetwork",  # the single-instance channel listens after the paint
    "stretch_timer.media.qt_cues",  # the cue backends load with the player, not with the driver's types
    "stretch_timer.media.playsound_cues",
    "stretch_timer.media.audio_only",
    "wave",
    "playsound3",
    "difflib",  # only for a mistyped routine name
    "_hashlib",  # OpenSSL's libcrypto, 3.5 MiB resident: the style pictures' and the socket's names use zlib
)


@pytest.fixture(scope="module")
def modules_at_first_paint(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    home = tmp_path_factory.mktemp("home")
    runtime = tmp_path_factory.mktemp("runtime")
    runtime.chmod(0o700)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "STRETCH_TIMER"))}
    env.update(QT_QPA_PLATFORM="offscreen", STRETCH_TIMER_HOME=str(home), STRETCH_TIMER_TRACE="1",
               PYTHONPATH=str(REPO), XDG_RUNTIME_DIR=str(runtime))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    proc = subprocess.run(
        [sys.executable, "-c", AT_FIRST_PAINT, "start", "calf-cramp-relief"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("MODULES ")]
    assert proc.returncode == 0 and lines, proc.stderr
    return set(json.loads(lines[0].removeprefix("MODULES ")))


def test_the_player_paints_before_sound_voice_and_the_channel_load(modules_at_first_paint: set[str]) -> None:
    assert "stretch_timer.qt.pages.player_page" in modules_at_first_paint  # it was the player that painted
    early = [name for name in NOT_BEFORE_THE_FIRST_PAINT if name in modules_at_first_paint]
    assert early == []
