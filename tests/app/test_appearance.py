"""Which theme shows: the person's choice, bedtime for bedtime routines and after them, and relief at night."""

from __future__ import annotations

import datetime as dt

import pytest

from stretch_timer.app.appearance import LookRules, in_night, theme_name
from stretch_timer.core.model import Routine, Step, Stretch

S = Stretch(id="s", name="S", instructions=("Hold.",))
BEDTIME = Routine(id="bed", name="Bed", tags=("bedtime",), steps=(Step(S),))
RELIEF = Routine(id="calf", name="Calf", tags=("relief",), relieves=("calf",), steps=(Step(S),))
PLAIN = Routine(id="plain", name="Plain", steps=(Step(S),))
RULES = LookRules("light", bedtime_for_bedtime=True, night_relief=True, night_starts=dt.time(21, 0),
                  night_ends=dt.time(7, 0))
NOON, THREE_AM = dt.time(12, 0), dt.time(3, 0)


@pytest.mark.parametrize(("now", "night"), [
    (dt.time(20, 59), False), (dt.time(21, 0), True), (dt.time(23, 59), True), (dt.time(0, 0), True),
    (dt.time(6, 59), True), (dt.time(7, 0), False), (NOON, False),
])
def test_the_night_wraps_past_midnight(now: dt.time, night: bool) -> None:
    assert in_night(now, dt.time(21, 0), dt.time(7, 0)) is night


def test_a_night_within_one_day_and_an_empty_night() -> None:
    assert in_night(dt.time(2, 0), dt.time(1, 0), dt.time(5, 0))
    assert not in_night(dt.time(6, 0), dt.time(1, 0), dt.time(5, 0))
    assert not in_night(dt.time(6, 0), dt.time(6, 0), dt.time(6, 0))


def test_relief_at_night_wears_the_bedtime_look_and_by_day_the_chosen_theme() -> None:
    assert theme_name(RELIEF, RULES, bedtime_context=False, now=THREE_AM) == "bedtime"
    assert theme_name(RELIEF, RULES, bedtime_context=False, now=NOON) == "light"
    assert theme_name(PLAIN, RULES, bedtime_context=False, now=THREE_AM) == "light"


def test_relief_at_night_can_be_turned_off() -> None:
    rules = LookRules("dark", True, False, dt.time(21, 0), dt.time(7, 0))
    assert theme_name(RELIEF, rules, bedtime_context=False, now=THREE_AM) == "dark"


def test_bedtime_routines_and_bedtime_mode_wear_the_bedtime_look() -> None:
    assert theme_name(BEDTIME, RULES, bedtime_context=False, now=NOON) == "bedtime"
    assert theme_name(None, RULES, bedtime_context=True, now=NOON) == "bedtime"
    assert theme_name(None, RULES, bedtime_context=False, now=NOON) == "light"
    off = LookRules("light", False, True, dt.time(21, 0), dt.time(7, 0))
    assert theme_name(BEDTIME, off, bedtime_context=True, now=NOON) == "light"
