"""Stand-ins for the cue player and the voice while the real ones are still being made.

A run starts the moment it is asked for, from the clock; sound and voice come up after the first paint (the
cue streams warm up, the speech service starts in its own process). The session driver is handed a
``LateCuePlayer`` and a ``LateVoice`` at once and keeps them for the whole run; each forwards to the real
object once :meth:`bind` gives it one, and until then remembers just enough to join in:

* volume, mute and on/off settings, passed on when the real object arrives;
* the last cue or announcement asked for, played or said late when the real object arrives soon enough
  (``fresh_for`` seconds, measured on a monotonic clock), and skipped otherwise: a tick or a "Switch sides"
  long after its moment would mislead.

Nothing here waits: a cue or announcement that comes too early is late or is skipped, the timer never is.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

LATE_CUE_S = 0.5
"""How late a cue asked for before the player existed may still sound when the player arrives."""

LATE_SAY_S = 2.0
"""How late an announcement asked for before the voice existed may still be said (the driver's own limit for
a late announcement)."""


class LateCuePlayer:
    """A :class:`~stretch_timer.media.cue_base.CuePlayer` that forwards to the player given to :meth:`bind`.

    Before that it is "available" (nothing is known to be wrong yet, so the screen shows no warning), plays
    nothing, and keeps the last cue asked for with the time it was asked. The optional player methods the
    driver looks for (``schedule``, ``cancel_scheduled``: cues written ahead into a player's streams) exist
    here exactly when the real player has them, so the driver treats the stand-in as it would the player.
    """

    OPTIONAL = ("schedule", "cancel_scheduled")

    def __init__(self, *, fresh_for: float = LATE_CUE_S, now: Callable[[], float] = time.monotonic) -> None:
        self._target: Any | None = None
        self._fresh_for = fresh_for
        self._now = now
        self._volume = 1.0
        self._muted = False
        self._waiting: tuple[str, float] | None = None
        self.late: list[str] = []
        """Cues asked for before the player existed and played when it arrived (for tests and diagnostics)."""
        self.skipped: list[str] = []
        """Cues asked for before the player existed and dropped as too late."""

    @property
    def target(self) -> Any | None:
        """The real player, once bound."""
        return self._target

    @property
    def pending(self) -> bool:
        return self._target is None

    @property
    def backend(self) -> str:
        return str(self._target.backend) if self._target is not None else "pending"

    @property
    def available(self) -> bool:
        return bool(self._target.available) if self._target is not None else True

    @property
    def reason(self) -> str:
        return str(self._target.reason) if self._target is not None else ""

    @property
    def volume(self) -> float:
        return float(self._target.volume) if self._target is not None else self._volume

    @property
    def muted(self) -> bool:
        return bool(self._target.muted) if self._target is not None else self._muted

    def play(self, cue: str) -> None:
        """Start the cue now through the real player, or remember it until the player arrives."""
        target = self._target
        if target is None:
            if self._waiting is not None:
                self.skipped.append(self._waiting[0])  # a newer cue replaces it
            self._waiting = (cue, self._now())
            return
        _guard(target.play, cue)

    def __getattr__(self, name: str) -> Any:
        """The real player's optional methods (see ``OPTIONAL``), once there is a player that has them."""
        if name in LateCuePlayer.OPTIONAL:
            method = getattr(self.__dict__.get("_target"), name, None)
            if method is not None:
                return method
        raise AttributeError(name)

    def set_volume(self, volume: float) -> None:
        if self._target is not None:
            _guard(self._target.set_volume, volume)
        else:
            with contextlib.suppress(TypeError, ValueError):
                self._volume = min(1.0, max(0.0, float(volume)))

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if self._target is not None:
            _guard(self._target.set_muted, self._muted)

    def bind(self, player: Any) -> None:
        """From now on ``player`` plays: it gets the volume and mute set so far, then the waiting cue if it is
        still fresh enough to be worth hearing."""
        if self._target is not None:
            return
        _guard(player.set_volume, self._volume)
        _guard(player.set_muted, self._muted)
        self._target = player
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            return
        cue, asked_at = waiting
        if self._now() - asked_at <= self._fresh_for:
            self.late.append(cue)
            _guard(player.play, cue)
        else:
            self.skipped.append(cue)

    def __repr__(self) -> str:
        return f"<LateCuePlayer {'pending' if self._target is None else repr(self._target)}>"


class LateVoice:
    """The voice for the driver: forwards to the voice given to :meth:`bind`.

    Before that it is "available" and "pending", keeps the on/off and volume settings, and keeps the last
    announcement with the time it was asked, to be said when the voice arrives if still fresh. ``stop`` or a
    newer announcement replaces it, as with a real voice.
    """

    def __init__(self, *, fresh_for: float = LATE_SAY_S, now: Callable[[], float] = time.monotonic) -> None:
        self._target: Any | None = None
        self._fresh_for = fresh_for
        self._now = now
        self._enabled = True
        self._volume = 1.0
        self._volume_set = False
        self._waiting: tuple[str, float] | None = None

    @property
    def target(self) -> Any | None:
        return self._target

    @property
    def pending(self) -> bool:
        """No voice yet, or one still starting."""
        return self._target is None or bool(getattr(self._target, "pending", False))

    @property
    def available(self) -> bool:
        return bool(self._target.available) if self._target is not None else True

    @property
    def reason(self) -> str:
        return str(self._target.reason) if self._target is not None else ""

    @property
    def engine(self) -> str:
        return str(getattr(self._target, "engine", "")) if self._target is not None else ""

    @property
    def enabled(self) -> bool:
        return bool(self._target.enabled) if self._target is not None else self._enabled

    @property
    def volume(self) -> float:
        return float(self._target.volume) if self._target is not None else self._volume

    @property
    def speaking(self) -> bool:
        return bool(getattr(self._target, "speaking", False)) if self._target is not None else False

    @property
    def spoken(self) -> list[str]:
        return list(getattr(self._target, "spoken", [])) if self._target is not None else []

    def say(self, text: str) -> None:
        target = self._target
        if target is None:
            if self._enabled and text:
                self._waiting = (text, self._now())
            return
        _guard(target.say, text)

    def stop(self) -> None:
        self._waiting = None
        if self._target is not None:
            _guard(self._target.stop)

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = bool(enabled)
        if not self._enabled:
            self._waiting = None
        if self._target is not None:
            _guard(self._target.set_enabled, self._enabled)

    def set_volume(self, volume: float) -> None:
        with contextlib.suppress(TypeError, ValueError):
            v = float(volume)
            if v == v:  # not NaN
                self._volume = min(1.0, max(0.0, v))
                self._volume_set = True
        if self._target is not None:
            _guard(self._target.set_volume, volume)

    def bind(self, voice: Any) -> None:
        """From now on ``voice`` speaks: it gets the settings made so far, then the waiting announcement if
        it is still fresh."""
        if self._target is not None:
            return
        if self._volume_set:
            _guard(voice.set_volume, self._volume)
        if not self._enabled:
            _guard(voice.set_enabled, False)
        self._target = voice
        waiting, self._waiting = self._waiting, None
        if waiting is not None and self._now() - waiting[1] <= self._fresh_for:
            _guard(voice.say, waiting[0])

    def __repr__(self) -> str:
        return f"<LateVoice {'pending' if self._target is None else repr(self._target)}>"


def _guard(action: Callable[..., object], *args: object) -> None:
    """A sound or speech call that raises must never stop a stretch."""
    try:
        action(*args)
    except Exception:
        log.exception("cue or voice call failed")
