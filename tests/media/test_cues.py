"""Choosing a cue player: Qt Multimedia, else playsound3, else silence with a reason; ``play`` never raises."""

from __future__ import annotations

import builtins
import subprocess
import sys
import wave
from pathlib import Path
from typing import Any

import pytest

from stretch_timer import paths
from stretch_timer.media import cues as cues_module
from stretch_timer.media import playsound_cues
from stretch_timer.media.cues import (
    CUES,
    PlaysoundCuePlayer,
    QtCuePlayer,
    SilentCuePlayer,
    create_cue_player,
)

SOUNDS = paths.bundled_sounds_dir()
ROOT = Path(__file__).resolve().parents[2]


class FakeHandle:
    def __init__(self, path: str) -> None:
        self.path = path
        self.stopped = False

    def is_alive(self) -> bool:
        return not self.stopped

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture
def fake_playsound(monkeypatch: pytest.MonkeyPatch) -> list[FakeHandle]:
    """playsound3 with a working backend that records instead of starting a program."""
    import playsound3
    import playsound3.playsound3 as impl

    started: list[FakeHandle] = []

    def playsound(sound: str, block: bool = True, backend: str | None = None) -> FakeHandle:
        assert block is False, "cue players must never block"
        handle = FakeHandle(sound)
        started.append(handle)
        return handle

    monkeypatch.setattr(impl, "DEFAULT_BACKEND", "fake")
    monkeypatch.setattr(playsound3, "DEFAULT_BACKEND", "fake")
    monkeypatch.setattr(playsound3, "playsound", playsound)
    monkeypatch.setattr(playsound_cues, "_player_program_in_sight", lambda: True)
    return started


@pytest.fixture
def no_playsound_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    import playsound3
    import playsound3.playsound3 as impl

    monkeypatch.setattr(impl, "DEFAULT_BACKEND", None)
    monkeypatch.setattr(playsound3, "DEFAULT_BACKEND", None)


@pytest.fixture
def no_qt_multimedia(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without libpulse.so.0: importing PySide6.QtMultimedia fails."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import raises ImportError


@pytest.fixture
def no_audio_device(monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))


def assert_play_never_raises(player: Any) -> None:
    for cue in (*CUES, "no-such-cue", ""):
        player.play(cue)
    player.set_volume(float("nan"))
    player.set_volume(-3)
    player.set_volume(7)
    player.set_muted(True)
    player.play("go")
    player.set_muted(False)


# --- fallbacks ----------------------------------------------------------------------------------------------

def test_without_qt_multimedia_it_falls_back_to_playsound3(no_qt_multimedia: None,
                                                           fake_playsound: list[FakeHandle]) -> None:
    player = create_cue_player(SOUNDS)
    assert isinstance(player, PlaysoundCuePlayer)
    assert player.backend == "playsound3" and player.available and player.reason == ""
    assert "libpulse" in player.skipped["qt"]
    player.play("go")
    assert [Path(h.path).name for h in fake_playsound] == ["go.wav"]
    assert_play_never_raises(player)
    player.close()


def test_without_qt_multimedia_or_a_player_program_it_is_silent_and_says_why(
        no_qt_multimedia: None, no_playsound_backend: None) -> None:
    player = create_cue_player(SOUNDS)
    assert isinstance(player, SilentCuePlayer)
    assert player.backend == "silent" and not player.available
    assert player.reason == "Sound unavailable: could not load (Qt Multimedia) and no player program (playsound3)."
    assert set(player.skipped) == {"qt", "playsound3"}
    assert_play_never_raises(player)


def test_a_failing_import_of_qt_multimedia_is_caught(monkeypatch: pytest.MonkeyPatch,
                                                     no_playsound_backend: None) -> None:
    """libpulse missing makes the import raise OSError or ImportError, not just "module not found"."""
    real_import = builtins.__import__

    def failing(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("PySide6.QtMultimedia") or (name == "PySide6" and "QtMultimedia" in (args[2] or ())):
            raise OSError("libpulse.so.0: cannot open shared object file: No such file or directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "PySide6.QtMultimedia", raising=False)
    monkeypatch.setattr(builtins, "__import__", failing)
    player = create_cue_player(SOUNDS)
    assert player.backend == "silent" and "Qt Multimedia" in player.reason
    assert_play_never_raises(player)


def test_no_audio_device_makes_the_qt_player_unavailable(no_audio_device: None) -> None:
    player = QtCuePlayer(SOUNDS)
    assert not player.available and player.reason == "No audio output device found."
    assert_play_never_raises(player)


def test_no_audio_device_and_no_player_program(no_audio_device: None, no_playsound_backend: None) -> None:
    player = create_cue_player(SOUNDS)
    assert player.backend == "silent"
    assert player.reason == "Sound unavailable: no audio device (Qt Multimedia) and no player program (playsound3)."


def test_prefer_playsound3_and_prefer_silent(no_audio_device: None, fake_playsound: list[FakeHandle]) -> None:
    assert create_cue_player(SOUNDS, prefer="playsound3").backend == "playsound3"
    silent = create_cue_player(SOUNDS, prefer="silent")
    assert silent.backend == "silent" and silent.reason == "Sound is turned off."


def test_missing_and_broken_sound_files(tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch,
                                        fake_playsound: list[FakeHandle]) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: ["a device"]))
    for player in (PlaysoundCuePlayer(tmp_path), QtCuePlayer(tmp_path)):
        assert not player.available and player.reason.startswith("Cue sounds are missing (go.wav, tick.wav")
    for cue in CUES:
        (tmp_path / f"{cue}.wav").write_bytes(b"RIFF not really a wave file")
    broken = QtCuePlayer(tmp_path)
    assert not broken.available
    assert broken.reason == ("Could not load cue sounds (go.wav, tick.wav, stop.wav, switch.wav, complete.wav, "
                             "breath-in.wav, breath-out.wav).")
    assert_play_never_raises(broken)


def test_the_qt_player_uses_the_real_device_when_there_is_one(qapp: object) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    player = QtCuePlayer(SOUNDS)
    if QMediaDevices.audioOutputs():
        assert player.available, player.reason
        assert player.ready
    else:
        assert not player.available and player.reason == "No audio output device found."
    assert_play_never_raises(player)
    player.close()
    assert not player.available


# --- playsound3 details -------------------------------------------------------------------------------------

def test_playsound_player_scales_quieter_copies_and_keeps_handles(fake_playsound: list[FakeHandle]) -> None:
    player = PlaysoundCuePlayer(SOUNDS)
    player.set_volume(0.5)
    player.play("tick")
    player.play("tick")
    scaled = Path(fake_playsound[0].path)
    assert scaled.name == "tick-050.wav" and scaled.parent != SOUNDS
    assert fake_playsound[1].path == fake_playsound[0].path  # made once per step, then reused

    def peak(path: Path) -> int:
        with wave.open(str(path), "rb") as w:
            frames = w.readframes(w.getnframes())
        return max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True)) for i in range(0, len(frames), 2))

    assert abs(peak(scaled) - peak(SOUNDS / "tick.wav") / 2) <= 1
    player.set_volume(1.0)
    player.play("go")
    assert Path(fake_playsound[-1].path) == SOUNDS / "go.wav"
    player.set_muted(True)
    player.play("go")
    player.set_volume(0.0)
    player.set_muted(False)
    player.play("go")
    assert len(fake_playsound) == 3
    player.close()
    assert all(h.stopped for h in fake_playsound) and not scaled.exists()


def test_a_playsound_failure_turns_the_player_silent_with_a_reason(monkeypatch: pytest.MonkeyPatch,
                                                                     fake_playsound: list[FakeHandle]) -> None:
    import playsound3

    player = PlaysoundCuePlayer(SOUNDS)

    def broken(*args: object, **kwargs: object) -> None:
        raise playsound3.PlaysoundException("gst-play-1.0 vanished")

    monkeypatch.setattr(player, "_playsound", broken)
    player.play("go")
    assert not player.available and player.reason == "Sound player failed (PlaysoundException)."
    player.play("go")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the look-ahead is for Linux's player programs")
def test_without_any_player_program_playsound3_is_not_even_imported(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """Its import costs an HTTP stack and a run of each candidate program; with none on PATH it is skipped."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PLAYSOUND3_BACKEND", raising=False)
    monkeypatch.delitem(sys.modules, "playsound3", raising=False)
    player = PlaysoundCuePlayer(SOUNDS)
    assert not player.available and player.reason.startswith("No sound player program found")
    assert "playsound3" not in sys.modules


@pytest.mark.parametrize("program", playsound_cues.LINUX_PLAYER_PROGRAMS)
def test_any_player_program_on_path_lets_playsound3_decide(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          program: str) -> None:
    fake = tmp_path / program
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert playsound_cues._player_program_in_sight()
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("PLAYSOUND3_BACKEND", "ffplay")  # a chosen backend is always left to playsound3
    assert playsound_cues._player_program_in_sight()


# --- cost at startup ----------------------------------------------------------------------------------------

def test_importing_the_media_package_does_not_load_qt_multimedia_or_speech() -> None:
    code = (
        "import sys; import stretch_timer.media.cues, stretch_timer.media.voice, stretch_timer.app.driver; "
        "print([m for m in ('PySide6.QtMultimedia', 'PySide6.QtTextToSpeech', 'playsound3') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_module_lists_every_bundled_cue() -> None:
    assert set(CUES) == {p.stem for p in SOUNDS.glob("*.wav")}
    assert cues_module.LOAD_TIMEOUT_S > 0
