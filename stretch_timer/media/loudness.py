"""How loud to make the voice so it sounds as loud as the cues at the same volume setting.

The cue volume is a plain linear gain on the cue WAVs (``QAudioSink.setVolume``), and the cues peak at
−12 dBFS. A text-to-speech engine's volume is not on that scale. Qt's speechd engine maps ``setVolume(v)``
onto speech-dispatcher's −100..100 as ``(v − 0.5) × 200``, and the espeak-ng module turns that into
espeak-ng's own 0..200 amplitude: ``v = 0.5`` is espeak-ng's normal volume and everything above it
overdrives the synthesiser, which clips at full scale (from ``v = 1`` down to 0.5 the level falls only
4.7 dB; below 0.5 it falls 6 dB per halving, as a linear gain does). So the old mapping (voice volume = cue
volume, the setting counted as at least 40) gave a voice 12 dB louder than the cues: in the day a voice
clipping at 0 dBFS over chimes peaking at −14 dBFS, at bedtime −4.4 dBFS over −20.

Measured through a PulseAudio null sink (tests/media/test_voice_e2e.py; the level of a sound is the RMS of
its 10 ms windows within 20 dB of its loudest, tests/audio_recording.py says why): below ``v = 0.5``
espeak-ng via speechd is ≈ −12.2 dBFS + 20·log10(v) averaged over the app's announcements (−11.1 to −13.6
depending on the words); the cues at volume ``c`` are ≈ −22.2 dBFS + 20·log10(c) ("go" −23.2, "switch" −20.7,
"stop" and "complete" −22.4). Equal levels need ``v ≈ 0.32 · c`` against the cues on average, 0.28 against
"go"; with 0.3 every announcement measured is within −0.8..+1.9 dB of "go" and −1.8..+0.7 dB of the cue
average, at any setting, and the voice never comes near the range where espeak-ng clips.

Engines not measured (macOS, Windows, Qt's mock) keep voice volume = cue volume: on those, Qt's 1.0 is the
engine's normal full volume, not an overdrive.
"""

from __future__ import annotations

import math

VOICE_GAIN: dict[str, float] = {"speechd": 0.3}
"""Qt TextToSpeech volume per unit of cue volume, per engine, where it was measured against the cues."""

DEFAULT_VOICE_GAIN = 1.0


def voice_volume(cue_volume: float, engine: str) -> float:
    """The ``QTextToSpeech`` volume (0..1) that sounds as loud as the cues played at ``cue_volume`` (0..1).

    ``cue_volume`` is what the cue player gets: the volume setting times the theme's factor, so bedtime's
    quieter cues bring a quieter voice. Proportional all the way down: a voice louder than the cues at a low
    setting is exactly the complaint this fixes. Out-of-range or NaN volumes are clamped (NaN as silence).
    """
    c = float(cue_volume)
    c = 0.0 if math.isnan(c) else min(1.0, max(0.0, c))
    return min(1.0, c * VOICE_GAIN.get(engine, DEFAULT_VOICE_GAIN))
