"""The one home for the test fakes of sound, voice and the screen saver.

They stand in for the real backends where a test is about something else (the player, the driver, the
window), and remember what they were asked, so a test can check it. The real backends have their own
tests, against a real PulseAudio null sink and a real speech service (``tests/media``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FakeCues:
    """A cue player that records what it was asked to play (``plays``) and, given a ``clock``, when
    (``played``: (cue, clock time))."""

    available: bool = True
    reason: str = ""
    backend: str = "fake"
    volume: float = 1.0
    muted: bool = False
    clock: Callable[[], float] | None = None
    plays: list[str] = field(default_factory=list)
    played: list[tuple[str, float]] = field(default_factory=list)

    def play(self, cue: str) -> None:
        self.plays.append(cue)
        self.played.append((cue, self.clock() if self.clock is not None else 0.0))

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def offsets(self, t0: float) -> list[tuple[str, float]]:
        """What played, and how long after ``t0`` (rounded to the microsecond)."""
        return [(cue, round(at - t0, 6)) for cue, at in self.played]


@dataclass
class SchedulingCues(FakeCues):
    """A cue player that can also be handed cues ahead of time, as the Qt streams can."""

    scheduled: list[tuple[str, float]] = field(default_factory=list)
    """(cue, delay in real seconds) as handed over."""
    cancelled: int = 0

    def schedule(self, cue: str, delay: float) -> bool:
        self.scheduled.append((cue, delay))
        return True

    def cancel_scheduled(self) -> None:
        self.cancelled += 1


@dataclass
class FakeVoice:
    """A voice that records what it said (only while enabled and available)."""

    available: bool = True
    reason: str = ""
    engine: str = "fake"
    enabled: bool = True
    volume: float = 1.0
    spoken: list[str] = field(default_factory=list)
    stops: int = 0

    def say(self, text: str) -> None:
        if self.enabled and self.available:
            self.spoken.append(text)

    def stop(self) -> None:
        self.stops += 1

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled

    def set_volume(self, volume: float) -> None:
        self.volume = volume


@dataclass
class FakeInhibitor:
    """A screen-saver inhibitor that counts what it was asked."""

    inhibits: int = 0
    releases: int = 0
    active: bool = False

    def inhibit(self, reason: str = "") -> None:
        self.inhibits += 1
        self.active = True

    def release(self) -> None:
        if self.active:
            self.releases += 1
        self.active = False
