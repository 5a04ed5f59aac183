"""What the history holds, as plain values: a stored run, a logged cramp, and the quick answer after relief.

The store (:mod:`.store`) reads and writes these; the statistics (:mod:`.stats`), the CSV export and the views
only ever see them, never the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations: the CLI's parser reads SIDES without loading the session code
    from stretch_timer.core.run_record import StepRecord

SIDES: tuple[str, ...] = ("left", "right", "both")
MAX_SEVERITY = 10
MAX_NOTE = 1000


@dataclass(frozen=True)
class SessionRow:
    """One stored run of a routine (see :class:`~stretch_timer.core.run_record.RunRecord`)."""

    id: int
    routine_id: str
    routine_name: str
    source: str
    started: dt.datetime
    ended: dt.datetime
    completed: bool
    planned_seconds: float
    active_seconds: float
    paused_seconds: float
    bedtime: bool
    """The routine was tagged ``bedtime`` (what the bedtime streak counts)."""
    relief: bool
    """The routine was tagged ``relief`` (started for a cramp)."""
    time_to_relief: float | None
    """Seconds until "It let go" in an open-ended relief hold; None when there was none or it never let go."""
    steps: tuple[StepRecord, ...]


@dataclass(frozen=True)
class CrampRow:
    """One cramp in the diary."""

    id: int
    at: dt.datetime
    muscle: str
    side: str | None
    severity: int | None
    """0 (barely) to 10 (the worst); None when not said."""
    helped: bool | None
    """Did the routine help? None when not said (or no routine was run)."""
    note: str
    session_id: int | None
    """The run it was logged with, if any."""


@dataclass(frozen=True)
class CrampAnswer:
    """What a person says about a cramp, in a few taps: after a relief routine, or with Log a cramp."""

    muscle: str
    side: str | None = None
    severity: int | None = None
    helped: bool | None = None
    note: str = ""
