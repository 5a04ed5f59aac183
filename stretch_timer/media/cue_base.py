"""What every cue player shares: the cue names, the protocol the driver needs, volume and mute, and the
silent player. Backends live in their own modules; :mod:`stretch_timer.media.cues` picks one."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

CUES: tuple[str, ...] = ("go", "tick", "stop", "switch", "complete", "breath-in", "breath-out")
"""Every cue :func:`stretch_timer.core.cue_plan.cue_for` can name; one WAV each in the sounds folder."""

Prefer = Literal["auto", "qt", "playsound3", "silent"]

LOAD_TIMEOUT_S = 2.0
"""How long QtCuePlayer waits at construction for its audio streams to come alive."""


class CuePlayer(Protocol):
    """What the session driver needs from a sound backend."""

    @property
    def backend(self) -> str:
        """ "qt", "playsound3" or "silent"."""
        ...

    @property
    def available(self) -> bool: ...

    @property
    def reason(self) -> str:
        """Empty when fine; else why there is no sound, one short sentence for the UI."""
        ...

    @property
    def volume(self) -> float: ...

    @property
    def muted(self) -> bool: ...

    def play(self, cue: str) -> None:
        """Start the cue's sound and return at once; never raises, never blocks."""
        ...

    def set_volume(self, volume: float) -> None: ...

    def set_muted(self, muted: bool) -> None: ...


def _clamp_volume(volume: float) -> float | None:
    """0..1, or None for a value that means nothing (NaN)."""
    try:
        v = float(volume)
    except (TypeError, ValueError):
        return None
    if math.isnan(v):
        return None
    return min(1.0, max(0.0, v))


class StatusSignal:
    """Listeners told when a player's ``available``/``reason`` change after it was made (a sound server stopped or
    came back), so the status line can follow; ``connect``/``disconnect``/``emit`` like a Qt signal.

    Not a Qt signal because the players are not QObjects (``cue_base`` has no Qt in it). Listeners run on the
    thread that changed the status, which for every player here is the GUI thread (Qt Multimedia's sinks and
    timers live there; playsound3 fails inside ``play``). One listener that raises does not stop the others:
    a status line must never break a stretch.
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def connect(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # see the class docstring
                logging.getLogger(__name__).exception("sound status listener failed")


class _Player:
    """Volume, mute and the status fields every backend shares."""

    backend = "silent"

    def __init__(self) -> None:
        self._volume = 1.0
        self._muted = False
        self._available = False
        self._reason = ""
        self._problem = ""
        self.skipped: dict[str, str] = {}
        """Backends tried before this one and why each was passed over (filled by create_cue_player)."""
        self.status_changed = StatusSignal()
        """Emitted (no arguments) whenever ``available`` or ``reason`` changes; read them again then."""

    @property
    def available(self) -> bool:
        return self._available

    @property
    def reason(self) -> str:
        return self._reason

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def muted(self) -> bool:
        return self._muted

    def set_volume(self, volume: float) -> None:
        v = _clamp_volume(volume)
        if v is not None:
            self._volume = v
            self._apply_volume()

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        self._apply_volume()

    def play(self, cue: str) -> None:
        """Start the cue's sound and return at once; never raises, never blocks."""

    def _fail(self, reason: str, problem: str) -> None:
        """Not available: ``reason`` is the UI sentence, ``problem`` a few words for a combined message."""
        changed = self._available or self._reason != reason
        self._available = False
        self._reason = reason
        self._problem = problem
        if changed:
            self.status_changed.emit()

    def _recover(self) -> None:
        """Available (again): no reason; listeners hear of it if it was not."""
        changed = not self._available or bool(self._reason)
        self._available = True
        self._reason = self._problem = ""
        if changed:
            self.status_changed.emit()

    def _apply_volume(self) -> None:
        pass

    def close(self) -> None:
        """Stop anything still sounding and let go of resources (optional; garbage collection does it too)."""

    def __repr__(self) -> str:
        state = "available" if self._available else f"unavailable: {self._reason}"
        return f"<{type(self).__name__} {state}>"


class SilentCuePlayer(_Player):
    """Plays nothing; ``reason`` says why, for the UI."""

    backend = "silent"

    def __init__(self, reason: str = "Sound is off.", problem: str = "") -> None:
        super().__init__()
        self._fail(reason, problem or reason.rstrip(".").lower())

    def play(self, cue: str) -> None:
        pass


def _sound_path(sounds_dir: Path, cue: str) -> Path:
    return sounds_dir / f"{cue}.wav"


def _missing_sounds(sounds_dir: Path) -> list[str]:
    return [f"{cue}.wav" for cue in CUES if not _sound_path(sounds_dir, cue).is_file()]


