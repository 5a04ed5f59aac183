"""The history as two CSV files for a doctor's visit or a spreadsheet: ``sessions.csv`` and ``cramps.csv``.

Written with the ``csv`` module (RFC 4180 quoting, CRLF line ends, one header row), UTF-8 with a byte-order mark
so that spreadsheet apps which guess an old code page otherwise (Excel) show "Wade" and "Größe" alike; the
readers accept files with or without the mark. Rows are in time order, oldest first, as a diary reads.
Times are ISO 8601 with the offset they happened at (``2026-03-29T22:15:00+02:00``), yes/no for true/false,
an empty cell for "not said", and each run's steps as one JSON cell.

**Formula guard.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some also a tab
or a carriage return) as a formula, so a note such as ``=HYPERLINK(…)`` could act when the file is opened. Every
text cell (a note, a routine's name, id and source, a muscle, a side) that starts with one of those, or with an
apostrophe, is written with one apostrophe in front, which spreadsheets show as text and hide. The readers
take one leading apostrophe off those cells, so what is exported reads back equal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from stretch_timer.core.atomic import write_atomic
from stretch_timer.core.run_record import Outcome, StepRecord

from .records import CrampRow, SessionRow

__all__ = [
    "CRAMP_COLUMNS",
    "SESSION_COLUMNS",
    "CsvError",
    "guard",
    "read_cramps_csv",
    "read_sessions_csv",
    "unguard",
    "write_cramps_csv",
    "write_csv",
    "write_sessions_csv",
]

SESSION_COLUMNS: tuple[str, ...] = (
    "id", "started", "ended", "routine_id", "routine_name", "source", "completed", "planned_seconds",
    "active_seconds", "paused_seconds", "bedtime", "relief", "time_to_relief", "steps",
)
CRAMP_COLUMNS: tuple[str, ...] = ("id", "at", "muscle", "side", "severity", "helped", "note", "session_id")

_T = TypeVar("_T")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_BOM = "\ufeff"


class CsvError(ValueError):
    """A CSV file that is not one of ours (a missing column, a cell that cannot be read); says where."""


class HistoryRows(Protocol):
    """What :func:`write_csv` reads: a :class:`~.store.HistoryStore`, or anything with its two queries."""

    def sessions(self) -> list[SessionRow]: ...

    def cramps(self) -> list[CrampRow]: ...


def guard(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula (an apostrophe in front when it could be one)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unguard(cell: str) -> str:
    """The text :func:`guard` was given."""
    return cell[1:] if cell.startswith("'") else cell


# --- cells ------------------------------------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _number(value: float | int | None) -> str:
    return "" if value is None else repr(value)


def _read_yes_no(cell: str) -> bool | None:
    if cell == "":
        return None
    if cell in ("yes", "no"):
        return cell == "yes"
    raise ValueError(f"expected yes, no or an empty cell, not {cell!r}")


def _read_bool(cell: str) -> bool:
    value = _read_yes_no(cell)
    if value is None:
        raise ValueError("expected yes or no")
    return value


def _read_time(cell: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(cell)
    if moment.utcoffset() is None:
        raise ValueError(f"a time without its offset: {cell!r}")
    return moment


def _read_optional_int(cell: str) -> int | None:
    return None if cell == "" else int(cell)


def _read_optional_float(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _steps_cell(steps: Sequence[StepRecord]) -> str:
    return json.dumps([{"index": step.index, "name": step.name, "planned": step.planned_seconds,
                        "done": step.done_seconds, "outcome": step.outcome.value} for step in steps],
                      ensure_ascii=False)


def _read_steps(cell: str) -> tuple[StepRecord, ...]:
    return tuple(StepRecord(int(item["index"]), str(item["name"]), float(item["planned"]), float(item["done"]),
                            Outcome(item["outcome"])) for item in json.loads(cell))


# --- writing ------------------------------------------------------------------------------------------------


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return _BOM + buffer.getvalue()


def _session_cells(row: SessionRow) -> list[str]:
    return [
        str(row.id), row.started.isoformat(), row.ended.isoformat(), guard(row.routine_id),
        guard(row.routine_name), guard(row.source), _yes_no(row.completed), _number(row.planned_seconds),
        _number(row.active_seconds), _number(row.paused_seconds), _yes_no(row.bedtime), _yes_no(row.relief),
        _number(row.time_to_relief), _steps_cell(row.steps),
    ]


def _cramp_cells(row: CrampRow) -> list[str]:
    return [
        str(row.id), row.at.isoformat(), guard(row.muscle), guard(row.side or ""), _number(row.severity),
        _yes_no(row.helped), guard(row.note), _number(row.session_id),
    ]


def _oldest_first_sessions(rows: Iterable[SessionRow]) -> list[SessionRow]:
    return sorted(rows, key=lambda row: (row.started, row.id))


def write_sessions_csv(path: Path, rows: Iterable[SessionRow]) -> Path:
    """Write ``rows`` (any order; the file is oldest first) to ``path``, replacing it whole or not at all."""
    write_atomic(path, _csv_text(SESSION_COLUMNS, map(_session_cells, _oldest_first_sessions(rows))),
                 keep_backup=False)
    return path


def write_cramps_csv(path: Path, rows: Iterable[CrampRow]) -> Path:
    """Write ``rows`` (any order; the file is oldest first) to ``path``, replacing it whole or not at all."""
    ordered = sorted(rows, key=lambda row: (row.at, row.id))
    write_atomic(path, _csv_text(CRAMP_COLUMNS, map(_cramp_cells, ordered)), keep_backup=False)
    return path


def write_csv(folder: Path, store: HistoryRows) -> tuple[Path, Path]:
    """``folder/sessions.csv`` and ``folder/cramps.csv`` with everything in ``store`` (the folder is made)."""
    folder.mkdir(parents=True, exist_ok=True)
    return (write_sessions_csv(folder / "sessions.csv", store.sessions()),
            write_cramps_csv(folder / "cramps.csv", store.cramps()))


# --- reading ------------------------------------------------------------------------------------------------


def _read_rows(path: Path, columns: Sequence[str], make: Callable[[dict[str, str]], _T]) -> list[_T]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        missing = [name for name in columns if name not in (reader.fieldnames or ())]
        if missing:
            raise CsvError(f"{path}: not a Stretch Timer history file (no column {', '.join(missing)})")
        rows: list[_T] = []
        for cells in reader:
            if any(cells.get(name) is None for name in columns):
                raise CsvError(f"{path}:{reader.line_num}: the row has too few cells")
            try:
                rows.append(make(cells))
            except (ValueError, TypeError, KeyError) as error:
                raise CsvError(f"{path}:{reader.line_num}: {error}") from error
        return rows


def _session_from(cells: dict[str, str]) -> SessionRow:
    return SessionRow(
        id=int(cells["id"]), routine_id=unguard(cells["routine_id"]), routine_name=unguard(cells["routine_name"]),
        source=unguard(cells["source"]), started=_read_time(cells["started"]), ended=_read_time(cells["ended"]),
        completed=_read_bool(cells["completed"]), planned_seconds=float(cells["planned_seconds"]),
        active_seconds=float(cells["active_seconds"]), paused_seconds=float(cells["paused_seconds"]),
        bedtime=_read_bool(cells["bedtime"]), relief=_read_bool(cells["relief"]),
        time_to_relief=_read_optional_float(cells["time_to_relief"]), steps=_read_steps(cells["steps"]),
    )


def _cramp_from(cells: dict[str, str]) -> CrampRow:
    return CrampRow(
        id=int(cells["id"]), at=_read_time(cells["at"]), muscle=unguard(cells["muscle"]),
        side=unguard(cells["side"]) or None, severity=_read_optional_int(cells["severity"]),
        helped=_read_yes_no(cells["helped"]), note=unguard(cells["note"]),
        session_id=_read_optional_int(cells["session_id"]),
    )


def read_sessions_csv(path: Path) -> list[SessionRow]:
    """The runs of a ``sessions.csv`` this module wrote, in file order; CsvError for anything else."""
    return _read_rows(path, SESSION_COLUMNS, _session_from)


def read_cramps_csv(path: Path) -> list[CrampRow]:
    """The cramps of a ``cramps.csv`` this module wrote, in file order; CsvError for anything else."""
    return _read_rows(path, CRAMP_COLUMNS, _cramp_from)
