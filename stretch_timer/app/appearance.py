"""Which theme the window should wear: the person's choice, or the bedtime look when the moment calls for it.

Kept apart from the widgets that apply it (``qt/view_settings.py``) so the rule can be tested on its own: a
bedtime routine, and everything after it until another routine is chosen or the theme is changed, wears the
bedtime look (no bright screen at night); so does a cramp-relief routine started during the night hours,
because someone woken by a cramp at 3 a.m. should not be met by a white screen. Plain Python, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stretch_timer.core.model import Routine

BEDTIME = "bedtime"


def is_bedtime(routine: Routine | None) -> bool:
    return routine is not None and "bedtime" in routine.tags


def is_relief(routine: Routine | None) -> bool:
    """A cramp-relief routine (tagged ``relief``, as Cramp now lists them). ``relieves`` alone is not enough: a
    bedtime or warm-up routine names the muscles it looks after without being what someone mid-cramp needs."""
    return routine is not None and "relief" in routine.tags


def in_night(now: dt.time, starts: dt.time, ends: dt.time) -> bool:
    """``now`` is within the night from ``starts`` to ``ends`` (which may wrap past midnight)."""
    if starts == ends:
        return False
    if starts < ends:
        return starts <= now < ends
    return now >= starts or now < ends


@dataclass(frozen=True)
class LookRules:
    """The settings the rule reads (a snapshot, so the rule stays a plain function)."""

    theme: str
    bedtime_for_bedtime: bool
    night_relief: bool
    night_starts: dt.time
    night_ends: dt.time


def theme_name(routine: Routine | None, rules: LookRules, *, bedtime_context: bool, now: dt.time) -> str:
    """The theme setting value to show ``routine`` in (``routine`` None: the library or another page)."""
    if rules.bedtime_for_bedtime and (is_bedtime(routine) or bedtime_context):
        return BEDTIME
    if rules.night_relief and is_relief(routine) and in_night(now, rules.night_starts, rules.night_ends):
        return BEDTIME
    return rules.theme
