"""The History page's two charts: cramps per week and the median time to relief per week (last 12 weeks).

QtCharts draws in its own colours (a white plot, grey grid) whatever the application's palette says, so each
chart takes its colours from the widget's palette (the theme: light, dark or bedtime) and takes them again on
every palette change. A chart is built once and only its values change when the history does; a week with no
relief timed is a gap (no bar), never a zero. What a chart shows is also its accessible description, week by
week, for those who cannot see it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget


def week_label(monday: dt.date) -> str:
    """ "3 Nov": a week by its Monday."""
    return f"{monday.day} {monday.strftime('%b')}"


def axis_label(monday: dt.date) -> str:
    """The week under its bar, on two lines so twelve fit ("3", "Nov" under it). QtCharts reads axis labels
    as HTML; these are only digits and month names. The month is on every label: categories must differ, and
    two Mondays 28 days apart share their day number."""
    return f"{monday.day}<br>{monday.strftime('%b')}"


def _nice_top(value: float, steps: int = 4) -> float:
    """A round upper bound for the value axis (at least ``steps``, so ticks land on whole numbers)."""
    if value <= steps:
        return float(steps)
    raw = value / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude * steps
    return value  # pragma: no cover - the loop always returns


class WeeklyChart(QChartView):
    """A bar per week; ``set_weeks([(monday, value or None), ...])``. ``unit`` labels the value axis ticks."""

    def __init__(self, name: str, *, unit: str = "", value_word: str = "", parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self._chart = chart
        self._unit = unit
        self._value_word = value_word
        self.setAccessibleName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        chart.legend().hide()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 8, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._set = QBarSet(name)
        self._series = QBarSeries()
        self._series.setBarWidth(0.7)
        self._series.append(self._set)
        chart.addSeries(self._series)
        self._x = QBarCategoryAxis()
        self._y = QValueAxis()
        self._y.setLabelFormat(f"%d{unit}" if unit else "%d")
        self._y.setRange(0, 4)
        self._y.setTickCount(5)
        chart.addAxis(self._x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self._y, Qt.AlignmentFlag.AlignLeft)
        self._series.attachAxis(self._x)
        self._series.attachAxis(self._y)
        self._weeks: list[tuple[dt.date, float | None]] = []
        self._recolour()

    # --- values ----------------------------------------------------------------------------------------

    def set_weeks(self, weeks: Sequence[tuple[dt.date, float | None]]) -> None:
        weeks = list(weeks)
        if weeks == self._weeks:
            return
        self._weeks = weeks
        labels = [axis_label(monday) for monday, _v in weeks]
        values = [0.0 if value is None else float(value) for _m, value in weeks]
        if self._x.categories() != labels:
            self._x.setCategories(labels)
        if self._set.count() == len(values):
            for k, value in enumerate(values):
                if self._set.at(k) != value:
                    self._set.replace(k, value)
        else:
            self._set.remove(0, self._set.count())
            self._set.append(values)
        top = _nice_top(max(values, default=0.0))
        self._y.setRange(0, top)
        self.setAccessibleDescription(self.described())

    def weeks(self) -> list[tuple[dt.date, float | None]]:
        return list(self._weeks)

    def described(self) -> str:
        """The chart in words: "week of 3 Nov: 2; week of 10 Nov: none timed; …"."""
        parts = []
        for monday, value in self._weeks:
            if value is None:
                said = f"no {self._value_word}" if self._value_word else "none"
            else:
                said = f"{round(value)}{self._unit}"
            parts.append(f"week of {week_label(monday)}: {said}")
        return "; ".join(parts)

    # --- colours ---------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._recolour()

    def _recolour(self) -> None:
        palette = self.palette()
        roles = QPalette.ColorRole
        surface = palette.color(roles.Base)
        text = palette.color(roles.WindowText)
        muted = palette.color(roles.PlaceholderText)
        grid = palette.color(roles.Mid)
        bar = palette.color(roles.Highlight)
        chart = self._chart
        chart.setBackgroundBrush(surface)
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setPlotAreaBackgroundVisible(False)
        self.setBackgroundBrush(surface)
        font = QFont(self.font())
        for axis in (self._x, self._y):
            axis.setLabelsColor(text)
            axis.setLabelsFont(font)
            axis.setLinePen(QPen(muted, 1))
            axis.setGridLinePen(QPen(grid, 1))
        self._x.setGridLineVisible(False)
        self._set.setColor(bar)
        self._set.setBorderColor(QColor(bar))
        self._set.setLabelColor(text)
