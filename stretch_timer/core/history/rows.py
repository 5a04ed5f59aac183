"""Rows to and from SQL: the history's times, steps and diary fields as the database's columns, and back.

:mod:`.store` runs the queries; this module only converts. Times are stored as fixed-width UTC text (so text
order is time order) beside the offset they happened at, and come back in that same fixed offset; a run's
steps are one compact JSON array; a cramp's fields are checked here before SQLite's CHECKs see them, so a bad
value fails with a sentence that names it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from stretch_timer.core.model import MUSCLES
from stretch_timer.core.run_record import Outcome, StepRecord

from .records import MAX_NOTE, MAX_SEVERITY, SIDES, CrampRow, SessionRow

__all__ = ["CRAMP_COLUMNS", "SESSION_COLUMNS", "cramp_columns", "cramp_row", "moment_from_db", "offset_seconds",
           "session_row", "steps_json", "utc_text"]

SESSION_COLUMNS = (
    "id, routine_id, routine_name, source, started_utc, started_offset, ended_utc, ended_offset, completed, "
    "planned_seconds, active_seconds, paused_seconds, bedtime, relief, time_to_relief, steps"
)
CRAMP_COLUMNS = "id, at_utc, at_offset, muscle, side, severity, helped, note, session_id"
_CRAMP_FIELDS = frozenset({"at", "muscle", "side", "severity", "helped", "note", "session_id"})


# --- times ------------------------------------------------------------------------------------------------

_OFFSETS: dict[int, dt.timezone] = {}


def _require_aware(moment: dt.datetime) -> dt.timedelta:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"a history time must be timezone-aware, got {moment!r}")
    return offset


def utc_text(moment: dt.datetime) -> str:
    """``moment`` as the database's UTC text: fixed width, so text order is time order."""
    _require_aware(moment)
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def offset_seconds(moment: dt.datetime) -> int:
    return round(_require_aware(moment).total_seconds())


def moment_from_db(utc: str, offset: int) -> dt.datetime:
    """The stored moment back, in the fixed offset it happened at (equal to the one stored)."""
    zone = _OFFSETS.get(offset)
    if zone is None:
        zone = _OFFSETS.setdefault(offset, dt.timezone(dt.timedelta(seconds=offset)))
    return dt.datetime.fromisoformat(utc).astimezone(zone)


# --- rows ---------------------------------------------------------------------------------------------------


def steps_json(steps: Sequence[StepRecord]) -> str:
    return json.dumps(
        [[step.index, step.name, step.planned_seconds, step.done_seconds, step.outcome.value] for step in steps],
        ensure_ascii=False, separators=(",", ":"),
    )


_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def _steps_from_json(text: str) -> tuple[StepRecord, ...]:
    if text == "[]":
        return ()
    return tuple([
        StepRecord(index, name, float(planned), float(done), _OUTCOMES[outcome])
        for index, name, planned, done, outcome in json.loads(text)
    ])


def session_row(row: Sequence[Any], with_steps: bool = True) -> SessionRow:
    return SessionRow(
        id=row[0], routine_id=row[1], routine_name=row[2], source=row[3],
        started=moment_from_db(row[4], row[5]), ended=moment_from_db(row[6], row[7]),
        completed=bool(row[8]), planned_seconds=row[9], active_seconds=row[10], paused_seconds=row[11],
        bedtime=bool(row[12]), relief=bool(row[13]), time_to_relief=row[14],
        steps=_steps_from_json(row[15]) if with_steps else (),
    )


def cramp_row(row: Sequence[Any]) -> CrampRow:
    return CrampRow(
        id=row[0], at=moment_from_db(row[1], row[2]), muscle=row[3], side=row[4], severity=row[5],
        helped=None if row[6] is None else bool(row[6]), note=row[7], session_id=row[8],
    )


def _check_cramp_field(name: str, value: object) -> None:
    """Raise ValueError for a value the diary cannot hold (the database's CHECKs would, less clearly)."""
    if name == "at":
        if not isinstance(value, dt.datetime):
            raise ValueError("a cramp's time must be a datetime")
        _require_aware(value)
    elif name == "muscle":
        if value not in MUSCLES:
            raise ValueError(f"unknown muscle {value!r}; one of {', '.join(MUSCLES)}")
    elif name == "side":
        if value is not None and value not in SIDES:
            raise ValueError(f"side must be one of {', '.join(SIDES)} or None, not {value!r}")
    elif name == "severity":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= MAX_SEVERITY):
            raise ValueError(f"severity must be a whole number from 0 to {MAX_SEVERITY} or None, not {value!r}")
    elif name == "helped":
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"helped must be True, False or None, not {value!r}")
    elif name == "note":
        if not isinstance(value, str):
            raise ValueError("a note must be text")
        if len(value) > MAX_NOTE:
            raise ValueError(f"a note may be at most {MAX_NOTE} characters (this one has {len(value)})")
    elif name == "session_id":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"session_id must be a session's id or None, not {value!r}")
    else:
        raise ValueError(f"a cramp has no field {name!r}; it has {', '.join(sorted(_CRAMP_FIELDS))}")


def cramp_columns(fields: dict[str, object]) -> dict[str, object]:
    """Field values as database columns (``at`` is two columns, ``helped`` 0/1)."""
    columns: dict[str, object] = {}
    for name, value in fields.items():
        _check_cramp_field(name, value)
        if name == "at":
            assert isinstance(value, dt.datetime)
            columns["at_utc"] = utc_text(value)
            columns["at_offset"] = offset_seconds(value)
        elif name == "helped":
            columns["helped"] = None if value is None else int(bool(value))
        else:
            columns[name] = value
    return columns

