"""Cue players: play a short named sound ("go", "tick", "stop", "switch", "complete",
"breath-in", "breath-out") at once, never blocking.

Three backends, tried in this order by :func:`create_cue_player`:

* ``QtCuePlayer``: one preloaded Qt Multimedia audio stream per cue, suspended between cues, the lowest
  latency (a few ms into PulseAudio, steady to ±5 ms). Qt Multimedia starts audio-only (``audio_only``).
* ``PlaysoundCuePlayer``: ``playsound3`` with ``block=False``, which starts a player program (gst-play-1.0,
  ffplay or aplay) per cue; used when Qt Multimedia cannot load (no ``libpulse``) or finds no output device.
* ``SilentCuePlayer``: plays nothing and says why, so the screen can tell the user sound is off.

``volume`` is a linear gain from 0 to 1 (the bedtime theme lowers it); ``muted`` silences without forgetting
the volume. ``play`` never raises: a cue that cannot sound must never stop a stretch. ``reason`` is empty when
the player is fine, else one short sentence for the UI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cue_base import CUES, LOAD_TIMEOUT_S, CuePlayer, Prefer, SilentCuePlayer, _Player

if TYPE_CHECKING:
    from collections.abc import Callable

    from .playsound_cues import PlaysoundCuePlayer
    from .qt_cues import QtCuePlayer

# The backends load when a player is made (after the first paint), not when the driver imports this module for
# its types: the player page paints without wave, the PCM reader or the Qt stream code.
_LAZY = {"PlaysoundCuePlayer": ".playsound_cues", "QtCuePlayer": ".qt_cues"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "CUES",
    "LOAD_TIMEOUT_S",
    "CuePlayer",
    "PlaysoundCuePlayer",
    "Prefer",
    "QtCuePlayer",
    "SilentCuePlayer",
    "create_cue_player",
]


_SHORT = {
    "qt": "Qt Multimedia",
    "playsound3": "playsound3",
}


def _short_problem(player: _Player) -> str:
    """A few lower-case words for the combined "Sound unavailable: …" sentence."""
    return player._problem or player.reason.rstrip(".").lower() or "unavailable"


def _try_qt(sounds_dir: Path, load_timeout: float = LOAD_TIMEOUT_S) -> _Player:
    try:
        import PySide6.QtMultimedia  # noqa: F401  (fails with ImportError/OSError when libpulse.so.0 is missing)
    except (ImportError, OSError):
        return SilentCuePlayer("Qt Multimedia could not be loaded (is libpulse installed?).", "could not load")
    try:
        from .audio_only import start_audio_only
        from .qt_cues import QtCuePlayer

        start_audio_only()
        return QtCuePlayer(sounds_dir, load_timeout=load_timeout)
    except Exception as exc:  # pragma: no cover - defensive: a backend bug must not stop the app
        return SilentCuePlayer(f"Qt Multimedia failed ({type(exc).__name__}).", "failed")


def _try_playsound(sounds_dir: Path) -> _Player:
    try:
        from .playsound_cues import PlaysoundCuePlayer

        return PlaysoundCuePlayer(sounds_dir)
    except Exception as exc:  # pragma: no cover
        return SilentCuePlayer(f"playsound3 failed ({type(exc).__name__}).", "failed")


def create_cue_player(sounds_dir: Path | str | None = None, prefer: Prefer = "auto", *,
                      load_timeout: float = LOAD_TIMEOUT_S) -> CuePlayer:
    """The first backend that works: Qt Multimedia, then playsound3, then silence.

    ``prefer`` puts one backend first ("qt" or "playsound3"; the other is still the fallback) or asks for
    "silent". Backends passed over are listed in the returned player's ``skipped`` (backend → reason); a
    silent player's ``reason`` names every failure, e.g. "Sound unavailable: no audio device (Qt
    Multimedia) and no player program (playsound3)."

    ``load_timeout`` is how long the Qt player waits for its streams to come alive; 0 returns at once and
    lets them warm up in the background of the event loop (the app, which makes its player after the first
    paint and has a get-ready before the first cue).
    """
    if sounds_dir is None:
        from stretch_timer import paths

        sounds_dir = paths.bundled_sounds_dir()
    sounds_dir = Path(sounds_dir)
    if prefer == "silent":
        return SilentCuePlayer("Sound is turned off.")
    order = ["playsound3", "qt"] if prefer == "playsound3" else ["qt", "playsound3"]
    tries: dict[str, Callable[[Path], _Player]] = {
        "qt": lambda path: _try_qt(path, load_timeout),
        "playsound3": _try_playsound,
    }
    skipped: dict[str, str] = {}
    problems: list[str] = []
    for name in order:
        player = tries[name](sounds_dir)
        if player.available:
            player.skipped = skipped
            return player
        skipped[name] = player.reason
        problems.append(f"{_short_problem(player)} ({_SHORT[name]})")
        player.close()
    silent = SilentCuePlayer("Sound unavailable: " + " and ".join(problems) + ".")
    silent.skipped = skipped
    return silent
