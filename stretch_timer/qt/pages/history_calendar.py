"""One month of the history as a calendar: the nights a bedtime routine was done, the days a cramp was logged.

A grid of 42 plain labels built once and refilled per month (cheaper than QCalendarWidget's per-day formats,
and each day can carry its own accessible name: "3 November: bedtime routine done, 1 cramp logged"). The
marks are a symbol and a colour both, so neither colour nor shape alone carries the meaning. Previous/next
month ask the page (``month_requested``) for that month's marks; the page only ever computes one month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from stretch_timer.qt.widgets.labels import role_label

BEDTIME_MARK = "☾"
CRAMP_MARK = "●"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_CELL_STYLE = """
QLabel[day="none"] { color: palette(placeholder-text); }
QLabel[day] { border-radius: 6px; padding: 2px; }
QLabel[day="bedtime"], QLabel[day="both"] { background: palette(alternate-base); border: 1px solid palette(highlight); }
QLabel[today="yes"] { border: 2px solid palette(window-text); }
"""


class Mark(Protocol):
    """What a calendar needs of a day (``DayMark`` of the statistics)."""

    @property
    def date(self) -> dt.date: ...
    @property
    def bedtime(self) -> bool: ...
    @property
    def cramps(self) -> int: ...


def day_words(mark: Mark) -> str:
    """ "3 November: bedtime routine done, 2 cramps logged" (or "nothing logged")."""
    said = []
    if mark.bedtime:
        said.append("bedtime routine done")
    if mark.cramps:
        said.append(f"{mark.cramps} cramp{'s' if mark.cramps != 1 else ''} logged")
    return f"{mark.date.day} {mark.date.strftime('%B')}: {', '.join(said) or 'nothing logged'}"


def cell_text(mark: Mark) -> str:
    marks = (BEDTIME_MARK if mark.bedtime else "") + (CRAMP_MARK if mark.cramps else "")
    if mark.cramps > 1:
        marks += str(mark.cramps)
    return f"{mark.date.day}\n{marks or ' '}"


class MonthCalendar(QWidget):
    """``show_month(year, month, marks, today)``; asks for another month with ``month_requested(year, month)``."""

    month_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Month calendar")
        self.setStyleSheet(_CELL_STYLE)
        self.year, self.month = 2000, 1
        self.earliest: tuple[int, int] = (2000, 1)
        self.latest: tuple[int, int] = (2000, 1)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(6)
        head = QHBoxLayout()
        self.previous_button = QPushButton("‹", self)
        self.previous_button.setAccessibleName("Previous month")
        self.previous_button.setToolTip("Previous month")
        self.next_button = QPushButton("›", self)
        self.next_button.setAccessibleName("Next month")
        self.next_button.setToolTip("Next month")
        self.title = role_label("", "heading", parent=self)
        self.title.setAccessibleName("Month")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        head.addWidget(self.previous_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.next_button)
        root.addLayout(head)
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        grid = QGridLayout()
        grid.setSpacing(3)
        for column, name in enumerate(WEEKDAYS):
            label = role_label(name, "muted", parent=self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, column)
        self.cells: list[QLabel] = []
        for k in range(42):
            cell = role_label("", parent=self)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setMinimumSize(40, 40)
            grid.addWidget(cell, 1 + k // 7, k % 7)
            self.cells.append(cell)
        root.addLayout(grid)
        legend = role_label(f"{BEDTIME_MARK} bedtime routine done\n{CRAMP_MARK} cramp logged", "muted",
                            wrap=True, parent=self)
        legend.setAccessibleName("Calendar key")
        root.addWidget(legend)

    def set_range(self, earliest: tuple[int, int], latest: tuple[int, int]) -> None:
        """The months that can be shown (the first one with any history, and this month)."""
        self.earliest, self.latest = min(earliest, latest), latest

    def _step(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        year, month = divmod(index, 12)
        if self.earliest <= (year, month + 1) <= self.latest:
            self.month_requested.emit(year, month + 1)

    def show_month(self, year: int, month: int, marks: Sequence[Mark], today: dt.date) -> None:
        self.year, self.month = year, month
        self.title.setText(f"{calendar.month_name[month]} {year}")
        self.title.setAccessibleName(f"Month: {calendar.month_name[month]} {year}")
        self.previous_button.setEnabled((year, month) > self.earliest)
        self.next_button.setEnabled((year, month) < self.latest)
        lead = dt.date(year, month, 1).weekday()
        by_day = {mark.date.day: mark for mark in marks}
        for k, cell in enumerate(self.cells):
            number = k - lead + 1
            mark = by_day.get(number)
            if mark is None:
                cell.setText("")
                cell.setAccessibleName("")
                state = "blank"
                is_today = False
            else:
                cell.setText(cell_text(mark))
                cell.setAccessibleName(day_words(mark))
                state = {(True, True): "both", (True, False): "bedtime", (False, True): "cramp"}.get(
                    (mark.bedtime, mark.cramps > 0), "none")
                is_today = mark.date == today
            if cell.property("day") != state or cell.property("today") != ("yes" if is_today else "no"):
                cell.setProperty("day", state)
                cell.setProperty("today", "yes" if is_today else "no")
                cell.style().unpolish(cell)
                cell.style().polish(cell)

    def day_names(self) -> list[str]:
        """Each day's accessible name, in order (for tests and screen readers)."""
        return [cell.accessibleName() for cell in self.cells if cell.accessibleName()]
