"""The History page's figures from seeded rows: nights with the 05:00 cut-off, the streak, the month calendar,
weekly counts and medians, across month, year and DST boundaries in Berlin and New York."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.core.history.stats import (
    NIGHT_CUTOFF_HOUR,
    DayMark,
    bedtime_streak,
    cramps_per_week,
    median_relief_per_week,
    month_calendar,
    most_used_routines,
    night_of,
    week_start,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC

MakeSession = Callable[..., SessionRow]
MakeCramp = Callable[..., CrampRow]


def local(tz: dt.tzinfo, *parts: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=tz, fold=fold)  # type: ignore[misc]


@pytest.mark.parametrize(("moment", "night"), [
    (local(BERLIN, 2026, 1, 2, 0, 30), dt.date(2026, 1, 1)),
    (local(BERLIN, 2026, 1, 2, 4, 59), dt.date(2026, 1, 1)),
    (local(BERLIN, 2026, 1, 2, 5, 0), dt.date(2026, 1, 2)),
    (local(BERLIN, 2026, 1, 1, 23, 59), dt.date(2026, 1, 1)),
    (local(BERLIN, 2027, 1, 1, 0, 15), dt.date(2026, 12, 31)),   # a new year's small hours: the old year's night
    (local(BERLIN, 2026, 3, 1, 1, 0), dt.date(2026, 2, 28)),     # a new month's small hours
    (local(BERLIN, 2026, 3, 29, 3, 30), dt.date(2026, 3, 28)),   # the short night clocks go forward
    (local(NEW_YORK, 2026, 11, 1, 1, 30, fold=1), dt.date(2026, 10, 31)),  # the second 01:30 of a fall-back
])
def test_a_night_runs_until_five_in_the_morning(moment: dt.datetime, night: dt.date) -> None:
    assert NIGHT_CUTOFF_HOUR == 5
    assert night_of(moment, moment.tzinfo) == night  # type: ignore[arg-type]


def test_night_of_uses_the_zone_asked_for() -> None:
    moment = dt.datetime(2026, 1, 2, 3, 30, tzinfo=UTC)  # 04:30 in Berlin, 22:30 the evening before in New York
    assert night_of(moment, BERLIN) == dt.date(2026, 1, 1)
    assert night_of(moment, NEW_YORK) == dt.date(2026, 1, 1)
    assert night_of(moment + dt.timedelta(hours=1), BERLIN) == dt.date(2026, 1, 2)  # 05:30 in Berlin


def nightly(make_session: MakeSession, moments: list[dt.datetime], **kwargs: object) -> list[SessionRow]:
    return [make_session(moment, row_id=index + 1, **kwargs) for index, moment in enumerate(moments)]


def test_the_streak_counts_nights_with_a_completed_bedtime_routine(make_session: MakeSession) -> None:
    rows = nightly(make_session, [
        local(BERLIN, 2026, 1, 1, 22, 0),
        local(BERLIN, 2026, 1, 2, 23, 45),
        local(BERLIN, 2026, 1, 4, 0, 30),    # the night of the 3rd, after midnight
        local(BERLIN, 2026, 1, 4, 22, 10),
        local(BERLIN, 2026, 1, 4, 22, 40),   # twice in one night counts once
    ])
    rows.append(make_session(local(BERLIN, 2026, 1, 5, 22, 0), row_id=9, completed=False))  # stopped early
    rows.append(make_session(local(BERLIN, 2026, 1, 5, 22, 5), row_id=10, bedtime=False))  # not a bedtime one
    assert bedtime_streak(rows, dt.date(2026, 1, 4), BERLIN) == 4
    # Tonight (the 5th) not done yet: the streak up to last night still stands, until tomorrow.
    assert bedtime_streak(rows, dt.date(2026, 1, 5), BERLIN) == 4
    assert bedtime_streak(rows, dt.date(2026, 1, 6), BERLIN) == 0
    assert bedtime_streak([], dt.date(2026, 1, 6), BERLIN) == 0


def test_a_gap_ends_the_streak(make_session: MakeSession) -> None:
    rows = nightly(make_session, [local(BERLIN, 2026, 5, day, 22, 0) for day in (1, 2, 4, 5, 6)])
    assert bedtime_streak(rows, dt.date(2026, 5, 6), BERLIN) == 3
    assert bedtime_streak(rows, dt.date(2026, 5, 3), BERLIN) == 2


def test_the_streak_runs_over_the_new_year(make_session: MakeSession) -> None:
    rows = nightly(make_session, [
        local(NEW_YORK, 2026, 12, 29, 22, 0), local(NEW_YORK, 2026, 12, 30, 22, 0),
        local(NEW_YORK, 2027, 1, 1, 0, 15),   # new year's eve's routine, after the fireworks
        local(NEW_YORK, 2027, 1, 1, 21, 30), local(NEW_YORK, 2027, 1, 2, 23, 0),
    ])
    assert bedtime_streak(rows, dt.date(2027, 1, 2), NEW_YORK) == 5


@pytest.mark.parametrize(("tz", "change"), [
    (BERLIN, dt.date(2026, 3, 29)),     # clocks forward at 02:00
    (BERLIN, dt.date(2026, 10, 25)),    # clocks back at 03:00
    (NEW_YORK, dt.date(2026, 3, 8)),
    (NEW_YORK, dt.date(2026, 11, 1)),
])
def test_the_streak_holds_across_a_dst_change(make_session: MakeSession, tz: dt.tzinfo, change: dt.date) -> None:
    """A routine at 22:30 local time every night, stored as UTC instants as the store gives them back: the
    UTC hour moves by one at the change, the nights do not."""
    days = [change + dt.timedelta(days=offset) for offset in range(-3, 4)]
    moments = [dt.datetime.combine(day, dt.time(22, 30), tz).astimezone(UTC) for day in days]
    assert len({moment.hour for moment in moments}) == 2
    rows = nightly(make_session, moments)
    # And on the night of the change itself one more, late: 04:30 local the morning after, still that night.
    small_hours = dt.datetime.combine(change + dt.timedelta(days=1), dt.time(4, 30), tz).astimezone(UTC)
    rows.append(make_session(small_hours, row_id=99))
    assert bedtime_streak(rows, days[-1], tz) == 7
    assert night_of(small_hours, tz) == change


def test_the_month_calendar_has_every_day_and_places_rows_by_local_date(
    make_session: MakeSession, make_cramp: MakeCramp
) -> None:
    sessions = [
        make_session(local(BERLIN, 2028, 2, 29, 22, 0), row_id=1),
        make_session(local(BERLIN, 2028, 3, 1, 0, 30), row_id=2),          # the night of the 29th, on March 1st
        make_session(local(BERLIN, 2028, 2, 10, 18, 0), row_id=3, completed=False),
        make_session(local(BERLIN, 2028, 2, 10, 18, 30), row_id=4, bedtime=False),
    ]
    cramps = [
        make_cramp(dt.datetime(2028, 1, 31, 23, 30, tzinfo=UTC), row_id=1),   # 00:30 on Feb 1st in Berlin
        make_cramp(local(BERLIN, 2028, 2, 29, 3, 0), row_id=2),
        make_cramp(local(BERLIN, 2028, 2, 29, 23, 0), row_id=3),
        make_cramp(local(BERLIN, 2028, 3, 1, 0, 10), row_id=4),
    ]
    february = month_calendar(sessions, cramps, 2028, 2, BERLIN)
    assert [mark.date.day for mark in february] == list(range(1, 30))  # a leap year
    assert february[0] == DayMark(dt.date(2028, 2, 1), sessions=0, completed=0, bedtime=False, cramps=1)
    assert february[9] == DayMark(dt.date(2028, 2, 10), sessions=2, completed=1, bedtime=False, cramps=0)
    assert february[28] == DayMark(dt.date(2028, 2, 29), sessions=1, completed=1, bedtime=True, cramps=2)
    march = month_calendar(sessions, cramps, 2028, 3, BERLIN)
    assert march[0] == DayMark(dt.date(2028, 3, 1), sessions=1, completed=1, bedtime=False, cramps=1)
    assert len(march) == 31
    # The same instant is still January 31st in New York.
    assert month_calendar(sessions, cramps, 2028, 2, NEW_YORK)[0].cramps == 0
    assert month_calendar(sessions, cramps, 2028, 1, NEW_YORK)[30].cramps == 1


def test_cramps_per_week_run_monday_to_sunday_over_the_new_year(make_cramp: MakeCramp) -> None:
    cramps = [
        make_cramp(local(BERLIN, 2026, 12, 20, 12, 0), row_id=1),   # Sunday: the week of Dec 14, not shown
        make_cramp(local(BERLIN, 2026, 12, 21, 0, 5), row_id=2),    # Monday just after midnight
        make_cramp(local(BERLIN, 2026, 12, 31, 23, 0), row_id=3),
        make_cramp(local(BERLIN, 2027, 1, 3, 23, 59), row_id=4),    # Sunday: still the week of Dec 28
        make_cramp(local(BERLIN, 2027, 1, 4, 0, 30), row_id=5),     # Monday: the new week
        make_cramp(local(BERLIN, 2027, 1, 6, 3, 0), row_id=6),
    ]
    assert cramps_per_week(cramps, 3, dt.date(2027, 1, 6), BERLIN) == [
        (dt.date(2026, 12, 21), 1), (dt.date(2026, 12, 28), 2), (dt.date(2027, 1, 4), 2),
    ]
    # Seen from New York both Monday small hours in Berlin were Sunday evenings, each in the week before.
    assert cramps_per_week(cramps, 3, dt.date(2027, 1, 6), NEW_YORK) == [
        (dt.date(2026, 12, 21), 0), (dt.date(2026, 12, 28), 3), (dt.date(2027, 1, 4), 1),
    ]
    assert week_start(dt.date(2027, 1, 3)) == dt.date(2026, 12, 28)
    assert cramps_per_week([], 2, dt.date(2027, 1, 6), BERLIN) == [(dt.date(2026, 12, 28), 0),
                                                                     (dt.date(2027, 1, 4), 0)]


def test_a_week_with_a_dst_change_counts_every_cramp_once(make_cramp: MakeCramp) -> None:
    # The week of 2026-10-19 in Berlin has a 25-hour Sunday; a cramp in each hour of it, as UTC instants.
    start = dt.datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN).astimezone(UTC)
    cramps = [make_cramp(start + dt.timedelta(hours=hour), row_id=hour) for hour in range(25)]
    assert cramps_per_week(cramps, 2, dt.date(2026, 10, 26), BERLIN) == [
        (dt.date(2026, 10, 19), 25), (dt.date(2026, 10, 26), 0),
    ]


def test_the_median_time_to_relief_per_week(make_session: MakeSession) -> None:
    def relief(moment: dt.datetime, seconds: float | None, row_id: int) -> SessionRow:
        return make_session(moment, row_id=row_id, bedtime=False, relief=True, time_to_relief=seconds,
                            routine_id="calf-cramp-relief", name="Calf cramp relief")

    rows = [
        relief(local(NEW_YORK, 2026, 2, 23, 3, 0), 30.0, 1),
        relief(local(NEW_YORK, 2026, 2, 25, 3, 0), 90.0, 2),
        relief(local(NEW_YORK, 2026, 3, 1, 23, 0), 50.0, 3),      # Sunday: same week, a new month
        relief(local(NEW_YORK, 2026, 3, 2, 2, 0), 40.0, 4),
        relief(local(NEW_YORK, 2026, 3, 3, 2, 0), 60.0, 5),
        relief(local(NEW_YORK, 2026, 3, 4, 2, 0), None, 6),       # never let go: not part of the median
        relief(local(NEW_YORK, 2026, 1, 5, 2, 0), 10.0, 7),       # long before the weeks shown
    ]
    assert median_relief_per_week(rows, 3, dt.date(2026, 3, 15), NEW_YORK) == [
        (dt.date(2026, 2, 23), 50.0), (dt.date(2026, 3, 2), 50.0), (dt.date(2026, 3, 9), None),
    ]


def test_the_most_used_routines_with_their_latest_names(make_session: MakeSession) -> None:
    at = local(BERLIN, 2026, 6, 1, 22, 0)
    rows = [
        make_session(at, row_id=1, routine_id="bedtime-legs", name="Bedtime legs"),
        make_session(at + dt.timedelta(days=1), row_id=2, routine_id="bedtime-legs", name="Bedtime legs (mine)"),
        make_session(at + dt.timedelta(days=2), row_id=3, routine_id="bedtime-legs", name="Bedtime legs"),
        make_session(at, row_id=4, routine_id="calf", name="Calf"),
        make_session(at + dt.timedelta(days=5), row_id=5, routine_id="calf", name="Calf relief"),
        make_session(at + dt.timedelta(days=3), row_id=6, routine_id="hips", name="Hips"),
        make_session(at + dt.timedelta(days=4), row_id=7, routine_id="hips", name="Hips"),
        make_session(at + dt.timedelta(days=1), row_id=8, routine_id="feet", name="Feet"),
    ]
    assert most_used_routines(rows) == [
        ("bedtime-legs", "Bedtime legs", 3),
        ("calf", "Calf relief", 2),     # ties: the one run most recently first
        ("hips", "Hips", 2),
        ("feet", "Feet", 1),
    ]
    assert most_used_routines(rows, limit=1) == [("bedtime-legs", "Bedtime legs", 3)]
    assert most_used_routines([]) == []
