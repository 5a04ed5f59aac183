"""Qt Multimedia starts audio-only: QAudioSink works and the FFmpeg playback backend (≈12 MiB) never loads.

Each check runs in a fresh process, since Qt creates its multimedia integration once per process and other
tests in this one may already have made it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
app = QApplication([])
paths_before = QCoreApplication.libraryPaths()
from stretch_timer.media.cues import create_cue_player
from stretch_timer.media.voice import create_voice
from stretch_timer.media.audio_only import loaded_backend_plugins
cues = create_cue_player()
voice = create_voice("mock")
print(json.dumps({
    "plugins": loaded_backend_plugins(),
    "paths_kept": QCoreApplication.libraryPaths() == paths_before,
    "voice": voice.available,
    "cues_reason": cues.reason,
}))
"""


def run_probe(extra_env: dict[str, str] | None = None) -> tuple[dict[str, object], str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(extra_env or {})}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1]), out.stderr


def test_sound_and_voice_start_without_loading_a_playback_backend() -> None:
    result, stderr = run_probe()
    assert result["plugins"] == []  # no libffmpegmediaplugin.so (nor FFmpeg, Qt Quick, QML behind it)
    assert result["paths_kept"] is True  # other plugins (speech engines, image formats) still load
    assert result["voice"] is True  # the mock speech engine came from the restored plugin path
    assert "No QtMultimedia backends found" not in stderr  # Qt's expected notice is not passed on


def test_the_backend_plugin_is_what_the_probe_would_see() -> None:
    """The probe can see a backend plugin: Qt left alone does load one, so the test above means something."""
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins" / "multimedia"
    if not list(plugins.glob("libffmpegmediaplugin*")):
        pytest.skip(f"this PySide6 ships no FFmpeg backend in {plugins}")
    code = ("from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from PySide6.QtMultimedia import QMediaDevices; QMediaDevices.audioOutputs(); "
            "from stretch_timer.media.audio_only import loaded_backend_plugins; print(loaded_backend_plugins())")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert "libffmpegmediaplugin.so" in out.stdout
