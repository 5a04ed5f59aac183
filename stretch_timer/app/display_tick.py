"""When the player's screen is woken for a repaint: the display tick's timing, apart from the cues' timing.

The session driver owns one of these. While the session runs, it asks for a repaint about every display
interval, or, when the screen says when it next changes (its ``due`` function), just past that moment and not
before, or not at all while the screen says something else moves it (``math.inf``: the breathing pacer, whose
frames move the ring too). It only reads the session and its clock; it never changes the session.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

from stretch_timer.core.session import Session, State

log = logging.getLogger(__name__)

DISPLAY_OVERDUE_S = 0.01
"""A poll finding the waiting display tick due this long ago or less leaves it to fire: it is on its way (a
tick much further overdue never fired, as on a test's fake clock, and is armed afresh)."""


class DisplayTick:
    """The display timer (a child of ``parent``, named ``display_timer``) and the rule that arms it.

    ``on_tick`` is called each time it fires; the next tick is armed right after."""

    def __init__(self, parent: QObject, session: Session, interval_ms: int, on_tick: Callable[[], None]) -> None:
        self._session = session
        self._on_tick = on_tick
        self._interval_ms = max(1, int(interval_ms))
        self._due: Callable[[Session], float | None] | None = None
        self._on_interval = True  # whether the waiting display tick keeps the interval's rhythm
        self._at: float | None = None  # the clock time the waiting tick (on a due time) fires
        self.timer = QTimer(parent)
        self.timer.setObjectName("display_timer")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._timeout)

    @property
    def tick_at(self) -> float | None:
        """Clock time the waiting tick fires, when it waits on a due time the screen named (else None)."""
        if self._on_interval or not self.timer.isActive():
            return None
        return self._at

    def set_due(self, due: Callable[[Session], float | None] | None) -> None:
        """Use ``due(session)`` (seconds from now to the next visible change) from the next arming on."""
        self._due = due

    def stop(self) -> None:
        self.timer.stop()

    def _timeout(self) -> None:
        self._on_tick()
        self.arm(restart=True)

    def arm(self, *, restart: bool = False) -> None:
        """The next display tick: when the screen next changes if it says so, else on the interval's rhythm.

        Every poll calls this; a due time is recomputed from now, so re-arming keeps the same moment, but an
        interval tick already waiting is left alone (``restart`` aside): restarting it at each of many close
        polls would put the display off for ever. Nor does a poll put off a waiting tick for a sooner change: a
        poll between a change and its tick (1 ms past it; the heartbeat falls on the seconds too) would find
        the next change instead and leave that one unshown until then.
        """
        session = self._session
        timer = self.timer
        if session.state is not State.RUNNING:
            timer.stop()
            return
        due: float | None = None
        if self._due is not None:
            try:
                due = self._due(session)
            except Exception:  # a display question must never stop the session
                log.exception("display_due failed")
        if due is None:
            if timer.isActive() and self._on_interval and not restart:
                return
            self._on_interval = True
            timer.start(self._interval_ms)
            return
        if math.isinf(due):  # something else moves the screen for now
            self._on_interval = False
            timer.stop()
            return
        now = session.clock.now()
        waiting = self._at
        if (not restart and not self._on_interval and waiting is not None and timer.isActive()
                and now - DISPLAY_OVERDUE_S <= waiting < now + due):
            return  # the waiting tick shows a change just come (or sooner than the next): it stays
        rate = float(getattr(session.clock, "rate", 1.0)) or 1.0
        ms = max(1, math.ceil(max(0.0, due) / rate * 1000) + 1)  # just past the change
        self._on_interval = False
        self._at = now + ms / 1000 * rate
        timer.start(ms)
