"""The bundled cue WAVs: present, the right format and length, soft, and free of a click at the start."""

from __future__ import annotations

import hashlib
import importlib.util
import math
import struct
import wave
from itertools import pairwise
from pathlib import Path

import pytest

from stretch_timer import paths

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = paths.bundled_sounds_dir()

# Seconds each cue may last: short enough never to overlap the next second's cue, long enough to be heard.
DURATIONS = {
    "go": (0.4, 0.8),
    "tick": (0.04, 0.1),
    "stop": (0.4, 0.8),
    "switch": (0.4, 0.9),
    "complete": (1.0, 2.0),
    "breath-in": (0.3, 0.8),
    "breath-out": (0.3, 0.8),
}


def read(name: str) -> tuple[wave._wave_params, list[int]]:
    with wave.open(str(SOUNDS / f"{name}.wav"), "rb") as w:
        params = w.getparams()
        frames = w.readframes(params.nframes)
    return params, list(struct.unpack(f"<{params.nframes * params.nchannels}h", frames))


def dbfs(value: float) -> float:
    return 20 * math.log10(max(value, 1e-9) / 32768)


def rms(samples: list[int]) -> float:
    return math.sqrt(sum(s * s for s in samples) / len(samples))


@pytest.mark.parametrize("name", sorted(DURATIONS))
def test_cue_wav_is_a_soft_mono_44k_sound(name: str) -> None:
    params, samples = read(name)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44_100)
    low, high = DURATIONS[name]
    assert low <= params.nframes / params.framerate <= high
    peak = max(abs(s) for s in samples)
    if name.startswith("breath-"):
        assert -17.0 <= dbfs(peak) <= -13.0  # about −15 dBFS: they come every few seconds while breathing
    else:
        assert -14.0 <= dbfs(peak) <= -6.0  # about −12 dBFS: audible, never startling


@pytest.mark.parametrize("name", sorted(DURATIONS))
def test_cue_wav_starts_and_ends_quietly(name: str) -> None:
    _, samples = read(name)
    one_ms = 44
    peak = max(abs(s) for s in samples)
    assert abs(samples[0]) <= 1
    assert rms(samples[:one_ms]) < 0.1 * peak  # a ramp, not a step: no click
    assert dbfs(rms(samples[:one_ms])) < -30
    assert max(abs(s) for s in samples[-one_ms:]) < 0.02 * peak  # fades out instead of being cut off


def test_sounds_reach_full_level_within_5_ms() -> None:
    """The attack is short (the ramp is ≤ 5 ms), so the onset is crisp enough to time."""
    _, samples = read("tick")
    five_ms = 221
    assert max(abs(s) for s in samples[:five_ms]) > 0.5 * max(abs(s) for s in samples)


def test_generator_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "scripts" / "make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path / "a")]) == 0
    assert module.main(["--out", str(tmp_path / "b")]) == 0
    for name in DURATIONS:
        a = (tmp_path / "a" / f"{name}.wav").read_bytes()
        b = (tmp_path / "b" / f"{name}.wav").read_bytes()
        assert a == b
        committed = (SOUNDS / f"{name}.wav").read_bytes()
        assert hashlib.sha256(a).hexdigest() == hashlib.sha256(committed).hexdigest(), (
            f"{name}.wav differs from scripts/make_sounds.py output: rerun the script"
        )


def pitch(samples: list[int]) -> float:
    """Hz from upward zero crossings: enough for the breath cues' single gliding tone."""
    ups = sum(1 for a, b in pairwise(samples) if a < 0 <= b)
    return ups * 44_100 / len(samples)


def test_breath_cues_glide_up_for_in_and_down_for_out_and_stay_softer_than_the_bells() -> None:
    """Told apart with eyes closed: "breath-in" rises, "breath-out" falls; both hushed next to "go"."""
    levels = {}
    for name in ("breath-in", "breath-out"):
        _, samples = read(name)
        third = len(samples) // 3
        first, last = pitch(samples[:third]), pitch(samples[-third:])
        assert (last > first * 1.15) if name == "breath-in" else (first > last * 1.15), (name, first, last)
        assert min(first, last) > 250 and max(first, last) < 500  # low and warm, not a beep
        levels[name] = max(abs(s) for s in samples)
    _, go = read("go")
    assert all(dbfs(level) <= dbfs(max(abs(s) for s in go)) - 2 for level in levels.values())
