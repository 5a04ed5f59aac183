"""The past cramps and the past sessions as tables (model/view: ten years is thousands of rows, and a widget
per row would cost seconds to build).

Cells are display text, which a QTableView draws as plain text, so a note holding ``<b>markup</b>`` shows as
typed. A note's line breaks show as " / " in its cell; the whole note is the cell's tooltip (escaped, see
:func:`~stretch_timer.qt.widgets.labels.plain_tooltip`) and its accessible text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.core.muscles import muscle_name
from stretch_timer.qt.widgets.labels import plain_tooltip

Row = TypeVar("Row", CrampRow, SessionRow)
Index = QModelIndex | QPersistentModelIndex


def when_text(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """ "Tue 3 Nov 2026, 22:40" in the person's time zone."""
    local = moment.astimezone(tz)
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %Y, %H:%M')}"


def seconds_words(seconds: float) -> str:
    whole = max(0, round(seconds))
    return format_clock(whole) if whole >= 60 else f"{whole} s"


def note_cell(note: str) -> str:
    return " / ".join(line for line in note.splitlines() if line.strip())


def helped_text(helped: bool | None) -> str:
    return "" if helped is None else ("yes" if helped else "no")


CRAMP_COLUMNS: tuple[tuple[str, Callable[[CrampRow, dt.tzinfo], str]], ...] = (
    ("When", lambda c, tz: when_text(c.at, tz)),
    ("Muscle", lambda c, tz: muscle_name(c.muscle)),
    ("Side", lambda c, tz: c.side or ""),
    ("Severity", lambda c, tz: "" if c.severity is None else f"{c.severity}/10"),
    ("Helped", lambda c, tz: helped_text(c.helped)),
    ("Note", lambda c, tz: note_cell(c.note)),
)

CRAMP_SAMPLES = ("Wed 30 Sep 2026, 22:40", "Front of thigh", "right", "10/10", "yes")
SESSION_COLUMNS: tuple[tuple[str, Callable[[SessionRow, dt.tzinfo], str]], ...] = (
    ("When", lambda s, tz: when_text(s.started, tz)),
    ("Routine", lambda s, tz: s.routine_name),
    ("Result", lambda s, tz: "done" if s.completed else "stopped early"),
    ("Time", lambda s, tz: seconds_words(s.active_seconds)),
    ("Time to relief", lambda s, tz: "" if s.time_to_relief is None else seconds_words(s.time_to_relief)),
    ("Kind", lambda s, tz: ", ".join(k for k, on in (("bedtime", s.bedtime), ("relief", s.relief)) if on)),
)

SESSION_SAMPLES = ("Wed 30 Sep 2026, 22:40", "A routine with a longer name", "stopped early", "1:00:00", "1:00")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows (newest first) shown through ``columns``; text is made only for the cells on screen."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Row, dt.tzinfo], str]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[tuple[str, Callable[[Row, dt.tzinfo], str]]] = list(columns)
        self._rows: list[Row] = []
        self._tz: dt.tzinfo = dt.UTC

    def set_rows(self, rows: Sequence[Row], tz: dt.tzinfo) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._tz = tz
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def text(self, row: int, column: int) -> str:
        return self._columns[column][1](self._rows[row], self._tz)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and self._columns[index.column()][0] in ("Note", "Routine"):
            item = self._rows[index.row()]
            full = item.note if isinstance(item, CrampRow) else item.routine_name
            return plain_tooltip(full) if full else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None


class RowsView(QTableView):
    """A plain table of rows: whole-row selection, fixed row heights (no measuring thousands of rows).
    ``delete_pressed`` when the Delete key is pressed on it (the page asks before deleting anything)."""

    delete_pressed = Signal()

    def __init__(self, model: RowsModel[Any], name: str, samples: Sequence[str],
                 parent: QWidget | None = None) -> None:
        """``samples``: per column but the last (which stretches), the widest text it is expected to hold."""
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        # The selected row in the theme's accent with its own text colour: left to the style, the text kept
        # the page's colour (cream on the bedtime accent, about 1.5:1).
        self.setStyleSheet("QTableView { selection-background-color: palette(highlight); "
                           "selection-color: palette(highlighted-text); }")
        self.setShowGrid(False)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setAccessibleName(f"{name} columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._samples = list(samples)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their widest expected text or their heading, in the current font (not measured
        over the rows: that would read every one of thousands)."""
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        model = self.model()
        heading = self.horizontalHeader().fontMetrics()
        for column, sample in enumerate(self._samples):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), heading.horizontalAdvance(title) + 12) + 24
            self.setColumnWidth(column, width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None
