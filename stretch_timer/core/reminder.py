"""When the daily bedtime reminder is due: pure arithmetic on aware datetimes, so fake clocks can test it.

The Qt side (``app/reminder.py``) only wakes up; it asks :func:`next_due` what the wall clock says now. The
rules a person would expect, whatever the clock does:

- once a day: a firing *covers* the latest reminder time at or before it (a snooze firing later still belongs
  to the same evening), and the next one is the first reminder time after that;
- never more than an hour late: a laptop that slept through the time fires once on waking when the time is
  less than :data:`LATE_LIMIT` ago, otherwise that day is skipped (a reminder at 1 a.m. for bedtime is noise);
- daylight saving: a time inside the hour that is skipped (02:30 on a spring-forward night) fires at the first
  moment that exists after it (03:00); a time inside the hour that is repeated (fall back) fires on its first
  pass only.

Times are wall-clock times in ``tz`` (a ``zoneinfo.ZoneInfo`` for real DST rules); ``now``, ``last_fired`` and
``snoozed_until`` are aware datetimes in any zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import overload

LATE_LIMIT = dt.timedelta(hours=1)
"""A reminder found missed (the machine slept) still fires when it is less late than this."""
SNOOZE = dt.timedelta(minutes=10)
EVENING = dt.timedelta(hours=6)
""""Not tonight" within this long after a reminder time means that reminder; later, the coming one."""

_UTC = dt.UTC


@dataclass(frozen=True)
class ReminderPlan:
    """What the person chose: a time of day, and whether the reminder is on at all."""

    time: dt.time
    enabled: bool


def occurrence(day: dt.date, at: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The moment ``at`` happens on ``day`` in ``tz`` (in UTC): the first pass of a repeated hour, or the first
    moment after a skipped one."""
    wall = dt.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = wall.replace(tzinfo=tz).astimezone(_UTC)  # fold=0: the first pass, or past the gap
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # ``wall`` does not exist (the clocks jumped over it). fold=1 maps it before the jump, fold=0 after it:
    # the jump is between the two, and it is the first moment whose wall time is at or after ``wall``.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(_UTC)
    high = first
    if low > high:
        low, high = high, low
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def latest_at_or_before(moment: dt.datetime, at: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The last reminder time at or before ``moment``."""
    day = moment.astimezone(tz).date()
    for offset in (1, 0, -1, -2):  # a day either side covers any time zone's oddities
        candidate = occurrence(day + dt.timedelta(days=offset), at, tz)
        if candidate <= moment:
            return candidate
    raise AssertionError("unreachable: a reminder time two days back is always before")  # pragma: no cover


def first_after(moment: dt.datetime, at: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The first reminder time strictly after ``moment``."""
    day = moment.astimezone(tz).date()
    for offset in (-1, 0, 1, 2):
        candidate = occurrence(day + dt.timedelta(days=offset), at, tz)
        if candidate > moment:
            return candidate
    raise AssertionError("unreachable: a reminder time two days on is always after")  # pragma: no cover


@overload
def _utc(moment: dt.datetime) -> dt.datetime: ...
@overload
def _utc(moment: None) -> None: ...
def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(_UTC)


def snooze_pending(last_fired: dt.datetime | None, snoozed_until: dt.datetime | None) -> bool:
    """A snooze that has not fired yet (firing records ``last_fired`` at or after it)."""
    return snoozed_until is not None and (last_fired is None or snoozed_until > last_fired)


def next_due(plan: ReminderPlan, now: dt.datetime, last_fired: dt.datetime | None,
             snoozed_until: dt.datetime | None, tz: dt.tzinfo | None = None) -> dt.datetime | None:
    """When the reminder should fire next (``<= now``: now), or None when it is off.

    ``last_fired`` is when it last fired (or the moment "not tonight" covers); with None, nothing earlier than
    ``now`` is owed. A pending snooze comes first unless it is more than :data:`LATE_LIMIT` late.
    """
    if not plan.enabled:
        return None
    zone = tz or now.tzinfo or _UTC
    # Arithmetic between datetimes of one zone is wall-clock arithmetic (an hour is lost across DST): in UTC.
    now, last_fired, snoozed_until = _utc(now), _utc(last_fired), _utc(snoozed_until)
    if snooze_pending(last_fired, snoozed_until) and snoozed_until is not None and \
            now - snoozed_until <= LATE_LIMIT:
        return snoozed_until
    # A firing covers the reminder time before it, so the next is the first after it (and after a snooze that
    # was dropped for being too late).
    covered = now - dt.timedelta(microseconds=1) if last_fired is None else max(last_fired, snoozed_until or last_fired)
    candidate = first_after(covered, plan.time, zone)
    while now - candidate > LATE_LIMIT:  # slept through it: skip to the next day that can still be met
        candidate = first_after(candidate, plan.time, zone)
    return candidate.astimezone(zone)


def is_due(plan: ReminderPlan, now: dt.datetime, last_fired: dt.datetime | None,
           snoozed_until: dt.datetime | None, tz: dt.tzinfo | None = None) -> bool:
    """Fire now? (On a timer's tick and on waking from sleep: the same question of the wall clock.)"""
    due = next_due(plan, now, last_fired, snoozed_until, tz)
    return due is not None and due <= now


on_wake = is_due
"""After a sleep: fire once if the missed time is within the hour, otherwise nothing until the next day."""


def snooze(now: dt.datetime, length: dt.timedelta = SNOOZE) -> dt.datetime:
    """The ``snoozed_until`` that asks again ``length`` from now."""
    return now.astimezone(_UTC) + length


def not_tonight(plan: ReminderPlan, now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The ``last_fired`` that skips tonight's reminder: the one of the last :data:`EVENING` (answered from its
    notification), or else the coming one (asked beforehand). Clear ``snoozed_until`` with it."""
    zone = tz or now.tzinfo or _UTC
    previous = latest_at_or_before(now, plan.time, zone)
    if now.astimezone(_UTC) - previous <= EVENING:
        return now
    return first_after(now, plan.time, zone)
