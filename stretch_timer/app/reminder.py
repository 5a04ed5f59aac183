"""The bedtime reminder at run time: wakes up when :func:`stretch_timer.core.reminder.next_due` says, and says
``due`` when the wall clock agrees.

A QTimer only wakes the app; the wall clock decides. That matters because Qt's timers count monotonic time,
which stands still while a laptop sleeps: a timer set at 21:00 for 22:00 that sleeps from 21:30 to 22:30 would
go off at 23:00. So besides the one single-shot timer there is a coarse check once a minute that compares how
far the wall clock and the monotonic clock moved; a jump (a wake, or the clock being set) re-plans at once,
which fires the missed reminder if it is less than an hour late. With the reminder off, no timer runs at all:
an idle app costs nothing.

When it last fired is a setting, so a restart (or a login shortly after the reminder time) does not remind
twice; a snooze is kept only while the app runs. Switching the reminder on, or changing its time, owes nothing
from before that moment: a time that passed ten minutes ago does not go off at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from stretch_timer.app.settings import Settings
from stretch_timer.core import reminder as timing
from stretch_timer.core.clock import Clock, MonotonicClock

CHECK_EVERY_MS = 60_000
"""The wake check: once a minute (a sleep shows as the wall clock moving further than the monotonic one)."""
JUMP = dt.timedelta(seconds=30)
LONGEST_WAIT_MS = 60 * 60 * 1000
"""The single-shot never waits longer than this, so a changed time zone is seen within the hour."""

_PLAN_SETTINGS = frozenset({"reminder_enabled", "reminder_time"})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_zone() -> dt.tzinfo:
    """The local time zone with its DST rules (``astimezone()`` alone gives today's fixed offset only)."""
    name = os.environ.get("TZ")
    if name is None:
        with contextlib.suppress(OSError, ValueError), open("/etc/localtime", "rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    else:  # the C library follows TZ, so do we
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(name.lstrip(":"))
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


class Reminder(QObject):
    """The daily reminder for one app. ``due`` is emitted once per evening (again after a snooze)."""

    due = Signal()

    def __init__(self, settings: Settings, *, wall_clock: Callable[[], dt.datetime] = _now,
                 clock: Clock | None = None, zone: Callable[[], dt.tzinfo] = local_zone,
                 check_every_ms: int = CHECK_EVERY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._wall = wall_clock
        self._clock: Clock = clock or MonotonicClock()
        self._zone = zone
        self._snoozed_until: dt.datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may wake minutes early on an hour
        self._timer.timeout.connect(self.check)
        self._watch = QTimer(self)
        self._watch.setInterval(check_every_ms)
        self._watch.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._watch.timeout.connect(self._look_for_jump)
        self._marks = (self._clock.now(), self._wall())
        settings.changed.connect(self._setting_changed)
        if self.plan().enabled:
            if settings.reminder_last_fired is None:
                settings.reminder_last_fired = self._wall()
            self._timer.start(0)  # the first look once the event loop runs: whoever listens to ``due`` is connected

    # --- what is planned -------------------------------------------------------------------------------

    def plan(self) -> timing.ReminderPlan:
        return timing.ReminderPlan(self._settings.reminder_time, self._settings.reminder_enabled)

    def next_due(self) -> dt.datetime | None:
        """When it will fire next (in the local zone), None when off."""
        return timing.next_due(self.plan(), self._wall(), self._settings.reminder_last_fired, self._snoozed_until,
                               self._zone())

    @property
    def waiting(self) -> bool:
        """A timer is set (False when the reminder is off: nothing wakes the app)."""
        return self._timer.isActive() or self._watch.isActive()

    # --- answers from the notification -----------------------------------------------------------------

    def snooze(self, minutes: float = 10) -> None:
        self._snoozed_until = timing.snooze(self._wall(), dt.timedelta(minutes=minutes))
        self.check()

    def not_tonight(self) -> None:
        self._snoozed_until = None
        self._settings.reminder_last_fired = timing.not_tonight(self.plan(), self._wall(), self._zone())
        self.check()

    # --- waking up -------------------------------------------------------------------------------------

    def check(self) -> None:
        """Fire if the wall clock says so, then set the timers for the next time (or none when off)."""
        self._timer.stop()
        due = self.next_due()
        if due is None:
            self._watch.stop()
            return
        now = self._wall()
        if due <= now:
            self._settings.reminder_last_fired = now
            self.due.emit()
            due = self.next_due()
            if due is None:  # a handler switched it off
                self._watch.stop()
                return
        wait = (due - now).total_seconds() * 1000
        self._timer.start(max(1, min(LONGEST_WAIT_MS, int(wait) + 1)))
        if not self._watch.isActive():
            self._marks = (self._clock.now(), self._wall())
            self._watch.start()

    def _look_for_jump(self) -> None:
        then_mono, then_wall = self._marks
        now_mono, now_wall = self._clock.now(), self._wall()
        self._marks = (now_mono, now_wall)
        drift = (now_wall - then_wall) - dt.timedelta(seconds=now_mono - then_mono)
        if abs(drift) > JUMP:
            self.check()

    def _setting_changed(self, name: str) -> None:
        if name not in _PLAN_SETTINGS:
            return
        if self.plan().enabled:  # nothing owed from before this choice
            self._snoozed_until = None
            self._settings.reminder_last_fired = self._wall()
        self.check()
