"""The fallback cue player: playsound3 starts a player program per cue when Qt Multimedia cannot load."""

from __future__ import annotations

import array
import contextlib
import os
import shutil
import sys
import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

from .cue_base import CUES, _missing_sounds, _Player, _sound_path

LINUX_PLAYER_PROGRAMS = ("gst-play-1.0", "ffplay", "aplay")
"""The programs playsound3's Linux backends run (its ALSA one needs mpg123 beside aplay)."""


def _player_program_in_sight() -> bool:
    """Whether importing playsound3 could find a player, judged without importing it.

    playsound3 imports an HTTP stack (urllib, ssl, OpenSSL: several MiB) and starts each candidate program
    once, at import. On Linux without any of its programs that would all be for nothing, so look first. Other
    systems, and a backend chosen through ``PLAYSOUND3_BACKEND``, are left to playsound3 itself.
    """
    if not sys.platform.startswith("linux") or os.environ.get("PLAYSOUND3_BACKEND"):
        return True
    return any(shutil.which(program) for program in LINUX_PLAYER_PROGRAMS)


class PlaysoundCuePlayer(_Player):
    """playsound3 with ``block=False``: each cue starts a player program and returns at once.

    Player programs have no volume control, so below full volume each cue is played from a copy scaled
    in software (made once per 5 % step, in a private temporary folder).
    """

    backend = "playsound3"

    def __init__(self, sounds_dir: Path) -> None:
        super().__init__()
        self._sounds_dir = Path(sounds_dir)
        self._handles: list[Any] = []
        self._scaled: dict[tuple[str, int], Path] = {}
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._playsound: Callable[..., Any] | None = None
        if not _player_program_in_sight():
            self._fail("No sound player program found (gst-play-1.0, ffplay or aplay).", "no player program")
            return
        try:
            import playsound3
        except ImportError:
            self._fail("The playsound3 package is not installed.", "not installed")
            return
        if playsound3.DEFAULT_BACKEND is None:
            self._fail("No sound player program found (gst-play-1.0, ffplay or aplay).", "no player program")
            return
        missing = _missing_sounds(self._sounds_dir)
        if missing:
            self._fail(f"Cue sounds are missing ({', '.join(missing)}).", "sound files missing")
            return
        self._playsound = playsound3.playsound
        self._available = True

    def play(self, cue: str) -> None:
        if not self._available or self._muted or self._volume <= 0 or self._playsound is None:
            return
        if cue not in CUES:
            return
        self._handles = [h for h in self._handles if _alive(h)]
        try:
            path = self._file_for(cue)
            self._handles.append(self._playsound(str(path), block=False))
        except Exception as exc:  # the program vanished, the file is unreadable, …: stay quiet, say why
            self._fail(f"Sound player failed ({type(exc).__name__}).", "player failed")

    def _file_for(self, cue: str) -> Path:
        original = _sound_path(self._sounds_dir, cue)
        step = round(self._volume * 20)  # 5 % steps
        if step >= 20:
            return original
        key = (cue, step)
        if key not in self._scaled:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="stretch-timer-cues-")
            target = Path(self._tmp.name) / f"{cue}-{step * 5:03d}.wav"
            _scale_wav(original, target, step / 20)
            self._scaled[key] = target
        return self._scaled[key]

    def close(self) -> None:
        for handle in self._handles:
            with contextlib.suppress(Exception):
                handle.stop()
        self._handles.clear()
        self._scaled.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def _alive(handle: Any) -> bool:
    try:
        return bool(handle.is_alive())
    except Exception:  # pragma: no cover
        return False


def _scale_wav(source: Path, target: Path, gain: float) -> None:
    """Copy a 16-bit PCM WAV with its samples multiplied by ``gain`` (0..1)."""
    with wave.open(str(source), "rb") as r:
        params = r.getparams()
        frames = r.readframes(params.nframes)
    if params.sampwidth != 2:
        raise ValueError(f"{source.name}: only 16-bit WAVs can be scaled")
    samples = array.array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    scaled = array.array("h", (round(s * gain) for s in samples))
    if sys.byteorder == "big":
        scaled.byteswap()
    with wave.open(str(target), "wb") as w:
        w.setparams(params)
        w.writeframes(scaled.tobytes())


# --- choosing a backend -------------------------------------------------------------------------------------

