"""The player's drawn signs: the media glyphs on its buttons and the "Muted" badge with its crossed loudspeaker.

Drawn rather than taken from the style, in the widget's own text colour, so they read on light, dark and
bedtime themes alike (the style's stock icons are black). Split from the player's controls, which place and
wire the buttons; this only paints.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from stretch_timer.qt.widgets.labels import role_label


def muted_icon(colour: QColor, size: int, ratio: float = 1.0) -> QPixmap:
    """A loudspeaker with a cross beside it, in ``colour``: the sign for "no sound" on every desktop."""
    px = max(8, round(size * ratio))
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    u = px / 12.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawPolygon(QPolygonF([QPointF(1 * u, 4.2 * u), QPointF(3.4 * u, 4.2 * u), QPointF(6.4 * u, 1.6 * u),
                             QPointF(6.4 * u, 10.4 * u), QPointF(3.4 * u, 7.8 * u), QPointF(1 * u, 7.8 * u)]))
    pen = QPen(colour, 1.3 * u)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(8 * u, 4.3 * u), QPointF(11.2 * u, 7.7 * u))
    p.drawLine(QPointF(11.2 * u, 4.3 * u), QPointF(8 * u, 7.7 * u))
    p.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class MutedBadge(QFrame):
    """A quiet chip with a crossed loudspeaker and the word "Muted", shown while this run makes no sound."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mutedBadge")
        self.setAccessibleName("Muted")
        self.setAccessibleDescription("Sound is off for this routine (M turns it back on)")
        self.setToolTip("Sound is off for this routine (M)")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 12, 2)
        layout.setSpacing(6)
        self.icon = QLabel(self)
        self.text = role_label("Muted", parent=self)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self.setStyleSheet(
            "QFrame#mutedBadge { border: 2px solid palette(window-text); border-radius: 8px; }"
            "QFrame#mutedBadge QLabel { border: none; background: transparent; }"
        )
        self.hide()

    def apply_font(self, font: QFont) -> None:
        self.text.setFont(font)
        self._draw_icon()

    def _draw_icon(self) -> None:
        size = self.text.fontMetrics().height()
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        self.icon.setPixmap(muted_icon(colour, size, self.devicePixelRatioF()))

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.PaletteChange:
            self._draw_icon()


def glyph_icon(kind: str, colour: QColor, size: int, ratio: float = 1.0) -> QIcon:
    """A simple media glyph ("play", "pause", "back", "skip", "restart", "stop") in the button's text colour,
    so it reads on light, dark and bedtime themes alike (the style's stock icons are black)."""
    px = max(8, round(size * ratio))
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    u = px / 12.0

    def triangle(x0: float, x1: float) -> None:  # pointing right, from x0 to x1
        p.drawPolygon(QPolygonF([QPointF(x0 * u, 2 * u), QPointF(x1 * u, 6 * u), QPointF(x0 * u, 10 * u)]))

    if kind == "play":
        triangle(3, 10.5)
    elif kind == "pause":
        p.drawRoundedRect(QRectF(2.5 * u, 2 * u, 2.6 * u, 8 * u), 0.6 * u, 0.6 * u)
        p.drawRoundedRect(QRectF(6.9 * u, 2 * u, 2.6 * u, 8 * u), 0.6 * u, 0.6 * u)
    elif kind == "stop":
        p.drawRoundedRect(QRectF(2.5 * u, 2.5 * u, 7 * u, 7 * u), 1.0 * u, 1.0 * u)
    elif kind == "skip":
        triangle(1.5, 6.5)
        triangle(6, 10.5)
    elif kind == "back":
        p.translate(px, 0)
        p.scale(-1, 1)
        triangle(1.5, 6.5)
        triangle(6, 10.5)
    elif kind == "restart":
        pen = QPen(colour, 1.5 * u)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(2 * u, 2.2 * u, 8 * u, 8 * u), 100 * 16, 290 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([QPointF(4.2 * u, 0.4 * u), QPointF(7.6 * u, 2.3 * u), QPointF(4.4 * u, 4.6 * u)]))
    p.end()
    pixmap.setDevicePixelRatio(ratio)
    return QIcon(pixmap)
