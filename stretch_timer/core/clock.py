"""Where time comes from.

The session never counts ticks: it asks a clock how long it has been. Injecting the clock lets tests (and the
Qt shell's tests) step time by hand, deterministically, with no event loop.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """A monotonic time source in seconds; only differences between readings mean anything."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: monotonic, so wall-clock changes (NTP, DST, the user) never jump a hold."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to, for tests."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self._now += seconds

    def set(self, t: float) -> None:
        if t < self._now:
            raise ValueError("a monotonic clock cannot go backwards")
        self._now = t
