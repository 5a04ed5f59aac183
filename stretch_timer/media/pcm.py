"""16-bit PCM: reading a cue's WAV into frames, and how many bytes a stretch of silence takes.

The Qt streams write a cue's frames behind the right length of silence (``bytes_for``) so its onset lands on
the planned sample; both need the frames' rate and channel count, which ``read_pcm16`` returns with them.
"""

from __future__ import annotations

import wave
from pathlib import Path


def bytes_for(seconds: float, rate: int, channels: int) -> int:
    """Bytes of 16-bit audio lasting ``seconds`` (whole frames)."""
    return max(0, round(seconds * rate)) * 2 * channels


def read_pcm16(path: Path) -> tuple[bytes, int, int]:
    """A 16-bit PCM WAV's frames (little-endian, as WAV and every audio API here expect), rate and channels."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path.name}: not 16-bit PCM")
        frames = w.readframes(w.getnframes())
        return frames, w.getframerate(), w.getnchannels()
