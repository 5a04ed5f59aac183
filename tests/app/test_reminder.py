"""The reminder at run time with an injected wall clock: its timer wakes it, the wall clock decides; a sleep
(the wall clock jumping past the monotonic one) fires a missed reminder once; off means no timer at all."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from stretch_timer.app.reminder import Reminder
from stretch_timer.app.settings import Settings
from stretch_timer.core.clock import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")


class Wall:
    """A wall clock that moves when told (a sleep moves it without the monotonic clock)."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def settings(qapp: Any) -> Settings:
    return Settings()


def make(settings: Settings, wall: Wall, mono: FakeClock | None = None, check_every_ms: int = 60_000) -> Reminder:
    return Reminder(settings, wall_clock=wall, clock=mono or FakeClock(), zone=lambda: BERLIN,
                    check_every_ms=check_every_ms)


def switch_on(settings: Settings, at: dt.time = dt.time(22, 0)) -> None:
    settings.reminder_time = at
    settings.reminder_enabled = True


def test_off_by_default_and_then_nothing_wakes_the_app(settings: Settings) -> None:
    reminder = make(settings, Wall(dt.datetime(2026, 5, 4, 21, tzinfo=BERLIN)))
    assert not settings.reminder_enabled
    assert reminder.next_due() is None and not reminder.waiting


def test_the_timer_fires_at_the_time_the_wall_clock_says(qtbot: Any, settings: Settings) -> None:
    wall = Wall(dt.datetime(2026, 5, 4, 21, 59, 59, 980_000, tzinfo=BERLIN))
    reminder = make(settings, wall)
    switch_on(settings)
    assert reminder.waiting and reminder.next_due() == dt.datetime(2026, 5, 4, 22, tzinfo=BERLIN)
    fired: list[int] = []
    reminder.due.connect(lambda: fired.append(1))
    wall.now = dt.datetime(2026, 5, 4, 22, 0, 0, 5, tzinfo=BERLIN)  # the wall clock has got there
    with qtbot.waitSignal(reminder.due, timeout=2000):
        pass
    assert fired == [1]
    assert settings.reminder_last_fired == wall.now, "remembered, so a restart does not remind again"
    assert reminder.next_due() == dt.datetime(2026, 5, 5, 22, tzinfo=BERLIN)
    assert reminder.waiting, "tomorrow's is planned"
    again = make(settings, wall)  # a restart ten seconds later
    assert again.next_due() == dt.datetime(2026, 5, 5, 22, tzinfo=BERLIN)


def test_an_early_wake_of_the_timer_does_not_fire(qtbot: Any, settings: Settings) -> None:
    wall = Wall(dt.datetime(2026, 5, 4, 21, 59, 59, 990_000, tzinfo=BERLIN))
    reminder = make(settings, wall)
    switch_on(settings)
    wall.now = dt.datetime(2026, 5, 4, 21, 59, 30, tzinfo=BERLIN)  # the clock was set back meanwhile
    with qtbot.assertNotEmitted(reminder.due, wait=50):
        reminder.check()
    assert reminder.waiting


def test_switching_on_after_the_time_owes_nothing_tonight(settings: Settings, qtbot: Any) -> None:
    wall = Wall(dt.datetime(2026, 5, 4, 22, 20, tzinfo=BERLIN))
    reminder = make(settings, wall)
    with qtbot.assertNotEmitted(reminder.due, wait=20):
        switch_on(settings)
    assert reminder.next_due() == dt.datetime(2026, 5, 5, 22, tzinfo=BERLIN)


def test_a_wake_from_sleep_within_the_hour_fires_once(qtbot: Any, settings: Settings) -> None:
    wall, mono = Wall(dt.datetime(2026, 5, 4, 21, 30, tzinfo=BERLIN)), FakeClock()
    reminder = make(settings, wall, mono, check_every_ms=5)
    switch_on(settings)
    fired: list[dt.datetime] = []
    reminder.due.connect(lambda: fired.append(wall.now))
    wall.now = dt.datetime(2026, 5, 4, 22, 40, tzinfo=BERLIN)  # asleep 70 min: the monotonic clock stood still
    with qtbot.waitSignal(reminder.due, timeout=2000):
        pass
    qtbot.wait(30)  # more wake checks: nothing more tonight
    assert fired == [dt.datetime(2026, 5, 4, 22, 40, tzinfo=BERLIN)]


def test_a_wake_more_than_an_hour_late_skips_to_tomorrow(qtbot: Any, settings: Settings) -> None:
    wall, mono = Wall(dt.datetime(2026, 5, 4, 21, 30, tzinfo=BERLIN)), FakeClock()
    reminder = make(settings, wall, mono, check_every_ms=5)
    switch_on(settings)
    wall.now = dt.datetime(2026, 5, 4, 23, 5, tzinfo=BERLIN)
    with qtbot.assertNotEmitted(reminder.due, wait=40):
        pass
    assert reminder.next_due() == dt.datetime(2026, 5, 5, 22, tzinfo=BERLIN)


def test_snooze_asks_again_and_not_tonight_stops_it(qtbot: Any, settings: Settings) -> None:
    wall = Wall(dt.datetime(2026, 5, 4, 22, 0, 1, tzinfo=BERLIN))
    settings.reminder_time, settings.reminder_enabled = dt.time(22, 0), True
    settings.reminder_last_fired = dt.datetime(2026, 5, 3, 22, tzinfo=BERLIN)
    reminder = make(settings, wall)  # started (logged in) just after the time: it fires once the loop runs
    with qtbot.waitSignal(reminder.due, timeout=1000):
        pass
    assert settings.reminder_last_fired == wall.now
    reminder.snooze(10)
    assert reminder.next_due() == dt.datetime(2026, 5, 4, 22, 10, 1, tzinfo=BERLIN)
    reminder.not_tonight()
    assert reminder.next_due() == dt.datetime(2026, 5, 5, 22, tzinfo=BERLIN)


def test_switching_off_stops_the_timers(settings: Settings) -> None:
    reminder = make(settings, Wall(dt.datetime(2026, 5, 4, 12, tzinfo=BERLIN)))
    switch_on(settings)
    assert reminder.waiting
    settings.reminder_enabled = False
    assert not reminder.waiting and reminder.next_due() is None


def test_the_stored_moment_survives_the_settings_file(settings: Settings) -> None:
    moment = dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    settings.reminder_last_fired = moment
    settings.sync()
    assert Settings().reminder_last_fired == moment.astimezone(dt.UTC)
