"""What the History page shows, worked out from plain rows: the bedtime streak, a month calendar, cramps and
the median time to relief per week, and the most-used routines.

Pure functions of rows, a "today" and a timezone (no clock, no database), so they are tested with seeded
rows across month, year and DST boundaries. Every row is placed by its wall-clock time in ``tz``, the
person's zone now (a row's own offset, kept by the store, is what the lists show).

A **night** runs from the evening until ``NIGHT_CUTOFF_HOUR`` (05:00) the next morning and is named by the
evening's date: a bedtime routine at 00:30 on the 2nd, or a cramp at 03:00, belongs to the night of the 1st.
Five o'clock is late enough for the small hours people wake with a cramp and early enough that a morning
stretch at six is not counted as the night before. The cut-off is wall-clock time, so a 23- or 25-hour night
at a DST change is still one night. Weeks start on Monday and are named by that Monday's date (no ISO week
numbers, which make week 1 and week 53 awkward at a new year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .records import CrampRow, SessionRow

__all__ = [
    "NIGHT_CUTOFF_HOUR",
    "DayMark",
    "bedtime_nights",
    "bedtime_streak",
    "cramps_per_week",
    "median_relief_per_week",
    "month_calendar",
    "most_used_routines",
    "night_of",
    "week_start",
]

NIGHT_CUTOFF_HOUR = 5
"""A moment before 05:00 local time belongs to the night that began the evening before."""


@dataclass(frozen=True)
class DayMark:
    """One day of a month calendar."""

    date: dt.date
    sessions: int
    """Runs started this calendar day."""
    completed: int
    """Of those, the runs that reached their end."""
    bedtime: bool
    """The night of this date (its evening and the small hours after) had a completed bedtime routine: the
    nights the streak counts."""
    cramps: int
    """Cramps logged this calendar day."""


def night_of(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The night ``moment`` belongs to, by its evening's date in ``tz`` (before 05:00: the evening before)."""
    local = moment.astimezone(tz).replace(tzinfo=None)
    return (local - dt.timedelta(hours=NIGHT_CUTOFF_HOUR)).date()


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def bedtime_nights(sessions: Iterable[SessionRow], tz: dt.tzinfo) -> set[dt.date]:
    """The nights with at least one completed bedtime routine."""
    return {night_of(row.started, tz) for row in sessions if row.bedtime and row.completed}


def bedtime_streak(sessions: Iterable[SessionRow], today: dt.date, tz: dt.tzinfo) -> int:
    """Nights in a row, up to tonight, with a completed bedtime routine.

    ``today`` is tonight's night (``night_of(now, tz)``; a plain date works too). Tonight not done yet does not
    break the streak: it counts back from last night then, so the page does not show 0 at nine in the evening.
    """
    nights = bedtime_nights(sessions, tz)
    night = today if today in nights else today - dt.timedelta(days=1)
    streak = 0
    while night in nights:
        streak += 1
        night -= dt.timedelta(days=1)
    return streak


def month_calendar(sessions: Iterable[SessionRow], cramps: Iterable[CrampRow], year: int, month: int,
                   tz: dt.tzinfo) -> list[DayMark]:
    """One mark per day of ``month`` (all its days, in order), from rows of any range."""
    runs: Counter[dt.date] = Counter()
    done: Counter[dt.date] = Counter()
    nights: set[dt.date] = set()
    for row in sessions:
        day = row.started.astimezone(tz).date()
        runs[day] += 1
        if row.completed:
            done[day] += 1
            if row.bedtime:
                nights.add(night_of(row.started, tz))
    cramp_days = Counter(row.at.astimezone(tz).date() for row in cramps)
    days = calendar.monthrange(year, month)[1]
    marks = []
    for number in range(1, days + 1):
        day = dt.date(year, month, number)
        marks.append(DayMark(day, runs[day], done[day], day in nights, cramp_days[day]))
    return marks


def _weeks(weeks: int, today: dt.date) -> list[dt.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, ending with ``today``'s week."""
    last = week_start(today)
    return [last - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def cramps_per_week(cramps: Iterable[CrampRow], weeks: int, today: dt.date,
                    tz: dt.tzinfo) -> list[tuple[dt.date, int]]:
    """(Monday, cramps logged that week) for the last ``weeks`` weeks, oldest first, this week last."""
    mondays = _weeks(weeks, today)
    counts = Counter(week_start(row.at.astimezone(tz).date()) for row in cramps)
    return [(monday, counts[monday]) for monday in mondays]


def median_relief_per_week(sessions: Iterable[SessionRow], weeks: int, today: dt.date,
                           tz: dt.tzinfo) -> list[tuple[dt.date, float | None]]:
    """(Monday, median seconds until "It let go" that week, None for a week without one), oldest first."""
    mondays = _weeks(weeks, today)
    times: dict[dt.date, list[float]] = {monday: [] for monday in mondays}
    for row in sessions:
        if row.time_to_relief is None:
            continue
        monday = week_start(row.started.astimezone(tz).date())
        if monday in times:
            times[monday].append(row.time_to_relief)
    return [(monday, statistics.median(times[monday]) if times[monday] else None) for monday in mondays]


def most_used_routines(sessions: Iterable[SessionRow], limit: int = 5) -> list[tuple[str, str, int]]:
    """(routine id, its latest name, runs) for the routines run most, most first; ties: the one run last first."""
    counts: Counter[str] = Counter()
    latest: dict[str, SessionRow] = {}
    for row in sessions:
        counts[row.routine_id] += 1
        seen = latest.get(row.routine_id)
        if seen is None or (row.started, row.id) > (seen.started, seen.id):
            latest[row.routine_id] = row
    ranked = sorted(counts, key=lambda rid: (-counts[rid], -latest[rid].started.timestamp(), rid))
    return [(rid, latest[rid].routine_name, counts[rid]) for rid in ranked[:max(0, limit)]]
