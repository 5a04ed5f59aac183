"""The terminal without a sound server or a speech server: the app's own lines, one per missing part, and no
lines of Qt's (kept for ``--verbose``, which prints them as they come)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stretch_timer import diagnostics

REPO = Path(__file__).resolve().parents[2]

QT_NOISE = ("PulseAudioService", "pa_context_connect", "pipewire", "qt.speech", "speechd",
            "No QtMultimedia backends found")


def is_trace(line: str) -> bool:
    return line.startswith("stretch-timer-trace:")


@pytest.fixture
def bare_env(_isolated_user_home: Path) -> Iterator[dict[str, str]]:
    """No session bus, a sound server that is not there, a speech-dispatcher address nobody listens on (so
    libspeechd fails at once and starts no server of its own), tracing on to know what the app found. The
    runtime folder is short-named: the single-instance socket in it must fit a socket address."""
    runtime = Path(tempfile.mkdtemp(prefix="st-noise-"))
    runtime.chmod(0o700)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "STRETCH_TIMER", "PULSE_", "SPEECHD_"))
           and key not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", STRETCH_TIMER_HOME=str(_isolated_user_home),
               STRETCH_TIMER_CLOCK_SCALE="50", STRETCH_TIMER_TRACE="1", PYTHONPATH=str(REPO),
               XDG_RUNTIME_DIR=str(runtime), PULSE_SERVER=f"unix:{runtime}/no-such-server",
               SPEECHD_ADDRESS=f"unix_socket:{runtime}/no-such-speechd.sock")
    yield env
    shutil.rmtree(runtime, ignore_errors=True)


def run_app(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stretch_timer", *options, "start", "calf-cramp-relief",
                           "--quit-when-done"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


def traced(stderr: str, name: str) -> str:
    line = next((line for line in stderr.splitlines() if line.startswith(f"stretch-timer-trace: {name} ")), "")
    return line.split(maxsplit=3)[3] if line.count(" ") >= 3 else ""


def expected_app_lines(stderr: str) -> list[str]:
    """The app's own lines for what its trace says is missing: sound (when no backend played), voice."""
    lines = []
    sound = traced(stderr, "sound")
    assert sound, stderr
    if "available=False" in sound:
        lines.append("stretch-timer: no sound: no audio device (Qt Multimedia) and no player program (playsound3)")
    voice = traced(stderr, "voice")
    assert voice.startswith("off: "), f"the speech server is unreachable here, so the voice is off: {stderr}"
    reason = voice.removeprefix("off: ").rstrip(".")
    lines.append(f"stretch-timer: no voice: {reason[0].lower()}{reason[1:]}")
    return lines


@pytest.mark.gui
@pytest.mark.slow
def test_without_sound_or_speech_the_terminal_has_only_the_apps_own_lines(bare_env: dict[str, str]) -> None:
    proc = run_app(bare_env)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if not is_trace(line)]
    assert sorted(lines) == sorted(expected_app_lines(proc.stderr)), proc.stderr
    assert not [line for line in lines if any(noise in line for noise in QT_NOISE)]


@pytest.mark.gui
@pytest.mark.slow
def test_verbose_prints_qts_own_lines_as_well(bare_env: dict[str, str]) -> None:
    proc = run_app(bare_env, "--verbose")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if not is_trace(line)]
    assert "PulseAudioService: pa_context_connect() failed" in lines, proc.stderr
    for own in expected_app_lines(proc.stderr):
        assert lines.count(own) == 1, proc.stderr


HANDLER_PROBE = r"""
import sys
from PySide6.QtCore import QCoreApplication, QLoggingCategory, qCWarning, qWarning
from stretch_timer import diagnostics
from stretch_timer.qt.app import install_message_handler

diagnostics.set_verbose(sys.argv[1] == "verbose")
install_message_handler()
app = QCoreApplication([])
qCWarning(QLoggingCategory("qt.multimedia.symbolsresolver"), "Couldn't load pipewire-0.3 library")
qWarning("PulseAudioService: pa_context_connect() failed")
qCWarning(QLoggingCategory("qt.speech.tts.speechd"), "Connection to speech-dispatcher failed")
qWarning("Something Qt says that nobody expected")
print("\n".join(diagnostics.recent()))
"""


@pytest.mark.parametrize("mode", ["quiet", "verbose"])
def test_the_message_handler_keeps_every_line_and_prints_only_the_unexpected(mode: str, tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", HANDLER_PROBE, mode], env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.returncode == 0, proc.stderr
    kept = proc.stdout.strip().splitlines()
    assert kept == [
        "qt: qt.multimedia.symbolsresolver: Couldn't load pipewire-0.3 library",
        "qt: PulseAudioService: pa_context_connect() failed",
        "qt: qt.speech.tts.speechd: Connection to speech-dispatcher failed",
        "qt: Something Qt says that nobody expected",
    ]
    printed = proc.stderr.strip().splitlines()
    if mode == "verbose":
        assert printed == [line.removeprefix("qt: ") for line in kept]
    else:
        assert printed == ["Something Qt says that nobody expected"]


NOISY_SERVICE = r"""
import json, sys
sys.stderr.write("qt.speech.tts.speechd: Connection to speech-dispatcher failed\n")
sys.stderr.write("ALSA lib pcm.c:2664:(snd_pcm_open_noupdate) Unknown PCM default\n")
sys.stderr.write("Traceback (most recent call last):\n")
sys.stderr.flush()
print(json.dumps({"event": "unavailable", "reason": "No speech engine."}), flush=True)
sys.stdin.read()
"""


@pytest.mark.gui
def test_the_speech_services_noise_is_kept_not_printed(qtbot: Any, capfd: pytest.CaptureFixture[str]) -> None:
    from stretch_timer.media.voice_process import ProcessVoice

    diagnostics.clear()
    voice = ProcessVoice(command=[sys.executable, "-c", NOISY_SERVICE])
    try:
        qtbot.waitUntil(lambda: not voice.pending, timeout=10000)
        qtbot.waitUntil(lambda: len(diagnostics.recent()) >= 3, timeout=5000)
    finally:
        voice.close()
    kept = diagnostics.recent()
    assert "voice service: qt.speech.tts.speechd: Connection to speech-dispatcher failed" in kept
    assert any(line.startswith("voice service: ALSA lib ") for line in kept)
    err = capfd.readouterr().err
    assert "speech-dispatcher" not in err and "ALSA lib" not in err
    assert "Traceback (most recent call last):" in err, "what is not known noise is still printed"
