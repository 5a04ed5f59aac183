"""The voice, on Qt's mock text-to-speech engine (silent, headless): say, interrupt, stop, disable, history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from speech_leftovers import end_speech_processes

from stretch_timer.media.voice import ENGINES_WITHOUT_AUDIO, NO_ENGINE_REASON, NullVoice, Voice, create_voice

pytestmark = pytest.mark.gui


@pytest.fixture
def voice(qapp: object) -> Iterator[Voice]:
    v = create_voice("mock")
    assert v.available and v.engine == "mock" and v.reason == ""
    yield v
    v.close()


def words_of(v: Voice, qtbot: Any, text: str) -> list[str]:
    """Say ``text`` and collect the words the engine reports until it is done."""
    heard: list[str] = []
    v._tts.sayingWord.connect(lambda word, *_: heard.append(word))
    v.say(text)
    qtbot.waitUntil(lambda: not v.speaking, timeout=5000)
    return heard


def test_say_speaks_and_keeps_a_history(voice: Voice, qtbot: Any) -> None:
    assert words_of(voice, qtbot, "Calf stretch, right leg") == ["Calf", "stretch", "right", "leg"]
    voice.say("Switch sides")
    assert voice.spoken == ["Calf stretch, right leg", "Switch sides"]
    assert voice.speaking
    voice.stop()
    qtbot.waitUntil(lambda: not voice.speaking, timeout=2000)


def test_say_interrupts_what_is_being_said(voice: Voice, qtbot: Any) -> None:
    heard: list[str] = []
    voice._tts.sayingWord.connect(lambda word, *_: heard.append(word))
    voice.say("one two three four five six seven eight")
    qtbot.waitUntil(lambda: len(heard) >= 2, timeout=3000)
    voice.say("nine ten")
    qtbot.waitUntil(lambda: not voice.speaking, timeout=5000)
    assert heard[-2:] == ["nine", "ten"]
    assert "eight" not in heard


def test_stop_silences_at_once(voice: Voice, qtbot: Any) -> None:
    voice.say("a long announcement that will be cut short")
    assert voice.speaking
    voice.stop()
    qtbot.waitUntil(lambda: not voice.speaking, timeout=1000)


def test_a_disabled_voice_says_nothing(voice: Voice) -> None:
    voice.say("before")
    voice.set_enabled(False)
    assert not voice.speaking  # disabling stops the current announcement
    voice.say("while disabled")
    assert voice.spoken == ["before"] and not voice.speaking
    voice.set_enabled(True)
    voice.say("after")
    assert voice.spoken == ["before", "after"]
    voice.say("")
    assert voice.spoken == ["before", "after"]


def test_volume_is_clamped_and_reaches_the_engine(voice: Voice) -> None:
    voice.set_volume(0.3)
    assert voice.volume == pytest.approx(0.3) and voice._tts.volume() == pytest.approx(0.3)
    voice.set_volume(4)
    assert voice.volume == 1.0
    voice.set_volume(-1)
    assert voice.volume == 0.0
    voice.set_volume(float("nan"))
    assert voice.volume == 0.0


def test_an_engine_error_makes_the_voice_unavailable(voice: Voice) -> None:
    voice._error()
    assert not voice.available and voice.reason.startswith("The speech engine failed")
    voice.say("ignored")
    assert voice.spoken == []


def test_null_voice_says_why_and_does_nothing() -> None:
    v = NullVoice()
    assert not v.available and v.reason == NO_ENGINE_REASON and v.engine == ""
    assert NO_ENGINE_REASON == "No speech engine: install speech-dispatcher."
    v.say("hello")
    v.stop()
    v.set_enabled(True)
    v.say("hello")
    v.set_volume(0.5)
    assert v.spoken == [] and v.volume == 0.5
    assert isinstance(v, Voice)  # the driver takes ``Voice | None``; a NullVoice fits


def test_create_voice_without_a_working_engine_explains(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtTextToSpeech import QTextToSpeech

    monkeypatch.setattr(QTextToSpeech, "availableEngines", staticmethod(lambda: ["mock"]))
    v = create_voice()
    assert not v.available and v.reason == NO_ENGINE_REASON
    assert create_voice("festival").reason == "No speech engine called 'festival'."


PICK_A_REAL_ENGINE = """
import json
from PySide6.QtCore import QCoreApplication
from stretch_timer.media.voice import create_voice
app = QCoreApplication([])
v = create_voice()
import sys
from PySide6.QtTextToSpeech import QTextToSpeech
from stretch_timer.media.pulse_engine import engine_threads
print(json.dumps({"engine": v.engine, "available": v.available, "reason": v.reason,
                  "engines": list(QTextToSpeech.availableEngines()),
                  "multimedia": "PySide6.QtMultimedia" in sys.modules, "audio_threads": len(engine_threads())}))
v.close()
"""


def test_create_voice_picks_a_real_engine_only_when_it_starts(tmp_path: Path) -> None:
    """In a child with its own XDG_RUNTIME_DIR: a real engine may block (that is why the app keeps its voice
    in a process of its own), and the speech-dispatcher it autospawns is ended afterwards."""
    runtime = Path(tempfile.mkdtemp(prefix="st-voice-"))
    try:
        done = subprocess.run(
            [sys.executable, "-c", PICK_A_REAL_ENGINE], capture_output=True, text=True, timeout=60,
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "offscreen",
                 "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
    finally:
        end_speech_processes(runtime)
        shutil.rmtree(runtime, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    v = json.loads(done.stdout.strip().splitlines()[-1])
    assert v["engine"] != "mock"
    if v["available"]:
        assert v["engine"] and v["reason"] == ""
    else:  # e.g. speechd is listed, but speech-dispatcher is missing or has no voice: say what to install
        assert v["reason"] == NO_ENGINE_REASON or "install" in v["reason"], v
    if set(v["engines"]) - {"mock"} <= ENGINES_WITHOUT_AUDIO:
        # speech-dispatcher plays through its own server: the speech service needs no Qt Multimedia (~6 MiB)
        assert not v["multimedia"] and v["audio_threads"] == 0, v


def test_create_voice_without_qt_texttospeech(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    v = create_voice()
    assert not v.available and "TextToSpeech" in v.reason
