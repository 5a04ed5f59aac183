"""The bedtime reminder's timing with fake clocks: once a day, never more than an hour late, through sleeps,
snoozes and both daylight-saving changes (Europe/Berlin and America/New_York, 2026)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from stretch_timer.core.reminder import (
    LATE_LIMIT,
    ReminderPlan,
    is_due,
    next_due,
    not_tonight,
    occurrence,
    on_wake,
    snooze,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
TEN_PM = ReminderPlan(dt.time(22, 0), enabled=True)


def at(tz: ZoneInfo, *fields: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*fields, tzinfo=tz, fold=fold)  # type: ignore[misc]


def elapsed(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Real time between two moments (within one zone Python subtracts wall clocks)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def test_off_means_never() -> None:
    assert next_due(ReminderPlan(dt.time(22, 0), enabled=False), at(BERLIN, 2026, 5, 4, 21), None, None) is None


def test_due_tonight_then_tomorrow_once_fired() -> None:
    now = at(BERLIN, 2026, 5, 4, 12)
    assert next_due(TEN_PM, now, None, None) == at(BERLIN, 2026, 5, 4, 22)
    fired = at(BERLIN, 2026, 5, 4, 22, 0, 3)
    assert next_due(TEN_PM, fired, fired, None) == at(BERLIN, 2026, 5, 5, 22)
    assert not is_due(TEN_PM, at(BERLIN, 2026, 5, 4, 22, 30), fired, None)


def test_first_start_after_the_time_owes_nothing_earlier() -> None:
    assert next_due(TEN_PM, at(BERLIN, 2026, 5, 4, 22, 20), None, None) == at(BERLIN, 2026, 5, 5, 22)


def test_snooze_asks_again_in_ten_minutes_and_still_counts_as_that_evening() -> None:
    fired = at(BERLIN, 2026, 5, 4, 22, 0)
    until = snooze(fired)
    assert until == at(BERLIN, 2026, 5, 4, 22, 10)
    assert next_due(TEN_PM, fired, fired, until) == until
    assert not is_due(TEN_PM, at(BERLIN, 2026, 5, 4, 22, 9), fired, until)
    assert is_due(TEN_PM, until, fired, until)
    again = at(BERLIN, 2026, 5, 4, 22, 10, 1)  # it fired: the next is tomorrow's
    assert next_due(TEN_PM, again, again, until) == at(BERLIN, 2026, 5, 5, 22)


def test_a_snooze_slept_through_for_hours_is_dropped() -> None:
    fired = at(BERLIN, 2026, 5, 4, 22, 0)
    until = snooze(fired)
    assert next_due(TEN_PM, at(BERLIN, 2026, 5, 5, 2), fired, until) == at(BERLIN, 2026, 5, 5, 22)


def test_not_tonight_from_the_notification_and_beforehand() -> None:
    answered = at(BERLIN, 2026, 5, 4, 22, 1)
    marker = not_tonight(TEN_PM, answered)
    assert next_due(TEN_PM, answered, marker, None) == at(BERLIN, 2026, 5, 5, 22)
    afternoon = at(BERLIN, 2026, 5, 4, 15)  # asked before the time: tonight's is skipped, tomorrow's stays
    marker = not_tonight(TEN_PM, afternoon)
    assert next_due(TEN_PM, afternoon, marker, None) == at(BERLIN, 2026, 5, 5, 22)
    assert not is_due(TEN_PM, at(BERLIN, 2026, 5, 4, 22, 0, 1), marker, None)


def test_a_laptop_that_slept_through_fires_on_waking_within_the_hour_only() -> None:
    yesterday = at(BERLIN, 2026, 5, 3, 22)
    assert on_wake(TEN_PM, at(BERLIN, 2026, 5, 4, 22, 40), yesterday, None)
    assert not on_wake(TEN_PM, at(BERLIN, 2026, 5, 4, 23, 5), yesterday, None)
    assert next_due(TEN_PM, at(BERLIN, 2026, 5, 4, 23, 5), yesterday, None) == at(BERLIN, 2026, 5, 5, 22)
    # days asleep: nothing owed for the missed days, tonight's is due as usual
    assert next_due(TEN_PM, at(BERLIN, 2026, 5, 9, 8), yesterday, None) == at(BERLIN, 2026, 5, 9, 22)


def test_a_late_night_reminder_fired_after_midnight_covers_its_own_evening() -> None:
    plan = ReminderPlan(dt.time(23, 30), enabled=True)
    woke = at(BERLIN, 2026, 5, 5, 0, 15)
    assert on_wake(plan, woke, at(BERLIN, 2026, 5, 3, 23, 30), None)
    assert next_due(plan, woke, woke, None) == at(BERLIN, 2026, 5, 5, 23, 30)


def test_spring_forward_a_time_in_the_skipped_hour_fires_at_three() -> None:
    plan = ReminderPlan(dt.time(2, 30), enabled=True)
    assert occurrence(dt.date(2026, 3, 29), plan.time, BERLIN) == at(UTC, 2026, 3, 29, 1, 0)  # 03:00 CEST
    assert occurrence(dt.date(2026, 3, 8), plan.time, NEW_YORK) == at(UTC, 2026, 3, 8, 7, 0)  # 03:00 EDT
    due = next_due(plan, at(BERLIN, 2026, 3, 28, 12), at(BERLIN, 2026, 3, 28, 2, 30), None)
    assert due is not None and due.astimezone(BERLIN).time() == dt.time(3, 0)
    assert next_due(plan, due.astimezone(UTC), due, None, BERLIN) == at(BERLIN, 2026, 3, 30, 2, 30)


def test_spring_forward_an_evening_time_keeps_its_wall_clock() -> None:
    for tz, day in ((BERLIN, 29), (NEW_YORK, 8)):
        fired = at(tz, 2026, 3, day - 1, 22)
        due = next_due(TEN_PM, fired, fired, None)
        assert due == at(tz, 2026, 3, day, 22)
        assert elapsed(fired, due) == dt.timedelta(hours=23)


def test_fall_back_a_time_in_the_repeated_hour_fires_once_on_its_first_pass() -> None:
    for tz, day, plan in ((BERLIN, 25, ReminderPlan(dt.time(2, 30), True)),
                          (NEW_YORK, 1, ReminderPlan(dt.time(1, 30), True))):
        month = 10 if tz is BERLIN else 11
        first = at(tz, 2026, month, day, plan.time.hour, 30, fold=0)
        second = at(tz, 2026, month, day, plan.time.hour, 30, fold=1)
        assert second.astimezone(UTC) - first.astimezone(UTC) == dt.timedelta(hours=1)  # (same-zone: naive)
        assert next_due(plan, first - dt.timedelta(hours=3), first - dt.timedelta(days=1), None) == first
        assert not is_due(plan, second, first, None), "the repeated 1:30/2:30 is the same evening"
        assert next_due(plan, second, first, None) == at(tz, 2026, month, day + 1, plan.time.hour, 30)


def test_fall_back_an_evening_time_is_a_25_hour_day_away() -> None:
    fired = at(BERLIN, 2026, 10, 24, 22)
    due = next_due(TEN_PM, fired, fired, None)
    assert due == at(BERLIN, 2026, 10, 25, 22) and elapsed(fired, due) == dt.timedelta(hours=25)


def test_the_answer_does_not_depend_on_the_zone_now_is_given_in() -> None:
    local = at(NEW_YORK, 2026, 7, 1, 21)
    assert next_due(TEN_PM, local, None, None, NEW_YORK) == next_due(TEN_PM, local.astimezone(UTC), None, None,
                                                                        NEW_YORK)


# --- properties: a machine that wakes at random moments (and sleeps in between) --------------------------

START = dt.datetime(2026, 1, 1, tzinfo=UTC)


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from([BERLIN, NEW_YORK]),
    hour=st.integers(0, 23), minute=st.sampled_from([0, 15, 30, 59]),
    gaps=st.lists(st.integers(1, 60 * 60 * 30), min_size=1, max_size=120),
    first_day=st.integers(0, 364),
)
def test_never_twice_a_day_never_more_than_an_hour_late_never_missed_while_awake(
        zone: ZoneInfo, hour: int, minute: int, gaps: list[int], first_day: int) -> None:
    """Each look at the clock (a timer's tick or a wake) fires when it is due and records it. A reminder time
    fires at most once, within the hour after it, and one the machine looked at within that hour is not
    missed."""
    plan = ReminderPlan(dt.time(hour, minute), enabled=True)
    now = START + dt.timedelta(days=first_day)
    last: dt.datetime | None = now  # the app's baseline when the reminder is switched on: nothing owed before
    looks: list[dt.datetime] = [now]
    fired: list[dt.datetime] = []
    for gap in gaps:
        now += dt.timedelta(seconds=gap)
        looks.append(now)
        due = next_due(plan, now, last, None, zone)
        assert due is not None
        if due <= now:
            assert now - due <= LATE_LIMIT, "more than an hour late"
            fired.append(now)
            last = now
        else:
            assert not is_due(plan, now, last, None, zone)
    reminded_for = [_covered(moment, plan, zone) for moment in fired]
    assert len(reminded_for) == len(set(reminded_for)), "one reminder time fired twice"
    days = [occ.astimezone(zone).date() for occ in reminded_for]
    assert len(days) == len(set(days)), "two reminders on one day"
    for look in looks[1:]:
        occ = _covered(look, plan, zone)
        if occ > looks[0] and look - occ <= LATE_LIMIT:
            assert occ in reminded_for, f"awake at {look} but the {occ} reminder never came"


def _covered(moment: dt.datetime, plan: ReminderPlan, zone: ZoneInfo) -> dt.datetime:
    from stretch_timer.core.reminder import latest_at_or_before

    return latest_at_or_before(moment, plan.time, zone)


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from([BERLIN, NEW_YORK]), day=st.integers(0, 364), hour=st.integers(0, 23),
       minute=st.integers(0, 59))
def test_each_day_has_exactly_one_reminder_moment_at_or_just_after_its_wall_time(
        zone: ZoneInfo, day: int, hour: int, minute: int) -> None:
    date = dt.date(2026, 1, 1) + dt.timedelta(days=day)
    moment = occurrence(date, dt.time(hour, minute), zone)
    local = moment.astimezone(zone)
    assert local.date() == date
    assert local.time() >= dt.time(hour, minute)
    assert local.replace(tzinfo=None) - dt.datetime.combine(date, dt.time(hour, minute)) <= dt.timedelta(hours=1)
