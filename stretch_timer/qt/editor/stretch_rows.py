"""The stretch picker's list: the catalog stretches that pass the filters as a list model, and the delegate
that paints each row (picture, name, what it asks for, where it works, a tick when picked).

Split from the dialog so the dialog deals with the person's search and picks, and this with showing rows.
Pictures are looked up and drawn only for the rows on screen, each once per size (the thumbnails' own cache),
so the list opens at once however big the catalog grows. Every word from a stretch file is painted as plain
text, and tooltips are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from stretch_timer.qt.editor.stretch_search import Filters, SearchEntry
from stretch_timer.qt.pages.thumbnail import load_picture
from stretch_timer.qt.theme import picture_tint
from stretch_timer.qt.widgets.labels import plain_tooltip
from stretch_timer.qt.widgets.picture_file import picture_for

_IndexLike = QModelIndex | QPersistentModelIndex


class StretchListModel(QAbstractListModel):
    """The catalog's stretches that pass the filters, in catalog order."""

    def __init__(self, entries: Sequence[SearchEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all = list(entries)
        self.rows = list(entries)
        self._pictures: dict[str, Path | None] = {}

    def picture(self, entry: SearchEntry) -> Path | None:
        """The entry's picture, looked up on first paint: only the rows on screen ask, each once."""
        if entry.id not in self._pictures:
            self._pictures[entry.id] = picture_for(entry.stretch)
        return self._pictures[entry.id]

    def show(self, filters: Filters) -> None:
        self.beginResetModel()
        self.rows = [entry for entry in self.all if filters.accepts(entry)]
        self.endResetModel()

    def rowCount(self, parent: _IndexLike = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.rows)

    def entry(self, index: _IndexLike) -> SearchEntry:
        return self.rows[index.row()]

    def row_of(self, stretch_id: str) -> int:
        for row, entry in enumerate(self.rows):
            if entry.id == stretch_id:
                return row
        return -1

    def data(self, index: _IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.stretch.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.spoken
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return ". ".join(part for part in (entry.what, entry.where) if part)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entry.stretch.name, entry.what, entry.where, *entry.stretch.instructions[:1]]
            return plain_tooltip("\n".join(line for line in lines if line))
        return None


class StretchDelegate(QStyledItemDelegate):
    """A row: the stretch's picture, its name, what it asks for, and its muscles, position and props.

    Sizes follow the view's font, so large type makes rows taller instead of cutting words; text is drawn with
    ``drawText`` (never as markup), in the palette's colours so every theme reads.
    """

    PAD = 8

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name = QFont(option.font)
        name.setBold(True)
        if name.pointSizeF() > 0:
            name.setPointSizeF(name.pointSizeF() * 1.1)
        else:  # a pixel-sized font
            name.setPixelSize(round(name.pixelSize() * 1.1))
        return name, QFont(option.font)

    def thumb_size(self, option: QStyleOptionViewItem) -> int:
        height = QFontMetrics(option.font).height()
        return max(56, min(104, round(height * 3.6)))

    def sizeHint(self, option: QStyleOptionViewItem, index: _IndexLike) -> QSize:
        name_font, detail_font = self._fonts(option)
        text_height = QFontMetrics(name_font).height() + 2 * QFontMetrics(detail_font).height() + 4
        height = max(self.thumb_size(option), text_height) + 2 * self.PAD
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _IndexLike) -> None:
        model = index.model()
        if not isinstance(model, StretchListModel):
            return super().paint(painter, option, index)
        entry = model.entry(index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws the background only: the words are drawn below, as plain text
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect
        palette: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text_colour if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        size = self.thumb_size(option)
        box = QRectF(rect.x() + self.PAD, rect.y() + (rect.height() - size) / 2, size, size)
        self._draw_picture(painter, palette, box, model.picture(entry), widget)

        left = int(box.right()) + 14
        mark_width = QFontMetrics(opt.font).height() * 2
        width = rect.right() - left - mark_width
        name_font, detail_font = self._fonts(option)
        name_metrics, detail_metrics = QFontMetrics(name_font), QFontMetrics(detail_font)
        block = name_metrics.height() + 2 * detail_metrics.height() + 4
        y = rect.y() + (rect.height() - block) // 2
        lines = (
            (name_font, text_colour, entry.stretch.name, name_metrics),
            (detail_font, text_colour, entry.what, detail_metrics),
            (detail_font, muted, entry.where, detail_metrics),
        )
        for font, colour, text, metrics in lines:
            painter.setFont(font)
            painter.setPen(colour)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))
            painter.drawText(QRect(left, y, max(0, width), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            y += metrics.height() + 2
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))  # rows apart, picked ones too
        painter.drawLine(rect.left() + self.PAD, rect.bottom(), rect.right() - self.PAD, rect.bottom())
        if selected:  # a tick as well as the highlight: picked is not told by colour alone
            self._draw_tick(painter, text_colour, QRectF(rect.right() - mark_width, rect.y(), mark_width,
                                                         rect.height()))
        painter.restore()

    @staticmethod
    def _draw_picture(painter: QPainter, palette: QPalette, box: QRectF, path: Path | None,
                      widget: QWidget | None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Window))
        painter.drawRoundedRect(box, 8, 8)
        picture = load_picture(path) if path is not None else None
        if picture is not None and picture.ok:
            nw, nh = picture.natural()
            inner = box.adjusted(4, 4, -4, -4)
            scale = min(inner.width() / nw, inner.height() / nh)
            w, h = max(1, int(nw * scale)), max(1, int(nh * scale))
            ratio = widget.devicePixelRatioF() if widget is not None else 1.0
            pixmap = picture.pixmap(w, h, ratio, picture_tint())
            painter.drawPixmap(QPointF(inner.x() + (inner.width() - w) / 2, inner.y() + (inner.height() - h) / 2),
                               pixmap)
            return
        pen = QPen(palette.color(QPalette.ColorRole.Mid), 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        c, r = box.center(), box.width() * 0.22
        painter.drawEllipse(c, r, r)
        painter.drawLine(QPointF(c.x() - r * 0.45, c.y() + r * 0.15), QPointF(c.x() + r * 0.45, c.y() + r * 0.15))

    @staticmethod
    def _draw_tick(painter: QPainter, colour: QColor, area: QRectF) -> None:
        side = min(area.width(), area.height()) * 0.45
        c = area.center()
        pen = QPen(colour, max(2.0, side / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        points = [QPointF(c.x() - side * 0.4, c.y()), QPointF(c.x() - side * 0.1, c.y() + side * 0.3),
                  QPointF(c.x() + side * 0.45, c.y() - side * 0.35)]
        painter.drawPolyline(points)
