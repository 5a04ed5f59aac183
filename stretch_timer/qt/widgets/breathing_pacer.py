"""A breathing pacer: a soft circle that grows as you breathe in and shrinks as you breathe out.

For progressive muscle relaxation it shows a ring instead: tight and heavy while tensing, loosening and
widening while relaxing. The pacer has no timer of its own: the page calls ``set_state(kind, fraction)`` on
each display tick with the phase kind and the fraction of the phase already elapsed (from the session).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.core.plan import PhaseKind

SMALL = 0.38
"""Circle size (fraction of the largest) at the bottom of a breath."""
TIGHT = 0.46
"""Ring size while tensing."""
LOOSE = 0.92
"""Ring size at the end of relaxing."""

WORDS: dict[PhaseKind, str] = {
    PhaseKind.INHALE: "Breathe in",
    PhaseKind.BREATH_HOLD: "Hold",
    PhaseKind.EXHALE: "Breathe out",
    PhaseKind.PAUSE: "Pause",
    PhaseKind.TENSE: "Tense",
    PhaseKind.RELAX: "Relax",
}

PMR_KINDS = frozenset({PhaseKind.TENSE, PhaseKind.RELAX})


def _ease(fraction: float) -> float:
    """Slow at both ends, like a breath."""
    f = min(1.0, max(0.0, fraction))
    return (1 - math.cos(math.pi * f)) / 2


def _mix(colour: QColor, background: QColor, amount: float) -> QColor:
    """``colour`` laid over ``background`` at ``amount`` opacity, as one opaque colour."""
    return QColor.fromRgbF(
        colour.redF() * amount + background.redF() * (1 - amount),
        colour.greenF() * amount + background.greenF() * (1 - amount),
        colour.blueF() * amount + background.blueF() * (1 - amount),
    )


def pacer_scale(kind: PhaseKind | None, fraction: float) -> float:
    """Size of the circle (or ring) as a fraction of the largest, for a phase ``fraction`` elapsed."""
    if kind is PhaseKind.INHALE:
        return SMALL + (1 - SMALL) * _ease(fraction)
    if kind is PhaseKind.BREATH_HOLD:
        return 1.0
    if kind is PhaseKind.EXHALE:
        return 1.0 - (1 - SMALL) * _ease(fraction)
    if kind is PhaseKind.TENSE:
        # Squeeze in over the first fifth of the phase, then hold tight.
        return LOOSE - (LOOSE - TIGHT) * _ease(min(1.0, fraction * 5))
    if kind is PhaseKind.RELAX:
        return TIGHT + (LOOSE - TIGHT) * _ease(fraction)
    return SMALL


class BreathingPacer(QWidget):
    """A calm visual for breathing and PMR phases; ``set_state(kind, fraction)`` drives it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: PhaseKind | None = None
        self._fraction = 0.0
        self._scale = SMALL
        self._drawn: tuple[int, str, bool] | None = None  # what the last update() asked to show
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # It paints its own background, so a breath repaints only the circle's square, not the page behind.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Breathing pacer")
        self.setAccessibleDescription("")

    @property
    def kind(self) -> PhaseKind | None:
        return self._kind

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def label(self) -> str:
        return WORDS.get(self._kind, "") if self._kind is not None else ""

    @property
    def is_relaxation(self) -> bool:
        return self._kind in PMR_KINDS

    def set_state(self, kind: PhaseKind | None, fraction: float) -> None:
        """Show ``kind`` at ``fraction`` (0..1) of the way through; repaints only when it visibly changes."""
        self._kind, self._fraction = kind, min(1.0, max(0.0, fraction))
        self._scale = pacer_scale(kind, self._fraction)
        label = self.label
        if label != self.accessibleDescription():
            self.setAccessibleDescription(label)
        look = (round(self._radius(self._scale) * 2), label, self.is_relaxation)  # half-pixel steps
        if look != self._drawn:
            same_words = self._drawn is not None and self._drawn[1:] == look[1:]
            self._drawn = look
            if same_words:  # only the circle moved: repaint the square around the larger of the two
                self.update(self._circle_square())
            else:
                self.update()

    def _circle_square(self) -> QRect:
        """Everything a breath can change: the square of the full-size circle (the word is inside it)."""
        full = self._max_radius() + 3
        centre = QPointF(self.width() / 2, self.height() / 2)
        return QRectF(centre.x() - full, centre.y() - full, 2 * full, 2 * full).toAlignedRect()

    def _max_radius(self) -> float:
        return max(10.0, min(self.width(), self.height()) / 2 - 4)

    def _radius(self, scale: float) -> float:
        return self._max_radius() * scale

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._drawn = None  # the next set_state repaints at the new size (Qt repaints now anyway)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Window))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, self.height() / 2)
        full = self._max_radius()
        radius = self._radius(self._scale)
        window = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        # Soft colours are mixed with the background up front: opaque fills are several times cheaper to
        # paint than translucent ones, and this repaints ten times a second while breathing.

        # A faint guide for the largest size, so the growth has something to grow towards.
        guide = _mix(palette.color(QPalette.ColorRole.Mid), window, 0.5)
        painter.setPen(QPen(guide, max(1.0, full * 0.012), Qt.PenStyle.DashLine if self.is_relaxation
                            else Qt.PenStyle.SolidLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, full, full)

        if self.is_relaxation:
            tense = self._kind is PhaseKind.TENSE
            width = full * (0.16 if tense else 0.045)
            painter.setPen(QPen(_mix(accent, window, 0.95 if tense else 0.7), width))
            painter.setBrush(_mix(accent, window, 0.18 if tense else 0.08))
            r = max(1.0, radius - width / 2)
            painter.drawEllipse(centre, r, r)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_mix(accent, window, 0.25))
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(_mix(accent, window, 0.55))
            painter.drawEllipse(centre, radius * 0.72, radius * 0.72)

        label = self.label
        if label:
            font = QFont(self.font())
            font.setPixelSize(max(12, int(full * 0.16)))
            font.setBold(True)
            metrics = QFontMetricsF(font)
            if metrics.horizontalAdvance(label) > full * 1.7:
                font.setPixelSize(max(10, int(font.pixelSize() * full * 1.7 / metrics.horizontalAdvance(label))))
            painter.setFont(font)
            painter.setPen(text_colour)
            box = QRectF(centre.x() - full, centre.y() - full, 2 * full, 2 * full)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
