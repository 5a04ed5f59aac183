"""The History page's figures (streak, calendar marks, weekly counts) until ``core/history/stats.py`` lands.

A stand-in with the signatures of the issue's spec, so the page is written against them now and switching to
the core's statistics is one import in :mod:`.history_page`. Pure Python on the records, like the core's.

What a night is: a bedtime routine started before :data:`NIGHT_ENDS_HOUR` in the morning belongs to the evening
before (a routine at 00:30 keeps the streak of the night it ends). Days, weeks and nights are read in the
person's time zone (``tz``), so a daylight-saving change never moves a routine to another day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stretch_timer.core.history.records import CrampRow, SessionRow

NIGHT_ENDS_HOUR = 4
"""A bedtime routine started before 04:00 counts for the night that began the evening before."""


@dataclass(frozen=True)
class DayMark:
    """One day of a month calendar."""

    day: dt.date
    sessions: int
    """Runs started that day."""
    bedtime: bool
    """A bedtime routine was completed that night."""
    cramps: int
    """Cramps logged that day."""


def night_of(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The night ``moment`` belongs to, named by the date of its evening."""
    local = moment.astimezone(tz)
    day = local.date()
    return day - dt.timedelta(days=1) if local.hour < NIGHT_ENDS_HOUR else day


def bedtime_nights(sessions: Iterable[SessionRow], tz: dt.tzinfo) -> set[dt.date]:
    return {night_of(s.started, tz) for s in sessions if s.bedtime and s.completed}


def bedtime_streak(sessions: Iterable[SessionRow], today: dt.date, tz: dt.tzinfo) -> int:
    """Nights in a row with a completed bedtime routine, up to tonight (or last night, while tonight's is still
    to come: an unfinished evening never breaks the streak)."""
    nights = bedtime_nights(sessions, tz)
    night = today if today in nights else today - dt.timedelta(days=1)
    count = 0
    while night in nights:
        count += 1
        night -= dt.timedelta(days=1)
    return count


def _month_bounds(year: int, month: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """A span (aware) surely covering the month in ``tz``, with a day to spare each side for night rules."""
    first = dt.datetime(year, month, 1, tzinfo=tz) - dt.timedelta(days=2)
    days = calendar.monthrange(year, month)[1]
    last = dt.datetime(year, month, days, tzinfo=tz) + dt.timedelta(days=3)
    return first, last


def month_calendar(sessions: Iterable[SessionRow], cramps: Iterable[CrampRow], year: int, month: int,
                   tz: dt.tzinfo) -> list[DayMark]:
    """Every day of ``month``: runs started, whether a bedtime routine was done that night, cramps logged."""
    low, high = _month_bounds(year, month, tz)
    runs: Counter[dt.date] = Counter()
    nights: set[dt.date] = set()
    for s in sessions:
        if low <= s.started <= high:
            runs[s.started.astimezone(tz).date()] += 1
            if s.bedtime and s.completed:
                nights.add(night_of(s.started, tz))
    logged: Counter[dt.date] = Counter(c.at.astimezone(tz).date() for c in cramps if low <= c.at <= high)
    days = calendar.monthrange(year, month)[1]
    out = []
    for number in range(1, days + 1):
        day = dt.date(year, month, number)
        out.append(DayMark(day, runs[day], day in nights, logged[day]))
    return out


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weeks(weeks: int, today: dt.date) -> list[dt.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, the last one being this week's."""
    this = week_start(today)
    return [this - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


def _since(weeks: list[dt.date], tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(weeks[0], dt.time(), tzinfo=tz) - dt.timedelta(days=1)


def cramps_per_week(cramps: Iterable[CrampRow], weeks: int, today: dt.date,
                    tz: dt.tzinfo) -> list[tuple[dt.date, int]]:
    """Cramps logged in each of the last ``weeks`` weeks (Monday to Sunday), oldest week first."""
    starts = _weeks(weeks, today)
    since = _since(starts, tz)
    counts: Counter[dt.date] = Counter(week_start(c.at.astimezone(tz).date()) for c in cramps if c.at >= since)
    return [(start, counts[start]) for start in starts]


def median_relief_per_week(sessions: Iterable[SessionRow], weeks: int, today: dt.date,
                           tz: dt.tzinfo) -> list[tuple[dt.date, float | None]]:
    """The median seconds to relief ("It let go") in each of the last ``weeks`` weeks; None for a week with
    none timed."""
    starts = _weeks(weeks, today)
    since = _since(starts, tz)
    times: dict[dt.date, list[float]] = {}
    for s in sessions:
        if s.time_to_relief is not None and s.started >= since:
            times.setdefault(week_start(s.started.astimezone(tz).date()), []).append(s.time_to_relief)
    return [(start, statistics.median(times[start]) if start in times else None) for start in starts]


def most_used_routines(sessions: Sequence[SessionRow], limit: int = 5) -> list[tuple[str, str, int]]:
    """(routine id, its latest name, runs) for the routines run most, most first (ties by name)."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for s in sessions:  # newest first: the first name seen is the latest
        counts[s.routine_id] += 1
        names.setdefault(s.routine_id, s.routine_name)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].casefold(), item[0]))
    return [(rid, names[rid], count) for rid, count in ranked[:limit]]
