"""Synthesise the cue sounds into ``assets/sounds/<cue>.wav`` with the standard library only.

Soft, night-friendly sounds: bells and chimes made of a few gently detuned sine partials with exponential
decay, a woodblock "tick" made of two short damped resonances, and two breath cues: a hushed tone that swells
and fades while gliding up ("breath-in") or down ("breath-out"), for following the breathing pacer with eyes
closed when no voice speaks. Every sound starts with a 4 ms
raised-cosine ramp (no click), ends with a short fade to exact silence, and is normalised to a peak of
−12 dBFS. 44.1 kHz, mono, 16-bit. The output is deterministic: the same bytes on every run.

Run: ``.venv/bin/python scripts/make_sounds.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Callable, Iterable
from pathlib import Path

RATE = 44_100
PEAK_DBFS = -12.0
BREATH_PEAK_DBFS = -15.0
"""The breath cues come every few seconds through a breathing step: quieter than the bells that mark work."""
ATTACK_S = 0.004
FADE_S = 0.030
FULL_SCALE = 32767

# (frequency Hz, relative amplitude, decay time constant s): one partial of a struck sound.
Partial = tuple[float, float, float]


def _bell(fundamental: float) -> list[Partial]:
    """A soft bell: two partials a few hertz apart (a slow, gentle beat) and a quiet, quickly fading overtone."""
    return [
        (fundamental, 1.0, 0.20),
        (fundamental * 1.0045, 0.8, 0.18),
        (fundamental * 2.76, 0.12, 0.07),
    ]


def _chime(fundamental: float, decay: float) -> list[Partial]:
    return [
        (fundamental, 1.0, decay),
        (fundamental * 1.003, 0.6, decay * 0.9),
        (fundamental * 3.0, 0.08, decay * 0.3),
    ]


def _struck(partials: Iterable[Partial], t: float) -> float:
    """The value at ``t`` seconds after the strike (before the attack ramp)."""
    return sum(a * math.exp(-t / tau) * math.sin(2 * math.pi * f * t) for f, a, tau in partials)


def _notes(notes: list[tuple[float, list[Partial]]]) -> Callable[[float], float]:
    """Several strikes, each at its own onset (seconds); each note gets its own attack ramp."""
    def value(t: float) -> float:
        total = 0.0
        for onset, partials in notes:
            dt = t - onset
            if dt >= 0:
                total += _ramp(dt) * _struck(partials, dt)
        return total
    return value


def _glide(start: float, end: float, seconds: float) -> Callable[[float], float]:
    """A sine gliding from ``start`` to ``end`` Hz under a smooth swell (no strike), with a faint octave.

    The frequency moves linearly, so the phase is its integral: 2π(f0·t + (f1 − f0)·t² / 2T)."""
    def value(t: float) -> float:
        x = min(t, seconds)
        phase = 2 * math.pi * (start * x + (end - start) * x * x / (2 * seconds))
        swell = 0.5 - 0.5 * math.cos(2 * math.pi * x / seconds)
        return swell * (math.sin(phase) + 0.12 * math.sin(2 * phase))
    return value


def _ramp(t: float) -> float:
    if t >= ATTACK_S:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * t / ATTACK_S)


def render(value: Callable[[float], float], seconds: float, peak_dbfs: float = PEAK_DBFS) -> bytes:
    """Sample ``value``, ramp in, fade out to zero, normalise to ``peak_dbfs``; little-endian int16 frames."""
    n = round(seconds * RATE)
    fade_n = round(FADE_S * RATE)
    samples = []
    for i in range(n):
        t = i / RATE
        v = _ramp(t) * value(t)
        left = n - 1 - i
        if left < fade_n:
            v *= 0.5 - 0.5 * math.cos(math.pi * left / fade_n)
        samples.append(v)
    peak = max(abs(s) for s in samples) or 1.0
    gain = 10 ** (peak_dbfs / 20) * FULL_SCALE / peak
    return struct.pack(f"<{n}h", *(round(s * gain) for s in samples))


def sounds() -> dict[str, bytes]:
    """Every cue's PCM frames, by cue name."""
    c5, e5, g5, d5 = 523.25, 659.26, 783.99, 587.33
    return {
        # A soft bell around 660 Hz: "begin".
        "go": render(_notes([(0.0, _bell(660.0))]), 0.55),
        # A soft woodblock: two short damped resonances in the 1.2–1.5 kHz range, ~60 ms.
        "tick": render(_notes([(0.0, [(1320.0, 1.0, 0.011), (1480.0, 0.5, 0.008), (3650.0, 0.06, 0.003)])]),
                       0.06),
        # The same bell, lower: "ease out of it".
        "stop": render(_notes([(0.0, _bell(440.0))]), 0.55),
        # Two notes stepping down: "change sides".
        "switch": render(_notes([(0.0, _chime(g5, 0.14)), (0.14, _chime(d5, 0.15))]), 0.65),
        # Three notes rising, the last one left to ring: "all done".
        "complete": render(_notes([(0.0, _chime(c5, 0.16)), (0.18, _chime(e5, 0.16)),
                                   (0.36, _chime(g5, 0.30))]), 1.4),
        # A hushed tone rising a fourth as it swells and fades: "breathe in" (3 dB under the others).
        "breath-in": render(_glide(330.0, 440.0, 0.6), 0.6, BREATH_PEAK_DBFS),
        # The same falling: "breathe out".
        "breath-out": render(_glide(440.0, 330.0, 0.6), 0.6, BREATH_PEAK_DBFS),
    }


def write_wav(path: Path, frames: bytes) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(__file__).resolve().parent.parent / "assets" / "sounds"
    parser.add_argument("--out", type=Path, default=default_out, help="folder for the WAVs (default: %(default)s)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, frames in sounds().items():
        path = args.out / f"{name}.wav"
        write_wav(path, frames)
        size = path.stat().st_size
        total += size
        print(f"{path}  {len(frames) / 2 / RATE:.3f} s  {size / 1024:.1f} KiB")
    print(f"total {total / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
