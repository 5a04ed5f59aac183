"""The voice volume mapping: speechd's voice follows the cue volume at the measured gain, other engines 1:1.

The gain itself is checked against real sound in test_voice_e2e.py; these pin the function's shape, and how
the app is to use it: the app gives the voice the cue volume, as it gives the cues, and the voice, which knows
its engine, maps it (the engine is known only once the voice service is up, so the app cannot map it early).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from stretch_timer.media.loudness import DEFAULT_VOICE_GAIN, VOICE_GAIN, voice_volume


def test_speechd_follows_the_cues_at_its_gain() -> None:
    gain = VOICE_GAIN["speechd"]
    assert 0.25 <= gain <= 0.35  # measured: espeak-ng via speechd sounds like the cues at ≈ 0.3 × cue volume
    assert voice_volume(1.0, "speechd") == pytest.approx(gain)
    assert voice_volume(0.8, "speechd") == pytest.approx(0.8 * gain)
    # Bedtime halves the cue volume, so it halves the voice (−6 dB both), down to silence with the cues.
    assert voice_volume(0.4, "speechd") == pytest.approx(voice_volume(0.8, "speechd") / 2)
    assert voice_volume(0.0, "speechd") == 0.0


def test_speechd_never_overdrives_espeak() -> None:
    """Above Qt volume 0.5 espeak-ng amplifies past its normal level and clips."""
    assert max(voice_volume(c / 100, "speechd") for c in range(101)) <= 0.5


def test_unmeasured_engines_follow_the_cues_one_to_one() -> None:
    assert DEFAULT_VOICE_GAIN == 1.0
    for engine in ("darwin", "sapi", "winrt", "mock", ""):
        assert voice_volume(0.6, engine) == pytest.approx(0.6)


def test_out_of_range_volumes_are_clamped() -> None:
    assert voice_volume(3.0, "mock") == 1.0
    assert voice_volume(-1.0, "speechd") == 0.0
    assert voice_volume(math.nan, "speechd") == 0.0


class FakeSignal:
    def connect(self, slot: Any) -> None:
        pass


class FakeEngine:
    """The slice of QTextToSpeech a Voice touches when its volume is set."""

    def __init__(self) -> None:
        self.level = 0.5
        self.errorOccurred = FakeSignal()

    def volume(self) -> float:
        return self.level

    def setVolume(self, volume: float) -> None:
        self.level = volume


def test_a_voice_maps_the_cue_volume_onto_its_engine() -> None:
    """The voice gets the cue volume, the scale the settings speak, and knows which engine it drives."""
    from stretch_timer.media.voice import Voice

    for engine in ("speechd", "mock"):
        tts = FakeEngine()
        voice = Voice(tts, engine)
        for cue_volume in (0.8, 0.4, 0.2):
            voice.set_volume(cue_volume)
            assert voice.volume == pytest.approx(cue_volume)
            assert tts.level == pytest.approx(voice_volume(cue_volume, engine)), (engine, cue_volume)


@pytest.mark.gui
def test_the_app_gives_the_voice_the_cue_volume(qapp: Any) -> None:
    """Same setting, same loudness: no floor of its own under the voice (the mapping does the rest)."""
    from stretch_timer.app.run_controller import RunController
    from stretch_timer.app.settings import Settings
    from stretch_timer.core.clock import FakeClock

    class Cues:
        available, reason, backend, volume, muted = True, "", "fake", 1.0, False

        def set_volume(self, volume: float) -> None:
            self.volume = volume

        def set_muted(self, muted: bool) -> None:
            self.muted = muted

    class Voice:
        available, reason, engine, enabled, volume = True, "", "speechd", True, 1.0

        def set_volume(self, volume: float) -> None:
            self.volume = volume

        def set_enabled(self, enabled: bool) -> None:
            self.enabled = enabled

    cues, voice = Cues(), Voice()
    settings = Settings()
    runs = RunController(settings, clock=FakeClock(), cue_factory=lambda: cues, voice_factory=lambda: voice)
    runs.ensure_media()
    for volume, factor in ((80, 1.0), (80, 0.5), (20, 1.0), (100, 0.5)):
        settings.volume = volume
        runs.apply_sound(factor, muted=False)
        assert cues.volume == pytest.approx(volume / 100 * factor)
        assert voice.volume == pytest.approx(cues.volume), (volume, factor)
