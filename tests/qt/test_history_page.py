"""The History page shows the streak, the calendar and the weekly figures of seeded history, read in the
person's time zone across a month boundary and a daylight-saving change; the person's own text stays plain;
deleting and clearing ask first and name the right entry; an empty history is a friendly line, not empty
charts.

Seeded in Europe/Berlin, where summer time ended on Sunday 25 October 2026 (03:00 CEST -> 02:00 CET), and "today"
is Monday 2 November 2026: bedtime routines every night from 20 October to 1 November, across both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QMessageBox, QTableView

from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.qt.pages.history_page import HistoryPage
from stretch_timer.qt.theme import BEDTIME, DARK, LIGHT, PICTURE_TINT_PROPERTY, Appearance, Theme, apply_theme

from .conftest import find

pytestmark = pytest.mark.gui

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 2)
UTC = dt.UTC


def local(y: int, m: int, d: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Berlin wall-clock time, handed to the page in UTC (the page must convert it back)."""
    return dt.datetime(y, m, d, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def session(sid: int, start: dt.datetime, *, bedtime: bool = True, completed: bool = True,
            relief: float | None = None, rid: str = "bedtime", name: str = "Bedtime stretches") -> SessionRow:
    return SessionRow(sid, rid, name, "bundled", start, start + dt.timedelta(minutes=8), completed, 480.0, 480.0,
                      0.0, bedtime, relief is not None, relief, ())


def cramp(cid: int, at: dt.datetime, note: str = "", muscle: str = "calf") -> CrampRow:
    return CrampRow(cid, at, muscle, "left", 6, True, note, None)


def seeded() -> tuple[list[SessionRow], list[CrampRow]]:
    sessions = [session(1, local(2026, 10, 17, 22, 30)),  # before the gap on the 18th: not in the streak
                session(2, local(2026, 10, 19, 22, 30), completed=False)]  # stopped early: no night
    sid = 3
    day = dt.date(2026, 10, 20)
    while day <= dt.date(2026, 11, 1):
        if day == dt.date(2026, 10, 28):  # after midnight: still the night of the 28th
            start = local(2026, 10, 29, 0, 40)
        else:
            start = local(day.year, day.month, day.day, 22, 30)
        sessions.append(session(sid, start))
        sid += 1
        day += dt.timedelta(days=1)
    sessions += [
        session(90, local(2026, 10, 21, 3, 0), bedtime=False, relief=40.0, rid="calf", name="Calf <b>relief</b>"),
        session(91, local(2026, 10, 22, 3, 0), bedtime=False, relief=80.0, rid="calf", name="Calf <b>relief</b>"),
        session(92, local(2026, 10, 30, 2, 0), bedtime=False, relief=None, rid="calf", name="Calf <b>relief</b>"),
    ]
    cramps = [
        cramp(1, local(2026, 10, 21, 2, 55), "woke me"),
        cramp(2, local(2026, 10, 22, 2, 55)),
        # 00:30 CET on Monday 26 October is 23:30 UTC on Sunday: it belongs to the week of the 26th.
        cramp(3, local(2026, 10, 26, 0, 30)),
        cramp(4, local(2026, 10, 31, 23, 50), "<b>markup</b>, \"quoted\"\nsecond line"),
        # 00:30 on Monday 2 November is Sunday evening in UTC: this week, and a November day.
        cramp(5, local(2026, 11, 2, 0, 30), muscle="hamstring"),
    ]
    sessions.sort(key=lambda s: s.started, reverse=True)
    cramps.sort(key=lambda c: c.at, reverse=True)
    return sessions, cramps


@pytest.fixture
def page(qtbot: Any) -> HistoryPage:
    widget = HistoryPage()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    sessions, cramps = seeded()
    widget.show_history(sessions, cramps, TODAY, BERLIN)
    QApplication.processEvents()
    return widget


def box_named(name: str) -> QMessageBox:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.accessibleName() == name and widget.isVisible():
            return widget
    raise LookupError(f"no message box {name!r} open")


def press(qtbot: Any, box: QMessageBox, name: str) -> None:
    button = find(box, name, QAbstractButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_the_streak_counts_nights_across_the_dst_change_and_the_month_boundary(page: HistoryPage) -> None:
    # 20 October to 1 November: 13 nights; tonight's routine is still to come, so the streak holds.
    assert find(page, "Bedtime streak: 13 nights").text() == "nights in a row with a bedtime routine."
    assert find(page, "Streak nights").text() == "13"
    sessions, cramps = seeded()
    tonight = session(99, local(2026, 11, 2, 22, 15))
    page.show_history([tonight, *sessions], cramps, TODAY, BERLIN)
    assert find(page, "Streak nights").text() == "14"
    page.show_history(sessions, cramps, TODAY + dt.timedelta(days=2), BERLIN)  # two nights missed
    assert find(page, "Bedtime streak: 0 nights").text().startswith("No bedtime streak yet")


def test_the_calendar_marks_days_in_the_persons_time_zone_and_turns_back_a_month(qtbot: Any,
                                                                                 page: HistoryPage) -> None:
    assert find(page, "Month: November 2026").text() == "November 2026"
    days = page.calendar.day_names()
    assert len(days) == 30
    assert days[0] == "1 November: bedtime routine done"
    assert days[1] == "2 November: 1 cramp logged"  # 00:30 local, the evening before in UTC
    assert days[2] == "3 November: nothing logged"
    assert not find(page, "Next month").isEnabled()  # nothing after this month

    qtbot.mouseClick(find(page, "Previous month"), Qt.MouseButton.LeftButton)
    assert find(page, "Month: October 2026").text() == "October 2026"
    october = page.calendar.day_names()
    assert october[16] == "17 October: bedtime routine done"
    assert october[17] == "18 October: nothing logged"
    assert october[18] == "19 October: nothing logged"  # stopped early: no bedtime routine done
    assert october[24] == "25 October: bedtime routine done"  # the night the clocks went back
    assert october[25] == "26 October: bedtime routine done, 1 cramp logged"
    assert october[27] == "28 October: bedtime routine done"  # its routine began at 00:40 on the 29th
    assert october[30] == "31 October: bedtime routine done, 1 cramp logged"
    assert find(page, "Next month").isEnabled()
    assert not find(page, "Previous month").isEnabled()  # October is where the history starts


def test_weekly_counts_and_median_relief_use_local_weeks(page: HistoryPage) -> None:
    assert page.cramps_chart is not None and page.relief_chart is not None
    cramps = dict(page.cramps_chart.weeks())
    assert len(cramps) == 12
    assert cramps[dt.date(2026, 10, 19)] == 2
    assert cramps[dt.date(2026, 10, 26)] == 2  # Monday 00:30 CET and Saturday 23:50
    assert cramps[dt.date(2026, 11, 2)] == 1
    assert sum(cramps.values()) == 5
    relief = dict(page.relief_chart.weeks())
    assert relief[dt.date(2026, 10, 19)] == 60.0  # the median of 40 s and 80 s
    assert relief[dt.date(2026, 10, 26)] is None  # a relief run that never let go: a gap, not 0
    chart = find(page, "Median time to relief per week", QChartView)
    assert "week of 19 Oct: 60 s" in chart.accessibleDescription()
    assert "week of 26 Oct: no relief timed" in chart.accessibleDescription()
    assert "week of 26 Oct: 2" in find(page, "Cramps per week", QChartView).accessibleDescription()


def test_the_persons_text_shows_literally(page: HistoryPage) -> None:
    table = find(page, "Past cramps", QTableView)
    assert table.model().rowCount() == 5
    newest = [table.model().index(0, c).data() for c in range(6)]
    assert newest[:5] == ["Mon 2 Nov 2026, 00:30", "Hamstring", "left", "6/10", "yes"]
    note = table.model().index(1, 5).data()
    assert note == '<b>markup</b>, "quoted" / second line'
    assert "&lt;b&gt;" in table.model().index(1, 5).data(Qt.ItemDataRole.ToolTipRole)  # escaped, so shown as is
    routines = find(page, "Most used routines list")
    assert routines.textFormat() == Qt.TextFormat.PlainText
    assert page.routine_lines() == ["Bedtime stretches — 15 times", "Calf <b>relief</b> — 3 times"]


def test_deleting_a_cramp_asks_first_and_names_its_id(qtbot: Any, page: HistoryPage) -> None:
    deleted: list[int] = []
    page.delete_cramp_requested.connect(deleted.append)
    page.delete_session_requested.connect(lambda sid: deleted.append(-sid))
    delete = find(page, "Delete selected entry")
    assert not delete.isEnabled()  # nothing selected
    find(page, "Past cramps", QTableView).selectRow(1)
    assert delete.isEnabled()
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    box = box_named("Delete this cramp?")
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "Sat 31 Oct 2026, 23:50" in box.text()
    press(qtbot, box, "Keep it")
    assert deleted == []
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    press(qtbot, box_named("Delete this cramp?"), "Delete")
    assert deleted == [4]


def test_deleting_a_session_asks_first_and_names_its_id(qtbot: Any, page: HistoryPage) -> None:
    deleted: list[int] = []
    page.delete_session_requested.connect(deleted.append)
    page.delete_cramp_requested.connect(lambda cid: deleted.append(-cid))
    page.tabs.setCurrentWidget(page.session_table)
    table = find(page, "Past sessions", QTableView)
    table.selectRow(0)  # the newest: 1 November, 22:30
    qtbot.mouseClick(find(page, "Delete selected entry"), Qt.MouseButton.LeftButton)
    box = box_named("Delete this session?")
    assert "Sun 1 Nov 2026, 22:30 (Bedtime stretches)" in box.text()
    press(qtbot, box, "Keep it")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # the key asks just the same
    press(qtbot, box_named("Delete this session?"), "Delete")
    assert deleted == [15]


def test_clear_all_asks_twice_in_plain_words(qtbot: Any, page: HistoryPage) -> None:
    cleared: list[bool] = []
    page.clear_requested.connect(lambda: cleared.append(True))
    clear = find(page, "Clear all")
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    press(qtbot, box_named("Clear all history?"), "Keep my history")
    assert cleared == []
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    press(qtbot, box_named("Clear all history?"), "Clear all…")
    second = box_named("Delete everything for good?")
    assert "18 sessions and 5 cramps" in second.text()
    assert cleared == []
    press(qtbot, second, "Delete everything")
    assert cleared == [True]


def test_the_buttons_ask_for_what_they_say(qtbot: Any, page: HistoryPage) -> None:
    said: list[str] = []
    page.log_cramp_requested.connect(lambda: said.append("log"))
    page.export_requested.connect(lambda: said.append("export"))
    page.back_requested.connect(lambda: said.append("back"))
    for name in ("Log a cramp", "Export CSV", "Back"):
        qtbot.mouseClick(find(page, name), Qt.MouseButton.LeftButton)
    assert said == ["log", "export", "back"]


def test_every_control_has_an_accessible_name(page: HistoryPage) -> None:
    kinds = (QAbstractButton, QAbstractItemView, QChartView)
    unnamed = [type(w).__name__ for kind in kinds for w in page.findChildren(kind)
               if w.isVisible() and not w.accessibleName() and w.parent() is not None
               and type(w).__name__ not in ("QTableCornerButton",)]
    assert unnamed == []


def test_an_empty_history_is_a_friendly_line_and_a_way_to_log_a_cramp(qtbot: Any) -> None:
    page = HistoryPage()
    qtbot.addWidget(page)
    page.show()
    page.show_history([], [], TODAY, BERLIN)
    assert "Nothing here yet" in find(page, "No history yet").text()
    assert page.cramps_chart is None  # no empty charts built or shown
    assert not page.findChildren(QChartView)
    for name in ("Export CSV", "Clear all"):
        with pytest.raises(LookupError):
            find(page, name)
    asked: list[bool] = []
    page.log_cramp_requested.connect(lambda: asked.append(True))
    qtbot.mouseClick(find(page, "Log a cramp"), Qt.MouseButton.LeftButton)
    assert asked == [True]
    sessions, cramps = seeded()
    page.show_history(sessions, cramps, TODAY, BERLIN)
    assert not page.is_empty()
    page.show_history([], [], TODAY, BERLIN)  # cleared: back to the friendly line
    assert find(page, "No history yet").isVisible()


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[Theme], None]]:
    """Apply a theme to the whole application, as the settings do; put back what it changed afterwards."""
    saved = (qapp.palette(), qapp.font(), qapp.styleSheet(), qapp.property(PICTURE_TINT_PROPERTY))

    def apply(theme: Theme) -> None:
        apply_theme(qapp, theme, appearance=Appearance(base_font=QFont(saved[1])))

    yield apply
    palette, font, sheet, tint = saved
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setProperty(PICTURE_TINT_PROPERTY, tint)


@pytest.mark.parametrize("theme", [DARK, BEDTIME], ids=lambda t: t.name)
def test_the_charts_take_the_themes_colours(page: HistoryPage, themed: Callable[[Theme], None],
                                            theme: Theme) -> None:
    themed(LIGHT)
    themed(theme)  # switched while the page is up
    QApplication.processEvents()
    assert page.cramps_chart is not None
    chart = page.cramps_chart.chart()
    assert chart.backgroundBrush().color().name() == theme.surface  # no white chart on a dark page
    axis = chart.axes(Qt.Orientation.Vertical)[0]
    assert axis.labelsBrush().color().name() == theme.text
    bars = chart.series()[0].barSets()[0]
    assert bars.color().name() == theme.accent
    drawn = page.cramps_chart.grab().toImage()
    assert drawn.pixelColor(3, 3).name() == theme.surface

def test_late_bedtimes_west_of_utc_stay_on_their_own_night(qtbot: Any) -> None:
    """New York, where summer time ended on Sunday 1 November 2026: 23:30 there is already the next day in
    UTC (04:30 once the clocks went back), yet each routine is the night it was done on."""
    york = ZoneInfo("America/New_York")
    nights = [dt.date(2026, 10, 25) + dt.timedelta(days=k) for k in range(10)]  # 25 October to 3 November
    sessions = [session(k, dt.datetime.combine(night, dt.time(23, 30), tzinfo=york).astimezone(UTC))
                for k, night in enumerate(nights)]
    sessions.reverse()
    page = HistoryPage()
    qtbot.addWidget(page)
    page.show()
    page.show_history(sessions, [], dt.date(2026, 11, 4), york)
    assert find(page, "Streak nights").text() == "10"
    november = page.calendar.day_names()
    assert november[0] == "1 November: bedtime routine done"
    assert november[3] == "4 November: nothing logged"
