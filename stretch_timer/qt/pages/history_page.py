"""The History page: what the person has done for their legs, and the cramp diary they can take to a doctor.

The bedtime streak (a big number, said kindly), a month calendar marking the nights a bedtime routine was done
and the days a cramp was logged, cramps per week and the median time to relief over the last 12 weeks (charts
in the theme's colours), the routines run most, and the past cramps and sessions as tables. The page only
shows what it is given (``show_history``) and asks for everything else through signals: logging a cramp,
exporting, deleting one entry or clearing all (both asked first, here), going back.

Ten years of history must show in well under a frame budget's worth of work: only the visible month and the
last 12 weeks are computed and drawn, and the tables are model/view. With no history at all there are no
empty charts, only a friendly line and the way to log a first cramp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.history import stats
from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.core.muscles import muscle_name
from stretch_timer.qt.pages.cramp_list import (
    CRAMP_COLUMNS,
    CRAMP_SAMPLES,
    SESSION_COLUMNS,
    SESSION_SAMPLES,
    RowsModel,
    RowsView,
    when_text,
)
from stretch_timer.qt.pages.history_calendar import MonthCalendar
from stretch_timer.qt.widgets.labels import role_label, scaled_font

WEEKS = 12
EMPTY_TEXT = ("Nothing here yet. Your routines will show up here after you run them, and you can keep a diary "
              "of your cramps to see how they change — or to show your doctor.")


def streak_words(nights: int) -> str:
    if nights == 0:
        return "No bedtime streak yet: tonight can be the first night."
    if nights == 1:
        return "night with a bedtime routine. A good start."
    return "nights in a row with a bedtime routine."


def _panel(parent: QWidget, title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setProperty("role", "panel")
    frame.setAccessibleName(title)
    column = QVBoxLayout(frame)
    column.setContentsMargins(16, 12, 16, 12)
    column.setSpacing(8)
    heading = role_label(title, "heading", parent=frame)
    heading.setAccessibleName(f"{title} heading")
    column.addWidget(heading)
    return frame, column


def _button(text: str, parent: QWidget, name: str | None = None, role: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(name or text)
    if role:
        button.setProperty("role", role)
    button.setMinimumHeight(44)
    return button


class HistoryPage(QWidget):
    """``show_history(sessions, cramps, today, tz)``: rows newest first, as the store gives them."""

    log_cramp_requested = Signal()
    export_requested = Signal()
    delete_session_requested = Signal(int)
    delete_cramp_requested = Signal(int)
    clear_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPage")
        self.setAccessibleName("History")
        self._sessions: list[SessionRow] = []
        self._cramps: list[CrampRow] = []
        self._today = dt.date.today()
        self._tz: dt.tzinfo = dt.UTC
        self.boxes: list[QMessageBox] = []
        self.cramps_chart = None
        self.relief_chart = None

        root = QVBoxLayout(self)
        root.setContentsMargins(28, 18, 28, 14)
        root.setSpacing(12)
        bar = QHBoxLayout()
        self.back_button = _button("Back", self, "Back")
        self.back_button.clicked.connect(self.back_requested)
        title = role_label("History", "title", parent=self)
        title.setAccessibleName("History title")
        self.log_button = _button("Log a cramp…", self, "Log a cramp", "primary")
        self.export_button = _button("Export CSV…", self, "Export CSV")
        self.clear_button = _button("Clear all…", self, "Clear all")
        self.log_button.clicked.connect(self.log_cramp_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.clear_button.clicked.connect(self._ask_clear)
        bar.addWidget(self.back_button)
        bar.addSpacing(12)
        bar.addWidget(title)
        bar.addStretch(1)
        for button in (self.export_button, self.clear_button, self.log_button):
            bar.addWidget(button)
        root.addLayout(bar)

        self.stack = QStackedWidget(self)
        root.addWidget(self.stack, 1)
        self.empty_view = self._build_empty()
        self.stack.addWidget(self.empty_view)
        self.content = self._build_content()
        self.stack.addWidget(self.content)
        self.stack.setCurrentWidget(self.empty_view)
        self._show_buttons(empty=True)
        self._apply_fonts()

    # --- building ---------------------------------------------------------------------------------------

    def _build_empty(self) -> QWidget:
        view = QWidget(self)
        outer = QHBoxLayout(view)
        middle = QWidget(view)
        middle.setMaximumWidth(720)
        outer.addStretch(1)
        outer.addWidget(middle, 20)
        outer.addStretch(1)
        column = QVBoxLayout(middle)
        column.addStretch(1)
        # A wrapped label given an alignment in its layout is squeezed to its narrowest and cut off: it fills
        # the middle column instead and centres its own text.
        self.empty_label = role_label(EMPTY_TEXT, wrap=True, parent=middle)
        self.empty_label.setAccessibleName("No history yet")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_log_button = _button("Log a cramp…", middle, "Log a cramp", "primary")
        self.empty_log_button.clicked.connect(self.log_cramp_requested)
        column.addWidget(self.empty_label)
        column.addSpacing(16)
        column.addWidget(self.empty_log_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        return view

    def _build_content(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)
        inner = QWidget(scroll)
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)

        streak, column = _panel(inner, "Bedtime streak")
        self.streak_number = role_label("0", parent=streak)
        self.streak_number.setAccessibleName("Streak nights")
        self.streak_words = role_label("", wrap=True, parent=streak)
        self.streak_words.setAccessibleName("Streak")
        column.addWidget(self.streak_number)
        column.addWidget(self.streak_words)
        column.addStretch(1)
        routines, column = _panel(inner, "Most used routines")
        self.routines_label = role_label("", wrap=True, parent=routines)
        self.routines_label.setAccessibleName("Most used routines list")
        column.addWidget(self.routines_label)
        column.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(streak)
        left.addWidget(routines, 1)
        grid.addLayout(left, 0, 0)

        month, column = _panel(inner, "Calendar")
        self.calendar = MonthCalendar(month)
        self.calendar.month_requested.connect(self._show_month)
        column.addWidget(self.calendar)
        column.addStretch(1)
        grid.addWidget(month, 0, 1)

        self.charts_box = QVBoxLayout()
        self.charts_box.setSpacing(14)
        grid.addLayout(self.charts_box, 0, 2)
        # The calendar keeps its own size and the charts take the rest: twelve weeks' labels need the width
        # (in large type too).
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 0)
        grid.setColumnStretch(2, 3)

        diary, column = _panel(inner, "Diary")
        self.tabs = QTabWidget(diary)
        self.tabs.setAccessibleName("Diary tabs")
        self.cramp_model: RowsModel[CrampRow] = RowsModel(CRAMP_COLUMNS, self)
        self.cramp_table = RowsView(self.cramp_model, "Past cramps", CRAMP_SAMPLES, self.tabs)
        self.session_model: RowsModel[SessionRow] = RowsModel(SESSION_COLUMNS, self)
        self.session_table = RowsView(self.session_model, "Past sessions", SESSION_SAMPLES, self.tabs)
        self.tabs.addTab(self.cramp_table, "Cramps")
        self.tabs.addTab(self.session_table, "Sessions")
        for table in (self.cramp_table, self.session_table):
            table.setMinimumHeight(220)
            table.selectionModel().selectionChanged.connect(self._update_delete)
            table.delete_pressed.connect(self._ask_delete)
        self.tabs.currentChanged.connect(self._update_delete)
        column.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.delete_button = _button("Delete…", diary, "Delete selected entry")
        self.delete_button.clicked.connect(self._ask_delete)
        row.addWidget(self.delete_button)
        column.addLayout(row)
        grid.addWidget(diary, 1, 0, 1, 3)
        grid.setRowStretch(1, 1)
        scroll.setWidget(inner)
        self._inner = inner
        return scroll

    def _build_charts(self) -> None:
        """The charts, the first time there is something to chart (QtCharts costs to load and build)."""
        from stretch_timer.qt.pages.history_charts import WeeklyChart

        for title, attr, chart in (
            ("Cramps per week", "cramps_chart", WeeklyChart("Cramps per week", value_word="cramps")),
            ("Median time to relief", "relief_chart",
             WeeklyChart("Median time to relief per week", unit=" s", value_word="relief timed")),
        ):
            frame, column = _panel(self._inner, title)
            chart.setParent(frame)
            chart.setMinimumHeight(170)
            column.addWidget(chart, 1)
            self.charts_box.addWidget(frame, 1)
            setattr(self, attr, chart)

    def _show_buttons(self, *, empty: bool) -> None:
        self.log_button.setVisible(not empty)
        self.export_button.setVisible(not empty)
        self.clear_button.setVisible(not empty)

    def _font(self, scale: float, *, bold: bool = False) -> QFont:
        return scaled_font(self, scale, bold=bold)

    def _apply_fonts(self) -> None:
        self.empty_label.setFont(self._font(1.3))
        self.streak_number.setFont(self._font(3.2, bold=True))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()

    # --- showing ---------------------------------------------------------------------------------------

    def show_history(self, sessions: Sequence[SessionRow], cramps: Sequence[CrampRow], today: dt.date,
                     tz: dt.tzinfo) -> None:
        """Shows ``sessions`` and ``cramps`` (newest first) as of ``today`` in the time zone ``tz``."""
        self._sessions, self._cramps = list(sessions), list(cramps)
        self._today, self._tz = today, tz
        empty = not self._sessions and not self._cramps
        self._show_buttons(empty=empty)
        if empty:
            self.stack.setCurrentWidget(self.empty_view)
            self.empty_log_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.cramps_chart is None:
            self._build_charts()
        self.stack.setCurrentWidget(self.content)

        nights = stats.bedtime_streak(self._sessions, today, tz)
        self.streak_number.setText(str(nights) if nights else "")
        self.streak_number.setVisible(nights > 0)
        self.streak_words.setText(streak_words(nights))
        self.streak_number.setAccessibleName("Streak nights")
        self.streak_words.setAccessibleName(f"Bedtime streak: {nights} night{'s' if nights != 1 else ''}")

        used = stats.most_used_routines(self._sessions, limit=5)
        self.routines_label.setText(
            "\n".join(f"{name} — {count} time{'s' if count != 1 else ''}" for _rid, name, count in used)
            or "No routines run yet.")

        # Newest first: the last row of each is its oldest.
        first = min([s.started for s in self._sessions[-1:]] + [c.at for c in self._cramps[-1:]])
        first_local = first.astimezone(tz)
        self.calendar.set_range((first_local.year, first_local.month), (today.year, today.month))
        shown = (self.calendar.year, self.calendar.month)
        if not (self.calendar.earliest <= shown <= self.calendar.latest) or not self.isVisible():
            shown = (today.year, today.month)
        self._show_month(*shown)

        assert self.cramps_chart is not None and self.relief_chart is not None
        self.cramps_chart.set_weeks(stats.cramps_per_week(self._cramps, WEEKS, today, tz))
        self.relief_chart.set_weeks(stats.median_relief_per_week(self._sessions, WEEKS, today, tz))

        self.cramp_model.set_rows(self._cramps, tz)
        self.session_model.set_rows(self._sessions, tz)
        self._update_delete()

    def _show_month(self, year: int, month: int) -> None:
        marks = stats.month_calendar(self._sessions, self._cramps, year, month, self._tz)
        self.calendar.show_month(year, month, marks, self._today)

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_view

    # --- deleting --------------------------------------------------------------------------------------

    def selected(self) -> CrampRow | SessionRow | None:
        """The entry selected in the table on show (a cramp or a session), if any."""
        if self.tabs.currentWidget() is self.cramp_table:
            row = self.cramp_table.selected_row()
            return None if row is None else self.cramp_model.row_at(row)
        row = self.session_table.selected_row()
        return None if row is None else self.session_model.row_at(row)

    def _update_delete(self, *_args: object) -> None:
        self.delete_button.setEnabled(self.selected() is not None)

    def _box(self, title: str, text: str, yes: str, no: str) -> tuple[QMessageBox, QPushButton]:
        box = QMessageBox(QMessageBox.Icon.Question, title, "", QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # routine names and notes are the person's own text
        box.setText(text)
        box.setAccessibleName(title)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        accept = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        accept.setAccessibleName(yes)
        keep = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        keep.setAccessibleName(no)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.boxes.append(box)
        box.finished.connect(lambda _r: self.boxes.remove(box) if box in self.boxes else None)
        return box, accept

    def _ask_delete(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if isinstance(entry, CrampRow):
            what = f"the cramp of {when_text(entry.at, self._tz)} ({muscle_name(entry.muscle)})"
            title, signal = "Delete this cramp?", self.delete_cramp_requested
        else:
            what = f"the session of {when_text(entry.started, self._tz)} ({entry.routine_name})"
            title, signal = "Delete this session?", self.delete_session_requested
        box, accept = self._box(title, f"This deletes {what} from your history.", "Delete", "Keep it")
        entry_id = entry.id
        box.buttonClicked.connect(lambda button: signal.emit(entry_id) if button is accept else None)
        box.open()

    def _ask_clear(self) -> None:
        box, accept = self._box("Clear all history?", "This deletes every session and every cramp in your "
                                "history.", "Clear all…", "Keep my history")
        box.buttonClicked.connect(lambda button: self._ask_clear_again() if button is accept else None)
        box.open()

    def _ask_clear_again(self) -> None:
        sessions, cramps = len(self._sessions), len(self._cramps)
        box, accept = self._box(
            "Delete everything for good?",
            f"{sessions} session{'s' if sessions != 1 else ''} and {cramps} cramp{'s' if cramps != 1 else ''} "
            "will be gone and cannot be brought back. To keep a copy for your doctor, choose Export CSV… first.",
            "Delete everything", "Keep my history")
        box.buttonClicked.connect(lambda button: self.clear_requested.emit() if button is accept else None)
        box.open()

    def routine_lines(self) -> list[str]:
        text = self.routines_label.text()
        return text.splitlines() if text else []

